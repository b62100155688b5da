/*
 * test_core.c - the scheduler core's doors, driven without any sync object:
 * steps from a scripted driver, wait queues, wake-ups, timers, tasks added
 * during the run, and the world builder's lazy arrivals.
 *
 * Every expected instant is worked out by hand in the comments, on the
 * teaching model (no switch or creation cost) unless a test says otherwise.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#ifdef __linux__
#include <malloc.h>
#endif

#include <cmocka.h>

#include "policy/policy.h"
#include "scenario/scenario.h"
#include "sched/sched.h"
#include "sim/sim.h"
#include "simtest.h"
#include "task/task.h"

#define MS SIM_MS

/* --------------------------------------------------- a scripted driver */

enum act { ACT_NONE, ACT_WAKE_ONE, ACT_WAKE_ALL, ACT_WAKE_TASK, ACT_NEW_TASK };

/* One step of a script, and what the task does to others before taking it. */
struct line {
	enum step_kind kind;
	sim_time_t len;
	enum act act;
	uint32_t arg; /* ACT_WAKE_TASK: the id woken; ACT_NEW_TASK: the new id */
};

static struct line ln(enum step_kind kind, sim_time_t len, enum act act, uint32_t arg)
{
	struct line l = { .kind = kind, .len = len, .act = act, .arg = arg };

	return l;
}

#define MAX_TASKS 8
#define MAX_LINES 8

struct world {
	struct scenario *sc;
	struct sched *s;
	unsigned drv;
	struct waitq wq;
	struct task_group groups[MAX_TASKS];
	struct line script[MAX_TASKS][MAX_LINES]; /* by id % MAX_TASKS; a zeroed line: exit */
	struct sched_timer timer;
	uint32_t timer_wakes; /* the id the timer wakes */
	unsigned timer_fired;
	GArray *recs; /* struct rec */
};

struct rec {
	sim_time_t time;
	enum record_kind kind;
	int cpu;
	uint32_t task;
	char why[32];
};

static void script_next(void *self, struct sched *s, struct task *t, struct step *out)
{
	struct world *w = self;
	unsigned *pos = sched_task_ext(t);
	const struct line *l = &w->script[t->id % MAX_TASKS][(*pos)++];

	switch (l->act) {
	case ACT_WAKE_ONE:
		sched_wake_one(s, &w->wq);
		break;
	case ACT_WAKE_ALL:
		sched_wake_all(s, &w->wq);
		break;
	case ACT_WAKE_TASK:
		sched_wake(s, &w->wq, sched_task_get(s, l->arg));
		break;
	case ACT_NEW_TASK: {
		struct task *n = sched_task_new(s, l->arg, &w->groups[0], l->arg, w->drv);

		n->pid = l->arg;
		n->arrival = sched_now(s);
		sched_arrive(s, n);
		break;
	}
	case ACT_NONE:
		break;
	}
	if (!l->len && l->kind != STEP_WAIT && l->kind != STEP_YIELD) {
		out->kind = STEP_EXIT;
		return;
	}
	out->kind = l->kind;
	out->len = l->len;
	if (l->kind == STEP_WAIT) {
		out->wq = &w->wq;
		out->obj = 42;
		out->why = "lock";
	}
}

static const struct driver_ops script_driver = {
	.name = "script",
	.next = script_next,
};

static void record(void *ctx, const struct record *r)
{
	struct world *w = ctx;
	struct rec x = { .time = r->time, .kind = r->kind, .cpu = r->cpu, .task = r->task };

	if (r->why)
		g_strlcpy(x.why, r->why, sizeof(x.why));
	g_array_append_val(w->recs, x);
}

static void on_timer(struct sched *s, struct sched_timer *tm)
{
	struct world *w = (struct world *)((char *)tm - offsetof(struct world, timer));

	w->timer_fired++;
	if (w->timer_wakes != UINT32_MAX)
		sched_wake(s, &w->wq, sched_task_get(s, w->timer_wakes));
}

/* A core for `ntasks` tasks under the policy and model of `text`. */
static void world_init(struct world *w, const char *text, uint32_t ntasks)
{
	GError *err = NULL;
	struct record_sink sink = { .emit = record, .ctx = w, .want_why = true };
	struct sched_config cfg;

	memset(w, 0, sizeof(*w));
	w->sc = scenario_load_data("core.ini", text, strlen(text), NULL, &err);
	if (!w->sc)
		fail_msg("scenario: %s", err->message);
	w->recs = g_array_new(FALSE, TRUE, sizeof(struct rec));
	cfg = (struct sched_config){
		.policy = w->sc->policy,
		.policy_conf = w->sc->policy_conf,
		.ncpus = w->sc->cpus,
		.model = &w->sc->model,
		.seed = 1,
		.horizon = SIM_TIME_INF,
		.ids = ntasks,
		.task_ext_size = sizeof(unsigned),
		.sink = &sink,
	};
	w->s = sched_new(&cfg);
	w->drv = sched_driver_add(w->s, &script_driver, w);
	waitq_init(&w->wq);
	sched_timer_init(&w->timer, on_timer);
	w->timer_wakes = UINT32_MAX;
	for (uint32_t i = 0; i < MAX_TASKS; i++) {
		char name[2] = { (char)('A' + i), 0 };

		w->groups[i].name = g_intern_string(name);
		w->groups[i].count = 1;
		w->groups[i].single = true;
	}
}

/* Task `id` (named A, B, ...) arrives at `at`, in its own address space. */
static struct task *world_task(struct world *w, uint32_t id, sim_time_t at)
{
	struct task *t = sched_task_new(w->s, id, &w->groups[id], 0, w->drv);

	t->pid = id;
	sched_arrive_at(w->s, t, at);
	return t;
}

static void world_run(struct world *w)
{
	GError *err = NULL;

	if (!sched_run(w->s, &err))
		fail_msg("run: %s", err->message);
}

static void world_free(struct world *w)
{
	sched_free(w->s);
	scenario_free(w->sc);
	g_array_free(w->recs, TRUE);
}

/* The n-th record of kind k for task id (0-based), or NULL. */
static const struct rec *find(const struct world *w, enum record_kind k, uint32_t id, unsigned n)
{
	for (guint i = 0; i < w->recs->len; i++) {
		const struct rec *r = &g_array_index(w->recs, struct rec, i);

		if (r->kind == k && r->task == id && n-- == 0)
			return r;
	}
	return NULL;
}

static const char fcfs1[] = "[scenario]\npolicy = fcfs\n[task X]\nburst = 1\n";

/* ------------------------------------------------------------- the tests */

/*
 * One CPU, FCFS. A runs 5 ms and waits; B runs 10 ms, wakes A and runs 2
 * more: A is READY at 15 but FCFS does not preempt, so B ends at 17 and A
 * runs its last 3 ms from 17 to 20, having waited READY for 2 ms.
 */
static void test_a_waiting_task_runs_again_once_woken(void **state)
{
	struct world w;
	struct task *a, *b;
	const struct rec *blk, *wake;

	world_init(&w, fcfs1, 2);
	w.script[0][0] = ln(STEP_RUN, 5 * MS, ACT_NONE, 0);
	w.script[0][1] = ln(STEP_WAIT, 0, ACT_NONE, 0);
	w.script[0][2] = ln(STEP_RUN, 3 * MS, ACT_NONE, 0);
	w.script[1][0] = ln(STEP_RUN, 10 * MS, ACT_NONE, 0);
	w.script[1][1] = ln(STEP_RUN, 2 * MS, ACT_WAKE_ONE, 0);
	a = world_task(&w, 0, 0);
	b = world_task(&w, 1, 0);
	world_run(&w);
	assert_int_equal(task_completion(b), 17 * MS);
	assert_int_equal(task_completion(a), 20 * MS);
	assert_int_equal(a->cpu_time, 8 * MS);
	assert_int_equal(a->wait_time, 2 * MS); /* READY from 15 to 17 only */
	assert_int_equal(a->nvcsw, 1);		/* the wait (b runs); nothing follows its exit */
	blk = find(&w, REC_BLOCK, 0, 0);
	assert_non_null(blk);
	assert_int_equal(blk->time, 5 * MS);
	assert_string_equal(blk->why, "lock");
	wake = find(&w, REC_WAKE, 0, 0);
	assert_non_null(wake);
	assert_int_equal(wake->time, 15 * MS);
	assert_int_equal(sched_completed(w.s), 2);
	world_free(&w);
}

/*
 * Waiters leave a wait queue in the order they came, not in id order. C
 * arrives at 0 and runs 1 ms, B at 1 and runs 2, A at 3 and runs 3, each
 * then waiting: C waits at 1, B at 3, A at 6. D arrives at 6, runs 4 ms and
 * wakes all at 10: C, B, A in that order (ids 2, 1, 0); under FCFS they run
 * 1 ms each: C ends at 11, B at 12, A at 13. Without D, all wait forever
 * and the run ends with the queue full.
 */
static void script_wake_all(struct world *w, bool waker)
{
	for (uint32_t i = 0; i < 3; i++) {
		w->script[i][0] = ln(STEP_RUN, (sim_time_t)(3 - i) * MS, ACT_NONE, 0);
		w->script[i][1] = ln(STEP_WAIT, 0, ACT_NONE, 0);
		w->script[i][2] = ln(STEP_RUN, 1 * MS, ACT_NONE, 0);
	}
	w->script[3][0] = ln(STEP_RUN, 4 * MS, ACT_NONE, 0);
	w->script[3][1] = waker ? ln(STEP_EXIT, 0, ACT_WAKE_ALL, 0) : ln(STEP_WAIT, 0, ACT_NONE, 0);
	world_task(w, 2, 0);
	world_task(w, 1, 1 * MS);
	world_task(w, 0, 3 * MS);
	world_task(w, 3, 6 * MS);
}

static void test_wake_all_wakes_in_the_order_of_waiting(void **state)
{
	struct world w;
	uint32_t woken[3], n = 0;

	world_init(&w, fcfs1, 4);
	script_wake_all(&w, false);
	world_run(&w);
	assert_int_equal(w.wq.len, 4);
	assert_int_equal(sched_completed(w.s), 0);
	assert_int_equal(sched_task_waits_on(sched_task_get(w.s, 0)), 42);
	world_free(&w);

	world_init(&w, fcfs1, 4);
	script_wake_all(&w, true);
	world_run(&w);
	assert_int_equal(w.wq.len, 0);
	for (guint i = 0; i < w.recs->len; i++) {
		const struct rec *r = &g_array_index(w.recs, struct rec, i);

		if (r->kind == REC_WAKE) {
			assert_true(n < 3);
			assert_int_equal(r->time, 10 * MS);
			woken[n++] = r->task;
		}
	}
	assert_int_equal(n, 3);
	assert_int_equal(woken[0], 2);
	assert_int_equal(woken[1], 1);
	assert_int_equal(woken[2], 0);
	assert_int_equal(task_completion(sched_task_get(w.s, 2)), 11 * MS);
	assert_int_equal(task_completion(sched_task_get(w.s, 1)), 12 * MS);
	assert_int_equal(task_completion(sched_task_get(w.s, 0)), 13 * MS);
	assert_int_equal(sched_task_waits_on(sched_task_get(w.s, 0)), UINT32_MAX);
	world_free(&w);
}

/*
 * A chosen task leaves from the middle of the queue and the others keep
 * their order: A, B, C wait (in that order); D wakes B, then one (A), then
 * one (C).
 */
static void test_waking_a_chosen_task_keeps_the_rest_in_order(void **state)
{
	struct world w;

	world_init(&w, fcfs1, 4);
	for (uint32_t i = 0; i < 3; i++) {
		w.script[i][0] = ln(STEP_RUN, 1 * MS, ACT_NONE, 0);
		w.script[i][1] = ln(STEP_WAIT, 0, ACT_NONE, 0);
		w.script[i][2] = ln(STEP_RUN, 1 * MS, ACT_NONE, 0);
	}
	w.script[3][0] = ln(STEP_RUN, 1 * MS, ACT_NONE, 0);
	w.script[3][1] = ln(STEP_RUN, 1 * MS, ACT_WAKE_TASK, 1);
	w.script[3][2] = ln(STEP_RUN, 1 * MS, ACT_WAKE_ONE, 0);
	w.script[3][3] = ln(STEP_EXIT, 0, ACT_WAKE_ONE, 0);
	for (uint32_t i = 0; i < 4; i++)
		world_task(&w, i, 0);
	world_run(&w);
	/* A, B, C wait at 1, 2, 3; D runs 3..4, wakes B, 4..5, wakes A, 5..6,
	 * wakes C and exits at 6; then B, A, C run 1 ms each. */
	assert_int_equal(find(&w, REC_WAKE, 1, 0)->time, 4 * MS);
	assert_int_equal(find(&w, REC_WAKE, 0, 0)->time, 5 * MS);
	assert_int_equal(find(&w, REC_WAKE, 2, 0)->time, 6 * MS);
	assert_int_equal(task_completion(sched_task_get(w.s, 1)), 7 * MS);
	assert_int_equal(task_completion(sched_task_get(w.s, 0)), 8 * MS);
	assert_int_equal(task_completion(sched_task_get(w.s, 2)), 9 * MS);
	world_free(&w);
}

/*
 * Two CPUs, a remote wake-up of 1 ms. A runs on cpu0 for 2 ms and waits; B
 * arrives at 3, when both CPUs are idle, and takes the first, cpu0, for 20
 * ms. A timer wakes A at 5: its last CPU is busy and cpu1 is idle, so A
 * lands on cpu1, which pays the remote wake-up: A runs from 6 to 9.
 */
static void test_a_timer_wakes_a_task_onto_another_cpu_at_a_cost(void **state)
{
	static const char text[] = "[scenario]\npolicy = fcfs\ncpus = 2\n[switch]\n"
				   "remote_wakeup = 1ms\n[task X]\nburst = 1\n";
	struct world w;
	const struct rec *d;
	struct run_result r = { 0 };

	world_init(&w, text, 2);
	w.script[0][0] = ln(STEP_RUN, 2 * MS, ACT_NONE, 0);
	w.script[0][1] = ln(STEP_WAIT, 0, ACT_NONE, 0);
	w.script[0][2] = ln(STEP_RUN, 3 * MS, ACT_NONE, 0);
	w.script[1][0] = ln(STEP_RUN, 20 * MS, ACT_NONE, 0);
	world_task(&w, 0, 0);
	world_task(&w, 1, 3 * MS);
	w.timer_wakes = 0;
	sched_timer_at(w.s, &w.timer, 5 * MS);
	world_run(&w);
	assert_int_equal(w.timer_fired, 1);
	d = find(&w, REC_DISPATCH, 0, 1);
	assert_non_null(d);
	assert_int_equal(d->cpu, 1);
	assert_int_equal(task_completion(sched_task_get(w.s, 0)), 9 * MS);
	sched_result(w.s, &r);
	assert_int_equal(r.cpus[1].remote_wakeups, 1);
	assert_int_equal(r.cpus[0].remote_wakeups, 0);
	run_result_clear(&r);
	world_free(&w);
}

/*
 * Wake-up preemption applies to a woken waiter as to the end of I/O. Under
 * SRTF on one CPU, B (30 ms) runs while A waits; a timer wakes A at 10 with
 * a 2 ms burst: strictly shorter than B's 20 ms left, so A preempts B at 10
 * and ends at 12, and B ends at 32 with one involuntary switch.
 */
static void test_a_woken_task_preempts_where_the_policy_says(void **state)
{
	static const char text[] = "[scenario]\npolicy = srtf\n[task X]\nburst = 1\n";
	struct world w;

	world_init(&w, text, 2);
	w.script[0][0] = ln(STEP_WAIT, 0, ACT_NONE, 0);
	w.script[0][1] = ln(STEP_RUN, 2 * MS, ACT_NONE, 0);
	w.script[1][0] = ln(STEP_RUN, 30 * MS, ACT_NONE, 0);
	world_task(&w, 0, 0); /* waits at once, before running: never dispatched */
	world_task(&w, 1, 0);
	w.timer_wakes = 0;
	sched_timer_at(w.s, &w.timer, 10 * MS);
	world_run(&w);
	assert_int_equal(task_completion(sched_task_get(w.s, 0)), 12 * MS);
	assert_int_equal(task_completion(sched_task_get(w.s, 1)), 32 * MS);
	assert_int_equal(sched_task_get(w.s, 1)->nivcsw, 1);
	assert_non_null(find(&w, REC_PREEMPT, 1, 0));
	world_free(&w);
}

/* sched_set_priority from a timer: task `task` gets priority `prio`. */
struct prio_change {
	struct sched_timer tm;
	uint32_t task;
	int32_t prio;
};

static void on_prio_timer(struct sched *s, struct sched_timer *tm)
{
	struct prio_change *c = (struct prio_change *)tm;

	sched_set_priority(s, sched_task_get(s, c->task), c->prio);
}

static const char prio1[] = "[scenario]\npolicy = prio\n[prio]\npreemptive = true\n"
			    "[task X]\nburst = 1\n";

/*
 * Preemptive prio on one CPU, a smaller number more urgent. A (1) runs 0-10;
 * B (3) and C (2) wait READY. At 5 ms B is raised to 1: it is re-queued at
 * its new priority and runs before C once A is done.
 */
static void test_a_ready_task_raised_is_requeued(void **state)
{
	struct world w;
	struct prio_change c = { .task = 1, .prio = 1 };
	int64_t u1, u3;

	world_init(&w, prio1, 3);
	assert_true(sched_prio_urgency(w.s, 1, &u1) && sched_prio_urgency(w.s, 3, &u3) && u1 < u3);
	for (uint32_t i = 0; i < 3; i++)
		w.script[i][0] = ln(STEP_RUN, 10 * MS, ACT_NONE, 0);
	world_task(&w, 0, 0)->priority = 1;
	world_task(&w, 1, 0)->priority = 3;
	world_task(&w, 2, 0)->priority = 2;
	sched_timer_init(&c.tm, on_prio_timer);
	sched_timer_at(w.s, &c.tm, 5 * MS);
	world_run(&w);
	assert_int_equal(task_completion(sched_task_get(w.s, 0)), 10 * MS);
	assert_int_equal(task_completion(sched_task_get(w.s, 1)), 20 * MS);
	assert_int_equal(task_completion(sched_task_get(w.s, 2)), 30 * MS);
	assert_null(find(&w, REC_PREEMPT, 0, 0));
	world_free(&w);
}

/* A (2) runs and B (3) waits; at 5 ms task `who` gets priority `prio`. */
static void two_and_a_change(struct world *w, const char *text, struct prio_change *c)
{
	world_init(w, text, 2);
	w->script[0][0] = ln(STEP_RUN, 10 * MS, ACT_NONE, 0);
	w->script[1][0] = ln(STEP_RUN, 10 * MS, ACT_NONE, 0);
	world_task(w, 0, 0)->priority = 2;
	world_task(w, 1, 0)->priority = 3;
	sched_timer_init(&c->tm, on_prio_timer);
	sched_timer_at(w->s, &c->tm, 5 * MS);
	world_run(w);
}

/*
 * A raised READY task preempts the running one where the policy preempts;
 * a running task lowered below a READY one is preempted by it; under a
 * policy that does not schedule by priority only the value changes.
 */
static void test_priority_changes_preempt(void **state)
{
	struct world w;
	struct prio_change raise = { .task = 1, .prio = 1 }, lower = { .task = 0, .prio = 4 };

	two_and_a_change(&w, prio1, &raise);
	assert_int_equal(find(&w, REC_PREEMPT, 0, 0)->time, 5 * MS);
	assert_int_equal(task_completion(sched_task_get(w.s, 1)), 15 * MS);
	world_free(&w);

	two_and_a_change(&w, prio1, &lower);
	assert_int_equal(find(&w, REC_PREEMPT, 0, 0)->time, 5 * MS);
	assert_int_equal(task_completion(sched_task_get(w.s, 1)), 15 * MS);
	assert_int_equal(task_completion(sched_task_get(w.s, 0)), 20 * MS);
	world_free(&w);

	two_and_a_change(&w, fcfs1, &raise);
	assert_null(find(&w, REC_PREEMPT, 0, 0));
	assert_int_equal(sched_task_get(w.s, 1)->priority, 1);
	assert_int_equal(task_completion(sched_task_get(w.s, 1)), 20 * MS);
	world_free(&w);
}

/* A cancelled timer never fires; one set twice fires once, at the last time. */
static void test_timers_cancel_and_move(void **state)
{
	struct world w;

	world_init(&w, fcfs1, 1);
	w.script[0][0] = ln(STEP_RUN, 50 * MS, ACT_NONE, 0);
	world_task(&w, 0, 0);
	sched_timer_at(w.s, &w.timer, 10 * MS);
	assert_true(sched_timer_pending(&w.timer));
	sched_timer_cancel(w.s, &w.timer);
	assert_false(sched_timer_pending(&w.timer));
	world_run(&w);
	assert_int_equal(w.timer_fired, 0);
	world_free(&w);

	world_init(&w, fcfs1, 1);
	w.script[0][0] = ln(STEP_RUN, 50 * MS, ACT_NONE, 0);
	world_task(&w, 0, 0);
	sched_timer_at(w.s, &w.timer, 10 * MS);
	sched_timer_at(w.s, &w.timer, 20 * MS);
	world_run(&w);
	assert_int_equal(w.timer_fired, 1);
	world_free(&w);
}

/*
 * A driver may create tasks during the run, beyond the ids the core was
 * told to expect and beyond its first chunk of slots (a runtime's worker
 * threads): on two CPUs, A creates id 1030 at 1 ms and id 5005 at 2 ms,
 * each of which runs 1 ms on the other CPU.
 */
static void test_tasks_may_be_added_during_the_run(void **state)
{
	struct world w;
	struct task *t;

	world_init(&w, "[scenario]\npolicy = fcfs\ncpus = 2\n[task X]\nburst = 1\n", 1);
	w.script[0][0] = ln(STEP_RUN, 1 * MS, ACT_NONE, 0);
	w.script[0][1] = ln(STEP_RUN, 1 * MS, ACT_NEW_TASK, 1030);
	w.script[0][2] = ln(STEP_EXIT, 0, ACT_NEW_TASK, 5005);
	w.script[1030 % MAX_TASKS][0] = ln(STEP_RUN, 1 * MS, ACT_NONE, 0);
	w.script[5005 % MAX_TASKS][0] = ln(STEP_RUN, 1 * MS, ACT_NONE, 0);
	world_task(&w, 0, 0);
	world_run(&w);
	assert_int_equal(sched_task_ids(w.s), 5006);
	assert_null(sched_task_get(w.s, 1));
	assert_null(sched_task_get(w.s, 5004));
	t = sched_task_get(w.s, 1030);
	assert_non_null(t);
	assert_int_equal(task_completion(t), 2 * MS);
	assert_int_equal(task_completion(sched_task_get(w.s, 5005)), 3 * MS);
	assert_int_equal(sched_completed(w.s), 3);
	world_free(&w);
}

/* ------------------------------------------------ the world's arrivals */

/*
 * Ten million tasks with Poisson arrivals at 1000/s and a 5 s horizon: only
 * those that arrive are created (about 5000: the count of a Poisson process
 * of mean 5000 is within 5000 +- 5 sqrt(5000) ~ 4646..5354 but for one
 * chance in a million), and none that did not arrive is reported.
 */
static void test_arrivals_are_created_lazily(void **state)
{
	struct run_result r;
	char last[32];

	simtest_run(NULL,
		    "[scenario]\nhorizon = 5s\npolicy = rr\n[group web]\ncount = 10000000\n"
		    "arrival = poisson(1000/s)\nprogram = cpu 100us; io 1ms; cpu 100us\n",
		    NULL, NULL, &r);
	assert_true(r.ntasks > 4646 && r.ntasks < 5354);
	for (uint32_t i = 0; i < r.ntasks; i++) {
		assert_int_equal(r.tasks[i].id, i);
		assert_true(r.tasks[i].arrival <= 5 * SIM_S);
	}
	g_snprintf(last, sizeof(last), "web[%u]", r.ntasks - 1);
	assert_string_equal(r.tasks[r.ntasks - 1].name, last);
	run_result_clear(&r);
}

/*
 * A run that ends with tasks asleep still has their events queued when its
 * results are taken and the tasks' storage given back (sim_result_take):
 * the engine must let go of them first. 3000 tasks fill chunks large enough
 * to be mappings of their own, unmapped when freed, so that a write into one
 * after would fault (and AddressSanitizer sees it anyway); 20 000 tasks
 * fill more than 2 MiB of chunks, cut from one mapping (bigmem.h) whose
 * pages are given back as results are taken, and poisoned under
 * AddressSanitizer.
 */
static void results_taken_with_events_pending(uint32_t n)
{
	g_autofree char *text = g_strdup_printf("[scenario]\nhorizon = 10ms\npolicy = rr\n"
						"[group w]\ncount = %u\n"
						"program = cpu 1us; sleep 1s\n",
						n);
	GError *err = NULL;
	struct scenario *sc = scenario_load_data("inline.ini", text, strlen(text), NULL, &err);
	struct run_result r;
	struct sim *sim;

#ifdef __GLIBC__
	mallopt(M_MMAP_THRESHOLD, 128 * 1024); /* fixed: each chunk its own mapping */
#endif
	assert_non_null(sc);
	sim = sim_new(sc, NULL, &err);
	assert_non_null(sim);
	assert_true(sim_run(sim, &err));
	sim_result_take(sim, &r);
	sim_free(sim);
	assert_int_equal(r.ntasks, n);
	assert_int_equal(r.tasks[n - 1].completion, SIM_TIME_NONE);
	assert_true(r.horizon_hit);
	run_result_clear(&r);
	scenario_free(sc);
}

static void test_results_taken_with_events_pending(void **state)
{
	results_taken_with_events_pending(3000);
	results_taken_with_events_pending(20000);
}

/*
 * 20 000 tasks (more than 2 MiB of slots, one mapping) of two groups with
 * different programs: results taken over the slots (sim_result_take,
 * written from the mapping's start below the slot each is read from) are
 * those copied out of a run of the same scenario left whole (sim_result),
 * field by field, and live in that mapping (tasks_map) where the copy does
 * not.
 */
static void test_results_taken_over_the_slots_are_the_results(void **state)
{
	static const char text[] = "[scenario]\npolicy = rr\n[rr]\nquantum = 2ms\n"
				   "[group a]\ncount = 12000\narrival = every(1us)\n"
				   "program = cpu 3ms; sleep 1ms; cpu 1ms\n"
				   "[group b]\ncount = 8000\nburst = 5ms\n";
	GError *err = NULL;
	struct scenario *sc = scenario_load_data("inline.ini", text, strlen(text), NULL, &err);
	struct run_result copied, taken;
	struct sim *a, *b;

	assert_non_null(sc);
	a = sim_new(sc, NULL, &err);
	b = sim_new(sc, NULL, &err);
	assert_non_null(a);
	assert_non_null(b);
	assert_true(sim_run(a, &err));
	assert_true(sim_run(b, &err));
	sim_result(a, &copied);
	sim_result_take(b, &taken);
	sim_free(a);
	sim_free(b);
	assert_int_equal(copied.tasks_map, 0);
	assert_true(taken.tasks_map >= (size_t)20000 * sizeof(struct task_result));
	assert_int_equal(taken.ntasks, 20000);
	assert_int_equal(copied.ntasks, 20000);
	for (uint32_t i = 0; i < taken.ntasks; i++) {
		const struct task_result *x = &copied.tasks[i], *y = &taken.tasks[i];

		assert_string_equal(x->name, y->name);
		assert_string_equal(x->kind, y->kind);
		assert_int_equal(x->id, y->id);
		assert_int_equal(x->arrival, y->arrival);
		assert_int_equal(x->first_run, y->first_run);
		assert_int_equal(x->completion, y->completion);
		assert_int_equal(x->cpu, y->cpu);
		assert_int_equal(x->waiting, y->waiting);
		assert_int_equal(x->voluntary, y->voluntary);
		assert_int_equal(x->involuntary, y->involuntary);
		assert_int_equal(x->group, y->group);
		assert_int_equal(x->carrier, y->carrier);
		assert_int_equal(x->request, y->request);
	}
	/* a's last task: 3 + 1 + 1 ms of its program, of which 4 ms of CPU */
	assert_int_equal(taken.tasks[11999].cpu, 4 * MS);
	assert_int_equal(taken.tasks[19999].cpu, 5 * MS);
	assert_int_equal(taken.makespan, copied.makespan);
	run_result_clear(&copied);
	run_result_clear(&taken);
	scenario_free(sc);
}

/* Arrivals at one instant keep the file's order however they were generated:
 * at 10 ms, a[1] (listed first) arrives before b[2]. */
static void test_simultaneous_arrivals_keep_file_order(void **state)
{
	struct run_result r;

	simtest_run(NULL,
		    "[scenario]\npolicy = fcfs\n[group a]\ncount = 2\narrival = every(10ms)\n"
		    "burst = 1ms\n[group b]\ncount = 3\narrival = every(5ms)\nburst = 1ms\n",
		    NULL, NULL, &r);
	/* a: ids 0, 1 at 0, 10; b: ids 2, 3, 4 at 0, 5, 10. FCFS runs in
	 * arrival order: at 10, a[1] (id 1) before b[2] (id 4). */
	assert_int_equal(r.tasks[1].arrival, 10 * MS);
	assert_int_equal(r.tasks[4].arrival, 10 * MS);
	assert_int_equal(r.tasks[1].completion, 11 * MS);
	assert_int_equal(r.tasks[4].completion, 12 * MS);
	/* and at 0, a[0] before b[0] */
	assert_int_equal(r.tasks[0].completion, 1 * MS);
	assert_int_equal(r.tasks[2].completion, 2 * MS);
	run_result_clear(&r);
}

/*
 * A user-level task is never scheduled by the core: its carrier runs it.
 * U arrives at 0 (READY), carrier A takes it at 2 ms (RUNNING: it waited
 * 2 ms), credits it 3 ms of CPU, blocks it for 4 ms at 5 ms, and ends it
 * at 9 ms. The core counted it as a task (completed 1, carrier not yet),
 * took and gave back its memory, and never counted a switch for it.
 */
static void test_a_user_task_is_accounted_but_never_scheduled(void **state)
{
	struct world w;
	struct task *u, *a;
	const struct rec *run, *blk;

	world_init(&w, fcfs1, 2);
	a = world_task(&w, 0, 0);
	u = sched_task_new(w.s, 1, &w.groups[1], 0, w.drv);
	u->pid = 0;
	u->kind = TASK_COROUTINE;
	assert_true(sched_user_arrive(w.s, u));
	assert_true(u->user);
	assert_int_equal(u->state, TASK_READY);
	/* The script does nothing with U: play the runtime by hand. */
	w.script[0][0] = ln(STEP_RUN, 2 * MS, ACT_NONE, 0);
	world_run(&w);
	assert_int_equal(task_completion(a), 2 * MS);
	assert_int_equal(u->state, TASK_READY); /* the core never ran it */
	assert_int_equal(u->wait_time, 2 * MS); /* READY until the end of the run */
	sched_user_state(w.s, u, TASK_RUNNING, a, 0, "head of the ready queue");
	assert_int_equal(u->first_run, 2 * MS);
	sched_user_charge(u, 3 * MS);
	sched_user_state(w.s, u, TASK_BLOCKED, NULL, 4 * MS, "io");
	sched_user_state(w.s, u, TASK_READY, NULL, 0, NULL);
	sched_user_state(w.s, u, TASK_TERMINATED, NULL, 0, NULL);
	assert_int_equal(u->cpu_time, 3 * MS);
	assert_int_equal(task_completion(u), 2 * MS);
	assert_int_equal(u->nvcsw + u->nivcsw, 0);
	assert_int_equal(sched_completed(w.s), 2);
	run = find(&w, REC_RUN, 1, 0);
	assert_non_null(run);
	assert_string_equal(run->why, "head of the ready queue");
	assert_int_equal(run->cpu, -1); /* A is not running now */
	blk = find(&w, REC_BLOCK, 1, 0);
	assert_non_null(blk);
	assert_int_equal(blk->cpu, -1);
	world_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_waiting_task_runs_again_once_woken),
		cmocka_unit_test(test_wake_all_wakes_in_the_order_of_waiting),
		cmocka_unit_test(test_waking_a_chosen_task_keeps_the_rest_in_order),
		cmocka_unit_test(test_a_timer_wakes_a_task_onto_another_cpu_at_a_cost),
		cmocka_unit_test(test_a_woken_task_preempts_where_the_policy_says),
		cmocka_unit_test(test_a_ready_task_raised_is_requeued),
		cmocka_unit_test(test_priority_changes_preempt),
		cmocka_unit_test(test_timers_cancel_and_move),
		cmocka_unit_test(test_tasks_may_be_added_during_the_run),
		cmocka_unit_test(test_arrivals_are_created_lazily),
		cmocka_unit_test(test_results_taken_with_events_pending),
		cmocka_unit_test(test_results_taken_over_the_slots_are_the_results),
		cmocka_unit_test(test_simultaneous_arrivals_keep_file_order),
		cmocka_unit_test(test_a_user_task_is_accounted_but_never_scheduled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
