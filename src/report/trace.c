/*
 * trace.c - the Chrome trace-event writer (trace.h).
 *
 * The JSON object format of the Trace Event Format: {"traceEvents": [...]}
 * with "displayTimeUnit" and "otherData". Everything lives in process 1;
 * thread i is cpu i, thread ncpus is the "events" track of wake-ups and
 * arrivals (records with no CPU). Event kinds used:
 *   M  metadata: process and thread names, and thread sort order;
 *   X  a complete slice per run interval, written when the interval closes
 *      (so slices are not in timestamp order; viewers sort them);
 *   i  instant events: wake, arrive (thread scope, on the events track) and
 *      preempt (on the CPU's track);
 *   C  counters: "run queue cpuN" (or "run queue (global)") and "memory";
 *   b/e  an async slice per wait on a synchronisation object, named after
 *      what the task waits for ("lock m"), from its block to its wake-up
 *      (category "wait", id the task's id), so waits may overlap.
 * Timestamps are in microseconds, as the format requires; schedlab's integer
 * ns are printed as N.NNN with integer arithmetic, so the bytes never depend
 * on floating point or the locale.
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/outfile.h"
#include "report/runs.h"
#include "report/trace.h"

#define TRACE_BUFFER (1 << 16)

struct trace {
	struct outfile *file; /* the target, through a temporary */
	GString *out;	      /* what is not written yet, up to TRACE_BUFFER */
	uint32_t ncpus;
	struct run_tracker *rt;
	bool first; /* no event written yet: no comma before the next */
	bool finished;
	bool failed;	   /* a write failed: the run is to stop (see trace_sink) */
	GHashTable *waits; /* task id + 1 -> what it waits on (g_strdup), while blocked */
};

static void put_string(GString *f, const char *s)
{
	g_autofree char *valid = NULL;

	if (!s)
		s = "";
	if (!g_utf8_validate(s, -1, NULL))
		s = valid = g_utf8_make_valid(s, -1);
	g_string_append_c(f, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			g_string_append_printf(f, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			g_string_append_printf(f, "\\u%04x", c);
		else
			g_string_append_c(f, (char)c);
	}
	g_string_append_c(f, '"');
}

/* ns as microseconds with three decimals: 1234567 -> 1234.567 */
static void put_us(GString *f, sim_time_t ns)
{
	if (ns < 0) {
		g_string_append_c(f, '-');
		ns = -ns;
	}
	g_string_append_printf(f, "%" PRId64 ".%03" PRId64, (int64_t)(ns / 1000),
			       (int64_t)(ns % 1000));
}

static void begin_event(struct trace *t)
{
	g_string_append(t->out, t->first ? "\n" : ",\n");
	t->first = false;
}

static void thread_meta(struct trace *t, uint32_t tid, const char *name)
{
	begin_event(t);
	g_string_append_printf(
		t->out,
		"{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":%u,\"args\":{\"name\":",
		tid);
	put_string(t->out, name);
	g_string_append(t->out, "}}");
	begin_event(t);
	g_string_append_printf(t->out,
			       "{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":1,\"tid\":%u,"
			       "\"args\":{\"sort_index\":%u}}",
			       tid, tid);
}

static void header(struct trace *t, const struct trace_info *info)
{
	g_autofree char *pname = g_strdup_printf("schedlab: %s (%s)", info->scenario, info->policy);

	g_string_append(t->out, "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"generator\":"
				"\"schedlab\",\"scenario\":");
	put_string(t->out, info->scenario);
	g_string_append(t->out, ",\"policy\":");
	put_string(t->out, info->policy);
	g_string_append(t->out, ",\"model\":");
	put_string(t->out, info->model);
	g_string_append_printf(t->out, ",\"seed\":\"%" PRIu64 "\",\"cpus\":%u},\"traceEvents\":[",
			       info->seed, info->ncpus);
	begin_event(t);
	g_string_append(t->out,
			"{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"args\":{\"name\":");
	put_string(t->out, pname);
	g_string_append(t->out, "}}");
	for (uint32_t i = 0; i < info->ncpus; i++) {
		char name[32];

		g_snprintf(name, sizeof(name), "cpu%u", i);
		thread_meta(t, i, name);
	}
	thread_meta(t, info->ncpus, "events");
}

struct trace *trace_new(const char *path, const struct trace_info *info, GError **error)
{
	struct trace *t;

	if (!*path || g_str_has_suffix(path, G_DIR_SEPARATOR_S) ||
	    g_file_test(path, G_FILE_TEST_IS_DIR)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
			    "--trace '%s': expected a file name such as run.json, not a folder",
			    path);
		return NULL;
	}
	t = g_new0(struct trace, 1);
	t->file = outfile_open(path, "--trace", error);
	if (!t->file) {
		g_free(t);
		return NULL;
	}
	t->out = g_string_sized_new(TRACE_BUFFER + 4096);
	t->ncpus = info->ncpus;
	t->rt = run_tracker_new(info->ncpus);
	t->first = true;
	t->waits = g_hash_table_new_full(NULL, NULL, NULL, g_free);
	header(t, info);
	return t;
}

/* Hand what is buffered to the file; false once a write has failed. */
static bool flush(struct trace *t)
{
	bool ok = outfile_write(t->file, t->out->str, t->out->len);

	g_string_truncate(t->out, 0);
	return ok;
}

bool trace_failed(const struct trace *t)
{
	return t->failed;
}

static const char *stop_name(enum record_kind k)
{
	switch (k) {
	case REC_PREEMPT:
		return "preempted";
	case REC_EXPIRE:
		return "slice expired";
	case REC_YIELD:
		return "yielded";
	case REC_BLOCK:
		return "blocked";
	case REC_EXIT:
		return "exited";
	case REC_DISPATCH:
		return "next task dispatched";
	case REC_IDLE:
		return "cpu idle";
	default:
		return "end of run";
	}
}

static void slice(struct trace *t, const struct run_span *sp)
{
	begin_event(t);
	g_string_append(t->out, "{\"name\":");
	put_string(t->out, sp->name);
	g_string_append_printf(
		t->out, ",\"cat\":\"run\",\"ph\":\"X\",\"pid\":1,\"tid\":%d,\"ts\":", sp->cpu);
	put_us(t->out, sp->start);
	g_string_append(t->out, ",\"dur\":");
	put_us(t->out, sp->end - sp->start);
	g_string_append_printf(t->out,
			       ",\"args\":{\"task\":%u,\"stopped\":\"%s\",\"switch_ns\":%" PRId64,
			       sp->task, stop_name(sp->stop), (int64_t)sp->switch_ns);
	if (sp->stop == REC_BLOCK)
		g_string_append_printf(t->out, ",\"blocked_ns\":%" PRId64,
				       (int64_t)sp->blocked_for);
	if (sp->blocked_on) {
		g_string_append(t->out, ",\"blocked_on\":");
		put_string(t->out, sp->blocked_on);
	}
	g_string_append(t->out, "}}");
}

static void instant(struct trace *t, const struct record *r, const char *name, uint32_t tid)
{
	begin_event(t);
	g_string_append(t->out, "{\"name\":");
	put_string(t->out, name);
	g_string_append_printf(
		t->out, ",\"cat\":\"%s\",\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":%u,\"ts\":",
		record_kind_name(r->kind), tid);
	put_us(t->out, r->time);
	g_string_append_printf(t->out, ",\"args\":{\"task\":%u,\"name\":", r->task);
	put_string(t->out, r->task_name);
	g_string_append(t->out, "}}");
}

static void counter(struct trace *t, const char *name, const char *arg, sim_time_t time,
		    int64_t value)
{
	begin_event(t);
	g_string_append(t->out, "{\"name\":");
	put_string(t->out, name);
	g_string_append(t->out, ",\"ph\":\"C\",\"pid\":1,\"ts\":");
	put_us(t->out, time);
	g_string_append_printf(t->out, ",\"args\":{\"%s\":%" PRId64 "}}", arg, value);
}

/* The start ('b') or end ('e') of task's wait on an object. */
static void wait_slice(struct trace *t, char ph, uint32_t task, const char *name, sim_time_t time)
{
	begin_event(t);
	g_string_append(t->out, "{\"name\":");
	put_string(t->out, name);
	g_string_append_printf(
		t->out, ",\"cat\":\"wait\",\"ph\":\"%c\",\"id\":%u,\"pid\":1,\"ts\":", ph, task);
	put_us(t->out, time);
	g_string_append(t->out, "}");
}

/* A migration: an instant on the destination CPU, with its source and reason. */
static void migration(struct trace *t, const struct record *r)
{
	char name[64];

	g_snprintf(name, sizeof(name), "migrate %s", r->task_name ? r->task_name : "?");
	begin_event(t);
	g_string_append(t->out, "{\"name\":");
	put_string(t->out, name);
	g_string_append_printf(
		t->out,
		",\"cat\":\"migrate\",\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":%d,\"ts\":",
		r->cpu);
	put_us(t->out, r->time);
	g_string_append_printf(
		t->out, ",\"args\":{\"task\":%u,\"from_cpu\":%" PRId64 ",\"to_cpu\":%d,\"reason\":",
		r->task, (int64_t)r->length, r->cpu);
	put_string(t->out, r->why ? r->why : "");
	g_string_append(t->out, "}}");
}

static void trace_emit(void *ctx, const struct record *r)
{
	struct trace *t = ctx;
	struct run_span sp;
	char name[64];

	if (run_tracker_feed(t->rt, r, &sp))
		slice(t, &sp);
	switch (r->kind) {
	case REC_BLOCK:
		if (r->wait_on) {
			wait_slice(t, 'b', r->task, r->wait_on, r->time);
			g_hash_table_replace(t->waits, GUINT_TO_POINTER(r->task + 1),
					     g_strdup(r->wait_on));
		}
		break;
	case REC_WAKE: {
		const char *on = g_hash_table_lookup(t->waits, GUINT_TO_POINTER(r->task + 1));

		if (on) {
			wait_slice(t, 'e', r->task, on, r->time);
			g_hash_table_remove(t->waits, GUINT_TO_POINTER(r->task + 1));
		}
		g_snprintf(name, sizeof(name), "wake %s", r->task_name ? r->task_name : "?");
		instant(t, r, name, t->ncpus);
		break;
	}
	case REC_ARRIVE:
		g_snprintf(name, sizeof(name), "arrive %s", r->task_name ? r->task_name : "?");
		instant(t, r, name, t->ncpus);
		break;
	case REC_PREEMPT:
		g_snprintf(name, sizeof(name), "preempt %s", r->task_name ? r->task_name : "?");
		instant(t, r, name, r->cpu >= 0 ? (uint32_t)r->cpu : t->ncpus);
		break;
	case REC_QUEUE:
		if (r->cpu >= 0)
			g_snprintf(name, sizeof(name), "run queue cpu%d", r->cpu);
		else
			g_strlcpy(name, "run queue (global)", sizeof(name));
		counter(t, name, "ready", r->time, r->length);
		break;
	case REC_MEMORY:
		counter(t, "memory", "bytes", r->time, r->length);
		break;
	case REC_MIGRATE:
		migration(t, r);
		break;
	case REC_LOAD:
		g_snprintf(name, sizeof(name), "load cpu%d", r->cpu);
		counter(t, name, "pelt", r->time, r->length);
		break;
	case REC_RUN:
		/* A carrier thread switches to a coroutine, goroutine or request. */
		g_snprintf(name, sizeof(name), "run %s", r->task_name ? r->task_name : "?");
		instant(t, r, name, r->cpu >= 0 ? (uint32_t)r->cpu : t->ncpus);
		break;
	case REC_REJECT:
		instant(t, r, "reject", t->ncpus);
		break;
	default:
		break;
	}
	/* the first write that fails stops the run (the sink's halt flag) */
	if (t->out->len >= TRACE_BUFFER && !flush(t))
		t->failed = true;
}

struct record_sink trace_sink(struct trace *t)
{
	return (struct record_sink){
		.emit = trace_emit, .ctx = t, .want_why = false, .halt = &t->failed
	};
}

bool trace_finish(struct trace *t, sim_time_t end, GError **error)
{
	struct run_span sp;
	struct outfile *file = t->file;

	while (run_tracker_close_next(t->rt, end, &sp))
		slice(t, &sp);
	/* Waits still open (a deadlock): closed at the end, in task order. */
	for (uint32_t id = 0; g_hash_table_size(t->waits) > 0; id++) {
		const char *on = g_hash_table_lookup(t->waits, GUINT_TO_POINTER(id + 1));

		if (on) {
			wait_slice(t, 'e', id, on, end);
			g_hash_table_remove(t->waits, GUINT_TO_POINTER(id + 1));
		}
	}
	g_string_append(t->out, "\n]}\n");
	flush(t);
	t->file = NULL;
	if (!outfile_commit(file, error))
		return false;
	t->finished = true;
	return true;
}

void trace_free(struct trace *t)
{
	if (!t)
		return;
	outfile_discard(t->file);
	run_tracker_free(t->rt);
	if (t->waits)
		g_hash_table_destroy(t->waits);
	if (t->out)
		g_string_free(t->out, TRUE);
	g_free(t);
}
