/*
 * bench_sched.c - the scheduler core's speed and footprint.
 *
 * RR on one CPU, 10,000 CPU-bound tasks of 100 ms each, quantum 1 ms:
 * a million slices, each an expiry and a dispatch. Prints engine events per
 * second of wall time (best of a few runs).
 *
 * Memory per task is measured from the process, not from sizeof: a child
 * process loads a scenario of 100,000 tasks, notes its resident size, runs
 * it and reads its peak resident size (VmHWM in /proc/self/status); the
 * difference over the number of tasks is what a task costs, with the
 * engine's heap, the policy's areas, the results and every allocator's
 * overhead included. Targets (make bench, not make check): at least 10 M
 * events/s on one core, at most 256 bytes per task.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "scenario/scenario.h"
#include "sched/result.h"
#include "sim/sim.h"

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

/* A figure of /proc/self/status in bytes ("VmRSS", "VmHWM"), 0 if unknown. */
static uint64_t status_bytes(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	size_t n = strlen(field);
	uint64_t kib = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, n) && line[n] == ':')
			kib = strtoull(line + n + 1, NULL, 10);
	fclose(f);
	return kib * 1024;
}

/*
 * In a child process (so that its peak is its own): bytes per task of a run
 * of `count` CPU-bound tasks under `policy`, from the peak resident size.
 */
static void memory_per_task(const char *policy, unsigned count, const char *extra)
{
	int fds[2];
	pid_t pid;
	double per = 0;

	if (pipe(fds) != 0)
		return;
	pid = fork();
	if (pid == 0) {
		GError *err = NULL;
		g_autofree char *t = g_strdup_printf("[scenario]\npolicy = %s\n"
						     "[group w]\ncount = %u\nburst = 10ms\n",
						     policy, count);
		struct scenario *sc = scenario_load_data("mem.ini", t, strlen(t), NULL, &err);
		uint64_t before, peak;
		struct sim *sim;
		struct run_result res;

		if (!sc)
			_exit(1);
		before = status_bytes("VmRSS");
		sim = sim_new(sc, NULL, &err);
		if (!sim || !sim_run(sim, &err))
			_exit(1);
		sim_result(sim, &res);
		peak = status_bytes("VmHWM");
		per = (double)(peak - before) / count;
		if (write(fds[1], &per, sizeof(per)) != sizeof(per))
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	if (read(fds[0], &per, sizeof(per)) != sizeof(per))
		per = 0;
	close(fds[0]);
	waitpid(pid, NULL, 0);
	printf("memory %s %u tasks%s: %.0f bytes per task (peak RSS of the process)\n", policy,
	       count, extra, per);
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
	/* First, while the process is fresh: memory a child finds free in
	 * its parent's heap would not show in its resident size. */
	memory_per_task("rr", 100000, "");
	memory_per_task("cfs", 100000, "");
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
