/*
 * cmd_sweep.c - `schedlab sweep SCENARIO --vary G.K=LIST ...`: a grid of
 * independent runs, one CSV row per point.
 *
 * This file parses the options and picks one of three ways: run the points
 * here on a pool of -j threads (sweep/run.c), print one command per point
 * for other machines (--emit-jobs, sweep/collect.c), or merge what those
 * commands wrote (--collect). Then it writes the CSV and the charts.
 * docs/sweep.md has the recipes.
 *
 * Exit status: 2 for a bad --vary, a point whose scenario is invalid
 * (named), or an --out, --plot or --emit-jobs target that cannot be written
 * (all found before the first run); 1 when schedlab fails (--max-events,
 * the host's memory) or the output cannot be written at the end. A point the
 * model stops (out of memory, deadlock) is a row with its status: exit 0.
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "base/units.h"
#include "cli/cli.h"
#include "report/outfile.h"
#include "report/plot.h"
#include "report/report.h"
#include "scenario/parse.h"
#include "sweep/collect.h"
#include "sweep/run.h"
#include "sweep/sweep.h"

/* The options, as given. */
struct sweep_args {
	struct scenario_opts opts;
	char **varies;
	char *format, *plot_dir, *plot_format, *out_path, *emit_dir, *collect_dir;
	char *group, *target;
	gboolean log_y;
	const struct summary_field *target_field; /* --target METRIC=VALUE */
	double target_value;			  /* in the metric's unit: ns, bytes, /s */
	gint64 reps, jobs, point;		  /* point: -1 when not given */
	char *reps_text, *jobs_text, *point_text; /* as given, checked by check_args */
	struct plot_opts popts;
};

/* ----------------------------------------------------------- plots */

static bool sweep_plot(const struct sweep_args *a, const struct sweep_grid *g, bool served,
		       GPtrArray *rows, const char *scenario, sim_time_t unit, unsigned reps,
		       const struct plot_opts *o, GString *msg, GError **error)
{
	const struct sweep_axis *x0 = g->axes->pdata[0];
	guint nx = x0->items->len, ncurves = g->npoints / nx;
	int thr = sweep_metric_column(g, served, "throughput_per_s");
	/* the latency chart: the --target's metric when it is a time, else turnaround p99 */
	bool timed = a->target_field && (a->target_field->kind == SUMMARY_NS ||
					 a->target_field->kind == SUMMARY_MEAN_NS);
	const struct summary_field *yf =
		timed ? a->target_field : summary_field_find("latency_p99_ns");
	int p99 = sweep_metric_column(g, served, yf->key);
	int over = sweep_metric_column(g, served, "overloaded");
	g_autofree char *ylabel = a->group ? g_strdup_printf("%s of group %s", yf->label, a->group)
					   : g_strdup(yf->label);
	struct plot_sweep_point *cells = g_new0(struct plot_sweep_point, g->npoints);
	char **curves = g_new0(char *, ncurves + 1);
	struct plot_sweep s = {
		.scenario = scenario,
		.time_unit = unit,
		.xkey = x0->key,
		.nx = nx,
		.xitems = (const char *const *)x0->items->pdata,
		.ncurves = ncurves,
		.cells = cells,
		.reps = reps,
		.ylabel = ylabel,
		.ylog = a->log_y ? 1 : -1,
		.target = timed ? a->target_value : 0,
	};
	g_autofree char *xlabel =
		*x0->prefix || *x0->suffix
			? g_strdup_printf("%s = %s{x}%s", x0->key, x0->prefix, x0->suffix)
			: g_strdup(x0->key);
	bool ok;

	g_return_val_if_fail(thr > 0 && p99 > 0, false);
	s.xkey = xlabel;
	for (guint c = 0; c < ncurves; c++) {
		GString *t = g_string_new(NULL);

		/* point (x i, curve c) = i * ncurves + c: the first axis is outermost */
		for (guint ax = 1; ax < g->axes->len; ax++) {
			g_autofree char *v = sweep_grid_value(g, c, ax);

			g_string_append_printf(t, "%s%s=%s", ax > 1 ? ", " : "",
					       ((const struct sweep_axis *)g->axes->pdata[ax])->key,
					       v);
		}
		curves[c] = g_string_free(t, FALSE);
		for (guint i = 0; i < nx; i++) {
			GPtrArray *f = rows->pdata[i * ncurves + c];
			const char *ov = over > 0 ? f->pdata[over] : "";

			cells[c * nx + i] = (struct plot_sweep_point){
				.thr_mean = f->pdata[thr],
				.thr_ci = f->pdata[thr + 1],
				.p99_mean = f->pdata[p99],
				.p99_ci = f->pdata[p99 + 1],
				.overloaded = *ov && g_ascii_strtod(ov, NULL) > 0,
				/* no repetition ran to its end: no figure at all */
				.failed = !*(const char *)f->pdata[thr],
			};
		}
	}
	s.curves = (const char *const *)curves;
	ok = plot_sweep(&s, o, msg, error);
	g_strfreev(curves);
	g_free(cells);
	return ok;
}

/*
 * --target: the first point in the grid's order (the smallest setting, for
 * an ascending --vary) that ran to its end, is not overloaded and meets the
 * target: at most VALUE, or at least VALUE for a rate (throughput).
 */
static void print_target(const struct sweep_args *a, const struct sweep_plan *plan,
			 const struct sweep_results *res, GPtrArray *rows)
{
	const struct summary_field *f = a->target_field;
	int col = sweep_metric_column(plan->grid, res->served, f->key);
	int over = sweep_metric_column(plan->grid, res->served, "overloaded");
	bool at_least = f->kind == SUMMARY_PER_S;
	bool timed = f->kind == SUMMARY_NS || f->kind == SUMMARY_MEAN_NS;
	g_autoptr(GString) want = g_string_new(NULL);

	if (timed)
		units_time_in(want, (sim_time_t)a->target_value, res->time_unit);
	else
		g_string_append_printf(want, "%g", a->target_value);
	for (guint i = 0; i < rows->len; i++) {
		GPtrArray *r = rows->pdata[i];
		const char *v = r->pdata[col];
		const char *ov = over > 0 ? r->pdata[over] : "";
		/* the row's last two fields: status and message (sweep_row) */
		const char *status = r->pdata[r->len - 2];
		double x;

		/* a point some repetition of which the model stopped did not run to
		 * its end, even when the others give it a value */
		if (!*v || strcmp(status, "ok") || (*ov && g_ascii_strtod(ov, NULL) > 0))
			continue;
		x = g_ascii_strtod(v, NULL);
		if (at_least ? x >= a->target_value : x <= a->target_value) {
			g_autoptr(GString) got = g_string_new(NULL);

			if (timed)
				units_time_in(got, (sim_time_t)(x + 0.5), res->time_unit);
			else
				g_string_append(got, v);
			g_printerr(
				"schedlab sweep: target %s %s %s%s%s: met first at point %u (%s): "
				"%s\n",
				f->key, at_least ? ">=" : "<=", want->str,
				a->group ? " for group " : "", a->group ? a->group : "",
				plan->first + i, res->labels[plan->first + i], got->str);
			return;
		}
	}
	g_printerr("schedlab sweep: target %s %s %s%s%s: met at no point (that ran to its end "
		   "and was not overloaded)\n",
		   f->key, at_least ? ">=" : "<=", want->str, a->group ? " for group " : "",
		   a->group ? a->group : "");
}

/*
 * Check before any run that --out can be written: a file name, in a folder
 * that exists or can be created (a job of --emit-jobs may be the first to
 * write there) and that we may write into. False with a message.
 */
static bool out_prepare(const char *path)
{
	g_autoptr(GError) err = NULL;

	if (!outfile_check(path, "--out", &err)) {
		g_printerr("schedlab sweep: %s\n", err->message);
		return false;
	}
	return true;
}

/* Write text to path (report/outfile.h), or to stdout. */
static bool write_out(const char *path, const GString *text)
{
	g_autoptr(GError) err = NULL;

	if (!path)
		return cli_write_stdout(text);
	if (!outfile_save(path, "--out", text->str, text->len, &err)) {
		g_printerr("schedlab sweep: %s\n", err->message);
		return false;
	}
	return true;
}

static const char sweep_description[] =
	"LIST is 1,2,4 or a range 1..16 or 100..1000:100 (both ends included), or a mix\n"
	"(1,2,8..64:8), or @FILE (one value per line). A comma inside parentheses belongs\n"
	"to its value. Braces vary one part of a value and keep the rest:\n"
	"  --vary 'group web.arrival=poisson({100,200,400}/s)'   --vary 'rr.quantum={1..8}ms'\n"
	"Several --vary make a grid of every combination; the first is outermost in the\n"
	"CSV and is the x axis of the charts.\n"
	"\n"
	"Each point runs --reps times with seeds S, S+1, ... (S: --seed, or the scenario's\n"
	"seed) and its CSV row holds the mean and the 95 % confidence half-width (Student's\n"
	"t; empty for one repetition) of each metric. Rows come in point order, the same\n"
	"bytes whatever -j.\n"
	"\n"
	"Beyond one machine (docs/sweep.md): --emit-jobs DIR prints one command per point,\n"
	"each writing DIR/point-K.csv; run them with GNU parallel or a Slurm job array,\n"
	"then the same sweep command with --collect DIR prints the merged CSV.\n"
	"\n"
	"A point the model stops (out of memory, deadlock) is a row with its status and\n"
	"message, and the sweep goes on. --target METRIC=VALUE (e.g. latency_p99_ns=50ms)\n"
	"prints the first point that meets it and draws it on the latency chart, which is\n"
	"on a log scale when its values span two decades (or --log-y) and circles the\n"
	"overloaded points. --group NAME takes the metrics of one group alone.\n"
	"\n"
	"Exit status: 0 success (every point ran or was stopped by the model), 1 schedlab\n"
	"failed (--max-events, the host's memory, an output), 2 bad input (a bad --vary, an\n"
	"invalid point, an unknown --group, an --out, --plot or --emit-jobs that cannot be\n"
	"written, --collect of another sweep's results).";

static void sweep_args_clear(struct sweep_args *a)
{
	cli_scenario_opts_clear(&a->opts);
	g_strfreev(a->varies);
	g_free(a->format);
	g_free(a->plot_dir);
	g_free(a->plot_format);
	g_free(a->out_path);
	g_free(a->emit_dir);
	g_free(a->collect_dir);
	g_free(a->group);
	g_free(a->target);
	g_free(a->reps_text);
	g_free(a->jobs_text);
	g_free(a->point_text);
}

/* Parse argv into a; the exit status (a usage error printed). */
static int parse_args(int *argc, char ***argv, struct sweep_args *a)
{
	GOptionEntry entries[] = {
		{ "vary", 'V', 0, G_OPTION_ARG_FILENAME_ARRAY, &a->varies,
		  "Vary a scenario key over LIST (repeatable: a grid)", "G.K=LIST" },
		{ "reps", 'r', 0, G_OPTION_ARG_FILENAME, &a->reps_text,
		  "Repetitions per point, seeds S..S+R-1 (default 1)", "R" },
		{ "jobs", 'j', 0, G_OPTION_ARG_FILENAME, &a->jobs_text,
		  "Worker threads (default, or 0: one per CPU)", "N" },
		{ "format", 'f', 0, G_OPTION_ARG_FILENAME, &a->format,
		  "Output format: csv (default)", "FMT" },
		{ "out", 'o', 0, G_OPTION_ARG_FILENAME, &a->out_path,
		  "Write the CSV to FILE (written whole, at the end) instead of stdout", "FILE" },
		{ "plot", 0, 0, G_OPTION_ARG_FILENAME, &a->plot_dir,
		  "Write charts (sweep-throughput, sweep-p99) into DIR", "DIR" },
		{ "plot-format", 0, 0, G_OPTION_ARG_FILENAME, &a->plot_format,
		  "Image format of the charts: png (default) or svg", "FMT" },
		{ "emit-jobs", 0, 0, G_OPTION_ARG_FILENAME, &a->emit_dir,
		  "Print one command per point, each writing DIR/point-K.csv", "DIR" },
		{ "collect", 0, 0, G_OPTION_ARG_FILENAME, &a->collect_dir,
		  "Merge DIR/point-K.csv (from --emit-jobs) into the CSV", "DIR" },
		{ "point", 0, 0, G_OPTION_ARG_FILENAME, &a->point_text,
		  "Run only point K (what --emit-jobs' commands do)", "K" },
		{ "group", 0, 0, G_OPTION_ARG_FILENAME, &a->group,
		  "Metrics and charts of this group of the scenario alone", "NAME" },
		{ "target", 0, 0, G_OPTION_ARG_FILENAME, &a->target,
		  "Draw the target line and print the first point that meets it, e.g. "
		  "--target latency_p99_ns=50ms",
		  "METRIC=VALUE" },
		{ "log-y", 0, 0, G_OPTION_ARG_NONE, &a->log_y,
		  "Latency chart on a log scale (default: when its values span two decades)",
		  NULL },
		{ 0 },
	};
	g_autoptr(GOptionContext) ctx =
		g_option_context_new("SCENARIO - run a grid of what-if variations");
	g_autoptr(GError) err = NULL;

	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx, "Run SCENARIO once per point of a grid of --vary values "
					  "and print one CSV row per point.");
	g_option_context_set_description(ctx, sweep_description);
	cli_add_scenario_options(ctx, &a->opts);
	if (!g_option_context_parse(ctx, argc, argv, &err))
		return cli_usage_error("sweep", "%s", err->message);
	if (*argc != 2)
		return cli_usage_error("sweep",
				       "expected one scenario file; see 'schedlab sweep --help'");
	return EXIT_OK;
}

/*
 * --target METRIC=VALUE: a metric of the sweep's CSV and a value in its unit
 * (a duration for times, a size for bytes, a number otherwise). True, or
 * false with a usage error printed.
 */
static bool parse_target(struct sweep_args *a)
{
	const struct summary_field *view[SUMMARY_MAX_FIELDS];
	unsigned nf = summary_view(SUMMARY_VIEW_SWEEP, view);
	const char *eq = strchr(a->target, '=');
	g_autofree char *key = eq ? g_strndup(a->target, (gsize)(eq - a->target)) : NULL;
	g_autoptr(GString) keys = g_string_new(NULL);
	char *end = NULL;
	double v;

	for (unsigned m = 0; m < nf; m++) {
		if (key && !strcmp(view[m]->key, key))
			a->target_field = view[m];
		g_string_append_printf(keys, "%s%s", m ? ", " : "", view[m]->key);
	}
	if (!a->target_field) {
		cli_usage_error("sweep",
				"--target %s: expected METRIC=VALUE with a metric of the CSV: %s",
				a->target, keys->str);
		return false;
	}
	if (a->group && a->target_field->run_only && strcmp(a->target_field->key, "overloaded")) {
		cli_usage_error("sweep",
				"--target %s: %s is the whole run's, not a figure of --group %s "
				"(its column is empty)",
				a->target, a->target_field->key, a->group);
		return false;
	}
	switch (a->target_field->kind) {
	case SUMMARY_NS:
	case SUMMARY_MEAN_NS: {
		g_autoptr(GString) msg = g_string_new(NULL);
		sim_time_t t;

		if (!parse_duration(eq + 1, SIM_MS, SCENARIO_MAX_HORIZON, 0, &t, msg)) {
			cli_usage_error("sweep", "--target %s: %s", a->target, msg->str);
			return false;
		}
		a->target_value = (double)t;
		return true;
	}
	case SUMMARY_BYTES: {
		g_autoptr(GString) msg = g_string_new(NULL);
		uint64_t b;

		if (!parse_size(eq + 1, UINT64_MAX / 2, &b, msg)) {
			cli_usage_error("sweep", "--target %s: %s", a->target, msg->str);
			return false;
		}
		a->target_value = (double)b;
		return true;
	}
	default:
		v = g_ascii_strtod(eq + 1, &end);
		if (end == eq + 1 || *end || !isfinite(v)) {
			cli_usage_error("sweep", "--target %s: '%s' is not a number", a->target,
					eq + 1);
			return false;
		}
		a->target_value = v;
		return true;
	}
}

/* The options that do not need the grid; the exit status (printed). */
static int check_args(struct sweep_args *a)
{
	if (!a->varies || !*a->varies)
		return cli_usage_error("sweep", "at least one --vary G.K=LIST is needed, e.g. "
						"--vary rr.quantum=1,2,4");
	if (a->format && strcmp(a->format, "csv"))
		return cli_usage_error("sweep", "--format %s: a sweep writes csv", a->format);
	guint64 n;

	if (a->reps_text) {
		if (!cli_parse_count(a->reps_text, 1, SWEEP_MAX_REPS, &n))
			return cli_usage_error("sweep", "--reps %s: must be between 1 and %d",
					       a->reps_text, SWEEP_MAX_REPS);
		a->reps = (gint64)n;
	}
	if (a->jobs_text) {
		if (!cli_parse_count(a->jobs_text, 0, 4096, &n))
			return cli_usage_error("sweep",
					       "-j %s: must be between 1 and 4096 (0: one per CPU)",
					       a->jobs_text);
		a->jobs = (gint64)n;
	}
	if (a->plot_format && !plot_format_parse(a->plot_format, &a->popts.format))
		return cli_usage_error("sweep", "--plot-format %s: expected png or svg",
				       a->plot_format);
	if (a->plot_format && !a->plot_dir)
		return cli_usage_error("sweep", "--plot-format is the format of --plot's charts: "
						"give --plot DIR");
	if (a->log_y && !a->plot_dir)
		return cli_usage_error("sweep", "--log-y is the scale of --plot's latency chart: "
						"give --plot DIR");
	a->popts.dir = a->plot_dir;
	a->point = -1;
	if (a->point_text) {
		if (!cli_parse_count(a->point_text, 0, G_MAXINT64, &n))
			return cli_usage_error("sweep",
					       "--point %s: a point's number, counted from 0",
					       a->point_text);
		a->point = (gint64)n;
	}
	if (a->target && !parse_target(a))
		return EXIT_BAD_INPUT;
	if ((a->emit_dir != NULL) + (a->collect_dir != NULL) + (a->point >= 0) > 1)
		return cli_usage_error("sweep", "--emit-jobs, --collect and --point go alone");
	if (a->emit_dir && (a->out_path || a->plot_dir))
		return cli_usage_error("sweep", "--emit-jobs prints the jobs on standard output; "
						"give --out and --plot to --collect");
	if (a->point >= 0 && a->plot_dir)
		return cli_usage_error("sweep", "--point runs one point and draws no chart; give "
						"--plot to --collect");
	return EXIT_OK;
}

/* The grid of the --vary options and the points to run; the exit status (printed). */
static int make_plan(const struct sweep_args *a, const char *path, struct sweep_plan *plan)
{
	GPtrArray *axes = g_ptr_array_new_with_free_func((GDestroyNotify)sweep_axis_free);
	g_autoptr(GError) err = NULL;
	struct sweep_grid *grid;

	for (char **v = a->varies; *v; v++) {
		struct sweep_axis *x = sweep_axis_parse(*v, &err);

		if (!x) {
			g_ptr_array_unref(axes);
			return cli_usage_error("sweep", "%s", err->message);
		}
		g_ptr_array_add(axes, x);
	}
	grid = sweep_grid_new(axes, &err);
	if (!grid)
		return cli_usage_error("sweep", "%s", err->message);
	plan->grid = grid;
	plan->path = path;
	plan->reps = (unsigned)a->reps;
	plan->group = a->group;
	plan->first = a->point >= 0 ? (guint)a->point : 0;
	plan->count = a->point >= 0 ? 1 : grid->npoints;
	if (a->point >= (gint64)grid->npoints)
		return cli_usage_error("sweep",
				       "--point %" G_GINT64_FORMAT ": the grid has points 0 to %u",
				       a->point, grid->npoints - 1);
	if (!cli_scenario_overrides("sweep", &a->opts, &plan->base))
		return EXIT_BAD_INPUT;
	if (!a->emit_dir && !a->collect_dir &&
	    (guint64)plan->count * (guint64)a->reps > SWEEP_MAX_RUNS)
		return cli_usage_error(
			"sweep",
			"%u points x %" G_GINT64_FORMAT " repetitions is more than the %u runs of "
			"one local sweep: use fewer, or spread them with --emit-jobs",
			grid->npoints, a->reps, SWEEP_MAX_RUNS);
	return EXIT_OK;
}

/* --emit-jobs: the commands on stdout, a hint on stderr; the exit status. */
static int emit(const struct sweep_args *a, const struct sweep_plan *plan)
{
	g_autoptr(GString) out = g_string_new(NULL);
	g_autoptr(GError) err = NULL;

	/* refused before the folder is made */
	if (!sweep_emit_jobs(plan, a->opts.seed, a->emit_dir, out, &err)) {
		g_printerr("schedlab sweep: %s\n", err->message);
		return EXIT_BAD_INPUT;
	}
	if (g_mkdir_with_parents(a->emit_dir, 0777) != 0 || !report_dir_writable(a->emit_dir)) {
		g_printerr("schedlab sweep: --emit-jobs %s: cannot create it or write into it: "
			   "%s\n",
			   a->emit_dir, g_strerror(errno));
		return EXIT_BAD_INPUT;
	}
	if (!cli_write_stdout(out))
		return EXIT_SIM_FAILED;
	g_printerr("schedlab sweep: %u jobs; when they are done, merge with the same "
		   "command and --collect %s instead of --emit-jobs\n",
		   plan->grid->npoints, a->emit_dir);
	return EXIT_OK;
}

/* The rows: collected, or run here; the exit status (printed). */
static int make_rows(const struct sweep_args *a, const struct sweep_plan *plan,
		     struct sweep_results *res, const GString *header, GPtrArray *rows)
{
	g_autoptr(GError) err = NULL;
	unsigned workers = a->jobs ? (unsigned)a->jobs : g_get_num_processors();

	if (a->collect_dir) {
		g_autofree char *fp = sweep_fingerprint(plan);

		if (!sweep_collect(plan, a->collect_dir, header->str, res->served, fp, rows,
				   &err)) {
			g_printerr("schedlab sweep: %s\n", err->message);
			return EXIT_BAD_INPUT;
		}
		return EXIT_OK;
	}
	if (!sweep_run(plan, workers, a->point < 0 && isatty(2), res, &err)) {
		g_printerr("schedlab sweep: %s\n", err->message);
		return EXIT_SIM_FAILED;
	}
	for (guint j = 0; j < res->njobs; j++) {
		guint p = plan->first + j / plan->reps;

		if (res->errors[j] && j % plan->reps == 0)
			g_printerr("schedlab sweep: point %u (%s): %s (a row with status %s)\n", p,
				   res->labels[p], res->errors[j], res->status[j]);
	}
	for (guint i = 0; i < plan->count; i++)
		g_ptr_array_add(rows, sweep_row(plan, res, plan->first + i));
	return EXIT_OK;
}

/* Run or collect, then write the CSV and the charts; the exit status. */
static int sweep_output(const struct sweep_args *a, const struct sweep_plan *plan,
			struct sweep_results *res)
{
	g_autoptr(GError) err = NULL;
	GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
	g_autoptr(GString) out = g_string_new(NULL);
	g_autoptr(GString) notes = g_string_new(NULL);
	int status;

	if ((a->out_path && !out_prepare(a->out_path)) ||
	    (a->plot_dir && !plot_prepare(&a->popts, &err))) {
		if (err)
			g_printerr("schedlab sweep: %s\n", err->message);
		g_ptr_array_unref(rows);
		return EXIT_BAD_INPUT;
	}
	sweep_csv_header(plan->grid, res->served, out);
	status = make_rows(a, plan, res, out, rows);
	for (guint i = 0; status == EXIT_OK && i < rows->len; i++)
		sweep_csv_row(rows->pdata[i], out);
	if (status == EXIT_OK && a->point >= 0) {
		/* a job of --emit-jobs: what --collect checks its result against */
		g_autofree char *fp = sweep_fingerprint(plan);
		g_autofree char *line = g_strdup_printf("# %s\n", fp);

		g_string_prepend(out, line);
	}
	if (status == EXIT_OK && !write_out(a->out_path, out))
		status = EXIT_SIM_FAILED;
	if (status == EXIT_OK && a->target && a->point < 0)
		print_target(a, plan, res, rows);
	if (status == EXIT_OK && a->plot_dir && a->point < 0) {
		if (sweep_plot(a, plan->grid, res->served, rows, res->scenario, res->time_unit,
			       plan->reps, &a->popts, notes, &err))
			g_printerr("%s", notes->str);
		else {
			g_printerr("schedlab sweep: %s\n", err->message);
			status = EXIT_SIM_FAILED;
		}
	}
	g_ptr_array_unref(rows);
	return status;
}

int cmd_sweep(int argc, char **argv)
{
	struct sweep_args a = { .reps = 1, .point = -1, .popts.format = PLOT_PNG };
	struct sweep_plan plan = { 0 };
	struct sweep_results res = { 0 };
	g_autoptr(GError) err = NULL;
	int status = parse_args(&argc, &argv, &a);

	if (status == EXIT_OK)
		status = check_args(&a);
	if (status == EXIT_OK)
		status = make_plan(&a, argv[1], &plan);
	if (status != EXIT_OK)
		goto out;
	/* check every point that will run (or be emitted), and note its seed */
	if (!sweep_prepare(&plan, a.collect_dir != NULL, &res, &err)) {
		g_printerr("schedlab sweep: %s\n", err->message);
		status = EXIT_BAD_INPUT;
	} else if (a.target_field && a.target_field->served_only && !res.served) {
		/* the request metrics are columns only when the scenario serves requests */
		cli_usage_error("sweep",
				"--target %s: the scenario serves no requests (no group has serve)",
				a.target);
		status = EXIT_BAD_INPUT;
	} else if (a.emit_dir) {
		status = emit(&a, &plan);
	} else {
		status = sweep_output(&a, &plan, &res);
	}
out:
	sweep_results_clear(&res);
	sweep_grid_free((struct sweep_grid *)plan.grid);
	sweep_args_clear(&a);
	return status;
}
