/*
 * wait.c - wait queues, wake-ups and timers: the core's doors for the
 * synchronisation objects and runtimes above it.
 *
 * As in the kernel (kernel/sched/wait.c under kernel/locking/), a lock, a
 * semaphore or a pipe decides *who* waits and *who* is woken; the core does
 * the waiting and the waking. A task whose driver returns STEP_WAIT is
 * BLOCKED at the tail of the step's wait queue; a wake-up takes it off and
 * asks its driver what it does next, exactly as after the end of a sleep:
 * if it runs, it becomes READY with ENQ_WAKEUP, placed by the rules of
 * balance.c, paying a remote wake-up when the wake-up has to reach another
 * CPU, and preempting where the policy preempts on wake-up.
 *
 * The waker. A wake-up made inside a running task's step (a sync object's
 * op, a runtime's hand-off) comes from that task's CPU, as try_to_wake_up()
 * runs on the waker's: the woken task may be placed next to it
 * (wake_affine), and it pays the model's remote_wakeup when it is queued on
 * another, idle, CPU than the waker's, which must be sent an interrupt and
 * leave its idle loop (ttwu_queue_wakelist); a busy CPU is queued on
 * directly, at no cost. A wake-up from a timer (a sleep, an I/O completion,
 * a lock's timeout) has no waker task: it pays when the task lands on
 * another idle CPU than the one it last ran on, the CPU its timer was armed
 * on. sched_wake_sync is the kernel's WF_SYNC (pipes wake with
 * wake_up_interruptible_sync_poll): the waker is expected to block soon, so
 * its CPU, if it runs nothing else, will be free for the woken task.
 *
 * A wake-up is immediate, inside the waker's step, as try_to_wake_up() is:
 * the woken task is READY at the waker's instant, and the dispatch of that
 * instant sees it. Queues are FIFO (the kernel's exclusive waiters are
 * woken in order); a caller that chooses (a reader-writer lock, a priority
 * protocol) names the task.
 *
 * The queue is linked through the core's per-task storage (the READY-list
 * links, which a blocked task does not use), so waiting allocates nothing.
 */
#include "sched/sched_int.h"

void waitq_init(struct waitq *wq)
{
	wq->head = wq->tail = NO_TASK;
	wq->len = 0;
}

void waitq_add(struct sched *s, struct waitq *wq, struct task *t, uint32_t obj)
{
	struct sched_task *st = st_of(t);

	g_assert(wq && !st->on_waitq);
	st->qnext = NO_TASK;
	st->qprev = wq->tail;
	if (wq->tail != NO_TASK)
		st_of(task_at(s, wq->tail))->qnext = t->id;
	else
		wq->head = t->id;
	wq->tail = t->id;
	wq->len++;
	st->on_waitq = true;
	st->wait_obj = obj;
}

static void waitq_del(struct sched *s, struct waitq *wq, struct task *t)
{
	struct sched_task *st = st_of(t);

	if (st->qprev != NO_TASK)
		st_of(task_at(s, st->qprev))->qnext = st->qnext;
	else
		wq->head = st->qnext;
	if (st->qnext != NO_TASK)
		st_of(task_at(s, st->qnext))->qprev = st->qprev;
	else
		wq->tail = st->qprev;
	st->qprev = st->qnext = NO_TASK;
	st->on_waitq = false;
	st->wait_obj = NO_TASK;
	wq->len--;
}

/* "woken by L": the running task whose operation (an unlock, a post) wakes it. */
static const char *wake_why(struct sched *s)
{
	char name[RECORD_NAME_ROOM];

	if (!want_why(s) || !s->waker || !s->waker->curr)
		return NULL;
	task_format_name(s->waker->curr, name, sizeof(name));
	g_string_printf(s->why, "woken by %s", name);
	return s->why->str;
}

static void wake(struct sched *s, struct waitq *wq, struct task *t, unsigned flags)
{
	g_assert(st_of(t)->on_waitq && t->state == TASK_BLOCKED);
	waitq_del(s, wq, t);
	if (s->sink.emit)
		sched_emit(s, REC_WAKE, NULL, t, 0, wake_why(s));
	sched_advance(s, t, NULL, flags);
}

void sched_wake(struct sched *s, struct waitq *wq, struct task *t)
{
	wake(s, wq, t, ENQ_WAKEUP);
}

void sched_wake_sync(struct sched *s, struct waitq *wq, struct task *t)
{
	wake(s, wq, t, ENQ_WAKEUP | WAKE_SYNC);
}

struct task *sched_wake_one(struct sched *s, struct waitq *wq)
{
	struct task *t;

	if (wq->head == NO_TASK)
		return NULL;
	t = task_at(s, wq->head);
	sched_wake(s, wq, t);
	return t;
}

uint32_t sched_wake_all(struct sched *s, struct waitq *wq)
{
	uint32_t n = 0;

	/* Only those waiting now: a woken task that waits again stays queued. */
	for (uint32_t left = wq->len; left > 0 && wq->head != NO_TASK; left--, n++)
		sched_wake(s, wq, task_at(s, wq->head));
	return n;
}

uint32_t sched_task_waits_on(const struct task *t)
{
	return st_of(t)->wait_obj;
}

struct task *sched_waitq_next(const struct sched *s, const struct waitq *wq,
			      const struct task *after)
{
	uint32_t id = after ? st_of(after)->qnext : wq->head;

	return id == NO_TASK ? NULL : task_at(s, id);
}

/* --------------------------------------------------------------- timers */

static void on_timer(struct event *ev, void *ctx)
{
	struct sched_timer *tm =
		(struct sched_timer *)((char *)ev - offsetof(struct sched_timer, ev));

	tm->fn(ctx, tm);
}

void sched_timer_init(struct sched_timer *tm, sched_timer_fn fn)
{
	event_init(&tm->ev, on_timer, 0);
	tm->fn = fn;
}

void sched_timer_at(struct sched *s, struct sched_timer *tm, sim_time_t at)
{
	engine_cancel(&s->eng, &tm->ev);
	engine_at(&s->eng, &tm->ev, at, EV_PHASE_WAKEUP);
}

void sched_timer_arrival(struct sched *s, struct sched_timer *tm, sim_time_t at, uint32_t id)
{
	engine_cancel(&s->eng, &tm->ev);
	engine_at_keyed(&s->eng, &tm->ev, at, EV_PHASE_ARRIVAL, id);
}

void sched_timer_cancel(struct sched *s, struct sched_timer *tm)
{
	engine_cancel(&s->eng, &tm->ev);
}
