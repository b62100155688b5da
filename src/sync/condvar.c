/*
 * condvar.c - a condition variable with its mutex: `cond_wait C`,
 * `signal C`, `broadcast C` (Hoare 1974, with Mesa semantics: Lampson and
 * Redell, "Experience with Processes and Monitors in Mesa", 1980).
 *
 * cond_wait releases the condvar's mutex (the task must hold it, else the
 * run stops) and blocks on the condvar, in one step; once signalled it
 * relocks the mutex before going on, as pthread_cond_wait does, blocking on
 * the mutex if need be. signal wakes the first waiter, broadcast every one
 * (each then competes for the mutex: the thundering herd); with nobody
 * waiting they do nothing. The signal is not remembered, so a signal sent
 * before the other task waits is lost: programs have no loop re-checking a
 * predicate, and such a run ends with the waiter blocked for ever, reported
 * as a lost wake-up. That is the lesson; a semaphore remembers.
 *
 * The signalled waiter is woken (not moved onto the mutex's queue), as
 * glibc's condition variables since 2.25 do.
 */
#include "sync/sync_int.h"

struct condvar {
	struct sync_obj o;
	struct waitq wq;
};

#define CV(o) ((struct condvar *)(o))

static void cv_init(struct sync_obj *o)
{
	waitq_init(&CV(o)->wq);
}

static void cv_wait(struct sync_obj *o, struct task *t, struct sync_task *st, struct step *out)
{
	struct sync_obj *m = o->w->objs[o->conf->mutex];

	switch (st->stage) {
	case 0: /* release the mutex and wait, at once */
		if (!mutex_unlock(m, t)) {
			sync_misuse(o, t, "without holding its mutex");
			sync_done(out);
			return;
		}
		st->stage = 1;
		sync_block(o, t, st, &CV(o)->wq, OP_COND_WAIT, out);
		return;
	case 1: /* signalled: relock */
		g_assert(st->granted);
		sync_acquired(o, st);
		st->stage = 2;
		st->granted = st->contended = false;
		st->since = sync_now(o);
		/* fall through */
	default:
		mutex_lock(m, t, st, out);
		return;
	}
}

static void cv_op(struct sync_obj *o, struct task *t, struct sync_task *st, const struct op *op,
		  struct step *out)
{
	struct task *next;

	switch (op->kind) {
	case OP_COND_WAIT:
		cv_wait(o, t, st, out);
		return;
	case OP_SIGNAL:
		next = sync_first(o, &CV(o)->wq);
		if (next)
			sync_grant(o, &CV(o)->wq, next);
		sync_done(out);
		return;
	case OP_BROADCAST:
		/* Only those waiting now: each is woken once. */
		for (uint32_t n = CV(o)->wq.len; n > 0; n--)
			sync_grant(o, &CV(o)->wq, sync_first(o, &CV(o)->wq));
		sync_done(out);
		return;
	default:
		g_assert_not_reached();
	}
}

const struct sync_class sync_condvar_class = {
	.kind = "condvar",
	.size = sizeof(struct condvar),
	.init = cv_init,
	.op = cv_op,
};
