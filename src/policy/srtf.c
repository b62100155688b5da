/*
 * srtf.c - shortest remaining time first (preemptive SJF).
 *
 * The ready task with the least CPU time left in its burst runs; when a task
 * becomes ready with *strictly* less left than the running task, it
 * preempts it (Silberschatz, "Operating System Concepts", 10th ed., 5.3.2;
 * Stallings, "Operating Systems", 9th ed., 9.2 "Shortest Remaining Time";
 * OSTEP ch. 7 "Shortest Time-to-Completion First"). On one CPU and with
 * every burst known it minimises the average turnaround of CPU-only jobs.
 * Silberschatz's (arrival, burst) = (0,8) (1,4) (2,9) (3,5) gives
 * P1 0-1, P2 1-5, P4 5-10, P1 10-17, P3 17-26: 6.5 ms average waiting.
 *
 * An equal remaining time does not preempt (DESIGN.md 5): a switch that
 * gains nothing is not taken. Ties in the queue: earlier arrival first,
 * then the order of the file.
 *
 * The remaining time is known (`predict = known`) or guessed
 * (`predict = exp_avg`: the exponential average of the task's past bursts,
 * less what it has run of this one; predict.h).
 */
#include "base/units.h"
#include "policy/keyq.h"
#include "policy/policy.h"
#include "policy/predict.h"

struct srtf_conf {
	struct predict_conf pc;
};

struct srtf_task {
	struct keyq_node node;
	struct predict_task pred;
};

struct srtf_rq {
	struct pheap ready;
};

static void srtf_enqueue(struct rq *rq, struct task *t, unsigned flags)
{
	const struct srtf_conf *conf = rq->policy->conf;
	struct srtf_rq *q = rq->priv;
	struct srtf_task *st = t->priv;

	keyq_push(&q->ready, &st->node, t, predict_remaining(&conf->pc, &st->pred, t), t->arrival);
}

static void srtf_dequeue(struct rq *rq, struct task *t, unsigned flags)
{
	struct srtf_rq *q = rq->priv;
	struct srtf_task *st = t->priv;

	keyq_remove(&q->ready, &st->node);
}

static struct task *srtf_pick_next(struct rq *rq)
{
	struct srtf_rq *q = rq->priv;

	return keyq_pop(&q->ready);
}

static void srtf_put_prev(struct rq *rq, struct task *t, sim_time_t ran)
{
	const struct srtf_conf *conf = rq->policy->conf;
	struct srtf_task *st = t->priv;

	predict_put_prev(&conf->pc, &st->pred, t);
}

static sim_time_t srtf_slice(const struct rq *rq, const struct task *t)
{
	return SIM_TIME_INF;
}

static bool srtf_wakeup_preempt(const struct rq *rq, const struct task *curr,
				const struct task *woken)
{
	const struct srtf_conf *conf = rq->policy->conf;
	const struct srtf_task *c = curr->priv, *w = woken->priv;

	return predict_remaining(&conf->pc, &w->pred, woken) <
	       predict_remaining(&conf->pc, &c->pred, curr);
}

static void srtf_explain(const struct rq *rq, const struct task *picked, GString *why)
{
	const struct srtf_conf *conf = rq->policy->conf;
	const struct srtf_rq *q = rq->priv;
	const struct srtf_task *st;

	if (!picked) {
		g_string_append(why, "srtf: ready queue empty");
		return;
	}
	st = picked->priv;
	g_string_append(why, conf->pc.predict == PREDICT_KNOWN
				     ? "srtf: least remaining time "
				     : "srtf: least predicted remaining time ");
	units_time(why, st->node.key);
	g_string_append_printf(why, " (%u waiting); a strictly shorter arrival preempts",
			       q->ready.len);
}

static bool srtf_check(const void *conf, const char **key, GString *msg)
{
	const struct srtf_conf *c = conf;

	return predict_check(&c->pc, key, msg);
}

static const struct param srtf_params[] = {
	PREDICT_PARAMS(struct srtf_conf),
	{ NULL },
};

const struct policy_ops srtf_policy = {
	.name = "srtf",
	.summary = "shortest remaining time first: preemptive SJF",
	.params = srtf_params,
	.conf_size = sizeof(struct srtf_conf),
	.rq_priv_size = sizeof(struct srtf_rq),
	.task_priv_size = sizeof(struct srtf_task),
	.check = srtf_check,
	.enqueue = srtf_enqueue,
	.dequeue = srtf_dequeue,
	.pick_next = srtf_pick_next,
	.put_prev = srtf_put_prev,
	.slice = srtf_slice,
	.wakeup_preempt = srtf_wakeup_preempt,
	.explain = srtf_explain,
};
