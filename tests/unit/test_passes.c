/*
 * test_passes.c - schedlab-probe's passes (src/probe/passes.c): a figure
 * measured in several passes is the median of their medians, with an
 * interval covering theirs and every batch counted; passes that disagree
 * are noted; a pass that measured nothing is left out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "probe/probe.h"

static struct figure fig(sim_time_t median, sim_time_t lo, sim_time_t hi, uint32_t n)
{
	return (struct figure){ .median = median, .lo = lo, .hi = hi, .n = n };
}

/* Three passes: the middle median, the widest bounds, the sum of counts. */
static void test_three_passes_keep_the_middle(void **state)
{
	struct model m = { 0 }, p[3] = { { 0 } };
	GString *noisy = g_string_new(NULL);

	(void)state;
	p[0].switch_process = fig(2000, 1950, 2050, 11);
	p[1].switch_process = fig(2600, 2500, 2700, 13);
	p[2].switch_process = fig(2040, 2000, 2100, 12);
	/* one pass alone measured syscall (the others were cut short) */
	p[1].syscall = fig(400, 390, 410, 11);
	/* written by hand in every pass: kept as the first pass has it */
	p[0].switch_coroutine = fig(7, 7, 7, 0);
	p[0].mem_thread = 24576; /* not a figure: m's own */
	m = p[0];
	probe_merge_passes(&m, p, 3, noisy);
	/* medians 2000, 2040, 2600: the middle one, 2040 */
	assert_int_equal(m.switch_process.median, 2040);
	assert_int_equal(m.switch_process.lo, 1950);
	assert_int_equal(m.switch_process.hi, 2700);
	assert_int_equal(m.switch_process.n, 11 + 13 + 12);
	assert_int_equal(m.syscall.median, 400);
	assert_int_equal(m.syscall.n, 11);
	assert_int_equal(m.switch_coroutine.median, 7);
	assert_int_equal(m.switch_coroutine.n, 0);
	assert_int_equal(m.mem_thread, 24576);
	/* (2600 - 2000) / 2 / 2040 = 14.7 % either side: beyond 5 %, noted with each median */
	assert_non_null(strstr(noisy->str, "switch.process (the passes' medians spread 15 %: "
					   "2.00 us 2.60 us 2.04 us)"));
	/* one pass cannot disagree with itself */
	assert_null(strstr(noisy->str, "switch.syscall"));
	g_string_free(noisy, TRUE);
}

/* Two passes: the mean of the two medians; passes within 5 % are not noted. */
static void test_two_passes_agreeing(void **state)
{
	struct model m = { 0 }, p[2] = { { 0 } };
	GString *noisy = g_string_new(NULL);

	(void)state;
	p[0].create_thread = fig(50000, 49000, 51000, 21);
	p[1].create_thread = fig(52000, 50000, 53000, 21);
	m = p[0];
	probe_merge_passes(&m, p, 2, noisy);
	assert_int_equal(m.create_thread.median, 51000);
	assert_int_equal(m.create_thread.lo, 49000);
	assert_int_equal(m.create_thread.hi, 53000);
	assert_int_equal(m.create_thread.n, 42);
	/* (52000 - 50000) / 2 / 51000 = 2 % */
	assert_int_equal(noisy->len, 0);
	g_string_free(noisy, TRUE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_three_passes_keep_the_middle),
		cmocka_unit_test(test_two_passes_agreeing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
