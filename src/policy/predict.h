/*
 * predict.h - burst prediction by exponential averaging, for SJF and SRTF.
 *
 * A scheduler cannot know how long the next CPU burst will be; it can guess
 * from the past (Silberschatz 10th ed. 5.3.2):
 *
 *   tau(n+1) = alpha * t(n) + (1 - alpha) * tau(n)
 *
 * where t(n) is the length of the burst that just ended and tau(0) a
 * constant. With alpha = 1/2, tau(0) = 10 and bursts 6 4 6 4 13 13 13 the
 * guesses are 10 8 6 6 5 9 11 12 (the book's figure 5.4).
 *
 * `predict = known` (the default) uses the true length, as textbook
 * exercises do; `exp_avg` uses the guess. alpha is read as a number but
 * applied in fixed point (24 fractional bits, 128-bit products), so that no
 * floating point takes part in a scheduling decision: alpha = 1/2 is exact.
 */
#ifndef SCHEDLAB_PREDICT_H
#define SCHEDLAB_PREDICT_H

#include <stdbool.h>

#include "policy/policy.h"

enum { PREDICT_KNOWN, PREDICT_EXP_AVG };

#define PREDICT_SHIFT 24

struct predict_conf {
	int predict;	 /* PREDICT_KNOWN or PREDICT_EXP_AVG */
	double alpha;	 /* weight of the last burst, 0..1 */
	sim_time_t tau0; /* the first guess */
};

struct predict_task {
	sim_time_t tau; /* the guess for the next burst */
	bool has_tau;	/* a burst has ended: tau is set */
};

static const char *const predict_choices[] = { "known", "exp_avg", NULL };

/* The parameter table entries of a conf struct holding a predict_conf `pc`. */
#define PREDICT_PARAMS(conf_type)                                                                  \
	{                                                                                          \
		.name = "predict",                                                                 \
		.type = PARAM_ENUM,                                                                \
		.def = "known",                                                                    \
		.help = "burst lengths: known (the true length) or exp_avg (exponential average)", \
		.offset = offsetof(conf_type, pc.predict),                                         \
		.choices = predict_choices,                                                        \
	},                                                                                         \
		{                                                                                  \
			.name = "alpha",                                                           \
			.type = PARAM_DOUBLE,                                                      \
			.def = "0.5",                                                              \
			.help = "exp_avg: weight of the last burst, 0 to 1",                       \
			.offset = offsetof(conf_type, pc.alpha),                                   \
		},                                                                                 \
	{                                                                                          \
		.name = "tau0", .type = PARAM_DURATION, .def = "10ms",                             \
		.help = "exp_avg: the guess before any burst has been seen",                       \
		.offset = offsetof(conf_type, pc.tau0),                                            \
	}

static inline bool predict_check(const struct predict_conf *pc, const char **key, GString *msg)
{
	if (!(pc->alpha >= 0.0 && pc->alpha <= 1.0)) {
		*key = "alpha";
		g_string_append(msg, "must be between 0 and 1");
		return false;
	}
	return true;
}

/* tau(n+1) from the burst that ended and tau(n), in fixed point. */
static inline sim_time_t predict_next(double alpha, sim_time_t burst, sim_time_t tau)
{
	const uint64_t one = (uint64_t)1 << PREDICT_SHIFT;
	uint64_t a = (uint64_t)(alpha * (double)one + 0.5);
	unsigned __int128 v;

	if (a > one)
		a = one;
	v = (unsigned __int128)a * (uint64_t)burst + (unsigned __int128)(one - a) * (uint64_t)tau;
	return (sim_time_t)((v + one / 2) >> PREDICT_SHIFT);
}

/* The guess for t's current burst as a whole. */
static inline sim_time_t predict_burst(const struct predict_conf *pc, const struct predict_task *p,
				       const struct task *t)
{
	if (pc->predict == PREDICT_KNOWN)
		return t->burst;
	return p->has_tau ? p->tau : pc->tau0;
}

/* What t is expected still to need: the guess less what it has run. */
static inline sim_time_t predict_remaining(const struct predict_conf *pc,
					   const struct predict_task *p, const struct task *t)
{
	sim_time_t done = t->burst - t->remaining;
	sim_time_t guess;

	if (pc->predict == PREDICT_KNOWN)
		return t->remaining;
	guess = predict_burst(pc, p, t);
	return guess > done ? guess - done : 0;
}

/* Called from put_prev: when t's burst has just ended, learn from it. */
static inline void predict_put_prev(const struct predict_conf *pc, struct predict_task *p,
				    const struct task *t)
{
	if (t->remaining != 0)
		return;
	p->tau = predict_next(pc->alpha, t->burst, p->has_tau ? p->tau : pc->tau0);
	p->has_tau = true;
}

#endif
