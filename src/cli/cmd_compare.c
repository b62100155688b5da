/*
 * cmd_compare.c - `schedlab compare SCENARIO --policies a,b,...`: one
 * scenario under several policies, side by side; or `--serve a,b,...`:
 * under several execution models (src/runtime), every served group of the
 * scenario served each way in turn. A model that runs the machine out of
 * memory is a row of its own, marked, with what it had done by then: that
 * is the answer a capacity planner looks for, not an error.
 *
 * Each policy runs the same scenario (with the same seed and overrides) as
 * `schedlab run --policy P` would; a policy's own group in the file ([rr],
 * [mlfq], ...) gives its parameters. The results are kept in one array of
 * struct compare_run, in the order of --policies, and rendered at the end by
 * report/compare.c: a table with a row per policy, then, for scenarios of up
 * to COMPARE_GANTT_MAX_TASKS tasks, the Gantt chart of each. CSV and JSON
 * give the same figures with times in ns. Nothing is written until every
 * run has succeeded. This file parses the options and runs the policies.
 */
#include <string.h>

#include "cli/cli.h"
#include "policy/policy.h"
#include "report/compare.h"
#include "report/outputs.h"
#include "report/plot.h"
#include "runtime/serve.h"
#include "scenario/scenario.h"
#include "sim/sim.h"

#define COMPARE_GANTT_MAX_TASKS 20
#define COMPARE_MAX_POLICIES	32
/* Bytes a task's result takes in memory, kept for every policy: for the estimate. */
#define COMPARE_TASK_BYTES 150

/* One policy's (or execution model's) run. */
struct compare_run {
	const char *policy;	  /* an entry of --policies ("rr:quantum=1ms") or --serve */
	char *name;		  /* --policies: the policy's name alone ("rr") */
	char **sets;		  /* --policies: the variant's "rr.quantum=1ms", NULL-terminated */
	struct scenario *sc;	  /* loaded for it, until it has run */
	struct run_params params; /* what it was given */
	char *label;		  /* its row: the name, or "NAME (out of memory)" */
	struct run_result res;	  /* its results */
	struct summary sum;	  /* summary_compute(&res) */
	GString *gantt;		  /* its chart, or NULL */
};

static const char compare_description[] =
	"Runs SCENARIO once per policy of --policies (comma-separated, e.g.\n"
	"fcfs,sjf,rr,mlfq,cfs) and prints one row per policy: average turnaround,\n"
	"waiting and response times, normalized turnaround (turnaround / CPU time),\n"
	"throughput and context switches. For scenarios of up to 20 tasks the table\n"
	"is followed by each policy's Gantt chart (--no-gantt leaves them out).\n"
	"\n"
	"Output formats: table (times in the scenario's time_unit), csv and json\n"
	"(times in ns). Each policy takes its parameters from its own group of the\n"
	"scenario file, and --set may change them (--set rr.quantum=2). A variant,\n"
	"POLICY:KEY=VALUE[:KEY=VALUE...], runs a policy with its own parameters (as\n"
	"--set POLICY.KEY=VALUE): --policies rr:quantum=1ms,rr:quantum=10ms,mlfq.\n"
	"Every format shows each policy's parameters in effect.\n"
	"\n"
	"Exit status: 0 success, 1 a simulation failed, 2 bad input.";

/* Run sc (already loaded for one policy) into r. False: a simulation failure. */
static bool compare_one(const char *path, const struct scenario *sc, bool want_gantt, bool serve,
			struct compare_run *r)
{
	g_autoptr(GError) err = NULL;
	struct outputs *o = outputs_new();
	struct sim *sim;
	bool ok = false;

	if (want_gantt)
		outputs_add_gantt(o, sc->ntasks, sc->cpus, sc->time_unit);
	sim = sim_new(sc, outputs_sink(o), &err);
	if (!sim) {
		g_printerr("%s\n", err->message);
	} else if (!cli_check_memory("compare", sim, COMPARE_TASK_BYTES)) {
		/* said */
	} else if (!sim_run(sim, &err)) {
		g_printerr("%s: %s %s: %s\n", path, serve ? "serve" : "policy", r->policy,
			   err->message);
		if (serve && g_error_matches(err, SIM_ERROR, SIM_ERROR_OUT_OF_MEMORY)) {
			/* A model the machine cannot hold: a row, with what it did. */
			sim_result(sim, &r->res);
			summary_compute(&r->res, &r->sum);
			r->label = g_strdup_printf("%s (out of memory)", r->policy);
			ok = true;
		}
	} else {
		sim_result(sim, &r->res);
		summary_compute(&r->res, &r->sum);
		if (want_gantt) {
			r->gantt = g_string_new(NULL);
			outputs_render(o, &r->res, r->gantt);
		}
		ok = true;
	}
	sim_free(sim);
	outputs_free(o);
	return ok;
}

/*
 * --policies as entries: "rr", or a variant "rr:quantum=1ms:new_first=false"
 * whose KEY=VALUE parameters are the policy's (rr.quantum=1ms, as --set
 * would give them). A value may hold commas (mlfq:quanta=10ms,20ms,40ms): a
 * piece after a variant that starts with a digit continues it. Into a GPtrArray of g_strdup'ed entries; false: printed.
 */
static bool split_policies(const char *policies_s, GPtrArray *entries)
{
	g_auto(GStrv) pieces = g_strsplit(policies_s, ",", -1);
	guint n = g_strv_length(pieces);

	for (guint i = 0; i < n; i++) {
		char *p = g_strstrip(pieces[i]);
		const char *last =
			entries->len ? g_ptr_array_index(entries, entries->len - 1) : NULL;

		/* "20ms" of "quanta=10ms,20ms": no policy's name starts with a digit */
		if (last && strchr(last, ':') && g_ascii_isdigit(*p)) {
			char *joined = g_strconcat(last, ",", p, NULL);

			g_free(g_ptr_array_index(entries, entries->len - 1));
			g_ptr_array_index(entries, entries->len - 1) = joined;
			continue;
		}
		if (!*p) {
			cli_usage_error("compare", "--policies %s: policy %u of %u is empty",
					policies_s, i + 1, n);
			return false;
		}
		g_ptr_array_add(entries, g_strdup(p));
	}
	if (entries->len > COMPARE_MAX_POLICIES) {
		cli_usage_error("compare", "--policies: at most %d policies, got %u",
				COMPARE_MAX_POLICIES, entries->len);
		return false;
	}
	return true;
}

/* An entry of --policies into r's policy name and the variant's sets; false: printed. */
static bool parse_variant(struct compare_run *r)
{
	g_auto(GStrv) parts = g_strsplit(r->policy, ":", -1);
	guint n = g_strv_length(parts);

	r->name = g_strdup(g_strstrip(parts[0]));
	if (!policy_find(r->name)) {
		cli_usage_error("compare",
				"--policies: '%s' is not a policy; see 'schedlab policies'",
				r->name);
		return false;
	}
	r->sets = g_new0(char *, n);
	for (guint i = 1; i < n; i++) {
		const char *kv = g_strstrip(parts[i]);
		const char *eq = strchr(kv, '=');

		if (!eq || eq == kv) {
			cli_usage_error("compare",
					"--policies %s: '%s' is not KEY=VALUE; a variant reads "
					"POLICY:KEY=VALUE[:KEY=VALUE...], such as rr:quantum=1ms",
					r->policy, kv);
			return false;
		}
		r->sets[i - 1] = g_strdup_printf("%s.%s", r->name, kv);
	}
	return true;
}

/* --serve: every name an execution model; false: printed. */
static bool check_models(const char *serve_s, char **names)
{
	guint n = g_strv_length(names);

	if (n > COMPARE_MAX_POLICIES) {
		cli_usage_error("compare", "--serve: at most %d models, got %u",
				COMPARE_MAX_POLICIES, n);
		return false;
	}
	for (guint i = 0; i < n; i++) {
		g_strstrip(names[i]);
		if (!*names[i]) {
			cli_usage_error("compare", "--serve %s: model %u of %u is empty", serve_s,
					i + 1, n);
			return false;
		}
		if (!runtime_find(names[i])) {
			cli_usage_error("compare",
					"--serve: '%s' is not an execution model: use "
					"process-per-request, thread-per-request, threadpool, "
					"eventloop or mn",
					names[i]);
			return false;
		}
	}
	return true;
}

/*
 * Every policy's run, in order; the exit status (the error printed). Every
 * scenario is loaded (and every variant's parameters checked) before the
 * first run.
 */
static int run_all(const char *path, const struct scenario_opts *opts, bool gantts, bool serve,
		   struct compare_run *runs, guint n)
{
	for (guint i = 0; i < n; i++) {
		struct scenario_opts one = *opts;
		int status;

		if (serve) {
			one.serve = runs[i].policy;
		} else {
			one.policy = runs[i].name;
			one.variant_sets = (const char *const *)runs[i].sets;
			one.variant = runs[i].policy;
		}
		runs[i].sc = cli_load_scenario("compare", path, &one, &status);
		if (!runs[i].sc)
			return status;
		scenario_values(runs[i].sc, run_params_add, &runs[i].params);
	}
	for (guint i = 0; i < n; i++) {
		const struct scenario *sc = runs[i].sc;
		bool ok = compare_one(path, sc, gantts && sc->ntasks <= COMPARE_GANTT_MAX_TASKS,
				      serve, &runs[i]);

		scenario_free(runs[i].sc);
		runs[i].sc = NULL;
		if (!ok)
			return EXIT_SIM_FAILED;
	}
	return EXIT_OK;
}

/* The charts of --plot and the output in its format; the exit status. */
static int finish(const struct compare_run *runs, guint n, enum cli_format format, bool serve,
		  const struct plot_opts *popts)
{
	const char *what = serve ? "serve" : "policy";
	g_autofree struct compare_entry *e = g_new0(struct compare_entry, n);
	g_autofree struct plot_compare_entry *pe = g_new0(struct plot_compare_entry, n);
	g_autoptr(GString) out = g_string_new(NULL);
	g_autoptr(GString) notes = g_string_new(NULL);
	g_autoptr(GError) err = NULL;

	for (guint i = 0; i < n; i++) {
		const char *name = runs[i].label ? runs[i].label : runs[i].policy;

		e[i] = (struct compare_entry){ name, &runs[i].res, &runs[i].sum, runs[i].gantt,
					       &runs[i].params };
		pe[i] = (struct plot_compare_entry){ name, &runs[i].sum };
	}
	if (popts->dir) {
		if (!plot_compare(runs[0].res.scenario, what, runs[0].res.time_unit, pe, n, popts,
				  notes, &err)) {
			g_printerr("schedlab compare: %s\n", err->message);
			return EXIT_SIM_FAILED;
		}
		g_printerr("%s", notes->str);
	}
	switch (format) {
	case CLI_FORMAT_TABLE:
		compare_table(what, e, n, out);
		break;
	case CLI_FORMAT_CSV:
		compare_csv(what, e, n, out);
		break;
	case CLI_FORMAT_JSON:
		compare_json(what, serve ? "models" : "policies", e, n, out);
		break;
	}
	return cli_write_stdout(out) ? EXIT_OK : EXIT_SIM_FAILED;
}

int cmd_compare(int argc, char **argv)
{
	struct scenario_opts opts = { 0 };
	g_autofree char *format_s = NULL, *policies_s = NULL, *serve_s = NULL;
	g_autofree char *plot_dir = NULL, *plot_format_s = NULL;
	struct plot_opts popts = { .format = PLOT_PNG };
	gboolean no_gantt = FALSE;
	GOptionEntry entries[] = {
		{ "policies", 'P', 0, G_OPTION_ARG_FILENAME, &policies_s,
		  "The policies to compare, comma-separated; a variant is POLICY:KEY=VALUE...",
		  "A,B,..." },
		{ "serve", 'S', 0, G_OPTION_ARG_FILENAME, &serve_s,
		  "The execution models to compare instead (process-per-request, "
		  "thread-per-request, threadpool, eventloop, mn), comma-separated",
		  "A,B,..." },
		{ "format", 'f', 0, G_OPTION_ARG_FILENAME, &format_s,
		  "Output format: table (default), csv or json", "FMT" },
		{ "no-gantt", 0, 0, G_OPTION_ARG_NONE, &no_gantt,
		  "Leave out the Gantt charts of small scenarios", NULL },
		{ "plot", 0, 0, G_OPTION_ARG_FILENAME, &plot_dir,
		  "Write comparison charts (data, gnuplot scripts, images) into DIR", "DIR" },
		{ "plot-format", 0, 0, G_OPTION_ARG_FILENAME, &plot_format_s,
		  "Image format of --plot: png (default) or svg", "FMT" },
		{ 0 },
	};
	g_autoptr(GOptionContext) ctx =
		g_option_context_new("SCENARIO - run a scenario under several policies");
	g_autoptr(GError) err = NULL;
	g_auto(GStrv) names = NULL;
	enum cli_format format = CLI_FORMAT_TABLE;
	struct compare_run *runs = NULL;
	guint n = 0;
	int status = EXIT_OK;

	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx, "Run SCENARIO under each policy of --policies and "
					  "compare their figures of merit.");
	g_option_context_set_description(ctx, compare_description);
	cli_add_scenario_options(ctx, &opts);
	if (!g_option_context_parse(ctx, &argc, &argv, &err))
		status = cli_usage_error("compare", "%s", err->message);
	else if (argc != 2)
		status = cli_usage_error(
			"compare", "expected one scenario file; see 'schedlab compare --help'");
	else if (opts.policy)
		status = cli_usage_error("compare", "--policy does not go with compare; use "
						    "--policies A,B,...");
	else if (policies_s && serve_s)
		status = cli_usage_error("compare", "--policies and --serve do not go together: "
						    "compare policies or execution models");
	else if ((!policies_s || !*policies_s) && (!serve_s || !*serve_s))
		status =
			cli_usage_error("compare", "--policies is required, e.g. --policies "
						   "fcfs,sjf,rr (or --serve threadpool,eventloop)");
	else if (!cli_parse_format("compare", format_s, &format))
		status = EXIT_BAD_INPUT;
	else if (plot_format_s && !plot_format_parse(plot_format_s, &popts.format))
		status = cli_usage_error("compare", "--plot-format %s: expected png or svg",
					 plot_format_s);
	else if (plot_format_s && !plot_dir)
		status = cli_usage_error("compare", "--plot-format is the format of --plot's "
						    "charts: give --plot DIR");
	else if (no_gantt && format != CLI_FORMAT_TABLE)
		status = cli_usage_error("compare", "--no-gantt goes with --format table: csv and "
						    "json have no Gantt charts");
	if (status != EXIT_OK)
		goto out;
	if (serve_s) {
		names = g_strsplit(serve_s, ",", -1);
	} else {
		GPtrArray *a = g_ptr_array_new_with_free_func(g_free);

		if (split_policies(policies_s, a)) {
			g_ptr_array_add(a, NULL);
			names = (char **)g_ptr_array_free(a, FALSE);
		} else {
			g_ptr_array_free(a, TRUE);
		}
	}
	popts.dir = plot_dir;
	if (!names || (serve_s && !check_models(serve_s, names))) {
		status = EXIT_BAD_INPUT;
		goto out;
	}
	if (plot_dir && !plot_prepare(&popts, &err)) {
		status = cli_usage_error("compare", "%s", err->message);
		goto out;
	}
	n = g_strv_length(names);
	runs = g_new0(struct compare_run, n);
	for (guint i = 0; i < n; i++) {
		runs[i].policy = names[i];
		if (!serve_s && !parse_variant(&runs[i])) {
			status = EXIT_BAD_INPUT;
			goto out;
		}
	}
	status = run_all(argv[1], &opts, format == CLI_FORMAT_TABLE && !no_gantt, serve_s != NULL,
			 runs, n);
	if (status == EXIT_OK)
		status = finish(runs, n, format, serve_s != NULL, &popts);
out:
	for (guint i = 0; runs && i < n; i++) {
		run_result_clear(&runs[i].res);
		run_params_clear(&runs[i].params);
		if (runs[i].sc)
			scenario_free(runs[i].sc);
		g_free(runs[i].name);
		g_strfreev(runs[i].sets);
		g_free(runs[i].label);
		if (runs[i].gantt)
			g_string_free(runs[i].gantt, TRUE);
	}
	g_free(runs);
	cli_scenario_opts_clear(&opts);
	return status;
}
