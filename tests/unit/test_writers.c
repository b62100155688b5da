/*
 * test_writers.c - the writers' fast paths give the bytes of the slow ones:
 * integers through the cursor as printf prints them, strings in place as
 * fmt_json_string escapes them, a jw_record object as jw writes it member by
 * member, a tee of one sink as the tee of several, the run tracker's names
 * after the interval that closed reopens its lane, and the trace's text of
 * each event kind.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <glib/gstdio.h>

#include "report/fmt.h"
#include "report/jw.h"
#include "report/report.h"
#include "report/runs.h"
#include "report/trace.h"

/* ---------------------------------------------------------- integers */

static void check_u64(uint64_t v)
{
	char buf[FMT_INT_MAX + 1], want[32];
	char *end = fmt_put_u64(buf, v);

	*end = '\0';
	g_snprintf(want, sizeof(want), "%" PRIu64, v);
	assert_string_equal(buf, want);
	assert_int_equal(fmt_ndigits(v), strlen(want));
}

static void check_i64(int64_t v)
{
	char buf[FMT_INT_MAX + 1], want[32];
	GString *s = g_string_new("x");

	*fmt_put_i64(buf, v) = '\0';
	g_snprintf(want, sizeof(want), "%" PRId64, v);
	assert_string_equal(buf, want);
	fmt_i64(s, v);
	assert_string_equal(s->str + 1, want);
	g_string_free(s, TRUE);
}

static void test_integers_are_printed_as_printf_prints_them(void **state)
{
	static const int64_t signed_edges[] = {
		INT64_MIN, INT64_MIN + 1, -1000, -100, -99, -10, -9, -1, 0, 1, INT64_MAX
	};
	uint64_t x = 0x9e3779b97f4a7c15u;

	(void)state;
	/* every power of ten and its neighbours, the 32-bit boundary, the largest */
	for (uint64_t p = 1, k = 0; k < 20; k++, p *= 10)
		for (uint64_t d = 0; d < 3; d++) {
			check_u64(p + d);
			check_u64(p - d);
		}
	check_u64(UINT32_MAX);
	check_u64((uint64_t)UINT32_MAX + 1);
	check_u64(UINT64_MAX);
	for (size_t i = 0; i < G_N_ELEMENTS(signed_edges); i++)
		check_i64(signed_edges[i]);
	/* and values of every length (xorshift, shifted by a varying amount) */
	for (int i = 0; i < 100000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		check_u64(x >> (x & 63));
	}
}

/* ----------------------------------------------------------- strings */

static void check_json(const char *str)
{
	GString *slow = g_string_new("["), *fast = g_string_new("[");
	char *d;

	fmt_json_string(slow, str);
	g_string_append_c(slow, ']');
	d = fmt_put_json(fast, fmt_reserve(fast, FMT_JSON_ROOM + 2), str, 2);
	fmt_commit(fast, FMT_PUT_LIT(d, "]"));
	assert_string_equal(fast->str, slow->str);
	if (str) { /* and with its length given */
		g_string_assign(fast, "[");
		d = fmt_put_json_len(fast, fmt_reserve(fast, FMT_JSON_ROOM + 8 + 2), str,
				     strlen(str), 2);
		fmt_commit(fast, FMT_PUT_LIT(d, "]"));
		assert_string_equal(fast->str, slow->str);
	}
	g_string_free(slow, TRUE);
	g_string_free(fast, TRUE);
}

/* fmt_plain_prefix and fmt_plain_words against fmt_json_plain, byte by byte. */
static void test_plain_tests_in_words_agree_with_the_table(void **state)
{
	char buf[80];

	(void)state;
	for (size_t n = 0; n <= 64; n++) {
		for (size_t bad = 0; bad <= n; bad++) { /* bad == n: none */
			for (unsigned c = 0; c < 256; c += 7) {
				bool plain = true;

				memset(buf, 'p', n);
				memset(buf + n, '"', sizeof(buf) - n); /* past the end: ignored */
				if (bad < n)
					buf[bad] = (char)c;
				for (size_t i = 0; i < n; i++)
					plain = plain && fmt_json_plain[(unsigned char)buf[i]];
				assert_int_equal(fmt_plain_prefix(buf, n), plain);
				memset(buf + n, '_', 8);
				assert_int_equal(fmt_plain_words(buf, n), plain);
				if (bad == n)
					break;
			}
		}
	}
}

static void test_strings_in_place_are_escaped_as_fmt_json_string_does(void **state)
{
	char at[FMT_INLINE_MAX + 2];

	(void)state;
	for (unsigned c = 0; c < 256; c++)
		assert_int_equal(fmt_json_plain[c], c >= 0x20 && c < 0x7f && c != '"' && c != '\\');
	check_json(NULL);
	check_json("");
	check_json("w[42]");
	check_json("a \"quoted\" \\ name");
	check_json("tab\there, newline\n, DEL\x7f, \x01");
	check_json("caf\xc3\xa9"); /* valid UTF-8: as it is */
	check_json("bad \xff\xfe utf-8");
	/* around the longest string copied in place, clean and with an escape last */
	for (size_t n = FMT_INLINE_MAX - 1; n <= FMT_INLINE_MAX + 1; n++) {
		memset(at, 'n', n);
		at[n] = '\0';
		check_json(at);
		at[n - 1] = '"';
		check_json(at);
	}
}

/* ----------------------------------------------------------- records */

static const char *const keys[] = { "name", "id", "time_ns" };

/* Objects {name, id, time_ns} in an array "items" inside an object, as jw writes them. */
static void items_by_members(GString *out, int n)
{
	struct jw w = { .out = out };

	jw_open(&w, NULL, '{');
	jw_str(&w, "before", "x");
	jw_open(&w, "items", '[');
	for (int i = 0; i < n; i++) {
		jw_open(&w, NULL, '{');
		jw_str(&w, keys[0], i % 2 ? "odd \"one\"" : "even");
		jw_uint(&w, keys[1], (uint64_t)i);
		jw_maybe(&w, keys[2], i != 1, -(int64_t)i * 1000000);
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	jw_close(&w, '}');
}

/* The same through jw_record. */
static void items_by_record(GString *out, int n)
{
	struct jw w = { .out = out };
	struct jw_record rec;

	jw_open(&w, NULL, '{');
	jw_str(&w, "before", "x");
	jw_open(&w, "items", '[');
	jw_record_init(&rec, &w, keys, G_N_ELEMENTS(keys));
	for (int i = 0; i < n; i++) {
		char *d = jw_record_begin(&w, &rec);

		d = fmt_put_json(out, jw_record_key(d, &rec, 0), i % 2 ? "odd \"one\"" : "even",
				 rec.room);
		d = fmt_put_u64(jw_record_key(d, &rec, 1), (uint64_t)i);
		d = jw_record_key(d, &rec, 2);
		d = i != 1 ? fmt_put_i64(d, -(int64_t)i * 1000000) : FMT_PUT_LIT(d, "null");
		jw_record_end(&w, &rec, d);
	}
	jw_record_clear(&rec);
	jw_close(&w, ']');
	jw_close(&w, '}');
}

static void test_jw_record_writes_the_bytes_of_jw_member_by_member(void **state)
{
	(void)state;
	for (int n = 0; n <= 3; n++) {
		GString *a = g_string_new(NULL), *b = g_string_new(NULL);

		items_by_members(a, n);
		items_by_record(b, n);
		assert_string_equal(b->str, a->str);
		g_string_free(a, TRUE);
		g_string_free(b, TRUE);
	}
}

/* Whatever flush is handed, appended: the writer's text as it went out. */
static bool collect(GString *out, void *ctx)
{
	g_string_append_len(ctx, out->str, (gssize)out->len);
	return true;
}

static void test_run_json_of_many_tasks_streams_the_bytes_it_builds_whole(void **state)
{
	struct run_result r = { 0 };
	GString *whole = g_string_new(NULL), *buf = g_string_new(NULL);
	GString *streamed = g_string_new(NULL);
	char name[32];

	(void)state;
	r.scenario = g_strdup("many");
	r.policy = g_strdup("rr");
	r.model = g_strdup("teaching");
	r.ncpus = 1;
	r.cpus = g_new0(struct cpu_result, 1);
	r.ntasks = 3000; /* a few flushes of JW_FLUSH bytes */
	r.tasks = g_new0(struct task_result, r.ntasks);
	for (uint32_t i = 0; i < r.ntasks; i++) {
		g_snprintf(name, sizeof(name), i == 7 ? "t\"%u\"" : "t[%u]", i);
		r.tasks[i] = (struct task_result){
			.name = g_strdup(name),
			.id = i,
			.kind = "thread",
			.arrival = i,
			.first_run = i % 3 ? (sim_time_t)i * 1000 : SIM_TIME_NONE,
			.completion = i % 5 ? (sim_time_t)i * 5000 : SIM_TIME_NONE,
			.cpu = i,
			.waiting = i * 2,
			.voluntary = i,
			.involuntary = UINT32_MAX - i,
		};
	}
	report_json(&r, whole);
	assert_true(report_json_stream(&r, NULL, buf, collect, streamed));
	g_string_append_len(streamed, buf->str, (gssize)buf->len);
	assert_string_equal(streamed->str, whole->str);
	assert_non_null(strstr(whole->str,
			       "\n    {\n      \"name\": \"t\\\"7\\\"\",\n      \"id\": 7,\n"
			       "      \"kind\": \"thread\",\n      \"arrival_ns\": 7,\n"));
	assert_non_null(strstr(whole->str, "\"involuntary_switches\": 4294967295\n"));
	assert_non_null(strstr(whole->str, "\"first_run_ns\": null,\n"));
	g_string_free(whole, TRUE);
	g_string_free(buf, TRUE);
	g_string_free(streamed, TRUE);
	run_result_clear(&r);
}

/* ---------------------------------------------------- tee and tracker */

struct seen {
	int n;
	const char *why; /* of the last record */
};

static void count_emit(void *ctx, const struct record *r)
{
	struct seen *s = ctx;

	s->n++;
	s->why = r->why;
}

static void test_tee_of_one_sink_strips_reasons_it_did_not_ask_for(void **state)
{
	struct seen a = { 0 };
	bool halted = false;
	struct record_tee tee = { .n = 1 };
	struct record r = { .kind = REC_DISPATCH, .cpu = 1, .task = 3, .why = "newly idle" };
	struct record m = { .kind = REC_MIGRATE, .cpu = 1, .task = 3, .why = "periodic balance" };
	struct record_sink sink;

	(void)state;
	tee.sinks[0] = (struct record_sink){ .emit = count_emit, .ctx = &a, .halt = &halted };
	sink = record_tee_sink(&tee);
	assert_false(sink.want_why);
	assert_ptr_equal(sink.halt, &halted); /* the sink's own flag stops the run */
	sink.emit(sink.ctx, &r);
	assert_int_equal(a.n, 1);
	assert_null(a.why);
	/* a migration's reason is its content: always given (record.h) */
	sink.emit(sink.ctx, &m);
	assert_int_equal(a.n, 2);
	assert_string_equal(a.why, "periodic balance");
	a.n = 1;
	tee.sinks[0].want_why = true;
	sink = record_tee_sink(&tee);
	assert_true(sink.want_why);
	sink.emit(sink.ctx, &r);
	assert_int_equal(a.n, 2);
	assert_string_equal(a.why, "newly idle");
	/* a sink that reads no reason but a migration's (the trace) is itself the sink */
	tee.sinks[0].want_why = false;
	tee.sinks[0].why_unread = true;
	sink = record_tee_sink(&tee);
	assert_false(sink.want_why);
	assert_ptr_equal(sink.ctx, &a);
	assert_ptr_equal(sink.halt, &halted);
}

static void test_tracker_keeps_the_closed_name_while_the_lane_reopens(void **state)
{
	struct run_tracker *rt = run_tracker_new(1);
	struct run_span sp;
	char name[16];
	struct record r = { .kind = REC_DISPATCH, .cpu = 0, .task = 0, .task_name = name };

	(void)state;
	strcpy(name, "first");
	assert_false(run_tracker_feed(rt, &r, &sp));
	/* the record's name is only valid during the call: the caller reuses it */
	strcpy(name, "second");
	r.task = 1;
	r.time = 5;
	assert_true(run_tracker_feed(rt, &r, &sp));
	assert_string_equal(sp.name, "first");
	assert_int_equal(sp.stop, REC_DISPATCH);
	strcpy(name, "third");
	r.task = 2;
	r.time = 9;
	assert_true(run_tracker_feed(rt, &r, &sp));
	assert_string_equal(sp.name, "second");
	assert_true(run_tracker_close_next(rt, 12, &sp));
	assert_string_equal(sp.name, "third");
	assert_int_equal(sp.end, 12);
	run_tracker_free(rt);
}

/* ------------------------------------------------------------- trace */

/* The text of a one-CPU trace of the n records r, finished at `end` (g_free). */
static char *trace_text(const struct record *r, size_t n, sim_time_t end)
{
	g_autofree char *dir = g_dir_make_tmp("schedlab-writers-XXXXXX", NULL);
	g_autofree char *path = g_build_filename(dir, "t.json", NULL);
	struct trace_info info = { .scenario = "s", .policy = "rr", .model = "m", .ncpus = 1 };
	struct trace *t = trace_new(path, &info, NULL);
	struct record_sink sink;
	char *text = NULL;

	assert_non_null(t);
	sink = trace_sink(t);
	for (size_t i = 0; i < n; i++)
		sink.emit(sink.ctx, &r[i]);
	assert_true(trace_finish(t, end, NULL));
	trace_free(t);
	assert_true(g_file_get_contents(path, &text, NULL, NULL));
	g_unlink(path);
	g_rmdir(dir);
	return text;
}

static void test_trace_writes_each_event_kind_with_its_exact_text(void **state)
{
	g_autofree char *text = NULL;
	const struct record r[] = {
		{ .time = 0, .kind = REC_ARRIVE, .cpu = -1, .task = 0, .task_name = "a\"b" },
		{ .time = 0, .kind = REC_QUEUE, .cpu = 0, .length = 1 },
		{ .time = 1, .kind = REC_QUEUE, .cpu = 0, .length = 1 }, /* the same: not written */
		{ .time = 1500,
		  .kind = REC_DISPATCH,
		  .cpu = 0,
		  .task = 0,
		  .task_name = "a\"b",
		  .length = 250 },
		{ .time = 2000000,
		  .kind = REC_BLOCK,
		  .cpu = 0,
		  .task = 0,
		  .task_name = "a\"b",
		  .length = 7,
		  .wait_on = "lock m" },
		{ .time = 3000001, .kind = REC_WAKE, .cpu = -1, .task = 0, .task_name = "a\"b" },
		{ .time = 3000001, .kind = REC_MEMORY, .cpu = -1, .length = 4096 },
		{ .time = 3000002, .kind = REC_LOAD, .cpu = 0, .length = 1024 },
	};
	static const char *const want[] = {
		"{\"name\":\"arrive a\\\"b\",\"cat\":\"arrive\",\"ph\":\"i\",\"s\":\"t\",\"pid\":1,"
		"\"tid\":1,\"ts\":0,\"args\":{\"task\":0,\"name\":\"a\\\"b\"}},\n",
		"{\"name\":\"run queue cpu0\",\"ph\":\"C\",\"pid\":1,\"ts\":0,\"args\":{"
		"\"ready\":1}},\n",
		"{\"name\":\"a\\\"b\",\"cat\":\"run\",\"ph\":\"X\",\"pid\":1,\"tid\":0,\"ts\":1."
		"500,"
		"\"dur\":1998.500,\"args\":{\"task\":0,\"stopped\":\"blocked\",\"switch_ns\":250,"
		"\"blocked_ns\":7,\"blocked_on\":\"lock m\"}},\n",
		"{\"name\":\"lock m\",\"cat\":\"wait\",\"ph\":\"b\",\"id\":0,\"pid\":1,"
		"\"ts\":2000},\n",
		"{\"name\":\"lock m\",\"cat\":\"wait\",\"ph\":\"e\",\"id\":0,\"pid\":1,"
		"\"ts\":3000.001},\n",
		"{\"name\":\"memory\",\"ph\":\"C\",\"pid\":1,\"ts\":3000.001,\"args\":{\"bytes\":"
		"4096}}",
		"{\"name\":\"load "
		"cpu0\",\"ph\":\"C\",\"pid\":1,\"ts\":3000.002,\"args\":{\"pelt\":1024}}",
	};
	const char *at;

	(void)state;
	text = trace_text(r, G_N_ELEMENTS(r), 4000000);
	at = text;
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
		const char *p = strstr(at, want[i]);

		if (!p)
			fail_msg("missing after offset %td: %s", at - text, want[i]);
		at = p + strlen(want[i]);
	}
	assert_int_equal(strstr(text, "\"ready\":1}") - text,
			 g_strrstr(text, "\"ready\":1}") - text); /* once */
}

static void test_trace_slices_of_equal_and_changed_durations(void **state)
{
	g_autofree char *text = NULL;
	/* slices of 1 ms, 1 ms, 0.5 ms, 1 ms */
	static const sim_time_t at[] = { 0, 1000000, 2000000, 2500000, 3500000 };
	struct record r[2 * (G_N_ELEMENTS(at) - 1)];
	const char *p;

	(void)state;
	for (size_t i = 0; i + 1 < G_N_ELEMENTS(at); i++) {
		r[2 * i] = (struct record){
			.time = at[i], .kind = REC_DISPATCH, .task = (uint32_t)i, .task_name = "w"
		};
		r[2 * i + 1] = r[2 * i];
		r[2 * i + 1].time = at[i + 1];
		r[2 * i + 1].kind = REC_EXPIRE;
	}
	text = trace_text(r, G_N_ELEMENTS(r), at[G_N_ELEMENTS(at) - 1]);
	p = text;
	for (size_t i = 0; i < 4; i++) {
		/* whole microseconds: no decimals */
		static const char *const dur[] = { "\"ts\":0,\"dur\":1000,",
						   "\"ts\":1000,\"dur\":1000,",
						   "\"ts\":2000,\"dur\":500,",
						   "\"ts\":2500,\"dur\":1000," };

		p = strstr(p, dur[i]);
		assert_non_null(p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers_are_printed_as_printf_prints_them),
		cmocka_unit_test(test_strings_in_place_are_escaped_as_fmt_json_string_does),
		cmocka_unit_test(test_plain_tests_in_words_agree_with_the_table),
		cmocka_unit_test(test_jw_record_writes_the_bytes_of_jw_member_by_member),
		cmocka_unit_test(test_run_json_of_many_tasks_streams_the_bytes_it_builds_whole),
		cmocka_unit_test(test_tee_of_one_sink_strips_reasons_it_did_not_ask_for),
		cmocka_unit_test(test_tracker_keeps_the_closed_name_while_the_lane_reopens),
		cmocka_unit_test(test_trace_writes_each_event_kind_with_its_exact_text),
		cmocka_unit_test(test_trace_slices_of_equal_and_changed_durations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
