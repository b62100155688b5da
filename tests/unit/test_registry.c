/*
 * test_registry.c - the registry of policies, what follows from it, and
 * what every registered policy must do:
 *
 *   - policies.def and policy_all() agree, name for name and in order;
 *   - docs/scenario-format.md lists every policy in its summary table and,
 *     in the policy's own section, every parameter with its default;
 *   - every policy runs, and explains each decision (--explain), programs
 *     that yield, sleep, do I/O, spawn and exit, on one CPU and on two;
 *   - yield gives an equal task its turn under the policies that rank by
 *     burst length (sjf, srtf, ljf, lrtf, hrrn), as under fcfs and rr.
 *
 * Nothing here names a policy but the last group: a new policy is checked
 * by the loops without anyone editing this file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "policy/policy.h"
#include "sched/record.h"
#include "simtest.h"

#define POLICY(name) extern const struct policy_ops name##_policy;
#include "policy/policies.def"
#undef POLICY

static size_t policy_count(void)
{
	size_t n = 0;

	for (const struct policy_ops *const *p = policy_all(); *p; p++)
		n++;
	return n;
}

/* ------------------------------------------------------------- registry */

static void test_registry_follows_policies_def(void **state)
{
	static const struct {
		const char *name;
		const struct policy_ops *ops;
	} def[] = {
#define POLICY(name) { #name, &name##_policy },
#include "policy/policies.def"
#undef POLICY
	};
	const struct policy_ops *const *all = policy_all();

	assert_int_equal(policy_count(), G_N_ELEMENTS(def));
	for (size_t i = 0; i < G_N_ELEMENTS(def); i++) {
		assert_ptr_equal(all[i], def[i].ops);
		assert_string_equal(def[i].ops->name, def[i].name);
		assert_ptr_equal(policy_find(def[i].name), def[i].ops);
	}
	assert_null(policy_find("no-such-policy"));
}

static void test_every_policy_has_the_hooks_the_core_calls(void **state)
{
	for (const struct policy_ops *const *p = policy_all(); *p; p++) {
		const struct policy_ops *o = *p;

		assert_non_null(o->summary);
		assert_non_null(o->params);
		assert_non_null(o->enqueue);
		assert_non_null(o->pick_next);
		assert_non_null(o->slice);
		assert_non_null(o->explain);
		if (o->tick_period)
			assert_non_null(o->tick);
		for (const struct param *pp = o->params; pp->name; pp++) {
			assert_non_null(pp->def);
			assert_non_null(pp->help);
			if (pp->type == PARAM_ENUM)
				assert_non_null(pp->choices);
		}
	}
}

/* ---------------------------------------------------------------- docs */

/* The lines of docs/scenario-format.md from "## Policy parameters" to the
 * next "## " heading. */
static gchar **policy_docs(void)
{
	g_autofree gchar *text = NULL;
	g_autoptr(GError) err = NULL;
	const char *start, *end;

	if (!g_file_get_contents(SRCDIR "/docs/scenario-format.md", &text, NULL, &err))
		fail_msg("%s", err->message);
	start = strstr(text, "\n## Policy parameters\n");
	assert_non_null(start);
	start++;
	end = strstr(start + 3, "\n## ");
	assert_non_null(end);
	{
		g_autofree gchar *part = g_strndup(start, (gsize)(end - start));

		return g_strsplit(part, "\n", -1);
	}
}

/* Is `word` one of the words of a "### a, b and c" heading? */
static bool heading_names(const char *line, const char *word)
{
	g_auto(GStrv) words = NULL;

	if (!g_str_has_prefix(line, "### "))
		return false;
	words = g_strsplit_set(line + 4, " ,", -1);
	for (gchar **w = words; *w; w++)
		if (!strcmp(*w, word))
			return true;
	return false;
}

/* The summary table's row of each policy: its summary, then its parameters
 * (or "none"), as `schedlab policies` prints them. */
static void test_docs_summary_table_lists_every_policy(void **state)
{
	g_auto(GStrv) lines = policy_docs();

	for (const struct policy_ops *const *p = policy_all(); *p; p++) {
		g_autofree gchar *row =
			g_strdup_printf("| `%s` | %s | ", (*p)->name, (*p)->summary);
		const char *found = NULL;

		/* The summary table comes before the first policy's section. */
		for (gchar **l = lines; *l && !g_str_has_prefix(*l, "### "); l++)
			if (g_str_has_prefix(*l, row))
				found = *l;
		if (!found)
			fail_msg("docs/scenario-format.md: the policy table has no row '%s'", row);
		if (!(*p)->params[0].name && strcmp(found + strlen(row), "none |"))
			fail_msg("docs/scenario-format.md: %s has no parameters: '%s'", (*p)->name,
				 found);
		for (const struct param *pp = (*p)->params; pp->name; pp++) {
			g_autofree gchar *key = g_strdup_printf("`%s`", pp->name);

			if (!strstr(found + strlen(row), key))
				fail_msg("docs/scenario-format.md: the row of %s does not name %s",
					 (*p)->name, key);
		}
	}
}

static void test_docs_list_every_parameter_and_default(void **state)
{
	g_auto(GStrv) lines = policy_docs();

	for (const struct policy_ops *const *p = policy_all(); *p; p++) {
		gchar **sec = NULL;

		for (gchar **l = lines; *l; l++)
			if (heading_names(*l, (*p)->name))
				sec = l + 1;
		if (!sec)
			fail_msg("docs/scenario-format.md: no section '### %s'", (*p)->name);
		for (const struct param *pp = (*p)->params; pp->name; pp++) {
			g_autofree gchar *key = g_strdup_printf("| `%s` |", pp->name);
			g_autofree gchar *def = g_strdup_printf("`%s`", pp->def);
			bool found = false;

			for (gchar **l = sec; *l && !g_str_has_prefix(*l, "### "); l++)
				if (g_str_has_prefix(*l, key) && strstr(*l, def))
					found = true;
			if (!found)
				fail_msg("docs/scenario-format.md: the section of %s has no row "
					 "%s with its default %s",
					 (*p)->name, key, def);
		}
	}
}

/* ---------------------------------------------- every policy, explained */

struct explained {
	const char *policy;
	uint32_t dispatches, idles, yields, exits, blocks;
	char last[256]; /* the last reason, for messages */
};

static void explained_emit(void *ctx, const struct record *r)
{
	struct explained *e = ctx;
	g_autofree gchar *prefix = g_strdup_printf("%s: ", e->policy);

	switch (r->kind) {
	case REC_DISPATCH:
	case REC_IDLE:
		if (!r->why || !g_str_has_prefix(r->why, prefix))
			fail_msg("%s: %s at %" G_GINT64_FORMAT " explained as '%s'", e->policy,
				 record_kind_name(r->kind), r->time, r->why ? r->why : "(null)");
		g_strlcpy(e->last, r->why, sizeof(e->last));
		if (r->kind == REC_DISPATCH)
			e->dispatches++;
		else
			e->idles++;
		break;
	case REC_YIELD:
		e->yields++;
		break;
	case REC_BLOCK:
		e->blocks++;
		break;
	case REC_EXIT:
		e->exits++;
		break;
	default:
		break;
	}
}

/*
 * Two workers yield right after a burst (the case that left sjf, srtf and
 * hrrn with a burst of 0), yield twice in a row, sleep, do I/O, spawn a
 * child that yields too, and exit early with an op left in their program.
 */
static const char every_op[] = "[scenario]\n"
			       "time_unit = us\n"
			       "model = teaching\n"
			       "[group w]\n"
			       "count = 2\n"
			       "program = repeat 3 { cpu 10; yield }; yield; sleep 5; cpu 5; "
			       "io 5; spawn kid; cpu 3; yield; exit; cpu 100\n"
			       "[group kid]\n"
			       "count = 2\n"
			       "arrival = spawn\n"
			       "program = yield; cpu 4; yield; cpu 4; yield\n"
			       "[task solo]\n"
			       "arrival = 2\n"
			       "program = cpu 7; yield; yield; io 1; cpu 1\n";

static void run_explained(const struct policy_ops *ops, uint32_t cpus)
{
	g_autofree gchar *cpus_set = g_strdup_printf("scenario.cpus=%u", cpus);
	const char *sets[] = { cpus_set, NULL };
	struct scenario_overrides ov = { .policy = ops->name, .sets = sets };
	struct explained e = { .policy = ops->name };
	struct record_sink sink = { .emit = explained_emit, .ctx = &e, .want_why = true };
	struct run_result res;

	simtest_run(NULL, every_op, &ov, &sink, &res);
	/* Every task ran to its end: w twice, kid twice, solo. */
	assert_int_equal(res.ntasks, 5);
	for (uint32_t i = 0; i < res.ntasks; i++) {
		if (res.tasks[i].completion == SIM_TIME_NONE)
			fail_msg("%s on %u CPUs: %s did not finish", ops->name, cpus,
				 res.tasks[i].name);
	}
	/* w: 10 * 3 + 5 + 3 us; kid: 8 us; solo: 8 us (the teaching model costs nothing). */
	assert_int_equal(res.tasks[0].cpu, 38 * SIM_US);
	assert_int_equal(res.tasks[1].cpu, 38 * SIM_US);
	assert_int_equal(res.tasks[2].cpu, 8 * SIM_US);
	assert_int_equal(res.tasks[3].cpu, 8 * SIM_US);
	assert_int_equal(res.tasks[4].cpu, 8 * SIM_US);
	assert_int_equal(e.exits, 5);
	/* w: 3 + 1 + 1 yields, 2 blocks; kid: 2 yields that hold a CPU (the first
	 * comes before it ever runs); solo: 2 yields, 1 block. */
	assert_int_equal(e.yields, 2 * 5 + 2 * 2 + 2);
	assert_int_equal(e.blocks, 2 * 2 + 1);
	assert_true(e.dispatches >= e.yields);
	run_result_clear(&res);
}

static void test_every_policy_explains_yield_sleep_io_spawn_exit(void **state)
{
	for (const struct policy_ops *const *p = policy_all(); *p; p++) {
		run_explained(*p, 1);
		run_explained(*p, 2);
	}
}

/* ---------------------------------------------------- yield takes effect */

/* How many times the running task changes on cpu 0 (dispatches of a task
 * other than the previous one). */
struct turns {
	uint32_t last, changes;
};

static void turns_emit(void *ctx, const struct record *r)
{
	struct turns *t = ctx;

	if (r->kind != REC_DISPATCH)
		return;
	if (r->task != t->last)
		t->changes++;
	t->last = r->task;
}

static uint32_t turns_under(const char *policy, bool why)
{
	struct scenario_overrides ov = { .policy = policy, .model = "teaching" };
	struct turns t = { .last = UINT32_MAX };
	struct record_sink sink = { .emit = turns_emit, .ctx = &t, .want_why = why };
	struct run_result res;

	simtest_run(SRCDIR "/scenarios/claims/switch-cost.ini", NULL, &ov, &sink, &res);
	run_result_clear(&res);
	return t.changes;
}

/*
 * scenarios/claims/switch-cost.ini (with the teaching model): two tasks
 * `repeat 1000 { cpu 10us; yield }`. Under fcfs they take turns: 2002
 * dispatches (1001 each), each of a task other than the one before. A policy that ranks by burst length must do the same: the yielder's
 * next burst counts as long as its last, equal to the other's, and the
 * yielder goes behind it. (Before, sjf, srtf and hrrn counted it as 0 and
 * ran it again at once, and hrrn's explanation divided by that 0.)
 */
static void test_yield_alternates_equal_tasks_under_burst_policies(void **state)
{
	static const char *const burst_policies[] = { "fcfs", "rr",   "sjf", "srtf",
						      "ljf",  "lrtf", "hrrn" };
	uint32_t fcfs = turns_under("fcfs", false);

	assert_int_equal(fcfs, 2002);
	for (size_t i = 0; i < G_N_ELEMENTS(burst_policies); i++) {
		uint32_t n = turns_under(burst_policies[i], true);

		if (n != fcfs)
			fail_msg("%s: %u changes of task, fcfs %u", burst_policies[i], n, fcfs);
	}
}

/*
 * With predict = exp_avg, the yielder's next burst is the estimator's
 * tau(n+1), learned once: T computes 2 ms and yields twice. tau0 = 10 ms,
 * alpha = 1/2, so tau(1) = 6 ms for both later dispatches (not 6 - 2 = 4 ms,
 * what is "left" of a burst that is over, nor 4 ms after learning the same
 * burst twice). U, never run, is guessed at tau0 = 10 ms and waits.
 */
struct whys {
	char why[4][160];
	uint32_t n;
};

static void whys_emit(void *ctx, const struct record *r)
{
	struct whys *w = ctx;

	if (r->kind == REC_DISPATCH && w->n < G_N_ELEMENTS(w->why))
		g_strlcpy(w->why[w->n++], r->why, sizeof(w->why[0]));
}

static void test_exp_avg_ranks_a_yielder_by_its_next_guess(void **state)
{
	static const char text[] = "[scenario]\n"
				   "[sjf]\npredict = exp_avg\n[srtf]\npredict = exp_avg\n"
				   "[task T]\nprogram = cpu 2; yield; yield; cpu 1\n"
				   "[task U]\narrival = 1\nburst = 5\n";
	static const struct {
		const char *policy, *first, *then;
	} cases[] = {
		{ "sjf", "sjf: shortest predicted burst 10.00 ms (0 waiting)",
		  "sjf: shortest predicted burst 6.00 ms (between bursts: the next one's guess) "
		  "(1 waiting)" },
		{ "srtf", "srtf: least predicted remaining time 10.00 ms (0 waiting)",
		  "srtf: least predicted remaining time 6.00 ms (between bursts: the next one's "
		  "guess) (1 waiting)" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct scenario_overrides ov = { .policy = cases[i].policy };
		struct whys w = { 0 };
		struct record_sink sink = { .emit = whys_emit, .ctx = &w, .want_why = true };
		struct run_result res;

		simtest_run(NULL, text, &ov, &sink, &res);
		run_result_clear(&res);
		assert_int_equal(w.n, 4); /* T, T, T, U */
		if (!g_str_has_prefix(w.why[0], cases[i].first))
			fail_msg("%s: first dispatch '%s'", cases[i].policy, w.why[0]);
		for (uint32_t k = 1; k < 3; k++)
			if (!g_str_has_prefix(w.why[k], cases[i].then))
				fail_msg("%s: dispatch %u '%s', expected '%s'", cases[i].policy, k,
					 w.why[k], cases[i].then);
	}
}

/*
 * The yielder's next burst is ranked as long as its last. S computes 6 ms
 * and yields; M (4 ms) and L (8 ms) arrived at 3 (too long to preempt S
 * under srtf). At 6, S counts 6 ms: sjf and srtf run M, then S (6 < 8),
 * then L; ljf runs L, then S (6 > 4), then M; hrrn runs M (ratio 1.75
 * against L's 1.375 and S's 1), then at 10 L (1.875 against S's 1.67), then
 * S. Counted as 0, S would have run at once under sjf, srtf and hrrn, and
 * last under ljf.
 */
struct order {
	uint32_t task[8];
	uint32_t n;
};

static void order_emit(void *ctx, const struct record *r)
{
	struct order *o = ctx;

	if (r->kind == REC_DISPATCH && o->n < G_N_ELEMENTS(o->task))
		o->task[o->n++] = r->task;
}

static void test_yielder_is_ranked_by_its_last_burst(void **state)
{
	static const char text[] = "[scenario]\n"
				   "[task S]\nprogram = cpu 6; yield; cpu 1\n"
				   "[task L]\narrival = 3\nburst = 8\n"
				   "[task M]\narrival = 3\nburst = 4\n";
	static const struct {
		const char *policy;
		uint32_t n, order[4];
	} cases[] = {
		{ "sjf", 4, { 0, 2, 0, 1 } },
		{ "srtf", 4, { 0, 2, 0, 1 } },
		{ "ljf", 4, { 0, 1, 0, 2 } },
		{ "hrrn", 4, { 0, 2, 1, 0 } },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct scenario_overrides ov = { .policy = cases[i].policy };
		struct order o = { 0 };
		struct record_sink sink = { .emit = order_emit, .ctx = &o, .want_why = true };
		struct run_result res;

		simtest_run(NULL, text, &ov, &sink, &res);
		run_result_clear(&res);
		assert_int_equal(o.n, cases[i].n);
		for (uint32_t k = 0; k < o.n; k++)
			if (o.task[k] != cases[i].order[k])
				fail_msg("%s: dispatch %u is task %u, expected %u", cases[i].policy,
					 k, o.task[k], cases[i].order[k]);
	}
}

/*
 * A yielder goes behind every task of equal rank, even one that became
 * ready after it yielded. S computes 4 ms and yields; R (3 ms, arrived at 1)
 * runs 4-7; W (4 ms) arrives at 5. At 7, S and W both count 4 ms: W runs
 * first, then S. (By the time of queueing alone, S would run first.)
 */
static void test_yielder_goes_behind_equal_tasks(void **state)
{
	static const char text[] = "[scenario]\n"
				   "[task S]\nprogram = cpu 4; yield; cpu 4\n"
				   "[task R]\narrival = 1\nburst = 3\n"
				   "[task W]\narrival = 5\nburst = 4\n";
	static const char *const policies[] = { "sjf", "srtf" };
	static const uint32_t expected[] = { 0, 1, 2, 0 };

	for (size_t i = 0; i < G_N_ELEMENTS(policies); i++) {
		struct scenario_overrides ov = { .policy = policies[i] };
		struct order o = { 0 };
		struct record_sink sink = { .emit = order_emit, .ctx = &o, .want_why = true };
		struct run_result res;

		simtest_run(NULL, text, &ov, &sink, &res);
		run_result_clear(&res);
		assert_int_equal(o.n, G_N_ELEMENTS(expected));
		for (uint32_t k = 0; k < o.n; k++)
			if (o.task[k] != expected[k])
				fail_msg("%s: dispatch %u is task %u, expected %u", policies[i], k,
					 o.task[k], expected[k]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry_follows_policies_def),
		cmocka_unit_test(test_every_policy_has_the_hooks_the_core_calls),
		cmocka_unit_test(test_docs_summary_table_lists_every_policy),
		cmocka_unit_test(test_docs_list_every_parameter_and_default),
		cmocka_unit_test(test_every_policy_explains_yield_sleep_io_spawn_exit),
		cmocka_unit_test(test_yield_alternates_equal_tasks_under_burst_policies),
		cmocka_unit_test(test_exp_avg_ranks_a_yielder_by_its_next_guess),
		cmocka_unit_test(test_yielder_is_ranked_by_its_last_burst),
		cmocka_unit_test(test_yielder_goes_behind_equal_tasks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
