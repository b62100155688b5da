/*
 * histogram.c - the log-bucketed histogram of histogram.h: its
 * initialisation and reading.
 *
 * Adding a sample and the bucket index are inline in histogram.h.
 */
#include "base/histogram.h"

struct hist *hist_new(void)
{
	return g_new0(struct hist, 1);
}

void hist_free(struct hist *h)
{
	if (!h)
		return;
	for (uint32_t r = 0; r < HIST_ROWS; r++)
		g_free(h->row[r]);
	g_free(h);
}

struct hist *hist_copy(const struct hist *h)
{
	struct hist *c = g_memdup2(h, sizeof(*h));

	for (uint32_t r = 0; r < HIST_ROWS; r++)
		if (h->row[r])
			c->row[r] = g_memdup2(h->row[r], sizeof(*h->row[r]));
	return c;
}

G_GNUC_NO_INLINE struct hist_row *hist_grow(struct hist *h, uint32_t r)
{
	return h->row[r] = g_new0(struct hist_row, 1);
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
	for (uint32_t r = 0; r < HIST_ROWS; r++) {
		const struct hist_row *row = h->row[r];

		for (uint32_t b = 0; row && b < HIST_SUB_COUNT; b++) {
			seen += row->n[b];
			if (seen >= rank)
				return row->top[b];
		}
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
