/*
 * decimal.c - the integer writer's tables (decimal.h).
 */
#include "base/decimal.h"

const char decimal_pairs[200] = "00010203040506070809101112131415161718192021222324"
				"25262728293031323334353637383940414243444546474849"
				"50515253545556575859606162636465666768697071727374"
				"75767778798081828384858687888990919293949596979899";

const uint64_t decimal_pow10[20] = { 1u,
				     10u,
				     100u,
				     1000u,
				     10000u,
				     100000u,
				     1000000u,
				     10000000u,
				     100000000u,
				     1000000000u,
				     10000000000u,
				     100000000000u,
				     1000000000000u,
				     10000000000000u,
				     100000000000000u,
				     1000000000000000u,
				     10000000000000000u,
				     100000000000000000u,
				     1000000000000000000u,
				     10000000000000000000u };

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/*
 * The eight digits of x < 10^8 as the bytes of a word, leading zeros
 * included, the first digit lowest: computed side by side (SWAR) rather than
 * pair by pair, the two halves of four digits in two 32-bit lanes, each
 * split into two pairs in 16-bit lanes, each pair into its two digits in
 * bytes, the quotients by 100 and 10 taken as multiplications by 5243 / 2^19
 * and 103 / 2^10 (exact below 10000 and 100: Granlund and Montgomery,
 * "Division by Invariant Integers using Multiplication", PLDI 1994), no
 * lane's product reaching the next. Stored as it is on a little-endian
 * machine, the word is the text.
 */
static inline uint64_t digits8(uint32_t x)
{
	uint64_t v = (uint64_t)(x / 10000) | (uint64_t)(x % 10000) << 32;
	uint64_t q = ((v * 5243) >> 19) & 0x0000007F0000007Full; /* n / 100 per lane */

	v = q | (v - q * 100) << 16;		       /* pairs, the first low */
	q = ((v * 103) >> 10) & 0x000F000F000F000Full; /* m / 10 per pair */
	v = q | (v - q * 10) << 8;		       /* digits, the first low */
	return v + 0x3030303030303030ull;	       /* '0' */
}

/* The eight digits of x < 10^8 at d, leading zeros included. */
static inline void put8(char *d, uint32_t x)
{
	uint64_t v = digits8(x);

	memcpy(d, &v, 8);
}

/*
 * x of five to eight digits at d, without leading zeros: the word of its
 * eight digits shifted past them, stored as two 4-byte pieces that overlap
 * (the first four digits, and the last four), nothing past the last; the end.
 */
static inline char *put_5to8(char *d, uint32_t x)
{
	unsigned n = decimal_len(x);
	uint64_t v = digits8(x) >> (8 * (8 - n));
	char w[8];

	memcpy(w, &v, 8);
	memcpy(d, w, 4);
	memcpy(d + n - 4, w + n - 4, 4);
	return d + n;
}
#else
static inline void put8(char *d, uint32_t x)
{
	decimal_put4(d, x / 10000);
	decimal_put4(d + 4, x % 10000);
}

static inline char *put_5to8(char *d, uint32_t x)
{
	char *end = d + decimal_len(x), *p = end;

	for (; x >= 100; x /= 100) {
		p -= 2;
		decimal_put2(p, x % 100);
	}
	if (x >= 10)
		decimal_put2(p - 2, x);
	else
		p[-1] = (char)('0' + x);
	return end;
}
#endif

char *decimal_put_long(char *d, uint64_t v)
{
	uint64_t high;

	if (v < 100000000)
		return put_5to8(d, (uint32_t)v);
	/* the digits above the low eight, then the low eight at once */
	high = v / 100000000;
	if (high < 10000)
		d = decimal_put_u64(d, high); /* inline */
	else if (high < 100000000)
		d = put_5to8(d, (uint32_t)high);
	else {
		d = decimal_put_u64(d, high / 100000000); /* at most 1844: inline */
		put8(d, (uint32_t)(high % 100000000));
		d += 8;
	}
	put8(d, (uint32_t)(v % 100000000));
	return d + 8;
}
