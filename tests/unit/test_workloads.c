/*
 * test_workloads.c - what validate's native pipe ping-pong says of where
 * the kernel ran its two sides (probe/workloads.c). Pinned to one CPU, the
 * peer can only answer from the caller's CPU: every round trip is on one
 * CPU, whatever the host. Free, the share is a fraction of the round trips.
 * Nothing here asserts a time. And the random sleeps of validate's sleeper,
 * which its mirror replays: the generator's first draw by hand.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "probe/workloads.h"

/* The highest CPU this test may run on, as validate picks its pinned CPU. */
static int allowed_cpu(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) != 0)
		return 0;
	for (int c = CPU_SETSIZE - 1; c >= 0; c--)
		if (CPU_ISSET(c, &set))
			return c;
	return 0;
}

static void test_pinned_processes_share_their_cpu_in_every_round_trip(void **state)
{
	double shared = -1;

	assert_true(workload_pipe_pingpong(false, allowed_cpu(), 200, &shared) > 0);
	assert_float_equal(shared, 1.0, 0);
}

static void test_pinned_threads_share_their_cpu_in_every_round_trip(void **state)
{
	double shared = -1;

	assert_true(workload_pipe_pingpong(true, allowed_cpu(), 200, &shared) > 0);
	assert_float_equal(shared, 1.0, 0);
}

static void test_free_pair_shares_a_fraction_of_the_round_trips(void **state)
{
	double shared = -1;

	assert_true(workload_pipe_pingpong(false, -1, 200, &shared) > 0);
	assert_true(shared >= 0 && shared <= 1);
}

static void test_no_share_asked_none_written(void **state)
{
	assert_true(workload_pipe_pingpong(false, allowed_cpu(), 50, NULL) > 0);
}

/*
 * The sleeper's sleeps, which validate's mirror replays one by one. From
 * the state 1, xorshift64 with shifts 13, 7, 17: 1 ^ 1 << 13 = 8193;
 * 8193 ^ 8193 >> 7 = 8193 ^ 64 = 8257; 8257 ^ 8257 << 17 = 8257 +
 * 1082261504 = 1082269761 (no bit in common). Of 2 * 500000 + 1 = 1000001
 * values: 1082269761 - 1082 * 1000001 = 268679, so the sleep is 1000000 +
 * 268679 - 500000 = 768679 ns.
 */
static void test_sleeps_are_xorshift_draws(void **state)
{
	uint64_t x = 1;
	int64_t sum = 0;

	assert_int_equal(workload_sleep_next(&x, 1000000, 500000), 768679);
	assert_int_equal(x, 1082269761u);
	x = WORKLOAD_SLEEP_SEED;
	for (int i = 0; i < 10000; i++) {
		int64_t d = workload_sleep_next(&x, 1000000, 500000);

		assert_true(d >= 500000 && d <= 1500000);
		sum += d;
	}
	/* uniform: a mean of 10000 draws within 1 % of 1 ms (its sd is 2.9 us) */
	assert_true(sum / 10000 > 990000 && sum / 10000 < 1010000);
	/* without jitter every sleep is the period, and the state stays */
	x = 7;
	assert_int_equal(workload_sleep_next(&x, 1000000, 0), 1000000);
	assert_int_equal(x, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pinned_processes_share_their_cpu_in_every_round_trip),
		cmocka_unit_test(test_pinned_threads_share_their_cpu_in_every_round_trip),
		cmocka_unit_test(test_free_pair_shares_a_fraction_of_the_round_trips),
		cmocka_unit_test(test_no_share_asked_none_written),
		cmocka_unit_test(test_sleeps_are_xorshift_draws),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
