/*
 * eventloop.c - asyncio's event loop (serve = eventloop), and the loop every
 * process with coroutines runs them on.
 *
 * As CPython's BaseEventLoop (Lib/asyncio/base_events.py, _run_once) does:
 * a loop is one OS thread with a FIFO of ready callbacks (`_ready`, a
 * deque). Each iteration polls for I/O (selector.select: epoll on Linux),
 * with a timeout of 0 when something is ready and blocking otherwise,
 * appends what the poll found to the ready queue, then runs exactly the
 * callbacks that were ready when the pass began (`ntodo = len(_ready)`):
 * what becomes ready during the pass runs in the next one, after another
 * poll. A Task's step runs its coroutine until it awaits (Lib/asyncio/
 * tasks.py, __step):
 *
 *   cpu D      the coroutine computes: the loop's thread runs D, and
 *              nothing else on this loop runs meanwhile, whatever waits
 *   io, sleep  it parks on a future (a timer here); its completion is
 *              found by the next poll and the coroutine is queued then
 *   yield      `await asyncio.sleep(0)`: call_soon(__step), to the tail
 *              of the ready queue, for the next pass
 *   syscall D  a blocking call made without awaiting (time.sleep, a
 *              synchronous driver): the loop's thread blocks in the kernel
 *              for D, and with it every coroutine of the loop
 *   end        the Task is done
 *
 * There is no preemption between coroutines: the OS policy schedules the
 * loop's thread, never a coroutine. Resuming a coroutine other than the
 * one that ran last costs the model's coroutine switch (the `switch
 * coroutine` figure; asyncio measures about 2 us), creating one (a Task) the
 * model's coroutine creation, both CPU time of the loop's thread; a
 * coroutine holds the model's coroutine memory from its arrival to its end.
 * An idle loop blocks in epoll_wait (a wait queue) until a completion or a
 * new connection wakes it.
 *
 * serve = eventloop: `workers` loops, each a process of its own with one
 * thread (several loops are several processes, as a multi-process asyncio
 * server with SO_REUSEPORT is); new connections go to the loops in turn,
 * and a connection is found by its loop's next poll. A connection that
 * has not yet run waits for the loop; `queue` bounds how many may.
 *
 * Without `serve`, every process with coroutines gets one loop: a thread
 * of that process (named PROCESS.loop[0]) on which its coroutines run.
 */
#include "machine/model.h"
#include "runtime/runtime.h"

enum { EL_STARTED = 1 }; /* rt_task.flags of a coroutine: it has run */

struct loop {
	struct runtime *rt;
	struct sched_timer poke; /* epoll_wait returns: at this instant, after its arrivals */
	struct task *carrier;
	struct waitq idle;     /* the carrier, blocked in epoll_wait */
	struct rt_fifo ready;  /* _ready */
	struct rt_fifo polled; /* completions the next poll finds */
	uint32_t ntodo;	       /* callbacks left in this pass */
	uint32_t last;	       /* the coroutine that ran last, RT_NONE: none */
	uint32_t cur;	       /* the coroutine running, RT_NONE: none */
	uint32_t pid;	       /* its process */
};

#define EL_MAX_LOOPS 1024

struct eventloop {
	struct loop *loops;
	uint32_t nloops;
	uint32_t turn;	    /* the loop the next connection goes to */
	uint32_t unstarted; /* coroutines that have not yet run */
};

static void on_poke(struct sched *s, struct sched_timer *tm);

static void setup(struct runtime *rt, bool own_processes)
{
	struct eventloop *el = runtime_priv(rt);
	const struct runtime_env *env = runtime_env(rt);

	el->nloops = own_processes ? MAX(env->conf.workers, 1) : 1;
	el->loops = g_new0(struct loop, el->nloops);
	for (uint32_t i = 0; i < el->nloops; i++) {
		struct loop *l = &el->loops[i];

		l->rt = rt;
		sched_timer_init(&l->poke, on_poke);
		waitq_init(&l->idle);
		rt_fifo_init(&l->ready);
		rt_fifo_init(&l->polled);
		l->last = l->cur = RT_NONE;
		l->pid = own_processes ? (*env->npids)++ : env->pid;
		l->carrier = runtime_carrier_new(
			rt, "loop", i, own_processes ? TASK_PROCESS : TASK_THREAD, l->pid, i, NULL);
	}
}

static void setup_served(struct runtime *rt)
{
	setup(rt, true);
}

static void setup_coroutines(struct runtime *rt)
{
	setup(rt, false);
}

static void on_poke(struct sched *s, struct sched_timer *tm)
{
	struct loop *l = (struct loop *)((char *)tm - offsetof(struct loop, poke));

	if (l->idle.len)
		sched_wake_one(s, &l->idle);
}

/*
 * Something for l to poll: if it sleeps in epoll_wait, it returns at this
 * instant, once everything that happens at this instant has (so that
 * simultaneous connections are found by one poll, as epoll returns them).
 */
static void poke(struct runtime *rt, struct loop *l)
{
	struct sched *s = runtime_core(rt);

	if (l->idle.len && !sched_timer_pending(&l->poke))
		sched_timer_at(s, &l->poke, sched_now(s));
}

static void submit(struct runtime *rt, struct task *u)
{
	struct eventloop *el = runtime_priv(rt);
	struct sched *s = runtime_core(rt);
	struct loop *l = &el->loops[el->turn];

	el->turn = (el->turn + 1) % el->nloops;
	u->kind = TASK_COROUTINE;
	u->pid = l->pid;
	rt_of(u)->slot = (uint32_t)(l - el->loops);
	if (!sched_user_arrive(s, u))
		return; /* out of memory: the run stops */
	el->unstarted++;
	rt_fifo_push(s, &l->polled, u);
	poke(rt, l);
}

static void wake(struct runtime *rt, struct task *u)
{
	struct eventloop *el = runtime_priv(rt);
	struct loop *l = &el->loops[rt_of(u)->slot];

	rt_fifo_push(runtime_core(rt), &l->polled, u);
	poke(rt, l);
}

static uint32_t waiting(const struct runtime *rt)
{
	const struct eventloop *el = runtime_priv(rt);

	return el->unstarted;
}

/* Everything has arrived and ended: every loop ends. */
static void finish(struct runtime *rt)
{
	struct eventloop *el = runtime_priv(rt);

	for (uint32_t i = 0; i < el->nloops; i++)
		poke(rt, &el->loops[i]);
}

static void next(struct runtime *rt, struct task *c, struct step *out)
{
	struct eventloop *el = runtime_priv(rt);
	struct sched *s = runtime_core(rt);
	const struct model *m = runtime_env(rt)->model;
	struct loop *l = &el->loops[rt_of(c)->slot];

	/* Each turn but the first follows one that took no time (a coroutine
	 * that awaited, yielded or ended): counted toward the core's limit, so
	 * that coroutines that only yield fail the run instead of holding the
	 * clock (sched_step_go_on). */
	for (bool first = true;; first = false) {
		struct task *u;
		sim_time_t len, overhead = 0;
		const char *why = NULL;

		if (!first && !sched_step_go_on(out))
			return;
		if (l->cur != RT_NONE) {
			u = sched_task_get(s, l->cur);
			switch (rt_user_next(u, &len, &why)) {
			case RT_CPU:
				rt_carrier_run(c, u, 0, len, out);
				return;
			case RT_SYSCALL:
				/* Not awaited: the loop's thread blocks, and the loop with it. */
				out->kind = STEP_SLEEP;
				out->len = len;
				out->why = "syscall";
				return;
			case RT_AWAIT:
				runtime_park(rt, u, len, why);
				break;
			case RT_YIELD:
				sched_user_state(s, u, TASK_READY, NULL, 0, NULL);
				rt_fifo_push(s, &l->ready, u); /* call_soon: the next pass */
				break;
			case RT_EXIT:
				runtime_user_exit(rt, u);
				if (runtime_done(rt))
					finish(rt);
				break;
			}
			l->cur = RT_NONE;
			rt_of(c)->user = RT_NONE;
		}
		if (!l->ntodo) {
			/* _run_once: poll, then run what is ready now. */
			rt_fifo_splice(s, &l->ready, &l->polled);
			l->ntodo = l->ready.len;
		}
		if (!l->ntodo) {
			if (runtime_done(rt)) {
				out->kind = STEP_EXIT;
				return;
			}
			out->kind = STEP_WAIT;
			out->wq = &l->idle;
			out->why = "epoll_wait";
			return;
		}
		u = rt_fifo_pop(s, &l->ready);
		l->ntodo--;
		if (l->last != RT_NONE && l->last != u->id) {
			overhead += m->switch_coroutine.median;
			runtime_stats_of(rt)->switches++;
		}
		if (!(rt_of(u)->flags & EL_STARTED)) {
			rt_of(u)->flags |= EL_STARTED;
			el->unstarted--;
			if (!u->parent) /* a spawned one's creation was its parent's */
				overhead += m->create_coroutine.median;
		}
		l->last = l->cur = u->id;
		sched_user_state(
			s, u, TASK_RUNNING, c, 0,
			runtime_why(rt, "%s: next in the ready queue (%u more this pass, %u ready)",
				    runtime_env(rt)->name, l->ntodo, l->ready.len));
		if (overhead) {
			rt_carrier_run(c, u, overhead, 0, out);
			return;
		}
	}
}

static void release(struct runtime *rt)
{
	struct eventloop *el = runtime_priv(rt);

	g_free(el->loops);
}

static const struct param eventloop_params[] = {
	{ .name = "workers",
	  .type = PARAM_UINT,
	  .def = "1",
	  .help = "event loops, one process each",
	  .offset = offsetof(struct serve_conf, workers),
	  .min = 1,
	  .max = EL_MAX_LOOPS },
	{ .name = "queue",
	  .type = PARAM_UINT,
	  .def = "0",
	  .help = "connections not yet run beyond which new ones are refused; 0: none",
	  .offset = offsetof(struct serve_conf, queue) },
	{ .name = NULL },
};

const struct runtime_ops eventloop_runtime = {
	.name = "eventloop",
	.summary = "asyncio: one thread per loop runs a FIFO of coroutines; loops are processes",
	.params = eventloop_params,
	.priv_size = sizeof(struct eventloop),
	.setup = setup_served,
	.submit = submit,
	.next = next,
	.wake = wake,
	.waiting = waiting,
	.release = release,
};

static const struct param no_params[] = { { .name = NULL } };

const struct runtime_ops coroutines_runtime = {
	.name = "coroutines",
	.summary = "the event loop a process's coroutines run on",
	.params = no_params,
	.priv_size = sizeof(struct eventloop),
	.setup = setup_coroutines,
	.submit = submit,
	.next = next,
	.wake = wake,
	.waiting = waiting,
	.release = release,
};
