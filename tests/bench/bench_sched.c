/*
 * bench_sched.c - the scheduler core's speed and footprint, one line per
 * figure of the performance table (make bench, not make check).
 *
 *   whole process   `schedlab run` of RR on one CPU, 10,000 CPU-bound tasks
 *                   of 100 ms, quantum 1 ms (a million slices), CPU time of
 *                   the whole process, best of 3; beside it the same model in
 *                   SimPy (simpy_rr.py) when python3 has SimPy 2, 3 or 4.
 *   memory          bytes per task from the peak resident size of a
 *                   `schedlab run` of 100,000 tasks, less that of a run of
 *                   1,000 (what the program costs before its tasks), over the
 *                   99,000 tasks between: RR and CFS with the table, RR with
 *                   JSON. Every allocator's overhead and the output included.
 *   event loop      the same RR model run in this process (sim_run), against
 *                   heaploop.c, the same model as a bare binary-heap loop;
 *                   with engine events and dispatch decisions per second.
 *   many CPUs       ns per event of a wake-up heavy CFS run on 256 CPUs
 *                   against the same tasks on one.
 *   writers         --trace on a run of a million events against the same
 *                   run without, best of five rounds of the runs in turn: to
 *                   a new file, over the last one, to /dev/null; beside them
 *                   the kernel's part alone: a process that writes as many
 *                   bytes to a new file in pieces of the trace's size, and
 *                   nothing else. --format json of 100,000 tasks against the
 *                   table.
 *
 * Times are CPU times (user and system), best of several runs, so that on a
 * machine shared with other work the time spent waiting for a CPU does not
 * count; the caches are still shared, so the figures move by some percent
 * from run to run. Set SCHEDLAB_BENCH_SIMPY=0
 * to skip SimPy (it takes some ten seconds).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "heaploop.h"
#include "scenario/scenario.h"
#include "sched/result.h"
#include "sim/sim.h"

#define RR_TASKS  10000
#define RR_QUANTA 100

static const char rr_text[] = "[scenario]\n"
			      "name = bench-rr-10k\n"
			      "policy = rr\n"
			      "[rr]\n"
			      "quantum = 1ms\n"
			      "[group w]\n"
			      "count = 10000\n"
			      "burst = 100ms\n";

static char *dir; /* scratch folder for scenario and output files */

/* The CPU time of this process (time spent waiting for a CPU does not count). */
static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char *write_file(const char *name, const char *text)
{
	char *path = g_build_filename(dir, name, NULL);

	if (!g_file_set_contents(path, text, -1, NULL)) {
		fprintf(stderr, "bench_sched: cannot write %s\n", path);
		exit(1);
	}
	return path;
}

/*
 * Run argv (stdout to `out`, or /dev/null) and wait: its CPU time (user and
 * system) in seconds, its peak resident size in bytes in *rss; -1 when it
 * failed.
 */
static double run_child(char *const argv[], const char *out, uint64_t *rss)
{
	struct rusage ru;
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return -1;
	if (rss)
		*rss = (uint64_t)ru.ru_maxrss * 1024;
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

/* The best CPU time of `reps` runs of argv. */
static double best_of(int reps, char *const argv[])
{
	double best = -1;

	for (int i = 0; i < reps; i++) {
		double t = run_child(argv, NULL, NULL);

		if (t < 0)
			return -1;
		if (best < 0 || t < best)
			best = t;
	}
	return best;
}

static const char *schedlab;

static void whole_process(void)
{
	g_autofree char *ini = write_file("rr.ini", rr_text);
	char *argv[] = { (char *)schedlab, "run", ini, NULL };
	double ours = best_of(3, argv), simpy = -1;
	const char *env = getenv("SCHEDLAB_BENCH_SIMPY");

	if (ours < 0) {
		printf("whole process: %s failed\n", schedlab);
		return;
	}
	const char *pythons[] = { getenv("PYTHON"), "python3", "/usr/bin/python3" };

	/* The first python3 that has SimPy (3 or 4: simpy; Debian's 2: SimPy). */
	for (size_t i = 0; i < G_N_ELEMENTS(pythons) && (!env || strcmp(env, "0")); i++) {
		g_autofree char *probe = NULL;

		if (!pythons[i])
			continue;
		probe = g_strdup_printf("%s -c 'import simpy' 2>/dev/null || "
					"%s -c 'import SimPy.Simulation' 2>/dev/null",
					pythons[i], pythons[i]);
		if (system(probe) == 0) {
			g_autofree char *script =
				g_build_filename(SRCDIR, "tests/bench/simpy_rr.py", NULL);
			char *pargv[] = { (char *)pythons[i], script, "10000", "100", NULL };

			simpy = run_child(pargv, NULL, NULL);
			break;
		}
	}
	if (simpy > 0)
		printf("whole process, RR 10000 tasks x 100 quanta: schedlab %.3f s, SimPy %.2f s: "
		       "%.0fx\n",
		       ours, simpy, simpy / ours);
	else if (env && !strcmp(env, "0"))
		printf("whole process, RR 10000 tasks x 100 quanta: schedlab %.3f s (SimPy "
		       "skipped: "
		       "SCHEDLAB_BENCH_SIMPY=0)\n",
		       ours);
	else
		printf("whole process, RR 10000 tasks x 100 quanta: schedlab %.3f s (SimPy not "
		       "installed: apt-get install python3-simpy)\n",
		       ours);
}

/* Peak RSS of `schedlab run` on `count` tasks of `policy`, with extra options. */
static uint64_t peak_of(const char *policy, unsigned count, const char *format)
{
	g_autofree char *text = g_strdup_printf("[scenario]\npolicy = %s\n"
						"[group w]\ncount = %u\nburst = 10ms\n",
						policy, count);
	g_autofree char *name = g_strdup_printf("mem-%s-%u.ini", policy, count);
	g_autofree char *ini = write_file(name, text);
	char *argv[] = { (char *)schedlab, "run", "--format", (char *)format, ini, NULL };
	uint64_t rss = 0;

	if (run_child(argv, NULL, &rss) < 0)
		return 0;
	return rss;
}

static void memory_per_task(const char *policy, const char *format)
{
	uint64_t small = peak_of(policy, 1000, format), big = peak_of(policy, 100000, format);

	printf("memory per task, %s with %s output: %.0f bytes (peak RSS of the process, "
	       "100000 tasks less 1000)\n",
	       policy, format, big > small ? (double)(big - small) / 99000 : 0.0);
}

/* Run sc in this process: seconds, events and decisions; best of reps. */
static double sim_time(const struct scenario *sc, int reps, uint64_t *events, uint64_t *decisions,
		       int64_t *sum_turnaround)
{
	double best = -1;

	for (int rep = 0; rep < reps; rep++) {
		GError *err = NULL;
		struct sim *sim = sim_new(sc, NULL, &err);
		struct run_result res;
		double t0 = now_s(), dt;

		if (!sim || !sim_run(sim, &err)) {
			fprintf(stderr, "%s\n", err->message);
			exit(1);
		}
		dt = now_s() - t0;
		sim_result(sim, &res);
		*events = res.events;
		*decisions = res.decisions;
		if (sum_turnaround) {
			*sum_turnaround = 0;
			for (uint32_t i = 0; i < res.ntasks; i++)
				*sum_turnaround += res.tasks[i].completion - res.tasks[i].arrival;
		}
		if (best < 0 || dt < best)
			best = dt;
		run_result_clear(&res);
		sim_free(sim);
	}
	return best;
}

static struct scenario *load(const char *text)
{
	GError *err = NULL;
	struct scenario *sc = scenario_load_data("bench.ini", text, strlen(text), NULL, &err);

	if (!sc) {
		fprintf(stderr, "%s\n", err->message);
		exit(1);
	}
	return sc;
}

static void event_loop(void)
{
	struct scenario *sc = load(rr_text);
	uint64_t events, decisions, hevents = 0;
	int64_t ours_sum, heap_sum = 0;
	double ours = sim_time(sc, 5, &events, &decisions, &ours_sum), heap = -1;

	for (int rep = 0; rep < 5; rep++) {
		double t0 = now_s(), dt;

		hevents = heaploop_rr(RR_TASKS, RR_QUANTA, 1000000, &heap_sum);
		dt = now_s() - t0;
		if (heap < 0 || dt < heap)
			heap = dt;
	}
	printf("event loop, RR 10000 tasks x 100 quanta: %.3f s, %.2f M events/s, %.2f M "
	       "decisions/s; heap loop %.3f s (%.2f M events/s): %.2fx%s\n",
	       ours, (double)events / ours / 1e6, (double)decisions / ours / 1e6, heap,
	       (double)hevents / heap / 1e6, ours / heap,
	       ours_sum == heap_sum ? "" : " (the runs differ!)");
	scenario_free(sc);
}

static double ns_per_event(unsigned cpus)
{
	g_autofree char *text =
		g_strdup_printf("[scenario]\npolicy = cfs\ncpus = %u\n"
				"[group w]\ncount = 1024\n"
				"program = repeat 40 { cpu exp(100us); io exp(2ms) }\n",
				cpus);
	struct scenario *sc = load(text);
	uint64_t events, decisions;
	double t = sim_time(sc, 3, &events, &decisions, NULL);

	scenario_free(sc);
	return t / (double)events * 1e9;
}

static void many_cpus(void)
{
	double one = ns_per_event(1), many = ns_per_event(256);

	printf("many CPUs, CFS wake-up heavy (1024 tasks, cpu/io x 40): %.0f ns per event on 256 "
	       "CPUs, %.0f on 1: %.2fx\n",
	       many, one, many / one);
}

/* The smaller of best (< 0: none yet) and t; a failed run (t < 0) noted in *failed. */
static double keep_best(double best, double t, bool *failed)
{
	if (t < 0) {
		*failed = true;
		return best;
	}
	return best < 0 || t < best ? t : best;
}

/*
 * The CPU time of a child that writes `bytes` bytes to a new file at path, in
 * pieces of 256 KiB (the trace's), and exits: what the kernel charges for
 * the bytes of a trace, its fork and exit included; -1 on failure.
 */
static double write_alone(const char *path, uint64_t bytes)
{
	struct rusage ru;
	int status;
	pid_t pid;

	g_unlink(path);
	pid = fork();
	if (pid == 0) {
		static char piece[1 << 18];
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);

		memset(piece, 'x', sizeof(piece));
		for (uint64_t left = bytes; fd >= 0 && left > 0;) {
			size_t n = left < sizeof(piece) ? (size_t)left : sizeof(piece);

			if (write(fd, piece, n) != (ssize_t)n)
				_exit(1);
			left -= n;
		}
		_exit(fd >= 0 && close(fd) == 0 ? 0 : 1);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return -1;
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

static void writers(void)
{
	g_autofree char *ini =
		write_file("rr5k.ini", "[scenario]\npolicy = rr\n[rr]\nquantum = "
				       "1ms\n[group w]\ncount = 5000\nburst = 100ms\n");
	g_autofree char *trace = g_build_filename(dir, "trace.json", NULL);
	g_autofree char *big = write_file("json100k.ini", "[scenario]\npolicy = rr\n[group w]\n"
							  "count = 100000\nburst = 10ms\n");
	char *plain[] = { (char *)schedlab, "run", ini, NULL };
	char *traced[] = { (char *)schedlab, "run", "--trace", trace, ini, NULL };
	char *nulled[] = { (char *)schedlab, "run", "--trace", "/dev/null", ini, NULL };
	char *table[] = { (char *)schedlab, "run", big, NULL };
	char *json[] = { (char *)schedlab, "run", "--format", "json", big, NULL };
	double p = -1, t = -1, n = -1, r = -1, w = -1, tb, js, mib = 0;
	bool failed = false;
	GStatBuf st;

	/*
	 * The runs in turn, five times, so that a host whose speed drifts moves
	 * them alike. The traced run writes a new file (the last one removed
	 * first); then the same again over it: replacing a trace costs the
	 * kernel more (it frees the old file's pages, and ext4 flushes the new
	 * file when it is renamed over an old one), printed beside.
	 */
	for (int i = 0; i < 5; i++) {
		p = keep_best(p, run_child(plain, NULL, NULL), &failed);
		g_unlink(trace);
		t = keep_best(t, run_child(traced, NULL, NULL), &failed);
		r = keep_best(r, run_child(traced, NULL, NULL), &failed);
		n = keep_best(n, run_child(nulled, NULL, NULL), &failed);
	}
	if (!failed && g_stat(trace, &st) == 0) {
		mib = (double)st.st_size / (1 << 20);
		for (int i = 0; i < 5; i++)
			w = keep_best(w, write_alone(trace, (uint64_t)st.st_size), &failed);
	}
	if (failed) {
		printf("writers: a run failed\n");
		g_unlink(trace);
		return;
	}
	tb = best_of(3, table);
	js = best_of(3, json);
	/* The trace to /dev/null: the writer's own CPU, without the kernel's
	 * copy of the file into the page cache and its file system's work. */
	printf("writers: --trace on 1M events %.3f s against %.3f s: %.2fx (%.0f MiB, a new file; "
	       "replacing the last: %.2fx; to /dev/null %.3f s: %.2fx; the same bytes written "
	       "alone to a new file %.3f s); JSON of 100000 tasks %.3f s against the table's "
	       "%.3f s: %.2fx\n",
	       t, p, t / p, mib, r / p, n, n / p, w, js, tb, js / tb);
	g_unlink(trace);
}

int main(int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : NULL;

	schedlab = getenv("SCHEDLAB") ? getenv("SCHEDLAB") : "./schedlab";
	dir = g_dir_make_tmp("schedlab-bench-XXXXXX", NULL);
	if (!dir)
		return 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!only || !strcmp(only, "memory")) {
		memory_per_task("rr", "table");
		memory_per_task("cfs", "table");
		memory_per_task("rr", "json");
	}
	if (!only || !strcmp(only, "process"))
		whole_process();
	if (!only || !strcmp(only, "loop"))
		event_loop();
	if (!only || !strcmp(only, "cpus"))
		many_cpus();
	if (!only || !strcmp(only, "writers"))
		writers();
	{
		g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
		const char *n;

		while (d && (n = g_dir_read_name(d))) {
			g_autofree char *p = g_build_filename(dir, n, NULL);

			unlink(p);
		}
	}
	rmdir(dir);
	g_free(dir);
	return 0;
}
