/*
 * create.c - creating processes and threads.
 *
 * fork+exit+wait is lmbench's lat_proc fork (McVoy & Staelin, USENIX 1996,
 * section 6.4): the child calls _exit at once and the parent reaps it. Its
 * cost grows with the parent's memory because fork copies page tables
 * (Baumann et al., "A fork() in the road", HotOS 2019; the Redis
 * documentation's fork latency table), so it is measured with the parent
 * bare and after touching more memory, in 4 KiB pages: [measured]
 * fork_small and fork_large.
 *
 * fork+exit+wait serialises what a program that forks many children
 * overlaps: the parent's fork and the reap run on its CPU while each child
 * runs and exits on another. So the model's figures are the parts, measured
 * apart: the parent's side (fork returning in the parent, then waitpid
 * reaping a child that is already a zombie), which is [create] process,
 * and the child's side in two parts: its start, from fork's return to its
 * first block (the way back from fork, and a copy of each page it shares
 * with its parent and writes first), which is [create] process_start, and
 * its exit, from its release to the end of _exit (the address space torn
 * down), which is [create] process_exit. A child that exits at once pays
 * both, a worker forked ahead of its work (hackbench's, a pre-forking
 * server's) pays its start before and its exit after. Each is read from the
 * child's sum_exec_runtime, the first field of /proc/PID/schedstat
 * (fs/proc/base.c, proc_pid_schedstat): once the child sleeps on a pipe,
 * and again once it is a zombie, before it is reaped (waitid with WNOWAIT
 * waits for the exit without reaping). The parent's side is its own CPU
 * clock, so that a child's turn on the parent's CPU does not count, and
 * the children are forked in bursts, back to back, while the children of
 * the burst start on the other CPUs: the way a server under load or a fork
 * storm forks. The three sides are measured again with the parent and its
 * children pinned to one CPU ([create] process_one_cpu, process_start_one_cpu,
 * process_exit_one_cpu): with the family on several CPUs each side can cost
 * several times more (2-3x on a 2-vCPU virtual machine; probably as the
 * pages the parent and its children share, their page-table locks and the
 * flushes of their TLBs then go between CPUs, which was not traced), and a
 * run on one CPU pays the lower figures.
 * Both sides grow with the parent's memory: fork copies the page tables
 * (dup_mmap in kernel/fork.c) and the child's exit frees its copy
 * (exit_mmap in mm/mmap.c). So both are measured again at the largest
 * size, and process_per_mib and process_exit_per_mib are their slopes
 * per MiB, batch by batch: the i-th batches of both sizes give one slope,
 * and the figure is the median of those, with its interval, so the spread
 * of the batches reaches the slope.
 *
 * posix_spawn of true and its waitpid is glibc's clone(CLONE_VM |
 * CLONE_VFORK) and an exec: no page tables copied (glibc
 * sysdeps/unix/sysv/linux/spawni.c). pthread_create+join is with default
 * attributes, timed two ways. One at a time ([measured] thread_serial),
 * each new thread gets the stack of the one just joined from glibc's cache
 * (nptl/allocatestack.c, at most 40 MiB of stacks: five of 8 MiB): a pool
 * replacing a thread now and then. In bursts of WORKLOAD_THREAD_BURST created back
 * to back and then joined ([create] thread), most need a new stack, mapped
 * with its guard page and faulted in: a thread per request under load, a
 * storm, any program with more threads alive than the cache holds.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "probe/probe.h"
#include "probe/workloads.h"

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

/* Children forked back to back, as a forking server under load or a storm forks them. */
#define FORK_BURST 32

/* The state letter of /proc/PID/stat (after the name's closing parenthesis); 0: not readable. */
static char proc_state(pid_t pid)
{
	char path[48], buf[256];
	const char *p;
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return 0;
	buf[len] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : 0;
}

/* The CPU time of child pid once it sleeps (blocked on the go pipe); < 0: not readable. */
static int64_t runtime_when_asleep(pid_t pid)
{
	const struct timespec pause = { 0, 20000 };
	char st;

	/* a child that has not yet run is R; one blocked in read(2), S */
	for (unsigned tries = 0; (st = proc_state(pid)) == 'R' && tries < 100000; tries++)
		nanosleep(&pause, NULL);
	return st == 'S' ? zombie_runtime(pid) : -1;
}

/* What fork_bursts measured, each a sum over the children. */
struct fork_sides {
	int64_t parent; /* the parent's CPU for the forks and the reaps */
	int64_t start;	/* the children's CPU from fork's return to blocking; < 0: unknown */
	int64_t exit;	/* the children's CPU from their release to the end of exit; < 0: unknown */
};

/*
 * n children forked in bursts of FORK_BURST, each child blocking at once on
 * a pipe as a worker waits for its first job; once all of a burst sleep,
 * the pipe is closed and they exit, then they are reaped. The parent's side
 * is its own clock around the forks and the reaps (the children's turns on
 * its CPU do not count); each child's start is its CPU time once asleep,
 * its exit what it used from then to its zombie (its schedstat read before
 * it is reaped). False on an error.
 */
static bool fork_bursts(uint64_t n, struct fork_sides *out)
{
	pid_t pids[FORK_BURST];
	int64_t asleep[FORK_BURST];

	*out = (struct fork_sides){ 0 };
	for (uint64_t done = 0; done < n;) {
		unsigned k = (unsigned)MIN(n - done, FORK_BURST), made = 0;
		int go[2];
		int64_t c0, c1, c2;
		bool ok = true;

		if (pipe(go) != 0)
			return false;
		c0 = probe_thread_cpu();
		for (; made < k; made++) {
			pid_t pid = fork();

			if (pid < 0) {
				ok = false;
				break;
			}
			if (pid == 0) {
				char c;

				close(go[1]);
				while (read(go[0], &c, 1) < 0 && errno == EINTR)
					;
				_exit(0);
			}
			guard_add_child(pid);
			pids[made] = pid;
		}
		c1 = probe_thread_cpu();
		for (unsigned i = 0; i < made; i++) {
			asleep[i] = runtime_when_asleep(pids[i]);
			out->start = asleep[i] < 0 || out->start < 0 ? -1 : out->start + asleep[i];
		}
		close(go[0]);
		close(go[1]); /* every child reads the end of the pipe and exits */
		for (unsigned i = 0; i < made; i++) {
			int64_t z = wait_zombie(pids[i]) ? zombie_runtime(pids[i]) : -1;

			out->exit = z < 0 || asleep[i] < 0 || z < asleep[i] || out->exit < 0
					    ? -1
					    : out->exit + (z - asleep[i]);
		}
		c2 = probe_thread_cpu();
		for (unsigned i = 0; i < made; i++)
			ok &= guard_reap(pids[i]);
		out->parent += (c1 - c0) + (probe_thread_cpu() - c2);
		if (!ok)
			return false;
		done += k;
	}
	return true;
}

/* The parent's side of fork: fork returning in the parent, and the reap. */
static int64_t batch_fork_parent(void *arg, uint64_t n, struct probe_counts *c)
{
	struct fork_sides f;

	return fork_bursts(n, &f) ? f.parent : -1;
}

/* The child's start: its CPU from fork's return to its first block. */
static int64_t batch_fork_start(void *arg, uint64_t n, struct probe_counts *c)
{
	struct fork_sides f;

	return fork_bursts(n, &f) && f.start >= 0 ? f.start : -1;
}

/* The child's exit: its CPU from its release to the end of its _exit. */
static int64_t batch_fork_child(void *arg, uint64_t n, struct probe_counts *c)
{
	struct fork_sides f;

	return fork_bursts(n, &f) && f.exit >= 0 ? f.exit : -1;
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

/* Threads created back to back, more than glibc's stack cache holds (workloads.c). */
static int64_t batch_thread_burst(void *arg, uint64_t n, struct probe_counts *c)
{
	return workload_thread_bursts(n);
}

/*
 * out = the part per MiB of one side of fork, batch by batch: (at_large -
 * bare) / mib, where both sides were measured; skipped otherwise.
 */
static void per_mib(struct probe_result *out, const struct probe_result *bare,
		    const struct probe_result *at_large, double mib)
{
	if (!bare->ok || !at_large->ok || mib <= 0) {
		probe_skip(out, out->what, "not measured at two sizes");
		return;
	}
	out->n = MIN(bare->n, at_large->n);
	out->x = g_new(double, out->n);
	for (unsigned i = 0; i < out->n; i++)
		out->x[i] = (at_large->x[i] - bare->x[i]) / mib;
	out->nivcsw = bare->nivcsw + at_large->nivcsw;
	out->disturbed = MIN(MAX(bare->disturbed, at_large->disturbed), out->n);
	out->ok = true;
	probe_summarise(out);
}

/*
 * The parent's side, the start and the exit of the bare parent's children
 * with the parent and its children pinned to one CPU (they inherit its
 * affinity): the model's *_one_cpu figures, each kept only when the
 * three were measured.
 */
static void creation_on_one_cpu(struct probe *p, struct model *m)
{
	struct probe_opts fo = { .max_iters = 2000, .pinned = true };
	struct probe_result pr = { 0 }, sr = { 0 }, cr = { 0 };

	if (probe_pin(p->cpu_a)) {
		probe_measure(p, "process exit, family on one CPU", batch_fork_child, NULL, &fo,
			      &cr);
		probe_measure(p, "process start, family on one CPU", batch_fork_start, NULL, &fo,
			      &sr);
		probe_measure(p, "process creation, family on one CPU", batch_fork_parent, NULL,
			      &fo, &pr);
		probe_unpin();
	} else {
		probe_skip(&cr, "process exit, family on one CPU", strerror(errno));
	}
	if (cr.ok && sr.ok && pr.ok) {
		m->create_process_one_cpu = probe_figure(&pr);
		m->create_process_start_one_cpu = probe_figure(&sr);
		m->create_process_exit_one_cpu = probe_figure(&cr);
		probe_report(p, "create.process_one_cpu", &pr);
		probe_report(p, "create.process_start_one_cpu", &sr);
		probe_report(p, "create.process_exit_one_cpu", &cr);
	} else {
		probe_report(p, NULL, &cr);
	}
	probe_result_clear(&pr);
	probe_result_clear(&sr);
	probe_result_clear(&cr);
}

/* Sizes the parent touches before forking: at least two; the bare parent first. */
#define FORK_SIZES 3

void probe_creation(struct probe *p, struct model *m)
{
	struct probe_opts fo = { .max_iters = 2000 };
	struct probe_opts so = { .max_iters = 500 };
	struct probe_opts to = { .max_iters = 100000 };
	struct probe_opts bo = { .max_iters = 4000 }; /* at most 125 bursts a batch */
	uint64_t ram = (uint64_t)sysconf(_SC_PHYS_PAGES) * (uint64_t)sysconf(_SC_PAGESIZE);
	uint64_t sizes[FORK_SIZES] = { 0, 64 << 20, 256 << 20 };
	unsigned nsizes = p->quick ? 2 : 3;
	struct probe_result fr[FORK_SIZES], r, crl = { 0 }, cr = { 0 }, pr = { 0 }, prl = { 0 },
					       sr = { 0 };
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
			snprintf(what, sizeof(what), "process creation, parent + %llu MiB",
				 (unsigned long long)(sizes[k] >> 20));
			probe_measure(p, g_intern_string(what), batch_fork_parent, NULL, &fo, &prl);
			probe_report(p, NULL, &prl);
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
	 * that does not say a task's CPU time leaves process_start and
	 * process_exit 0 and the whole of fork+exit+wait to the parent.
	 */
	probe_measure(p, "process exit (a child's CPU, release to zombie)", batch_fork_child, NULL,
		      &fo, &cr);
	if (cr.ok) {
		probe_measure(p, "process start (a child's CPU, fork to its first block)",
			      batch_fork_start, NULL, &fo, &sr);
		probe_measure(p, "process creation (the parent's fork and reap)", batch_fork_parent,
			      NULL, &fo, &pr);
	}
	if (cr.ok && sr.ok && pr.ok) {
		m->create_process = probe_figure(&pr);
		m->create_process_start = probe_figure(&sr);
		m->create_process_exit = probe_figure(&cr);
		probe_report(p, "create.process", &pr);
		probe_report(p, "create.process_start", &sr);
		probe_report(p, "create.process_exit", &cr);
		/* with one CPU, the figures above are already those of one CPU */
		if (p->cpu_a != p->cpu_b)
			creation_on_one_cpu(p, m);
	} else {
		/* what was measured is shown, under no key: the model does not use it */
		m->create_process = probe_figure(&fr[0]);
		if (cr.ok)
			probe_report(p, NULL, &sr); /* measured only after the exit */
		probe_report(p, NULL, &cr);
	}
	m->measured.fork_small = probe_figure(&fr[0]);
	if (fr[nsizes - 1].ok) {
		m->measured.fork_large = probe_figure(&fr[nsizes - 1]);
		m->measured.fork_large_size = sizes[nsizes - 1];
	}

	/* Each side's part per MiB, batch by batch: (large - bare) / MiB. */
	{
		double large = (double)sizes[nsizes - 1] / (1 << 20);
		struct probe_result b = { .what = "process creation per MiB (the parent's side)" };
		struct probe_result e = { .what = "process exit per MiB (the child's side)" };

		/* Without the child's side, fork+exit+wait is the parent's: its slope too. */
		if (pr.ok)
			per_mib(&b, &pr, &prl, large);
		else
			per_mib(&b, &fr[0], &fr[nsizes - 1], large);
		per_mib(&e, &cr, &crl, large);
		m->create_process_per_mib = probe_figure(&b);
		m->create_process_exit_per_mib = probe_figure(&e);
		probe_report(p, "create.process_per_mib", &b);
		probe_report(p, "create.process_exit_per_mib", &e);
		probe_result_clear(&b);
		probe_result_clear(&e);
	}
	for (unsigned k = 0; k < nsizes; k++)
		probe_result_clear(&fr[k]);

	probe_result_clear(&pr);
	probe_result_clear(&cr);
	probe_result_clear(&sr);
	probe_result_clear(&prl);
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

	probe_measure(p, "pthread_create+join, one at a time", batch_thread, NULL, &to, &r);
	m->measured.thread_serial = probe_figure(&r);
	probe_report(p, "measured.thread_serial", &r);
	probe_result_clear(&r);
	probe_measure(p, "pthread_create+join, 32 created back to back", batch_thread_burst, NULL,
		      &bo, &r);
	m->create_thread = probe_figure(&r);
	probe_report(p, "create.thread", &r);
	probe_result_clear(&r);
}
