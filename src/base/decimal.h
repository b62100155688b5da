/*
 * decimal.h - the one integer writer: unsigned and signed integers in
 * decimal at a cursor, without printf, the bytes exactly printf's "%" PRIu64
 * and "%" PRId64 (and "%u" for a uint32_t).
 *
 * A writer calls decimal_put_u64(d, v), which writes the digits at d (no NUL)
 * and returns their end; the caller provides DECIMAL_MAX bytes. Digits are
 * written two at a time, from the right, from a table of the pairs
 * "00".."99", which halves the divisions of a digit-by-digit loop (as in
 * Alexandrescu's "Three Optimization Tips for C++", 2012); the length is
 * known before the first digit from the bit length (Anderson's Bit Twiddling
 * Hacks, "Find integer log base 10 of an integer"). Up to four digits (a CPU,
 * an id, an index, a cost) are written inline, longer numbers by a call.
 * The report writers use it through report/fmt.h; task names' indexes
 * through task_name_put_index. It knows nothing else.
 */
#ifndef SCHEDLAB_DECIMAL_H
#define SCHEDLAB_DECIMAL_H

#include <stdint.h>
#include <string.h>

/* Room for the longest integer: 20 digits, and a sign. */
#define DECIMAL_MAX 21

/* "00", "01" ... "99": the digits of i at decimal_pairs[2 * i]. */
extern const char decimal_pairs[200];
/* 1, 10 ... 10^19 */
extern const uint64_t decimal_pow10[20];

/* The number of decimal digits of v: from its bit length, log10(2) ~ 1233 / 4096. */
static inline unsigned decimal_len(uint64_t v)
{
	unsigned t = ((64 - (unsigned)__builtin_clzll(v | 1)) * 1233) >> 12;

	return t + ((v | 1) >= decimal_pow10[t]);
}

/* The two digits of x < 100 at d. */
static inline void decimal_put2(char *d, uint32_t x)
{
	memcpy(d, &decimal_pairs[2 * x], 2);
}

/* The four digits of x < 10000 at d, as two independent pairs. */
static inline void decimal_put4(char *d, uint32_t x)
{
	decimal_put2(d, x / 100);
	decimal_put2(d + 2, x % 100);
}

/* v >= 10000 in decimal at d, two digits at a time from the right; the end. */
char *decimal_put_long(char *d, uint64_t v);

/* v in decimal at d; the end. */
static inline char *decimal_put_u64(char *d, uint64_t v)
{
	uint32_t high, low;

	if (v >= 10000)
		return decimal_put_long(d, v);
	/* up to four digits (a CPU, an id, an index, a cost) inline */
	high = (uint32_t)v / 100;
	low = (uint32_t)v % 100;
	if (!high) {
		if (low < 10) {
			*d = (char)('0' + low);
			return d + 1;
		}
		decimal_put2(d, low);
		return d + 2;
	}
	if (high < 10) {
		*d = (char)('0' + high);
		decimal_put2(d + 1, low);
		return d + 3;
	}
	decimal_put4(d, (uint32_t)v);
	return d + 4;
}

static inline char *decimal_put_i64(char *d, int64_t v)
{
	if (v < 0) {
		*d++ = '-';
		return decimal_put_u64(d, (uint64_t)0 - (uint64_t)v);
	}
	return decimal_put_u64(d, (uint64_t)v);
}

#endif
