/*
 * ljf.c - longest job first and longest remaining time first.
 *
 * The mirror images of SJF and SRTF, used in exercises to show what SJF
 * saves. ljf: when the CPU is free, the ready task with the longest next CPU
 * burst runs until it blocks or exits. It maximises the average waiting time
 * of jobs that are all ready at once, and starves short jobs: the worst case
 * of the exchange argument that proves SJF optimal (Silberschatz, "Operating
 * System Concepts", 10th ed., 5.3.2).
 *
 * lrtf, its preemptive form: the ready task with the most CPU time left in
 * its burst runs. Because the running task's remaining time shrinks while it
 * runs, the choice is made again every `quantum` (the exercises' "at every
 * time unit"; default 1 ms) and when a task becomes ready with strictly more
 * left than the running one. Without the quantum two tasks with equal
 * remaining times would have to alternate infinitely fast. With
 * (arrival, burst) = (0,2) (0,4) (0,8) and quantum 1, P3 runs 0-4, then the
 * three take turns and finish at 12, 13 and 14 (average turnaround 13).
 *
 * Both know the bursts. A task between two bursts (it yielded as a burst
 * ended) counts its next burst as long as its last (policy_need() in
 * policy.h), and a task that yields goes behind the tasks of equal length
 * (keyq.h).
 *
 * Ties: earlier arrival first, then the order of the file. The ready tasks
 * wait in a pairing heap keyed by (-length, arrival, id).
 */
#include "base/units.h"
#include "policy/keyq.h"
#include "policy/policy.h"

struct lrtf_conf {
	sim_time_t quantum; /* how often the choice is made again */
};

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

	if (flags & ENQ_YIELD)
		keyq_push_behind(&q->ready, &lt->node, t, -policy_need(t), rq->now);
	else
		keyq_push(&q->ready, &lt->node, t, -policy_need(t), t->arrival);
}

static void ljf_dequeue(struct rq *rq, const struct task *t, unsigned flags)
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

static sim_time_t lrtf_slice(const struct rq *rq, const struct task *t)
{
	const struct lrtf_conf *conf = rq->policy->conf;

	return conf->quantum;
}

static bool lrtf_wakeup_preempt(const struct rq *rq, const struct task *curr,
				const struct task *woken)
{
	return policy_need(woken) > policy_need(curr);
}

/* Why woken preempts curr: strictly more time left. */
static void lrtf_explain_preempt(const struct rq *rq, const struct task *curr,
				 const struct task *by, GString *why)
{
	char name[TASK_NAME_MAX], own[TASK_NAME_MAX];

	task_format_name(by, name, sizeof(name));
	task_format_name(curr, own, sizeof(own));
	g_string_append_printf(why, "lrtf: %s needs ", name);
	units_time(why, policy_need(by));
	g_string_append(why, ", more than the ");
	units_time(why, policy_need(curr));
	g_string_append_printf(why, " that %s has left", own);
}

/* "LABEL 8.00 ms (2 waiting)". */
static void ljf_explain_key(const struct rq *rq, const struct task *picked, const char *label,
			    GString *why)
{
	const struct ljf_rq *q = rq->priv;

	g_string_append(why, label);
	units_time(why, policy_need(picked));
	if (picked->remaining == 0)
		g_string_append(why, " (between bursts: as long as its last)");
	g_string_append_printf(why, " (%u waiting)", q->ready.len);
	keyq_explain_tie(&q->ready, &((const struct ljf_task *)picked->priv)->node, why);
}

static void ljf_explain(const struct rq *rq, const struct task *picked, GString *why)
{
	if (!picked) {
		g_string_append(why, "ljf: ready queue empty");
		return;
	}
	ljf_explain_key(rq, picked, "ljf: longest next burst ", why);
	g_string_append(why, "; runs until it blocks");
}

static void lrtf_explain(const struct rq *rq, const struct task *picked, GString *why)
{
	const struct lrtf_conf *conf = rq->policy->conf;

	if (!picked) {
		g_string_append(why, "lrtf: ready queue empty");
		return;
	}
	ljf_explain_key(rq, picked, "lrtf: most remaining time ", why);
	g_string_append(why, "; chosen again after ");
	units_time(why, conf->quantum);
}

static const struct param ljf_params[] = {
	{ 0 },
};

static const struct param lrtf_params[] = {
	{
		.name = "quantum",
		.type = PARAM_DURATION,
		.def = "1ms",
		.help = "the choice is made again after this much running",
		.offset = offsetof(struct lrtf_conf, quantum),
		.min = 1,
	},
	{ 0 },
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

const struct policy_ops lrtf_policy = {
	.name = "lrtf",
	.summary = "longest remaining time first: preemptive LJF, re-decided every quantum",
	.params = lrtf_params,
	.conf_size = sizeof(struct lrtf_conf),
	.rq_priv_size = sizeof(struct ljf_rq),
	.task_priv_size = sizeof(struct ljf_task),
	.enqueue = ljf_enqueue,
	.dequeue = ljf_dequeue,
	.pick_next = ljf_pick_next,
	.slice = lrtf_slice,
	.wakeup_preempt = lrtf_wakeup_preempt,
	.explain_preempt = lrtf_explain_preempt,
	.explain = lrtf_explain,
};
