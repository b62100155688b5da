/*
 * eevdf.c - Earliest Eligible Virtual Deadline First, as in Linux 6.6 to 6.18.
 *
 * Stoica and Abdel-Wahab, "Earliest Eligible Virtual Deadline First: A
 * Flexible and Accurate Mechanism for Proportional Share Resource
 * Allocation" (1995), as Peter Zijlstra put it into kernel/sched/fair.c in
 * Linux 6.6 in place of CFS's heuristics (kernel/sched/fair.c,
 * Documentation/scheduler/sched-eevdf.rst), and completed it in 6.12.
 * Virtual runtime advances exactly as in CFS (fair.h: __calc_delta). Then:
 *
 *  - V, the average vruntime of the queue weighted by load, running task
 *    included (avg_vruntime; kept as sums of (vruntime - min_vruntime) *
 *    weight, floor division).
 *  - A task's lag is V - its vruntime: service it is owed. A task is
 *    eligible when its lag is >= 0, tested exactly in integers
 *    (vruntime_eligible: sum >= (v - min_vruntime) * load).
 *  - The kernel keeps those sums in 64 bits, for the keys stay near the
 *    lag of a request ("the max (key * weight) value was ~44 bits for a
 *    kernel build", over avg_vruntime() in 6.6 to 6.18). A key times the
 *    load of a long queue can pass 2^63 all the same: a nice 19 task 2 s
 *    into a request of 4.29 s is 1.37e11 virtual ns past 800 nice -20
 *    tasks, whose load is 7.1e7. Later kernels check for the overflow and
 *    then shift every weight down (PARANOID_AVG, commit 4823725d9d1d,
 *    "sched/fair: Increase weight bits for avg_vruntime"), which rounds;
 *    here the sums, and every key times a weight or a load, are 128-bit,
 *    exact for any queue, and equal to the kernel's whenever its 64 bits
 *    hold. base_slice is at most 2^32 - 1 ns, as the kernel's (below):
 *    vruntimes on a queue then stay far within 2^63 of each other for the
 *    (s64)(a - b) comparisons.
 *  - Each task asks for a request of base_slice times
 *    1 + ilog2(min(ncpus, 8)) (get_update_sysctl_factor) and has a virtual
 *    deadline vruntime + calc_delta_fair(slice). Among the eligible tasks the
 *    one with the earliest deadline runs (pick_eevdf); ties go to the task
 *    that entered the queue first (the kernel's tree keeps equal keys in
 *    insertion order), and the running task keeps the CPU only with a
 *    strictly earlier deadline.
 *  - When the running task's vruntime reaches its deadline, it gets a new
 *    request and deadline and, if others are queued, is preempted
 *    (update_deadline): checked at every update, and so at each tick
 *    (tick_hz, default 250). tick_hz = 0 re-decides exactly when the
 *    request is used up.
 *  - RUN_TO_PARITY: a waking task preempts only if EEVDF would pick it
 *    now, and the running task, while eligible and short of the deadline it
 *    was picked with, is picked over it (6.6: se->vlag == se->deadline; 6.17
 *    and later: vruntime < se->vprot, the deadline at pick bounded by the
 *    shortest slice queued, which is the same while every task has the base
 *    slice, as here).
 *  - Placement with lag (place_entity): a task that leaves the queue keeps
 *    its lag, clamped to +-calc_delta_fair(max(2 * slice, one tick))
 *    (entity_lag); when it comes back it is placed at V - lag * (W + w) / W
 *    so that it has that lag again after joining. A new task has lag 0 and
 *    half a request to its first deadline (PLACE_DEADLINE_INITIAL).
 *  - yield pushes the deadline out by one request, unless the task is
 *    alone on its CPU.
 *  - A preempted or expired task stays counted (V, load, min_vruntime) from
 *    put_prev until the core re-queues it at the same instant's dispatch,
 *    as the kernel's curr stays on the queue until schedule(): a wakeup or
 *    arrival in between is placed against it.
 *
 * `kernel` chooses the version (each rule below names the one that brought
 * it; kernel/sched/features.h of that version sets the defaults):
 *
 *   6.6   the first EEVDF: a task that sleeps is dequeued at once and keeps
 *         its lag, negative too, so a task that overran comes back behind
 *         (no sleeper bonus) and waits until the others catch up.
 *   6.12  "Complete EEVDF". DELAY_DEQUEUE: a task that goes to sleep while
 *         not eligible (negative lag) stays in the tree, counted in V and
 *         the load, burning its negative lag as the others run; when EEVDF
 *         picks it (it is then eligible) it is dequeued for real and the
 *         pick starts again (pick_next_entity). DELAY_ZERO: that dequeue
 *         clips its lag to <= 0, and a wake-up while still delayed re-places
 *         it at lag 0 if its lag has become positive
 *         (requeue_delayed_entity), else it keeps its place. A delayed task
 *         wakes on its own CPU (ttwu_runnable). PLACE_REL_DEADLINE: a
 *         dequeue that is not a sleep (a migration) keeps the deadline
 *         relative to the vruntime, restored on the next placement instead
 *         of a fresh request. So a task that slept a while comes back at
 *         lag 0 and preempts a busy task unless that task renewed its
 *         request less than a request ago. base_slice 0.75 ms.
 *   6.18  (default) as 6.12 with base_slice 0.70 ms (6.15, commit 2ae891b8
 *         "sched: Reduce the default slice to avoid tasks getting an extra
 *         tick") and RUN_TO_PARITY's protection as in 6.17 (vprot).
 *
 * Not modelled: custom slices (sched_attr.sched_runtime) and with them
 * PREEMPT_SHORT, which only acts between tasks of different slices;
 * buddies; groups. The PELT load a delayed task keeps on its CPU is not
 * counted by the core's balancer, which sees it asleep.
 *
 * The queued tasks are kept as 6.6 keeps them: a balanced tree ordered by
 * vruntime (then task id) in which every node caches the earliest
 * (deadline, entry) of its subtree, as se->min_deadline does
 * (min_deadline_update() and RB_DECLARE_CALLBACKS in kernel/sched/fair.c;
 * dltree.h: a treap whose 64-byte nodes are packed in an array of the
 * queue's, so that a path from the root reads one cache line per node and
 * no task's slot). Eligibility is V >= vruntime, so the eligible tasks are a
 * prefix of the tree's order, and __pick_eevdf() finds the earliest deadline
 * among them on one path from the root: at a node that is eligible, it and
 * its whole left subtree are candidates (the cached minimum answers for the
 * subtree) and the search goes right; at one that is not, it goes left.
 * Pick, enqueue and dequeue are O(log n), and the pick is the same task as
 * a walk over every eligible task would find (tests/unit/test_policy_trees.c
 * checks it against one).
 *
 * The kernel's policy works on per-CPU queues only (per_cpu_only).
 */
#include "base/units.h"
#include "policy/dltree.h"
#include "policy/fair.h"
#include "policy/fifo.h"
#include "policy/policy.h"

/* The kernel versions `kernel` names, oldest first. */
enum { EEVDF_6_6, EEVDF_6_12, EEVDF_6_18 };

static const char *const eevdf_kernel_choices[] = { "6.6", "6.12", "6.18", NULL };

/*
 * The largest base_slice: sysctl_sched_base_slice and
 * normalized_sysctl_sched_base_slice are unsigned int in kernel/sched/fair.c
 * and written as such through debugfs (kernel/sched/debug.c:
 * debugfs_create_u32("base_slice_ns", ...), 6.6 to 6.18), so the kernel
 * takes at most 2^32 - 1 ns, 4.29 s.
 */
#define EEVDF_MAX_BASE_SLICE ((sim_time_t)UINT32_MAX)

struct eevdf_conf {
	sim_time_t base_slice; /* normalized sysctl_sched_base_slice; 0: the kernel's */
	uint32_t tick_hz;      /* CONFIG_HZ; 0: decide when requests end */
	int scale;	       /* sysctl_sched_tunable_scaling */
	int kernel;	       /* EEVDF_6_6 ... */
	bool run_to_parity;    /* RUN_TO_PARITY */
	bool place_lag;	       /* PLACE_LAG */
};

struct eevdf_task {
	/* What a pick reads and writes, first: */
	uint64_t vruntime;     /* the tree's key (its node has a copy while queued) */
	uint64_t deadline;     /* virtual (likewise) */
	uint64_t parity;       /* the deadline it was picked with */
	sim_time_t exec_start; /* own clock while running */
	struct fifo_node run;  /* in the running list while on a CPU */
	struct task *task;
	struct fair_load load;
	bool delayed; /* asleep, still in the tree (DELAY_DEQUEUE) */
	bool resched; /* its request ran out with others runnable */
	/* The rest. */
	bool init;
	bool requeue;	   /* off the CPU, still runnable: counted until re-queued */
	bool rel_deadline; /* deadline - vruntime kept over a migration */
	uint32_t node;	   /* its node in the tree, while queued */
	int64_t vlag;	   /* lag saved when it left the queue */
	uint64_t slice;	   /* its request, wall ns */
	sim_time_t sum_exec;
	sim_time_t req_end; /* tick_hz 0: the sum_exec at which the core ends its run */
};

struct eevdf_rq {
	struct dltree tree;    /* queued tasks by vruntime, not the running ones */
	struct fifo running;   /* running tasks, and expired ones until re-queued */
	uint64_t min_vruntime; /* the key origin, never decreasing */
	__int128 avg_vruntime; /* sum of key * weight over the tree */
	uint64_t avg_load;     /* sum of weights over the tree */
	uint64_t seq;	       /* insertions so far: ties in deadline, FIFO */
	uint32_t nr_running;   /* queued, delayed, running and about to be re-queued */
	uint32_t nr_delayed;   /* asleep in the tree (DELAY_DEQUEUE) */
	uint32_t picked_off;   /* delayed tasks the last pick dequeued, for explain */
};

/* 6.12's DELAY_DEQUEUE, DELAY_ZERO and PLACE_REL_DEADLINE. */
static bool eevdf_complete(const struct rq *rq)
{
	const struct eevdf_conf *conf = rq->policy->conf;

	return conf->kernel >= EEVDF_6_12;
}

/* The task of node i of q's tree. */
static struct eevdf_task *ev_of(const struct eevdf_rq *q, uint32_t i)
{
	return dltree_item(&q->tree, i);
}

static void eevdf_tree_remove(struct eevdf_rq *q, struct eevdf_task *et)
{
	dltree_remove(&q->tree, et->node);
}

/* sysctl_sched_base_slice: 0.75 ms, 0.70 ms since 6.15 (2ae891b8); scaled. */
static uint64_t eevdf_base_slice(const struct rq *rq)
{
	const struct eevdf_conf *conf = rq->policy->conf;
	uint64_t normalized = (uint64_t)conf->base_slice;

	if (!normalized)
		normalized = conf->kernel >= EEVDF_6_18 ? 700 * SIM_US : 750 * SIM_US;
	return normalized * fair_factor(conf->scale, rq->policy->ncpus);
}

static uint64_t eevdf_tick_nsec(const struct rq *rq)
{
	const struct eevdf_conf *conf = rq->policy->conf;

	return conf->tick_hz ? (uint64_t)(SIM_S / conf->tick_hz) : (uint64_t)(SIM_S / 250);
}

static int64_t eevdf_key(const struct eevdf_rq *q, const struct eevdf_task *et)
{
	return fair_vdiff(et->vruntime, q->min_vruntime);
}

/* A key times a weight or a load: 128 bits, never overflowing. */
static __int128 eevdf_mul(int64_t key, int64_t weight)
{
	return (__int128)key * weight;
}

static void eevdf_avg_add(struct eevdf_rq *q, const struct eevdf_task *et)
{
	q->avg_vruntime += eevdf_mul(eevdf_key(q, et), (int64_t)et->load.weight);
	q->avg_load += et->load.weight;
}

static void eevdf_avg_sub(struct eevdf_rq *q, const struct eevdf_task *et)
{
	q->avg_vruntime -= eevdf_mul(eevdf_key(q, et), (int64_t)et->load.weight);
	q->avg_load -= et->load.weight;
}

/* The tree's sums plus the running tasks': avg_vruntime()'s avg and load. */
static void eevdf_sums(const struct eevdf_rq *q, __int128 *avg, int64_t *load)
{
	*avg = q->avg_vruntime;
	*load = (int64_t)q->avg_load;
	for (const struct fifo_node *n = q->running.head; n; n = n->next) {
		const struct eevdf_task *et = n->task->priv;

		*avg += eevdf_mul(eevdf_key(q, et), (int64_t)et->load.weight);
		*load += (int64_t)et->load.weight;
	}
}

/* avg_vruntime(): V, rounded down. */
static uint64_t eevdf_V(const struct eevdf_rq *q)
{
	__int128 avg;
	int64_t load;

	eevdf_sums(q, &avg, &load);
	if (load) {
		if (avg < 0)
			avg -= load - 1;
		/* The quotient is a key, within 2^63; the sum fits 64 bits as a rule. */
		if (avg == (int64_t)avg)
			avg = (int64_t)avg / load;
		else
			avg /= load;
	}
	return q->min_vruntime + (uint64_t)(int64_t)avg;
}

/* vruntime_eligible(): V >= v, exactly. */
static bool eevdf_eligible(const struct eevdf_rq *q, uint64_t v)
{
	__int128 avg;
	int64_t load;

	eevdf_sums(q, &avg, &load);
	return avg >= eevdf_mul(fair_vdiff(v, q->min_vruntime), load);
}

/* update_min_vruntime(), moving the key origin of the sums with it. */
static void eevdf_update_min_vruntime(struct eevdf_rq *q)
{
	uint32_t left = q->tree.first;
	bool have = false;
	uint64_t v = q->min_vruntime;
	int64_t d;

	for (const struct fifo_node *n = q->running.head; n; n = n->next) {
		const struct eevdf_task *et = n->task->priv;

		if (!have || fair_vdiff(et->vruntime, v) < 0)
			v = et->vruntime;
		have = true;
	}
	if (left) {
		uint64_t lv = dltree_at(&q->tree, left)->vruntime;

		if (!have || fair_vdiff(lv, v) < 0)
			v = lv;
		have = true;
	}
	if (!have)
		return;
	d = fair_vdiff(v, q->min_vruntime);
	if (d > 0) {
		q->avg_vruntime -= eevdf_mul(d, (int64_t)q->avg_load); /* avg_vruntime_update() */
		q->min_vruntime = v;
	}
}

/* The least wall time whose calc_delta_fair() takes et to its deadline: at least 1. */
static sim_time_t eevdf_wall_to_deadline(const struct eevdf_task *et)
{
	int64_t d = fair_vdiff(et->deadline, et->vruntime);
	uint64_t wall;

	if (d <= 0)
		return 1;
	wall = fair_calc_delta_fair_inv((uint64_t)d, &et->load);
	return (sim_time_t)MIN(wall, (uint64_t)SIM_TIME_INF);
}

/* A new request: slice and virtual deadline. */
static void eevdf_new_request(const struct rq *rq, struct eevdf_task *et)
{
	et->slice = eevdf_base_slice(rq);
	et->deadline = et->vruntime + fair_calc_delta_fair(et->slice, &et->load);
}

/* update_curr() and update_deadline() for one running task. */
static void eevdf_sync(const struct rq *rq, struct eevdf_task *et)
{
	const struct eevdf_rq *q = rq->priv;
	sim_time_t delta = rq->now - et->exec_start;

	if (delta <= 0 || et->requeue)
		return; /* an expired task is off the CPU: it accrues nothing */
	et->exec_start = rq->now;
	et->sum_exec += delta;
	et->vruntime += fair_calc_delta_fair((uint64_t)delta, &et->load);
	/*
	 * Decided exactly at request ends (tick_hz 0), the core's run ends
	 * when the wall time that reaches the deadline has passed. A run cut
	 * into pieces (an arrival, a wakeup) is charged piece by piece, each
	 * rounded down, and may then fall a few ns short of the deadline: the
	 * request is over all the same, else the task would be picked again
	 * for those few ns.
	 */
	if (fair_vdiff(et->vruntime, et->deadline) < 0 &&
	    !(et->req_end && et->sum_exec >= et->req_end))
		return;
	et->req_end = 0;
	eevdf_new_request(rq, et);
	if (q->nr_running > 1)
		et->resched = true;
}

static void eevdf_update(struct rq *rq)
{
	struct eevdf_rq *q = rq->priv;

	for (struct fifo_node *n = q->running.head; n; n = n->next)
		eevdf_sync(rq, n->task->priv);
	eevdf_update_min_vruntime(q);
}

/* entity_lag(): V - v, clamped to +-calc_delta_fair(max(2 * slice, one tick)). */
static int64_t eevdf_lag(const struct rq *rq, const struct eevdf_task *et)
{
	const struct eevdf_rq *q = rq->priv;
	int64_t vlag = fair_vdiff(eevdf_V(q), et->vruntime);
	int64_t limit =
		(int64_t)fair_calc_delta_fair(MAX(2 * et->slice, eevdf_tick_nsec(rq)), &et->load);

	return CLAMP(vlag, -limit, limit);
}

/*
 * __pick_eevdf()'s search: the node of the eligible queued task with the
 * earliest deadline, and that deadline; 0 when none is eligible.
 */
static uint32_t eevdf_pick_queued(const struct eevdf_rq *q, uint64_t *deadline)
{
	const struct dltree *t = &q->tree;
	uint32_t best = 0, n = t->root;
	uint64_t best_deadline = 0;
	__int128 avg;
	int64_t load;

	/*
	 * __pick_eevdf() (6.6): V >= v (vruntime_eligible) holds for a prefix
	 * of the tree's order. An eligible node and its left subtree are all
	 * candidates, the subtree's earliest cached; the rest lie right. A node
	 * that is not eligible has only its left subtree to offer.
	 */
	eevdf_sums(q, &avg, &load);
	if (n) {
		const struct dltree_node *root = dltree_at(t, n);

		if (avg >= eevdf_mul(fair_vdiff(dltree_at(t, root->min)->vruntime, q->min_vruntime),
				     load)) {
			/*
			 * The earliest deadline of all is eligible: it is the pick,
			 * the fast path 6.8 takes when the leftmost of its
			 * deadline-keyed tree is eligible. Tasks of equal weight and
			 * slice have their deadlines in the order of their
			 * vruntimes, so it is the usual case.
			 */
			*deadline = root->min_deadline;
			return root->min;
		}
	}
	while (n) {
		const struct dltree_node *x = dltree_at(t, n);

		if (avg >= eevdf_mul(fair_vdiff(x->vruntime, q->min_vruntime), load)) {
			if (!best || dltree_earlier(t, x->deadline, n, best_deadline, best)) {
				best = n;
				best_deadline = x->deadline;
			}
			if (x->left) {
				const struct dltree_node *l = dltree_at(t, x->left);

				if (dltree_earlier(t, l->min_deadline, l->min, best_deadline,
						   best)) {
					best = l->min;
					best_deadline = l->min_deadline;
				}
			}
			n = x->right;
		} else {
			n = x->left;
		}
	}
	*deadline = best_deadline;
	return best;
}

/*
 * pick_eevdf(): the eligible task with the earliest deadline among the
 * queued ones and `curr` (a running task, or NULL).
 */
static struct eevdf_task *eevdf_pick(const struct rq *rq, struct eevdf_task *curr)
{
	const struct eevdf_conf *conf = rq->policy->conf;
	const struct eevdf_rq *q = rq->priv;
	uint64_t best_deadline = 0;
	uint32_t best;

	if (curr && !eevdf_eligible(q, curr->vruntime))
		curr = NULL;
	if (curr && conf->run_to_parity && curr->parity == curr->deadline)
		return curr;
	best = eevdf_pick_queued(q, &best_deadline);
	/*
	 * curr wins only with a strictly earlier deadline: a tie goes to the
	 * queued task (entity_before(curr, best) in 6.8+, deadline_gt() in
	 * 6.6), so a waking task whose request ends with the running task's
	 * renewed one preempts it.
	 */
	if (curr && (!best || fair_vdiff(curr->deadline, best_deadline) < 0))
		return curr;
	if (!best)
		best = q->tree.first; /* cannot happen: the leftmost is eligible */
	return best ? ev_of(q, best) : NULL;
}

/* place_entity(). */
static void eevdf_place(const struct rq *rq, struct eevdf_task *et, bool initial)
{
	const struct eevdf_conf *conf = rq->policy->conf;
	const struct eevdf_rq *q = rq->priv;
	uint64_t V = eevdf_V(q);
	uint64_t vslice;
	int64_t lag = 0;

	et->slice = eevdf_base_slice(rq);
	vslice = fair_calc_delta_fair(et->slice, &et->load);
	if (conf->place_lag && q->nr_running && !initial) {
		__int128 avg;
		int64_t load;

		eevdf_sums(q, &avg, &load);
		if (load > 0) {
			__int128 l = (__int128)et->vlag * (load + (int64_t)et->load.weight);

			lag = (int64_t)(l / load); /* div_s64: truncates toward zero */
		}
	}
	et->vruntime = V - (uint64_t)lag;
	if (et->rel_deadline) {
		/* PLACE_REL_DEADLINE (6.12): the request it had, where it stood. */
		et->deadline += et->vruntime;
		et->rel_deadline = false;
		return;
	}
	if (initial)
		vslice /= 2; /* PLACE_DEADLINE_INITIAL */
	et->deadline = et->vruntime + vslice;
}

static void eevdf_insert(struct eevdf_rq *q, struct eevdf_task *et)
{
	et->node = dltree_insert(&q->tree, et->vruntime, et->deadline, ++q->seq, et->task->id, et);
	eevdf_avg_add(q, et);
}

/*
 * requeue_delayed_entity() (6.12): a delayed task wakes up where it is. If
 * its lag has turned positive while it waited (DELAY_ZERO), it is placed
 * again at lag 0 with a new request; otherwise it keeps its vruntime and
 * deadline, still behind.
 */
static void eevdf_requeue_delayed(struct rq *rq, struct eevdf_task *et)
{
	struct eevdf_rq *q = rq->priv;

	et->delayed = false;
	q->nr_delayed--;
	if (eevdf_lag(rq, et) <= 0)
		return;
	eevdf_tree_remove(q, et);
	eevdf_avg_sub(q, et);
	q->nr_running--;
	et->vlag = 0;
	eevdf_place(rq, et, false);
	q->nr_running++;
	eevdf_insert(q, et);
	eevdf_update_min_vruntime(q);
}

/*
 * The delayed task et is picked, and its node taken out of the tree:
 * dequeue_entity(DEQUEUE_DELAYED) and finish_delayed_dequeue_entity()
 * (6.12). It is eligible, so its lag is >= 0, and DELAY_ZERO clips it to 0.
 */
static void eevdf_finish_delayed(struct rq *rq, struct eevdf_task *et)
{
	struct eevdf_rq *q = rq->priv;

	et->vlag = MIN(eevdf_lag(rq, et), 0);
	eevdf_avg_sub(q, et);
	et->delayed = false;
	q->nr_delayed--;
	q->nr_running--;
	eevdf_update_min_vruntime(q);
}

static void eevdf_enqueue(struct rq *rq, struct task *t, unsigned flags)
{
	struct eevdf_rq *q = rq->priv;
	struct eevdf_task *et = t->priv;

	if (et->requeue) {
		/* Off the CPU since put_prev, still counted: out of the running list. */
		fifo_remove(&q->running, &et->run);
		et->requeue = false;
		if (flags & (ENQ_PREEMPTED | ENQ_EXPIRED)) {
			/* put_prev_entity(): back in the tree as it was. */
			eevdf_insert(q, et);
			eevdf_update(rq);
			return;
		}
		q->nr_running--; /* not expected: re-counted below */
	}
	if (et->delayed) {
		/* ttwu_runnable(): no update_curr() before requeue_delayed_entity(). */
		eevdf_requeue_delayed(rq, et);
		return;
	}
	eevdf_update(rq);
	if (!et->init) {
		et->task = t;
		et->load = fair_load_of_nice(t->nice);
		et->init = true;
	}
	if (flags & ENQ_YIELD) {
		/*
		 * yield_task_fair(): the same place, the deadline one request
		 * later; a no-op when the task is alone on the queue
		 * (rq->nr_running == 1; put_prev has already counted it out).
		 */
		if (q->nr_running)
			et->deadline += fair_calc_delta_fair(et->slice, &et->load);
	} else {
		eevdf_place(rq, et, flags & ENQ_NEW);
	}
	q->nr_running++;
	eevdf_insert(q, et);
	eevdf_update_min_vruntime(q);
}

static void eevdf_dequeue(struct rq *rq, const struct task *t, unsigned flags)
{
	struct eevdf_rq *q = rq->priv;
	struct eevdf_task *et = t->priv;

	eevdf_update(rq);
	et->vlag = eevdf_lag(rq, et); /* update_entity_lag() before leaving */
	eevdf_tree_remove(q, et);     /* before its deadline changes: the tree caches it */
	if ((flags & DEQ_MIGRATE) && eevdf_complete(rq)) {
		/* PLACE_REL_DEADLINE (6.12): not a sleep, the request goes along. */
		et->deadline -= et->vruntime;
		et->rel_deadline = true;
	}
	eevdf_avg_sub(q, et);
	q->nr_running--;
	eevdf_update_min_vruntime(q);
}

static struct task *eevdf_pick_next(struct rq *rq)
{
	struct eevdf_rq *q = rq->priv;
	struct eevdf_task *et;

	eevdf_update(rq);
	q->picked_off = 0;
	for (;;) {
		uint64_t deadline;
		uint32_t best = eevdf_pick_queued(q, &deadline);

		if (!best)
			best = q->tree.first; /* cannot happen: the leftmost is eligible */
		if (!best)
			return NULL;
		/*
		 * The task's slot is read and written below, apart from the
		 * tree: its lines are asked for now, to arrive while the tree
		 * lets go of its node.
		 */
		et = ev_of(q, best);
		__builtin_prefetch(et, 1);
		__builtin_prefetch((const char *)et + 64, 1);
		__builtin_prefetch((const char *)et + offsetof(struct eevdf_task, resched), 1);
		dltree_remove(&q->tree, best);
		if (!et->delayed)
			break;
		/* pick_next_entity(): a delayed task picked is dequeued, and we pick again. */
		eevdf_finish_delayed(rq, et);
		q->picked_off++;
	}
	eevdf_avg_sub(q, et);
	/* set_next_entity(): RUN_TO_PARITY stashes the deadline it was picked with. */
	et->parity = et->deadline;
	et->exec_start = rq->now;
	et->resched = false;
	et->req_end = 0;
	if (!((const struct eevdf_conf *)rq->policy->conf)->tick_hz)
		et->req_end = et->sum_exec + eevdf_wall_to_deadline(et);
	et->run.task = et->task;
	fifo_push_tail(&q->running, &et->run);
	return et->task;
}

static void eevdf_put_prev(struct rq *rq, const struct task *t, sim_time_t ran)
{
	struct eevdf_rq *q = rq->priv;
	struct eevdf_task *et = t->priv;

	eevdf_update(rq);
	if (t->remaining > 0) {
		/*
		 * Preempted or expired: the core re-queues it at this instant's
		 * dispatch, after the wakeups of the instant. Until then it stays
		 * in the running list, so V, the load and min_vruntime count it,
		 * as the kernel's curr stays on the queue until schedule().
		 */
		et->requeue = true;
		return;
	}
	if (t->state == TASK_BLOCKED && eevdf_complete(rq) && !eevdf_eligible(q, et->vruntime)) {
		/*
		 * DELAY_DEQUEUE (6.12): it goes to sleep owing service, so it
		 * stays in the tree, competing, until it is picked (and then
		 * dequeued) or wakes up. Tested with it counted as curr, as
		 * dequeue_entity() does before put_prev_entity() puts it back.
		 */
		fifo_remove(&q->running, &et->run);
		eevdf_insert(q, et);
		et->delayed = true;
		q->nr_delayed++;
		return;
	}
	/* It sleeps or exits (a yield re-enqueues it): keep its lag, V counting it. */
	et->vlag = eevdf_lag(rq, et);
	fifo_remove(&q->running, &et->run);
	q->nr_running--;
}

static void eevdf_update_curr(struct rq *rq, const struct task *curr, sim_time_t delta)
{
	eevdf_update(rq);
}

/* With tick_hz = 0: the wall time until the request is used up. */
static sim_time_t eevdf_slice(const struct rq *rq, const struct task *t)
{
	const struct eevdf_conf *conf = rq->policy->conf;
	const struct eevdf_task *et = t->priv;

	if (conf->tick_hz)
		return SIM_TIME_INF; /* decided at ticks */
	return eevdf_wall_to_deadline(et);
}

static void eevdf_release(struct rq *rq)
{
	struct eevdf_rq *q = rq->priv;

	dltree_release(&q->tree);
}

static sim_time_t eevdf_tick_period(const struct policy *p)
{
	const struct eevdf_conf *conf = p->conf;

	return conf->tick_hz ? SIM_S / conf->tick_hz : 0;
}

/* entity_tick(): update_curr(), which may have ended the request. */
static bool eevdf_tick(struct rq *rq, const struct task *curr)
{
	struct eevdf_task *et = curr->priv;

	eevdf_update(rq);
	return et->resched;
}

/* check_preempt_wakeup_fair(): preempt iff EEVDF would pick the wakee now. */
static bool eevdf_wakeup_preempt(const struct rq *rq, const struct task *curr,
				 const struct task *woken)
{
	struct eevdf_task *c = curr->priv;

	if (c->resched)
		return true;
	return eevdf_pick(rq, c) == woken->priv;
}

/* check_preempt_wakeup_fair(): curr's request is over, or EEVDF now picks the wakee. */
static void eevdf_explain_preempt(const struct rq *rq, const struct task *curr,
				  const struct task *by, GString *why)
{
	const struct eevdf_task *c = curr->priv, *w = by->priv;
	char name[TASK_NAME_MAX];

	task_format_name(by, name, sizeof(name));
	if (c->resched) {
		g_string_append_printf(why, "eevdf: its request is used up, and %s is ready", name);
		return;
	}
	g_string_append_printf(why, "eevdf: %s would be picked now: eligible, deadline ", name);
	units_time(why, (sim_time_t)w->deadline);
	g_string_append(why, " before its ");
	units_time(why, (sim_time_t)c->deadline);
	if (!eevdf_eligible(rq->priv, c->vruntime))
		g_string_append(why, ", and it is no longer eligible itself");
}

/* ttwu_runnable(): a delayed task is still on this queue, and wakes here. */
static bool eevdf_still_queued(const struct rq *rq, const struct task *t)
{
	const struct eevdf_task *et = t->priv;

	return et->init && et->delayed;
}

/* " (vruntime X REL V Y, lag Z": a task's place against the queue's average V. */
static void put_against_v(GString *why, uint64_t vruntime, const char *rel, uint64_t V)
{
	g_string_append(why, " (vruntime ");
	units_time(why, (sim_time_t)vruntime);
	g_string_append_printf(why, " %s V ", rel);
	units_time(why, (sim_time_t)V);
	g_string_append(why, ", lag ");
	units_time(why, fair_vdiff(V, vruntime));
}

/*
 * The queued task a student would compare the pick with: the one of the
 * earliest deadline of all, when that is earlier than the pick's (it is
 * not eligible: EEVDF's point), or equal (the tie went by queueing order).
 */
static void eevdf_explain_rival(const struct eevdf_rq *q, const struct eevdf_task *picked,
				uint64_t V, GString *why)
{
	const struct dltree_node *root;
	const struct eevdf_task *rival;
	int64_t d;
	char name[TASK_NAME_MAX];

	if (!q->tree.root)
		return;
	root = dltree_at(&q->tree, q->tree.root);
	d = fair_vdiff(root->min_deadline, picked->deadline);
	if (d > 0)
		return;
	rival = ev_of(q, root->min);
	task_format_name(rival->task, name, sizeof(name));
	if (eevdf_eligible(q, rival->vruntime)) {
		g_string_append_printf(why, "; ties with %s at that deadline, queued after it",
				       name);
		return;
	}
	g_string_append_printf(why, "; %s's deadline ", name);
	units_time(why, (sim_time_t)rival->deadline);
	g_string_append(why, d ? " is earlier" : " is as early");
	g_string_append(why, " but it is not eligible");
	put_against_v(why, rival->vruntime, ">", V);
	g_string_append_c(why, ')');
}

static void eevdf_explain(const struct rq *rq, const struct task *picked, GString *why)
{
	const struct eevdf_rq *q = rq->priv;
	const struct eevdf_task *et;
	uint64_t V;

	if (!picked) {
		g_string_append(why, "eevdf: no runnable task");
		if (q->picked_off)
			g_string_append_printf(why,
					       "; %u sleeper(s) dequeued at lag 0 (DELAY_DEQUEUE)",
					       q->picked_off);
		return;
	}
	et = picked->priv;
	V = eevdf_V(q);
	g_string_append(why, "eevdf: earliest eligible deadline ");
	units_time(why, (sim_time_t)et->deadline);
	put_against_v(why, et->vruntime, "<=", V);
	g_string_append_printf(why, "); %u runnable", q->nr_running - q->nr_delayed);
	if (q->nr_delayed)
		g_string_append_printf(why, ", %u asleep in the tree", q->nr_delayed);
	if (q->picked_off)
		g_string_append_printf(why, ", %u sleeper(s) dequeued at lag 0", q->picked_off);
	g_string_append(why, "; request ");
	units_time(why, (sim_time_t)et->slice);
	eevdf_explain_rival(q, et, V, why);
}

static const struct param eevdf_params[] = {
	{
		.name = "base_slice",
		.type = PARAM_DURATION,
		.def = "0",
		.help = "sched_base_slice: every request (scaled like CFS's tunables); 0: the "
			"kernel's, 0.70ms (6.18) or 0.75ms",
		.offset = offsetof(struct eevdf_conf, base_slice),
		.max = EEVDF_MAX_BASE_SLICE,
	},
	{
		.name = "kernel",
		.type = PARAM_ENUM,
		.def = "6.18",
		.help = "the Linux version followed: 6.6 (lag kept over sleep), 6.12 "
			"(DELAY_DEQUEUE, DELAY_ZERO, PLACE_REL_DEADLINE), 6.18 (6.12 with the "
			"0.70ms slice)",
		.offset = offsetof(struct eevdf_conf, kernel),
		.choices = eevdf_kernel_choices,
	},
	{
		.name = "tick_hz",
		.type = PARAM_UINT,
		.def = "250",
		.help = "scheduler tick (CONFIG_HZ); 0: decide exactly when a request ends",
		.offset = offsetof(struct eevdf_conf, tick_hz),
		.max = 100000,
	},
	{
		.name = "scale",
		.type = PARAM_ENUM,
		.def = "log",
		.help = "base_slice scaling with CPUs: log (1 + ilog2(min(ncpus, 8))), none, "
			"linear",
		.offset = offsetof(struct eevdf_conf, scale),
		.choices = fair_scale_choices,
	},
	{
		.name = "run_to_parity",
		.type = PARAM_BOOL,
		.def = "true",
		.help = "RUN_TO_PARITY: a waking task does not cut the running one's request short",
		.offset = offsetof(struct eevdf_conf, run_to_parity),
	},
	{
		.name = "place_lag",
		.type = PARAM_BOOL,
		.def = "true",
		.help = "PLACE_LAG: a task comes back with the lag it left with",
		.offset = offsetof(struct eevdf_conf, place_lag),
	},
	{ 0 },
};

const struct policy_ops eevdf_policy = {
	.name = "eevdf",
	.summary = "Linux's EEVDF (6.6 to 6.18): lag, eligibility, virtual deadlines (task nice)",
	.params = eevdf_params,
	.conf_size = sizeof(struct eevdf_conf),
	.rq_priv_size = sizeof(struct eevdf_rq),
	.task_priv_size = sizeof(struct eevdf_task),
	.per_cpu_only = true,
	.enqueue = eevdf_enqueue,
	.release = eevdf_release,
	.dequeue = eevdf_dequeue,
	.pick_next = eevdf_pick_next,
	.put_prev = eevdf_put_prev,
	.update_curr = eevdf_update_curr,
	.slice = eevdf_slice,
	.wakeup_preempt = eevdf_wakeup_preempt,
	.explain_preempt = eevdf_explain_preempt,
	.tick_period = eevdf_tick_period,
	.tick = eevdf_tick,
	.still_queued = eevdf_still_queued,
	.explain = eevdf_explain,
};
