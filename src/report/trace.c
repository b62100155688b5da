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

#include "report/runs.h"
#include "report/trace.h"

#define TRACE_BUFFER (1 << 16)

struct trace {
	char *path, *tmp; /* the target, and the temporary file being written */
	FILE *f;
	char *buf; /* the FILE's buffer */
	uint32_t ncpus;
	struct run_tracker *rt;
	bool first; /* no event written yet: no comma before the next */
	bool finished;
	GHashTable *waits; /* task id + 1 -> what it waits on (g_strdup), while blocked */
};

static void put_string(FILE *f, const char *s)
{
	g_autofree char *valid = NULL;

	if (!s)
		s = "";
	if (!g_utf8_validate(s, -1, NULL))
		s = valid = g_utf8_make_valid(s, -1);
	putc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			putc(c, f);
	}
	putc('"', f);
}

/* ns as microseconds with three decimals: 1234567 -> 1234.567 */
static void put_us(FILE *f, sim_time_t ns)
{
	if (ns < 0) {
		putc('-', f);
		ns = -ns;
	}
	fprintf(f, "%" PRId64 ".%03" PRId64, (int64_t)(ns / 1000), (int64_t)(ns % 1000));
}

static void begin_event(struct trace *t)
{
	fputs(t->first ? "\n" : ",\n", t->f);
	t->first = false;
}

static void thread_meta(struct trace *t, uint32_t tid, const char *name)
{
	begin_event(t);
	fprintf(t->f,
		"{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":%u,\"args\":{\"name\":",
		tid);
	put_string(t->f, name);
	fputs("}}", t->f);
	begin_event(t);
	fprintf(t->f,
		"{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":1,\"tid\":%u,"
		"\"args\":{\"sort_index\":%u}}",
		tid, tid);
}

static void header(struct trace *t, const struct trace_info *info)
{
	g_autofree char *pname = g_strdup_printf("schedlab: %s (%s)", info->scenario, info->policy);

	fputs("{\"displayTimeUnit\":\"ns\",\"otherData\":{\"generator\":\"schedlab\",\"scenario\":",
	      t->f);
	put_string(t->f, info->scenario);
	fputs(",\"policy\":", t->f);
	put_string(t->f, info->policy);
	fputs(",\"model\":", t->f);
	put_string(t->f, info->model);
	fprintf(t->f, ",\"seed\":\"%" PRIu64 "\",\"cpus\":%u},\"traceEvents\":[", info->seed,
		info->ncpus);
	begin_event(t);
	fputs("{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"args\":{\"name\":", t->f);
	put_string(t->f, pname);
	fputs("}}", t->f);
	for (uint32_t i = 0; i < info->ncpus; i++) {
		char name[32];

		g_snprintf(name, sizeof(name), "cpu%u", i);
		thread_meta(t, i, name);
	}
	thread_meta(t, info->ncpus, "events");
}

struct trace *trace_new(const char *path, const struct trace_info *info, GError **error)
{
	struct trace *t = g_new0(struct trace, 1);
	g_autofree char *dir = g_path_get_dirname(path);
	g_autofree char *base = g_path_get_basename(path);
	int fd;

	if (!*path || g_str_has_suffix(path, G_DIR_SEPARATOR_S) ||
	    g_file_test(path, G_FILE_TEST_IS_DIR)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
			    "--trace '%s': expected a file name such as run.json, not a folder",
			    path);
		g_free(t);
		return NULL;
	}
	t->path = g_strdup(path);
	t->tmp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
	fd = g_mkstemp(t->tmp);
	if (fd < 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
			    "--trace %s: cannot create a file in %s: %s", path, dir,
			    g_strerror(errno));
		g_free(t->tmp);
		t->tmp = NULL;
		trace_free(t);
		return NULL;
	}
	/* mkstemp makes it 0600; the trace gets what any new file would */
	mode_t mask = umask(0);

	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0) {
		/* not worth failing over: the file is still the user's */
	}
	t->f = fdopen(fd, "w");
	if (!t->f) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "--trace %s: %s",
			    path, g_strerror(errno));
		close(fd);
		trace_free(t);
		return NULL;
	}
	t->buf = g_malloc(TRACE_BUFFER);
	setvbuf(t->f, t->buf, _IOFBF, TRACE_BUFFER);
	t->ncpus = info->ncpus;
	t->rt = run_tracker_new(info->ncpus);
	t->first = true;
	t->waits = g_hash_table_new_full(NULL, NULL, NULL, g_free);
	header(t, info);
	return t;
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
	fputs("{\"name\":", t->f);
	put_string(t->f, sp->name);
	fprintf(t->f, ",\"cat\":\"run\",\"ph\":\"X\",\"pid\":1,\"tid\":%d,\"ts\":", sp->cpu);
	put_us(t->f, sp->start);
	fputs(",\"dur\":", t->f);
	put_us(t->f, sp->end - sp->start);
	fprintf(t->f, ",\"args\":{\"task\":%u,\"stopped\":\"%s\",\"switch_ns\":%" PRId64, sp->task,
		stop_name(sp->stop), (int64_t)sp->switch_ns);
	if (sp->stop == REC_BLOCK)
		fprintf(t->f, ",\"blocked_ns\":%" PRId64, (int64_t)sp->blocked_for);
	if (sp->blocked_on) {
		fputs(",\"blocked_on\":", t->f);
		put_string(t->f, sp->blocked_on);
	}
	fputs("}}", t->f);
}

static void instant(struct trace *t, const struct record *r, const char *name, uint32_t tid)
{
	begin_event(t);
	fputs("{\"name\":", t->f);
	put_string(t->f, name);
	fprintf(t->f, ",\"cat\":\"%s\",\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":%u,\"ts\":",
		record_kind_name(r->kind), tid);
	put_us(t->f, r->time);
	fprintf(t->f, ",\"args\":{\"task\":%u,\"name\":", r->task);
	put_string(t->f, r->task_name);
	fputs("}}", t->f);
}

static void counter(struct trace *t, const char *name, const char *arg, sim_time_t time,
		    int64_t value)
{
	begin_event(t);
	fputs("{\"name\":", t->f);
	put_string(t->f, name);
	fputs(",\"ph\":\"C\",\"pid\":1,\"ts\":", t->f);
	put_us(t->f, time);
	fprintf(t->f, ",\"args\":{\"%s\":%" PRId64 "}}", arg, value);
}

/* The start ('b') or end ('e') of task's wait on an object. */
static void wait_slice(struct trace *t, char ph, uint32_t task, const char *name, sim_time_t time)
{
	begin_event(t);
	fputs("{\"name\":", t->f);
	put_string(t->f, name);
	fprintf(t->f, ",\"cat\":\"wait\",\"ph\":\"%c\",\"id\":%u,\"pid\":1,\"ts\":", ph, task);
	put_us(t->f, time);
	fputs("}", t->f);
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
	default:
		break;
	}
}

struct record_sink trace_sink(struct trace *t)
{
	return (struct record_sink){ .emit = trace_emit, .ctx = t, .want_why = false };
}

bool trace_finish(struct trace *t, sim_time_t end, GError **error)
{
	struct run_span sp;
	int rc;

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
	fputs("\n]}\n", t->f);
	rc = ferror(t->f) ? EIO : 0;
	if (fclose(t->f) != 0 && !rc)
		rc = errno;
	t->f = NULL;
	if (!rc && g_rename(t->tmp, t->path) != 0)
		rc = errno;
	if (rc) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(rc),
			    "--trace %s: cannot write it: %s", t->path, g_strerror(rc));
		return false;
	}
	t->finished = true;
	return true;
}

void trace_free(struct trace *t)
{
	if (!t)
		return;
	if (t->f)
		fclose(t->f);
	if (t->tmp && !t->finished)
		g_unlink(t->tmp);
	run_tracker_free(t->rt);
	if (t->waits)
		g_hash_table_destroy(t->waits);
	g_free(t->buf);
	g_free(t->tmp);
	g_free(t->path);
	g_free(t);
}
