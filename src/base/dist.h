/*
 * dist.h - distributions of durations.
 *
 * A program's durations and a group's arrival gaps are either constants or
 * draws from one of these distributions. Every draw is turned into integer
 * nanoseconds at once (rounded to nearest), so nothing downstream sees
 * floating point. Parameters are durations in ns except `shape`.
 *
 *   const(D)            D
 *   exp(MEAN)           exponential with that mean
 *   uniform(LO,HI)      uniform in [LO, HI]
 *   normal(MEAN,SD)     normal; draws below zero are clamped to 0
 *   lognormal(MEAN,SD)  log-normal whose own mean and standard deviation are given
 *   pareto(XM,ALPHA)    Pareto with scale XM (the minimum) and shape ALPHA
 *
 * Draws are capped at DIST_MAX_DRAW so that a heavy tail cannot overflow the
 * clock. Parsing the text form lives in scenario/dist_parse.c.
 */
#ifndef SCHEDLAB_DIST_H
#define SCHEDLAB_DIST_H

#include <stdbool.h>

#include "base/rng.h"
#include "base/simtime.h"

enum dist_kind {
	DIST_CONST,
	DIST_EXP,
	DIST_UNIFORM,
	DIST_NORMAL,
	DIST_LOGNORMAL,
	DIST_PARETO,
};

/* The longest single draw: 10^6 s, about 11.6 days. */
#define DIST_MAX_DRAW ((sim_time_t)1000000 * SIM_S)

struct dist {
	enum dist_kind kind;
	sim_time_t
		a; /* const: value; exp: mean; uniform: low; normal, lognormal: mean; pareto: scale */
	sim_time_t b; /* uniform: high; normal, lognormal: standard deviation */
	double shape; /* pareto: alpha */
};

static inline struct dist dist_const(sim_time_t v)
{
	struct dist d = { .kind = DIST_CONST, .a = v };
	return d;
}

static inline bool dist_is_const(const struct dist *d)
{
	return d->kind == DIST_CONST;
}

/* One draw, in [0, DIST_MAX_DRAW]. Constants draw nothing from r. */
sim_time_t dist_sample(const struct dist *d, struct rng *r);
/* The distribution's mean in ns (rounded); pareto with alpha <= 1 gives SIM_TIME_INF. */
sim_time_t dist_mean(const struct dist *d);
/* The name used in scenario files ("exp", ...). */
const char *dist_name(enum dist_kind k);

#endif
