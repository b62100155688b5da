/*
 * threadpool.c - a fixed pool of worker threads taking requests from a
 * bounded FIFO (serve = threadpool), configured as thread pools usually
 * are: Java's ThreadPoolExecutor (core and maximum sizes, keepAliveTime, a
 * bounded work queue, a rejection policy), Python's ThreadPoolExecutor.
 *
 * `workers` threads (the core size) are started with the server, each a
 * thread of the server's process paying pthread_create and a thread's
 * memory. A request that arrives goes to an idle worker; when none is
 * idle it waits in the FIFO; when the FIFO holds `queue` requests, the
 * pool grows by one thread up to `max` (ThreadPoolExecutor.execute: core
 * threads first, then the queue, then extra threads, then rejection), and
 * past that the request is rejected (counted and reported, never dropped
 * silently). A thread above the core size that stays idle for `keep_alive`
 * ends. With an unbounded queue (queue = 0) the pool never grows, as in
 * Java.
 *
 * A worker runs one request at a time, its whole program: `io`, `sleep`
 * and `syscall` block the worker's thread (that is what a thread pool is
 * for: the OS runs another worker meanwhile), `yield` gives the CPU up.
 * The OS policy schedules the workers; a request is never preempted by
 * another request, only its worker by other threads. Taking the next
 * request costs nothing beyond the OS's switches between workers.
 */
#include "runtime/runtime.h"

enum {
	TP_IDLE = 1,	/* rt_task.flags of a worker: waiting for work */
	TP_EXPIRED = 2, /* its keep_alive ran out while idle */
};

struct pool {
	struct rt_fifo queue; /* requests waiting for a worker */
	struct waitq idle;    /* idle workers, the longest idle first */
	uint32_t threads;     /* workers alive */
	uint32_t created;     /* workers ever created: the next one's index */
};

static uint32_t core_size(const struct runtime *rt)
{
	return MAX(runtime_env(rt)->conf.workers, 1);
}

static uint32_t max_size(const struct runtime *rt)
{
	return MAX(runtime_env(rt)->conf.max, core_size(rt));
}

static void on_keep_alive(struct sched *s, struct sched_timer *tm)
{
	struct rt_task *r = (struct rt_task *)((char *)tm - offsetof(struct rt_task, timer));
	struct pool *p = runtime_priv(r->rt);

	if (!(r->flags & TP_IDLE))
		return;
	r->flags |= TP_EXPIRED;
	sched_wake(s, &p->idle, r->self);
}

static void add_worker(struct runtime *rt)
{
	struct pool *p = runtime_priv(rt);
	const struct runtime_env *env = runtime_env(rt);
	uint32_t index = p->created++;

	p->threads++;
	runtime_carrier_new(rt, "worker", index, TASK_THREAD, env->pid, index, on_keep_alive);
}

static void setup(struct runtime *rt)
{
	struct pool *p = runtime_priv(rt);

	rt_fifo_init(&p->queue);
	waitq_init(&p->idle);
	for (uint32_t i = 0; i < core_size(rt); i++)
		add_worker(rt);
}

static bool admit(const struct runtime *rt)
{
	const struct pool *p = runtime_priv(rt);
	uint32_t q = runtime_env(rt)->conf.queue;

	return !q || p->queue.len < q || p->idle.len || p->threads < max_size(rt);
}

static void submit(struct runtime *rt, struct task *u)
{
	struct pool *p = runtime_priv(rt);
	struct sched *s = runtime_core(rt);
	uint32_t q = runtime_env(rt)->conf.queue;

	u->kind = TASK_REQUEST;
	if (!sched_user_arrive(s, u))
		return;
	rt_fifo_push(s, &p->queue, u);
	if (p->idle.len)
		sched_wake_one(s, &p->idle);
	else if (q && p->queue.len > q && p->threads < max_size(rt))
		add_worker(rt); /* the queue is full: one more thread */
}

static uint32_t waiting(const struct runtime *rt)
{
	const struct pool *p = runtime_priv(rt);

	return p->queue.len;
}

static void finish(struct runtime *rt)
{
	struct pool *p = runtime_priv(rt);

	sched_wake_all(runtime_core(rt), &p->idle);
}

static void next(struct runtime *rt, struct task *w, struct step *out)
{
	struct pool *p = runtime_priv(rt);
	struct sched *s = runtime_core(rt);
	struct rt_task *rw = rt_of(w);

	sched_timer_cancel(s, &rw->timer);
	rw->flags &= (uint8_t)~TP_IDLE;
	if (rw->flags & TP_EXPIRED) {
		p->threads--;
		out->kind = STEP_EXIT;
		return;
	}
	for (;;) {
		struct task *u;
		sim_time_t len;
		const char *why = NULL;

		if (rw->user != RT_NONE) {
			u = sched_task_get(s, rw->user);
			if (u->state == TASK_BLOCKED)
				sched_user_state(s, u, TASK_RUNNING, w, 0,
						 runtime_why(rt, "its worker is back"));
			switch (rt_user_next(u, &len, &why)) {
			case RT_CPU:
				rt_carrier_run(w, u, 0, len, out);
				return;
			case RT_AWAIT:
			case RT_SYSCALL:
				/* The worker's thread blocks with its request. */
				sched_user_state(s, u, TASK_BLOCKED, NULL, len, why);
				out->kind = STEP_SLEEP;
				out->len = len;
				out->why = why;
				return;
			case RT_YIELD:
				out->kind = STEP_YIELD;
				return;
			case RT_EXIT:
				runtime_user_exit(rt, u);
				rw->user = RT_NONE;
				if (runtime_done(rt))
					finish(rt);
				break;
			}
		}
		u = rt_fifo_pop(s, &p->queue);
		if (!u)
			break;
		rw->user = u->id;
		sched_user_state(s, u, TASK_RUNNING, w, 0,
				 runtime_why(rt, "%s: head of the queue (%u more wait)",
					     runtime_env(rt)->name, p->queue.len));
	}
	if (runtime_done(rt)) {
		p->threads--;
		out->kind = STEP_EXIT;
		return;
	}
	rw->flags |= TP_IDLE;
	if (p->threads > core_size(rt) && runtime_env(rt)->conf.keep_alive > 0)
		sched_timer_at(s, &rw->timer,
			       sim_time_add(sched_now(s), runtime_env(rt)->conf.keep_alive));
	out->kind = STEP_WAIT;
	out->wq = &p->idle;
	out->why = "queue empty";
}

static const struct param threadpool_params[] = {
	{ .name = "workers",
	  .type = PARAM_UINT,
	  .def = "4",
	  .help = "threads started with the server (the core size)",
	  .offset = offsetof(struct serve_conf, workers),
	  .min = 1,
	  .max = 1000000 },
	{ .name = "queue",
	  .type = PARAM_UINT,
	  .def = "0",
	  .help = "requests the FIFO holds; 0: no bound",
	  .offset = offsetof(struct serve_conf, queue) },
	{ .name = "max",
	  .type = PARAM_UINT,
	  .def = "0",
	  .help = "threads it may grow to when the queue is full; 0: workers",
	  .offset = offsetof(struct serve_conf, max),
	  .max = 1000000 },
	{ .name = "keep_alive",
	  .type = PARAM_DURATION,
	  .def = "60s",
	  .help = "idle time after which a thread above workers ends",
	  .offset = offsetof(struct serve_conf, keep_alive) },
	{ .name = NULL },
};

const struct runtime_ops threadpool_runtime = {
	.name = "threadpool",
	.summary = "fixed worker threads take requests from a bounded FIFO",
	.params = threadpool_params,
	.priv_size = sizeof(struct pool),
	.setup = setup,
	.admit = admit,
	.submit = submit,
	.next = next,
	.waiting = waiting,
};
