/*
 * cmd_run.c - `schedlab run SCENARIO`: simulate and report.
 *
 * The whole output is built in memory and written at the end, so a run that
 * fails writes no half report.
 */
#include <string.h>

#include "cli/cli.h"
#include "report/outputs.h"
#include "report/report.h"
#include "scenario/scenario.h"
#include "sim/sim.h"

static const char run_description[] =
	"Output formats:\n"
	"  table  aligned per-task rows (times in the scenario's time_unit) and a summary\n"
	"  csv    one row per task, times in ns\n"
	"  json   one object: scenario, policy, seed, summary, cpus, tasks (times in ns),\n"
	"         and the policy's parameters and model's figures in effect (parameters)\n"
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
	"Output files are replaced only once complete; '-', /dev/stdout, devices and FIFOs\n"
	"are written in place, a symbolic link's target is written, missing folders are\n"
	"created. --max-events N fails a run (exit 1) once it has handled N events.\n"
	"\n"
	"Exit status: 0 success, 1 the simulation failed (e.g. out of memory, --max-events,\n"
	"not enough host memory, an output that cannot be written), 2 bad input;\n"
	"130 or 143 when interrupted by SIGINT or SIGTERM.";

/*
 * Bytes of report per task, as the output is built in memory (a row, and
 * the room a growing buffer keeps): for the estimate of what a run needs.
 */
#define RUN_TEXT_BYTES 150
#define RUN_JSON_BYTES 400

static bool flush_stdout(GString *out, void *ctx)
{
	(void)ctx;
	return cli_write_stdout(out);
}

/* The report into out, or (JSON) through it to stdout; false: a write failed, reported. */
static bool report(enum cli_format format, const struct scenario *sc, const struct run_result *res,
		   GString *out)
{
	struct run_params params = { 0 };
	bool ok;

	switch (format) {
	case CLI_FORMAT_TABLE:
		report_table(res, out);
		break;
	case CLI_FORMAT_CSV:
		report_csv(res, out);
		break;
	case CLI_FORMAT_JSON:
		/* written as it is made: the text of a million tasks is not held whole */
		scenario_values(sc, run_params_add, &params);
		ok = report_json_stream(res, &params, out, flush_stdout, NULL);
		run_params_clear(&params);
		return ok;
	}
	return true;
}

/* The outputs besides the report that the options ask for; false: bad input, printed. */
static bool add_outputs(struct outputs *o, const struct scenario *sc, gboolean explain,
			gboolean gantt, const char *trace_path, const struct plot_opts *popts)
{
	g_autoptr(GError) err = NULL;
	struct trace_info info = {
		.scenario = sc->name,
		.policy = sc->policy->name,
		.model = sc->model.name,
		.seed = sc->seed,
		.ncpus = sc->cpus,
	};

	if (explain)
		outputs_add_explain(o, sc->time_unit);
	if (gantt)
		outputs_add_gantt(o, sc->ntasks, sc->cpus, sc->time_unit);
	if ((trace_path && !outputs_add_trace(o, trace_path, &info, &err)) ||
	    (popts->dir && !outputs_add_plot(o, popts, sc->cpus, &err))) {
		g_printerr("schedlab run: %s\n", err->message);
		return false;
	}
	return true;
}

/*
 * Simulate sc into res; the exit status (the error printed). A deadlock is a
 * simulation failure that still has results, up to it (res->scenario set):
 * the caller reports them, with the deadlock, and exits with 1.
 */
static int simulate(const char *path, const struct scenario *sc, struct outputs *o,
		    uint64_t out_per_task, struct run_result *res, GString *notes)
{
	g_autoptr(GError) err = NULL;
	struct cli_progress progress;
	struct sim *sim = sim_new(sc, outputs_sink(o), &err);
	bool ok;

	if (!sim) {
		g_printerr("%s\n", err->message);
		return EXIT_BAD_INPUT;
	}
	if (!cli_check_memory("run", sim, out_per_task)) {
		sim_free(sim);
		return EXIT_SIM_FAILED;
	}
	cli_progress_attach(&progress, sim, "run");
	ok = sim_run(sim, &err);
	cli_progress_done(&progress);
	if (!ok && g_error_matches(err, SIM_ERROR, SIM_ERROR_OUTPUT)) {
		g_clear_error(&err);
		outputs_halted(o, &err);
		g_printerr("schedlab run: %s\n", err->message);
		sim_free(sim);
		return EXIT_SIM_FAILED;
	}
	if (!ok) {
		g_printerr("%s: %s\n", path, err->message);
		if (!g_error_matches(err, SIM_ERROR, SIM_ERROR_DEADLOCK)) {
			sim_free(sim);
			return EXIT_SIM_FAILED;
		}
		g_clear_error(&err);
	}
	sim_result_take(sim, res);
	sim_free(sim);
	if (!outputs_finish(o, res, notes, &err)) {
		g_printerr("schedlab run: %s\n", err->message);
		return EXIT_SIM_FAILED;
	}
	return ok ? EXIT_OK : EXIT_SIM_FAILED;
}

int cmd_run(int argc, char **argv)
{
	struct scenario_opts opts = { 0 };
	g_autofree char *format_s = NULL;
	g_autofree char *trace_path = NULL, *plot_dir = NULL, *plot_format_s = NULL;
	gboolean explain = FALSE, gantt = FALSE;
	GOptionEntry entries[] = {
		{ "format", 'f', 0, G_OPTION_ARG_FILENAME, &format_s,
		  "Output format: table (default), csv or json", "FMT" },
		{ "explain", 'e', 0, G_OPTION_ARG_NONE, &explain,
		  "Print every scheduling decision and why it was taken", NULL },
		{ "gantt", 'g', 0, G_OPTION_ARG_NONE, &gantt, "Draw an ASCII Gantt chart", NULL },
		{ "trace", 't', 0, G_OPTION_ARG_FILENAME, &trace_path,
		  "Write a Chrome trace-event file (opens in Perfetto)", "FILE.json" },
		{ "plot", 0, 0, G_OPTION_ARG_FILENAME, &plot_dir,
		  "Write charts (data, gnuplot scripts, images) into DIR", "DIR" },
		{ "plot-format", 0, 0, G_OPTION_ARG_FILENAME, &plot_format_s,
		  "Image format of the charts: png (default) or svg", "FMT" },
		{ 0 },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("SCENARIO - simulate a scenario");
	g_autoptr(GError) err = NULL;
	enum cli_format format = CLI_FORMAT_TABLE;
	struct scenario *sc = NULL;
	struct outputs *o = outputs_new();
	struct plot_opts popts = { .format = PLOT_PNG };
	struct run_result res = { 0 };
	GString *out = g_string_new(NULL), *notes = g_string_new(NULL);
	int status = EXIT_OK;

	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx, "Simulate SCENARIO and print per-task results and a "
					  "summary.");
	g_option_context_set_description(ctx, run_description);
	cli_add_scenario_options(ctx, &opts);
	if (!g_option_context_parse(ctx, &argc, &argv, &err))
		status = cli_usage_error("run", "%s", err->message);
	else if (argc != 2)
		status = cli_usage_error("run",
					 "expected one scenario file; see 'schedlab run --help'");
	else if (!cli_parse_format("run", format_s, &format))
		status = EXIT_BAD_INPUT;
	else if ((explain || gantt) && format != CLI_FORMAT_TABLE)
		status = cli_usage_error("run", "--explain and --gantt go with --format table");
	else if (plot_format_s && !plot_format_parse(plot_format_s, &popts.format))
		status = cli_usage_error("run", "--plot-format %s: expected png or svg",
					 plot_format_s);
	else if (plot_format_s && !plot_dir)
		status = cli_usage_error("run", "--plot-format is the format of --plot's charts: "
						"give --plot DIR");
	if (status != EXIT_OK)
		goto out;
	popts.dir = plot_dir;
	sc = cli_load_scenario("run", argv[1], &opts, &status);
	if (!sc)
		goto out;
	if (!add_outputs(o, sc, explain, gantt, trace_path, &popts)) {
		status = EXIT_BAD_INPUT;
		goto out;
	}
	status = simulate(argv[1], sc, o,
			  format == CLI_FORMAT_JSON ? RUN_JSON_BYTES : RUN_TEXT_BYTES, &res, notes);
	if (status != EXIT_OK && !res.deadlock.found)
		goto out;
	outputs_render(o, &res, out);
	if (out->len)
		g_string_append_c(out, '\n');
	if (!report(format, sc, &res, out) || !cli_write_stdout(out))
		status = EXIT_SIM_FAILED;
	if (notes->len)
		g_printerr("%s", notes->str);
out:
	run_result_clear(&res);
	outputs_free(o);
	if (sc)
		scenario_free(sc);
	cli_scenario_opts_clear(&opts);
	g_string_free(out, TRUE);
	g_string_free(notes, TRUE);
	return status;
}
