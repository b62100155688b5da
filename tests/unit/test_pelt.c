/*
 * test_pelt.c - load tracking: a signal that catches up with marks comes
 * out bit for bit as one updated at every mark, over random histories;
 * and why the marks are needed (the kernel's rounding depends on when a
 * signal is updated).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/rng.h"
#include "sched/pelt.h"

#define NSIG 3

static void assert_same_signal(const struct pelt *a, const struct pelt *b)
{
	assert_int_equal(a->load_sum, b->load_sum);
	assert_int_equal(a->last_update, b->last_update);
	assert_int_equal(a->period_contrib, b->period_contrib);
	assert_int_equal(a->load_avg, b->load_avg);
}

/*
 * NSIG signals, each with a load that changes only when it is itself
 * updated; marks between. The reference signals are updated at every mark;
 * the others apply the marks when they are updated, and all of them when
 * pelt_mark says so. Gaps run from a few ns to several periods, so marks
 * fall in the period of the last update, of the next one, and between.
 */
static void test_marks_give_the_signal_of_an_update_at_every_mark(void **state)
{
	for (uint64_t seed = 1; seed <= 40; seed++) {
		struct pelt eager[NSIG] = { 0 }, lazy[NSIG] = { 0 };
		uint64_t load[NSIG] = { 0 }, seen[NSIG] = { 0 };
		struct pelt_marks marks = { 0 }, *m = &marks;
		sim_time_t now = 0;
		struct rng r;

		rng_seed_pcg(&r, seed, 7);
		for (int step = 0; step < 4000; step++) {
			static const sim_time_t gaps[] = { 900, 40000, 300000, 1100000, 5000000 };

			now += 1 + rng_below(&r, (uint32_t)gaps[rng_below(&r, 5)]);
			if (rng_below(&r, 3)) {
				/* a pass that reads no signal */
				for (int i = 0; i < NSIG; i++)
					pelt_update(&eager[i], now, load[i], 1);
				if (pelt_mark(m, now))
					for (int i = 0; i < NSIG; i++)
						pelt_catch_up(m, &lazy[i], &seen[i], now, load[i]);
			} else {
				/* one signal is read, and its load changes */
				int i = (int)rng_below(&r, NSIG);

				pelt_update(&eager[i], now, load[i], 1);
				pelt_catch_up(m, &lazy[i], &seen[i], now, load[i]);
				pelt_update(&lazy[i], now, load[i], 1);
				assert_same_signal(&eager[i], &lazy[i]);
				load[i] = rng_below(&r, 4) * 1024;
			}
		}
	}
}

/*
 * Of a signal running at 1024, one updated at 15.78 ms and 17.62 ms, and
 * one also at 16 ms (a mark in the first update's period): the same time
 * runnable, different sums. A mark cannot be dropped because it falls in
 * the period of the signal's last update.
 */
static void test_an_update_in_the_same_period_changes_the_sum(void **state)
{
	struct pelt a = { 0 }, b = { 0 };

	pelt_update(&a, 15782523, 1024, 1);
	b = a;
	pelt_update(&b, 16000000, 1024, 1);
	pelt_update(&a, 17619652, 1024, 1);
	pelt_update(&b, 17619652, 1024, 1);
	assert_int_equal(a.last_update, b.last_update);
	assert_int_not_equal(a.load_sum, b.load_sum);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_marks_give_the_signal_of_an_update_at_every_mark),
		cmocka_unit_test(test_an_update_in_the_same_period_changes_the_sum),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
