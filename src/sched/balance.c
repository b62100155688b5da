/*
 * balance.c - run queues across CPUs: placement, migration, balancing.
 *
 * With one run queue per CPU (the default), a task that becomes READY must
 * be given a CPU, and work must be moved between queues when it piles up on
 * some CPUs while others idle. We follow the kernel's shape
 * (kernel/sched/fair.c), for a flat
 * machine of one scheduling domain:
 *
 * Placement (select_task_rq_fair, select_idle_sibling). A waking task goes
 * to the CPU it last ran on if that CPU is idle, else to the lowest-numbered
 * idle CPU, else back to its previous CPU (its cache is there). A new task
 * goes to an idle CPU, else to the least loaded one (find_idlest_cpu).
 * Affinity (`cpus = 0,2`) limits every choice.
 *
 * Newly idle balancing (newidle_balance). A CPU that finds nothing to run
 * pulls one task from the busiest CPU.
 *
 * Periodic balancing (rebalance_domains, load_balance). Every
 * balance_interval = ncpus ms (sd_init: the domain's weight in ms), each
 * idle CPU, and each busy CPU every busy_factor = 16 intervals, looks for
 * the busiest CPU; if that CPU's load exceeds its own by imbalance_pct = 117
 * % and by at least two tasks, it pulls half the difference.
 *
 * What moves (can_migrate_task, task_hot, detach_tasks). Tasks are taken from
 * the tail of the source's list, the least recently queued; never the
 * running one; never against affinity; not a cache-hot one, which last ran
 * less than sysctl_sched_migration_cost = 0.5 ms ago, unless balancing from
 * this CPU has failed more than cache_nice_tries = 1 times in a row; at most
 * sysctl_sched_nr_migrate = 32 tasks are examined per pass.
 *
 * Load is the number of tasks on a CPU (running and READY), not the
 * kernel's PELT-weighted load: it is what matters for the textbook policies
 * and an honest first approximation for the others.
 */
#include "sched/sched_int.h"

#define MIGRATION_COST	 (500 * SIM_US) /* sysctl_sched_migration_cost */
#define IMBALANCE_PCT	 117		/* sd_init(), MC level */
#define BUSY_FACTOR	 16		/* sd_init(), since v5.10 */
#define CACHE_NICE_TRIES 1		/* sd_init(), MC level */
#define NR_MIGRATE	 32		/* sysctl_sched_nr_migrate */

static inline struct rq_list *list_of(struct sched *s, const struct rq *rq)
{
	return &s->lists[rq - s->rqs];
}

void rq_list_add(struct sched *s, struct rq *rq, struct task *t)
{
	struct rq_list *l = list_of(s, rq);

	struct sched_task *st = st_of(t);

	st->qprev = NO_TASK;
	st->qnext = l->head;
	if (l->head != NO_TASK)
		st_of(task_at(s, l->head))->qprev = t->id;
	else
		l->tail = t->id;
	l->head = t->id;
}

void rq_list_del(struct sched *s, struct rq *rq, struct task *t)
{
	struct rq_list *l = list_of(s, rq);
	struct sched_task *st = st_of(t);

	if (st->qprev != NO_TASK)
		st_of(task_at(s, st->qprev))->qnext = st->qnext;
	else
		l->head = st->qnext;
	if (st->qnext != NO_TASK)
		st_of(task_at(s, st->qnext))->qprev = st->qprev;
	else
		l->tail = st->qprev;
	st->qprev = st->qnext = NO_TASK;
}

/* Tasks on CPU c: running or about to be re-queued, plus its queue's READY ones. */
static uint32_t cpu_nr_running(const struct sched *s, const struct cpu *c)
{
	return (c->curr || c->requeue ? 1 : 0) + c->rq->nr_queued;
}

static inline bool cpu_idle(const struct sched *s, const struct cpu *c)
{
	return cpu_nr_running(s, c) == 0 && !c->need_resched;
}

struct cpu *balance_select_cpu(struct sched *s, struct task *t, unsigned flags)
{
	const struct task_group *g = t->group;
	struct cpu *best = NULL;
	uint32_t best_load = UINT32_MAX;

	if (s->global_queue)
		return NULL;
	if ((flags & ENQ_WAKEUP) && t->cpu >= 0 && s->policy.ops->still_queued &&
	    s->policy.ops->still_queued(&s->rqs[t->cpu], t))
		return &s->cpus[t->cpu]; /* ttwu_runnable(): still on its queue */
	if (t->cpu >= 0 && task_group_allows_cpu(g, (uint32_t)t->cpu) &&
	    cpu_idle(s, &s->cpus[t->cpu]))
		return &s->cpus[t->cpu];
	for (uint32_t i = 0; i < s->ncpus; i++)
		if (task_group_allows_cpu(g, i) && cpu_idle(s, &s->cpus[i]))
			return &s->cpus[i];
	if (t->cpu >= 0 && task_group_allows_cpu(g, (uint32_t)t->cpu) && !(flags & ENQ_NEW))
		return &s->cpus[t->cpu];
	for (uint32_t i = 0; i < s->ncpus; i++) {
		uint32_t load = cpu_nr_running(s, &s->cpus[i]);

		if (task_group_allows_cpu(g, i) && load < best_load) {
			best = &s->cpus[i];
			best_load = load;
		}
	}
	g_assert(best); /* scenario_load rejects an empty affinity */
	return best;
}

/* Move READY task t from src's queue to dst's. */
static void migrate(struct sched *s, struct task *t, struct cpu *src, struct cpu *dst)
{
	const struct policy_ops *ops = s->policy.ops;

	rq_sync(s, src->rq);
	ops->dequeue(src->rq, t, DEQ_MIGRATE);
	src->rq->nr_queued--;
	rq_list_del(s, src->rq, t);
	sched_emit(s, REC_QUEUE, src, NULL, (sim_time_t)src->rq->nr_queued, NULL);
	dst->stats.migrations++;
	rq_sync(s, dst->rq);
	ops->enqueue(dst->rq, t, ENQ_MIGRATED);
	dst->rq->nr_queued++;
	rq_list_add(s, dst->rq, t);
	sched_emit(s, REC_QUEUE, dst, NULL, (sim_time_t)dst->rq->nr_queued, NULL);
}

/*
 * Pull up to `want` tasks from the busiest CPU to dst. Returns how many
 * moved.
 */
static uint32_t pull(struct sched *s, struct cpu *dst, uint32_t want, bool newidle)
{
	uint32_t local = cpu_nr_running(s, dst), busiest_load = 0, moved = 0, examined = 0;
	struct cpu *src = NULL;
	uint32_t id;

	for (uint32_t i = 0; i < s->ncpus; i++) {
		struct cpu *c = &s->cpus[i];
		uint32_t load = cpu_nr_running(s, c);

		if (c != dst && c->rq->nr_queued > 0 && load > busiest_load) {
			src = c;
			busiest_load = load;
		}
	}
	if (!src)
		return 0;
	if (!newidle) {
		if ((uint64_t)busiest_load * 100 <= (uint64_t)local * IMBALANCE_PCT ||
		    busiest_load < local + 2)
			return 0;
		want = (busiest_load - local) / 2;
	}
	id = s->lists[src->rq - s->rqs].tail;
	while (id != NO_TASK && moved < want && examined++ < NR_MIGRATE) {
		struct task *t = task_at(s, id);
		bool hot =
			t->last_ran != SIM_TIME_NONE && s->eng.now - t->last_ran < MIGRATION_COST;

		id = st_of(t)->qprev;
		if (!task_group_allows_cpu(t->group, dst->id))
			continue;
		if (hot && dst->lb_failed <= CACHE_NICE_TRIES)
			continue;
		migrate(s, t, src, dst);
		moved++;
	}
	if (moved)
		dst->lb_failed = 0;
	else
		dst->lb_failed++;
	return moved;
}

bool balance_newidle(struct sched *s, struct cpu *c)
{
	if (s->global_queue || s->ncpus < 2 || !s->policy.ops->dequeue)
		return false;
	return pull(s, c, 1, true) > 0;
}

static sim_time_t balance_interval(const struct sched *s)
{
	return (sim_time_t)s->ncpus * SIM_MS;
}

void balance_arm(struct sched *s)
{
	sim_time_t p;

	if (s->global_queue || s->ncpus < 2 || !s->policy.ops->dequeue ||
	    event_pending(&s->balance_ev))
		return;
	p = balance_interval(s);
	engine_at(&s->eng, &s->balance_ev, (s->eng.now / p + 1) * p, EV_PHASE_TICK);
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
		if (pull(s, c, 0, false) && !busy)
			sched_request_dispatch(s, c);
	}
	for (uint32_t i = 0; i < s->nrqs; i++)
		waiting |= s->rqs[i].nr_queued > 0;
	if (waiting)
		balance_arm(s);
}
