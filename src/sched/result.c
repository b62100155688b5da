/*
 * result.c - the life cycle of a run_result: the scheduler core fills it,
 * the caller clears it when the reports are written.
 */
#include <string.h>

#include <glib.h>

#include "base/bigmem.h"
#include "sched/result.h"

void run_result_clear(struct run_result *r)
{
	if (!r)
		return;
	if (r->names)
		g_string_chunk_free(r->names); /* kind points to a static string */
	else
		for (uint32_t i = 0; r->tasks && i < r->ntasks; i++)
			g_free(r->tasks[i].name);
	if (r->tasks_map)
		bigmem_free(r->tasks, r->tasks_map);
	else
		g_free(r->tasks);
	g_free(r->cpus);
	for (uint32_t i = 0; r->objects && i < r->nobjects; i++)
		g_free(r->objects[i].name);
	g_free(r->objects);
	for (uint32_t i = 0; r->deadlock.tasks && i < r->deadlock.ntasks; i++) {
		g_free(r->deadlock.tasks[i].task);
		g_strfreev(r->deadlock.tasks[i].holds);
		g_free(r->deadlock.tasks[i].wants);
	}
	g_free(r->deadlock.tasks);
	hist_free(r->sched_latency);
	for (uint32_t i = 0; r->groups && i < r->ngroups; i++) {
		g_free(r->groups[i].name);
		hist_free(r->groups[i].sched_latency);
	}
	g_free(r->groups);
	g_free(r->backlog);
	g_free(r->scenario);
	g_free(r->policy);
	g_free(r->model);
	memset(r, 0, sizeof(*r));
}
