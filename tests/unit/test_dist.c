/*
 * test_dist.c - the duration distributions: sample means against the
 * analytic ones, bounds and clamps, stream consumption, and dist_mean.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>

#include "base/dist.h"

#define US SIM_US
#define MS SIM_MS

enum { NDRAWS = 200000 };

static struct dist mkdist(enum dist_kind k, sim_time_t a, sim_time_t b, double shape)
{
	struct dist d = { .kind = k, .a = a, .b = b, .shape = shape };
	return d;
}

struct moments {
	double mean, sd;
	sim_time_t min, max;
};

/* NDRAWS draws of d from a fixed stream named after the test. */
static struct moments sample(const struct dist *d, const char *name)
{
	struct moments m = { .min = SIM_TIME_INF, .max = -1 };
	double sum = 0.0, sum2 = 0.0;
	struct rng r;

	rng_seed_named(&r, 12345, name, 0);
	for (int i = 0; i < NDRAWS; i++) {
		sim_time_t x = dist_sample(d, &r);

		sum += (double)x;
		sum2 += (double)x * (double)x;
		m.min = sim_time_min(m.min, x);
		m.max = sim_time_max(m.max, x);
	}
	m.mean = sum / NDRAWS;
	m.sd = sqrt((sum2 - sum * sum / NDRAWS) / (NDRAWS - 1));
	return m;
}

/*
 * The sample mean of n draws has standard error sd / sqrt(n). We accept
 * four standard errors (a two-sided chance of about 6e-5 for a normal
 * sample mean) plus 1 ns for the rounding of each draw to integer ns. The
 * seed is fixed, so each test is deterministic; the tolerance only says how
 * unlucky a correct sampler would have to be to fail it.
 */
static void assert_mean_close(double got, double mean, double sd)
{
	double tol = 4.0 * sd / sqrt((double)NDRAWS) + 1.0;

	if (fabs(got - mean) > tol)
		fail_msg("sample mean %.1f ns, expected %.1f +- %.1f ns", got, mean, tol);
}

/* Relative tolerance for a sample standard deviation, as argued at each call. */
static void assert_sd_close(double got, double sd, double rel)
{
	if (fabs(got - sd) > rel * sd)
		fail_msg("sample sd %.1f ns, expected %.1f +- %.1f%%", got, sd, rel * 100.0);
}

static void test_exp_sample_mean_matches_its_mean(void **state)
{
	struct dist d = mkdist(DIST_EXP, 2 * MS, 0, 0.0);
	struct moments m = sample(&d, "exp");

	/* The exponential's sd equals its mean. */
	assert_mean_close(m.mean, 2e6, 2e6);
	assert_true(m.min >= 0);
	assert_int_equal(dist_mean(&d), 2 * MS);
}

static void test_uniform_sample_mean_matches_its_mean(void **state)
{
	struct dist d = mkdist(DIST_UNIFORM, 1 * MS, 3 * MS, 0.0);
	struct moments m = sample(&d, "uniform");

	/* The sd of a uniform on [lo, hi] is (hi - lo) / sqrt(12). */
	assert_mean_close(m.mean, 2e6, 2e6 / sqrt(12.0));
	assert_true(m.min >= 1 * MS && m.max <= 3 * MS);
}

static void test_normal_sample_mean_and_sd_match(void **state)
{
	struct dist d = mkdist(DIST_NORMAL, 10 * MS, 2 * MS, 0.0);
	struct moments m = sample(&d, "normal");

	assert_mean_close(m.mean, 10e6, 2e6);
	/*
	 * The sample sd of a normal has standard error about sd / sqrt(2n),
	 * 0.16% here; 1% is six of them. The clamp at 0 is five sd away.
	 */
	assert_sd_close(m.sd, 2e6, 0.01);
}

static void test_lognormal_has_the_mean_and_sd_it_is_given(void **state)
{
	struct dist d = mkdist(DIST_LOGNORMAL, 10 * MS, 5 * MS, 0.0);
	struct moments m = sample(&d, "lognormal");

	assert_mean_close(m.mean, 10e6, 5e6);
	/*
	 * With sigma^2 = ln 1.25 the excess kurtosis is about 5, so the
	 * sample variance has relative standard error sqrt(7 / n), 0.6%, and
	 * the sample sd half of it; 2% is more than six of those.
	 */
	assert_sd_close(m.sd, 5e6, 0.02);
	assert_true(m.min > 0);
}

static void test_lognormal_with_a_large_sd_keeps_its_mean(void **state)
{
	struct dist d = mkdist(DIST_LOGNORMAL, 1 * MS, 2 * MS, 0.0);
	struct moments m = sample(&d, "lognormal-wide");

	assert_mean_close(m.mean, 1e6, 2e6);
}

static void test_pareto_sample_mean_matches_its_mean(void **state)
{
	struct dist d = mkdist(DIST_PARETO, 1 * MS, 0, 3.0);
	struct moments m = sample(&d, "pareto");
	/* alpha xm / (alpha - 1) and xm sqrt(alpha / (alpha - 2)) / (alpha - 1). */
	double mean = 1.5e6, sd = 1e6 * sqrt(3.0) / 2.0;

	assert_mean_close(m.mean, mean, sd);
	assert_int_equal(dist_mean(&d), 1500 * US);
}

static void test_pareto_draws_are_at_least_the_scale(void **state)
{
	struct dist d = mkdist(DIST_PARETO, 250 * US, 0, 1.2);
	struct moments m = sample(&d, "pareto-min");

	assert_true(m.min >= 250 * US);
	/* Half the draws fall below xm 2^(1/alpha); some come close to xm. */
	assert_true(m.min < 251 * US);
}

static void test_uniform_draws_stay_in_lo_hi_and_reach_both(void **state)
{
	struct dist d = mkdist(DIST_UNIFORM, 10, 14, 0.0);
	uint64_t seen[5] = { 0 };
	struct rng r;

	rng_seed_named(&r, 1, "uniform-small", 0);
	for (int i = 0; i < 10000; i++) {
		sim_time_t x = dist_sample(&d, &r);

		assert_true(x >= 10 && x <= 14);
		seen[x - 10]++;
	}
	for (int i = 0; i < 5; i++)
		assert_true(seen[i] > 1800 && seen[i] < 2200);
}

static void test_uniform_wider_than_32_bits_stays_in_range(void **state)
{
	/* A span of about 10^13 ns takes the 64-bit path. */
	struct dist d = mkdist(DIST_UNIFORM, 5 * SIM_S, 10000 * SIM_S, 0.0);
	struct moments m = sample(&d, "uniform-wide");
	double lo = 5e9, hi = 1e13;

	assert_true(m.min >= 5 * SIM_S && m.max <= 10000 * SIM_S);
	assert_mean_close(m.mean, (lo + hi) / 2.0, (hi - lo) / sqrt(12.0));
}

static void test_uniform_of_one_value_is_that_value(void **state)
{
	struct dist d = mkdist(DIST_UNIFORM, 7 * MS, 7 * MS, 0.0);
	struct rng r;

	rng_seed_named(&r, 1, "uniform-one", 0);
	for (int i = 0; i < 100; i++)
		assert_int_equal(dist_sample(&d, &r), 7 * MS);
}

/*
 * normal(1ms, 5ms): 42% of the draws would be negative. They are clamped to
 * 0, so the mean of the draws is that of the censored normal, which is what
 * dist_mean reports: mu Phi(0.2) + sd phi(0.2) = 2.5345 ms.
 */
static void test_normal_with_a_large_sd_clamps_at_zero(void **state)
{
	struct dist d = mkdist(DIST_NORMAL, 1 * MS, 5 * MS, 0.0);
	struct moments m = sample(&d, "normal-wide");

	assert_int_equal(m.min, 0);
	assert_mean_close(m.mean, (double)dist_mean(&d), 5e6);
	assert_true(dist_mean(&d) > 2534 * US && dist_mean(&d) < 2535 * US);
}

static void test_const_draws_nothing_from_the_stream(void **state)
{
	struct dist d = dist_const(3 * MS);
	struct rng r, before;

	rng_seed_named(&r, 5, "const", 0);
	before = r;
	for (int i = 0; i < 100; i++)
		assert_int_equal(dist_sample(&d, &r), 3 * MS);
	assert_true(r.state == before.state && r.inc == before.inc);
	assert_true(dist_is_const(&d));
}

/* How many 32-bit outputs one draw consumed, found by replaying the stream. */
static int outputs_consumed(const struct dist *d, uint64_t seed)
{
	struct rng r, replay;

	rng_seed_named(&r, seed, "consumed", 0);
	replay = r;
	dist_sample(d, &r);
	for (int n = 0; n < 16; n++) {
		if (replay.state == r.state)
			return n;
		rng_u32(&replay);
	}
	return -1;
}

/*
 * Each kind consumes a fixed number of outputs per draw, whatever the
 * parameters and the values drawn (normal keeps no spare): exp and pareto
 * one double (2 outputs), normal and lognormal two doubles (4).
 */
static void test_each_draw_consumes_a_fixed_part_of_the_stream(void **state)
{
	struct dist exp1 = mkdist(DIST_EXP, 1 * MS, 0, 0.0);
	struct dist exp0 = mkdist(DIST_EXP, 0, 0, 0.0);
	struct dist norm = mkdist(DIST_NORMAL, 1 * MS, 1 * MS, 0.0);
	struct dist logn = mkdist(DIST_LOGNORMAL, 1 * MS, 3 * MS, 0.0);
	struct dist logn0 = mkdist(DIST_LOGNORMAL, 0, 0, 0.0);
	struct dist par = mkdist(DIST_PARETO, 1 * MS, 0, 1.5);
	struct dist uni = mkdist(DIST_UNIFORM, 0, 1000, 0.0);

	for (uint64_t seed = 0; seed < 200; seed++) {
		assert_int_equal(outputs_consumed(&exp1, seed), 2);
		assert_int_equal(outputs_consumed(&exp0, seed), 2);
		assert_int_equal(outputs_consumed(&norm, seed), 4);
		assert_int_equal(outputs_consumed(&logn, seed), 4);
		assert_int_equal(outputs_consumed(&logn0, seed), 4);
		assert_int_equal(outputs_consumed(&par, seed), 2);
		/* Lemire retries with probability 1001 / 2^32 at most. */
		assert_int_equal(outputs_consumed(&uni, seed), 1);
	}
}

static void test_draws_are_capped_at_the_maximum(void **state)
{
	struct dist big = dist_const(2 * DIST_MAX_DRAW);
	struct dist heavy = mkdist(DIST_PARETO, 1 * SIM_S, 0, 0.05);
	struct dist huge = mkdist(DIST_EXP, DIST_MAX_DRAW, 0, 0.0);
	struct dist high = mkdist(DIST_UNIFORM, DIST_MAX_DRAW + 1, DIST_MAX_DRAW + 9, 0.0);
	struct moments m;
	struct rng r;

	rng_seed_named(&r, 1, "cap", 0);
	assert_int_equal(dist_sample(&big, &r), DIST_MAX_DRAW);
	assert_int_equal(dist_sample(&high, &r), DIST_MAX_DRAW);
	/* With alpha = 0.05, P(X > 10^6 xm) = 10^-0.3, half of the draws. */
	m = sample(&heavy, "cap-pareto");
	assert_int_equal(m.max, DIST_MAX_DRAW);
	/* P(X > mean) = 1/e for the exponential. */
	m = sample(&huge, "cap-exp");
	assert_int_equal(m.max, DIST_MAX_DRAW);
}

static void test_dist_mean_by_hand(void **state)
{
	struct dist d;

	d = dist_const(7);
	assert_int_equal(dist_mean(&d), 7);
	d = mkdist(DIST_EXP, 3 * MS, 0, 0.0);
	assert_int_equal(dist_mean(&d), 3 * MS);
	/* (1 + 4) / 2 = 2.5, rounded half up; (2 + 4) / 2 = 3. */
	d = mkdist(DIST_UNIFORM, 1, 4, 0.0);
	assert_int_equal(dist_mean(&d), 3);
	d = mkdist(DIST_UNIFORM, 2, 4, 0.0);
	assert_int_equal(dist_mean(&d), 3);
	/* Ten sd above zero the clamp changes nothing. */
	d = mkdist(DIST_NORMAL, 10 * MS, 1 * MS, 0.0);
	assert_int_equal(dist_mean(&d), 10 * MS);
	/* A normal centred on 0 and clamped: sd / sqrt(2 pi) = 398942.28 ns. */
	d = mkdist(DIST_NORMAL, 0, 1 * MS, 0.0);
	assert_int_equal(dist_mean(&d), 398942);
	d = mkdist(DIST_NORMAL, 4 * MS, 0, 0.0);
	assert_int_equal(dist_mean(&d), 4 * MS);
	d = mkdist(DIST_LOGNORMAL, 5 * MS, 3 * MS, 0.0);
	assert_int_equal(dist_mean(&d), 5 * MS);
	/* alpha xm / (alpha - 1): 2 * 1 / 1, 1.5 * 3 / 0.5, 4 * 1 / 3 ms. */
	d = mkdist(DIST_PARETO, 1 * MS, 0, 2.0);
	assert_int_equal(dist_mean(&d), 2 * MS);
	d = mkdist(DIST_PARETO, 3 * MS, 0, 1.5);
	assert_int_equal(dist_mean(&d), 9 * MS);
	d = mkdist(DIST_PARETO, 1 * MS, 0, 4.0);
	assert_int_equal(dist_mean(&d), 1333333);
	/* No finite mean for alpha <= 1, and a saturated one just above. */
	d = mkdist(DIST_PARETO, 1 * MS, 0, 1.0);
	assert_true(dist_mean(&d) == SIM_TIME_INF);
	d = mkdist(DIST_PARETO, 1 * MS, 0, 0.5);
	assert_true(dist_mean(&d) == SIM_TIME_INF);
	d = mkdist(DIST_PARETO, 1 * SIM_S, 0, 1.0 + 1e-12);
	assert_true(dist_mean(&d) == SIM_TIME_INF);
}

static void test_dist_names_are_the_scenario_names(void **state)
{
	assert_string_equal(dist_name(DIST_CONST), "const");
	assert_string_equal(dist_name(DIST_EXP), "exp");
	assert_string_equal(dist_name(DIST_UNIFORM), "uniform");
	assert_string_equal(dist_name(DIST_NORMAL), "normal");
	assert_string_equal(dist_name(DIST_LOGNORMAL), "lognormal");
	assert_string_equal(dist_name(DIST_PARETO), "pareto");
}

static void test_same_seed_gives_the_same_draws(void **state)
{
	struct dist d = mkdist(DIST_LOGNORMAL, 3 * MS, 1 * MS, 0.0);
	struct rng a, b;

	rng_seed_named(&a, 77, "again", 2);
	rng_seed_named(&b, 77, "again", 2);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(dist_sample(&d, &a), dist_sample(&d, &b));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exp_sample_mean_matches_its_mean),
		cmocka_unit_test(test_uniform_sample_mean_matches_its_mean),
		cmocka_unit_test(test_normal_sample_mean_and_sd_match),
		cmocka_unit_test(test_lognormal_has_the_mean_and_sd_it_is_given),
		cmocka_unit_test(test_lognormal_with_a_large_sd_keeps_its_mean),
		cmocka_unit_test(test_pareto_sample_mean_matches_its_mean),
		cmocka_unit_test(test_pareto_draws_are_at_least_the_scale),
		cmocka_unit_test(test_uniform_draws_stay_in_lo_hi_and_reach_both),
		cmocka_unit_test(test_uniform_wider_than_32_bits_stays_in_range),
		cmocka_unit_test(test_uniform_of_one_value_is_that_value),
		cmocka_unit_test(test_normal_with_a_large_sd_clamps_at_zero),
		cmocka_unit_test(test_const_draws_nothing_from_the_stream),
		cmocka_unit_test(test_each_draw_consumes_a_fixed_part_of_the_stream),
		cmocka_unit_test(test_draws_are_capped_at_the_maximum),
		cmocka_unit_test(test_dist_mean_by_hand),
		cmocka_unit_test(test_dist_names_are_the_scenario_names),
		cmocka_unit_test(test_same_seed_gives_the_same_draws),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
