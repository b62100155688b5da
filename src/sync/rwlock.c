/*
 * rwlock.c - a reader-writer lock: `rdlock L`, `wrlock L`, `unlock L`
 * (Courtois, Heymans and Parnas, "Concurrent Control with Readers and
 * Writers", CACM 1971).
 *
 * Many readers or one writer hold it. Who goes first when both wait is the
 * lock's `prefer`, the two problems of the paper:
 *
 *   readers (default)  a reader enters whenever no writer holds the lock,
 *                      even while writers wait; an unlock that frees the
 *                      lock lets every waiting reader in, else one writer.
 *                      A steady stream of readers starves the writers.
 *   writers            a reader waits while a writer holds the lock or
 *                      waits for it; an unlock that frees the lock lets one
 *                      writer in, else every waiting reader. A steady
 *                      stream of writers starves the readers.
 *
 * The lock is handed over: the tasks let in hold it from the unlock, and go
 * on once they run. FIFO within readers and within writers. Only a holder
 * may unlock (else the run stops).
 */
#include "sync/sync_int.h"

struct reader {
	uint32_t task;
	sim_time_t since;
};

struct rwlock {
	struct sync_obj o;
	struct waitq rq, wq; /* readers, writers waiting */
	uint32_t writer;     /* task id, NO_ID: none */
	sim_time_t since;    /* the writer's */
	GArray *readers;     /* struct reader: the readers holding it */
};

#define RW(o) ((struct rwlock *)(o))

static void rw_init(struct sync_obj *o)
{
	waitq_init(&RW(o)->rq);
	waitq_init(&RW(o)->wq);
	RW(o)->writer = NO_ID;
	RW(o)->readers = g_array_new(FALSE, FALSE, sizeof(struct reader));
}

static void rw_release(struct sync_obj *o)
{
	g_array_free(RW(o)->readers, TRUE);
}

static void add_reader(struct sync_obj *o, uint32_t task)
{
	struct reader r = { .task = task, .since = sync_now(o) };

	g_array_append_val(RW(o)->readers, r);
}

/* Let the waiting readers in / the first waiting writer. */
static void grant_readers(struct sync_obj *o)
{
	struct rwlock *l = RW(o);

	for (uint32_t n = l->rq.len; n > 0; n--) {
		struct task *t = sync_first(o, &l->rq);

		add_reader(o, t->id);
		sync_acquired(o, sync_task_of(t));
		sync_grant(o, &l->rq, t);
	}
}

static bool grant_writer(struct sync_obj *o)
{
	struct rwlock *l = RW(o);
	struct task *t = sync_first(o, &l->wq);

	if (!t)
		return false;
	l->writer = t->id;
	l->since = sync_now(o);
	sync_acquired(o, sync_task_of(t));
	sync_grant(o, &l->wq, t);
	return true;
}

static bool rw_unlock(struct sync_obj *o, struct task *t)
{
	struct rwlock *l = RW(o);

	if (l->writer == t->id) {
		sync_released(o, l->since);
		l->writer = NO_ID;
		if (o->conf->prefer_writers) {
			if (!grant_writer(o))
				grant_readers(o);
		} else if (l->rq.len) {
			grant_readers(o);
		} else {
			grant_writer(o);
		}
		return true;
	}
	for (guint i = 0; i < l->readers->len; i++) {
		struct reader *r = &g_array_index(l->readers, struct reader, i);

		if (r->task != t->id)
			continue;
		sync_released(o, r->since);
		g_array_remove_index(l->readers, i);
		if (!l->readers->len)
			grant_writer(o);
		return true;
	}
	return false;
}

static void rw_op(struct sync_obj *o, struct task *t, struct sync_task *st, const struct op *op,
		  struct step *out)
{
	struct rwlock *l = RW(o);

	if (op->kind != OP_UNLOCK && st->granted) { /* let in by an unlock; counted then */
		st->granted = false;
		sync_done(out);
		return;
	}
	switch (op->kind) {
	case OP_RDLOCK:
		if (l->writer == NO_ID && (!o->conf->prefer_writers || !l->wq.len)) {
			add_reader(o, t->id);
			sync_acquired(o, st);
			sync_done(out);
		} else {
			sync_block(o, t, st, &l->rq, OP_RDLOCK, out);
		}
		return;
	case OP_WRLOCK:
		if (l->writer == NO_ID && !l->readers->len) {
			l->writer = t->id;
			l->since = sync_now(o);
			sync_acquired(o, st);
			sync_done(out);
		} else {
			sync_block(o, t, st, &l->wq, OP_WRLOCK, out);
		}
		return;
	case OP_UNLOCK:
		if (!rw_unlock(o, t))
			sync_misuse(o, t, "which it does not hold");
		sync_done(out);
		return;
	default:
		g_assert_not_reached();
	}
}

static uint32_t rw_holders(const struct sync_obj *o, uint32_t *ids, uint32_t max)
{
	const struct rwlock *l = RW(o);
	uint32_t n = 0;

	if (l->writer != NO_ID) {
		if (max > 0)
			ids[0] = l->writer;
		return 1;
	}
	for (guint i = 0; i < l->readers->len; i++, n++)
		if (n < max)
			ids[n] = g_array_index(l->readers, struct reader, i).task;
	return n;
}

static bool rw_check(const struct sync_obj *o, GString *msg)
{
	const struct rwlock *l = RW(o);

	if (l->writer != NO_ID && l->readers->len) {
		g_string_append_printf(msg, "a writer and %u readers", l->readers->len);
		return false;
	}
	if (l->writer == NO_ID && !l->readers->len && (l->rq.len || l->wq.len)) {
		g_string_append(msg, "free with waiters");
		return false;
	}
	return true;
}

const struct sync_class sync_rwlock_class = {
	.kind = "rwlock",
	.size = sizeof(struct rwlock),
	.init = rw_init,
	.op = rw_op,
	.holders = rw_holders,
	.check = rw_check,
	.release = rw_release,
};
