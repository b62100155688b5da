/*
 * run_all.h - load a scenario and run it every way there is, for the fuzz
 * target that runs what it loads (fuzz_run.c) and its deterministic slice in
 * the suite (tests/unit/test_runs.c).
 *
 * The text is loaded once per registered policy (policy_all(), so a new
 * policy is fuzzed without anyone asking), with a short horizon and a bound
 * on events so that no input runs for long, and each run feeds every output
 * at once: --explain, the Gantt chart, the Perfetto trace (to trace_path,
 * when given), then the table, CSV and JSON of its results. A run may fail
 * as the model says (out of memory, deadlock, the event bound): what must
 * never happen is a crash, an assertion, a leak or a hang.
 */
#ifndef SCHEDLAB_RUN_ALL_H
#define SCHEDLAB_RUN_ALL_H

#include <glib.h>
#include <string.h>

#include "policy/policy.h"
#include "report/outputs.h"
#include "report/report.h"
#include "scenario/scenario.h"
#include "sim/sim.h"

/* What run_all saw: scenarios loaded and runs ended each way. */
struct run_all_counts {
	unsigned loaded, refused; /* loads, one per policy */
	unsigned ran, failed;	  /* runs that ended normally / as a simulation failure */
};

static inline void run_all(const char *name, const char *text, size_t len, const char *trace_path,
			   struct run_all_counts *n)
{
	static const char *const sets[] = { "scenario.horizon=20ms", NULL };

	for (const struct policy_ops *const *p = policy_all(); *p; p++) {
		struct scenario_overrides ov = {
			.policy = (*p)->name,
			.sets = sets,
			.max_events = 20000,
		};
		GError *err = NULL;
		struct scenario *sc = scenario_load_data(name, text, len, &ov, &err);
		struct outputs *o;
		struct trace_info ti;
		struct sim *sim;
		struct run_result r;
		GString *out;

		if (!sc) {
			g_assert(err && err->message[0]);
			g_clear_error(&err);
			n->refused++;
			continue;
		}
		n->loaded++;
		o = outputs_new();
		ti = (struct trace_info){ .scenario = sc->name,
					  .policy = (*p)->name,
					  .model = sc->model.name ? sc->model.name : "",
					  .seed = sc->seed,
					  .ncpus = sc->cpus };
		outputs_add_explain(o, sc->time_unit);
		outputs_add_gantt(o, (uint32_t)MIN(sc->ntasks, (uint64_t)UINT32_MAX), sc->cpus,
				  sc->time_unit);
		if (trace_path && !outputs_add_trace(o, trace_path, &ti, &err))
			g_clear_error(&err);
		sim = sim_new(sc, outputs_sink(o), &err);
		g_assert(sim);
		if (sim_run(sim, &err)) {
			n->ran++;
		} else {
			g_assert(err && err->message[0]);
			g_clear_error(&err);
			n->failed++;
		}
		sim_result(sim, &r);
		out = g_string_new(NULL);
		if (!outputs_finish(o, &r, out, &err))
			g_clear_error(&err);
		outputs_render(o, &r, out);
		report_table(&r, out);
		report_csv(&r, out);
		report_json(&r, out);
		g_string_free(out, TRUE);
		run_result_clear(&r);
		sim_free(sim);
		outputs_free(o);
		scenario_free(sc);
	}
}

#endif
