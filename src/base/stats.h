/*
 * stats.h - summaries of repeated measurements: the mean with a Student-t
 * 95 % interval, the median with a distribution-free 95 % interval, and a
 * noise flag.
 *
 * Two kinds of repetition call for two summaries:
 *
 *   - a sweep's repetitions are runs of one scenario with seeds S, S+1, ...;
 *     their mean, with the half-width t(0.975, n-1) * s / sqrt(n), is the
 *     classic summary of a simulation study (Law, Simulation Modeling and
 *     Analysis, 4.5);
 *   - a native measurement (the probe, validate) has a skewed, heavy-tailed
 *     distribution (interrupts, migrations), where a mean and a t-interval
 *     mislead. Its median comes with the order-statistic interval
 *     [x(j), x(k)], which holds for any continuous distribution (Le Boudec,
 *     Performance Evaluation of Computer and Communication Systems, 2010,
 *     Theorem 2.1 and Table A.1; Conover, Practical Nonparametric Statistics,
 *     3rd ed., 3.2).
 *
 * Pure functions of their input, in index order, so the same numbers give
 * the same bits. Knows nothing of runs, scenarios or output.
 */
#ifndef SCHEDLAB_STATS_H
#define SCHEDLAB_STATS_H

#include <stdbool.h>

/* The mean of n values and the half-width of its 95 % interval. */
struct stats_mean {
	unsigned n;
	double mean; /* 0 when n == 0 */
	double half; /* t(0.975, n-1) * s / sqrt(n); 0 when n < 2 */
};
/* Over x[0..n-1], summed in index order (the same bits for the same input). */
void stats_mean_t95(const double *x, unsigned n, struct stats_mean *out);
/* Student's t quantile 0.975 with df degrees of freedom; 0 for df == 0. */
double stats_t975(unsigned df);

/* The median of n values and a distribution-free 95 % interval around it. */
struct stats_median {
	unsigned n;
	double median; /* the middle value, or the mean of the two middle ones */
	bool has_ci;   /* n >= 6: fewer values cannot give a 95 % interval */
	double lo, hi; /* x(j) and x(k) of the sorted values; the median when !has_ci */
	double level;  /* the interval's exact coverage, >= 0.95; 0 when !has_ci */
};
/* Over a copy of x[0..n-1] (x itself is left as it is). */
void stats_median_ci95(const double *x, unsigned n, struct stats_median *out);
/*
 * The 1-based ranks j <= k of the order statistics that bound the median
 * with probability >= 0.95: the largest j with P(B <= j - 1) <= 0.025, B
 * binomial(n, 1/2), and k = n + 1 - j. False when n < 6 (even x(1)..x(n)
 * covers the median with probability 1 - 2^(1-n) < 0.95). level, if not
 * NULL, receives the exact coverage 1 - 2 P(B <= j - 1).
 */
bool stats_median_ranks(unsigned n, unsigned *j, unsigned *k, double *level);

/*
 * The relative spread of an interval around a centre: (hi - lo) / 2 / |centre|;
 * 0 when the interval is a point, infinity when the centre is 0 and it is not.
 */
double stats_relative_spread(double centre, double lo, double hi);
/*
 * The noise flag: true when the median has no interval (too few values) or
 * its interval's relative spread exceeds max_spread (0.05: more than 5 % either
 * side of the median).
 */
bool stats_is_noisy(const struct stats_median *m, double max_spread);

#endif
