/*
 * outputs.c - the outputs of a run and their sinks (outputs.h).
 */
#include "report/outputs.h"

struct outputs {
	struct record_tee tee;
	struct record_sink sink; /* record_tee_sink(&tee), once the run starts */
	GString *explained;	 /* --explain's lines */
	struct explain *explain;
	bool want_gantt;
	struct gantt *gantt;   /* NULL with want_gantt: too many tasks */
	uint32_t gantt_ntasks; /* the tasks the scenario may create, when too many */
	struct trace *trace;
	struct plot_run *plot;
	struct plot_opts popts;
	char *plot_dir; /* popts.dir, owned */
};

struct outputs *outputs_new(void)
{
	return g_new0(struct outputs, 1);
}

void outputs_free(struct outputs *o)
{
	if (!o)
		return;
	explain_free(o->explain);
	if (o->explained)
		g_string_free(o->explained, TRUE);
	gantt_free(o->gantt);
	trace_free(o->trace);
	plot_run_free(o->plot);
	g_free(o->plot_dir);
	g_free(o);
}

static void add_sink(struct outputs *o, struct record_sink sink)
{
	g_return_if_fail(o->tee.n < G_N_ELEMENTS(o->tee.sinks));
	o->tee.sinks[o->tee.n++] = sink;
}

void outputs_add_explain(struct outputs *o, sim_time_t unit)
{
	g_return_if_fail(!o->explain);
	o->explained = g_string_new(NULL);
	o->explain = explain_new(o->explained, unit);
	add_sink(o, explain_sink(o->explain));
}

void outputs_add_gantt(struct outputs *o, uint32_t ntasks, uint32_t ncpus, sim_time_t unit)
{
	g_return_if_fail(!o->want_gantt);
	o->want_gantt = true;
	if (ntasks > GANTT_MAX_TASKS) {
		o->gantt_ntasks = ntasks;
		return;
	}
	o->gantt = gantt_new(ncpus, unit);
	add_sink(o, gantt_sink(o->gantt));
}

bool outputs_add_trace(struct outputs *o, const char *path, const struct trace_info *info,
		       GError **error)
{
	g_return_val_if_fail(!o->trace, false);
	o->trace = trace_new(path, info, error);
	if (!o->trace)
		return false;
	add_sink(o, trace_sink(o->trace));
	return true;
}

bool outputs_add_plot(struct outputs *o, const struct plot_opts *popts, uint32_t ncpus,
		      GError **error)
{
	g_return_val_if_fail(!o->plot, false);
	o->popts = *popts;
	o->plot_dir = g_strdup(popts->dir);
	o->popts.dir = o->plot_dir;
	if (!plot_prepare(&o->popts, error))
		return false;
	o->plot = plot_run_new(ncpus);
	add_sink(o, plot_run_sink(o->plot));
	return true;
}

const struct record_sink *outputs_sink(struct outputs *o)
{
	if (!o->tee.n)
		return NULL;
	o->sink = record_tee_sink(&o->tee);
	return &o->sink;
}

bool outputs_finish(struct outputs *o, const struct run_result *r, GString *notes, GError **error)
{
	if (o->trace && !trace_finish(o->trace, r->end, error))
		return false;
	if (o->trace)
		trace_note(o->trace, notes);
	if (o->plot && !plot_run_write(o->plot, r, &o->popts, notes, error))
		return false;
	return true;
}

void outputs_halted(struct outputs *o, GError **error)
{
	if (o->trace && trace_failed(o->trace) && !trace_finish(o->trace, 0, error))
		return;
	g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "an output could not be written");
}

void outputs_render(struct outputs *o, const struct run_result *r, GString *out)
{
	bool explained;

	if (o->explain)
		explain_deadlock(o->explain, &r->deadlock);
	explained = o->explained && o->explained->len;
	if (explained)
		g_string_append(out, o->explained->str);
	if (!o->want_gantt)
		return;
	if (explained)
		g_string_append_c(out, '\n');
	/* Without a gantt the scenario may create too many tasks, even if fewer
	 * arrived before the horizon: say so, as the chart does of a run. */
	if (!o->gantt && r->ntasks <= GANTT_MAX_TASKS) {
		g_string_append_printf(out,
				       "gantt: the scenario may create %" G_GUINT32_FORMAT
				       " tasks, more than the %u a chart can show; use --format "
				       "csv for all the figures\n",
				       o->gantt_ntasks, GANTT_MAX_TASKS);
		return;
	}
	gantt_render(o->gantt, r, out);
}
