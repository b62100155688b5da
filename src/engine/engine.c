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
	e->out_of_time = false;
	e->stalled = false;
	e->stall_events = ENGINE_STALL_EVENTS;
	e->progress = NULL;
	e->mark = SIM_TIME_INF;
	e->on_mark = NULL;
}

void engine_release(struct engine *e)
{
	evq_release(&e->q);
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
	/*
	 * One test on the common path: an event before `due` is neither at
	 * "never", nor past the horizon, nor at or after the mark; `check` is
	 * the count at which the loop next looks at whether the clock moved
	 * (every stall_events), or max_events stops the run, whichever
	 * comes first (>=: a handler may count several, engine_count_next).
	 */
	sim_time_t late = e->horizon == SIM_TIME_INF ? SIM_TIME_INF : e->horizon + 1;
	sim_time_t due = sim_time_min(late, e->mark);
	uint64_t last = e->max_events ? e->max_events : UINT64_MAX;
	uint64_t check = MIN(last, e->events + e->stall_events);
	sim_time_t checked = -1; /* the clock at the last look: none yet */
	struct event *ev;

	while (!e->stopped && (ev = evq_peek(&e->q))) {
		if (G_UNLIKELY(ev->time >= due || e->events >= check)) {
			if (ev->time >= late) {
				if (e->horizon == SIM_TIME_INF) {
					e->out_of_time = true; /* at SIM_TIME_INF */
					break;
				}
				e->horizon_hit = true;
				e->now = e->horizon;
				break;
			}
			if (e->events >= last) {
				e->limit_hit = true;
				break;
			}
			if (e->events >= check) {
				/* time never goes back: the same instant as at the last
				 * look means every event since was at it */
				if (ev->time == checked) {
					e->stalled = true;
					break;
				}
				checked = ev->time;
				check = MIN(last, e->events + e->stall_events);
			}
			if (ev->time >= e->mark) {
				e->now = e->mark;
				e->mark = SIM_TIME_INF;
				e->on_mark(e->ctx);
				due = sim_time_min(late, e->mark);
				if (e->stopped)
					break;
			}
		}
		evq_pop(&e->q);
		e->now = ev->time;
		e->events++;
		ev->fn(ev, e->ctx);
		if (G_UNLIKELY(e->progress) && !(e->events & (ENGINE_PROGRESS_EVENTS - 1)))
			e->progress(e->ctx);
	}
}
