/*
 * bench_sched.c - the scheduler core's speed and footprint.
 *
 * RR on one CPU, 10,000 CPU-bound tasks of 100 ms each, quantum 1 ms:
 * a million slices, each an expiry and a dispatch. Prints engine events per
 * second of wall time (best of a few runs) and the bytes the simulation
 * holds per task. Targets (make bench, not make check): at least 10 M
 * events/s on one core, at most 256 bytes per task.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "scenario/scenario.h"
#include "sched/result.h"
#include "sched/sched.h"

static const char text[] = "[scenario]\n"
			   "name = bench-rr-10k\n"
			   "policy = rr\n"
			   "[rr]\n"
			   "quantum = 1ms\n"
			   "[group w]\n"
			   "count = 10000\n"
			   "burst = 100ms\n";

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(void)
{
	GError *err = NULL;
	struct scenario *sc = scenario_load_data("bench.ini", text, strlen(text), NULL, &err);
	double best = 0;
	uint64_t events = 0;
	size_t bytes = 0;

	if (!sc) {
		fprintf(stderr, "%s\n", err->message);
		return 1;
	}
	for (int rep = 0; rep < 5; rep++) {
		struct sim *sim = sim_new(sc, NULL, &err);
		struct run_result res;
		double t0 = now_s(), dt, rate;

		if (!sim || !sim_run(sim, &err)) {
			fprintf(stderr, "%s\n", err->message);
			return 1;
		}
		dt = now_s() - t0;
		sim_result(sim, &res);
		events = res.events;
		bytes = sim_bytes_per_task(sim);
		rate = (double)events / dt;
		if (rate > best)
			best = rate;
		run_result_clear(&res);
		sim_free(sim);
	}
	printf("sched rr 10000 tasks x 100 ms, quantum 1 ms: %llu events, %.2f M events/s (best of "
	       "5), %zu bytes per task\n",
	       (unsigned long long)events, best / 1e6, bytes);
	scenario_free(sc);
	return 0;
}
