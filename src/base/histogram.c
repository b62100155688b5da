/*
 * histogram.c - the log-bucketed histogram of histogram.h.
 *
 * Bucket index of v: v itself when v < 2^7; otherwise, with e the index of
 * v's highest set bit (7 <= e <= 62) and shift = e - 7, the top eight bits of
 * v, v >> shift, lie in [128, 256): the index is 128 + shift * 128 +
 * ((v >> shift) - 128). The bucket holds [(v >> shift) << shift,
 * that + 2^shift), a width of at most v / 128.
 */
#include <string.h>

#include <glib.h>

#include "base/histogram.h"

/* Index of the highest set bit of v > 0: one instruction (bsr, lzcnt) where it exists. */
static unsigned msb64(uint64_t v)
{
#if defined(__GNUC__) || defined(__clang__)
	return 63u - (unsigned)__builtin_clzll(v);
#else
	unsigned n = 0;

	for (unsigned step = 32; step; step >>= 1) {
		if (v >> step) {
			v >>= step;
			n += step;
		}
	}
	return n;
#endif
}

static uint32_t bucket_of(uint64_t v)
{
	unsigned shift;

	if (v < HIST_SUB_COUNT)
		return (uint32_t)v;
	shift = msb64(v) - HIST_SUB_BITS;
	return HIST_SUB_COUNT + shift * HIST_SUB_COUNT + (uint32_t)((v >> shift) - HIST_SUB_COUNT);
}

void hist_init(struct hist *h)
{
	memset(h, 0, sizeof(*h));
}

void hist_add(struct hist *h, int64_t v)
{
	uint32_t i;

	g_return_if_fail(v >= 0);
	if (h->count == 0 || v < h->min)
		h->min = v;
	if (h->count == 0 || v > h->max)
		h->max = v;
	h->count++;
	i = bucket_of((uint64_t)v);
	if (h->buckets[i]++ == 0 || v > h->top[i])
		h->top[i] = v;
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
