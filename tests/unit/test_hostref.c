/*
 * test_hostref.c - how far the host moved under validate: since the probe
 * (the passes' median against the model's figure) and between the passes
 * (half their range over that median), each held against a row's accuracy.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cli/hostref.h"

static struct host_ref passes(double a, double b, double c, double figure)
{
	struct host_ref h = { 0 };

	host_ref_add(&h, a);
	host_ref_add(&h, b);
	host_ref_add(&h, c);
	host_ref_summarise(&h, figure);
	return h;
}

/* Passes 119, 120, 121 against 100: median 120, +20 %, beyond 15 %. */
static void test_moved_since_the_probe(void **state)
{
	struct host_ref h = passes(121, 119, 120, 100);
	g_autoptr(GString) why = g_string_new(NULL);

	assert_true(h.known);
	assert_float_equal(h.drift, 0.20, 1e-12);
	assert_true(host_ref_moved(&h, "the host", 0.15, why));
	assert_string_equal(why->str, "too noisy to judge (the host moved +20 % since the probe)");
	/* within 25 %: judged, nothing written */
	g_string_truncate(why, 0);
	assert_false(host_ref_moved(&h, "the host", 0.25, why));
	assert_string_equal(why->str, "");
}

/*
 * Passes 145, 153, 204 against 143 (a run of this host): median 153, +7 %
 * since the probe, but half the range, 29.5, is 19 % of it: beyond 15 %.
 */
static void test_moved_between_passes(void **state)
{
	struct host_ref h = passes(153, 145, 204, 143);
	g_autoptr(GString) why = g_string_new(NULL);

	assert_float_equal(h.median, 153, 1e-12);
	assert_float_equal(h.swing, 29.5 / 153, 1e-12);
	assert_true(host_ref_moved(&h, "its thread creation", 0.15, why));
	assert_string_equal(
		why->str,
		"too noisy to judge (its thread creation moved 19 % either way between passes)");
	assert_false(host_ref_moved(&h, "its thread creation", 0.20, why));
}

/* No pass timed it, or no figure to hold it against: never moved. */
static void test_unknown_never_moves(void **state)
{
	struct host_ref none = { 0 }, nofigure = passes(1, 2, 3, 0);
	g_autoptr(GString) why = g_string_new(NULL);

	host_ref_summarise(&none, 100);
	assert_false(none.known);
	assert_false(nofigure.known);
	assert_false(host_ref_moved(&none, "the host", 0, why));
	assert_false(host_ref_moved(&nofigure, "the host", 0, why));
	assert_string_equal(why->str, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_moved_since_the_probe),
		cmocka_unit_test(test_moved_between_passes),
		cmocka_unit_test(test_unknown_never_moves),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
