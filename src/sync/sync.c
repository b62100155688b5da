/*
 * sync.c - the world's objects by id, the registry of kinds, and what every
 * kind shares: blocking, waking, handing over, and the accounting; see
 * sync.h.
 *
 * The accounting of an object (object_result): an acquisition is a lock,
 * rdlock, wrlock or semaphore wait that got what it asked for, or a
 * cond_wait that was signalled; it is contended when the task blocked on
 * the way. Its wait runs from the op's start to the instant the task holds
 * the object: the unlock that hands it over (handoff), or the successful
 * retry once the woken task runs (barging). Hold time runs from there to the
 * unlock, so a lock handed to a task still waiting for a CPU is held while
 * it waits: the convoy. Pipes and channels count what is received and the
 * time senders and receivers spend blocked (from blocking to being woken).
 *
 * What the ops cost their caller: system calls. The model's [switch]
 * syscall is the CPU time of one IPC system call (schedlab-probe measures
 * it as half of a 1-byte pipe write+read in one task, the overhead lmbench's
 * lat_pipe and lat_ctx subtract: McVoy and Staelin, "lmbench: Portable Tools
 * for Performance Analysis", USENIX 1996). An op counts the calls it makes
 * in st->calls, and when it is done sync_op answers STEP_RUN of calls x
 * syscall: the task computes that long before its next op, on the way out
 * of the kernel. The op itself takes effect at its instant (a wake-up it
 * causes is not delayed), and nothing is charged while it is blocked. Which
 * ops enter the kernel:
 *
 *   pipe send, recv       one write(2) or read(2) each, always, whether it
 *                         blocks or not (a blocking read sleeps inside the
 *                         call and finishes it once woken: one call);
 *   channel send, recv    one mq_send(3) or mq_receive(3) each, the same;
 *   mutex, semaphore, condvar, rwlock   futex-based, as glibc's are
 *                         (futex(7); Drepper, "Futexes Are Tricky", 2011):
 *                         the uncontended path is an atomic instruction in
 *                         user space and enters no kernel. An op pays one
 *                         FUTEX_WAIT (futex(2)) each time it blocks (a
 *                         cond_wait always does; a barging lock may block
 *                         again after a wake-up), and one FUTEX_WAKE when it
 *                         wakes waiters (an unlock or post with waiters, a
 *                         signal or broadcast with waiters: one call wakes
 *                         them all, FUTEX_WAKE with INT_MAX).
 *
 * A pipe's or a message queue's state and buffer are written by both ends:
 * a call on another CPU than the object's last call finds its cache lines
 * in the other CPU's cache and pays their transfer. The model's [switch]
 * ipc_remote is what such a call costs more (schedlab-probe times a
 * 1-byte write on one CPU and its read on another, each call alone, against
 * the same two calls in one task), charged with the call once it is done,
 * on the CPU it ran on; the first call on an object pays nothing more.
 *
 * A teaching model has syscall = 0: nothing is charged, and textbook runs
 * keep their textbook answers.
 */
#include <string.h>

#include "base/units.h"
#include "sync/sync_int.h"

/* The registry, in no particular order: kinds are found by name. */
static const struct sync_class *const sync_classes[] = {
	&sync_mutex_class,  &sync_semaphore_class, &sync_condvar_class,
	&sync_rwlock_class, &sync_pipe_class,	   &sync_channel_class,
};

static const struct sync_class *class_find(const char *kind)
{
	for (size_t i = 0; i < G_N_ELEMENTS(sync_classes); i++)
		if (!strcmp(sync_classes[i]->kind, kind))
			return sync_classes[i];
	return NULL;
}

struct sync_world *sync_world_new(struct sched *core, const struct sync_conf *objs, uint32_t n,
				  sim_time_t syscall, sim_time_t ipc_remote)
{
	struct sync_world *w = g_new0(struct sync_world, 1);

	w->core = core;
	w->syscall = syscall;
	w->ipc_remote = ipc_remote;
	w->n = n;
	w->objs = g_new0(struct sync_obj *, MAX(n, 1));
	w->scratch = g_string_new(NULL);
	for (uint32_t i = 0; i < n; i++) {
		const struct sync_class *cls = class_find(objs[i].kind);
		struct sync_obj *o;

		g_assert(cls && cls->size >= sizeof(struct sync_obj));
		o = g_malloc0(cls->size);
		o->cls = cls;
		o->last_cpu = -1;
		o->w = w;
		o->conf = &objs[i];
		o->id = i;
		for (unsigned k = 0; k < OP__COUNT; k++)
			if (op_names_object(k))
				o->why[k] = g_strdup_printf("%s %s", op_name(k), objs[i].name);
		cls->init(o);
		w->objs[i] = o;
	}
	return w;
}

void sync_world_free(struct sync_world *w)
{
	if (!w)
		return;
	for (uint32_t i = 0; i < w->n; i++) {
		struct sync_obj *o = w->objs[i];

		if (o->cls->release)
			o->cls->release(o);
		for (unsigned k = 0; k < OP__COUNT; k++)
			g_free(o->why[k]);
		g_free(o);
	}
	g_free(w->objs);
	for (uint32_t i = 0; i < w->dl.ntasks; i++) {
		g_free(w->dl.tasks[i].task);
		g_strfreev(w->dl.tasks[i].holds);
		g_free(w->dl.tasks[i].wants);
	}
	g_free(w->dl.tasks);
	g_string_free(w->scratch, TRUE);
	g_free(w);
}

uint32_t sync_world_size(const struct sync_world *w)
{
	return w->n;
}

bool sync_op(struct sync_world *w, struct task *t, const struct op *op, uint32_t obj,
	     struct step *out)
{
	struct sync_task *st = sync_task_of(t);
	struct sync_obj *o;

	g_assert(obj < w->n && t->state == TASK_RUNNING);
	o = w->objs[obj];
	if (!st->active) {
		st->active = true;
		st->granted = st->contended = false;
		st->op = op->kind;
		st->stage = 0;
		st->obj = obj;
		st->since = sched_now(w->core);
		st->blocked = 0;
		st->left = op->obj.bytes;
		st->calls = o->cls->call_per_op; /* read(2), write(2) ... */
		st->woke = false;
	}
	g_assert(st->obj == obj && st->op == op->kind);
	out->kind = STEP_RUN;
	out->len = 0;
	w->cur = st;
	o->cls->op(o, t, st, op, out);
	w->cur = NULL;
	if (out->kind != STEP_WAIT) {
		st->active = false;
		out->len = (sim_time_t)st->calls * w->syscall; /* the calls it made */
		if (o->cls->call_per_op) {
			/* a pipe's or queue's lines were last in another CPU's cache */
			if (o->last_cpu >= 0 && o->last_cpu != t->cpu)
				out->len += w->ipc_remote;
			o->last_cpu = t->cpu;
		}
	}
	return !w->stopped;
}

/* ------------------------------------------------------------- helpers */

void sync_block(struct sync_obj *o, struct task *t, struct sync_task *st, struct waitq *wq,
		enum op_kind k, struct step *out)
{
	st->contended = true;
	st->granted = false;
	st->blocked_at = sync_now(o);
	if (!o->cls->call_per_op)
		st->calls++; /* FUTEX_WAIT */
	out->kind = STEP_WAIT;
	out->wq = wq;
	out->obj = o->id;
	out->why = o->why[k];
	if (o->cls->holders && sched_wants_why(o->w->core)) {
		uint32_t id;

		out->nholders = o->cls->holders(o, &id, 1);
		if (out->nholders)
			out->holder = sync_task(o, id);
	}
	waitfor_check(o->w, t, o, k);
}

static void wake(struct sync_obj *o, struct waitq *wq, struct task *t, bool granted)
{
	struct sync_task *st = sync_task_of(t);
	struct sync_task *waker = o->w->cur;

	if (waker && !waker->woke && !o->cls->call_per_op) {
		waker->woke = true; /* one FUTEX_WAKE, however many it wakes */
		waker->calls++;
	}
	st->blocked += sync_now(o) - st->blocked_at;
	st->granted = granted;
	if (o->cls->wake_sync)
		sched_wake_sync(o->w->core, wq, t);
	else
		sched_wake(o->w->core, wq, t);
}

void sync_wake(struct sync_obj *o, struct waitq *wq, struct task *t)
{
	wake(o, wq, t, false);
}

void sync_grant(struct sync_obj *o, struct waitq *wq, struct task *t)
{
	wake(o, wq, t, true);
}

struct task *sync_first(const struct sync_obj *o, const struct waitq *wq)
{
	return sched_waitq_next(o->w->core, wq, NULL);
}

void sync_acquired(struct sync_obj *o, const struct sync_task *st)
{
	sim_time_t wait = sync_now(o) - st->since;

	o->r.acquisitions++;
	o->r.contended += st->contended;
	o->r.wait_total += wait;
	o->r.wait_max = MAX(o->r.wait_max, wait);
}

void sync_released(struct sync_obj *o, sim_time_t since)
{
	sim_time_t hold = sync_now(o) - since;

	o->r.hold_total += hold;
	o->r.hold_max = MAX(o->r.hold_max, hold);
}

void sync_misuse(struct sync_obj *o, const struct task *t, const char *what)
{
	char name[TASK_NAME_MAX];
	g_autoptr(GString) at = g_string_new(NULL);

	task_format_name(t, name, sizeof(name));
	units_time(at, sync_now(o));
	o->w->stopped = true;
	sched_fail(o->w->core, SIM_ERROR_SYNC_MISUSE, "at %s, task %s: %s %s %s", at->str, name,
		   op_name(sync_task_of(t)->op), o->conf->name, what);
}

/* --------------------------------------------------------------- results */

void sync_result(const struct sync_world *w, struct run_result *r)
{
	r->nobjects = w->n;
	r->objects = g_new0(struct object_result, MAX(w->n, 1));
	for (uint32_t i = 0; i < w->n; i++) {
		r->objects[i] = w->objs[i]->r;
		r->objects[i].name = g_strdup(w->objs[i]->conf->name);
		r->objects[i].kind = w->objs[i]->cls->kind;
	}
	r->deadlock = w->dl;
	r->deadlock.tasks = g_new0(struct deadlock_task, MAX(w->dl.ntasks, 1));
	for (uint32_t i = 0; i < w->dl.ntasks; i++) {
		const struct deadlock_task *d = &w->dl.tasks[i];

		r->deadlock.tasks[i] = (struct deadlock_task){
			.task = g_strdup(d->task),
			.holds = g_strdupv(d->holds),
			.wants = g_strdup(d->wants),
			.op = d->op,
		};
	}
	if (!w->dl.ntasks) {
		g_free(r->deadlock.tasks);
		r->deadlock.tasks = NULL;
	}
}

bool sync_check_invariants(const struct sync_world *w, GString *msg)
{
	for (uint32_t i = 0; i < w->n; i++) {
		const struct sync_obj *o = w->objs[i];

		if (o->cls->check && !o->cls->check(o, msg)) {
			g_string_prepend(msg, ": ");
			g_string_prepend(msg, o->conf->name);
			return false;
		}
	}
	return true;
}
