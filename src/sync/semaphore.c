/*
 * semaphore.c - Dijkstra's counting semaphore: `wait S` (P), `post S` (V).
 *
 * wait takes one unit of the count, or blocks while it is zero; post gives
 * one back, or, when tasks wait, hands it to the first of them, which goes
 * on once it runs: the count does not move, so a running task cannot take
 * the unit in between (Silberschatz 6.6's wait queue; the kernel's
 * semaphore.c `up`). FIFO order. A semaphore has no owner: any task may
 * post, and the wait-for graph has no edge through it, so a deadlock
 * through semaphores is reported when every live task is blocked.
 */
#include "sync/sync_int.h"

struct semaphore {
	struct sync_obj o;
	struct waitq wq;
	int64_t value; /* never negative (checked) */
};

#define SEM(o) ((struct semaphore *)(o))

static void sem_init(struct sync_obj *o)
{
	waitq_init(&SEM(o)->wq);
	SEM(o)->value = (int64_t)MIN(o->conf->value, (uint64_t)INT64_MAX);
}

static void sem_op(struct sync_obj *o, struct task *t, struct sync_task *st, const struct op *op,
		   struct step *out)
{
	struct semaphore *s = SEM(o);
	struct task *next;

	switch (op->kind) {
	case OP_WAIT:
		if (st->granted) { /* a post handed it its unit; counted then */
			st->granted = false;
			sync_done(out);
		} else if (s->value > 0) {
			s->value--;
			sync_acquired(o, st);
			sync_done(out);
		} else {
			sync_block(o, t, st, &s->wq, OP_WAIT, out);
		}
		return;
	case OP_POST:
		next = sync_first(o, &s->wq);
		if (next) {
			sync_acquired(o, sync_task_of(next));
			sync_grant(o, &s->wq, next);
		} else {
			s->value++;
		}
		sync_done(out);
		return;
	default:
		g_assert_not_reached();
	}
}

static bool sem_check(const struct sync_obj *o, GString *msg)
{
	const struct semaphore *s = SEM(o);

	if (s->value < 0) {
		g_string_append_printf(msg, "count %" G_GINT64_FORMAT, s->value);
		return false;
	}
	if (s->value > 0 && s->wq.len) {
		g_string_append_printf(msg, "count %" G_GINT64_FORMAT " with %u waiting", s->value,
				       s->wq.len);
		return false;
	}
	return true;
}

const struct sync_class sync_semaphore_class = {
	.kind = "semaphore",
	.size = sizeof(struct semaphore),
	.init = sem_init,
	.op = sem_op,
	.check = sem_check,
};
