/*
 * cfs.c - the Completely Fair Scheduler, as in Linux 6.1.
 *
 * CFS (Ingo Molnar, Linux 2.6.23, 2007; kernel/sched/fair.c up to 6.5)
 * gives each task a virtual runtime: the CPU time it has received, scaled
 * by 1024 / its weight, where the weight comes from its nice value
 * (sched_prio_to_weight[]: 1024 at nice 0, about x1.25 per step). The task
 * with the lowest virtual runtime runs. What schedlab reproduces, from
 * Linux 6.1's kernel/sched/fair.c and core.c (the functions named below)
 * and Documentation/scheduler/sched-design-CFS.rst:
 *
 *  - Arithmetic: vruntime advances by calc_delta_fair(delta) =
 *    __calc_delta(delta, 1024, weight), the kernel's 32-bit-inverse fixed
 *    point (fair.h), so figures match the kernel to the nanosecond.
 *  - Tunables: latency 6 ms, min_granularity 0.75 ms, wakeup_granularity
 *    1 ms, each multiplied by 1 + ilog2(min(ncpus, 8)) (`scale = log`; `none`
 *    and `linear` are the kernel's other settings). sched_nr_latency =
 *    ceil(latency / min_granularity) = 8 is not scaled.
 *  - Period and slice (__sched_period, sched_slice): the period is latency,
 *    or nr_running * min_granularity beyond sched_nr_latency tasks; a task's
 *    slice is its weight's share of the period, at least min_granularity
 *    (BASE_SLICE, 5.13+).
 *  - min_vruntime: the smallest vruntime of the running task and the
 *    leftmost queued one, never decreasing (update_min_vruntime).
 *  - Placement (place_entity): a new task starts at min_vruntime plus one
 *    virtual slice (START_DEBIT: it must not get ahead of the tasks already
 *    there); a spawned one at the later of that and its parent's vruntime
 *    (task_fork_fair: a child cannot start ahead of the parent that has
 *    had more than its share), worked out on the parent's queue and carried
 *    to the child's relative to min_vruntime; a waking task at max(its own
 *    vruntime, min_vruntime - latency / 2) (GENTLE_FAIR_SLEEPERS: sleepers
 *    get at most half a period of credit). A task that wakes or migrates
 *    to another CPU's queue keeps its vruntime relative to min_vruntime
 *    (the 6.1 renormalisation).
 *  - Tick preemption (check_preempt_tick) every 1 / tick_hz (default 250 Hz,
 *    CONFIG_HZ_250): the running task is preempted when it has run more
 *    than its slice since it was picked, or, after at least min_granularity,
 *    when its vruntime is ahead of the leftmost task's by more than its
 *    slice. Both tests are strict, so with two nice-0 tasks on one CPU each
 *    runs 4 ms (one tick) although the slice is 3 ms. `tick_hz = 0` instead
 *    re-decides exactly at slice ends (the HRTICK feature).
 *  - Wakeup preemption (check_preempt_wakeup): a waking or new task
 *    preempts when the running task's vruntime exceeds its own by more than
 *    the wakeup granularity scaled to the wakee's weight.
 *  - Ties in the tree are FIFO (the kernel walks right on equal keys).
 *  - yield: the task stays queued but is skipped once if the next task is
 *    within a wakeup granularity of it (the skip buddy).
 *  - A preempted or expired task stays counted (running list, load,
 *    min_vruntime) from put_prev until the core re-queues it at the same
 *    instant's dispatch, as the kernel's curr stays on the queue until
 *    schedule(): a wakeup or arrival in between sees it.
 *
 * Not modelled: the next and last buddies (LAST_BUDDY only acts with 8 or
 * more runnable tasks), group scheduling, bandwidth control, SCHED_BATCH
 * and SCHED_IDLE, and PELT load tracking (the load balancer in src/sched
 * uses task counts).
 *
 * CFS keeps its own clock of each running task (exec_start, as the kernel's
 * rq_clock_task), so the time a task spends being switched in is charged
 * to it, as on Linux. Nice 0 against nice 5 on one CPU shares it
 * 1024 : 335, 75.4 % to 24.6 % (a test checks it to 1 % over 3 s).
 *
 * The kernel's policy works on per-CPU queues only (per_cpu_only). The
 * queued tasks wait in a pairing heap ordered by (vruntime, insertion).
 */
#include "base/units.h"
#include "policy/fair.h"
#include "policy/pheap.h"
#include "policy/policy.h"

struct cfs_conf {
	sim_time_t latency;	       /* normalized sysctl_sched_latency */
	sim_time_t min_granularity;    /* normalized sysctl_sched_min_granularity */
	sim_time_t wakeup_granularity; /* normalized sysctl_sched_wakeup_granularity */
	uint32_t tick_hz;	       /* CONFIG_HZ; 0: decide at slice ends */
	int scale;		       /* sysctl_sched_tunable_scaling */
};

/*
 * A task's part, 56 bytes, for it is in every task's slot: the clock of the
 * task on the CPU (exec_start, sum_exec_runtime since the pick) is the
 * queue's, as only one task of a per-CPU queue runs; a task in the running
 * list is not in the tree, so the tree's sibling links chain that list; the
 * load comes from the nice value it was set from.
 */
struct cfs_task {
	struct pheap_node hn; /* in the tree while queued; next/prev: the running list */
	uint64_t vruntime;    /* with seq, what the tree compares: beside its links */
	uint32_t seq;	      /* insertion order: FIFO among equal vruntimes (cfs_insert) */
	uint8_t prio;	      /* nice + 20 its load was set from (set_load_weight) */
	bool init : 1;	      /* load set */
	bool relative : 1;    /* vruntime is relative to a min_vruntime (migrating) */
	bool requeue : 1;     /* off the CPU, still runnable: counted until re-queued */
	struct task *task;
	struct rq *home; /* the queue it last belonged to */
};

/* It is in every task's slot: make bench holds a CFS task to 256 bytes, all told. */
G_STATIC_ASSERT(sizeof(struct cfs_task) <= 56);

/* Why pick_next chose what it did, for explain. */
enum { CFS_PICK_LOWEST, CFS_PICK_SKIPPED, CFS_PICK_SKIP_KEPT, CFS_PICK_SKIP_ALONE };

/* The tunables in effect on a queue (cfs_tun). */
struct cfs_tun {
	uint64_t latency, min_gran, wakeup_gran; /* scaled */
	uint64_t nr_latency;			 /* sched_nr_latency; 0: not worked out yet */
};

struct cfs_rq {
	struct cfs_tun tun;
	struct pheap tree;	  /* queued tasks, not the running ones */
	struct cfs_task *running; /* running tasks, and expired ones until re-queued */
	struct cfs_task *curr;	  /* picked and not put back: the one that accrues */
	sim_time_t exec_start;	  /* curr's own clock */
	sim_time_t curr_exec;	  /* curr's sum_exec_runtime since the pick */
	uint64_t min_vruntime;	  /* never decreases */
	struct fair_load load;	  /* of queued and running tasks */
	uint32_t nr_running;	  /* queued and running tasks */
	uint32_t next_seq;
	struct task *skip; /* the skip buddy: yielded */
	int pick_why;	   /* CFS_PICK_*: the last pick */
	/* Why the last tick took curr off, for explain: */
	bool tick_ahead;     /* its vruntime led the leftmost's by more than its slice */
	uint64_t tick_ideal; /* its slice then, wall ns */
	sim_time_t tick_ran; /* what it had run since it was picked */
	int64_t tick_lead;   /* its vruntime - the leftmost's */
	uint64_t skipped;    /* CFS_PICK_SKIPPED: the yielder's vruntime */
};

static struct cfs_task *cfs_of(const struct pheap_node *n)
{
	return (struct cfs_task *)n;
}

/* entity_before(), then FIFO. */
/* The task's load (set_load_weight(), from the nice value it had when first queued). */
static inline struct fair_load cfs_load_of(const struct cfs_task *ct)
{
	return fair_load_of_nice((int32_t)ct->prio - 20);
}

static bool cfs_less(const struct pheap_node *a, const struct pheap_node *b)
{
	const struct cfs_task *x = cfs_of(a), *y = cfs_of(b);
	int64_t d = fair_vdiff(x->vruntime, y->vruntime);

	if (d)
		return d < 0;
	return x->seq < y->seq;
}

/*
 * The tunables as the queue uses them: scaled by the number of CPUs
 * (update_sysctl()) and sched_nr_latency, worked out at the queue's first
 * use, not at every tick.
 */
static const struct cfs_tun *cfs_tun(const struct rq *rq)
{
	struct cfs_rq *q = rq->priv;

	if (G_UNLIKELY(!q->tun.nr_latency)) {
		const struct cfs_conf *conf = rq->policy->conf;
		uint64_t factor = fair_factor(conf->scale, rq->policy->ncpus);

		q->tun.latency = (uint64_t)conf->latency * factor;
		q->tun.min_gran = (uint64_t)conf->min_granularity * factor;
		q->tun.wakeup_gran = (uint64_t)conf->wakeup_granularity * factor;
		/* sched_nr_latency: computed from the normalized values, never scaled. */
		q->tun.nr_latency =
			((uint64_t)conf->latency + (uint64_t)conf->min_granularity - 1) /
			(uint64_t)conf->min_granularity;
	}
	return &q->tun;
}

static uint64_t cfs_latency(const struct rq *rq)
{
	return cfs_tun(rq)->latency;
}

static uint64_t cfs_min_gran(const struct rq *rq)
{
	return cfs_tun(rq)->min_gran;
}

static uint64_t cfs_wakeup_gran(const struct rq *rq)
{
	return cfs_tun(rq)->wakeup_gran;
}

/* __sched_period(). */
static uint64_t cfs_period(const struct rq *rq, uint64_t nr)
{
	const struct cfs_tun *tun = cfs_tun(rq);

	if (nr > tun->nr_latency)
		return nr * tun->min_gran;
	return tun->latency;
}

/* sched_slice(): wall-clock ns; on_rq false for a task about to be placed. */
static uint64_t cfs_slice_of(const struct rq *rq, const struct cfs_task *ct, bool on_rq)
{
	struct cfs_rq *q = rq->priv;
	struct fair_load lw, own = cfs_load_of(ct);
	uint64_t slice;

	if (on_rq) {
		/* __update_inv_weight(): the queue's inverse is kept until its load changes */
		if (!q->load.inv_weight)
			q->load.inv_weight = fair_inv_weight(&q->load);
		lw = q->load;
	} else {
		lw.weight = q->load.weight + own.weight; /* update_load_add resets the inverse */
		lw.inv_weight = 0;
	}
	slice = fair_calc_delta(cfs_period(rq, q->nr_running + !on_rq), own.weight, &lw);
	return MAX(slice, cfs_min_gran(rq));
}

/*
 * update_curr() for the task on the CPU, on CFS's own clock. A task put back
 * but still in the running list (expired, preempted) is off the CPU: it
 * accrues nothing.
 */
static void cfs_sync(const struct rq *rq, struct cfs_rq *q)
{
	struct cfs_task *ct = q->curr;
	sim_time_t delta;
	struct fair_load lw;

	if (!ct)
		return;
	delta = rq->now - q->exec_start;
	if (delta <= 0)
		return;
	lw = cfs_load_of(ct);
	q->exec_start = rq->now;
	q->curr_exec += delta;
	ct->vruntime += fair_calc_delta_fair((uint64_t)delta, &lw);
}

/* The running list, linked through the tree links a task off the tree does not use. */
static void cfs_running_add(struct cfs_rq *q, struct cfs_task *ct)
{
	ct->hn.child = NULL;
	ct->hn.prev = NULL;
	ct->hn.next = q->running ? &q->running->hn : NULL;
	if (q->running)
		q->running->hn.prev = &ct->hn;
	q->running = ct;
}

static void cfs_running_del(struct cfs_rq *q, struct cfs_task *ct)
{
	if (ct->hn.prev)
		ct->hn.prev->next = ct->hn.next;
	else
		q->running = cfs_of(ct->hn.next);
	if (ct->hn.next)
		ct->hn.next->prev = ct->hn.prev;
	ct->hn.next = ct->hn.prev = NULL;
}

/* update_min_vruntime(). */
static void cfs_update_min_vruntime(struct cfs_rq *q)
{
	const struct pheap_node *left = pheap_peek(&q->tree);
	bool have = false;
	uint64_t v = q->min_vruntime;

	for (const struct cfs_task *ct = q->running; ct; ct = cfs_of(ct->hn.next)) {
		if (!have || fair_vdiff(ct->vruntime, v) < 0)
			v = ct->vruntime;
		have = true;
	}
	if (left) {
		if (!have || fair_vdiff(cfs_of(left)->vruntime, v) < 0)
			v = cfs_of(left)->vruntime;
		have = true;
	}
	if (have && fair_vdiff(v, q->min_vruntime) > 0)
		q->min_vruntime = v;
}

/* Bring every running task of rq up to rq->now (the kernel's update_curr). */
static void cfs_update(struct rq *rq)
{
	struct cfs_rq *q = rq->priv;

	cfs_sync(rq, q);
	cfs_update_min_vruntime(q);
}

static void cfs_load_add(struct cfs_rq *q, const struct cfs_task *ct)
{
	q->load.weight += cfs_load_of(ct).weight;
	q->load.inv_weight = 0;
	q->nr_running++;
}

static void cfs_load_sub(struct cfs_rq *q, const struct cfs_task *ct)
{
	uint64_t w = cfs_load_of(ct).weight;

	g_assert(q->nr_running > 0 && q->load.weight >= w);
	q->load.weight -= w;
	q->load.inv_weight = 0;
	q->nr_running--;
}

/*
 * Give every queued task a new insertion number, 0 up, in the tree's order:
 * the order of (vruntime, seq) is unchanged and the numbers start again
 * low, so that 32 bits never wrap. Once every 2^32 insertions.
 */
static void cfs_renumber(struct cfs_rq *q)
{
	struct pheap_node *first = NULL, **last = &first;
	uint32_t n = 0;

	for (struct pheap_node *x; (x = pheap_pop(&q->tree, cfs_less));) {
		cfs_of(x)->seq = n++;
		*last = x; /* chained through next until re-inserted */
		last = &x->next;
	}
	while (first) {
		struct pheap_node *x = first;

		first = x->next;
		pheap_insert(&q->tree, x, cfs_less);
	}
	q->next_seq = n;
}

static void cfs_insert(struct cfs_rq *q, struct cfs_task *ct)
{
	if (G_UNLIKELY(q->next_seq == UINT32_MAX))
		cfs_renumber(q);
	ct->seq = q->next_seq++;
	pheap_insert(&q->tree, &ct->hn, cfs_less);
}

/*
 * task_fork_fair() and place_entity(initial), for a task joining rq: its
 * offset from min_vruntime. The kernel does this at fork on the parent's
 * queue: the child starts at the parent's vruntime, moved up to
 * min_vruntime + the child's vslice there (START_DEBIT) if it is below,
 * then made relative to that queue's min_vruntime, to be renormalised to
 * the queue the child joins. A task with no parent starts from
 * min_vruntime, as one forked by a parent at min_vruntime would.
 *
 * The child arrives when the parent has spent the creation time, as the
 * kernel's task_fork_fair() comes at the end of copy_process(); the
 * parent's queue was brought up to date at that instant (its CPU's events
 * come before arrivals). sysctl_sched_child_runs_first (0 by default) is
 * not modelled.
 */
static uint64_t cfs_fork_offset(const struct rq *rq, const struct cfs_task *ct)
{
	const struct task *parent = ct->task->parent;
	const struct cfs_task *pt = parent ? parent->priv : NULL;
	const struct rq *home = rq;
	struct fair_load lw;
	int64_t rel = 0, vslice;

	if (pt && pt->init && pt->home) {
		const struct cfs_rq *pq = pt->home->priv;

		home = pt->home;
		rel = fair_vdiff(pt->vruntime, pq->min_vruntime);
	}
	lw = cfs_load_of(ct);
	vslice = (int64_t)fair_calc_delta_fair(cfs_slice_of(home, ct, false), &lw);
	return (uint64_t)MAX(rel, vslice);
}

/* place_entity(). */
static void cfs_place(const struct rq *rq, struct cfs_task *ct, bool initial)
{
	const struct cfs_rq *q = rq->priv;
	uint64_t v = q->min_vruntime;

	if (initial) {
		ct->vruntime = v + cfs_fork_offset(rq, ct);
		return;
	}
	/* GENTLE_FAIR_SLEEPERS: half a latency of credit at most. */
	v -= cfs_latency(rq) >> 1;
	if (fair_vdiff(ct->vruntime, v) < 0)
		ct->vruntime = v;
}

static void cfs_enqueue(struct rq *rq, struct task *t, unsigned flags)
{
	struct cfs_rq *q = rq->priv;
	struct cfs_task *ct = t->priv;

	if (ct->requeue) {
		/* Off the CPU since put_prev, still counted: out of the running list. */
		cfs_running_del(q, ct);
		ct->requeue = false;
		if (flags & (ENQ_PREEMPTED | ENQ_EXPIRED)) {
			/* put_prev_entity(): back in the tree, vruntime and load as they were. */
			cfs_insert(q, ct);
			cfs_update(rq);
			return;
		}
		cfs_load_sub(q, ct); /* not expected: re-counted below */
	}
	cfs_update(rq);
	if (!ct->init) {
		ct->task = t;
		ct->prio = (uint8_t)CLAMP(t->nice + 20, 0, 39);
		ct->init = true;
	}
	if (flags & ENQ_NEW) {
		cfs_place(rq, ct, true);
	} else if (flags & ENQ_WAKEUP) {
		if (ct->home && ct->home != rq) {
			/* A remote wakeup: renormalise to this queue's min_vruntime. */
			const struct cfs_rq *old = ct->home->priv;

			ct->vruntime = ct->vruntime - old->min_vruntime + q->min_vruntime;
		}
		cfs_place(rq, ct, false);
	} else if (ct->relative) {
		ct->vruntime += q->min_vruntime; /* ENQ_MIGRATED */
	}
	ct->relative = false;
	if (flags & ENQ_YIELD)
		q->skip = t;
	cfs_load_add(q, ct);
	cfs_insert(q, ct);
	ct->home = rq;
}

static void cfs_dequeue(struct rq *rq, const struct task *t, unsigned flags)
{
	struct cfs_rq *q = rq->priv;
	struct cfs_task *ct = t->priv;

	cfs_update(rq);
	pheap_remove(&q->tree, &ct->hn, cfs_less);
	cfs_load_sub(q, ct);
	if (q->skip == t)
		q->skip = NULL;
	if (flags & DEQ_MIGRATE) {
		ct->vruntime -= q->min_vruntime;
		ct->relative = true;
	}
	cfs_update_min_vruntime(q);
}

/* wakeup_preempt_entity(curr, se): 1 when se should preempt curr. */
static int cfs_wakeup_preempt_entity(const struct rq *rq, const struct cfs_task *curr,
				     const struct cfs_task *se)
{
	int64_t vdiff = fair_vdiff(curr->vruntime, se->vruntime);
	struct fair_load lw = cfs_load_of(se);

	if (vdiff <= 0)
		return -1;
	if ((uint64_t)vdiff > fair_calc_delta_fair(cfs_wakeup_gran(rq), &lw))
		return 1;
	return 0;
}

static struct task *cfs_pick_next(struct rq *rq)
{
	struct cfs_rq *q = rq->priv;
	struct pheap_node *left;
	struct cfs_task *ct;

	cfs_update(rq);
	left = pheap_peek(&q->tree);
	if (!left)
		return NULL;
	ct = cfs_of(left);
	q->pick_why = CFS_PICK_LOWEST;
	if (q->skip && q->skip == ct->task) {
		/* The skip buddy: take the second if it is not too far right. */
		struct pheap_node *second;

		pheap_remove(&q->tree, left, cfs_less);
		second = pheap_peek(&q->tree);
		pheap_insert(&q->tree, left, cfs_less);
		q->pick_why = second ? CFS_PICK_SKIP_KEPT : CFS_PICK_SKIP_ALONE;
		if (second && cfs_wakeup_preempt_entity(rq, cfs_of(second), ct) < 1) {
			q->pick_why = CFS_PICK_SKIPPED;
			q->skipped = ct->vruntime;
			ct = cfs_of(second);
		}
	}
	if (q->skip == ct->task)
		q->skip = NULL;
	pheap_remove(&q->tree, &ct->hn, cfs_less);
	/* set_next_entity(). */
	g_assert(!q->curr);
	q->curr = ct;
	q->exec_start = rq->now;
	q->curr_exec = 0;
	cfs_running_add(q, ct);
	return ct->task;
}

static void cfs_put_prev(struct rq *rq, const struct task *t, sim_time_t ran)
{
	struct cfs_rq *q = rq->priv;
	struct cfs_task *ct = t->priv;

	cfs_update(rq);
	g_assert(q->curr == ct);
	q->curr = NULL;
	ct->home = rq;
	if (t->state == TASK_READY) {
		/*
		 * Preempted, expired or yielded: the core re-queues it at this instant's
		 * dispatch, after the wakeups of the instant. Until then it stays
		 * in the running list and the load, as the kernel's curr stays on
		 * the queue until schedule(), so min_vruntime cannot jump past it.
		 */
		ct->requeue = true;
		return;
	}
	/* It sleeps or exits. */
	cfs_running_del(q, ct);
	cfs_load_sub(q, ct);
}

static void cfs_update_curr(struct rq *rq, const struct task *curr, sim_time_t delta)
{
	cfs_update(rq);
}

static sim_time_t cfs_slice(const struct rq *rq, const struct task *t)
{
	const struct cfs_conf *conf = rq->policy->conf;

	if (conf->tick_hz)
		return SIM_TIME_INF; /* decided at ticks */
	return (sim_time_t)cfs_slice_of(rq, t->priv, true);
}

static sim_time_t cfs_tick_period(const struct policy *p)
{
	const struct cfs_conf *conf = p->conf;

	return conf->tick_hz ? SIM_S / conf->tick_hz : 0;
}

/* entity_tick() -> check_preempt_tick(). */
static bool cfs_tick(struct rq *rq, const struct task *curr)
{
	struct cfs_rq *q = rq->priv;
	struct cfs_task *ct = curr->priv;
	const struct pheap_node *left;
	uint64_t ideal;
	sim_time_t delta_exec;
	int64_t delta;

	cfs_update(rq);
	if (q->nr_running <= 1)
		return false;
	ideal = cfs_slice_of(rq, ct, true);
	g_assert(q->curr == ct);
	delta_exec = q->curr_exec;
	q->tick_ahead = false;
	q->tick_ideal = ideal;
	q->tick_ran = delta_exec;
	if ((uint64_t)delta_exec > ideal)
		return true;
	if ((uint64_t)delta_exec < cfs_min_gran(rq))
		return false;
	left = pheap_peek(&q->tree);
	if (!left)
		return false;
	delta = fair_vdiff(ct->vruntime, cfs_of(left)->vruntime);
	if (delta <= 0 || (uint64_t)delta <= ideal)
		return false;
	q->tick_ahead = true;
	q->tick_lead = delta;
	return true;
}

/*
 * "a, more than b": two times compared, and in ns too when the two decimals
 * of units_time show them equal (a slice of 2999998 ns, the kernel's fixed
 * point, against a run of 3 ms).
 */
static void cfs_explain_more(GString *why, sim_time_t a, const char *than, sim_time_t b)
{
	g_autoptr(GString) x = g_string_new(NULL);
	g_autoptr(GString) y = g_string_new(NULL);

	units_time(x, a);
	units_time(y, b);
	g_string_append_printf(why, "%s%s%s", x->str, than, y->str);
	if (g_string_equal(x, y))
		g_string_append_printf(why, " (%" G_GINT64_FORMAT " ns > %" G_GINT64_FORMAT " ns)",
				       a, b);
}

/* Why check_preempt_tick() took curr off: its slice used up, or its lead. */
static bool cfs_explain_tick(const struct rq *rq, const struct task *curr, GString *why)
{
	struct cfs_rq *q = rq->priv;

	if (q->tick_ahead) {
		g_string_append(why, "cfs: tick: its vruntime leads the leftmost task's by ");
		cfs_explain_more(why, q->tick_lead, ", more than its slice ",
				 (sim_time_t)q->tick_ideal);
	} else {
		g_string_append(why, "cfs: tick: it ran ");
		cfs_explain_more(why, q->tick_ran, " since it was picked, more than its slice ",
				 (sim_time_t)q->tick_ideal);
	}
	q->tick_ahead = false;
	return true;
}

/* check_preempt_wakeup(): the core has just brought curr up to date. */
static bool cfs_wakeup_preempt(const struct rq *rq, const struct task *curr,
			       const struct task *woken)
{
	return cfs_wakeup_preempt_entity(rq, curr->priv, woken->priv) == 1;
}

/*
 * ", then B at 27.61 ms": the task that comes next, that a student compares
 * the pick with. When two decimals show both vruntimes equal, the ns that
 * tell them apart, or that they are equal: the task queued first goes
 * first, as the kernel's tree walks right on equal keys.
 */
static void cfs_explain_next(GString *why, const struct cfs_task *picked,
			     const struct cfs_task *next)
{
	char name[TASK_NAME_MAX];
	g_autoptr(GString) a = g_string_new(NULL);
	g_autoptr(GString) b = g_string_new(NULL);

	task_format_name(next->task, name, sizeof(name));
	units_time(a, (sim_time_t)picked->vruntime);
	units_time(b, (sim_time_t)next->vruntime);
	g_string_append_printf(why, ", then %s at %s", name, b->str);
	if (!g_string_equal(a, b))
		return;
	if (picked->vruntime == next->vruntime)
		g_string_append(why, ", equal: the one queued first goes first");
	else
		g_string_append_printf(why,
				       " (%" G_GUINT64_FORMAT " ns < %" G_GUINT64_FORMAT " ns)",
				       picked->vruntime, next->vruntime);
}

/* check_preempt_wakeup(): the wakee's vruntime lead over curr, and the bar. */
static void cfs_explain_preempt(const struct rq *rq, const struct task *curr, const struct task *by,
				GString *why)
{
	const struct cfs_task *c = curr->priv, *w = by->priv;
	struct fair_load lw = cfs_load_of(w);
	char name[TASK_NAME_MAX];

	task_format_name(by, name, sizeof(name));
	g_string_append_printf(why, "cfs: %s's vruntime ", name);
	units_time(why, (sim_time_t)w->vruntime);
	g_string_append(why, " is ");
	units_time(why, fair_vdiff(c->vruntime, w->vruntime));
	g_string_append(why, " behind its ");
	units_time(why, (sim_time_t)c->vruntime);
	g_string_append(why, ", more than the wakeup granularity ");
	units_time(why, (sim_time_t)fair_calc_delta_fair(cfs_wakeup_gran(rq), &lw));
	if (lw.weight != 1024)
		g_string_append_printf(why, " (at %s's weight %" G_GUINT64_FORMAT ")", name,
				       (uint64_t)lw.weight);
}

static void cfs_explain(const struct rq *rq, const struct task *picked, GString *why)
{
	const struct cfs_conf *conf = rq->policy->conf;
	const struct cfs_rq *q = rq->priv;
	const struct cfs_task *ct;

	if (!picked) {
		g_string_append(why, "cfs: no runnable task");
		return;
	}
	ct = picked->priv;
	switch (q->pick_why) {
	case CFS_PICK_SKIPPED:
		g_string_append(why, "cfs: skip buddy: the lowest vruntime (");
		units_time(why, (sim_time_t)q->skipped);
		g_string_append(why, ") yielded and this task is within the wakeup granularity "
				     "of it: vruntime ");
		break;
	case CFS_PICK_SKIP_KEPT:
		g_string_append(why, "cfs: it yielded (skip buddy) but the next task is beyond "
				     "the wakeup granularity: lowest vruntime ");
		break;
	case CFS_PICK_SKIP_ALONE:
		g_string_append(why, "cfs: it yielded (skip buddy) but is the only task queued: "
				     "vruntime ");
		break;
	default:
		g_string_append(why, "cfs: lowest vruntime ");
		break;
	}
	units_time(why, (sim_time_t)ct->vruntime);
	g_string_append(why, " (min_vruntime ");
	units_time(why, (sim_time_t)q->min_vruntime);
	g_string_append_c(why, ')');
	if (q->pick_why == CFS_PICK_LOWEST && pheap_peek(&q->tree))
		cfs_explain_next(why, ct, cfs_of(pheap_peek(&q->tree)));
	g_string_append_printf(why,
			       "; nice %d weight %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
			       ", %u runnable: slice ",
			       picked->nice, cfs_load_of(ct).weight, q->load.weight, q->nr_running);
	units_time(why, (sim_time_t)cfs_slice_of(rq, ct, true));
	g_string_append(why, " of period ");
	units_time(why, (sim_time_t)cfs_period(rq, q->nr_running));
	if (conf->tick_hz)
		g_string_append_printf(why, ", checked at %u Hz ticks", conf->tick_hz);
}

static const struct param cfs_params[] = {
	{
		.name = "latency",
		.type = PARAM_DURATION,
		.def = "6ms",
		.help = "sched_latency: target period in which every task runs once (scaled)",
		.offset = offsetof(struct cfs_conf, latency),
		.min = 1,
	},
	{
		.name = "min_granularity",
		.type = PARAM_DURATION,
		.def = "0.75ms",
		.help = "sched_min_granularity: the shortest slice (scaled)",
		.offset = offsetof(struct cfs_conf, min_granularity),
		.min = 1,
	},
	{
		.name = "wakeup_granularity",
		.type = PARAM_DURATION,
		.def = "1ms",
		.help = "sched_wakeup_granularity: vruntime lead a wakee needs to preempt (scaled)",
		.offset = offsetof(struct cfs_conf, wakeup_granularity),
	},
	{
		.name = "tick_hz",
		.type = PARAM_UINT,
		.def = "250",
		.help = "scheduler tick (CONFIG_HZ); 0: decide exactly at slice ends (HRTICK)",
		.offset = offsetof(struct cfs_conf, tick_hz),
		.max = 100000,
	},
	{
		.name = "scale",
		.type = PARAM_ENUM,
		.def = "log",
		.help = "tunable scaling with CPUs: log (1 + ilog2(min(ncpus, 8))), none, linear",
		.offset = offsetof(struct cfs_conf, scale),
		.choices = fair_scale_choices,
	},
	{ 0 },
};

const struct policy_ops cfs_policy = {
	.name = "cfs",
	.summary = "Linux 6.1's Completely Fair Scheduler: vruntime, slices, ticks (task nice)",
	.params = cfs_params,
	.conf_size = sizeof(struct cfs_conf),
	.rq_priv_size = sizeof(struct cfs_rq),
	.task_priv_size = sizeof(struct cfs_task),
	.per_cpu_only = true,
	.enqueue = cfs_enqueue,
	.dequeue = cfs_dequeue,
	.pick_next = cfs_pick_next,
	.put_prev = cfs_put_prev,
	.update_curr = cfs_update_curr,
	.slice = cfs_slice,
	.wakeup_preempt = cfs_wakeup_preempt,
	.explain_preempt = cfs_explain_preempt,
	.tick_period = cfs_tick_period,
	.tick = cfs_tick,
	.explain_tick = cfs_explain_tick,
	.explain = cfs_explain,
};
