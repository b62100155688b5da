/*
 * test_workloads.c - what validate's native pipe ping-pong says of where
 * the kernel ran its two sides (probe/workloads.c). Pinned to one CPU, the
 * peer can only answer from the caller's CPU: every round trip is on one
 * CPU, whatever the host. Free, the share is a fraction of the round trips.
 * Nothing here asserts a time.
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pinned_processes_share_their_cpu_in_every_round_trip),
		cmocka_unit_test(test_pinned_threads_share_their_cpu_in_every_round_trip),
		cmocka_unit_test(test_free_pair_shares_a_fraction_of_the_round_trips),
		cmocka_unit_test(test_no_share_asked_none_written),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
