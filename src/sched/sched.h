/*
 * sched.h - the scheduler core, and its doors for the layers above.
 *
 * The core is the only module that knows the engine, the machine, the tasks
 * and the policy together. It owns every event of a task's life on a CPU:
 * arrivals and creation, ends of bursts and slices, wake-ups, ticks and
 * dispatch decisions; asks the policy what to run; charges switch and
 * creation costs from the model; keeps the accounting; emits the record
 * stream.
 *
 * What a task does next is not the core's business. A *driver* answers it,
 * one step at a time, in a small closed vocabulary (struct step): run on a
 * CPU for a while, sleep for a while, wait on a wait queue until someone
 * wakes it, yield, exit. The program interpreter (src/sim/driver.c) is one
 * driver; a runtime's loop will be another. The core executes steps and
 * never interprets program ops.
 *
 * The doors below are what the layers above use, in the manner of the
 * kernel's kernel/sched/wait.c under kernel/locking/: the world builder
 * (src/sim) creates tasks and makes them arrive; synchronisation objects
 * and runtimes wait on wait queues, wake tasks and set timers. Nothing here
 * knows scenario files, sync objects or runtimes.
 *
 * A struct sched holds no global state, so several can run in one process.
 */
#ifndef SCHEDLAB_SCHED_H
#define SCHEDLAB_SCHED_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/simtime.h"
#include "engine/evq.h"
#include "sched/record.h"
#include "sched/result.h"

struct model;
struct policy_ops;
struct task;
struct task_group;
struct sched;

#define SIM_ERROR (sim_error_quark())
GQuark sim_error_quark(void);

enum sim_error_code {
	SIM_ERROR_OUT_OF_MEMORY, /* the simulated machine ran out of RAM */
	SIM_ERROR_DEADLOCK,	 /* a wait-for cycle, or every live task blocked for good */
	SIM_ERROR_UNSUPPORTED,	 /* the scenario asks for something not simulated */
	SIM_ERROR_SPAWN_LIMIT,	 /* a spawn op found its group's tasks all created */
	SIM_ERROR_OUTPUT,	 /* a record sink halted: an output could not be written */
	SIM_ERROR_EVENT_LIMIT,	 /* the run reached its limit of events (max_events) */
	SIM_ERROR_HOST_MEMORY,	 /* the host has no memory left for the simulation */
	SIM_ERROR_SYNC_MISUSE,	 /* a program misused an object (unlock by a non-holder) */
	SIM_ERROR_NO_PROGRESS,	 /* a task acted SCHED_MAX_INSTANT_STEPS times without time passing,
				* or the run made ENGINE_STALL_EVENTS events at one instant */
	SIM_ERROR_END_OF_TIME,	 /* the run would go past the largest time (2^63 - 1 ns) */
};

/* ------------------------------------------------------------ the core */

struct sched_config {
	const struct policy_ops *policy;
	const void *policy_conf;   /* policy->conf_size bytes, filled */
	uint32_t ncpus;		   /* >= 1 */
	bool global_queue;	   /* one run queue shared by every CPU */
	const struct model *model; /* costs; must outlive the core */
	uint64_t seed;		   /* seeds the stream of randomised policies */
	sim_time_t horizon;	   /* SIM_TIME_INF: none */
	uint64_t max_events;	   /* fail with SIM_ERROR_EVENT_LIMIT past this many; 0: none */
	uint32_t ids;		   /* task ids expected (0..ids-1); more may be added */
	size_t task_ext_size;	   /* bytes per task for its drivers (sched_task_ext) */
	const struct record_sink *sink; /* NULL: no records */
	sim_time_t warmup;		/* figures leave out what happened before; 0: none */
	bool fixed_priorities; /* nothing calls sched_set_priority: with one run queue, the core
				* keeps no list of its READY tasks (sched_set_priority's) */
};

struct sched *sched_new(const struct sched_config *cfg);
/* Run to the end or the horizon. False: a simulation failure (exit 1). */
bool sched_run(struct sched *s, GError **error);
/* The core's part of a result: end, events, memory, CPUs (not the tasks). */
/* Task ids come in chunks of this many (storage is allocated and released by chunk). */
#define SCHED_TASK_CHUNK 1024u
/* Give back the storage of every whole chunk of tasks below id `end`: those
 * tasks are gone (for the last step, copying results, before sched_free).
 * The first `keep` bytes of the slots' one mapping (sched_task_region), which
 * the caller has written over those tasks, stay. */
void sched_task_release_below(struct sched *s, uint32_t end, size_t keep);
/*
 * The one mapping (bigmem.h) that holds the slots of every task id, when
 * there is one, and its size in bytes in *size; NULL: no such mapping (a
 * smaller run, or ids beyond it). A slot is at least a struct task, and the
 * slots lie in id order from its start, so that what is written at its
 * start, no more bytes per task than that, below the task of the slot being
 * read, overwrites only slots already read (sim_result_take's results).
 */
void *sched_task_region(const struct sched *s, size_t *size);
/* The mapping of sched_task_region is the caller's, to bigmem_free; the
 * slots in it are gone. */
void sched_task_region_give(struct sched *s);
void sched_result(const struct sched *s, struct run_result *out);
/* The scheduling latencies of group gid (task_group.gid); NULL: none measured. */
const struct hist *sched_group_latency(const struct sched *s, uint32_t gid);
/* Group gid's tasks' CPU time and switches by the end of the warm-up, into
 * out's warmup_* fields (zeros: no warm-up, or no task of it before). */
void sched_group_warmup(const struct sched *s, uint32_t gid, struct group_result *out);
void sched_free(struct sched *s);

sim_time_t sched_now(const struct sched *s);
uint64_t sched_events(const struct sched *s);
sim_time_t sched_horizon(const struct sched *s);
bool sched_horizon_hit(const struct sched *s);	 /* the run stopped at the horizon */
uint64_t sched_completed(const struct sched *s); /* tasks terminated */
/* Call fn(ctx) every ENGINE_PROGRESS_EVENTS events (NULL: never). */
void sched_set_progress(struct sched *s, void (*fn)(void *ctx), void *ctx);
/* Bytes the core holds per task: its slot (PCB, core part, policy and
 * driver areas). For the benchmark; the real figure comes from the process. */
size_t sched_task_bytes(const struct sched *s);

/* Stop the run with a simulation failure (the first one wins). */
void sched_fail(struct sched *s, enum sim_error_code code, const char *fmt, ...)
	G_GNUC_PRINTF(3, 4);

/* ------------------------------------------------------- steps, drivers */

enum step_kind {
	STEP_RUN,   /* compute for `len` > 0 of CPU time (len 0: ask again) */
	STEP_SLEEP, /* block for `len` (a timer: io, sleep) */
	STEP_WAIT,  /* block on `wq` until sched_wake*() takes it off */
	STEP_YIELD, /* give the CPU up, stay runnable (nothing when not running) */
	STEP_EXIT,  /* terminate */
	STEP_READY, /* act once on a CPU: not running, become READY with nothing
		     * to compute, and be asked again when dispatched; running,
		     * ask again at once (a woken lock waiter that retries) */
};

/*
 * The most operations one task may do without time passing while the core
 * asks it once (sched_advance): steps that take no time (STEP_RUN of 0, a
 * yield without a CPU, STEP_READY on one) and the operations its driver
 * went past itself (step.instant). Past them the run fails
 * (SIM_ERROR_NO_PROGRESS): a program of operations done at once (lock,
 * unlock, post, signal, a send into room ...), repeated, would hold the clock
 * at one instant inside one event, where neither the horizon nor max_events
 * stops it. 10^8 is ten times the most tasks a scenario may hold (a parent
 * may spawn every one of them at one instant, at no cost) and a thousand
 * times the most operations one program may hold; the host gets there in a
 * few seconds.
 */
#define SCHED_MAX_INSTANT_STEPS 100000000u

struct waitq;

struct step {
	enum step_kind kind;
	sim_time_t len;	  /* RUN: CPU time; SLEEP: how long */
	struct waitq *wq; /* WAIT: the queue */
	uint32_t obj;	  /* WAIT: the object waited on (its owner's id), for reports */
	uint32_t instant; /* operations done so far without time passing (given by
			   * the core, counted on by a driver: sched_step_go_on) */
	/* WAIT, when reasons are wanted: the tasks holding what is waited for (a
	 * mutex's owner, a rwlock's readers), named in the reason when one;
	 * 0: none or not said */
	uint32_t nholders;
	const struct task *holder; /* the first of them */
	const char *why;	   /* SLEEP, WAIT: a static text for records ("io", "lock m"),
			   * valid for the whole run */
};

/*
 * For a driver that goes on by itself to its task's next operation when one
 * took no time: true when it may (that one is counted in out->instant);
 * false at the last of SCHED_MAX_INSTANT_STEPS, with *out made a STEP_RUN
 * of 0, to be handed back: the core counts it and fails the run.
 */
static inline bool sched_step_go_on(struct step *out)
{
	if (out->instant + 1 >= SCHED_MAX_INSTANT_STEPS) {
		out->kind = STEP_RUN;
		out->len = 0;
		return false;
	}
	out->instant++;
	return true;
}

/*
 * What drives a task. `next` is called by the core when t must act: once
 * it has arrived and been created, after each wake-up, and when the CPU
 * time of its last STEP_RUN is used up (t->remaining == 0). It fills *out
 * with what t does now; it may use the doors below (wake other tasks,
 * create tasks, set timers) but never touches core state otherwise.
 * `charge`, optional, is called as the core accounts t's CPU time, so that
 * a runtime can credit the user task it runs on t.
 */
struct driver_ops {
	const char *name;
	void (*next)(void *self, struct sched *s, struct task *t, struct step *out);
	void (*charge)(void *self, struct task *t, sim_time_t ran);
};

#define SCHED_MAX_DRIVERS 8
/* Register a driver; its number is given to sched_task_new. */
unsigned sched_driver_add(struct sched *s, const struct driver_ops *ops, void *self);

/* ----------------------------------------------------------------- tasks */

/*
 * A new task with id `id` (not used before) of group g (which must outlive
 * the core), index `index` in it, driven by driver number `driver`: state
 * NEW, every accounting field cleared, its policy and driver areas zeroed.
 * The caller fills its attributes (kind, pid, priority...) before it
 * arrives. Ids order ties: the lower id arrives first at one instant.
 * Storage grows by chunks and never moves, so a task's address is stable.
 * NULL, with the run failed (SIM_ERROR_HOST_MEMORY), when the host has no
 * memory left for it.
 */
struct task *sched_task_new(struct sched *s, uint32_t id, const struct task_group *g,
			    uint32_t index, unsigned driver);
/* The task with this id, NULL when none was created. */
struct task *sched_task_get(const struct sched *s, uint32_t id);
/* One past the highest id that may exist. */
uint32_t sched_task_ids(const struct sched *s);
/* The driver's per-task area (task_ext_size bytes, zeroed at creation). */
void *sched_task_ext(const struct task *t);

/* t arrives now: it takes its memory, pays its creation (unless it has a
 * parent, which paid it), then its driver says what it does. */
void sched_arrive(struct sched *s, struct task *t);
/* The same at instant `at` >= now, on t's own event (a spawned child). */
void sched_arrive_at(struct sched *s, struct task *t, sim_time_t at);
/* What creating t costs its parent (NULL: it arrives on its own). */
sim_time_t sched_create_cost(const struct sched *s, const struct task *t,
			     const struct task *parent);

/* ------------------------------------------------------ user-level tasks */

/*
 * A user-level task (a coroutine, a goroutine, a request in a pool's queue)
 * is a task the core never schedules: a runtime (src/runtime) runs it inside
 * the STEP_RUN of one of its carrier threads, which the core does schedule.
 * The core keeps its PCB and accounting so that the reports see it as any
 * task, and the runtime tells it of each change:
 *
 *   sched_user_arrive   it appears: takes its memory (false: the machine
 *                       ran out, the run stops), READY, an arrive record
 *   sched_user_state    READY (queued in the runtime), RUNNING on `carrier`
 *                       (first run, time READY; a `run` record on the
 *                       carrier's CPU with the runtime's reason), BLOCKED
 *                       for `len` (a block record) or TERMINATED (its
 *                       completion; its memory is released)
 *   sched_user_charge   `ran` of its carrier's CPU time was its own
 *
 * It never counts context switches: a switch between user tasks is the
 * runtime's, not the kernel's.
 */
bool sched_user_arrive(struct sched *s, struct task *t);
void sched_user_state(struct sched *s, struct task *t, int state, const struct task *carrier,
		      sim_time_t len, const char *why);
void sched_user_charge(struct task *t, sim_time_t ran);

/* Whether the records' sink wants reasons (build them only then). */
bool sched_wants_why(const struct sched *s);

/* A record of the runtime's (REC_REJECT: a request turned away). */
void sched_user_record(struct sched *s, int kind, const struct task *t, const char *why);

/* ----------------------------------------------------- waits and timers */

/* A FIFO of blocked tasks, linked through the core's per-task storage. */
struct waitq {
	uint32_t head, tail; /* task ids, UINT32_MAX: none */
	uint32_t len;
};

void waitq_init(struct waitq *wq);

/*
 * Wake the first task of wq / every task / the chosen task t (which must be
 * on wq). A woken task's driver says what it does next; if it runs, it
 * becomes READY as after I/O: placed by the core's rules, and it may
 * preempt the running task where the policy preempts on wake-up. Records
 * are emitted as for any wake-up. A wake-up made inside a running task's
 * step (a sync op, a runtime's driver) has that task's CPU as its waker: it
 * pays a remote wake-up when the woken task is queued on another CPU; one
 * from a timer pays when the task lands on another CPU than its last.
 * sched_wake_sync is the same with the kernel's WF_SYNC hint: the waker
 * will block soon, so the woken task may be placed on the waker's CPU
 * (wake_affine; see balance.c).
 */
struct task *sched_wake_one(struct sched *s, struct waitq *wq);
uint32_t sched_wake_all(struct sched *s, struct waitq *wq);
void sched_wake(struct sched *s, struct waitq *wq, struct task *t);
void sched_wake_sync(struct sched *s, struct waitq *wq, struct task *t);

/* The object a blocked task waits on (step.obj), UINT32_MAX when none. */
uint32_t sched_task_waits_on(const struct task *t);
/* The task after `after` on wq (NULL: the first), NULL at the end: to choose
 * whom to wake (a priority protocol) without taking anyone off. */
struct task *sched_waitq_next(const struct sched *s, const struct waitq *wq,
			      const struct task *after);

/*
 * Priority inheritance (setprio.c), as the kernel's rt_mutex_setprio: set
 * t's effective priority (t->priority) now. A READY task is re-queued by the
 * policy at its new priority and may preempt as a wake-up would; a running
 * task that became less urgent is preempted where the policy would preempt
 * it for a READY task. Only under a policy that schedules by priority
 * (policy_ops.urgency); under the others only the attribute changes.
 */
void sched_set_priority(struct sched *s, struct task *t, int32_t prio);
/* How urgent a priority value is under the run's policy (smaller: more
 * urgent); false when the policy does not schedule by priority. */
bool sched_prio_urgency(const struct sched *s, int32_t prio, int64_t *urgency);

/*
 * A callback at an instant, in the wake-up phase: an I/O completion inside a
 * runtime, a lock's timeout. Embedded by its owner: nothing is allocated.
 */
struct sched_timer;
typedef void (*sched_timer_fn)(struct sched *s, struct sched_timer *tm);
struct sched_timer {
	struct event ev; /* the core's; do not touch */
	sched_timer_fn fn;
};

void sched_timer_init(struct sched_timer *tm, sched_timer_fn fn);
void sched_timer_at(struct sched *s, struct sched_timer *tm, sim_time_t at);
/*
 * The same in the arrival phase, before the instant's wake-ups, ordered by
 * `id` among arrivals of that instant (not by when they were set): the world
 * builder's arrival generators, so that simultaneous arrivals keep the order
 * of the file whatever order they were generated in.
 */
void sched_timer_arrival(struct sched *s, struct sched_timer *tm, sim_time_t at, uint32_t id);
void sched_timer_cancel(struct sched *s, struct sched_timer *tm);
static inline bool sched_timer_pending(const struct sched_timer *tm)
{
	return event_pending(&tm->ev);
}

#endif
