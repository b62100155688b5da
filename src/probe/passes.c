/*
 * passes.c - one model from several passes of the probe; see probe.h.
 *
 * A shared host does not hold one speed: the neighbours of a virtual CPU,
 * its frequency and its placement change it by tens of percent from one
 * second to the next, and a measurement that takes a second lands wherever
 * the host was then. Measured once, a figure is a sample of that; measured
 * in passes spread over the probe's whole run (the full set of measurements,
 * then again), it is a sample of the host over minutes, as a long workload
 * would see it. The figure is the median of the passes' medians, which one
 * pass at an odd moment does not move; its interval covers every pass's
 * interval, so that it says how far the host moved, and its count is every
 * pass's batches. When the passes' medians lie more than PROBE_PASS_SPREAD
 * either side of their median, the figure is noted as noisy, with each
 * pass's median: the host itself was not steady enough for one figure.
 */
#include <glib.h>
#include <math.h>
#include <stdlib.h>

#include "base/stats.h"
#include "base/units.h"
#include "probe/probe.h"

static int cmp_time(const void *a, const void *b)
{
	sim_time_t x = *(const sim_time_t *)a, y = *(const sim_time_t *)b;

	return (x > y) - (x < y);
}

static struct figure *figure_at(struct model *m, size_t offset)
{
	return (struct figure *)((char *)m + offset);
}

/* key's figure from passes (n of them, the first is *m); notes a spread in noisy. */
static void merge_figure(struct model *m, const struct model *passes, unsigned n, size_t offset,
			 const char *key, GString *noisy)
{
	sim_time_t med[PROBE_MAX_PASSES];
	struct figure out = { 0 };
	unsigned c = 0;
	double spread;

	for (unsigned i = 0; i < n; i++) {
		const struct figure *f = figure_at((struct model *)&passes[i], offset);

		if (!f->n)
			continue; /* not measured in that pass */
		if (!c || f->lo < out.lo)
			out.lo = f->lo;
		if (!c || f->hi > out.hi)
			out.hi = f->hi;
		out.n += f->n;
		med[c++] = f->median;
	}
	if (!c) {
		*figure_at(m, offset) = *figure_at((struct model *)&passes[0], offset);
		return;
	}
	qsort(med, c, sizeof(med[0]), cmp_time);
	/* the middle one; of an even count, the mean of the two middle ones */
	out.median = c % 2 ? med[c / 2] : (med[c / 2 - 1] + med[c / 2]) / 2;
	out.lo = MIN(out.lo, out.median);
	out.hi = MAX(out.hi, out.median);
	*figure_at(m, offset) = out;
	spread = stats_relative_spread((double)out.median, (double)med[0], (double)med[c - 1]);
	if (c > 1 && spread > PROBE_PASS_SPREAD) {
		if (noisy->len)
			g_string_append(noisy, "; ");
		if (isfinite(spread))
			g_string_append_printf(noisy,
					       "%s (the passes' medians spread %.0f %%:", key,
					       spread * 100);
		else
			g_string_append_printf(noisy, "%s (the passes' medians differ:", key);
		for (unsigned i = 0; i < n; i++) {
			const struct figure *f = figure_at((struct model *)&passes[i], offset);

			if (!f->n)
				continue;
			g_string_append_c(noisy, ' ');
			units_time(noisy, f->median);
		}
		g_string_append_c(noisy, ')');
	}
}

void probe_merge_passes(struct model *m, const struct model *passes, unsigned n, GString *noisy)
{
	g_assert(n >= 1 && n <= PROBE_MAX_PASSES);
	for (const struct model_group *g = model_groups; g->name; g++) {
		for (const struct param *k = g->keys; k->name; k++) {
			g_autofree char *key = NULL;

			if (k->type != PARAM_FIGURE)
				continue;
			key = g_strdup_printf("%s.%s", g->name, k->name);
			merge_figure(m, passes, n, k->offset, key, noisy);
		}
	}
}
