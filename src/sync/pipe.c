/*
 * pipe.c - a pipe: a byte stream of bounded capacity, `send P N` and
 * `recv P N` (pipe(7)).
 *
 * `capacity` bytes fit in it (64 KiB by default, Linux's since 2.6.11).
 * send writes its N bytes as room allows and blocks while the pipe is full
 * until all are written; a send of at most PIPE_BUF = 4096 bytes is atomic,
 * as POSIX requires: it waits for room for all of it, so small messages of
 * several writers never interleave (unless it exceeds the capacity). recv reads N bytes as they come, and
 * blocks while the pipe is empty until it has all N (read(2) in a loop, as
 * `perf bench sched pipe` and hackbench read whole messages).
 *
 * Waking follows Linux's fs/pipe.c: a writer wakes one waiting reader when
 * it puts bytes into the pipe, and a reader that leaves bytes behind wakes
 * the next reader; a reader wakes one waiting writer when it frees room,
 * and a writer that leaves room behind wakes the next writer. The woken
 * task retries once it runs (nothing is handed over), and may block again.
 * Both wake synchronously (wake_up_interruptible_sync_poll, WF_SYNC): a
 * woken task may be placed on its waker's CPU (sched_wake_sync).
 */
#include "sync/sync_int.h"

#define PIPE_BUF 4096 /* POSIX.1 limits.h; Linux's value */

struct pipe {
	struct sync_obj o;
	struct waitq readers, writers; /* blocked on empty / full */
	uint64_t used;		       /* bytes in the pipe */
	uint64_t sent;		       /* bytes ever written */
};

#define PP(o) ((struct pipe *)(o))

static void pipe_init(struct sync_obj *o)
{
	waitq_init(&PP(o)->readers);
	waitq_init(&PP(o)->writers);
}

static void wake_first(struct sync_obj *o, struct waitq *wq)
{
	struct task *t = sync_first(o, wq);

	if (t)
		sync_wake(o, wq, t);
}

static void pipe_send(struct sync_obj *o, struct task *t, struct sync_task *st, const struct op *op,
		      struct step *out)
{
	struct pipe *p = PP(o);
	uint64_t room = o->conf->capacity - p->used;
	uint64_t n = MIN(room, st->left);

	if (op->obj.bytes <= PIPE_BUF && op->obj.bytes <= o->conf->capacity && room < st->left)
		n = 0; /* atomic: all or nothing */
	if (n) {
		bool was_empty = p->used == 0;

		p->used += n;
		p->sent += n;
		st->left -= n;
		if (was_empty)
			wake_first(o, &p->readers);
	}
	if (st->left) {
		sync_block(o, t, st, &p->writers, OP_SEND, out);
		return;
	}
	o->r.writers_blocked += st->blocked;
	if (p->used < o->conf->capacity)
		wake_first(o, &p->writers);
	sync_done(out);
}

static void pipe_recv(struct sync_obj *o, struct task *t, struct sync_task *st, struct step *out)
{
	struct pipe *p = PP(o);
	uint64_t n = MIN(p->used, st->left);

	if (n) {
		bool was_full = p->used == o->conf->capacity;

		p->used -= n;
		st->left -= n;
		o->r.bytes += n;
		if (was_full || p->writers.len)
			wake_first(o, &p->writers);
	}
	if (st->left) {
		sync_block(o, t, st, &p->readers, OP_RECV, out);
		return;
	}
	o->r.readers_blocked += st->blocked;
	o->r.messages++;
	if (p->used)
		wake_first(o, &p->readers);
	sync_done(out);
}

static void pipe_op(struct sync_obj *o, struct task *t, struct sync_task *st, const struct op *op,
		    struct step *out)
{
	switch (op->kind) {
	case OP_SEND:
		pipe_send(o, t, st, op, out);
		return;
	case OP_RECV:
		pipe_recv(o, t, st, out);
		return;
	default:
		g_assert_not_reached();
	}
}

static bool pipe_check(const struct sync_obj *o, GString *msg)
{
	const struct pipe *p = PP(o);

	if (p->used > o->conf->capacity) {
		g_string_append_printf(
			msg, "%" G_GUINT64_FORMAT " bytes in a pipe of %" G_GUINT64_FORMAT, p->used,
			o->conf->capacity);
		return false;
	}
	if (p->sent != o->r.bytes + p->used) {
		g_string_append_printf(msg,
				       "%" G_GUINT64_FORMAT " bytes sent, %" G_GUINT64_FORMAT
				       " received and %" G_GUINT64_FORMAT " in the pipe",
				       p->sent, o->r.bytes, p->used);
		return false;
	}
	return true;
}

const struct sync_class sync_pipe_class = {
	.kind = "pipe",
	.call_per_op = true,
	.wake_sync = true,
	.size = sizeof(struct pipe),
	.init = pipe_init,
	.op = pipe_op,
	.check = pipe_check,
};
