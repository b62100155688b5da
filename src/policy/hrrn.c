/*
 * hrrn.c - highest response ratio next, non-preemptive.
 *
 * Brinch Hansen's remedy for SJF's starvation (Stallings, "Operating
 * Systems", 9th ed., 9.2; Brinch Hansen, "Short-term scheduling in
 * multiprogramming systems", SOSP 1971): whenever the CPU is free, compute
 * for every ready task
 *
 *   R = (w + s) / s
 *
 * where w is how long it has been waiting and s the service it needs, and
 * run the one with the highest R to the end of its burst. Short tasks start
 * with an advantage, and a long task's ratio grows while it waits, so it
 * cannot starve. Stallings' five processes (arrival, service) = A (0,3)
 * B (2,6) C (4,4) D (6,5) E (8,2) run A B C E D: average turnaround 8.00.
 *
 * Here w is the time since the task last became ready (for a task with one
 * burst, since its arrival) and s what is left of its burst (for a fresh
 * burst, its length). A task between two bursts (it yielded as a burst
 * ended; the core loads its next burst when it runs again) needs, as far as
 * anyone knows, as much as its last burst (policy_need() in policy.h), so s
 * is never 0. Ratios are compared exactly, by cross-multiplying in 128-bit
 * integers (w1 / s1 > w2 / s2 <=> w1 * s2 > w2 * s1): no floating point
 * decides. Ties: a task that yielded goes behind the others of equal ratio
 * (as POSIX sched_yield() puts a thread at the end of its priority's list),
 * then earlier arrival first, then the order of the file.
 *
 * The ratios change as time passes, so the pick scans every ready task:
 * O(n) per decision, which is what the algorithm asks for.
 */
#include "base/units.h"
#include "policy/fifo.h"
#include "policy/policy.h"

struct hrrn_task {
	struct fifo_node node;
	bool yielded; /* queued by a yield: behind the others of equal ratio */
};

struct hrrn_rq {
	struct fifo ready;
	sim_time_t wait, service; /* the last pick's w and s, for explain */
};

static void hrrn_enqueue(struct rq *rq, struct task *t, unsigned flags)
{
	struct hrrn_rq *q = rq->priv;
	struct hrrn_task *ht = t->priv;

	ht->node.task = t;
	ht->yielded = (flags & ENQ_YIELD) != 0;
	fifo_push_tail(&q->ready, &ht->node);
}

static void hrrn_dequeue(struct rq *rq, const struct task *t, unsigned flags)
{
	struct hrrn_rq *q = rq->priv;
	struct hrrn_task *ht = t->priv;

	fifo_remove(&q->ready, &ht->node);
}

/*
 * Does a run before b? Higher ratio, then not yielded, then earlier arrival,
 * then file order.
 */
static bool hrrn_before(const struct task *a, const struct task *b, sim_time_t now)
{
	const struct hrrn_task *ha = a->priv, *hb = b->priv;
	unsigned __int128 x = (unsigned __int128)(now - a->ready_since) * (uint64_t)policy_need(b);
	unsigned __int128 y = (unsigned __int128)(now - b->ready_since) * (uint64_t)policy_need(a);

	if (x != y)
		return x > y;
	if (ha->yielded != hb->yielded)
		return !ha->yielded;
	if (a->arrival != b->arrival)
		return a->arrival < b->arrival;
	return a->id < b->id;
}

static struct task *hrrn_pick_next(struct rq *rq)
{
	struct hrrn_rq *q = rq->priv;
	struct fifo_node *best = NULL;

	for (struct fifo_node *n = q->ready.head; n; n = n->next)
		if (!best || hrrn_before(n->task, best->task, rq->now))
			best = n;
	if (!best)
		return NULL;
	q->wait = rq->now - best->task->ready_since;
	q->service = policy_need(best->task);
	fifo_remove(&q->ready, best);
	return best->task;
}

static sim_time_t hrrn_slice(const struct rq *rq, const struct task *t)
{
	return SIM_TIME_INF;
}

static void hrrn_explain(const struct rq *rq, const struct task *picked, GString *why)
{
	const struct hrrn_rq *q = rq->priv;
	uint64_t hundredths, service;

	if (!picked) {
		g_string_append(why, "hrrn: ready queue empty");
		return;
	}
	/* R to two decimals, rounded, in integers; s >= 1 (policy_need). */
	service = q->service > 0 ? (uint64_t)q->service : 1;
	hundredths =
		(uint64_t)(((unsigned __int128)((uint64_t)q->wait + service) * 100 + service / 2) /
			   service);
	g_string_append_printf(why,
			       "hrrn: highest response ratio %" G_GUINT64_FORMAT
			       ".%02" G_GUINT64_FORMAT " = (wait ",
			       hundredths / 100, hundredths % 100);
	units_time(why, q->wait);
	g_string_append(why, " + service ");
	units_time(why, q->service);
	g_string_append(why, ") / service");
	g_string_append_printf(why, " (%u waiting)", q->ready.len);
}

static const struct param hrrn_params[] = {
	{ 0 },
};

const struct policy_ops hrrn_policy = {
	.name = "hrrn",
	.summary = "highest response ratio next: (wait + service) / service, non-preemptive",
	.params = hrrn_params,
	.rq_priv_size = sizeof(struct hrrn_rq),
	.task_priv_size = sizeof(struct hrrn_task),
	.enqueue = hrrn_enqueue,
	.dequeue = hrrn_dequeue,
	.pick_next = hrrn_pick_next,
	.slice = hrrn_slice,
	.explain = hrrn_explain,
};
