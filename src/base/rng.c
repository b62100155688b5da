/*
 * rng.c - PCG32 and splitmix64; see rng.h.
 *
 * PCG32 is a 64-bit linear congruential generator whose 32-bit output is a
 * permutation of the old state: "xorshift high, random rotate" (XSH-RR).
 * The top five bits of the state choose a rotation of a 32-bit word made by
 * folding the state onto itself, which hides the weak low bits of the LCG
 * (O'Neill 2014, section 6.3.1). The increment selects one of 2^63 streams.
 *
 * Every function here consumes a fixed, documented number of 32-bit outputs
 * (rng_below excepted, whose rare retries are part of its definition), so a
 * draw sequence is reproduced exactly from the seed alone.
 */
#include "base/rng.h"

#include <glib.h>

/* The 64-bit LCG multiplier of PCG32 (O'Neill 2014; pcg-random.org, pcg32). */
#define PCG_MULT UINT64_C(6364136223846793005)

/* The golden-ratio increment and the mix constants of splitmix64 (Steele, Lea, Flood 2014). */
#define SM64_GAMMA UINT64_C(0x9e3779b97f4a7c15)
#define SM64_MIX1  UINT64_C(0xbf58476d1ce4e5b9)
#define SM64_MIX2  UINT64_C(0x94d049bb133111eb)

/* FNV-1a 64-bit offset basis and prime (Fowler, Noll, Vo; IETF draft-eastlake-fnv). */
#define FNV64_BASIS UINT64_C(0xcbf29ce484222325)
#define FNV64_PRIME UINT64_C(0x00000100000001b3)

/* 2^-53 and 2^-52, exact powers of two. */
#define TWO_M53 (1.0 / 9007199254740992.0)
#define TWO_M52 (1.0 / 4503599627370496.0)

static inline void pcg_step(struct rng *r)
{
	r->state = r->state * PCG_MULT + r->inc;
}

uint32_t rng_u32(struct rng *r)
{
	uint64_t old = r->state;
	uint32_t folded, rot;

	pcg_step(r);
	/* XSH-RR: fold bits 63..18 onto 45..0, keep bits 58..27, rotate by bits 63..59. */
	folded = (uint32_t)(((old >> 18) ^ old) >> 27);
	rot = (uint32_t)(old >> 59);
	return (folded >> rot) | (folded << ((32 - rot) & 31));
}

/*
 * The seeding of pcg32_srandom_r: the stream is (initseq << 1) | 1, and
 * initstate is added between two steps so that nearby seeds start far apart.
 * With (42, 54) the first outputs are those printed by pcg32-demo.
 */
void rng_seed_pcg(struct rng *r, uint64_t initstate, uint64_t initseq)
{
	r->state = 0;
	r->inc = (initseq << 1) | 1;
	pcg_step(r);
	r->state += initstate;
	pcg_step(r);
}

uint64_t splitmix64_next(uint64_t *state)
{
	uint64_t z = (*state += SM64_GAMMA);

	z = (z ^ (z >> 30)) * SM64_MIX1;
	z = (z ^ (z >> 27)) * SM64_MIX2;
	return z ^ (z >> 31);
}

static uint64_t fnv1a64(const char *s)
{
	uint64_t h = FNV64_BASIS;

	for (; *s; s++) {
		h ^= (uint8_t)*s;
		h *= FNV64_PRIME;
	}
	return h;
}

/*
 * The derivation, exactly (tests/unit/test_rng.c recomputes it):
 *
 *	h = fnv1a64(name)                      bytes of name, without the NUL
 *	s = seed;      k1 = splitmix64_next(&s)
 *	s = k1 ^ h;    k2 = splitmix64_next(&s)
 *	s = k2 ^ index
 *	initstate = splitmix64_next(&s);  initseq = splitmix64_next(&s)
 *	rng_seed_pcg(r, initstate, initseq)
 *
 * Each of seed, name and index passes through splitmix64's bijective
 * finaliser before the next one is mixed in, so a change to any of them
 * changes both the starting state and the stream. The stream number comes
 * from the same chain, so two names almost surely select different streams
 * as well as different starting points.
 */
uint64_t rng_named_key(uint64_t seed, const char *name)
{
	uint64_t s = seed, k1;

	g_assert(name != NULL);
	k1 = splitmix64_next(&s);
	s = k1 ^ fnv1a64(name);
	return splitmix64_next(&s); /* k2 */
}

void rng_seed_keyed(struct rng *r, uint64_t key, uint64_t index)
{
	uint64_t s = key ^ index;
	uint64_t initstate = splitmix64_next(&s);
	uint64_t initseq = splitmix64_next(&s);

	rng_seed_pcg(r, initstate, initseq);
}

uint64_t rng_keyed_inc(uint64_t key, uint64_t index)
{
	uint64_t s = key ^ index;

	(void)splitmix64_next(&s); /* initstate */
	return (splitmix64_next(&s) << 1) | 1;
}

void rng_seed_named(struct rng *r, uint64_t seed, const char *name, uint64_t index)
{
	rng_seed_keyed(r, rng_named_key(seed, name), index);
}

/* Two outputs, the first one in the high half; separate statements fix the order. */
uint64_t rng_u64(struct rng *r)
{
	uint64_t hi = rng_u32(r);
	uint64_t lo = rng_u32(r);

	return (hi << 32) | lo;
}

/*
 * Lemire, "Fast Random Integer Generation in an Interval" (ACM TOMACS 2019),
 * algorithm 5: the high word of x * bound is uniform once the low words that
 * fall below 2^32 mod bound are rejected. The division that computes that
 * threshold runs only when the low word is below bound, which is rare for
 * small bounds.
 */
uint32_t rng_below(struct rng *r, uint32_t bound)
{
	uint64_t m;
	uint32_t low;

	g_assert(bound > 0);
	m = (uint64_t)rng_u32(r) * bound;
	low = (uint32_t)m;
	if (low < bound) {
		uint32_t threshold = (uint32_t)-bound % bound; /* 2^32 mod bound */

		while (low < threshold) {
			m = (uint64_t)rng_u32(r) * bound;
			low = (uint32_t)m;
		}
	}
	return (uint32_t)(m >> 32);
}

/* The top 53 bits of one rng_u64 as k / 2^53: every value is exact. */
double rng_double(struct rng *r)
{
	return (double)(rng_u64(r) >> 11) * TWO_M53;
}

/*
 * The top 52 bits k of one rng_u64 as (k + 1/2) / 2^52, that is the odd
 * numerator 2k + 1 over 2^53: in [2^-53, 1 - 2^-53], never 0 nor 1. With 53
 * bits, (k + 0.5) would need 54 significant bits near the top and could round
 * up to 1.0, hence one bit fewer.
 */
double rng_double_open(struct rng *r)
{
	return ((double)(rng_u64(r) >> 12) + 0.5) * TWO_M52;
}
