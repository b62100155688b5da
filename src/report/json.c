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
#include <string.h>

#include "report/jw.h"
#include "report/report.h"

/* The metric table's keys of s, into the open object. */
static void json_fields(struct jw *w, const struct summary *s)
{
	const char *group = NULL; /* the open inner object, "latency_ns" */

	for (unsigned i = 0; i < summary_nfields; i++) {
		const struct summary_field *f = &summary_fields[i];

		if (f->not_json || f->kind == SUMMARY_LINE || !summary_field_shown(f, s))
			continue;
		if (g_strcmp0(group, f->json_group)) {
			if (group)
				jw_close(w, '}');
			group = f->json_group;
			if (group)
				jw_open(w, group, '{');
		}
		jw_field(w, f->json_key ? f->json_key : f->key, f, s);
	}
	if (group)
		jw_close(w, '}');
}

static void json_summary(struct jw *w, const struct summary *s)
{
	jw_open(w, "summary", '{');
	json_fields(w, s);
	jw_close(w, '}');
}

/* Each group's figures alone: its name and the summary's keys (the run's own null). */
static void json_groups(struct jw *w, const struct run_result *r, const struct summary *groups)
{
	jw_open(w, "groups", '[');
	for (uint32_t i = 0; i < r->ngroups; i++) {
		jw_open(w, NULL, '{');
		jw_str(w, "name", r->groups[i].name);
		json_fields(w, &groups[i]);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

/* The scenario's objects, when it declares some: every counter, for every kind. */
static void json_objects(struct jw *w, const struct run_result *r)
{
	if (!r->nobjects)
		return;
	jw_open(w, "objects", '[');
	for (uint32_t i = 0; i < r->nobjects; i++) {
		const struct object_result *o = &r->objects[i];

		jw_open(w, NULL, '{');
		jw_str(w, "name", o->name);
		jw_str(w, "kind", o->kind);
		jw_uint(w, "acquisitions", o->acquisitions);
		jw_uint(w, "contended", o->contended);
		jw_int(w, "wait_total_ns", o->wait_total);
		jw_int(w, "wait_max_ns", o->wait_max);
		jw_int(w, "hold_total_ns", o->hold_total);
		jw_int(w, "hold_max_ns", o->hold_max);
		jw_uint(w, "bytes", o->bytes);
		jw_uint(w, "messages", o->messages);
		jw_int(w, "writers_blocked_ns", o->writers_blocked);
		jw_int(w, "readers_blocked_ns", o->readers_blocked);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

/* How the run ended in a deadlock, when it did. */
static void json_deadlock(struct jw *w, const struct deadlock_result *d)
{
	if (!d->found)
		return;
	jw_open(w, "deadlock", '{');
	jw_str(w, "kind", d->cycle ? "cycle" : "all-blocked");
	jw_int(w, "time_ns", d->time);
	jw_open(w, "tasks", '[');
	for (uint32_t i = 0; i < d->ntasks; i++) {
		const struct deadlock_task *t = &d->tasks[i];

		jw_open(w, NULL, '{');
		jw_str(w, "task", t->task);
		jw_open(w, "holds", '[');
		for (char **h = t->holds; h && *h; h++) {
			jw_member(w, NULL);
			jw_string(w, *h);
		}
		jw_close(w, ']');
		jw_str(w, "op", t->op);
		jw_str(w, "wants", t->wants);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	jw_close(w, '}');
}

/* The members of each task's object, in order. */
enum task_key {
	TK_NAME,
	TK_ID,
	TK_KIND,
	TK_ARRIVAL,
	TK_FIRST_RUN,
	TK_COMPLETION,
	TK_TURNAROUND,
	TK_WAITING,
	TK_RESPONSE,
	TK_CPU,
	TK_VOLUNTARY,
	TK_INVOLUNTARY,
	TK__COUNT
};

static const char *const task_keys[TK__COUNT] = {
	[TK_NAME] = "name",
	[TK_ID] = "id",
	[TK_KIND] = "kind",
	[TK_ARRIVAL] = "arrival_ns",
	[TK_FIRST_RUN] = "first_run_ns",
	[TK_COMPLETION] = "completion_ns",
	[TK_TURNAROUND] = "turnaround_ns",
	[TK_WAITING] = "waiting_ns",
	[TK_RESPONSE] = "response_ns",
	[TK_CPU] = "cpu_ns",
	[TK_VOLUNTARY] = "voluntary_switches",
	[TK_INVOLUNTARY] = "involuntary_switches",
};

/* An integer, or null when it does not exist (jw_maybe), at the cursor. */
static G_ALWAYS_INLINE inline char *put_maybe(char *d, bool exists, int64_t v)
{
	return exists ? fmt_put_i64(d, v) : FMT_PUT_LIT(d, "null");
}

/* A task's name at the cursor: measured, then copied and checked in words. */
static inline char *put_name(GString *out, char *d, const char *name, gsize room)
{
	if (G_UNLIKELY(!name))
		return fmt_put_json(out, d, name, room);
	return fmt_put_json_len(out, d, name, strlen(name), room);
}

/* The text of the kind written last ("\"process\""), its string's address. */
struct kind_text {
	const char *kind; /* NULL: none kept */
	unsigned len;
	char text[32];
};

/*
 * A task's kind at the cursor: one of a few strings, most often the one
 * before, whose text is then copied as it was written.
 */
static inline char *put_kind(GString *out, char *d, const char *kind, struct kind_text *k,
			     gsize room)
{
	gsize at;

	if (G_LIKELY(kind && kind == k->kind)) {
		memcpy(d, k->text, sizeof(k->text)); /* the room is there */
		return d + k->len;
	}
	at = (gsize)(d - out->str);
	d = fmt_put_json(out, d, kind, room);
	k->len = (unsigned)((gsize)(d - out->str) - at);
	k->kind = k->len <= sizeof(k->text) ? kind : NULL;
	if (k->kind)
		memcpy(k->text, out->str + at, k->len);
	return d;
}

/*
 * "tasks": one object per task, the most of a large run's text: each is
 * written in one go (jw_record), its keys' bytes made once.
 */
static void json_tasks(struct jw *w, const struct run_result *r)
{
	struct jw_record rec;
	struct kind_text kind = { 0 };

	jw_open(w, "tasks", '[');
	jw_record_init(&rec, w, task_keys, TK__COUNT);
	for (uint32_t i = 0; i < r->ntasks; i++) {
		const struct task_result *t = &r->tasks[i];
		bool ran = t->first_run != SIM_TIME_NONE;
		bool done = t->completion != SIM_TIME_NONE;
		char *d = jw_record_begin(w, &rec);

		d = put_name(w->out, jw_record_key(d, &rec, TK_NAME), t->name, rec.room);
		d = fmt_put_u64(jw_record_key(d, &rec, TK_ID), t->id);
		d = put_kind(w->out, jw_record_key(d, &rec, TK_KIND), t->kind, &kind, rec.room);
		d = put_maybe(jw_record_key(d, &rec, TK_ARRIVAL), t->arrival != SIM_TIME_NONE,
			      t->arrival);
		d = put_maybe(jw_record_key(d, &rec, TK_FIRST_RUN), ran, t->first_run);
		d = put_maybe(jw_record_key(d, &rec, TK_COMPLETION), done, t->completion);
		d = put_maybe(jw_record_key(d, &rec, TK_TURNAROUND), done,
			      t->completion - t->arrival);
		d = fmt_put_i64(jw_record_key(d, &rec, TK_WAITING), t->waiting);
		d = put_maybe(jw_record_key(d, &rec, TK_RESPONSE), ran, t->first_run - t->arrival);
		d = fmt_put_i64(jw_record_key(d, &rec, TK_CPU), t->cpu);
		d = fmt_put_u64(jw_record_key(d, &rec, TK_VOLUNTARY), t->voluntary);
		d = fmt_put_u64(jw_record_key(d, &rec, TK_INVOLUNTARY), t->involuntary);
		jw_record_end(w, &rec, d);
	}
	jw_record_clear(&rec);
	jw_close(w, ']');
}

void run_params_add(void *params, bool model, const char *section, const char *key,
		    const char *text, const char *json)
{
	struct run_params *p = params;
	struct param_values *v = model ? &p->model : &p->policy;

	v->v = g_renew(struct param_value, v->v, v->n + 1);
	v->v[v->n++] = (struct param_value){ g_strdup(section), g_strdup(key), g_strdup(text),
					     g_strdup(json) };
}

static void values_clear(struct param_values *v)
{
	for (uint32_t i = 0; i < v->n; i++) {
		g_free(v->v[i].section);
		g_free(v->v[i].key);
		g_free(v->v[i].text);
		g_free(v->v[i].json);
	}
	g_free(v->v);
	v->v = NULL;
	v->n = 0;
}

void run_params_clear(struct run_params *params)
{
	values_clear(&params->policy);
	values_clear(&params->model);
}

void run_params_line(const struct param_values *v, GString *out)
{
	if (!v->n)
		g_string_append_c(out, '-');
	for (uint32_t i = 0; i < v->n; i++) {
		g_string_append_printf(out, "%s%s=", i ? " " : "", v->v[i].key);
		/* "10 ms" as "10ms": a word, as a variant of compare writes it */
		for (const char *c = v->v[i].text; *c; c++)
			if (*c != ' ')
				g_string_append_c(out, *c);
	}
}

void report_json(const struct run_result *r, GString *out)
{
	report_json_stream(r, NULL, out, NULL, NULL);
}

bool report_json_stream(const struct run_result *r, const struct run_params *params, GString *out,
			bool (*flush)(GString *out, void *ctx), void *ctx)
{
	struct jw w = { .out = out, .flush = flush, .flush_ctx = ctx };
	struct summary run;
	g_autofree struct summary *groups = g_new(struct summary, r->ngroups ? r->ngroups : 1);

	summary_compute_groups(r, &run, groups);
	jw_open(&w, NULL, '{');
	jw_str(&w, "scenario", r->scenario);
	jw_str(&w, "policy", r->policy);
	jw_str(&w, "model", r->model);
	jw_uint(&w, "seed", r->seed);
	jw_uint(&w, "ncpus", r->ncpus);
	json_summary(&w, &run);

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

	json_tasks(&w, r);
	json_objects(&w, r);
	json_deadlock(&w, &r->deadlock);
	json_groups(&w, r, groups);
	if (params) {
		/* what the run was given: "model" above is only the model's name */
		jw_open(&w, "parameters", '{');
		jw_params(&w, "policy", r->policy, &params->policy, false);
		jw_params(&w, "model", r->model, &params->model, true);
		jw_close(&w, '}');
	}
	jw_close(&w, '}');
	g_string_append_c(out, '\n');
	return !w.failed;
}
