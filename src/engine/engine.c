/*
 * engine.c - the simulated clock and the run loop; see engine.h.
 */
#include "engine/engine.h"

#include <glib.h>

void engine_init(struct engine *e, void *ctx)
{
	evq_init(&e->q);
	e->now = 0;
	e->horizon = SIM_TIME_INF;
	e->events = 0;
	e->ctx = ctx;
	e->stopped = false;
	e->horizon_hit = false;
	e->max_events = 0;
	e->limit_hit = false;
	e->progress = NULL;
	e->mark = SIM_TIME_INF;
	e->on_mark = NULL;
}

void engine_release(struct engine *e)
{
	evq_release(&e->q);
}

void engine_at(struct engine *e, struct event *ev, sim_time_t t, enum ev_phase phase)
{
	g_assert(t >= e->now);
	evq_push(&e->q, ev, t, phase);
}

void engine_at_keyed(struct engine *e, struct event *ev, sim_time_t t, enum ev_phase phase,
		     uint64_t key)
{
	g_assert(t >= e->now);
	evq_push_keyed(&e->q, ev, t, phase, key);
}

void engine_after(struct engine *e, struct event *ev, sim_time_t delay, enum ev_phase phase)
{
	g_assert(delay >= 0);
	evq_push(&e->q, ev, sim_time_add(e->now, delay), phase);
}

void engine_cancel(struct engine *e, struct event *ev)
{
	if (event_pending(ev))
		evq_cancel(&e->q, ev);
}

void engine_stop(struct engine *e)
{
	e->stopped = true;
}

bool engine_count_next(struct engine *e)
{
	if (G_UNLIKELY(e->progress) && !(e->events & (ENGINE_PROGRESS_EVENTS - 1)))
		e->progress(e->ctx);
	if (e->stopped)
		return false;
	if (G_UNLIKELY(e->events == e->max_events) && e->max_events) {
		e->limit_hit = true;
		e->stopped = true;
		return false;
	}
	e->events++;
	return true;
}

void engine_run(struct engine *e)
{
	struct event *ev;

	while (!e->stopped && (ev = evq_peek(&e->q))) {
		if (ev->time == SIM_TIME_INF)
			break; /* "never" does not happen */
		if (ev->time > e->horizon) {
			e->horizon_hit = true;
			e->now = e->horizon;
			break;
		}
		if (G_UNLIKELY(e->events == e->max_events) && e->max_events) {
			e->limit_hit = true;
			break;
		}
		if (G_UNLIKELY(ev->time >= e->mark)) {
			e->now = e->mark;
			e->mark = SIM_TIME_INF;
			e->on_mark(e->ctx);
			if (e->stopped)
				break;
		}
		evq_pop(&e->q);
		e->now = ev->time;
		e->events++;
		ev->fn(ev, e->ctx);
		if (G_UNLIKELY(e->progress) && !(e->events & (ENGINE_PROGRESS_EVENTS - 1)))
			e->progress(e->ctx);
	}
}
