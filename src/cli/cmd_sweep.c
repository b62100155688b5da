/*
 * cmd_sweep.c - `schedlab sweep SCENARIO --vary G.K=LIST ...`: a grid of
 * independent runs, one CSV row per point.
 *
 * Locally, each (point, repetition) is one job for a pool of -j worker
 * threads; every job loads its own scenario and runs its own sim (neither
 * holds global state), and stores its summary at the job's index. Rows are
 * formatted after all jobs are done, in point order, so the CSV never
 * depends on -j or on which worker finished first. Repetition r runs with
 * seed = the point's seed (the scenario's, or --seed) + r.
 *
 * Beyond one machine: --emit-jobs DIR prints one self-contained command per
 * point (this program with `--point K --out DIR/point-K.csv`), for GNU
 * parallel or a Slurm job array; --collect DIR, with the same scenario and
 * --vary, checks and merges those files into the same CSV (byte for byte)
 * and charts. docs/sweep.md has the recipes.
 *
 * Exit status: 2 for a bad --vary, a point whose scenario is invalid
 * (named), or an --out, --plot or --emit-jobs target that cannot be written
 * (all found before the first run); 1 when a run fails (out of memory,
 * deadlock; named) or the output cannot be written at the end.
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "report/plot.h"
#include "report/report.h"
#include "scenario/scenario.h"
#include "sched/sched.h"
#include "sweep/sweep.h"

#define SWEEP_MAX_REPS 1000
/*
 * Runs of one local sweep (points x repetitions): each keeps its summary
 * until the rows are written, about 200 bytes. A larger grid goes through
 * --emit-jobs, where one job is one point.
 */
#define SWEEP_MAX_RUNS 1000000u

/* The metrics of a row: a mean and a 95 % half-width each. */
static const struct metric {
	const char *name;
	const char *fmt; /* for g_ascii_formatd */
} metrics[] = {
	{ "throughput_per_s", "%.6f" }, { "avg_turnaround_ns", "%.1f" },
	{ "avg_waiting_ns", "%.1f" },	{ "avg_response_ns", "%.1f" },
	{ "latency_p50_ns", "%.1f" },	{ "latency_p90_ns", "%.1f" },
	{ "latency_p99_ns", "%.1f" },	{ "latency_max_ns", "%.1f" },
	{ "cpu_utilization", "%.6f" },	{ "context_switches", "%.1f" },
};
enum { M_THROUGHPUT = 0, M_P99 = 6, NMETRICS = G_N_ELEMENTS(metrics) };

static void metric_values(const struct summary *s, double *v)
{
	v[0] = s->throughput_per_s;
	v[1] = s->avg_turnaround_ns;
	v[2] = s->avg_waiting_ns;
	v[3] = s->avg_response_ns;
	v[4] = (double)s->p50;
	v[5] = (double)s->p90;
	v[6] = (double)s->p99;
	v[7] = (double)s->max;
	v[8] = s->cpu_utilization;
	v[9] = (double)s->context_switches;
}

struct point_info {
	guint64 seed; /* of repetition 0 */
	char *label;  /* "rr.quantum=4, scenario.cpus=2" */
};

struct sweep_ctx {
	const char *path;
	const struct scenario_opts *opts;
	const struct sweep_grid *grid;
	unsigned reps;
	struct point_info *points; /* by point */
	guint first, count;	   /* the points to run: all, or --point K */
	/* per job (point - first) * reps + r */
	struct summary *results;
	char **errors;
	GMutex lock;
	GCond cond;
	guint done;
};

/* --set list: the user's --set, then the point's values. */
static char **point_sets(const struct sweep_grid *g, const struct scenario_opts *opts, guint p)
{
	GPtrArray *sets = g_ptr_array_new();

	for (char **s = opts->sets; s && *s; s++)
		g_ptr_array_add(sets, g_strdup(*s));
	for (guint a = 0; a < g->axes->len; a++)
		g_ptr_array_add(sets, sweep_grid_set(g, p, a));
	g_ptr_array_add(sets, NULL);
	return (char **)g_ptr_array_free(sets, FALSE);
}

static struct scenario *load_point(const char *path, const struct scenario_opts *opts,
				   const struct sweep_grid *g, guint p, bool has_seed, guint64 seed,
				   GError **error)
{
	g_auto(GStrv) sets = point_sets(g, opts, p);
	struct scenario_overrides ov = {
		.policy = opts->policy,
		.model = opts->model,
		.cpus = opts->cpus,
		.has_seed = has_seed,
		.seed = seed,
		.sets = (const char *const *)sets,
	};

	return scenario_load(path, &ov, error);
}

static void run_job(gpointer data, gpointer user)
{
	struct sweep_ctx *x = user;
	guint job = GPOINTER_TO_UINT(data) - 1;
	guint p = x->first + job / x->reps, r = job % x->reps;
	g_autoptr(GError) err = NULL;
	struct scenario *sc;
	struct sim *sim = NULL;

	sc = load_point(x->path, x->opts, x->grid, p, true, x->points[p].seed + r, &err);
	if (sc)
		sim = sim_new(sc, NULL, &err);
	if (sim && sim_run(sim, &err)) {
		struct run_result res = { 0 };

		sim_result(sim, &res);
		summary_compute(&res, &x->results[job]);
		run_result_clear(&res);
	} else {
		x->errors[job] = g_strdup(err ? err->message : "the run failed");
	}
	sim_free(sim);
	if (sc)
		scenario_free(sc);
	g_mutex_lock(&x->lock);
	x->done++;
	g_cond_signal(&x->cond);
	g_mutex_unlock(&x->lock);
}

static void draw_bar(guint done, guint total, unsigned workers, bool last)
{
	enum { WIDTH = 40 };
	char bar[WIDTH + 1];
	guint fill = total ? (guint)((guint64)done * WIDTH / total) : WIDTH;

	memset(bar, '#', fill);
	memset(bar + fill, '-', WIDTH - fill);
	bar[WIDTH] = '\0';
	fprintf(stderr, "\rsweep [%s] %u/%u runs, %u worker%s%s", bar, done, total, workers,
		workers == 1 ? "" : "s", last ? "\n" : "");
	fflush(stderr);
}

/* Run the jobs on `workers` threads; the bar on stderr when it is a terminal. */
static void run_all(struct sweep_ctx *x, unsigned workers, bool bar)
{
	guint total = x->count * x->reps;
	GThreadPool *pool;

	if (workers > total)
		workers = total ? total : 1;
	pool = g_thread_pool_new(run_job, x, (gint)workers, FALSE, NULL);
	for (guint j = 0; j < total; j++)
		g_thread_pool_push(pool, GUINT_TO_POINTER(j + 1), NULL);
	g_mutex_lock(&x->lock);
	while (x->done < total) {
		gint64 until = g_get_monotonic_time() + G_TIME_SPAN_SECOND / 10;

		if (bar)
			draw_bar(x->done, total, workers, false);
		g_cond_wait_until(&x->cond, &x->lock, until);
	}
	g_mutex_unlock(&x->lock);
	if (bar)
		draw_bar(total, total, workers, true);
	g_thread_pool_free(pool, FALSE, TRUE);
}

/* ------------------------------------------------------------- CSV */

static void csv_header(const struct sweep_grid *g, GString *out)
{
	g_string_append(out, "point");
	for (guint a = 0; a < g->axes->len; a++) {
		g_string_append_c(out, ',');
		report_csv_field(out, ((const struct sweep_axis *)g->axes->pdata[a])->key);
	}
	g_string_append(out, ",reps");
	for (guint m = 0; m < NMETRICS; m++)
		g_string_append_printf(out, ",%s_mean,%s_ci95", metrics[m].name, metrics[m].name);
	g_string_append_c(out, '\n');
}

/* Split one CSV line into fields (RFC 4180 quoting); NULL if malformed. */
static GPtrArray *csv_split(const char *line)
{
	GPtrArray *f = g_ptr_array_new_with_free_func(g_free);
	GString *cur = g_string_new(NULL);
	const char *s = line;

	for (;;) {
		g_string_truncate(cur, 0);
		if (*s == '"') {
			for (s++;; s++) {
				if (!*s)
					goto bad;
				if (*s == '"') {
					if (s[1] != '"')
						break;
					s++;
				}
				g_string_append_c(cur, *s);
			}
			s++;
		} else {
			while (*s && *s != ',')
				g_string_append_c(cur, *s++);
		}
		g_ptr_array_add(f, g_strdup(cur->str));
		if (!*s)
			break;
		if (*s != ',')
			goto bad;
		s++;
	}
	g_string_free(cur, TRUE);
	return f;
bad:
	g_string_free(cur, TRUE);
	g_ptr_array_unref(f);
	return NULL;
}

/* A row's fields: point, values, reps, then mean and ci of each metric. */
static GPtrArray *row_fields(const struct sweep_ctx *x, guint p)
{
	GPtrArray *f = g_ptr_array_new_with_free_func(g_free);
	double *v = g_new(double, (gsize)x->reps *NMETRICS);
	double *col = g_new(double, x->reps);

	g_ptr_array_add(f, g_strdup_printf("%u", p));
	for (guint a = 0; a < x->grid->axes->len; a++)
		g_ptr_array_add(f, sweep_grid_value(x->grid, p, a));
	g_ptr_array_add(f, g_strdup_printf("%u", x->reps));
	for (unsigned r = 0; r < x->reps; r++)
		metric_values(&x->results[(p - x->first) * x->reps + r], v + (gsize)r * NMETRICS);
	for (guint m = 0; m < NMETRICS; m++) {
		char buf[G_ASCII_DTOSTR_BUF_SIZE];
		struct sweep_stat st;

		for (unsigned r = 0; r < x->reps; r++)
			col[r] = v[(gsize)r * NMETRICS + m];
		sweep_stat(col, x->reps, &st);
		g_ptr_array_add(
			f, g_strdup(g_ascii_formatd(buf, sizeof(buf), metrics[m].fmt, st.mean)));
		g_ptr_array_add(f, x->reps > 1 ? g_strdup(g_ascii_formatd(buf, sizeof(buf),
									  metrics[m].fmt, st.half))
					       : g_strdup(""));
	}
	g_free(v);
	g_free(col);
	return f;
}

static void csv_row(const GPtrArray *f, GString *out)
{
	for (guint i = 0; i < f->len; i++) {
		if (i)
			g_string_append_c(out, ',');
		report_csv_field(out, f->pdata[i]);
	}
	g_string_append_c(out, '\n');
}

/* ----------------------------------------------------------- plots */

static bool sweep_plot(const struct sweep_grid *g, GPtrArray *rows, const char *scenario,
		       sim_time_t unit, unsigned reps, const struct plot_opts *o, GString *msg,
		       GError **error)
{
	const struct sweep_axis *x0 = g->axes->pdata[0];
	guint nx = x0->items->len, ncurves = g->npoints / nx, vcol = 1 + g->axes->len + 1;
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
	};
	g_autofree char *xlabel =
		*x0->prefix || *x0->suffix
			? g_strdup_printf("%s = %s{x}%s", x0->key, x0->prefix, x0->suffix)
			: g_strdup(x0->key);
	bool ok;

	s.xkey = xlabel;
	for (guint c = 0; c < ncurves; c++) {
		GString *t = g_string_new(NULL);

		/* point (x i, curve c) = i * ncurves + c: the first axis is outermost */
		for (guint a = 1; a < g->axes->len; a++) {
			g_autofree char *v = sweep_grid_value(g, c, a);

			g_string_append_printf(t, "%s%s=%s", a > 1 ? ", " : "",
					       ((const struct sweep_axis *)g->axes->pdata[a])->key,
					       v);
		}
		curves[c] = g_string_free(t, FALSE);
		for (guint i = 0; i < nx; i++) {
			GPtrArray *f = rows->pdata[i * ncurves + c];

			cells[c * nx + i] = (struct plot_sweep_point){
				.thr_mean = f->pdata[vcol + 2 * M_THROUGHPUT],
				.thr_ci = f->pdata[vcol + 2 * M_THROUGHPUT + 1],
				.p99_mean = f->pdata[vcol + 2 * M_P99],
				.p99_ci = f->pdata[vcol + 2 * M_P99 + 1],
			};
		}
	}
	s.curves = (const char *const *)curves;
	ok = plot_sweep(&s, o, msg, error);
	g_strfreev(curves);
	g_free(cells);
	return ok;
}

/* ------------------------------------------------------- emit, collect */

static char *abs_path(const char *p)
{
	g_autofree char *cwd = NULL;

	if (g_path_is_absolute(p))
		return g_canonicalize_filename(p, NULL);
	cwd = g_get_current_dir();
	return g_canonicalize_filename(p, cwd);
}

static char *self_path(void)
{
	char *p = g_file_read_link("/proc/self/exe", NULL);

	return p ? p : g_strdup("schedlab");
}

/* --vary spec with an @FILE made absolute, so that the job runs anywhere. */
static char *portable_spec(const struct sweep_axis *a)
{
	const char *eq = strchr(a->spec, '=');
	const char *at = strchr(eq, '@');
	g_autofree char *file = NULL, *abs = NULL, *head = NULL;
	const char *close;

	if (!at)
		return g_strdup(a->spec);
	close = strchr(at, '}');
	file = close ? g_strndup(at + 1, (gsize)(close - at - 1)) : g_strdup(at + 1);
	abs = abs_path(file);
	head = g_strndup(a->spec, (gsize)(at - a->spec) + 1);
	return g_strconcat(head, abs, close ? close : "", NULL);
}

static void emit_jobs(const char *path, const struct scenario_opts *opts,
		      const struct sweep_grid *g, unsigned reps, const char *dir, GString *out)
{
	g_autofree char *self = self_path();
	g_autofree char *scen = abs_path(path);
	g_autofree char *adir = abs_path(dir);
	GString *common = g_string_new(NULL);

#define ARG(s)                                                                                     \
	do {                                                                                       \
		g_autofree char *q_ = g_shell_quote(s);                                            \
		g_string_append_printf(common, " %s", q_);                                         \
	} while (0)
	ARG(self);
	g_string_append(common, " sweep");
	ARG(scen);
	for (guint a = 0; a < g->axes->len; a++) {
		g_autofree char *spec = portable_spec(g->axes->pdata[a]);

		g_string_append(common, " --vary");
		ARG(spec);
	}
	if (opts->policy) {
		g_string_append(common, " --policy");
		ARG(opts->policy);
	}
	if (opts->model) {
		g_autofree char *m = g_file_test(opts->model, G_FILE_TEST_IS_REGULAR)
					     ? abs_path(opts->model)
					     : g_strdup(opts->model);

		g_string_append(common, " --model");
		ARG(m);
	}
	if (opts->cpus)
		g_string_append_printf(common, " --cpus %" G_GINT64_FORMAT, opts->cpus);
	if (opts->seed) {
		g_string_append(common, " --seed");
		ARG(opts->seed);
	}
	for (char **s = opts->sets; s && *s; s++) {
		g_string_append(common, " --set");
		ARG(*s);
	}
	g_string_append_printf(common, " --reps %u -j 1", reps);
	for (guint p = 0; p < g->npoints; p++) {
		g_autofree char *file = g_strdup_printf("%s/point-%u.csv", adir, p);
		g_autofree char *qfile = g_shell_quote(file);

		g_string_append_printf(out, "%s --point %u --out %s #", common->str + 1, p, qfile);
		for (guint a = 0; a < g->axes->len; a++) {
			g_autofree char *set = sweep_grid_set(g, p, a);

			/* a comment for people: newlines could not be in it anyway */
			g_strdelimit(set, "\n\r", ' ');
			g_string_append_printf(out, " %s", set);
		}
		g_string_append_c(out, '\n');
	}
#undef ARG
	g_string_free(common, TRUE);
}

/* Read DIR/point-K.csv for every point into rows; false with a message. */
static bool collect(const struct sweep_grid *g, unsigned reps, const char *dir, const char *header,
		    GPtrArray *rows, GError **error)
{
	g_autofree char *reps_s = g_strdup_printf("%u", reps);
	guint missing = 0;
	GString *which;

	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
			    "--collect %s: no such folder; give the DIR of --emit-jobs", dir);
		return false;
	}
	which = g_string_new(NULL);

	for (guint p = 0; p < g->npoints; p++) {
		g_autofree char *file = g_strdup_printf("%s/point-%u.csv", dir, p);
		g_autofree char *text = NULL;
		char *nl;
		GPtrArray *f;

		if (!g_file_get_contents(file, &text, NULL, NULL)) {
			if (missing++ < 5)
				g_string_append_printf(which, " %u", p);
			continue;
		}
		nl = strchr(text, '\n');
		if (!nl || strncmp(text, header, strlen(header)) != 0 ||
		    !(f = csv_split(g_strchomp(nl + 1))) ||
		    f->len != 1 + g->axes->len + 1 + 2 * NMETRICS) {
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
				    "--collect: %s is not the output of this sweep's point %u "
				    "(another sweep, or a damaged file?)",
				    file, p);
			g_string_free(which, TRUE);
			return false;
		}
		for (guint a = 0; a < g->axes->len; a++) {
			g_autofree char *v = sweep_grid_value(g, p, a);
			g_autofree char *idx = g_strdup_printf("%u", p);

			if (strcmp(f->pdata[0], idx) || strcmp(f->pdata[1 + a], v)) {
				g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
					    "--collect: %s holds point %s with %s=%s, not point %u "
					    "with %s=%s: was it made by another sweep?",
					    file, (char *)f->pdata[0],
					    ((const struct sweep_axis *)g->axes->pdata[a])->key,
					    (char *)f->pdata[1 + a], p,
					    ((const struct sweep_axis *)g->axes->pdata[a])->key, v);
				g_ptr_array_unref(f);
				g_string_free(which, TRUE);
				return false;
			}
		}
		if (strcmp(f->pdata[1 + g->axes->len], reps_s)) {
			g_set_error(
				error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
				"--collect: %s holds %s repetitions of point %u, not --reps %u: "
				"collect with the --reps of --emit-jobs",
				file, (char *)f->pdata[1 + g->axes->len], p, reps);
			g_ptr_array_unref(f);
			g_string_free(which, TRUE);
			return false;
		}
		g_ptr_array_add(rows, f);
	}
	if (missing) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
			    "--collect: %u of the %u points have no file in %s (points%s%s); "
			    "run their jobs first",
			    missing, g->npoints, dir, which->str, missing > 5 ? " ..." : "");
		g_string_free(which, TRUE);
		return false;
	}
	g_string_free(which, TRUE);
	return true;
}

/*
 * Check before any run that --out can be written: a file name, in a folder
 * that exists or can be created (a job of --emit-jobs may be the first to
 * write there) and that we may write into. False with a message.
 */
static bool out_prepare(const char *path)
{
	g_autofree char *dir = NULL;

	if (!*path || g_str_has_suffix(path, G_DIR_SEPARATOR_S) ||
	    g_file_test(path, G_FILE_TEST_IS_DIR)) {
		g_printerr("schedlab sweep: --out '%s': expected a file name such as "
			   "sweep.csv, not a folder\n",
			   path);
		return false;
	}
	dir = g_path_get_dirname(path);
	if (g_mkdir_with_parents(dir, 0777) != 0) {
		g_printerr("schedlab sweep: --out %s: cannot create the folder %s: %s\n", path, dir,
			   g_strerror(errno));
		return false;
	}
	if (!report_dir_writable(dir)) {
		g_printerr("schedlab sweep: --out %s: cannot write into %s: %s\n", path, dir,
			   g_strerror(errno));
		return false;
	}
	return true;
}

/* Write text to path through a temporary file, or to stdout. */
static bool write_out(const char *path, const GString *text)
{
	g_autoptr(GError) err = NULL;

	if (!path)
		return cli_write_stdout(text);
	if (!g_file_set_contents(path, text->str, (gssize)text->len, &err)) {
		g_printerr("schedlab sweep: --out %s: %s\n", path, err->message);
		return false;
	}
	return true;
}

/* -------------------------------------------------------------- main */

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
	"Exit status: 0 success, 1 a run failed, 2 bad input (a bad --vary, an invalid point,\n"
	"an --out, --plot or --emit-jobs that cannot be written).";

int cmd_sweep(int argc, char **argv)
{
	struct scenario_opts opts = { 0 };
	g_auto(GStrv) varies = NULL;
	g_autofree char *format_s = NULL, *plot_dir = NULL, *plot_format_s = NULL;
	g_autofree char *out_path = NULL, *emit_dir = NULL, *collect_dir = NULL;
	gint64 reps = 1, jobs = 0, point = G_MININT64; /* G_MININT64: no --point */
	GOptionEntry entries[] = {
		{ "vary", 'V', 0, G_OPTION_ARG_STRING_ARRAY, &varies,
		  "Vary a scenario key over LIST (repeatable: a grid)", "G.K=LIST" },
		{ "reps", 'r', 0, G_OPTION_ARG_INT64, &reps,
		  "Repetitions per point, seeds S..S+R-1 (default 1)", "R" },
		{ "jobs", 'j', 0, G_OPTION_ARG_INT64, &jobs,
		  "Worker threads (default, or 0: one per CPU)", "N" },
		{ "format", 'f', 0, G_OPTION_ARG_STRING, &format_s, "Output format: csv (default)",
		  "FMT" },
		{ "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_path,
		  "Write the CSV to FILE (written whole, at the end) instead of stdout", "FILE" },
		{ "plot", 0, 0, G_OPTION_ARG_FILENAME, &plot_dir,
		  "Write charts (sweep-throughput, sweep-p99) into DIR", "DIR" },
		{ "plot-format", 0, 0, G_OPTION_ARG_STRING, &plot_format_s,
		  "Image format of the charts: png (default) or svg", "FMT" },
		{ "emit-jobs", 0, 0, G_OPTION_ARG_FILENAME, &emit_dir,
		  "Print one command per point, each writing DIR/point-K.csv", "DIR" },
		{ "collect", 0, 0, G_OPTION_ARG_FILENAME, &collect_dir,
		  "Merge DIR/point-K.csv (from --emit-jobs) into the CSV", "DIR" },
		{ "point", 0, 0, G_OPTION_ARG_INT64, &point,
		  "Run only point K (what --emit-jobs' commands do)", "K" },
		{ 0 },
	};
	g_autoptr(GOptionContext) ctx =
		g_option_context_new("SCENARIO - run a grid of what-if variations");
	g_autoptr(GError) err = NULL;
	struct plot_opts popts = { .format = PLOT_PNG };
	struct sweep_grid *grid = NULL;
	struct sweep_ctx x = { 0 };
	GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
	GString *out = g_string_new(NULL), *notes = g_string_new(NULL);
	g_autofree char *scen_name = NULL;
	sim_time_t unit = SIM_MS;
	int status = EXIT_OK;

	g_mutex_init(&x.lock);
	g_cond_init(&x.cond);
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx, "Run SCENARIO once per point of a grid of --vary values "
					  "and print one CSV row per point.");
	g_option_context_set_description(ctx, sweep_description);
	cli_add_scenario_options(ctx, &opts);
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		status = cli_usage_error("sweep", "%s", err->message);
		goto out;
	}
	if (argc != 2) {
		status = cli_usage_error("sweep",
					 "expected one scenario file; see 'schedlab sweep --help'");
		goto out;
	}
	if (!varies || !*varies) {
		status = cli_usage_error("sweep", "at least one --vary G.K=LIST is needed, e.g. "
						  "--vary rr.quantum=1,2,4");
		goto out;
	}
	if (format_s && strcmp(format_s, "csv")) {
		status = cli_usage_error("sweep", "--format %s: a sweep writes csv", format_s);
		goto out;
	}
	if (reps < 1 || reps > SWEEP_MAX_REPS) {
		status = cli_usage_error("sweep",
					 "--reps %" G_GINT64_FORMAT ": must be between 1 and %d",
					 reps, SWEEP_MAX_REPS);
		goto out;
	}
	if (jobs < 0 || jobs > 4096) {
		status = cli_usage_error("sweep",
					 "-j %" G_GINT64_FORMAT
					 ": must be between 1 and 4096 (0: one per CPU)",
					 jobs);
		goto out;
	}
	if (!jobs)
		jobs = g_get_num_processors();
	if (plot_format_s && !plot_format_parse(plot_format_s, &popts.format)) {
		status = cli_usage_error("sweep", "--plot-format %s: expected png or svg",
					 plot_format_s);
		goto out;
	}
	popts.dir = plot_dir;
	if (point != G_MININT64 && point < 0) {
		status = cli_usage_error(
			"sweep", "--point %" G_GINT64_FORMAT ": points count from 0", point);
		goto out;
	}
	if (point == G_MININT64)
		point = -1;
	if ((emit_dir != NULL) + (collect_dir != NULL) + (point >= 0) > 1) {
		status = cli_usage_error("sweep", "--emit-jobs, --collect and --point go alone");
		goto out;
	}
	if (emit_dir && (out_path || plot_dir)) {
		status = cli_usage_error("sweep", "--emit-jobs prints the jobs on standard output; "
						  "give --out and --plot to --collect");
		goto out;
	}
	if (point >= 0 && plot_dir) {
		status = cli_usage_error("sweep", "--point runs one point and draws no chart; give "
						  "--plot to --collect");
		goto out;
	}
	{
		GPtrArray *axes = g_ptr_array_new_with_free_func((GDestroyNotify)sweep_axis_free);

		for (char **v = varies; *v; v++) {
			struct sweep_axis *a = sweep_axis_parse(*v, &err);

			if (!a) {
				g_ptr_array_unref(axes);
				status = cli_usage_error("sweep", "%s", err->message);
				goto out;
			}
			g_ptr_array_add(axes, a);
		}
		grid = sweep_grid_new(axes, &err);
		if (!grid) {
			status = cli_usage_error("sweep", "%s", err->message);
			goto out;
		}
	}
	if (point >= (gint64)grid->npoints) {
		status = cli_usage_error(
			"sweep", "--point %" G_GINT64_FORMAT ": the grid has points 0 to %u", point,
			grid->npoints - 1);
		goto out;
	}
	if (opts.seed) {
		guint64 s;

		if (!g_ascii_string_to_unsigned(opts.seed, 10, 0, G_MAXUINT64, &s, NULL)) {
			status = cli_usage_error(
				"sweep", "--seed %s: not an unsigned 64-bit integer", opts.seed);
			goto out;
		}
	}
	if (opts.cpus < 0 || opts.cpus > SCENARIO_MAX_CPUS) {
		status = cli_usage_error("sweep",
					 "--cpus %" G_GINT64_FORMAT ": must be between 1 and %u",
					 opts.cpus, SCENARIO_MAX_CPUS);
		goto out;
	}

	if (!emit_dir && !collect_dir &&
	    (guint64)(point >= 0 ? 1 : grid->npoints) * (guint64)reps > SWEEP_MAX_RUNS) {
		status = cli_usage_error(
			"sweep",
			"%u points x %" G_GINT64_FORMAT " repetitions is more than the %u runs of "
			"one local sweep: use fewer, or spread them with --emit-jobs",
			grid->npoints, reps, SWEEP_MAX_RUNS);
		goto out;
	}

	/* Check every point that will run (or be emitted); note its seed. */
	x.path = argv[1];
	x.opts = &opts;
	x.grid = grid;
	x.reps = (unsigned)reps;
	x.points = g_new0(struct point_info, grid->npoints);
	x.first = point >= 0 ? (guint)point : 0;
	x.count = point >= 0 ? 1 : grid->npoints;
	for (guint p = 0; p < grid->npoints; p++) {
		GString *label = g_string_new(NULL);

		for (guint a = 0; a < grid->axes->len; a++) {
			g_autofree char *set = sweep_grid_set(grid, p, a);

			g_string_append_printf(label, "%s%s", a ? ", " : "", set);
		}
		x.points[p].label = g_string_free(label, FALSE);
	}
	for (guint p = 0; p < grid->npoints; p++) {
		guint64 seed = 0;
		struct scenario *sc;

		if ((point >= 0 && p != x.first) || (collect_dir && p > 0))
			continue;
		if (opts.seed)
			g_ascii_string_to_unsigned(opts.seed, 10, 0, G_MAXUINT64, &seed, NULL);
		sc = load_point(argv[1], &opts, grid, p, false, 0, &err);
		if (!sc) {
			g_printerr("schedlab sweep: point %u (%s): %s\n", p, x.points[p].label,
				   err->message);
			status = EXIT_BAD_INPUT;
			goto out;
		}
		x.points[p].seed = opts.seed ? seed : sc->seed;
		if (!scen_name) {
			scen_name = g_strdup(sc->name);
			unit = sc->time_unit;
		}
		scenario_free(sc);
	}

	if (emit_dir) {
		if (g_mkdir_with_parents(emit_dir, 0777) != 0 || !report_dir_writable(emit_dir)) {
			g_printerr("schedlab sweep: --emit-jobs %s: cannot create it or write into "
				   "it: %s\n",
				   emit_dir, g_strerror(errno));
			status = EXIT_BAD_INPUT;
			goto out;
		}
		emit_jobs(argv[1], &opts, grid, x.reps, emit_dir, out);
		if (!cli_write_stdout(out))
			status = EXIT_SIM_FAILED;
		g_printerr("schedlab sweep: %u jobs; when they are done, merge with the same "
			   "command and --collect %s instead of --emit-jobs\n",
			   grid->npoints, emit_dir);
		goto out;
	}
	if ((out_path && !out_prepare(out_path)) || (plot_dir && !plot_prepare(&popts, &err))) {
		if (err)
			g_printerr("schedlab sweep: %s\n", err->message);
		status = EXIT_BAD_INPUT;
		goto out;
	}
	csv_header(grid, out);
	if (collect_dir) {
		if (!collect(grid, x.reps, collect_dir, out->str, rows, &err)) {
			g_printerr("schedlab sweep: %s\n", err->message);
			status = EXIT_BAD_INPUT;
			goto out;
		}
	} else {
		guint total = x.count * x.reps;

		x.results = g_new0(struct summary, total);
		x.errors = g_new0(char *, total + 1);
		run_all(&x, (unsigned)jobs, point < 0 && isatty(2));
		for (guint j = 0; j < total; j++) {
			if (x.errors[j]) {
				guint p = x.first + j / x.reps;

				g_printerr("schedlab sweep: point %u (%s), repetition %u (seed "
					   "%" G_GUINT64_FORMAT "): %s\n",
					   p, x.points[p].label, j % x.reps,
					   x.points[p].seed + j % x.reps, x.errors[j]);
				status = EXIT_SIM_FAILED;
				goto out;
			}
		}
		for (guint i = 0; i < x.count; i++)
			g_ptr_array_add(rows, row_fields(&x, x.first + i));
	}
	for (guint i = 0; i < rows->len; i++)
		csv_row(rows->pdata[i], out);
	if (!write_out(out_path, out)) {
		status = EXIT_SIM_FAILED;
		goto out;
	}
	if (plot_dir && point < 0) {
		if (!sweep_plot(grid, rows, scen_name, unit, x.reps, &popts, notes, &err)) {
			g_printerr("schedlab sweep: %s\n", err->message);
			status = EXIT_SIM_FAILED;
			goto out;
		}
		g_printerr("%s", notes->str);
	}
out:
	if (x.points)
		for (guint p = 0; p < grid->npoints; p++)
			g_free(x.points[p].label);
	g_free(x.points);
	for (guint j = 0; x.errors && j < x.count * x.reps; j++)
		g_free(x.errors[j]);
	g_free(x.errors);
	g_free(x.results);
	g_mutex_clear(&x.lock);
	g_cond_clear(&x.cond);
	sweep_grid_free(grid);
	g_ptr_array_unref(rows);
	g_string_free(out, TRUE);
	g_string_free(notes, TRUE);
	cli_scenario_opts_clear(&opts);
	return status;
}
