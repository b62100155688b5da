/*
 * stride.c - stride scheduling.
 *
 * Waldspurger and Weihl, "Stride Scheduling: Deterministic Proportional-
 * Share Resource Management" (MIT/LCS/TM-528, 1995); OSTEP ch. 9.3. The
 * deterministic sibling of lottery scheduling: each task has a stride,
 * stride1 / tickets (integer division; stride1 default 10000 as in OSTEP),
 * and a pass, which grows by its stride for every quantum it runs (by
 * stride * ran / quantum, remainder carried, when it runs less). The ready
 * task with the lowest pass runs for one `quantum` (default 10 ms). OSTEP's
 * example: tickets A = 100, B = 50, C = 250 give strides 100, 200 and 40 and
 * the run order A B C C C A C C.
 *
 * Ties (schedlab's convention for every policy, docs/scenario-format.md):
 * lowest pass, then earlier arrival, then the order of the file. A task that
 * arrives joins at the lowest pass among the tasks present (OSTEP: otherwise
 * a newcomer with pass 0 would monopolise the CPU); one that wakes takes the
 * larger of its own pass and that lowest pass, so sleeping earns no credit.
 * The lowest pass only moves forward, like CFS's min_vruntime, which is the
 * same idea with continuous quanta, and plays the paper's global_pass on
 * each queue.
 *
 * Migration uses the paper's `remain` bookkeeping (leave: remain = pass -
 * global_pass; join: pass = global_pass + remain): a task moved to another
 * CPU's queue (DEQ_MIGRATE, then ENQ_MIGRATED) keeps its distance to the
 * lowest pass present, since passes on different queues are not comparable.
 *
 * "Present" means ready, running, or just off the CPU with its burst
 * unfinished (expired): the core re-queues such a task at the next dispatch,
 * and in between it still counts, or the lowest pass would jump past it and
 * a newcomer would be placed behind it. The lowest pass is taken when a task
 * joins, from the tasks present then.
 */
#include "policy/fifo.h"
#include "policy/keyq.h"
#include "policy/policy.h"

struct stride_conf {
	uint32_t stride1;   /* the large constant */
	sim_time_t quantum; /* a turn */
};

struct stride_task {
	struct keyq_node node; /* key: pass */
	struct fifo_node run;  /* in the running list */
	int64_t pass;
	bool off_cpu;	/* still in the running list: expired, about to be re-queued */
	sim_time_t rem; /* stride * ns not yet a whole pass step, < quantum */
	bool seen;	/* joined once */
	bool moving;	/* left its queue by DEQ_MIGRATE: remain is set */
	int64_t remain; /* pass - the lowest pass present, when it left to migrate */
};

struct stride_rq {
	struct pheap ready;
	struct fifo running; /* on a CPU, or expired and about to be re-queued */
	int64_t floor;	     /* the lowest pass present, never decreasing */
};

static int64_t stride_of(const struct stride_conf *conf, const struct task *t)
{
	uint32_t s = conf->stride1 / t->tickets;

	return s ? s : 1;
}

static void stride_update_floor(struct stride_rq *q)
{
	const struct pheap_node *root = pheap_peek(&q->ready);
	bool any = root != NULL;
	int64_t v = root ? keyq_of(root)->key : 0;

	for (const struct fifo_node *n = q->running.head; n; n = n->next) {
		const struct stride_task *st = n->task->priv;

		if (!any || st->pass < v)
			v = st->pass;
		any = true;
	}
	if (any && v > q->floor)
		q->floor = v;
}

static void stride_enqueue(struct rq *rq, struct task *t, unsigned flags)
{
	struct stride_rq *q = rq->priv;
	struct stride_task *st = t->priv;

	if (st->off_cpu) {
		/* Back from the CPU: it counted as present all along. */
		fifo_remove(&q->running, &st->run);
		st->off_cpu = false;
	}
	if (!st->seen) {
		stride_update_floor(q);
		st->pass = q->floor;
		st->seen = true;
	} else if (st->moving && (flags & ENQ_MIGRATED)) {
		/* join(): global_pass + remain, on the new queue. */
		stride_update_floor(q);
		st->pass = q->floor + st->remain;
	} else if (flags & (ENQ_WAKEUP | ENQ_MIGRATED | ENQ_NEW)) {
		stride_update_floor(q);
		if (st->pass < q->floor)
			st->pass = q->floor;
	}
	st->moving = false;
	keyq_push(&q->ready, &st->node, t, st->pass, t->arrival);
}

static void stride_dequeue(struct rq *rq, const struct task *t, unsigned flags)
{
	struct stride_rq *q = rq->priv;
	struct stride_task *st = t->priv;

	if (flags & DEQ_MIGRATE) {
		/* leave(): remain = pass - global_pass, the task still present. */
		stride_update_floor(q);
		st->remain = st->pass - q->floor;
		st->moving = true;
	}
	keyq_remove(&q->ready, &st->node);
}

static struct task *stride_pick_next(struct rq *rq)
{
	struct stride_rq *q = rq->priv;
	struct task *t = keyq_pop(&q->ready);
	struct stride_task *st;

	if (!t)
		return NULL;
	st = t->priv;
	st->run.task = t;
	fifo_push_tail(&q->running, &st->run);
	return t;
}

static void stride_put_prev(struct rq *rq, const struct task *t, sim_time_t ran)
{
	const struct stride_conf *conf = rq->policy->conf;
	struct stride_rq *q = rq->priv;
	struct stride_task *st = t->priv;
	unsigned __int128 v =
		(unsigned __int128)stride_of(conf, t) * (uint64_t)ran + (uint64_t)st->rem;
	unsigned __int128 steps = v / (uint64_t)conf->quantum;

	st->rem = (sim_time_t)(v % (uint64_t)conf->quantum);
	st->pass = steps > (unsigned __int128)(INT64_MAX - st->pass) ? INT64_MAX
								     : st->pass + (int64_t)steps;
	if (t->state == TASK_READY)
		st->off_cpu = true; /* re-queued at this instant's dispatch */
	else
		fifo_remove(&q->running, &st->run);
}

static sim_time_t stride_slice(const struct rq *rq, const struct task *t)
{
	const struct stride_conf *conf = rq->policy->conf;

	return conf->quantum;
}

static void stride_explain(const struct rq *rq, const struct task *picked, GString *why)
{
	const struct stride_conf *conf = rq->policy->conf;
	const struct stride_rq *q = rq->priv;
	const struct stride_task *st;

	if (!picked) {
		g_string_append(why, "stride: ready queue empty");
		return;
	}
	st = picked->priv;
	g_string_append_printf(why,
			       "stride: lowest pass %" G_GINT64_FORMAT " (stride %" G_GINT64_FORMAT
			       " = %u / %u tickets; %u waiting)",
			       st->pass, stride_of(conf, picked), conf->stride1, picked->tickets,
			       q->ready.len);
	keyq_explain_tie(&q->ready, &st->node, why);
}

static const struct param stride_params[] = {
	{
		.name = "stride1",
		.type = PARAM_UINT,
		.def = "10000",
		.help = "the large constant: a task's stride is stride1 / tickets",
		.offset = offsetof(struct stride_conf, stride1),
		.min = 1,
	},
	{
		.name = "quantum",
		.type = PARAM_DURATION,
		.def = "10ms",
		.help = "a turn: the pass grows by one stride per quantum run",
		.offset = offsetof(struct stride_conf, quantum),
		.min = 1,
	},
	{ 0 },
};

const struct policy_ops stride_policy = {
	.name = "stride",
	.summary = "stride scheduling: lowest pass runs, pass += stride1 / tickets per quantum",
	.params = stride_params,
	.conf_size = sizeof(struct stride_conf),
	.rq_priv_size = sizeof(struct stride_rq),
	.task_priv_size = sizeof(struct stride_task),
	.enqueue = stride_enqueue,
	.dequeue = stride_dequeue,
	.pick_next = stride_pick_next,
	.put_prev = stride_put_prev,
	.slice = stride_slice,
	.explain = stride_explain,
};
