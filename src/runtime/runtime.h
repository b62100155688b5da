/*
 * runtime.h - execution models: the ways a server runs its requests, and
 * the user-level runtimes coroutines always live in.
 *
 * A runtime stands between a group of the scenario and the scheduler core.
 * The core schedules kernel tasks (processes and threads) under the OS
 * policy; a runtime decides which *user-level* work its own kernel tasks,
 * its carriers, do: an event loop runs a FIFO of coroutines, a thread pool's
 * workers take requests from a bounded queue, Go's Ms run goroutines from
 * their P's run queue. The OS policy never sees a coroutine: a coroutine
 * runs until it awaits, and one that computes without awaiting holds its
 * carrier and everything queued behind it.
 *
 * One file per model, registered in runtime.c as policies are in
 * policy.c, each a const struct runtime_ops:
 *
 *   process-per-request  a fork per request; the OS schedules them
 *   thread-per-request   a pthread_create per request
 *   threadpool           `workers` threads taking requests from a bounded
 *                        FIFO; may grow to `max`, extra threads end after
 *                        `keep_alive` idle (ThreadPoolExecutor)
 *   eventloop            asyncio: one thread per loop runs a FIFO of
 *                        coroutines; `workers` loops are as many processes
 *   mn                   Go: `workers` Ps with local run queues, a global
 *                        queue, stealing, sysmon's preemption and P handoff
 *
 * and two that no `serve` names: the event loop every process with
 * coroutines gets ("coroutines"), and the interpreter lock of a group with
 * `gil = true` ("gil").
 *
 * What the world builder (src/sim) does with them: it makes one runtime per
 * served group, per process with coroutines and per process with a GIL
 * (runtime_new), registers the one runtime driver (runtime_driver) for
 * every task a runtime drives, and hands each arrival of those groups to
 * runtime_arrive instead of creating a kernel task. A runtime may turn a
 * request away (its queue is full): it is counted and reported, never
 * dropped silently, and no task is created for it.
 *
 * Every user-level task is still a struct task of the core (sched.h,
 * "user-level tasks"), so the reports treat coroutines and requests as
 * tasks: turnaround is a request's latency (completion - arrival).
 */
#ifndef SCHEDLAB_RUNTIME_H
#define SCHEDLAB_RUNTIME_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/param.h"
#include "base/rng.h"
#include "base/simtime.h"
#include "runtime/serve.h"
#include "sched/sched.h"
#include "task/program.h"
#include "task/task.h"

struct runtime;

/* What a runtime is given by the world builder. */
struct runtime_env {
	struct sched *core;
	const struct model *model;
	struct serve_conf conf;	     /* the group's keys (the model's defaults filled in) */
	const char *name;	     /* the group's (or process's) name: names its carriers */
	const struct task_group *tg; /* the group whose tasks it runs (program, memory) */
	uint32_t first;		     /* id of the group's first task */
	uint32_t pid;		     /* the address space its threads share */
	uint32_t *npids;	     /* the world's counter of address spaces: new ones */
	uint64_t seed;		     /* the scenario's */
	uint32_t ncpus;		     /* CPUs of the machine */
	uint64_t expected;	     /* tasks that will arrive (it ends its carriers after) */
	unsigned driver;	     /* runtime_driver's number in the core */
	bool requests;		     /* its tasks are requests (served) or plain tasks */
};

/* Counts of a runtime, for the results. */
struct runtime_stats {
	uint64_t arrived;  /* tasks handed to it */
	uint64_t rejected; /* ... turned away */
	uint64_t switches; /* user-level switches between its tasks */
};

/* ------------------------------------------------- for the world builder */

/* The driver of every task a runtime drives; register it once per core. */
extern const struct driver_ops runtime_driver;
/* Bytes of the runtime driver's per-task area. */
size_t runtime_ext_size(void);

struct runtime *runtime_new(const struct runtime_ops *ops, const struct runtime_env *env);
/* More tasks will arrive (another group of coroutines of the same process). */
void runtime_expect(struct runtime *rt, uint64_t n, const struct task_group *tg, uint32_t first);
/* Create its carriers; call once, before the run. */
void runtime_setup(struct runtime *rt);
/*
 * Task `index` of group tg (id `id`) arrives now, or at `at` for a spawned
 * one (its parent paid its creation): admitted, it is created and submitted;
 * turned away, it is only counted. Returns the task, or NULL when rejected.
 */
struct task *runtime_arrive(struct runtime *rt, const struct task_group *tg, uint32_t id,
			    uint32_t index, sim_time_t at, const struct task *parent);
void runtime_get_stats(const struct runtime *rt, struct runtime_stats *out);
void runtime_free(struct runtime *rt);

/* ------------------------------------------------------- for the models */

/* What a runtime knows of each of its tasks (the driver's per-task area). */
struct rt_task {
	struct runtime *rt;	  /* its runtime */
	struct task *self;	  /* the task this area belongs to */
	struct prog_cursor cur;	  /* where its program is */
	struct rng rng;		  /* its draws: the same stream as the program driver's */
	struct sched_timer timer; /* end of its io or sleep; a carrier's own timer */
	sim_time_t left;	  /* CPU left in its current cpu op */
	sim_time_t overhead;	  /* carrier: runtime work at the head of its current RUN */
	sim_time_t slice_start;	  /* mn: when its G started its time slice */
	sim_time_t chunk;	  /* gil: the CPU of its last RUN, not yet taken from left */
	uint32_t next;		  /* link in a runtime's FIFO (task ids) */
	uint32_t user;		  /* carrier: the user task it runs, RT_NONE: none */
	uint32_t last;		  /* carrier: the user task it ran last, RT_NONE: none */
	uint32_t slot;		  /* the model's: loop, worker or P number */
	uint8_t flags;		  /* the model's */
};

#define RT_NONE UINT32_MAX

static inline struct rt_task *rt_of(const struct task *t)
{
	return (struct rt_task *)sched_task_ext(t);
}

/* What a task's program does next, in a runtime's words. */
enum rt_act {
	RT_CPU,	    /* compute for *len */
	RT_AWAIT,   /* io or sleep for *len: a coroutine parks, a thread blocks */
	RT_SYSCALL, /* a blocking system call for *len: its thread blocks */
	RT_YIELD,   /* give the carrier (or the CPU) up, stay runnable */
	RT_EXIT,    /* the program is over */
};

/* Walk t's program to its next action; *why names an await ("io", "sleep"). */
enum rt_act rt_prog_next(struct task *t, sim_time_t *len, const char **why);
/* t's current cpu op: CPU still to run (left), or the next action. */
enum rt_act rt_user_next(struct task *t, sim_time_t *len, const char **why);

void *runtime_priv(const struct runtime *rt);
const struct runtime_env *runtime_env(const struct runtime *rt);
struct sched *runtime_core(const struct runtime *rt);
/* The counters the models keep. */
struct runtime_stats *runtime_stats_of(struct runtime *rt);
/* Tasks alive in it: admitted, not ended. */
uint64_t runtime_live(const struct runtime *rt);
/* Every task it will get has arrived and ended. */
bool runtime_done(const struct runtime *rt);
/* User-level task u of rt ends (its memory is released). */
void runtime_user_exit(struct runtime *rt, struct task *u);
/* Kernel task t of rt (a per-request task) ends: counted out. */
void runtime_task_exit(struct runtime *rt, struct task *t);

/*
 * A new carrier: a kernel task (kind, address space pid) named
 * GROUP.WHAT[index], driven by the runtime driver, its rt_task.slot and
 * timer's function set (fn may be NULL), arriving now: it pays its creation
 * before it runs (with none, its first next() comes before this returns).
 */
struct task *runtime_carrier_new(struct runtime *rt, const char *what, uint32_t index,
				 enum task_kind kind, uint32_t pid, uint32_t slot,
				 sched_timer_fn fn);

/* Park user-level task u for len (io, sleep): its timer calls ops->wake. */
void runtime_park(struct runtime *rt, struct task *u, sim_time_t len, const char *why);

/* A FIFO of tasks linked through rt_task.next. */
struct rt_fifo {
	uint32_t head, tail, len;
};

void rt_fifo_init(struct rt_fifo *q);
void rt_fifo_push(struct sched *s, struct rt_fifo *q, struct task *t);
void rt_fifo_push_head(struct sched *s, struct rt_fifo *q, struct task *t);
struct task *rt_fifo_pop(struct sched *s, struct rt_fifo *q);
/* Move every task of from to the tail of to. */
void rt_fifo_splice(struct sched *s, struct rt_fifo *to, struct rt_fifo *from);

/* A reason for a record, built in the runtime's scratch (NULL: nobody asked). */
const char *runtime_why(struct runtime *rt, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* The carrier's RUN (the model's work first, then u's CPU): credits u via charge. */
void rt_carrier_run(struct task *carrier, struct task *u, sim_time_t overhead, sim_time_t cpu,
		    struct step *out);

#endif
