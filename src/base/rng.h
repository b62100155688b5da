/*
 * rng.h - the simulator's own pseudo-random numbers.
 *
 * PCG32 (O'Neill, "PCG: A Family of Simple Fast Space-Efficient Statistically
 * Good Algorithms for Random Number Generation", 2014; the XSH-RR output on a
 * 64-bit LCG), seeded through splitmix64. We do not use GRand or rand(): the
 * sequence must be the same on every machine and every build.
 *
 * Streams are derived from the scenario's seed and a *name* (a group's name,
 * "NAME/arrival", ...), never from an order of creation, so adding a group to
 * a scenario does not change the numbers another group draws.
 */
#ifndef SCHEDLAB_RNG_H
#define SCHEDLAB_RNG_H

#include <stdint.h>

struct rng {
	uint64_t state; /* LCG state */
	uint64_t inc;	/* stream selector, always odd */
};

/* PCG32's own seeding (pcg32_srandom_r): initstate and stream id. */
void rng_seed_pcg(struct rng *r, uint64_t initstate, uint64_t initseq);
/* The stream for (seed, name[, index]); deterministic, spread by splitmix64. */
void rng_seed_named(struct rng *r, uint64_t seed, const char *name, uint64_t index);
/*
 * The same in two halves, for many streams of one name kept in 8 bytes
 * each: the name's key once, then each index's stream from it. A stream's
 * increment is a function of key and index (rng_keyed_inc), so a holder may
 * keep only the state and put the increment back before it draws.
 * rng_seed_keyed(r, rng_named_key(seed, name), i) == rng_seed_named(r, seed, name, i).
 */
uint64_t rng_named_key(uint64_t seed, const char *name);
void rng_seed_keyed(struct rng *r, uint64_t key, uint64_t index);
uint64_t rng_keyed_inc(uint64_t key, uint64_t index);

uint32_t rng_u32(struct rng *r);
uint64_t rng_u64(struct rng *r);
/* Uniform in [0, bound) without modulo bias (Lemire's method). bound > 0. */
uint32_t rng_below(struct rng *r, uint32_t bound);
/* Uniform double in [0, 1) with 53 random bits. */
double rng_double(struct rng *r);
/* Uniform double in (0, 1): never 0, for logarithms. */
double rng_double_open(struct rng *r);

/* splitmix64 (Steele, Lea, Flood 2014), exposed for seeding and tests. */
uint64_t splitmix64_next(uint64_t *state);

#endif
