/*
 * sched.c - the scheduler core; see sched.h.
 *
 * How a run goes. sim_new builds every task of the scenario up front (one
 * array, one block of policy-private areas) and queues each task's arrival
 * at its arrival time, in id order, so that simultaneous arrivals keep file
 * order. Then engine_run fires events, in (time, phase, seq) order:
 *
 *   COMPLETION  a CPU's event: the running burst or the slice ends.
 *               The task advances through its program (task_step): it may
 *               go on computing, block, yield or exit; or its slice is over.
 *   WAKEUP      a task's event: it arrives, its creation completes, or its
 *               I/O or sleep ends. It becomes READY: the policy enqueues it,
 *               an idle CPU is asked to dispatch, or the policy is asked
 *               whether it preempts a running task.
 *   DISPATCH    one event per simulation: every CPU that needs a decision,
 *               in CPU order, re-queues the task it just took off (expired,
 *               preempted, yielded) and asks the policy for the next one.
 *
 * Because dispatch comes last at an instant, a decision sees every arrival
 * and every completion of that instant; the order in which a re-queued task
 * and a newcomer meet in the queue is then a policy's named convention
 * ([rr] new_first), not an accident of event order.
 *
 * Costs come from the model: a switch to a different task costs the
 * switching CPU switch_process, switch_thread or switch_coroutine according
 * to the two tasks' address spaces and kinds; a switch to an address space
 * the CPU's TLB does not hold (in its PCID slots) flushes it and the
 * incoming task pays a refill per page of its working set, up to the TLB's
 * entries. Both are CPU time of the switching CPU, not of the task. A task
 * becomes READY only once its creation cost (fork, pthread_create,
 * coroutine) has passed after its arrival. Memory is held from arrival to
 * exit: an address space per process, a stack and kernel part per thread, a
 * frame per coroutine, plus each task's own `memory`; going past the
 * model's RAM stops the run.
 *
 * Nothing on the per-event path allocates: events are embedded in tasks
 * and CPUs, and queues live in the policies' private areas. Costs are in
 * costs.c; placement and load balancing across CPUs in balance.c.
 */
#include <stdarg.h>
#include <string.h>

#include "base/units.h"
#include "sched/sched_int.h"

/* clang-format off */
G_DEFINE_QUARK(schedlab-sim-error-quark, sim_error)
/* clang-format on */

/* ---------------------------------------------------------------- records */

void sched_emit(struct sim *s, enum record_kind kind, const struct cpu *c, const struct task *t,
		sim_time_t length, const char *why)
{
	char name[TASK_NAME_MAX];
	struct record r = {
		.time = s->eng.now,
		.kind = kind,
		.cpu = c ? (int)c->id : -1,
		.task = t ? t->id : UINT32_MAX,
		.task_name = NULL,
		.length = length,
		.why = why,
	};

	if (!s->sink.emit)
		return;
	if (t) {
		task_format_name(t, name, sizeof(name));
		r.task_name = name;
	}
	s->sink.emit(s->sink.ctx, &r);
}

/* The queue counter after rq changed. */
static void emit_queue(struct sim *s, const struct rq *rq)
{
	if (s->sink.emit)
		sched_emit(s, REC_QUEUE, rq->cpu >= 0 ? &s->cpus[rq->cpu] : NULL, NULL,
			   (sim_time_t)rq->nr_queued, NULL);
}

#define emit sched_emit

void sched_fail(struct sim *s, enum sim_error_code code, const char *fmt, ...)
{
	va_list ap;

	if (s->failure)
		return;
	va_start(ap, fmt);
	s->failure = g_error_new_valist(SIM_ERROR, code, fmt, ap);
	va_end(ap);
	engine_stop(&s->eng);
}

/* A reason built in s->why, or NULL when nobody asked for reasons. */
static const char *why_printf(struct sim *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static const char *why_printf(struct sim *s, const char *fmt, ...)
{
	va_list ap;

	if (!want_why(s))
		return NULL;
	g_string_truncate(s->why, 0);
	va_start(ap, fmt);
	g_string_append_vprintf(s->why, fmt, ap);
	va_end(ap);
	return s->why->str;
}

static const char *why_time(struct sim *s, const char *prefix, sim_time_t t)
{
	if (!want_why(s))
		return NULL;
	g_string_assign(s->why, prefix);
	units_time(s->why, t);
	return s->why->str;
}

/* ------------------------------------------------------------ accounting */

/* Bring the running task's accounting up to the present. */
static void update_curr(struct sim *s, struct cpu *c)
{
	struct task *t = c->curr;
	sim_time_t from = sim_time_max(c->accounted, c->run_start);
	sim_time_t d;

	if (!t || s->eng.now <= from)
		return;
	d = s->eng.now - from;
	g_assert(d <= t->remaining);
	t->remaining -= d;
	t->cpu_time += d;
	c->ran += d;
	c->stats.busy += d;
	c->accounted = s->eng.now;
	if (s->policy.ops->update_curr) {
		rq_sync(s, c->rq);
		s->policy.ops->update_curr(c->rq, t, d);
	}
}

/* ------------------------------------------------------------- dispatch */

void sched_request_dispatch(struct sim *s, struct cpu *c)
{
	c->need_resched = true;
	if (!event_pending(&s->dispatch_ev))
		engine_at(&s->eng, &s->dispatch_ev, s->eng.now, EV_PHASE_DISPATCH);
}

/* When the CPU's running task next needs attention: its burst or slice ends. */
static void arm_cpu(struct sim *s, struct cpu *c)
{
	struct task *t = c->curr;
	sim_time_t from = sim_time_max(c->run_start, s->eng.now);
	sim_time_t end = sim_time_min(sim_time_add(from, t->remaining), c->slice_end);

	engine_cancel(&s->eng, &c->ev);
	engine_at(&s->eng, &c->ev, sim_time_max(end, s->eng.now), EV_PHASE_COMPLETION);
}

/*
 * The next tick of a running CPU: the first multiple of the period after
 * now (a tick at this very instant has had its phase already when a CPU
 * starts running in the dispatch phase).
 */
static void arm_tick(struct sim *s, struct cpu *c)
{
	sim_time_t p = s->tick_period;

	if (!p || event_pending(&c->tick_ev))
		return;
	engine_at(&s->eng, &c->tick_ev, (s->eng.now / p + 1) * p, EV_PHASE_TICK);
}

static void on_tick(struct event *ev, void *ctx)
{
	struct sim *s = ctx;
	struct cpu *c = &s->cpus[ev->tag];

	if (!c->curr)
		return;
	update_curr(s, c);
	rq_sync(s, c->rq);
	if (!c->preempt && s->policy.ops->tick(c->rq, c->curr)) {
		c->preempt = true;
		c->preempt_flags = ENQ_EXPIRED;
		sched_request_dispatch(s, c);
	}
	arm_tick(s, c);
}

/*
 * The running task stops running (it stays c->last) and goes to `next`:
 * TASK_READY (re-queued at this instant's dispatch), TASK_BLOCKED or
 * TASK_TERMINATED. put_prev sees that state.
 */
static void stop_curr(struct sim *s, struct cpu *c, enum task_state next)
{
	struct task *t = c->curr;

	update_curr(s, c);
	t->state = (uint8_t)next;
	engine_cancel(&s->eng, &c->ev);
	engine_cancel(&s->eng, &c->tick_ev);
	if (s->policy.ops->put_prev) {
		rq_sync(s, c->rq);
		s->policy.ops->put_prev(c->rq, t, c->ran);
	}
	t->last_ran = s->eng.now;
	c->curr = NULL;
	if (c->rq->cpu >= 0)
		c->rq->curr = NULL;
}

/* Give the CPU to `next`, just picked. */
static void start(struct sim *s, struct cpu *c, struct task *next)
{
	sim_time_t cost = costs_switch(s, c, next);
	sim_time_t slice;

	if (c->last && c->last != next)
		c->stats.switches++; /* a CPU's first task is not a switch */
	c->stats.switching += cost;
	next->state = TASK_RUNNING;
	next->wait_time += s->eng.now - next->ready_since;
	next->cpu = (int16_t)c->id;
	c->curr = next;
	c->last = next;
	if (c->rq->cpu >= 0)
		c->rq->curr = next;
	c->idle_reported = false;
	c->run_start = s->eng.now + cost;
	c->accounted = c->run_start;
	c->ran = 0;
	if (next->first_run == SIM_TIME_NONE)
		next->first_run = c->run_start;
	slice = s->policy.ops->slice(c->rq, next);
	g_assert(slice > 0);
	c->slice_end = sim_time_add(c->run_start, slice);
	arm_cpu(s, c);
	arm_tick(s, c);
}

/* Hand READY task t to rq's policy. */
static void enqueue(struct sim *s, struct rq *rq, struct task *t, unsigned flags)
{
	t->state = TASK_READY;
	t->ready_since = s->eng.now;
	rq_sync(s, rq);
	s->policy.ops->enqueue(rq, t, flags);
	rq->nr_queued++;
	rq_list_add(s, rq, t);
	balance_arm(s);
}

static struct task *pick(struct sim *s, struct rq *rq)
{
	struct task *next;

	rq_sync(s, rq);
	next = s->policy.ops->pick_next(rq);
	if (next) {
		g_assert(next->state == TASK_READY && rq->nr_queued > 0);
		rq->nr_queued--;
		rq_list_del(s, rq, next);
	}
	return next;
}

static void dispatch_cpu(struct sim *s, struct cpu *c)
{
	struct rq *rq = c->rq;
	const struct policy_ops *ops = s->policy.ops;
	struct task *prev = NULL, *next;

	c->need_resched = false;
	if (c->curr && c->preempt) {
		struct task *t = c->curr;

		if (c->preempt_flags == ENQ_EXPIRED)
			emit(s, REC_EXPIRE, c, t, 0,
			     why_time(s, "tick: slice used up after ", c->ran));
		else
			emit(s, REC_PREEMPT, c, t, 0, NULL);
		stop_curr(s, c, TASK_READY);
		c->requeue = t;
		c->requeue_flags = c->preempt_flags;
	}
	c->preempt = false;
	if (c->curr)
		return; /* still running: an idle CPU elsewhere was asked */
	if (c->requeue) {
		prev = c->requeue;
		c->requeue = NULL;
		enqueue(s, rq, prev, c->requeue_flags);
	}
	next = pick(s, rq);
	if (!next && balance_newidle(s, c))
		next = pick(s, rq);
	if (prev || next)
		emit_queue(s, rq);
	if (prev && next != prev)
		prev->nivcsw++; /* Linux counts it only when another task runs */
	if (!next) {
		if (!c->idle_reported) {
			const char *why = NULL;

			if (want_why(s)) {
				g_string_truncate(s->why, 0);
				if (ops->explain)
					ops->explain(rq, NULL, s->why);
				why = s->why->str;
			}
			emit(s, REC_IDLE, c, NULL, 0, why);
			c->idle_reported = true;
		}
		return;
	}
	if (want_why(s)) {
		g_string_truncate(s->why, 0);
		if (ops->explain)
			ops->explain(rq, next, s->why);
	}
	start(s, c, next);
	emit(s, REC_DISPATCH, c, next, c->run_start - s->eng.now, want_why(s) ? s->why->str : NULL);
}

static void on_dispatch(struct event *ev, void *ctx)
{
	struct sim *s = ctx;

	for (uint32_t i = 0; i < s->ncpus; i++)
		if (s->cpus[i].need_resched)
			dispatch_cpu(s, &s->cpus[i]);
}

/* An idle CPU of rq is not running, not about to pick, and has an empty queue. */
static bool cpu_takes(const struct cpu *c, const struct rq *rq)
{
	return c->rq == rq && !c->curr && !c->need_resched && !c->requeue;
}

void sched_kick(struct sim *s, struct rq *rq, struct task *t)
{
	const struct policy_ops *ops = s->policy.ops;
	struct cpu *victim;

	/* An idle CPU that is not yet about to pick takes it, lowest id first. */
	for (uint32_t i = 0; i < s->ncpus; i++) {
		if (cpu_takes(&s->cpus[i], rq)) {
			sched_request_dispatch(s, &s->cpus[i]);
			return;
		}
	}
	if (!ops->wakeup_preempt)
		return;
	/*
	 * Of the CPUs whose task t would preempt, take the one running the
	 * least urgent task: the one every other candidate would preempt in
	 * turn (with SRTF, the most time left). A per-CPU queue has one CPU.
	 */
	victim = NULL;
	for (uint32_t i = 0; i < s->ncpus; i++) {
		struct cpu *c = &s->cpus[i];

		if (c->rq != rq || !c->curr || c->preempt)
			continue;
		update_curr(s, c);
		rq_sync(s, rq);
		if (!ops->wakeup_preempt(rq, c->curr, t))
			continue;
		if (!victim || ops->wakeup_preempt(rq, c->curr, victim->curr))
			victim = c;
	}
	if (victim) {
		victim->preempt = true;
		victim->preempt_flags = ENQ_PREEMPTED;
		sched_request_dispatch(s, victim);
	}
}

/* t becomes READY: choose its CPU, queue it, and wake or preempt that CPU. */
static void make_ready(struct sim *s, struct task *t, unsigned flags)
{
	struct cpu *c = balance_select_cpu(s, t, flags);
	struct rq *rq = c ? c->rq : &s->rqs[0];

	if (c && (flags & ENQ_WAKEUP) && t->cpu >= 0 && (uint32_t)t->cpu != c->id)
		t->remote_wake = true;
	enqueue(s, rq, t, flags);
	emit_queue(s, rq);
	sched_kick(s, rq, t);
}

static void terminate(struct sim *s, struct task *t)
{
	t->state = TASK_TERMINATED;
	t->completion = s->eng.now;
	s->completed++;
	costs_memory_release(s, t);
}

/*
 * `spawn G` by t: the next task of group G appears. Creating it costs the
 * parent CPU time (fork, pthread_create...), which the parent spends as a
 * CPU burst before going on; the child arrives at the end of that burst.
 */
static bool spawn(struct sim *s, struct task *parent, uint32_t gi)
{
	const struct group_conf *g = &s->sc->groups[gi];
	struct task *child;

	if (s->spawned[gi] >= g->count) {
		char name[TASK_NAME_MAX];
		g_autoptr(GString) at = g_string_new(NULL);

		units_time(at, s->eng.now);
		task_format_name(parent, name, sizeof(name));
		sched_fail(s, SIM_ERROR_SPAWN_LIMIT,
			   "spawn at %s: task %s spawns a task of group '%s', whose %u task%s "
			   "all exist already; raise its count",
			   at->str, name, g->name, g->count, g->count == 1 ? "" : "s");
		return false;
	}
	child = &s->tasks[s->group_first[gi] + s->spawned[gi]++];
	child->parent = parent;
	child->arrival = s->eng.now + costs_create(s, child, parent);
	child->ev.tag = TEV_ARRIVE;
	engine_at(&s->eng, &child->ev, child->arrival, EV_PHASE_WAKEUP);
	return true;
}

/*
 * Act on the next step of t's program. `c` is the CPU t runs on, or NULL
 * when it is not running (arrival, wakeup).
 */
static void advance(struct sim *s, struct task *t, struct cpu *c, unsigned wake_flags)
{
	sim_time_t delay = 0;
	uint32_t gi = 0;

	for (;;) {
		switch (task_step(t, &delay, &gi)) {
		case STEP_SPAWN: {
			const struct task *child;

			if (!spawn(s, t, gi))
				return;
			child = &s->tasks[s->group_first[gi] + s->spawned[gi] - 1];
			/* The parent computes for the creation time, then goes on. */
			t->burst = t->remaining = child->arrival - s->eng.now;
			if (!t->remaining)
				continue;
			goto run;
		}
		case STEP_CPU:
		run:
			if (c) {
				if (s->eng.now < c->slice_end) {
					arm_cpu(s, c); /* keeps computing in the same slice */
					return;
				}
				emit(s, REC_EXPIRE, c, t, 0,
				     why_time(s, "slice used up: ", c->ran));
				stop_curr(s, c, TASK_READY);
				c->requeue = t;
				c->requeue_flags = ENQ_EXPIRED;
				sched_request_dispatch(s, c);
				return;
			}
			make_ready(s, t, wake_flags);
			return;
		case STEP_BLOCK:
			if (c) {
				const struct op *op = &t->group->prog->ops[t->pc - 1];

				emit(s, REC_BLOCK, c, t, delay,
				     why_printf(s, "%s", op_name(op->kind)));
				stop_curr(s, c, TASK_BLOCKED);
				t->nvcsw++;
				sched_request_dispatch(s, c);
			}
			t->state = TASK_BLOCKED;
			t->ev.tag = TEV_WAKE;
			engine_after(&s->eng, &t->ev, delay, EV_PHASE_WAKEUP);
			return;
		case STEP_YIELD:
			if (!c)
				continue; /* yielding a CPU one does not hold is a no-op */
			emit(s, REC_YIELD, c, t, 0, NULL);
			stop_curr(s, c, TASK_READY);
			c->requeue = t;
			c->requeue_flags = ENQ_YIELD;
			sched_request_dispatch(s, c);
			return;
		case STEP_EXIT:
			if (c) {
				stop_curr(s, c, TASK_TERMINATED);
				t->nvcsw++;
				sched_request_dispatch(s, c);
			}
			terminate(s, t);
			emit(s, REC_EXIT, c, t, 0, NULL);
			return;
		}
	}
}

/* A CPU's event: the running burst or slice ends. */
static void on_cpu(struct event *ev, void *ctx)
{
	struct sim *s = ctx;
	struct cpu *c = &s->cpus[ev->tag];
	struct task *t = c->curr;

	update_curr(s, c);
	if (t->remaining > 0) {
		g_assert(s->eng.now >= c->slice_end);
		emit(s, REC_EXPIRE, c, t, 0, why_time(s, "slice used up: ", c->ran));
		stop_curr(s, c, TASK_READY);
		c->requeue = t;
		c->requeue_flags = ENQ_EXPIRED;
		sched_request_dispatch(s, c);
		return;
	}
	advance(s, t, c, 0);
}

/* A task's event: arrival, end of creation, end of I/O or sleep. */
static void on_task(struct event *ev, void *ctx)
{
	struct sim *s = ctx;
	struct task *t = (struct task *)ev; /* ev is the first member */
	sim_time_t cost;

	switch (ev->tag) {
	case TEV_ARRIVE:
		if (!costs_memory_take(s, t))
			return;
		/* A spawned task's parent has paid its creation already. */
		cost = !t->parent ? costs_create(s, t, NULL) : 0;
		emit(s, REC_ARRIVE, NULL, t, cost,
		     cost ? why_time(s, "creation takes ", cost) : NULL);
		if (cost) {
			ev->tag = TEV_CREATED;
			engine_after(&s->eng, ev, cost, EV_PHASE_WAKEUP);
			return;
		}
		advance(s, t, NULL, ENQ_NEW);
		return;
	case TEV_CREATED:
		advance(s, t, NULL, ENQ_NEW);
		return;
	case TEV_WAKE:
		emit(s, REC_WAKE, NULL, t, 0, NULL);
		advance(s, t, NULL, ENQ_WAKEUP);
		return;
	default:
		g_assert_not_reached();
	}
}
/* ----------------------------------------------------------- build, run */

/* Arrival instants of group g's tasks, drawn from the group's own stream. */
static void set_arrivals(struct sim *s, const struct group_conf *g, struct task *first)
{
	const struct arrival *a = &g->arrival;
	g_autofree char *stream = g_strdup_printf("%s/arrival", g->name);
	struct rng rng;
	sim_time_t t = a->at;

	rng_seed_named(&rng, s->sc->seed, stream, 0);
	for (uint32_t i = 0; i < g->count; i++) {
		switch (a->kind) {
		case ARRIVAL_AT:
			first[i].arrival = a->at;
			break;
		case ARRIVAL_EVERY:
		case ARRIVAL_POISSON:
			if (a->kind == ARRIVAL_POISSON || i > 0)
				t = sim_time_add(t, dist_sample(&a->gap, &rng));
			first[i].arrival = t;
			break;
		case ARRIVAL_UNIFORM:
			first[i].arrival = a->lo + (sim_time_t)(rng_double(&rng) *
								(double)(a->hi - a->lo + 1));
			if (first[i].arrival > a->hi)
				first[i].arrival = a->hi;
			break;
		case ARRIVAL_TRACE:
			g_assert(i < a->ntimes);
			first[i].arrival = a->times[i];
			break;
		case ARRIVAL_SPAWN:
			first[i].arrival = SIM_TIME_NONE; /* set when spawned */
			break;
		}
	}
}

static uint32_t pid_of(GHashTable *names, uint32_t *npids, const char *process)
{
	gpointer v;

	if (!process)
		return (*npids)++;
	if (g_hash_table_lookup_extended(names, process, NULL, &v))
		return GPOINTER_TO_UINT(v);
	g_hash_table_insert(names, (gpointer)process, GUINT_TO_POINTER(*npids));
	return (*npids)++;
}

struct sim *sim_new(const struct scenario *sc, const struct record_sink *sink, GError **error)
{
	struct sim *s = g_new0(struct sim, 1);
	const struct policy_ops *ops = sc->policy;
	g_autoptr(GHashTable) names = g_hash_table_new(g_str_hash, g_str_equal);
	uint64_t id = 0;

	s->sc = sc;
	s->model = &sc->model;
	if (sink)
		s->sink = *sink;
	s->why = g_string_new(NULL);
	engine_init(&s->eng, s);
	s->eng.horizon = sc->horizon;
	event_init(&s->dispatch_ev, on_dispatch, 0);

	s->policy.ops = ops;
	s->policy.conf = sc->policy_conf;
	s->policy.ncpus = sc->cpus;
	rng_seed_named(&s->policy_rng, sc->seed, ops->name, 0);
	if (ops->tick && ops->tick_period)
		s->tick_period = ops->tick_period(&s->policy);

	/* One queue per CPU, or one shared by every CPU: the textbook multiprocessor. */
	s->nrqs = sc->global_queue ? 1 : sc->cpus;
	s->rqs = g_new0(struct rq, s->nrqs);
	s->lists = g_new(struct rq_list, s->nrqs);
	for (uint32_t i = 0; i < s->nrqs; i++) {
		s->rqs[i].policy = &s->policy;
		s->rqs[i].priv = ops->rq_priv_size ? g_malloc0(ops->rq_priv_size) : NULL;
		s->rqs[i].cpu = sc->global_queue ? -1 : (int)i;
		s->rqs[i].rng = &s->policy_rng;
		s->lists[i].head = s->lists[i].tail = NO_TASK;
	}
	event_init(&s->balance_ev, balance_on_event, 0);

	s->ncpus = sc->cpus;
	s->cpus = g_new0(struct cpu, s->ncpus);
	for (uint32_t i = 0; i < s->ncpus; i++) {
		struct cpu *c = &s->cpus[i];

		event_init(&c->ev, on_cpu, i);
		event_init(&c->tick_ev, on_tick, i);
		c->id = i;
		c->rq = &s->rqs[sc->global_queue ? 0 : i];
		c->slice_end = SIM_TIME_INF;
		c->tlb_pids = g_new0(uint32_t, MAX(1, s->model->tlb_pcid_slots));
	}

	s->ntasks = sc->ntasks;
	s->tasks = g_new(struct task, s->ntasks);
	s->priv_stride = (ops->task_priv_size + 7) & ~(size_t)7;
	s->task_priv = s->priv_stride ? g_malloc0(s->priv_stride * s->ntasks) : NULL;
	s->groups = g_new0(struct task_group, sc->ngroups);
	s->group_first = g_new0(uint64_t, sc->ngroups);
	s->spawned = g_new0(uint32_t, sc->ngroups);
	for (uint32_t gi = 0; gi < sc->ngroups; gi++) {
		const struct group_conf *g = &sc->groups[gi];
		struct task_group *tg = &s->groups[gi];
		uint32_t shared_pid = 0;

		tg->name = g->name;
		tg->prog = &g->program;
		tg->count = g->count;
		tg->single = g->single;
		s->group_first[gi] = id;
		if (g->process)
			shared_pid = pid_of(names, &s->npids, g->process);
		for (uint32_t i = 0; i < g->count; i++, id++) {
			struct task *t = &s->tasks[id];

			task_init(t, tg, (uint32_t)id, i);
			t->priv =
				s->priv_stride ? (char *)s->task_priv + id * s->priv_stride : NULL;
			t->kind = (uint8_t)g->kind;
			/* A [task] process's address space bears its name, so
			 * threads and coroutines may join it (process = NAME). */
			t->pid = g->process ? shared_pid
					    : pid_of(names, &s->npids, g->single ? g->name : NULL);
			t->priority = g->priority;
			t->nice = (int16_t)g->nice; /* -20..19, checked by scenario_load */
			t->tickets = g->tickets;
			rng_seed_named(&t->rng, sc->seed, g->name, i);
		}
		set_arrivals(s, g, &s->tasks[id - g->count]);
	}
	g_assert(id == s->ntasks);
	s->pid_live = g_new0(uint32_t, MAX(s->npids, 1));
	for (uint64_t i = 0; i < s->ntasks; i++) {
		struct task *t = &s->tasks[i];

		event_init(&t->ev, on_task, TEV_ARRIVE);
		if (t->arrival != SIM_TIME_NONE)
			engine_at(&s->eng, &t->ev, t->arrival, EV_PHASE_WAKEUP);
	}
	(void)error;
	return s;
}

bool sim_run(struct sim *s, GError **error)
{
	engine_run(&s->eng);
	if (s->failure) {
		g_propagate_error(error, s->failure);
		s->failure = NULL;
		return false;
	}
	/* Stopped by the horizon: bring the accounting up to it. */
	for (uint32_t i = 0; i < s->ncpus; i++)
		update_curr(s, &s->cpus[i]);
	for (uint64_t i = 0; i < s->ntasks; i++) {
		struct task *t = &s->tasks[i];

		if (t->state == TASK_READY)
			t->wait_time += s->eng.now - t->ready_since;
	}
	return true;
}

void sim_result(const struct sim *s, struct run_result *out)
{
	sim_time_t last = 0;

	memset(out, 0, sizeof(*out));
	out->scenario = g_strdup(s->sc->name);
	out->policy = g_strdup(s->policy.ops->name);
	out->model = g_strdup(s->model->name ? s->model->name : "");
	out->seed = s->sc->seed;
	out->time_unit = s->sc->time_unit;
	out->end = s->eng.now;
	out->horizon_hit = s->eng.horizon_hit;
	out->events = s->eng.events;
	out->peak_memory = s->peak_memory;
	out->ntasks = (uint32_t)s->ntasks;
	out->tasks = g_new0(struct task_result, s->ntasks);
	for (uint64_t i = 0; i < s->ntasks; i++) {
		const struct task *t = &s->tasks[i];
		struct task_result *r = &out->tasks[i];
		char name[TASK_NAME_MAX];

		task_format_name(t, name, sizeof(name));
		r->name = g_strdup(name);
		r->id = t->id;
		r->kind = task_kind_name(t->kind);
		r->arrival = t->arrival;
		r->first_run = t->first_run;
		r->completion = t->completion;
		r->cpu = t->cpu_time;
		r->waiting = t->wait_time;
		r->voluntary = t->nvcsw;
		r->involuntary = t->nivcsw;
		if (t->completion > last)
			last = t->completion;
	}
	out->makespan = s->completed == s->ntasks ? last : s->eng.now;
	out->ncpus = s->ncpus;
	out->cpus = g_new0(struct cpu_result, s->ncpus);
	for (uint32_t i = 0; i < s->ncpus; i++)
		out->cpus[i] = s->cpus[i].stats;
}

static void on_progress(void *ctx)
{
	struct sim *s = ctx;
	struct sim_progress p = {
		.now = s->eng.now,
		.horizon = s->eng.horizon,
		.completed = s->completed,
		.ntasks = s->ntasks,
		.events = s->eng.events,
	};

	s->progress(s->progress_ctx, &p);
}

void sim_set_progress(struct sim *s, void (*fn)(void *ctx, const struct sim_progress *p), void *ctx)
{
	s->progress = fn;
	s->progress_ctx = ctx;
	s->eng.progress = fn ? on_progress : NULL;
}

size_t sim_bytes_per_task(const struct sim *s)
{
	/* The PCB, the policy's area and the task's slot in the event heap. */
	return sizeof(struct task) + s->priv_stride + sizeof(struct event *);
}

void sim_free(struct sim *s)
{
	if (!s)
		return;
	engine_release(&s->eng);
	for (uint32_t i = 0; i < s->ncpus; i++)
		g_free(s->cpus[i].tlb_pids);
	g_free(s->cpus);
	for (uint32_t i = 0; i < s->nrqs; i++)
		g_free(s->rqs[i].priv);
	g_free(s->rqs);
	g_free(s->lists);
	g_free(s->group_first);
	g_free(s->spawned);
	g_free(s->tasks);
	g_free(s->task_priv);
	g_free(s->groups);
	g_free(s->pid_live);
	g_string_free(s->why, TRUE);
	g_clear_error(&s->failure);
	g_free(s);
}
