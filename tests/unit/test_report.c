/*
 * test_report.c - the reporters on run results and record streams built by
 * hand: the table, CSV and JSON of the textbook FCFS example (P1 = 24,
 * P2 = 3, P3 = 3 ms, all arriving at 0), the latency histogram's error bound,
 * the Gantt chart's layout and the --explain line format.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <glib/gstdio.h>

#include "base/histogram.h"
#include "base/units.h"
#include "report/compare.h"
#include "report/outputs.h"
#include "report/report.h"

/* ------------------------------------------------------------ fixtures */

static void add_task(struct run_result *r, const char *name, sim_time_t arrival,
		     sim_time_t first_run, sim_time_t completion, sim_time_t cpu,
		     sim_time_t waiting, uint64_t vol, uint64_t invol)
{
	struct task_result *t;

	r->tasks = g_renew(struct task_result, r->tasks, r->ntasks + 1);
	t = &r->tasks[r->ntasks];
	*t = (struct task_result){
		.name = g_strdup(name),
		.id = r->ntasks,
		.kind = "process",
		.arrival = arrival,
		.first_run = first_run,
		.completion = completion,
		.cpu = cpu,
		.waiting = waiting,
		.voluntary = vol,
		.involuntary = invol,
	};
	r->ntasks++;
}

static void init_result(struct run_result *r, const char *scenario, uint32_t ncpus)
{
	memset(r, 0, sizeof(*r));
	r->scenario = g_strdup(scenario);
	r->policy = g_strdup("fcfs");
	r->model = g_strdup("teaching");
	r->seed = 1;
	r->time_unit = SIM_MS;
	r->ncpus = ncpus;
	r->cpus = g_new0(struct cpu_result, ncpus);
}

/* FCFS on P1 = 24, P2 = 3, P3 = 3 ms: waiting 0, 24, 27; average 17 ms. */
static void fcfs_textbook(struct run_result *r)
{
	init_result(r, "fcfs-textbook", 1);
	add_task(r, "P1", 0, 0, 24 * SIM_MS, 24 * SIM_MS, 0, 1, 0);
	add_task(r, "P2", 0, 24 * SIM_MS, 27 * SIM_MS, 3 * SIM_MS, 24 * SIM_MS, 1, 0);
	add_task(r, "P3", 0, 27 * SIM_MS, 30 * SIM_MS, 3 * SIM_MS, 27 * SIM_MS, 1, 0);
	r->end = 30 * SIM_MS;
	r->makespan = 30 * SIM_MS;
	r->events = 9;
	r->peak_memory = 3 * 4096;
	r->cpus[0] = (struct cpu_result){ .busy = 30 * SIM_MS, .switches = 3 };
}

static void emit(struct record_sink *s, sim_time_t t, enum record_kind kind, int cpu, uint32_t task,
		 const char *name, sim_time_t length, const char *why)
{
	struct record rec = {
		.time = t,
		.kind = kind,
		.cpu = cpu,
		.task = task,
		.task_name = name,
		.length = length,
		.why = why,
	};

	s->emit(s->ctx, &rec);
}

/* One run on a CPU, as the scheduler core reports it: dispatch, then exit. */
struct run {
	int cpu;
	uint32_t task;
	sim_time_t start, end; /* ms */
};

/* The chart of `runs` (in time order) for the tasks of r. */
static char *gantt_of(const struct run_result *r, const struct run *runs, size_t n)
{
	struct gantt *g = gantt_new(r->ncpus, r->time_unit);
	struct record_sink s = gantt_sink(g);
	GString *out = g_string_new(NULL);

	for (size_t i = 0; i < n; i++) {
		const char *name = r->tasks[runs[i].task].name;

		emit(&s, runs[i].start * SIM_MS, REC_DISPATCH, runs[i].cpu, runs[i].task, name, 0,
		     NULL);
		emit(&s, runs[i].end * SIM_MS, REC_EXPIRE, runs[i].cpu, runs[i].task, name, 0,
		     NULL);
	}
	assert_true(gantt_render(g, r, out));
	gantt_free(g);
	if (getenv("SHOW"))
		fputs(out->str, stderr);
	return g_string_free(out, FALSE);
}

/* ------------------------------------------------------ records, tee */

static void test_record_kind_names_are_the_documented_words(void **state)
{
	static const char *const want[REC__COUNT] = { "arrive", "dispatch", "preempt", "expire",
						      "yield",	"block",    "wake",    "exit",
						      "idle",	"queue",    "memory",  "migrate",
						      "load",	"run",	    "reject" };

	for (int k = 0; k < REC__COUNT; k++)
		assert_string_equal(record_kind_name((enum record_kind)k), want[k]);
}

struct seen {
	int n;
	bool had_why;
};

static void count_emit(void *ctx, const struct record *r)
{
	struct seen *s = ctx;

	s->n++;
	s->had_why = r->why != NULL;
}

static void test_tee_fans_out_and_wants_reasons_if_any_sink_does(void **state)
{
	struct seen a = { 0 }, b = { 0 };
	struct record_tee tee = { .n = 2 };
	struct record_sink sink;

	tee.sinks[0] = (struct record_sink){ .emit = count_emit, .ctx = &a, .want_why = false };
	tee.sinks[1] = (struct record_sink){ .emit = count_emit, .ctx = &b, .want_why = false };
	assert_false(record_tee_sink(&tee).want_why);
	tee.sinks[1].want_why = true;
	sink = record_tee_sink(&tee);
	assert_true(sink.want_why);
	emit(&sink, 0, REC_DISPATCH, 0, 0, "P1", 0, "fcfs: head of the ready queue");
	emit(&sink, 1, REC_EXIT, 0, 0, "P1", 0, NULL);
	assert_int_equal(a.n, 2);
	assert_int_equal(b.n, 2);
	/* a sink that did not ask for reasons never sees one */
	emit(&sink, 2, REC_IDLE, 0, UINT32_MAX, NULL, 0, "fcfs: ready queue empty");
	assert_false(a.had_why);
	assert_true(b.had_why);
}

static void test_run_result_clear_frees_everything_and_zeroes(void **state)
{
	struct run_result r;

	fcfs_textbook(&r);
	run_result_clear(&r); /* ASan reports a leak if anything stays */
	assert_null(r.tasks);
	assert_null(r.cpus);
	assert_null(r.scenario);
	assert_int_equal(r.ntasks, 0);
	run_result_clear(&r); /* clearing twice is harmless */
}

/* ----------------------------------------------------------- histogram */

static void test_histogram_is_exact_below_128(void **state)
{
	struct hist *h = hist_new();

	for (int64_t v = 0; v < 128; v++)
		hist_add(h, v);
	assert_int_equal(hist_count(h), 128);
	assert_int_equal(hist_percentile(h, 500000), 63);
	assert_int_equal(hist_percentile(h, 0), 0);
	assert_int_equal(hist_percentile(h, HIST_PPM), 127);
	assert_int_equal(hist_min(h), 0);
	hist_free(h);
}

static void test_histogram_percentiles_of_1_to_100000_are_within_1_in_128(void **state)
{
	static const struct {
		uint32_t ppm;
		int64_t exact;
	} q[] = { { 500000, 50000 }, { 900000, 90000 },	 { 990000, 99000 },
		  { 999000, 99900 }, { 999999, 100000 }, { HIST_PPM, 100000 } };
	struct hist *h = hist_new();

	for (int64_t v = 100000; v >= 1; v--) /* order does not matter */
		hist_add(h, v);
	for (size_t i = 0; i < G_N_ELEMENTS(q); i++) {
		int64_t got = hist_percentile(h, q[i].ppm);

		/* never below the true value, above it by less than 1/128 of it */
		assert_true(got >= q[i].exact);
		assert_true((got - q[i].exact) * 128 < q[i].exact);
	}
	assert_int_equal(hist_max(h), 100000);
	hist_free(h);
}

static void test_histogram_returns_a_recorded_sample_and_the_exact_max(void **state)
{
	struct hist *h = hist_new();

	assert_int_equal(hist_percentile(h, 500000), 0); /* empty */
	hist_add(h, 24 * SIM_MS);
	hist_add(h, 27 * SIM_MS);
	hist_add(h, 30 * SIM_MS);
	assert_int_equal(hist_percentile(h, 500000), 27 * SIM_MS);
	assert_int_equal(hist_percentile(h, 1), 24 * SIM_MS);
	assert_int_equal(hist_percentile(h, HIST_PPM), 30 * SIM_MS);
	hist_add(h, INT64_MAX);
	assert_int_equal(hist_max(h), INT64_MAX);
	assert_int_equal(hist_percentile(h, HIST_PPM), INT64_MAX);
	hist_free(h);
}

/*
 * Rows of buckets come with their first sample: 1000 samples from 24 ms to
 * 24.999 ms all lie in [2^24, 2^25) ns, one row; 5 ns is in row 0 (exact
 * values). A copy holds the same samples and shares no row: adding to it
 * leaves the original as it was.
 */
static void test_histogram_holds_the_rows_it_uses_and_copies_them(void **state)
{
	struct hist *h = hist_new(), *c;
	uint32_t rows = 0;

	for (int64_t v = 0; v < 1000; v++)
		hist_add(h, 24 * SIM_MS + v * 1000);
	for (uint32_t r = 0; r < HIST_ROWS; r++)
		rows += h->row[r] != NULL;
	assert_int_equal(rows, 1);
	hist_add(h, 5);
	assert_non_null(h->row[0]);
	c = hist_copy(h);
	assert_int_equal(hist_count(c), 1001);
	assert_int_equal(hist_percentile(c, 500000), hist_percentile(h, 500000));
	assert_int_equal(hist_percentile(c, 1), 5);
	for (uint32_t r = 0; r < HIST_ROWS; r++)
		assert_true(!h->row[r] || h->row[r] != c->row[r]);
	hist_add(c, 3);
	assert_int_equal(hist_count(h), 1001);
	assert_int_equal(hist_percentile(h, 1), 5);
	assert_int_equal(hist_percentile(c, 1), 3);
	hist_free(c);
	hist_free(h);
	hist_free(NULL);
}

/* ------------------------------------------------------------- summary */

static void test_summary_of_fcfs_textbook(void **state)
{
	struct run_result r;
	struct summary s;

	fcfs_textbook(&r);
	summary_compute(&r, &s);
	assert_int_equal(s.completed, 3);
	assert_int_equal(s.makespan, 30 * SIM_MS);
	assert_true(s.avg_waiting_ns == 17e6);
	assert_true(s.avg_turnaround_ns == 27e6);
	assert_true(s.avg_response_ns == 17e6);
	assert_true(s.throughput_per_s == 100.0);
	assert_true(s.cpu_utilization == 1.0);
	assert_int_equal(s.context_switches, 3);
	assert_int_equal(s.voluntary, 3);
	assert_int_equal(s.p50, 27 * SIM_MS);
	assert_int_equal(s.max, 30 * SIM_MS);
	run_result_clear(&r);
}

static void test_summary_averages_over_completed_tasks_only(void **state)
{
	struct run_result r;
	struct summary s;

	init_result(&r, "horizon", 2);
	add_task(&r, "done", 0, 0, 10 * SIM_MS, 10 * SIM_MS, 0, 1, 0);
	add_task(&r, "running", 0, 10 * SIM_MS, SIM_TIME_NONE, 5 * SIM_MS, 10 * SIM_MS, 0, 2);
	add_task(&r, "never", 0, SIM_TIME_NONE, SIM_TIME_NONE, 0, 15 * SIM_MS, 0, 0);
	r.end = 20 * SIM_MS;
	r.cpus[0].busy = 15 * SIM_MS;
	r.cpus[1].busy = 5 * SIM_MS;
	/* switches are the CPUs' (a CPU changing tasks), not the tasks' sums */
	r.cpus[0].switches = 2;
	r.cpus[0].involuntary = 2;
	r.cpus[1].switches = 1;
	summary_compute(&r, &s);
	assert_int_equal(s.completed, 1);
	assert_true(s.avg_waiting_ns == 0.0);
	assert_true(s.avg_turnaround_ns == 10e6);
	assert_true(s.cpu_utilization == 0.5);
	assert_true(s.throughput_per_s == 50.0);
	assert_int_equal(s.context_switches, 3);
	assert_int_equal(s.involuntary, 2);
	r.end = 0; /* nothing simulated: no division by zero */
	summary_compute(&r, &s);
	assert_true(s.throughput_per_s == 0.0);
	assert_true(s.cpu_utilization == 0.0);
	run_result_clear(&r);
}

/* --------------------------------------------------------------- table */

static void test_format_time_rounds_to_hundredths_of_the_unit(void **state)
{
	static const struct {
		sim_time_t t, unit;
		const char *want;
	} cases[] = {
		{ 17 * SIM_MS, SIM_MS, "17.00 ms" }, { 5666667, SIM_MS, "5.67 ms" },
		{ 5665000, SIM_MS, "5.67 ms" },	     { 5664999, SIM_MS, "5.66 ms" },
		{ 999999, SIM_MS, "1.00 ms" },	     { 0, SIM_S, "0.00 s" },
		{ 1500, SIM_US, "1.50 us" },	     { 42, SIM_NS, "42.00 ns" },
		{ 2 * SIM_S, SIM_S, "2.00 s" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		GString *s = g_string_new(NULL);

		units_time_in(s, cases[i].t, cases[i].unit);
		assert_string_equal(s->str, cases[i].want);
		g_string_free(s, TRUE);
	}
	assert_string_equal(units_suffix(SIM_US), "us");
}

/*
 * Times near the end of simulated time (2^63 - 1 ns, 9223372036.854775807 s)
 * are written whole, and each CPU's share of a long run too: 4000000000 s of
 * run, cpu0 busy throughout (100.0 %), cpu1 a quarter of it (25.0 %); busy
 * times 2000 would pass 2^64.
 */
static void test_times_near_the_end_of_time(void **state)
{
	static const struct {
		sim_time_t t;
		const char *want;
	} cases[] = {
		{ SIM_TIME_INF - 1, "9223372036.85 s" },
		{ -(SIM_TIME_INF - 1), "-9223372036.85 s" },
		{ 9223000000 * SIM_S, "9223000000.00 s" },
		{ 9223000000 * SIM_S + 4999999, "9223000000.00 s" },
		{ 9223000000 * SIM_S + 5000000, "9223000000.01 s" },
		{ 9223000000 * SIM_S - 1, "9223000000.00 s" },
	};
	struct run_result r;
	GString *out = g_string_new(NULL);

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_string_truncate(out, 0);
		units_time(out, cases[i].t);
		assert_string_equal(out->str, cases[i].want);
	}
	init_result(&r, "long", 2);
	add_task(&r, "P1", 0, 0, 4000000000 * SIM_S, 4000000000 * SIM_S, 0, 0, 0);
	r.end = r.makespan = 4000000000 * SIM_S;
	r.cpus[0].busy = r.end;
	r.cpus[1].busy = r.end / 4;
	g_string_truncate(out, 0);
	report_table(&r, out);
	if (!strstr(out->str, "\nper CPU                cpu0 100.0 %, cpu1 25.0 %\n"))
		fail_msg("no per CPU line of 100.0 and 25.0 %% in\n%s", out->str);
	g_string_free(out, TRUE);
	run_result_clear(&r);
}

static void test_table_of_fcfs_textbook_is_exact(void **state)
{
	static const char want[] =
		"scenario fcfs-textbook  policy fcfs  model teaching  seed 1  cpus 1\n"
		"\n"
		"task  arrival  first run  completion  turnaround  waiting  response    cpu  vol  "
		"invol\n"
		"         (ms)       (ms)        (ms)        (ms)     (ms)      (ms)   (ms)\n"
		"P1       0.00       0.00       24.00       24.00     0.00      0.00  24.00    1   "
		"   0\n"
		"P2       0.00      24.00       27.00       27.00    24.00     24.00   3.00    1   "
		"   0\n"
		"P3       0.00      27.00       30.00       30.00    27.00     27.00   3.00    1   "
		"   0\n"
		"\n"
		"completed              3 of 3\n"
		"makespan               30.00 ms\n"
		"throughput             100.00 /s\n"
		"CPU utilization        100.0 %\n"
		"average turnaround     27.00 ms\n"
		"average waiting        17.00 ms\n"
		"average response       17.00 ms\n"
		"normalized turnaround  6.67\n"
		"context switches       3 (3 voluntary, 0 involuntary)\n"
		"switch time            0.00 ms\n"
		"TLB flushes            0\n"
		"TLB refill time        0.00 ms\n"
		"peak memory            12.0 KiB\n"
		"turnaround p50         27.00 ms\n"
		"turnaround p90         30.00 ms\n"
		"turnaround p99         30.00 ms\n"
		"turnaround p99.9       30.00 ms\n"
		"turnaround max         30.00 ms\n"
		"sched latency p50      -\n"
		"sched latency p90      -\n"
		"sched latency p99      -\n"
		"sched latency p99.9    -\n"
		"sched latency max      -\n"
		"events                 9\n";
	struct run_result r;
	GString *out = g_string_new(NULL);

	fcfs_textbook(&r);
	report_table(&r, out);
	if (getenv("SHOW"))
		fputs(out->str, stderr);
	assert_string_equal(out->str, want);
	assert_non_null(strstr(out->str, "average waiting        17.00 ms\n"));
	g_string_free(out, TRUE);
	run_result_clear(&r);
}

static void test_table_shows_dashes_for_what_did_not_happen(void **state)
{
	struct run_result r;
	GString *out = g_string_new(NULL);

	init_result(&r, "horizon", 1);
	add_task(&r, "running", 0, 0, SIM_TIME_NONE, 5 * SIM_MS, 0, 0, 0);
	add_task(&r, "never-ran", 1 * SIM_MS, SIM_TIME_NONE, SIM_TIME_NONE, 0, 4 * SIM_MS, 0, 0);
	r.end = r.makespan = 5 * SIM_MS;
	r.horizon_hit = true;
	report_table(&r, out);
	if (getenv("SHOW"))
		fputs(out->str, stderr);
	assert_non_null(strstr(out->str, "\nrunning       0.00       0.00           -           -"
					 "     0.00      0.00  5.00    0      0\n"));
	assert_non_null(strstr(out->str, "\nnever-ran     1.00          -           -           -"
					 "     4.00         -  0.00    0      0\n"));
	assert_non_null(strstr(out->str, "\ncompleted              0 of 2\n"));
	assert_non_null(strstr(out->str, "\naverage waiting        -\n"));
	assert_non_null(strstr(out->str, "\nturnaround p50         -\n"));
	assert_non_null(strstr(out->str, "\nstopped at the horizon (2 of 2 tasks unfinished)\n"));
	g_string_free(out, TRUE);
	run_result_clear(&r);
}

static void test_table_shows_at_most_100_rows_then_a_note(void **state)
{
	struct run_result r;
	GString *out = g_string_new(NULL);

	init_result(&r, "many", 1);
	for (int i = 0; i < 130; i++) {
		g_autofree char *name = g_strdup_printf("clients[%d]", i);

		add_task(&r, name, 0, i * SIM_MS, (i + 1) * SIM_MS, SIM_MS, i * SIM_MS, 1, 0);
	}
	r.end = r.makespan = 130 * SIM_MS;
	report_table(&r, out);
	assert_non_null(strstr(out->str, "\nclients[99] "));
	assert_null(strstr(out->str, "\nclients[100] "));
	assert_non_null(
		strstr(out->str, "\n(30 more tasks not shown; use --format csv for all)\n"));
	/* the widest name sets the column: the header's next column starts after it */
	assert_non_null(strstr(out->str, "\ntask         arrival"));
	g_string_free(out, TRUE);
	run_result_clear(&r);
}

/* ----------------------------------------------------------------- CSV */

static void test_csv_has_the_header_and_one_row_per_task(void **state)
{
	struct run_result r;
	GString *out = g_string_new(NULL);

	fcfs_textbook(&r);
	report_csv(&r, out);
	assert_string_equal(
		out->str,
		"task,id,kind,arrival_ns,first_run_ns,completion_ns,turnaround_ns,"
		"waiting_ns,response_ns,cpu_ns,voluntary_switches,involuntary_switches\n"
		"P1,0,process,0,0,24000000,24000000,0,0,24000000,1,0\n"
		"P2,1,process,0,24000000,27000000,27000000,24000000,24000000,3000000,1,0\n"
		"P3,2,process,0,27000000,30000000,30000000,27000000,27000000,3000000,1,0\n");
	g_string_free(out, TRUE);
	run_result_clear(&r);
}

static void test_csv_leaves_missing_values_empty_and_quotes_names(void **state)
{
	struct run_result r;
	GString *out = g_string_new(NULL);

	init_result(&r, "odd", 1);
	add_task(&r, "a,b", 0, SIM_TIME_NONE, SIM_TIME_NONE, 0, 7, 0, 0);
	add_task(&r, "say \"hi\"", 0, 3, SIM_TIME_NONE, 2, 3, 0, 1);
	report_csv(&r, out);
	assert_non_null(strstr(out->str, "\n\"a,b\",0,process,0,,,,7,,0,0,0\n"));
	assert_non_null(strstr(out->str, "\n\"say \"\"hi\"\"\",1,process,0,3,,,3,3,2,0,1\n"));
	g_string_free(out, TRUE);
	run_result_clear(&r);
}

/* ---------------------------------------------------------------- JSON */

/*
 * A small strict JSON reader for the tests: it checks the syntax and lists
 * every key as a path ("summary.latency_ns.p50", "tasks[].name") in the order
 * first met, with the raw text of each scalar value of the first element.
 */
struct jr {
	const char *p;
	GPtrArray *paths;  /* char *: key paths in first-met order */
	GHashTable *value; /* path -> raw scalar text (lookup only) */
};

static bool jr_value(struct jr *j, const char *path);

static void jr_space(struct jr *j)
{
	while (*j->p == ' ' || *j->p == '\n' || *j->p == '\t' || *j->p == '\r')
		j->p++;
}

static char *jr_string(struct jr *j)
{
	GString *s = g_string_new(NULL);

	if (*j->p != '"')
		goto fail;
	for (j->p++; *j->p != '"'; j->p++) {
		if ((unsigned char)*j->p < 0x20 || !*j->p)
			goto fail;
		if (*j->p == '\\') {
			j->p++;
			if (*j->p == 'u') {
				unsigned c = 0;

				for (int i = 1; i <= 4; i++) {
					if (!g_ascii_isxdigit(j->p[i]))
						goto fail;
					c = c * 16 + (unsigned)g_ascii_xdigit_value(j->p[i]);
				}
				g_string_append_c(s, (char)c);
				j->p += 4;
				continue;
			}
			if (!strchr("\"\\/bfnrt", *j->p))
				goto fail;
		}
		g_string_append_c(s, *j->p);
	}
	j->p++;
	return g_string_free(s, FALSE);
fail:
	g_string_free(s, TRUE);
	return NULL;
}

static void jr_note(struct jr *j, const char *path)
{
	for (guint i = 0; i < j->paths->len; i++)
		if (!strcmp(g_ptr_array_index(j->paths, i), path))
			return;
	g_ptr_array_add(j->paths, g_strdup(path));
}

static bool jr_value(struct jr *j, const char *path)
{
	const char *start;

	jr_space(j);
	start = j->p;
	if (*j->p == '{') {
		j->p++;
		jr_space(j);
		if (*j->p == '}') {
			j->p++;
			return true;
		}
		for (;;) {
			g_autofree char *key = NULL, *sub = NULL;

			jr_space(j);
			key = jr_string(j);
			if (!key)
				return false;
			sub = *path ? g_strdup_printf("%s.%s", path, key) : g_strdup(key);
			jr_note(j, sub);
			jr_space(j);
			if (*j->p++ != ':' || !jr_value(j, sub))
				return false;
			jr_space(j);
			if (*j->p == '}') {
				j->p++;
				return true;
			}
			if (*j->p++ != ',')
				return false;
		}
	}
	if (*j->p == '[') {
		g_autofree char *sub = g_strdup_printf("%s[]", path);

		j->p++;
		jr_space(j);
		if (*j->p == ']') {
			j->p++;
			return true;
		}
		for (;;) {
			if (!jr_value(j, sub))
				return false;
			jr_space(j);
			if (*j->p == ']') {
				j->p++;
				return true;
			}
			if (*j->p++ != ',')
				return false;
		}
	}
	if (*j->p == '"') {
		char *s = jr_string(j);

		if (!s)
			return false;
		g_free(s);
	} else if (!strncmp(j->p, "null", 4) || !strncmp(j->p, "true", 4)) {
		j->p += 4;
	} else if (!strncmp(j->p, "false", 5)) {
		j->p += 5;
	} else {
		if (*j->p == '-')
			j->p++;
		if (!g_ascii_isdigit(*j->p))
			return false;
		while (g_ascii_isdigit(*j->p) || *j->p == '.')
			j->p++;
	}
	if (!g_hash_table_contains(j->value, path))
		g_hash_table_insert(j->value, g_strdup(path),
				    g_strndup(start, (gsize)(j->p - start)));
	return true;
}

/* Parse text as one JSON object followed by a newline; fills j. */
static void jr_parse(struct jr *j, const char *text)
{
	j->p = text;
	j->paths = g_ptr_array_new_with_free_func(g_free);
	j->value = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	assert_int_equal(*text, '{');
	assert_true(jr_value(j, ""));
	assert_string_equal(j->p, "\n");
}

static void jr_release(struct jr *j)
{
	g_ptr_array_unref(j->paths);
	g_hash_table_unref(j->value);
}

static const char *jr_get(struct jr *j, const char *path)
{
	const char *v = g_hash_table_lookup(j->value, path);

	if (!v)
		fail_msg("no value at %s", path);
	return v;
}

static void test_json_has_every_contract_key_in_order(void **state)
{
	static const char *const want[] = {
		"scenario",
		"policy",
		"model",
		"seed",
		"ncpus",
		"summary",
		"summary.makespan_ns",
		"summary.completed",
		"summary.throughput_per_s",
		"summary.cpu_utilization",
		"summary.context_switches",
		"summary.voluntary_switches",
		"summary.involuntary_switches",
		"summary.avg_turnaround_ns",
		"summary.avg_waiting_ns",
		"summary.avg_response_ns",
		"summary.avg_normalized_turnaround",
		"summary.switch_time_ns",
		"summary.tlb_flushes",
		"summary.tlb_refill_ns",
		"summary.migrations",
		"summary.remote_wakeups",
		"summary.peak_memory_bytes",
		"summary.events",
		"summary.horizon_hit",
		"summary.latency_ns",
		"summary.latency_ns.p50",
		"summary.latency_ns.p90",
		"summary.latency_ns.p99",
		"summary.latency_ns.p999",
		"summary.latency_ns.max",
		"summary.sched_latency_ns",
		"summary.sched_latency_ns.p50",
		"summary.sched_latency_ns.p90",
		"summary.sched_latency_ns.p99",
		"summary.sched_latency_ns.p999",
		"summary.sched_latency_ns.max",
		"summary.overloaded",
		"cpus",
		"cpus[].id",
		"cpus[].busy_ns",
		"cpus[].switch_time_ns",
		"cpus[].switches",
		"cpus[].tlb_flushes",
		"cpus[].tlb_refill_ns",
		"cpus[].migrations",
		"cpus[].remote_wakeups",
		"tasks",
		"tasks[].name",
		"tasks[].id",
		"tasks[].kind",
		"tasks[].arrival_ns",
		"tasks[].first_run_ns",
		"tasks[].completion_ns",
		"tasks[].turnaround_ns",
		"tasks[].waiting_ns",
		"tasks[].response_ns",
		"tasks[].cpu_ns",
		"tasks[].voluntary_switches",
		"tasks[].involuntary_switches",
		"groups",
	};
	struct run_result r;
	GString *out = g_string_new(NULL);
	struct jr j;

	fcfs_textbook(&r);
	report_json(&r, out);
	jr_parse(&j, out->str);
	assert_int_equal(j.paths->len, G_N_ELEMENTS(want));
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
		assert_string_equal(g_ptr_array_index(j.paths, i), want[i]);
	/* pretty-printed with two spaces */
	assert_non_null(strstr(out->str, "{\n  \"scenario\": \"fcfs-textbook\",\n"));
	assert_non_null(strstr(out->str, "\n  \"summary\": {\n    \"makespan_ns\": 30000000,\n"));
	assert_non_null(strstr(out->str, "\n      \"p50\": 27000000,\n"));
	jr_release(&j);
	g_string_free(out, TRUE);
	run_result_clear(&r);
}

static void test_json_fcfs_average_waiting_is_17000000_ns(void **state)
{
	struct run_result r;
	GString *out = g_string_new(NULL);
	struct jr j;

	fcfs_textbook(&r);
	report_json(&r, out);
	jr_parse(&j, out->str);
	assert_string_equal(jr_get(&j, "summary.avg_waiting_ns"), "17000000");
	assert_string_equal(jr_get(&j, "summary.avg_turnaround_ns"), "27000000");
	assert_string_equal(jr_get(&j, "summary.throughput_per_s"), "100.000000");
	assert_string_equal(jr_get(&j, "summary.cpu_utilization"), "1.000000");
	assert_string_equal(jr_get(&j, "summary.avg_normalized_turnaround"), "6.666667");
	assert_string_equal(jr_get(&j, "summary.horizon_hit"), "false");
	assert_string_equal(jr_get(&j, "summary.latency_ns.max"), "30000000");
	assert_string_equal(jr_get(&j, "tasks[].completion_ns"), "24000000");
	jr_release(&j);
	g_string_free(out, TRUE);
	run_result_clear(&r);
}

static void test_json_is_null_for_unfinished_and_never_run_tasks(void **state)
{
	struct run_result r;
	GString *out = g_string_new(NULL);

	init_result(&r, "horizon", 1);
	add_task(&r, "never", 0, SIM_TIME_NONE, SIM_TIME_NONE, 0, 5 * SIM_MS, 0, 0);
	r.end = r.makespan = 5 * SIM_MS;
	r.horizon_hit = true;
	report_json(&r, out);
	assert_non_null(strstr(out->str, "\"first_run_ns\": null,\n"
					 "      \"completion_ns\": null,\n"
					 "      \"turnaround_ns\": null,\n"
					 "      \"waiting_ns\": 5000000,\n"
					 "      \"response_ns\": null,\n"));
	/* no task completed: no averages, no percentiles */
	assert_non_null(strstr(out->str, "\"avg_waiting_ns\": null,\n"));
	assert_non_null(strstr(out->str, "\"p50\": null,\n"));
	assert_non_null(strstr(out->str, "\"horizon_hit\": true,\n"));
	g_string_free(out, TRUE);
	run_result_clear(&r);
}

static void test_json_escapes_quotes_backslashes_and_control_characters(void **state)
{
	struct run_result r;
	GString *out = g_string_new(NULL);
	struct jr j;

	init_result(&r, "a \"quoted\" \\ name\twith\ncontrols\x01", 0);
	report_json(&r, out);
	assert_non_null(strstr(out->str, "\"scenario\": \"a \\\"quoted\\\" \\\\ "
					 "name\\u0009with\\u000acontrols\\u0001\",\n"));
	assert_non_null(strstr(out->str, "\"cpus\": [],\n  \"tasks\": [],\n  \"groups\": []\n}\n"));
	jr_parse(&j, out->str);
	jr_release(&j);
	g_string_free(out, TRUE);
	run_result_clear(&r);
}

/* --------------------------------------------------------------- gantt */

static void test_gantt_draws_the_fcfs_textbook_chart(void **state)
{
	static const struct run runs[] = { { 0, 0, 0, 24 }, { 0, 1, 24, 27 }, { 0, 2, 27, 30 } };
	struct run_result r;
	g_autofree char *chart = NULL;

	fcfs_textbook(&r);
	chart = gantt_of(&r, runs, G_N_ELEMENTS(runs));
	assert_string_equal(chart, "cpu0 |P1                      |P2 |P3 |\n"
				   "     0                        24  27  30 ms\n");
	run_result_clear(&r);
}

static void test_gantt_draws_the_rr_textbook_chart(void **state)
{
	/* Silberschatz 5.3.3: RR with q = 4 on P1 = 24, P2 = 3, P3 = 3 */
	static const struct run runs[] = { { 0, 0, 0, 4 },   { 0, 1, 4, 7 },   { 0, 2, 7, 10 },
					   { 0, 0, 10, 14 }, { 0, 0, 14, 18 }, { 0, 0, 18, 22 },
					   { 0, 0, 22, 26 }, { 0, 0, 26, 30 } };
	struct run_result r;
	g_autofree char *chart = NULL;

	fcfs_textbook(&r);
	chart = gantt_of(&r, runs, G_N_ELEMENTS(runs));
	assert_string_equal(chart, "cpu0 |P1  |P2 |P3 |P1  |P1  |P1  |P1  |P1  |\n"
				   "     0    4   7   10   14   18   22   26   30 ms\n");
	run_result_clear(&r);
}

static void test_gantt_magnifies_a_small_chart_and_shows_idle_time(void **state)
{
	static const struct run runs[] = { { 0, 0, 1, 2 }, { 0, 1, 3, 5 } };
	struct run_result r;
	g_autofree char *chart = NULL;

	init_result(&r, "small", 1);
	add_task(&r, "A", 1 * SIM_MS, 1 * SIM_MS, 2 * SIM_MS, 1 * SIM_MS, 0, 1, 0);
	add_task(&r, "B", 3 * SIM_MS, 3 * SIM_MS, 5 * SIM_MS, 2 * SIM_MS, 0, 1, 0);
	r.end = 5 * SIM_MS;
	chart = gantt_of(&r, runs, G_N_ELEMENTS(runs));
	/* four columns per ms */
	assert_string_equal(chart, "cpu0 |....|A   |....|B       |\n"
				   "     0    1    2    3        5 ms\n");
	run_result_clear(&r);
}

static void test_gantt_keeps_short_runs_visible_and_labels_apart(void **state)
{
	/* a 1 ms run between long ones, with two-digit and three-digit labels */
	static const struct run runs[] = { { 0, 0, 0, 99 }, { 0, 1, 99, 100 }, { 0, 2, 100, 160 } };
	struct run_result r;
	g_autofree char *chart = NULL;

	init_result(&r, "short", 1);
	add_task(&r, "long", 0, 0, 99 * SIM_MS, 99 * SIM_MS, 0, 1, 0);
	add_task(&r, "s", 0, 99 * SIM_MS, 100 * SIM_MS, SIM_MS, 99 * SIM_MS, 1, 0);
	add_task(&r, "tail", 0, 100 * SIM_MS, 160 * SIM_MS, 60 * SIM_MS, 100 * SIM_MS, 1, 0);
	r.end = 160 * SIM_MS;
	chart = gantt_of(&r, runs, G_N_ELEMENTS(runs));
	/* 2 ms per column; "s" is widened to hold its label "99" */
	assert_string_equal(chart,
			    "cpu0 |long                                              |s |tail"
			    "                          |\n"
			    "     0                                                  99 100"
			    "                            160 ms\n");
	run_result_clear(&r);
}

static void test_gantt_uses_symbols_and_a_legend_when_names_do_not_fit(void **state)
{
	static const struct run runs[] = {
		{ 0, 0, 0, 2 },	  { 0, 1, 2, 4 },   { 0, 0, 4, 6 },   { 0, 1, 6, 8 },
		{ 0, 0, 8, 10 },  { 0, 1, 10, 12 }, { 0, 0, 12, 14 }, { 0, 1, 14, 16 },
		{ 0, 0, 16, 18 }, { 0, 1, 18, 20 }, { 0, 0, 20, 22 }, { 0, 1, 22, 24 },
	};
	struct run_result r;
	g_autofree char *chart = NULL;

	init_result(&r, "symbols", 1);
	add_task(&r, "clients[0]", 0, 0, 22 * SIM_MS, 12 * SIM_MS, 10 * SIM_MS, 0, 5);
	add_task(&r, "clients[1]", 0, 2, 24 * SIM_MS, 12 * SIM_MS, 12 * SIM_MS, 0, 5);
	r.end = 24 * SIM_MS;
	chart = gantt_of(&r, runs, G_N_ELEMENTS(runs));
	assert_string_equal(chart, "cpu0 |AA|BB|AA|BB|AA|BB|AA|BB|AA|BB|AA|BB|\n"
				   "     0  2  4  6  8  10 12 14 16 18 20 22 24 ms\n"
				   "     A=clients[0]  B=clients[1]\n");
	run_result_clear(&r);
}

static void test_gantt_drops_labels_that_would_touch_but_keeps_the_end(void **state)
{
	struct run runs[30];
	struct run_result r;
	g_autofree char *chart = NULL;

	init_result(&r, "late", 1);
	add_task(&r, "P1", 100 * SIM_MS, 100 * SIM_MS, 187 * SIM_MS, 45 * SIM_MS, 42 * SIM_MS, 0,
		 15);
	add_task(&r, "P2", 100 * SIM_MS, 103 * SIM_MS, 190 * SIM_MS, 45 * SIM_MS, 45 * SIM_MS, 0,
		 15);
	for (int i = 0; i < 30; i++)
		runs[i] = (struct run){ 0, (uint32_t)(i % 2), 100 + 3 * i, 103 + 3 * i };
	r.end = 190 * SIM_MS;
	chart = gantt_of(&r, runs, G_N_ELEMENTS(runs));
	/* one column per 5 ms, every run kept one column wide: labels every other run */
	assert_string_equal(chart,
			    "cpu0 |....................|A|B|A|B|A|B|A|B|A|B|A|B|A|B|A|B|A|B|A|"
			    "B|A|B|A|B|A|B|A|B|A|B|\n"
			    "     0                    100 106 112 118 124 130 136 142 148 154 160 "
			    "166 172 178 184 190 ms\n"
			    "     A=P1  B=P2  .=idle\n");
	run_result_clear(&r);
}

static void test_gantt_lanes_of_two_cpus_share_one_axis(void **state)
{
	static const struct run runs[] = {
		{ 0, 0, 0, 10 }, { 1, 1, 0, 4 }, { 1, 2, 4, 12 }, { 0, 3, 10, 15 }
	};
	struct run_result r;
	g_autofree char *chart = NULL;

	init_result(&r, "two", 2);
	add_task(&r, "P1", 0, 0, 10 * SIM_MS, 10 * SIM_MS, 0, 1, 0);
	add_task(&r, "P2", 0, 0, 4 * SIM_MS, 4 * SIM_MS, 0, 1, 0);
	add_task(&r, "P3", 0, 4 * SIM_MS, 12 * SIM_MS, 8 * SIM_MS, 4 * SIM_MS, 1, 0);
	add_task(&r, "P4", 0, 10 * SIM_MS, 15 * SIM_MS, 5 * SIM_MS, 10 * SIM_MS, 1, 0);
	r.end = 15 * SIM_MS;
	chart = gantt_of(&r, runs, G_N_ELEMENTS(runs));
	/* two columns per ms */
	assert_string_equal(chart, "cpu0 |P1                   |P4         |\n"
				   "cpu1 |P2      |P3               |......|\n"
				   "     0        4            10   12     15 ms\n");
	run_result_clear(&r);
}

static void test_gantt_samples_a_run_with_too_many_boundaries(void **state)
{
	struct run_result r;
	struct run *runs = g_new(struct run, 200);
	g_autofree char *chart = NULL;

	init_result(&r, "busy", 1);
	add_task(&r, "P1", 0, 0, 399 * SIM_MS, 200 * SIM_MS, 199 * SIM_MS, 0, 199);
	add_task(&r, "P2", 0, SIM_MS, 400 * SIM_MS, 200 * SIM_MS, 200 * SIM_MS, 0, 199);
	for (int i = 0; i < 200; i++) {
		/* P1 and P2 take turns of 1 ms until 150 ms, then P2 runs 1 ms in 2 */
		runs[i] = i < 150 ? (struct run){ 0, (uint32_t)(i % 2), i, i + 1 }
				  : (struct run){ 0, 1, 150 + 2 * (i - 150), 151 + 2 * (i - 150) };
	}
	r.end = 250 * SIM_MS;
	chart = gantt_of(&r, runs, 200);
	/*
	 * 5 ms per column: [0, 5) holds 3 ms of P1 and 2 of P2, [5, 10) the
	 * opposite; after 150 ms P2 runs 3 ms of [150, 155) and 2 of [155, 160).
	 */
	assert_string_equal(chart,
			    "cpu0 |ABABABABABABABABABABABABABABABB.B.B.B.B.B.B.B.B.B.|\n"
			    "     0         50        100       150       200       250 ms\n"
			    "     (one column is 5.00 ms and shows what ran longest in it; shorter "
			    "runs are not drawn)\n"
			    "     A=P1  B=P2  .=idle\n");
	g_free(runs);
	run_result_clear(&r);
}

/*
 * A sampled chart's axis ends with the end of the run, as the exact
 * chart's does, also when the chart is not a whole number of ticks long:
 * 240 ms of 1 ms turns in 5 ms columns make 48 columns, labelled every 10
 * (0 to 200) and at the end, 240.
 */
static void test_gantt_sampled_axis_ends_with_the_end(void **state)
{
	struct run_result r;
	struct run *runs = g_new(struct run, 240);
	g_autofree char *chart = NULL;

	init_result(&r, "busy", 1);
	add_task(&r, "P1", 0, 0, 239 * SIM_MS, 120 * SIM_MS, 119 * SIM_MS, 0, 119);
	add_task(&r, "P2", 0, SIM_MS, 240 * SIM_MS, 120 * SIM_MS, 120 * SIM_MS, 0, 119);
	for (int i = 0; i < 240; i++)
		runs[i] = (struct run){ 0, (uint32_t)(i % 2), i, i + 1 };
	r.end = 240 * SIM_MS;
	chart = gantt_of(&r, runs, 240);
	assert_string_equal(chart,
			    "cpu0 |ABABABABABABABABABABABABABABABABABABABABABABABAB|\n"
			    "     0         50        100       150       200     240 ms\n"
			    "     (one column is 5.00 ms and shows what ran longest in it; shorter "
			    "runs are not drawn)\n"
			    "     A=P1  B=P2\n");
	g_free(runs);
	run_result_clear(&r);
}

/*
 * A task that ran but is the longest in no column of a sampled chart is
 * named, not left out: P1 runs 4 ms and P2 1 ms in turn for 250 ms, in
 * 5 ms columns every one of which is P1's.
 */
static void test_gantt_sampled_names_a_task_in_no_column(void **state)
{
	struct run_result r;
	struct run *runs = g_new(struct run, 100);
	g_autofree char *chart = NULL;

	init_result(&r, "busy", 1);
	add_task(&r, "P1", 0, 0, 249 * SIM_MS, 200 * SIM_MS, 49 * SIM_MS, 0, 49);
	add_task(&r, "P2", 0, 4 * SIM_MS, 250 * SIM_MS, 50 * SIM_MS, 200 * SIM_MS, 0, 49);
	for (int i = 0; i < 50; i++) {
		runs[2 * i] = (struct run){ 0, 0, 5 * i, 5 * i + 4 };
		runs[2 * i + 1] = (struct run){ 0, 1, 5 * i + 4, 5 * i + 5 };
	}
	r.end = 250 * SIM_MS;
	chart = gantt_of(&r, runs, 100);
	assert_true(g_str_has_suffix(chart, "     A=P1\n"
					    "     not drawn, never the longest in a column: P2\n"));
	g_free(runs);
	run_result_clear(&r);
}

static void test_gantt_refuses_more_than_60_tasks(void **state)
{
	struct run_result r;
	struct gantt *g = gantt_new(1, SIM_MS);
	GString *out = g_string_new(NULL);

	init_result(&r, "crowd", 1);
	for (int i = 0; i < GANTT_MAX_TASKS + 1; i++)
		add_task(&r, "t", 0, 0, SIM_MS, SIM_MS, 0, 1, 0);
	r.end = SIM_MS;
	assert_false(gantt_render(g, &r, out));
	assert_string_equal(out->str, "gantt: 61 tasks is more than the 60 a chart can show; use "
				      "--format csv for all the figures\n");
	gantt_free(g);
	g_string_free(out, TRUE);
	run_result_clear(&r);
}

/* ------------------------------------------------------------- explain */

static void test_explain_writes_one_aligned_line_per_record(void **state)
{
	GString *out = g_string_new(NULL);
	struct explain *x = explain_new(out, SIM_MS);
	struct record_sink s = explain_sink(x);

	assert_true(s.want_why);
	emit(&s, 0, REC_ARRIVE, -1, 1, "P2", 0, NULL);
	emit(&s, 4 * SIM_MS, REC_DISPATCH, 0, 1, "P2", 0,
	     "rr: head of the ready queue; quantum 4.00 ms");
	emit(&s, 5 * SIM_MS, REC_BLOCK, 0, 1, "P2", 5 * SIM_MS, "io");
	emit(&s, 5 * SIM_MS, REC_MEMORY, -1, UINT32_MAX, NULL, 4096, NULL); /* not printed */
	emit(&s, 5002 * SIM_US, REC_DISPATCH, 0, 2, "a-rather-long-name", 2 * SIM_US, NULL);
	emit(&s, 12345 * SIM_MS, REC_IDLE, 1, UINT32_MAX, NULL, 0, NULL);
	if (getenv("SHOW"))
		fputs(out->str, stderr);
	assert_string_equal(
		out->str,
		"    0.00 ms  -     arrive    P2\n"
		"    4.00 ms  cpu0  dispatch  P2            rr: head of the ready queue; quantum "
		"4.00 "
		"ms\n"
		"    5.00 ms  cpu0  block     P2            io for 5.00 ms\n"
		"    5.00 ms  cpu0  dispatch  a-rather-long-name  after a 2.00 us switch\n"
		"12345.00 ms  cpu1  idle      -\n");
	explain_free(x);
	g_string_free(out, TRUE);
}

/*
 * A wake-up at the end of a timed block says which block ended; one from a
 * wait queue keeps its own reason; a second wake-up of the same task after
 * no timed block says nothing.
 */
static void test_explain_says_which_timed_block_a_wake_up_ends(void **state)
{
	GString *out = g_string_new(NULL);
	struct explain *x = explain_new(out, SIM_MS);
	struct record_sink s = explain_sink(x);

	emit(&s, 5 * SIM_MS, REC_BLOCK, 0, 1, "P2", 5 * SIM_MS, "io");
	emit(&s, 6 * SIM_MS, REC_BLOCK, 0, 2, "P3", 250 * SIM_US, "sleep");
	emit(&s, 6250 * SIM_US, REC_WAKE, -1, 2, "P3", 0, NULL);
	emit(&s, 10 * SIM_MS, REC_WAKE, -1, 1, "P2", 0, NULL);
	emit(&s, 11 * SIM_MS, REC_WAKE, -1, 1, "P2", 0, NULL);
	emit(&s, 12 * SIM_MS, REC_WAKE, -1, 2, "P3", 0, "woken by P2");
	assert_string_equal(out->str,
			    "    5.00 ms  cpu0  block     P2            io for 5.00 ms\n"
			    "    6.00 ms  cpu0  block     P3            sleep for 250.00 us\n"
			    "    6.25 ms  -     wake      P3            sleep for 250.00 us done\n"
			    "   10.00 ms  -     wake      P2            io for 5.00 ms done\n"
			    "   11.00 ms  -     wake      P2\n"
			    "   12.00 ms  -     wake      P3            woken by P2\n");
	explain_free(x);
	g_string_free(out, TRUE);
}

/* ------------------------------------------------- the metric table */

static void test_metric_views_are_numbered_from_1_without_gaps_or_repeats(void **state)
{
	for (int v = 0; v < SUMMARY_NVIEWS; v++) {
		const struct summary_field *view[SUMMARY_MAX_FIELDS];
		unsigned n = summary_view(v, view);

		assert_true(n > 0);
		for (unsigned i = 0; i < n; i++)
			assert_int_equal(view[i]->at[v], i + 1);
	}
}

static void test_metric_keys_are_unique_and_every_table_line_has_a_label(void **state)
{
	for (unsigned i = 0; i < summary_nfields; i++) {
		const struct summary_field *f = &summary_fields[i];

		assert_ptr_equal(summary_field_find(f->key), f);
		if (f->at[SUMMARY_VIEW_TABLE])
			assert_non_null(f->label);
		if (f->at[SUMMARY_VIEW_COMPARE_TABLE])
			assert_non_null(f->head);
		if (f->kind == SUMMARY_LINE)
			assert_true(f->line && f->not_json);
	}
	assert_null(summary_field_find("no_such_metric"));
}

static void test_every_metric_of_the_table_is_in_the_run_json(void **state)
{
	struct run_result r;
	GString *out = g_string_new(NULL);
	struct jr j;

	/* Without runtimes, their fields are left out; with them, every one is in. */
	for (int served = 0; served < 2; served++) {
		fcfs_textbook(&r);
		r.runtimes = r.served = served;
		g_string_truncate(out, 0);
		report_json(&r, out);
		jr_parse(&j, out->str);
		for (unsigned i = 0; i < summary_nfields; i++) {
			const struct summary_field *f = &summary_fields[i];
			g_autofree char *path = NULL;

			if (f->not_json)
				continue;
			path = f->json_group ? g_strdup_printf("summary.%s.%s", f->json_group,
							       f->json_key)
					     : g_strdup_printf("summary.%s", f->key);
			if (f->runtime_only && !served)
				assert_null(g_hash_table_lookup(j.value, path));
			else
				assert_non_null(jr_get(&j, path));
		}
		jr_release(&j);
		run_result_clear(&r);
	}
	g_string_free(out, TRUE);
}

static void test_every_metric_of_the_table_view_is_a_line_of_the_table(void **state)
{
	const struct summary_field *view[SUMMARY_MAX_FIELDS];
	unsigned n = summary_view(SUMMARY_VIEW_TABLE, view);
	struct run_result r;
	GString *out = g_string_new(NULL);

	init_result(&r, "two-cpus", 2); /* per CPU and migrations lines appear from 2 CPUs */
	add_task(&r, "P1", 0, 0, 10 * SIM_MS, 10 * SIM_MS, 0, 1, 0);
	r.end = r.makespan = 10 * SIM_MS;
	r.runtimes = r.served = true; /* the lines of execution models too */
	report_table(&r, out);
	for (unsigned i = 0; i < n; i++) {
		g_autofree char *line = g_strdup_printf("\n%s  ", view[i]->label);

		if (!strstr(out->str, line))
			fail_msg("no line '%s' in\n%s", view[i]->label, out->str);
	}
	g_string_free(out, TRUE);
	run_result_clear(&r);
}

/* Two runs of the FCFS example; the second has finished nothing. */
static void compare_fixture(struct run_result r[2], struct summary sum[2],
			    struct compare_entry e[2])
{
	fcfs_textbook(&r[0]);
	init_result(&r[1], "fcfs-textbook", 1);
	add_task(&r[1], "P1", 0, 0, SIM_TIME_NONE, 5 * SIM_MS, 0, 0, 0);
	r[1].end = r[1].makespan = 5 * SIM_MS;
	for (int i = 0; i < 2; i++) {
		summary_compute(&r[i], &sum[i]);
		e[i] = (struct compare_entry){ i ? "none" : "fcfs", &r[i], &sum[i], NULL, NULL };
	}
}

static void test_every_compare_metric_is_a_csv_column_and_a_json_key(void **state)
{
	const struct summary_field *view[SUMMARY_MAX_FIELDS];
	unsigned n = summary_view(SUMMARY_VIEW_COMPARE, view);
	struct run_result r[2];
	struct summary sum[2];
	struct compare_entry e[2];
	GString *csv = g_string_new(NULL), *json = g_string_new(NULL);
	g_auto(GStrv) lines = NULL, header = NULL;
	struct jr j;

	compare_fixture(r, sum, e);
	compare_csv("policy", e, 2, csv);
	compare_json("policy", "policies", e, 2, json);
	lines = g_strsplit(csv->str, "\n", -1);
	header = g_strsplit(lines[0], ",", -1);
	assert_int_equal(g_strv_length(header), n + 1);
	assert_string_equal(header[0], "policy");
	jr_parse(&j, json->str);
	for (unsigned i = 0; i < n; i++) {
		g_autofree char *path = g_strdup_printf("policies[].%s", view[i]->key);

		assert_string_equal(header[i + 1], view[i]->key);
		if (!view[i]->not_json)
			assert_non_null(jr_get(&j, path));
	}
	/* what does not exist is empty in CSV, null in JSON */
	assert_string_equal(lines[2], "none,0,1,5000000,,,,,0.000000,0,,false");
	assert_non_null(strstr(json->str, "\"avg_turnaround_ns\": null"));
	assert_non_null(strstr(json->str, "\"avg_turnaround_ns\": 27000000"));
	jr_release(&j);
	g_string_free(csv, TRUE);
	g_string_free(json, TRUE);
	run_result_clear(&r[0]);
	run_result_clear(&r[1]);
}

static void test_compare_table_lines_up_its_columns_under_their_units(void **state)
{
	struct run_result r[2];
	struct summary sum[2];
	struct compare_entry e[2];
	GString *out = g_string_new(NULL);

	compare_fixture(r, sum, e);
	compare_table("policy", e, 2, out);
	assert_string_equal(
		out->str,
		"scenario fcfs-textbook  model teaching  seed 1  cpus 1  tasks 3\n\n"
		"policy  turnaround     waiting    response  normalized  throughput  switches  "
		"completed\n"
		"              (ms)        (ms)        (ms)                    (/s)\n"
		"fcfs         27.00       17.00       17.00        6.67      100.00         3     "
		"3 of 3\n"
		"none             -           -           -           -        0.00         0     "
		"0 of 1\n");
	g_string_free(out, TRUE);
	run_result_clear(&r[0]);
	run_result_clear(&r[1]);
}

/* ------------------------------------------------------------- outputs */

static void test_outputs_without_any_give_no_sink_and_no_text(void **state)
{
	struct outputs *o = outputs_new();
	struct run_result r;
	GString *out = g_string_new(NULL), *notes = g_string_new(NULL);

	fcfs_textbook(&r);
	assert_null(outputs_sink(o));
	assert_true(outputs_finish(o, &r, notes, NULL));
	outputs_render(o, &r, out);
	assert_string_equal(out->str, "");
	assert_string_equal(notes->str, "");
	outputs_free(o);
	g_string_free(out, TRUE);
	g_string_free(notes, TRUE);
	run_result_clear(&r);
}

static void test_outputs_fan_records_to_explain_and_gantt_and_render_both(void **state)
{
	struct outputs *o = outputs_new();
	const struct record_sink *s;
	struct run_result r;
	GString *out = g_string_new(NULL);

	fcfs_textbook(&r);
	outputs_add_explain(o, SIM_MS);
	outputs_add_gantt(o, r.ntasks, 1, SIM_MS);
	s = outputs_sink(o);
	assert_non_null(s);
	assert_true(s->want_why); /* explain asks for reasons */
	emit((struct record_sink *)s, 0, REC_DISPATCH, 0, 0, "P1", 0, "fcfs: first come");
	emit((struct record_sink *)s, 24 * SIM_MS, REC_EXIT, 0, 0, "P1", 0, NULL);
	emit((struct record_sink *)s, 24 * SIM_MS, REC_DISPATCH, 0, 1, "P2", 0, NULL);
	emit((struct record_sink *)s, 27 * SIM_MS, REC_EXIT, 0, 1, "P2", 0, NULL);
	emit((struct record_sink *)s, 27 * SIM_MS, REC_DISPATCH, 0, 2, "P3", 0, NULL);
	emit((struct record_sink *)s, 30 * SIM_MS, REC_EXIT, 0, 2, "P3", 0, NULL);
	outputs_render(o, &r, out);
	if (getenv("SHOW"))
		fputs(out->str, stderr);
	/* the explanation, a blank line, then the chart */
	assert_string_equal(out->str,
			    "    0.00 ms  cpu0  dispatch  P1            fcfs: first come\n"
			    "   24.00 ms  cpu0  exit      P1\n"
			    "   24.00 ms  cpu0  dispatch  P2\n"
			    "   27.00 ms  cpu0  exit      P2\n"
			    "   27.00 ms  cpu0  dispatch  P3\n"
			    "   30.00 ms  cpu0  exit      P3\n"
			    "\n"
			    "cpu0 |P1                      |P2 |P3 |\n"
			    "     0                        24  27  30 ms\n");
	outputs_free(o);
	g_string_free(out, TRUE);
	run_result_clear(&r);
}

static void test_outputs_gantt_of_too_many_tasks_is_a_note(void **state)
{
	struct outputs *o = outputs_new();
	struct run_result r;
	GString *out = g_string_new(NULL);

	init_result(&r, "many", 1);
	for (int i = 0; i <= GANTT_MAX_TASKS; i++)
		add_task(&r, "T", 0, SIM_TIME_NONE, SIM_TIME_NONE, 0, 0, 0, 0);
	outputs_add_gantt(o, r.ntasks, 1, SIM_MS);
	assert_null(outputs_sink(o)); /* nothing is collected for a chart that cannot be drawn */
	outputs_render(o, &r, out);
	assert_string_equal(out->str, "gantt: 61 tasks is more than the 60 a chart can show; use "
				      "--format csv for all the figures\n");
	outputs_free(o);
	g_string_free(out, TRUE);
	run_result_clear(&r);
}

static void test_outputs_trace_is_written_by_finish_only(void **state)
{
	g_autofree char *dir = g_dir_make_tmp("schedlab-outputs-XXXXXX", NULL);
	g_autofree char *path = g_build_filename(dir, "t.json", NULL);
	struct trace_info info = { "s", "fcfs", "teaching", 1, 1 };
	struct outputs *o = outputs_new();
	struct run_result r;
	GString *notes = g_string_new(NULL);
	g_autoptr(GError) err = NULL;

	fcfs_textbook(&r);
	assert_true(outputs_add_trace(o, path, &info, &err));
	assert_non_null(outputs_sink(o));
	assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
	assert_true(outputs_finish(o, &r, notes, &err));
	assert_true(g_file_test(path, G_FILE_TEST_EXISTS));
	outputs_free(o);
	g_unlink(path);
	g_rmdir(dir);
	g_string_free(notes, TRUE);
	run_result_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_metric_views_are_numbered_from_1_without_gaps_or_repeats),
		cmocka_unit_test(test_metric_keys_are_unique_and_every_table_line_has_a_label),
		cmocka_unit_test(test_every_metric_of_the_table_is_in_the_run_json),
		cmocka_unit_test(test_every_metric_of_the_table_view_is_a_line_of_the_table),
		cmocka_unit_test(test_every_compare_metric_is_a_csv_column_and_a_json_key),
		cmocka_unit_test(test_compare_table_lines_up_its_columns_under_their_units),
		cmocka_unit_test(test_outputs_without_any_give_no_sink_and_no_text),
		cmocka_unit_test(test_outputs_fan_records_to_explain_and_gantt_and_render_both),
		cmocka_unit_test(test_outputs_gantt_of_too_many_tasks_is_a_note),
		cmocka_unit_test(test_outputs_trace_is_written_by_finish_only),
		cmocka_unit_test(test_record_kind_names_are_the_documented_words),
		cmocka_unit_test(test_tee_fans_out_and_wants_reasons_if_any_sink_does),
		cmocka_unit_test(test_run_result_clear_frees_everything_and_zeroes),
		cmocka_unit_test(test_histogram_is_exact_below_128),
		cmocka_unit_test(test_histogram_percentiles_of_1_to_100000_are_within_1_in_128),
		cmocka_unit_test(test_histogram_returns_a_recorded_sample_and_the_exact_max),
		cmocka_unit_test(test_histogram_holds_the_rows_it_uses_and_copies_them),
		cmocka_unit_test(test_summary_of_fcfs_textbook),
		cmocka_unit_test(test_summary_averages_over_completed_tasks_only),
		cmocka_unit_test(test_format_time_rounds_to_hundredths_of_the_unit),
		cmocka_unit_test(test_times_near_the_end_of_time),
		cmocka_unit_test(test_table_of_fcfs_textbook_is_exact),
		cmocka_unit_test(test_table_shows_dashes_for_what_did_not_happen),
		cmocka_unit_test(test_table_shows_at_most_100_rows_then_a_note),
		cmocka_unit_test(test_csv_has_the_header_and_one_row_per_task),
		cmocka_unit_test(test_csv_leaves_missing_values_empty_and_quotes_names),
		cmocka_unit_test(test_json_has_every_contract_key_in_order),
		cmocka_unit_test(test_json_fcfs_average_waiting_is_17000000_ns),
		cmocka_unit_test(test_json_is_null_for_unfinished_and_never_run_tasks),
		cmocka_unit_test(test_json_escapes_quotes_backslashes_and_control_characters),
		cmocka_unit_test(test_gantt_draws_the_fcfs_textbook_chart),
		cmocka_unit_test(test_gantt_draws_the_rr_textbook_chart),
		cmocka_unit_test(test_gantt_magnifies_a_small_chart_and_shows_idle_time),
		cmocka_unit_test(test_gantt_keeps_short_runs_visible_and_labels_apart),
		cmocka_unit_test(test_gantt_uses_symbols_and_a_legend_when_names_do_not_fit),
		cmocka_unit_test(test_gantt_drops_labels_that_would_touch_but_keeps_the_end),
		cmocka_unit_test(test_gantt_lanes_of_two_cpus_share_one_axis),
		cmocka_unit_test(test_gantt_samples_a_run_with_too_many_boundaries),
		cmocka_unit_test(test_gantt_sampled_axis_ends_with_the_end),
		cmocka_unit_test(test_gantt_sampled_names_a_task_in_no_column),
		cmocka_unit_test(test_gantt_refuses_more_than_60_tasks),
		cmocka_unit_test(test_explain_writes_one_aligned_line_per_record),
		cmocka_unit_test(test_explain_says_which_timed_block_a_wake_up_ends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
