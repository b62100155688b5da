/*
 * task.c - the program interpreter and the names of things; see task.h.
 */
#include "task/task.h"

#include <glib.h>
#include <string.h>

void task_init(struct task *t, const struct task_group *g, uint32_t id, uint32_t index)
{
	memset(t, 0, sizeof(*t));
	event_init(&t->ev, NULL, 0);
	t->group = g;
	t->id = id;
	t->index = index;
	t->state = TASK_NEW;
	t->cpu = -1;
	t->first_run = SIM_TIME_NONE;
	t->completion = SIM_TIME_NONE;
	t->last_ran = SIM_TIME_NONE;
	t->qprev = t->qnext = UINT32_MAX;
	t->parent = NULL;
	t->tickets = 1;
}

enum task_step task_step(struct task *t, sim_time_t *delay, uint32_t *spawn_group)
{
	const struct program *p = t->group->prog;

	for (;;) {
		const struct op *op;

		if (t->pc >= p->len)
			return STEP_EXIT;
		op = &p->ops[t->pc];
		switch (op->kind) {
		case OP_CPU:
			t->pc++;
			t->burst = dist_sample(&op->dur, &t->rng);
			t->remaining = t->burst;
			if (t->burst == 0)
				continue; /* a draw of zero (a clamped normal) needs no CPU */
			return STEP_CPU;
		case OP_IO:
		case OP_SLEEP:
			t->pc++;
			*delay = dist_sample(&op->dur, &t->rng);
			return STEP_BLOCK;
		case OP_YIELD:
			t->pc++;
			return STEP_YIELD;
		case OP_EXIT:
			t->pc = p->len;
			return STEP_EXIT;
		case OP_SPAWN:
			t->pc++;
			*spawn_group = op->spawn.group; /* resolved by scenario_load */
			return STEP_SPAWN;
		case OP_REPEAT:
			g_assert(op->loop.depth < PROGRAM_MAX_DEPTH && op->loop.count >= 1);
			t->loops[op->loop.depth] = op->loop.count;
			t->pc++;
			continue;
		case OP_END_REPEAT:
			if (--t->loops[op->loop.depth] > 0)
				t->pc = op->loop.jump + 1;
			else
				t->pc++;
			continue;
		default:
			/* scenario_load rejects the ops no layer runs yet. */
			g_assert_not_reached();
		}
	}
}

void task_format_name(const struct task *t, char *buf, size_t size)
{
	if (t->group->single)
		g_strlcpy(buf, t->group->name, size);
	else
		g_snprintf(buf, size, "%s[%u]", t->group->name, t->index);
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
	};

	g_assert((unsigned)k < G_N_ELEMENTS(names));
	return names[k];
}
