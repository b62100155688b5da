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

#include "report/record.h"
#include "report/result.h"
#include "scenario/scenario.h"

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

/* Bytes the simulation holds per task (for the benchmark). */
size_t sim_bytes_per_task(const struct sim *s);

#endif
