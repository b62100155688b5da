/*
 * test_schema.c - the one loader of declared keys (scenario/schema.c), the
 * resolution of object names in programs (scenario/objects.c), and model
 * files written by machine/model_write.c and read back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "machine/model.h"
#include "machine/model_write.h"
#include "scenario/linemap.h"
#include "scenario/model_load.h"
#include "scenario/objects.h"
#include "scenario/parse.h"
#include "scenario/scenario.h"
#include "scenario/schema.h"

#define NS ((sim_time_t)1)
#define US (1000 * NS)
#define MS (1000 * US)

/* A conf with a field of every type. */
struct every {
	sim_time_t dur;
	struct param_durations list;
	uint32_t u;
	bool b;
	int e;
	double d;
	uint64_t u64;
	int32_t i;
	uint64_t size;
	uint32_t page;
	char *text;
	char *name;
	sim_time_t unit;
	struct dist dist;
	struct program prog;
	struct arrival arr;
	uint64_t *cpus;
	struct figure fig;
	int custom;
};

static const char *const colours[] = { "red", "green", NULL };

static bool parse_even(const char *text, void *field, GString *msg)
{
	int v = atoi(text);

	if (v % 2) {
		g_string_append_printf(msg, "%d is odd", v);
		return false;
	}
	memcpy(field, &v, sizeof(v));
	return true;
}

#define E(f) offsetof(struct every, f)

enum { IN_A = 1, IN_B = 2 };

static const struct param every_keys[] = {
	{ .name = "unit", .type = PARAM_TIME_UNIT, .def = "ms", .offset = E(unit) },
	{ .name = "dur", .type = PARAM_DURATION, .def = "4", .offset = E(dur), .min = 1 },
	{ .name = "list", .type = PARAM_DURATION_LIST, .def = "1,2", .offset = E(list) },
	{ .name = "u", .type = PARAM_UINT, .def = "3", .offset = E(u), .min = 1, .max = 9 },
	{ .name = "b", .type = PARAM_BOOL, .def = "false", .offset = E(b) },
	{ .name = "e", .type = PARAM_ENUM, .def = "red", .offset = E(e), .choices = colours },
	{ .name = "d", .type = PARAM_DOUBLE, .def = "0.5", .offset = E(d) },
	{ .name = "u64", .type = PARAM_UINT64, .def = "1", .offset = E(u64) },
	{ .name = "i", .type = PARAM_INT, .def = "0", .offset = E(i), .min = -5, .max = 5 },
	{ .name = "size", .type = PARAM_SIZE, .def = "1KiB", .offset = E(size), .max = 1 << 20 },
	{ .name = "page",
	  .type = PARAM_SIZE32,
	  .def = "0",
	  .offset = E(page),
	  .min = 512,
	  .flags = PARAM_POWER_OF_TWO },
	{ .name = "text", .type = PARAM_TEXT, .offset = E(text), .what = "a title" },
	{ .name = "name", .type = PARAM_NAME, .offset = E(name) },
	{ .name = "dist", .type = PARAM_DIST, .def = "1", .offset = E(dist), .min = 1 },
	{ .name = "burst",
	  .type = PARAM_BURST,
	  .offset = E(prog),
	  .excludes = "prog",
	  .where = IN_A,
	  .misplaced = "no burst in [b %s]" },
	{ .name = "prog", .type = PARAM_PROGRAM, .offset = E(prog), .excludes = "burst" },
	{ .name = "arr", .type = PARAM_ARRIVAL, .def = "0", .offset = E(arr) },
	{ .name = "cpus", .type = PARAM_AFFINITY, .offset = E(cpus) },
	{ .name = "fig", .type = PARAM_FIGURE, .def = "0", .offset = E(fig), .max = 1000 * MS },
	{ .name = "even",
	  .type = PARAM_CUSTOM,
	  .def = "2",
	  .offset = E(custom),
	  .parse = parse_even },
	{ .name = NULL },
};

static const struct schema schema_a = { .kind = "a", .keys = every_keys, .where = IN_A };
static const struct schema schema_b = { .kind = "b", .keys = every_keys, .where = IN_B };

/* Load group g of text into *c with schema s; NULL on success, else the message (to free). */
static char *load(const struct schema *s, const char *g, const char *text, struct every *c)
{
	g_autoptr(GError) err = NULL;
	struct linemap *lm = linemap_new("s.ini", "scenario", text, strlen(text), &err);
	struct schema_ctx ctx = { .time_unit = MS, .ncpus = 4, .name = "x" };
	bool ok;

	assert_non_null(lm);
	memset(c, 0, sizeof(*c));
	ok = schema_load(s, c, lm, g, &ctx, &err);
	linemap_free(lm);
	return ok ? NULL : g_strdup(err->message);
}

static void every_clear(struct every *c)
{
	schema_clear(every_keys, c);
}

#define assert_load_err(text, expected)                                                            \
	do {                                                                                       \
		struct every c_;                                                                   \
		char *m_ = load(&schema_a, "a", text, &c_);                                        \
		assert_non_null(m_);                                                               \
		assert_string_equal(m_, expected);                                                 \
		g_free(m_);                                                                        \
		every_clear(&c_);                                                                  \
	} while (0)

static void test_schema_defaults(void **state)
{
	struct every c;

	assert_null(load(&schema_a, "a", "[a]\n", &c));
	assert_int_equal(c.unit, MS);
	assert_int_equal(c.dur, 4 * MS);
	assert_int_equal(c.list.n, 2);
	assert_int_equal(c.list.v[1], 2 * MS);
	assert_int_equal(c.u, 3);
	assert_false(c.b);
	assert_int_equal(c.e, 0);
	assert_true(c.d == 0.5);
	assert_int_equal(c.u64, 1);
	assert_int_equal(c.i, 0);
	assert_int_equal(c.size, 1024);
	assert_int_equal(c.page, 0);
	assert_null(c.text);
	assert_null(c.name);
	assert_int_equal(c.dist.a, 1 * MS);
	assert_int_equal(c.prog.len, 0);
	assert_int_equal(c.arr.kind, ARRIVAL_AT);
	assert_null(c.cpus);
	assert_int_equal(c.fig.median, 0);
	assert_int_equal(c.fig.n, 0);
	assert_int_equal(c.custom, 2);
	every_clear(&c);
}

static void test_schema_every_type(void **state)
{
	struct every c;

	/* time unit: read first, whatever its place */
	assert_null(load(&schema_a, "a",
			 "[a]\ndur = 7\nunit = us\nlist = 10,20,40\nu = 9\nb = yes\ne = green\n"
			 "d = 2e-3\nu64 = 18446744073709551615\ni = -5\nsize = 64KiB\npage = "
			 "4KiB\ntext = hello there\nname = srv-1\ndist = exp(5)\nprog = cpu 1; io "
			 "2\narr = poisson(1/ms)\ncpus = 1-2\nfig = 1.9us [1.8us, 2.1us] n=31\n"
			 "even = 8\n",
			 &c));
	assert_int_equal(c.unit, US);
	assert_int_equal(c.dur, 7 * US);
	assert_int_equal(c.list.n, 3);
	assert_int_equal(c.list.v[2], 40 * US);
	assert_int_equal(c.u, 9);
	assert_true(c.b);
	assert_int_equal(c.e, 1);
	assert_true(c.d == 2e-3);
	assert_true(c.u64 == UINT64_MAX);
	assert_int_equal(c.i, -5);
	assert_int_equal(c.size, 65536);
	assert_int_equal(c.page, 4096);
	assert_string_equal(c.text, "hello there");
	assert_string_equal(c.name, "srv-1");
	assert_int_equal(c.dist.kind, DIST_EXP);
	assert_int_equal(c.dist.a, 5 * US);
	assert_int_equal(c.prog.len, 2);
	assert_int_equal(c.prog.ops[1].kind, OP_IO);
	assert_int_equal(c.arr.kind, ARRIVAL_POISSON);
	assert_int_equal(c.cpus[0], 0x6);
	assert_int_equal(c.fig.median, 1900);
	assert_int_equal(c.fig.lo, 1800);
	assert_int_equal(c.fig.hi, 2100);
	assert_int_equal(c.fig.n, 31);
	assert_int_equal(c.custom, 8);
	every_clear(&c);

	/* burst: a one-op program */
	assert_null(load(&schema_a, "a", "[a]\nburst = 5\nfig = 3us\n", &c));
	assert_int_equal(c.prog.len, 1);
	assert_int_equal(c.prog.ops[0].kind, OP_CPU);
	assert_int_equal(c.prog.ops[0].dur.a, 5 * MS);
	assert_int_equal(c.fig.median, 3 * US);
	assert_int_equal(c.fig.lo, 3 * US);
	assert_int_equal(c.fig.hi, 3 * US);
	assert_int_equal(c.fig.n, 0);
	every_clear(&c);
}

static void test_schema_bad_value_of_each_type(void **state)
{
	assert_load_err("[a]\nunit = sec\n",
			"s.ini:2: [a] unit: unknown unit 'sec': use ns, us, ms or s");
	assert_load_err("[a]\ndur = 0\n", "s.ini:2: [a] dur: must be positive, got 0");
	assert_load_err("[a]\nlist = 1,,3\n",
			"s.ini:2: [a] list: value 2 of 3 is empty: write a list like 10,20,40");
	assert_load_err("[a]\nu = 10\n", "s.ini:2: [a] u: must be at most 9, got 10");
	assert_load_err("[a]\nb = maybe\n",
			"s.ini:2: [a] b: 'maybe' is not a boolean: use true or false");
	assert_load_err("[a]\ne = gren\n",
			"s.ini:2: [a] e: 'gren' is not one of red, green (did you mean 'green'?)");
	assert_load_err("[a]\nd = x\n", "s.ini:2: [a] d: 'x' is not a number");
	assert_load_err("[a]\nu64 = -1\n", "s.ini:2: [a] u64: must not be negative, got -1");
	assert_load_err("[a]\ni = 6\n", "s.ini:2: [a] i: must be at most 5, got 6");
	assert_load_err("[a]\nsize = 2MiB\n",
			"s.ini:2: [a] size: too large: '2MiB' is more than the limit of 1 MiB");
	assert_load_err("[a]\npage = 1000\n", "s.ini:2: [a] page: must be a power of two of at "
					      "least 512 bytes, such as 4KiB, got 1000");
	assert_load_err("[a]\ntext =\n", "s.ini:2: [a] text: missing value: a title");
	assert_load_err("[a]\nname = a b\n", "s.ini:2: [a] name: bad name 'a b': a name is made "
					     "of letters, digits, '_', '-' and '.'");
	assert_load_err("[a]\ndist = exp(0)\n",
			"s.ini:2: [a] dist: exp(MEAN): MEAN must be positive, got 0");
	assert_load_err("[a]\nburst = 0\n", "s.ini:2: [a] burst: must be positive, got 0");
	assert_load_err("[a]\nprog = cpuu 1\n",
			"s.ini:2: [a] prog: unknown operation 'cpuu' (did you mean 'cpu'?)");
	assert_load_err("[a]\narr = every(0)\n",
			"s.ini:2: [a] arr: every(PERIOD): PERIOD must be positive, got 0");
	assert_load_err("[a]\ncpus = 4\n", "s.ini:2: [a] cpus: CPU 4 does not exist: the "
					   "machine has 4 CPUs, numbered from 0");
	assert_load_err("[a]\nfig = 2us [3us, 4us] n=5\n",
			"s.ini:2: [a] fig: the interval must hold the median: LO <= MEDIAN <= HI");
	assert_load_err("[a]\nfig = 2us [1us, 4us]\n",
			"s.ini:2: [a] fig: expected n=SAMPLES after the interval");
	assert_load_err("[a]\nfig = 2us [1us 4us] n=3\n",
			"s.ini:2: [a] fig: expected MEDIAN [LO, HI] n=SAMPLES, such as 1.9us "
			"[1.8us, 2.1us] n=31, got '2us [1us 4us] n=3'");
	assert_load_err("[a]\neven = 3\n", "s.ini:2: [a] even: 3 is odd");
}

static void test_schema_unknown_misplaced_and_excluded_keys(void **state)
{
	struct every c;
	char *m;

	assert_load_err("[a]\nprgo = cpu 1\n",
			"s.ini:2: [a] prgo: unknown key (did you mean 'prog'?)");
	assert_load_err("[a]\nzzz = 1\n",
			"s.ini:2: [a] zzz: unknown key: [a] has unit, dur, list, u, b, e, d, u64, "
			"i, size, page, text, name, dist, burst, prog, arr, cpus, fig and even");
	assert_load_err("[a]\nburst = 1\nprog = cpu 1\n",
			"s.ini:3: [a] prog: burst is given too: write either burst or prog");
	assert_load_err("[a]\nprog = cpu 1\nburst = 1\n",
			"s.ini:3: [a] burst: prog is given too: write either burst or prog");
	/* A key of kind a written in kind b: its own message. */
	m = load(&schema_b, "b", "[b]\nburst = 1\n", &c);
	assert_string_equal(m, "s.ini:2: [b] burst: no burst in [b x]");
	g_free(m);
	every_clear(&c);
}

static void test_schema_describe(void **state)
{
	static const struct param keys[] = {
		{ .name = "quantum", .type = PARAM_DURATION, .def = "4ms", .help = "a slice" },
		{ .name = "order",
		  .type = PARAM_ENUM,
		  .def = "low",
		  .help = "x",
		  .choices = colours },
		{ .name = NULL },
	};
	GString *out = g_string_new(NULL);

	schema_describe(keys, out);
	assert_string_equal(out->str, "    quantum  duration   4ms  a slice\n"
				      "    order    red|green  low  x\n");
	g_string_free(out, TRUE);
}

/* ------------------------------------------------------- object names */

static struct object_conf *objects(const char *const *names, uint32_t *n)
{
	struct object_conf *o;

	*n = g_strv_length((char **)names);
	o = g_new0(struct object_conf, *n);
	/* The kind by the first letter: s... a semaphore, p... a pipe, else a mutex. */
	for (uint32_t i = 0; i < *n; i++) {
		o[i].name = g_strdup(names[i]);
		o[i].kind = (uint32_t)object_kind_find(names[i][0] == 's'   ? "semaphore"
						       : names[i][0] == 'p' ? "pipe"
									    : "mutex");
	}
	return o;
}

static void objects_free(struct object_conf *o, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		object_conf_clear(&o[i]);
	g_free(o);
}

/* Resolve text's objects for a group of count tasks; NULL or the message (to free). */
static char *resolve(const char *text, uint32_t count, const char *const *names, struct program *p)
{
	GString *msg = g_string_new(NULL);
	uint32_t n;
	struct object_conf *o = objects(names, &n);
	bool ok;

	assert_true(parse_program(text, MS, p, msg));
	ok = objects_resolve(p, count, o, n, msg);
	objects_free(o, n);
	if (ok) {
		g_string_free(msg, TRUE);
		return NULL;
	}
	return g_string_free(msg, FALSE);
}

static void test_object_names_resolve_to_ids(void **state)
{
	static const char *const names[] = { "s", "fork0", "fork1", "fork2", "p", NULL };
	struct program p;

	assert_null(resolve("lock fork{i}; lock fork{(i+1)%N}; post s; send p 10; "
			    "unlock fork{(i-1)%N}",
			    3, names, &p));
	/* {i}: task i locks fork i */
	for (uint32_t i = 0; i < 3; i++)
		assert_int_equal(op_object(&p.ops[0], i), 1 + i);
	/* {(i+1)%N}: the next fork, the last task wraps to fork0 */
	assert_int_equal(op_object(&p.ops[1], 0), 2);
	assert_int_equal(op_object(&p.ops[1], 1), 3);
	assert_int_equal(op_object(&p.ops[1], 2), 1);
	/* a fixed name: one id for every task */
	assert_int_equal(op_object(&p.ops[2], 0), 0);
	assert_int_equal(op_object(&p.ops[2], 2), 0);
	assert_int_equal(op_object(&p.ops[3], 1), 4);
	assert_int_equal(p.ops[3].obj.bytes, 10);
	/* {(i-1)%N}: the previous one */
	assert_int_equal(op_object(&p.ops[4], 0), 3);
	assert_int_equal(op_object(&p.ops[4], 1), 1);
	program_clear(&p);
}

static void test_object_names_unknown(void **state)
{
	static const char *const names[] = { "mutex", "fork0", "fork1", NULL };
	static const char *const none[] = { NULL };
	static const char *const shuffled[] = { "m1", "m0", NULL };
	struct program p;
	char *m;

	m = resolve("lock mutx", 1, names, &p);
	assert_string_equal(m, "unknown object 'mutx' (did you mean 'mutex'?)");
	g_free(m);
	program_clear(&p);
	m = resolve("post sem", 1, names, &p);
	assert_string_equal(m, "unknown object 'sem': the objects are mutex, fork0 and fork1");
	g_free(m);
	program_clear(&p);
	m = resolve("lock m", 1, none, &p);
	assert_string_equal(m, "unknown object 'm': declare it, such as [mutex NAME]");
	g_free(m);
	program_clear(&p);
	/* a template names one object per task: the third is missing */
	m = resolve("lock fork{(i+1)%N}", 3, names, &p);
	assert_string_equal(
		m,
		"unknown object 'fork2': the objects are mutex, fork0 and fork1 ('fork{(i+1)%N}' "
		"names it for a group of 3 tasks)");
	g_free(m);
	program_clear(&p);
	m = resolve("lock m{i}", 2, shuffled, &p);
	assert_string_equal(m, "'m{i}' names m0 to m1: declare them one after another in that "
			       "order");
	g_free(m);
	program_clear(&p);
}

static void test_object_ops_fit_their_kind(void **state)
{
	static const char *const names[] = { "sem", "m", "pa", "pb", NULL };
	struct program p;
	char *m;

	m = resolve("lock pa", 1, names, &p);
	assert_string_equal(m, "lock pa: [pipe pa] takes send and recv");
	g_free(m);
	program_clear(&p);
	m = resolve("send m 4", 1, names, &p);
	assert_string_equal(m, "send m: [mutex m] takes lock and unlock");
	g_free(m);
	program_clear(&p);
	m = resolve("unlock sem", 1, names, &p);
	assert_string_equal(m, "unlock sem: [semaphore sem] takes wait and post");
	g_free(m);
	program_clear(&p);
	m = resolve("wait sem; post sem; lock m; unlock m; send pa 1; recv pb 1", 1, names, &p);
	assert_null(m);
	program_clear(&p);
}

static void test_scenario_checks_condvar_mutex(void **state)
{
	static const char *const texts[] = {
		"[scenario]\n[task t]\nprogram = cond_wait c\n[condvar c]\n",
		"[scenario]\n[task t]\nprogram = cond_wait c\n[condvar c]\nmutex = mx\n[mutex m]\n",
		("[scenario]\n[task t]\nprogram = cond_wait c\n[condvar c]\nmutex = x\n"
		 "[semaphore x]"),
	};
	static const char *const errors[] = {
		("t.ini:4: [condvar c]: missing mutex: name the mutex that cond_wait releases, "
		 "such as mutex = m"),
		"t.ini:5: [condvar c] mutex: unknown mutex 'mx' (did you mean 'm'?)",
		"t.ini:5: [condvar c] mutex: 'x' is a semaphore, not a mutex",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(texts); i++) {
		g_autoptr(GError) err = NULL;
		struct scenario *sc =
			scenario_load_data("t.ini", texts[i], strlen(texts[i]), NULL, &err);

		assert_null(sc);
		assert_string_equal(err->message, errors[i]);
	}
}

static void test_scenario_refuses_an_undeclared_object(void **state)
{
	static const char text[] = "[scenario]\n[group g]\ncount = 2\nprogram = lock m{i}\n"
				   "[mutex m0]\n";
	g_autoptr(GError) err = NULL;
	struct scenario *sc = scenario_load_data("t.ini", text, strlen(text), NULL, &err);

	assert_null(sc);
	assert_string_equal(err->message,
			    "t.ini:4: [group g] program: unknown object 'm1' (did you mean 'm0'?) "
			    "('m{i}' names it for a group of 2 tasks)");
}

static void test_scenario_checks_object_keys(void **state)
{
	static const char text[] = "[scenario]\n[task t]\nburst = 1\n[mutex m]\nhandoff = fair\n";
	g_autoptr(GError) err = NULL;
	struct scenario *sc = scenario_load_data("t.ini", text, strlen(text), NULL, &err);

	assert_null(sc);
	assert_string_equal(err->message, "t.ini:5: [mutex m] handoff: 'fair' is not one of fifo, "
					  "barging");
}

/* -------------------------------------------------------- model files */

static void assert_figure_equal(const struct figure *a, const struct figure *b)
{
	assert_int_equal(a->median, b->median);
	assert_int_equal(a->lo, b->lo);
	assert_int_equal(a->hi, b->hi);
	assert_int_equal(a->n, b->n);
}

static void assert_model_equal(const struct model *a, const struct model *b)
{
	for (const struct model_group *mg = model_groups; mg->name; mg++) {
		for (const struct param *p = mg->keys; p->name; p++) {
			const char *fa = (const char *)a + p->offset;
			const char *fb = (const char *)b + p->offset;

			switch (p->type) {
			case PARAM_TEXT: {
				const char *sa = *(char *const *)(const void *)fa;
				const char *sb = *(char *const *)(const void *)fb;

				assert_string_equal(sa ? sa : "(none)", sb ? sb : "(none)");
				break;
			}
			case PARAM_FIGURE:
				assert_figure_equal((const struct figure *)(const void *)fa,
						    (const struct figure *)(const void *)fb);
				break;
			case PARAM_UINT:
			case PARAM_SIZE32:
				assert_memory_equal(fa, fb, sizeof(uint32_t));
				break;
			default:
				assert_memory_equal(fa, fb, sizeof(uint64_t));
			}
		}
	}
}

static void test_model_write_reads_back_identical(void **state)
{
	struct model m = { 0 }, back;
	g_autoptr(GError) err = NULL;
	GString *text = g_string_new(NULL);

	m.name = g_strdup("host");
	m.description = g_strdup("measured by schedlab-probe");
	m.create_process = (struct figure){ 95 * US, 90 * US, 101 * US, 31 };
	m.create_process_per_mib = figure_exact(10 * US);
	m.create_thread = (struct figure){ 17 * US, 16500, 17250, 15 };
	m.create_coroutine = figure_exact(300);
	m.switch_process = (struct figure){ 1900, 1800, 2100, 31 };
	m.switch_thread = (struct figure){ 1700, 1650, 1800, 31 };
	m.switch_coroutine = figure_exact(100);
	m.remote_wakeup = (struct figure){ 2 * US, 1999, 2001, 11 };
	m.syscall = (struct figure){ 300, 280, 330, 11 };
	m.measured.pipe_rw = (struct figure){ 600, 560, 660, 11 };
	m.measured.fork_large_size = 64 << 20;
	m.tlb_entries = 1536;
	m.tlb_pcid_slots = 6;
	m.tlb_refill_per_page = (struct figure){ 10, 9, 12, 101 };
	m.page_size = 4096;
	m.mem_process = 1 << 20;
	m.mem_thread = 20 << 10;
	m.mem_coroutine = 1000;
	m.ram = (uint64_t)16 << 30;
	m.env_cpu = g_strdup("AMD EPYC 7B13");
	m.env_kernel = g_strdup("Linux 6.1.0-18-amd64");
	m.env_date = g_strdup("2024-05-01T12:00:00Z");
	m.env_pcid = g_strdup("pcid invpcid");
	m.env_noisy = g_strdup("create.process (spread 31 %)");

	model_write(text, &m);
	assert_non_null(strstr(text->str, "[measured]\n"));
	assert_non_null(strstr(text->str, "pipe_rw = 600 ns [560 ns, 660 ns] n=11\n"));
	assert_non_null(strstr(text->str, "[switch]\nprocess = 1900 ns [1800 ns, 2100 ns] n=31\n"));
	assert_non_null(strstr(text->str, "coroutine = 100 ns\n"));
	assert_non_null(strstr(text->str, "[environment]\ncpu = AMD EPYC 7B13\n"));
	assert_true(model_load_data(&back, "host.ini", text->str, text->len, &err));
	assert_model_equal(&m, &back);
	model_clear(&back);

	/* Without an environment, the group is left out and still reads back. */
	g_clear_pointer(&m.env_cpu, g_free);
	g_clear_pointer(&m.env_kernel, g_free);
	g_clear_pointer(&m.env_date, g_free);
	g_clear_pointer(&m.env_pcid, g_free);
	g_clear_pointer(&m.env_noisy, g_free);
	g_string_truncate(text, 0);
	model_write(text, &m);
	assert_null(strstr(text->str, "[environment]"));
	assert_true(model_load_data(&back, "host.ini", text->str, text->len, &err));
	assert_null(back.env_cpu);
	assert_figure_equal(&back.switch_process, &m.switch_process);
	model_clear(&back);
	model_clear(&m);
	g_string_free(text, TRUE);
}

/* validate finds the figures a workload leans on by their file names. */
static void test_model_figure_by_name(void **state)
{
	struct model m = { 0 };

	(void)state;
	assert_ptr_equal(model_figure(&m, "switch.thread"), &m.switch_thread);
	assert_ptr_equal(model_figure(&m, "create.process_per_mib"), &m.create_process_per_mib);
	assert_ptr_equal(model_figure(&m, "measured.pipe_rw"), &m.measured.pipe_rw);
	assert_null(model_figure(&m, "switch.nothing"));
	assert_null(model_figure(&m, "tlb.entries")); /* a count, not a figure */
	assert_null(model_figure(&m, "switch"));
	assert_null(model_figure(&m, "switchy.thread"));
}

static void test_builtin_models_write_and_read_back(void **state)
{
	for (const struct builtin_model *b = builtin_models; b->name; b++) {
		struct model m, back;
		g_autoptr(GError) err = NULL;
		GString *text = g_string_new(NULL);

		assert_true(model_load(&m, b->name, NULL, &err));
		model_write(text, &m);
		assert_true(model_load_data(&back, "x.ini", text->str, text->len, &err));
		assert_figure_equal(&m.switch_thread, &back.switch_thread);
		assert_string_equal(m.name, back.name);
		assert_model_equal(&m, &back);
		model_clear(&m);
		model_clear(&back);
		g_string_free(text, TRUE);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schema_defaults),
		cmocka_unit_test(test_schema_every_type),
		cmocka_unit_test(test_schema_bad_value_of_each_type),
		cmocka_unit_test(test_schema_unknown_misplaced_and_excluded_keys),
		cmocka_unit_test(test_schema_describe),
		cmocka_unit_test(test_object_names_resolve_to_ids),
		cmocka_unit_test(test_object_names_unknown),
		cmocka_unit_test(test_object_ops_fit_their_kind),
		cmocka_unit_test(test_scenario_checks_condvar_mutex),
		cmocka_unit_test(test_scenario_refuses_an_undeclared_object),
		cmocka_unit_test(test_scenario_checks_object_keys),
		cmocka_unit_test(test_model_write_reads_back_identical),
		cmocka_unit_test(test_builtin_models_write_and_read_back),
		cmocka_unit_test(test_model_figure_by_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
