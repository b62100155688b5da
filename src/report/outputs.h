/*
 * outputs.h - what a run writes besides its report, assembled in one place.
 *
 * A command says which outputs it wants (--explain, --gantt, --trace,
 * --plot); the builder makes each one's record sink, fans the stream out to
 * all of them (record_tee), and after the run finishes the files (the trace
 * renamed into place, the charts written and rendered) and renders the text
 * (the explanation and the Gantt chart) in one fixed order:
 *
 *   struct outputs *o = outputs_new();
 *   outputs_add_explain(o, unit);
 *   if (!outputs_add_trace(o, path, &info, &err)) ...     bad input: before the run
 *   sim = sim_new(sc, outputs_sink(o), &err);  sim_run(sim, &err);  sim_result(sim, &res);
 *   if (!outputs_finish(o, &res, notes, &err)) ...        the files
 *   outputs_render(o, &res, out);                         the text
 *   outputs_free(o);
 *
 * Reads records and results only; nothing is printed here.
 */
#ifndef SCHEDLAB_OUTPUTS_H
#define SCHEDLAB_OUTPUTS_H

#include <glib.h>
#include <stdbool.h>

#include "report/plot.h"
#include "report/report.h"
#include "report/trace.h"

struct outputs;

struct outputs *outputs_new(void);
/* Removes a trace file that was not finished. */
void outputs_free(struct outputs *o);

/* One line per record with its reason, times in unit. */
void outputs_add_explain(struct outputs *o, sim_time_t unit);
/*
 * The ASCII Gantt chart. Above GANTT_MAX_TASKS tasks no intervals are kept
 * and the chart is a note saying why.
 */
void outputs_add_gantt(struct outputs *o, uint32_t ntasks, uint32_t ncpus, sim_time_t unit);
/* The Chrome trace: false with an error when path cannot be written. */
bool outputs_add_trace(struct outputs *o, const char *path, const struct trace_info *info,
		       GError **error);
/* The run's charts into popts->dir (plot_prepare'd here): false with an error. */
bool outputs_add_plot(struct outputs *o, const struct plot_opts *popts, uint32_t ncpus,
		      GError **error);

/* The sink to hand to sim_new: NULL when nothing was added. Lives as long as o. */
const struct record_sink *outputs_sink(struct outputs *o);

/*
 * After the run: close the trace at r->end and rename it into place, write
 * and render the charts (notes for the user appended to notes). False with an
 * error when a file cannot be written.
 */
bool outputs_finish(struct outputs *o, const struct run_result *r, GString *notes, GError **error);
/*
 * After a run that stopped with SIM_ERROR_OUTPUT (a sink halted): the error
 * of the output that failed, with its reason ("--trace run.json: cannot
 * write it: No space left on device"); the partial file is removed.
 */
void outputs_halted(struct outputs *o, GError **error);
/*
 * Append the explanation (when it has lines) and the Gantt chart, a blank
 * line between the two.
 */
void outputs_render(struct outputs *o, const struct run_result *r, GString *out);

#endif
