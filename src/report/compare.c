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

/* Whether every entry has the same policy parameters (the runs of --serve). */
static bool same_params(const struct compare_entry *e, size_t n)
{
	g_autoptr(GString) a = g_string_new(NULL);
	g_autoptr(GString) b = g_string_new(NULL);

	run_params_line(&e[0].params->policy, a);
	for (size_t i = 1; i < n; i++) {
		g_string_truncate(b, 0);
		run_params_line(&e[i].params->policy, b);
		if (strcmp(a->str, b->str) || strcmp(e[0].res->policy, e[i].res->policy))
			return false;
	}
	return true;
}

/*
 * The parameters each policy ran with, defaults and overrides applied: a
 * row per entry under the head "parameters"; one line when they are all
 * the same policy's (the models of --serve).
 */
static void compare_params_table(const char *what, int wname, const struct compare_entry *e,
				 size_t n, GString *out)
{
	if (!e[0].params)
		return;
	if (n > 1 && same_params(e, n)) {
		g_string_append_printf(out, "\npolicy %s: ", e[0].res->policy);
		run_params_line(&e[0].params->policy, out);
		g_string_append_c(out, '\n');
		return;
	}
	g_string_append_printf(out, "\n%-*s  parameters\n", wname, what);
	for (size_t i = 0; i < n; i++) {
		g_string_append_printf(out, "%-*s  ", wname, e[i].name);
		run_params_line(&e[i].params->policy, out);
		g_string_append_c(out, '\n');
	}
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
	compare_params_table(what, wname, e, n, out);
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
	if (e[0].params)
		g_string_append(out, ",parameters");
	g_string_append_c(out, '\n');
	for (size_t i = 0; i < n; i++) {
		report_csv_field(out, e[i].name);
		for (unsigned c = 0; c < nf; c++) {
			g_string_append_c(out, ',');
			if (summary_field_exists(view[c], e[i].sum))
				summary_field_data(out, view[c], e[i].sum);
		}
		if (e[0].params) {
			g_autoptr(GString) line = g_string_new(NULL);

			run_params_line(&e[i].params->policy, line);
			g_string_append_c(out, ',');
			report_csv_field(out, line->str);
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
		if (e[i].params) {
			jw_open(&w, "parameters", '{');
			jw_params(&w, "policy", e[i].res->policy, &e[i].params->policy, false);
			jw_close(&w, '}');
		}
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	if (e[0].params) {
		/* the model is every entry's: one scenario, one model */
		jw_open(&w, "parameters", '{');
		jw_params(&w, "model", first->model, &e[0].params->model, true);
		jw_close(&w, '}');
	}
	jw_close(&w, '}');
	g_string_append_c(out, '\n');
}
