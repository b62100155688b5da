/*
 * bench_policies.c - the policies' cost per event as their queue grows.
 *
 * Whole runs (sim_new to sim_free, best of 3, in CPU time) of 1,000 and 100,000 tasks on
 * one CPU, each looping on 2 ms of CPU and 1 ms of I/O, so that nearly every
 * task is runnable all the time and every I/O completion is a wake-up the
 * policy judges; the horizon gives each task about three turns. A pick that
 * is O(log n) costs about the same per event at both sizes (the target is
 * within 2x), apart from the memory: 1,000 tasks stay in the cache, 100,000
 * do not. The rr row is the reference: its queue is O(1), so what grows
 * there is the core's own cost. HRRN runs twice: with one service time (its
 * groups of equal service collapse to one) and with service times drawn
 * from exp(2ms) (as many groups as tasks, and a staircase of them that grows
 * as HRRN leaves the long tasks waiting; a fifth of a turn each, so that it
 * ends soon). Decisions are dispatches, counted from the tasks' voluntary
 * and involuntary switches. Last, CFS with 100,000 CPU-bound tasks, all
 * runnable, for 2,000 s (some 500,000 ticks, each task running about 5
 * times): events per second of the whole run (target 10 M).
 *
 * A first argument scales every horizon (0.1: a tenth of the events), for
 * slower builds; a second runs only the rows of one label ("eevdf",
 * "hrrn exp", "cfs") and nothing else; a third only the runs of that many
 * tasks (1000 or 100000), so that a profiler or a counter sees one size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scenario/scenario.h"
#include "sched/result.h"
#include "sim/sim.h"

/*
 * The CPU time of this process: on a machine shared with other work, the
 * time the process waits for a CPU does not count (its caches may still
 * be disturbed).
 */
static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

struct timed_run {
	double seconds; /* best of the repetitions */
	uint64_t events;
	uint64_t decisions;
};

/* Whole runs of `text`, best of `reps`; false (message printed) on error. */
static bool time_runs(const char *ini, int reps, struct timed_run *out)
{
	GError *err = NULL;
	struct scenario *sc = scenario_load_data("bench.ini", ini, strlen(ini), NULL, &err);

	if (!sc) {
		fprintf(stderr, "%s\n", err->message);
		g_error_free(err);
		return false;
	}
	out->seconds = 0;
	for (int rep = 0; rep < reps; rep++) {
		double t0 = now_s(), dt;
		struct sim *sim = sim_new(sc, NULL, &err);
		struct run_result res;

		if (!sim || !sim_run(sim, &err)) {
			fprintf(stderr, "%s\n", err->message);
			g_error_free(err);
			scenario_free(sc);
			return false;
		}
		sim_result(sim, &res);
		sim_free(sim);
		dt = now_s() - t0;
		if (!rep || dt < out->seconds)
			out->seconds = dt;
		out->events = res.events;
		out->decisions = 0;
		for (uint32_t i = 0; i < res.ntasks; i++)
			out->decisions += res.tasks[i].voluntary + res.tasks[i].involuntary;
		run_result_clear(&res);
	}
	scenario_free(sc);
	return true;
}

struct policy_case {
	const char *label;
	const char *policy;
	const char *cpu; /* each burst */
	double turns;	 /* of each task in the horizon */
};

static const struct policy_case policy_cases[] = {
	/* clang-format off */
	{ "rr", "rr", "2ms", 3 }, /* the reference: an O(1) queue, the core's own cost */
	{ "eevdf", "eevdf", "2ms", 3 },
	{ "prio", "prio", "2ms", 3 },
	{ "hrrn", "hrrn", "2ms", 3 },
	{ "hrrn exp", "hrrn", "exp(2ms)", 0.2 }, /* slower per decision: fewer of them */
	{ "lottery", "lottery", "2ms", 3 },
	/* clang-format on */
};

/*
 * The policies' cost per event at 1k and 100k tasks (only `only`'s, if not
 * NULL; only `size` tasks, if not 0).
 */
static bool policy_costs(double scale, const char *only, unsigned size)
{
	static const unsigned sizes[] = { 1000, 100000 };

	for (size_t i = 0; i < G_N_ELEMENTS(policy_cases); i++) {
		const struct policy_case *c = &policy_cases[i];
		double per[G_N_ELEMENTS(sizes)] = { 0 };

		if (only && strcmp(only, c->label) != 0)
			continue;
		for (size_t k = 0; k < G_N_ELEMENTS(sizes); k++) {
			if (size && sizes[k] != size)
				continue;
			/*
			 * Turns of 2 ms each per task on the one CPU, as many
			 * events at 1k tasks as at 100k: the fixed cost of a
			 * run (parsing, building, the results) is then shared
			 * by as many events in both.
			 */
			double turns = c->turns * (double)sizes[G_N_ELEMENTS(sizes) - 1] / sizes[k];
			double horizon_ms = sizes[k] * 2.0 * turns * scale;
			g_autofree char *ini = g_strdup_printf(
				"[scenario]\npolicy = %s\ncpus = 1\nhorizon = %.0fms\n"
				"[group w]\ncount = %u\n"
				"program = repeat 1000000 { cpu %s; io 1ms }\n",
				c->policy, MAX(horizon_ms, 1.0), sizes[k], c->cpu);
			struct timed_run r;

			if (!time_runs(ini, 3, &r))
				return false;
			per[k] = r.seconds / (double)MAX(r.events, 1);
			printf("policy %-8s %6u tasks: %9llu events, %8llu decisions, %7.3f s; "
			       "%8.0f ns per event, %6.2f M events/s, %6.3f M decisions/s\n",
			       c->label, sizes[k], (unsigned long long)r.events,
			       (unsigned long long)r.decisions, r.seconds, per[k] * 1e9,
			       (double)r.events / r.seconds / 1e6,
			       (double)r.decisions / r.seconds / 1e6);
		}
		if (!size)
			printf("policy %-8s cost per event at 100k tasks / at 1k: %.2fx\n",
			       c->label, per[1] / per[0]);
	}
	return true;
}

/* CFS, 100,000 CPU-bound tasks all runnable: events per second of whole runs. */
static bool cfs_runnable(double scale)
{
	g_autofree char *ini = g_strdup_printf("[scenario]\npolicy = cfs\ncpus = 1\n"
					       "horizon = %.0fms\n[group w]\ncount = 100000\n"
					       "burst = 1000s\n",
					       MAX(2000000.0 * scale, 1.0));
	struct timed_run r;

	if (!time_runs(ini, 3, &r))
		return false;
	printf("cfs 100000 runnable tasks: %llu events, %llu decisions, %.3f s; %.2f M "
	       "events/s, %.3f M decisions/s (whole runs, best of 3)\n",
	       (unsigned long long)r.events, (unsigned long long)r.decisions, r.seconds,
	       (double)r.events / r.seconds / 1e6, (double)r.decisions / r.seconds / 1e6);
	return true;
}

int main(int argc, char **argv)
{
	double scale = argc > 1 ? g_ascii_strtod(argv[1], NULL) : 1.0;
	const char *only = argc > 2 ? argv[2] : NULL;
	unsigned size = argc > 3 ? (unsigned)atoi(argv[3]) : 0;

	setvbuf(stdout, NULL, _IOLBF, 0); /* each figure as soon as it is known */
	if (!(scale > 0)) {
		fprintf(stderr, "bench_policies: the scale must be a positive number\n");
		return 1;
	}
	if (!policy_costs(scale, only, size))
		return 1;
	if ((!only || !strcmp(only, "cfs")) && !size && !cfs_runnable(scale))
		return 1;
	return 0;
}
