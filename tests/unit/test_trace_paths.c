/*
 * test_trace_paths.c - the trace's shortcuts per record give what the long
 * ways give: a record's name with its length (as the core hands it, and
 * measured when a record made by hand leaves it out), the tracker's span
 * by reference (what run_tracker_feed copies), a name's JSON plainness
 * tested a word at a time (as the byte table says), and timestamps written
 * from the high digits kept from the one before, in any order.
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
#include "report/report.h"
#include "report/runs.h"
#include "report/trace.h"
#include "simtest.h"

/* ------------------------------------------------------------ names */

struct name_check {
	uint64_t named; /* records with a task name */
};

static void check_name_len(void *ctx, const struct record *r)
{
	struct name_check *c = ctx;

	if (!r->task_name) {
		assert_int_equal(r->task_name_len, 0);
		return;
	}
	assert_int_equal(r->task_name_len, strlen(r->task_name));
	c->named++;
}

static void test_records_of_a_run_carry_their_names_length(void **state)
{
	static const char *const files[] = {
		"scenarios/showcase.ini",
		"tests/golden/eventloop-coroutines.ini",
		"scenarios/sync/producer-consumer.ini",
	};
	static const char text[] =
		"[scenario]\ncpus = 3\npolicy = rr\n[rr]\nquantum = 1\n[task P]\nburst = 5\n"
		"[group g234567890123456789012345678901234567890123456789012345678901]\n"
		"count = 12\nprogram = cpu 3; io 1; cpu 2\n";
	struct name_check c = { 0 };
	struct record_sink sink = { .emit = check_name_len, .ctx = &c };
	struct run_result res = { 0 };

	(void)state;
	simtest_run(NULL, text, NULL, &sink, &res);
	run_result_clear(&res);
	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		g_autofree char *path = g_build_filename(SRCDIR, files[i], NULL);

		simtest_run(path, NULL, NULL, &sink, &res);
		run_result_clear(&res);
	}
	assert_true(c.named > 100);
}

static void test_a_record_made_without_its_names_length_is_measured(void **state)
{
	struct record r = { .task_name = "clients[12]" };

	(void)state;
	assert_int_equal(record_name_len(&r), 11);
	r.task_name_len = 7; /* given: trusted */
	assert_int_equal(record_name_len(&r), 7);
	r = (struct record){ .task_name = NULL };
	assert_int_equal(record_name_len(&r), 0);
}

/* ---------------------------------------------------------- tracker */

/* Every field of two spans, the names by their text. */
static void assert_span_equal(const struct run_span *a, const struct run_span *b)
{
	assert_int_equal(a->cpu, b->cpu);
	assert_int_equal(a->task, b->task);
	assert_int_equal(a->carrier, b->carrier);
	assert_string_equal(a->name, b->name);
	assert_int_equal(a->name_len, strlen(a->name));
	assert_int_equal(a->name_len, b->name_len);
	assert_int_equal(a->start, b->start);
	assert_int_equal(a->end, b->end);
	assert_int_equal(a->switch_ns, b->switch_ns);
	assert_int_equal(a->stop, b->stop);
	assert_int_equal(a->blocked_for, b->blocked_for);
	assert_ptr_equal(a->blocked_on, b->blocked_on);
}

static void test_tracker_step_hands_the_span_that_feed_copies(void **state)
{
	static const char long_name[] = "a123456789b123456789c123456789d123456789e123456789"
					"f123456789g123456789";
	/* Names of the core's, their length given: each in a buffer of its room. */
	static const char core_d[RECORD_NAME_ROOM] = "D";
	static const char core_long[RECORD_NAME_ROOM] =
		"h123456789i123456789j123456789k123456789l123456789m123456789n12345";
	const struct record stream[] = {
		{ .time = 0,
		  .kind = REC_DISPATCH,
		  .cpu = 0,
		  .task = 0,
		  .task_name = "A",
		  .length = 5 },
		{ .time = 1, .kind = REC_DISPATCH, .cpu = 1, .task = 2, .task_name = long_name },
		{ .time = 4, .kind = REC_PREEMPT, .cpu = 0, .task = 0, .task_name = "A" },
		{ .time = 4, .kind = REC_DISPATCH, .cpu = 0, .task = 1, .task_name = NULL },
		{ .time = 7,
		  .kind = REC_BLOCK,
		  .cpu = 0,
		  .task = 1,
		  .length = 2,
		  .wait_on = "lock m" },
		{ .time = 7,
		  .kind = REC_DISPATCH,
		  .cpu = 1,
		  .task = 3,
		  .task_name = core_d,
		  .task_name_len = 1 },
		{ .time = 7, .kind = REC_DISPATCH, .cpu = 0, .task = 5, .task_name = "F" },
		{ .time = 8, .kind = REC_IDLE, .cpu = 0, .task = UINT32_MAX },
		{ .time = 9, .kind = REC_DISPATCH, .cpu = 0, .task = 0, .task_name = "A" },
		{ .time = 12, .kind = REC_EXIT, .cpu = 0, .task = 0, .task_name = "A" },
		{ .time = 13, .kind = REC_DISPATCH, .cpu = 0, .task = 4, .task_name = "E" },
		{ .time = 14,
		  .kind = REC_DISPATCH,
		  .cpu = 0,
		  .task = 6,
		  .task_name = core_long,
		  .task_name_len = 66 },
		{ .time = 15, .kind = REC_EXIT, .cpu = 0, .task = 6, .task_name = core_long },
	};
	struct run_tracker *fed = run_tracker_new(2), *stepped = run_tracker_new(2);
	struct run_span copy, end;
	const struct run_span *sp;
	int closed = 0;

	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(stream); i++) {
		bool got = run_tracker_feed(fed, &stream[i], &copy);

		sp = run_tracker_step(stepped, &stream[i]);
		assert_int_equal(got, sp != NULL);
		if (!sp)
			continue;
		closed++;
		assert_span_equal(sp, &copy);
		if (sp->task == 2)
			assert_int_equal(sp->name_len, RUN_NAME_MAX - 1); /* cut */
		if (sp->task == 6) { /* cut too, from the core's buffer */
			assert_int_equal(sp->name_len, RUN_NAME_MAX - 1);
			assert_int_equal(strncmp(sp->name, core_long, RUN_NAME_MAX - 1), 0);
		}
		if (sp->task == 1) {
			assert_string_equal(sp->name, "?");
			assert_string_equal(sp->blocked_on, "lock m");
		}
	}
	assert_int_equal(closed, 7);
	while (run_tracker_close_next(fed, 20, &copy)) {
		assert_true(run_tracker_close_next(stepped, 20, &end));
		assert_span_equal(&end, &copy);
		assert_int_equal(copy.task, 3); /* only D is left open, on CPU 1 */
		assert_string_equal(copy.name, "D");
		closed++;
	}
	assert_false(run_tracker_close_next(stepped, 20, &end));
	assert_int_equal(closed, 8);
	run_tracker_free(fed);
	run_tracker_free(stepped);
}

/* ------------------------------------------------------- plain words */

static bool plain_by_table(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!fmt_json_plain[(unsigned char)s[i]])
			return false;
	return true;
}

static void test_plain_words_agree_with_the_table_for_every_byte_everywhere(void **state)
{
	char buf[40];

	(void)state;
	/* each byte value at each place of names of 1 to 24 bytes, filler after */
	for (size_t n = 1; n <= 24; n++) {
		for (size_t at = 0; at < n; at++) {
			for (int b = 0; b < 256; b++) {
				memset(buf, 'x', sizeof(buf));
				buf[at] = (char)b;
				memcpy(buf + n, "________", 8);
				assert_int_equal(fmt_plain_words(buf, n), plain_by_table(buf, n));
			}
		}
	}
	/* two bytes side by side: no borrow or carry crosses from one to the other */
	for (int a = 0; a < 256; a++) {
		for (int b = 0; b < 256; b++) {
			memset(buf, 'x', sizeof(buf));
			buf[3] = (char)a;
			buf[4] = (char)b;
			assert_int_equal(fmt_plain_words(buf, 8), plain_by_table(buf, 8));
		}
	}
	/* nothing: the filler's word */
	memcpy(buf, "________", 8);
	assert_true(fmt_plain_words(buf, 0));
}

/* -------------------------------------------------------- timestamps */

static void test_timestamps_in_any_order_are_written_whole(void **state)
{
	/* across the 10 ms steps of the kept high digits, back and forth */
	static const sim_time_t at[] = { 0,	   999,	      9999999,	      10000000,	   10000001,
					 19999999, 20000000,  123456789012,   10000000,	   5,
					 99999999, 100000000, 99999999999999, 123456789012 };
	g_autofree char *dir = g_dir_make_tmp("schedlab-paths-XXXXXX", NULL);
	g_autofree char *path = g_build_filename(dir, "t.json", NULL);
	struct trace_info info = { .scenario = "s", .policy = "rr", .model = "m", .ncpus = 1 };
	struct trace *t = trace_new(path, &info, NULL);
	struct record_sink sink;
	g_autofree char *text = NULL;
	const char *p;

	(void)state;
	assert_non_null(t);
	sink = trace_sink(t);
	for (size_t i = 0; i < G_N_ELEMENTS(at); i++) {
		struct record r = { .time = at[i],
				    .kind = REC_DISPATCH,
				    .cpu = 0,
				    .task = (uint32_t)i,
				    .task_name = "w" };

		sink.emit(sink.ctx, &r);
		r.kind = REC_EXPIRE;
		sink.emit(sink.ctx, &r);
	}
	assert_true(trace_finish(t, 0, NULL));
	trace_free(t);
	assert_true(g_file_get_contents(path, &text, NULL, NULL));
	p = text;
	for (size_t i = 0; i < G_N_ELEMENTS(at); i++) {
		char want[64];

		/* microseconds, and three decimals only when they are not all 0 */
		if (at[i] % 1000)
			g_snprintf(want, sizeof(want),
				   "\"ts\":%" PRId64 ".%03" PRId64 ",\"dur\":0,", at[i] / 1000,
				   at[i] % 1000);
		else
			g_snprintf(want, sizeof(want), "\"ts\":%" PRId64 ",\"dur\":0,",
				   at[i] / 1000);
		p = strstr(p, want);
		assert_non_null(p);
	}
	g_unlink(path);
	g_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records_of_a_run_carry_their_names_length),
		cmocka_unit_test(test_a_record_made_without_its_names_length_is_measured),
		cmocka_unit_test(test_tracker_step_hands_the_span_that_feed_copies),
		cmocka_unit_test(test_plain_words_agree_with_the_table_for_every_byte_everywhere),
		cmocka_unit_test(test_timestamps_in_any_order_are_written_whole),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
