/*
 * sjf.c - shortest job first (shortest process next), non-preemptive.
 *
 * When the CPU is free, run the ready task whose next CPU burst is the
 * shortest, until it blocks or exits (Silberschatz, "Operating System
 * Concepts", 10th ed., 5.3.2; Stallings, "Operating Systems", 9th ed., 9.2
 * "Shortest Process Next"; Tanenbaum, "Modern Operating Systems", 4th ed.,
 * 2.4.2; OSTEP ch. 7). Among jobs that are all ready at once it gives the
 * smallest average waiting time; Silberschatz's P1..P4 = 6, 8, 7, 3 ms wait
 * 3, 16, 9, 0 ms: 7 ms on average.
 *
 * The length is either known (`predict = known`, the exercises' assumption)
 * or guessed by exponential averaging of the task's past bursts
 * (`predict = exp_avg`, predict.h). A task that gave the CPU up in the middle
 * of a burst (yield) is ranked by what is left of it.
 *
 * Ties (DESIGN.md 5): earlier arrival first, then the order of the file.
 * The ready tasks wait in a pairing heap keyed by (length, arrival, id).
 */
#include "base/units.h"
#include "policy/keyq.h"
#include "policy/policy.h"
#include "policy/predict.h"

struct sjf_conf {
	struct predict_conf pc;
};

struct sjf_task {
	struct keyq_node node;
	struct predict_task pred;
};

struct sjf_rq {
	struct pheap ready;
};

static void sjf_enqueue(struct rq *rq, struct task *t, unsigned flags)
{
	const struct sjf_conf *conf = rq->policy->conf;
	struct sjf_rq *q = rq->priv;
	struct sjf_task *st = t->priv;

	keyq_push(&q->ready, &st->node, t, predict_remaining(&conf->pc, &st->pred, t), t->arrival);
}

static void sjf_dequeue(struct rq *rq, struct task *t, unsigned flags)
{
	struct sjf_rq *q = rq->priv;
	struct sjf_task *st = t->priv;

	keyq_remove(&q->ready, &st->node);
}

static struct task *sjf_pick_next(struct rq *rq)
{
	struct sjf_rq *q = rq->priv;

	return keyq_pop(&q->ready);
}

static void sjf_put_prev(struct rq *rq, struct task *t, sim_time_t ran)
{
	const struct sjf_conf *conf = rq->policy->conf;
	struct sjf_task *st = t->priv;

	predict_put_prev(&conf->pc, &st->pred, t);
}

static sim_time_t sjf_slice(const struct rq *rq, const struct task *t)
{
	return SIM_TIME_INF;
}

static void sjf_explain(const struct rq *rq, const struct task *picked, GString *why)
{
	const struct sjf_conf *conf = rq->policy->conf;
	const struct sjf_rq *q = rq->priv;
	const struct sjf_task *st;

	if (!picked) {
		g_string_append(why, "sjf: ready queue empty");
		return;
	}
	st = picked->priv;
	g_string_append(why, conf->pc.predict == PREDICT_KNOWN ? "sjf: shortest next burst "
							       : "sjf: shortest predicted burst ");
	units_time(why, st->node.key);
	g_string_append_printf(why, " (%u waiting); runs until it blocks", q->ready.len);
}

static bool sjf_check(const void *conf, const char **key, GString *msg)
{
	const struct sjf_conf *c = conf;

	return predict_check(&c->pc, key, msg);
}

static const struct param sjf_params[] = {
	PREDICT_PARAMS(struct sjf_conf),
	{ NULL },
};

const struct policy_ops sjf_policy = {
	.name = "sjf",
	.summary = "shortest job first: the shortest next CPU burst runs, to the end",
	.params = sjf_params,
	.conf_size = sizeof(struct sjf_conf),
	.rq_priv_size = sizeof(struct sjf_rq),
	.task_priv_size = sizeof(struct sjf_task),
	.check = sjf_check,
	.enqueue = sjf_enqueue,
	.dequeue = sjf_dequeue,
	.pick_next = sjf_pick_next,
	.put_prev = sjf_put_prev,
	.slice = sjf_slice,
	.explain = sjf_explain,
};
