/*
 * rr.c - round robin.
 *
 * Ready tasks wait in one FIFO (Silberschatz 10th ed., 5.3.3; OSTEP ch. 7).
 * The head runs for at most one quantum; if it is still runnable when the
 * quantum expires it goes to the tail. A task that blocks before its quantum
 * is over gives up the rest of it; the next time it runs it gets a whole new
 * quantum.
 *
 * One convention changes textbook answers (a parameter, as every such
 * convention is; docs/scenario-format.md): when a task arrives
 * (or wakes) at the very instant another's quantum expires, which of the two
 * goes first in the queue?
 *
 *   new_first = true  (default; Stallings, "Operating Systems", 9th ed. 9.2):
 *                     the newcomer, then the preempted task.
 *   new_first = false (the order OSTEP's examples use): the preempted task
 *                     goes before every task that became ready at that
 *                     instant.
 *
 * The core re-queues an expired task only when it dispatches, after every
 * arrival of that instant, so `true` is a plain append and `false` walks back
 * over the tasks queued at this very instant.
 *
 * The default quantum is 100 ms, the Linux SCHED_RR time slice
 * (RR_TIMESLICE in include/linux/sched/rt.h).
 */
#include "base/units.h"
#include "policy/fifo.h"
#include "policy/policy.h"

struct rr_conf {
	sim_time_t quantum; /* longest run before the task goes to the tail */
	bool new_first;	    /* arrivals at an expiry go before the expired task */
};

struct rr_task {
	struct fifo_node node;
	bool fresh; /* queued as NEW or WAKEUP (not expired or yielded) */
};

struct rr_rq {
	struct fifo ready;
};

static void rr_enqueue(struct rq *rq, struct task *t, unsigned flags)
{
	const struct rr_conf *conf = rq->policy->conf;
	struct rr_rq *q = rq->priv;
	struct rr_task *rt = t->priv;
	struct fifo_node *pos = NULL;

	rt->node.task = t;
	rt->fresh = flags & (ENQ_NEW | ENQ_WAKEUP);
	if ((flags & ENQ_EXPIRED) && !conf->new_first) {
		/* Go before the tasks that became ready at this instant. */
		for (struct fifo_node *n = q->ready.tail; n; n = n->prev) {
			const struct rr_task *other = n->task->priv;

			/* ready_since: when the core queued it. */
			if (!other->fresh || n->task->ready_since != rq->now)
				break;
			pos = n;
		}
	}
	fifo_insert_before(&q->ready, pos, &rt->node);
}

static void rr_dequeue(struct rq *rq, const struct task *t, unsigned flags)
{
	struct rr_rq *q = rq->priv;
	struct rr_task *rt = t->priv;

	fifo_remove(&q->ready, &rt->node);
}

static struct task *rr_pick_next(struct rq *rq)
{
	struct rr_rq *q = rq->priv;

	return fifo_pop_head(&q->ready);
}

static sim_time_t rr_slice(const struct rq *rq, const struct task *t)
{
	const struct rr_conf *conf = rq->policy->conf;

	return conf->quantum;
}

/*
 * An arrival (or wakeup) and an expiry at one instant: which went first is
 * new_first's choice, the textbooks' conventions differ (Stallings queues
 * the newcomer first), so the explanation names it when the task behind
 * the pick was queued at this instant the other way.
 */
static void rr_explain_instant(const struct rq *rq, const struct task *picked, GString *why)
{
	const struct rr_rq *q = rq->priv;
	const struct rr_task *p = picked->priv, *n;
	char name[TASK_NAME_MAX];

	if (!q->ready.head || picked->ready_since != rq->now ||
	    q->ready.head->task->ready_since != rq->now)
		return;
	n = q->ready.head->task->priv;
	if (p->fresh == n->fresh)
		return;
	task_format_name(q->ready.head->task, name, sizeof(name));
	if (p->fresh)
		g_string_append_printf(why,
				       "; it became ready as %s's quantum ended, and goes first "
				       "(new_first = true)",
				       name);
	else
		g_string_append_printf(why,
				       "; its quantum ended as %s became ready, and it goes first "
				       "(new_first = false)",
				       name);
}

static void rr_explain(const struct rq *rq, const struct task *picked, GString *why)
{
	const struct rr_conf *conf = rq->policy->conf;
	const struct rr_rq *q = rq->priv;

	if (!picked) {
		g_string_append(why, "rr: ready queue empty");
		return;
	}
	g_string_append(why, "rr: head of the ready queue (");
	g_string_append_printf(why, "%u behind it); quantum ", q->ready.len);
	units_time(why, conf->quantum);
	rr_explain_instant(rq, picked, why);
}

static const struct param rr_params[] = {
	{
		.name = "quantum",
		.type = PARAM_DURATION,
		.def = "100ms",
		.help = "longest run before the task goes to the tail of the queue",
		.offset = offsetof(struct rr_conf, quantum),
		.min = 1,
	},
	{
		.name = "new_first",
		.type = PARAM_BOOL,
		.def = "true",
		.help = "a task arriving as a quantum expires is queued before the expired one",
		.offset = offsetof(struct rr_conf, new_first),
	},
	{ 0 },
};

const struct policy_ops rr_policy = {
	.name = "rr",
	.summary = "round robin: one FIFO, each task runs at most one quantum at a time",
	.params = rr_params,
	.conf_size = sizeof(struct rr_conf),
	.rq_priv_size = sizeof(struct rr_rq),
	.task_priv_size = sizeof(struct rr_task),
	.enqueue = rr_enqueue,
	.dequeue = rr_dequeue,
	.pick_next = rr_pick_next,
	.slice = rr_slice,
	.explain = rr_explain,
};
