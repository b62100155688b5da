/*
 * waitfor.c - deadlock detection.
 *
 * The wait-for graph (Holt, "Some Deadlock Properties of Computer Systems",
 * 1972; Silberschatz 8.6.1) has an edge from a blocked task to every task
 * holding the object it waits on: a mutex's owner, an rwlock's writer or
 * readers. Semaphores, condition variables, pipes and channels have no
 * holders, so they add no edge. Coffman's four conditions (mutual
 * exclusion, hold and wait, no preemption, circular wait) hold exactly when
 * this graph has a cycle, and a cycle can only close when a task blocks, so
 * the check runs then, from the blocking task: a depth-first walk from the
 * holders of the object it is about to wait on, along each task's one
 * waited object, back to it. A cycle stops the run (exit status 1) and is
 * reported task by task: what each holds and what it wants.
 *
 * What no cycle explains (a signal sent before anyone waited, a semaphore
 * never posted, a pipe nobody writes to any more, a mutex whose holder
 * exited) shows when the run's events run out with tasks still blocked:
 * sync_check_stalled reports them all, also with exit status 1.
 */
#include <string.h>

#include "base/units.h"
#include "sync/sync_int.h"

/* The tasks holding o, in a buffer that grows (*ids, *cap). */
static uint32_t holders(const struct sync_obj *o, uint32_t **ids, uint32_t *cap)
{
	uint32_t n;

	if (!o->cls->holders)
		return 0;
	n = o->cls->holders(o, *ids, *cap);
	if (n > *cap) {
		*cap = n;
		*ids = g_renew(uint32_t, *ids, *cap);
		n = o->cls->holders(o, *ids, *cap);
	}
	return n;
}

char **waitfor_holds(const struct sync_world *w, uint32_t task)
{
	GPtrArray *names = g_ptr_array_new();
	uint32_t cap = 8, *ids = g_new(uint32_t, cap);

	for (uint32_t i = 0; i < w->n; i++) {
		uint32_t n = holders(w->objs[i], &ids, &cap);

		for (uint32_t k = 0; k < n; k++) {
			if (ids[k] == task) {
				g_ptr_array_add(names, g_strdup(w->objs[i]->conf->name));
				break;
			}
		}
	}
	g_free(ids);
	g_ptr_array_add(names, NULL);
	return (char **)g_ptr_array_free(names, FALSE);
}

/* The object task id waits on, NULL when it is not blocked on one. */
static struct sync_obj *waits_on(const struct sync_world *w, uint32_t id)
{
	const struct task *t = sched_task_get(w->core, id);
	uint32_t obj;

	if (!t || t->state != TASK_BLOCKED)
		return NULL;
	obj = sched_task_waits_on(t);
	return obj < w->n ? w->objs[obj] : NULL;
}

struct walk {
	const struct sync_world *w;
	uint32_t target;  /* the task about to block */
	GHashTable *seen; /* task ids visited */
	GArray *path;	  /* task ids from the target's first holder on */
};

/* Is there a path from the holders of o back to the target? */
static bool reach(struct walk *k, const struct sync_obj *o)
{
	uint32_t cap = 4, *ids = g_new(uint32_t, cap);
	uint32_t n = holders(o, &ids, &cap);
	bool found = false;

	for (uint32_t i = 0; i < n && !found; i++) {
		const struct sync_obj *next;

		if (ids[i] == k->target) {
			found = true;
			break;
		}
		if (g_hash_table_contains(k->seen, GUINT_TO_POINTER(ids[i] + 1)))
			continue;
		g_hash_table_add(k->seen, GUINT_TO_POINTER(ids[i] + 1));
		next = waits_on(k->w, ids[i]);
		if (!next)
			continue;
		g_array_append_val(k->path, ids[i]);
		found = reach(k, next);
		if (!found)
			g_array_set_size(k->path, k->path->len - 1);
	}
	g_free(ids);
	return found;
}

static void record_task(struct sync_world *w, uint32_t id, const struct sync_obj *wants,
			enum op_kind op)
{
	char name[TASK_NAME_MAX];
	struct deadlock_task d;

	task_format_name(sched_task_get(w->core, id), name, sizeof(name));
	d.task = g_strdup(name);
	d.holds = waitfor_holds(w, id);
	d.wants = g_strdup(wants->conf->name);
	d.op = op_name(op);
	w->dl.tasks = g_renew(struct deadlock_task, w->dl.tasks, w->dl.ntasks + 1);
	w->dl.tasks[w->dl.ntasks++] = d;
}

/* "P0 holds fork0 and waits to lock fork1" */
static void describe(GString *out, const struct deadlock_task *d)
{
	g_string_append(out, d->task);
	if (d->holds && d->holds[0]) {
		g_autofree char *h = g_strjoinv(", ", d->holds);

		g_string_append_printf(out, " holds %s and", h);
	}
	g_string_append_printf(out, " waits to %s %s", d->op, d->wants);
}

/* The op a blocked task is in, from its sync area. */
static enum op_kind op_of(const struct sync_world *w, uint32_t id)
{
	return (enum op_kind)sync_task_of(sched_task_get(w->core, id))->op;
}

bool waitfor_check(struct sync_world *w, struct task *t, struct sync_obj *o, enum op_kind k)
{
	struct walk walk = {
		.w = w,
		.target = t->id,
		.seen = g_hash_table_new(NULL, NULL),
		.path = g_array_new(FALSE, FALSE, sizeof(uint32_t)),
	};
	bool cycle;

	if (!o->cls->holders || w->dl.found) {
		g_hash_table_destroy(walk.seen);
		g_array_free(walk.path, TRUE);
		return false;
	}
	cycle = reach(&walk, o);
	if (cycle) {
		GString *msg = g_string_new("deadlock at ");

		w->stopped = true;
		w->dl.found = true;
		w->dl.cycle = true;
		w->dl.time = sched_now(w->core);
		record_task(w, t->id, o, k);
		for (guint i = 0; i < walk.path->len; i++) {
			uint32_t id = g_array_index(walk.path, uint32_t, i);

			record_task(w, id, waits_on(w, id), op_of(w, id));
		}
		units_time(msg, w->dl.time);
		g_string_append(msg, ": a cycle of waits: ");
		for (uint32_t i = 0; i < w->dl.ntasks; i++) {
			if (i)
				g_string_append(msg, "; ");
			describe(msg, &w->dl.tasks[i]);
		}
		sched_fail(w->core, SIM_ERROR_DEADLOCK, "%s", msg->str);
		g_string_free(msg, TRUE);
	}
	g_hash_table_destroy(walk.seen);
	g_array_free(walk.path, TRUE);
	return cycle;
}

/* Tasks named in the message of an all-blocked report; the result has them all. */
#define STALL_MESSAGE_MAX 8

bool sync_check_stalled(struct sync_world *w, GError **error)
{
	uint32_t ids = sched_task_ids(w->core);
	GString *msg;

	for (uint32_t id = 0; id < ids; id++) {
		const struct sync_obj *o = waits_on(w, id);

		if (o)
			record_task(w, id, o, op_of(w, id));
	}
	if (!w->dl.ntasks)
		return true;
	w->dl.found = true;
	w->dl.cycle = false;
	w->dl.time = sched_now(w->core);
	msg = g_string_new(NULL);
	g_string_append_printf(msg, "deadlock at ");
	units_time(msg, w->dl.time);
	g_string_append_printf(msg,
			       ": %u task%s blocked for good with nothing left to wake %s, "
			       "and no cycle of waits (a lost wake-up?): ",
			       w->dl.ntasks, w->dl.ntasks == 1 ? "" : "s",
			       w->dl.ntasks == 1 ? "it" : "them");
	for (uint32_t i = 0; i < w->dl.ntasks && i < STALL_MESSAGE_MAX; i++) {
		if (i)
			g_string_append(msg, "; ");
		describe(msg, &w->dl.tasks[i]);
	}
	if (w->dl.ntasks > STALL_MESSAGE_MAX)
		g_string_append_printf(msg, "; and %u more", w->dl.ntasks - STALL_MESSAGE_MAX);
	g_set_error(error, SIM_ERROR, SIM_ERROR_DEADLOCK, "%s", msg->str);
	g_string_free(msg, TRUE);
	return false;
}
