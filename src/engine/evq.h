/*
 * evq.h - the pending-event set.
 *
 * An array-backed binary min-heap of intrusive events ordered by
 * (time, phase, seq). `phase` fixes the order of different kinds of events
 * that fall on the same instant; `seq` is a 64-bit counter assigned when an
 * event is pushed, so events of the same time and phase leave in the order
 * they were scheduled (libuv's timer heap does the same with start_id).
 * Nothing else breaks a tie. One phase, ARRIVAL, is ordered by a key its
 * owner gives instead of the counter (a task's id), so that arrivals that
 * fall on one instant leave in a fixed order however they were generated.
 *
 * Events are embedded in their owners (a task, a CPU) and each one stores its
 * heap index, so cancelling or moving an event is O(log n) and the queue
 * itself never allocates except to grow its pointer array, which happens a
 * logarithmic number of times over a run. Owners that need events they do
 * not embed take them from an evq_pool: a slab allocator with a free list.
 *
 * This module knows nothing of tasks, CPUs or policies.
 */
#ifndef SCHEDLAB_EVQ_H
#define SCHEDLAB_EVQ_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/simtime.h"

/*
 * Phases of simultaneous events, earliest first. At one instant bursts end
 * before new work arrives, arrivals are queued before the periodic tick
 * looks at the run queue, and dispatch decisions are taken last, once
 * everything that happens at that instant is known.
 */
enum ev_phase {
	EV_PHASE_COMPLETION = 0, /* a burst or a slice ends */
	EV_PHASE_ARRIVAL = 1,	 /* generated arrivals, ordered by their key */
	EV_PHASE_WAKEUP = 2,	 /* end of creation, I/O or sleep; spawned tasks */
	EV_PHASE_TICK = 3,	 /* periodic scheduler tick */
	EV_PHASE_DISPATCH = 4,	 /* pick what runs next */
	EV_PHASE_STATS = 5,	 /* sampling, horizon */
	EV_PHASE_COUNT
};

struct event;
typedef void (*event_fn)(struct event *ev, void *ctx);

#define EVQ_NOT_QUEUED UINT32_MAX

struct event {
	sim_time_t time; /* when it fires */
	uint64_t key;	 /* phase << 56 | seq: the tie-break, set by evq_push */
	event_fn fn;	 /* called by engine_run with the engine's context */
	uint32_t index;	 /* position in the heap, EVQ_NOT_QUEUED when idle */
	uint32_t tag;	 /* free for the owner (a CPU number, an event kind) */
};

/*
 * A heap slot keeps a copy of its event's order key next to the pointer, so
 * that sifting compares within the array and touches no event until it
 * moves one: twice as fast with a million pending events.
 */
struct evq_slot {
	sim_time_t time;
	uint64_t key;
	struct event *ev;
};

/*
 * The earliest pending event may be held apart from the heap, in `front`:
 * an event pushed before everything pending (a dispatch at this instant, a
 * CPU's next slice end when nothing else is due first) goes there and
 * leaves again without a sift. The order is the same: front is always
 * before every event of the heap.
 */
struct evq {
	struct evq_slot *heap; /* heap[0] is the earliest of the heap */
	uint32_t len;	       /* events in the heap */
	uint32_t cap;	       /* slots allocated */
	uint64_t seq;	       /* next sequence number */
	struct evq_slot front; /* front.ev != NULL: before everything in heap */
};

/* event.index of the event held in front. */
#define EVQ_FRONT (UINT32_MAX - 1)

void evq_init(struct evq *q);
/* Empty the queue and free its array; its events are left idle. */
void evq_release(struct evq *q);

/* Prepare an event that is not queued (fn may be set later). */
void event_init(struct event *ev, event_fn fn, uint32_t tag);

static inline bool event_pending(const struct event *ev)
{
	return ev->index != EVQ_NOT_QUEUED;
}

static inline enum ev_phase event_phase(const struct event *ev)
{
	return (enum ev_phase)(ev->key >> 56);
}

#define EVQ_SEQ_MASK ((UINT64_C(1) << 56) - 1)

/* The heap's side of evq_push_keyed and evq_pop (evq.c). */
void evq_push_slow(struct evq *q, struct event *ev);
struct event *evq_pop_heap(struct evq *q);

/* (time, key) strictly before slot b. */
static inline bool evq_before(sim_time_t time, uint64_t key, const struct evq_slot *b)
{
	if (time != b->time)
		return time < b->time;
	return key < b->key;
}

/*
 * Queue ev at time `t` in `phase` with the tie-break `key` (< 2^56) in place
 * of the counter: for EV_PHASE_ARRIVAL, whose events must not share a key.
 * ev must not be pending. An event due before everything pending, while
 * the front is free, goes there here; the rest in evq.c.
 */
static inline void evq_push_keyed(struct evq *q, struct event *ev, sim_time_t t,
				  enum ev_phase phase, uint64_t key)
{
	g_assert(!event_pending(ev));
	g_assert(key <= EVQ_SEQ_MASK && t >= 0 && (unsigned)phase < EV_PHASE_COUNT);
	ev->time = t;
	ev->key = key | (uint64_t)phase << 56;
	if (!q->front.ev && (!q->len || evq_before(t, ev->key, &q->heap[0]))) {
		q->front.time = t;
		q->front.key = ev->key;
		q->front.ev = ev;
		ev->index = EVQ_FRONT;
		return;
	}
	evq_push_slow(q, ev);
}

/* Queue ev at time `t` in `phase`; ev must not be pending. */
static inline void evq_push(struct evq *q, struct event *ev, sim_time_t t, enum ev_phase phase)
{
	evq_push_keyed(q, ev, t, phase, q->seq++ & EVQ_SEQ_MASK);
}

/* Remove a pending event. */
void evq_cancel(struct evq *q, struct event *ev);
/* The earliest event, or NULL; evq_pop removes it. */
static inline struct event *evq_peek(const struct evq *q)
{
	if (q->front.ev)
		return q->front.ev;
	return q->len ? q->heap[0].ev : NULL;
}

static inline struct event *evq_pop(struct evq *q)
{
	struct event *ev = q->front.ev;

	if (ev) {
		q->front.ev = NULL;
		ev->index = EVQ_NOT_QUEUED;
		return ev;
	}
	return evq_pop_heap(q);
}

static inline uint32_t evq_len(const struct evq *q)
{
	return q->len + (q->front.ev != NULL);
}

/*
 * evq_pool - events for owners that do not embed them. Allocates in slabs
 * and recycles through a free list, so steady state allocates nothing.
 */
union evq_pool_slot;
struct evq_pool {
	union evq_pool_slot *free; /* recycled events */
	void **slabs;
	size_t nslabs;
	size_t slab_events;
};

void evq_pool_init(struct evq_pool *p, size_t slab_events);
void evq_pool_release(struct evq_pool *p);
struct event *evq_pool_get(struct evq_pool *p);
void evq_pool_put(struct evq_pool *p, struct event *ev);

#endif
