/*
 * cmd_run.c - `schedlab run SCENARIO`: simulate and report.
 *
 * The whole output is built in memory and written at the end, so a run that
 * fails writes no half report.
 */
#include <string.h>

#include "cli/cli.h"
#include "report/plot.h"
#include "report/report.h"
#include "report/trace.h"
#include "scenario/scenario.h"
#include "sched/sched.h"

static const char run_description[] =
	"Output formats:\n"
	"  table  aligned per-task rows (times in the scenario's time_unit) and a summary\n"
	"  csv    one row per task, times in ns\n"
	"  json   one object: scenario, policy, seed, summary, cpus, tasks (times in ns)\n"
	"\n"
	"--explain prints one line per scheduling decision with the policy's reason;\n"
	"--gantt draws one lane per CPU (scenarios of up to 60 tasks). Both go with\n"
	"--format table.\n"
	"\n"
	"--trace FILE.json writes a Chrome trace-event file for Perfetto (ui.perfetto.dev):\n"
	"a track per CPU with a slice per run, wake-ups, preemptions, queue and memory\n"
	"counters. --plot DIR writes charts (gantt, latency-cdf, utilization, runqueue,\n"
	"memory) as data, gnuplot scripts and PNG or SVG images; without gnuplot the data\n"
	"and scripts are written and a note says how to render them.\n"
	"\n"
	"Exit status: 0 success, 1 the simulation failed (e.g. out of memory), 2 bad input.";

int cmd_run(int argc, char **argv)
{
	struct scenario_opts opts = { 0 };
	g_autofree char *format_s = NULL;
	g_autofree char *trace_path = NULL, *plot_dir = NULL, *plot_format_s = NULL;
	gboolean explain = FALSE, gantt = FALSE;
	GOptionEntry entries[] = {
		{ "format", 'f', 0, G_OPTION_ARG_STRING, &format_s,
		  "Output format: table (default), csv or json", "FMT" },
		{ "explain", 'e', 0, G_OPTION_ARG_NONE, &explain,
		  "Print every scheduling decision and why it was taken", NULL },
		{ "gantt", 'g', 0, G_OPTION_ARG_NONE, &gantt, "Draw an ASCII Gantt chart", NULL },
		{ "trace", 't', 0, G_OPTION_ARG_FILENAME, &trace_path,
		  "Write a Chrome trace-event file (opens in Perfetto)", "FILE.json" },
		{ "plot", 0, 0, G_OPTION_ARG_FILENAME, &plot_dir,
		  "Write charts (data, gnuplot scripts, images) into DIR", "DIR" },
		{ "plot-format", 0, 0, G_OPTION_ARG_STRING, &plot_format_s,
		  "Image format of the charts: png (default) or svg", "FMT" },
		{ 0 },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("SCENARIO - simulate a scenario");
	g_autoptr(GError) err = NULL;
	enum cli_format format = CLI_FORMAT_TABLE;
	struct scenario *sc = NULL;
	struct sim *sim = NULL;
	struct explain *xp = NULL;
	struct gantt *gc = NULL;
	struct trace *tr = NULL;
	struct plot_run *pr = NULL;
	struct plot_opts popts = { .format = PLOT_PNG };
	GString *notes = g_string_new(NULL);
	struct record_tee tee = { .n = 0 };
	struct record_sink sink = { 0 };
	struct run_result res = { 0 };
	GString *out = g_string_new(NULL);
	GString *explained = g_string_new(NULL);
	struct cli_progress progress;
	bool ok;
	int status = EXIT_OK;

	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx, "Simulate SCENARIO and print per-task results and a "
					  "summary.");
	g_option_context_set_description(ctx, run_description);
	cli_add_scenario_options(ctx, &opts);
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		status = cli_usage_error("run", "%s", err->message);
		goto out;
	}
	if (argc != 2) {
		status = cli_usage_error("run",
					 "expected one scenario file; see 'schedlab run --help'");
		goto out;
	}
	if (!cli_parse_format("run", format_s, &format)) {
		status = EXIT_BAD_INPUT;
		goto out;
	}
	if ((explain || gantt) && format != CLI_FORMAT_TABLE) {
		status = cli_usage_error("run", "--explain and --gantt go with --format table");
		goto out;
	}
	if (plot_format_s && !plot_format_parse(plot_format_s, &popts.format)) {
		status = cli_usage_error("run", "--plot-format %s: expected png or svg",
					 plot_format_s);
		goto out;
	}
	popts.dir = plot_dir;
	sc = cli_load_scenario(argv[1], &opts);
	if (!sc) {
		status = EXIT_BAD_INPUT;
		goto out;
	}
	if (explain) {
		xp = explain_new(explained, sc->time_unit);
		tee.sinks[tee.n++] = explain_sink(xp);
	}
	if (gantt && sc->ntasks <= GANTT_MAX_TASKS) {
		gc = gantt_new(sc->cpus, sc->time_unit);
		tee.sinks[tee.n++] = gantt_sink(gc);
	}
	if (trace_path) {
		struct trace_info info = {
			.scenario = sc->name,
			.policy = sc->policy->name,
			.model = sc->model.name,
			.seed = sc->seed,
			.ncpus = sc->cpus,
		};

		tr = trace_new(trace_path, &info, &err);
		if (!tr) {
			g_printerr("schedlab run: %s\n", err->message);
			status = EXIT_BAD_INPUT;
			goto out;
		}
		tee.sinks[tee.n++] = trace_sink(tr);
	}
	if (plot_dir) {
		if (!plot_prepare(&popts, &err)) {
			g_printerr("schedlab run: %s\n", err->message);
			status = EXIT_BAD_INPUT;
			goto out;
		}
		pr = plot_run_new(sc->cpus);
		tee.sinks[tee.n++] = plot_run_sink(pr);
	}
	if (tee.n)
		sink = record_tee_sink(&tee);
	sim = sim_new(sc, tee.n ? &sink : NULL, &err);
	if (!sim) {
		g_printerr("%s\n", err->message);
		status = EXIT_BAD_INPUT;
		goto out;
	}
	cli_progress_attach(&progress, sim, "run");
	ok = sim_run(sim, &err);
	cli_progress_done(&progress);
	if (!ok) {
		g_printerr("%s: %s\n", argv[1], err->message);
		status = EXIT_SIM_FAILED;
		goto out;
	}
	sim_result(sim, &res);
	if (tr && !trace_finish(tr, res.end, &err)) {
		g_printerr("schedlab run: %s\n", err->message);
		status = EXIT_SIM_FAILED;
		goto out;
	}
	if (pr && !plot_run_write(pr, &res, &popts, notes, &err)) {
		g_printerr("schedlab run: %s\n", err->message);
		status = EXIT_SIM_FAILED;
		goto out;
	}
	if (explained->len) {
		g_string_append(out, explained->str);
		g_string_append_c(out, '\n');
	}
	if (gantt) {
		if (gc) {
			gantt_render(gc, &res, out);
		} else {
			g_string_append_printf(
				out,
				"gantt: %u tasks is more than the %u a chart can show; "
				"use --format csv for all the figures\n",
				res.ntasks, GANTT_MAX_TASKS);
		}
		g_string_append_c(out, '\n');
	}
	switch (format) {
	case CLI_FORMAT_TABLE:
		report_table(&res, out);
		break;
	case CLI_FORMAT_CSV:
		report_csv(&res, out);
		break;
	case CLI_FORMAT_JSON:
		report_json(&res, out);
		break;
	}
	if (!cli_write_stdout(out))
		status = EXIT_SIM_FAILED;
	if (notes->len)
		g_printerr("%s", notes->str);
out:
	run_result_clear(&res);
	sim_free(sim);
	gantt_free(gc);
	trace_free(tr);
	plot_run_free(pr);
	g_string_free(notes, TRUE);
	explain_free(xp);
	if (sc)
		scenario_free(sc);
	cli_scenario_opts_clear(&opts);
	g_string_free(out, TRUE);
	g_string_free(explained, TRUE);
	return status;
}
