/*
 * compare.c - runs side by side (compare.h).
 *
 * The figures, their names, units and nulls come from the metric table
 * (summary.c); this file only lays them out. The scenario, model, seed and
 * CPUs are the first entry's: compare runs one scenario with one seed.
 */
#include <string.h>

#include "report/compare.h"
#include "report/jw.h"

/* Counts are as wide as their head; numbers with decimals at least 10. */
static int column_width(const struct summary_field *f)
{
	int w = (int)strlen(f->head);

	if (f->kind == SUMMARY_COUNT || f->kind == SUMMARY_OF_TASKS)
		return w;
	return MAX(w, 10);
}

void compare_table(const char *what, const struct compare_entry *e, size_t n, GString *out)
{
	const struct summary_field *view[SUMMARY_MAX_FIELDS];
	unsigned nf = summary_view(summary_compare_view(e[0].sum, true), view), last_unit = 0;
	const struct run_result *first = e[0].res;
	sim_time_t unit = first->time_unit;
	int wname = (int)strlen(what);
	GString *cell = g_string_new(NULL);

	for (size_t i = 0; i < n; i++)
		wname = MAX(wname, (int)strlen(e[i].name));
	g_string_append_printf(
		out, "scenario %s  model %s  seed %" G_GUINT64_FORMAT "  cpus %u  tasks %u\n\n",
		first->scenario, first->model, first->seed, first->ncpus, first->ntasks);
	g_string_append_printf(out, "%-*s", wname, what);
	for (unsigned c = 0; c < nf; c++) {
		g_string_append_printf(out, "  %*s", column_width(view[c]), view[c]->head);
		if (*summary_field_unit(view[c], unit))
			last_unit = c + 1;
	}
	/* the units under their heads, up to the last column that has one */
	g_string_append_printf(out, "\n%-*s", wname, "");
	for (unsigned c = 0; c < last_unit; c++) {
		const char *u = summary_field_unit(view[c], unit);
		g_autofree char *paren = *u ? g_strdup_printf("(%s)", u) : g_strdup("");

		g_string_append_printf(out, "  %*s", column_width(view[c]), paren);
	}
	g_string_append_c(out, '\n');
	for (size_t i = 0; i < n; i++) {
		g_string_append_printf(out, "%-*s", wname, e[i].name);
		for (unsigned c = 0; c < nf; c++) {
			g_string_truncate(cell, 0);
			summary_field_text(cell, view[c], e[i].sum, unit, false);
			g_string_append_printf(out, "  %*s", column_width(view[c]), cell->str);
		}
		g_string_append_c(out, '\n');
	}
	g_string_free(cell, TRUE);
	for (size_t i = 0; i < n; i++)
		if (e[i].gantt)
			g_string_append_printf(out, "\n%s\n%s", e[i].name, e[i].gantt->str);
}

void compare_csv(const char *what, const struct compare_entry *e, size_t n, GString *out)
{
	const struct summary_field *view[SUMMARY_MAX_FIELDS];
	unsigned nf = summary_view(summary_compare_view(e[0].sum, false), view);

	report_csv_field(out, what);
	for (unsigned c = 0; c < nf; c++)
		g_string_append_printf(out, ",%s", view[c]->key);
	g_string_append_c(out, '\n');
	for (size_t i = 0; i < n; i++) {
		report_csv_field(out, e[i].name);
		for (unsigned c = 0; c < nf; c++) {
			g_string_append_c(out, ',');
			if (summary_field_exists(view[c], e[i].sum))
				summary_field_data(out, view[c], e[i].sum);
		}
		g_string_append_c(out, '\n');
	}
}

void compare_json(const char *what, const char *whats, const struct compare_entry *e, size_t n,
		  GString *out)
{
	const struct summary_field *view[SUMMARY_MAX_FIELDS];
	unsigned nf = summary_view(summary_compare_view(e[0].sum, false), view);
	const struct run_result *first = e[0].res;
	struct jw w = { .out = out };

	jw_open(&w, NULL, '{');
	jw_str(&w, "scenario", first->scenario);
	jw_str(&w, "model", first->model);
	jw_uint(&w, "seed", first->seed);
	jw_uint(&w, "ncpus", first->ncpus);
	jw_uint(&w, "ntasks", first->ntasks);
	jw_open(&w, whats, '[');
	for (size_t i = 0; i < n; i++) {
		jw_open(&w, NULL, '{');
		jw_str(&w, what, e[i].name);
		for (unsigned c = 0; c < nf; c++)
			if (!view[c]->not_json)
				jw_field(&w, view[c]->key, view[c], e[i].sum);
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	jw_close(&w, '}');
	g_string_append_c(out, '\n');
}
