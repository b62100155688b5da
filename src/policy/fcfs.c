/*
 * fcfs.c - first come, first served.
 *
 * The oldest scheduling discipline (Silberschatz, "Operating System
 * Concepts", 10th ed., 5.3.1; OSTEP ch. 7 "FIFO"): ready tasks wait in one
 * FIFO in the order they became ready and the head runs until it blocks or
 * exits. Nothing is ever preempted, so a long task at the head makes every
 * short one behind it wait: the convoy effect. A task that yields goes to
 * the tail like any task that becomes ready.
 *
 * Ties: tasks that become ready at the same instant are queued in the order
 * the core hands them over, which is arrival order, then file order.
 */
#include "policy/fifo.h"
#include "policy/policy.h"

struct fcfs_task {
	struct fifo_node node;
};

struct fcfs_rq {
	struct fifo ready;
};

static void fcfs_enqueue(struct rq *rq, struct task *t, unsigned flags)
{
	struct fcfs_rq *q = rq->priv;
	struct fcfs_task *ft = t->priv;

	ft->node.task = t;
	fifo_push_tail(&q->ready, &ft->node);
}

static void fcfs_dequeue(struct rq *rq, const struct task *t, unsigned flags)
{
	struct fcfs_rq *q = rq->priv;
	struct fcfs_task *ft = t->priv;

	fifo_remove(&q->ready, &ft->node);
}

static struct task *fcfs_pick_next(struct rq *rq)
{
	struct fcfs_rq *q = rq->priv;

	return fifo_pop_head(&q->ready);
}

static sim_time_t fcfs_slice(const struct rq *rq, const struct task *t)
{
	return SIM_TIME_INF;
}

static void fcfs_explain(const struct rq *rq, const struct task *picked, GString *why)
{
	const struct fcfs_rq *q = rq->priv;

	if (!picked) {
		g_string_append(why, "fcfs: ready queue empty");
		return;
	}
	g_string_append_printf(
		why, "fcfs: first in the ready queue (%u behind it); runs until it blocks",
		q->ready.len);
}

static const struct param fcfs_params[] = {
	{ 0 },
};

const struct policy_ops fcfs_policy = {
	.name = "fcfs",
	.summary = "first come, first served: one FIFO, run until block or exit",
	.params = fcfs_params,
	.conf_size = 0,
	.rq_priv_size = sizeof(struct fcfs_rq),
	.task_priv_size = sizeof(struct fcfs_task),
	.enqueue = fcfs_enqueue,
	.dequeue = fcfs_dequeue,
	.pick_next = fcfs_pick_next,
	.slice = fcfs_slice,
	.explain = fcfs_explain,
};
