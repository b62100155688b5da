/*
 * workloads.c - the native side of `schedlab validate`; see workloads.h.
 *
 * The storms follow hackbench's and lmbench lat_proc's way of creating
 * tasks (fork or pthread_create in a loop, the children doing nothing); the
 * nice shares and busy loops are the classic CFS checks of the kernel's
 * Documentation/scheduler/sched-design-CFS.rst (CPU shares follow the
 * weights of sched_prio_to_weight[]); the sleeper's delay is what
 * cyclictest (rt-tests) measures, here for a normal task among busy ones.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "probe/probe.h"
#include "probe/workloads.h"

int64_t workload_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* Reap the first n of pids (0 entries skipped); false when one failed. */
static bool reap_all(const pid_t *pids, unsigned n)
{
	bool ok = true;

	for (unsigned i = 0; i < n; i++)
		if (pids[i] > 0)
			ok &= guard_reap(pids[i]);
	return ok;
}

/* Kill and reap the first n of pids. */
static void kill_all(const pid_t *pids, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGKILL);
	for (unsigned i = 0; i < n; i++)
		if (pids[i] > 0)
			guard_reap(pids[i]);
}

double workload_fork_storm(unsigned n)
{
	pid_t *pids;
	int64_t t0, t1;
	unsigned made = 0;
	bool ok;

	if (n == 0 || n > WORKLOAD_MAX_TASKS)
		return -1;
	pids = g_new0(pid_t, n);
	t0 = workload_now();
	while (made < n && !guard_stopping()) {
		pid_t pid = fork();

		if (pid < 0)
			break;
		if (pid == 0)
			_exit(0);
		/* The guard holds 256: reap the oldest when it is full. */
		if (!guard_add_child(pid)) {
			guard_reap(pids[made - 256]);
			pids[made - 256] = 0;
			guard_add_child(pid);
		}
		pids[made++] = pid;
	}
	ok = reap_all(pids, made) && made == n;
	t1 = workload_now();
	g_free(pids);
	return ok ? (double)(t1 - t0) / n : -1;
}

static void *nothing(void *arg)
{
	return arg;
}

double workload_thread_storm(unsigned n)
{
	pthread_t *t;
	int64_t t0, t1;
	unsigned made = 0;

	if (n == 0 || n > WORKLOAD_MAX_TASKS)
		return -1;
	t = g_new(pthread_t, n);
	t0 = workload_now();
	while (made < n && pthread_create(&t[made], NULL, nothing, NULL) == 0)
		made++;
	for (unsigned i = 0; i < made; i++)
		pthread_join(t[i], NULL);
	t1 = workload_now();
	g_free(t);
	return made == n ? (double)(t1 - t0) / n : -1;
}

static void spin_until(int64_t end)
{
	while (workload_now() < end)
		;
}

/* CPU time of the calling process. */
static int64_t cputime(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

bool workload_nice_shares(const int *nices, unsigned k, int cpu, int64_t dur_ns, double *shares)
{
	pid_t pids[16] = { 0 };
	pid_t parent = getpid();
	int64_t start = workload_now() + 20000000, total = 0;
	int64_t cpu_ns[16] = { 0 };
	bool ok = true;

	if (k == 0 || k > G_N_ELEMENTS(pids))
		return false;
	for (unsigned i = 0; i < k; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			kill_all(pids, i);
			return false;
		}
		if (pid == 0) {
			guard_child_init(parent);
			pin(cpu);
			if (setpriority(PRIO_PROCESS, 0, nices[i]) != 0)
				_exit(1);
			/* Everyone starts together, and stops together. */
			while (workload_now() < start)
				usleep(1000);
			spin_until(start + dur_ns);
			_exit(0);
		}
		guard_add_child(pid);
		pids[i] = pid;
	}
	for (unsigned i = 0; i < k; i++) {
		struct rusage ru;
		int status;
		pid_t r;

		do
			r = wait4(pids[i], &status, 0, &ru);
		while (r < 0 && errno == EINTR);
		guard_remove_child(pids[i]);
		if (r != pids[i] || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			ok = false;
			continue;
		}
		cpu_ns[i] = (int64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000 +
			    (int64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000;
		total += cpu_ns[i];
	}
	if (!ok || total <= 0)
		return false;
	for (unsigned i = 0; i < k; i++)
		shares[i] = (double)cpu_ns[i] / (double)total;
	return true;
}

double workload_busy_loops(unsigned n, int64_t work_ns, unsigned ncpus, double *share)
{
	pid_t pids[256] = { 0 };
	pid_t parent = getpid();
	int64_t t0, t1;
	bool ok;

	if (n == 0 || n > G_N_ELEMENTS(pids))
		return -1;
	t0 = workload_now();
	for (unsigned i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			kill_all(pids, i);
			return -1;
		}
		if (pid == 0) {
			int64_t c0;

			guard_child_init(parent);
			c0 = cputime();
			while (cputime() - c0 < work_ns)
				;
			_exit(0);
		}
		guard_add_child(pid);
		pids[i] = pid;
	}
	ok = reap_all(pids, n);
	t1 = workload_now();
	if (share && t1 > t0 && ncpus)
		*share = (double)n * (double)work_ns / ((double)(t1 - t0) * ncpus);
	return ok ? (double)(t1 - t0) : -1;
}

double workload_sleeper_delay(unsigned busy, int cpu, unsigned k, int64_t period_ns)
{
	pid_t pids[16] = { 0 };
	pid_t parent = getpid();
	double late = 0;
	cpu_set_t saved;
	bool restore = sched_getaffinity(0, sizeof(saved), &saved) == 0;

	if (busy > G_N_ELEMENTS(pids) || k == 0)
		return -1;
	for (unsigned i = 0; i < busy; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			kill_all(pids, i);
			return -1;
		}
		if (pid == 0) {
			guard_child_init(parent);
			pin(cpu);
			for (;;)
				;
		}
		guard_add_child(pid);
		pids[i] = pid;
	}
	pin(cpu);
	/* Let the busy loops settle on the CPU. */
	usleep(20000);
	for (unsigned i = 0; i < k && !guard_stopping(); i++) {
		struct timespec ts = { 0, (long)period_ns };
		int64_t t0 = workload_now();

		clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
		late += (double)(workload_now() - t0 - period_ns);
	}
	kill_all(pids, busy);
	if (restore)
		sched_setaffinity(0, sizeof(saved), &saved);
	return late / k;
}
