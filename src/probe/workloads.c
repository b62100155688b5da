/*
 * workloads.c - the native side of `schedlab validate`; see workloads.h.
 *
 * The storms follow hackbench's and lmbench lat_proc's way of creating
 * tasks (fork or pthread_create in a loop, the children doing nothing); the
 * nice shares and busy loops are the classic CFS checks of the kernel's
 * Documentation/scheduler/sched-design-CFS.rst (CPU shares follow the
 * weights of sched_prio_to_weight[]); the sleeper's delay is what
 * cyclictest (rt-tests) measures, here for a normal task among busy ones.
 * The ping-pongs follow `perf bench sched pipe` (tools/perf/bench/
 * sched-pipe.c: 4-byte messages over two pipes, processes or threads),
 * lmbench's lat_pipe (McVoy and Staelin, USENIX 1996) and Benoit Sigoure's
 * sched_yield ping-pong (github.com/tsuna/contextswitch, timetctxsw2.c);
 * the groups follow hackbench's pipe mode (Rusty Russell's hackbench.c, as
 * rt-tests ships it: groups of senders writing to every receiver of their
 * group). Methods only: the code is written here.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include <glib.h>

#include "probe/ctxswitch.h"
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

uint64_t workload_anon_kib(void)
{
	g_autofree char *text = NULL;
	const char *at;

	if (!g_file_get_contents("/proc/self/status", &text, NULL, NULL))
		return 0;
	at = strstr(text, "\nRssAnon:");
	return at ? g_ascii_strtoull(at + strlen("\nRssAnon:"), NULL, 10) : 0;
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

int64_t workload_thread_bursts(uint64_t n)
{
	int64_t t0 = workload_now();

	for (uint64_t done = 0; done < n;) {
		pthread_t t[WORKLOAD_THREAD_BURST];
		unsigned k = (unsigned)MIN(n - done, WORKLOAD_THREAD_BURST), made = 0;

		while (made < k && pthread_create(&t[made], NULL, nothing, NULL) == 0)
			made++;
		for (unsigned i = 0; i < made; i++)
			pthread_join(t[i], NULL);
		if (made < k)
			return -1;
		done += k;
	}
	return workload_now() - t0;
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

/*
 * What the kernel has counted for a task (/proc/PID/schedstat, or the
 * calling thread's with pid 0): the CPU time it was charged
 * (se.sum_exec_runtime) and the time it spent runnable on a run queue
 * without running (sched_info.run_delay), ns. Documentation/scheduler/
 * sched-stats.rst; needs CONFIG_SCHED_INFO. False when unreadable.
 */
static bool schedstat(pid_t pid, int64_t *exec_ns, int64_t *delay_ns)
{
	char path[64], buf[128];
	long long exec, delay;
	ssize_t n;
	int fd;

	if (pid)
		snprintf(path, sizeof(path), "/proc/%ld/schedstat", (long)pid);
	else
		g_strlcpy(path, "/proc/thread-self/schedstat", sizeof(path));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = 0;
	if (sscanf(buf, "%lld %lld", &exec, &delay) != 2)
		return false;
	*exec_ns = exec;
	*delay_ns = delay;
	return true;
}

/* CPU time of the calling thread. */
static int64_t thread_cputime(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The busy loops' CPU time so far, summed; < 0 when one is unreadable. */
static int64_t loops_exec(const pid_t *pids, unsigned n)
{
	int64_t sum = 0;

	for (unsigned i = 0; i < n; i++) {
		int64_t exec, delay;

		if (!schedstat(pids[i], &exec, &delay))
			return -1;
		sum += exec;
	}
	return sum;
}

/* The settling sleep before the first timed one, ns. */
#define SLEEPER_SETTLE_NS 20000000

int64_t workload_sleep_next(uint64_t *state, int64_t period_ns, int64_t jitter_ns)
{
	uint64_t x = *state;

	if (jitter_ns <= 0)
		return period_ns;
	/* xorshift64 (Marsaglia, "Xorshift RNGs", J. Stat. Softw. 8(14), 2003) */
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return period_ns + (int64_t)(x % (uint64_t)(2 * jitter_ns + 1)) - jitter_ns;
}

double workload_sleeper_delay(unsigned busy, int cpu, unsigned k, int64_t period_ns,
			      int64_t jitter_ns, int64_t work_ns, double *share)
{
	uint64_t x = WORKLOAD_SLEEP_SEED; /* the same sleeps every run */
	pid_t pids[16] = { 0 };
	pid_t parent = getpid();
	int64_t exec0, delay0, exec1, delay1, loops0, loops1, t0, t1;
	struct timespec settle = { 0, SLEEPER_SETTLE_NS };
	cpu_set_t saved;
	bool restore = sched_getaffinity(0, sizeof(saved), &saved) == 0;
	int slack = prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
	bool ok;

	if (busy > G_N_ELEMENTS(pids) || k == 0 || jitter_ns < 0 || jitter_ns > period_ns ||
	    work_ns < 0 || !schedstat(0, &exec0, &delay0))
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
	/*
	 * nanosleep() wakes up to the task's timer slack late, 50 us for a
	 * normal task (hrtimer_nanosleep(), current->timer_slack_ns): 1 ns
	 * makes the sleeps as long as asked, as the mirror's are.
	 */
	prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
	/*
	 * Counted from before the settling sleep, whose wake-up among the
	 * loops is one too, as the mirror's first sleep is.
	 */
	ok = schedstat(0, &exec0, &delay0);
	loops0 = loops_exec(pids, busy);
	t0 = workload_now();
	clock_nanosleep(CLOCK_MONOTONIC, 0, &settle, NULL);
	for (unsigned i = 0; ok && i < k && !guard_stopping(); i++) {
		int64_t d = workload_sleep_next(&x, period_ns, jitter_ns), c0;
		struct timespec ts;

		ts.tv_sec = (time_t)(d / 1000000000);
		ts.tv_nsec = (long)(d % 1000000000);
		clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
		/* A little work after each wake-up: work_ns of its own CPU time. */
		c0 = thread_cputime();
		while (thread_cputime() - c0 < work_ns)
			;
	}
	t1 = workload_now();
	ok = ok && schedstat(0, &exec1, &delay1) && loops0 >= 0;
	loops1 = ok ? loops_exec(pids, busy) : -1;
	kill_all(pids, busy);
	prctl(PR_SET_TIMERSLACK, slack > 0 ? (unsigned long)slack : 0UL, 0, 0, 0);
	if (restore)
		sched_setaffinity(0, sizeof(saved), &saved);
	if (!ok || loops1 < 0 || guard_stopping() || t1 <= t0)
		return -1;
	if (share)
		*share = (double)(exec1 - exec0 + loops1 - loops0) / (double)(t1 - t0);
	return (double)(delay1 - delay0) / k;
}

/* ------------------------------------------------------------ ping-pongs */

/* Warm-up round trips before the timed ones (caches, wake-up paths). */
#define PP_WARMUP 1000

static bool read_full(int fd, void *buf, size_t n)
{
	char *p = buf;

	while (n) {
		ssize_t r = read(fd, p, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		p += r;
		n -= (size_t)r;
	}
	return true;
}

static bool write_full(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n) {
		ssize_t r = write(fd, p, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		p += r;
		n -= (size_t)r;
	}
	return true;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* The answering side of a ping-pong: read 4 bytes, send them back, n times. */
struct pp_peer {
	int rd, wr;
	unsigned n;
	int cpu;
	bool where; /* answer with the CPU the answer is written on */
	bool ok;
};

/*
 * The peer: read 4 bytes, answer 4 bytes, n times. With `where`, the answer
 * is the CPU the peer runs on once woken (sched_getcpu(3), a vDSO call
 * that enters no kernel), so the caller sees where the kernel put it.
 */
static bool echo(int rd, int wr, unsigned n, bool where)
{
	int v;

	for (unsigned i = 0; i < n; i++) {
		if (!read_full(rd, &v, sizeof(v)))
			return false;
		if (where)
			v = sched_getcpu();
		if (!write_full(wr, &v, sizeof(v)))
			return false;
	}
	return true;
}

static void *pp_thread(void *arg)
{
	struct pp_peer *p = arg;

	if (p->cpu >= 0)
		pin(p->cpu);
	p->ok = echo(p->rd, p->wr, p->n, p->where);
	return NULL;
}

double workload_pipe_pingpong(bool threads, int cpu, unsigned n, double *shared)
{
	int ab[2] = { -1, -1 }, ba[2] = { -1, -1 };
	struct pp_peer peer = { .n = n + PP_WARMUP, .cpu = cpu, .where = shared != NULL };
	unsigned together = 0;
	pthread_t tid;
	pid_t pid = 0;
	cpu_set_t saved;
	bool restore = sched_getaffinity(0, sizeof(saved), &saved) == 0;
	bool started = false, ok = true;
	int64_t t0 = 0, t1 = 0;
	int v = -1; /* no CPU: a peer that does not answer with its CPU never matches */

	if (n == 0 || n > 100000000)
		return -1;
	if (pipe(ab) != 0 || pipe(ba) != 0)
		goto out;
	peer.rd = ab[0];
	peer.wr = ba[1];
	if (threads) {
		started = pthread_create(&tid, NULL, pp_thread, &peer) == 0;
	} else {
		pid_t parent = getpid();

		pid = fork();
		if (pid == 0) {
			guard_child_init(parent);
			close(ab[1]);
			close(ba[0]);
			if (cpu >= 0)
				pin(cpu);
			_exit(echo(ab[0], ba[1], peer.n, peer.where) ? 0 : 1);
		}
		started = pid > 0;
		if (started) {
			guard_add_child(pid);
			close_fd(&ab[0]);
			close_fd(&ba[1]);
		}
	}
	if (!started)
		goto out;
	if (cpu >= 0)
		pin(cpu);
	for (unsigned i = 0; ok && i < PP_WARMUP + n && !guard_stopping(); i++) {
		int here = shared ? sched_getcpu() : 0;

		if (i == PP_WARMUP)
			t0 = workload_now();
		ok = write_full(ab[1], &v, sizeof(v)) && read_full(ba[0], &v, sizeof(v));
		together += shared && i >= PP_WARMUP && v == here;
	}
	t1 = workload_now();
	ok = ok && !guard_stopping();
out:
	/* Closing our ends ends the peer: it reads EOF or its write fails. */
	close_fd(&ab[1]);
	close_fd(&ba[0]);
	if (threads && started) {
		pthread_join(tid, NULL);
		ok = ok && peer.ok;
	} else if (started) {
		ok = guard_reap(pid) && ok;
	} else {
		ok = false;
	}
	close_fd(&ab[0]);
	close_fd(&ba[1]);
	if (restore)
		sched_setaffinity(0, sizeof(saved), &saved);
	if (ok && shared)
		*shared = (double)together / n;
	return ok ? (double)(t1 - t0) / n : -1;
}

double workload_yield_pingpong(int cpu, unsigned n)
{
	pid_t pids[2] = { 0 };
	pid_t parent = getpid();
	int64_t start = workload_now() + 20000000;
	int64_t *end;
	bool ok;

	if (n == 0 || n > 100000000)
		return -1;
	end = mmap(NULL, 2 * sizeof(*end), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1,
		   0);
	if (end == MAP_FAILED)
		return -1;
	end[0] = end[1] = 0;
	for (unsigned i = 0; i < 2; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			kill_all(pids, i);
			munmap(end, 2 * sizeof(*end));
			return -1;
		}
		if (pid == 0) {
			guard_child_init(parent);
			pin(cpu);
			/* Both runnable on the CPU when the yields begin. */
			while (workload_now() < start - 2000000)
				usleep(1000);
			spin_until(start);
			for (unsigned k = 0; k < n; k++)
				sched_yield();
			end[i] = workload_now();
			_exit(0);
		}
		guard_add_child(pid);
		pids[i] = pid;
	}
	ok = reap_all(pids, 2) && end[0] > start && end[1] > start;
	ok = ok && !guard_stopping();
	{
		double per = (double)(MAX(end[0], end[1]) - start) / (2.0 * n);

		munmap(end, 2 * sizeof(*end));
		return ok ? per : -1;
	}
}

/* ------------------------------------------------------ coroutine ping-pong */

/* The two coroutines of the ping-pong (one at a time: their entries take no argument). */
static struct coro_pp {
	unsigned n;
#ifdef PROBE_HAVE_ASM_SWITCH
	void *main_sp, *a_sp, *b_sp;
#else
	ucontext_t main, a, b;
#endif
} * coro_pp;

#ifdef PROBE_HAVE_ASM_SWITCH
static void coro_a(void)
{
	struct coro_pp *c = coro_pp;

	for (unsigned i = 0; i < c->n; i++)
		probe_ctx_switch(&c->a_sp, c->b_sp);
	probe_ctx_switch(&c->a_sp, c->main_sp);
	__builtin_unreachable();
}

static void coro_b(void)
{
	struct coro_pp *c = coro_pp;

	for (;;)
		probe_ctx_switch(&c->b_sp, c->a_sp);
}
#else
static void coro_a(void)
{
	struct coro_pp *c = coro_pp;

	for (unsigned i = 0; i < c->n; i++)
		swapcontext(&c->a, &c->b);
	swapcontext(&c->a, &c->main);
}

static void coro_b(void)
{
	struct coro_pp *c = coro_pp;

	for (;;)
		swapcontext(&c->b, &c->a);
}
#endif

#define CORO_PP_STACK (64 * 1024)

double workload_coro_pingpong(int cpu, unsigned n)
{
	struct coro_pp *c;
	char *sa, *sb;
	cpu_set_t saved;
	bool restore = sched_getaffinity(0, sizeof(saved), &saved) == 0;
	int64_t t0, t1;

	if (n == 0 || n > 1000000000 || coro_pp)
		return -1;
	c = g_new0(struct coro_pp, 1);
	sa = g_malloc(CORO_PP_STACK);
	sb = g_malloc(CORO_PP_STACK);
	c->n = n;
	coro_pp = c;
	if (cpu >= 0)
		pin(cpu);
#ifdef PROBE_HAVE_ASM_SWITCH
	c->a_sp = probe_frame_init(sa, CORO_PP_STACK, coro_a);
	c->b_sp = probe_frame_init(sb, CORO_PP_STACK, coro_b);
	t0 = workload_now();
	probe_ctx_switch(&c->main_sp, c->a_sp);
	t1 = workload_now();
#else
	getcontext(&c->a);
	c->a.uc_stack.ss_sp = sa;
	c->a.uc_stack.ss_size = CORO_PP_STACK;
	makecontext(&c->a, coro_a, 0);
	getcontext(&c->b);
	c->b.uc_stack.ss_sp = sb;
	c->b.uc_stack.ss_size = CORO_PP_STACK;
	makecontext(&c->b, coro_b, 0);
	t0 = workload_now();
	swapcontext(&c->main, &c->a);
	t1 = workload_now();
#endif
	coro_pp = NULL;
	g_free(sa);
	g_free(sb);
	g_free(c);
	if (restore)
		sched_setaffinity(0, sizeof(saved), &saved);
	/* a -> b and b -> a n times each, plus the way in and out */
	return (double)(t1 - t0) / (2.0 * n + 2);
}

/* ---------------------------------------------------------------- hackbench */

#define HB_MAX_PIPES 128

double workload_hackbench(unsigned groups, unsigned senders, unsigned receivers, unsigned loops,
			  unsigned bytes, int cpu)
{
	unsigned npipes = groups * receivers, ntasks = groups * (senders + receivers);
	int fds[HB_MAX_PIPES][2];
	int start[2] = { -1, -1 };
	pid_t pids[256] = { 0 };
	pid_t parent = getpid();
	unsigned made = 0;
	char msg[4096] = { 0 };
	int64_t t0 = 0, t1;
	bool ok = true;
	cpu_set_t saved;
	bool restore;

	if (!groups || !senders || !receivers || !loops || !bytes || bytes > sizeof(msg) ||
	    npipes > HB_MAX_PIPES || ntasks > G_N_ELEMENTS(pids) || loops > 1000000)
		return -1;
	restore = cpu >= 0 && sched_getaffinity(0, sizeof(saved), &saved) == 0;
	if (cpu >= 0)
		pin(cpu);
	for (unsigned i = 0; i < npipes; i++)
		fds[i][0] = fds[i][1] = -1;
	for (unsigned i = 0; ok && i < npipes; i++)
		ok = pipe(fds[i]) == 0;
	ok = ok && pipe(start) == 0;
	for (unsigned k = 0; ok && k < ntasks; k++) {
		unsigned g = k / (senders + receivers), r = k % (senders + receivers);
		bool sender = r < senders;
		pid_t pid = fork();

		if (pid < 0) {
			ok = false;
			break;
		}
		if (pid == 0) {
			char go;
			bool good;

			guard_child_init(parent);
			/* Keep only our ends: EOF and EPIPE then end everyone. */
			close(start[1]);
			for (unsigned i = 0; i < npipes; i++) {
				bool mine = i / receivers == g &&
					    (sender || i % receivers == r - senders);

				close(fds[i][sender ? 0 : 1]);
				if (!mine)
					close(fds[i][sender ? 1 : 0]);
			}
			if (!read_full(start[0], &go, 1))
				_exit(1);
			good = true;
			if (sender) {
				for (unsigned l = 0; good && l < loops; l++)
					for (unsigned i = 0; good && i < receivers; i++)
						good = write_full(fds[g * receivers + i][1], msg,
								  bytes);
			} else {
				int fd = fds[g * receivers + (r - senders)][0];

				for (unsigned m = 0; good && m < senders * loops; m++)
					good = read_full(fd, msg, bytes);
			}
			_exit(good ? 0 : 1);
		}
		guard_add_child(pid);
		pids[made++] = pid;
	}
	for (unsigned i = 0; i < npipes; i++) {
		close_fd(&fds[i][0]);
		close_fd(&fds[i][1]);
	}
	close_fd(&start[0]);
	if (ok) {
		char go[256];

		memset(go, 'g', sizeof(go));
		t0 = workload_now();
		ok = write_full(start[1], go, made);
	}
	/* Unstarted children read EOF and leave. */
	close_fd(&start[1]);
	if (!ok)
		kill_all(pids, made);
	ok = reap_all(pids, made) && ok && made == ntasks && !guard_stopping();
	t1 = workload_now();
	if (restore)
		sched_setaffinity(0, sizeof(saved), &saved);
	return ok ? (double)(t1 - t0) : -1;
}
