/*
 * simtime.h - simulated time.
 *
 * All simulated time is an integer count of nanoseconds held in an int64_t:
 * no floating point ever takes part in ordering or accounting, so a run gives
 * the same bytes at every optimisation level. 2^63 ns is about 292 years,
 * which bounds every horizon a scenario may ask for; a run whose clock would
 * pass 2^63 - 1 ns fails, it never wraps.
 */
#ifndef SCHEDLAB_SIMTIME_H
#define SCHEDLAB_SIMTIME_H

#include <stdint.h>

typedef int64_t sim_time_t;

#define SIM_TIME_INF  INT64_MAX /* "never": no expiry, unfinished task */
#define SIM_TIME_NONE (-1)	/* an instant that has not happened (first run) */

#define SIM_NS ((sim_time_t)1)
#define SIM_US ((sim_time_t)1000)
#define SIM_MS ((sim_time_t)1000000)
#define SIM_S  ((sim_time_t)1000000000)

/*
 * a + b, saturating at SIM_TIME_INF; both must be >= 0. Every instant worked
 * out from another (now plus a delay, the next multiple of a period) is
 * made with it: past the largest time it is SIM_TIME_INF, which no event
 * reaches (engine.h), never a wrapped, negative time.
 */
static inline sim_time_t sim_time_add(sim_time_t a, sim_time_t b)
{
	return a > SIM_TIME_INF - b ? SIM_TIME_INF : a + b;
}

/* The first multiple of p (> 0) after t (>= 0), saturating at SIM_TIME_INF. */
static inline sim_time_t sim_time_next_multiple(sim_time_t t, sim_time_t p)
{
	return sim_time_add(t - t % p, p);
}

static inline sim_time_t sim_time_min(sim_time_t a, sim_time_t b)
{
	return a < b ? a : b;
}

static inline sim_time_t sim_time_max(sim_time_t a, sim_time_t b)
{
	return a > b ? a : b;
}

#endif
