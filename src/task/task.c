/*
 * task.c - a task's identity and the names of things; see task.h.
 */
#include "task/task.h"

#include <glib.h>
#include <string.h>

void task_init(struct task *t, const struct task_group *g, uint32_t id, uint32_t index)
{
	memset(t, 0, sizeof(*t));
	t->group = g;
	t->id = id;
	t->index = index;
	t->state = TASK_NEW;
	t->cpu = -1;
	t->first_run = SIM_TIME_NONE;
	t->last_ran = SIM_TIME_NONE;
	t->parent = NULL;
	t->priority = g->priority;
	t->nice = g->nice;
	t->tickets = g->tickets ? g->tickets : 1;
}

/* Up to 10 digits of a uint32_t, "]" and the NUL. */
#define INDEX_ROOM 12

size_t task_name_index_at(const struct task_group *g, size_t size)
{
	size_t n;

	if (g->single)
		return 0;
	n = strlen(g->name) + 1; /* the group's name and '[' */
	return n + INDEX_ROOM <= size ? n : 0;
}

size_t task_format_name(const struct task *t, char *buf, size_t size)
{
	size_t at = task_name_index_at(t->group, size);

	if (t->group->single) {
		g_strlcpy(buf, t->group->name, size);
		return strlen(buf);
	}
	if (!at) {
		g_snprintf(buf, size, "%s[%u]", t->group->name, t->index); /* cut */
		return strlen(buf);
	}
	/* What g_snprintf "%s[%u]" writes, without parsing a format per record. */
	memcpy(buf, t->group->name, at - 1);
	buf[at - 1] = '[';
	return (size_t)(task_name_put_index(buf + at, t->index) - buf);
}

const char *task_state_name(enum task_state s)
{
	static const char *const names[] = {
		[TASK_NEW] = "new",
		[TASK_READY] = "ready",
		[TASK_RUNNING] = "running",
		[TASK_BLOCKED] = "blocked",
		[TASK_TERMINATED] = "terminated",
	};

	g_assert((unsigned)s < G_N_ELEMENTS(names));
	return names[s];
}

const char *task_kind_name(enum task_kind k)
{
	static const char *const names[] = {
		[TASK_PROCESS] = "process",
		[TASK_THREAD] = "thread",
		[TASK_COROUTINE] = "coroutine",
		[TASK_REQUEST] = "request",
	};

	g_assert((unsigned)k < G_N_ELEMENTS(names));
	return names[k];
}
