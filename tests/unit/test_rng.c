/*
 * test_rng.c - the generator against published vectors, the derivation of
 * named streams, and the bounded and floating-point draws.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/rng.h"

/*
 * pcg32_boundedrand_r as pcg32-demo uses it (O'Neill, pcg-c-basic): reject
 * outputs below 2^32 mod bound, then reduce modulo bound. Only the demo's
 * transcript needs it; schedlab's rng_below uses Lemire's method instead.
 */
static uint32_t demo_bounded(struct rng *r, uint32_t bound)
{
	uint32_t threshold = (uint32_t)-bound % bound;

	for (;;) {
		uint32_t x = rng_u32(r);

		if (x >= threshold)
			return x % bound;
	}
}

/*
 * One round of pcg32-demo: six outputs, 65 coins, 33 dice and a shuffle of
 * 52 cards, in that order. Fills the round's six outputs and the text of its
 * coins, rolls and cards lines.
 */
static void demo_round(struct rng *r, uint32_t out[6], char coins[66], char rolls[67],
		       char cards[157])
{
	static const char number[] = "A23456789TJQK";
	static const char suit[] = "hcds";
	char deck[52];

	for (int i = 0; i < 6; i++)
		out[i] = rng_u32(r);
	for (int i = 0; i < 65; i++)
		coins[i] = demo_bounded(r, 2) ? 'H' : 'T';
	coins[65] = '\0';
	for (int i = 0; i < 33; i++) {
		rolls[2 * i] = (char)('1' + demo_bounded(r, 6));
		rolls[2 * i + 1] = ' ';
	}
	rolls[65] = '\0';
	for (int i = 0; i < 52; i++)
		deck[i] = (char)i;
	for (int i = 52; i > 1; i--) {
		uint32_t chosen = demo_bounded(r, (uint32_t)i);
		char card = deck[chosen];

		deck[chosen] = deck[i - 1];
		deck[i - 1] = card;
	}
	for (int i = 0; i < 52; i++) {
		cards[3 * i] = number[deck[i] / 4];
		cards[3 * i + 1] = suit[deck[i] % 4];
		cards[3 * i + 2] = ' ';
	}
	cards[155] = '\0';
}

/*
 * The transcript of pcg32-demo with its fixed seed pcg32_srandom_r(&rng, 42,
 * 54), as published in imneme/pcg-c, test-high/expected/check-pcg32.out
 * (pcg32-demo.c of imneme/pcg-c-basic prints the same). The 32-bit outputs
 * of all five rounds are checked; rounds 2 to 5 also prove that the coins,
 * dice and cards in between consumed the right number of outputs.
 */
static void test_pcg32_matches_the_published_demo_transcript(void **state)
{
	static const uint32_t expect[5][6] = {
		{ 0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e },
		{ 0x74ab93ad, 0x1c1da000, 0x494ff896, 0x34462f2f, 0xd308a3e5, 0x0fa83bab },
		{ 0x39af5f9f, 0x04196b18, 0xc3c3eb28, 0xc076c60c, 0xc693e135, 0xf8f63932 },
		{ 0x55ce6851, 0x97a7726d, 0x17e10815, 0x58007d43, 0x962fb148, 0xb9bb55bd },
		{ 0xfcef7cd6, 0x1b488b5a, 0xd0daf7ea, 0x1d9a70f7, 0x241a37cf, 0x9a3857b7 },
	};
	struct rng r;
	uint32_t out[6];
	char coins[66], rolls[67], cards[157];

	rng_seed_pcg(&r, 42, 54);
	for (int round = 0; round < 5; round++) {
		demo_round(&r, out, coins, rolls, cards);
		for (int i = 0; i < 6; i++)
			assert_int_equal(out[i], expect[round][i]);
		if (round == 0) {
			assert_string_equal(coins, "HHTTTHTHHHTHTTTHHHHHTTTHHHTHTHTHTTHTTTHHHHHHTTT"
						   "THHTTTTTHTTTTTTTHT");
			assert_string_equal(rolls, "3 4 1 1 2 2 3 2 4 3 2 4 3 3 5 2 3 1 3 1 5 1 4 "
						   "1 5 6 4 6 6 2 6 3 3");
			assert_string_equal(cards,
					    "Qd Ks 6d 3s 3d 4c 3h Td Kc 5c Jh Kd Jd As 4s 4h Ad "
					    "Th Ac Jc 7s Qs 2s 7h Kh 2d 6c Ah 4d Qh 9h 6s 5s 2c "
					    "9c Ts 8d 9s 3c 8c Js 5d 2h 6h 7d 8s 9d 5h 8h Qc 7c "
					    "Tc");
		}
	}
}

/*
 * splitmix64 seeded with 1234567: the five values given by the Rosetta Code
 * task "Pseudo-random numbers/Splitmix64".
 */
static void test_splitmix64_matches_the_published_vectors(void **state)
{
	static const uint64_t expect[] = {
		UINT64_C(6457827717110365317),	UINT64_C(3203168211198807973),
		UINT64_C(9817491932198370423),	UINT64_C(4593380528125082431),
		UINT64_C(16408922859458223821),
	};
	uint64_t s = 1234567;

	for (size_t i = 0; i < sizeof(expect) / sizeof(expect[0]); i++)
		assert_true(splitmix64_next(&s) == expect[i]);
}

static void test_u64_is_two_outputs_high_then_low(void **state)
{
	struct rng a, b;

	rng_seed_pcg(&a, 42, 54);
	b = a;
	for (int i = 0; i < 100; i++) {
		uint64_t hi = rng_u32(&b);
		uint64_t lo = rng_u32(&b);

		assert_true(rng_u64(&a) == (hi << 32 | lo));
	}
	assert_true(a.state == b.state);
}

/* FNV-1a 64 as rng.c documents it, written again for the derivation test. */
static uint64_t fnv1a64(const char *s)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * UINT64_C(0x100000001b3);
	return h;
}

/* FNV-1a 64 vectors from the FNV reference test suite (Noll, isthe.com). */
static void test_fnv1a64_helper_matches_the_reference_vectors(void **state)
{
	assert_true(fnv1a64("") == UINT64_C(0xcbf29ce484222325));
	assert_true(fnv1a64("a") == UINT64_C(0xaf63dc4c8601ec8c));
	assert_true(fnv1a64("foobar") == UINT64_C(0x85944171f73967e8));
}

/* The derivation written in rng.c's comment, step by step. */
static void test_seed_named_follows_the_documented_derivation(void **state)
{
	static const char *const names[] = { "", "web", "web/arrival", "batch" };
	static const uint64_t seeds[] = { 0, 1, 42, UINT64_MAX };

	for (size_t i = 0; i < 4; i++) {
		for (size_t j = 0; j < 4; j++) {
			for (uint64_t index = 0; index < 3; index++) {
				uint64_t s = seeds[j], k1, k2, initstate, initseq;
				struct rng got, want;

				k1 = splitmix64_next(&s);
				s = k1 ^ fnv1a64(names[i]);
				k2 = splitmix64_next(&s);
				s = k2 ^ index;
				initstate = splitmix64_next(&s);
				initseq = splitmix64_next(&s);
				rng_seed_pcg(&want, initstate, initseq);
				rng_seed_named(&got, seeds[j], names[i], index);
				assert_true(got.state == want.state);
				assert_true(got.inc == want.inc);
			}
		}
	}
}

/*
 * Pinned outputs, computed when the derivation was fixed by this code and by
 * an independent Python transcription of the comment in rng.c, which agree:
 * if they change, every scenario's random numbers change with them.
 */
static void test_seed_named_output_is_pinned(void **state)
{
	static const uint32_t expect[] = { 0xf5a87dde, 0xcf92fa02, 0x436fb0f1, 0x54b79a4d };
	struct rng r;

	rng_seed_named(&r, 42, "web", 0);
	for (size_t i = 0; i < sizeof(expect) / sizeof(expect[0]); i++)
		assert_int_equal(rng_u32(&r), expect[i]);
}

static void test_seed_named_is_deterministic(void **state)
{
	struct rng a, b;

	rng_seed_named(&a, 7, "batch/arrival", 3);
	rng_seed_named(&b, 7, "batch/arrival", 3);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(rng_u32(&a), rng_u32(&b));
	assert_true(a.inc & 1);
}

/*
 * The two halves are the named seeding: the keyed stream matches it state
 * and increment, and a stream kept as its state alone, its increment put
 * back from key and index before each draw, draws the same numbers.
 */
static void test_keyed_seeding_is_the_named_one(void **state)
{
	uint64_t key = rng_named_key(42, "web");

	for (uint64_t i = 0; i < 64; i++) {
		struct rng a, b;
		uint64_t kept;

		rng_seed_named(&a, 42, "web", i);
		rng_seed_keyed(&b, key, i);
		assert_true(a.state == b.state && a.inc == b.inc);
		assert_true(rng_keyed_inc(key, i) == a.inc);
		kept = b.state;
		for (int n = 0; n < 10; n++) {
			struct rng c = { .state = kept, .inc = rng_keyed_inc(key, i) };

			assert_int_equal(rng_u32(&c), rng_u32(&a));
			kept = c.state;
		}
	}
	assert_true(rng_keyed_inc(key, 0) != rng_keyed_inc(key, 1));
}

/* Every (seed, name, index) below starts a different stream at a different point. */
static void test_different_names_and_indices_give_different_streams(void **state)
{
	static const char *const names[] = { "a", "b", "ab", "ba", "web", "web/arrival", "" };
	enum { NNAMES = 7, NIDX = 4, NSEEDS = 3, N = NNAMES * NIDX * NSEEDS };
	uint64_t first[N], inc[N];
	size_t n = 0;

	for (int i = 0; i < NNAMES; i++) {
		for (uint64_t index = 0; index < NIDX; index++) {
			for (uint64_t seed = 1; seed <= NSEEDS; seed++) {
				struct rng r;

				rng_seed_named(&r, seed, names[i], index);
				inc[n] = r.inc;
				first[n++] = rng_u64(&r);
			}
		}
	}
	for (size_t i = 0; i < N; i++) {
		for (size_t j = i + 1; j < N; j++) {
			assert_true(first[i] != first[j]);
			assert_true(inc[i] != inc[j]);
		}
	}
}

static void test_below_stays_below_the_bound(void **state)
{
	const uint32_t bounds[] = { 1, 2, 3, 6, 7, 1000, 0x80000001u, 0xc0000000u, UINT32_MAX };
	struct rng r;

	rng_seed_pcg(&r, 1, 2);
	for (size_t b = 0; b < sizeof(bounds) / sizeof(bounds[0]); b++) {
		for (int i = 0; i < 20000; i++)
			assert_true(rng_below(&r, bounds[b]) < bounds[b]);
	}
}

static double chi_square(const uint64_t *count, int k, uint64_t n)
{
	double expect = (double)n / k, x2 = 0.0;

	for (int i = 0; i < k; i++) {
		double d = (double)count[i] - expect;

		x2 += d * d / expect;
	}
	return x2;
}

/*
 * 10^6 draws below 100. The statistic has 99 degrees of freedom (mean 99,
 * sd 14); 160 is about its 0.9999 quantile (Wilson-Hilferty). The seed is
 * fixed, so the test is deterministic; the bound says how lucky it is.
 */
static void test_below_is_roughly_uniform(void **state)
{
	enum { K = 100, N = 1000000 };
	uint64_t count[K] = { 0 };
	struct rng r;

	rng_seed_named(&r, 2024, "chi-square", 0);
	for (int i = 0; i < N; i++)
		count[rng_below(&r, K)]++;
	assert_true(chi_square(count, K, N) < 160.0);
}

/*
 * With bound 3 * 2^30 a plain `x % bound` would put half the draws in the
 * lowest third, and a multiply-shift without Lemire's rejection would put
 * half of them on multiples of 3. Both counts have 2 degrees of freedom;
 * 20 is beyond their 0.9999 quantile (18.4), while either bias gives a
 * statistic near 10^5.
 */
static void test_below_has_no_bias_for_a_large_bound(void **state)
{
	enum { N = 300000 };
	const uint32_t bound = 0xc0000000u;
	uint64_t third[3] = { 0 }, mod3[3] = { 0 };
	struct rng r;

	rng_seed_named(&r, 2024, "bias", 0);
	for (int i = 0; i < N; i++) {
		uint32_t x = rng_below(&r, bound);

		third[x / 0x40000000u]++;
		mod3[x % 3]++;
	}
	assert_true(chi_square(third, 3, N) < 20.0);
	assert_true(chi_square(mod3, 3, N) < 20.0);
}

static void test_doubles_stay_in_their_intervals(void **state)
{
	struct rng r;
	double sum = 0.0;

	rng_seed_named(&r, 99, "doubles", 0);
	for (int i = 0; i < 1000000; i++) {
		double x = rng_double(&r);
		double y = rng_double_open(&r);

		assert_true(x >= 0.0 && x < 1.0);
		assert_true(y > 0.0 && y < 1.0);
		sum += x;
	}
	/* The mean of 10^6 uniforms has sd 1/sqrt(12 * 10^6), about 0.0003. */
	assert_true(sum / 1e6 > 0.4985 && sum / 1e6 < 0.5015);
}

/*
 * A state that makes the generator output `word` forever: the state x with
 * x ^ (x >> 18) = y (the inverse of that xorshift is y ^ y>>18 ^ y>>36 ^ y>>54)
 * and an increment that maps x to itself. Such an increment is even, which a
 * seeded stream never is; it serves only to reach the extreme draws.
 */
static void fixed_output(struct rng *r, uint32_t word)
{
	uint64_t y = word ? UINT64_MAX : 0;
	uint64_t x = y ^ (y >> 18) ^ (y >> 36) ^ (y >> 54);

	r->state = x;
	r->inc = x - x * UINT64_C(6364136223846793005);
	assert_int_equal(rng_u32(r), word);
	assert_true(r->state == x);
}

static void test_doubles_at_the_extremes_of_the_draw(void **state)
{
	struct rng r;

	fixed_output(&r, 0);
	assert_true(rng_u64(&r) == 0);
	assert_true(rng_double(&r) == 0.0);
	assert_true(rng_double_open(&r) == 0x1p-53);
	fixed_output(&r, UINT32_MAX);
	assert_true(rng_u64(&r) == UINT64_MAX);
	assert_true(rng_double(&r) == 1.0 - 0x1p-53);
	assert_true(rng_double_open(&r) == 1.0 - 0x1p-53);
	assert_int_equal(rng_below(&r, 10), 9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pcg32_matches_the_published_demo_transcript),
		cmocka_unit_test(test_splitmix64_matches_the_published_vectors),
		cmocka_unit_test(test_u64_is_two_outputs_high_then_low),
		cmocka_unit_test(test_fnv1a64_helper_matches_the_reference_vectors),
		cmocka_unit_test(test_seed_named_follows_the_documented_derivation),
		cmocka_unit_test(test_seed_named_output_is_pinned),
		cmocka_unit_test(test_seed_named_is_deterministic),
		cmocka_unit_test(test_keyed_seeding_is_the_named_one),
		cmocka_unit_test(test_different_names_and_indices_give_different_streams),
		cmocka_unit_test(test_below_stays_below_the_bound),
		cmocka_unit_test(test_below_is_roughly_uniform),
		cmocka_unit_test(test_below_has_no_bias_for_a_large_bound),
		cmocka_unit_test(test_doubles_stay_in_their_intervals),
		cmocka_unit_test(test_doubles_at_the_extremes_of_the_draw),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
