/*
 * task.h - the process control block and a task's life cycle.
 *
 * struct task is what the scheduler core and the policies see of a task: its
 * identity, its state, its scheduling attributes, where it is in its program
 * and its accounting. Policies read it (they keep their own per-task data in
 * the private area `priv`); only the scheduler core writes it.
 *
 * A task created by a `spawn` op points to its parent (`parent`, NULL for a
 * task that arrives on its own), as the kernel's fork hands the child the
 * parent's scheduling state. A policy may read the parent's public fields
 * and its `priv`, which is the same policy's per-task area (the parent ran
 * under the same policy; it may have exited since, its area stays valid for
 * the whole run). It never writes them.
 *
 * Life cycle (DESIGN.md 4):
 *
 *   NEW --arrival--> READY --dispatch--> RUNNING --burst done, io/sleep--> BLOCKED
 *                      ^  <--preempted, slice expired, yield--'                |
 *                      '------------------------ wakeup -----------------------'
 *   RUNNING --exit or end of program--> TERMINATED
 *
 * task_step() is the program interpreter: from the current program counter it
 * runs the operations that need no CPU (loop bookkeeping) and stops at the
 * first one that does something the scheduler must act on.
 */
#ifndef SCHEDLAB_TASK_H
#define SCHEDLAB_TASK_H

#include <stdbool.h>
#include <stdint.h>

#include "base/rng.h"
#include "engine/evq.h"
#include "task/program.h"

enum task_state {
	TASK_NEW,
	TASK_READY,
	TASK_RUNNING,
	TASK_BLOCKED,
	TASK_TERMINATED,
};

enum task_kind {
	TASK_PROCESS,	/* its own address space */
	TASK_THREAD,	/* kernel thread sharing its process's address space */
	TASK_COROUTINE, /* user-space task: switches never enter the kernel */
};

/* What is shared by every task of one [group] or the one task of a [task]. */
struct task_group {
	const char *name;	    /* the group's name */
	const struct program *prog; /* shared, immutable */
	uint32_t count;		    /* tasks in the group */
	bool single;		    /* a [task]: its tasks are named after the group */
};

struct task {
	struct event ev;		   /* arrival, end of I/O or sleep */
	const struct task_group *group;	   /* name and program */
	void *priv;			   /* policy-private area, zeroed at creation */
	uint32_t id;			   /* 0-based: groups in file order, then index */
	uint32_t index;			   /* index within its group */
	uint32_t pid;			   /* address space: tasks that share it share this */
	int32_t priority;		   /* for prio: see [prio] order */
	int16_t nice;			   /* for cfs/eevdf: -20..19 */
	bool remote_wake;		   /* woken onto another CPU: pays a remote wakeup */
	uint32_t tickets;		   /* for lottery/stride */
	uint8_t kind;			   /* enum task_kind */
	uint8_t state;			   /* enum task_state */
	int16_t cpu;			   /* CPU it runs or last ran on; -1 before its first run */
	uint32_t pc;			   /* index of the current op */
	uint32_t loops[PROGRAM_MAX_DEPTH]; /* iterations left per open repeat */
	sim_time_t burst;		   /* length of the current CPU burst */
	sim_time_t remaining;		   /* CPU time left in the current burst */
	sim_time_t arrival;		   /* when it arrives (NEW -> READY) */
	sim_time_t first_run;		   /* first dispatch, SIM_TIME_NONE before */
	sim_time_t completion;		   /* termination, SIM_TIME_NONE before */
	sim_time_t cpu_time;		   /* CPU consumed (bursts only, not switch costs) */
	sim_time_t wait_time;		   /* time spent READY */
	sim_time_t ready_since;		   /* when it last became READY: set before enqueue */
	sim_time_t last_ran;		   /* when it last stopped running, SIM_TIME_NONE before */
	uint32_t nvcsw;			   /* voluntary switches: blocked or exited */
	uint32_t nivcsw;		   /* involuntary switches: preempted, expired, yielded */
	uint32_t qprev, qnext;		   /* the core's per-queue list of READY tasks (ids) */
	const struct task *parent;	   /* the task that spawned it, NULL: none (see above) */
	struct rng rng;			   /* this task's draws: durations of its ops */
};

/* What the next step of a task's program asks of the scheduler. */
enum task_step {
	STEP_CPU,   /* run: t->burst and t->remaining are set */
	STEP_BLOCK, /* block for *delay (io or sleep) */
	STEP_YIELD, /* give up the CPU, stay runnable */
	STEP_EXIT,  /* terminated */
	STEP_SPAWN, /* create a task of the group whose index is *spawn_group */
};

/* Zero t and place it at the start of its program. */
void task_init(struct task *t, const struct task_group *g, uint32_t id, uint32_t index);
/*
 * Advance from the current op to the next one that the scheduler must act
 * on, and move past it. Stores the duration of a STEP_BLOCK in *delay and
 * the group of a STEP_SPAWN in *spawn_group.
 */
enum task_step task_step(struct task *t, sim_time_t *delay, uint32_t *spawn_group);
/* "P1" for a [task], "clients[12]" for the 13th task of a [group]. */
void task_format_name(const struct task *t, char *buf, size_t size);
#define TASK_NAME_MAX 96

const char *task_state_name(enum task_state s);
const char *task_kind_name(enum task_kind k);

#endif
