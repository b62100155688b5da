/*
 * perreq.c - a process or a thread per request (serve = process-per-request,
 * serve = thread-per-request): the classic forking server (Apache's prefork
 * MPM without a pool, inetd) and thread-per-connection server.
 *
 * Each request becomes a kernel task as it arrives: a process of its own
 * (fork: the model's process creation, plus its part per MiB of the
 * group's memory, and an address space's memory) or a thread of the
 * server's process (pthread_create and a thread's memory). It runs the
 * request's program under the OS policy like any task: `io`, `sleep` and
 * `syscall` block it, `yield` gives the CPU up. Spawning is unbounded by
 * default: under a spike every request gets its task at once, and a machine
 * that cannot hold them all runs out of memory (the run stops, out of
 * memory at t, which task, how much), which is what this model is known
 * for. `max` bounds the tasks alive at once, as MaxRequestWorkers does;
 * requests beyond it wait in a FIFO, `queue` of them at most.
 */
#include "runtime/runtime.h"

struct perreq {
	struct runtime *rt;
	struct sched_timer kick; /* a slot freed: start the next once the task is gone */
	struct rt_fifo queue;	 /* requests waiting for a slot (NEW tasks) */
	uint32_t running;	 /* tasks alive */
	bool processes;		 /* a process per request, else a thread */
};

static void start(struct runtime *rt, struct task *t);

static void on_kick(struct sched *s, struct sched_timer *tm)
{
	struct perreq *p = (struct perreq *)((char *)tm - offsetof(struct perreq, kick));
	uint32_t max = runtime_env(p->rt)->conf.max;

	while (p->queue.len && (!max || p->running < max))
		start(p->rt, rt_fifo_pop(s, &p->queue));
}

static void setup_threads(struct runtime *rt)
{
	struct perreq *p = runtime_priv(rt);

	p->rt = rt;
	sched_timer_init(&p->kick, on_kick);
	rt_fifo_init(&p->queue);
}

static void setup_processes(struct runtime *rt)
{
	struct perreq *p = runtime_priv(rt);

	setup_threads(rt);
	p->processes = true;
}

/* Fork or pthread_create for request t: it arrives (creation, memory). */
static void start(struct runtime *rt, struct task *t)
{
	struct perreq *p = runtime_priv(rt);
	const struct runtime_env *env = runtime_env(rt);

	p->running++;
	t->kind = p->processes ? TASK_PROCESS : TASK_THREAD;
	t->pid = p->processes ? (*env->npids)++ : env->pid;
	sched_arrive(runtime_core(rt), t);
}

static void submit(struct runtime *rt, struct task *t)
{
	struct perreq *p = runtime_priv(rt);
	uint32_t max = runtime_env(rt)->conf.max;

	if (max && p->running >= max) {
		rt_fifo_push(runtime_core(rt), &p->queue, t);
		return;
	}
	start(rt, t);
}

static uint32_t waiting(const struct runtime *rt)
{
	const struct perreq *p = runtime_priv(rt);

	return p->queue.len;
}

static void next(struct runtime *rt, struct task *t, struct step *out)
{
	struct perreq *p = runtime_priv(rt);
	struct sched *s = runtime_core(rt);
	sim_time_t len;
	const char *why = NULL;

	switch (rt_prog_next(t, &len, &why)) {
	case RT_CPU:
		out->kind = STEP_RUN;
		out->len = len;
		return;
	case RT_AWAIT:
	case RT_SYSCALL:
		out->kind = STEP_SLEEP;
		out->len = len;
		out->why = why;
		return;
	case RT_YIELD:
		out->kind = STEP_YIELD;
		return;
	case RT_EXIT:
		break;
	}
	p->running--;
	runtime_task_exit(rt, t);
	/* The next waiting request starts when this task has released its memory. */
	if (p->queue.len && !sched_timer_pending(&p->kick))
		sched_timer_at(s, &p->kick, sched_now(s));
	out->kind = STEP_EXIT;
}

static const struct param perreq_params[] = {
	{ .name = "max",
	  .type = PARAM_UINT,
	  .def = "0",
	  .help = "requests served at once; 0: no bound (a task for every request)",
	  .offset = offsetof(struct serve_conf, max),
	  .max = 10000000 },
	{ .name = "queue",
	  .type = PARAM_UINT,
	  .def = "0",
	  .help = "requests waiting for one of max; 0: no bound",
	  .offset = offsetof(struct serve_conf, queue) },
	{ .name = NULL },
};

const struct runtime_ops process_per_request_runtime = {
	.name = "process-per-request",
	.summary = "a fork per request; the OS policy schedules the processes",
	.params = perreq_params,
	.priv_size = sizeof(struct perreq),
	.setup = setup_processes,
	.submit = submit,
	.next = next,
	.waiting = waiting,
};

const struct runtime_ops thread_per_request_runtime = {
	.name = "thread-per-request",
	.summary = "a pthread_create per request; the OS policy schedules the threads",
	.params = perreq_params,
	.priv_size = sizeof(struct perreq),
	.setup = setup_threads,
	.submit = submit,
	.next = next,
	.waiting = waiting,
};
