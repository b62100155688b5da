/*
 * sim.h - one simulation of a scenario: the world around the scheduler core.
 *
 * sim_new builds the world a scenario describes on a scheduler core
 * (src/sched): its task groups, their address spaces, their arrivals and
 * the program driver that tells the core what each task does. Tasks are
 * created when they arrive, not before: a group of ten million tasks with a
 * horizon costs memory for the tasks that arrived, and tasks that never
 * arrived are not part of the result.
 *
 * A struct sim holds no global state, so several can run in one process.
 */
#ifndef SCHEDLAB_SIM_H
#define SCHEDLAB_SIM_H

#include <glib.h>
#include <stdbool.h>

#include "scenario/scenario.h"
#include "sched/record.h"
#include "sched/result.h"
#include "sched/sched.h"

struct sim;

/*
 * Build a simulation of sc (which must outlive it). sink may be NULL. The
 * loader has checked everything a user wrote, so building does not fail
 * today; `error` is where a world that cannot be built will say why.
 */
struct sim *sim_new(const struct scenario *sc, const struct record_sink *sink, GError **error);
/* Run to the end or the horizon. False: a simulation failure (exit 1). */
bool sim_run(struct sim *s, GError **error);
/* Fill out from the run's accounting; release with run_result_clear. */
void sim_result(const struct sim *s, struct run_result *out);
/* The same, giving the tasks' storage back as they are copied: afterwards
 * only sim_free may be called (for a large run: its tasks are not held twice). */
void sim_result_take(struct sim *s, struct run_result *out);
void sim_free(struct sim *s);

/* Where a run is, for a progress indicator. */
struct sim_progress {
	sim_time_t now;	     /* simulated time */
	sim_time_t horizon;  /* SIM_TIME_INF when none */
	uint64_t completed;  /* tasks terminated */
	uint64_t ntasks;     /* tasks the scenario may create */
	uint64_t events;     /* engine events so far */
	sim_time_t expected; /* the expected simulated end (sim_estimate), for the user */
};

/*
 * Call fn every few hundred thousand events of sim_run (a test of a mask per
 * event when set, nothing otherwise). fn must not touch the simulation.
 */
void sim_set_progress(struct sim *s, void (*fn)(void *ctx, const struct sim_progress *p),
		      void *ctx);

/*
 * What a run of the scenario is expected to need, before it runs: tasks are
 * created when they arrive, so a group with a horizon counts the tasks that
 * arrive before it (its rate times the horizon, with a margin for a Poisson
 * process's spread), not its count.
 */
struct sim_estimate {
	uint64_t tasks;	 /* tasks expected to be created */
	uint64_t bytes;	 /* host memory of the core and the results for them */
	sim_time_t work; /* their expected CPU demand, ns (saturating) */
	sim_time_t end;	 /* expected simulated end: the horizon, or at least work / cpus */
};
void sim_estimate(const struct sim *s, struct sim_estimate *e);

/* The invariants of the synchronisation objects now (sync_check_invariants),
 * for tests: false with what is wrong in msg. */
bool sim_check_objects(const struct sim *s, GString *msg);

/* Bytes the core holds per task (for the benchmark; see sched_task_bytes). */
size_t sim_bytes_per_task(const struct sim *s);

#endif
