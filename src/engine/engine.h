/*
 * engine.h - the simulated clock and the run loop.
 *
 * The engine owns the clock and the pending-event set. engine_run pops the
 * earliest event, advances the clock to its time and calls its handler with
 * the engine's context pointer, until no event is left, the horizon is passed
 * or a handler calls engine_stop. Time never goes backwards: scheduling an
 * event in the past is a programmer error.
 *
 * This module knows nothing of tasks, CPUs or policies.
 */
#ifndef SCHEDLAB_ENGINE_H
#define SCHEDLAB_ENGINE_H

#include "engine/evq.h"

struct engine {
	struct evq q;		     /* pending events */
	sim_time_t now;		     /* the simulated clock */
	sim_time_t horizon;	     /* stop before any event later than this */
	uint64_t events;	     /* events handled so far */
	void *ctx;		     /* handed to every handler */
	bool stopped;		     /* set by engine_stop */
	void (*progress)(void *ctx); /* if set, called every ENGINE_PROGRESS_EVENTS events */
	bool horizon_hit;	     /* the run ended because of the horizon */
	uint64_t max_events;	     /* stop once this many events were handled; 0: no limit */
	bool limit_hit;		     /* the run ended because of max_events */
	bool out_of_time;	     /* the run ended at an event past the largest time */
	bool stalled;		     /* the run ended: stall_events at one instant */
	uint64_t stall_events;	     /* ENGINE_STALL_EVENTS (a test may make it fewer) */
	/* If set, on_mark(ctx) runs once, with the clock at `mark`, before the
	 * first event at or after it (the end of a warm-up); SIM_TIME_INF: never. */
	sim_time_t mark;
	void (*on_mark)(void *ctx);
};

/* How often the progress hook runs: a power of two, so the test is a mask. */
#define ENGINE_PROGRESS_EVENTS (UINT64_C(1) << 18)

/*
 * A run whose clock stands still for this many events in a row (the
 * engine's stall_events, this by default) ends with `stalled` set, as a run that can never get past its instant: tasks that
 * hand the CPU or a wake-up to each other at no cost (yields, a ping-pong
 * of semaphores under the teaching model) would make events for ever, where
 * neither the horizon nor a task's own count of operations
 * (SCHED_MAX_INSTANT_STEPS, in the core) stops them. Checked once per this
 * many events, so found between one and two times this many events in:
 * 2^27, some 134 million, thirteen times the most tasks a scenario holds.
 */
#define ENGINE_STALL_EVENTS (UINT64_C(1) << 27)

void engine_init(struct engine *e, void *ctx);
void engine_release(struct engine *e);
/* Fire ev at absolute time t >= now. */
static inline void engine_at(struct engine *e, struct event *ev, sim_time_t t, enum ev_phase phase)
{
	g_assert(t >= e->now);
	evq_push(&e->q, ev, t, phase);
}

/* Fire ev at now + delay (delay >= 0). */
static inline void engine_after(struct engine *e, struct event *ev, sim_time_t delay,
				enum ev_phase phase)
{
	g_assert(delay >= 0);
	evq_push(&e->q, ev, sim_time_add(e->now, delay), phase);
}

/* Fire ev at t >= now with the tie-break `key` (see evq_push_keyed). */
static inline void engine_at_keyed(struct engine *e, struct event *ev, sim_time_t t,
				   enum ev_phase phase, uint64_t key)
{
	g_assert(t >= e->now);
	evq_push_keyed(&e->q, ev, t, phase, key);
}

static inline void engine_cancel(struct engine *e, struct event *ev)
{
	if (event_pending(ev))
		evq_cancel(&e->q, ev);
}

/*
 * Run until nothing is pending, the horizon, max_events handled events or
 * engine_stop (limit_hit says it was max_events, with events still pending),
 * or until the clock stood still for stall_events events (stalled: found
 * by 2 * stall_events events at that instant; never under stall_events).
 * An event at SIM_TIME_INF never fires: it is due at or past the largest
 * time the clock holds (a time that saturated, sim_time_add), so without a
 * horizon the run stops before it with out_of_time set (with one, it is past
 * the horizon). When the queue empties before the horizon, `now` stays at
 * the last event's time. A run stopped by engine_stop or the horizon is
 * over: engine_run does not resume it.
 */
void engine_run(struct engine *e);
void engine_stop(struct engine *e);

/*
 * For a handler that stands for several events of its instant and phase
 * (the scheduler's batch of same-instant ticks): called before each one
 * after the first, it counts that one as handled, exactly as engine_run
 * would have done between them (the progress hook, max_events). False when
 * the run must stop before it: engine_stop was called, or max_events are
 * handled (limit_hit is set and the run stops).
 */
bool engine_count_next(struct engine *e);

#endif
