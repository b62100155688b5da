/*
 * test_plot.c - the chart writers on summaries built by hand: the data
 * file of a policy comparison, its rendering (a PNG of the size plot_size
 * gives, read from the IHDR chunk), and a sweep chart with a categorical x
 * axis. gnuplot must be installed (CI installs gnuplot-nox).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <glib/gstdio.h>

#include "report/plot.h"

static void assert_png(const char *dir, const char *name, const char *chart)
{
	g_autofree char *path = g_build_filename(dir, name, NULL);
	g_autofree guchar *png = NULL;
	gsize len = 0;
	unsigned w, h;

	assert_true(g_file_get_contents(path, (char **)&png, &len, NULL));
	assert_true(len > 24);
	assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
	plot_size(chart, 1, &w, &h);
	assert_int_equal((unsigned)png[16] << 24 | png[17] << 16 | png[18] << 8 | png[19], w);
	assert_int_equal((unsigned)png[20] << 24 | png[21] << 16 | png[22] << 8 | png[23], h);
}

static void remove_dir(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;

	while (d && (name = g_dir_read_name(d))) {
		g_autofree char *p = g_build_filename(dir, name, NULL);

		g_unlink(p);
	}
	if (d)
		g_dir_close(d);
	g_rmdir(dir);
}

static void test_compare_writes_one_row_per_policy_and_renders_png(void **state)
{
	g_autofree char *dir = g_dir_make_tmp("schedlab-plot-XXXXXX", NULL);
	g_autofree char *dat_path = g_build_filename(dir, "compare.dat", NULL);
	g_autofree char *dat = NULL;
	struct summary fcfs = { .avg_turnaround_ns = 27e6,
				.avg_waiting_ns = 17e6,
				.avg_response_ns = 17e6,
				.p99 = 30000000,
				.throughput_per_s = 100 };
	struct summary rr = { .avg_turnaround_ns = 15.666667e6,
			      .avg_waiting_ns = 5.666667e6,
			      .avg_response_ns = 3.666667e6,
			      .p99 = 30000000,
			      .throughput_per_s = 100 };
	const struct plot_compare_entry e[] = { { "fcfs", &fcfs }, { "rr", &rr } };
	struct plot_opts o = { .dir = dir, .format = PLOT_PNG };
	GString *msg = g_string_new(NULL);
	g_autoptr(GError) err = NULL;

	assert_true(plot_compare("textbook", "policy", SIM_MS, e, 2, &o, msg, &err));
	assert_true(g_file_get_contents(dat_path, &dat, NULL, NULL));
	assert_string_equal(dat, "# name avg_turnaround_ns avg_waiting_ns avg_response_ns p99_ns "
				 "throughput_per_s\n"
				 "\"fcfs\" 27000000.0 17000000.0 17000000.0 30000000 100.000000\n"
				 "\"rr\" 15666667.0 5666667.0 3666667.0 30000000 100.000000\n");
	assert_non_null(strstr(msg->str, "wrote 2 charts"));
	assert_png(dir, "compare.png", "compare");
	assert_png(dir, "compare-throughput.png", "compare-throughput");
	g_string_free(msg, TRUE);
	remove_dir(dir);
}

static void test_sweep_chart_with_words_on_the_x_axis(void **state)
{
	g_autofree char *dir = g_dir_make_tmp("schedlab-plot-XXXXXX", NULL);
	g_autofree char *dat_path = g_build_filename(dir, "sweep-p99.dat", NULL);
	g_autofree char *dat = NULL;
	const char *x[] = { "fcfs", "rr" };
	const char *curves[] = { "" };
	const struct plot_sweep_point cells[] = {
		{ "10.5", "", "2000000.0", "", false, false },
		{ "11.0", "", "1500000.0", "", true, false },
	};
	struct plot_sweep s = { .scenario = "s",
				.time_unit = SIM_MS,
				.xkey = "scenario.policy",
				.nx = 2,
				.xitems = x,
				.ncurves = 1,
				.curves = curves,
				.cells = cells,
				.reps = 1 };
	struct plot_opts o = { .dir = dir, .format = PLOT_PNG };
	GString *msg = g_string_new(NULL);
	g_autoptr(GError) err = NULL;

	assert_true(plot_sweep(&s, &o, msg, &err));
	assert_true(g_file_get_contents(dat_path, &dat, NULL, NULL));
	assert_string_equal(dat, "# x xlabel throughput_mean throughput_ci95 p99_ns_mean "
				 "p99_ns_ci95 flag\n"
				 "0 \"fcfs\" 10.5 0 2000000.0 0 0\n"
				 "1 \"rr\" 11.0 0 1500000.0 0 1\n");
	assert_png(dir, "sweep-p99.png", "sweep-p99");
	g_string_free(msg, TRUE);
	remove_dir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compare_writes_one_row_per_policy_and_renders_png),
		cmocka_unit_test(test_sweep_chart_with_words_on_the_x_axis),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
