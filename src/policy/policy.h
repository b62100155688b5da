/*
 * policy.h - the interface between the scheduler core and a policy.
 *
 * In the spirit of the kernel's struct sched_class: each policy is a const
 * table of function pointers with designated initialisers, unused hooks left
 * NULL, and all of them listed in one registry, policies.def (expanded into
 * one explicit array in policy.c). The core (src/sched) owns time, events
 * and accounting; a policy only answers questions about the tasks the core
 * hands it:
 *
 *   - it never schedules events, reads a clock other than rq->now,
 *     allocates per decision, or prints;
 *   - it keeps its per-queue state in rq->priv and its per-task state in
 *     task->priv, both zeroed by the core (sizes below); what it allocates
 *     for a queue (an array that grows with the queue, never per decision)
 *     it gives back in release;
 *   - a randomised policy draws only from rq->rng.
 *
 * The queue a policy manages holds the tasks that are READY. The task that
 * runs (rq->curr) is not in it: pick_next removes the task it returns, and a
 * task that stops running but stays runnable comes back through enqueue.
 *
 * A call sequence, for one task on one CPU:
 *
 *   enqueue(NEW) ... pick_next -> t ... put_prev(t, ran) enqueue(EXPIRED)
 *   ... pick_next -> t ... put_prev(t, ran) [t blocks] ... enqueue(WAKEUP) ...
 *
 * Parameters are declared, not parsed: each policy lists them in `params`
 * (name, type, default, help, offset in its configuration struct) and the
 * scenario loader fills a zeroed struct of `conf_size` bytes from the
 * policy's group ([rr] quantum = 4), with line numbers in every error. The
 * same table feeds `schedlab policies`; a test checks that
 * docs/scenario-format.md lists every parameter with its default.
 */
#ifndef SCHEDLAB_POLICY_H
#define SCHEDLAB_POLICY_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/param.h"
#include "base/rng.h"
#include "base/simtime.h"
#include "task/task.h"

/* enqueue flags: why a task becomes READY. Exactly one is set. */
enum {
	ENQ_NEW = 1 << 0,	/* arrival, or first run after creation */
	ENQ_WAKEUP = 1 << 1,	/* end of I/O or sleep */
	ENQ_PREEMPTED = 1 << 2, /* taken off the CPU by a better task */
	ENQ_EXPIRED = 1 << 3,	/* its slice ended */
	ENQ_YIELD = 1 << 4,	/* it gave the CPU up (yield op) */
	ENQ_MIGRATED = 1 << 5,	/* moved from another CPU's queue */
	ENQ_RESTORE = 1 << 6,	/* back after DEQ_SAVE, its priority changed */
};

/* dequeue flags: why a READY task leaves the queue without being picked. */
enum {
	DEQ_MIGRATE = 1 << 0, /* moved to another CPU's queue */
	DEQ_EXIT = 1 << 1,    /* killed while ready */
	DEQ_SAVE = 1 << 2,    /* its priority changes: it comes back with ENQ_RESTORE */
};

struct policy;

/* One run queue: per CPU, or one shared by all CPUs (cpu == -1). */
struct rq {
	struct policy *policy; /* instance: ops and configuration */
	void *priv;	       /* policy-private, rq_priv_size bytes, zeroed */
	struct task *curr;     /* running task of a per-CPU queue, else NULL */
	sim_time_t now;	       /* the core's clock when it calls */
	uint32_t nr_queued;    /* READY tasks in the queue (kept by the core) */
	int cpu;	       /* the CPU served, -1 for a global queue */
	struct rng *rng;       /* the stream of randomised policies */
};

struct policy_ops {
	const char *name;	    /* as written in `policy = ...` */
	const char *summary;	    /* one line for `schedlab policies` */
	const struct param *params; /* terminated by { 0 } (base/param.h) */
	size_t conf_size;	    /* bytes of the configuration struct */
	size_t rq_priv_size;	    /* bytes of rq->priv */
	size_t task_priv_size;	    /* bytes of task->priv */
	bool per_cpu_only;	    /* refuses global_queue: the kernel's policies */

	/*
	 * Called by the scenario loader once the parameters are filled in, to
	 * check what one parameter alone cannot (a list as long as the number
	 * of levels). On error, sets *key to the offending key and returns
	 * false with the message in `msg`. Optional.
	 */
	bool (*check)(const void *conf, const char **key, GString *msg);

	/* Called by the core when t becomes READY on rq (see ENQ_*). */
	void (*enqueue)(struct rq *rq, struct task *t, unsigned flags);
	/* Called by the core to take a READY task off rq unpicked (DEQ_*). Optional. */
	void (*dequeue)(struct rq *rq, const struct task *t, unsigned flags);
	/* Called by the core when a CPU needs a task: choose one and remove it
	 * from the queue; NULL leaves the CPU idle. */
	struct task *(*pick_next)(struct rq *rq);
	/* Called by the core when it frees the queue (every task gone from it):
	 * give back what the policy allocated for rq->priv. Optional. */
	void (*release)(struct rq *rq);
	/* Called by the core when the running task t stops running, after it
	 * ran `ran` ns since it was picked. t->state says what follows:
	 * TASK_READY (preempted, expired or yielded: re-queued with enqueue at
	 * this instant's dispatch, after the instant's wakeups), TASK_BLOCKED
	 * or TASK_TERMINATED. t->remaining == 0 means its CPU burst is over.
	 * Optional. */
	void (*put_prev)(struct rq *rq, const struct task *t, sim_time_t ran);
	/* Called by the core right after pick_next: how long t may run before
	 * the core takes it back (SIM_TIME_INF: until it blocks or exits). */
	sim_time_t (*slice)(const struct rq *rq, const struct task *t);
	/* Called by the core when `woken` becomes READY while `curr` runs on
	 * the CPU that would take it: true preempts curr at once. Optional:
	 * NULL never preempts. curr's accounting is up to date. */
	bool (*wakeup_preempt)(const struct rq *rq, const struct task *curr,
			       const struct task *woken);
	/* Called by the core whenever it brings the running task's accounting
	 * up to date (before put_prev and wakeup_preempt), with the CPU time
	 * curr ran since the previous call. Optional. */
	void (*update_curr)(struct rq *rq, const struct task *curr, sim_time_t delta);
	/*
	 * Called by the core once, before the run: the period of the policy's
	 * scheduler tick, or 0 for none. Ticks fall at whole multiples of the
	 * period (k * period, like the kernel's jiffies) on every CPU that is
	 * running a task; an idle CPU does not tick (NO_HZ). Optional.
	 */
	sim_time_t (*tick_period)(const struct policy *p);
	/* Called by the core at each tick of a CPU running curr, after its
	 * accounting is brought up to date: true takes curr off the CPU
	 * (re-queued with ENQ_EXPIRED) at this instant's dispatch. */
	bool (*tick)(struct rq *rq, const struct task *curr);
	/*
	 * Called by the core when t, BLOCKED, becomes READY again, with the
	 * queue of the CPU it last ran on: true when t is still on that queue
	 * (it went to sleep but the policy kept it there, as Linux 6.12's
	 * DELAY_DEQUEUE does), so that it wakes on that CPU and nowhere else,
	 * as ttwu_runnable() does. Optional: NULL is never.
	 */
	bool (*still_queued)(const struct rq *rq, const struct task *t);
	/* Called by the core with --explain, right after pick_next returned
	 * `picked` (NULL: idle): say in the policy's own terms why. */
	void (*explain)(const struct rq *rq, const struct task *picked, GString *why);
	/*
	 * Called by the core with --explain when it takes curr off the CPU
	 * because tick returned true (at this instant's dispatch, before
	 * put_prev): say why in the policy's own terms, or return false to
	 * leave the core's words, "tick: slice used up after" the time curr
	 * ran. Optional: NULL is always the core's words.
	 */
	bool (*explain_tick)(const struct rq *rq, const struct task *curr, GString *why);
	/*
	 * Called by the core with --explain when it takes curr off the CPU
	 * because wakeup_preempt said READY task `by` preempts it (at this
	 * instant's dispatch, before put_prev): say why in the policy's own
	 * terms, naming `by`. Optional: NULL reads "preempted by" its name.
	 */
	void (*explain_preempt)(const struct rq *rq, const struct task *curr, const struct task *by,
				GString *why);
	/*
	 * Called by the core for priority inheritance (a mutex with protocol =
	 * inherit): how urgent the value `prio` of task->priority is under this
	 * configuration, smaller being more urgent. Optional: NULL for a policy
	 * that does not schedule by `priority`, where inheritance does nothing.
	 * A policy with it has dequeue, and takes a READY task whose priority
	 * changes through dequeue(DEQ_SAVE) and enqueue(ENQ_RESTORE).
	 */
	int64_t (*urgency)(const struct policy *p, int32_t prio);
};

/*
 * The CPU time t is known to need before it next stops, for the policies
 * that rank tasks by their bursts (sjf, srtf, ljf, lrtf, hrrn): what is left
 * of its burst. A READY task with nothing left stands between two bursts:
 * it yielded right after a burst ended, and the core loads its next burst
 * only when it runs again. Its next burst is then taken to be as long as the
 * one that ended: the exponential average of predict.h with alpha = 1
 * (Silberschatz, "Operating System Concepts", 10th ed., 5.3.2). Never 0:
 * every burst the core runs is at least 1 ns, and a ratio may divide by it.
 */
static inline sim_time_t policy_need(const struct task *t)
{
	if (t->remaining > 0)
		return t->remaining;
	return t->burst > 0 ? t->burst : 1;
}

/* An instance: the ops and the configuration the scenario gave them. */
struct policy {
	const struct policy_ops *ops;
	const void *conf; /* conf_size bytes, filled from the scenario */
	uint32_t ncpus;	  /* CPUs of the machine */
};

/* The registry (policy.c). */
const struct policy_ops *policy_find(const char *name);
/* NULL-terminated, in the order `schedlab policies` prints them. */
const struct policy_ops *const *policy_all(void);

#endif
