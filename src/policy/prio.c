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
 * file).
 *
 * The queue: a line per priority level, in that order, as the O(1)
 * scheduler of Linux 2.6 kept a list per priority (struct prio_array in
 * kernel/sched.c, found through a bitmap with sched_find_first_bit()). A
 * bitmap needs a small range of priorities (Linux had 140); ours span
 * int32, so the levels that have tasks are kept in a balanced tree by
 * urgency (augtree.h) with the most urgent one cached: the pick is the head
 * of the first level, O(1); queuing finds its level in O(log levels), and
 * is O(1) with every priority equal. A level's line lives in its head
 * task (no allocation), handed on to the next task when the head leaves.
 * A task re-queued with its old place (preempted, or taken off by aging)
 * goes back among its level's line by that place, next to the head.
 *
 * With aging, urgencies change as time passes and a task's level no longer
 * says how urgent it is (a long wait lifts it past more urgent levels, and
 * within a level the longest wait need not be the earliest place), so the
 * pick then scans every ready task, level by level: O(n) per decision, as
 * the textbook remedy asks.
 */
#include "base/units.h"
#include "policy/augtree.h"
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
	struct augtree_node level; /* first: its level's, in the tree, while at its head */
	struct fifo line;	   /* its level's line, while at its head */
	struct fifo_node node;	   /* in its level's line */
	int64_t key;		   /* its level: its own urgency when queued */
	uint64_t seq;		   /* when it joined its level's line */
	uint64_t order;		   /* when it was queued: ties in seq */
	sim_time_t slice_left;	   /* of its round-robin turn; 0: a whole one */
	bool keep_seq;		   /* taken off by aging: keeps its place */
	int32_t own;		   /* its priority when it arrived: inheritance changes t's */
};

struct prio_rq {
	struct augtree levels; /* the heads of the levels with tasks, by key */
	uint32_t nready;       /* tasks in every line */
	uint64_t next_seq;
	uint64_t next_order;
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

static struct prio_task *pt_of_level(const struct augtree_node *n)
{
	return (struct prio_task *)n;
}

static struct prio_task *pt_of(const struct fifo_node *n)
{
	return n->task->priv;
}

static bool prio_level_less(const struct augtree_node *a, const struct augtree_node *b)
{
	return pt_of_level(a)->key < pt_of_level(b)->key;
}

static bool prio_level_update(struct augtree_node *n)
{
	return false; /* nothing cached */
}

/* The head of the level of urgency `key`, or NULL when it has no task. */
static struct prio_task *prio_level(const struct prio_rq *q, int64_t key)
{
	const struct augtree_node *n = q->levels.root;

	while (n) {
		const struct prio_task *h = pt_of_level(n);

		if (key == h->key)
			return (struct prio_task *)h;
		n = key < h->key ? n->left : n->right;
	}
	return NULL;
}

/* Does a come before b in their level's line? Its place, then its queuing. */
static bool prio_line_before(const struct prio_task *a, const struct prio_task *b)
{
	if (a->seq != b->seq)
		return a->seq < b->seq;
	return a->order < b->order;
}

/* nh becomes the head of the level that h headed (nh == NULL: it empties). */
static void prio_new_head(struct prio_rq *q, struct prio_task *h, struct prio_task *nh)
{
	if (!nh) {
		augtree_remove(&q->levels, &h->level, prio_level_update);
		return;
	}
	nh->line = h->line;
	augtree_replace(&q->levels, &h->level, &nh->level, prio_level_update);
}

static void prio_enqueue(struct rq *rq, struct task *t, unsigned flags)
{
	const struct prio_conf *conf = rq->policy->conf;
	struct prio_rq *q = rq->priv;
	struct prio_task *pt = t->priv, *h;
	struct fifo_node *pos;

	pt->node.task = t;
	if (flags & ENQ_NEW)
		pt->own = t->priority;
	if (!(flags & ENQ_PREEMPTED) && !pt->keep_seq)
		pt->seq = q->next_seq++;
	pt->keep_seq = false;
	pt->order = q->next_order++;
	pt->key = prio_base(conf, t);
	q->nready++;
	h = prio_level(q, pt->key);
	if (!h) {
		/* The first task of its level. */
		pt->line = (struct fifo){ 0 };
		fifo_push_tail(&pt->line, &pt->node);
		augtree_insert(&q->levels, &pt->level, prio_level_less, prio_level_update);
		return;
	}
	/* Usually the last place of the line; a task that kept its place goes by it. */
	if (!prio_line_before(pt, pt_of(h->line.tail))) {
		fifo_push_tail(&h->line, &pt->node);
		return;
	}
	for (pos = h->line.head; !prio_line_before(pt, pt_of(pos)); pos = pos->next)
		;
	fifo_insert_before(&h->line, pos, &pt->node);
	if (pos == &h->node)
		prio_new_head(q, h, pt); /* ahead of the head: it heads the level now */
}

/* Take pt, queued, out of its level's line. */
static void prio_unlink(struct prio_rq *q, struct prio_task *pt)
{
	struct prio_task *h = pt->node.prev ? prio_level(q, pt->key) : pt;

	g_assert(h);
	fifo_remove(&h->line, &pt->node);
	if (h == pt)
		prio_new_head(q, h, h->line.head ? pt_of(h->line.head) : NULL);
	q->nready--;
}

static void prio_dequeue(struct rq *rq, const struct task *t, unsigned flags)
{
	prio_unlink(rq->priv, t->priv);
}

/*
 * The most urgent ready task, or NULL: the head of the first level, or with
 * aging the least (aged urgency, place, queuing) of every ready task.
 */
static struct prio_task *prio_best(const struct rq *rq, int64_t *urgency)
{
	const struct prio_conf *conf = rq->policy->conf;
	const struct prio_rq *q = rq->priv;
	const struct augtree_node *l = augtree_first(&q->levels);
	struct prio_task *best = NULL;
	int64_t bu = 0;

	if (!l) {
		*urgency = 0;
		return NULL;
	}
	if (conf->aging <= 0) {
		best = pt_of_level(l);
		*urgency = best->key;
		return best;
	}
	for (; l; l = augtree_next(l)) {
		for (const struct fifo_node *n = pt_of_level(l)->line.head; n; n = n->next) {
			int64_t u = prio_urgency(conf, n->task, rq->now);
			struct prio_task *a = pt_of(n);

			if (!best || u < bu || (u == bu && prio_line_before(a, best))) {
				best = a;
				bu = u;
			}
		}
	}
	*urgency = bu;
	return best;
}

static struct task *prio_pick_next(struct rq *rq)
{
	struct prio_rq *q = rq->priv;
	struct prio_task *best = prio_best(rq, &q->picked_urgency);

	if (!best)
		return NULL;
	prio_unlink(q, best);
	return best->node.task;
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

/* Why woken preempts curr: more urgent than curr's own priority. */
static void prio_explain_preempt(const struct rq *rq, const struct task *curr,
				 const struct task *by, GString *why)
{
	const struct prio_conf *conf = rq->policy->conf;
	int64_t u = prio_urgency(conf, by, rq->now);
	char name[TASK_NAME_MAX];

	task_format_name(by, name, sizeof(name));
	g_string_append_printf(why, "prio: %s's priority %d", name, by->priority);
	if (u != prio_base(conf, by))
		g_string_append_printf(why, ", aged to %" G_GINT64_FORMAT,
				       conf->order == PRIO_LOW_FIRST ? u : -u);
	g_string_append_printf(why, "%sis more urgent than its %d (%s)",
			       u != prio_base(conf, by) ? ", " : " ", curr->priority,
			       conf->order == PRIO_LOW_FIRST ? "low-first" : "high-first");
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

/* An urgency as a priority number of the configured order. */
static int64_t prio_number(const struct prio_conf *conf, int64_t urgency)
{
	return conf->order == PRIO_LOW_FIRST ? urgency : -urgency;
}

/* The aging tick took curr off: a waiting task aged past its priority. */
static bool prio_explain_tick(const struct rq *rq, const struct task *curr, GString *why)
{
	const struct prio_conf *conf = rq->policy->conf;
	const struct prio_task *best;
	char name[TASK_NAME_MAX];
	int64_t u;

	best = prio_best(rq, &u);
	if (!best || u >= prio_base(conf, curr))
		return false;
	task_format_name(best->node.task, name, sizeof(name));
	g_string_append_printf(
		why,
		"prio: %s, priority %d aged %" G_GINT64_FORMAT " step%s to %" G_GINT64_FORMAT
		" by its wait (one per ",
		name, best->node.task->priority, prio_base(conf, best->node.task) - u,
		prio_base(conf, best->node.task) - u == 1 ? "" : "s", prio_number(conf, u));
	units_time(why, conf->aging);
	g_string_append_printf(why, "), is now more urgent than its priority %d (%s)",
			       curr->priority,
			       conf->order == PRIO_LOW_FIRST ? "low-first" : "high-first");
	return true;
}

static void prio_explain(const struct rq *rq, const struct task *picked, GString *why)
{
	const struct prio_conf *conf = rq->policy->conf;
	const struct prio_rq *q = rq->priv;
	const struct prio_task *next;
	int64_t base, next_urgency;

	if (!picked) {
		g_string_append(why, "prio: ready queue empty");
		return;
	}
	base = prio_base(conf, picked);
	g_string_append_printf(why, "prio: most urgent priority %d (%s)", picked->priority,
			       conf->order == PRIO_LOW_FIRST ? "low-first" : "high-first");
	if (q->picked_urgency != base)
		g_string_append_printf(
			why, ", aged %" G_GINT64_FORMAT " step%s to %" G_GINT64_FORMAT,
			base - q->picked_urgency, base - q->picked_urgency == 1 ? "" : "s",
			prio_number(conf, q->picked_urgency));
	if (picked->priority != ((const struct prio_task *)picked->priv)->own)
		g_string_append_printf(
			why, ", inherited from a task waiting for a lock it holds (its own is %d)",
			((const struct prio_task *)picked->priv)->own);
	g_string_append_printf(why, " (%u waiting)", q->nready);
	/* A tie: the next pick would be as urgent; the line decided. */
	next = prio_best(rq, &next_urgency);
	if (next && next_urgency == q->picked_urgency) {
		char name[TASK_NAME_MAX];

		task_format_name(next->node.task, name, sizeof(name));
		g_string_append_printf(
			why, "; ties with %s, which is behind it in its level's line", name);
	}
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
	.explain_preempt = prio_explain_preempt,
	.tick_period = prio_tick_period,
	.tick = prio_tick,
	.explain_tick = prio_explain_tick,
	.explain = prio_explain,
	.urgency = prio_urgency_of,
};
