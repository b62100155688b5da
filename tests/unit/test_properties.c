/*
 * test_properties.c - properties every policy must have, over seeded
 * random workloads (a few thousand runs):
 *
 *   - work conservation: no CPU idles while a task is READY (one CPU, or
 *     several CPUs sharing one queue; with a queue per CPU, Linux-style,
 *     a CPU may idle while another's queue waits, so only the rest holds);
 *   - every task finishes, its CPU time equals its bursts, its waiting
 *     time is >= 0 and equals turnaround - CPU - blocked time;
 *   - on one CPU with CPU-only tasks, SRTF's average turnaround is never
 *     above any other policy's (SRPT is optimal: Schrage 1968);
 *   - determinism: the same scenario gives the same results twice.
 *
 * Workloads come from our own PCG32 stream (base/rng.h) with a fixed
 * seed, so a failure names a case that can be replayed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/rng.h"
#include "policy/policy.h"
#include "report/report.h"
#include "scenario/scenario.h"
#include "sim/sim.h"

#define MS	  SIM_MS
#define MAX_TASKS 8

/* One random workload. */
struct workload {
	GString *text; /* the scenario (policy chosen by --set) */
	uint32_t ntasks;
	sim_time_t cpu[MAX_TASKS];     /* total CPU of each task */
	sim_time_t blocked[MAX_TASKS]; /* total I/O of each task */
	sim_time_t arrival[MAX_TASKS];
	bool io; /* some tasks block */
	uint32_t cpus;
	bool global; /* one queue for all CPUs */
};

/* Durations in units of 0.5 ms, so that ties are frequent. */
static sim_time_t draw(struct rng *r, uint32_t lo, uint32_t hi)
{
	return (sim_time_t)(lo + rng_below(r, hi - lo + 1)) * (MS / 2);
}

static void workload_make(struct workload *w, struct rng *r, bool io, uint32_t cpus, bool global)
{
	memset(w, 0, sizeof(*w));
	w->text = g_string_new(NULL);
	w->io = io;
	w->cpus = cpus;
	w->global = global;
	w->ntasks = 2 + rng_below(r, MAX_TASKS - 1);
	g_string_append_printf(w->text,
			       "[scenario]\ntime_unit = ns\ncpus = %u\n%s"
			       "[rr]\nquantum = %" G_GINT64_FORMAT "\n"
			       "[lottery]\nquantum = 2ms\n[stride]\nquantum = 2ms\n"
			       "[mlfq]\nquantum = %" G_GINT64_FORMAT "\nboost = %s\n"
			       "[prio]\npreemptive = %s\nrr_quantum = %s\n",
			       cpus, global ? "global_queue = true\n" : "", draw(r, 1, 8),
			       draw(r, 2, 10), rng_below(r, 2) ? "0" : "40ms",
			       rng_below(r, 2) ? "true" : "false", rng_below(r, 2) ? "0" : "3ms");
	for (uint32_t i = 0; i < w->ntasks; i++) {
		w->arrival[i] = rng_below(r, 3) ? draw(r, 0, 60) : 0;
		g_string_append_printf(w->text,
				       "[task T%u]\narrival = %" G_GINT64_FORMAT "\npriority = %u\n"
				       "nice = %d\ntickets = %u\n",
				       i, w->arrival[i], rng_below(r, 4), (int)rng_below(r, 11) - 5,
				       50 + 50 * rng_below(r, 4));
		if (io && rng_below(r, 3)) {
			sim_time_t a = draw(r, 1, 20), b = draw(r, 0, 30), c = draw(r, 1, 20);

			w->cpu[i] = a + c;
			w->blocked[i] = b;
			g_string_append_printf(w->text,
					       "program = cpu %" G_GINT64_FORMAT
					       "; io %" G_GINT64_FORMAT "; cpu %" G_GINT64_FORMAT
					       "\n",
					       a, b, c);
		} else {
			w->cpu[i] = draw(r, 1, 60);
			g_string_append_printf(w->text, "burst = %" G_GINT64_FORMAT "\n",
					       w->cpu[i]);
		}
	}
}

/*
 * Work conservation from the record stream: between two instants, the
 * number of READY tasks and of running CPUs are constant; a READY task
 * while a CPU is free is a violation.
 */
struct conserve {
	int64_t ready, running;
	uint32_t cpus;
	sim_time_t last;
	sim_time_t violated_at; /* -1: never */
};

static void conserve_emit(void *ctx, const struct record *r)
{
	struct conserve *c = ctx;

	if (r->time > c->last) {
		if (c->ready > 0 && c->running < c->cpus && c->violated_at < 0)
			c->violated_at = c->last;
		c->last = r->time;
	}
	switch (r->kind) {
	case REC_ARRIVE:
	case REC_WAKE:
		c->ready++;
		break;
	case REC_DISPATCH:
		c->ready--;
		c->running++;
		break;
	case REC_PREEMPT:
	case REC_EXPIRE:
	case REC_YIELD:
		c->ready++;
		c->running--;
		break;
	case REC_BLOCK:
	case REC_EXIT:
		c->running--;
		break;
	default:
		break;
	}
}

static bool run_one(const struct workload *w, const char *policy, const struct record_sink *sink,
		    struct run_result *res)
{
	g_autofree char *set = g_strdup_printf("scenario.policy=%s", policy);
	const char *sets[] = { set, NULL };
	struct scenario_overrides ov = { .sets = sets };
	g_autoptr(GError) err = NULL;
	struct scenario *sc;
	struct sim *sim;

	sc = scenario_load_data(SRCDIR "/tests/unit/random.ini", w->text->str, w->text->len, &ov,
				&err);
	if (!sc) {
		/* The kernel's policies refuse a global queue. */
		if (policy_find(policy)->per_cpu_only && w->global)
			return false;
		fail_msg("scenario (%s): %s\n%s", policy, err->message, w->text->str);
	}
	sim = sim_new(sc, sink, &err);
	assert_non_null(sim);
	if (!sim_run(sim, &err))
		fail_msg("run (%s): %s", policy, err->message);
	sim_result(sim, res);
	sim_free(sim);
	scenario_free(sc);
	return true;
}

static void check_run(const struct workload *w, const char *policy, uint32_t ncase,
		      const struct run_result *r, const struct conserve *c)
{
	if ((w->cpus == 1 || w->global) && c->violated_at >= 0)
		fail_msg("case %u %s: a CPU idles at %" G_GINT64_FORMAT
			 " ns while a task is ready\n%s",
			 ncase, policy, c->violated_at, w->text->str);
	for (uint32_t i = 0; i < w->ntasks; i++) {
		const struct task_result *t = &r->tasks[i];
		sim_time_t turnaround;

		if (t->completion == SIM_TIME_NONE)
			fail_msg("case %u %s: T%u never finished", ncase, policy, i);
		turnaround = t->completion - t->arrival;
		if (t->cpu != w->cpu[i])
			fail_msg("case %u %s: T%u ran %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT,
				 ncase, policy, i, t->cpu, w->cpu[i]);
		if (t->waiting < 0 || t->waiting != turnaround - w->cpu[i] - w->blocked[i])
			fail_msg("case %u %s: T%u waited %" G_GINT64_FORMAT, ncase, policy, i,
				 t->waiting);
		if (t->first_run < t->arrival)
			fail_msg("case %u %s: T%u ran before it arrived", ncase, policy, i);
	}
}

static sim_time_t total_turnaround(const struct run_result *r)
{
	sim_time_t s = 0;

	for (uint32_t i = 0; i < r->ntasks; i++)
		s += r->tasks[i].completion - r->tasks[i].arrival;
	return s;
}

static bool same_results(const struct run_result *a, const struct run_result *b)
{
	if (a->ntasks != b->ntasks || a->events != b->events || a->makespan != b->makespan)
		return false;
	for (uint32_t i = 0; i < a->ntasks; i++) {
		const struct task_result *x = &a->tasks[i], *y = &b->tasks[i];

		if (x->first_run != y->first_run || x->completion != y->completion ||
		    x->cpu != y->cpu || x->waiting != y->waiting || x->voluntary != y->voluntary ||
		    x->involuntary != y->involuntary)
			return false;
	}
	return true;
}

/* Run every policy on n workloads; SRTF's optimality is checked when asked. */
static void run_cases(const char *stream, uint32_t n, bool io, uint32_t cpus, bool global,
		      bool srtf_optimal)
{
	const struct policy_ops *const *all = policy_all();
	size_t npolicies = 0;
	struct rng r;

	while (all[npolicies])
		npolicies++;
	rng_seed_named(&r, 20240601, stream, 0);
	for (uint32_t k = 0; k < n; k++) {
		struct workload w;
		sim_time_t srtf_total = -1, best = INT64_MAX;
		const char *best_policy = NULL;

		workload_make(&w, &r, io, cpus, global);
		for (const struct policy_ops *const *p = all; *p; p++) {
			struct conserve c = { .cpus = cpus, .violated_at = -1 };
			struct record_sink sink = { .emit = conserve_emit, .ctx = &c };
			struct run_result res;
			sim_time_t total;

			if (!run_one(&w, (*p)->name, &sink, &res))
				continue;
			check_run(&w, (*p)->name, k, &res, &c);
			total = total_turnaround(&res);
			if (!strcmp((*p)->name, "srtf"))
				srtf_total = total;
			if (total < best) {
				best = total;
				best_policy = (*p)->name;
			}
			/* Determinism: one policy per case, in turn, runs twice. */
			if ((size_t)(p - all) == k % npolicies) {
				struct run_result again;

				run_one(&w, (*p)->name, NULL, &again);
				if (!same_results(&res, &again))
					fail_msg("case %u %s: two runs differ", k, (*p)->name);
				run_result_clear(&again);
			}
			run_result_clear(&res);
		}
		if (srtf_optimal && srtf_total > best)
			fail_msg("case %u: srtf's total turnaround %" G_GINT64_FORMAT
				 " is above %s's %" G_GINT64_FORMAT "\n%s",
				 k, srtf_total, best_policy, best, w.text->str);
		g_string_free(w.text, TRUE);
	}
}

static void test_cpu_only_one_cpu(void **state)
{
	run_cases("cpu-only", 400, false, 1, false, true);
}

static void test_with_io_one_cpu(void **state)
{
	run_cases("io", 200, true, 1, false, false);
}

static void test_two_cpus_one_queue(void **state)
{
	run_cases("two-cpus", 100, true, 2, true, false);
}

/* Per-CPU queues with load balancing: everything but strict conservation. */
static void test_four_cpus_per_cpu_queues(void **state)
{
	run_cases("four-cpus", 100, true, 4, false, false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpu_only_one_cpu),
		cmocka_unit_test(test_with_io_one_cpu),
		cmocka_unit_test(test_two_cpus_one_queue),
		cmocka_unit_test(test_four_cpus_per_cpu_queues),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
