/*
 * test_evq.c - the pending-event set and the run loop: (time, phase, seq)
 * order, cancellation anywhere in the heap, a randomized comparison with a
 * reference model, the event pool, and engine_run's horizon, stop and count.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>
#include <glib.h>

#include "base/rng.h"
#include "engine/engine.h"

/* a strictly before b in (time, phase, seq) order. */
static bool ev_before(const struct event *a, const struct event *b)
{
	if (a->time != b->time)
		return a->time < b->time;
	return a->key < b->key;
}

/* Every slot knows its index and no child comes before its parent. */
static void assert_heap_valid(const struct evq *q)
{
	for (uint32_t i = 0; i < q->len; i++) {
		/* The slot's copy of the key matches its event's. */
		assert_int_equal(q->heap[i].ev->index, i);
		assert_int_equal(q->heap[i].time, q->heap[i].ev->time);
		assert_int_equal(q->heap[i].key, q->heap[i].ev->key);
		if (i > 0)
			assert_false(ev_before(q->heap[i].ev, q->heap[(i - 1) / 2].ev));
	}
}

static void init_events(struct event *evs, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		event_init(&evs[i], NULL, i);
}

/*
 * Pop everything: the events must leave in strictly increasing
 * (time, phase, seq) order and the one at `skip` (or none) must not leave.
 * Returns how many left.
 */
static uint32_t drain_sorted(struct evq *q, const struct event *skip)
{
	struct event *prev = NULL, *ev;
	uint32_t n = 0;

	while ((ev = evq_pop(q))) {
		assert_false(event_pending(ev));
		assert_ptr_not_equal(ev, skip);
		if (prev)
			assert_true(ev_before(prev, ev));
		prev = ev;
		n++;
	}
	assert_int_equal(evq_len(q), 0);
	return n;
}

static void test_events_leave_in_time_order(void **state)
{
	static const sim_time_t t[] = { 50, 10, 40, 20, 30, 0, 60 };
	static const uint32_t order[] = { 5, 1, 3, 4, 2, 0, 6 };
	struct event evs[7];
	struct evq q;

	evq_init(&q);
	init_events(evs, 7);
	for (int i = 0; i < 7; i++)
		evq_push(&q, &evs[i], t[i], EV_PHASE_WAKEUP);
	assert_int_equal(evq_len(&q), 7);
	for (int i = 0; i < 7; i++) {
		assert_ptr_equal(evq_peek(&q), &evs[order[i]]);
		assert_int_equal(evq_pop(&q)->tag, order[i]);
	}
	assert_null(evq_pop(&q));
	assert_null(evq_peek(&q));
	evq_release(&q);
}

static void test_ties_leave_in_insertion_order(void **state)
{
	enum { N = 300 };
	struct event evs[N], early;
	struct evq q;

	evq_init(&q);
	init_events(evs, N);
	event_init(&early, NULL, 9999);
	/* More than the initial 64 slots, with an earlier event pushed in the middle. */
	for (uint32_t i = 0; i < N; i++) {
		evq_push(&q, &evs[i], 100, EV_PHASE_TICK);
		if (i == N / 2)
			evq_push(&q, &early, 99, EV_PHASE_STATS);
	}
	assert_int_equal(evq_pop(&q)->tag, 9999);
	for (uint32_t i = 0; i < N; i++)
		assert_int_equal(evq_pop(&q)->tag, i);
	evq_release(&q);
}

static void test_phases_order_simultaneous_events(void **state)
{
	static const enum ev_phase pushed[] = { EV_PHASE_STATS,	   EV_PHASE_TICK,
						EV_PHASE_DISPATCH, EV_PHASE_COMPLETION,
						EV_PHASE_WAKEUP,   EV_PHASE_ARRIVAL };
	struct event evs[7];
	struct evq q;

	evq_init(&q);
	init_events(evs, 7);
	for (int i = 0; i < 6; i++)
		evq_push(&q, &evs[i], 1000, pushed[i]);
	/* Time comes first: a later completion leaves after all of them. */
	evq_push(&q, &evs[6], 1001, EV_PHASE_COMPLETION);
	for (int p = EV_PHASE_COMPLETION; p < EV_PHASE_COUNT; p++) {
		struct event *ev = evq_pop(&q);

		assert_int_equal(event_phase(ev), p);
		assert_int_equal(ev->time, 1000);
	}
	assert_ptr_equal(evq_pop(&q), &evs[6]);
	assert_int_equal(event_phase(&evs[6]), EV_PHASE_COMPLETION);
	evq_release(&q);
}

/* Keyed events leave by their key, not by when they were pushed. */
static void test_keyed_events_leave_by_key(void **state)
{
	static const uint64_t keys[] = { 7, 2, 9, 0, 5 };
	struct event evs[5];
	struct evq q;

	evq_init(&q);
	init_events(evs, 5);
	for (int i = 0; i < 5; i++)
		evq_push_keyed(&q, &evs[i], 50, EV_PHASE_ARRIVAL, keys[i]);
	assert_ptr_equal(evq_pop(&q), &evs[3]); /* key 0 */
	assert_ptr_equal(evq_pop(&q), &evs[1]); /* 2 */
	assert_ptr_equal(evq_pop(&q), &evs[4]); /* 5 */
	assert_ptr_equal(evq_pop(&q), &evs[0]); /* 7 */
	assert_ptr_equal(evq_pop(&q), &evs[2]); /* 9 */
	assert_null(evq_pop(&q));
	evq_release(&q);
}

/* Within one phase seq decides; across phases the phase does, even against seq. */
static void test_phase_outranks_insertion_order(void **state)
{
	struct event stats_first, wakeup_later, wakeup_last;
	struct evq q;

	evq_init(&q);
	event_init(&stats_first, NULL, 1);
	event_init(&wakeup_later, NULL, 2);
	event_init(&wakeup_last, NULL, 3);
	evq_push(&q, &stats_first, 5, EV_PHASE_STATS);
	evq_push(&q, &wakeup_later, 5, EV_PHASE_WAKEUP);
	evq_push(&q, &wakeup_last, 5, EV_PHASE_WAKEUP);
	assert_ptr_equal(evq_pop(&q), &wakeup_later);
	assert_ptr_equal(evq_pop(&q), &wakeup_last);
	assert_ptr_equal(evq_pop(&q), &stats_first);
	evq_release(&q);
}

enum { NCANCEL = 50 };

/* NCANCEL events at scattered times (37 i mod 101), some of them tied. */
static void fill_scattered(struct evq *q, struct event *evs)
{
	evq_init(q);
	init_events(evs, NCANCEL);
	for (uint32_t i = 0; i < NCANCEL; i++)
		evq_push(q, &evs[i], (37 * i) % 101 / 3, (enum ev_phase)(i % EV_PHASE_COUNT));
	assert_heap_valid(q);
}

static void cancel_and_check(struct evq *q, struct event *ev)
{
	evq_cancel(q, ev);
	assert_false(event_pending(ev));
	assert_int_equal(evq_len(q), NCANCEL - 1);
	assert_heap_valid(q);
	assert_int_equal(drain_sorted(q, ev), NCANCEL - 1);
	evq_release(q);
}

static void test_cancel_of_the_head_keeps_the_heap_valid(void **state)
{
	struct event evs[NCANCEL];
	struct evq q;

	fill_scattered(&q, evs);
	cancel_and_check(&q, evq_peek(&q));
}

static void test_cancel_of_a_middle_element_keeps_the_heap_valid(void **state)
{
	struct event evs[NCANCEL];
	struct evq q;

	/* Every slot between the head and the last: the refill may sift up or down. */
	for (uint32_t slot = 1; slot < NCANCEL - 1; slot++) {
		fill_scattered(&q, evs);
		cancel_and_check(&q, q.heap[slot].ev);
	}
}

static void test_cancel_of_the_last_slot_keeps_the_heap_valid(void **state)
{
	struct event evs[NCANCEL];
	struct evq q;

	fill_scattered(&q, evs);
	cancel_and_check(&q, q.heap[q.len - 1].ev);
}

static void test_cancel_of_the_latest_event_keeps_the_heap_valid(void **state)
{
	struct event evs[NCANCEL], *latest;
	struct evq q;

	fill_scattered(&q, evs);
	latest = q.heap[0].ev;
	for (uint32_t i = 1; i < q.len; i++) {
		if (ev_before(latest, q.heap[i].ev))
			latest = q.heap[i].ev;
	}
	cancel_and_check(&q, latest);
}

/* The one pending event: cancelling it empties the queue. */
static void test_cancel_of_the_only_event_empties_the_queue(void **state)
{
	struct event ev;
	struct evq q;

	evq_init(&q);
	event_init(&ev, NULL, 0);
	evq_push(&q, &ev, 3, EV_PHASE_TICK);
	evq_cancel(&q, &ev);
	assert_int_equal(evq_len(&q), 0);
	assert_null(evq_peek(&q));
	/* A cancelled event can be pushed again. */
	evq_push(&q, &ev, 4, EV_PHASE_TICK);
	assert_ptr_equal(evq_pop(&q), &ev);
	evq_release(&q);
}

/* The reference model: the pending events and the seq the test gave each one. */
struct model {
	struct event *ev[4096];
	uint64_t seq[4096];
	uint32_t len;
};

static bool model_before(const struct model *m, uint32_t i, uint32_t j)
{
	const struct event *a = m->ev[i], *b = m->ev[j];

	if (a->time != b->time)
		return a->time < b->time;
	if (event_phase(a) != event_phase(b))
		return event_phase(a) < event_phase(b);
	return m->seq[i] < m->seq[j];
}

/* The earliest pending event of the model, by linear scan. */
static uint32_t model_min(const struct model *m)
{
	uint32_t best = 0;

	for (uint32_t i = 1; i < m->len; i++) {
		if (model_before(m, i, best))
			best = i;
	}
	return best;
}

static void model_remove(struct model *m, uint32_t i)
{
	m->len--;
	m->ev[i] = m->ev[m->len];
	m->seq[i] = m->seq[m->len];
}

/*
 * 40000 random operations on 2000 events: push an idle one at now + [0, 30)
 * in a random phase (plenty of ties), cancel a random pending one, or pop the
 * earliest and compare it with the model's. Time only moves forward, as in a
 * simulation, but pushes at the current time are allowed. The heap is
 * checked in full every 500 operations, and both are drained at the end.
 */
/* An event due before all others waits in front: it leaves first, and an
 * earlier one pushed after it sends it back into the heap in order. */
static void test_front_slot_keeps_the_order(void **state)
{
	struct event evs[4];
	struct evq q;

	(void)state;
	init_events(evs, 4);
	evq_init(&q);
	evq_push(&q, &evs[0], 10, EV_PHASE_DISPATCH);
	assert_int_equal(evs[0].index, EVQ_FRONT);
	assert_int_equal(evq_len(&q), 1);
	evq_push(&q, &evs[1], 10, EV_PHASE_COMPLETION); /* earlier: takes the front */
	assert_int_equal(evs[1].index, EVQ_FRONT);
	assert_true(event_pending(&evs[0]) && evs[0].index != EVQ_FRONT);
	evq_push(&q, &evs[2], 20, EV_PHASE_WAKEUP);
	evq_push(&q, &evs[3], 5, EV_PHASE_TICK);
	evq_cancel(&q, &evs[3]); /* cancelling the front */
	assert_false(event_pending(&evs[3]));
	assert_int_equal(evq_len(&q), 3);
	assert_ptr_equal(evq_pop(&q), &evs[1]);
	assert_ptr_equal(evq_pop(&q), &evs[0]);
	assert_ptr_equal(evq_pop(&q), &evs[2]);
	assert_null(evq_pop(&q));
	evq_release(&q);
}

static void test_random_operations_match_a_reference_model(void **state)
{
	enum { NEV = 2000, NOPS = 40000 };
	struct event *evs = g_new(struct event, NEV);
	struct model *m = g_new0(struct model, 1);
	uint64_t seq = 0;
	sim_time_t now = 0;
	uint32_t pushes = 0, cancels = 0, pops = 0;
	struct evq q;
	struct rng r;

	evq_init(&q);
	init_events(evs, NEV);
	rng_seed_named(&r, 1, "evq-model", 0);
	for (int op = 0; op < NOPS; op++) {
		uint32_t dice = rng_below(&r, 10);

		if (dice < 5) {
			struct event *ev = &evs[rng_below(&r, NEV)];
			enum ev_phase ph = (enum ev_phase)rng_below(&r, EV_PHASE_COUNT);

			if (event_pending(ev))
				continue;
			evq_push(&q, ev, now + rng_below(&r, 30), ph);
			m->ev[m->len] = ev;
			m->seq[m->len++] = seq++;
			pushes++;
		} else if (dice < 7) {
			uint32_t i;

			if (!m->len)
				continue;
			i = rng_below(&r, m->len);
			evq_cancel(&q, m->ev[i]);
			assert_false(event_pending(m->ev[i]));
			model_remove(m, i);
			cancels++;
		} else {
			uint32_t i;
			struct event *ev;

			if (!m->len) {
				assert_null(evq_pop(&q));
				continue;
			}
			i = model_min(m);
			ev = evq_pop(&q);
			assert_ptr_equal(ev, m->ev[i]);
			assert_true(ev->time >= now);
			now = ev->time;
			model_remove(m, i);
			pops++;
		}
		assert_int_equal(evq_len(&q), m->len);
		if (op % 500 == 0)
			assert_heap_valid(&q);
	}
	while (m->len) {
		uint32_t i = model_min(m);

		assert_ptr_equal(evq_pop(&q), m->ev[i]);
		model_remove(m, i);
	}
	assert_null(evq_pop(&q));
	/* The mix really exercised all three operations. */
	assert_true(pushes > 10000 && cancels > 5000 && pops > 5000);
	evq_release(&q);
	g_free(m);
	g_free(evs);
}

static void test_event_pending_follows_push_pop_cancel_release(void **state)
{
	struct event a, b, c;
	struct evq q;

	evq_init(&q);
	event_init(&a, NULL, 1);
	event_init(&b, NULL, 2);
	event_init(&c, NULL, 3);
	assert_false(event_pending(&a));
	assert_int_equal(a.index, EVQ_NOT_QUEUED);
	evq_push(&q, &a, 1, EV_PHASE_WAKEUP);
	evq_push(&q, &b, 2, EV_PHASE_WAKEUP);
	evq_push(&q, &c, 3, EV_PHASE_WAKEUP);
	assert_true(event_pending(&a) && event_pending(&b) && event_pending(&c));
	assert_ptr_equal(evq_pop(&q), &a);
	assert_false(event_pending(&a));
	evq_cancel(&q, &b);
	assert_false(event_pending(&b));
	assert_true(event_pending(&c));
	/* Releasing the queue leaves its events idle, ready for another queue. */
	evq_release(&q);
	assert_false(event_pending(&c));
	assert_int_equal(evq_len(&q), 0);
	evq_push(&q, &c, 0, EV_PHASE_WAKEUP);
	assert_true(event_pending(&c));
	evq_release(&q);
}

static void test_pool_put_then_get_recycles_the_same_event(void **state)
{
	struct evq_pool p;
	struct event *a, *b;

	evq_pool_init(&p, 4);
	a = evq_pool_get(&p);
	assert_false(event_pending(a));
	a->tag = 77;
	evq_pool_put(&p, a);
	b = evq_pool_get(&p);
	assert_ptr_equal(a, b);
	/* A recycled event comes back initialised. */
	assert_int_equal(b->tag, 0);
	assert_null(b->fn);
	assert_false(event_pending(b));
	evq_pool_put(&p, b);
	evq_pool_release(&p);
}

static int cmp_ptr(const void *a, const void *b)
{
	struct event *const *pa = a, *const *pb = b;
	uintptr_t x = (uintptr_t)*pa, y = (uintptr_t)*pb;

	return x < y ? -1 : x > y;
}

/* Gets across several slabs are distinct; after put, the same set comes back. */
static void test_pool_spans_slabs_and_reuses_every_event(void **state)
{
	enum { N = 50 };
	struct event *got[N], *again[N];
	struct evq_pool p;
	struct evq q;

	evq_pool_init(&p, 8);
	evq_init(&q);
	for (int i = 0; i < N; i++) {
		got[i] = evq_pool_get(&p);
		evq_push(&q, got[i], i, EV_PHASE_TICK);
	}
	assert_int_equal(p.nslabs, 7);
	qsort(got, N, sizeof(got[0]), cmp_ptr);
	for (int i = 1; i < N; i++)
		assert_ptr_not_equal(got[i - 1], got[i]);
	for (int i = 0; i < N; i++)
		evq_pool_put(&p, evq_pop(&q));
	for (int i = 0; i < N; i++)
		again[i] = evq_pool_get(&p);
	assert_int_equal(p.nslabs, 7);
	qsort(again, N, sizeof(again[0]), cmp_ptr);
	for (int i = 0; i < N; i++)
		assert_ptr_equal(got[i], again[i]);
	evq_release(&q);
	evq_pool_release(&p);
}

/* Release frees every slab (the sanitizer build checks for leaks) and the pool is reusable. */
static void test_pool_release_frees_and_resets(void **state)
{
	struct evq_pool p;

	evq_pool_init(&p, 0);
	assert_int_equal(p.slab_events, 256);
	for (int i = 0; i < 600; i++)
		evq_pool_get(&p);
	assert_int_equal(p.nslabs, 3);
	evq_pool_release(&p);
	assert_int_equal(p.nslabs, 0);
	assert_null(p.slabs);
	assert_null(p.free);
	assert_int_equal(p.slab_events, 256);
	assert_non_null(evq_pool_get(&p));
	evq_pool_release(&p);
}

/* What the handlers below record, handed to them as the engine's context. */
struct trace {
	struct engine *e;
	uint32_t tags[64];
	sim_time_t at[64];
	uint32_t n;
	uint32_t stop_after; /* call engine_stop after this many events, 0 never */
	uint32_t repeat;     /* times the self-rescheduling handler still reschedules */
};

static void record(struct event *ev, void *ctx)
{
	struct trace *tr = ctx;

	assert_true(tr->n < 64);
	assert_int_equal(tr->e->now, ev->time);
	tr->tags[tr->n] = ev->tag;
	tr->at[tr->n++] = tr->e->now;
	if (tr->stop_after && tr->n == tr->stop_after)
		engine_stop(tr->e);
}

static void test_engine_run_stops_at_the_horizon(void **state)
{
	struct trace tr = { 0 };
	struct event evs[4];
	struct engine e;

	engine_init(&e, &tr);
	tr.e = &e;
	for (uint32_t i = 0; i < 4; i++)
		event_init(&evs[i], record, i);
	engine_at(&e, &evs[0], 10, EV_PHASE_WAKEUP);
	engine_at(&e, &evs[1], 20, EV_PHASE_STATS);
	engine_at(&e, &evs[2], 21, EV_PHASE_COMPLETION);
	engine_at(&e, &evs[3], 40, EV_PHASE_WAKEUP);
	e.horizon = 20;
	engine_run(&e);
	/* An event exactly at the horizon fires; the first one after it does not. */
	assert_int_equal(tr.n, 2);
	assert_int_equal(tr.tags[0], 0);
	assert_int_equal(tr.tags[1], 1);
	assert_true(e.horizon_hit);
	assert_false(e.stopped);
	assert_int_equal(e.now, 20);
	assert_int_equal(e.events, 2);
	assert_true(event_pending(&evs[2]) && event_pending(&evs[3]));
	engine_release(&e);
	assert_false(event_pending(&evs[2]));
}

static void test_engine_run_without_horizon_drains_the_queue(void **state)
{
	struct trace tr = { 0 };
	struct event evs[3];
	struct engine e;

	engine_init(&e, &tr);
	tr.e = &e;
	for (uint32_t i = 0; i < 3; i++)
		event_init(&evs[i], record, i);
	engine_at(&e, &evs[0], 30, EV_PHASE_WAKEUP);
	engine_after(&e, &evs[1], 5, EV_PHASE_WAKEUP);
	engine_at(&e, &evs[2], 5, EV_PHASE_COMPLETION);
	engine_run(&e);
	assert_int_equal(tr.n, 3);
	assert_int_equal(tr.tags[0], 2);
	assert_int_equal(tr.tags[1], 1);
	assert_int_equal(tr.tags[2], 0);
	assert_false(e.horizon_hit);
	assert_int_equal(e.now, 30);
	assert_int_equal(e.events, 3);
	engine_release(&e);
}

/*
 * A delay that takes an event past the largest time saturates at
 * SIM_TIME_INF, where no event fires: without a horizon the run stops before
 * it, out of time (the core then fails the run); with one, it is past the
 * horizon. 2^63 - 2 ns is the last instant an event fires at.
 */
static void test_engine_run_stops_at_the_end_of_time(void **state)
{
	struct trace tr = { 0 };
	struct event evs[3];
	struct engine e;

	engine_init(&e, &tr);
	tr.e = &e;
	for (uint32_t i = 0; i < 3; i++)
		event_init(&evs[i], record, i);
	engine_at(&e, &evs[0], SIM_TIME_INF - 2, EV_PHASE_WAKEUP);
	engine_at(&e, &evs[1], SIM_TIME_INF - 3, EV_PHASE_WAKEUP);
	engine_run(&e);
	assert_int_equal(tr.n, 2);
	assert_int_equal(tr.tags[0], 1);
	assert_int_equal(tr.tags[1], 0);
	assert_false(e.out_of_time);
	/* 2 ns after 2^63 - 2: 2^63 ns, which saturates at 2^63 - 1 */
	engine_after(&e, &evs[2], 2, EV_PHASE_WAKEUP);
	assert_int_equal(evs[2].time, SIM_TIME_INF);
	engine_run(&e);
	assert_true(e.out_of_time);
	assert_false(e.horizon_hit);
	assert_int_equal(tr.n, 2);
	assert_int_equal(e.events, 2);
	assert_int_equal(e.now, SIM_TIME_INF - 2);
	assert_true(event_pending(&evs[2]));
	engine_release(&e);

	/* With a horizon of 1000 ns: the event at 500 fires, then the run ends
	 * at the horizon, not out of time. */
	engine_init(&e, &tr);
	tr = (struct trace){ .e = &e };
	e.horizon = 1000;
	engine_at(&e, &evs[0], 500, EV_PHASE_WAKEUP);
	engine_at(&e, &evs[2], SIM_TIME_INF, EV_PHASE_WAKEUP);
	engine_run(&e);
	assert_int_equal(tr.n, 1);
	assert_true(e.horizon_hit);
	assert_false(e.out_of_time);
	assert_int_equal(e.now, 1000);
	engine_release(&e);
}

static void test_engine_stop_ends_the_run_after_the_current_event(void **state)
{
	struct trace tr = { .stop_after = 2 };
	struct event evs[5];
	struct engine e;

	engine_init(&e, &tr);
	tr.e = &e;
	for (uint32_t i = 0; i < 5; i++) {
		event_init(&evs[i], record, i);
		engine_at(&e, &evs[i], 10 * (i + 1), EV_PHASE_TICK);
	}
	engine_run(&e);
	assert_true(e.stopped);
	assert_false(e.horizon_hit);
	assert_int_equal(tr.n, 2);
	assert_int_equal(e.events, 2);
	assert_int_equal(e.now, 20);
	assert_int_equal(evq_len(&e.q), 3);
	engine_release(&e);
}

/* A handler that schedules itself `repeat` more times, 7 ns apart, in its own phase. */
static void again(struct event *ev, void *ctx)
{
	struct trace *tr = ctx;

	record(ev, ctx);
	if (tr->repeat) {
		tr->repeat--;
		engine_after(tr->e, ev, 7, event_phase(ev));
	}
}

static void test_engine_counts_every_event_it_fires(void **state)
{
	struct trace tr = { .repeat = 9 };
	struct event ev, other;
	struct engine e;

	engine_init(&e, &tr);
	tr.e = &e;
	event_init(&ev, again, 1);
	event_init(&other, record, 2);
	engine_after(&e, &ev, 0, EV_PHASE_TICK);
	/* Pushed at 14 before the handler reschedules itself there: it goes first. */
	engine_at(&e, &other, 14, EV_PHASE_TICK);
	engine_run(&e);
	assert_int_equal(e.events, 11);
	assert_int_equal(tr.n, 11);
	assert_int_equal(e.now, 63);
	assert_int_equal(tr.tags[2], 2);
	assert_int_equal(tr.tags[3], 1);
	assert_int_equal(tr.at[3], 14);
	engine_release(&e);
}

/* A handler that stands for three events of its instant, served in turn. */
struct batch {
	struct engine *e;
	unsigned served;
};

static void on_batch(struct event *ev, void *ctx)
{
	struct batch *b = ctx;

	for (int i = 0; i < 3; i++) {
		if (i && !engine_count_next(b->e))
			return;
		b->served++;
	}
	if (ev->time < 2)
		engine_at(b->e, ev, ev->time + 1, EV_PHASE_TICK);
}

/* Each event a batch stands for counts, and max_events stops inside a batch. */
static void test_engine_counts_the_events_of_a_batch_and_stops_inside_one(void **state)
{
	struct batch b = { 0 };
	struct event ev;
	struct engine e;

	engine_init(&e, &b);
	b.e = &e;
	event_init(&ev, on_batch, 0);
	engine_at(&e, &ev, 1, EV_PHASE_TICK);
	engine_run(&e);
	assert_int_equal(e.events, 6); /* two batches of three */
	assert_int_equal(b.served, 6);
	assert_false(e.limit_hit);
	engine_release(&e);

	b = (struct batch){ .e = &e };
	engine_init(&e, &b);
	e.max_events = 5;
	engine_at(&e, &ev, 1, EV_PHASE_TICK);
	engine_run(&e);
	assert_int_equal(e.events, 5); /* the third of the second batch is not served */
	assert_int_equal(b.served, 5);
	assert_true(e.limit_hit);
	assert_int_equal(e.now, 2);
	engine_release(&e);
}

/* Rearms itself at the same instant `burst` times, then a step later. */
struct stall {
	struct engine *e;
	uint64_t burst, left; /* events at one instant; left of the current burst */
	sim_time_t end;	      /* no event at or after this */
};

static void on_stall(struct event *ev, void *ctx)
{
	struct stall *st = ctx;
	sim_time_t next = ev->time;

	if (--st->left == 0) {
		st->left = st->burst;
		next++;
	}
	if (next < st->end)
		engine_at(st->e, ev, next, EV_PHASE_TICK);
}

/* Bursts of `burst` events at each instant to t = end, stall_events 100; the engine released. */
static void run_bursts(struct engine *e, struct stall *st, uint64_t burst, sim_time_t end,
		       uint64_t max_events)
{
	struct event ev;

	*st = (struct stall){ .e = e, .burst = burst, .left = burst, .end = end };
	engine_init(e, st);
	e->stall_events = 100;
	e->max_events = max_events;
	event_init(&ev, on_stall, 0);
	engine_at(e, &ev, 0, EV_PHASE_TICK);
	engine_run(e);
	engine_release(e);
}

/*
 * A clock that stands still for stall_events events in a row ends the run
 * (stalled), found by twice that many; bursts shorter than stall_events at
 * each instant never do, wherever the looks fall among them.
 */
static void test_engine_ends_a_run_whose_clock_stands_still(void **state)
{
	struct stall st;
	struct engine e;

	/* for ever at t = 0: stalled at the second look, after 200 events */
	run_bursts(&e, &st, UINT64_MAX, 1, 0);
	assert_true(e.stalled);
	assert_false(e.limit_hit);
	assert_int_equal(e.now, 0);
	assert_int_equal(e.events, 200);

	/* 99 events at each of 1000 instants: the looks every 100 events see
	 * the clock moved each time */
	run_bursts(&e, &st, 99, 1000, 0);
	assert_false(e.stalled);
	assert_int_equal(e.events, 99 * 1000);
	assert_int_equal(e.now, 999);

	/* bursts of 201 at each instant: whatever the phase, two looks 100
	 * events apart fall in one burst */
	run_bursts(&e, &st, 201, 1000, 0);
	assert_true(e.stalled);
	assert_int_equal(e.now, 0);

	/* max_events first, when it comes before the second look */
	run_bursts(&e, &st, UINT64_MAX, 1, 150);
	assert_true(e.limit_hit);
	assert_false(e.stalled);
	assert_int_equal(e.events, 150);
	/* the default: the constant the scheduler's message quotes */
	engine_init(&e, NULL);
	assert_int_equal(e.stall_events, ENGINE_STALL_EVENTS);
	engine_release(&e);
}

/* A cancelled event never fires; cancelling an idle one is harmless. */
static void test_engine_cancel_prevents_firing(void **state)
{
	struct trace tr = { 0 };
	struct event a, b;
	struct engine e;

	engine_init(&e, &tr);
	tr.e = &e;
	event_init(&a, record, 1);
	event_init(&b, record, 2);
	engine_at(&e, &a, 5, EV_PHASE_WAKEUP);
	engine_at(&e, &b, 6, EV_PHASE_WAKEUP);
	engine_cancel(&e, &a);
	engine_cancel(&e, &a);
	engine_run(&e);
	assert_int_equal(tr.n, 1);
	assert_int_equal(tr.tags[0], 2);
	assert_int_equal(e.events, 1);
	engine_release(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_events_leave_in_time_order),
		cmocka_unit_test(test_ties_leave_in_insertion_order),
		cmocka_unit_test(test_phases_order_simultaneous_events),
		cmocka_unit_test(test_keyed_events_leave_by_key),
		cmocka_unit_test(test_phase_outranks_insertion_order),
		cmocka_unit_test(test_cancel_of_the_head_keeps_the_heap_valid),
		cmocka_unit_test(test_cancel_of_a_middle_element_keeps_the_heap_valid),
		cmocka_unit_test(test_cancel_of_the_last_slot_keeps_the_heap_valid),
		cmocka_unit_test(test_cancel_of_the_latest_event_keeps_the_heap_valid),
		cmocka_unit_test(test_cancel_of_the_only_event_empties_the_queue),
		cmocka_unit_test(test_front_slot_keeps_the_order),
		cmocka_unit_test(test_random_operations_match_a_reference_model),
		cmocka_unit_test(test_event_pending_follows_push_pop_cancel_release),
		cmocka_unit_test(test_pool_put_then_get_recycles_the_same_event),
		cmocka_unit_test(test_pool_spans_slabs_and_reuses_every_event),
		cmocka_unit_test(test_pool_release_frees_and_resets),
		cmocka_unit_test(test_engine_run_stops_at_the_horizon),
		cmocka_unit_test(test_engine_run_without_horizon_drains_the_queue),
		cmocka_unit_test(test_engine_run_stops_at_the_end_of_time),
		cmocka_unit_test(test_engine_stop_ends_the_run_after_the_current_event),
		cmocka_unit_test(test_engine_counts_every_event_it_fires),
		cmocka_unit_test(test_engine_cancel_prevents_firing),
		cmocka_unit_test(test_engine_counts_the_events_of_a_batch_and_stops_inside_one),
		cmocka_unit_test(test_engine_ends_a_run_whose_clock_stands_still),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
