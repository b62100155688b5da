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

/* A mean in ns (a double from summary.c) to the nearest integer ns. */
static sim_time_t round_ns(double v)
{
	if (v >= 9.2e18)
		return SIM_TIME_INF;
	return v > 0 ? (sim_time_t)(v + 0.5) : 0;
}

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
		g_ptr_array_add(row, g_strdup_printf("%" PRIu64, t->voluntary));
		g_ptr_array_add(row, g_strdup_printf("%" PRIu64, t->involuntary));
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

static char *time_text(sim_time_t t, sim_time_t unit)
{
	GString *s = g_string_new(NULL);

	units_time_in(s, t, unit);
	return g_string_free(s, FALSE);
}

/* A mean, or "-" when no task contributed to it. */
static char *mean_text(bool any, double ns, sim_time_t unit)
{
	return any ? time_text(round_ns(ns), unit) : g_strdup("-");
}

static char *fixed_text(const char *format, double v, const char *suffix)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	g_ascii_formatd(buf, sizeof(buf), format, v);
	return g_strconcat(buf, suffix, NULL);
}

static void summary_block(const struct run_result *r, GString *out)
{
	struct summary s;
	struct grid g = { .rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref),
			  .ncols = 2,
			  .first_right = 2 };
	sim_time_t u = r->time_unit;
	bool any;

	summary_compute(r, &s);
	any = s.completed > 0;
	add_line(&g, "completed",
		 g_strdup_printf("%" PRIu32 " of %" PRIu32, s.completed, r->ntasks));
	add_line(&g, "makespan", time_text(s.makespan, u));
	add_line(&g, "throughput",
		 fixed_text(s.throughput_per_s >= 1 || s.throughput_per_s == 0 ? "%.2f" : "%.4f",
			    s.throughput_per_s, " /s"));
	add_line(&g, "CPU utilization", fixed_text("%.1f", s.cpu_utilization * 100, " %"));
	if (r->ncpus > 1 && r->ncpus <= 16 && r->end > 0) {
		/* Each CPU's busy share in tenths of a percent, rounded, in integers. */
		GString *per = g_string_new(NULL);

		for (uint32_t i = 0; i < r->ncpus; i++) {
			uint64_t tenths =
				((uint64_t)r->cpus[i].busy * 2000 / (uint64_t)r->end + 1) / 2;

			g_string_append_printf(per, "%scpu%u %" PRIu64 ".%" PRIu64 " %%",
					       i ? ", " : "", i, tenths / 10, tenths % 10);
		}
		add_line(&g, "per CPU", g_string_free(per, FALSE));
	}
	add_line(&g, "average turnaround", mean_text(any, s.avg_turnaround_ns, u));
	add_line(&g, "average waiting", mean_text(any, s.avg_waiting_ns, u));
	add_line(&g, "average response", mean_text(any, s.avg_response_ns, u));
	add_line(&g, "normalized turnaround",
		 s.avg_normalized_turnaround > 0
			 ? fixed_text("%.2f", s.avg_normalized_turnaround, "")
			 : g_strdup("-"));
	add_line(&g, "context switches",
		 g_strdup_printf("%" PRIu64 " (%" PRIu64 " voluntary, %" PRIu64 " involuntary)",
				 s.context_switches, s.voluntary, s.involuntary));
	add_line(&g, "switch time", time_text(s.switch_ns, u));
	add_line(&g, "TLB flushes", g_strdup_printf("%" PRIu64, s.tlb_flushes));
	add_line(&g, "TLB refill time", time_text(s.tlb_refill_ns, u));
	if (r->ncpus > 1)
		add_line(&g, "migrations",
			 g_strdup_printf("%" PRIu64 " (%" PRIu64 " remote wakeups)", s.migrations,
					 s.remote_wakeups));
	add_line(&g, "peak memory", units_bytes_text(r->peak_memory));
	add_line(&g, "turnaround p50", any ? time_text(s.p50, u) : g_strdup("-"));
	add_line(&g, "turnaround p90", any ? time_text(s.p90, u) : g_strdup("-"));
	add_line(&g, "turnaround p99", any ? time_text(s.p99, u) : g_strdup("-"));
	add_line(&g, "turnaround p99.9", any ? time_text(s.p999, u) : g_strdup("-"));
	add_line(&g, "turnaround max", any ? time_text(s.max, u) : g_strdup("-"));
	add_line(&g, "events", g_strdup_printf("%" PRIu64, r->events));
	grid_write(&g, out);
	g_ptr_array_unref(g.rows);
	if (r->horizon_hit)
		g_string_append_printf(out,
				       "stopped at the horizon (%" PRIu32 " of %" PRIu32
				       " tasks unfinished)\n",
				       r->ntasks - s.completed, r->ntasks);
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
}
