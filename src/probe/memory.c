/*
 * memory.c - what one more thread or process holds in memory, from /proc.
 *
 * The method of Jim Blandy's thread-brigade measurements and of the probe
 * notes in the kernel's Documentation/filesystems/proc.rst: start N idle
 * tasks, read the counters before and after, divide by N.
 *
 *   - a thread: the growth of the probe's VmRSS (/proc/self/status: the
 *     stack pages it touched, its guard and TLS) plus the growth of the
 *     system's KernelStack and PageTables (/proc/meminfo);
 *   - a process: each idle child's private memory (Private_Clean +
 *     Private_Dirty of /proc/PID/smaps_rollup: the pages it did not share
 *     with its parent), plus the growth of KernelStack and PageTables: what
 *     fork adds for a small parent, besides the task's own memory.
 *
 * KernelStack and PageTables are the whole system's, so other programs
 * move them: the measurement is repeated and the median kept. Sizes are
 * plain numbers in the model (no interval); the spread goes to stderr.
 * RAM is sysconf's physical pages.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe/probe.h"

/* Value in kB of `key:` in a /proc file of "Key: N kB" lines; -1 when absent. */
static long proc_kb(const char *path, const char *key)
{
	g_autofree char *text = NULL;
	size_t klen = strlen(key);

	if (!g_file_get_contents(path, &text, NULL, NULL))
		return -1;
	for (char *line = text; line && *line;) {
		char *next = strchr(line, '\n');

		if (!strncmp(line, key, klen) && line[klen] == ':')
			return strtol(line + klen + 1, NULL, 10);
		line = next ? next + 1 : NULL;
	}
	return -1;
}

static long kernel_kb(void)
{
	long ks = proc_kb("/proc/meminfo", "KernelStack");
	long pt = proc_kb("/proc/meminfo", "PageTables");

	return (ks < 0 ? 0 : ks) + (pt < 0 ? 0 : pt);
}

struct idle {
	int fd; /* read end of a pipe nobody writes until the end */
};

static void *idle_thread(void *arg)
{
	struct idle *id = arg;
	char b;

	/* Blocks until the write end closes. */
	if (read(id->fd, &b, 1) < 0)
		return NULL;
	return NULL;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

/* Bytes per thread of one run with n threads; -1 on failure. */
static long thread_once(unsigned n)
{
	pthread_t *t = g_new(pthread_t, n);
	int fd[2];
	struct idle id;
	long rss0, rss1, k0, k1;
	unsigned made = 0;

	if (pipe(fd)) {
		g_free(t);
		return -1;
	}
	id.fd = fd[0];
	rss0 = proc_kb("/proc/self/status", "VmRSS");
	k0 = kernel_kb();
	while (made < n && pthread_create(&t[made], NULL, idle_thread, &id) == 0)
		made++;
	/* Let them reach their read. */
	usleep(20000);
	rss1 = proc_kb("/proc/self/status", "VmRSS");
	k1 = kernel_kb();
	close(fd[1]);
	for (unsigned i = 0; i < made; i++)
		pthread_join(t[i], NULL);
	close(fd[0]);
	g_free(t);
	if (made < n || rss0 < 0 || rss1 < 0)
		return -1;
	return ((rss1 - rss0) + (k1 - k0)) * 1024 / (long)n;
}

/* Bytes per process of one run with n idle children; -1 on failure. */
static long process_once(unsigned n)
{
	pid_t *pids = g_new0(pid_t, n);
	pid_t parent = getpid();
	int fd[2];
	long k0, k1, priv = 0;
	unsigned made = 0;
	bool ok = true;

	if (pipe(fd)) {
		g_free(pids);
		return -1;
	}
	k0 = kernel_kb();
	while (made < n) {
		pid_t pid = fork();

		if (pid < 0)
			break;
		if (pid == 0) {
			char b;

			guard_child_init(parent);
			close(fd[1]);
			/* Until the parent closes the write end. */
			if (read(fd[0], &b, 1) < 0)
				_exit(1);
			_exit(0);
		}
		guard_add_child(pid);
		pids[made++] = pid;
	}
	usleep(20000);
	k1 = kernel_kb();
	for (unsigned i = 0; i < made; i++) {
		char path[64];
		long c, d;

		snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", (int)pids[i]);
		c = proc_kb(path, "Private_Clean");
		d = proc_kb(path, "Private_Dirty");
		if (c < 0 || d < 0)
			ok = false;
		priv += c + d;
	}
	close(fd[1]);
	for (unsigned i = 0; i < made; i++)
		guard_reap(pids[i]);
	close(fd[0]);
	g_free(pids);
	if (!ok || made < n)
		return -1;
	return (priv + (k1 - k0)) * 1024 / (long)n;
}

/* The median of reps runs of fn(n), or 0; the spread to stderr. */
static uint64_t median_of(struct probe *p, const char *what, long (*fn)(unsigned), unsigned n,
			  unsigned reps)
{
	long v[16];
	unsigned got = 0;

	for (unsigned i = 0; i < reps && i < G_N_ELEMENTS(v) && !guard_stopping(); i++) {
		long x = fn(n);

		if (x > 0)
			v[got++] = x;
	}
	if (!got) {
		if (p->progress)
			fprintf(stderr, "schedlab-probe: %6.1f s  %s: not measured\n",
				(double)(probe_now() - p->start) / 1e9, what);
		return 0;
	}
	qsort(v, got, sizeof(v[0]), cmp_long);
	if (p->progress)
		fprintf(stderr,
			"schedlab-probe: %6.1f s  %s: %.1f KiB [%.1f KiB .. %.1f KiB] over %u runs "
			"of "
			"%u\n",
			(double)(probe_now() - p->start) / 1e9, what, v[got / 2] / 1024.0,
			v[0] / 1024.0, v[got - 1] / 1024.0, got, n);
	return (uint64_t)v[got / 2];
}

void probe_memory(struct probe *p, struct model *m)
{
	unsigned reps = p->quick ? 3 : 7;

	m->ram = (uint64_t)sysconf(_SC_PHYS_PAGES) * (uint64_t)sysconf(_SC_PAGESIZE);
	m->mem_thread = median_of(p, "memory per thread", thread_once, p->quick ? 64 : 200, reps);
	/* Children stay below the guard's table of 256. */
	m->mem_process = median_of(p, "memory per process", process_once, p->quick ? 16 : 64, reps);
}
