/*
 * test_trace.c - run intervals, the Chrome trace and the time series on
 * record streams built by hand, and on a simulated run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <glib/gstdio.h>

#include "report/report.h"
#include "report/runs.h"
#include "report/timeseries.h"
#include "report/trace.h"
#include "scenario/scenario.h"
#include "sim/sim.h"
#include "simtest.h"

#define MS SIM_MS

static struct record rec(sim_time_t t, enum record_kind k, int cpu, uint32_t task, const char *name)
{
	return (struct record){ .time = t, .kind = k, .cpu = cpu, .task = task, .task_name = name };
}

/* cpu0: A 0-4 preempted, B 4-7 blocks, idle, A 9-12 exits; cpu1: C 1-.. open */
static const struct record stream[] = {
	{ .time = 0, .kind = REC_DISPATCH, .cpu = 0, .task = 0, .task_name = "A" },
	{ .time = 1 * MS, .kind = REC_DISPATCH, .cpu = 1, .task = 2, .task_name = "C" },
	{ .time = 4 * MS, .kind = REC_PREEMPT, .cpu = 0, .task = 0, .task_name = "A" },
	{ .time = 4 * MS, .kind = REC_DISPATCH, .cpu = 0, .task = 1, .task_name = "B" },
	{ .time = 7 * MS,
	  .kind = REC_BLOCK,
	  .cpu = 0,
	  .task = 1,
	  .task_name = "B",
	  .length = 2 * MS },
	{ .time = 7 * MS, .kind = REC_IDLE, .cpu = 0, .task = UINT32_MAX },
	{ .time = 9 * MS, .kind = REC_WAKE, .cpu = -1, .task = 1, .task_name = "B" },
	{ .time = 9 * MS, .kind = REC_DISPATCH, .cpu = 0, .task = 0, .task_name = "A" },
	{ .time = 12 * MS, .kind = REC_EXIT, .cpu = 0, .task = 0, .task_name = "A" },
};

static void test_tracker_opens_on_dispatch_and_closes_on_stop(void **state)
{
	struct run_tracker *rt = run_tracker_new(2);
	struct run_span sp;
	int closed = 0;

	for (size_t i = 0; i < G_N_ELEMENTS(stream); i++) {
		if (!run_tracker_feed(rt, &stream[i], &sp))
			continue;
		closed++;
		if (closed == 2) {
			assert_string_equal(sp.name, "B");
			assert_int_equal(sp.start, 4 * MS);
			assert_int_equal(sp.end, 7 * MS);
			assert_int_equal(sp.stop, REC_BLOCK);
			assert_int_equal(sp.blocked_for, 2 * MS);
		}
	}
	assert_int_equal(closed, 3);
	assert_int_equal(run_tracker_running(rt), 1);
	assert_true(run_tracker_close_next(rt, 20 * MS, &sp));
	assert_string_equal(sp.name, "C");
	assert_int_equal(sp.end, 20 * MS);
	assert_int_equal(sp.stop, REC__COUNT);
	assert_false(run_tracker_close_next(rt, 20 * MS, &sp));
	run_tracker_free(rt);
}

static char *trace_of(const struct record *r, size_t n, sim_time_t end)
{
	g_autofree char *dir = g_dir_make_tmp("schedlab-trace-XXXXXX", NULL);
	g_autofree char *path = g_build_filename(dir, "t.json", NULL);
	struct trace_info info = {
		.scenario = "s", .policy = "rr", .model = "teaching", .ncpus = 2
	};
	g_autoptr(GError) err = NULL;
	struct trace *t = trace_new(path, &info, &err);
	struct record_sink sink = trace_sink(t);
	char *text = NULL;

	assert_non_null(t);
	for (size_t i = 0; i < n; i++)
		sink.emit(sink.ctx, &r[i]);
	assert_true(trace_finish(t, end, &err));
	trace_free(t);
	assert_true(g_file_get_contents(path, &text, NULL, NULL));
	g_unlink(path);
	g_rmdir(dir);
	return text;
}

static int count(const char *text, const char *what)
{
	int n = 0;

	for (const char *p = text; (p = strstr(p, what)); p++)
		n++;
	return n;
}

static void test_trace_has_a_slice_per_run_and_instants_and_counters(void **state)
{
	struct record r[G_N_ELEMENTS(stream) + 2];
	char *text;

	memcpy(r, stream, sizeof(stream));
	r[G_N_ELEMENTS(stream)] = rec(12 * MS, REC_QUEUE, 0, UINT32_MAX, NULL);
	r[G_N_ELEMENTS(stream)].length = 3;
	r[G_N_ELEMENTS(stream) + 1] = rec(12 * MS, REC_MEMORY, -1, UINT32_MAX, NULL);
	r[G_N_ELEMENTS(stream) + 1].length = 4096;
	text = trace_of(r, G_N_ELEMENTS(r), 20 * MS);
	assert_int_equal(count(text, "\"ph\":\"X\""), 4); /* A, B, A, and C still open */
	assert_non_null(strstr(text, "{\"name\":\"B\",\"cat\":\"run\",\"ph\":\"X\",\"pid\":1,"
				     "\"tid\":0,\"ts\":4000,\"dur\":3000,\"args\":{\"task\":1,"
				     "\"stopped\":\"blocked\",\"blocked_ns\":2000000}}"));
	/* a switch cost of zero is not written: no slice of this stream paid one */
	assert_null(strstr(text, "switch_ns"));
	assert_non_null(strstr(text, "\"stopped\":\"preempted\""));
	assert_non_null(strstr(text, "\"stopped\":\"end of run\""));
	assert_int_equal(count(text, "\"ph\":\"i\""), 2); /* the preemption and the wake-up */
	assert_non_null(strstr(text, "{\"name\":\"run queue cpu0\",\"ph\":\"C\",\"pid\":1,"
				     "\"ts\":12000,\"args\":{\"ready\":3}}"));
	assert_non_null(strstr(text, "\"args\":{\"bytes\":4096}"));
	assert_true(g_str_has_suffix(text, "\n]}\n"));
	g_free(text);
}

/*
 * The trace counts the bytes it wrote (the file's size), and a trace of
 * 512 MiB or more gets a line on how to open it (trace_processor --httpd):
 * 511.9 MiB none, 512 MiB and 3 GiB one, the path quoted for the shell;
 * standard output is named so, with FILE.json in the command.
 */
static void test_a_large_trace_gets_a_note_on_how_to_open_it(void **state)
{
	g_autofree char *dir = g_dir_make_tmp("schedlab-trace-XXXXXX", NULL);
	g_autofree char *path = g_build_filename(dir, "t.json", NULL);
	struct trace_info info = { .scenario = "s", .policy = "rr", .model = "m", .ncpus = 1 };
	struct trace *t = trace_new(path, &info, NULL);
	g_autoptr(GString) msg = g_string_new(NULL);
	GStatBuf st;

	(void)state;
	assert_non_null(t);
	assert_true(trace_finish(t, 0, NULL));
	assert_int_equal(g_stat(path, &st), 0);
	assert_int_equal(trace_bytes(t), (uint64_t)st.st_size);
	trace_note(t, msg); /* a few hundred bytes: no note */
	assert_int_equal(msg->len, 0);
	trace_free(t);
	g_unlink(path);
	g_rmdir(dir);

	trace_size_note(msg, "big.json", (UINT64_C(512) << 20) - 100 * 1024);
	assert_int_equal(msg->len, 0);
	trace_size_note(msg, "big.json", UINT64_C(512) << 20);
	assert_string_equal(
		msg->str, "trace: 512.0 MiB written to big.json; Perfetto's web UI may run out of "
			  "memory loading a JSON trace this large. Serve it with trace_processor "
			  "(from perfetto.dev), then open ui.perfetto.dev, which uses it:\n"
			  "  trace_processor --httpd 'big.json'\n");
	g_string_truncate(msg, 0);
	trace_size_note(msg, "my runs/t.json", UINT64_C(3) << 30);
	assert_non_null(strstr(msg->str, "trace: 3.0 GiB written to my runs/t.json;"));
	assert_true(g_str_has_suffix(msg->str, "  trace_processor --httpd 'my runs/t.json'\n"));
	g_string_truncate(msg, 0);
	trace_size_note(msg, "-", UINT64_C(1) << 30); /* standard output: the user names the file */
	assert_non_null(strstr(msg->str, "trace: 1.0 GiB written to standard output;"));
	assert_true(g_str_has_suffix(msg->str, "  trace_processor --httpd FILE.json\n"));
}

static void test_trace_of_a_failed_run_leaves_no_file(void **state)
{
	g_autofree char *dir = g_dir_make_tmp("schedlab-trace-XXXXXX", NULL);
	g_autofree char *path = g_build_filename(dir, "t.json", NULL);
	struct trace_info info = { .scenario = "s", .policy = "rr", .model = "m", .ncpus = 1 };
	struct trace *t = trace_new(path, &info, NULL);
	GDir *d;

	assert_non_null(t);
	trace_free(t); /* no trace_finish: the run failed */
	d = g_dir_open(dir, 0, NULL);
	assert_null(g_dir_read_name(d));
	g_dir_close(d);
	g_rmdir(dir);
}

static void test_trace_into_a_folder_is_refused_before_the_run(void **state)
{
	g_autofree char *dir = g_dir_make_tmp("schedlab-trace-XXXXXX", NULL);
	g_autofree char *slash = g_strconcat(dir, "/", NULL);
	struct trace_info info = { .scenario = "s", .policy = "rr", .model = "m", .ncpus = 1 };
	const char *bad[] = { dir, slash, "" };
	GDir *d;

	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) err = NULL;

		assert_null(trace_new(bad[i], &info, &err));
		assert_non_null(err);
		assert_non_null(strstr(err->message, "not a folder"));
	}
	d = g_dir_open(dir, 0, NULL);
	assert_null(g_dir_read_name(d)); /* no temporary file left behind */
	g_dir_close(d);
	g_rmdir(dir);
}

static void test_trace_of_a_simulated_run_has_one_slice_per_dispatch(void **state)
{
	static const char text[] = "[scenario]\ncpus = 2\npolicy = rr\n[rr]\nquantum = 2\n"
				   "[group g]\ncount = 7\nprogram = cpu 5; io 3; cpu 4\n";
	g_autofree char *dir = g_dir_make_tmp("schedlab-trace-XXXXXX", NULL);
	g_autofree char *path = g_build_filename(dir, "t.json", NULL);
	g_autofree char *json = NULL;
	struct scenario *sc = scenario_load_data("inline.ini", text, strlen(text), NULL, NULL);
	struct trace_info info = { .scenario = "s", .policy = "rr", .model = "m", .ncpus = 2 };
	struct trace *t = trace_new(path, &info, NULL);
	GString *explained = g_string_new(NULL);
	struct explain *x = explain_new(explained, SIM_MS);
	struct record_tee tee = { .n = 2, .sinks = { trace_sink(t), explain_sink(x) } };
	struct record_sink sink = record_tee_sink(&tee);
	struct sim *sim = sim_new(sc, &sink, NULL);
	struct run_result res = { 0 };

	assert_true(sim_run(sim, NULL));
	sim_result(sim, &res);
	assert_true(trace_finish(t, res.end, NULL));
	assert_true(g_file_get_contents(path, &json, NULL, NULL));
	assert_true(count(explained->str, " dispatch ") > 7);
	assert_int_equal(count(json, "\"ph\":\"X\""), count(explained->str, " dispatch "));
	run_result_clear(&res);
	sim_free(sim);
	explain_free(x);
	trace_free(t);
	scenario_free(sc);
	g_string_free(explained, TRUE);
	g_unlink(path);
	g_rmdir(dir);
}

/* REC_LOAD records per CPU, and whether one repeated its CPU's last value. */
struct load_count {
	unsigned per_cpu[8];
	int64_t last[8];
	bool repeated;
};

static void count_loads(void *ctx, const struct record *r)
{
	struct load_count *c = ctx;

	if (r->kind != REC_LOAD || r->cpu < 0 || r->cpu >= 8)
		return;
	if (c->per_cpu[r->cpu]++ && c->last[r->cpu] == r->length)
		c->repeated = true;
	c->last[r->cpu] = r->length;
}

/*
 * A load counter is recorded when it changes, as a run queue's is. One task
 * computing 1 s on eight CPUs under cfs: the seven idle CPUs each balance
 * at 8 ms (the first periodic pass, one interval of 8 ms) and read all
 * eight loads, which do not change (the task's is its weight from the
 * start, 1023 in PELT's units; the others 0): one record per CPU, where
 * each pass gave eight. Five tasks of `cpu 10ms; io 10ms` on four CPUs: the
 * loads rise and fall, and no record repeats its CPU's last value.
 */
static void test_an_unchanged_load_is_not_recorded_again(void **state)
{
	static const char one[] = "[scenario]\ncpus = 8\npolicy = cfs\n[task A]\nburst = 1s\n";
	static const char five[] = "[scenario]\ncpus = 4\npolicy = cfs\n[group g]\ncount = 5\n"
				   "program = repeat 50 { cpu 10ms; io 10ms }\n";
	static const bool never = false;
	struct load_count c = { 0 };
	struct record_sink sink = { .emit = count_loads, .ctx = &c, .halt = &never };
	struct run_result res = { 0 };

	(void)state;
	simtest_run(NULL, one, NULL, &sink, &res);
	for (int i = 0; i < 8; i++)
		assert_int_equal(c.per_cpu[i], 1);
	assert_false(c.repeated);
	run_result_clear(&res);
	c = (struct load_count){ 0 };
	simtest_run(NULL, five, NULL, &sink, &res);
	for (int i = 0; i < 4; i++)
		assert_true(c.per_cpu[i] > 1);
	assert_false(c.repeated);
	run_result_clear(&res);
}

static void test_timeseries_integrates_busy_cpus_and_queue_length(void **state)
{
	struct timeseries *ts = timeseries_new(2);
	struct record_sink s = timeseries_sink(ts);
	struct record q = rec(0, REC_QUEUE, 0, UINT32_MAX, NULL);
	const struct ts_bucket *b;
	double busy = 0, ready = 0;
	guint n;

	q.length = 2; /* two READY from 0 to 4 ms */
	s.emit(s.ctx, &q);
	for (size_t i = 0; i < 3; i++)
		s.emit(s.ctx, &stream[i]);
	q.time = 4 * MS;
	q.length = 0;
	s.emit(s.ctx, &q);
	for (size_t i = 3; i < G_N_ELEMENTS(stream); i++)
		s.emit(s.ctx, &stream[i]);
	b = timeseries_finish(ts, 12 * MS, &n);
	assert_true(n >= TS_BUCKETS / 2 && n <= TS_BUCKETS);
	for (guint k = 0; k < n; k++) {
		busy += b[k].busy_ns;
		ready += b[k].ready_ns;
	}
	assert_int_equal(b[n - 1].start + b[n - 1].width, 12 * MS);
	/* cpu0 busy 0-7 and 9-12 (10 ms), cpu1 1-12 (11 ms) */
	assert_float_equal(busy, 21.0 * MS, 0.5);
	assert_float_equal(ready, 8.0 * MS, 0.5);
	timeseries_free(ts);
}

static void test_timeseries_stays_bounded_for_a_long_run(void **state)
{
	struct timeseries *ts = timeseries_new(1);
	struct record_sink s = timeseries_sink(ts);
	guint n;

	for (sim_time_t t = 0; t < 1000 * SIM_S; t += 10 * SIM_S) {
		struct record m = rec(t, REC_MEMORY, -1, UINT32_MAX, NULL);

		m.length = t / SIM_S;
		s.emit(s.ctx, &m);
	}
	const struct ts_bucket *b = timeseries_finish(ts, 1000 * SIM_S, &n);
	assert_true(n <= TS_BUCKETS);
	assert_int_equal(b[n - 1].memory_max, 990);
	timeseries_free(ts);
}

/*
 * A run to the last instant, 2^63 - 2 ns, cpu0 busy throughout: buckets of
 * 1000 ns doubled until 1000 of them pass end - 1 = 9223372036854775805,
 * 1000 * 2^44 ns = 17592186044416000 ns each (2^43 would cover 8.8e18), so
 * (end - 1) / width + 1 = 524 + 1 buckets, the last from 524 * width =
 * 9218305487273984000 to the end, 5066549580791806 ns. (width * 1000 no
 * longer fits in 63 bits.)
 */
static void test_timeseries_reaches_the_end_of_time(void **state)
{
	const sim_time_t end = SIM_TIME_INF - 1, width = 17592186044416000;
	struct timeseries *ts = timeseries_new(1);
	struct record_sink s = timeseries_sink(ts);
	struct record d = rec(0, REC_DISPATCH, 0, 0, "A");
	struct record m = rec(end - 1, REC_MEMORY, -1, UINT32_MAX, NULL);
	const struct ts_bucket *b;
	double busy = 0;
	guint n;

	s.emit(s.ctx, &d);
	m.length = 7;
	s.emit(s.ctx, &m);
	b = timeseries_finish(ts, end, &n);
	assert_int_equal(n, 525);
	assert_int_equal(b[0].width, width);
	assert_int_equal(b[n - 1].start, 524 * width);
	assert_int_equal(b[n - 1].start, 9218305487273984000);
	assert_int_equal(b[n - 1].width, 5066549580791806);
	assert_int_equal(b[n - 1].memory_max, 7);
	for (guint k = 0; k < n; k++)
		busy += b[k].busy_ns;
	assert_float_equal(busy, (double)end, 1e6);
	timeseries_free(ts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tracker_opens_on_dispatch_and_closes_on_stop),
		cmocka_unit_test(test_trace_has_a_slice_per_run_and_instants_and_counters),
		cmocka_unit_test(test_trace_of_a_failed_run_leaves_no_file),
		cmocka_unit_test(test_a_large_trace_gets_a_note_on_how_to_open_it),
		cmocka_unit_test(test_trace_into_a_folder_is_refused_before_the_run),
		cmocka_unit_test(test_trace_of_a_simulated_run_has_one_slice_per_dispatch),
		cmocka_unit_test(test_an_unchanged_load_is_not_recorded_again),
		cmocka_unit_test(test_timeseries_integrates_busy_cpus_and_queue_length),
		cmocka_unit_test(test_timeseries_reaches_the_end_of_time),
		cmocka_unit_test(test_timeseries_stays_bounded_for_a_long_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
