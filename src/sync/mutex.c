/*
 * mutex.c - a mutual-exclusion lock: `lock M`, `unlock M`.
 *
 * At most one task holds it; only the holder may unlock it (else the run
 * stops: a misuse). Locking a mutex one holds already blocks for ever, as a
 * default (non-recursive) pthread mutex does, and the wait-for graph reports
 * it as a cycle of one. Waiters queue in FIFO order.
 *
 *   handoff = fifo (default)  unlock passes the mutex to the first waiter,
 *                             which holds it from that instant, before it
 *                             even runs: fair, and the source of lock
 *                             convoys (the holder may be waiting for a CPU).
 *   handoff = barging         unlock frees it and wakes the first waiter,
 *                             which competes again once it runs, as a
 *                             futex-based mutex does (glibc, Drepper's
 *                             "Futexes Are Tricky"): a running task may take
 *                             it first, and the woken one blocks again, at
 *                             the back of the queue.
 *   protocol = inherit        priority inheritance (Sha, Rajkumar, Lehoczky,
 *                             "Priority Inheritance Protocols", IEEE ToC
 *                             1990; the cure of Mars Pathfinder's 1997
 *                             resets): the holder runs at the priority of
 *                             its most urgent waiter, transitively along a
 *                             chain of such mutexes, and waiters are served
 *                             most urgent first (the kernel's rt_mutex).
 *                             Acts where the policy schedules by priority.
 */
#include "sync/sync_int.h"

struct mutex {
	struct sync_obj o;
	struct waitq wq;
	uint32_t owner; /* task id, NO_ID: free */
	sim_time_t since;
	uint32_t held; /* acquisitions not yet released: 0 or 1 (checked) */
};

#define MX(o) ((struct mutex *)(o))

static void mutex_init(struct sync_obj *o)
{
	waitq_init(&MX(o)->wq);
	MX(o)->owner = NO_ID;
}

uint32_t mutex_owner(const struct sync_obj *m)
{
	return MX(m)->owner;
}

/* ------------------------------------------------ priority inheritance */

/* Is priority a more urgent than b under the run's policy? */
static bool more_urgent(struct sync_world *w, int32_t a, int32_t b)
{
	int64_t ua, ub;

	return sched_prio_urgency(w->core, a, &ua) && sched_prio_urgency(w->core, b, &ub) &&
	       ua < ub;
}

static void set_prio(struct sync_world *w, struct task *t, int32_t prio)
{
	struct sync_task *st = sync_task_of(t);

	if (prio == t->priority)
		return;
	if (!st->boosted) {
		st->boosted = true;
		st->base_prio = t->priority;
	}
	sched_set_priority(w->core, t, prio);
	if (prio == st->base_prio)
		st->boosted = false;
}

/* t's priority: its own, or that of the most urgent waiter of an inherit
 * mutex it holds. */
static void pi_recompute(struct sync_world *w, struct task *t)
{
	struct sync_task *st = sync_task_of(t);
	int32_t prio = st->boosted ? st->base_prio : t->priority;

	for (uint32_t i = 0; i < w->n; i++) {
		struct sync_obj *o = w->objs[i];

		if (o->cls != &sync_mutex_class || !o->conf->inherit || MX(o)->owner != t->id)
			continue;
		for (struct task *x = sync_first(o, &MX(o)->wq); x;
		     x = sched_waitq_next(w->core, &MX(o)->wq, x))
			if (more_urgent(w, x->priority, prio))
				prio = x->priority;
	}
	set_prio(w, t, prio);
}

/* A task of priority prio blocks on m: raise its holder, and along the chain. */
static void pi_raise(struct sync_obj *m, int32_t prio)
{
	struct sync_world *w = m->w;

	for (uint32_t steps = 0; steps < w->n; steps++) {
		struct task *owner;
		uint32_t next;

		if (MX(m)->owner == NO_ID)
			return;
		owner = sync_task(m, MX(m)->owner);
		if (!more_urgent(w, prio, owner->priority))
			return;
		set_prio(w, owner, prio);
		next = owner->state == TASK_BLOCKED ? sched_task_waits_on(owner) : NO_ID;
		if (next == NO_ID || next >= w->n || w->objs[next]->cls != &sync_mutex_class ||
		    !w->objs[next]->conf->inherit)
			return;
		m = w->objs[next];
	}
}

/* Who gets the mutex next: the first waiter, or the most urgent with inherit. */
static struct task *next_waiter(struct sync_obj *o)
{
	struct task *best = sync_first(o, &MX(o)->wq);

	if (!o->conf->inherit || !best)
		return best;
	for (struct task *x = sched_waitq_next(o->w->core, &MX(o)->wq, best); x;
	     x = sched_waitq_next(o->w->core, &MX(o)->wq, x))
		if (more_urgent(o->w, x->priority, best->priority))
			best = x;
	return best;
}

/* ------------------------------------------------------------ lock, unlock */

void mutex_lock(struct sync_obj *o, struct task *t, struct sync_task *st, struct step *out)
{
	struct mutex *m = MX(o);

	if (st->granted) { /* handed over by an unlock; counted then */
		g_assert(m->owner == t->id);
		st->granted = false;
		sync_done(out);
		return;
	}
	if (m->owner == NO_ID) {
		m->owner = t->id;
		m->held++;
		m->since = sync_now(o);
		sync_acquired(o, st);
		sync_done(out);
		return;
	}
	if (o->conf->inherit)
		pi_raise(o, t->priority);
	sync_block(o, t, st, &m->wq, OP_LOCK, out);
}

bool mutex_unlock(struct sync_obj *o, struct task *t)
{
	struct mutex *m = MX(o);
	struct task *next;

	if (m->owner != t->id)
		return false;
	sync_released(o, m->since);
	m->held--;
	next = next_waiter(o);
	if (next && !o->conf->barging) {
		m->owner = next->id;
		m->held++;
		m->since = sync_now(o);
		sync_acquired(o, sync_task_of(next));
		sync_grant(o, &m->wq, next);
	} else {
		m->owner = NO_ID;
		if (next)
			sync_wake(o, &m->wq, next);
	}
	if (o->conf->inherit) {
		pi_recompute(o->w, t);
		if (m->owner != NO_ID)
			pi_recompute(o->w, sync_task(o, m->owner));
	}
	return true;
}

static void mutex_op(struct sync_obj *o, struct task *t, struct sync_task *st, const struct op *op,
		     struct step *out)
{
	switch (op->kind) {
	case OP_LOCK:
		mutex_lock(o, t, st, out);
		return;
	case OP_UNLOCK:
		if (!mutex_unlock(o, t))
			sync_misuse(o, t, "which it does not hold");
		sync_done(out);
		return;
	default:
		g_assert_not_reached(); /* scenario_load checks ops against kinds */
	}
}

static uint32_t mutex_holders(const struct sync_obj *o, uint32_t *ids, uint32_t max)
{
	if (MX(o)->owner == NO_ID || max == 0)
		return 0;
	ids[0] = MX(o)->owner;
	return 1;
}

static bool mutex_check(const struct sync_obj *o, GString *msg)
{
	const struct mutex *m = MX(o);

	if (m->held > 1 || (m->held == 1) != (m->owner != NO_ID)) {
		g_string_append_printf(msg, "%u holders", m->held);
		return false;
	}
	if (m->owner == NO_ID && m->wq.len && !o->conf->barging) {
		g_string_append(msg, "free with waiters under handoff");
		return false;
	}
	return true;
}

const struct sync_class sync_mutex_class = {
	.kind = "mutex",
	.size = sizeof(struct mutex),
	.init = mutex_init,
	.op = mutex_op,
	.holders = mutex_holders,
	.check = mutex_check,
};
