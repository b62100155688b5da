/*
 * prio.c - priority scheduling, with optional round robin and aging.
 *
 * Each task has a priority (`priority` in its [task] or [group]); the ready
 * task with the most urgent one runs (Silberschatz, "Operating System
 * Concepts", 10th ed., 5.3.4; Stallings, "Operating Systems", 9th ed., 9.2;
 * Tanenbaum, "Modern Operating Systems", 4th ed., 2.4.3). The conventions
 * that change textbook answers are parameters (docs/scenario-format.md):
 *
 *   order      low-first (default): a smaller number is more urgent, as in
 *              Silberschatz and Linux real-time priorities; high-first: a
 *              larger number is.
 *   preemptive false (default): the running task keeps the CPU until it
 *              blocks or exits; true: a task becoming ready with a strictly
 *              more urgent priority takes the CPU at once.
 *   rr_quantum 0 (default): equal priorities are served first come, first
 *              served; Q: they take turns of at most Q (Silberschatz's
 *              "priority with round robin"), and a task alone at its level
 *              simply gets another turn. A task preempted by a more urgent
 *              one keeps its place at the head of its level and the rest of
 *              its turn, as in Linux's SCHED_RR.
 *   aging      0 (default): none; A: a waiting task becomes one step more
 *              urgent for every A it has been waiting (Silberschatz 5.3.4's
 *              remedy for starvation); its priority is its own again once
 *              it runs. With preemptive = true the check is repeated every A,
 *              so an aged task can preempt.
 *
 * Silberschatz's (burst, priority) = (10,3) (1,1) (2,4) (1,5) (5,2) run
 * P2 P5 P1 P3 P4 and wait 8.2 ms on average.
 *
 * Ties: among equal (aged) priorities, the order in which the tasks became
 * ready (for tasks with one burst: earlier arrival, then the order of the
 * file). With aging the order changes as time passes, so the pick scans
 * every ready task: O(n) per decision.
 */
#include "base/units.h"
#include "policy/fifo.h"
#include "policy/policy.h"

enum { PRIO_LOW_FIRST, PRIO_HIGH_FIRST };

struct prio_conf {
	int order;	       /* PRIO_LOW_FIRST or PRIO_HIGH_FIRST */
	bool preemptive;       /* a more urgent arrival preempts */
	sim_time_t rr_quantum; /* turns among equals; 0: none */
	sim_time_t aging;      /* one step more urgent per this much waiting; 0: none */
};

struct prio_task {
	struct fifo_node node;
	uint64_t seq;	       /* when it joined its level's line */
	sim_time_t slice_left; /* of its round-robin turn; 0: a whole one */
	bool keep_seq;	       /* taken off by aging: keeps its place */
};

struct prio_rq {
	struct fifo ready;
	uint64_t next_seq;
	int64_t picked_urgency; /* for explain */
};

/* The task's own priority as an urgency: smaller is more urgent. */
static int64_t prio_base(const struct prio_conf *conf, const struct task *t)
{
	return conf->order == PRIO_LOW_FIRST ? (int64_t)t->priority : -(int64_t)t->priority;
}

/* A ready task's urgency, aged by its wait. */
static int64_t prio_urgency(const struct prio_conf *conf, const struct task *t, sim_time_t now)
{
	int64_t u = prio_base(conf, t);

	if (conf->aging > 0 && now > t->ready_since)
		u -= (now - t->ready_since) / conf->aging;
	return u;
}

static void prio_enqueue(struct rq *rq, struct task *t, unsigned flags)
{
	struct prio_rq *q = rq->priv;
	struct prio_task *pt = t->priv;

	pt->node.task = t;
	if (!(flags & ENQ_PREEMPTED) && !pt->keep_seq)
		pt->seq = q->next_seq++;
	pt->keep_seq = false;
	fifo_push_tail(&q->ready, &pt->node);
}

static void prio_dequeue(struct rq *rq, const struct task *t, unsigned flags)
{
	struct prio_rq *q = rq->priv;
	struct prio_task *pt = t->priv;

	fifo_remove(&q->ready, &pt->node);
}

/* The most urgent ready task, or NULL. */
static struct fifo_node *prio_best(const struct rq *rq, int64_t *urgency)
{
	const struct prio_conf *conf = rq->policy->conf;
	const struct prio_rq *q = rq->priv;
	struct fifo_node *best = NULL;
	int64_t bu = 0;

	for (struct fifo_node *n = q->ready.head; n; n = n->next) {
		int64_t u = prio_urgency(conf, n->task, rq->now);
		const struct prio_task *a = n->task->priv;

		if (!best || u < bu ||
		    (u == bu && a->seq < ((const struct prio_task *)best->task->priv)->seq)) {
			best = n;
			bu = u;
		}
	}
	*urgency = bu;
	return best;
}

static struct task *prio_pick_next(struct rq *rq)
{
	struct prio_rq *q = rq->priv;
	struct fifo_node *best = prio_best(rq, &q->picked_urgency);

	if (!best)
		return NULL;
	fifo_remove(&q->ready, best);
	return best->task;
}

static void prio_put_prev(struct rq *rq, const struct task *t, sim_time_t ran)
{
	struct prio_task *pt = t->priv;

	/* A turn ends with the burst or when used up; a preempted task keeps the rest. */
	if (t->remaining == 0 || ran >= pt->slice_left)
		pt->slice_left = 0;
	else
		pt->slice_left -= ran;
}

static sim_time_t prio_slice(const struct rq *rq, const struct task *t)
{
	const struct prio_conf *conf = rq->policy->conf;
	struct prio_task *pt = t->priv;

	if (!conf->rr_quantum)
		return SIM_TIME_INF;
	if (!pt->slice_left)
		pt->slice_left = conf->rr_quantum;
	return pt->slice_left;
}

static int64_t prio_urgency_of(const struct policy *p, int32_t prio)
{
	const struct prio_conf *conf = p->conf;

	return conf->order == PRIO_LOW_FIRST ? (int64_t)prio : -(int64_t)prio;
}

static bool prio_wakeup_preempt(const struct rq *rq, const struct task *curr,
				const struct task *woken)
{
	const struct prio_conf *conf = rq->policy->conf;

	return conf->preemptive && prio_urgency(conf, woken, rq->now) < prio_base(conf, curr);
}

static sim_time_t prio_tick_period(const struct policy *p)
{
	const struct prio_conf *conf = p->conf;

	return conf->preemptive ? conf->aging : 0;
}

/* Aging with preemption: has a waiting task become more urgent than curr? */
static bool prio_tick(struct rq *rq, const struct task *curr)
{
	const struct prio_conf *conf = rq->policy->conf;
	struct prio_task *pt = curr->priv;
	int64_t u;

	if (!prio_best(rq, &u) || u >= prio_base(conf, curr))
		return false;
	pt->keep_seq = true;
	return true;
}

static void prio_explain(const struct rq *rq, const struct task *picked, GString *why)
{
	const struct prio_conf *conf = rq->policy->conf;
	const struct prio_rq *q = rq->priv;
	int64_t base;

	if (!picked) {
		g_string_append(why, "prio: ready queue empty");
		return;
	}
	base = prio_base(conf, picked);
	g_string_append_printf(why, "prio: most urgent priority %d (%s)", picked->priority,
			       conf->order == PRIO_LOW_FIRST ? "low-first" : "high-first");
	if (q->picked_urgency != base)
		g_string_append_printf(why, ", aged %" G_GINT64_FORMAT " steps",
				       base - q->picked_urgency);
	g_string_append_printf(why, " (%u waiting)", q->ready.len);
	if (conf->rr_quantum) {
		g_string_append(why, "; turn ");
		units_time(why, prio_slice(rq, picked));
	}
}

static const char *const prio_orders[] = { "low-first", "high-first", NULL };

static const struct param prio_params[] = {
	{
		.name = "order",
		.type = PARAM_ENUM,
		.def = "low-first",
		.help = "low-first: a smaller priority number is more urgent; high-first: larger",
		.offset = offsetof(struct prio_conf, order),
		.choices = prio_orders,
	},
	{
		.name = "preemptive",
		.type = PARAM_BOOL,
		.def = "false",
		.help = "a task becoming ready with a more urgent priority preempts at once",
		.offset = offsetof(struct prio_conf, preemptive),
	},
	{
		.name = "rr_quantum",
		.type = PARAM_DURATION,
		.def = "0",
		.help = "round robin among equal priorities with this quantum; 0: first come first "
			"served",
		.offset = offsetof(struct prio_conf, rr_quantum),
	},
	{
		.name = "aging",
		.type = PARAM_DURATION,
		.def = "0",
		.help = "a waiting task gains one step of urgency per this much waiting; 0: no "
			"aging",
		.offset = offsetof(struct prio_conf, aging),
	},
	{ 0 },
};

const struct policy_ops prio_policy = {
	.name = "prio",
	.summary = "priority scheduling: optional preemption, round robin among equals, aging",
	.params = prio_params,
	.conf_size = sizeof(struct prio_conf),
	.rq_priv_size = sizeof(struct prio_rq),
	.task_priv_size = sizeof(struct prio_task),
	.enqueue = prio_enqueue,
	.dequeue = prio_dequeue,
	.pick_next = prio_pick_next,
	.put_prev = prio_put_prev,
	.slice = prio_slice,
	.wakeup_preempt = prio_wakeup_preempt,
	.tick_period = prio_tick_period,
	.tick = prio_tick,
	.explain = prio_explain,
	.urgency = prio_urgency_of,
};
