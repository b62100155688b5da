/*
 * cmd_compare.c - `schedlab compare SCENARIO --policies a,b,...`: one
 * scenario under several policies, side by side.
 *
 * Each policy runs the same scenario (with the same seed and overrides) as
 * `schedlab run --policy P` would; a policy's own group in the file ([rr],
 * [mlfq], ...) gives its parameters. The results are kept in one array of
 * struct compare_run, in the order of --policies, and rendered at the end:
 * a table with a row per policy, then, for scenarios of up to
 * COMPARE_GANTT_MAX_TASKS tasks, the Gantt chart of each. CSV and JSON give
 * the same figures with times in ns. Nothing is written until every run
 * has succeeded.
 */
#include <string.h>

#include "base/units.h"
#include "cli/cli.h"
#include "policy/policy.h"
#include "report/plot.h"
#include "report/report.h"
#include "scenario/scenario.h"
#include "sched/sched.h"

#define COMPARE_GANTT_MAX_TASKS 20
#define COMPARE_MAX_POLICIES	32

/* One policy's run. */
struct compare_run {
	const char *policy;    /* a name from --policies */
	struct run_result res; /* its results */
	struct summary sum;    /* summary_compute(&res) */
	GString *gantt;	       /* its chart, or NULL */
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
	"scenario file, and --set may change them (--set rr.quantum=2).\n"
	"\n"
	"Exit status: 0 success, 1 a simulation failed, 2 bad input.";

/* Run sc (already loaded for one policy) into r. False: a simulation failure. */
static bool compare_one(const char *path, const struct scenario *sc, bool want_gantt,
			struct compare_run *r)
{
	g_autoptr(GError) err = NULL;
	struct gantt *gc = NULL;
	struct record_sink sink = { 0 };
	struct sim *sim;

	if (want_gantt) {
		gc = gantt_new(sc->cpus, sc->time_unit);
		sink = gantt_sink(gc);
	}
	sim = sim_new(sc, gc ? &sink : NULL, &err);
	if (!sim) {
		g_printerr("%s\n", err->message);
		gantt_free(gc);
		return false;
	}
	if (!sim_run(sim, &err)) {
		g_printerr("%s: policy %s: %s\n", path, r->policy, err->message);
		sim_free(sim);
		gantt_free(gc);
		return false;
	}
	sim_result(sim, &r->res);
	summary_compute(&r->res, &r->sum);
	if (gc) {
		r->gantt = g_string_new(NULL);
		gantt_render(gc, &r->res, r->gantt);
	}
	sim_free(sim);
	gantt_free(gc);
	return true;
}

/* A mean in the table: "-" when no task completed. */
static void cell_time(GString *out, int width, bool any, double ns, sim_time_t unit)
{
	GString *s = g_string_new(NULL);

	if (any)
		units_time_in(s, (sim_time_t)(ns >= 0 ? ns + 0.5 : ns - 0.5), unit);
	else
		g_string_append(s, "-");
	/* units_time_in appends the unit; the header carries it instead. */
	if (any) {
		const char *sp = strrchr(s->str, ' ');

		if (sp)
			g_string_truncate(s, (gsize)(sp - s->str));
	}
	g_string_append_printf(out, "  %*s", width, s->str);
	g_string_free(s, TRUE);
}

static void render_table(const struct compare_run *runs, guint n, GString *out)
{
	const struct run_result *first = &runs[0].res;
	sim_time_t unit = first->time_unit;
	const char *u = units_suffix(unit);
	int wp = 6;
	g_autofree char *unit_h = g_strdup_printf("(%s)", u);

	for (guint i = 0; i < n; i++)
		wp = MAX(wp, (int)strlen(runs[i].policy));
	g_string_append_printf(
		out, "scenario %s  model %s  seed %" G_GUINT64_FORMAT "  cpus %u  tasks %u\n\n",
		first->scenario, first->model, first->seed, first->ncpus, first->ntasks);
	g_string_append_printf(out, "%-*s  %10s  %10s  %10s  %10s  %10s  %8s  %9s\n", wp, "policy",
			       "turnaround", "waiting", "response", "normalized", "throughput",
			       "switches", "completed");
	g_string_append_printf(out, "%-*s  %10s  %10s  %10s  %10s  %10s\n", wp, "", unit_h, unit_h,
			       unit_h, "", "(/s)");
	for (guint i = 0; i < n; i++) {
		const struct summary *s = &runs[i].sum;
		bool any = s->completed > 0;
		char norm[32], thr[32];
		g_autofree char *done = NULL;

		g_string_append_printf(out, "%-*s", wp, runs[i].policy);
		cell_time(out, 10, any, s->avg_turnaround_ns, unit);
		cell_time(out, 10, any, s->avg_waiting_ns, unit);
		cell_time(out, 10, any, s->avg_response_ns, unit);
		g_ascii_formatd(norm, sizeof(norm), "%.2f", s->avg_normalized_turnaround);
		g_ascii_formatd(thr, sizeof(thr), "%.2f", s->throughput_per_s);
		done = g_strdup_printf("%u of %u", s->completed, runs[i].res.ntasks);
		g_string_append_printf(out, "  %10s  %10s  %8" G_GUINT64_FORMAT "  %9s\n",
				       any ? norm : "-", thr, s->context_switches, done);
	}
	for (guint i = 0; i < n; i++) {
		if (!runs[i].gantt)
			continue;
		g_string_append_printf(out, "\n%s\n%s", runs[i].policy, runs[i].gantt->str);
	}
}

static void render_csv(const struct compare_run *runs, guint n, GString *out)
{
	g_string_append(out, "policy,completed,tasks,makespan_ns,avg_turnaround_ns,avg_waiting_ns,"
			     "avg_response_ns,avg_normalized_turnaround,throughput_per_s,"
			     "context_switches\n");
	for (guint i = 0; i < n; i++) {
		const struct summary *s = &runs[i].sum;
		char norm[32], thr[32];

		g_ascii_formatd(norm, sizeof(norm), "%.6f", s->avg_normalized_turnaround);
		g_ascii_formatd(thr, sizeof(thr), "%.6f", s->throughput_per_s);
		g_string_append_printf(out,
				       "%s,%u,%u,%" G_GINT64_FORMAT
				       ",%.0f,%.0f,%.0f,%s,%s,%" G_GUINT64_FORMAT "\n",
				       runs[i].policy, s->completed, runs[i].res.ntasks,
				       s->makespan, s->avg_turnaround_ns, s->avg_waiting_ns,
				       s->avg_response_ns, norm, thr, s->context_switches);
	}
}

static void json_str(GString *out, const char *s)
{
	g_string_append_c(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			g_string_append_c(out, '\\');
		g_string_append_c(out, *s);
	}
	g_string_append_c(out, '"');
}

static void render_json(const struct compare_run *runs, guint n, GString *out)
{
	const struct run_result *first = &runs[0].res;

	g_string_append(out, "{\n  \"scenario\": ");
	json_str(out, first->scenario);
	g_string_append(out, ",\n  \"model\": ");
	json_str(out, first->model);
	g_string_append_printf(out,
			       ",\n  \"seed\": %" G_GUINT64_FORMAT ",\n  \"ncpus\": %u,\n"
			       "  \"ntasks\": %u,\n  \"policies\": [",
			       first->seed, first->ncpus, first->ntasks);
	for (guint i = 0; i < n; i++) {
		const struct summary *s = &runs[i].sum;
		bool any = s->completed > 0;
		char norm[32], thr[32];

		g_ascii_formatd(norm, sizeof(norm), "%.6f", s->avg_normalized_turnaround);
		g_ascii_formatd(thr, sizeof(thr), "%.6f", s->throughput_per_s);
		g_string_append(out,
				i ? ",\n    {\n      \"policy\": " : "\n    {\n      \"policy\": ");
		json_str(out, runs[i].policy);
		g_string_append_printf(
			out,
			",\n      \"completed\": %u,\n      \"makespan_ns\": %" G_GINT64_FORMAT,
			s->completed, s->makespan);
		if (any)
			g_string_append_printf(out,
					       ",\n      \"avg_turnaround_ns\": %.0f,\n      "
					       "\"avg_waiting_ns\": %.0f,"
					       "\n      \"avg_response_ns\": %.0f,\n      "
					       "\"avg_normalized_turnaround\": %s",
					       s->avg_turnaround_ns, s->avg_waiting_ns,
					       s->avg_response_ns, norm);
		else
			g_string_append(out, ",\n      \"avg_turnaround_ns\": null,\n      "
					     "\"avg_waiting_ns\": null,"
					     "\n      \"avg_response_ns\": null,\n      "
					     "\"avg_normalized_turnaround\": null");
		g_string_append_printf(out,
				       ",\n      \"throughput_per_s\": %s,\n      "
				       "\"context_switches\": %" G_GUINT64_FORMAT "\n    }",
				       thr, s->context_switches);
	}
	g_string_append(out, "\n  ]\n}\n");
}

int cmd_compare(int argc, char **argv)
{
	struct scenario_opts opts = { 0 };
	g_autofree char *format_s = NULL, *policies_s = NULL;
	g_autofree char *plot_dir = NULL, *plot_format_s = NULL;
	struct plot_opts popts = { .format = PLOT_PNG };
	gboolean no_gantt = FALSE;
	GOptionEntry entries[] = {
		{ "policies", 'P', 0, G_OPTION_ARG_STRING, &policies_s,
		  "The policies to compare, comma-separated (required)", "A,B,..." },
		{ "format", 'f', 0, G_OPTION_ARG_STRING, &format_s,
		  "Output format: table (default), csv or json", "FMT" },
		{ "no-gantt", 0, 0, G_OPTION_ARG_NONE, &no_gantt,
		  "Leave out the Gantt charts of small scenarios", NULL },
		{ "plot", 0, 0, G_OPTION_ARG_FILENAME, &plot_dir,
		  "Write comparison charts (data, gnuplot scripts, images) into DIR", "DIR" },
		{ "plot-format", 0, 0, G_OPTION_ARG_STRING, &plot_format_s,
		  "Image format of --plot: png (default) or svg", "FMT" },
		{ 0 },
	};
	g_autoptr(GOptionContext) ctx =
		g_option_context_new("SCENARIO - run a scenario under several policies");
	g_autoptr(GError) err = NULL;
	g_auto(GStrv) names = NULL;
	enum cli_format format = CLI_FORMAT_TABLE;
	struct compare_run *runs = NULL;
	guint n = 0, done = 0;
	GString *out = g_string_new(NULL);
	int status = EXIT_OK;

	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx, "Run SCENARIO under each policy of --policies and "
					  "compare their figures of merit.");
	g_option_context_set_description(ctx, compare_description);
	cli_add_scenario_options(ctx, &opts);
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		status = cli_usage_error("compare", "%s", err->message);
		goto out;
	}
	if (argc != 2) {
		status = cli_usage_error(
			"compare", "expected one scenario file; see 'schedlab compare --help'");
		goto out;
	}
	if (opts.policy) {
		status = cli_usage_error("compare", "--policy does not go with compare; use "
						    "--policies A,B,...");
		goto out;
	}
	if (!policies_s || !*policies_s) {
		status = cli_usage_error("compare", "--policies is required, e.g. --policies "
						    "fcfs,sjf,rr");
		goto out;
	}
	if (!cli_parse_format("compare", format_s, &format)) {
		status = EXIT_BAD_INPUT;
		goto out;
	}
	if (plot_format_s && !plot_format_parse(plot_format_s, &popts.format)) {
		status = cli_usage_error("compare", "--plot-format %s: expected png or svg",
					 plot_format_s);
		goto out;
	}
	popts.dir = plot_dir;
	names = g_strsplit(policies_s, ",", -1);
	n = g_strv_length(names);
	if (n > COMPARE_MAX_POLICIES) {
		status = cli_usage_error("compare", "--policies: at most %d policies, got %u",
					 COMPARE_MAX_POLICIES, n);
		goto out;
	}
	for (guint i = 0; i < n; i++) {
		g_strstrip(names[i]);
		if (!*names[i]) {
			status = cli_usage_error("compare",
						 "--policies %s: policy %u of %u is empty",
						 policies_s, i + 1, n);
			goto out;
		}
		if (!policy_find(names[i])) {
			status = cli_usage_error("compare",
						 "--policies: '%s' is not a policy; see 'schedlab "
						 "policies'",
						 names[i]);
			goto out;
		}
	}
	if (plot_dir && !plot_prepare(&popts, &err)) {
		status = cli_usage_error("compare", "%s", err->message);
		goto out;
	}
	runs = g_new0(struct compare_run, n);
	for (guint i = 0; i < n; i++) {
		struct scenario_opts one = opts;
		struct scenario *sc;
		bool ok;

		runs[i].policy = names[i];
		one.policy = names[i];
		sc = cli_load_scenario(argv[1], &one);
		if (!sc) {
			status = EXIT_BAD_INPUT;
			goto out;
		}
		ok = compare_one(argv[1], sc,
				 format == CLI_FORMAT_TABLE && !no_gantt &&
					 sc->ntasks <= COMPARE_GANTT_MAX_TASKS,
				 &runs[i]);
		scenario_free(sc);
		if (!ok) {
			status = EXIT_SIM_FAILED;
			goto out;
		}
		done = i + 1;
	}
	if (plot_dir) {
		g_autofree struct plot_compare_entry *e = g_new0(struct plot_compare_entry, n);
		g_autoptr(GString) notes = g_string_new(NULL);

		for (guint i = 0; i < n; i++) {
			e[i].name = runs[i].policy;
			e[i].summary = &runs[i].sum;
		}
		if (!plot_compare(runs[0].res.scenario, "policy", runs[0].res.time_unit, e, n,
				  &popts, notes, &err)) {
			g_printerr("schedlab compare: %s\n", err->message);
			status = EXIT_SIM_FAILED;
			goto out;
		}
		g_printerr("%s", notes->str);
	}
	switch (format) {
	case CLI_FORMAT_TABLE:
		render_table(runs, n, out);
		break;
	case CLI_FORMAT_CSV:
		render_csv(runs, n, out);
		break;
	case CLI_FORMAT_JSON:
		render_json(runs, n, out);
		break;
	}
	if (!cli_write_stdout(out))
		status = EXIT_SIM_FAILED;
out:
	for (guint i = 0; runs && i < n; i++) {
		if (i < done || runs[i].res.tasks)
			run_result_clear(&runs[i].res);
		if (runs[i].gantt)
			g_string_free(runs[i].gantt, TRUE);
	}
	g_free(runs);
	cli_scenario_opts_clear(&opts);
	g_string_free(out, TRUE);
	return status;
}
