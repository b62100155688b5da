/*
 * ipc.c - system calls, pipes, and switches between tasks: the ping-pongs.
 *
 * A null system call is getppid() in a loop (lmbench's lat_syscall null;
 * tsuna's timesyscall.c uses gettid). A pipe write+read is one task writing
 * a byte to a pipe and reading it back: the same-task baseline of lmbench's
 * lat_ctx ("overhead"). A switch is a ping-pong between two tasks pinned to
 * one CPU, as lmbench's lat_ctx with two processes (LMBENCH_SCHED=SINGLE),
 * `perf bench sched pipe` (tools/perf/bench/sched-pipe.c, which also has a
 * threaded mode) and tsuna's futex ping-pong (timectxsw.c, timetctxsw.c)
 * measure it: the round trip, minus what the same calls cost in one task,
 * divided by the switches getrusage counted in both tasks over the batch
 * (ru_nvcsw + ru_nivcsw; not an assumed 2, after tsuna/contextswitch
 * issue #3). The peer reports its counts when asked, outside the timed
 * part of a batch.
 *
 * A sched_yield(2) is timed twice on one CPU: alone, where the pick finds
 * its caller again and nothing switches (the call, the yield's bookkeeping
 * and the pick: do_sched_yield and __schedule in kernel/sched/core.c), and
 * as tsuna's sched_yield ping-pong (timetctxsw2.c: two tasks pinned to one
 * CPU that only yield), where each yield hands the CPU to the other task:
 * a switch with no wake-up and no dequeue, which getrusage counts as one
 * involuntary switch per yield. Its cost over a yield alone is the switch
 * that follows a yield.
 *
 * A remote wake-up is the same ping-pong with the tasks on two CPUs, less
 * what the simulator charges on the path of such a round trip besides its
 * two wake-ups: per hop, a pipe call ([switch] syscall) and its cache lines'
 * transfer ([switch] ipc_remote), and no switch, as each CPU only goes from
 * its task to idle and back to the same task (no address space changes);
 * per hop, what remains is the interrupt sent to the other CPU, its exit
 * from idle and the switches to and from its idle task. (The extra over the
 * round trip on one CPU would count the two process switches that one
 * pays and the simulator never charges here: on a 2-vCPU bhyve guest, 3.9
 * against 9.3 us per hop.) What a pipe call costs more when
 * the pipe's last call ran on the other CPU (its state and buffer move
 * between the caches: the cache-to-cache transfers Molka et al. measure in
 * "Memory Performance and Cache Coherency Effects on an Intel Nehalem
 * Multiprocessor System", PACT 2009) is a write on one CPU and the read of
 * its byte on another, each call timed alone and the turn handed over by a
 * flag both sides poll, outside the time, against the same calls timed the
 * same way in one task. The TLB refill after a switch
 * is the ping-pong with each side touching a working set of pages every
 * turn, processes against threads (lmbench lat_ctx -s, tsuna's
 * timectxswws.c): what a process switch adds per page over a thread switch.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe/probe.h"

/* Pages each side of the working-set ping-pong touches per turn: 1 MiB of 4 KiB pages. */
#define WS_PAGES 256

static long futex(uint32_t *w, int op, uint32_t v)
{
	return syscall(SYS_futex, w, op, v, NULL, NULL, 0);
}

/* ------------------------------------------------------ one task alone */

static int64_t batch_getppid(void *arg, uint64_t n, struct probe_counts *c)
{
	int64_t t0 = probe_now();

	for (uint64_t i = 0; i < n; i++)
		syscall(SYS_getppid);
	return probe_now() - t0;
}

static int64_t batch_pipe_rw(void *arg, uint64_t n, struct probe_counts *c)
{
	const int *fd = arg;
	char b = 'x';
	int64_t t0 = probe_now();

	for (uint64_t i = 0; i < n; i++) {
		if (write(fd[1], &b, 1) != 1 || read(fd[0], &b, 1) != 1)
			return -1;
	}
	return probe_now() - t0;
}

/* The calling thread's voluntary switches so far. */
static long nvcsw_now(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_THREAD, &ru) == 0 ? ru.ru_nvcsw : 0;
}

/*
 * Alone on its CPU a yield finds its caller again and nothing switches: a
 * switch means another task was runnable there, and the batch timed its
 * turns too (counted as preemptions: what disturbed the batch).
 */
static int64_t batch_yield(void *arg, uint64_t n, struct probe_counts *c)
{
	long v0 = nvcsw_now();
	int64_t t0 = probe_now(), t1;

	for (uint64_t i = 0; i < n; i++)
		sched_yield();
	t1 = probe_now();
	c->nivcsw += nvcsw_now() - v0;
	return t1 - t0;
}

/*
 * Two processes on the calling thread's CPU yield n times each: the time of
 * the 2n yields, from the start to the later end. The peer is forked for
 * the batch, outside the timed part, and starts on a byte from a pipe. The
 * two hold the CPU from the start to the end, one or the other, and their
 * CPU times add up to most of it (the switches between them are charged to
 * neither: some 15 % on a 2-vCPU KVM guest); less than two thirds means
 * that another task took turns between their yields (a third busy task
 * would take about one), and the batch counts as disturbed.
 */
static int64_t batch_yield_pingpong(void *arg, uint64_t n, struct probe_counts *c)
{
	pid_t parent = getpid(), pid;
	int go[2], done[2];
	int64_t t0, t1, c0, c1, peer[2] = { 0, 0 }; /* the peer's end, its CPU time */
	char b = 'g';
	bool ok;

	if (pipe2(go, O_CLOEXEC) != 0)
		return -1;
	if (pipe2(done, O_CLOEXEC) != 0) {
		close(go[0]);
		close(go[1]);
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		int64_t end[2], cpu;

		guard_child_init(parent);
		if (read(go[0], &b, 1) != 1)
			_exit(1);
		cpu = probe_thread_cpu();
		for (uint64_t i = 0; i < n; i++)
			sched_yield();
		end[0] = probe_now();
		end[1] = probe_thread_cpu() - cpu;
		_exit(write(done[1], end, sizeof(end)) == sizeof(end) ? 0 : 1);
	}
	close(go[0]);
	close(done[1]);
	ok = pid > 0;
	if (ok)
		guard_add_child(pid);
	t0 = probe_now();
	c0 = probe_thread_cpu();
	ok = ok && write(go[1], &b, 1) == 1;
	for (uint64_t i = 0; ok && i < n; i++)
		sched_yield();
	c1 = probe_thread_cpu();
	t1 = probe_now();
	ok = ok && read(done[0], peer, sizeof(peer)) == sizeof(peer);
	close(go[1]);
	close(done[0]);
	if (pid > 0)
		ok = guard_reap(pid) && ok;
	if (!ok)
		return -1;
	t1 = MAX(t1, peer[0]);
	if (3 * (c1 - c0 + peer[1]) < 2 * (t1 - t0))
		c->nivcsw++;
	return t1 - t0;
}

struct futex_base {
	uint32_t word;
	int wake, wait; /* FUTEX_WAKE(_PRIVATE), FUTEX_WAIT(_PRIVATE) */
};

/* A wake with nobody waiting and a wait whose value has changed: the calls of one hop. */
static int64_t batch_futex_rw(void *arg, uint64_t n, struct probe_counts *c)
{
	struct futex_base *f = arg;
	int64_t t0 = probe_now();

	for (uint64_t i = 0; i < n; i++) {
		futex(&f->word, f->wake, 1);
		if (futex(&f->word, f->wait, f->word + 1) == 0)
			return -1;
	}
	return probe_now() - t0;
}

/* ------------------------------------------------------------ ping-pong */

enum { CMD_PING = 'p', CMD_SNAP = 's', CMD_QUIT = 'q' };

/* What the two sides share: in MAP_SHARED memory, so a forked peer sees it too. */
struct pp_shared {
	uint32_t turn; /* futex word: 1 the peer's turn, 0 ours */
	uint32_t cmd;
	long nvcsw, nivcsw; /* the peer's switches at its last CMD_SNAP */
};

struct pingpong {
	bool futex;   /* futex words rather than pipes */
	bool thread;  /* the peer is a thread of the probe, not a process */
	int cpu_peer; /* where the peer pins itself */
	int down[2], up[2];
	struct pp_shared *sh;
	pid_t pid;
	pthread_t tid;
	bool started;
	volatile char *ws_self, *ws_peer; /* NULL: no working set */
	double rtts;			  /* round trips between snapshots, all batches */
	long switches;			  /* switches counted over them */
};

/* size zeroed bytes a forked peer shares with the probe (munmap them); NULL on failure. */
static void *shared_new(size_t size)
{
	void *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return m == MAP_FAILED ? NULL : m; /* anonymous memory comes zeroed */
}

static void touch(volatile char *ws)
{
	if (!ws)
		return;
	for (unsigned i = 0; i < WS_PAGES; i++)
		(void)ws[(size_t)i * 4096 + (i % 64) * 64];
}

static int wake_op(const struct pingpong *pp)
{
	return pp->thread ? FUTEX_WAKE_PRIVATE : FUTEX_WAKE;
}

static int wait_op(const struct pingpong *pp)
{
	return pp->thread ? FUTEX_WAIT_PRIVATE : FUTEX_WAIT;
}

/* Hand the turn over with cmd and wait for it to come back (unless quitting). */
static bool hop(struct pingpong *pp, char cmd)
{
	if (!pp->futex) {
		char b = cmd;

		if (write(pp->down[1], &b, 1) != 1)
			return false;
		if (cmd == CMD_QUIT)
			return true;
		return read(pp->up[0], &b, 1) == 1;
	}
	pp->sh->cmd = (uint32_t)cmd;
	__atomic_store_n(&pp->sh->turn, 1, __ATOMIC_RELEASE);
	futex(&pp->sh->turn, wake_op(pp), 1);
	if (cmd == CMD_QUIT)
		return true;
	while (__atomic_load_n(&pp->sh->turn, __ATOMIC_ACQUIRE) == 1)
		futex(&pp->sh->turn, wait_op(pp), 1);
	return true;
}

static void peer_loop(struct pingpong *pp)
{
	probe_pin(pp->cpu_peer);
	for (;;) {
		char cmd;

		if (!pp->futex) {
			if (read(pp->down[0], &cmd, 1) != 1)
				return;
		} else {
			while (__atomic_load_n(&pp->sh->turn, __ATOMIC_ACQUIRE) == 0)
				futex(&pp->sh->turn, wait_op(pp), 0);
			cmd = (char)pp->sh->cmd;
		}
		if (cmd == CMD_QUIT)
			return;
		if (cmd == CMD_SNAP) {
			struct rusage ru;

			getrusage(pp->thread ? RUSAGE_THREAD : RUSAGE_SELF, &ru);
			pp->sh->nvcsw = ru.ru_nvcsw;
			pp->sh->nivcsw = ru.ru_nivcsw;
		}
		touch(pp->ws_peer);
		if (!pp->futex) {
			if (write(pp->up[1], &cmd, 1) != 1)
				return;
		} else {
			__atomic_store_n(&pp->sh->turn, 0, __ATOMIC_RELEASE);
			futex(&pp->sh->turn, wake_op(pp), 1);
		}
	}
}

static void *peer_thread(void *arg)
{
	peer_loop(arg);
	return NULL;
}

static int64_t batch_pingpong(void *arg, uint64_t n, struct probe_counts *c)
{
	struct pingpong *pp = arg;
	int who = pp->thread ? RUSAGE_THREAD : RUSAGE_SELF;
	struct rusage r0, r1;
	long pv, pi, sw;
	int64_t t0, t1;

	if (!hop(pp, CMD_SNAP))
		return -1;
	pv = pp->sh->nvcsw;
	pi = pp->sh->nivcsw;
	getrusage(who, &r0);
	t0 = probe_now();
	for (uint64_t i = 0; i < n; i++) {
		touch(pp->ws_self);
		if (!hop(pp, CMD_PING))
			return -1;
	}
	t1 = probe_now();
	getrusage(who, &r1);
	if (!hop(pp, CMD_SNAP))
		return -1;
	/*
	 * Between the peer's two snapshots it slept n + 1 times and we slept
	 * n times between ours: n + 1/2 round trips of two switches. A wake-up
	 * may preempt the waker (an involuntary switch instead of the waker's
	 * voluntary one a moment later), so only switches beyond two per round
	 * trip are other tasks' doing.
	 */
	sw = (r1.ru_nvcsw - r0.ru_nvcsw) + (r1.ru_nivcsw - r0.ru_nivcsw) + (pp->sh->nvcsw - pv) +
	     (pp->sh->nivcsw - pi);
	pp->switches += sw;
	pp->rtts += (double)n + 0.5;
	if (sw > (long)(2 * n + 1))
		c->nivcsw += sw - (long)(2 * n + 1);
	return t1 - t0;
}

static void pp_stop(struct pingpong *pp)
{
	if (pp->started) {
		hop(pp, CMD_QUIT);
		if (pp->thread)
			pthread_join(pp->tid, NULL);
		else
			guard_reap(pp->pid);
	}
	for (int i = 0; i < 2; i++) {
		if (pp->down[i] >= 0)
			close(pp->down[i]);
		if (pp->up[i] >= 0)
			close(pp->up[i]);
	}
	if (pp->sh)
		munmap(pp->sh, sizeof(*pp->sh));
	probe_unpin();
}

static bool pp_start(struct pingpong *pp, int cpu_self)
{
	pp->down[0] = pp->down[1] = pp->up[0] = pp->up[1] = -1;
	if (!(pp->sh = shared_new(sizeof(*pp->sh))))
		return false;
	if (pipe2(pp->down, O_CLOEXEC) || pipe2(pp->up, O_CLOEXEC))
		return false;
	probe_pin(cpu_self);
	if (pp->thread) {
		if (pthread_create(&pp->tid, NULL, peer_thread, pp))
			return false;
	} else {
		pid_t parent = getpid();

		pp->pid = fork();
		if (pp->pid < 0)
			return false;
		if (pp->pid == 0) {
			guard_child_init(parent);
			peer_loop(pp);
			_exit(0);
		}
		guard_add_child(pp->pid);
	}
	pp->started = true;
	return true;
}

/* ------------------------------------------- a pipe call on another CPU */

/* What the two sides share (MAP_SHARED): whose turn, and the peer's time in its calls. */
struct cross_shared {
	uint32_t turn; /* 0: the probe's, 1: the peer's, 2: the peer is to quit */
	int64_t peer_ns;
};

struct cross {
	int fd[2]; /* the pipe the probe writes and the peer reads (non-blocking) */
	struct cross_shared *sh;
	pid_t pid;
	bool started;
};

/* Wait for `turn` (spinning: neither side sleeps); false past `until` (ns). */
static bool cross_wait(struct cross_shared *sh, uint32_t turn, int64_t until)
{
	for (unsigned k = 1; __atomic_load_n(&sh->turn, __ATOMIC_ACQUIRE) != turn; k++)
		if (k % 4096 == 0 && probe_now() > until)
			return false;
	return true;
}

/*
 * n write+read pairs of one byte: the probe writes on its CPU, then hands
 * the turn to the peer, which reads on its CPU; each call is timed alone,
 * so the turn's hand-over is outside the time, and each finds the pipe's
 * lines where the other side's call left them. The time of both calls.
 */
static int64_t batch_cross(void *arg, uint64_t n, struct probe_counts *c)
{
	struct cross *x = arg;
	char b = 'x';
	int64_t until = probe_now() + 10 * (int64_t)1000000000, own = 0, peer0;

	if (!cross_wait(x->sh, 0, until))
		return -1;
	peer0 = x->sh->peer_ns;
	for (uint64_t i = 0; i < n; i++) {
		int64_t t0 = probe_now();

		if (write(x->fd[1], &b, 1) != 1)
			return -1;
		own += probe_now() - t0;
		__atomic_store_n(&x->sh->turn, 1, __ATOMIC_RELEASE);
		if (!cross_wait(x->sh, 0, until))
			return -1;
	}
	return own + (x->sh->peer_ns - peer0);
}

/* The same pairs in one task, each call timed alone as above. */
static int64_t batch_rw_timed(void *arg, uint64_t n, struct probe_counts *c)
{
	const int *fd = arg;
	char b = 'x';
	int64_t sum = 0;

	for (uint64_t i = 0; i < n; i++) {
		int64_t t0 = probe_now(), t1;

		if (write(fd[1], &b, 1) != 1)
			return -1;
		t1 = probe_now();
		sum += t1 - t0;
		t0 = probe_now();
		if (read(fd[0], &b, 1) != 1)
			return -1;
		sum += probe_now() - t0;
	}
	return sum;
}

static void cross_peer(struct cross *x)
{
	char b;

	for (;;) {
		uint32_t turn;
		int64_t t0;

		while ((turn = __atomic_load_n(&x->sh->turn, __ATOMIC_ACQUIRE)) == 0)
			;
		if (turn != 1)
			return;
		t0 = probe_now();
		if (read(x->fd[0], &b, 1) != 1)
			return;
		x->sh->peer_ns += probe_now() - t0;
		__atomic_store_n(&x->sh->turn, 0, __ATOMIC_RELEASE);
	}
}

static void cross_stop(struct cross *x)
{
	if (x->started) {
		__atomic_store_n(&x->sh->turn, 2, __ATOMIC_RELEASE);
		guard_reap(x->pid);
	}
	for (int i = 0; i < 2; i++)
		if (x->fd[i] >= 0)
			close(x->fd[i]);
	if (x->sh)
		munmap(x->sh, sizeof(*x->sh));
	probe_unpin();
}

/* The peer on cpu_peer, this task on cpu_self. */
static bool cross_start(struct cross *x, int cpu_self, int cpu_peer)
{
	pid_t parent = getpid();

	x->fd[0] = x->fd[1] = -1;
	if (!(x->sh = shared_new(sizeof(*x->sh))))
		return false;
	if (pipe2(x->fd, O_CLOEXEC) || fcntl(x->fd[0], F_SETFL, O_NONBLOCK))
		return false;
	x->pid = fork();
	if (x->pid < 0)
		return false;
	if (x->pid == 0) {
		guard_child_init(parent); /* it dies with the probe */
		probe_pin(cpu_peer);
		cross_peer(x);
		_exit(0);
	}
	guard_add_child(x->pid);
	x->started = true;
	probe_pin(cpu_self);
	return true;
}

/*
 * A pipe call after one on another CPU, over one after a call in the same
 * task: per call, half the difference of the two pairs (the clock's own
 * cost is in both).
 */
static void pipe_cross(struct probe *p, struct model *m)
{
	struct cross x = { .fd = { -1, -1 } }; /* cross_stop may come before cross_start */
	struct probe_opts o = { .max_iters = 2000000, .pinned = true };
	struct probe_result r, local;
	const char *what = "pipe write and read on two CPUs, each timed";
	int fd[2];

	probe_pin(p->cpu_a);
	if (pipe2(fd, O_CLOEXEC) == 0) {
		probe_measure(p, "pipe write and read in one task, each timed", batch_rw_timed, fd,
			      &o, &local);
		close(fd[0]);
		close(fd[1]);
	} else {
		probe_skip(&local, "pipe write and read in one task, each timed", strerror(errno));
	}
	probe_report(p, NULL, &local);
	if (!local.ok || !cross_start(&x, p->cpu_a, p->cpu_b)) {
		probe_skip(&r, what, local.ok ? strerror(errno) : "no baseline");
		cross_stop(&x);
		probe_report(p, NULL, &r);
		probe_result_clear(&local);
		return;
	}
	probe_measure(p, what, batch_cross, &x, &o, &r);
	cross_stop(&x);
	m->measured.pipe_cross = probe_figure(&r);
	probe_report(p, "measured.pipe_cross", &r);
	if (r.ok) {
		probe_derive(p, &r, local.m.median, 2);
		r.what = "pipe call after one on another CPU (over one in one task)";
		m->ipc_remote = probe_figure(&r);
		probe_report(p, "switch.ipc_remote", &r);
	}
	probe_result_clear(&r);
	probe_result_clear(&local);
}

/*
 * Run one ping-pong and measure its round trip; *spr receives the switches
 * per round trip getrusage counted (0 when unknown).
 */
static void pingpong(struct probe *p, const char *what, bool use_futex, bool thread, int cpu_self,
		     int cpu_peer, volatile char *ws_self, volatile char *ws_peer,
		     struct probe_result *r, double *spr)
{
	struct pingpong pp = { .futex = use_futex,
			       .thread = thread,
			       .cpu_peer = cpu_peer,
			       .ws_self = ws_self,
			       .ws_peer = ws_peer };
	struct probe_opts o = { .max_iters = 2000000, .pinned = true, .counts_preemptions = true };

	*spr = 0;
	if (!pp_start(&pp, cpu_self)) {
		probe_skip(r, what, strerror(errno));
		pp_stop(&pp);
		return;
	}
	probe_measure(p, what, batch_pingpong, &pp, &o, r);
	pp_stop(&pp);
	if (pp.rtts > 0)
		*spr = (double)pp.switches / pp.rtts;
}

/* The switch from a round trip: (rtt - 2 * base) / switches per round trip. */
static void derive_switch(struct probe *p, struct probe_result *r, double base, double spr)
{
	if (!r->ok)
		return;
	if (spr < 1) {
		/* A round trip between blocked tasks sleeps twice; fewer means nobody slept. */
		g_strlcat(r->why, r->why[0] ? ", " : "", sizeof(r->why));
		g_strlcat(r->why, "fewer than one switch per round trip", sizeof(r->why));
		r->noisy = true;
		spr = 2;
	}
	probe_derive(p, r, 2 * base, spr);
}

static volatile char *ws_new(void)
{
	size_t len = (size_t)WS_PAGES * 4096;
	char *ws = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (ws == MAP_FAILED)
		return NULL;
	/* 4 KiB pages: a huge page would hide the refills we count. */
	madvise(ws, len, MADV_NOHUGEPAGE);
	memset(ws, 1, len);
	return ws;
}

static void ws_free(volatile char *ws)
{
	if (ws)
		munmap((void *)(uintptr_t)ws, (size_t)WS_PAGES * 4096);
}

static void noisy_spr(const char *what, double spr, struct probe *p)
{
	if (p->progress && spr > 0)
		fprintf(stderr,
			"schedlab-probe:          %s: %.2f switches per round trip (getrusage)\n",
			what, spr);
}

void probe_syscalls(struct probe *p, struct model *m)
{
	struct probe_result r;
	struct probe_opts pinned = { .max_iters = 50000000, .pinned = true };
	int fd[2];

	probe_pin(p->cpu_a);
	probe_measure(p, "null system call (getppid)", batch_getppid, NULL, &pinned, &r);
	m->measured.syscall_null = probe_figure(&r);
	probe_report(p, "measured.syscall_null", &r);
	probe_result_clear(&r);

	if (pipe2(fd, O_CLOEXEC) == 0) {
		probe_measure(p, "pipe write+read in one task", batch_pipe_rw, fd, &pinned, &r);
		close(fd[0]);
		close(fd[1]);
	} else {
		probe_skip(&r, "pipe write+read in one task", strerror(errno));
	}
	m->measured.pipe_rw = probe_figure(&r);
	probe_report(p, "measured.pipe_rw", &r);
	/* An IPC system call: half of a write+read. */
	probe_derive(p, &r, 0, 2);
	r.what = "IPC system call (half a pipe write+read)";
	m->syscall = probe_figure(&r);
	probe_report(p, "switch.syscall", &r);
	probe_result_clear(&r);
	probe_unpin();
}

/*
 * A pipe ping-pong on one CPU between two processes or two threads: its round
 * trip into *rtt, and the switch it implies once the same-task baseline is
 * taken out into *measured and the model's *model. Returns the round trip's
 * median, 0 when it could not be measured.
 */
static double pipe_switch(struct probe *p, bool thread, const struct probe_result *base,
			  struct figure *rtt, struct figure *measured, struct figure *model)
{
	const char *kind = thread ? "threads" : "processes";
	g_autofree char *what = g_strdup_printf("pipe round trip, %s, one CPU", kind);
	struct probe_result r;
	double spr, median;

	pingpong(p, what, false, thread, p->cpu_a, p->cpu_a, NULL, NULL, &r, &spr);
	*rtt = probe_figure(&r);
	probe_report(
		p, thread ? "measured.pipe_round_trip_thread" : "measured.pipe_round_trip_process",
		&r);
	median = r.ok ? r.m.median : 0;
	noisy_spr(kind, spr, p);
	if (base->ok) {
		derive_switch(p, &r, base->m.median, spr);
		r.what = thread ? "thread switch (pipe, baseline out)"
				: "process switch (pipe, baseline out)";
		*measured = probe_figure(&r);
		*model = *measured;
		probe_report(p, thread ? "switch.thread" : "switch.process", &r);
	}
	probe_result_clear(&r);
	return median;
}

void probe_switches(struct probe *p, struct model *m)
{
	struct probe_opts pinned = { .max_iters = 50000000, .pinned = true };
	struct probe_result base_pipe, base_futex, base_futex_priv, r, rpws, rtws;
	struct futex_base fb = { .wake = FUTEX_WAKE, .wait = FUTEX_WAIT };
	double spr, rtt_p = 0, rtt_t = 0;
	volatile char *ws_a, *ws_b;
	int fd[2];

	/* The baselines, on the CPU the ping-pongs use. */
	probe_pin(p->cpu_a);
	if (pipe2(fd, O_CLOEXEC) == 0) {
		probe_measure(p, "pipe write+read (baseline)", batch_pipe_rw, fd, &pinned,
			      &base_pipe);
		close(fd[0]);
		close(fd[1]);
	} else {
		probe_skip(&base_pipe, "pipe write+read (baseline)", strerror(errno));
	}
	probe_measure(p, "futex wake+wait in one task (baseline)", batch_futex_rw, &fb, &pinned,
		      &base_futex);
	fb.wake = FUTEX_WAKE_PRIVATE;
	fb.wait = FUTEX_WAIT_PRIVATE;
	probe_measure(p, "private futex wake+wait (baseline)", batch_futex_rw, &fb, &pinned,
		      &base_futex_priv);
	probe_unpin();

	/* Pipe ping-pong between processes, then threads, on one CPU. */
	rtt_p = pipe_switch(p, false, &base_pipe, &m->measured.pipe_round_trip_process,
			    &m->measured.pipe_switch_process, &m->switch_process);
	rtt_t = pipe_switch(p, true, &base_pipe, &m->measured.pipe_round_trip_thread,
			    &m->measured.pipe_switch_thread, &m->switch_thread);

	/* The same with futex words. */
	pingpong(p, "futex switch, processes, one CPU", true, false, p->cpu_a, p->cpu_a, NULL, NULL,
		 &r, &spr);
	if (base_futex.ok)
		derive_switch(p, &r, base_futex.m.median, spr);
	m->measured.futex_switch_process = probe_figure(&r);
	probe_report(p, "measured.futex_switch_process", &r);
	probe_result_clear(&r);
	pingpong(p, "futex switch, threads, one CPU", true, true, p->cpu_a, p->cpu_a, NULL, NULL,
		 &r, &spr);
	if (base_futex_priv.ok)
		derive_switch(p, &r, base_futex_priv.m.median, spr);
	m->measured.futex_switch_thread = probe_figure(&r);
	probe_report(p, "measured.futex_switch_thread", &r);
	probe_result_clear(&r);

	/* sched_yield alone, then the yield ping-pong: the switch after a yield. */
	{
		struct probe_opts yo = { .max_iters = 50000000,
					 .pinned = true,
					 .scale = 2,
					 .counts_preemptions = true };
		struct probe_result ra;

		probe_pin(p->cpu_a);
		probe_measure(p, "sched_yield alone on a CPU", batch_yield, NULL, &pinned, &ra);
		m->yield = probe_figure(&ra);
		probe_report(p, "switch.yield", &ra);
		if (ra.ok) {
			probe_measure(p, "sched_yield ping-pong, processes, one CPU",
				      batch_yield_pingpong, NULL, &yo, &r);
			m->measured.yield_pingpong = probe_figure(&r);
			probe_report(p, "measured.yield_pingpong", &r);
			probe_derive(p, &r, ra.m.median, 1);
			r.what = "switch after a yield (ping-pong less a yield alone)";
			m->yield_switch = probe_figure(&r);
			probe_report(p, "switch.yield_switch", &r);
			probe_result_clear(&r);
		}
		probe_result_clear(&ra);
		probe_unpin();
	}

	/* Two CPUs: the extra of a remote wake-up, per hop. */
	if (p->cpu_a != p->cpu_b) {
		pipe_cross(p, m);
		pingpong(p, "pipe round trip, processes, two CPUs", false, false, p->cpu_a,
			 p->cpu_b, NULL, NULL, &r, &spr);
		m->measured.pipe_round_trip_remote = probe_figure(&r);
		probe_report(p, "measured.pipe_round_trip_remote", &r);
		if (m->syscall.n) {
			/* what the simulator charges on that path besides: a call and a
			 * transfer per hop (ipc_remote is 0 when not measured) */
			probe_derive(p, &r,
				     2.0 * (double)(m->syscall.median + m->ipc_remote.median), 2);
			r.what = "remote wake-up (a hop on two CPUs less its call)";
			m->remote_wakeup = probe_figure(&r);
			probe_report(p, "switch.remote_wakeup", &r);
		}
		probe_result_clear(&r);
	} else {
		probe_skip(&r, "remote wake-up", "the probe may use one CPU only");
		probe_report(p, NULL, &r);
	}

	/* A working set touched every turn: what a process switch adds per page. */
	ws_a = ws_new();
	ws_b = ws_new();
	if (ws_a && ws_b && rtt_p > 0 && rtt_t > 0) {
		pingpong(p, "pipe round trip with 1 MiB touched, processes", false, false, p->cpu_a,
			 p->cpu_a, ws_a, ws_b, &rpws, &spr);
		pingpong(p, "pipe round trip with 1 MiB touched, threads", false, true, p->cpu_a,
			 p->cpu_a, ws_a, ws_b, &rtws, &spr);
		if (rpws.ok && rtws.ok) {
			probe_derive(p, &rpws, rtws.m.median + (rtt_p - rtt_t), 2.0 * WS_PAGES);
			rpws.what = "TLB refill per page after a process switch";
			m->measured.tlb_refill_after_switch = probe_figure(&rpws);
		}
		probe_report(p, "measured.tlb_refill_after_switch", &rpws);
		probe_result_clear(&rpws);
		probe_result_clear(&rtws);
	} else {
		probe_skip(&r, "TLB refill after a switch", "no working set or no ping-pong");
		probe_report(p, NULL, &r);
	}
	ws_free(ws_a);
	ws_free(ws_b);
	probe_result_clear(&base_pipe);
	probe_result_clear(&base_futex);
	probe_result_clear(&base_futex_priv);
}
