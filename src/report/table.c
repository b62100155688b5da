/*
 * table.c - the human report: a header line, one aligned row per task and a
 * summary block.
 *
 * Times are shown in the scenario's time unit with two decimals, rounded to
 * the nearest hundredth (halves away from zero) in integer arithmetic, so
 * "17.00 ms" is exact and the same on every machine. Every column's width is
 * measured from its cells before anything is written, so no value ever
 * overflows its column, and no line ends in spaces.
 */
#include <inttypes.h>
#include <string.h>

#include "base/units.h"
#include "report/report.h"

/* ------------------------------------------------------------ the grid */

/*
 * A grid of cells: rows of g_strdup'd strings, written with every column as
 * wide as its widest cell, two spaces between columns. Columns before
 * `first_right` are aligned left, the others right.
 */
struct grid {
	GPtrArray *rows; /* of GPtrArray of char * */
	guint ncols;
	guint first_right; /* columns from here on are aligned right */
};

static GPtrArray *grid_row(struct grid *g)
{
	GPtrArray *row = g_ptr_array_new_with_free_func(g_free);

	g_ptr_array_add(g->rows, row);
	return row;
}

static void grid_write(const struct grid *g, GString *out)
{
	gsize *width = g_new0(gsize, g->ncols);

	for (guint i = 0; i < g->rows->len; i++) {
		GPtrArray *row = g_ptr_array_index(g->rows, i);

		for (guint c = 0; c < row->len; c++)
			width[c] = MAX(width[c], strlen(g_ptr_array_index(row, c)));
	}
	for (guint i = 0; i < g->rows->len; i++) {
		GPtrArray *row = g_ptr_array_index(g->rows, i);
		gsize start = out->len;

		for (guint c = 0; c < row->len; c++) {
			const char *cell = g_ptr_array_index(row, c);
			gsize pad = width[c] - strlen(cell);

			if (c > 0)
				g_string_append(out, "  ");
			if (c < g->first_right) {
				g_string_append(out, cell);
				g_string_append_printf(out, "%*s", (int)pad, "");
			} else {
				g_string_append_printf(out, "%*s", (int)pad, "");
				g_string_append(out, cell);
			}
		}
		while (out->len > start && out->str[out->len - 1] == ' ')
			g_string_truncate(out, out->len - 1);
		g_string_append_c(out, '\n');
	}
	g_free(width);
}

static void add_time(GPtrArray *row, sim_time_t t, sim_time_t unit)
{
	GString *s = g_string_new(NULL);

	if (t == SIM_TIME_NONE)
		g_string_append(s, "-");
	else
		units_number_in(s, t, unit);
	g_ptr_array_add(row, g_string_free(s, FALSE));
}

static void task_rows(const struct run_result *r, GString *out)
{
	static const char *const header[] = { "task",	    "arrival", "first run", "completion",
					      "turnaround", "waiting", "response",  "cpu",
					      "vol",	    "invol" };
	struct grid g = { .rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref),
			  .ncols = G_N_ELEMENTS(header),
			  .first_right = 1 };
	g_autofree char *unit = g_strdup_printf("(%s)", units_suffix(r->time_unit));
	uint32_t shown = MIN(r->ntasks, REPORT_TABLE_MAX_ROWS);
	GPtrArray *row = grid_row(&g);

	for (guint c = 0; c < G_N_ELEMENTS(header); c++)
		g_ptr_array_add(row, g_strdup(header[c]));
	row = grid_row(&g);
	g_ptr_array_add(row, g_strdup(""));
	for (guint c = 1; c < 8; c++)
		g_ptr_array_add(row, g_strdup(unit));
	for (uint32_t i = 0; i < shown; i++) {
		const struct task_result *t = &r->tasks[i];
		bool ran = t->first_run != SIM_TIME_NONE;
		bool done = t->completion != SIM_TIME_NONE;

		row = grid_row(&g);
		g_ptr_array_add(row, g_strdup(t->name ? t->name : ""));
		add_time(row, t->arrival, r->time_unit);
		add_time(row, ran ? t->first_run : SIM_TIME_NONE, r->time_unit);
		add_time(row, done ? t->completion : SIM_TIME_NONE, r->time_unit);
		add_time(row, done ? t->completion - t->arrival : SIM_TIME_NONE, r->time_unit);
		add_time(row, t->waiting, r->time_unit);
		add_time(row, ran ? t->first_run - t->arrival : SIM_TIME_NONE, r->time_unit);
		add_time(row, t->cpu, r->time_unit);
		g_ptr_array_add(row, g_strdup_printf("%" PRIu32, t->voluntary));
		g_ptr_array_add(row, g_strdup_printf("%" PRIu32, t->involuntary));
	}
	grid_write(&g, out);
	g_ptr_array_unref(g.rows);
	if (r->ntasks > shown)
		g_string_append_printf(
			out, "(%" PRIu32 " more tasks not shown; use --format csv for all)\n",
			r->ntasks - shown);
}

/* ------------------------------------------------------------- summary */

static void add_line(struct grid *g, const char *label, char *value)
{
	GPtrArray *row = grid_row(g);

	g_ptr_array_add(row, g_strdup(label));
	g_ptr_array_add(row, value);
}

/* One line per metric of the table's view, in its order (summary.c). */
static void summary_block(const struct run_result *r, GString *out)
{
	const struct summary_field *view[SUMMARY_MAX_FIELDS];
	unsigned n = summary_view(SUMMARY_VIEW_TABLE, view);
	struct summary s;
	struct grid g = { .rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref),
			  .ncols = 2,
			  .first_right = 2 };

	summary_compute(r, &s);
	for (unsigned i = 0; i < n; i++) {
		const struct summary_field *f = view[i];
		char *value;

		if (!summary_field_shown(f, &s))
			continue;
		if (f->line) {
			value = f->line(&s, r);
			if (!value)
				continue;
		} else {
			GString *v = g_string_new(NULL);

			summary_field_text(v, f, &s, r->time_unit, true);
			value = g_string_free(v, FALSE);
		}
		add_line(&g, f->label, value);
	}
	grid_write(&g, out);
	g_ptr_array_unref(g.rows);
	if (r->warmup) {
		g_string_append(out, "figures leave out the warm-up, until ");
		units_time_in(out, r->warmup, r->time_unit);
		g_string_append(out, "\n");
	}
	if (r->horizon_hit)
		g_string_append_printf(out,
				       "stopped at the horizon (%" PRIu64 " of %" PRIu64
				       " tasks unfinished)\n",
				       s.tasks - s.completed, s.tasks);
	if (s.overloaded)
		g_string_append(
			out, "warning: overloaded: the backlog grew through the second half "
			     "of the run; its latencies measure how long this finite run "
			     "takes to drain, not a steady state (add CPUs or lower the load)\n");
}

/* One row per group with the group view's columns, when groups of several tasks share a run. */
static void group_rows(const struct run_result *r, GString *out)
{
	const struct summary_field *view[SUMMARY_MAX_FIELDS];
	unsigned n = summary_view(SUMMARY_VIEW_GROUPS, view);
	struct grid g = { .rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref),
			  .ncols = n + 1,
			  .first_right = 1 };
	GPtrArray *row = grid_row(&g), *units = grid_row(&g);

	g_ptr_array_add(row, g_strdup("group"));
	g_ptr_array_add(units, g_strdup(""));
	for (unsigned i = 0; i < n; i++) {
		const char *u = summary_field_unit(view[i], r->time_unit);

		g_ptr_array_add(row, g_strdup(view[i]->head ? view[i]->head : view[i]->label));
		g_ptr_array_add(units, *u ? g_strdup_printf("(%s)", u) : g_strdup(""));
	}
	for (uint32_t gi = 0; gi < r->ngroups; gi++) {
		struct summary s;

		summary_compute_group(r, gi + 1, &s);
		row = grid_row(&g);
		g_ptr_array_add(row, g_strdup(r->groups[gi].name));
		for (unsigned i = 0; i < n; i++) {
			GString *v = g_string_new(NULL);

			summary_field_text(v, view[i], &s, r->time_unit, false);
			g_ptr_array_add(row, g_string_free(v, FALSE));
		}
	}
	grid_write(&g, out);
	g_ptr_array_unref(g.rows);
}

/* ------------------------------------------------------------- objects */

static bool is_ipc(const struct object_result *o)
{
	return !strcmp(o->kind, "pipe") || !strcmp(o->kind, "channel");
}

static bool holds(const struct object_result *o)
{
	return !strcmp(o->kind, "mutex") || !strcmp(o->kind, "rwlock");
}

static void add_count(GPtrArray *row, bool exists, uint64_t v)
{
	g_ptr_array_add(row, exists ? g_strdup_printf("%" PRIu64, v) : g_strdup("-"));
}

/* One row per object: locks count acquisitions, pipes and channels what they move. */
static void object_rows(const struct run_result *r, GString *out)
{
	static const char *const header[] = { "object",	      "kind",	     "acq",
					      "contended",    "wait total",  "wait max",
					      "hold total",   "hold max",    "moved",
					      "send blocked", "recv blocked" };
	struct grid g = { .rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref),
			  .ncols = G_N_ELEMENTS(header),
			  .first_right = 2 };
	g_autofree char *unit = g_strdup_printf("(%s)", units_suffix(r->time_unit));
	GPtrArray *row = grid_row(&g);

	for (guint c = 0; c < G_N_ELEMENTS(header); c++)
		g_ptr_array_add(row, g_strdup(header[c]));
	row = grid_row(&g);
	for (guint c = 0; c < G_N_ELEMENTS(header); c++)
		g_ptr_array_add(row, g_strdup(c >= 4 && c != 8 ? unit : ""));
	for (uint32_t i = 0; i < r->nobjects; i++) {
		const struct object_result *o = &r->objects[i];
		bool ipc = is_ipc(o), held = holds(o);

		row = grid_row(&g);
		g_ptr_array_add(row, g_strdup(o->name));
		g_ptr_array_add(row, g_strdup(o->kind));
		add_count(row, !ipc, o->acquisitions);
		add_count(row, !ipc, o->contended);
		add_time(row, ipc ? SIM_TIME_NONE : o->wait_total, r->time_unit);
		add_time(row, ipc ? SIM_TIME_NONE : o->wait_max, r->time_unit);
		add_time(row, held ? o->hold_total : SIM_TIME_NONE, r->time_unit);
		add_time(row, held ? o->hold_max : SIM_TIME_NONE, r->time_unit);
		if (!ipc)
			g_ptr_array_add(row, g_strdup("-"));
		else if (!strcmp(o->kind, "pipe"))
			g_ptr_array_add(row, units_bytes_text(o->bytes));
		else
			g_ptr_array_add(row, g_strdup_printf("%" PRIu64 " msg", o->messages));
		add_time(row, ipc ? o->writers_blocked : SIM_TIME_NONE, r->time_unit);
		add_time(row, ipc ? o->readers_blocked : SIM_TIME_NONE, r->time_unit);
	}
	grid_write(&g, out);
	g_ptr_array_unref(g.rows);
}

void report_deadlock(const struct deadlock_result *d, sim_time_t unit, GString *out)
{
	g_string_append(out, "deadlock at ");
	units_time_in(out, d->time, unit);
	g_string_append(out, d->cycle ? ": a cycle of waits\n"
				      : ": tasks blocked for good, and no cycle of waits (a lost "
					"wake-up?)\n");
	for (uint32_t i = 0; i < d->ntasks; i++) {
		const struct deadlock_task *t = &d->tasks[i];

		g_string_append_printf(out, "  %s", t->task);
		if (t->holds && t->holds[0]) {
			g_autofree char *h = g_strjoinv(", ", t->holds);

			g_string_append_printf(out, " holds %s and", h);
		}
		g_string_append_printf(out, " waits to %s %s\n", t->op, t->wants);
	}
}

void report_table(const struct run_result *r, GString *out)
{
	g_string_append_printf(
		out, "scenario %s  policy %s  model %s  seed %" PRIu64 "  cpus %" PRIu32 "\n\n",
		r->scenario ? r->scenario : "", r->policy ? r->policy : "",
		r->model ? r->model : "", r->seed, r->ncpus);
	task_rows(r, out);
	g_string_append_c(out, '\n');
	summary_block(r, out);
	if (r->ngroups >= 2 && r->ngroups < r->ntasks) {
		g_string_append_c(out, '\n');
		group_rows(r, out);
	}
	if (r->nobjects) {
		g_string_append_c(out, '\n');
		object_rows(r, out);
	}
	if (r->deadlock.found) {
		g_string_append_c(out, '\n');
		report_deadlock(&r->deadlock, r->time_unit, out);
	}
}
