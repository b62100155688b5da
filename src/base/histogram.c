/*
 * histogram.c - the log-bucketed histogram of histogram.h: its
 * initialisation and reading.
 *
 * Adding a sample and the bucket index are inline in histogram.h.
 */
#include <string.h>

#include "base/histogram.h"

void hist_init(struct hist *h)
{
	memset(h, 0, sizeof(*h));
}

int64_t hist_percentile(const struct hist *h, uint32_t q_ppm)
{
	uint64_t rank, seen = 0;

	if (h->count == 0)
		return 0;
	if (q_ppm > HIST_PPM)
		q_ppm = HIST_PPM;
	/* ceil(count * q / 10^6) without overflowing 64 bits */
	rank = h->count / HIST_PPM * q_ppm +
	       ((h->count % HIST_PPM) * q_ppm + HIST_PPM - 1) / HIST_PPM;
	if (rank < 1)
		rank = 1;
	for (uint32_t i = 0; i < HIST_BUCKETS; i++) {
		seen += h->buckets[i];
		if (seen >= rank)
			return h->top[i];
	}
	return h->max; /* not reached: the buckets add up to count */
}

int64_t hist_max(const struct hist *h)
{
	return h->max;
}

int64_t hist_min(const struct hist *h)
{
	return h->min;
}

uint64_t hist_count(const struct hist *h)
{
	return h->count;
}
