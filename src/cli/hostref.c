/*
 * hostref.c - how far the host moved under `schedlab validate` (hostref.h).
 */
#include <math.h>

#include "base/stats.h"
#include "cli/hostref.h"

void host_ref_add(struct host_ref *h, double x)
{
	if (h->n < G_N_ELEMENTS(h->x))
		h->x[h->n++] = x;
}

void host_ref_summarise(struct host_ref *h, double figure)
{
	struct stats_median m;
	double lo, hi;

	if (!h->n || figure <= 0)
		return;
	lo = hi = h->x[0];
	for (unsigned i = 1; i < h->n; i++) {
		lo = MIN(lo, h->x[i]);
		hi = MAX(hi, h->x[i]);
	}
	stats_median_ci95(h->x, h->n, &m);
	h->median = m.median;
	h->drift = m.median / figure - 1;
	h->swing = stats_relative_spread(m.median, lo, hi);
	h->known = true;
}

bool host_ref_moved(const struct host_ref *h, const char *what, double max, GString *why)
{
	if (!h->known)
		return false;
	if (fabs(h->drift) > max)
		g_string_append_printf(why,
				       "too noisy to judge (%s moved %+.0f %% since the probe)",
				       what, h->drift * 100);
	else if (h->swing > max)
		g_string_append_printf(why,
				       "too noisy to judge (%s moved %.0f %% either way between "
				       "passes)",
				       what, h->swing * 100);
	else
		return false;
	return true;
}
