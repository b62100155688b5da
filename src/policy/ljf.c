/*
 * ljf.c - longest job first, non-preemptive.
 *
 * The mirror image of SJF, used in exercises to show what SJF saves: when
 * the CPU is free, the ready task with the longest next CPU burst runs until
 * it blocks or exits. It maximises the average waiting time of jobs that are
 * all ready at once, and starves short jobs. (The exercise form of
 * "longest job first" in course notes; it is the worst case of Silberschatz
 * 10th ed. 5.3.2's optimality argument for SJF.)
 *
 * Ties (DESIGN.md 5): earlier arrival first, then the order of the file.
 * The ready tasks wait in a pairing heap keyed by (-length, arrival, id).
 */
#include "base/units.h"
#include "policy/keyq.h"
#include "policy/policy.h"

struct ljf_task {
	struct keyq_node node;
};

struct ljf_rq {
	struct pheap ready;
};

static void ljf_enqueue(struct rq *rq, struct task *t, unsigned flags)
{
	struct ljf_rq *q = rq->priv;
	struct ljf_task *lt = t->priv;

	keyq_push(&q->ready, &lt->node, t, -t->remaining, t->arrival);
}

static void ljf_dequeue(struct rq *rq, struct task *t, unsigned flags)
{
	struct ljf_rq *q = rq->priv;
	struct ljf_task *lt = t->priv;

	keyq_remove(&q->ready, &lt->node);
}

static struct task *ljf_pick_next(struct rq *rq)
{
	struct ljf_rq *q = rq->priv;

	return keyq_pop(&q->ready);
}

static sim_time_t ljf_slice(const struct rq *rq, const struct task *t)
{
	return SIM_TIME_INF;
}

static void ljf_explain(const struct rq *rq, const struct task *picked, GString *why)
{
	const struct ljf_rq *q = rq->priv;

	if (!picked) {
		g_string_append(why, "ljf: ready queue empty");
		return;
	}
	g_string_append(why, "ljf: longest next burst ");
	units_time(why, picked->remaining);
	g_string_append_printf(why, " (%u waiting); runs until it blocks", q->ready.len);
}

static const struct param ljf_params[] = {
	{ NULL },
};

const struct policy_ops ljf_policy = {
	.name = "ljf",
	.summary = "longest job first: the longest next CPU burst runs, to the end",
	.params = ljf_params,
	.rq_priv_size = sizeof(struct ljf_rq),
	.task_priv_size = sizeof(struct ljf_task),
	.enqueue = ljf_enqueue,
	.dequeue = ljf_dequeue,
	.pick_next = ljf_pick_next,
	.slice = ljf_slice,
	.explain = ljf_explain,
};
