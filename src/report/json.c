/*
 * json.c - the run as one JSON object, the contract of DESIGN.md 8.
 *
 * Keys come in a fixed order, pretty-printed with two-space indentation and
 * a final newline. Times are integer ns; averages are rounded to the nearest
 * ns; ratios are printed with "%.6f" through g_ascii_formatd, which ignores
 * the locale, so the bytes never depend on LC_NUMERIC. A value that does not
 * exist is null: the first run and response of a task that never ran, the
 * completion and turnaround of an unfinished one, averages and percentiles
 * when no task completed.
 *
 * The number of CPUs is "ncpus": "cpus" is the per-CPU array, and one object
 * must not hold the same key twice (most parsers would keep only the last).
 */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "report/report.h"

#define JSON_MAX_DEPTH 8

/* A streaming writer: it knows where commas, newlines and indents go. */
struct jw {
	GString *out;
	int depth;
	bool nonempty[JSON_MAX_DEPTH]; /* the open container has a member */
};

static void jw_string(struct jw *w, const char *s)
{
	g_autofree char *valid = NULL;

	if (!s)
		s = "";
	if (!g_utf8_validate(s, -1, NULL))
		s = valid = g_utf8_make_valid(s, -1);
	g_string_append_c(w->out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			g_string_append_printf(w->out, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			g_string_append_printf(w->out, "\\u%04x", c);
		else
			g_string_append_c(w->out, (char)c);
	}
	g_string_append_c(w->out, '"');
}

/* Start a member of the open container: separator, indent, key if any. */
static void jw_member(struct jw *w, const char *key)
{
	if (w->depth > 0) {
		g_string_append(w->out, w->nonempty[w->depth - 1] ? ",\n" : "\n");
		w->nonempty[w->depth - 1] = true;
		for (int i = 0; i < w->depth; i++)
			g_string_append(w->out, "  ");
	}
	if (key) {
		jw_string(w, key);
		g_string_append(w->out, ": ");
	}
}

static void jw_open(struct jw *w, const char *key, char bracket)
{
	g_assert(w->depth < JSON_MAX_DEPTH);
	jw_member(w, key);
	g_string_append_c(w->out, bracket);
	w->nonempty[w->depth++] = false;
}

static void jw_close(struct jw *w, char bracket)
{
	g_assert(w->depth > 0);
	if (w->nonempty[--w->depth]) {
		g_string_append_c(w->out, '\n');
		for (int i = 0; i < w->depth; i++)
			g_string_append(w->out, "  ");
	}
	g_string_append_c(w->out, bracket);
}

static void jw_str(struct jw *w, const char *key, const char *s)
{
	jw_member(w, key);
	jw_string(w, s);
}

static void jw_int(struct jw *w, const char *key, int64_t v)
{
	jw_member(w, key);
	g_string_append_printf(w->out, "%" PRId64, v);
}

static void jw_uint(struct jw *w, const char *key, uint64_t v)
{
	jw_member(w, key);
	g_string_append_printf(w->out, "%" PRIu64, v);
}

static void jw_bool(struct jw *w, const char *key, bool v)
{
	jw_member(w, key);
	g_string_append(w->out, v ? "true" : "false");
}

/* An integer, or null when it does not exist. */
static void jw_maybe(struct jw *w, const char *key, bool exists, int64_t v)
{
	if (exists) {
		jw_int(w, key, v);
		return;
	}
	jw_member(w, key);
	g_string_append(w->out, "null");
}

static void jw_fixed(struct jw *w, const char *key, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	jw_member(w, key);
	if (!isfinite(v)) {
		g_string_append(w->out, "null");
		return;
	}
	g_string_append(w->out, g_ascii_formatd(buf, sizeof(buf), "%.6f", v));
}

/* A mean in ns to the nearest integer ns. */
static int64_t round_ns(double v)
{
	if (v >= 9.2e18)
		return INT64_MAX;
	return v > 0 ? (int64_t)(v + 0.5) : 0;
}

static void json_summary(struct jw *w, const struct run_result *r)
{
	struct summary s;
	bool any;

	summary_compute(r, &s);
	any = s.completed > 0;
	jw_open(w, "summary", '{');
	jw_int(w, "makespan_ns", s.makespan);
	jw_uint(w, "completed", s.completed);
	jw_fixed(w, "throughput_per_s", s.throughput_per_s);
	jw_fixed(w, "cpu_utilization", s.cpu_utilization);
	jw_uint(w, "context_switches", s.context_switches);
	jw_uint(w, "voluntary_switches", s.voluntary);
	jw_uint(w, "involuntary_switches", s.involuntary);
	jw_maybe(w, "avg_turnaround_ns", any, round_ns(s.avg_turnaround_ns));
	jw_maybe(w, "avg_waiting_ns", any, round_ns(s.avg_waiting_ns));
	jw_maybe(w, "avg_response_ns", any, round_ns(s.avg_response_ns));
	if (s.avg_normalized_turnaround > 0) {
		jw_fixed(w, "avg_normalized_turnaround", s.avg_normalized_turnaround);
	} else {
		jw_member(w, "avg_normalized_turnaround");
		g_string_append(w->out, "null");
	}
	jw_int(w, "switch_time_ns", s.switch_ns);
	jw_uint(w, "tlb_flushes", s.tlb_flushes);
	jw_int(w, "tlb_refill_ns", s.tlb_refill_ns);
	jw_uint(w, "migrations", s.migrations);
	jw_uint(w, "remote_wakeups", s.remote_wakeups);
	jw_uint(w, "peak_memory_bytes", r->peak_memory);
	jw_uint(w, "events", r->events);
	jw_bool(w, "horizon_hit", r->horizon_hit);
	jw_open(w, "latency_ns", '{');
	jw_maybe(w, "p50", any, s.p50);
	jw_maybe(w, "p90", any, s.p90);
	jw_maybe(w, "p99", any, s.p99);
	jw_maybe(w, "p999", any, s.p999);
	jw_maybe(w, "max", any, s.max);
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
