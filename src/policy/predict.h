/*
 * predict.h - burst prediction by exponential averaging, for SJF and SRTF.
 *
 * A scheduler cannot know how long the next CPU burst will be; it can guess
 * from the past (Silberschatz, "Operating System Concepts", 10th ed., 5.3.2):
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
 *
 * Between two bursts (a task that yielded right after a burst ended: the
 * core loads its next burst only when it runs again) the true length is not
 * known yet. The task is then ranked by the guess for its next burst:
 * tau(n+1) with exp_avg; with `known`, the length of the burst that just
 * ended, which is the same average with alpha = 1 ("only the most recent
 * CPU burst matters", ibid.). See policy_need() in policy.h.
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
	sim_time_t tau;		/* the guess for the next burst */
	sim_time_t learned_cpu; /* the task's cpu_time when tau was last set */
	bool has_tau;		/* a burst has ended: tau is set */
};

/* The names of `predict`, NULL-terminated (predict.c). */
extern const char *const predict_choices[];

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

/* The `check` of a policy whose conf holds a predict_conf: alpha in 0..1. */
bool predict_check(const struct predict_conf *pc, const char **key, GString *msg);
/* tau(n+1) from the burst that ended and tau(n), in fixed point. */
sim_time_t predict_next(double alpha, sim_time_t burst, sim_time_t tau);
/*
 * What t is expected still to need before it next stops: with `known`,
 * policy_need(t); with exp_avg, the guess for its burst less what it has
 * run of it (0 once it has run past the guess), or, between bursts, the
 * guess for the next one (at least 1 ns).
 */
sim_time_t predict_remaining(const struct predict_conf *pc, const struct predict_task *p,
			     const struct task *t);
/* Called from put_prev: when t's burst has just ended, learn from it, once. */
void predict_put_prev(const struct predict_conf *pc, struct predict_task *p, const struct task *t);

#endif
