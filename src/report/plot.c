/*
 * plot.c - data files, gnuplot scripts and rendering (plot.h).
 *
 * Every script starts with `reset` and sets everything it needs, so that
 * `gnuplot *.gp` renders a whole folder in one session. Data files hold
 * integers or numbers formatted with fixed decimals through g_ascii_formatd,
 * never locale-dependent text, and come in a fixed order: the same run gives
 * the same bytes. Only the images may differ between gnuplot versions.
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/units.h"
#include "report/outfile.h"
#include "report/plot.h"
#include "report/runs.h"
#include "report/timeseries.h"

#define PLOT_WIDTH	 1000
#define PLOT_HEIGHT	 600
#define GANTT_PLOT_WIDTH 1200
#define GANTT_AREA_PX	 1050 /* about the width of the Gantt chart's plot area */
#define CDF_MAX_POINTS	 2000 /* the CDF is drawn through at most this many ranks */
#define GANTT_KEY_MAX	 24   /* a key names the tasks' colours up to this many tasks */

bool plot_format_parse(const char *s, enum plot_format *f)
{
	if (!strcmp(s, "png"))
		*f = PLOT_PNG;
	else if (!strcmp(s, "svg"))
		*f = PLOT_SVG;
	else
		return false;
	return true;
}

void plot_size(const char *chart, uint32_t ncpus, unsigned *width, unsigned *height)
{
	if (!strcmp(chart, "gantt")) {
		*width = GANTT_PLOT_WIDTH;
		*height = CLAMP(200 + 40 * MIN(ncpus, 100u), 400u, 2400u);
	} else {
		*width = PLOT_WIDTH;
		*height = PLOT_HEIGHT;
	}
}

/* ----------------------------------------------------------- the files */

/* A chart being written: its preamble variables, then the template. */
struct chart {
	const char *name;
	GString *gp;
};

static const char *template_text(const char *name)
{
	for (const struct plot_template *t = plot_templates; t->name; t++)
		if (!strcmp(t->name, name))
			return t->text;
	g_error("no plot template '%s'", name); /* a build error: plots/ and the list */
	return NULL;
}

/* A gnuplot string in single quotes, where only ' needs escaping (as ''). */
static void gp_quote(GString *s, const char *text)
{
	g_string_append_c(s, '\'');
	for (; *text; text++) {
		if (*text == '\'')
			g_string_append_c(s, '\'');
		if ((unsigned char)*text >= 0x20)
			g_string_append_c(s, *text);
	}
	g_string_append_c(s, '\'');
}

static void gp_var(struct chart *c, const char *var, const char *text)
{
	g_string_append_printf(c->gp, "%s = ", var);
	gp_quote(c->gp, text);
	g_string_append_c(c->gp, '\n');
}

static void chart_begin(struct chart *c, const char *name, const char *title, uint32_t ncpus,
			const struct plot_opts *o)
{
	unsigned w, h;
	const char *ext = o->format == PLOT_SVG ? "svg" : "png";
	g_autofree char *out = g_strdup_printf("%s.%s", name, ext);
	g_autofree char *dat = g_strdup_printf("%s.dat", name);

	plot_size(name, ncpus, &w, &h);
	c->name = name;
	c->gp = g_string_new(NULL);
	g_string_append_printf(c->gp,
			       "# %s.gp - written by schedlab; render it here with: gnuplot %s.gp\n"
			       "reset\n",
			       name, name);
	if (o->format == PLOT_SVG)
		g_string_append_printf(c->gp,
				       "set terminal svg size %u,%u noenhanced font 'sans,11' "
				       "background rgb 'white'\n",
				       w, h);
	else
		g_string_append_printf(
			c->gp, "set terminal pngcairo size %u,%u noenhanced font 'sans,10'\n", w,
			h);
	g_string_append(c->gp, "set output ");
	gp_quote(c->gp, out);
	g_string_append_c(c->gp, '\n');
	gp_var(c, "datafile", dat);
	gp_var(c, "title", title);
	g_string_append_printf(c->gp, "ncpus = %u\n", ncpus);
}

static void chart_unit(struct chart *c, sim_time_t unit)
{
	switch (unit) {
	case SIM_NS:
	case SIM_US:
	case SIM_MS:
	case SIM_S:
		break;
	default:
		unit = SIM_MS;
	}
	g_string_append_printf(c->gp, "unit = %" PRId64 ".0\n", (int64_t)unit);
	gp_var(c, "unitname", units_suffix(unit));
}

static bool write_file(const struct plot_opts *o, const char *name, const GString *text,
		       GError **error)
{
	g_autofree char *path = g_build_filename(o->dir, name, NULL);

	return outfile_save(path, "--plot", text->str, text->len, error);
}

/* Append the template, write NAME.gp and NAME.dat; frees the chart's text. */
static bool chart_end(struct chart *c, const GString *data, const struct plot_opts *o,
		      GPtrArray *written, GError **error)
{
	g_autofree char *gp = g_strdup_printf("%s.gp", c->name);
	g_autofree char *dat = g_strdup_printf("%s.dat", c->name);
	bool ok;

	g_string_append(c->gp, "\n");
	g_string_append(c->gp, template_text(c->name));
	ok = write_file(o, dat, data, error) && write_file(o, gp, c->gp, error);
	g_string_free(c->gp, TRUE);
	c->gp = NULL;
	if (ok)
		g_ptr_array_add(written, g_strdup(c->name));
	return ok;
}

bool report_dir_writable(const char *dir)
{
	g_autofree char *tmp = g_build_filename(dir, ".schedlab-probe-XXXXXX", NULL);
	int fd = g_mkstemp(tmp);

	if (fd < 0)
		return false;
	close(fd);
	g_unlink(tmp);
	return true;
}

static bool make_dir(const struct plot_opts *o, GError **error)
{
	if (!*o->dir) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
			    "--plot: expected the name of a folder, got ''");
		return false;
	}
	if (g_file_test(o->dir, G_FILE_TEST_EXISTS) && !g_file_test(o->dir, G_FILE_TEST_IS_DIR)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR,
			    "--plot %s: this is a file, not a folder; the charts need a folder",
			    o->dir);
		return false;
	}
	if (g_mkdir_with_parents(o->dir, 0777) != 0) {
		int e = errno;

		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e),
			    "--plot %s: cannot create the folder: %s", o->dir, g_strerror(e));
		return false;
	}
	if (!report_dir_writable(o->dir)) {
		int e = errno;

		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e),
			    "--plot %s: cannot write into the folder: %s", o->dir, g_strerror(e));
		return false;
	}
	return true;
}

bool plot_prepare(const struct plot_opts *o, GError **error)
{
	return make_dir(o, error);
}

/*
 * Run gnuplot on script (in cwd), its standard error kept in err_text; false
 * with an error when it cannot start. The child is entered in the cleanup
 * registry while it runs, so that a signal stops it.
 */
static bool run_gnuplot(const char *gnuplot, const char *cwd, const char *script, char **envp,
			int *status, char **err_text, GError **error)
{
	const char *argv[] = { gnuplot, script, NULL };
	GPid pid;
	int err_fd, slot;
	GString *text = g_string_new(NULL);
	char buf[4096];
	ssize_t n;
	sigset_t old;
	bool spawned;

	/* gnuplot is entered before any signal can end us without stopping it */
	cleanup_hold(&old);
	spawned = g_spawn_async_with_pipes(
		cwd, (char **)argv, envp,
		G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_CLOEXEC_PIPES,
		cleanup_child_setup, NULL, &pid, NULL, NULL, &err_fd, error);
	slot = spawned ? cleanup_child(pid) : -1;
	cleanup_release(&old);
	if (!spawned) {
		g_string_free(text, TRUE);
		return false;
	}
	while ((n = read(err_fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		/* a chatty gnuplot: keep the start of what it says */
		if (text->len < 65536)
			g_string_append_len(text, buf, n);
	}
	close(err_fd);
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
	cleanup_forget(slot);
	g_spawn_close_pid(pid);
	*err_text = g_string_free(text, FALSE);
	return true;
}

/*
 * Run gnuplot on each chart written, in o->dir; or say how to. Each image is
 * rendered into a private folder inside o->dir (gnuplot finds the data
 * through GNUPLOT_LIB=..) and renamed over the previous image only once
 * gnuplot has succeeded: a failure or an interruption leaves the previous
 * image as it was.
 */
static bool render(GPtrArray *charts, const struct plot_opts *o, GString *msg, GError **error)
{
	g_autofree char *gnuplot = g_find_program_in_path("gnuplot");
	const char *ext = o->format == PLOT_SVG ? "svg" : "png";
	g_autofree char *work = NULL;
	g_auto(GStrv) envp = NULL;
	const char *lib;
	int dir_slot;
	bool ok = true, made;
	sigset_t old;

	if (!charts->len)
		return true;
	if (!gnuplot) {
		g_autofree char *qdir = g_shell_quote(o->dir);

		g_string_append_printf(msg,
				       "gnuplot is not installed: wrote the data and scripts of %u "
				       "charts to %s;\nrender them with: cd %s && gnuplot *.gp "
				       "(Debian: apt-get install gnuplot-nox)\n",
				       charts->len, o->dir, qdir);
		return true;
	}
	work = g_build_filename(o->dir, ".schedlab-render-XXXXXX", NULL);
	cleanup_hold(&old);
	made = g_mkdtemp(work) != NULL;
	dir_slot = made ? cleanup_path(work) : -1;
	cleanup_release(&old);
	if (!made) {
		int e = errno;

		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e),
			    "--plot %s: cannot create a folder in it: %s", o->dir, g_strerror(e));
		return false;
	}
	envp = g_get_environ();
	lib = g_environ_getenv(envp, "GNUPLOT_LIB");
	{
		g_autofree char *v = lib && *lib ? g_strconcat("..:", lib, NULL) : g_strdup("..");

		envp = g_environ_setenv(envp, "GNUPLOT_LIB", v, TRUE);
	}
	for (guint i = 0; ok && i < charts->len; i++) {
		const char *name = charts->pdata[i];
		g_autofree char *script = g_strdup_printf("../%s.gp", name);
		g_autofree char *image = g_strdup_printf("%s.%s", name, ext);
		g_autofree char *tmp = g_build_filename(work, image, NULL);
		g_autofree char *dest = g_build_filename(o->dir, image, NULL);
		g_autofree char *err_text = NULL;
		int status, slot = cleanup_path(tmp);

		ok = run_gnuplot(gnuplot, work, script, envp, &status, &err_text, error);
		if (ok && !g_spawn_check_wait_status(status, NULL)) {
			g_set_error(error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
				    "gnuplot failed on %s/%s.gp:\n%s", o->dir, name,
				    err_text ? err_text : "");
			ok = false;
		}
		if (ok && g_rename(tmp, dest) != 0) {
			int e = errno;

			g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e),
				    "--plot %s: cannot put %s in place: %s", o->dir, image,
				    g_strerror(e));
			ok = false;
		}
		g_unlink(tmp);
		cleanup_forget(slot);
	}
	g_rmdir(work);
	cleanup_forget(dir_slot);
	if (!ok)
		return false;
	g_string_append_printf(msg, "wrote %u charts to %s:", charts->len, o->dir);
	for (guint i = 0; i < charts->len; i++)
		g_string_append_printf(msg, " %s.%s", (char *)charts->pdata[i], ext);
	g_string_append_c(msg, '\n');
	return true;
}

/* "%.Nf" of v, whatever the locale. */
static void append_fixed(GString *s, const char *fmt, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	g_string_append(s, g_ascii_formatd(buf, sizeof(buf), fmt, v));
}

/* ------------------------------------------------------------- run */

struct plot_span {
	sim_time_t start, end;
	uint32_t task; /* the task, or the one that ran longest in a merged box */
	int cpu;
	uint32_t runs;	 /* intervals merged into it (aggregate_spans); 1: its own */
	sim_time_t best; /* the longest of them: task's */
};

struct plot_run {
	uint32_t ncpus;
	struct run_tracker *rt;
	GArray *spans;	 /* struct plot_span, until PLOT_GANTT_MAX_SPANS */
	bool too_many;	 /* spans were dropped: no Gantt chart */
	sim_time_t last; /* latest record */
	struct timeseries *ts;
};

struct plot_run *plot_run_new(uint32_t ncpus)
{
	struct plot_run *p = g_new0(struct plot_run, 1);

	p->ncpus = ncpus;
	p->rt = run_tracker_new(ncpus);
	run_tracker_follow_carriers(p->rt); /* a carrier's box shows its user tasks */
	p->spans = g_array_new(FALSE, FALSE, sizeof(struct plot_span));
	p->ts = timeseries_new(ncpus);
	return p;
}

void plot_run_free(struct plot_run *p)
{
	if (!p)
		return;
	run_tracker_free(p->rt);
	g_array_free(p->spans, TRUE);
	timeseries_free(p->ts);
	g_free(p);
}

static int cmp_span(const void *a, const void *b)
{
	const struct plot_span *x = a, *y = b;

	if (x->cpu != y->cpu)
		return x->cpu < y->cpu ? -1 : 1;
	return x->start < y->start ? -1 : x->start > y->start;
}

/*
 * Merge each CPU's run intervals narrower than q ns, and the gaps of less
 * than q between them, into boxes: a box keeps the task that ran longest in
 * it (its colour) and the number of intervals it holds. Wider intervals stay
 * as they are. Sorts spans by CPU and start.
 */
static void aggregate_spans(GArray *spans, sim_time_t q)
{
	struct plot_span *v = (struct plot_span *)(void *)spans->data;
	guint n = 0;

	qsort(v, spans->len, sizeof(*v), cmp_span);
	for (guint k = 0; k < spans->len; k++) {
		struct plot_span *prev = n ? &v[n - 1] : NULL;
		const struct plot_span cur = v[k];

		if (prev && prev->cpu == cur.cpu && cur.start - prev->end < q &&
		    prev->end - prev->start < q && cur.end - cur.start < q) {
			prev->end = MAX(prev->end, cur.end);
			prev->runs += cur.runs;
			if (cur.best > prev->best) {
				prev->best = cur.best;
				prev->task = cur.task;
			}
			continue;
		}
		v[n++] = cur;
	}
	g_array_set_size(spans, n);
}

static void keep_span(struct plot_run *p, const struct run_span *sp)
{
	struct plot_span s = { .start = sp->start,
			       .end = sp->end,
			       .task = sp->task,
			       .cpu = sp->cpu,
			       .runs = 1,
			       .best = sp->end - sp->start };

	if (sp->end <= sp->start || p->too_many)
		return;
	if (p->spans->len >= PLOT_GANTT_MAX_SPANS) {
		/* merge what a pixel of the chart could not tell apart so far, at a
		 * quarter of a pixel: the chart ends at p->last or later */
		aggregate_spans(p->spans, p->last / (4 * GANTT_AREA_PX) + 1);
		if (p->spans->len >= PLOT_GANTT_MAX_SPANS / 2) {
			p->too_many = true;
			return;
		}
	}
	g_array_append_val(p->spans, s);
}

static void plot_run_emit(void *ctx, const struct record *r)
{
	struct plot_run *p = ctx;
	struct run_span sp;
	struct record_sink ts = timeseries_sink(p->ts);

	if (r->time > p->last)
		p->last = r->time;
	if (run_tracker_feed(p->rt, r, &sp))
		keep_span(p, &sp);
	ts.emit(ts.ctx, r);
}

struct record_sink plot_run_sink(struct plot_run *p)
{
	return (struct record_sink){ .emit = plot_run_emit, .ctx = p, .want_why = false };
}

static int task_index(const struct run_result *r, uint32_t id)
{
	if (id < r->ntasks && r->tasks[id].id == id)
		return (int)id;
	for (uint32_t i = 0; i < r->ntasks; i++)
		if (r->tasks[i].id == id)
			return (int)i;
	return -1;
}

/*
 * A task's colour, 0xRRGGBB: hues a golden angle (137.5 degrees) apart, so
 * that neighbours differ, and three saturation and value levels so that 200
 * tasks stay told apart. Integer arithmetic only.
 */
static unsigned task_colour(int i)
{
	static const unsigned sat[3] = { 70, 50, 85 }, val[3] = { 92, 78, 97 };
	unsigned h, s, v, region, rem, p, q, t, r, g, b;

	if (i < 0)
		return 0x888888;
	h = (unsigned)i * 1375 % 3600; /* tenths of a degree */
	s = sat[(unsigned)i / 7 % 3];
	v = val[(unsigned)i / 7 % 3] * 255 / 100;
	region = h / 600;
	rem = (h % 600) * 255 / 600;
	p = v * (100 - s) / 100;
	q = v * (100 * 255 - s * rem) / (100 * 255);
	t = v * (100 * 255 - s * (255 - rem)) / (100 * 255);
	switch (region) {
	case 0:
		r = v, g = t, b = p;
		break;
	case 1:
		r = q, g = v, b = p;
		break;
	case 2:
		r = p, g = v, b = t;
		break;
	case 3:
		r = p, g = q, b = v;
		break;
	case 4:
		r = t, g = p, b = v;
		break;
	default:
		r = v, g = p, b = q;
		break;
	}
	return r << 16 | g << 8 | b;
}

/* A name as one token of a data file: in double quotes, none inside. */
static void data_string(GString *s, const char *text)
{
	g_string_append_c(s, '"');
	for (; text && *text; text++)
		g_string_append_c(s, *text == '"'		   ? '\''
				     : (unsigned char)*text < 0x20 ? ' '
								   : *text);
	g_string_append_c(s, '"');
}

static bool gantt_chart(struct plot_run *p, const struct run_result *r, sim_time_t end,
			const struct plot_opts *o, GPtrArray *written, GString *msg, GError **error)
{
	g_autofree char *title = NULL;
	GString *data = g_string_new(NULL), *labels = g_string_new(NULL);
	struct chart c;
	struct run_span sp;
	uint32_t nkey;
	bool ok, aggregated;

	while (run_tracker_close_next(p->rt, end, &sp))
		keep_span(p, &sp);
	if (p->too_many) {
		g_string_append_printf(msg,
				       "gantt: more than %u run intervals; the Gantt chart is left "
				       "out (the trace, --trace, holds them all)\n",
				       PLOT_GANTT_MAX_SPANS);
		g_string_free(data, TRUE);
		g_string_free(labels, TRUE);
		return true;
	}
	/* More intervals than the lanes have pixels: boxes narrower than two
	 * pixels merge, so that the chart shows each CPU's occupancy instead of
	 * borders; and the title says so. */
	aggregated = p->spans->len > (guint)GANTT_AREA_PX * r->ncpus / 2;
	for (guint k = 0; k < p->spans->len && !aggregated; k++)
		aggregated = g_array_index(p->spans, struct plot_span, k).runs > 1;
	if (aggregated)
		aggregate_spans(p->spans, 2 * (end / GANTT_AREA_PX + 1));
	g_string_append(data, "# cpu start_ns end_ns rgb task name\n");
	g_string_append(labels, "# x_ns cpu name\n");
	for (guint k = 0; k < p->spans->len; k++) {
		const struct plot_span *s = &g_array_index(p->spans, struct plot_span, k);
		int i = task_index(r, s->task);
		const char *name = i >= 0 && r->tasks[i].name ? r->tasks[i].name : "?";
		uint64_t px =
			end > 0 ? (uint64_t)(s->end - s->start) * GANTT_AREA_PX / (uint64_t)end : 0;

		g_string_append_printf(data, "%d %" PRId64 " %" PRId64 " %u %u ", s->cpu,
				       (int64_t)s->start, (int64_t)s->end, task_colour(i), s->task);
		data_string(data, name);
		g_string_append_c(data, '\n');
		/* a name fits in its box at about 6 pixels a character */
		if (s->runs == 1 && px >= 6 * strlen(name) + 8) {
			g_string_append_printf(labels, "%" PRId64 " %d ",
					       (int64_t)(s->start + (s->end - s->start) / 2),
					       s->cpu);
			data_string(labels, name);
			g_string_append_c(labels, '\n');
		}
	}
	title = g_strdup_printf("Gantt chart: %s (%s, %u CPU%s, %u tasks%s)", r->scenario,
				r->policy, r->ncpus, r->ncpus == 1 ? "" : "s", r->ntasks,
				aggregated
					? ", aggregated: runs under 2 pixels merged, coloured by "
					  "the task that ran longest"
					: "");
	chart_begin(&c, "gantt", title, r->ncpus, o);
	chart_unit(&c, r->time_unit);
	gp_var(&c, "labelfile", "gantt-labels.dat");
	g_string_append_printf(c.gp, "aggregated = %d\n", aggregated);
	/* the key: each task's colour, when there are few enough to list */
	nkey = r->ntasks <= GANTT_KEY_MAX ? r->ntasks : 0;
	g_string_append_printf(c.gp, "nkey = %u\narray keyname[%u]\narray keycolour[%u]\n", nkey,
			       MAX(nkey, 1u), MAX(nkey, 1u));
	for (uint32_t i = 0; i < nkey; i++) {
		char colour[16];

		g_string_append_printf(c.gp, "keyname[%u] = ", i + 1);
		gp_quote(c.gp, r->tasks[i].name ? r->tasks[i].name : "?");
		g_snprintf(colour, sizeof(colour), "#%06x", task_colour((int)i));
		g_string_append_printf(c.gp, "; keycolour[%u] = '%s'\n", i + 1, colour);
	}
	g_string_append_printf(c.gp, "set xrange [0 : %" PRId64 " / unit]\n", (int64_t)end);
	ok = write_file(o, "gantt-labels.dat", labels, error) &&
	     chart_end(&c, data, o, written, error);
	g_string_free(data, TRUE);
	g_string_free(labels, TRUE);
	return ok;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static bool cdf_chart(const struct run_result *r, const struct plot_opts *o, GPtrArray *written,
		      GString *msg, GError **error)
{
	g_autofree int64_t *v = g_new(int64_t, r->ntasks ? r->ntasks : 1);
	g_autofree char *title = NULL;
	uint64_t n = 0, points;
	GString *data;
	struct chart c;
	bool ok;

	for (uint32_t i = 0; i < r->ntasks; i++) {
		const struct task_result *t = &r->tasks[i];

		if (t->completion != SIM_TIME_NONE && t->completion > t->arrival)
			v[n++] = t->completion - t->arrival;
	}
	if (!n) {
		g_string_append(msg, "latency-cdf: no task completed; no latency chart\n");
		return true;
	}
	qsort(v, n, sizeof(*v), cmp_i64);
	data = g_string_new("# turnaround_ns fraction_of_completed_tasks\n");
	points = MIN(n, CDF_MAX_POINTS);
	for (uint64_t j = 1; j <= points; j++) {
		uint64_t k = (j * n + points - 1) / points; /* rank, 1..n */
		uint64_t frac = k * 1000000 / n;

		g_string_append_printf(data, "%" PRId64 " %" PRIu64 ".%06" PRIu64 "\n", v[k - 1],
				       frac / 1000000, frac % 1000000);
	}
	title = g_strdup_printf("Latency CDF: %s (%s, %" PRIu64 " completed tasks)", r->scenario,
				r->policy, n);
	chart_begin(&c, "latency-cdf", title, r->ncpus, o);
	chart_unit(&c, r->time_unit);
	ok = chart_end(&c, data, o, written, error);
	g_string_free(data, TRUE);
	return ok;
}

static bool time_charts(struct plot_run *p, const struct run_result *r, sim_time_t end,
			const struct plot_opts *o, GPtrArray *written, GError **error)
{
	static const struct {
		const char *name, *what;
	} charts[] = {
		{ "utilization", "CPU utilisation" },
		{ "runqueue", "Run-queue length" },
		{ "memory", "Memory in use" },
	};
	guint n;
	const struct ts_bucket *b = timeseries_finish(p->ts, end, &n);
	GString *data = g_string_new("# start_ns width_ns busy_percent ready_tasks "
				     "memory_max_bytes\n");
	bool ok = true;

	for (guint k = 0; k < n; k++) {
		double cap = (double)b[k].width * (double)(r->ncpus ? r->ncpus : 1);

		g_string_append_printf(data, "%" PRId64 " %" PRId64 " ", (int64_t)b[k].start,
				       (int64_t)b[k].width);
		append_fixed(data, "%.3f", 100.0 * b[k].busy_ns / cap);
		g_string_append_c(data, ' ');
		append_fixed(data, "%.3f", b[k].ready_ns / (double)b[k].width);
		g_string_append_printf(data, " %" PRIu64 "\n", b[k].memory_max);
	}
	for (size_t i = 0; ok && i < G_N_ELEMENTS(charts); i++) {
		g_autofree char *title =
			g_strdup_printf("%s: %s (%s, %u CPU%s)", charts[i].what, r->scenario,
					r->policy, r->ncpus, r->ncpus == 1 ? "" : "s");
		struct chart c;

		chart_begin(&c, charts[i].name, title, r->ncpus, o);
		chart_unit(&c, r->time_unit);
		ok = chart_end(&c, data, o, written, error);
	}
	g_string_free(data, TRUE);
	return ok;
}

bool plot_run_write(struct plot_run *p, const struct run_result *r, const struct plot_opts *o,
		    GString *msg, GError **error)
{
	GPtrArray *written = g_ptr_array_new_with_free_func(g_free);
	sim_time_t end = MAX(r->end, p->last);
	bool ok = make_dir(o, error) && gantt_chart(p, r, end, o, written, msg, error) &&
		  cdf_chart(r, o, written, msg, error) &&
		  time_charts(p, r, end, o, written, error) && render(written, o, msg, error);

	g_ptr_array_unref(written);
	return ok;
}

/* --------------------------------------------------------- compare */

bool plot_compare(const char *scenario, const char *what, sim_time_t time_unit,
		  const struct plot_compare_entry *e, size_t n, const struct plot_opts *o,
		  GString *msg, GError **error)
{
	GPtrArray *written = g_ptr_array_new_with_free_func(g_free);
	GString *data = g_string_new("# name avg_turnaround_ns avg_waiting_ns avg_response_ns "
				     "p99_ns throughput_per_s\n");
	bool ok = make_dir(o, error);

	for (size_t i = 0; i < n; i++) {
		const struct summary *s = e[i].summary;

		data_string(data, e[i].name);
		g_string_append_c(data, ' ');
		append_fixed(data, "%.1f", s->avg_turnaround_ns);
		g_string_append_c(data, ' ');
		append_fixed(data, "%.1f", s->avg_waiting_ns);
		g_string_append_c(data, ' ');
		append_fixed(data, "%.1f", s->avg_response_ns);
		g_string_append_printf(data, " %" PRId64 " ", (int64_t)s->p99);
		append_fixed(data, "%.6f", s->throughput_per_s);
		g_string_append_c(data, '\n');
	}
	for (int k = 0; ok && k < 2; k++) {
		const char *name = k ? "compare-throughput" : "compare";
		g_autofree char *title = g_strdup_printf(
			"%s by %s: %s", k ? "Throughput" : "Latency", what, scenario);
		struct chart c;

		chart_begin(&c, name, title, 1, o);
		chart_unit(&c, time_unit);
		gp_var(&c, "what", what);
		ok = chart_end(&c, data, o, written, error);
	}
	ok = ok && render(written, o, msg, error);
	g_string_free(data, TRUE);
	g_ptr_array_unref(written);
	return ok;
}

/* ----------------------------------------------------------- sweep */

static bool is_number(const char *s, double *v)
{
	char *end;

	*v = g_ascii_strtod(s, &end);
	return end != s && !*end && isfinite(*v);
}

bool plot_sweep(const struct plot_sweep *s, const struct plot_opts *o, GString *msg, GError **error)
{
	GPtrArray *written = g_ptr_array_new_with_free_func(g_free);
	GString *data = g_string_new("# x xlabel throughput_mean throughput_ci95 p99_ns_mean "
				     "p99_ns_ci95 flag\n");
	double ylo = 0, yhi = 0;
	bool ylog = s->ylog > 0;
	bool numeric = s->nx > 0, xlog = s->nx >= 3, ok = make_dir(o, error);
	bool any[2] = { false, false }; /* a point with a value on each chart */
	double lo = 0, hi = 0;

	for (guint i = 0; i < s->nx; i++) {
		double v;

		if (!is_number(s->xitems[i], &v)) {
			numeric = xlog = false;
			break;
		}
		if (v <= 0)
			xlog = false;
		lo = i ? MIN(lo, v) : v;
		hi = i ? MAX(hi, v) : v;
	}
	if (xlog && hi / lo < 50)
		xlog = false;
	for (guint c = 0; c < s->ncurves; c++) {
		if (c)
			g_string_append(data, "\n\n");
		for (guint i = 0; i < s->nx; i++) {
			const struct plot_sweep_point *p = &s->cells[c * s->nx + i];

			if (numeric)
				g_string_append(data, s->xitems[i]);
			else
				g_string_append_printf(data, "%u", i);
			g_string_append_c(data, ' ');
			data_string(data, s->xitems[i]);
			double y;

			/* flag: 0 ran, 1 overloaded (marked), 2 failed (no point) */
			g_string_append_printf(
				data, " %s %s %s %s %d\n", *p->thr_mean ? p->thr_mean : "NaN",
				*p->thr_ci ? p->thr_ci : "0", *p->p99_mean ? p->p99_mean : "NaN",
				*p->p99_ci ? p->p99_ci : "0",
				p->failed	? 2
				: p->overloaded ? 1
						: 0);
			any[0] = any[0] || (!p->failed && is_number(p->thr_mean, &y));
			any[1] = any[1] || (!p->failed && is_number(p->p99_mean, &y));
			if (!p->failed && is_number(p->p99_mean, &y) && y > 0) {
				ylo = ylo > 0 ? MIN(ylo, y) : y;
				yhi = MAX(yhi, y);
			}
		}
	}
	/* values that span two decades: an overloaded point would flatten the rest */
	if (s->ylog < 0 && ylo > 0 && yhi / ylo >= 100)
		ylog = true;
	for (int k = 0; ok && k < 2; k++) {
		const char *name = k ? "sweep-p99" : "sweep-throughput";
		g_autofree char *title =
			g_strdup_printf("%s against %s: %s (%u repetition%s per point%s)",
					k ? (s->ylabel ? s->ylabel : "p99 latency") : "Throughput",
					s->xkey, s->scenario, s->reps, s->reps == 1 ? "" : "s",
					s->reps > 1 ? ", 95 % intervals" : "");
		struct chart c;

		/* every point failed, or none has the metric (no task completed):
		 * nothing to draw, and gnuplot refuses an empty plot */
		if (!any[k]) {
			g_string_append_printf(msg, "%s: no point has a %s; no chart\n", name,
					       k ? (s->ylabel ? s->ylabel : "p99 latency")
						 : "throughput");
			continue;
		}
		chart_begin(&c, name, title, 1, o);
		chart_unit(&c, s->time_unit);
		gp_var(&c, "xkey", s->xkey);
		g_string_append_printf(c.gp, "xnumeric = %d\nxlog = %d\nncurves = %u\n", numeric,
				       xlog, s->ncurves);
		gp_var(&c, "ymetric", s->ylabel ? s->ylabel : "turnaround p99");
		g_string_append_printf(c.gp, "ylog = %d\n", k && ylog);
		{
			char buf[G_ASCII_DTOSTR_BUF_SIZE];

			g_string_append_printf(
				c.gp, "target_ns = %s\n",
				g_ascii_formatd(buf, sizeof(buf), "%.1f", k ? s->target : 0));
		}
		g_string_append_printf(c.gp, "array curves[%u]\n", s->ncurves);
		for (guint i = 0; i < s->ncurves; i++) {
			g_string_append_printf(c.gp, "curves[%u] = ", i + 1);
			gp_quote(c.gp, s->curves[i]);
			g_string_append_c(c.gp, '\n');
		}
		g_string_append(c.gp, "curve(i) = curves[i]\n");
		ok = chart_end(&c, data, o, written, error);
	}
	ok = ok && render(written, o, msg, error);
	g_string_free(data, TRUE);
	g_ptr_array_unref(written);
	return ok;
}
