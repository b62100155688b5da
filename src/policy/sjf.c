/*
 * sjf.c - shortest job first and shortest remaining time first.
 *
 * sjf: when the CPU is free, run the ready task whose next CPU burst is the
 * shortest, until it blocks or exits (Silberschatz, "Operating System
 * Concepts", 10th ed., 5.3.2; Stallings, "Operating Systems", 9th ed., 9.2
 * "Shortest Process Next"; Tanenbaum, "Modern Operating Systems", 4th ed.,
 * 2.4.2; OSTEP ch. 7). Among jobs that are all ready at once it gives the
 * smallest average waiting time; Silberschatz's P1..P4 = 6, 8, 7, 3 ms wait
 * 3, 16, 9, 0 ms: 7 ms on average.
 *
 * srtf: the preemptive form. The ready task with the least CPU time left in
 * its burst runs; when a task becomes ready with *strictly* less left than
 * the running task, it preempts it (Silberschatz 5.3.2; Stallings 9.2
 * "Shortest Remaining Time"; OSTEP ch. 7 "Shortest Time-to-Completion
 * First"). On one CPU and with every burst known it minimises the average
 * turnaround of CPU-only jobs. Silberschatz's (arrival, burst) = (0,8) (1,4)
 * (2,9) (3,5) gives P1 0-1, P2 1-5, P4 5-10, P1 10-17, P3 17-26: 6.5 ms
 * average waiting. An equal remaining time does not preempt: a switch that
 * gains nothing is not taken.
 *
 * The two share everything but wakeup preemption and their explanations:
 * one queue, one parameter table, one ops table each.
 *
 * The length is either known (`predict = known`, the exercises' assumption)
 * or guessed by exponential averaging of the task's past bursts
 * (`predict = exp_avg`, predict.h), less what the task has run of it. A task
 * between two bursts (it yielded as a burst ended) is ranked by the guess for
 * its next burst (predict.h, policy_need() in policy.h), and a task that
 * yields goes behind the tasks of equal length (keyq.h), so that `yield`
 * lets an equal task run, as under fcfs and rr.
 *
 * Ties: earlier arrival first, then the order of the file. The ready tasks
 * wait in a pairing heap keyed by (length, arrival, id).
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
	sim_time_t need = predict_remaining(&conf->pc, &st->pred, t);

	if (flags & ENQ_YIELD)
		keyq_push_behind(&q->ready, &st->node, t, need, rq->now);
	else
		keyq_push(&q->ready, &st->node, t, need, t->arrival);
}

static void sjf_dequeue(struct rq *rq, const struct task *t, unsigned flags)
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

static void sjf_put_prev(struct rq *rq, const struct task *t, sim_time_t ran)
{
	const struct sjf_conf *conf = rq->policy->conf;
	struct sjf_task *st = t->priv;

	predict_put_prev(&conf->pc, &st->pred, t);
}

static sim_time_t sjf_slice(const struct rq *rq, const struct task *t)
{
	return SIM_TIME_INF;
}

/* srtf only: a strictly shorter newcomer preempts. */
static bool srtf_wakeup_preempt(const struct rq *rq, const struct task *curr,
				const struct task *woken)
{
	const struct sjf_conf *conf = rq->policy->conf;
	const struct sjf_task *c = curr->priv, *w = woken->priv;

	return predict_remaining(&conf->pc, &w->pred, woken) <
	       predict_remaining(&conf->pc, &c->pred, curr);
}

/* Why woken preempts curr: strictly less time left (or predicted left). */
static void srtf_explain_preempt(const struct rq *rq, const struct task *curr,
				 const struct task *by, GString *why)
{
	const struct sjf_conf *conf = rq->policy->conf;
	const struct sjf_task *c = curr->priv, *w = by->priv;
	bool known = conf->pc.predict == PREDICT_KNOWN;
	char name[TASK_NAME_MAX], own[TASK_NAME_MAX];

	task_format_name(by, name, sizeof(name));
	task_format_name(curr, own, sizeof(own));
	g_string_append_printf(why, "srtf: %s %s ", name, known ? "needs" : "is predicted to need");
	units_time(why, predict_remaining(&conf->pc, &w->pred, by));
	g_string_append(why, ", less than the ");
	units_time(why, predict_remaining(&conf->pc, &c->pred, curr));
	if (known)
		g_string_append_printf(why, " %s has left", own);
	else
		g_string_append_printf(why, " predicted left for %s", own);
}

/* "LABEL 1.00 ms (3 waiting)", and why the length is what it is. */
static void sjf_explain_key(const struct rq *rq, const struct task *picked, const char *label,
			    GString *why)
{
	const struct sjf_conf *conf = rq->policy->conf;
	const struct sjf_rq *q = rq->priv;
	const struct sjf_task *st = picked->priv;

	g_string_append(why, label);
	units_time(why, st->node.key);
	if (picked->remaining == 0)
		g_string_append(why, conf->pc.predict == PREDICT_KNOWN
					     ? " (between bursts: as long as its last)"
					     : " (between bursts: the next one's guess)");
	g_string_append_printf(why, " (%u waiting)", q->ready.len);
	keyq_explain_tie(&q->ready, &st->node, why);
}

/* The explanation of either family member, in its own words. */
static void family_explain(const struct rq *rq, const struct task *picked, GString *why,
			   const char *name, const char *known, const char *predicted,
			   const char *rule)
{
	const struct sjf_conf *conf = rq->policy->conf;

	if (!picked) {
		g_string_append_printf(why, "%s: ready queue empty", name);
		return;
	}
	g_string_append_printf(why, "%s: ", name);
	sjf_explain_key(rq, picked, conf->pc.predict == PREDICT_KNOWN ? known : predicted, why);
	g_string_append(why, rule);
}

static void sjf_explain(const struct rq *rq, const struct task *picked, GString *why)
{
	family_explain(rq, picked, why, "sjf", "shortest next burst ", "shortest predicted burst ",
		       "; runs until it blocks");
}

static void srtf_explain(const struct rq *rq, const struct task *picked, GString *why)
{
	family_explain(rq, picked, why, "srtf", "least remaining time ",
		       "least predicted remaining time ", "; a strictly shorter arrival preempts");
}

static bool sjf_check(const void *conf, const char **key, GString *msg)
{
	const struct sjf_conf *c = conf;

	return predict_check(&c->pc, key, msg);
}

static const struct param sjf_params[] = {
	PREDICT_PARAMS(struct sjf_conf),
	{ 0 },
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

const struct policy_ops srtf_policy = {
	.name = "srtf",
	.summary = "shortest remaining time first: preemptive SJF",
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
	.wakeup_preempt = srtf_wakeup_preempt,
	.explain_preempt = srtf_explain_preempt,
	.explain = srtf_explain,
};
