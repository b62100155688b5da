/*
 * sched.h - the scheduler core: one simulation.
 *
 * The only module that knows the engine, the machine, the tasks and the
 * policy together. It owns every event: arrivals, ends of bursts and slices,
 * wakeups, ticks and dispatch decisions; asks the policy what to run; charges
 * switch and creation costs from the model; keeps the accounting; emits the
 * record stream; and at the end fills a run_result.
 *
 * A struct sim holds no global state, so several can run in one process.
 */
#ifndef SCHEDLAB_SCHED_H
#define SCHEDLAB_SCHED_H

#include <glib.h>
#include <stdbool.h>

#include "scenario/scenario.h"
#include "sched/record.h"
#include "sched/result.h"

#define SIM_ERROR (sim_error_quark())
GQuark sim_error_quark(void);

enum sim_error_code {
	SIM_ERROR_OUT_OF_MEMORY, /* the simulated machine ran out of RAM */
	SIM_ERROR_DEADLOCK,	 /* every live task waits on another */
	SIM_ERROR_UNSUPPORTED,	 /* the scenario asks for something not simulated */
	SIM_ERROR_SPAWN_LIMIT,	 /* a spawn op found its group's tasks all created */
};

struct sim;

/* Build a simulation of sc (which must outlive it). sink may be NULL. */
struct sim *sim_new(const struct scenario *sc, const struct record_sink *sink, GError **error);
/* Run to the end or the horizon. False: a simulation failure (exit 1). */
bool sim_run(struct sim *s, GError **error);
/* Fill out from the run's accounting; release with run_result_clear. */
void sim_result(const struct sim *s, struct run_result *out);
void sim_free(struct sim *s);

/* Where a run is, for a progress indicator. */
struct sim_progress {
	sim_time_t now;	    /* simulated time */
	sim_time_t horizon; /* SIM_TIME_INF when none */
	uint64_t completed; /* tasks terminated */
	uint64_t ntasks;
	uint64_t events; /* engine events so far */
};

/*
 * Call fn every few hundred thousand events of sim_run (a test of a mask per
 * event when set, nothing otherwise). fn must not touch the simulation.
 */
void sim_set_progress(struct sim *s, void (*fn)(void *ctx, const struct sim_progress *p),
		      void *ctx);

/* Bytes the simulation holds per task (for the benchmark). */
size_t sim_bytes_per_task(const struct sim *s);

#endif
