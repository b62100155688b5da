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
 * on floating point or the locale, and as N alone when the three decimals
 * would be 000 (a whole microsecond, as most times of a scenario in ms are).
 * A slice's switch_ns is written only when a switch cost was paid, as its
 * blocked_ns only when it blocked: under a model of zero costs (teaching)
 * no slice carries one.
 *
 * A slice (two records: its dispatch and what stopped it) is most of a
 * trace, so its text is made from parts kept between slices: per CPU, its
 * text from the name's closing quote to the timestamp; the last duration's
 * text; a timestamp's digits above its last four (they change every 10 ms);
 * the tracker's copy of the name, checked for JSON a word at a time. The
 * bytes are those the parts would give made afresh.
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/units.h"
#include "report/fmt.h"
#include "report/outfile.h"
#include "report/runs.h"
#include "report/trace.h"

/*
 * The text is handed to the file in pieces of exactly this size, the bytes
 * past it kept for the next, so that every write but the last starts and
 * ends at a multiple of it in the file: the page cache then fills whole
 * pages, and large ones (folios), rather than each write ending in a page
 * the next one fills again (on ext4, 77 MB written in pieces of 256 KiB
 * took 13.3 ms of CPU time aligned, 16.6 ms with each piece 150 bytes off).
 * Each page of the buffer costs a page fault when it is first written, and
 * each write call a fixed cost in the kernel (the file's times, its locks):
 * a quarter of a MiB makes 64 faults and some 300 write calls for a trace
 * of 77 MB, where 1 MiB made 257 faults and 74 calls, and on a virtual
 * machine with shadow page tables a fault costs as much as three or four
 * write calls.
 */
#define TRACE_BUFFER (1 << 18)

/* See struct trace's slice_head. */
struct slice_head {
	char text[64];
	unsigned len;
};

/*
 * A counter track's fixed text, made once: up to its timestamp
 * ({"name":"run queue cpu0","ph":"C","pid":1,"ts":), and from there to
 * its value (,"args":{"ready":).
 */
struct counter_text {
	GString *head, *tail;
};

struct trace {
	struct outfile *file; /* the target, through a temporary */
	char *path;	      /* the target, as given */
	uint64_t written;     /* bytes handed to the file */
	GString *out;	      /* what is not written yet, up to TRACE_BUFFER */
	uint32_t ncpus;
	struct run_tracker *rt;
	bool finished;
	bool failed;	     /* a write failed: the run is to stop (see trace_sink) */
	GPtrArray *waits;    /* by task id: what it waits on (g_strdup), NULL: not waiting */
	uint32_t open_waits; /* non-NULL entries of waits */
	/* The last duration written and its text, from its key ,"dur": to the
	 * task's key ,"args":{"task": that follows it in a slice: slices often
	 * last as long as the one before (a full quantum). */
	sim_time_t dur;
	unsigned dur_len;
	char dur_text[48];
	/* The microseconds of the last timestamp written but their last four
	 * digits, and their text (put_ts): times close together share it. */
	uint64_t ts_high;
	unsigned ts_high_len;
	char ts_high_text[16];
	/* Per CPU, a slice's text from its name's closing quote to its
	 * timestamp: ","cat":"run","ph":"X","pid":1,"tid":0,"ts": */
	struct slice_head *slice_head;
	int64_t *last_queue; /* per CPU, then the global queue: the value last written */
	int64_t last_memory;
	/* The counters' text: run queue and load per CPU (the global queue's
	 * after the CPUs' run queues), memory. */
	struct counter_text *queue_text, *load_text, memory_text;
};

/*
 * Room at the cursor for one event but for the strings fmt_put_json sends
 * the long way: its fixed text, numbers and two inline strings.
 */
#define EVENT_ROOM 512

static void put_string(GString *f, const char *s)
{
	fmt_json_string(f, s);
}

/* ns as microseconds at d, three decimals unless all 0: 1234567 -> 1234.567, 1234000 -> 1234 */
static char *put_us(char *d, sim_time_t ns)
{
	uint64_t u;
	unsigned frac;

	if (ns < 0) {
		*d++ = '-';
		u = (uint64_t)0 - (uint64_t)ns;
	} else {
		u = (uint64_t)ns;
	}
	d = fmt_put_u64(d, u / 1000);
	frac = (unsigned)(u % 1000);
	if (!frac)
		return d;
	d[0] = '.';
	d[1] = (char)('0' + frac / 100);
	memcpy(d + 2, &decimal_pairs[2 * (frac % 100)], 2);
	return d + 4;
}

/*
 * A timestamp at d, as put_us writes it. Its microseconds but the last four
 * digits (the high part, which changes every 10 ms) are copied from the
 * text made for the timestamp before when they are the same; the last four
 * digits and the decimals (if any) are made each time.
 */
static char *put_ts(struct trace *t, char *d, sim_time_t ns)
{
	uint64_t high;
	uint32_t rest, low, frac;

	if (ns < 10000 * SIM_US) /* no high part (or negative) */
		return put_us(d, ns);
	high = (uint64_t)ns / (10000 * SIM_US);
	rest = (uint32_t)((uint64_t)ns - high * (10000 * SIM_US)); /* < 10^7 ns */
	low = rest / 1000;
	frac = rest % 1000;
	if (high != t->ts_high) {
		t->ts_high = high;
		t->ts_high_len =
			(unsigned)(decimal_put_u64(t->ts_high_text, high) - t->ts_high_text);
	}
	memcpy(d, t->ts_high_text, sizeof(t->ts_high_text)); /* the room is there */
	d += t->ts_high_len;
	decimal_put4(d, low);
	if (!frac)
		return d + 4;
	d[4] = '.';
	d[5] = (char)('0' + frac / 100);
	decimal_put2(d + 6, frac % 100);
	return d + 8;
}

/*
 * A slice's ,"dur": and duration at d, then the key of its task
 * (,"args":{"task":), the text made again only when the duration changed.
 */
static char *put_dur(struct trace *t, char *d, sim_time_t ns)
{
	if (ns != t->dur) {
		char *e = FMT_PUT_LIT(t->dur_text, ",\"dur\":");

		e = FMT_PUT_LIT(put_us(e, ns), ",\"args\":{\"task\":");
		t->dur_len = (unsigned)(e - t->dur_text);
		t->dur = ns;
	}
	memcpy(d, t->dur_text, sizeof(t->dur_text)); /* the room is there: one known-size copy */
	return d + t->dur_len;
}

/*
 * The separator before an event at d; the end. The header writes the first
 * event (the process's name) itself: every other follows one.
 */
static char *begin_at(char *d)
{
	memcpy(d, ",\n", 2);
	return d + 2;
}

static void begin_event(struct trace *t)
{
	fmt_commit(t->out, begin_at(fmt_reserve(t->out, 2)));
}

static void counter_text_init(struct counter_text *c, const char *name, const char *arg)
{
	c->head = g_string_new("{\"name\":");
	put_string(c->head, name);
	g_string_append(c->head, ",\"ph\":\"C\",\"pid\":1,\"ts\":");
	c->tail = g_string_new(",\"args\":{\"");
	g_string_append(c->tail, arg);
	g_string_append(c->tail, "\":");
}

static void counter_text_clear(struct counter_text *c)
{
	if (c->head)
		g_string_free(c->head, TRUE);
	if (c->tail)
		g_string_free(c->tail, TRUE);
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
	g_string_append(t->out,
			"\n{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"args\":{\"name\":");
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
	t->path = g_strdup(path);
	t->out = g_string_sized_new(TRACE_BUFFER + 4096);
	t->ncpus = info->ncpus;
	t->rt = run_tracker_new(info->ncpus);
	t->last_queue = g_new(int64_t, info->ncpus + 1);
	for (uint32_t i = 0; i <= info->ncpus; i++)
		t->last_queue[i] = -1; /* never written yet */
	t->last_memory = -1;
	t->dur = -1; /* no slice yet: durations are never negative */
	t->queue_text = g_new0(struct counter_text, info->ncpus + 1);
	t->load_text = g_new0(struct counter_text, info->ncpus);
	for (uint32_t i = 0; i < info->ncpus; i++) {
		char name[32];

		g_snprintf(name, sizeof(name), "run queue cpu%u", i);
		counter_text_init(&t->queue_text[i], name, "ready");
		g_snprintf(name, sizeof(name), "load cpu%u", i);
		counter_text_init(&t->load_text[i], name, "pelt");
	}
	t->slice_head = g_new(struct slice_head, info->ncpus ? info->ncpus : 1);
	for (uint32_t i = 0; i < info->ncpus; i++) {
		struct slice_head *h = &t->slice_head[i];

		h->len = (unsigned)g_snprintf(
			h->text, sizeof(h->text),
			"\",\"cat\":\"run\",\"ph\":\"X\",\"pid\":1,\"tid\":%u,\"ts\":", i);
	}
	counter_text_init(&t->queue_text[info->ncpus], "run queue (global)", "ready");
	counter_text_init(&t->memory_text, "memory", "bytes");
	t->waits = g_ptr_array_new_with_free_func(g_free);
	header(t, info);
	return t;
}

/* Hand the first n bytes buffered to the file, keep the rest; false once a write has failed. */
static bool flush(struct trace *t, gsize n)
{
	bool ok = outfile_write(t->file, t->out->str, n);

	t->written += n;
	g_string_erase(t->out, 0, (gssize)n);
	return ok;
}

bool trace_failed(const struct trace *t)
{
	return t->failed;
}

/*
 * What closed a slice, as its "stopped" argument, from the key before it to
 * the value's closing quote: one fixed-size copy (the room is there). By
 * record kind; the kinds that close no slice, and REC__COUNT (the end of the
 * run), have the end's.
 */
struct stop_text {
	char text[48];
	unsigned len;
};

#define STOP_TEXT(s)                                                                               \
	{                                                                                          \
		",\"stopped\":\"" s "\"", sizeof(",\"stopped\":\"" s "\"") - 1                     \
	}

static const struct stop_text *stop_text(enum record_kind k)
{
	static const struct stop_text end = STOP_TEXT("end of run");
	static const struct stop_text by_kind[REC__COUNT] = {
		[REC_PREEMPT] = STOP_TEXT("preempted"),
		[REC_EXPIRE] = STOP_TEXT("slice expired"),
		[REC_YIELD] = STOP_TEXT("yielded"),
		[REC_BLOCK] = STOP_TEXT("blocked"),
		[REC_EXIT] = STOP_TEXT("exited"),
		[REC_DISPATCH] = STOP_TEXT("next task dispatched"),
		[REC_IDLE] = STOP_TEXT("cpu idle"),
	};

	if ((unsigned)k < REC__COUNT && by_kind[k].len)
		return &by_kind[k];
	return &end;
}

/*
 * A span's name as a JSON string at d, but its closing quote: its whole
 * buffer copied at once (the room is there), and checked in words where it
 * lies, in the tracker's buffer (fmt_plain_prefix); a name that needs
 * escaping goes the long way.
 */
static char *put_span_name(struct trace *t, char *d, const struct run_span *sp)
{
	*d = '"';
	memcpy(d + 1, sp->name, RUN_NAME_MAX);
	if (G_LIKELY(fmt_plain_prefix(sp->name, sp->name_len)))
		return d + 1 + sp->name_len;
	return fmt_put_json(t->out, d, sp->name, EVENT_ROOM) - 1;
}

static void slice(struct trace *t, const struct run_span *sp)
{
	const struct stop_text *stop = stop_text(sp->stop);
	const struct slice_head *head;
	char *d = begin_at(fmt_reserve(t->out, EVENT_ROOM));

	g_assert(sp->cpu >= 0 && (uint32_t)sp->cpu < t->ncpus); /* the tracker's lanes */
	head = &t->slice_head[sp->cpu];
	d = FMT_PUT_LIT(d, "{\"name\":");
	d = put_span_name(t, d, sp);
	memcpy(d, head->text, sizeof(head->text));
	d = put_ts(t, d + head->len, sp->start);
	d = put_dur(t, d, sp->end - sp->start);
	d = fmt_put_u64(d, sp->task);
	memcpy(d, stop->text, sizeof(stop->text));
	d += stop->len;
	if (sp->switch_ns) {
		d = FMT_PUT_LIT(d, ",\"switch_ns\":");
		d = fmt_put_i64(d, sp->switch_ns);
	}
	if (sp->stop == REC_BLOCK) {
		d = FMT_PUT_LIT(d, ",\"blocked_ns\":");
		d = fmt_put_i64(d, sp->blocked_for);
	}
	if (sp->blocked_on) {
		d = FMT_PUT_LIT(d, ",\"blocked_on\":");
		d = fmt_put_json(t->out, d, sp->blocked_on, EVENT_ROOM);
	}
	fmt_commit(t->out, FMT_PUT_LIT(d, "}}"));
}

static void instant(struct trace *t, const struct record *r, const char *name, uint32_t tid)
{
	const char *cat = record_kind_name(r->kind);
	char *d = begin_at(fmt_reserve(t->out, EVENT_ROOM));

	d = FMT_PUT_LIT(d, "{\"name\":");
	d = fmt_put_json(t->out, d, name, EVENT_ROOM);
	d = FMT_PUT_LIT(d, ",\"cat\":\"");
	d = fmt_put(d, cat, strlen(cat));
	d = FMT_PUT_LIT(d, "\",\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":");
	d = fmt_put_u64(d, tid);
	d = FMT_PUT_LIT(d, ",\"ts\":");
	d = put_us(d, r->time);
	d = FMT_PUT_LIT(d, ",\"args\":{\"task\":");
	d = fmt_put_u64(d, r->task);
	d = FMT_PUT_LIT(d, ",\"name\":");
	d = fmt_put_json(t->out, d, r->task_name, EVENT_ROOM);
	fmt_commit(t->out, FMT_PUT_LIT(d, "}}"));
}

/*
 * A counter's new value; `last` keeps the value it last showed, so that a
 * value that did not change (a dispatch re-queues and picks: the queue is as
 * long as before) is not written again: a counter track holds its value.
 */
static void counter(struct trace *t, const struct counter_text *c, sim_time_t time, int64_t value,
		    int64_t *last)
{
	char *d;

	if (last) {
		if (*last == value)
			return;
		*last = value;
	}
	d = begin_at(fmt_reserve(t->out, c->head->len + c->tail->len + EVENT_ROOM));
	d = fmt_put(d, c->head->str, c->head->len);
	d = put_us(d, time);
	d = fmt_put(d, c->tail->str, c->tail->len);
	d = fmt_put_i64(d, value);
	fmt_commit(t->out, FMT_PUT_LIT(d, "}}"));
}

/* A counter of a track with no text made (a CPU out of range). */
static void counter_once(struct trace *t, const char *name, const char *arg, sim_time_t time,
			 int64_t value, int64_t *last)
{
	struct counter_text c;

	counter_text_init(&c, name, arg);
	counter(t, &c, time, value, last);
	counter_text_clear(&c);
}

/* The start ('b') or end ('e') of task's wait on an object. */
static void wait_slice(struct trace *t, char ph, uint32_t task, const char *name, sim_time_t time)
{
	char *d = begin_at(fmt_reserve(t->out, EVENT_ROOM));

	d = FMT_PUT_LIT(d, "{\"name\":");
	d = fmt_put_json(t->out, d, name, EVENT_ROOM);
	d = FMT_PUT_LIT(d, ",\"cat\":\"wait\",\"ph\":\"");
	*d++ = ph;
	d = FMT_PUT_LIT(d, "\",\"id\":");
	d = fmt_put_u64(d, task);
	d = FMT_PUT_LIT(d, ",\"pid\":1,\"ts\":");
	d = put_us(d, time);
	fmt_commit(t->out, FMT_PUT_LIT(d, "}"));
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
	fmt_commit(t->out, put_us(fmt_reserve(t->out, FMT_INT_MAX + 4), r->time));
	g_string_append_printf(
		t->out, ",\"args\":{\"task\":%u,\"from_cpu\":%" PRId64 ",\"to_cpu\":%d,\"reason\":",
		r->task, (int64_t)r->length, r->cpu);
	put_string(t->out, r->why ? r->why : "");
	g_string_append(t->out, "}}");
}

/* "PREFIX NAME" in buf, cut as g_snprintf cuts (NULL name: "?"). */
static const char *prefixed(char *buf, size_t size, const char *prefix, const char *name)
{
	size_t n = strlen(prefix), m = strlen(name ? name : "?");

	memcpy(buf, prefix, n);
	if (m > size - 1 - n)
		m = size - 1 - n;
	memcpy(buf + n, name ? name : "?", m);
	buf[n + m] = '\0';
	return buf;
}

/* Task id now waits on `on` (copied), or no longer waits (NULL). */
static void wait_set(struct trace *t, uint32_t id, const char *on)
{
	if (id >= t->waits->len) {
		if (!on)
			return;
		g_ptr_array_set_size(t->waits, id + 1);
	}
	if (t->waits->pdata[id])
		t->open_waits--;
	g_free(t->waits->pdata[id]);
	t->waits->pdata[id] = on ? g_strdup(on) : NULL;
	if (on)
		t->open_waits++;
}

/* A counter record: a run queue's length, memory in use, a CPU's load. */
static G_GNUC_NO_INLINE void counter_record(struct trace *t, const struct record *r)
{
	char name[64];

	switch (r->kind) {
	case REC_QUEUE: {
		uint32_t i =
			r->cpu >= 0 && (uint32_t)r->cpu < t->ncpus ? (uint32_t)r->cpu : t->ncpus;

		if (t->last_queue[i] == r->length)
			break; /* unchanged, as most queue records: the track holds its value */
		if (r->cpu < 0 || i < t->ncpus) {
			counter(t, &t->queue_text[i], r->time, r->length, &t->last_queue[i]);
		} else {
			g_snprintf(name, sizeof(name), "run queue cpu%d", r->cpu);
			counter_once(t, name, "ready", r->time, r->length, &t->last_queue[i]);
		}
		break;
	}
	case REC_MEMORY:
		counter(t, &t->memory_text, r->time, r->length, &t->last_memory);
		break;
	default:
		if (r->cpu >= 0 && (uint32_t)r->cpu < t->ncpus) {
			counter(t, &t->load_text[r->cpu], r->time, r->length, NULL);
		} else {
			g_snprintf(name, sizeof(name), "load cpu%d", r->cpu);
			counter_once(t, name, "pelt", r->time, r->length, NULL);
		}
		break;
	}
}

/*
 * The events of a record but the slice it closes and counters: waits and
 * instants (not inlined: the hot path of trace_emit keeps a small frame).
 */
static G_GNUC_NO_INLINE void events(struct trace *t, const struct record *r)
{
	char name[64];

	switch (r->kind) {
	case REC_BLOCK:
		if (r->wait_on) {
			wait_slice(t, 'b', r->task, r->wait_on, r->time);
			wait_set(t, r->task, r->wait_on);
		}
		break;
	case REC_WAKE: {
		const char *on = r->task < t->waits->len ? t->waits->pdata[r->task] : NULL;

		if (on) {
			wait_slice(t, 'e', r->task, on, r->time);
			wait_set(t, r->task, NULL);
		}
		prefixed(name, sizeof(name), "wake ", r->task_name);
		instant(t, r, name, t->ncpus);
		break;
	}
	case REC_ARRIVE:
		prefixed(name, sizeof(name), "arrive ", r->task_name);
		instant(t, r, name, t->ncpus);
		break;
	case REC_PREEMPT:
		prefixed(name, sizeof(name), "preempt ", r->task_name);
		instant(t, r, name, r->cpu >= 0 ? (uint32_t)r->cpu : t->ncpus);
		break;
	case REC_MIGRATE:
		migration(t, r);
		break;
	case REC_RUN:
		/* A carrier thread switches to a coroutine, goroutine or request. */
		prefixed(name, sizeof(name), "run ", r->task_name);
		instant(t, r, name, r->cpu >= 0 ? (uint32_t)r->cpu : t->ncpus);
		break;
	case REC_REJECT:
		instant(t, r, "reject", t->ncpus);
		break;
	default:
		break;
	}
}

/* The kinds that events() writes something for. */
#define EVENT_KINDS                                                                                \
	((1u << REC_BLOCK) | (1u << REC_WAKE) | (1u << REC_ARRIVE) | (1u << REC_PREEMPT) |         \
	 (1u << REC_MIGRATE) | (1u << REC_RUN) | (1u << REC_REJECT))

static void trace_emit(void *ctx, const struct record *r)
{
	struct trace *t = ctx;
	const struct run_span *sp;

	switch (r->kind) {
	case REC_QUEUE:
	case REC_MEMORY:
	case REC_LOAD:
		/* Counters (most records: a queue's length, often the same
		 * again) never open or close an interval: the tracker need not
		 * see them. */
		counter_record(t, r);
		break;
	default:
		sp = run_tracker_step(t->rt, r);
		if (sp)
			slice(t, sp);
		else if (!((1u << r->kind) & EVENT_KINDS))
			return; /* nothing written (a dispatch that closed nothing) */
		if ((1u << r->kind) & EVENT_KINDS)
			events(t, r);
		break;
	}
	/* the first write that fails stops the run (the sink's halt flag) */
	if (t->out->len >= TRACE_BUFFER && !flush(t, TRACE_BUFFER))
		t->failed = true;
}

struct record_sink trace_sink(struct trace *t)
{
	return (struct record_sink){
		.emit = trace_emit,
		.ctx = t,
		.want_why = false,
		.why_unread = true, /* only a migration's reason is written */
		.halt = &t->failed,
	};
}

bool trace_finish(struct trace *t, sim_time_t end, GError **error)
{
	struct run_span sp;
	struct outfile *file = t->file;

	while (run_tracker_close_next(t->rt, end, &sp))
		slice(t, &sp);
	/* Waits still open (a deadlock): closed at the end, in task order. */
	for (uint32_t id = 0; t->open_waits > 0 && id < t->waits->len; id++) {
		const char *on = t->waits->pdata[id];

		if (on) {
			wait_slice(t, 'e', id, on, end);
			wait_set(t, id, NULL);
		}
	}
	g_string_append(t->out, "\n]}\n");
	flush(t, t->out->len);
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
		g_ptr_array_unref(t->waits);
	g_free(t->last_queue);
	for (uint32_t i = 0; t->queue_text && i <= t->ncpus; i++)
		counter_text_clear(&t->queue_text[i]);
	for (uint32_t i = 0; t->load_text && i < t->ncpus; i++)
		counter_text_clear(&t->load_text[i]);
	counter_text_clear(&t->memory_text);
	g_free(t->queue_text);
	g_free(t->load_text);
	g_free(t->slice_head);
	g_free(t->path);
	if (t->out)
		g_string_free(t->out, TRUE);
	g_free(t);
}

uint64_t trace_bytes(const struct trace *t)
{
	return t->written;
}

void trace_size_note(GString *msg, const char *path, uint64_t bytes)
{
	g_autofree char *size = NULL, *quoted = NULL;

	if (bytes < TRACE_LARGE)
		return;
	size = units_bytes_text(bytes);
	/* standard output ("-", as outfile.h reads it): the file it went to is the user's */
	if (!strcmp(path, "-") || !strcmp(path, "/dev/stdout"))
		path = NULL;
	quoted = path ? g_shell_quote(path) : g_strdup("FILE.json");
	g_string_append_printf(msg,
			       "trace: %s written to %s; Perfetto's web UI may run out of memory "
			       "loading a JSON trace this large. Serve it with trace_processor "
			       "(from perfetto.dev), then open ui.perfetto.dev, which uses it:\n"
			       "  trace_processor --httpd %s\n",
			       size, path ? path : "standard output", quoted);
}

void trace_note(const struct trace *t, GString *msg)
{
	trace_size_note(msg, t->path, t->written);
}
