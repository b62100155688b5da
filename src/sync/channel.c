/*
 * channel.c - a message queue: `send Q N` puts one message of N bytes,
 * `recv Q N` takes one whole message (a POSIX message queue, mq_overview(7);
 * a Go channel).
 *
 * `capacity` messages fit in it. send blocks while it is full, recv while
 * it is empty. With capacity 0 (the default, Go's unbuffered channel) a
 * send is a rendezvous: it waits until a receiver takes its message.
 * Messages are handed over, as Go's runtime does (chan.go): a send finding
 * a receiver waiting gives it the message directly; a recv that frees a
 * place moves the first blocked sender's message in and lets the sender go
 * (with capacity 0 it takes that message itself). FIFO order on both sides,
 * and messages keep the order they were sent in. Its wake-ups are not
 * synchronous: mq_send and mq_receive wake their partner through a wake_q
 * (ipc/mqueue.c, wake_up_q), without the WF_SYNC of pipes, so a woken task
 * is not pulled to its waker's CPU for that reason alone.
 */
#include "sync/sync_int.h"

struct channel {
	struct sync_obj o;
	struct waitq receivers, senders;
	/* The sizes of the messages it holds, from head: slots places, grown
	 * by doubling up to the capacity as messages come (a channel of a
	 * million places that holds ten takes the room of ten). */
	uint64_t *ring;
	uint64_t slots, head, count;
	uint64_t sent; /* messages ever sent */
};

/* Places made at first, before a channel fills them. */
#define CH_FIRST_SLOTS 16

#define CH(o) ((struct channel *)(o))

static void ch_init(struct sync_obj *o)
{
	struct channel *c = CH(o);

	waitq_init(&c->receivers);
	waitq_init(&c->senders);
	c->slots = MAX(MIN(o->conf->capacity, CH_FIRST_SLOTS), 1);
	c->ring = g_new0(uint64_t, c->slots);
}

static void ch_release(struct sync_obj *o)
{
	g_free(CH(o)->ring);
}

/* Twice the places (at most cap), the messages moved to the start in order. */
static void grow(struct channel *c, uint64_t cap)
{
	uint64_t slots = MIN(c->slots * 2, cap), *ring = g_new(uint64_t, slots);

	for (uint64_t i = 0; i < c->count; i++)
		ring[i] = c->ring[(c->head + i) % c->slots];
	g_free(c->ring);
	c->ring = ring;
	c->slots = slots;
	c->head = 0;
}

static void push(struct channel *c, uint64_t cap, uint64_t size)
{
	g_assert(c->count < cap);
	if (c->count == c->slots)
		grow(c, cap);
	c->ring[(c->head + c->count++) % c->slots] = size;
	c->sent++;
}

static uint64_t pop(struct channel *c)
{
	uint64_t size = c->ring[c->head];

	g_assert(c->count > 0);
	c->head = (c->head + 1) % c->slots;
	c->count--;
	return size;
}

/* A message of `size` bytes reached a receiver. */
static void received(struct sync_obj *o, uint64_t size)
{
	o->r.messages++;
	o->r.bytes += size;
}

static void ch_send(struct sync_obj *o, struct task *t, struct sync_task *st, struct step *out)
{
	struct channel *c = CH(o);
	uint64_t cap = o->conf->capacity;
	struct task *r;

	if (st->granted) { /* taken, or moved in, by a receiver */
		st->granted = false;
		o->r.writers_blocked += st->blocked;
		sync_done(out);
		return;
	}
	r = sync_first(o, &c->receivers);
	if (r) { /* only with an empty queue: hand it over */
		c->sent++;
		received(o, st->left);
		sync_grant(o, &c->receivers, r);
	} else if (c->count < cap) {
		push(c, cap, st->left);
	} else {
		sync_block(o, t, st, &c->senders, OP_SEND, out);
		return;
	}
	o->r.writers_blocked += st->blocked;
	sync_done(out);
}

static void ch_recv(struct sync_obj *o, struct task *t, struct sync_task *st, struct step *out)
{
	struct channel *c = CH(o);
	uint64_t cap = o->conf->capacity;
	struct task *s;

	if (st->granted) { /* a sender handed it a message, counted then */
		st->granted = false;
		o->r.readers_blocked += st->blocked;
		sync_done(out);
		return;
	}
	s = sync_first(o, &c->senders);
	if (c->count) {
		received(o, pop(c));
		if (s) {
			push(c, cap, sync_task_of(s)->left);
			sync_grant(o, &c->senders, s);
		}
	} else if (s) { /* a rendezvous: take the sender's message */
		c->sent++;
		received(o, sync_task_of(s)->left);
		sync_grant(o, &c->senders, s);
	} else {
		sync_block(o, t, st, &c->receivers, OP_RECV, out);
		return;
	}
	o->r.readers_blocked += st->blocked;
	sync_done(out);
}

static void ch_op(struct sync_obj *o, struct task *t, struct sync_task *st, const struct op *op,
		  struct step *out)
{
	switch (op->kind) {
	case OP_SEND:
		ch_send(o, t, st, out);
		return;
	case OP_RECV:
		ch_recv(o, t, st, out);
		return;
	default:
		g_assert_not_reached();
	}
}

static bool ch_check(const struct sync_obj *o, GString *msg)
{
	const struct channel *c = CH(o);

	if (c->count > o->conf->capacity || c->sent != o->r.messages + c->count) {
		g_string_append_printf(msg,
				       "%" G_GUINT64_FORMAT " messages sent, %" G_GUINT64_FORMAT
				       " received, %" G_GUINT64_FORMAT
				       " queued (capacity %" G_GUINT64_FORMAT ")",
				       c->sent, o->r.messages, c->count, o->conf->capacity);
		return false;
	}
	return true;
}

const struct sync_class sync_channel_class = {
	.kind = "channel",
	.call_per_op = true,
	.size = sizeof(struct channel),
	.init = ch_init,
	.op = ch_op,
	.check = ch_check,
	.release = ch_release,
};
