/*
 * lrtf.c - longest remaining time first, preemptive.
 *
 * The mirror image of SRTF, a classic of exercise sheets: the ready task
 * with the most CPU time left in its burst runs. Because the running task's
 * remaining time shrinks while it runs, the choice is made again every
 * `quantum` (the exercises' "at every time unit"; default 1 ms) and when a
 * task becomes ready with strictly more left than the running one. Without
 * the quantum two tasks with equal remaining times would have to alternate
 * infinitely fast.
 *
 * Ties (DESIGN.md 5): earlier arrival first, then the order of the file; so
 * with (arrival, burst) = (0,2) (0,4) (0,8) and quantum 1, P3 runs 0-4, then
 * the three take turns and finish at 12, 13 and 14 (average turnaround 13).
 */
#include "base/units.h"
#include "policy/keyq.h"
#include "policy/policy.h"

struct lrtf_conf {
	sim_time_t quantum; /* how often the choice is made again */
};

struct lrtf_task {
	struct keyq_node node;
};

struct lrtf_rq {
	struct pheap ready;
};

static void lrtf_enqueue(struct rq *rq, struct task *t, unsigned flags)
{
	struct lrtf_rq *q = rq->priv;
	struct lrtf_task *lt = t->priv;

	keyq_push(&q->ready, &lt->node, t, -t->remaining, t->arrival);
}

static void lrtf_dequeue(struct rq *rq, struct task *t, unsigned flags)
{
	struct lrtf_rq *q = rq->priv;
	struct lrtf_task *lt = t->priv;

	keyq_remove(&q->ready, &lt->node);
}

static struct task *lrtf_pick_next(struct rq *rq)
{
	struct lrtf_rq *q = rq->priv;

	return keyq_pop(&q->ready);
}

static sim_time_t lrtf_slice(const struct rq *rq, const struct task *t)
{
	const struct lrtf_conf *conf = rq->policy->conf;

	return conf->quantum;
}

static bool lrtf_wakeup_preempt(const struct rq *rq, const struct task *curr,
				const struct task *woken)
{
	return woken->remaining > curr->remaining;
}

static void lrtf_explain(const struct rq *rq, const struct task *picked, GString *why)
{
	const struct lrtf_conf *conf = rq->policy->conf;
	const struct lrtf_rq *q = rq->priv;

	if (!picked) {
		g_string_append(why, "lrtf: ready queue empty");
		return;
	}
	g_string_append(why, "lrtf: most remaining time ");
	units_time(why, picked->remaining);
	g_string_append_printf(why, " (%u waiting); chosen again after ", q->ready.len);
	units_time(why, conf->quantum);
}

static const struct param lrtf_params[] = {
	{
		.name = "quantum",
		.type = PARAM_DURATION,
		.def = "1ms",
		.help = "the choice is made again after this much running",
		.offset = offsetof(struct lrtf_conf, quantum),
		.min = 1,
	},
	{ NULL },
};

const struct policy_ops lrtf_policy = {
	.name = "lrtf",
	.summary = "longest remaining time first: preemptive LJF, re-decided every quantum",
	.params = lrtf_params,
	.conf_size = sizeof(struct lrtf_conf),
	.rq_priv_size = sizeof(struct lrtf_rq),
	.task_priv_size = sizeof(struct lrtf_task),
	.enqueue = lrtf_enqueue,
	.dequeue = lrtf_dequeue,
	.pick_next = lrtf_pick_next,
	.slice = lrtf_slice,
	.wakeup_preempt = lrtf_wakeup_preempt,
	.explain = lrtf_explain,
};
