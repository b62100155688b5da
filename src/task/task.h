/*
 * task.h - the process control block and a task's life cycle.
 *
 * struct task is what the scheduler core and the policies see of a task: its
 * identity, its state, its scheduling attributes and its accounting.
 * Policies read it (they keep their own per-task data in the private area
 * `priv`); only the scheduler core writes it. What the core keeps for
 * itself (the task's event, its queue links) and what its driver keeps
 * (where it is in its program) live beside it, in storage the core owns,
 * out of the policies' sight.
 *
 * A task created by a `spawn` op points to its parent (`parent`, NULL for a
 * task that arrives on its own), as the kernel's fork hands the child the
 * parent's scheduling state. A policy may read the parent's public fields
 * and its `priv`, which is the same policy's per-task area (the parent ran
 * under the same policy; it may have exited since, its area stays valid for
 * the whole run). It never writes them.
 *
 * Life cycle:
 *
 *   NEW --arrival--> READY --dispatch--> RUNNING --burst done, io/sleep--> BLOCKED
 *                      ^  <--preempted, slice expired, yield--'                |
 *                      '------------------------ wakeup -----------------------'
 *   RUNNING --exit or end of program--> TERMINATED
 *
 * BLOCKED covers a timer (io, sleep) and a wait queue (src/sched/sched.h).
 */
#ifndef SCHEDLAB_TASK_H
#define SCHEDLAB_TASK_H

#include <stdbool.h>
#include <stdint.h>

#include "base/decimal.h"
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
	TASK_REQUEST,	/* a request waiting for or served by a worker: its own data only */
};

/* What a task is to the reports (the core schedules every role alike). */
enum task_role {
	TASK_ROLE_TASK,	   /* a task of the scenario */
	TASK_ROLE_CARRIER, /* a runtime's thread: an event loop, a pool worker, an M */
	TASK_ROLE_REQUEST, /* a request of a served group (src/runtime) */
};

/* What is shared by every task of one [group] or the one task of a [task]. */
struct task_group {
	const char *name;	    /* the group's name */
	const struct program *prog; /* shared, immutable */
	uint32_t count;		    /* tasks in the group */
	bool single;		    /* a [task]: its tasks are named after the group */
	uint64_t memory;	    /* bytes of each task's own data */
	uint64_t working_set;	    /* bytes each task touches per run (TLB refills) */
	const uint64_t *affinity;   /* bitmap of allowed CPUs; NULL: all */
	uint32_t gid;		    /* 1 + its index in the scenario; 0: a runtime's own */
	/* What its tasks start with (task_init); a runtime's threads take their
	 * group's (runtime_carrier_new). */
	int32_t priority; /* for prio */
	uint32_t tickets; /* for lottery and stride; 0: 1 */
	int16_t nice;	  /* for cfs and eevdf */
};

static inline bool task_group_allows_cpu(const struct task_group *g, uint32_t cpu)
{
	return !g->affinity || (g->affinity[cpu / 64] >> (cpu % 64) & 1);
}

struct task {
	const struct task_group *group; /* name and program */
	void *priv;			/* policy-private area, zeroed at creation */
	uint32_t id;			/* 0-based: groups in file order, then index */
	uint32_t index;			/* index within its group */
	uint32_t pid;			/* address space: tasks that share it share this */
	int32_t priority;		/* for prio: see [prio] order */
	uint32_t tickets;		/* for lottery/stride */
	int16_t nice;			/* for cfs/eevdf: -20..19 */
	int16_t cpu;			/* CPU it runs or last ran on; -1 before its first run */
	uint8_t kind;			/* enum task_kind */
	uint8_t state;			/* enum task_state */
	uint8_t role;			/* enum task_role */
	bool user;			/* user-level: run by a runtime, never by the core */
	uint32_t nvcsw;			/* voluntary switches: blocked or exited */
	uint32_t nivcsw;		/* involuntary switches: preempted, expired, yielded */
	sim_time_t burst;		/* length of the current CPU burst */
	sim_time_t remaining;		/* CPU time left in the current burst */
	sim_time_t arrival;		/* when it arrives (NEW -> READY) */
	sim_time_t first_run;		/* first dispatch, SIM_TIME_NONE before */
	sim_time_t cpu_time;		/* CPU consumed (bursts only, not switch costs) */
	sim_time_t wait_time;		/* time spent READY */
	sim_time_t ready_since;		/* when it last became READY: set before enqueue */
	sim_time_t last_ran;		/* when it last stopped running, SIM_TIME_NONE before;
					 * once TERMINATED, when it terminated */
	const struct task *parent;	/* the task that spawned it, NULL: none (see above) */
};

/* When t terminated, SIM_TIME_NONE before. */
static inline sim_time_t task_completion(const struct task *t)
{
	return t->state == TASK_TERMINATED ? t->last_ran : SIM_TIME_NONE;
}

/* Zero t and set its identity: state NEW, no run yet, one ticket. */
void task_init(struct task *t, const struct task_group *g, uint32_t id, uint32_t index);
/* "P1" for a [task], "clients[12]" for the 13th task of a [group]; its length. */
size_t task_format_name(const struct task *t, char *buf, size_t size);
/*
 * Where the index starts in the names of g's tasks formatted in `size`
 * bytes ("clients[" is 8), 0 when they have none or it could be cut: the
 * tasks of one group differ from there, "N]" (task_name_put_index).
 */
size_t task_name_index_at(const struct task_group *g, size_t size);

/* "N]" and the NUL at d; where the NUL is (the name's end). */
static inline char *task_name_put_index(char *d, uint32_t index)
{
	d = decimal_put_u64(d, index);
	d[0] = ']';
	d[1] = '\0';
	return d + 1;
}
#define TASK_NAME_MAX 96

const char *task_state_name(enum task_state s);
const char *task_kind_name(enum task_kind k);

#endif
