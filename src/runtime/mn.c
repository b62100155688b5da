/*
 * mn.c - Go's M:N scheduler (serve = mn): goroutines (G) run by OS threads
 * (M) holding one of GOMAXPROCS processors (P), after Go's runtime/proc.go
 * (the Go 1.22 shape) and runtime/runtime2.go.
 *
 * Each P has a local run queue of 256 goroutines (runq, a ring) and a
 * `runnext` slot; there is one global queue (sched.runq). An M runs Go code
 * only while it holds a P; `workers` is GOMAXPROCS (default: the CPUs).
 *
 *   new G       newproc: runqput(pp, g, next=true) on the listener's P: the
 *               new G takes runnext, the old runnext goes to the tail of
 *               runq; a full runq moves half of it (128) and that G to the
 *               global queue (runqputslow). The server's accept loop is
 *               taken to live on P 0. An idle P is woken (wakep).
 *   schedule    findRunnable: every 61st schedtick one G from the global
 *               queue first (fairness); then runnext (which inherits the
 *               time slice: schedtick is not advanced), the local runq, a
 *               batch from the global queue (min(n, n/GOMAXPROCS + 1, 128),
 *               one run and the rest to the local runq), then stealing: 4
 *               passes over the other Ps in a random order (a random start
 *               and a stride coprime with GOMAXPROCS), taking half, rounded
 *               up, of a victim's runq, and on the last pass its runnext
 *               (Go first sleeps 3 us when the victim runs; not modelled).
 *               Nothing: the P goes idle and the M stops (stopm).
 *   cpu D       the G computes on its M; sysmon preempts a G whose P has
 *               run the same schedtick for forcePreemptNS = 10 ms (async
 *               preemption, Go 1.14+: even a loop without calls); the G
 *               goes to the global queue.
 *   io, sleep   the G parks (netpoll, timers); when ready it goes to the
 *               global queue (injectglist without a P) and wakep.
 *   yield       runtime.Gosched: to the global queue.
 *   syscall D   entersyscall: the M blocks in the kernel with its P in
 *               _Psyscall. sysmon (starting at a 20 us period, doubling
 *               after 1 ms of idle cycles, up to 10 ms) retakes the P and
 *               hands it off (handoffp: another M, new or idle, if there is
 *               work, else the idle list) unless the P has no local work,
 *               other Ps are idle and the call is younger than 10 ms. On
 *               return, exitsyscall takes its old P back if still
 *               _Psyscall, else an idle P, else queues the G globally and
 *               the M stops.
 *
 * Ms are threads of the server's process, created on demand (pthread_create
 * and a thread's memory): GOMAXPROCS of them at the start, more when Ps are
 * handed off from Ms blocked in system calls. A goroutine holds the model's
 * coroutine memory (Go starts stacks at 2 KiB); resuming a G other than the
 * one an M ran last costs the model's coroutine switch, creating one the
 * model's coroutine creation, CPU time of the M. A G that has not yet run
 * waits; `queue` bounds how many may.
 */
#include "machine/model.h"
#include "runtime/runtime.h"

#define MN_RUNQ		256
#define MN_GLOBAL_TICK	61
#define MN_STEAL_TRIES	4
#define MN_PREEMPT	(10 * SIM_MS)
#define MN_SYSMON_MIN	(20 * SIM_US)
#define MN_SYSMON_MAX	(10 * SIM_MS)
#define MN_SYSMON_IDLE	50 /* cycles before sysmon doubles its sleep */
#define MN_SYSCALL_SLOW (10 * SIM_MS)

enum p_status { P_IDLE, P_RUNNING, P_SYSCALL };

enum {
	MF_SYSCALL = 1, /* rt_task.flags of an M: blocked in a system call */
	GF_STARTED = 2, /* of a G: it has run */
	GF_FRESH = 4,	/* of a G: picked, not yet run since */
};

struct proc {
	struct runtime *rt;
	uint32_t id;
	uint32_t runq[MN_RUNQ];
	uint32_t head, tail; /* runq holds tail - head Gs */
	uint32_t runnext;    /* RT_NONE: empty */
	uint32_t schedtick;
	sim_time_t slice_start; /* when its schedtick last advanced */
	enum p_status status;
	bool counted;		   /* in mn->nwork: a G in its runq or runnext */
	struct task *m;		   /* the M holding it (in a syscall: its old M) */
	struct sched_timer sysmon; /* while in a syscall: sysmon's next look */
	sim_time_t syscall_since;
	sim_time_t sysmon_delay;
	uint32_t sysmon_cycles;
};

struct mn {
	struct proc *ps;
	uint32_t nps;
	uint32_t nwork;	       /* Ps with a G in their runq or runnext */
	uint32_t *pidle;       /* idle Ps (sched.pidle): a min-heap of ids */
	uint32_t npidle;       /* sched.npidle: how many */
	struct rt_fifo global; /* sched.runq */
	struct waitq idle_ms;  /* stopped Ms */
	uint32_t nms;	       /* Ms created */
	uint32_t unstarted;    /* Gs not yet run */
	struct rng rng;	       /* stealing orders */
};

static struct task *g_of(struct runtime *rt, uint32_t id)
{
	return sched_task_get(runtime_core(rt), id);
}

static uint32_t runq_len(const struct proc *p)
{
	return p->tail - p->head;
}

/* ----------------------------------------------------------- run queues */

/* Counts p in mn->nwork while its runq or runnext holds a G: after any change of either. */
static void work_sync(struct mn *mn, struct proc *p)
{
	bool has = runq_len(p) || p->runnext != RT_NONE;

	if (has != p->counted) {
		p->counted = has;
		if (has)
			mn->nwork++;
		else
			mn->nwork--;
	}
}

/* runqput(pp, g, next): runnext, kicking the old one to the tail. */
static void runq_put(struct runtime *rt, struct proc *p, struct task *g, bool next)
{
	struct mn *mn = runtime_priv(rt);
	struct sched *s = runtime_core(rt);
	uint32_t id = g->id;

	if (next) {
		uint32_t old = p->runnext;

		p->runnext = id;
		id = old;
	}
	if (id == RT_NONE) {
		/* runnext took it, and held none before */
	} else if (runq_len(p) < MN_RUNQ) {
		p->runq[p->tail++ % MN_RUNQ] = id;
	} else {
		/* runqputslow: half the local queue and this G to the global queue. */
		for (uint32_t i = 0; i < MN_RUNQ / 2; i++)
			rt_fifo_push(s, &mn->global, g_of(rt, p->runq[p->head++ % MN_RUNQ]));
		rt_fifo_push(s, &mn->global, g_of(rt, id));
	}
	work_sync(mn, p);
}

static uint32_t runq_get(struct mn *mn, struct proc *p, bool *inherit)
{
	uint32_t id = p->runnext;

	*inherit = id != RT_NONE;
	if (id != RT_NONE)
		p->runnext = RT_NONE;
	else if (runq_len(p))
		id = p->runq[p->head++ % MN_RUNQ];
	work_sync(mn, p);
	return id;
}

/* globrunqget(pp, 0): one G to run, and up to n - 1 more to the local runq. */
static uint32_t global_get(struct runtime *rt, struct proc *p)
{
	struct mn *mn = runtime_priv(rt);
	struct sched *s = runtime_core(rt);
	uint32_t n = mn->global.len, first;

	if (!n)
		return RT_NONE;
	n = MIN(n, mn->global.len / mn->nps + 1);
	n = MIN(n, MN_RUNQ / 2);
	first = rt_fifo_pop(s, &mn->global)->id;
	for (uint32_t i = 1; i < n && runq_len(p) < MN_RUNQ; i++)
		p->runq[p->tail++ % MN_RUNQ] = rt_fifo_pop(s, &mn->global)->id;
	work_sync(mn, p);
	return first;
}

static uint32_t gcd(uint32_t a, uint32_t b)
{
	while (b) {
		uint32_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/*
 * runqsteal: half (rounded up) of a victim's runq; the last one is run.
 *
 * Go spins up Ms to steal only while there may be work (wakep when a G is
 * queued, sched.nmspinning, runqempty), so that a thousand idle Ps cost it
 * nothing. Here: when no other P holds a G in its runq or runnext
 * (mn->nwork), no pass can find one and none looks at the Ps. The passes'
 * orders are drawn all the same, so that the steals after draw what they
 * drew before.
 */
static uint32_t steal(struct runtime *rt, struct proc *p)
{
	struct mn *mn = runtime_priv(rt);
	uint32_t n = mn->nps;
	bool none = mn->nwork == (p->counted ? 1u : 0u);

	if (n < 2)
		return RT_NONE;
	for (int pass = 0; pass < MN_STEAL_TRIES; pass++) {
		/*
		 * randomOrder: a random start, a stride coprime with n, each
		 * position the last plus the stride (randomEnum.next), so that
		 * the pass visits every P however many there are.
		 */
		uint32_t pos = rng_u32(&mn->rng) % n, stride;

		do
			stride = 1 + rng_u32(&mn->rng) % n;
		while (gcd(stride, n) != 1);
		if (none)
			continue;
		for (uint32_t k = 0; k < n; k++, pos = (uint32_t)(((uint64_t)pos + stride) % n)) {
			struct proc *v = &mn->ps[pos];
			uint32_t take, g;

			if (v == p || v->status == P_IDLE)
				continue;
			take = runq_len(v) - runq_len(v) / 2;
			if (take) {
				for (uint32_t i = 0; i + 1 < take; i++)
					p->runq[p->tail++ % MN_RUNQ] = v->runq[v->head++ % MN_RUNQ];
				g = v->runq[v->head++ % MN_RUNQ];
			} else if (pass == MN_STEAL_TRIES - 1 && v->runnext != RT_NONE) {
				g = v->runnext;
				v->runnext = RT_NONE;
			} else {
				continue;
			}
			work_sync(mn, v);
			work_sync(mn, p);
			return g;
		}
	}
	return RT_NONE;
}

/* ---------------------------------------------------------- idle Ps */

/*
 * pidleput: p goes idle. Go keeps its idle Ps in a list (sched.pidle,
 * counted in sched.npidle); the model hands out the idle P of the lowest
 * id first, from a min-heap, so that neither costs a look at every P.
 */
static void pidle_put(struct mn *mn, struct proc *p)
{
	uint32_t i = mn->npidle++;

	p->status = P_IDLE;
	p->m = NULL;
	while (i > 0 && mn->pidle[(i - 1) / 2] > p->id) {
		mn->pidle[i] = mn->pidle[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	mn->pidle[i] = p->id;
}

/* pidleget: the idle P of the lowest id, out of the idle ones; NULL: none. */
static struct proc *pidle_get(struct mn *mn)
{
	uint32_t top, last, i = 0;

	if (!mn->npidle)
		return NULL;
	top = mn->pidle[0];
	last = mn->pidle[--mn->npidle];
	for (;;) {
		uint32_t c = 2 * i + 1;

		if (c >= mn->npidle)
			break;
		if (c + 1 < mn->npidle && mn->pidle[c + 1] < mn->pidle[c])
			c++;
		if (mn->pidle[c] > last)
			break;
		mn->pidle[i] = mn->pidle[c];
		i = c;
	}
	mn->pidle[i] = last;
	return &mn->ps[top];
}

/* ---------------------------------------------------------- Ms and Ps */

static void on_sysmon(struct sched *s, struct sched_timer *tm);

/* startm: give P p to an idle M, or to a new one. */
static void start_m(struct runtime *rt, struct proc *p)
{
	struct mn *mn = runtime_priv(rt);
	struct sched *s = runtime_core(rt);

	p->status = P_RUNNING;
	p->slice_start = sched_now(s);
	if (mn->idle_ms.len) {
		struct task *m = sched_task_get(s, mn->idle_ms.head);

		p->m = m;
		rt_of(m)->slot = p->id;
		sched_wake(s, &mn->idle_ms, m);
		return;
	}
	p->m = NULL;
	p->m = runtime_carrier_new(rt, "M", mn->nms++, TASK_THREAD, runtime_env(rt)->pid, p->id,
				   NULL);
}

/* wakep: an idle P gets an M, when there is one. */
static void wake_p(struct runtime *rt)
{
	struct proc *p = pidle_get(runtime_priv(rt));

	if (p)
		start_m(rt, p);
}

static bool has_work(const struct mn *mn, const struct proc *p)
{
	return runq_len(p) || p->runnext != RT_NONE || mn->global.len;
}

/* handoffp: an M for p if there is work, else the idle list. */
static void handoff_p(struct runtime *rt, struct proc *p)
{
	struct mn *mn = runtime_priv(rt);

	p->m = NULL;
	if (has_work(mn, p)) {
		start_m(rt, p);
		return;
	}
	pidle_put(mn, p);
}

static void on_sysmon(struct sched *s, struct sched_timer *tm)
{
	struct proc *p = (struct proc *)((char *)tm - offsetof(struct proc, sysmon));
	struct mn *mn = runtime_priv(p->rt);
	sim_time_t now = sched_now(s);

	if (p->status != P_SYSCALL)
		return;
	if (!has_work(mn, p) && mn->npidle > 0 && now - p->syscall_since < MN_SYSCALL_SLOW) {
		/* Not yet: sysmon sleeps on, longer after 50 idle cycles. */
		if (++p->sysmon_cycles > MN_SYSMON_IDLE)
			p->sysmon_delay = MIN(p->sysmon_delay * 2, MN_SYSMON_MAX);
		sched_timer_at(s, &p->sysmon, sim_time_add(now, p->sysmon_delay));
		return;
	}
	handoff_p(p->rt, p);
}

/* ------------------------------------------------------------- the model */

static void setup(struct runtime *rt)
{
	struct mn *mn = runtime_priv(rt);
	const struct runtime_env *env = runtime_env(rt);
	g_autofree char *stream = g_strdup_printf("%s/mn", env->name);

	mn->nps = env->conf.workers ? env->conf.workers : env->ncpus;
	mn->ps = g_new0(struct proc, mn->nps);
	mn->pidle = g_new(uint32_t, mn->nps);
	rt_fifo_init(&mn->global);
	waitq_init(&mn->idle_ms);
	rng_seed_named(&mn->rng, env->seed, stream, 0);
	for (uint32_t i = 0; i < mn->nps; i++) {
		struct proc *p = &mn->ps[i];

		p->rt = rt;
		p->id = i;
		p->runnext = RT_NONE;
		sched_timer_init(&p->sysmon, on_sysmon);
		start_m(rt, p);
	}
}

static void release(struct runtime *rt)
{
	struct mn *mn = runtime_priv(rt);

	g_free(mn->ps);
	g_free(mn->pidle);
}

static void submit(struct runtime *rt, struct task *g)
{
	struct mn *mn = runtime_priv(rt);

	g->kind = TASK_COROUTINE;
	if (!sched_user_arrive(runtime_core(rt), g))
		return;
	mn->unstarted++;
	runq_put(rt, &mn->ps[0], g, true);
	wake_p(rt);
}

static void wake(struct runtime *rt, struct task *g)
{
	struct mn *mn = runtime_priv(rt);

	rt_fifo_push(runtime_core(rt), &mn->global, g);
	wake_p(rt);
}

static uint32_t waiting(const struct runtime *rt)
{
	const struct mn *mn = runtime_priv(rt);

	return mn->unstarted;
}

static void finish(struct runtime *rt)
{
	struct mn *mn = runtime_priv(rt);

	sched_wake_all(runtime_core(rt), &mn->idle_ms);
}

/* findRunnable for the M holding p: a G id and why, or RT_NONE. */
static uint32_t find_runnable(struct runtime *rt, struct proc *p, bool *inherit, const char **why)
{
	struct mn *mn = runtime_priv(rt);
	struct sched *s = runtime_core(rt);
	uint32_t g;

	*inherit = false;
	if (p->schedtick % MN_GLOBAL_TICK == 0 && mn->global.len) {
		*why = "schedtick a multiple of 61: the global queue first";
		return rt_fifo_pop(s, &mn->global)->id;
	}
	g = runq_get(mn, p, inherit);
	if (g != RT_NONE) {
		*why = *inherit ? "runnext (inherits the time slice)"
				: "head of the local run queue";
		return g;
	}
	g = global_get(rt, p);
	if (g != RT_NONE) {
		*why = "from the global queue";
		return g;
	}
	g = steal(rt, p);
	if (g != RT_NONE)
		*why = "stolen from another P";
	return g;
}

static void next(struct runtime *rt, struct task *m, struct step *out)
{
	struct mn *mn = runtime_priv(rt);
	struct sched *s = runtime_core(rt);
	const struct model *model = runtime_env(rt)->model;
	struct rt_task *rm = rt_of(m);

	if (rm->flags & MF_SYSCALL) {
		struct proc *p = rm->slot != RT_NONE ? &mn->ps[rm->slot] : NULL;
		struct task *g = g_of(rt, rm->user);

		rm->flags &= (uint8_t)~MF_SYSCALL;
		if (p && p->status == P_SYSCALL && p->m == m) {
			/* exitsyscall's fast path: the old P is still ours. */
			sched_timer_cancel(s, &p->sysmon);
			p->status = P_RUNNING;
		} else {
			struct proc *idle = pidle_get(mn);

			rm->slot = RT_NONE;
			if (idle) {
				idle->status = P_RUNNING;
				idle->m = m;
				idle->slice_start = sched_now(s);
				rm->slot = idle->id;
			} else {
				/* No P: the G to the global queue, the M stops. */
				sched_user_state(s, g, TASK_READY, NULL, 0, NULL);
				rt_fifo_push(s, &mn->global, g);
				rm->user = RT_NONE;
			}
		}
	}
	/* Each turn but the first follows one that took no time (a goroutine
	 * that parked, yielded or ended): counted toward the core's limit
	 * (sched_step_go_on), as the event loop's. */
	for (bool first = true;; first = false) {
		struct proc *p = rm->slot != RT_NONE ? &mn->ps[rm->slot] : NULL;
		struct task *g;
		sim_time_t len, overhead = 0;
		const char *why = NULL;
		bool inherit;
		uint32_t id;

		if (!first && !sched_step_go_on(out))
			return;
		if (!p) {
			if (runtime_done(rt)) {
				out->kind = STEP_EXIT;
				return;
			}
			out->kind = STEP_WAIT;
			out->wq = &mn->idle_ms;
			out->why = "stopm";
			return;
		}
		if (rm->user != RT_NONE) {
			g = g_of(rt, rm->user);
			switch (rt_user_next(g, &len, &why)) {
			case RT_CPU: {
				sim_time_t room = p->slice_start + MN_PREEMPT - sched_now(s);

				/* A G that inherits a used-up slice (runnext) runs until
				 * sysmon's next look finds it. */
				if (room <= 0 && (rt_of(g)->flags & GF_FRESH))
					room = MN_SYSMON_MIN;
				rt_of(g)->flags &= (uint8_t)~GF_FRESH;
				if (room > 0) {
					rt_of(g)->left = len;
					rm->overhead = 0;
					out->kind = STEP_RUN;
					out->len = MIN(len, room);
					return;
				}
				/* sysmon's retake: running 10 ms on one schedtick. */
				sched_user_state(s, g, TASK_READY, NULL, 0, NULL);
				rt_fifo_push(s, &mn->global, g);
				break;
			}
			case RT_SYSCALL:
				/* entersyscall: the M blocks with its P in _Psyscall. */
				p->status = P_SYSCALL;
				p->syscall_since = sched_now(s);
				p->sysmon_delay = MN_SYSMON_MIN;
				p->sysmon_cycles = 0;
				sched_timer_at(s, &p->sysmon,
					       sim_time_add(sched_now(s), MN_SYSMON_MIN));
				rm->flags |= MF_SYSCALL;
				out->kind = STEP_SLEEP;
				out->len = len;
				out->why = "syscall";
				return;
			case RT_AWAIT:
				runtime_park(rt, g, len, why);
				break;
			case RT_YIELD:
				sched_user_state(s, g, TASK_READY, NULL, 0, NULL);
				rt_fifo_push(s, &mn->global, g);
				wake_p(rt);
				break;
			case RT_EXIT:
				runtime_user_exit(rt, g);
				if (runtime_done(rt))
					finish(rt);
				break;
			}
			rm->user = RT_NONE;
		}
		id = find_runnable(rt, p, &inherit, &why);
		if (id == RT_NONE) {
			/* Nothing anywhere: the P goes idle, the M stops. */
			pidle_put(mn, p);
			rm->slot = RT_NONE;
			continue;
		}
		g = g_of(rt, id);
		if (!inherit) {
			p->schedtick++;
			p->slice_start = sched_now(s);
		}
		if (rm->last != RT_NONE && rm->last != id) {
			overhead += model->switch_coroutine.median;
			runtime_stats_of(rt)->switches++;
		}
		rm->last = id;
		if (!(rt_of(g)->flags & GF_STARTED)) {
			rt_of(g)->flags |= GF_STARTED;
			mn->unstarted--;
			overhead += model->create_coroutine.median;
		}
		rm->user = id;
		rt_of(g)->flags |= GF_FRESH;
		sched_user_state(
			s, g, TASK_RUNNING, m, 0,
			runtime_why(rt, "P%u: %s (schedtick %u)", p->id, why, p->schedtick));
		if (overhead) {
			rt_carrier_run(m, g, overhead, 0, out);
			return;
		}
	}
}

static const struct param mn_params[] = {
	{ .name = "workers",
	  .type = PARAM_UINT,
	  .def = "0",
	  .help = "GOMAXPROCS: Ps; 0: the CPUs",
	  .offset = offsetof(struct serve_conf, workers),
	  /* the group key's bound: Go has had none of its own since 1.10
	   * (_MaxGomaxprocs, 1024, in runtime/runtime2.go before) */
	  .max = 1000000 },
	{ .name = "queue",
	  .type = PARAM_UINT,
	  .def = "0",
	  .help = "goroutines not yet run beyond which new requests are refused; 0: none",
	  .offset = offsetof(struct serve_conf, queue) },
	{ .name = NULL },
};

const struct runtime_ops mn_runtime = {
	.name = "mn",
	.summary = "Go: goroutines on GOMAXPROCS Ps with local queues, stealing and sysmon",
	.params = mn_params,
	.priv_size = sizeof(struct mn),
	.setup = setup,
	.submit = submit,
	.next = next,
	.wake = wake,
	.waiting = waiting,
	.release = release,
};
