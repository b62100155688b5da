/*
 * csv.c - one header line and one row per task, times in integer ns, for
 * spreadsheets and scripts. A value that does not exist (the first run of a
 * task that never ran, the completion of an unfinished one) is an empty
 * field. Names are quoted per RFC 4180 when they hold a comma, a quote or a
 * line break. A scenario that declares objects gets a second table after a
 * blank line: one row per object.
 */
#include <inttypes.h>
#include <string.h>

#include "report/report.h"

void report_csv_field(GString *out, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n") && s[0] != ' ' && (!*s || s[strlen(s) - 1] != ' ')) {
		g_string_append(out, s);
		return;
	}
	g_string_append_c(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			g_string_append_c(out, '"');
		g_string_append_c(out, *s);
	}
	g_string_append_c(out, '"');
}

/* ",value", or "," alone when the value does not exist. */
static void csv_time(GString *out, bool exists, sim_time_t t)
{
	g_string_append_c(out, ',');
	if (exists)
		g_string_append_printf(out, "%" PRId64, t);
}

void report_csv(const struct run_result *r, GString *out)
{
	g_string_append(out, "task,id,kind,arrival_ns,first_run_ns,completion_ns,turnaround_ns,"
			     "waiting_ns,response_ns,cpu_ns,voluntary_switches,"
			     "involuntary_switches\n");
	for (uint32_t i = 0; i < r->ntasks; i++) {
		const struct task_result *t = &r->tasks[i];
		bool ran = t->first_run != SIM_TIME_NONE;
		bool done = t->completion != SIM_TIME_NONE;

		report_csv_field(out, t->name);
		g_string_append_printf(out, ",%" PRIu32 ",", t->id);
		report_csv_field(out, t->kind);
		csv_time(out, t->arrival != SIM_TIME_NONE, t->arrival);
		csv_time(out, ran, t->first_run);
		csv_time(out, done, t->completion);
		csv_time(out, done, t->completion - t->arrival);
		csv_time(out, true, t->waiting);
		csv_time(out, ran, t->first_run - t->arrival);
		csv_time(out, true, t->cpu);
		g_string_append_printf(out, ",%" PRIu32 ",%" PRIu32 "\n", t->voluntary,
				       t->involuntary);
	}
	if (!r->nobjects)
		return;
	/* The objects, when the scenario declares some: a second table. */
	g_string_append(out, "\nobject,kind,acquisitions,contended,wait_total_ns,wait_max_ns,"
			     "hold_total_ns,hold_max_ns,bytes,messages,writers_blocked_ns,"
			     "readers_blocked_ns\n");
	for (uint32_t i = 0; i < r->nobjects; i++) {
		const struct object_result *o = &r->objects[i];

		report_csv_field(out, o->name);
		g_string_append_c(out, ',');
		report_csv_field(out, o->kind);
		g_string_append_printf(
			out,
			",%" PRIu64 ",%" PRIu64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64
			",%" PRIu64 ",%" PRIu64 ",%" PRId64 ",%" PRId64 "\n",
			o->acquisitions, o->contended, o->wait_total, o->wait_max, o->hold_total,
			o->hold_max, o->bytes, o->messages, o->writers_blocked, o->readers_blocked);
	}
}
