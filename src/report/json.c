/*
 * json.c - the run as one JSON object, the contract of docs/output-format.md.
 *
 * Keys come in a fixed order, pretty-printed with two-space indentation and
 * a final newline. Times are integer ns; averages are rounded to the nearest
 * ns; ratios are printed with "%.6f" through g_ascii_formatd, which ignores
 * the locale, so the bytes never depend on LC_NUMERIC. A value that does not
 * exist is null: the first run and response of a task that never ran, the
 * completion and turnaround of an unfinished one, averages and percentiles
 * when no task completed.
 *
 * The summary's keys, their order and their nulls are the metric table's
 * (summary.c); the writer is jw.h's.
 *
 * The number of CPUs is "ncpus": "cpus" is the per-CPU array, and one object
 * must not hold the same key twice (most parsers would keep only the last).
 */
#include "report/jw.h"
#include "report/report.h"

static void json_summary(struct jw *w, const struct run_result *r)
{
	const char *group = NULL; /* the open inner object, "latency_ns" */
	struct summary s;

	summary_compute(r, &s);
	jw_open(w, "summary", '{');
	for (unsigned i = 0; i < summary_nfields; i++) {
		const struct summary_field *f = &summary_fields[i];

		if (f->not_json || f->kind == SUMMARY_LINE || !summary_field_shown(f, &s))
			continue;
		if (g_strcmp0(group, f->json_group)) {
			if (group)
				jw_close(w, '}');
			group = f->json_group;
			if (group)
				jw_open(w, group, '{');
		}
		jw_field(w, f->json_key ? f->json_key : f->key, f, &s);
	}
	if (group)
		jw_close(w, '}');
	jw_close(w, '}');
}

void report_json(const struct run_result *r, GString *out)
{
	struct jw w = { .out = out };

	jw_open(&w, NULL, '{');
	jw_str(&w, "scenario", r->scenario);
	jw_str(&w, "policy", r->policy);
	jw_str(&w, "model", r->model);
	jw_uint(&w, "seed", r->seed);
	jw_uint(&w, "ncpus", r->ncpus);
	json_summary(&w, r);

	jw_open(&w, "cpus", '[');
	for (uint32_t i = 0; i < r->ncpus; i++) {
		const struct cpu_result *c = &r->cpus[i];

		jw_open(&w, NULL, '{');
		jw_uint(&w, "id", i);
		jw_int(&w, "busy_ns", c->busy);
		jw_int(&w, "switch_time_ns", c->switching);
		jw_uint(&w, "switches", c->switches);
		jw_uint(&w, "tlb_flushes", c->tlb_flushes);
		jw_int(&w, "tlb_refill_ns", c->tlb_refill);
		jw_uint(&w, "migrations", c->migrations);
		jw_uint(&w, "remote_wakeups", c->remote_wakeups);
		jw_close(&w, '}');
	}
	jw_close(&w, ']');

	jw_open(&w, "tasks", '[');
	for (uint32_t i = 0; i < r->ntasks; i++) {
		const struct task_result *t = &r->tasks[i];
		bool ran = t->first_run != SIM_TIME_NONE;
		bool done = t->completion != SIM_TIME_NONE;

		jw_open(&w, NULL, '{');
		jw_str(&w, "name", t->name);
		jw_uint(&w, "id", t->id);
		jw_str(&w, "kind", t->kind);
		jw_maybe(&w, "arrival_ns", t->arrival != SIM_TIME_NONE, t->arrival);
		jw_maybe(&w, "first_run_ns", ran, t->first_run);
		jw_maybe(&w, "completion_ns", done, t->completion);
		jw_maybe(&w, "turnaround_ns", done, t->completion - t->arrival);
		jw_int(&w, "waiting_ns", t->waiting);
		jw_maybe(&w, "response_ns", ran, t->first_run - t->arrival);
		jw_int(&w, "cpu_ns", t->cpu);
		jw_uint(&w, "voluntary_switches", t->voluntary);
		jw_uint(&w, "involuntary_switches", t->involuntary);
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	jw_close(&w, '}');
	g_string_append_c(out, '\n');
}
