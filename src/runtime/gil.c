/*
 * gil.c - a global interpreter lock: `gil = true` on a group of threads.
 *
 * CPython's threads hold one lock to run bytecode (Python/ceval_gil.h, the
 * "new GIL" of Python 3.2 by Antoine Pitrou). A thread that wants the lock
 * while another holds it waits; after the switch interval
 * (sys.setswitchinterval, 5 ms by default) it asks the holder to drop it,
 * and the holder drops it at its next check of the eval breaker and,
 * with FORCE_SWITCHING, does not take it back before another thread has.
 * Blocking I/O (and time.sleep) releases it before blocking and takes it
 * again after.
 *
 * Here, the threads of every group with `gil = true` in one process share
 * one lock. A thread's `cpu` work runs only while it holds the lock, in
 * pieces of at most the switch interval; at the end of a piece, if another
 * thread waits, the lock goes straight to the one that has waited longest
 * and the former holder waits behind the others (FORCE_SWITCHING). The
 * drop is thus asked for on the holder's interval, not on the waiter's own
 * timeout: a waiter that comes mid-interval may get the lock up to one
 * interval earlier than in CPython, never later. `io`, `sleep`, `syscall`,
 * `yield` and the end of the program release it. Waiting for the lock is
 * blocking in the kernel (a condition variable): the OS policy runs other
 * threads meanwhile.
 *
 * What it shows: CPU-bound threads get no speed-up from more CPUs, since
 * one of them computes at a time, and pay the handoffs; I/O-bound threads
 * do speed up, since they hold the lock only to compute.
 */
#include "runtime/runtime.h"

struct gil {
	struct task *holder; /* NULL: free */
	struct waitq waiters;
};

static void setup(struct runtime *rt)
{
	struct gil *g = runtime_priv(rt);

	waitq_init(&g->waiters);
}

static void submit(struct runtime *rt, struct task *t)
{
	t->kind = TASK_THREAD;
	sched_arrive(runtime_core(rt), t);
}

/* t lets the lock go: to the thread that has waited longest, if any. */
static void release(struct runtime *rt, struct task *t)
{
	struct gil *g = runtime_priv(rt);
	struct sched *s = runtime_core(rt);

	if (g->holder != t)
		return;
	g->holder = NULL;
	if (g->waiters.len) {
		g->holder = sched_task_get(s, g->waiters.head);
		runtime_stats_of(rt)->switches++;
		sched_wake_one(s, &g->waiters);
	}
}

static void next(struct runtime *rt, struct task *t, struct step *out)
{
	struct gil *g = runtime_priv(rt);
	struct rt_task *r = rt_of(t);
	sim_time_t interval = runtime_env(rt)->conf.switch_interval;
	sim_time_t len;
	const char *why = NULL;
	bool ran = r->chunk > 0; /* the end of a piece, not a wake-up */

	r->left -= r->chunk;
	r->chunk = 0;
	if (ran && r->left > 0 && g->holder == t && g->waiters.len) {
		/* The end of an interval with others waiting: drop it, and wait. */
		release(rt, t);
		out->kind = STEP_WAIT;
		out->wq = &g->waiters;
		out->why = "gil";
		return;
	}
	while (r->left == 0) {
		switch (rt_prog_next(t, &len, &why)) {
		case RT_CPU:
			r->left = len;
			break;
		case RT_AWAIT:
		case RT_SYSCALL:
			release(rt, t);
			out->kind = STEP_SLEEP;
			out->len = len;
			out->why = why;
			return;
		case RT_YIELD:
			release(rt, t);
			out->kind = STEP_YIELD;
			return;
		case RT_EXIT:
			release(rt, t);
			runtime_task_exit(rt, t);
			out->kind = STEP_EXIT;
			return;
		}
	}
	if (!g->holder)
		g->holder = t;
	if (g->holder != t) {
		out->kind = STEP_WAIT;
		out->wq = &g->waiters;
		out->why = "gil";
		return;
	}
	r->chunk = interval > 0 ? MIN(r->left, interval) : r->left;
	out->kind = STEP_RUN;
	out->len = r->chunk;
}

static const struct param gil_params[] = {
	{ .name = "switch_interval",
	  .type = PARAM_DURATION,
	  .def = "5ms",
	  .help = "how long the holder keeps the GIL while others wait (CPython's default)",
	  .offset = offsetof(struct serve_conf, switch_interval),
	  .min = 1 },
	{ .name = NULL },
};

const struct runtime_ops gil_runtime = {
	.name = "gil",
	.summary = "threads of one process hold one interpreter lock to compute",
	.params = gil_params,
	.priv_size = sizeof(struct gil),
	.setup = setup,
	.submit = submit,
	.next = next,
};
