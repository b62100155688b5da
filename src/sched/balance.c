/*
 * balance.c - run queues across CPUs: placement, migration, balancing.
 *
 * With one run queue per CPU (the default), a task that becomes READY must
 * be given a CPU, and work must be moved between queues when it piles up on
 * some CPUs while others idle or carry less. We follow the kernel's shape
 * (kernel/sched/fair.c of Linux 6.x), for a flat machine of one scheduling
 * domain whose groups are single CPUs (the MC level: SD_SHARE_LLC):
 *
 * Placement (select_task_rq_fair, select_idle_sibling). A task the policy
 * still holds on its last CPU's queue (EEVDF's delayed dequeue) wakes there
 * (ttwu_runnable). Otherwise a waking task has a target CPU: its previous
 * one, or, when a task running on another CPU woke it (a pipe, a lock, a
 * runtime's hand-off), the one wake_affine chooses between the waker's CPU
 * and its previous one:
 *
 *   wake_affine_idle: on a synchronous wake-up (WF_SYNC: pipes), the
 *   waker's CPU if the waker runs alone there (nr_running == 1: it will be
 *   free once the waker sleeps); else the previous CPU if it is idle;
 *
 *   wake_affine_weight: else the waker's CPU if its load with the task
 *   (less the waker's own on a sync wake-up) is below the previous CPU's
 *   without it, raised by half the imbalance_pct (108 %), capacities equal.
 *
 * Then select_idle_sibling: the target if idle, else the previous CPU if
 * idle (a ping-pong whose partner's CPU is already idle stays apart), else
 * the lowest-numbered idle CPU, else the target. A new task goes to an idle
 * CPU, else to the one running fewest tasks (find_idlest_cpu). Affinity
 * (`cpus = 0,2`) limits every choice; the waker's CPU is a candidate only
 * if the task may run there.
 *
 * The cost of a wake-up (ttwu_queue, ttwu_queue_cond, ttwu_queue_wakelist):
 * one made by a running task and queued on another CPU than the waker's,
 * when that CPU is idle (nothing runs or is queued there, or its last task
 * is leaving it at this instant), is sent there, an interrupt that takes
 * that CPU out of its idle loop; the model's remote_wakeup is paid by that
 * CPU before the task runs. A busy CPU is not sent the wake-up: the waker
 * queues the task there itself (ttwu_queue_cond: "!cpu_rq(cpu)->nr_running"),
 * and it costs nothing more. A wake-up from a timer (a sleep, an I/O
 * completion, a timeout) has no waker task in the model: it pays when the
 * task lands on another, idle, CPU than its last, the one its timer was
 * armed on. A task spawned by another pays it when it is placed on another,
 * idle, CPU than its parent's: wake_up_new_task's wakeup_preempt
 * interrupts that CPU's idle loop (resched_curr) the same way.
 *
 * A CPU whose task blocked at this very instant counts as idle for
 * placement (available_idle_cpu): the schedule() that leaves it takes far
 * less than the system call of a waker that wakes at the same instant, so
 * the partner of a ping-pong whose own CPU is just going idle wakes there
 * (select_idle_sibling's previous CPU), as it does on Linux, and the pair
 * stays on two CPUs.
 *
 * Load (kernel/sched/pelt.c). Each task carries a PELT signal: its
 * runnable time (READY or running) in periods of 1024 us, decayed by y per
 * period with y^32 = 1/2 (a 32 ms half-life; LOAD_AVG_MAX 47742, the
 * runnable_avg_yN_inv table, decay_load, __accumulate_pelt_segments), and
 * load_avg = its weight (nice 0: 1024, sched_prio_to_weight) times the
 * runnable fraction. Each CPU carries the same signal weighted by the tasks
 * runnable on it (cfs_rq->avg); a task that arrives, or wakes on another CPU
 * than the one holding its load, brings its load along
 * (attach_entity_load_avg) and a task that leaves a CPU for good, by
 * migration or exit, takes its load away (detach_entity_load_avg); the load
 * of a sleeping task stays on its CPU and decays. A CPU's load is the
 * balancer's measure: a nice-0 busy loop weighs about 1024, two 2048.
 *
 * Newly idle balancing (sched_balance_newidle). A CPU that finds nothing to
 * run pulls one task from the busiest CPU. It looks no further when no CPU
 * is overloaded (the root domain's rd->overloaded), since only an
 * overloaded CPU has a task to give.
 *
 * Periodic balancing (sched_balance_domains, sched_balance_rq). Every
 * balance_interval = ncpus ms (sd_init: the domain's weight in ms), each
 * idle CPU, and each busy CPU every busy_factor = 16 intervals, balances:
 *
 *   update_sg_lb_stats/group_classify: each CPU is has_spare (nothing runs),
 *   fully_busy (one task) or overloaded (more); the busiest is the one of
 *   the highest class, then of the highest load (update_sd_pick_busiest).
 *   Nothing moves unless the busiest is overloaded and above this CPU's
 *   class, or both are overloaded and the busiest's load exceeds this CPU's
 *   by imbalance_pct = 117 % (find_busiest_group).
 *
 *   calculate_imbalance: an idle CPU evens out the number of tasks
 *   (migrate_task: half the difference, sibling_imbalance); a busy one
 *   takes load (migrate_load) towards the average of the domain,
 *   imbalance = min(busiest - average, average - local), and nothing if it
 *   is already at or above the average.
 *
 *   detach_tasks: tasks are taken from the tail of the busiest CPU's list
 *   (the least recently queued), at most sysctl_sched_nr_migrate = 32
 *   examined; never the running one; never against affinity; not a
 *   cache-hot one, which last ran less than sysctl_sched_migration_cost =
 *   0.5 ms ago (task_hot), unless balancing from this CPU has failed more
 *   than cache_nice_tries = 1 times in a row; with migrate_load not one
 *   whose load, halved once per failed pass (load >> nr_balance_failed),
 *   exceeds what is left of the imbalance. An idle CPU never empties the
 *   busiest. A pass that moves nothing counts a failure (nr_balance_failed),
 *   one that moves resets the count.
 *
 * So three equal busy loops on two CPUs do not stay 2 + 1: the lone one's
 * CPU sees loads 2048 and 1024, average 1536, imbalance 512; a task of load
 * 1024 is too heavy at first, but after one failed pass 1024 >> 1 fits and
 * one moves. The CPU it left now carries one task and does the same in
 * turn, and the loops rotate, as on Linux.
 *
 * Not modelled: wake_wide (the flips of one waker among many wakees, which
 * turn wake_affine off for a server and its clients), the recently used
 * CPU of select_idle_sibling and its scan from the target onwards (we scan
 * from cpu0), utilisation (util_avg, misfit), active balancing of the
 * running task (need_active_balance), the blocked load of a task that
 * sleeps in a policy's queue (EEVDF's delayed dequeue), NUMA and SMT
 * levels, the doubling of balance_interval while balanced.
 *
 * Cost over many CPUs. The core keeps two bitmaps of CPUs by the tasks on
 * them (s->idle: none, s->overloaded: two or more), so select_idle_sibling
 * takes the lowest idle CPU the task may use with a find-first-set, and a
 * balancing pass with no overloaded CPU other than its own ends without
 * reading every CPU (the loads such a pass would have brought up to date
 * are brought up to date lazily, bit for bit: pelt_mark_all). A pass with an
 * overloaded CPU, and a periodic pass whose loads are recorded, still read
 * every CPU, as find_busiest_group does: the busiest by load cannot be kept
 * in order while every load decays.
 *
 * Every migration is a REC_MIGRATE record whose reason gives the loads and
 * the rule that chose it; each balance pass's loads are REC_LOAD counters,
 * a CPU's only when it changed since the last it gave.
 */
#include "base/units.h"
#include "policy/fair.h"
#include "sched/pelt.h"
#include "sched/sched_int.h"

#define MIGRATION_COST	 (500 * SIM_US) /* sysctl_sched_migration_cost */
#define IMBALANCE_PCT	 117		/* sd_init(), MC level */
#define BUSY_FACTOR	 16		/* sd_init(), since v5.10 */
#define CACHE_NICE_TRIES 1		/* sd_init(), MC level */
#define NR_MIGRATE	 32		/* sysctl_sched_nr_migrate */

/* ------------------------------------------------------------------ PELT */

static uint64_t task_weight(const struct task *t)
{
	return fair_load_of_nice(t->nice).weight;
}

bool balance_loads(const struct sched *s)
{
	return !s->global_queue && s->ncpus > 1;
}

static bool pelt_on(const struct sched *s)
{
	return s->load_offset != 0;
}

bool balance_periodic(const struct sched *s)
{
	return !s->global_queue && s->ncpus >= 2 && s->policy.ops->dequeue;
}

/* A CPU's load, brought up to now: first the marks it has not seen (pelt.h). */
static void cpu_load_update(const struct sched *s, struct cpu *c)
{
	pelt_catch_up(&s->marks, &c->load, &c->marks_seen, s->eng.now, c->weight);
	pelt_update(&c->load, s->eng.now, c->weight, 1);
}

/*
 * Every CPU's load is brought up to now, lazily: a balancing pass that ends
 * without reading every CPU leaves a mark, as if it had (pelt_mark).
 */
static void pelt_mark_all(struct sched *s)
{
	if (pelt_mark(&s->marks, s->eng.now))
		for (uint32_t i = 0; i < s->ncpus; i++)
			pelt_catch_up(&s->marks, &s->cpus[i].load, &s->cpus[i].marks_seen,
				      s->eng.now, s->cpus[i].weight);
}

/* attach_entity_load_avg(): t's load joins c's. */
static void pelt_attach(struct sched *s, struct task *t, struct cpu *c)
{
	struct task_load *st = load_of(s, t);

	c->load.load_sum += task_weight(t) * st->pelt.load_sum;
	c->load.load_avg += st->pelt.load_avg;
	st->cpu = (int16_t)c->id;
}

/* detach_entity_load_avg(): t's load leaves the CPU that holds it. */
static void pelt_detach(struct sched *s, struct task *t)
{
	struct task_load *st = load_of(s, t);
	struct cpu *c;
	uint64_t sum;

	if (st->cpu < 0)
		return;
	c = &s->cpus[st->cpu];
	cpu_load_update(s, c);
	sum = task_weight(t) * st->pelt.load_sum;
	c->load.load_sum = c->load.load_sum > sum ? c->load.load_sum - sum : 0;
	c->load.load_avg =
		c->load.load_avg > st->pelt.load_avg ? c->load.load_avg - st->pelt.load_avg : 0;
	st->cpu = -1;
}

void balance_task_join_load(struct sched *s, struct task *t, struct cpu *c, bool fresh)
{
	struct task_load *st = load_of(s, t);

	if (fresh) {
		/*
		 * init_entity_runnable_average(): a new task starts with a full
		 * load, seen as heavy until it settles to its own level.
		 */
		st->pelt.last_update = s->eng.now >> 10;
		st->pelt.period_contrib = 0;
		st->pelt.load_sum = PELT_MIN_DIVIDER;
		st->pelt.load_avg = (uint32_t)task_weight(t);
	}
	pelt_update(&st->pelt, s->eng.now, 0, task_weight(t)); /* it slept until now */
	cpu_load_update(s, c);
	if (st->cpu != (int16_t)c->id) {
		pelt_detach(s, t);
		pelt_attach(s, t, c);
	}
	c->weight += task_weight(t);
}

void balance_task_leave_load(struct sched *s, struct task *t, struct cpu *c, bool exits)
{
	struct task_load *st = load_of(s, t);

	pelt_update(&st->pelt, s->eng.now, 1, task_weight(t));
	cpu_load_update(s, c);
	c->weight -= task_weight(t);
	if (exits)
		pelt_detach(s, t);
}

/* A CPU's load now. */
static uint32_t cpu_load(const struct sched *s, struct cpu *c)
{
	cpu_load_update(s, c);
	return c->load.load_avg;
}

/* A READY task's load now (it has been runnable since its last update). */
static uint32_t task_load(const struct sched *s, struct task *t)
{
	struct task_load *st = load_of(s, t);

	pelt_update(&st->pelt, s->eng.now, 1, task_weight(t));
	return st->pelt.load_avg;
}

/* ------------------------------------------------------------ run queues */

/* Idle: nothing runs or is queued; a CPU whose task just left counts (see above). */
static inline bool cpu_idle(const struct sched *s, const struct cpu *c)
{
	return s->idle[c->id / 64] >> (c->id % 64) & 1;
}

/*
 * The lowest-numbered CPU of `mask` (s->idle, s->overloaded) that g allows,
 * other than `except` (NULL: none): a find-first-set over the words.
 */
static struct cpu *first_cpu(const struct sched *s, const uint64_t *mask,
			     const struct task_group *g, const struct cpu *except)
{
	for (uint32_t w = 0; w < s->nresched; w++) {
		uint64_t bits = mask[w];

		if (g && g->affinity)
			bits &= g->affinity[w];
		if (except && except->id / 64 == w)
			bits &= ~(UINT64_C(1) << (except->id % 64));
		if (bits)
			return &s->cpus[w * 64 + (uint32_t)__builtin_ctzll(bits)];
	}
	return NULL;
}

/* A sleeping task's load now (decayed over its sleep, as it is about to wake). */
static uint32_t sleeper_load(const struct sched *s, struct task *t)
{
	struct task_load *st = load_of(s, t);

	pelt_update(&st->pelt, s->eng.now, 0, task_weight(t));
	return st->pelt.load_avg;
}

/*
 * wake_affine(): whether t, woken by the task running on `this`, should be
 * pulled there from `prev` (its last CPU, another one). Returns the target
 * select_idle_sibling then starts from.
 */
static struct cpu *wake_affine(struct sched *s, struct task *t, struct cpu *this, struct cpu *prev,
			       bool sync)
{
	int64_t this_eff, prev_eff;
	uint64_t this_load, load;

	/* wake_affine_idle(): `this` runs the waker, so it is never idle. */
	if (sync && cpu_nr_running(this) == 1)
		return this; /* the waker alone, about to sleep: this CPU will be free */
	if (cpu_idle(s, prev))
		return prev;
	if (!pelt_on(s))
		return prev;
	/* wake_affine_weight(): the loads with t moved, capacities all equal. */
	this_load = cpu_load(s, this);
	if (sync && this->curr) {
		uint64_t waker_load = task_load(s, this->curr);

		if (waker_load > this_load)
			return this;
		this_load -= waker_load; /* the waker will sleep */
	}
	load = sleeper_load(s, t);
	this_eff = (int64_t)(this_load + load) * 100;
	prev_eff = ((int64_t)cpu_load(s, prev) - (int64_t)load) * (100 + (IMBALANCE_PCT - 100) / 2);
	if (sync)
		prev_eff++;
	return this_eff < prev_eff ? this : prev;
}

/* The lowest-numbered CPU g allows that is neither idle nor overloaded, or NULL. */
static struct cpu *first_single(const struct sched *s, const struct task_group *g)
{
	for (uint32_t w = 0; w < s->nresched; w++) {
		uint64_t bits = ~(s->idle[w] | s->overloaded[w]);

		if (g->affinity)
			bits &= g->affinity[w];
		if (w == s->ncpus / 64)
			bits &= (UINT64_C(1) << (s->ncpus % 64)) - 1; /* no CPU past the last */
		if (bits)
			return &s->cpus[w * 64 + (uint32_t)__builtin_ctzll(bits)];
	}
	return NULL;
}

struct cpu *balance_select_cpu(struct sched *s, struct task *t, unsigned flags, struct cpu *waker,
			       bool sync)
{
	const struct task_group *g = t->group;
	struct cpu *best = NULL, *prev = NULL, *target, *c = NULL;
	uint32_t best_load = UINT32_MAX;
	bool wakeup = flags & ENQ_WAKEUP;

	if (s->global_queue)
		return NULL;
	if (!s->track)
		return &s->cpus[0]; /* one CPU */
	if (t->cpu >= 0 && task_group_allows_cpu(g, (uint32_t)t->cpu))
		prev = &s->cpus[t->cpu];
	if (wakeup && t->cpu >= 0 && s->policy.ops->still_queued &&
	    s->policy.ops->still_queued(&s->rqs[t->cpu], t))
		return &s->cpus[t->cpu]; /* ttwu_runnable(): still on its queue, no IPI */
	target = prev;
	if (wakeup && waker && prev && waker != prev && task_group_allows_cpu(g, waker->id))
		target = wake_affine(s, t, waker, prev, sync);
	/* select_idle_sibling(): the target or the previous CPU if idle, else an idle CPU. */
	if (target && cpu_idle(s, target))
		c = target;
	else if (prev && prev != target && cpu_idle(s, prev))
		c = prev;
	if (!c)
		c = first_cpu(s, s->idle, g, NULL);
	if (!c && target && !(flags & ENQ_NEW))
		c = target;
	/*
	 * find_idlest_cpu(): the CPU running fewest tasks. None g allows is
	 * idle here, so one that is not overloaded runs one task, the fewest.
	 */
	if (!c)
		c = first_single(s, g);
	for (uint32_t i = 0; i < s->ncpus && !c; i++) {
		uint32_t load = cpu_nr_running(&s->cpus[i]);

		if (task_group_allows_cpu(g, i) && load < best_load) {
			best = &s->cpus[i];
			best_load = load;
		}
	}
	if (!c)
		c = best;
	g_assert(c); /* scenario_load rejects an empty affinity */
	/*
	 * ttwu_queue(): a wake-up queued on another, idle, CPU than the
	 * waker's is sent there (an interrupt, an idle exit); one without a
	 * waker task (a timer) costs when the task leaves the CPU it last ran
	 * on for an idle one. A busy CPU is queued on directly (ttwu_queue_cond).
	 */
	if (wakeup && (waker ? c != waker : t->cpu >= 0 && (uint32_t)t->cpu != c->id) &&
	    cpu_idle(s, c))
		st_of(t)->remote_wake = true;
	/*
	 * wake_up_new_task(): a child placed on another, idle, CPU than its
	 * parent's is sent there the same way (wakeup_preempt, resched_curr's
	 * interrupt to the idle CPU). A task with no parent has no CPU to
	 * send from.
	 */
	if ((flags & ENQ_NEW) && t->parent && t->parent->cpu >= 0 &&
	    (uint32_t)t->parent->cpu != c->id && cpu_idle(s, c))
		st_of(t)->remote_wake = true;
	return c;
}

/* Move READY task t from src's queue to dst's, for `why`. */
static void migrate(struct sched *s, struct task *t, struct cpu *src, struct cpu *dst,
		    const char *why)
{
	const struct policy_ops *ops = s->policy.ops;

	rq_sync(s, src->rq);
	ops->dequeue(src->rq, t, DEQ_MIGRATE);
	src->rq->nr_queued--;
	rq_list_del(s, src->rq, t);
	cpu_nr_changed(s, src);
	if (pelt_on(s)) {
		task_load(s, t);
		cpu_load_update(s, src);
		src->weight -= task_weight(t);
		pelt_detach(s, t);
		cpu_load_update(s, dst);
		pelt_attach(s, t, dst);
		dst->weight += task_weight(t);
	}
	sched_emit_queue(s, src->rq);
	dst->stats.migrations++;
	if (s->sink.emit)
		sched_emit(s, REC_MIGRATE, dst, t, (sim_time_t)src->id, why);
	rq_sync(s, dst->rq);
	ops->enqueue(dst->rq, t, ENQ_MIGRATED);
	dst->rq->nr_queued++;
	rq_list_add(s, dst->rq, t);
	cpu_nr_changed(s, dst);
	sched_emit_queue(s, dst->rq);
}

/* group_classify() for a group of one CPU, without utilisation. */
enum group_type { GROUP_HAS_SPARE, GROUP_FULLY_BUSY, GROUP_OVERLOADED };

static const char *const group_type_name[] = { "has spare", "fully busy", "overloaded" };

static enum group_type cpu_class(const struct sched *s, const struct cpu *c)
{
	uint32_t nr = cpu_nr_running(c);

	return nr == 0 ? GROUP_HAS_SPARE : nr == 1 ? GROUP_FULLY_BUSY : GROUP_OVERLOADED;
}

/* Why a newidle pass from src's queue moved nothing, in s->lb_why. */
static void lb_explain_none(struct sched *s, const struct cpu *src, const struct task *hot_task,
			    uint32_t pinned, uint32_t heavy)
{
	char name[RECORD_NAME_ROOM];

	g_string_printf(s->lb_why, "newidle balance: nothing pulled from cpu%u", src->id);
	if (hot_task) {
		task_format_name(hot_task, name, sizeof(name));
		g_string_append_printf(s->lb_why, ": %s ran there ", name);
		units_time(s->lb_why, s->eng.now - hot_task->last_ran);
		g_string_append(s->lb_why, " ago, less than the migration cost ");
		units_time(s->lb_why, MIGRATION_COST);
		g_string_append(s->lb_why, " (cache-hot, task_hot())");
	}
	if (pinned)
		g_string_append_printf(s->lb_why, "%s%u task%s not allowed here (affinity)",
				       hot_task ? "; " : ": ", pinned, pinned == 1 ? "" : "s");
	if (heavy)
		g_string_append_printf(s->lb_why, "%s%u task%s too heavy for the imbalance",
				       hot_task || pinned ? "; " : ": ", heavy,
				       heavy == 1 ? "" : "s");
}

/*
 * sched_balance_rq() from dst's point of view (newidle: a CPU about to go
 * idle, which takes one task). Returns how many tasks moved.
 */
static uint32_t load_balance(struct sched *s, struct cpu *dst, bool newidle)
{
	enum group_type local_type = cpu_class(s, dst), busiest_type = GROUP_HAS_SPARE;
	uint64_t local_load, busiest_load = 0, total = 0, avg;
	int64_t imbalance;
	bool by_load;
	struct cpu *src = NULL;
	uint32_t moved = 0, examined = 0, id, pinned = 0, heavy = 0;
	const struct task *hot_task = NULL;
	char why[200];

	/*
	 * Only an overloaded CPU has a task to give (see below): without one
	 * the pass ends balanced and needs no scan, as sched_balance_newidle()
	 * looks no further unless the root domain is overloaded
	 * (rd->overloaded: some CPU runs two tasks or more). The loads the scan
	 * would have refreshed are refreshed lazily; a periodic pass that
	 * records them scans.
	 */
	if ((newidle || !s->sink.emit) && !first_cpu(s, s->overloaded, NULL, dst)) {
		if (pelt_on(s))
			pelt_mark_all(s);
		dst->lb_failed = 0;
		return 0;
	}
	local_load = pelt_on(s) ? cpu_load(s, dst) : 0;
	for (uint32_t i = 0; i < s->ncpus; i++) {
		struct cpu *c = &s->cpus[i];
		enum group_type type = cpu_class(s, c);
		uint64_t load = pelt_on(s) ? cpu_load(s, c) : 0;

		total += load;
		/* A load as the last pass gave it says nothing new: every sink
		 * keeps the last value of a counter. */
		if (s->sink.emit && !newidle && s->load_said[i] != (int64_t)load) {
			s->load_said[i] = (int64_t)load;
			sched_emit(s, REC_LOAD, c, NULL, (sim_time_t)load, NULL);
		}
		if (c == dst)
			continue;
		/* update_sd_pick_busiest(): the highest class, then the highest load. */
		if (!src || type > busiest_type || (type == busiest_type && load > busiest_load)) {
			src = c;
			busiest_type = type;
			busiest_load = load;
		}
	}
	/* find_busiest_group(): only an overloaded CPU has a task to give. */
	avg = total / s->ncpus; /* sds->avg_load, capacities all 1024 */
	if (!src || busiest_type != GROUP_OVERLOADED || src->rq->nr_queued == 0 ||
	    (local_type == GROUP_OVERLOADED &&
	     (local_load >= busiest_load || local_load >= avg ||
	      busiest_load * 100 <= local_load * IMBALANCE_PCT))) {
		dst->lb_failed = 0; /* out_balanced: nr_balance_failed = 0 */
		return 0;
	}
	/* calculate_imbalance() */
	if (local_type == GROUP_HAS_SPARE) {
		/* sibling_imbalance(): even out the number of tasks. */
		by_load = false;
		imbalance = MAX((int64_t)(cpu_nr_running(src) - cpu_nr_running(dst)) / 2, 1);
	} else {
		if (local_load >= busiest_load || local_load >= avg) {
			dst->lb_failed = 0;
			return 0;
		}
		by_load = true;
		imbalance = (int64_t)MIN(busiest_load - avg, avg - local_load);
	}
	if (newidle)
		imbalance = by_load ? imbalance : 1;
	/* detach_tasks() */
	id = s->lists[src->rq - s->rqs].tail;
	while (id != NO_TASK && imbalance > 0 && examined++ < NR_MIGRATE) {
		struct task *t = task_at(s, id);
		bool hot =
			t->last_ran != SIM_TIME_NONE && s->eng.now - t->last_ran < MIGRATION_COST;
		uint64_t load = 0;

		id = st_of(t)->qprev;
		if (local_type == GROUP_HAS_SPARE && cpu_nr_running(src) <= 1)
			break; /* an idle CPU never empties the busiest */
		if (!task_group_allows_cpu(t->group, dst->id)) {
			pinned++;
			continue;
		}
		if (hot && dst->lb_failed <= CACHE_NICE_TRIES) {
			if (!hot_task)
				hot_task = t;
			continue; /* task_hot() */
		}
		if (by_load) {
			load = MAX(task_load(s, t), 1);
			if ((load >> MIN(dst->lb_failed, 63)) > (uint64_t)imbalance) {
				heavy++;
				continue; /* too heavy for what is left of the imbalance */
			}
		}
		if (s->sink.emit) {
			if (by_load)
				g_snprintf(why, sizeof(why),
					   "%s balance: cpu%u load %" G_GUINT64_FORMAT
					   " (%s) > cpu%u load %" G_GUINT64_FORMAT
					   ", average %" G_GUINT64_FORMAT
					   ", imbalance %" G_GINT64_FORMAT
					   "; task load %" G_GUINT64_FORMAT
					   " after %u failed passes",
					   newidle ? "newidle" : "periodic", src->id, busiest_load,
					   group_type_name[busiest_type], dst->id, local_load, avg,
					   imbalance, load, dst->lb_failed);
			else
				g_snprintf(why, sizeof(why),
					   "%s balance: cpu%u runs %u tasks (%s, load "
					   "%" G_GUINT64_FORMAT
					   "), cpu%u %u (%s): even the number of tasks",
					   newidle ? "newidle" : "periodic", src->id,
					   cpu_nr_running(src), group_type_name[busiest_type],
					   busiest_load, dst->id, cpu_nr_running(dst),
					   group_type_name[local_type]);
		}
		migrate(s, t, src, dst, s->sink.emit ? why : NULL);
		moved++;
		imbalance -= by_load ? (int64_t)load : 1;
		if (newidle)
			break; /* a newly idle CPU takes one task */
	}
	if (moved)
		dst->lb_failed = 0;
	else if (!newidle)
		dst->lb_failed++; /* nr_balance_failed: periodic passes only */
	if (!moved && newidle && want_why(s))
		lb_explain_none(s, src, hot_task, pinned, heavy);
	return moved;
}

bool balance_newidle(struct sched *s, struct cpu *c)
{
	if (s->global_queue || s->ncpus < 2 || !s->policy.ops->dequeue)
		return false;
	return load_balance(s, c, true) > 0;
}

static sim_time_t balance_interval(const struct sched *s)
{
	return (sim_time_t)s->ncpus * SIM_MS;
}

void balance_arm_timer(struct sched *s)
{
	sim_time_t at = sim_time_next_multiple(s->eng.now, balance_interval(s));

	/* none past the largest time: housekeeping must not keep a finished run going */
	if (at < SIM_TIME_INF)
		engine_at(&s->eng, &s->balance_ev, at, EV_PHASE_TICK);
}

void balance_quiesce_slow(struct sched *s)
{
	for (uint32_t i = 0; i < s->ncpus; i++)
		if (s->cpus[i].curr || s->cpus[i].requeue)
			return;
	for (uint32_t i = 0; i < s->nrqs; i++)
		if (s->rqs[i].nr_queued > 0)
			return;
	engine_cancel(&s->eng, &s->balance_ev);
}

void balance_on_event(struct event *ev, void *ctx)
{
	struct sched *s = ctx;
	bool waiting = false;

	s->balance_ticks++;
	for (uint32_t i = 0; i < s->ncpus; i++) {
		struct cpu *c = &s->cpus[i];
		bool busy = c->curr || c->requeue;

		if (busy && s->balance_ticks % BUSY_FACTOR)
			continue;
		if (load_balance(s, c, false) && !busy)
			sched_request_dispatch(s, c);
	}
	for (uint32_t i = 0; i < s->nrqs; i++)
		waiting |= s->rqs[i].nr_queued > 0;
	if (waiting)
		balance_arm(s);
}
