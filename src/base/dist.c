/*
 * dist.c - sampling the duration distributions; see dist.h.
 *
 * Each kind consumes a fixed amount of its stream per draw, whatever its
 * parameters, so that changing a mean does not shift every later draw of the
 * same stream (only uniform may, very rarely, retry a rejected integer):
 *
 *   const      nothing
 *   exp        one rng_double_open (two 32-bit outputs)
 *   uniform    one rng_below when HI - LO < 2^32 - 1, else one or more rng_u64
 *   normal     one rng_double_open and one rng_double (four outputs)
 *   lognormal  as normal
 *   pareto     one rng_double_open
 *
 * Floating point stays inside this file: a draw is rounded to the nearest
 * integer ns (halves away from zero) and clamped to [0, DIST_MAX_DRAW] before
 * it leaves. The build uses -ffp-contract=off and we use no long double, so
 * the arithmetic is the same at every optimisation level and with either
 * compiler; the other functions (log, log1p, exp, cos, pow, erfc) come from
 * the C library and are the same wherever its libm is the same.
 */
#include "base/dist.h"

#include <glib.h>

#include <math.h>

/* 2 pi, correctly rounded to double. */
#define TWO_PI 6.283185307179586

/* 1 / sqrt(2 pi) and 1 / sqrt(2), correctly rounded to double. */
#define INV_SQRT_2PI 0.3989422804014327
#define INV_SQRT_2   0.7071067811865476

/* A double at or above this does not fit in sim_time_t: 2^63. */
#define TWO_P63 9223372036854775808.0

/* A draw as integer ns: NaN and negatives give 0, large values and +inf DIST_MAX_DRAW. */
static sim_time_t draw_to_ns(double x)
{
	if (!(x > 0.0))
		return 0;
	if (x >= (double)DIST_MAX_DRAW)
		return DIST_MAX_DRAW;
	return (sim_time_t)llround(x);
}

static sim_time_t clamp_ns(sim_time_t v)
{
	return v < 0 ? 0 : sim_time_min(v, DIST_MAX_DRAW);
}

/*
 * Uniform integer in [0, span]. A span below 2^32 - 1 uses rng_below (one
 * 32-bit output except for Lemire's rare retries); a wider one takes the
 * smallest all-ones mask covering span and rejects rng_u64 values above it,
 * which needs fewer than two tries on average. Both are exactly uniform.
 */
static uint64_t uniform_span(struct rng *r, uint64_t span)
{
	uint64_t mask, x;

	if (span < UINT32_MAX)
		return rng_below(r, (uint32_t)span + 1);
	mask = span;
	mask |= mask >> 1;
	mask |= mask >> 2;
	mask |= mask >> 4;
	mask |= mask >> 8;
	mask |= mask >> 16;
	mask |= mask >> 32;
	do {
		x = rng_u64(r) & mask;
	} while (x > span);
	return x;
}

/*
 * A standard normal deviate by the Box-Muller transform (Box and Muller,
 * 1958), keeping only the cosine half: two uniforms per draw and no cached
 * spare, so each draw consumes the same four outputs. u1 is in (0, 1) so the
 * logarithm is finite; |z| is at most sqrt(2 ln 2^53), about 8.57.
 */
static double std_normal(struct rng *r)
{
	double u1 = rng_double_open(r);
	double u2 = rng_double(r);

	return sqrt(-2.0 * log(u1)) * cos(TWO_PI * u2);
}

sim_time_t dist_sample(const struct dist *d, struct rng *r)
{
	switch (d->kind) {
	case DIST_CONST:
		return clamp_ns(d->a);
	case DIST_EXP:
		/* Inversion: -mean ln U is exponential with that mean. */
		return draw_to_ns(-(double)d->a * log(rng_double_open(r)));
	case DIST_UNIFORM: {
		uint64_t x;

		g_assert(d->a <= d->b);
		x = uniform_span(r, (uint64_t)d->b - (uint64_t)d->a);
		return clamp_ns((sim_time_t)((uint64_t)d->a + x));
	}
	case DIST_NORMAL:
		return draw_to_ns((double)d->a + (double)d->b * std_normal(r));
	case DIST_LOGNORMAL: {
		/*
		 * exp(mu + sigma Z) has mean m = exp(mu + sigma^2 / 2) and
		 * variance s^2 = (exp(sigma^2) - 1) m^2; solved for the
		 * parameters, sigma^2 = ln(1 + s^2 / m^2) and
		 * mu = ln m - sigma^2 / 2. log1p keeps sigma^2 accurate
		 * when s is much smaller than m.
		 */
		double m = (double)d->a, s = (double)d->b;
		double z = std_normal(r);
		double var, mu;

		if (!(m > 0.0))
			return 0;
		var = log1p((s / m) * (s / m));
		mu = log(m) - var / 2.0;
		return draw_to_ns(exp(mu + sqrt(var) * z));
	}
	case DIST_PARETO:
		/* Inversion: xm / U^(1/alpha) for U in (0, 1) is >= xm. */
		g_assert(d->shape > 0.0);
		return draw_to_ns((double)d->a / pow(rng_double_open(r), 1.0 / d->shape));
	}
	g_assert_not_reached();
}

/* A mean as integer ns, rounded, saturating at SIM_TIME_INF. */
static sim_time_t mean_to_ns(double x)
{
	if (!(x > 0.0))
		return 0;
	if (x >= TWO_P63)
		return SIM_TIME_INF;
	return (sim_time_t)llround(x);
}

/*
 * The analytic mean of the distribution as dist.h defines it. For normal that
 * includes the clamp at 0: E[max(X, 0)] = mu Phi(mu/sd) + sd phi(mu/sd), the
 * mean of a normal censored at zero; it equals mu (after rounding) once mu is
 * more than about 8 sd above 0. The cap at DIST_MAX_DRAW is not taken into
 * account: it moves a mean only for heavy tails or means near 10^6 s.
 */
sim_time_t dist_mean(const struct dist *d)
{
	switch (d->kind) {
	case DIST_CONST:
		return clamp_ns(d->a);
	case DIST_EXP:
	case DIST_LOGNORMAL:
		return mean_to_ns((double)d->a);
	case DIST_UNIFORM:
		/* (lo + hi) / 2, halves rounded up, without overflow. */
		return d->a + (d->b - d->a + 1) / 2;
	case DIST_NORMAL: {
		double mu = (double)d->a, sd = (double)d->b;
		double t;

		if (!(sd > 0.0))
			return mean_to_ns(mu);
		t = mu / sd;
		return mean_to_ns(mu * 0.5 * erfc(-t * INV_SQRT_2) +
				  sd * INV_SQRT_2PI * exp(-0.5 * t * t));
	}
	case DIST_PARETO:
		if (!(d->shape > 1.0))
			return SIM_TIME_INF;
		return mean_to_ns(d->shape * (double)d->a / (d->shape - 1.0));
	}
	g_assert_not_reached();
}

const char *dist_name(enum dist_kind k)
{
	static const char *const names[] = {
		[DIST_CONST] = "const",		[DIST_EXP] = "exp",
		[DIST_UNIFORM] = "uniform",	[DIST_NORMAL] = "normal",
		[DIST_LOGNORMAL] = "lognormal", [DIST_PARETO] = "pareto",
	};

	g_return_val_if_fail((unsigned)k < G_N_ELEMENTS(names), "?");
	return names[k];
}
