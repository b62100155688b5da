/*
 * stats.c - means, medians and their 95 % intervals (stats.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "base/stats.h"

/*
 * t(0.975, df) for df = 1..30, then for 40, 60, 120 and infinity (the
 * standard table, e.g. NIST/SEMATECH e-Handbook of Statistical Methods,
 * 1.3.6.7.2). Between the listed df the smaller df's value is used, which
 * widens the interval slightly: never narrower than the truth.
 */
double stats_t975(unsigned df)
{
	static const double t[31] = {
		0,     12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
		2.201, 2.179,  2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080,
		2.074, 2.069,  2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
	};

	if (df == 0)
		return 0;
	if (df <= 30)
		return t[df];
	if (df < 40)
		return 2.042;
	if (df < 60)
		return 2.021;
	if (df < 120)
		return 2.000;
	return 1.980;
}

void stats_mean_t95(const double *x, unsigned n, struct stats_mean *out)
{
	double sum = 0, ss = 0;

	out->n = n;
	out->mean = out->half = 0;
	if (!n)
		return;
	for (unsigned i = 0; i < n; i++)
		sum += x[i];
	out->mean = sum / n;
	if (n < 2)
		return;
	for (unsigned i = 0; i < n; i++)
		ss += (x[i] - out->mean) * (x[i] - out->mean);
	out->half = stats_t975(n - 1) * sqrt(ss / (n - 1)) / sqrt((double)n);
}

/*
 * The binomial(n, 1/2) distribution function, summed term by term in logs
 * (P(B = 0) = 2^-n underflows a double past n = 1074): log P(B = i + 1) =
 * log P(B = i) + log((n - i) / (i + 1)). Terms below the smallest double are
 * 0, which cannot move a sum compared with 0.025.
 */
bool stats_median_ranks(unsigned n, unsigned *j, unsigned *k, double *level)
{
	double logp = -(double)n * log(2.0), cdf = 0;
	unsigned r = 0; /* P(B <= r - 1) <= 0.025 holds for j = r */

	if (n < 6)
		return false;
	for (unsigned i = 0; i < n / 2; i++) {
		double next = cdf + exp(logp);

		if (next > 0.025)
			break;
		cdf = next;
		r = i + 1;
		logp += log((double)(n - i) / (double)(i + 1));
	}
	g_assert(r >= 1);
	*j = r;
	*k = n + 1 - r;
	if (level)
		*level = 1 - 2 * cdf;
	return true;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void stats_median_ci95(const double *x, unsigned n, struct stats_median *out)
{
	double *s;
	unsigned j, k;

	memset(out, 0, sizeof(*out));
	out->n = n;
	if (!n)
		return;
	s = g_new(double, n);
	memcpy(s, x, (gsize)n * sizeof(*x));
	qsort(s, n, sizeof(*s), cmp_double);
	out->median = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	out->lo = out->hi = out->median;
	if (stats_median_ranks(n, &j, &k, &out->level)) {
		out->has_ci = true;
		out->lo = s[j - 1];
		out->hi = s[k - 1];
	}
	g_free(s);
}

double stats_relative_spread(double centre, double lo, double hi)
{
	double half = (hi - lo) / 2;

	if (half == 0)
		return 0;
	if (centre == 0)
		return INFINITY;
	return half / fabs(centre);
}

bool stats_is_noisy(const struct stats_median *m, double max_spread)
{
	return !m->has_ci || stats_relative_spread(m->median, m->lo, m->hi) > max_spread;
}
