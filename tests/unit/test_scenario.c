/*
 * test_scenario.c - loading scenarios from text: every field of a valid
 * file, the defaults, overrides, policy parameters, models, and the exact
 * message (file, line, group, key, what) of each class of bad input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <glib/gstdio.h>

#include "policy/policy.h"
#include "scenario/linemap.h"
#include "scenario/model_load.h"
#include "scenario/params.h"
#include "scenario/scenario.h"

#define US SIM_US
#define MS SIM_MS
#define S  SIM_S

/* Load text as "t.ini" (messages then start with "t.ini:"). */
static struct scenario *load_ov(const char *text, const struct scenario_overrides *ov)
{
	g_autoptr(GError) err = NULL;
	struct scenario *sc = scenario_load_data("t.ini", text, strlen(text), ov, &err);

	if (!sc)
		fail_msg("unexpected error: %s", err->message);
	return sc;
}

static struct scenario *load(const char *text, const char *const *sets)
{
	struct scenario_overrides ov = { .sets = sets };

	return load_ov(text, &ov);
}

/* Load text, which must fail with exactly `expected` and `code`. */
static void assert_error_ov(const char *text, size_t len, const struct scenario_overrides *ov,
			    int code, const char *expected)
{
	g_autoptr(GError) err = NULL;
	struct scenario *sc = scenario_load_data("t.ini", text, len, ov, &err);

	if (sc) {
		scenario_free(sc);
		fail_msg("loaded, expected: %s", expected);
	}
	assert_non_null(err);
	assert_string_equal(err->message, expected);
	assert_true(err->domain == SCENARIO_ERROR);
	assert_int_equal(err->code, code);
}

static void assert_error_sets(const char *text, const char *const *sets, int code,
			      const char *expected)
{
	struct scenario_overrides ov = { .sets = sets };

	assert_error_ov(text, strlen(text), &ov, code, expected);
}

static void assert_error(const char *text, int code, const char *expected)
{
	assert_error_ov(text, strlen(text), NULL, code, expected);
}

#define E_SYNTAX      SCENARIO_ERROR_SYNTAX
#define E_INVALID     SCENARIO_ERROR_INVALID
#define E_IO	      SCENARIO_ERROR_IO
#define E_UNSUPPORTED SCENARIO_ERROR_UNSUPPORTED

/* The rr configuration, as rr.c declares it. */
struct rr_conf_view {
	sim_time_t quantum;
	bool new_first;
};

/* ---------------------------------------------------------- valid files */

static const char full[] = "# every key\n"
			   "[scenario]\n"
			   "name = full-example\n"
			   "time_unit = us\n"
			   "cpus = 4\n"
			   "policy = rr\n"
			   "model = default\n"
			   "seed = 18446744073709551615\n"
			   "horizon = 10s\n"
			   "\n"
			   "[rr]\n"
			   "quantum = 4\n"
			   "new_first = false\n"
			   "\n"
			   "[task P1]\n"
			   "arrival = 3\n"
			   "burst = 24\n"
			   "priority = -7\n"
			   "nice = -20\n"
			   "tickets = 7\n"
			   "memory = 1MiB\n"
			   "working_set = 64KiB\n"
			   "\n"
			   "[group clients]\n"
			   "count = 10\n"
			   "kind = thread\n"
			   "process = server\n"
			   "arrival = poisson(5000/s)\n"
			   "program = cpu exp(200); io exp(5ms); repeat 2 { cpu 100; yield }\n"
			   "\n"
			   "[group loop]\n"
			   "count = 3\n"
			   "kind = coroutine\n"
			   "arrival = every(1ms)\n"
			   "program = sleep 0; cpu 1ms\n";

static void test_valid_scenario_fills_every_field(void **state)
{
	struct scenario *sc = load(full, NULL);
	const struct rr_conf_view *rr;
	const struct group_conf *g;

	assert_string_equal(sc->path, "t.ini");
	assert_string_equal(sc->name, "full-example");
	assert_int_equal(sc->time_unit, US);
	assert_int_equal(sc->cpus, 4);
	assert_string_equal(sc->policy->name, "rr");
	rr = sc->policy_conf;
	assert_int_equal(rr->quantum, 4 * US);
	assert_false(rr->new_first);
	assert_string_equal(sc->model.name, "default");
	assert_int_equal(sc->model.switch_process.median, 2 * US);
	assert_int_equal(sc->model.tlb_entries, 1536);
	assert_int_equal(sc->model.tlb_pcid_slots, 6);
	assert_int_equal(sc->model.page_size, 4096);
	assert_int_equal(sc->model.ram, (uint64_t)16 << 30);
	assert_true(sc->seed == UINT64_MAX);
	assert_int_equal(sc->horizon, 10 * S);
	assert_int_equal(sc->ngroups, 3);
	assert_int_equal(sc->ntasks, 14);

	g = &sc->groups[0];
	assert_string_equal(g->name, "P1");
	assert_true(g->single);
	assert_int_equal(g->line, 15);
	assert_int_equal(g->count, 1);
	assert_int_equal(g->kind, TASK_PROCESS);
	assert_null(g->process);
	assert_int_equal(g->arrival.kind, ARRIVAL_AT);
	assert_int_equal(g->arrival.at, 3 * US);
	assert_int_equal(g->program.len, 1);
	assert_int_equal(g->program.ops[0].kind, OP_CPU);
	assert_int_equal(g->program.ops[0].dur.a, 24 * US);
	assert_int_equal(g->priority, -7);
	assert_int_equal(g->nice, -20);
	assert_int_equal(g->tickets, 7);
	assert_int_equal(g->memory, 1 << 20);
	assert_int_equal(g->working_set, 64 << 10);

	g = &sc->groups[1];
	assert_string_equal(g->name, "clients");
	assert_false(g->single);
	assert_int_equal(g->line, 24);
	assert_int_equal(g->count, 10);
	assert_int_equal(g->kind, TASK_THREAD);
	assert_string_equal(g->process, "server");
	assert_int_equal(g->arrival.kind, ARRIVAL_POISSON);
	assert_int_equal(g->arrival.gap.kind, DIST_EXP);
	assert_int_equal(g->arrival.gap.a, 200 * US);
	assert_int_equal(g->program.len, 6);
	assert_int_equal(g->program.ops[0].dur.a, 200 * US);
	assert_int_equal(g->program.ops[1].dur.a, 5 * MS);
	assert_int_equal(g->program.ops[2].kind, OP_REPEAT);
	assert_int_equal(g->program.ops[2].loop.jump, 6);
	assert_int_equal(g->program.ops[5].kind, OP_END_REPEAT);
	assert_int_equal(g->program.ops[5].loop.jump, 2);
	assert_int_equal(g->tickets, 100);

	/* A coroutine or thread without `process` shares one named after its group. */
	g = &sc->groups[2];
	assert_int_equal(g->kind, TASK_COROUTINE);
	assert_string_equal(g->process, "loop");
	assert_int_equal(g->arrival.kind, ARRIVAL_EVERY);
	assert_int_equal(g->arrival.gap.a, 1 * MS);
	scenario_free(sc);
}

static void test_defaults(void **state)
{
	struct scenario *sc = load("[scenario]\n[task T]\nburst = 5\n", NULL);
	const struct group_conf *g = &sc->groups[0];

	assert_string_equal(sc->name, "t");
	assert_int_equal(sc->time_unit, MS);
	assert_int_equal(sc->cpus, 1);
	assert_string_equal(sc->policy->name, "fcfs");
	assert_null(sc->policy_conf);
	assert_string_equal(sc->model.name, "teaching");
	assert_int_equal(sc->model.switch_process.median, 0);
	assert_int_equal(sc->model.ram, 0);
	assert_int_equal(sc->seed, 1);
	assert_true(sc->horizon == SIM_TIME_INF);
	assert_int_equal(g->count, 1);
	assert_int_equal(g->kind, TASK_PROCESS);
	assert_int_equal(g->arrival.kind, ARRIVAL_AT);
	assert_int_equal(g->arrival.at, 0);
	assert_int_equal(g->priority, 0);
	assert_int_equal(g->nice, 0);
	assert_int_equal(g->tickets, 100);
	assert_int_equal(g->memory, 0);
	assert_int_equal(g->working_set, 0);
	assert_int_equal(g->program.ops[0].dur.a, 5 * MS);
	scenario_free(sc);
}

/* The time_unit applies to every bare number, even when set last (by --set). */
static void test_time_unit_set_last_still_applies(void **state)
{
	const char *sets[] = { "scenario.time_unit=s", NULL };
	struct scenario *sc;

	sc = load("[scenario]\npolicy = rr\nhorizon = 100\n[rr]\nquantum = 2\n[task T]\n"
		  "arrival = 1\nprogram = cpu 5; io uniform(1,2)\n",
		  sets);
	assert_int_equal(sc->horizon, 100 * S);
	assert_int_equal(((const struct rr_conf_view *)sc->policy_conf)->quantum, 2 * S);
	assert_int_equal(sc->groups[0].arrival.at, 1 * S);
	assert_int_equal(sc->groups[0].program.ops[0].dur.a, 5 * S);
	assert_int_equal(sc->groups[0].program.ops[1].dur.b, 2 * S);
	scenario_free(sc);
}

/* ------------------------------------------------------------ overrides */

static const char textbook[] = "[scenario]\n"
			       "policy = fcfs\n"
			       "[rr]\n"
			       "quantum = 4\n"
			       "[task P1]\n"
			       "burst = 24\n"
			       "[task P2]\n"
			       "burst = 3\n";

static void test_set_overrides(void **state)
{
	const char *sets[] = { "task P1.burst=5",	"scenario.policy=rr", "rr.quantum=2",
			       "task P2.arrival=at(1)", "task P1.burst=6",    NULL };
	struct scenario *sc = load(textbook, sets);

	assert_int_equal(sc->groups[0].program.ops[0].dur.a, 6 * MS);
	assert_int_equal(sc->groups[1].arrival.at, 1 * MS);
	assert_string_equal(sc->policy->name, "rr");
	assert_int_equal(((const struct rr_conf_view *)sc->policy_conf)->quantum, 2 * MS);
	scenario_free(sc);
}

static void test_set_creates_policy_group(void **state)
{
	const char *sets[] = { "rr.new_first=no", "scenario.policy=rr", NULL };
	struct scenario *sc = load("[scenario]\n[task T]\nburst=1\n", sets);
	const struct rr_conf_view *rr = sc->policy_conf;

	assert_int_equal(rr->quantum, 100 * MS);
	assert_false(rr->new_first);
	scenario_free(sc);
}

static void test_command_line_overrides(void **state)
{
	g_autofree char *model = g_strdup_printf("%s/tests/data/model-costs.ini", SRCDIR);
	struct scenario_overrides ov = {
		.policy = "rr",
		.model = model,
		.cpus = 8,
		.has_seed = true,
		.seed = 99,
	};
	struct scenario *sc = load_ov(textbook, &ov);

	assert_string_equal(sc->policy->name, "rr");
	assert_string_equal(sc->model.name, "test-costs");
	assert_int_equal(sc->cpus, 8);
	assert_int_equal(sc->seed, 99);
	scenario_free(sc);
}

static void test_bad_set(void **state)
{
	const char *no_dot[] = { "quantum=2", NULL };
	const char *no_eq[] = { "rr.quantum", NULL };
	const char *bad_key[] = { "rr.qu antum=2", NULL };
	const char *no_group[] = { "task P3.burst=5", NULL };
	const char *typo_group[] = { "tsk P1.burst=5", NULL };
	const char *unknown[] = { "rr.quantm=2", NULL };
	const char *invalid[] = { "rr.quantum=0", NULL };
	const char *invalid_task[] = { "task P1.burst=-1", NULL };
	const char *ctl[] = { "task P1.burst=5\n", NULL };

	assert_error_sets(textbook, no_dot, E_SYNTAX,
			  "--set quantum=2: expected GROUP.KEY=VALUE, such as --set rr.quantum=2 "
			  "or --set 'task P1.burst=5'");
	assert_error_sets(textbook, no_eq, E_SYNTAX,
			  "--set rr.quantum: expected GROUP.KEY=VALUE, such as --set rr.quantum=2 "
			  "or --set 'task P1.burst=5'");
	assert_error_sets(textbook, bad_key, E_SYNTAX,
			  "--set rr.qu antum=2: bad key 'qu antum': a key is made of letters, "
			  "digits, '_' and '-'");
	assert_error_sets(textbook, no_group, E_INVALID,
			  "--set task P3.burst=5: [task P3]: no such group in the file");
	assert_error_sets(textbook, typo_group, E_INVALID,
			  "--set tsk P1.burst=5: [tsk P1]: no such group in the file (did you "
			  "mean 'task P1'?)");
	assert_error_sets(textbook, unknown, E_INVALID,
			  "--set rr.quantm=2: [rr] quantm: unknown key (did you mean 'quantum'?)");
	assert_error_sets(textbook, invalid, E_INVALID,
			  "--set rr.quantum=0: [rr] quantum: must be positive, got 0");
	assert_error_sets(textbook, invalid_task, E_INVALID,
			  "--set task P1.burst=-1: [task P1] burst: must not be negative, got -1");
	assert_error_sets(textbook, ctl, E_SYNTAX,
			  "--set task P1.burst=5\\n: control character in the value");
}

static void test_bad_command_line_values(void **state)
{
	struct scenario_overrides pol = { .policy = "rrr" };
	struct scenario_overrides mod = { .model = "fast" };
	struct scenario_overrides cpus = { .cpus = 5000 };
	struct scenario_overrides file = { .model = "/nonexistent/m.ini" };

	assert_error_ov(textbook, strlen(textbook), &pol, E_INVALID,
			"--policy rrr: unknown policy 'rrr' (did you mean 'rr'?)");
	assert_error_ov(textbook, strlen(textbook), &mod, E_IO,
			"--model fast: unknown model 'fast': the built-in models are teaching and "
			"default; name a model file by a path, such as ./host.ini");
	assert_error_ov(textbook, strlen(textbook), &cpus, E_INVALID,
			"--cpus 5000: must be at most 1024, got 5000");
	assert_error_ov(textbook, strlen(textbook), &file, E_IO,
			"--model /nonexistent/m.ini: cannot read model file '/nonexistent/m.ini': "
			"no such file or directory");
}

/* ---------------------------------------------------- policy parameters */

static void test_policy_group_checked_even_when_not_selected(void **state)
{
	assert_error("[scenario]\npolicy = fcfs\n[rr]\nquantum = 0\n[task T]\nburst = 1\n",
		     E_INVALID, "t.ini:4: [rr] quantum: must be positive, got 0");
	assert_error("[scenario]\n[rr]\nnew_first = maybe\n[task T]\nburst = 1\n", E_INVALID,
		     "t.ini:3: [rr] new_first: 'maybe' is not a boolean: use true or false");
	assert_error("[scenario]\n[fcfs]\nquantum = 1\n[task T]\nburst = 1\n", E_INVALID,
		     "t.ini:3: [fcfs] quantum: unknown key: fcfs has no parameters");
	assert_error("[scenario]\n[rr]\nslice = 1\n[task T]\nburst = 1\n", E_INVALID,
		     "t.ini:3: [rr] slice: unknown key: the parameters of rr are quantum and "
		     "new_first");
	assert_error("[scenario]\n[rr x]\n[task T]\nburst = 1\n", E_INVALID,
		     "t.ini:2: [rr x]: a policy's group takes no name: write [rr]");
}

static void test_params_describe(void **state)
{
	GString *out = g_string_new(NULL);

	params_describe(policy_find("fcfs"), out);
	params_describe(policy_find("rr"), out);
	assert_string_equal(
		out->str, "    (no parameters)\n"
			  "    quantum    duration  100ms  longest run before the task goes to the "
			  "tail of the queue\n"
			  "    new_first  bool      true   a task arriving as a quantum expires is "
			  "queued before the expired one\n");
	g_string_free(out, TRUE);
}

/* A policy that declares one parameter of every type, to test the tables. */
struct fake_conf {
	sim_time_t slice;
	struct param_durations levels;
	uint32_t depth;
	bool fair;
	int order;
	double alpha;
};

static const char *const fake_orders[] = { "low-first", "high-first", NULL };

static bool fake_check(const void *conf, const char **key, GString *msg)
{
	const struct fake_conf *c = conf;

	if (c->levels.n != 1 && c->levels.n != c->depth) {
		*key = "levels";
		g_string_append_printf(msg, "give one value or one per level (%u), got %u",
				       c->depth, c->levels.n);
		return false;
	}
	return true;
}

static const struct param fake_params[] = {
	{
		.name = "slice",
		.type = PARAM_DURATION,
		.def = "4ms",
		.help = "a slice",
		.offset = offsetof(struct fake_conf, slice),
		.min = 2 * MS,
		.max = 1 * S,
	},
	{
		.name = "levels",
		.type = PARAM_DURATION_LIST,
		.def = "10ms,20ms,30ms",
		.help = "per level",
		.offset = offsetof(struct fake_conf, levels),
		.min = 1,
	},
	{
		.name = "depth",
		.type = PARAM_UINT,
		.def = "3",
		.help = "levels",
		.offset = offsetof(struct fake_conf, depth),
		.min = 1,
		.max = 8,
	},
	{
		.name = "fair",
		.type = PARAM_BOOL,
		.def = "false",
		.help = "fair",
		.offset = offsetof(struct fake_conf, fair),
	},
	{
		.name = "order",
		.type = PARAM_ENUM,
		.def = "low-first",
		.help = "which first",
		.offset = offsetof(struct fake_conf, order),
		.choices = fake_orders,
	},
	{
		.name = "alpha",
		.type = PARAM_DOUBLE,
		.def = "0.5",
		.help = "a ratio",
		.offset = offsetof(struct fake_conf, alpha),
	},
	{ .name = NULL },
};

static const struct policy_ops fake_policy = {
	.name = "fake",
	.summary = "for tests",
	.params = fake_params,
	.conf_size = sizeof(struct fake_conf),
	.check = fake_check,
};

/* Load [fake] from text into *c; NULL on success, else the message (to free). */
static char *fake_load(const char *text, struct fake_conf *c)
{
	g_autoptr(GError) err = NULL;
	struct linemap *lm = linemap_new("p.ini", "scenario", text, strlen(text), &err);
	bool ok;

	assert_non_null(lm);
	memset(c, 0, sizeof(*c));
	ok = params_load(&fake_policy, c, lm, MS, &err);
	linemap_free(lm);
	return ok ? NULL : g_strdup(err->message);
}

#define assert_fake_err(text, expected)                                                            \
	do {                                                                                       \
		struct fake_conf c_;                                                               \
		char *m_ = fake_load(text, &c_);                                                   \
		assert_non_null(m_);                                                               \
		assert_string_equal(m_, expected);                                                 \
		g_free(m_);                                                                        \
	} while (0)

static void test_params_of_every_type(void **state)
{
	struct fake_conf c;
	GString *out = g_string_new(NULL);

	/* No group: the defaults. */
	assert_null(fake_load("[scenario]\n", &c));
	assert_int_equal(c.slice, 4 * MS);
	assert_int_equal(c.levels.n, 3);
	assert_int_equal(c.levels.v[0], 10 * MS);
	assert_int_equal(c.levels.v[2], 30 * MS);
	assert_int_equal(c.depth, 3);
	assert_false(c.fair);
	assert_int_equal(c.order, 0);
	assert_true(c.alpha == 0.5);

	assert_null(fake_load("[fake]\nslice = 2\nlevels = 10, 20,40us\ndepth = 3\nfair = yes\n"
			      "order = high-first\nalpha = 1.25\n",
			      &c));
	assert_int_equal(c.slice, 2 * MS);
	assert_int_equal(c.levels.n, 3);
	assert_int_equal(c.levels.v[1], 20 * MS);
	assert_int_equal(c.levels.v[2], 40 * US);
	assert_true(c.fair);
	assert_int_equal(c.order, 1);
	assert_true(c.alpha == 1.25);

	assert_fake_err("[fake]\nslice = 1\n",
			"p.ini:2: [fake] slice: must be at least 2 ms, got 1");
	assert_fake_err("[fake]\nslice = 2s\n",
			"p.ini:2: [fake] slice: too large: '2s' is more than the limit of 1 s");
	assert_fake_err("[fake]\nlevels = 10,0,30\ndepth = 3\n",
			"p.ini:2: [fake] levels: value 2 of 3: must be positive, got 0");
	assert_fake_err(
		"[fake]\nlevels = 10,,30\n",
		"p.ini:2: [fake] levels: value 2 of 3 is empty: write a list like 10,20,40");
	assert_fake_err("[fake]\nlevels = 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,"
			"1,1,1,1,1\n",
			"p.ini:2: [fake] levels: too many values: at most 32, got 33");
	assert_fake_err("[fake]\ndepth = 9\n", "p.ini:2: [fake] depth: must be at most 8, got 9");
	assert_fake_err("[fake]\norder = low_first\n",
			"p.ini:2: [fake] order: 'low_first' is not one of low-first, high-first "
			"(did you mean 'low-first'?)");
	assert_fake_err("[fake]\nalpha = half\n", "p.ini:2: [fake] alpha: 'half' is not a number");
	assert_fake_err("[fake]\ndept = 2\n",
			"p.ini:2: [fake] dept: unknown key (did you mean 'depth'?)");
	/* The check hook's key is mapped to its line, or to the header when absent. */
	assert_fake_err("[fake]\nlevels = 1,2\ndepth = 3\n",
			"p.ini:2: [fake] levels: give one value or one per level (3), got 2");
	assert_fake_err("# x\n[fake]\ndepth = 2\n[scenario]\n",
			"p.ini:2: [fake] levels: give one value or one per level (2), got 3");
	assert_null(fake_load("[fake]\ndepth = 2\nlevels = 1,2\n", &c));
	assert_null(fake_load("[fake]\ndepth = 2\nlevels = 1\n", &c));

	params_describe(&fake_policy, out);
	assert_string_equal(out->str,
			    "    slice   duration              4ms             a slice\n"
			    "    levels  durations             10ms,20ms,30ms  per level\n"
			    "    depth   uint                  3               levels\n"
			    "    fair    bool                  false           fair\n"
			    "    order   low-first|high-first  low-first       which first\n"
			    "    alpha   number                0.5             a ratio\n");
	g_string_free(out, TRUE);
}

/* --------------------------------------------------------------- models */

static void test_model_by_path_relative_to_the_scenario(void **state)
{
	static const char text[] = "[scenario]\nmodel = ../data/model-costs.ini\n[task T]\n"
				   "burst = 1\n";
	g_autoptr(GError) err = NULL;
	struct scenario *sc;

	sc = scenario_load_data(SRCDIR "/tests/unit/inline.ini", text, strlen(text), NULL, &err);
	assert_non_null(sc);
	assert_string_equal(sc->name, "inline");
	assert_string_equal(sc->model.name, "test-costs");
	assert_int_equal(sc->model.switch_process.median, 10 * US);
	assert_int_equal(sc->model.switch_thread.median, 4 * US);
	assert_int_equal(sc->model.switch_coroutine.median, 1 * US);
	assert_int_equal(sc->model.tlb_entries, 64);
	assert_int_equal(sc->model.tlb_refill_per_page.median, 100);
	assert_int_equal(sc->model.page_size, 4096);
	assert_int_equal(sc->model.mem_process, 1 << 20);
	assert_int_equal(sc->model.mem_thread, 64 << 10);
	assert_int_equal(sc->model.mem_coroutine, 2 << 10);
	assert_int_equal(sc->model.ram, 3 << 20);
	scenario_free(sc);
}

static void test_builtin_models_load(void **state)
{
	struct model m;
	g_autoptr(GError) err = NULL;

	assert_true(model_load(&m, "teaching", NULL, &err));
	assert_string_equal(m.name, "teaching");
	assert_int_equal(m.create_process.median + m.create_thread.median +
				 m.switch_process.median + m.switch_thread.median +
				 m.switch_coroutine.median + m.remote_wakeup.median +
				 m.tlb_refill_per_page.median,
			 0);
	model_clear(&m);
	assert_true(model_load(&m, "default", NULL, &err));
	assert_string_equal(m.name, "default");
	assert_int_equal(m.create_process.median, 100 * US);
	assert_int_equal(m.create_process_per_mib.median, 10 * US);
	assert_int_equal(m.create_thread.median, 17 * US);
	assert_int_equal(m.create_coroutine.median, 300);
	assert_int_equal(m.switch_thread.median, 1700);
	assert_int_equal(m.switch_coroutine.median, 100);
	assert_int_equal(m.remote_wakeup.median, 2 * US);
	assert_int_equal(m.tlb_refill_per_page.median, 10);
	assert_int_equal(m.mem_process, 10 << 20);
	assert_int_equal(m.mem_thread, 20 << 10);
	assert_int_equal(m.mem_coroutine, 2 << 10);
	model_clear(&m);
	assert_null(m.name);
}

static void test_model_file_errors(void **state)
{
	static const struct {
		const char *text, *expected;
	} cases[] = {
		{ "[switch]\nprocess = -1\n",
		  "m.ini:2: [switch] process: must not be negative, got -1" },
		{ "[swich]\n", "m.ini:1: [swich]: unknown group 'swich' (did you mean 'switch'?)" },
		{ "[tlb]\nentrie = 5\n",
		  "m.ini:2: [tlb] entrie: unknown key (did you mean 'entries'?)" },
		{ "[tlb]\nsize = 5\n", "m.ini:2: [tlb] size: unknown key: [tlb] has entries, "
				       "pcid_slots, refill_per_page "
				       "and page_size" },
		{ "[tlb]\npage_size = 3000\n",
		  "m.ini:2: [tlb] page_size: must be a power of two of at least 512 bytes, such as "
		  "4KiB, got 3000" },
		{ "[tlb]\nentries = 64\nrefill_per_page = 1\n",
		  "m.ini:1: [tlb] page_size: missing: entries and refill_per_page need a page "
		  "size, "
		  "such as 4KiB" },
		{ "[memory]\nram = 2PiB\n",
		  "m.ini:2: [memory] ram: unknown unit 'PiB' in '2PiB': use B, KiB, MiB, GiB, "
		  "TiB, KB, MB, GB or TB" },
		{ "[create]\nthread = 11s\n",
		  "m.ini:2: [create] thread: too large: '11s' is more than the limit of 10 s" },
		{ "[model]\nname = x\nname = y\n",
		  "m.ini:3: [model] name: duplicate key: first at line 2" },
		{ "process = 1\n",
		  "m.ini:1: key 'process' before any [group] header: a file starts "
		  "with a group such as [scenario]" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct model m;
		g_autoptr(GError) err = NULL;

		assert_false(
			model_load_data(&m, "m.ini", cases[i].text, strlen(cases[i].text), &err));
		assert_string_equal(err->message, cases[i].expected);
		assert_null(m.name);
	}
	{
		struct model m;
		g_autoptr(GError) err = NULL;
		static const char ok[] = "[model]\ndescription = mine\n[switch]\nthread = 2500\n";

		/* Bare numbers are nanoseconds; the name defaults to the file's. */
		assert_true(model_load_data(&m, "dir/host.ini", ok, strlen(ok), &err));
		assert_string_equal(m.name, "host");
		assert_int_equal(m.switch_thread.median, 2500);
		model_clear(&m);
	}
}

static void test_model_error_inside_file_keeps_its_own_location(void **state)
{
	g_autoptr(GError) err = NULL;
	g_autofree char *dir = g_dir_make_tmp("schedlab-test-XXXXXX", &err);
	g_autofree char *mpath = g_build_filename(dir, "bad.ini", NULL);
	g_autofree char *spath = g_build_filename(dir, "s.ini", NULL);
	g_autofree char *expected = g_strdup_printf("%s:3: [switch] thread: 'fast' is not a "
						    "duration: expected a number with an optional "
						    "unit ns, us, ms or s",
						    mpath);
	static const char text[] = "[scenario]\nmodel = bad.ini\n[task T]\nburst = 1\n";
	struct scenario *sc;

	assert_true(
		g_file_set_contents(mpath, "[switch]\nprocess = 1us\nthread = fast\n", -1, &err));
	sc = scenario_load_data(spath, text, strlen(text), NULL, &err);
	assert_null(sc);
	assert_string_equal(err->message, expected);
	g_unlink(mpath);
	g_rmdir(dir);
}

/* --------------------------------------------------------------- traces */

static void test_trace_arrivals_set_the_count(void **state)
{
	g_autoptr(GError) err = NULL;
	g_autofree char *dir = g_dir_make_tmp("schedlab-test-XXXXXX", &err);
	g_autofree char *tpath = g_build_filename(dir, "arrivals.csv", NULL);
	g_autofree char *spath = g_build_filename(dir, "s.ini", NULL);
	g_autofree char *expected = NULL;
	static const char text[] = "[scenario]\n[group g]\narrival = trace(arrivals.csv)\n"
				   "burst = 1\n";
	static const char counted[] = "[scenario]\n[group g]\ncount = 2\n"
				      "arrival = trace(arrivals.csv)\nburst = 1\n";
	static const char task[] = "[scenario]\n[task t]\narrival = trace(arrivals.csv)\n"
				   "burst = 1\n";
	struct scenario *sc;

	assert_true(g_file_set_contents(tpath, "t\n1\n2\n2.5\n", -1, &err));
	sc = scenario_load_data(spath, text, strlen(text), NULL, &err);
	assert_non_null(sc);
	assert_int_equal(sc->groups[0].count, 3);
	assert_int_equal(sc->ntasks, 3);
	assert_int_equal(sc->groups[0].arrival.times[2], 2500 * US);
	scenario_free(sc);

	sc = scenario_load_data(spath, counted, strlen(counted), NULL, &err);
	assert_null(sc);
	expected = g_strdup_printf("%s:3: [group g] count: 2 differs from the 3 arrival times of "
				   "trace(arrivals.csv): leave count out to take it from the file",
				   spath);
	assert_string_equal(err->message, expected);
	g_clear_error(&err);
	g_free(expected);

	sc = scenario_load_data(spath, task, strlen(task), NULL, &err);
	assert_null(sc);
	expected = g_strdup_printf("%s:3: [task t] arrival: trace(arrivals.csv) holds 3 arrival "
				   "times but a [task] is one task: use [group t]",
				   spath);
	assert_string_equal(err->message, expected);
	g_unlink(tpath);
	g_rmdir(dir);
}

/* -------------------------------------------------- each class of error */

static void test_file_level_errors(void **state)
{
	g_autoptr(GError) err = NULL;

	assert_error("", E_INVALID,
		     "t.ini:1: empty file: a scenario starts with a [scenario] "
		     "group");
	assert_error(" \n\t\n", E_INVALID,
		     "t.ini:1: empty file: a scenario starts with a [scenario] group");
	assert_error("# only a comment\n[task T]\nburst = 1\n", E_INVALID,
		     "t.ini:1: [scenario]: missing group: a scenario starts with a [scenario] "
		     "group");
	assert_error("[model]\nname = x\n", E_INVALID,
		     "t.ini:1: [scenario]: missing group: a scenario starts with a [scenario] "
		     "group; this looks like a model file, which a scenario names with model = "
		     "PATH");
	assert_error("[scenario]\n", E_INVALID,
		     "t.ini:1: [scenario]: no tasks: a scenario needs at least one [task NAME] or "
		     "[group NAME]");
	assert_null(scenario_load("/nonexistent/dir/x.ini", NULL, &err));
	assert_string_equal(err->message,
			    "/nonexistent/dir/x.ini: cannot read: no such file or directory");
	assert_int_equal(err->code, E_IO);
}

static void test_syntax_errors_name_their_line(void **state)
{
	assert_error("[scenario]\n[task P1]\nburst = 1\n[task P1]\nburst = 2\n", E_SYNTAX,
		     "t.ini:4: [task P1]: duplicate group: first at line 2");
	assert_error("[scenario]\n[task P1]\nburst = 1\n\nburst = 2\n", E_SYNTAX,
		     "t.ini:5: [task P1] burst: duplicate key: first at line 3");
	assert_error("[scenario]\n[task P1]\nburst 24\n", E_SYNTAX,
		     "t.ini:3: 'burst 24' is not key = value, a [group] header or a # comment");
	assert_error("burst = 1\n[scenario]\n", E_SYNTAX,
		     "t.ini:1: key 'burst' before any [group] header: a file starts with a group "
		     "such as [scenario]");
	assert_error("[scenario]\n[task P1\n", E_SYNTAX,
		     "t.ini:2: missing ']' in group header '[task P1'");
	assert_error("[scenario]\n[task P1] # one\n", E_SYNTAX,
		     "t.ini:2: unexpected text after ']' in group header '[task P1] # one'");
	assert_error("[scenario]\n[]\n", E_SYNTAX,
		     "t.ini:2: empty group header '[]': write [scenario], [task NAME], ...");
	assert_error("[scenario]\n[task P1]\n = 5\n", E_SYNTAX,
		     "t.ini:3: missing key before '=' in '= 5'");
	assert_error("[scenario]\n[task P1]\nburst time = 5\n", E_SYNTAX,
		     "t.ini:3: bad key 'burst time': a key is made of letters, digits, '_' and "
		     "'-'");
	assert_error(
		"[scenario]\nEncoding = latin1\n", E_SYNTAX,
		"t.ini:2: [scenario] Encoding: unknown key (the name is reserved by GKeyFile)");
	assert_error("[scenario]\n[task\tP1]\nburst = 5\n", E_SYNTAX,
		     "t.ini:2: tab in group header '[task\\tP1]': separate words with a space");
	assert_error("[scenario]\n[task  P1]\nburst = 5\n", E_SYNTAX,
		     "t.ini:2: [task  P1]: write [task P1]: one space between the kind and the "
		     "name, none around");
	assert_error("[scenario]\r\n[task P1]\r\nburst = 5\rx\n", E_SYNTAX,
		     "t.ini:3: carriage return inside a line: save the file with Unix (\\n) or "
		     "DOS (\\r\\n) line endings");
}

static void test_binary_data(void **state)
{
	static const char nul[] = "[scenario]\n[task T]\nburst = 1\0\n";
	static const char bad_utf8[] = "[scenario]\n\n\xff\xfe\n";
	static const char ctl[] = "[scenario]\n\x07\n";

	assert_error_ov(nul, sizeof(nul) - 1, NULL, E_SYNTAX,
			"t.ini:3: binary data: not a scenario file");
	assert_error(bad_utf8, E_SYNTAX, "t.ini:3: binary data: not a scenario file");
	assert_error(ctl, E_SYNTAX, "t.ini:2: binary data: not a scenario file");
}

static void test_group_errors(void **state)
{
	assert_error("[scenario]\n[taks P1]\nburst = 5\n", E_INVALID,
		     "t.ini:2: [taks P1]: unknown group 'taks' (did you mean 'task'?)");
	assert_error("[scenario]\n[rrr]\n", E_INVALID,
		     "t.ini:2: [rrr]: unknown group 'rrr' (did you mean 'rr'?)");
	assert_error("[scenario]\n[jobs]\n", E_INVALID,
		     "t.ini:2: [jobs]: unknown group 'jobs': a scenario has [scenario], [task "
		     "NAME], [group NAME] and a policy's parameters under its name, such as [rr]");
	assert_error("[scenario]\n[task]\nburst = 1\n", E_INVALID,
		     "t.ini:2: [task]: missing name: write [task NAME]");
	assert_error("[scenario]\n[scenario x]\n", E_INVALID,
		     "t.ini:2: [scenario x]: [scenario] takes no name");
	assert_error("[scenario]\n[task P 1]\n", E_INVALID,
		     "t.ini:2: [task P 1]: bad name 'P 1': a name is made of letters, digits, '_', "
		     "'-' and '.'");
	assert_error("[scenario]\n[task x]\nburst = 1\n[group x]\nburst = 1\n", E_INVALID,
		     "t.ini:4: [group x]: name 'x' is already used by [task x] at line 2");
	assert_error("[scenario]\n[mutex m]\n[mutex m]\n", E_SYNTAX,
		     "t.ini:3: [mutex m]: duplicate group: first at line 2");
	assert_error("[scenario]\n[pipe ab]\ncapacity = 0\n[task T]\nburst = 1\n", E_INVALID,
		     "t.ini:3: [pipe ab] capacity: must be at least 1 byte, got 0 (a pipe with no "
		     "room blocks every send)");
}

/* "a, b and c": every registered policy, in the registry's order. */
static gchar *registered_policies(void)
{
	GString *s = g_string_new(NULL);
	const struct policy_ops *const *all = policy_all();

	for (const struct policy_ops *const *p = all; *p; p++) {
		if (p != all)
			g_string_append(s, p[1] ? ", " : " and ");
		g_string_append(s, (*p)->name);
	}
	return g_string_free(s, FALSE);
}

static void test_scenario_key_errors(void **state)
{
	g_autofree gchar *policy_list = registered_policies();

	assert_error("[scenario]\npolicy = rrr\n[task T]\nburst = 1\n", E_INVALID,
		     "t.ini:2: [scenario] policy: unknown policy 'rrr' (did you mean 'rr'?)");
	{
		g_autofree gchar *expected = g_strdup_printf(
			"t.ini:2: [scenario] policy: unknown policy 'round-robin': the policies "
			"are %s (see 'schedlab policies')",
			policy_list);

		assert_error("[scenario]\npolicy = round-robin\n[task T]\nburst = 1\n", E_INVALID,
			     expected);
	}
	assert_error("[scenario]\ncpus = 0\n[task T]\nburst = 1\n", E_INVALID,
		     "t.ini:2: [scenario] cpus: must be at least 1, got 0");
	assert_error("[scenario]\ntime_unit = sec\n[task T]\nburst = 1\n", E_INVALID,
		     "t.ini:2: [scenario] time_unit: unknown unit 'sec': use ns, us, ms or s");
	assert_error("[scenario]\nseed = -1\n[task T]\nburst = 1\n", E_INVALID,
		     "t.ini:2: [scenario] seed: must not be negative, got -1");
	assert_error("[scenario]\nhorizon = 0\n[task T]\nburst = 1\n", E_INVALID,
		     "t.ini:2: [scenario] horizon: must be positive, got 0");
	assert_error("[scenario]\nmodel = fast\n[task T]\nburst = 1\n", E_IO,
		     "t.ini:2: [scenario] model: unknown model 'fast': the built-in models are "
		     "teaching and default; name a model file by a path, such as ./host.ini");
	assert_error("[scenario]\nmodel = defualt\n[task T]\nburst = 1\n", E_IO,
		     "t.ini:2: [scenario] model: unknown model 'defualt' (did you mean "
		     "'default'?): the built-in models are teaching and default; name a model file "
		     "by a path, such as ./host.ini");
	assert_error("[scenario]\nmodel = none.ini\n[task T]\nburst = 1\n", E_IO,
		     "t.ini:2: [scenario] model: cannot read model file 'none.ini': no such file "
		     "or directory");
	assert_error("[scenario]\nplicy = rr\n[task T]\nburst = 1\n", E_INVALID,
		     "t.ini:2: [scenario] plicy: unknown key (did you mean 'policy'?)");
	assert_error("[scenario]\nname =\n[task T]\nburst = 1\n", E_INVALID,
		     "t.ini:2: [scenario] name: missing value: the scenario's name");
}

static void test_task_key_errors(void **state)
{
	assert_error("[scenario]\n[task P1]\nburst = 0\n", E_INVALID,
		     "t.ini:3: [task P1] burst: must be positive, got 0");
	assert_error("[scenario]\n[task P1]\nburst = -5\n", E_INVALID,
		     "t.ini:3: [task P1] burst: must not be negative, got -5");
	assert_error("[scenario]\n[task P1]\nburst = 1e30s\n", E_INVALID,
		     "t.ini:3: [task P1] burst: too large: '1e30s' is more than the limit of "
		     "1000000 s");
	assert_error("[scenario]\n[task P1]\nburst = exp(5ms\n", E_INVALID,
		     "t.ini:3: [task P1] burst: 'exp(5ms' is missing ')'");
	assert_error("[scenario]\n[task P1]\nbrust = 5\n", E_INVALID,
		     "t.ini:3: [task P1] brust: unknown key (did you mean 'burst'?)");
	assert_error(
		"[scenario]\n[task P1]\nweight = 5\n", E_INVALID,
		"t.ini:3: [task P1] weight: unknown key: [task P1] has arrival, burst, "
		"program, kind, process, priority, nice, tickets, memory, working_set and cpus");
	assert_error("[scenario]\n[task P1]\ncount = 5\nburst = 1\n", E_INVALID,
		     "t.ini:3: [task P1] count: a [task] is one task: use [group P1] for many");
	assert_error("[scenario]\n[task P1]\n", E_INVALID,
		     "t.ini:2: [task P1]: missing burst or program: say what the task does, such "
		     "as burst = 5 or program = cpu 5; io 2; cpu 1");
	assert_error("[scenario]\n[task P1]\nburst = 1\nprogram = cpu 1\n", E_INVALID,
		     "t.ini:4: [task P1] program: burst is given too: write either burst or "
		     "program");
	assert_error("[scenario]\n[task P1]\nprogram = cpu 1; lock c\n[pipe c]\n", E_INVALID,
		     "t.ini:3: [task P1] program: lock c: [pipe c] takes send and recv");
	assert_error("[scenario]\n[task P1]\nprogram = send m 5\n[mutex m]\n", E_INVALID,
		     "t.ini:3: [task P1] program: send m: [mutex m] takes lock and unlock");
	assert_error("[scenario]\n[task P1]\nprogram = spawn w\n", E_INVALID,
		     "t.ini:3: [task P1] program: spawn 'w': no [group w] or [task w] in the "
		     "scenario");
	assert_error("[scenario]\n[task P1]\nprogram = spawn w\n[group w]\nburst = 1\n", E_INVALID,
		     "t.ini:3: [task P1] program: spawn 'w': that group's tasks arrive on their "
		     "own; give it arrival = spawn so that spawn ops create them");
	assert_error("[scenario]\n[task P1]\nburst = 1\nprocess = srv\n", E_INVALID,
		     "t.ini:4: [task P1] process: a process has its own address space: 'process' "
		     "names the one that threads and coroutines share (set kind = thread or "
		     "coroutine)");
	assert_error("[scenario]\n[task P1]\nburst = 1\nkind = fiber\n", E_INVALID,
		     "t.ini:4: [task P1] kind: 'fiber' is not a kind: use process, thread or "
		     "coroutine");
	assert_error("[scenario]\n[task P1]\nburst = 1\nnice = 20\n", E_INVALID,
		     "t.ini:4: [task P1] nice: must be at most 19, got 20");
	assert_error("[scenario]\n[task P1]\nburst = 1\ntickets = 0\n", E_INVALID,
		     "t.ini:4: [task P1] tickets: must be at least 1, got 0");
	assert_error("[scenario]\n[task P1]\nburst = 1\npriority = 2147483648\n", E_INVALID,
		     "t.ini:4: [task P1] priority: must be at most 2147483647, got 2147483648");
	assert_error("[scenario]\n[task P1]\nburst = 1\nmemory = 2TiB\n", E_INVALID,
		     "t.ini:4: [task P1] memory: too large: '2TiB' is more than the limit of 1 "
		     "TiB");
	assert_error("[scenario]\n[task P1]\nburst = 1\ncpus = 2\n", E_INVALID,
		     "t.ini:4: [task P1] cpus: CPU 2 does not exist: the machine has 1 CPU, "
		     "numbered from 0");
	assert_error("[scenario]\ncpus = 4\n[task P1]\nburst = 1\ncpus = 3-1\n", E_INVALID,
		     "t.ini:5: [task P1] cpus: the range 3-1 is backwards");
	assert_error("[scenario]\ncpus = 4\nglobal_queue = true\n[task P1]\nburst = 1\ncpus = 1\n",
		     E_INVALID,
		     "t.ini:6: [task P1] cpus: affinity needs a run queue per CPU: remove "
		     "[scenario] global_queue = true");
	assert_error("[scenario]\n[task P1]\nburst = 1\narrival = trace(none.csv)\n", E_INVALID,
		     "t.ini:4: [task P1] arrival: cannot read trace file 'none.csv': no such file "
		     "or directory");
}

static void test_group_count_errors(void **state)
{
	assert_error("[scenario]\n[group g]\ncount = 0\nburst = 1\n", E_INVALID,
		     "t.ini:3: [group g] count: must be at least 1, got 0");
	assert_error("[scenario]\n[group g]\ncount = 10000001\nburst = 1\n", E_INVALID,
		     "t.ini:3: [group g] count: must be at most 10000000, got 10000001");
	assert_error("[scenario]\n[group a]\ncount = 6e6\nburst = 1\n[group b]\nburst = 1\n"
		     "count = 5e6\n",
		     E_INVALID,
		     "t.ini:7: [group b] count: 5000000 more tasks make 11000000 in the scenario, "
		     "more than the limit of 10000000");
}

/* A scenario's [memory], [switch], [tlb], [create] groups, and --set, change the model's figures. */
static void test_scenario_changes_model_figures(void **state)
{
	static const char text[] = "[scenario]\nmodel = default\n[memory]\nram = 8GiB\n"
				   "[switch]\nprocess = 5us\n[task T]\nburst = 1\n";
	const char *sets[] = { "memory.ram=2GiB", "tlb.pcid_slots=0", NULL };
	struct scenario *sc = load(text, NULL);

	assert_int_equal(sc->model.ram, (uint64_t)8 << 30);
	assert_int_equal(sc->model.switch_process.median, 5 * US);
	assert_int_equal(sc->model.switch_thread.median, 1700); /* the default model's, untouched */
	assert_string_equal(sc->model.name, "default, modified");
	scenario_free(sc);
	sc = load(text, sets);
	assert_int_equal(sc->model.ram, (uint64_t)2 << 30);
	assert_int_equal(sc->model.tlb_pcid_slots, 0);
	scenario_free(sc);
	sc = load("[scenario]\n[task T]\nburst = 1\n", NULL);
	assert_string_equal(sc->model.name, "teaching");
	scenario_free(sc);
	assert_error("[scenario]\n[memory]\nrom = 1GiB\n[task T]\nburst = 1\n", E_INVALID,
		     "t.ini:3: [memory] rom: unknown key (did you mean 'ram'?)");
	assert_error("[scenario]\n[switch]\nprocess = -1us\n[task T]\nburst = 1\n", E_INVALID,
		     "t.ini:3: [switch] process: must not be negative, got -1us");
	assert_error_sets(
		"[scenario]\n[task T]\nburst = 1\n", (const char *[]){ "tlb.slots=2", NULL },
		E_INVALID,
		"--set tlb.slots=2: [tlb] slots: unknown key: [tlb] has entries, pcid_slots, "
		"refill_per_page and page_size");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_scenario_fills_every_field),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_time_unit_set_last_still_applies),
		cmocka_unit_test(test_set_overrides),
		cmocka_unit_test(test_set_creates_policy_group),
		cmocka_unit_test(test_command_line_overrides),
		cmocka_unit_test(test_bad_set),
		cmocka_unit_test(test_bad_command_line_values),
		cmocka_unit_test(test_policy_group_checked_even_when_not_selected),
		cmocka_unit_test(test_params_describe),
		cmocka_unit_test(test_params_of_every_type),
		cmocka_unit_test(test_model_by_path_relative_to_the_scenario),
		cmocka_unit_test(test_builtin_models_load),
		cmocka_unit_test(test_model_file_errors),
		cmocka_unit_test(test_model_error_inside_file_keeps_its_own_location),
		cmocka_unit_test(test_trace_arrivals_set_the_count),
		cmocka_unit_test(test_file_level_errors),
		cmocka_unit_test(test_syntax_errors_name_their_line),
		cmocka_unit_test(test_binary_data),
		cmocka_unit_test(test_group_errors),
		cmocka_unit_test(test_scenario_key_errors),
		cmocka_unit_test(test_task_key_errors),
		cmocka_unit_test(test_group_count_errors),
		cmocka_unit_test(test_scenario_changes_model_figures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
