/*
 * run.c - a sweep's jobs on a pool of worker threads, and its rows (run.h).
 */
#include <stdio.h>
#include <string.h>

#include "base/stats.h"
#include "sim/sim.h"
#include "sweep/run.h"

struct scenario *sweep_load_point(const struct sweep_plan *plan, guint p, bool has_seed,
				  guint64 seed, GError **error)
{
	const struct sweep_grid *g = plan->grid;
	GPtrArray *sets = g_ptr_array_new_with_free_func(g_free);
	struct scenario_overrides ov = plan->base;
	struct scenario *sc;

	/* the user's --set first, then the point's values */
	for (const char *const *s = plan->base.sets; s && *s; s++)
		g_ptr_array_add(sets, g_strdup(*s));
	for (guint a = 0; a < g->axes->len; a++)
		g_ptr_array_add(sets, sweep_grid_set(g, p, a));
	g_ptr_array_add(sets, NULL);
	ov.sets = (const char *const *)sets->pdata;
	ov.has_seed = has_seed;
	ov.seed = seed;
	sc = scenario_load(plan->path, &ov, error);
	g_ptr_array_unref(sets);
	return sc;
}

static char *point_label(const struct sweep_grid *g, guint p)
{
	GString *label = g_string_new(NULL);

	for (guint a = 0; a < g->axes->len; a++) {
		g_autofree char *set = sweep_grid_set(g, p, a);

		g_string_append_printf(label, "%s%s", a ? ", " : "", set);
	}
	return g_string_free(label, FALSE);
}

/* 1 + the index of the group named name, 0: none. */
static uint32_t group_named(const struct scenario *sc, const char *name)
{
	for (uint32_t i = 0; i < sc->ngroups; i++)
		if (!strcmp(sc->groups[i].name, name))
			return i + 1;
	return 0;
}

/* Does a group of sc serve requests (`serve = MODEL`)? */
static bool serves(const struct scenario *sc)
{
	for (uint32_t i = 0; i < sc->ngroups; i++)
		if (sc->groups[i].serve.ops)
			return true;
	return false;
}

/*
 * Whether a row has f's figure from summary s: not for a mean or a
 * percentile over no task; with --group, not for a figure of the whole run
 * alone (its peak memory, its rejected requests, its switches by kind), as
 * a group's figures in run's JSON. `overloaded` stays the run's: a group's
 * figures from an overloaded run measure only how long it took to drain,
 * and --target and the charts read it.
 */
static bool row_has(const struct summary_field *f, const struct summary *s)
{
	if (!strcmp(f->key, "overloaded"))
		return summary_field_defined(f, s);
	return summary_field_exists(f, s);
}

unsigned sweep_metrics(bool served, const struct summary_field **out)
{
	unsigned n = summary_view(SUMMARY_VIEW_SWEEP, out), k = 0;

	for (unsigned m = 0; m < n; m++)
		if (served || !out[m]->served_only)
			out[k++] = out[m];
	return k;
}

/* How the model stopped a run, as a row's status; NULL: not the model (schedlab failed). */
static const char *model_status(const GError *e)
{
	if (!e || e->domain != SIM_ERROR)
		return NULL;
	switch (e->code) {
	case SIM_ERROR_OUT_OF_MEMORY:
		return "out-of-memory";
	case SIM_ERROR_DEADLOCK:
		return "deadlock";
	case SIM_ERROR_SPAWN_LIMIT:
		return "spawn-limit";
	case SIM_ERROR_SYNC_MISUSE:
		return "misuse";
	default:
		return NULL;
	}
}

bool sweep_prepare(const struct sweep_plan *plan, bool only_first, struct sweep_results *res,
		   GError **error)
{
	const struct sweep_grid *g = plan->grid;

	memset(res, 0, sizeof(*res));
	res->npoints = g->npoints;
	res->seeds = g_new0(guint64, g->npoints);
	res->labels = g_new0(char *, g->npoints + 1);
	res->time_unit = SIM_MS;
	for (guint p = 0; p < g->npoints; p++)
		res->labels[p] = point_label(g, p);
	if (plan->first > 0 && g->npoints > 0) {
		/* the columns are point 0's, whichever points run (--point K) */
		struct scenario *sc = sweep_load_point(plan, 0, false, 0, NULL);

		res->served = sc && serves(sc);
		if (sc)
			scenario_free(sc);
	}
	for (guint p = plan->first; p < plan->first + plan->count; p++) {
		g_autoptr(GError) err = NULL;
		struct scenario *sc = sweep_load_point(plan, p, false, 0, &err);

		if (!sc) {
			g_set_error(error, SWEEP_ERROR, SWEEP_ERROR_SYNTAX, "point %u (%s): %s", p,
				    res->labels[p], err->message);
			return false;
		}
		res->seeds[p] = plan->base.has_seed ? plan->base.seed : sc->seed;
		if (plan->group && !group_named(sc, plan->group)) {
			g_autoptr(GString) names = g_string_new(NULL);

			for (uint32_t i = 0; i < sc->ngroups; i++)
				g_string_append_printf(names, "%s'%s'", i ? ", " : "",
						       sc->groups[i].name);
			g_set_error(error, SWEEP_ERROR, SWEEP_ERROR_SYNTAX,
				    "--group %s: the scenario has no such group (its groups: %s)",
				    plan->group, names->str);
			scenario_free(sc);
			return false;
		}
		if (p == 0)
			res->served = serves(sc);
		if (!res->scenario) {
			res->scenario = g_strdup(sc->name);
			res->time_unit = sc->time_unit;
		}
		scenario_free(sc);
		if (only_first)
			break;
	}
	return true;
}

void sweep_results_clear(struct sweep_results *res)
{
	g_free(res->seeds);
	g_strfreev(res->labels);
	g_free(res->sums);
	for (guint j = 0; res->errors && j < res->njobs; j++)
		g_free(res->errors[j]);
	g_free(res->errors);
	g_free(res->status);
	g_free(res->scenario);
	memset(res, 0, sizeof(*res));
}

/* ------------------------------------------------------------- the pool */

struct pool {
	const struct sweep_plan *plan;
	struct sweep_results *res;
	GMutex lock;
	GCond cond;
	guint done;
};

static void run_job(gpointer data, gpointer user)
{
	struct pool *x = user;
	const struct sweep_plan *plan = x->plan;
	guint job = GPOINTER_TO_UINT(data) - 1;
	guint p = plan->first + job / plan->reps, r = job % plan->reps;
	g_autoptr(GError) err = NULL;
	struct scenario *sc;
	struct sim *sim = NULL;

	sc = sweep_load_point(plan, p, true, x->res->seeds[p] + r, &err);
	if (sc)
		sim = sim_new(sc, NULL, &err);
	if (sim && sim_run(sim, &err)) {
		struct run_result rr = { 0 };

		sim_result(sim, &rr);
		summary_compute_group(&rr, plan->group ? group_named(sc, plan->group) : 0,
				      &x->res->sums[job]);
		run_result_clear(&rr);
		x->res->status[job] = "ok";
	} else {
		x->res->errors[job] = g_strdup(err ? err->message : "the run failed");
		x->res->status[job] = model_status(err);
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

bool sweep_run(const struct sweep_plan *plan, unsigned workers, bool bar, struct sweep_results *res,
	       GError **error)
{
	guint total = plan->count * plan->reps;
	struct pool x = { .plan = plan, .res = res };
	GThreadPool *pool;

	res->sums = g_new0(struct summary, total);
	res->errors = g_new0(char *, total);
	res->status = g_new0(const char *, total);
	res->njobs = total;
	if (workers > total)
		workers = total ? total : 1;
	g_mutex_init(&x.lock);
	g_cond_init(&x.cond);
	pool = g_thread_pool_new(run_job, &x, (gint)workers, FALSE, NULL);
	for (guint j = 0; j < total; j++)
		g_thread_pool_push(pool, GUINT_TO_POINTER(j + 1), NULL);
	g_mutex_lock(&x.lock);
	while (x.done < total) {
		gint64 until = g_get_monotonic_time() + G_TIME_SPAN_SECOND / 10;

		if (bar)
			draw_bar(x.done, total, workers, false);
		g_cond_wait_until(&x.cond, &x.lock, until);
	}
	g_mutex_unlock(&x.lock);
	if (bar)
		draw_bar(total, total, workers, true);
	g_thread_pool_free(pool, FALSE, TRUE);
	g_mutex_clear(&x.lock);
	g_cond_clear(&x.cond);
	for (guint j = 0; j < total; j++) {
		guint p = plan->first + j / plan->reps, r = j % plan->reps;

		if (!res->errors[j] || res->status[j])
			continue; /* ran, or stopped by the model: a row */
		res->fatal = true;
		g_set_error(error, SWEEP_ERROR, SWEEP_ERROR_RUN,
			    "point %u (%s), repetition %u (seed %" G_GUINT64_FORMAT "): %s", p,
			    res->labels[p], r, res->seeds[p] + r, res->errors[j]);
		return false;
	}
	return true;
}

/* ------------------------------------------------------------------ rows */

void sweep_csv_header(const struct sweep_grid *g, bool served, GString *out)
{
	const struct summary_field *view[SUMMARY_MAX_FIELDS];
	unsigned nf = sweep_metrics(served, view);

	g_string_append(out, "point");
	for (guint a = 0; a < g->axes->len; a++) {
		g_string_append_c(out, ',');
		report_csv_field(out, ((const struct sweep_axis *)g->axes->pdata[a])->key);
	}
	g_string_append(out, ",reps");
	for (unsigned m = 0; m < nf; m++)
		g_string_append_printf(out, ",%s_mean,%s_ci95", view[m]->key, view[m]->key);
	g_string_append(out, ",status,message\n");
}

/* Ratios and rates keep six decimals; times and counts, averaged, one. */
static const char *stat_format(const struct summary_field *f)
{
	switch (f->kind) {
	case SUMMARY_RATIO:
	case SUMMARY_SHARE:
	case SUMMARY_PER_S:
		return "%.6f";
	default:
		return "%.1f";
	}
}

GPtrArray *sweep_row(const struct sweep_plan *plan, const struct sweep_results *res, guint p)
{
	const struct summary_field *view[SUMMARY_MAX_FIELDS];
	unsigned nf = sweep_metrics(res->served, view);
	GPtrArray *f = g_ptr_array_new_with_free_func(g_free);
	double *col = g_new(double, plan->reps);
	gsize first = (gsize)(p - plan->first) * plan->reps;
	const struct summary *sums = &res->sums[first];
	const char *status = "ok", *message = "";
	unsigned n;

	g_ptr_array_add(f, g_strdup_printf("%u", p));
	for (guint a = 0; a < plan->grid->axes->len; a++)
		g_ptr_array_add(f, sweep_grid_value(plan->grid, p, a));
	g_ptr_array_add(f, g_strdup_printf("%u", plan->reps));
	for (unsigned r = 0; r < plan->reps && !*message; r++) {
		if (res->errors && res->errors[first + r]) {
			status = res->status[first + r] ? res->status[first + r] : "failed";
			message = res->errors[first + r];
		}
	}
	for (unsigned m = 0; m < nf; m++) {
		char buf[G_ASCII_DTOSTR_BUF_SIZE];
		struct stats_mean st;

		/* the repetitions that ran to their end and have the figure: a mean
		 * or a percentile over no task (none completed, none waited) has
		 * none, as JSON's null, and is no 0 to average or to meet a target */
		n = 0;
		for (unsigned r = 0; r < plan->reps; r++)
			if ((!res->errors || !res->errors[first + r]) && row_has(view[m], &sums[r]))
				col[n++] = summary_field_value(view[m], &sums[r]);
		if (!n) {
			g_ptr_array_add(f, g_strdup(""));
			g_ptr_array_add(f, g_strdup(""));
			continue;
		}
		stats_mean_t95(col, n, &st);
		g_ptr_array_add(f, g_strdup(g_ascii_formatd(buf, sizeof(buf), stat_format(view[m]),
							    st.mean)));
		g_ptr_array_add(f, n > 1 ? g_strdup(g_ascii_formatd(buf, sizeof(buf),
								    stat_format(view[m]), st.half))
					 : g_strdup(""));
	}
	g_ptr_array_add(f, g_strdup(status));
	g_ptr_array_add(f, g_strdup(message));
	g_free(col);
	return f;
}

void sweep_csv_row(const GPtrArray *fields, GString *out)
{
	for (guint i = 0; i < fields->len; i++) {
		if (i)
			g_string_append_c(out, ',');
		report_csv_field(out, fields->pdata[i]);
	}
	g_string_append_c(out, '\n');
}

int sweep_metric_column(const struct sweep_grid *g, bool served, const char *key)
{
	const struct summary_field *view[SUMMARY_MAX_FIELDS];
	unsigned nf = sweep_metrics(served, view);

	for (unsigned m = 0; m < nf; m++)
		if (!strcmp(view[m]->key, key))
			return (int)(1 + g->axes->len + 1 + 2 * m);
	return -1;
}
