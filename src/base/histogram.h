/*
 * histogram.h - a log-bucketed histogram of non-negative int64 values.
 *
 * In the manner of HdrHistogram (Gil Tene): values below 2^HIST_SUB_BITS are
 * counted exactly, one bucket each; above, every power of two [2^e, 2^(e+1))
 * is cut into 2^HIST_SUB_BITS equal sub-buckets. A bucket is therefore never
 * wider than 1/128 of the values it holds, and a percentile read from it is
 * off by less than 1/128 (0.79 %) of the true value, whatever the range:
 * nanoseconds and hours share one histogram. Each bucket also keeps the
 * largest sample it received, which is what a percentile returns: an actual
 * sample, exact whenever the bucket saw one distinct value (the common case
 * for a textbook scenario). The buckets come in rows of 128, one row per
 * power of two, and a row is allocated (2 KiB, zeroed) when its first sample
 * comes: a histogram whose samples span a few powers of two holds a few
 * rows, not the 114 KiB of every bucket, and a new histogram touches no page
 * it does not use. Memory is bounded (at most HIST_ROWS rows); adding a
 * sample is a few shifts, an increment and a compare, and allocates only the
 * first time its row is used.
 *
 * Everything is integer arithmetic, so the same samples give the same
 * percentiles on every machine and at every optimisation level. The exact
 * minimum and maximum are kept beside the buckets.
 *
 * It knows nothing of tasks or time units: summary.c feeds it turnarounds.
 */
#ifndef SCHEDLAB_HISTOGRAM_H
#define SCHEDLAB_HISTOGRAM_H

#include <stdint.h>

#include <glib.h>

#define HIST_SUB_BITS  7 /* 128 sub-buckets per power of two */
#define HIST_SUB_COUNT (1u << HIST_SUB_BITS)
/* exact buckets 0..127, then 128 sub-buckets for each of 2^7 .. 2^62 */
#define HIST_BUCKETS (HIST_SUB_COUNT + (63 - HIST_SUB_BITS) * HIST_SUB_COUNT)

/* Percentiles are asked for in parts per million: p99.9 is 999000. */
#define HIST_PPM 1000000u

/* bucket i lies in row i / HIST_SUB_COUNT, at i % HIST_SUB_COUNT */
#define HIST_ROWS (HIST_BUCKETS / HIST_SUB_COUNT)

struct hist_row {
	uint64_t n[HIST_SUB_COUNT];  /* samples per bucket */
	int64_t top[HIST_SUB_COUNT]; /* largest sample per bucket; 0 when empty */
};

struct hist {
	uint64_t count;			 /* samples added */
	int64_t min, max;		 /* exact extremes; 0 when empty */
	struct hist_row *row[HIST_ROWS]; /* NULL: no sample in that row yet */
};

/* An empty histogram; hist_free gives it back (NULL is fine). */
struct hist *hist_new(void);
void hist_free(struct hist *h);
/* A histogram of the same samples as h, sharing nothing with it. */
struct hist *hist_copy(const struct hist *h);
/* The first sample of row r: its row, allocated (cold; hist_add's). */
struct hist_row *hist_grow(struct hist *h, uint32_t r);

/* Index of the highest set bit of v > 0: one instruction (bsr, lzcnt) where it exists. */
static inline unsigned hist_msb64(uint64_t v)
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

/*
 * Bucket index of v: v itself when v < 2^7; otherwise, with e the index of
 * v's highest set bit (7 <= e <= 62) and shift = e - 7, the top eight bits of
 * v, v >> shift, lie in [128, 256): the index is 128 + shift * 128 +
 * ((v >> shift) - 128). The bucket holds [(v >> shift) << shift,
 * that + 2^shift), a width of at most v / 128.
 */
static inline uint32_t hist_bucket_of(uint64_t v)
{
	unsigned shift;

	if (v < HIST_SUB_COUNT)
		return (uint32_t)v;
	shift = hist_msb64(v) - HIST_SUB_BITS;
	return HIST_SUB_COUNT + shift * HIST_SUB_COUNT + (uint32_t)((v >> shift) - HIST_SUB_COUNT);
}

/*
 * Count one sample; v must be >= 0 (a negative v is a programmer error).
 * Inline: the core adds a sample at every dispatch.
 */
static inline void hist_add(struct hist *h, int64_t v)
{
	uint32_t i, b;
	struct hist_row *row;

	g_return_if_fail(v >= 0);
	if (h->count == 0 || v < h->min)
		h->min = v;
	if (v > h->max) /* an empty histogram's max is 0, and v >= 0 */
		h->max = v;
	h->count++;
	i = hist_bucket_of((uint64_t)v);
	row = h->row[i / HIST_SUB_COUNT];
	if (G_UNLIKELY(!row))
		row = hist_grow(h, i / HIST_SUB_COUNT);
	b = i % HIST_SUB_COUNT;
	row->n[b]++;
	if (v > row->top[b]) /* an empty bucket's top is 0 */
		row->top[b] = v;
}
/*
 * The value below or at which q_ppm parts per million of the samples lie:
 * the bucket holding the sample of rank ceil(q * count) (at least 1) is
 * found, and the largest sample that bucket received is returned (tighter
 * than HdrHistogram's highest equivalent value, the bucket's upper bound).
 * The answer is never below the true sample and exceeds it by less than 1/128
 * of it. q_ppm = HIST_PPM gives the exact maximum; an empty histogram gives 0.
 */
int64_t hist_percentile(const struct hist *h, uint32_t q_ppm);
int64_t hist_max(const struct hist *h);
int64_t hist_min(const struct hist *h);
uint64_t hist_count(const struct hist *h);

#endif
