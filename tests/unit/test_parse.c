/*
 * test_parse.c - the value syntax of scenario files: durations, sizes,
 * numbers, names, distributions, programs and arrivals, each with its
 * errors (whole fragments, as the user reads them after "FILE:LINE: [g] k: ").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <glib/gstdio.h>

#include "base/units.h"
#include "scenario/parse.h"

#define US    SIM_US
#define MS    SIM_MS
#define S     SIM_S
#define LIMIT DIST_MAX_DRAW

/* ------------------------------------------------------------ helpers */

static sim_time_t dur_ok(const char *text, sim_time_t unit)
{
	GString *msg = g_string_new(NULL);
	sim_time_t v = -1;

	if (!parse_duration(text, unit, LIMIT, 0, &v, msg))
		fail_msg("'%s': %s", text, msg->str);
	g_string_free(msg, TRUE);
	return v;
}

/* The error message of a duration that must fail. */
static char *dur_err(const char *text, sim_time_t unit, sim_time_t max, unsigned flags)
{
	GString *msg = g_string_new(NULL);
	sim_time_t v;

	if (parse_duration(text, unit, max, flags, &v, msg))
		fail_msg("'%s' parsed as %" G_GINT64_FORMAT, text, v);
	return g_string_free(msg, FALSE);
}

#define assert_dur_err(text, unit, max, flags, expected)                                           \
	do {                                                                                       \
		char *m_ = dur_err(text, unit, max, flags);                                        \
		assert_string_equal(m_, expected);                                                 \
		g_free(m_);                                                                        \
	} while (0)

static uint64_t size_ok(const char *text)
{
	GString *msg = g_string_new(NULL);
	uint64_t v = 0;

	if (!parse_size(text, UINT64_MAX, &v, msg))
		fail_msg("'%s': %s", text, msg->str);
	g_string_free(msg, TRUE);
	return v;
}

static void assert_size_err(const char *text, uint64_t max, const char *expected)
{
	GString *msg = g_string_new(NULL);
	uint64_t v;

	assert_false(parse_size(text, max, &v, msg));
	assert_string_equal(msg->str, expected);
	g_string_free(msg, TRUE);
}

static struct dist dist_ok(const char *text, unsigned flags)
{
	GString *msg = g_string_new(NULL);
	struct dist d = { 0 };

	if (!parse_dist(text, MS, flags, &d, msg))
		fail_msg("'%s': %s", text, msg->str);
	g_string_free(msg, TRUE);
	return d;
}

static void assert_dist_err(const char *text, unsigned flags, const char *expected)
{
	GString *msg = g_string_new(NULL);
	struct dist d;

	assert_false(parse_dist(text, MS, flags, &d, msg));
	assert_string_equal(msg->str, expected);
	g_string_free(msg, TRUE);
}

static void prog_ok(const char *text, struct program *p)
{
	GString *msg = g_string_new(NULL);

	if (!parse_program(text, MS, p, msg))
		fail_msg("'%s': %s", text, msg->str);
	g_string_free(msg, TRUE);
}

static void assert_prog_err(const char *text, const char *expected)
{
	GString *msg = g_string_new(NULL);
	struct program p;

	assert_false(parse_program(text, MS, &p, msg));
	assert_string_equal(msg->str, expected);
	assert_null(p.ops);
	assert_int_equal(p.len, 0);
	g_string_free(msg, TRUE);
}

static struct arrival arrival_ok(const char *text, const char *base_dir)
{
	GString *msg = g_string_new(NULL);
	struct arrival a;
	bool whole;

	if (!parse_arrival(text, MS, base_dir, &a, msg, &whole))
		fail_msg("'%s': %s", text, msg->str);
	g_string_free(msg, TRUE);
	return a;
}

static void assert_arrival_err(const char *text, const char *base_dir, bool want_whole,
			       const char *expected)
{
	GString *msg = g_string_new(NULL);
	struct arrival a;
	bool whole;

	assert_false(parse_arrival(text, MS, base_dir, &a, msg, &whole));
	assert_string_equal(msg->str, expected);
	assert_int_equal(whole, want_whole);
	g_string_free(msg, TRUE);
}

/* ----------------------------------------------------------- durations */

static void test_duration_units_and_bare_numbers(void **state)
{
	assert_int_equal(dur_ok("24", MS), 24 * MS);
	assert_int_equal(dur_ok("24", US), 24 * US);
	assert_int_equal(dur_ok("24", S), 24 * S);
	assert_int_equal(dur_ok("7ns", MS), 7);
	assert_int_equal(dur_ok("1.5us", MS), 1500);
	assert_int_equal(dur_ok("3ms", SIM_NS), 3 * MS);
	assert_int_equal(dur_ok("2s", MS), 2 * S);
	assert_int_equal(dur_ok("5 ms", SIM_NS), 5 * MS);
	assert_int_equal(dur_ok("  9us\t", MS), 9 * US);
	assert_int_equal(dur_ok("4\xc2\xb5s", MS), 4 * US);
	assert_int_equal(dur_ok("0", MS), 0);
}

static void test_duration_decimals_and_exponents_are_exact(void **state)
{
	assert_int_equal(dur_ok("0.4", MS), 400 * US);
	assert_int_equal(dur_ok(".5s", MS), 500 * MS);
	assert_int_equal(dur_ok("5.", MS), 5 * MS);
	assert_int_equal(dur_ok("0.1ms", MS), 100000);
	assert_int_equal(dur_ok("1.000000001s", MS), 1000000001);
	assert_int_equal(dur_ok("2e3ms", MS), 2 * S);
	assert_int_equal(dur_ok("2E3", US), 2 * MS);
	assert_int_equal(dur_ok("1e-3s", MS), 1 * MS);
	assert_int_equal(dur_ok("1.5e+2us", MS), 150 * US);
	assert_int_equal(dur_ok("250e-9s", MS), 250);
	assert_int_equal(dur_ok("0.000000000000000000000000000e5", MS), 0);
	assert_int_equal(dur_ok("1000000s", MS), LIMIT);
	assert_int_equal(dur_ok("00000000000000000000000000012ns", MS), 12);
}

static void test_duration_errors(void **state)
{
	assert_dur_err("", MS, LIMIT, 0, "missing value: expected a duration such as 5ms");
	assert_dur_err("abc", MS, LIMIT, 0,
		       "'abc' is not a duration: expected a number with an optional unit ns, us, "
		       "ms or s");
	assert_dur_err("5 ms x", MS, LIMIT, 0,
		       "'5 ms x' is not a duration: expected a number with an optional unit ns, "
		       "us, ms or s");
	assert_dur_err("5sec", MS, LIMIT, 0, "unknown unit 'sec' in '5sec': use ns, us, ms or s");
	assert_dur_err("5MS", MS, LIMIT, 0,
		       "unknown unit 'MS' in '5MS' (did you mean 'ms'?): use ns, us, ms or s");
	assert_dur_err("-5", MS, LIMIT, 0, "must not be negative, got -5");
	assert_dur_err("-1e30s", MS, LIMIT, 0, "must not be negative, got -1e30s");
	assert_dur_err("0", MS, LIMIT, PARSE_POSITIVE, "must be positive, got 0");
	assert_dur_err("0.0ms", MS, LIMIT, PARSE_POSITIVE, "must be positive, got 0.0ms");
	assert_dur_err("1e30s", MS, LIMIT, 0,
		       "too large: '1e30s' is more than the limit of 1000000 s");
	assert_dur_err("1000001s", MS, LIMIT, 0,
		       "too large: '1000001s' is more than the limit of 1000000 s");
	assert_dur_err("99999999999999999999999999ns", MS, LIMIT, 0,
		       "too large: '99999999999999999999999999ns' is more than the limit of "
		       "1000000 s");
	assert_dur_err("11ms", MS, 10 * MS, 0, "too large: '11ms' is more than the limit of 10 ms");
	assert_dur_err("1.5ns", MS, LIMIT, 0,
		       "'1.5ns' is finer than 1 ns: durations are whole nanoseconds");
	assert_dur_err("0.0000000001", S, LIMIT, 0,
		       "'0.0000000001' is finer than 1 ns: durations are whole nanoseconds");
	assert_dur_err("1e-99999999999s", MS, LIMIT, 0,
		       "'1e-99999999999s' is finer than 1 ns: durations are whole nanoseconds");
	assert_dur_err("0.1234567890123456789012345s", MS, LIMIT, 0,
		       "'0.1234567890123456789012345s' is finer than 1 ns: durations are whole "
		       "nanoseconds");
}

static void test_time_unit(void **state)
{
	GString *msg = g_string_new(NULL);
	sim_time_t u;

	assert_true(parse_time_unit("us", &u, msg));
	assert_int_equal(u, US);
	assert_true(parse_time_unit(" s ", &u, msg));
	assert_int_equal(u, S);
	assert_false(parse_time_unit("sec", &u, msg));
	assert_string_equal(msg->str, "unknown unit 'sec': use ns, us, ms or s");
	g_string_truncate(msg, 0);
	assert_false(parse_time_unit("msec", &u, msg));
	assert_string_equal(msg->str, "unknown unit 'msec': use ns, us, ms or s");
	g_string_free(msg, TRUE);
}

/* -------------------------------------------------------------- sizes */

static void test_sizes(void **state)
{
	assert_int_equal(size_ok("64"), 64);
	assert_int_equal(size_ok("64B"), 64);
	assert_int_equal(size_ok("4KiB"), 4096);
	assert_int_equal(size_ok("1.5MiB"), 1572864);
	assert_int_equal(size_ok("2 GiB"), (uint64_t)2 << 30);
	assert_int_equal(size_ok("1TiB"), (uint64_t)1 << 40);
	assert_int_equal(size_ok("4KB"), 4000);
	assert_int_equal(size_ok("4kb"), 4000);
	assert_int_equal(size_ok("2.5MB"), 2500000);
	assert_int_equal(size_ok("3GB"), 3000000000ull);
	assert_int_equal(size_ok("1TB"), 1000000000000ull);
	assert_int_equal(size_ok("1e3KiB"), 1024000);
	assert_int_equal(size_ok("0.25KiB"), 256);
	assert_int_equal(size_ok("18446744073709551615"), UINT64_MAX);
}

static void test_size_errors(void **state)
{
	assert_size_err("", UINT64_MAX, "missing value: expected a size such as 64KiB");
	assert_size_err("0.5B", UINT64_MAX, "'0.5B' is not a whole number of bytes");
	assert_size_err("0.1KiB", UINT64_MAX, "'0.1KiB' is not a whole number of bytes");
	assert_size_err("-1KiB", UINT64_MAX, "must not be negative, got -1KiB");
	assert_size_err("5XB", UINT64_MAX,
			"unknown unit 'XB' in '5XB': use B, KiB, MiB, GiB, "
			"TiB, KB, MB, GB or TB");
	assert_size_err(
		"5 apples", UINT64_MAX,
		"unknown unit 'apples' in '5 apples': use B, KiB, MiB, GiB, TiB, KB, MB, GB "
		"or TB");
	assert_size_err("5 K-B", UINT64_MAX,
			"'5 K-B' is not a size: expected a number with an optional unit B, KiB, "
			"MiB, GiB, TiB, KB, MB, GB or TB");
	assert_size_err("18446744073709551616", UINT64_MAX,
			"too large: '18446744073709551616' is more than the limit of "
			"18446744073709551615 B");
	assert_size_err(
		"20000000TiB", UINT64_MAX,
		"too large: '20000000TiB' is more than the limit of 18446744073709551615 B");
	assert_size_err("2TiB", (uint64_t)1 << 40,
			"too large: '2TiB' is more than the limit of 1 TiB");
}

/* ------------------------------------------------- numbers, bools, names */

static void test_whole_numbers(void **state)
{
	GString *msg = g_string_new(NULL);
	uint64_t u;
	int64_t s;

	assert_true(parse_uint("42", 0, 100, &u, msg));
	assert_int_equal(u, 42);
	assert_true(parse_uint("1e6", 1, 10000000, &u, msg));
	assert_int_equal(u, 1000000);
	assert_true(parse_uint("18446744073709551615", 0, UINT64_MAX, &u, msg));
	assert_int_equal(u, UINT64_MAX);
	assert_false(parse_uint("18446744073709551616", 0, UINT64_MAX, &u, msg));
	assert_string_equal(msg->str,
			    "must be at most 18446744073709551615, got 18446744073709551616");
	g_string_truncate(msg, 0);
	assert_false(parse_uint("1.5", 0, 100, &u, msg));
	assert_string_equal(msg->str, "'1.5' is not a whole number");
	g_string_truncate(msg, 0);
	assert_false(parse_uint("0", 1, 100, &u, msg));
	assert_string_equal(msg->str, "must be at least 1, got 0");
	g_string_truncate(msg, 0);
	assert_false(parse_uint("-3", 0, 100, &u, msg));
	assert_string_equal(msg->str, "must not be negative, got -3");
	g_string_truncate(msg, 0);
	assert_false(parse_uint("12x", 0, 100, &u, msg));
	assert_string_equal(msg->str, "'12x' is not a whole number");
	g_string_truncate(msg, 0);
	assert_false(parse_uint("", 0, 100, &u, msg));
	assert_string_equal(msg->str, "missing value: expected a whole number");
	g_string_truncate(msg, 0);

	assert_true(parse_int("-20", -20, 19, &s, msg));
	assert_int_equal(s, -20);
	assert_true(parse_int("-9223372036854775808", INT64_MIN, INT64_MAX, &s, msg));
	assert_true(s == INT64_MIN);
	assert_false(parse_int("-21", -20, 19, &s, msg));
	assert_string_equal(msg->str, "must be at least -20, got -21");
	g_string_truncate(msg, 0);
	assert_false(parse_int("20", -20, 19, &s, msg));
	assert_string_equal(msg->str, "must be at most 19, got 20");
	g_string_truncate(msg, 0);
	assert_false(parse_int("-9223372036854775809", INT64_MIN, INT64_MAX, &s, msg));
	assert_string_equal(msg->str,
			    "must be at least -9223372036854775808, got -9223372036854775809");
	g_string_free(msg, TRUE);
}

static void test_bools_and_doubles(void **state)
{
	GString *msg = g_string_new(NULL);
	bool b;
	double d;

	assert_true(parse_bool("true", &b, msg) && b);
	assert_true(parse_bool("No", &b, msg) && !b);
	assert_true(parse_bool("1", &b, msg) && b);
	assert_true(parse_bool(" 0 ", &b, msg) && !b);
	assert_false(parse_bool("treu", &b, msg));
	assert_string_equal(msg->str, "'treu' is not a boolean (did you mean 'true'?): use true or "
				      "false");
	g_string_truncate(msg, 0);
	assert_true(parse_double("1.5", &d, msg));
	assert_true(d == 1.5);
	assert_true(parse_double("2e-3", &d, msg));
	assert_true(d == 0.002);
	assert_false(parse_double("1.5ms", &d, msg));
	assert_string_equal(msg->str, "'1.5ms' is not a number: it takes no unit");
	g_string_truncate(msg, 0);
	assert_false(parse_double("1e999", &d, msg));
	assert_string_equal(msg->str, "too large: '1e999'");
	g_string_free(msg, TRUE);
}

static void test_names(void **state)
{
	GString *msg = g_string_new(NULL);

	assert_true(parse_name("P1", false, msg));
	assert_true(parse_name("web-server_2.a", false, msg));
	assert_true(parse_name("m{i}", true, msg));
	assert_false(parse_name("m{i}", false, msg));
	assert_string_equal(msg->str, "bad name 'm{i}': a name is made of letters, digits, '_', "
				      "'-' and '.'");
	g_string_truncate(msg, 0);
	assert_false(parse_name("m{j}", true, msg));
	assert_string_equal(msg->str, "bad name 'm{j}': only {i} or {(i+K)%N} (i the task's index "
				      "in its group, N its count) may appear between braces");
	g_string_truncate(msg, 0);
	assert_true(parse_name("m{(i+1)%N}", true, msg));
	assert_true(parse_name("p{(i-3)%N}.x", true, msg));
	assert_false(parse_name("m{i}{i}", true, msg));
	assert_string_equal(msg->str,
			    "bad name 'm{i}{i}': a name holds one index between braces at most");
	g_string_truncate(msg, 0);
	assert_false(parse_name("m{(i*2)%N}", true, msg));
	g_string_truncate(msg, 0);
	assert_false(parse_name("a b", false, msg));
	assert_string_equal(msg->str, "bad name 'a b': a name is made of letters, digits, '_', "
				      "'-' and '.'");
	g_string_truncate(msg, 0);
	assert_false(parse_name("", false, msg));
	assert_string_equal(msg->str, "missing name");
	g_string_free(msg, TRUE);
}

static void test_suggestions(void **state)
{
	static const char *const keys[] = { "quantum", "new_first", "burst", "exp", NULL };
	GString *msg = g_string_new(NULL);

	assert_int_equal(parse_edit_distance("brust", "burst"), 1); /* a transposition */
	assert_int_equal(parse_edit_distance("quantm", "quantum"), 1);
	assert_int_equal(parse_edit_distance("Burst", "burst"), 0);
	assert_int_equal(parse_edit_distance("", "abc"), 3);
	assert_string_equal(parse_suggest("quantm", keys), "quantum");
	assert_string_equal(parse_suggest("brust", keys), "burst");
	assert_string_equal(parse_suggest("expo", keys), "exp");
	assert_null(parse_suggest("zzz", keys));
	assert_null(parse_suggest("", keys));
	assert_true(parse_append_suggestion(msg, "newfirst", keys));
	assert_string_equal(msg->str, " (did you mean 'new_first'?)");
	g_string_free(msg, TRUE);
}

static void test_formatting(void **state)
{
	GString *s = g_string_new(NULL);

	units_duration_exact(s, 1000000 * S);
	g_string_append(s, "|");
	units_duration_exact(s, 1500 * US);
	g_string_append(s, "|");
	units_duration_exact(s, 7);
	g_string_append(s, "|");
	units_size_exact(s, (uint64_t)64 << 10);
	g_string_append(s, "|");
	units_size_exact(s, 1000);
	assert_string_equal(s->str, "1000000 s|1500 us|7 ns|64 KiB|1000 B");
	g_string_truncate(s, 0);
	parse_quote(s, "0123456789012345678901234567890123456789012345678901234567890123456789",
		    70);
	assert_string_equal(s->str,
			    "'012345678901234567890123456789012345678901234567890123456...'");
	g_string_truncate(s, 0);
	/* control characters and bytes that are not UTF-8 are escaped */
	parse_quote(s, "a\tb\n\033[31m\xff\xc3\xa9", 12);
	assert_string_equal(s->str, "'a\\tb\\n\\x1b[31m\\xff\xc3\xa9'");
	g_string_free(s, TRUE);
}

/* ------------------------------------------------------- distributions */

static void test_each_distribution(void **state)
{
	struct dist d;

	d = dist_ok("24", PARSE_POSITIVE);
	assert_int_equal(d.kind, DIST_CONST);
	assert_int_equal(d.a, 24 * MS);
	d = dist_ok("const(500us)", PARSE_POSITIVE);
	assert_int_equal(d.kind, DIST_CONST);
	assert_int_equal(d.a, 500 * US);
	d = dist_ok("exp(5ms)", 0);
	assert_int_equal(d.kind, DIST_EXP);
	assert_int_equal(d.a, 5 * MS);
	d = dist_ok(" uniform ( 1ms , 3 ) ", PARSE_POSITIVE);
	assert_int_equal(d.kind, DIST_UNIFORM);
	assert_int_equal(d.a, 1 * MS);
	assert_int_equal(d.b, 3 * MS);
	d = dist_ok("uniform(0,0)", 0);
	assert_int_equal(d.a, 0);
	assert_int_equal(d.b, 0);
	d = dist_ok("normal(10ms,2ms)", PARSE_POSITIVE);
	assert_int_equal(d.kind, DIST_NORMAL);
	assert_int_equal(d.a, 10 * MS);
	assert_int_equal(d.b, 2 * MS);
	d = dist_ok("lognormal(8ms,4ms)", 0);
	assert_int_equal(d.kind, DIST_LOGNORMAL);
	assert_int_equal(d.a, 8 * MS);
	assert_int_equal(d.b, 4 * MS);
	d = dist_ok("pareto(5ms,1.5)", 0);
	assert_int_equal(d.kind, DIST_PARETO);
	assert_int_equal(d.a, 5 * MS);
	assert_true(d.shape == 1.5);
}

static void test_malformed_distributions(void **state)
{
	assert_dist_err("exp(5ms", 0, "'exp(5ms' is missing ')'");
	assert_dist_err("expo(5ms)", 0, "unknown distribution 'expo' (did you mean 'exp'?)");
	assert_dist_err("gamma(5ms)", 0,
			"unknown distribution 'gamma': use const, exp, uniform, normal, lognormal "
			"or pareto");
	assert_dist_err("exp(1ms,2ms)", 0, "exp(MEAN) takes 1 argument, got 2 in 'exp(1ms,2ms)'");
	assert_dist_err("uniform(1ms)", 0,
			"uniform(LO,HI) takes 2 arguments, got 1 in 'uniform(1ms)'");
	assert_dist_err("normal(1,2,3,4)", 0,
			"normal(MEAN,SD) takes 2 arguments, got 3 or more in 'normal(1,2,3,4)'");
	assert_dist_err("exp()", 0, "exp(MEAN) takes 1 argument, got 0 in 'exp()'");
	assert_dist_err("uniform(1,)", 0, "uniform(LO,HI): argument 2 is empty in 'uniform(1,)'");
	assert_dist_err("exp(5ms)x", 0, "unexpected text after ')' in 'exp(5ms)x'");
	assert_dist_err("uniform(exp(1),2)", 0,
			"unexpected '(' in 'uniform(exp(1),2)': the arguments are plain values");
	assert_dist_err("exp(0)", 0, "exp(MEAN): MEAN must be positive, got 0");
	assert_dist_err("exp(abc)", 0,
			"exp(MEAN): MEAN 'abc' is not a duration: expected a number with an "
			"optional unit ns, us, ms or s");
	assert_dist_err("uniform(5ms,1ms)", 0, "uniform(LO,HI): LO 5ms is greater than HI 1ms");
	assert_dist_err("uniform(0,0)", PARSE_POSITIVE,
			"uniform(LO,HI): HI must be positive, got 0");
	assert_dist_err("normal(0,1)", PARSE_POSITIVE,
			"normal(MEAN,SD): MEAN must be positive, got 0");
	assert_dist_err("normal(5,-1)", 0, "normal(MEAN,SD): SD must not be negative, got -1");
	assert_dist_err("lognormal(0,1)", 0, "lognormal(MEAN,SD): MEAN must be positive, got 0");
	assert_dist_err("pareto(0,1)", 0, "pareto(XM,ALPHA): XM must be positive, got 0");
	assert_dist_err("pareto(1ms,0)", 0, "pareto(XM,ALPHA): ALPHA must be positive, got 0");
	assert_dist_err("pareto(1ms,1.5ms)", 0,
			"pareto(XM,ALPHA): ALPHA '1.5ms' is not a number: it takes no unit");
	assert_dist_err("const(0)", PARSE_POSITIVE, "const(D): D must be positive, got 0");
	assert_dist_err("exp(1e30s)", 0,
			"exp(MEAN): MEAN too large: '1e30s' is more than the limit of 1000000 s");
	assert_dist_err("expo 5", 0,
			"'expo 5' is not a duration: expected a number with an optional unit ns, "
			"us, ms or s; a distribution is written like exp(5ms)");
}

/* ------------------------------------------------------------ programs */

static void test_program_each_op(void **state)
{
	struct program p;

	prog_ok("cpu 5; io exp(3ms); sleep 0; yield; exit;", &p);
	assert_int_equal(p.len, 5);
	assert_int_equal(p.ops[0].kind, OP_CPU);
	assert_int_equal(p.ops[0].dur.a, 5 * MS);
	assert_int_equal(p.ops[1].kind, OP_IO);
	assert_int_equal(p.ops[1].dur.kind, DIST_EXP);
	assert_int_equal(p.ops[1].dur.a, 3 * MS);
	assert_int_equal(p.ops[2].kind, OP_SLEEP);
	assert_int_equal(p.ops[2].dur.a, 0);
	assert_int_equal(p.ops[3].kind, OP_YIELD);
	assert_int_equal(p.ops[4].kind, OP_EXIT);
	program_clear(&p);
	assert_null(p.ops);
	assert_int_equal(p.len, 0);
}

/*
 * cpu 1; repeat 3 { cpu 2; repeat 2 { io 4 } }; cpu 9 flattens to
 *   0 CPU 1   1 REPEAT 3 (jump 7, depth 0)   2 CPU 2   3 REPEAT 2 (jump 6, depth 1)
 *   4 IO 4    5 END (jump 3, depth 1)        6 END (jump 1, depth 0)   7 CPU 9
 */
static void test_program_nested_repeat_flattens_with_exact_jumps(void **state)
{
	struct program p;

	prog_ok("cpu 1; repeat 3 { cpu 2; repeat 2 { io 4 } }; cpu 9", &p);
	assert_int_equal(p.len, 8);
	assert_int_equal(p.ops[0].kind, OP_CPU);
	assert_int_equal(p.ops[1].kind, OP_REPEAT);
	assert_int_equal(p.ops[1].loop.count, 3);
	assert_int_equal(p.ops[1].loop.jump, 7);
	assert_int_equal(p.ops[1].loop.depth, 0);
	assert_int_equal(p.ops[2].kind, OP_CPU);
	assert_int_equal(p.ops[3].kind, OP_REPEAT);
	assert_int_equal(p.ops[3].loop.count, 2);
	assert_int_equal(p.ops[3].loop.jump, 6);
	assert_int_equal(p.ops[3].loop.depth, 1);
	assert_int_equal(p.ops[4].kind, OP_IO);
	assert_int_equal(p.ops[5].kind, OP_END_REPEAT);
	assert_int_equal(p.ops[5].loop.jump, 3);
	assert_int_equal(p.ops[5].loop.depth, 1);
	assert_int_equal(p.ops[6].kind, OP_END_REPEAT);
	assert_int_equal(p.ops[6].loop.jump, 1);
	assert_int_equal(p.ops[6].loop.depth, 0);
	assert_int_equal(p.ops[7].kind, OP_CPU);
	assert_int_equal(p.ops[7].dur.a, 9 * MS);
	/* 1 + 3 * 2 + 9 */
	assert_int_equal(program_cpu_total(&p), 16 * MS);
	program_clear(&p);
}

static void test_program_nesting_limit(void **state)
{
	struct program p;

	prog_ok("repeat 2 { repeat 2 { repeat 2 { repeat 2 { cpu 1 } } } }", &p);
	assert_int_equal(p.len, 9);
	assert_int_equal(p.ops[3].loop.depth, PROGRAM_MAX_DEPTH - 1);
	assert_int_equal(program_cpu_total(&p), 16 * MS);
	program_clear(&p);
	assert_prog_err("repeat 2 { repeat 2 { repeat 2 { repeat 2 { repeat 2 { cpu 1 } } } } }",
			"in 'repeat 2 {': loops nest more than 4 deep");
}

static void test_program_sync_and_ipc_ops_parse(void **state)
{
	struct program p;

	prog_ok("lock m{i}; unlock m{i}; wait s; post s; send c{i} 64KiB; recv c 100; spawn w", &p);
	assert_int_equal(p.len, 7);
	assert_int_equal(p.ops[0].kind, OP_LOCK);
	assert_string_equal(p.names[0], "m{i}");
	assert_int_equal(p.ops[1].kind, OP_UNLOCK);
	assert_int_equal(p.ops[2].kind, OP_WAIT);
	assert_string_equal(p.names[2], "s");
	assert_int_equal(p.ops[3].kind, OP_POST);
	assert_int_equal(p.ops[4].kind, OP_SEND);
	assert_string_equal(p.names[4], "c{i}");
	assert_int_equal(p.ops[4].obj.bytes, 65536);
	assert_int_equal(p.ops[5].kind, OP_RECV);
	assert_int_equal(p.ops[5].obj.bytes, 100);
	assert_int_equal(p.ops[6].kind, OP_SPAWN);
	assert_string_equal(p.names[6], "w");
	assert_int_equal(program_cpu_total(&p), 0);
	program_clear(&p);

	/* The index K further on, or back, modulo the group's count. */
	prog_ok("send p{(i+1)%N} 1; recv p{(i-2)%N} 1; cpu 1", &p);
	assert_string_equal(p.names[0], "p{(i+1)%N}");
	assert_string_equal(p.names[1], "p{(i-2)%N}");
	assert_null(p.names[2]);
	program_clear(&p);
}

static void test_program_errors(void **state)
{
	assert_prog_err("", "empty program: write operations such as cpu 5ms; io 2ms");
	assert_prog_err("cpu 0", "in 'cpu 0': must be positive, got 0");
	assert_prog_err("cpu 1; io -1", "in 'io -1': must not be negative, got -1");
	assert_prog_err("cpu", "in 'cpu': missing duration: write cpu 5ms or cpu exp(5ms)");
	assert_prog_err("cpu5ms", "in 'cpu5ms': missing space after 'cpu'");
	assert_prog_err("cpuu 5", "unknown operation 'cpuu' (did you mean 'cpu'?)");
	assert_prog_err(
		"compute 5",
		"unknown operation 'compute': use cpu, io, sleep, yield, exit or repeat N { }");
	assert_prog_err("cpu 1;; io 1", "empty operation: two ';' in a row, or a ';' first");
	assert_prog_err("; cpu 1", "empty operation: two ';' in a row, or a ';' first");
	assert_prog_err("yield 5", "in 'yield 5': 'yield' takes no argument");
	assert_prog_err("repeat 0 { cpu 1 }", "in 'repeat 0': count must be at least 1, got 0");
	assert_prog_err("repeat { cpu 1 }", "in 'repeat': missing count: write repeat N { ... }");
	assert_prog_err("repeat 3 cpu 1", "in 'repeat 3 cpu 1': missing '{' after the count: write "
					  "repeat N { ... }");
	assert_prog_err("repeat 2 { }", "in 'repeat 2 { }': empty loop");
	assert_prog_err("repeat 2 { cpu 1", "missing '}' to close 'repeat 2 {'");
	assert_prog_err("cpu 1 }", "unexpected '}' without a repeat N {");
	assert_prog_err("repeat 2 { cpu 1 } cpu 2", "expected ';' before 'cpu 2'");
	assert_prog_err("cpu 1 { io 2 }",
			"in 'cpu 1 { io 2 }': unexpected '{': only repeat N { ... } has a body");
	assert_prog_err("lock m{j}", "in 'lock m{j}': only {i} or {(i+K)%N} (i the task's index in "
				     "its group, N its count) may appear between braces in a name");
	assert_prog_err("lock a b", "in 'lock a b': expected lock NAME, one word");
	assert_prog_err("send c", "in 'send c': expected send NAME N (N bytes)");
	assert_prog_err("send c 0", "in 'send c 0': N must be positive, got 0");
	assert_prog_err("5ms", "expected an operation, got '5ms'");
	assert_prog_err("cpu exp(0)", "in 'cpu exp(0)': exp(MEAN): MEAN must be positive, got 0");
}

static void test_program_cpu_total_and_op_names(void **state)
{
	struct program p;

	prog_ok("cpu 1; repeat 3 { cpu 2 }; exit; cpu 100", &p);
	assert_int_equal(program_cpu_total(&p), 7 * MS);
	program_clear(&p);
	/* An exit inside a loop ends the program in the loop's first iteration. */
	prog_ok("repeat 5 { cpu 1; repeat 2 { cpu 10 }; exit; cpu 100 }", &p);
	assert_int_equal(program_cpu_total(&p), 21 * MS);
	program_clear(&p);
	prog_ok("cpu exp(1); cpu 1", &p);
	assert_int_equal(program_cpu_total(&p), -1);
	program_clear(&p);
	prog_ok("io exp(1); cpu 1", &p);
	assert_int_equal(program_cpu_total(&p), 1 * MS);
	program_clear(&p);

	assert_string_equal(op_name(OP_CPU), "cpu");
	assert_string_equal(op_name(OP_IO), "io");
	assert_string_equal(op_name(OP_SLEEP), "sleep");
	assert_string_equal(op_name(OP_YIELD), "yield");
	assert_string_equal(op_name(OP_REPEAT), "repeat");
	assert_string_equal(op_name(OP_END_REPEAT), "end");
	assert_string_equal(op_name(OP_EXIT), "exit");
	assert_string_equal(op_name(OP_LOCK), "lock");
	assert_string_equal(op_name(OP_UNLOCK), "unlock");
	assert_string_equal(op_name(OP_WAIT), "wait");
	assert_string_equal(op_name(OP_POST), "post");
	assert_string_equal(op_name(OP_SEND), "send");
	assert_string_equal(op_name(OP_RECV), "recv");
	assert_string_equal(op_name(OP_SPAWN), "spawn");
}

/* ------------------------------------------------------------ arrivals */

static void test_arrivals(void **state)
{
	struct arrival a;

	a = arrival_ok("5", NULL);
	assert_int_equal(a.kind, ARRIVAL_AT);
	assert_int_equal(a.at, 5 * MS);
	a = arrival_ok("at(2s)", NULL);
	assert_int_equal(a.kind, ARRIVAL_AT);
	assert_int_equal(a.at, 2 * S);
	a = arrival_ok("every(10ms)", NULL);
	assert_int_equal(a.kind, ARRIVAL_EVERY);
	assert_int_equal(a.at, 0);
	assert_int_equal(a.gap.kind, DIST_CONST);
	assert_int_equal(a.gap.a, 10 * MS);
	a = arrival_ok("uniform(0, 1s)", NULL);
	assert_int_equal(a.kind, ARRIVAL_UNIFORM);
	assert_int_equal(a.lo, 0);
	assert_int_equal(a.hi, 1 * S);
	a = arrival_ok("poisson(5000/s)", NULL);
	assert_int_equal(a.kind, ARRIVAL_POISSON);
	assert_int_equal(a.gap.kind, DIST_EXP);
	assert_int_equal(a.gap.a, 200 * US);
	a = arrival_ok("poisson(2.5/ms)", NULL);
	assert_int_equal(a.gap.a, 400 * US);
	a = arrival_ok("poisson(100/us)", NULL);
	assert_int_equal(a.gap.a, 10);
	a = arrival_ok("poisson( 5.5 / s )", NULL);
	assert_int_equal(a.gap.a, 181818182); /* 1 s / 5.5, rounded */
	a = arrival_ok("poisson(3/s)", NULL);
	assert_int_equal(a.gap.a, 333333333);
	a = arrival_ok("poisson(1e-6/s)", NULL);
	assert_int_equal(a.gap.a, 1000000 * S);
}

static void test_arrival_errors(void **state)
{
	assert_arrival_err("-1", NULL, false, "must not be negative, got -1");
	assert_arrival_err("every(0)", NULL, false,
			   "every(PERIOD): PERIOD must be positive, got 0");
	assert_arrival_err("uniform(5,1)", NULL, false,
			   "uniform(LO,HI): LO 5 is greater than HI 1");
	assert_arrival_err("poisson(0/s)", NULL, false,
			   "poisson(RATE): RATE must be positive, got 0/s");
	assert_arrival_err("poisson(5000)", NULL, false,
			   "poisson(RATE): RATE '5000' needs a unit: write it like 5000/s or "
			   "2.5/ms");
	assert_arrival_err("poisson(5/min)", NULL, false,
			   "poisson(RATE): unknown unit 'min' in '5/min': use "
			   "/ns, /us, /ms or /s");
	assert_arrival_err("poisson(3/ns)", NULL, false,
			   "poisson(RATE): RATE '3/ns' is too high: the mean gap would be below 1 "
			   "ns");
	assert_arrival_err("poisson(1e-7/s)", NULL, false,
			   "poisson(RATE): RATE '1e-7/s' is too low: the mean gap would be more "
			   "than 1000000 s");
	assert_arrival_err("poison(5/s)", NULL, false,
			   "unknown arrival 'poison' (did you mean 'poisson'?)");
	assert_arrival_err("exp(5)", NULL, false,
			   "unknown arrival 'exp': use at(T), every(PERIOD), uniform(LO,HI), "
			   "poisson(RATE) or trace(FILE)");
	assert_arrival_err("soon", NULL, false,
			   "'soon' is not a duration: expected a number with an optional unit ns, "
			   "us, ms or s; an arrival is a time or at(T), every(PERIOD), "
			   "uniform(LO,HI), poisson(RATE) or trace(FILE)");
	assert_arrival_err("trace()", NULL, false, "trace(FILE): missing FILE");
	assert_arrival_err("every(1,2)", NULL, false,
			   "every(PERIOD) takes 1 argument, got 2 in 'every(1,2)'");
}

/* A temporary directory holding one file NAME with TEXT; returns the directory. */
static char *tmp_with(const char *name, const char *text)
{
	g_autoptr(GError) err = NULL;
	char *dir = g_dir_make_tmp("schedlab-test-XXXXXX", &err);
	g_autofree char *path = NULL;

	assert_non_null(dir);
	path = g_build_filename(dir, name, NULL);
	assert_true(g_file_set_contents(path, text, -1, &err));
	return dir;
}

static void rm_tmp(char *dir, const char *name)
{
	g_autofree char *path = g_build_filename(dir, name, NULL);

	g_unlink(path);
	g_rmdir(dir);
	g_free(dir);
}

static void test_trace_file(void **state)
{
	char *dir = tmp_with("t.csv", "time,who\n# a comment\n\n0,a\n1.5, b\n  2ms ,c\n2ms\n3us\n");
	struct arrival a;
	GString *msg = g_string_new(NULL);
	g_autofree char *expected = NULL;
	bool whole;

	/* 3us after 2ms decreases: the error names the trace file and its line. */
	assert_false(parse_arrival("trace(t.csv)", MS, dir, &a, msg, &whole));
	assert_true(whole);
	expected = g_strdup_printf("%s/t.csv:8: '3us' (3 us) is before the previous arrival time "
				   "(2 ms at line 7): times must not decrease",
				   dir);
	assert_string_equal(msg->str, expected);
	rm_tmp(dir, "t.csv");

	dir = tmp_with("t.csv", "time,who\n# a comment\n\n0,a\n1.5, b\n  2ms ,c\n2ms\r\n");
	a = arrival_ok("trace(t.csv)", dir);
	assert_int_equal(a.kind, ARRIVAL_TRACE);
	assert_int_equal(a.ntimes, 4);
	assert_int_equal(a.times[0], 0);
	assert_int_equal(a.times[1], 1500 * US);
	assert_int_equal(a.times[2], 2 * MS);
	assert_int_equal(a.times[3], 2 * MS);
	g_free(a.times);
	rm_tmp(dir, "t.csv");
	g_string_free(msg, TRUE);
}

static void test_trace_errors(void **state)
{
	char *dir = tmp_with("bad.csv", "1\nfoo\n");
	g_autofree char *e1 = NULL;
	g_autofree char *e2 = NULL;
	g_autofree char *e3 = NULL;

	e1 = g_strdup_printf("%s/bad.csv:2: 'foo' is not a duration: expected a number with an "
			     "optional unit ns, us, ms or s",
			     dir);
	assert_arrival_err("trace(bad.csv)", dir, true, e1);
	rm_tmp(dir, "bad.csv");

	dir = tmp_with("empty.csv", "# nothing\ntime\n");
	e2 = g_strdup_printf("trace file '%s/empty.csv' holds no arrival times", dir);
	assert_arrival_err("trace(empty.csv)", dir, false, e2);
	rm_tmp(dir, "empty.csv");

	dir = tmp_with("bin.csv", "1\n2\n\x01\xff\n");
	e3 = g_strdup_printf("%s/bin.csv:3: binary data: not a trace file", dir);
	assert_arrival_err("trace(bin.csv)", dir, true, e3);
	rm_tmp(dir, "bin.csv");

	assert_arrival_err(
		"trace(/nonexistent/x.csv)", NULL, false,
		"cannot read trace file '/nonexistent/x.csv': no such file or directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duration_units_and_bare_numbers),
		cmocka_unit_test(test_duration_decimals_and_exponents_are_exact),
		cmocka_unit_test(test_duration_errors),
		cmocka_unit_test(test_time_unit),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_size_errors),
		cmocka_unit_test(test_whole_numbers),
		cmocka_unit_test(test_bools_and_doubles),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_suggestions),
		cmocka_unit_test(test_formatting),
		cmocka_unit_test(test_each_distribution),
		cmocka_unit_test(test_malformed_distributions),
		cmocka_unit_test(test_program_each_op),
		cmocka_unit_test(test_program_nested_repeat_flattens_with_exact_jumps),
		cmocka_unit_test(test_program_nesting_limit),
		cmocka_unit_test(test_program_sync_and_ipc_ops_parse),
		cmocka_unit_test(test_program_errors),
		cmocka_unit_test(test_program_cpu_total_and_op_names),
		cmocka_unit_test(test_arrivals),
		cmocka_unit_test(test_arrival_errors),
		cmocka_unit_test(test_trace_file),
		cmocka_unit_test(test_trace_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
