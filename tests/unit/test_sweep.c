/*
 * test_sweep.c - the --vary grammar and the grid's order (the statistics
 * of the repetitions are test_stats.c's).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <glib/gstdio.h>

#include "sweep/collect.h"
#include "sweep/run.h"
#include "sweep/sweep.h"

static struct sweep_axis *axis(const char *spec)
{
	g_autoptr(GError) err = NULL;
	struct sweep_axis *a = sweep_axis_parse(spec, &err);

	if (!a)
		fail_msg("%s: %s", spec, err->message);
	return a;
}

static void assert_items(const struct sweep_axis *a, const char *joined)
{
	g_autofree char *s = NULL;

	g_ptr_array_add(a->items, NULL);
	s = g_strjoinv("|", (char **)a->items->pdata);
	g_ptr_array_set_size(a->items, a->items->len - 1);
	assert_string_equal(s, joined);
}

static void test_vary_list_range_and_step(void **state)
{
	struct sweep_axis *a = axis("rr.quantum=1,2,4");

	assert_string_equal(a->key, "rr.quantum");
	assert_items(a, "1|2|4");
	sweep_axis_free(a);
	a = axis("scenario.cpus=1..5");
	assert_items(a, "1|2|3|4|5");
	sweep_axis_free(a);
	a = axis("x.y=100..1000:300");
	assert_items(a, "100|400|700|1000");
	sweep_axis_free(a);
	a = axis("x.y=1,8..32:8, 64");
	assert_items(a, "1|8|16|24|32|64");
	sweep_axis_free(a);
}

static void test_vary_commas_inside_parentheses_stay_in_the_value(void **state)
{
	struct sweep_axis *a = axis("group w.program=cpu uniform(1ms,2ms),cpu 3ms");

	assert_string_equal(a->key, "group w.program");
	assert_items(a, "cpu uniform(1ms,2ms)|cpu 3ms");
	sweep_axis_free(a);
}

static void test_vary_braces_vary_one_part_of_the_value(void **state)
{
	struct sweep_axis *a = axis("group web.arrival=poisson({100,200..400:100}/s)");
	GPtrArray *axes = g_ptr_array_new_with_free_func((GDestroyNotify)sweep_axis_free);
	struct sweep_grid *g;
	char *set;

	assert_string_equal(a->prefix, "poisson(");
	assert_string_equal(a->suffix, "/s)");
	assert_items(a, "100|200|300|400");
	g_ptr_array_add(axes, a);
	g = sweep_grid_new(axes, NULL);
	set = sweep_grid_set(g, 2, 0);
	assert_string_equal(set, "group web.arrival=poisson(300/s)");
	g_free(set);
	sweep_grid_free(g);
}

static void test_vary_keeps_the_task_index_template_in_the_value(void **state)
{
	struct sweep_axis *a = axis("group s.program=cpu 1; send c{i} 10,cpu 1; send c{i} 20");

	assert_string_equal(a->prefix, "");
	assert_string_equal(a->suffix, "");
	assert_items(a, "cpu 1; send c{i} 10|cpu 1; send c{i} 20");
	sweep_axis_free(a);
	a = axis("group s.program=lock m{i}; cpu {1,2}; unlock m{i}");
	assert_string_equal(a->prefix, "lock m{i}; cpu ");
	assert_string_equal(a->suffix, "; unlock m{i}");
	assert_items(a, "1|2");
	sweep_axis_free(a);
}

static void test_vary_reads_values_from_a_file(void **state)
{
	g_autofree char *path = g_build_filename(g_get_tmp_dir(), "schedlab-vary-test.txt", NULL);
	g_autofree char *spec = g_strdup_printf("mlfq.quantum=@%s", path);
	struct sweep_axis *a;

	assert_true(g_file_set_contents(path, "# quanta per level\n10,20,40\n\n5,10\n", -1, NULL));
	a = axis(spec);
	assert_items(a, "10,20,40|5,10");
	sweep_axis_free(a);
	g_unlink(path);
}

static void test_vary_rejects_what_it_cannot_read(void **state)
{
	static const char *bad[] = {
		"rr.quantum", "quantum=1,2", "rr.quantum=", "rr.quantum=1,,2",	 "rr.quantum=5..1",
		"x.y=1..9:0", "x.y=a{1}{2}", "x.y=a{1,2",   "x.y=@/nonexistent", "x.y=1..999999999",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) err = NULL;

		assert_null(sweep_axis_parse(bad[i], &err));
		assert_non_null(err);
		assert_non_null(strstr(err->message, "--vary"));
	}
}

static void test_vary_names_a_missing_file_in_plain_words(void **state)
{
	g_autoptr(GError) err = NULL;

	assert_null(sweep_axis_parse("x.y=@/nonexistent/quanta.txt", &err));
	assert_string_equal(err->message, "--vary 'x.y=@/nonexistent/quanta.txt': cannot read "
					  "/nonexistent/quanta.txt: no such file or directory");
}

static void test_grid_first_axis_is_outermost(void **state)
{
	GPtrArray *axes = g_ptr_array_new_with_free_func((GDestroyNotify)sweep_axis_free);
	struct sweep_grid *g;
	char *v;

	g_ptr_array_add(axes, axis("a.x=1,2"));
	g_ptr_array_add(axes, axis("b.y=p,q,r"));
	g = sweep_grid_new(axes, NULL);
	assert_int_equal(g->npoints, 6);
	assert_int_equal(sweep_grid_coord(g, 4, 0), 1);
	assert_int_equal(sweep_grid_coord(g, 4, 1), 1);
	v = sweep_grid_value(g, 5, 1);
	assert_string_equal(v, "r");
	g_free(v);
	sweep_grid_free(g);
}

static void test_grid_rejects_a_key_varied_twice(void **state)
{
	GPtrArray *axes = g_ptr_array_new_with_free_func((GDestroyNotify)sweep_axis_free);
	g_autoptr(GError) err = NULL;

	g_ptr_array_add(axes, axis("a.x=1,2"));
	g_ptr_array_add(axes, axis("a.x=3"));
	assert_null(sweep_grid_new(axes, &err));
	assert_non_null(strstr(err->message, "varied twice"));
}

static void test_sweep_header_has_a_mean_and_ci95_for_every_sweep_metric(void **state)
{
	const struct summary_field *view[SUMMARY_MAX_FIELDS];
	unsigned n = sweep_metrics(false, view);
	GPtrArray *axes = g_ptr_array_new_with_free_func((GDestroyNotify)sweep_axis_free);
	struct sweep_grid *g;
	GString *out = g_string_new(NULL);
	g_auto(GStrv) cols = NULL;

	g_ptr_array_add(axes, axis("rr.quantum=1,2"));
	g = sweep_grid_new(axes, NULL);
	sweep_csv_header(g, false, out);
	g_strchomp(out->str);
	cols = g_strsplit(out->str, ",", -1);
	assert_int_equal(g_strv_length(cols), 3 + 2 * n + 2);
	assert_string_equal(cols[1], "rr.quantum");
	assert_string_equal(cols[3 + 2 * n], "status");
	assert_string_equal(cols[4 + 2 * n], "message");
	for (unsigned m = 0; m < n; m++) {
		g_autofree char *mean = g_strdup_printf("%s_mean", view[m]->key);
		g_autofree char *ci = g_strdup_printf("%s_ci95", view[m]->key);

		assert_string_equal(cols[3 + 2 * m], mean);
		assert_string_equal(cols[4 + 2 * m], ci);
		assert_int_equal(sweep_metric_column(g, false, view[m]->key), 3 + 2 * m);
	}
	assert_int_equal(sweep_metric_column(g, false, "tlb_flushes"), -1); /* not a sweep column */
	/* the request metrics: only in a sweep that serves requests, after the others */
	assert_int_equal(sweep_metric_column(g, false, "request_latency_p99_ns"), -1);
	assert_int_equal(sweep_metric_column(g, true, "latency_p99_ns"),
			 sweep_metric_column(g, false, "latency_p99_ns"));
	assert_int_equal(sweep_metric_column(g, true, "requests_completed"), 3 + 2 * n);
	assert_true(sweep_metrics(true, view) == summary_view(SUMMARY_VIEW_SWEEP, view));
	assert_true(sweep_metrics(true, view) > n);
	g_string_truncate(out, 0);
	sweep_csv_header(g, true, out);
	assert_non_null(strstr(out->str, ",requests_completed_mean,requests_completed_ci95,"
					 "requests_rejected_mean,"));
	assert_non_null(strstr(out->str, ",request_latency_p99_ns_mean,"));
	g_string_free(out, TRUE);
	sweep_grid_free(g);
}

static void test_csv_split_reads_what_the_writer_quotes(void **state)
{
	GPtrArray *f = sweep_csv_split("0,\"a, \"\"b\"\"\",,x");

	assert_non_null(f);
	assert_int_equal(f->len, 4);
	assert_string_equal(f->pdata[1], "a, \"b\"");
	assert_string_equal(f->pdata[2], "");
	g_ptr_array_unref(f);
	assert_null(sweep_csv_split("0,\"open"));
	assert_null(sweep_csv_split("\"a\"b"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vary_list_range_and_step),
		cmocka_unit_test(test_vary_commas_inside_parentheses_stay_in_the_value),
		cmocka_unit_test(test_vary_braces_vary_one_part_of_the_value),
		cmocka_unit_test(test_vary_keeps_the_task_index_template_in_the_value),
		cmocka_unit_test(test_vary_reads_values_from_a_file),
		cmocka_unit_test(test_vary_rejects_what_it_cannot_read),
		cmocka_unit_test(test_vary_names_a_missing_file_in_plain_words),
		cmocka_unit_test(test_grid_first_axis_is_outermost),
		cmocka_unit_test(test_grid_rejects_a_key_varied_twice),
		cmocka_unit_test(test_sweep_header_has_a_mean_and_ci95_for_every_sweep_metric),
		cmocka_unit_test(test_csv_split_reads_what_the_writer_quotes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
