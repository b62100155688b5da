/*
 * create.c - creating processes and threads.
 *
 * fork+exit+wait is lmbench's lat_proc fork (McVoy & Staelin, USENIX 1996,
 * section 6.4): the child calls _exit at once and the parent reaps it. Its
 * cost grows with the parent's memory because fork copies page tables
 * (Baumann et al., "A fork() in the road", HotOS 2019; the Redis
 * documentation's fork latency table), so it is measured with the parent
 * bare and after touching more memory, in 4 KiB pages, and fitted as
 * a + b * MiB: a is the bare parent's fork (what [create] process means),
 * and b the least-squares slope through it, b = sum s_k (t_k - t_0) /
 * sum s_k^2 over the larger sizes s_k. The i-th batches of every size give
 * one fit; the figures are the medians of those n fits, with their
 * intervals, so the spread of the batches reaches the slope.
 *
 * fork+exit+wait serialises what a program that forks many children
 * overlaps: the parent's fork and the reap run on its CPU while each child
 * runs and exits on another. So the parts are measured apart, on the bare
 * parent: the parent's side (fork returning in the parent, then waitpid
 * reaping a child that is already a zombie: waitid with WNOWAIT waits for
 * the exit without reaping, outside the timed part), which is [create]
 * process, and the child's side, its whole CPU time from fork's return to
 * the end of _exit (the address space torn down), which is [create]
 * process_exit: the zombie's sum_exec_runtime, the first field of
 * /proc/PID/schedstat (fs/proc/base.c, proc_pid_schedstat), read before
 * it is reaped. Both sides grow with the parent's memory: fork copies the
 * page tables (dup_mmap in kernel/fork.c) and the child's exit frees its
 * copy (exit_mmap in mm/mmap.c). So the child's side is measured again
 * at the largest size, and process_exit_per_mib is its slope per MiB,
 * batch by batch; process_per_mib is the fit's slope of fork+exit+wait
 * less that, the parent's side.
 *
 * posix_spawn of true and its waitpid is glibc's clone(CLONE_VM |
 * CLONE_VFORK) and an exec: no page tables copied (glibc
 * sysdeps/unix/sysv/linux/spawni.c). pthread_create+join is with default
 * attributes; glibc caches the stacks of joined threads, so this is the
 * steady state a thread pool or a thread-per-request server sees.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe/probe.h"

extern char **environ;

static int64_t batch_fork(void *arg, uint64_t n, struct probe_counts *c)
{
	int64_t t0 = probe_now();

	for (uint64_t i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0)
			return -1;
		if (pid == 0)
			_exit(0);
		guard_add_child(pid);
		if (!guard_reap(pid))
			return -1;
	}
	return probe_now() - t0;
}

/* The CPU time a zombie child used, in ns, from /proc/PID/schedstat; < 0: not readable. */
static int64_t zombie_runtime(pid_t pid)
{
	char path[48], buf[128];
	long long ns;
	FILE *f;
	bool ok;

	snprintf(path, sizeof(path), "/proc/%d/schedstat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	ok = fgets(buf, sizeof(buf), f) && sscanf(buf, "%lld", &ns) == 1 && ns > 0;
	fclose(f);
	return ok ? (int64_t)ns : -1;
}

/* Wait until pid is a zombie, leaving it to be reaped; false on an error. */
static bool wait_zombie(pid_t pid)
{
	siginfo_t si;
	int r;

	do
		r = waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT);
	while (r < 0 && errno == EINTR);
	return r == 0;
}

/*
 * One child forked and reaped, the parts timed apart: the parent's fork and
 * reap (returned), the child's CPU from fork to exit (*child; < 0 when the
 * kernel does not say).
 */
static int64_t fork_parts(int64_t *child)
{
	int64_t t0, t1, t2, t3;
	pid_t pid;

	t0 = probe_now();
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(0);
	t1 = probe_now();
	guard_add_child(pid);
	if (!wait_zombie(pid)) {
		guard_reap(pid);
		return -1;
	}
	*child = zombie_runtime(pid);
	t2 = probe_now();
	if (!guard_reap(pid))
		return -1;
	t3 = probe_now();
	return (t1 - t0) + (t3 - t2);
}

/* The parent's side of fork: fork returning in the parent, and the reap. */
static int64_t batch_fork_parent(void *arg, uint64_t n, struct probe_counts *c)
{
	int64_t sum = 0;

	for (uint64_t i = 0; i < n; i++) {
		int64_t child, t = fork_parts(&child);

		if (t < 0)
			return -1;
		sum += t;
	}
	return sum;
}

/* The child's side: its CPU from fork's return to the end of its _exit. */
static int64_t batch_fork_child(void *arg, uint64_t n, struct probe_counts *c)
{
	int64_t sum = 0;

	for (uint64_t i = 0; i < n; i++) {
		int64_t child = -1;

		if (fork_parts(&child) < 0 || child < 0)
			return -1;
		sum += child;
	}
	return sum;
}

struct spawn_arg {
	char *path;
};

static int64_t batch_spawn(void *arg, uint64_t n, struct probe_counts *c)
{
	struct spawn_arg *s = arg;
	char *argv[] = { s->path, NULL };
	int64_t t0 = probe_now();

	for (uint64_t i = 0; i < n; i++) {
		pid_t pid;

		if (posix_spawn(&pid, s->path, NULL, NULL, argv, environ))
			return -1;
		guard_add_child(pid);
		if (!guard_reap(pid))
			return -1;
	}
	return probe_now() - t0;
}

static void *thread_nothing(void *arg)
{
	return arg;
}

static int64_t batch_thread(void *arg, uint64_t n, struct probe_counts *c)
{
	int64_t t0 = probe_now();

	for (uint64_t i = 0; i < n; i++) {
		pthread_t t;

		if (pthread_create(&t, NULL, thread_nothing, NULL))
			return -1;
		pthread_join(t, NULL);
	}
	return probe_now() - t0;
}

/* Sizes the parent touches before forking: at least two; the bare parent first. */
#define FORK_SIZES 3

void probe_creation(struct probe *p, struct model *m)
{
	struct probe_opts fo = { .max_iters = 2000 };
	struct probe_opts so = { .max_iters = 500 };
	struct probe_opts to = { .max_iters = 100000 };
	uint64_t ram = (uint64_t)sysconf(_SC_PHYS_PAGES) * (uint64_t)sysconf(_SC_PAGESIZE);
	uint64_t sizes[FORK_SIZES] = { 0, 64 << 20, 256 << 20 };
	unsigned nsizes = p->quick ? 2 : 3;
	struct probe_result fr[FORK_SIZES], r, crl = { 0 }, cr = { 0 }, pr = { 0 };
	char *mem = NULL;
	size_t mapped = 0;
	g_autofree char *spawn_path = g_find_program_in_path("true");

	if (p->quick)
		sizes[1] = 32 << 20;
	/* Never more than an eighth of the RAM. */
	while (nsizes > 2 && sizes[nsizes - 1] > ram / 8)
		nsizes--;
	if (sizes[1] > ram / 8)
		sizes[1] = ram / 8 & ~(uint64_t)0xfffff;

	memset(fr, 0, sizeof(fr));
	for (unsigned k = 0; k < nsizes; k++) {
		char what[64];

		if (sizes[k] > mapped) {
			if (mem)
				munmap(mem, mapped);
			mem = mmap(NULL, sizes[k], PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (mem == MAP_FAILED) {
				mem = NULL;
				mapped = 0;
				probe_skip(&fr[k], "fork", strerror(errno));
				break;
			}
			mapped = sizes[k];
			/* 4 KiB pages, as most of a long-running server's memory is. */
			madvise(mem, mapped, MADV_NOHUGEPAGE);
			memset(mem, 1, mapped);
		}
		snprintf(what, sizeof(what), "fork+exit+wait, parent + %llu MiB",
			 (unsigned long long)(sizes[k] >> 20));
		probe_measure(p, g_intern_string(what), batch_fork, NULL, &fo, &fr[k]);
		probe_report(p,
			     k == 0	       ? "measured.fork_small"
			     : k == nsizes - 1 ? "measured.fork_large"
					       : NULL,
			     &fr[k]);
		if (k == nsizes - 1 && k > 0 && fr[k].ok) {
			snprintf(what, sizeof(what), "process exit, parent + %llu MiB",
				 (unsigned long long)(sizes[k] >> 20));
			probe_measure(p, g_intern_string(what), batch_fork_child, NULL, &fo, &crl);
			probe_report(p, NULL, &crl);
		}
	}
	if (mem)
		munmap(mem, mapped);

	/*
	 * The parent's and the child's sides apart, on the bare parent. A kernel
	 * that does not say a zombie's CPU time leaves process_exit 0 and the
	 * whole of fork+exit+wait (the fit's intercept) to the parent.
	 */
	probe_measure(p, "process exit (a child's CPU, fork to zombie)", batch_fork_child, NULL,
		      &fo, &cr);
	if (cr.ok)
		probe_measure(p, "process creation (the parent's fork and reap)", batch_fork_parent,
			      NULL, &fo, &pr);
	if (cr.ok && pr.ok) {
		m->create_process = probe_figure(&pr);
		m->create_process_exit = probe_figure(&cr);
		probe_report(p, "create.process", &pr);
		probe_report(p, "create.process_exit", &cr);
	} else {
		m->create_process = m->measured.fork_small;
		probe_report(p, "create.process_exit", &cr);
	}
	m->measured.fork_small = probe_figure(&fr[0]);
	if (fr[nsizes - 1].ok) {
		m->measured.fork_large = probe_figure(&fr[nsizes - 1]);
		m->measured.fork_large_size = sizes[nsizes - 1];
	}

	/* The fit a + b * MiB, one per batch index, least squares over the sizes. */
	{
		bool all = true;
		unsigned n = UINT32_MAX;
		bool exits = crl.ok && cr.ok;
		struct probe_result a = { .what = "process creation (fork fit, intercept)" };
		struct probe_result b = { .what = "process creation per MiB (fork fit, slope)" };
		struct probe_result e = { .what = "process exit per MiB (exit fit, slope)" };

		for (unsigned k = 0; k < nsizes; k++) {
			all &= fr[k].ok;
			if (fr[k].ok)
				n = MIN(n, fr[k].n);
		}
		if (exits)
			n = MIN(n, MIN(crl.n, cr.n));
		if (all && n >= 1) {
			double sxx = 0;
			double large = (double)sizes[nsizes - 1] / (1 << 20);

			a.x = g_new(double, n);
			b.x = g_new(double, n);
			e.x = g_new(double, n);
			for (unsigned k = 0; k < nsizes; k++) {
				double mib = (double)sizes[k] / (1 << 20);

				sxx += mib * mib;
				a.nivcsw += fr[k].nivcsw;
				a.disturbed = MAX(a.disturbed, fr[k].disturbed);
			}
			for (unsigned i = 0; i < n; i++) {
				double sxy = 0;

				for (unsigned k = 1; k < nsizes; k++) {
					double mib = (double)sizes[k] / (1 << 20);

					sxy += mib * (fr[k].x[i] - fr[0].x[i]);
				}
				a.x[i] = fr[0].x[i];
				b.x[i] = sxy / sxx;
				/* The child's side of the slope, taken from the parent's. */
				e.x[i] = exits ? (crl.x[i] - cr.x[i]) / large : 0;
				b.x[i] -= e.x[i];
			}
			a.n = b.n = e.n = n;
			a.disturbed = MIN(a.disturbed, n);
			b.nivcsw = e.nivcsw = a.nivcsw;
			b.disturbed = e.disturbed = a.disturbed;
			a.ok = b.ok = true;
			e.ok = exits;
			probe_summarise(&a);
			probe_summarise(&b);
			if (exits)
				probe_summarise(&e);
			else
				probe_skip(&e, e.what, "the exit was not measured at two sizes");
		} else {
			probe_skip(&a, a.what, "a fork size was not measured");
			probe_skip(&b, b.what, "a fork size was not measured");
			probe_skip(&e, e.what, "a fork size was not measured");
		}
		m->create_process_per_mib = probe_figure(&b);
		m->create_process_exit_per_mib = probe_figure(&e);
		probe_report(p, NULL, &a);
		probe_report(p, "create.process_per_mib", &b);
		probe_report(p, "create.process_exit_per_mib", &e);
		probe_result_clear(&a);
		probe_result_clear(&b);
		probe_result_clear(&e);
	}
	for (unsigned k = 0; k < nsizes; k++)
		probe_result_clear(&fr[k]);

	probe_result_clear(&pr);
	probe_result_clear(&cr);
	probe_result_clear(&crl);

	if (spawn_path) {
		struct spawn_arg s = { spawn_path };

		probe_measure(p, "posix_spawn of true + waitpid", batch_spawn, &s, &so, &r);
	} else {
		probe_skip(&r, "posix_spawn", "no 'true' program in PATH");
	}
	m->measured.posix_spawn = probe_figure(&r);
	probe_report(p, "measured.posix_spawn", &r);
	probe_result_clear(&r);

	probe_measure(p, "pthread_create+join", batch_thread, NULL, &to, &r);
	m->create_thread = probe_figure(&r);
	probe_report(p, "create.thread", &r);
	probe_result_clear(&r);
}
