/*
 * sched.c - the scheduler core; see sched.h.
 *
 * How a run goes. The world builder (src/sim) creates tasks and makes them
 * arrive (tasks.c). Then engine_run fires events, in (time, phase, seq)
 * order:
 *
 *   COMPLETION  a CPU's event: the running burst or the slice ends. The
 *               task's driver says what it does next (sched_advance): it
 *               may go on computing, sleep, wait, yield or exit; or its
 *               slice is over.
 *   ARRIVAL     the world's arrival generators: tasks appear in id order.
 *   WAKEUP      a task's event: its creation completes or its sleep ends;
 *               a timer of a sync object or a runtime fires. A task that
 *               becomes READY is enqueued by the policy; an idle CPU is
 *               asked to dispatch, or the policy is asked whether it
 *               preempts a running task.
 *   TICK        the policy's periodic tick on every running CPU, one event
 *               for all the CPUs of an instant (tick.c); the periodic
 *               load balancer (balance.c).
 *   DISPATCH    one event per simulation: every CPU that needs a decision,
 *               in CPU order, re-queues the task it just took off (expired,
 *               preempted, yielded) and asks the policy for the next one.
 *
 * Because dispatch comes last at an instant, a decision sees every arrival
 * and every completion of that instant; the order in which a re-queued task
 * and a newcomer meet in the queue is then a policy's named convention
 * ([rr] new_first), not an accident of event order.
 *
 * What a task does is a step (sched.h): run, sleep, wait, yield, exit. The
 * core executes steps; it never reads a program. A waiting task sits on a
 * wait queue until a sync object or a runtime wakes it (wait.c).
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

#include "sched/sched_int.h"

#include "base/units.h"

/* clang-format off */
G_DEFINE_QUARK(schedlab-sim-error-quark, sim_error)
/* clang-format on */

/* ---------------------------------------------------------------- records */

static const bool never_halts = false;

/*
 * t's name for a record, in s->rec_name: formatted whole for a task of
 * another group than the last record's, its index only for another task of
 * the same group, nothing for the same task.
 */
static inline void rec_name(struct sched *s, const struct task *t)
{
	if (G_UNLIKELY(t->group != s->rec_group)) {
		s->rec_name_len = task_format_name(t, s->rec_name, sizeof(s->rec_name));
		s->rec_group = t->group;
		s->rec_index = t->index;
		s->rec_index_at = task_name_index_at(t->group, sizeof(s->rec_name));
	} else if (t->index != s->rec_index) {
		if (s->rec_index_at)
			s->rec_name_len =
				(size_t)(task_name_put_index(s->rec_name + s->rec_index_at,
							     t->index) -
					 s->rec_name);
		else
			s->rec_name_len = task_format_name(t, s->rec_name, sizeof(s->rec_name));
		s->rec_index = t->index;
	}
}

/* A record's name is s->rec_name, with its length: the room record.h promises. */
G_STATIC_ASSERT(sizeof(((struct sched *)0)->rec_name) >= RECORD_NAME_ROOM);

/*
 * s->rec, its common fields set here and any other by the caller, about t
 * (NULL: none), to the sink. The record is kept in s between calls, so the
 * fields only some records have (wait_on, obj, carrier) stay unset (NULL,
 * UINT32_MAX) but while a caller sets them for its record. Inlined where a
 * record is emitted (the emit macro): a run's interval makes two records.
 */
static G_ALWAYS_INLINE inline void emit_rec(struct sched *s, enum record_kind kind,
					    const struct cpu *c, const struct task *t,
					    sim_time_t length, const char *why)
{
	struct record *r = &s->rec;

	r->time = s->eng.now;
	r->kind = kind;
	r->cpu = c ? (int)c->id : -1;
	r->length = length;
	r->why = why;
	if (t) {
		rec_name(s, t);
		r->task = t->id;
		r->task_name = s->rec_name;
		r->task_name_len = (uint32_t)s->rec_name_len;
	} else {
		r->task = UINT32_MAX;
		r->task_name = NULL;
		r->task_name_len = 0;
	}
	s->sink.emit(s->sink.ctx, r);
	if (G_UNLIKELY(*s->sink.halt))
		sched_fail(s, SIM_ERROR_OUTPUT, "an output could not be written");
}

void sched_emit(struct sched *s, enum record_kind kind, const struct cpu *c, const struct task *t,
		sim_time_t length, const char *why)
{
	if (s->sink.emit)
		emit_rec(s, kind, c, t, length, why);
}

/* The BLOCK of t on c on a wait queue: what it waits on ("lock m"), the object's id. */
static void emit_wait(struct sched *s, const struct cpu *c, const struct task *t, const char *why,
		      const char *on, uint32_t obj)
{
	if (!s->sink.emit)
		return;
	s->rec.wait_on = on;
	s->rec.obj = obj;
	emit_rec(s, REC_BLOCK, c, t, 0, why);
	s->rec.wait_on = NULL;
	s->rec.obj = UINT32_MAX;
}

void sched_emit_run(struct sched *s, const struct cpu *c, const struct task *t,
		    const struct task *carrier, const char *why)
{
	if (!s->sink.emit)
		return;
	s->rec.carrier = carrier ? carrier->id : UINT32_MAX;
	emit_rec(s, REC_RUN, c, t, 0, why);
	s->rec.carrier = UINT32_MAX;
}

/*
 * The queue counter after rq changed, when its length did: a task that
 * expires and is put back leaves the length where it was, and the record
 * would say nothing new (every sink keeps the last length it was given).
 */
void sched_emit_queue(struct sched *s, const struct rq *rq)
{
	int64_t *said = &s->queue_said[rq - s->rqs];

	if (!s->sink.emit || *said == (int64_t)rq->nr_queued)
		return;
	*said = rq->nr_queued;
	sched_emit(s, REC_QUEUE, rq->cpu >= 0 ? &s->cpus[rq->cpu] : NULL, NULL,
		   (sim_time_t)rq->nr_queued, NULL);
}

/* sched_emit_queue, its test of the length inline: most re-queues leave it. */
static G_ALWAYS_INLINE inline void emit_queue(struct sched *s, const struct rq *rq)
{
	if (s->sink.emit && s->queue_said[rq - s->rqs] != (int64_t)rq->nr_queued)
		sched_emit_queue(s, rq);
}

/* Records and reasons cost a test when nobody listens. */
#define emit(s, ...)                                                                               \
	do {                                                                                       \
		if ((s)->sink.emit)                                                                \
			emit_rec(s, __VA_ARGS__);                                                  \
	} while (0)
#define why_time(s, prefix, t) (want_why(s) ? sched_why_time(s, prefix, t) : NULL)

void sched_fail(struct sched *s, enum sim_error_code code, const char *fmt, ...)
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
static const char *why_printf(struct sched *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static const char *why_printf(struct sched *s, const char *fmt, ...)
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

const char *sched_why_time(struct sched *s, const char *prefix, sim_time_t t)
{
	if (!want_why(s))
		return NULL;
	g_string_assign(s->why, prefix);
	units_time(s->why, t);
	return s->why->str;
}

/* ------------------------------------------------------------ accounting */

/* Tell t's driver (it has a charge hook) that t ran d: a runtime credits its user task. */
static G_GNUC_NO_INLINE void charge_driver(struct sched *s, struct task *t, sim_time_t d)
{
	unsigned drv = st_of(t)->driver;

	s->drivers[drv]->charge(s->driver_self[drv], t, d);
}

/* Bring the running task's accounting up to the present. */
static G_ALWAYS_INLINE inline void update_curr(struct sched *s, struct cpu *c)
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
	if (!s->curr_hooks)
		return;
	if (s->policy.ops->update_curr) {
		rq_sync(s, c->rq);
		s->policy.ops->update_curr(c->rq, t, d);
	}
	if (s->charging >> st_of(t)->driver & 1)
		charge_driver(s, t, d);
}

/* ------------------------------------------------------ capacity figures */

/*
 * Scheduling latency: from READY to running, every time (arrival, wake-up,
 * preemption, expiry, yield), including the switch paid before it runs. A
 * run histogram and one per group, allocated when first used, bounded.
 *
 * While every sample so far is of one group (s->lat_gid), the run's
 * histogram is that group's as well, and a sample is added once; the
 * group's own is made, a copy of the run's, when another group's sample
 * arrives (LAT_MIXED from then on).
 */
static struct hist **group_slot(struct sched *s, uint32_t gid)
{
	if (gid > s->nglat) {
		s->glat = g_renew(struct hist *, s->glat, gid);
		memset(s->glat + s->nglat, 0, (gid - s->nglat) * sizeof(*s->glat));
		s->nglat = gid;
	}
	return &s->glat[gid - 1];
}

static struct hist *group_hist(struct sched *s, uint32_t gid)
{
	struct hist **h = group_slot(s, gid);

	if (!*h)
		*h = hist_new();
	return *h;
}

void sched_note_group_latency(struct sched *s, uint32_t gid, sim_time_t lat)
{
	if (s->lat_gid == LAT_NONE) {
		s->lat_gid = gid; /* the first sample */
		return;
	}
	if (s->lat_gid != LAT_MIXED) {
		if (s->lat_gid) {
			struct hist **h = group_slot(s, s->lat_gid);

			g_assert(!*h); /* its samples went to the run's alone */
			*h = hist_copy(s->lat);
		}
		s->lat_gid = LAT_MIXED;
	}
	if (gid)
		hist_add(group_hist(s, gid), lat);
}

/*
 * The backlog as arrivals see it (for the overload check): every arrival's
 * while there is room, then every second one, every fourth ..., so the
 * samples stay BACKLOG_SAMPLES and spread over the whole run.
 */
void sched_backlog_arrive(struct sched *s, const struct task *t)
{
	if (t->role == TASK_ROLE_CARRIER)
		return;
	s->backlog++;
	if (!s->warm || --s->bcountdown)
		return;
	if (s->nbsamples == BACKLOG_SAMPLES) {
		for (uint32_t i = 0; i < BACKLOG_SAMPLES / 2; i++)
			s->bsamples[i] = s->bsamples[2 * i + 1];
		s->nbsamples = BACKLOG_SAMPLES / 2;
		s->bstride *= 2;
	}
	s->bcountdown = s->bstride;
	s->bsamples[s->nbsamples++] = (struct backlog_sample){ s->eng.now, s->backlog };
}

/*
 * Each group's tasks' CPU time and switches so far (at the end of the
 * warm-up), so that a group's figures leave them out as the run's leave out
 * the CPUs' counters: one pass over the tasks alive or gone by then. A
 * running task's time since it was last accounted is added without touching
 * its accounting (a user-level task inside it is credited when its carrier's
 * time is charged, so its share of that stretch is not).
 */
static void group_snapshot(struct sched *s)
{
	uint32_t ids = sched_task_ids(s);

	s->gwarm_taken = true;
	for (uint32_t id = 0; id < ids; id++) {
		const struct task *t = sched_task_get(s, id);
		struct group_result *g;
		uint32_t gid;

		if (!t || !t->group || !(gid = t->group->gid))
			continue;
		if (gid > s->ngwarm) {
			s->gwarm = g_renew(struct group_result, s->gwarm, gid);
			memset(s->gwarm + s->ngwarm, 0, (gid - s->ngwarm) * sizeof(*s->gwarm));
			s->ngwarm = gid;
		}
		g = &s->gwarm[gid - 1];
		g->warmup_cpu += t->cpu_time;
		g->warmup_voluntary += t->nvcsw;
		g->warmup_involuntary += t->nivcsw;
		if (t->state == TASK_RUNNING && t->cpu >= 0) {
			const struct cpu *c = &s->cpus[t->cpu];
			sim_time_t from = sim_time_max(c->accounted, c->run_start);

			if (c->curr == t && s->eng.now > from)
				g->warmup_cpu += s->eng.now - from;
		}
	}
}

/* The end of the warm-up, with the clock at it: the counters so far are left out. */
static void on_warmup(void *ctx)
{
	struct sched *s = ctx;

	for (uint32_t i = 0; i < s->ncpus; i++) {
		struct cpu *c = &s->cpus[i];

		s->stats0[i] = c->stats;
		/* the running task's time up to now, without touching its accounting */
		if (c->curr && s->eng.now > sim_time_max(c->accounted, c->run_start))
			s->stats0[i].busy += s->eng.now - sim_time_max(c->accounted, c->run_start);
	}
	s->peak_memory = s->memory;
	group_snapshot(s);
	s->warm = true;
}

/* ------------------------------------------------------------- dispatch */

static G_ALWAYS_INLINE inline void request_dispatch(struct sched *s, struct cpu *c)
{
	c->need_resched = true;
	s->resched[c->id / 64] |= UINT64_C(1) << (c->id % 64);
	if (!event_pending(&s->dispatch_ev))
		engine_at(&s->eng, &s->dispatch_ev, s->eng.now, EV_PHASE_DISPATCH);
}

void sched_request_dispatch(struct sched *s, struct cpu *c)
{
	request_dispatch(s, c);
}

/* When the CPU's running task next needs attention: its burst or slice ends. */
static G_ALWAYS_INLINE inline void arm_cpu(struct sched *s, struct cpu *c)
{
	struct task *t = c->curr;
	sim_time_t from = sim_time_max(c->run_start, s->eng.now);
	sim_time_t end = sim_time_min(sim_time_add(from, t->remaining), c->slice_end);

	engine_cancel(&s->eng, &c->ev);
	engine_at(&s->eng, &c->ev, sim_time_max(end, s->eng.now), EV_PHASE_COMPLETION);
}

void sched_tick(struct sched *s, struct cpu *c)
{
	if (!c->curr)
		return;
	update_curr(s, c);
	rq_sync(s, c->rq);
	if (!c->preempt && s->policy.ops->tick(c->rq, c->curr)) {
		c->preempt = true;
		c->preempt_flags = ENQ_EXPIRED;
		sched_request_dispatch(s, c);
	}
	tick_arm(s, c);
}

/*
 * The running task stops running (it stays c->last) and goes to `next`:
 * TASK_READY (re-queued at this instant's dispatch), TASK_BLOCKED or
 * TASK_TERMINATED. put_prev sees that state. `accounted`: its accounting
 * is up to now already (its CPU's event: on_cpu brought it there).
 */
static G_ALWAYS_INLINE inline void stop_curr(struct sched *s, struct cpu *c, enum task_state next,
					     bool accounted)
{
	struct task *t = c->curr;

	if (!accounted)
		update_curr(s, c);
	t->state = (uint8_t)next;
	if (next != TASK_READY)
		balance_task_leave(s, t, c, next == TASK_TERMINATED);
	engine_cancel(&s->eng, &c->ev);
	tick_cancel(s, c);
	if (s->policy.ops->put_prev) {
		rq_sync(s, c->rq);
		s->policy.ops->put_prev(c->rq, t, c->ran);
	}
	t->last_ran = s->eng.now;
	c->last_runnable = next == TASK_READY;
	c->curr = NULL;
	if (c->rq->cpu >= 0)
		c->rq->curr = NULL;
	cpu_nr_changed(s, c);
}

/* Give the CPU to `next`, just picked. */
static void start(struct sched *s, struct cpu *c, struct task *next)
{
	sim_time_t cost = costs_switch(s, c, next);
	sim_time_t slice;

	/*
	 * A context switch is a CPU changing tasks: it starts one other than
	 * the last it ran (the switch the model charges). Its first task is
	 * not one, nor is running the same task again after an idle spell;
	 * an exit is one only when another task follows. The switch is the
	 * outgoing task's: involuntary when it was still runnable (preempted,
	 * expired, yielded), voluntary when it blocked or exited.
	 */
	if (c->last && c->last != next) {
		c->stats.switches++;
		if (c->last_runnable) {
			c->stats.involuntary++;
			c->last->nivcsw++;
		} else {
			c->last->nvcsw++;
		}
	}
	c->stats.switching += cost;
	next->state = TASK_RUNNING;
	/* a task taken off and given the CPU again at once never waited (Linux's
	 * run_delay counts only when the CPU changes tasks, too) */
	if (c->last != next || !c->last_runnable || next->ready_since != s->eng.now)
		sched_note_latency(s, next, sim_time_add(s->eng.now, cost) - next->ready_since);
	next->wait_time += s->eng.now - next->ready_since;
	next->cpu = (int16_t)c->id;
	c->curr = next;
	c->last = next;
	if (c->rq->cpu >= 0)
		c->rq->curr = next;
	cpu_nr_changed(s, c);
	c->idle_reported = false;
	c->run_start = sim_time_add(s->eng.now, cost);
	c->accounted = c->run_start;
	c->ran = 0;
	if (next->first_run == SIM_TIME_NONE)
		next->first_run = c->run_start;
	slice = s->policy.ops->slice(c->rq, next);
	g_assert(slice > 0);
	c->slice_end = sim_time_add(c->run_start, slice);
	arm_cpu(s, c);
	tick_arm(s, c);
}

/* Hand READY task t to rq's policy. */
static G_ALWAYS_INLINE inline void enqueue(struct sched *s, struct rq *rq, struct task *t,
					   unsigned flags)
{
	t->state = TASK_READY;
	t->ready_since = s->eng.now;
	if ((flags & (ENQ_NEW | ENQ_WAKEUP)) && rq->cpu >= 0)
		balance_task_join(s, t, &s->cpus[rq->cpu], flags & ENQ_NEW);
	rq_sync(s, rq);
	s->policy.ops->enqueue(rq, t, flags);
	rq->nr_queued++;
	if (s->lists_kept)
		rq_list_add(s, rq, t);
	rq_nr_changed(s, rq);
	balance_arm(s);
}

static G_ALWAYS_INLINE inline struct task *pick(struct sched *s, struct rq *rq)
{
	struct task *next;

	rq_sync(s, rq);
	next = s->policy.ops->pick_next(rq);
	if (next) {
		g_assert(next->state == TASK_READY && rq->nr_queued > 0);
		rq->nr_queued--;
		if (s->lists_kept)
			rq_list_del(s, rq, next);
		rq_nr_changed(s, rq);
	}
	return next;
}

/* Why a tick takes t off c: the policy's words, else the slice it used up. */
static const char *tick_why(struct sched *s, const struct cpu *c, const struct task *t)
{
	const struct policy_ops *ops = s->policy.ops;

	if (!want_why(s))
		return NULL;
	g_string_truncate(s->why, 0);
	if (ops->explain_tick && ops->explain_tick(c->rq, t, s->why))
		return s->why->str;
	return sched_why_time(s, "tick: slice used up after ", c->ran);
}

/* Why t is preempted on c: by which task, in the policy's words when it has them. */
static const char *preempt_why(struct sched *s, const struct cpu *c, const struct task *t)
{
	const struct policy_ops *ops = s->policy.ops;
	char name[RECORD_NAME_ROOM];

	if (!want_why(s) || !c->preempt_by)
		return NULL;
	g_string_truncate(s->why, 0);
	if (ops->explain_preempt) {
		ops->explain_preempt(c->rq, t, c->preempt_by, s->why);
		return s->why->str;
	}
	task_format_name(c->preempt_by, name, sizeof(name));
	g_string_append_printf(s->why, "preempted by %s", name);
	return s->why->str;
}

static G_ALWAYS_INLINE inline void dispatch_cpu(struct sched *s, struct cpu *c)
{
	struct rq *rq = c->rq;
	const struct policy_ops *ops = s->policy.ops;
	struct task *prev = NULL, *next;

	c->need_resched = false;
	s->resched[c->id / 64] &= ~(UINT64_C(1) << (c->id % 64));
	if (c->curr && c->preempt) {
		struct task *t = c->curr;

		if (c->preempt_flags == ENQ_EXPIRED)
			emit(s, REC_EXPIRE, c, t, 0, tick_why(s, c, t));
		else
			emit(s, REC_PREEMPT, c, t, 0, preempt_why(s, c, t));
		stop_curr(s, c, TASK_READY, false);
		c->requeue = t;
		c->requeue_flags = c->preempt_flags;
		cpu_nr_changed(s, c);
	}
	c->preempt = false;
	c->preempt_by = NULL;
	if (c->curr)
		return; /* still running: an idle CPU elsewhere was asked */
	s->decisions++;
	if (c->requeue) {
		prev = c->requeue;
		c->requeue = NULL;
		enqueue(s, rq, prev, c->requeue_flags);
	}
	next = pick(s, rq);
	if (!next) {
		if (want_why(s))
			g_string_truncate(s->lb_why, 0); /* the pass below may say why */
		if (balance_newidle(s, c))
			next = pick(s, rq);
	}
	if (prev || next)
		emit_queue(s, rq);
	if (!next) {
		if (!c->idle_reported) {
			const char *why = NULL;

			if (want_why(s)) {
				g_string_truncate(s->why, 0);
				if (ops->explain)
					ops->explain(rq, NULL, s->why);
				if (s->lb_why->len)
					g_string_append_printf(s->why, "%s%s",
							       s->why->len ? "; " : "",
							       s->lb_why->str);
				why = s->why->str;
			}
			emit(s, REC_IDLE, c, NULL, 0, why);
			c->idle_reported = true;
		}
		balance_quiesce(s);
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

/* The first CPU at or after i that needs a decision, s->ncpus: none. */
static inline uint32_t next_resched(const struct sched *s, uint32_t i)
{
	uint32_t w = i / 64;
	uint64_t bits;

	if (s->ncpus == 1) /* one CPU: its bit, without the walk */
		return i == 0 && (s->resched[0] & 1) ? 0 : 1;
	if (i >= s->ncpus)
		return s->ncpus;
	bits = s->resched[w] & (~UINT64_C(0) << (i % 64));
	while (!bits && ++w < s->nresched)
		bits = s->resched[w];
	return bits ? w * 64 + (uint32_t)__builtin_ctzll(bits) : s->ncpus;
}

static void on_dispatch(struct event *ev, void *ctx)
{
	struct sched *s = ctx;

	/*
	 * Every CPU that needs a decision, in CPU order: the next set bit of
	 * the mask at or after i, read afresh each time, since a decision may
	 * ask for another (as a scan of every CPU's flag would see it).
	 */
	for (uint32_t i = next_resched(s, 0); i < s->ncpus; i = next_resched(s, i + 1))
		dispatch_cpu(s, &s->cpus[i]);
}

/* An idle CPU of rq is not running, not about to pick, and has an empty queue. */
static bool cpu_takes(const struct cpu *c, const struct rq *rq)
{
	return c->rq == rq && !c->curr && !c->need_resched && !c->requeue;
}

void sched_kick(struct sched *s, struct rq *rq, struct task *t)
{
	const struct policy_ops *ops = s->policy.ops;
	struct cpu *victim;

	/* A queue of one CPU: that CPU only, without looking at the others. */
	if (rq->cpu >= 0) {
		struct cpu *c = &s->cpus[rq->cpu];

		if (cpu_takes(c, rq)) {
			sched_request_dispatch(s, c);
			return;
		}
		if (!ops->wakeup_preempt || !c->curr || c->preempt)
			return;
		update_curr(s, c);
		rq_sync(s, rq);
		if (ops->wakeup_preempt(rq, c->curr, t)) {
			c->preempt = true;
			c->preempt_flags = ENQ_PREEMPTED;
			c->preempt_by = t;
			sched_request_dispatch(s, c);
		}
		return;
	}
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
		victim->preempt_by = t;
		sched_request_dispatch(s, victim);
	}
}

/*
 * t becomes READY: choose its CPU, queue it, and wake or preempt that CPU.
 * A wake-up inside a running task's step has that task's CPU as its waker
 * (balance_select_cpu weighs it, and charges a wake-up that must reach
 * another CPU); WAKE_SYNC is the core's and never reaches the policy.
 */
static void make_ready(struct sched *s, struct task *t, unsigned flags)
{
	struct cpu *waker = (flags & ENQ_WAKEUP) ? s->waker : NULL;
	struct cpu *c = balance_select_cpu(s, t, flags & ~WAKE_SYNC, waker, flags & WAKE_SYNC);
	struct rq *rq = c ? c->rq : &s->rqs[0];

	flags &= ~WAKE_SYNC;
	enqueue(s, rq, t, flags);
	emit_queue(s, rq);
	sched_kick(s, rq, t);
}

static void terminate(struct sched *s, struct task *t)
{
	t->state = TASK_TERMINATED;
	t->last_ran = s->eng.now; /* its completion (task_completion) */
	s->completed++;
	sched_backlog_leave(s, t);
	costs_memory_release(s, t);
}

/*
 * The running task on c stops and is re-queued at this instant's dispatch.
 * Only in c's event (on_cpu, sched_advance), whose accounting is up to now.
 */
static G_ALWAYS_INLINE inline void requeue_curr(struct sched *s, struct cpu *c, unsigned flags)
{
	struct task *t = c->curr;

	stop_curr(s, c, TASK_READY, true);
	c->requeue = t;
	c->requeue_flags = flags;
	cpu_nr_changed(s, c);
	request_dispatch(s, c);
}

/* The running task on c blocks or exits (a voluntary switch if another follows);
 * as requeue_curr, in c's event only. */
static void leave_cpu(struct sched *s, struct cpu *c, enum task_state next)
{
	stop_curr(s, c, next, true);
	sched_request_dispatch(s, c);
}

/* What a task waits for ("lock m"), and who holds it ("held by L", "held by 3 tasks"). */
static const char *wait_why(struct sched *s, const char *on, const struct step *step)
{
	char name[RECORD_NAME_ROOM];

	if (!want_why(s))
		return NULL;
	if (step->nholders > 1)
		return why_printf(s, "%s, held by %u tasks", on, step->nholders);
	if (!step->nholders)
		return why_printf(s, "%s", on);
	task_format_name(step->holder, name, sizeof(name));
	return why_printf(s, "%s, held by %s", on, name);
}

/* The BLOCK of t on c for its STEP_WAIT: what it waits on, and who holds it. */
static void emit_step_wait(struct sched *s, const struct cpu *c, const struct task *t,
			   const struct step *step)
{
	const char *on = step->why ? step->why : "wait";

	emit_wait(s, c, t, wait_why(s, on, step), on, step->obj);
}

/* t took SCHED_MAX_INSTANT_STEPS steps in a row without time passing: the run fails. */
static G_GNUC_NO_INLINE void fail_no_progress(struct sched *s, const struct task *t)
{
	char name[TASK_NAME_MAX];
	g_autoptr(GString) at = g_string_new(NULL);

	units_time(at, s->eng.now);
	task_format_name(t, name, sizeof(name));
	sched_fail(s, SIM_ERROR_NO_PROGRESS,
		   "task %s ran %u operations at t = %s without time passing: %s", name,
		   SCHED_MAX_INSTANT_STEPS, at->str,
		   t->role == TASK_ROLE_CARRIER
			   ? "the coroutines or goroutines it runs never wait or compute"
			   : "its program never waits or computes");
}

/*
 * Ask t's driver what it does next, and do it, until t is running, READY,
 * blocked or gone. `c` is the CPU t runs on, or NULL when it is not running
 * (arrival, wake-up): only c's own event (on_cpu) asks with a CPU, once
 * it has brought t's accounting up to now. While a running task's driver decides, its CPU is the
 * waker of whatever that step wakes (a sync object's op, a runtime's
 * hand-off); a task woken inside it keeps its waker's. A step that takes no
 * time is followed by the next at once, up to SCHED_MAX_INSTANT_STEPS in a row.
 */
void sched_advance(struct sched *s, struct task *t, struct cpu *c, unsigned wake_flags)
{
	struct sched_task *st = st_of(t);
	const struct driver_ops *drv = s->drivers[st->driver];
	void *self = s->driver_self[st->driver];
	struct cpu *waker = s->waker;
	struct step step;

	/* instant: operations done so far without time passing (a step that
	 * takes none comes back to this loop, counted) */
	for (uint32_t instant = 0;; instant++) {
		if (G_UNLIKELY(instant >= SCHED_MAX_INSTANT_STEPS)) {
			fail_no_progress(s, t);
			return;
		}
		step = (struct step){ .kind = STEP_EXIT, .obj = NO_TASK, .instant = instant };
		if (st->starting) {
			/* a process first runs its start, then asks its driver */
			st->starting = false;
			step = (struct step){ .kind = STEP_RUN,
					      .len = costs_start(s, t),
					      .obj = NO_TASK };
		} else if (!st->exiting) {
			if (c)
				s->waker = c;
			drv->next(self, s, t, &step);
			s->waker = waker;
			instant = step.instant;
			if (s->failure) {
				/* the driver stopped the run; a wait that closed a
				 * deadlock is still the task's last record */
				if (step.kind == STEP_WAIT)
					emit_step_wait(s, c, t, &step);
				return;
			}
			costs_exit(s, t, &step);
		}
		switch (step.kind) {
		case STEP_RUN:
			if (step.len <= 0)
				continue;
			t->burst = t->remaining = step.len;
			if (c) {
				if (s->eng.now < c->slice_end) {
					arm_cpu(s, c); /* keeps computing in the same slice */
					return;
				}
				emit(s, REC_EXPIRE, c, t, 0,
				     why_time(s, "slice used up: ", c->ran));
				requeue_curr(s, c, ENQ_EXPIRED);
				return;
			}
			make_ready(s, t, wake_flags);
			return;
		case STEP_SLEEP:
			/* Off any CPU (it arrives or wakes into it), the record has none. */
			emit(s, REC_BLOCK, c, t, step.len,
			     why_printf(s, "%s", step.why ? step.why : "sleep"));
			if (c)
				leave_cpu(s, c, TASK_BLOCKED);
			t->state = TASK_BLOCKED;
			st->ev.tag = TEV_WAKE;
			engine_after(&s->eng, &st->ev, step.len, EV_PHASE_WAKEUP);
			return;
		case STEP_WAIT:
			emit_step_wait(s, c, t, &step);
			if (c)
				leave_cpu(s, c, TASK_BLOCKED);
			t->state = TASK_BLOCKED;
			waitq_add(s, step.wq, t, step.obj);
			return;
		case STEP_YIELD:
			if (!c)
				continue; /* yielding a CPU one does not hold is a no-op */
			emit(s, REC_YIELD, c, t, 0, NULL);
			c->yielded = true; /* the switch that follows pays no wake-up */
			requeue_curr(s, c, ENQ_YIELD);
			return;
		case STEP_READY:
			if (c)
				continue; /* on a CPU already: act now */
			t->burst = t->remaining = 0;
			make_ready(s, t, wake_flags);
			return;
		case STEP_EXIT:
			if (c)
				leave_cpu(s, c, TASK_TERMINATED);
			terminate(s, t);
			emit(s, REC_EXIT, c, t, 0, NULL);
			return;
		}
	}
}

/* A CPU's event: the running burst or slice ends. */
static void on_cpu(struct event *ev, void *ctx)
{
	struct sched *s = ctx;
	struct cpu *c = &s->cpus[ev->tag];
	struct task *t = c->curr;

	update_curr(s, c);
	if (t->remaining > 0) {
		g_assert(s->eng.now >= c->slice_end);
		emit(s, REC_EXPIRE, c, t, 0, why_time(s, "slice used up: ", c->ran));
		requeue_curr(s, c, ENQ_EXPIRED);
		return;
	}
	sched_advance(s, t, c, 0);
}

/* ----------------------------------------------------------------- run */

static void on_engine_progress(void *ctx)
{
	struct sched *s = ctx;

	s->progress(s->progress_ctx);
}

void sched_set_progress(struct sched *s, void (*fn)(void *ctx), void *ctx)
{
	s->progress = fn;
	s->progress_ctx = ctx;
	s->eng.progress = fn ? on_engine_progress : NULL;
}

struct sched *sched_new(const struct sched_config *cfg)
{
	struct sched *s = g_new0(struct sched, 1);
	const struct policy_ops *ops = cfg->policy;

	s->model = cfg->model;
	if (cfg->sink)
		s->sink = *cfg->sink;
	if (!s->sink.halt) /* a sink that never halts: its flag is always false */
		s->sink.halt = &never_halts;
	s->rec = (struct record){ .obj = UINT32_MAX, .carrier = UINT32_MAX };
	s->why = g_string_new(NULL);
	s->lb_why = g_string_new(NULL);
	engine_init(&s->eng, s);
	s->eng.horizon = cfg->horizon;
	s->eng.max_events = cfg->max_events;
	event_init(&s->dispatch_ev, on_dispatch, 0);

	s->policy.ops = ops;
	s->policy.conf = cfg->policy_conf;
	s->policy.ncpus = cfg->ncpus;
	rng_seed_named(&s->policy_rng, cfg->seed, ops->name, 0);
	s->curr_hooks = ops->update_curr != NULL;
	if (ops->tick && ops->tick_period)
		s->tick_period = ops->tick_period(&s->policy);

	/* One queue per CPU, or one shared by every CPU: the textbook multiprocessor. */
	s->global_queue = cfg->global_queue;
	s->nrqs = cfg->global_queue ? 1 : cfg->ncpus;
	s->rqs = g_new0(struct rq, s->nrqs);
	s->lists = g_new(struct rq_list, s->nrqs);
	s->queue_said = g_new(int64_t, s->nrqs);
	s->lists_kept = s->nrqs > 1 || !cfg->fixed_priorities;
	for (uint32_t i = 0; i < s->nrqs; i++) {
		s->queue_said[i] = -1;
		s->rqs[i].policy = &s->policy;
		s->rqs[i].priv = ops->rq_priv_size ? g_malloc0(ops->rq_priv_size) : NULL;
		s->rqs[i].cpu = cfg->global_queue ? -1 : (int)i;
		s->rqs[i].rng = &s->policy_rng;
		s->lists[i].head = s->lists[i].tail = NO_TASK;
	}
	event_init(&s->balance_ev, balance_on_event, 0);

	s->ncpus = cfg->ncpus;
	s->cpus = g_new0(struct cpu, s->ncpus);
	s->load_said = g_new(int64_t, s->ncpus);
	for (uint32_t i = 0; i < s->ncpus; i++)
		s->load_said[i] = -1;
	s->nresched = (s->ncpus + 63) / 64;
	s->resched = g_new0(uint64_t, s->nresched);
	s->track = !cfg->global_queue && cfg->ncpus > 1;
	s->idle = g_new0(uint64_t, s->nresched);
	s->overloaded = g_new0(uint64_t, s->nresched);
	for (uint32_t i = 0; i < cfg->ncpus; i++)
		s->idle[i / 64] |= UINT64_C(1) << (i % 64);
	for (uint32_t i = 0; i < s->ncpus; i++) {
		struct cpu *c = &s->cpus[i];

		event_init(&c->ev, on_cpu, i);
		c->id = i;
		c->rq = &s->rqs[cfg->global_queue ? 0 : i];
		c->slice_end = SIM_TIME_INF;
		c->tlb_pids = g_new0(uint32_t, MAX(1, s->model->tlb_pcid_slots));
	}
	tick_init(s);
	tasks_init(s, cfg->ids, ops->task_priv_size, cfg->task_ext_size);
	s->balancing = balance_periodic(s);
	s->lat = hist_new();
	s->lat_gid = LAT_NONE;
	s->bsamples = g_new(struct backlog_sample, BACKLOG_SAMPLES);
	s->bstride = s->bcountdown = 1;
	s->stats0 = g_new0(struct cpu_result, s->ncpus);
	s->warmup = cfg->warmup > 0 ? cfg->warmup : 0;
	s->warm = s->warmup == 0;
	if (!s->warm) {
		s->eng.mark = s->warmup;
		s->eng.on_mark = on_warmup;
	}
	return s;
}

unsigned sched_driver_add(struct sched *s, const struct driver_ops *ops, void *self)
{
	g_assert(s->ndrivers < SCHED_MAX_DRIVERS && ops && ops->next);
	s->drivers[s->ndrivers] = ops;
	if (ops->charge) {
		s->charging |= 1u << s->ndrivers;
		s->curr_hooks = true;
	}
	s->driver_self[s->ndrivers] = self;
	return s->ndrivers++;
}

bool sched_run(struct sched *s, GError **error)
{
	engine_run(&s->eng);
	if (s->eng.limit_hit && !s->failure) {
		g_autoptr(GString) at = g_string_new(NULL);

		units_time(at, s->eng.now);
		sched_fail(s, SIM_ERROR_EVENT_LIMIT,
			   "stopped at the limit of %" G_GUINT64_FORMAT " events, at t = %s, with "
			   "%" G_GUINT64_FORMAT " of %u tasks done",
			   s->eng.max_events, at->str, s->completed, s->ids);
	}
	if (s->eng.stalled && !s->failure) {
		g_autoptr(GString) at = g_string_new(NULL);

		units_time(at, s->eng.now);
		sched_fail(s, SIM_ERROR_NO_PROGRESS,
			   "%" G_GUINT64_FORMAT " events in a row at t = %s without time passing, "
			   "with %" G_GUINT64_FORMAT " of %u tasks done: tasks hand the CPU or a "
			   "wake-up to each other at no cost (yields, or waits and posts, under a "
			   "model with no switch cost) and never get past this instant",
			   s->eng.stall_events, at->str, s->completed, s->ids);
	}
	if (s->eng.out_of_time && !s->failure) {
		/* an event fell at or past 2^63 - 1 ns: the clock cannot get there */
		g_autoptr(GString) at = g_string_new(NULL);

		units_time(at, s->eng.now);
		sched_fail(s, SIM_ERROR_END_OF_TIME,
			   "the run would reach the end of simulated time, 2^63 - 1 ns "
			   "(9223372036.85 s, about 292 years): stopped at t = %s, with "
			   "%" G_GUINT64_FORMAT " of %u tasks done",
			   at->str, s->completed, s->ids);
	}
	/* Stopped by the horizon or a failure: bring the accounting up to now,
	 * so that a deadlock's report shows the run up to it. */
	for (uint32_t i = 0; i < s->ncpus; i++)
		update_curr(s, &s->cpus[i]);
	for (uint32_t id = 0; id < s->ids; id++) {
		struct task *t = sched_task_get(s, id);

		if (t && t->state == TASK_READY)
			t->wait_time += s->eng.now - t->ready_since;
	}
	/* a warm-up never over leaves nothing to measure: every group's all */
	if (!s->warm && !s->gwarm_taken)
		group_snapshot(s);
	if (s->failure) {
		g_propagate_error(error, s->failure);
		s->failure = NULL;
		return false;
	}
	return true;
}

/* a - b, counter by counter */
static struct cpu_result cpu_result_since(const struct cpu_result *a, const struct cpu_result *b)
{
	return (struct cpu_result){
		.busy = a->busy - b->busy,
		.switching = a->switching - b->switching,
		.switches = a->switches - b->switches,
		.involuntary = a->involuntary - b->involuntary,
		.switches_process = a->switches_process - b->switches_process,
		.switches_thread = a->switches_thread - b->switches_thread,
		.tlb_flushes = a->tlb_flushes - b->tlb_flushes,
		.tlb_refill = a->tlb_refill - b->tlb_refill,
		.migrations = a->migrations - b->migrations,
		.remote_wakeups = a->remote_wakeups - b->remote_wakeups,
	};
}

void sched_result(const struct sched *s, struct run_result *out)
{
	out->end = s->eng.now;
	out->horizon_hit = s->eng.horizon_hit;
	out->events = s->eng.events;
	out->decisions = s->decisions;
	out->peak_memory = s->warm ? s->peak_memory : 0;
	out->ncpus = s->ncpus;
	out->cpus = g_new0(struct cpu_result, s->ncpus);
	for (uint32_t i = 0; i < s->ncpus; i++) {
		/* a warm-up never over leaves nothing to measure */
		const struct cpu_result *from = s->warm ? &s->stats0[i] : &s->cpus[i].stats;

		out->cpus[i] = cpu_result_since(&s->cpus[i].stats, from);
	}
	out->warmup = s->warmup;
	out->sched_latency = hist_copy(s->lat);
	out->nbacklog = s->nbsamples;
	out->backlog = g_memdup2(s->bsamples, MAX(s->nbsamples, 1) * sizeof(*s->bsamples));
}

const struct hist *sched_group_latency(const struct sched *s, uint32_t gid)
{
	if (gid && gid == s->lat_gid)
		return s->lat; /* every sample is of this group */
	return gid && gid <= s->nglat ? s->glat[gid - 1] : NULL;
}

void sched_group_warmup(const struct sched *s, uint32_t gid, struct group_result *out)
{
	const struct group_result *g = gid && gid <= s->ngwarm ? &s->gwarm[gid - 1] : NULL;

	out->warmup_cpu = g ? g->warmup_cpu : 0;
	out->warmup_voluntary = g ? g->warmup_voluntary : 0;
	out->warmup_involuntary = g ? g->warmup_involuntary : 0;
}

sim_time_t sched_now(const struct sched *s)
{
	return s->eng.now;
}

uint64_t sched_events(const struct sched *s)
{
	return s->eng.events;
}

sim_time_t sched_horizon(const struct sched *s)
{
	return s->eng.horizon;
}

bool sched_horizon_hit(const struct sched *s)
{
	return s->eng.horizon_hit;
}

uint64_t sched_completed(const struct sched *s)
{
	return s->completed;
}

void sched_free(struct sched *s)
{
	if (!s)
		return;
	/* sim_result_take released the events of the slots it gave back (tasks.c). */
	engine_release(&s->eng);
	for (uint32_t i = 0; i < s->ncpus; i++)
		g_free(s->cpus[i].tlb_pids);
	g_free(s->cpus);
	g_free(s->resched);
	g_free(s->idle);
	g_free(s->overloaded);
	for (uint32_t i = 0; i < s->nrqs; i++) {
		if (s->policy.ops->release)
			s->policy.ops->release(&s->rqs[i]);
		g_free(s->rqs[i].priv);
	}
	g_free(s->rqs);
	g_free(s->queue_said);
	g_free(s->load_said);
	g_free(s->lists);
	tasks_release(s);
	hist_free(s->lat);
	for (uint32_t i = 0; i < s->nglat; i++)
		hist_free(s->glat[i]);
	g_free(s->glat);
	g_free(s->gwarm);
	g_free(s->bsamples);
	g_free(s->stats0);
	g_string_free(s->why, TRUE);
	g_string_free(s->lb_why, TRUE);
	g_clear_error(&s->failure);
	g_free(s);
}
