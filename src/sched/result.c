/*
 * result.c - the life cycle of a run_result: the scheduler core fills it,
 * the caller clears it when the reports are written.
 */
#include <string.h>

#include <glib.h>

#include "base/bigmem.h"
#include "sched/result.h"

/*
 * The bytes of n results, and whether they are on one huge page
 * (bigmem.h): one page fault for a run of some thousands of tasks instead
 * of one for every 51. From BIGMEM_HUGE up they come from malloc, 4 KiB
 * pages each written as the results are copied while the task slots
 * behind them are given back (sim_result_take): a huge page there would
 * raise the run's peak by up to 2 MiB.
 */
static size_t tasks_bytes(uint32_t n, bool *one_page)
{
	size_t size = MAX(n, 1u) * sizeof(struct task_result);

	*one_page = size >= BIGMEM_ONE && size < BIGMEM_HUGE;
	return size;
}

struct task_result *run_result_tasks_new(uint32_t n)
{
	bool one_page;
	size_t size = tasks_bytes(n, &one_page);
	struct task_result *t;

	if (!one_page)
		return g_malloc0(size);
	t = bigmem_alloc0(size);
	if (!t) /* as g_malloc0 does */
		g_error("%s: failed to allocate %zu bytes", G_STRLOC, size);
	return t;
}

/* As run_result_tasks_new gave them. */
static void tasks_free(struct task_result *t, uint32_t n)
{
	bool one_page;
	size_t size = tasks_bytes(n, &one_page);

	if (one_page)
		bigmem_free(t, size);
	else
		g_free(t);
}

void run_result_clear(struct run_result *r)
{
	if (!r)
		return;
	if (r->names)
		g_string_chunk_free(r->names); /* kind points to a static string */
	else
		for (uint32_t i = 0; r->tasks && i < r->ntasks; i++)
			g_free(r->tasks[i].name);
	tasks_free(r->tasks, r->ntasks);
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
