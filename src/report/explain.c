/*
 * explain.c - the --explain sink: one line per record, with the policy's
 * reason when it gave one.
 *
 *       4.00 ms  cpu0  dispatch  P2            rr: head of the ready queue; quantum 4.00 ms
 *       9.00 ms  cpu0  block     P2            io for 5.00 ms
 *
 * Columns: the time in the scenario's unit right-aligned in 11 characters,
 * the CPU ("-" for arrivals and wakeups), the kind, the task ("-" for an idle
 * CPU) in 12 characters, then the details. A wider value pushes the rest of
 * its line right rather than being cut. Lengths (a switch, a block, a
 * creation) are shown in the scenario's unit, or in a finer one when shorter
 * than one unit, so a 2 us switch in a ms scenario reads "2.00 us", not
 * "0.00 ms". A wake-up at the end of a timed block says which one ended:
 * "io for 5.00 ms done".
 */
#include <string.h>

#include "base/units.h"
#include "report/report.h"

#define EXPLAIN_TIME_WIDTH 11
#define EXPLAIN_CPU_WIDTH  4
#define EXPLAIN_KIND_WIDTH 8
#define EXPLAIN_TASK_WIDTH 12

struct explain {
	GString *out;	    /* lines are appended here; not owned */
	sim_time_t unit;    /* the scenario's time unit */
	GString *scratch;   /* one line's details, reused */
	GString *time;	    /* one line's time, reused */
	GHashTable *asleep; /* task id -> "io for 5.00 ms": its timed block, until it wakes */
};

struct explain *explain_new(GString *out, sim_time_t unit)
{
	struct explain *x = g_new0(struct explain, 1);

	x->out = out;
	x->unit = unit;
	x->scratch = g_string_new(NULL);
	x->time = g_string_new(NULL);
	x->asleep = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	return x;
}

void explain_free(struct explain *x)
{
	if (!x)
		return;
	g_string_free(x->scratch, TRUE);
	g_string_free(x->time, TRUE);
	g_hash_table_unref(x->asleep);
	g_free(x);
}

/* A length in `unit`, or in the largest of us, ns below it that is <= len. */
static void format_length(GString *out, sim_time_t len, sim_time_t unit)
{
	const char *suffix = units_suffix(unit);

	if (!strcmp(suffix, "ns"))
		unit = SIM_NS; /* an unknown unit is shown in ns too */
	while (unit > SIM_NS && len < unit)
		unit /= 1000;
	units_time_in(out, len, unit);
}

static void pad(GString *out, gsize start, gsize width)
{
	while (out->len - start < width)
		g_string_append_c(out, ' ');
}

/* The text after the task: the reason and the record's length, if any. */
static void details(const struct explain *x, const struct record *r, GString *d)
{
	const char *why = r->why && *r->why ? r->why : NULL;

	g_string_truncate(d, 0);
	switch (r->kind) {
	case REC_BLOCK:
		/* "lock m" (", held by L" in its reason when one task holds
		 * it): a wait on an object lasts until someone wakes it */
		if (r->wait_on) {
			g_string_append(d, why ? why : r->wait_on);
			return;
		}
		/* "io for 5.00 ms": the reason names what the task waits for */
		if (why)
			g_string_append_printf(d, "%s ", why);
		g_string_append(d, "for ");
		format_length(d, r->length, x->unit);
		return;
	case REC_DISPATCH:
		if (why)
			g_string_append(d, why);
		if (r->length > 0) {
			g_string_append(d, why ? "; after a " : "after a ");
			format_length(d, r->length, x->unit);
			g_string_append(d, " switch");
		}
		return;
	case REC_ARRIVE:
		if (why) {
			g_string_append(d, why);
		} else if (r->length > 0) {
			g_string_append(d, "creation takes ");
			format_length(d, r->length, x->unit);
		}
		return;
	case REC_WAKE:
		if (why) {
			g_string_append(d, why); /* "woken by P1" */
		} else {
			const char *slept =
				g_hash_table_lookup(x->asleep, GUINT_TO_POINTER(r->task));

			if (slept)
				g_string_append_printf(d, "%s done", slept);
		}
		return;
	default:
		if (why)
			g_string_append(d, why);
		return;
	}
}

/* One line: time, CPU (-1: "-"), kind, task (NULL: "-"), details. */
static void put_line(struct explain *x, sim_time_t time, int cpu, const char *kind,
		     const char *task, const char *details)
{
	GString *out = x->out;
	gsize start = out->len, col;

	g_string_truncate(x->time, 0);
	units_time_in(x->time, time, x->unit);
	if (x->time->len < EXPLAIN_TIME_WIDTH)
		g_string_append_printf(out, "%*s", (int)(EXPLAIN_TIME_WIDTH - x->time->len), "");
	g_string_append(out, x->time->str);

	g_string_append(out, "  ");
	col = out->len;
	if (cpu >= 0)
		g_string_append_printf(out, "cpu%d", cpu);
	else
		g_string_append_c(out, '-');
	pad(out, col, EXPLAIN_CPU_WIDTH);

	g_string_append(out, "  ");
	col = out->len;
	g_string_append(out, kind);
	pad(out, col, EXPLAIN_KIND_WIDTH);

	g_string_append(out, "  ");
	col = out->len;
	g_string_append(out, task ? task : "-");
	pad(out, col, EXPLAIN_TASK_WIDTH);

	g_string_append(out, "  ");
	g_string_append(out, details);
	while (out->len > start && out->str[out->len - 1] == ' ')
		g_string_truncate(out, out->len - 1);
	g_string_append_c(out, '\n');
}

static void explain_emit(void *ctx, const struct record *r)
{
	struct explain *x = ctx;

	if (r->kind == REC_QUEUE || r->kind == REC_MEMORY || r->kind == REC_LOAD)
		return; /* counters are for charts and traces */
	details(x, r, x->scratch);
	put_line(x, r->time, r->cpu, record_kind_name(r->kind), r->task_name, x->scratch->str);
	if (r->kind == REC_BLOCK && !r->wait_on)
		g_hash_table_insert(x->asleep, GUINT_TO_POINTER(r->task),
				    g_strdup(x->scratch->str));
	else if (r->kind == REC_WAKE || r->kind == REC_EXIT)
		g_hash_table_remove(x->asleep, GUINT_TO_POINTER(r->task));
}

void explain_deadlock(struct explain *x, const struct deadlock_result *d)
{
	if (!d->found)
		return;
	for (uint32_t i = 0; i < d->ntasks; i++) {
		const struct deadlock_task *t = &d->tasks[i];

		g_string_truncate(x->scratch, 0);
		if (t->holds && t->holds[0]) {
			g_autofree char *h = g_strjoinv(", ", t->holds);

			g_string_append_printf(x->scratch, "holds %s, ", h);
		}
		g_string_append_printf(x->scratch, "waits to %s %s", t->op, t->wants);
		if (i == 0)
			g_string_append(x->scratch, d->cycle ? " (a cycle of waits)"
							     : " (blocked for good, no cycle)");
		put_line(x, d->time, -1, "deadlock", t->task, x->scratch->str);
	}
}

struct record_sink explain_sink(struct explain *x)
{
	return (struct record_sink){ .emit = explain_emit, .ctx = x, .want_why = true };
}
