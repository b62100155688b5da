/*
 * test_stats.c - the mean and its Student-t interval, the median and its
 * order-statistic interval, the noise flag; expected values worked out by
 * hand in the comments.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/stats.h"

static void test_mean_and_t_interval_of_eight_values(void **state)
{
	/*
	 * x = 2 4 4 4 5 5 7 9: sum 40, mean 5; squared deviations 9 1 1 1 0 0 4
	 * 16, sum 32, s = sqrt(32 / 7) = 2.13809; t(0.975, 7) = 2.365, so the
	 * half-width is 2.365 * 2.13809 / sqrt(8) = 2.365 * 0.755929 = 1.78777.
	 */
	const double x[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	struct stats_mean m;

	stats_mean_t95(x, 8, &m);
	assert_int_equal(m.n, 8);
	assert_float_equal(m.mean, 5.0, 0);
	assert_float_equal(m.half, 1.78777, 1e-5);
}

static void test_mean_of_three_values(void **state)
{
	/* 10 12 14: s = 2, t(0.975, 2) = 4.303: half-width 4.303 * 2 / sqrt(3) = 4.96867 */
	const double x[] = { 10, 12, 14 };
	struct stats_mean m;

	stats_mean_t95(x, 3, &m);
	assert_float_equal(m.mean, 12.0, 1e-12);
	assert_float_equal(m.half, 4.96867, 1e-5);
}

static void test_mean_of_one_value_has_no_interval(void **state)
{
	const double x[] = { 10 };
	struct stats_mean m;

	stats_mean_t95(x, 1, &m);
	assert_float_equal(m.mean, 10.0, 0);
	assert_float_equal(m.half, 0.0, 0);
	stats_mean_t95(x, 0, &m);
	assert_float_equal(m.mean, 0.0, 0);
}

static void test_t_quantiles_from_the_table_never_narrower_between_rows(void **state)
{
	assert_float_equal(stats_t975(0), 0.0, 0);
	assert_float_equal(stats_t975(1), 12.706, 0);
	assert_float_equal(stats_t975(10), 2.228, 0);
	assert_float_equal(stats_t975(30), 2.042, 0);
	assert_float_equal(stats_t975(35), 2.042, 0); /* the df 30 row, not 40's 2.021 */
	assert_float_equal(stats_t975(59), 2.021, 0);
	assert_float_equal(stats_t975(1000), 1.980, 0);
}

/*
 * n = 11: P(B = i) = C(11, i) / 2048 with B binomial(11, 1/2), so
 * P(B <= 0) = 1 / 2048 = 0.00049, P(B <= 1) = 12 / 2048 = 0.00586 and
 * P(B <= 2) = 67 / 2048 = 0.0327 > 0.025. The largest j with
 * P(B <= j - 1) <= 0.025 is j = 2, and k = 11 + 1 - 2 = 10: the interval is
 * [x(2), x(10)] with coverage 1 - 2 * 12 / 2048 = 0.98828 (Le Boudec,
 * Performance Evaluation of Computer and Communication Systems, Table A.1:
 * n = 11, j = 2, k = 10).
 */
static void test_median_ranks_for_eleven_values_are_2_and_10(void **state)
{
	unsigned j, k;
	double level;

	assert_true(stats_median_ranks(11, &j, &k, &level));
	assert_int_equal(j, 2);
	assert_int_equal(k, 10);
	assert_float_equal(level, 1 - 24.0 / 2048, 1e-12);
}

/*
 * n = 6: P(B <= 0) = 1 / 64 = 0.0156 <= 0.025 < P(B <= 1) = 7 / 64: j = 1,
 * k = 6, coverage 1 - 2 / 64 = 0.96875. n = 5: P(B <= 0) = 1 / 32 = 0.03125
 * > 0.025: no interval. n = 20 (Le Boudec, Table A.1): j = 6, k = 15, since
 * P(B <= 5) = 21700 / 1048576 = 0.0207 and P(B <= 6) = 60460 / 1048576 = 0.0577.
 */
static void test_median_ranks_of_small_and_larger_samples(void **state)
{
	unsigned j, k;
	double level;

	assert_false(stats_median_ranks(5, &j, &k, NULL));
	assert_true(stats_median_ranks(6, &j, &k, &level));
	assert_int_equal(j, 1);
	assert_int_equal(k, 6);
	assert_float_equal(level, 0.96875, 1e-12);
	assert_true(stats_median_ranks(20, &j, &k, &level));
	assert_int_equal(j, 6);
	assert_int_equal(k, 15);
	assert_float_equal(level, 1 - 2 * 21700.0 / 1048576, 1e-12);
	/* far past 2^-1074: the terms are summed in logs */
	assert_true(stats_median_ranks(5000, &j, &k, &level));
	assert_true(j > 2400 && j < 2500 && k == 5001 - j);
	assert_true(level >= 0.95);
}

static void test_median_and_interval_of_eleven_unsorted_values(void **state)
{
	/* sorted: 1 2 3 4 5 6 7 8 9 10 100; median x(6) = 6, interval [x(2), x(10)] = [2, 10] */
	const double x[] = { 9, 3, 100, 1, 7, 5, 6, 2, 10, 4, 8 };
	struct stats_median m;

	stats_median_ci95(x, 11, &m);
	assert_float_equal(m.median, 6, 0);
	assert_true(m.has_ci);
	assert_float_equal(m.lo, 2, 0);
	assert_float_equal(m.hi, 10, 0);
	assert_float_equal(x[0], 9, 0); /* the input is left as it was */
}

static void test_median_of_an_even_count_is_the_mean_of_the_middle_two(void **state)
{
	const double x[] = { 4, 1, 3, 2 };
	struct stats_median m;

	stats_median_ci95(x, 4, &m);
	assert_float_equal(m.median, 2.5, 0);
	assert_false(m.has_ci);
	assert_float_equal(m.lo, 2.5, 0);
	assert_float_equal(m.hi, 2.5, 0);
}

static void test_noise_flag_from_the_relative_spread(void **state)
{
	/* 11 values 98..108 around 103: [x(2), x(10)] = [99, 107], spread 4 / 103 = 3.9 % */
	const double quiet[] = { 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108 };
	/* the same with x(10) moved to 120: [99, 120], spread 10.5 / 103 = 10.2 % */
	const double loud[] = { 98, 99, 100, 101, 102, 103, 104, 105, 106, 120, 130 };
	struct stats_median m;

	stats_median_ci95(quiet, 11, &m);
	assert_float_equal(stats_relative_spread(m.median, m.lo, m.hi), 4.0 / 103, 1e-12);
	assert_false(stats_is_noisy(&m, 0.05));
	stats_median_ci95(loud, 11, &m);
	assert_float_equal(stats_relative_spread(m.median, m.lo, m.hi), 10.5 / 103, 1e-12);
	assert_true(stats_is_noisy(&m, 0.05));
	stats_median_ci95(quiet, 5, &m); /* too few values for an interval: noisy */
	assert_true(stats_is_noisy(&m, 0.05));
	assert_float_equal(stats_relative_spread(0, 0, 0), 0, 0);
	assert_true(isinf(stats_relative_spread(0, -1, 1)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mean_and_t_interval_of_eight_values),
		cmocka_unit_test(test_mean_of_three_values),
		cmocka_unit_test(test_mean_of_one_value_has_no_interval),
		cmocka_unit_test(test_t_quantiles_from_the_table_never_narrower_between_rows),
		cmocka_unit_test(test_median_ranks_for_eleven_values_are_2_and_10),
		cmocka_unit_test(test_median_ranks_of_small_and_larger_samples),
		cmocka_unit_test(test_median_and_interval_of_eleven_unsorted_values),
		cmocka_unit_test(test_median_of_an_even_count_is_the_mean_of_the_middle_two),
		cmocka_unit_test(test_noise_flag_from_the_relative_spread),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
