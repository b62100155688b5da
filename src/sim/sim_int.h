/*
 * sim_int.h - the world's private state, shared by its files.
 *
 *   sim.c     building the world (tasks, objects), arrivals, results
 *   driver.c  the program driver: a task's program turned into the core's steps
 *
 * Nothing outside src/sim includes this header.
 */
#ifndef SCHEDLAB_SIM_INT_H
#define SCHEDLAB_SIM_INT_H

#include "base/rng.h"
#include "runtime/runtime.h"
#include "sim/sim.h"
#include "sync/sync.h"
#include "task/task.h"

struct sim;

/* What the world keeps per [group] or [task]. */
struct sim_group {
	struct task_group tg; /* what its tasks point to */
	const struct group_conf *conf;
	struct sim *sim;
	uint32_t first;		/* id of its first task */
	uint32_t next;		/* index of the next task to create */
	uint32_t pid;		/* shared address space, UINT32_MAX: one per task */
	struct sched_timer gen; /* its next arrival */
	struct rng rng;		/* the group's arrival stream */
	sim_time_t last;	/* every, poisson: the previous arrival */
	sim_time_t *times;	/* uniform: instants by index */
	uint32_t *order;	/* uniform: indices by (instant, index) */
	struct runtime *rt;	/* the runtime its tasks arrive to (src/runtime); NULL: none */
	uint64_t prog_key;	/* its tasks' streams of draws (driver.c), once prog_keyed */
	bool prog_keyed;
};

/* Where the program driver's per-task area keeps what (driver.c). */
struct sim_prog_layout {
	size_t state;	/* struct prog_state, after a struct sync_task when there are objects */
	size_t rng;	/* uint64_t: its stream's state, when draws */
	size_t loops;	/* uint32_t loops[depth] */
	unsigned depth; /* deepest repeat of any program, 0: none */
	bool draws;	/* some program draws a duration from a distribution */
};

struct sim {
	const struct scenario *sc;
	struct sim_prog_layout prog; /* the program driver's per-task area */
	struct sched *core;
	struct sim_group *groups;
	uint32_t ngroups;
	uint32_t npids;		 /* address spaces handed out */
	unsigned prog_driver;	 /* the program driver's number in the core */
	unsigned rt_driver;	 /* the runtime driver's */
	GPtrArray *runtimes;	 /* struct runtime *, owned, in the order of their groups */
	struct sync_conf *objs;	 /* the scenario's objects, as src/sync sees them */
	struct sync_world *sync; /* and the objects themselves */
	void (*progress)(void *ctx, const struct sim_progress *p);
	void *progress_ctx;
	sim_time_t expected_end; /* sim_estimate's, for the progress line */
};

/* driver.c */
extern const struct driver_ops sim_program_driver;
/* Lay out the program driver's per-task area for s->sc: its bytes. */
size_t sim_program_layout(struct sim *s);
/* A new task of the driver: seeds its stream of draws. */
void sim_program_init(const struct sim *s, struct task *t);

/* sim.c */
/*
 * `spawn` by parent: create the next task of group gi, which arrives once
 * the parent has paid its creation; *cost is that creation time. False (and
 * the run stopped) when the group's tasks all exist.
 */
bool sim_spawn(struct sim *s, struct task *parent, uint32_t gi, sim_time_t *cost);

#endif
