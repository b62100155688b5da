/*
 * test_sync.c - synchronisation and IPC objects (src/sync).
 *
 *   - the scenarios of scenarios/sync, each asserting what it shows;
 *   - properties over seeded random programs under every policy: a mutex
 *     never has two holders, a semaphore never goes negative, an rwlock
 *     never has a writer and readers, a pipe holds no more than its
 *     capacity and conserves every byte, a channel every message (checked
 *     at every record of the run); every task finishes;
 *   - deadlock is reported exactly when a cycle exists: never when every
 *     task takes its locks in one global order, always (with a consistent
 *     cycle) when two tasks take two locks in opposite orders at once;
 *   - the semantics of each kind on small programs: handoff and barging,
 *     the lost signal, rwlock preferences, channel rendezvous, misuse;
 *   - where a woken task goes and what its wake-up costs: a pipe's
 *     synchronous wake-up joins its waker's CPU when the wakee's is busy,
 *     and a wake-up sent to another CPU pays the remote wake-up.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/rng.h"
#include "policy/policy.h"
#include "simtest.h"

#define MS SIM_MS
#define US SIM_US
#define NS SIM_NS

static const char *const *no_sets = NULL;

static const struct task_result *task_named(const struct run_result *r, const char *name)
{
	for (uint32_t i = 0; i < r->ntasks; i++)
		if (!strcmp(r->tasks[i].name, name))
			return &r->tasks[i];
	fail_msg("no task %s", name);
	return NULL;
}

static const struct object_result *object_named(const struct run_result *r, const char *name)
{
	for (uint32_t i = 0; i < r->nobjects; i++)
		if (!strcmp(r->objects[i].name, name))
			return &r->objects[i];
	fail_msg("no object %s", name);
	return NULL;
}

/* Run a scenario of scenarios/sync (which may end in a deadlock) into res. */
static bool run_sync(const char *file, const char *const *sets, struct run_result *res)
{
	g_autofree char *path = g_strdup_printf("%s/scenarios/sync/%s", SRCDIR, file);
	struct scenario_overrides ov = { .sets = sets };
	GError *err = NULL;
	struct scenario *sc = scenario_load(path, &ov, &err);
	struct sim *sim;
	bool ok;

	if (!sc)
		fail_msg("scenario: %s", err->message);
	sim = sim_new(sc, NULL, &err);
	ok = sim_run(sim, &err);
	if (!ok && !g_error_matches(err, SIM_ERROR, SIM_ERROR_DEADLOCK))
		fail_msg("run: %s", err->message);
	g_clear_error(&err);
	sim_result(sim, res);
	sim_free(sim);
	scenario_free(sc);
	return ok;
}

/* ------------------------------------------------------------ scenarios */

static void test_dining_naive_deadlocks(void **state)
{
	struct run_result r = { 0 };

	assert_false(run_sync("dining-naive.ini", no_sets, &r));
	assert_true(r.deadlock.found && r.deadlock.cycle);
	assert_int_equal(r.deadlock.time, 2 * MS);
	assert_int_equal(r.deadlock.ntasks, 5);
	/* each holds one fork, and wants the one the next holds */
	for (uint32_t i = 0; i < 5; i++) {
		const struct deadlock_task *a = &r.deadlock.tasks[i];
		const struct deadlock_task *b = &r.deadlock.tasks[(i + 1) % 5];

		assert_string_equal(a->op, "lock");
		assert_non_null(b->holds[0]);
		assert_null(b->holds[1]);
		assert_string_equal(a->wants, b->holds[0]);
	}
	run_result_clear(&r);
}

static void test_dining_ordered_finishes(void **state)
{
	struct run_result r = { 0 };

	assert_true(run_sync("dining-ordered.ini", no_sets, &r));
	assert_false(r.deadlock.found);
	for (uint32_t i = 0; i < r.ntasks; i++)
		assert_true(r.tasks[i].completion != SIM_TIME_NONE);
	for (uint32_t i = 0; i < r.nobjects; i++)
		assert_int_equal(r.objects[i].acquisitions, 6); /* 2 philosophers x 3 meals */
	run_result_clear(&r);
}

static void test_producer_consumer(void **state)
{
	struct run_result r = { 0 };
	const struct object_result *b;

	assert_true(run_sync("producer-consumer.ini", no_sets, &r));
	b = object_named(&r, "buffer");
	assert_int_equal(b->bytes, 20 * 4096);
	assert_int_equal(b->messages, 20);
	/* the producer is paced by the consumer: it blocked on a full pipe */
	assert_true(b->writers_blocked > 0);
	/* the consumer never waits but for the first item: 1 ms */
	assert_int_equal(b->readers_blocked, 1 * MS);
	assert_int_equal(task_named(&r, "consumer")->completion, 41 * MS);
	run_result_clear(&r);
}

static void test_readers_preferred_starve_the_writer(void **state)
{
	static const char *const writers[] = { "rwlock table.prefer=writers", NULL };
	struct run_result r = { 0 };
	sim_time_t starved, served;

	assert_true(run_sync("rw-readers-preferred.ini", no_sets, &r));
	starved = object_named(&r, "table")->wait_max;
	/* the writer asked at 1.5 ms and waits until the last reader is done */
	assert_int_equal(task_named(&r, "writer")->completion,
			 task_named(&r, "reader[2]")->completion + MS / 2);
	assert_true(starved >= 30 * MS);
	run_result_clear(&r);
	assert_true(run_sync("rw-readers-preferred.ini", writers, &r));
	served = object_named(&r, "table")->wait_max;
	assert_true(served <= 3 * MS); /* in after the readers inside at 1.5 ms */
	run_result_clear(&r);
}

static void test_writers_preferred_starve_the_reader(void **state)
{
	static const char *const readers[] = { "rwlock table.prefer=readers", NULL };
	struct run_result r = { 0 };
	sim_time_t reader_done;

	assert_true(run_sync("rw-writers-preferred.ini", no_sets, &r));
	reader_done = task_named(&r, "reader")->completion;
	/* the reader gets in after the last writer */
	for (uint32_t i = 0; i < 3; i++) {
		g_autofree char *w = g_strdup_printf("writer[%u]", i);

		assert_true(task_named(&r, w)->completion <= reader_done);
	}
	run_result_clear(&r);
	assert_true(run_sync("rw-writers-preferred.ini", readers, &r));
	assert_true(task_named(&r, "reader")->completion <= 3 * MS);
	run_result_clear(&r);
}

static double sections_per_s(const struct run_result *r)
{
	return (double)r->objects[0].acquisitions * 1e9 / (double)r->makespan;
}

/*
 * Two threads on two CPUs hardly wait for the mutex: 400 sections in about
 * 1.6 ms, each held 2 us, and, when it was handed over to a blocked taker,
 * 150 ns more (the return from its FUTEX_WAIT, the model's syscall) and the
 * remote wake-up (2 us) the taker's CPU pays before it runs: the unlocker
 * runs on the other CPU. From four threads on, the mutex is handed to a waiter that must
 * first get a CPU: every section pays a wake-up and a switch, the mutex is
 * held while its next owner waits in a run queue (mean hold far above the
 * 2 us of the section), and the rate of sections collapses, however many
 * threads are added: at most 3/4 of the rate of two threads.
 */
static void test_lock_convoy(void **state)
{
	static const char *const counts[] = { "2", "4", "8", "16" };
	double two = 0;

	for (size_t i = 0; i < G_N_ELEMENTS(counts); i++) {
		g_autofree char *set = g_strdup_printf("group workers.count=%s", counts[i]);
		const char *const sets[] = { set, NULL };
		struct run_result r = { 0 };
		double rate;

		assert_true(run_sync("lock-convoy.ini", sets, &r));
		rate = sections_per_s(&r);
		if (i == 0) {
			two = rate;
			assert_int_equal(r.cpus[0].remote_wakeups + r.cpus[1].remote_wakeups,
					 r.objects[0].contended);
			assert_int_equal(r.objects[0].hold_total,
					 r.objects[0].acquisitions * 2 * US +
						 r.objects[0].contended * (150 * NS + 2 * US));
		} else {
			assert_true(rate < 0.75 * two);
			/* the convoy: held while the next owner waits */
			assert_true(r.objects[0].hold_total / r.objects[0].acquisitions >
				    2 * (2 * US));
		}
		run_result_clear(&r);
	}
}

static void test_priority_inversion_and_inheritance(void **state)
{
	struct run_result r = { 0 };

	/* without inheritance, M keeps H waiting for the mutex 13 ms */
	assert_true(run_sync("priority-inversion.ini", no_sets, &r));
	assert_int_equal(object_named(&r, "bus")->wait_max, 13 * MS);
	assert_int_equal(task_named(&r, "H")->completion, 15 * MS);
	assert_int_equal(task_named(&r, "M")->completion, 12 * MS);
	run_result_clear(&r);
	/* with it, L runs at H's priority until it unlocks: 3 ms */
	assert_true(run_sync("priority-inheritance.ini", no_sets, &r));
	assert_int_equal(object_named(&r, "bus")->wait_max, 3 * MS);
	assert_int_equal(task_named(&r, "H")->completion, 5 * MS);
	assert_int_equal(task_named(&r, "M")->completion, 15 * MS);
	assert_int_equal(task_named(&r, "L")->completion, 16 * MS);
	run_result_clear(&r);
}

static void test_pipe_pingpong(void **state)
{
	struct run_result p = { 0 }, t = { 0 };

	assert_true(run_sync("pipe-pingpong-processes.ini", no_sets, &p));
	assert_true(run_sync("pipe-pingpong-threads.ini", no_sets, &t));
	for (uint32_t i = 0; i < 2; i++) {
		assert_int_equal(p.objects[i].bytes, 4 * 10000);
		assert_int_equal(t.objects[i].bytes, 4 * 10000);
	}
	/* One switch per message, two per round trip, and nothing else runs;
	 * one more at the end: pong's last write wakes ping, which preempts it
	 * before pong has paid that call, as every write of pong does. */
	assert_int_equal(p.cpus[0].switches, 2 * 10000 + 1);
	assert_int_equal(t.cpus[0].switches, 2 * 10000 + 1);
	/* a round trip costs two switches: process switches cost more */
	assert_true(t.makespan < p.makespan);
	assert_int_equal(p.cpus[0].switching, (2 * 10000 + 1) * 2 * US);
	/* ... and four system calls (two writes, two reads) of 150 ns, CPU
	 * time of the two tasks: the round trip is 4.6 us, after the fork */
	assert_int_equal(task_named(&p, "ping")->cpu + task_named(&p, "pong")->cpu,
			 4 * 10000 * 150 * NS);
	assert_int_equal(p.makespan, 100 * US + 10000 * (2 * 2 * US + 4 * 150 * NS) + 2 * US);
	run_result_clear(&p);
	run_result_clear(&t);
}

static void test_lost_wakeup(void **state)
{
	struct run_result r = { 0 };

	assert_false(run_sync("lost-wakeup.ini", no_sets, &r));
	assert_true(r.deadlock.found && !r.deadlock.cycle);
	assert_int_equal(r.deadlock.time, 2 * MS);
	assert_int_equal(r.deadlock.ntasks, 1);
	assert_string_equal(r.deadlock.tasks[0].task, "waiter");
	assert_string_equal(r.deadlock.tasks[0].op, "cond_wait");
	assert_string_equal(r.deadlock.tasks[0].wants, "ready");
	run_result_clear(&r);
}

/* ------------------------------------------------- semantics, in small */

static void test_handoff_and_barging(void **state)
{
	/* A holds m 0-2; B asks at 1, C (running on the other CPU) at 2: with
	 * handoff B gets it at 2; with barging C, running, takes it first. */
	static const char fmt[] =
		"[scenario]\ncpus = 3\ntime_unit = ms\n"
		"[task A]\nprogram = lock m; cpu 2; unlock m; cpu 5\n"
		"[task B]\narrival = 1\nprogram = lock m; cpu 1; unlock m\n"
		"[task C]\narrival = 1\nprogram = cpu 1; lock m; cpu 1; unlock m\n"
		"[mutex m]\nhandoff = %s\n";
	struct run_result r = { 0 };
	g_autofree char *fifo = g_strdup_printf(fmt, "fifo");
	g_autofree char *barging = g_strdup_printf(fmt, "barging");

	simtest_run(NULL, fifo, NULL, NULL, &r);
	assert_int_equal(task_named(&r, "B")->completion, 3 * MS);
	assert_int_equal(task_named(&r, "C")->completion, 4 * MS);
	run_result_clear(&r);
	simtest_run(NULL, barging, NULL, NULL, &r);
	/* B is woken at 2 but C, on a CPU, locks first: B blocks again */
	assert_int_equal(task_named(&r, "C")->completion, 3 * MS);
	assert_int_equal(task_named(&r, "B")->completion, 4 * MS);
	/* blocked twice, exited, but alone on its CPU: no switch (a CPU changing tasks) */
	assert_int_equal(task_named(&r, "B")->voluntary, 0);
	run_result_clear(&r);
}

static void test_semaphore_and_channel(void **state)
{
	/* a semaphore remembers a post made before the wait */
	static const char sem[] = "[scenario]\ncpus = 2\ntime_unit = ms\n"
				  "[task A]\nprogram = cpu 1; post s\n"
				  "[task B]\nprogram = cpu 2; wait s; cpu 1\n"
				  "[semaphore s]\nvalue = 0\n";
	/* an unbuffered channel: the sender waits for the receiver */
	static const char ch[] = "[scenario]\ncpus = 2\ntime_unit = ms\n"
				 "[task S]\nprogram = send q 100; cpu 1\n"
				 "[task R]\nprogram = cpu 3; recv q 100; cpu 1\n"
				 "[channel q]\n";
	struct run_result r = { 0 };

	simtest_run(NULL, sem, NULL, NULL, &r);
	assert_int_equal(task_named(&r, "B")->completion, 3 * MS);
	assert_int_equal(object_named(&r, "s")->acquisitions, 1);
	assert_int_equal(object_named(&r, "s")->contended, 0);
	run_result_clear(&r);
	simtest_run(NULL, ch, NULL, NULL, &r);
	assert_int_equal(task_named(&r, "S")->completion, 4 * MS);
	assert_int_equal(object_named(&r, "q")->messages, 1);
	assert_int_equal(object_named(&r, "q")->bytes, 100);
	assert_int_equal(object_named(&r, "q")->writers_blocked, 3 * MS);
	run_result_clear(&r);
}

/*
 * A buffered channel keeps its messages in the order they were sent while it
 * grows past the places it made first (16). Two CPUs, no costs. At 0 S sends
 * ten messages of 1 byte; at 1 R takes five (the five first: 5 bytes), so
 * the next place is the sixth; at 2 S sends twenty of 100 bytes: they fill
 * the sixteen places, going round to the start, and the channel grows with
 * 25 held. At 4 R takes seven more: the five of 1 byte left, then two of
 * 100, 205 bytes: 12 messages and 210 bytes in all.
 */
static void test_a_channel_grows_in_order(void **state)
{
	static const char text[] = "[scenario]\ncpus = 2\ntime_unit = ms\n"
				   "[task S]\nprogram = repeat 10 { send q 1 }; cpu 2; "
				   "repeat 20 { send q 100 }\n"
				   "[task R]\nprogram = cpu 1; repeat 5 { recv q 1 }; cpu 3; "
				   "repeat 7 { recv q 1 }\n"
				   "[channel q]\ncapacity = 64\n";
	struct run_result r = { 0 };

	(void)state;
	simtest_run(NULL, text, NULL, NULL, &r);
	assert_int_equal(object_named(&r, "q")->messages, 12);
	assert_int_equal(object_named(&r, "q")->bytes, 210);
	assert_int_equal(object_named(&r, "q")->writers_blocked, 0);
	run_result_clear(&r);
}

/*
 * A pipe's wake-up is synchronous (WF_SYNC). Two CPUs, fcfs, no costs but a
 * remote wake-up of 1 ms. At 0 W starts on cpu0 and R on cpu1, where it
 * blocks reading p; B arrives at 1 and takes cpu1, idle. At 2 W writes: R
 * last ran on cpu1, busy with B; W runs alone on cpu0 and will block soon,
 * so wake_affine picks cpu0 and, no CPU being idle, R is queued there: no
 * migration, no remote wake-up (the waker's own CPU). W computes 1 more and
 * sleeps at 3; R runs 3-4 on cpu0, which is busy 4 ms in all.
 */
static void test_sync_wakeup_joins_the_waker(void **state)
{
	static const char text[] = "[scenario]\ncpus = 2\ntime_unit = ms\npolicy = fcfs\n"
				   "[switch]\nremote_wakeup = 1ms\n"
				   "[task W]\nprogram = cpu 2; send p 4; cpu 1; sleep 5\n"
				   "[task R]\nprogram = recv p 4; cpu 1\n"
				   "[task B]\narrival = 1\nburst = 10\n"
				   "[pipe p]\n";
	struct run_result r = { 0 };

	simtest_run(NULL, text, NULL, NULL, &r);
	assert_int_equal(task_named(&r, "R")->completion, 4 * MS);
	assert_int_equal(task_named(&r, "B")->completion, 11 * MS);
	assert_int_equal(r.cpus[0].busy, 4 * MS);
	assert_int_equal(r.cpus[1].busy, 10 * MS);
	assert_int_equal(r.cpus[0].migrations + r.cpus[1].migrations, 0);
	assert_int_equal(r.cpus[0].remote_wakeups + r.cpus[1].remote_wakeups, 0);
	run_result_clear(&r);
}

/*
 * A wake-up sent from a running task to another CPU pays the remote
 * wake-up, though the woken task does not change CPU. As above without B:
 * at 2 W writes, R's CPU (cpu1) is idle, so R stays there (an idle previous
 * CPU beats the waker's: select_idle_sibling), and cpu1 pays 1 ms before R
 * runs 3-4. The same from a timer (R sleeping 2 ms on cpu1) costs nothing:
 * it lands on the CPU it last ran on.
 */
static void test_remote_wakeup_from_a_running_waker(void **state)
{
	static const char pipe[] = "[scenario]\ncpus = 2\ntime_unit = ms\npolicy = fcfs\n"
				   "[switch]\nremote_wakeup = 1ms\n"
				   "[task W]\nprogram = cpu 2; send p 4; cpu 3\n"
				   "[task R]\nprogram = recv p 4; cpu 1\n"
				   "[pipe p]\n";
	static const char timer[] = "[scenario]\ncpus = 2\ntime_unit = ms\npolicy = fcfs\n"
				    "[switch]\nremote_wakeup = 1ms\n"
				    "[task W]\nprogram = cpu 5\n"
				    "[task R]\nprogram = sleep 2; cpu 1\n";
	struct run_result r = { 0 };

	simtest_run(NULL, pipe, NULL, NULL, &r);
	assert_int_equal(task_named(&r, "R")->completion, 4 * MS);
	assert_int_equal(r.cpus[0].remote_wakeups, 0);
	assert_int_equal(r.cpus[1].remote_wakeups, 1);
	assert_int_equal(r.cpus[1].switching, 1 * MS);
	assert_int_equal(r.cpus[0].migrations + r.cpus[1].migrations, 0);
	run_result_clear(&r);
	simtest_run(NULL, timer, NULL, NULL, &r);
	assert_int_equal(task_named(&r, "R")->completion, 3 * MS);
	assert_int_equal(r.cpus[0].remote_wakeups + r.cpus[1].remote_wakeups, 0);
	run_result_clear(&r);
}

/*
 * A pipe call after one on another CPU pays the model's ipc_remote (the
 * pipe's lines come from the other CPU's cache). W writes at 2 on cpu0: the
 * pipe's first call, nothing more. R, blocked reading on cpu1 since 0, is
 * woken there (remote wake-up 0 here) and its read completes on cpu1, after
 * W's write on cpu0: 1 ms more, then its 1 ms: done at 4, not 3. On one CPU
 * every call follows one on the same CPU: R reads at 5, after W, done at 6
 * with or without the figure.
 */
static void test_ipc_remote_on_another_cpu(void **state)
{
	static const char two[] = "[scenario]\ncpus = 2\ntime_unit = ms\npolicy = fcfs\n"
				  "[switch]\nipc_remote = 1ms\n"
				  "[task W]\nprogram = cpu 2; send p 4; cpu 3\n"
				  "[task R]\nprogram = recv p 4; cpu 1\n"
				  "[pipe p]\n";
	const char *const none_sets[] = { "switch.ipc_remote=0", NULL };
	const char *const one_sets[] = { "scenario.cpus=1", NULL };
	const struct scenario_overrides none = { .sets = none_sets }, one = { .sets = one_sets };
	struct run_result r = { 0 };

	simtest_run(NULL, two, NULL, NULL, &r);
	assert_int_equal(task_named(&r, "R")->completion, 4 * MS);
	assert_int_equal(task_named(&r, "W")->completion, 5 * MS);
	assert_int_equal(r.cpus[1].busy, 2 * MS);
	run_result_clear(&r);
	simtest_run(NULL, two, &none, NULL, &r);
	assert_int_equal(task_named(&r, "R")->completion, 3 * MS);
	run_result_clear(&r);
	simtest_run(NULL, two, &one, NULL, &r);
	assert_int_equal(task_named(&r, "R")->completion, 6 * MS);
	assert_int_equal(task_named(&r, "W")->completion, 5 * MS);
	run_result_clear(&r);
}

static void test_misuse_stops_the_run(void **state)
{
	static const char unlock[] = "[scenario]\n[task A]\nprogram = cpu 1; unlock m\n[mutex m]\n";
	static const char cv[] = "[scenario]\n[task A]\nprogram = cond_wait c\n[mutex m]\n"
				 "[condvar c]\nmutex = m\n";
	GError *err = simtest_fails(NULL, unlock, NULL);

	assert_true(g_error_matches(err, SIM_ERROR, SIM_ERROR_SYNC_MISUSE));
	assert_string_equal(err->message, "at 1.00 ms, task A: unlock m which it does not hold");
	g_error_free(err);
	err = simtest_fails(NULL, cv, NULL);
	assert_string_equal(err->message, "at 0 ns, task A: cond_wait c without holding its mutex");
	g_error_free(err);
}

static void test_self_deadlock(void **state)
{
	static const char text[] = "[scenario]\n[task A]\nprogram = lock m; cpu 1; lock m\n"
				   "[mutex m]\n";
	GError *err = simtest_fails(NULL, text, NULL);

	assert_true(g_error_matches(err, SIM_ERROR, SIM_ERROR_DEADLOCK));
	assert_string_equal(err->message, "deadlock at 1.00 ms: a cycle of waits: A holds m and "
					  "waits to lock m");
	g_error_free(err);
}

/* --------------------------------------------------- random programs */

struct checker {
	struct sim *sim;
	GString *msg;
	uint64_t records;
	bool broken;
};

static void check_emit(void *ctx, const struct record *r)
{
	struct checker *c = ctx;

	(void)r;
	c->records++;
	if (!c->broken && c->sim && !sim_check_objects(c->sim, c->msg))
		c->broken = true;
}

/*
 * A random program for task k of n: critical sections on mutexes m0..m2
 * (nested only in increasing order, so no cycle can form), semaphore
 * waits and posts in pairs, reads and writes on rwlock l, and its share of
 * a pipe stream: task 0 sends `total` bytes to task 1 in random chunks and
 * task 1 receives them in other random chunks; and four messages of random
 * sizes through a channel from task 2 to task 3.
 */
static void random_program(GString *out, struct rng *rng, uint32_t k, uint64_t total)
{
	uint32_t ops = 2 + rng_below(rng, 5);

	for (uint32_t i = 0; i < ops; i++) {
		uint32_t a = rng_below(rng, 3), b = a + 1 + rng_below(rng, 3 - a);

		switch (rng_below(rng, 5)) {
		case 0:
			g_string_append_printf(out, "lock m%u; cpu %u; unlock m%u; ", a,
					       1 + rng_below(rng, 3), a);
			break;
		case 1:
			if (b < 3)
				g_string_append_printf(out,
						       "lock m%u; cpu 1; lock m%u; cpu %u; "
						       "unlock m%u; unlock m%u; ",
						       a, b, 1 + rng_below(rng, 2), b, a);
			break;
		case 2:
			g_string_append_printf(out, "wait s; cpu %u; post s; ",
					       1 + rng_below(rng, 3));
			break;
		case 3:
			g_string_append_printf(out, "%s l; cpu %u; unlock l; ",
					       rng_below(rng, 3) ? "rdlock" : "wrlock",
					       1 + rng_below(rng, 2));
			break;
		default:
			g_string_append_printf(out, "cpu %u; io %u; ", 1 + rng_below(rng, 3),
					       rng_below(rng, 3));
			break;
		}
	}
	if (k >= 2 && k < 4) {
		/* a channel moves whole messages: 4 of them, of any sizes summing to total */
		uint64_t left = total;

		for (uint32_t m = 0; m < 4; m++) {
			uint64_t draw =
				m < 3 ? rng_below(rng, (uint32_t)MIN(left, 6000) + 1) : left;

			g_string_append_printf(out, "%s q %" G_GUINT64_FORMAT "; cpu 1; ",
					       k == 2 ? "send" : "recv", MAX(draw, 1));
			left -= MIN(draw, left);
		}
	} else if (k < 2) {
		uint64_t left = total;
		bool send = k % 2 == 0;

		while (left) {
			uint64_t draw = 1 + rng_below(rng, 6000);
			uint64_t n = MIN(left, draw);

			g_string_append_printf(out, "%s p %" G_GUINT64_FORMAT "; cpu 1; ",
					       send ? "send" : "recv", n);
			left -= n;
		}
	}
	g_string_append(out, "cpu 1");
}

static void test_random_programs_keep_the_invariants(void **state)
{
	const struct policy_ops *const *all = policy_all();
	struct rng rng;

	rng_seed_named(&rng, 42, "test_sync", 0);
	for (uint32_t run = 0; run < 60; run++) {
		uint32_t n = 4 + rng_below(&rng, 3), cpus = 1 + rng_below(&rng, 3);
		uint64_t total = 1 + rng_below(&rng, 20000);
		g_autoptr(GString) text = g_string_new(NULL);

		g_string_append_printf(text, "[scenario]\ncpus = %u\ntime_unit = ms\n", cpus);
		for (uint32_t k = 0; k < n; k++) {
			g_string_append_printf(text, "[task T%u]\narrival = %u\nprogram = ", k,
					       rng_below(&rng, 3));
			random_program(text, &rng, k, total);
			g_string_append_c(text, '\n');
		}
		g_string_append_printf(text,
				       "[mutex m0]\nhandoff = %s\n[mutex m1]\n[mutex m2]\n"
				       "handoff = barging\n[semaphore s]\nvalue = %u\n"
				       "[rwlock l]\nprefer = %s\n[pipe p]\ncapacity = %u\n"
				       "[channel q]\ncapacity = %u\n",
				       rng_below(&rng, 2) ? "fifo" : "barging",
				       1 + rng_below(&rng, 2),
				       rng_below(&rng, 2) ? "readers" : "writers",
				       1 + rng_below(&rng, 8192), rng_below(&rng, 3));
		for (const struct policy_ops *const *p = all; *p; p++) {
			struct scenario_overrides ov = { .policy = (*p)->name };
			struct checker c = { .msg = g_string_new(NULL) };
			struct record_sink sink = { .emit = check_emit, .ctx = &c };
			GError *err = NULL;
			struct scenario *sc =
				scenario_load_data("random.ini", text->str, text->len, &ov, &err);
			struct run_result r = { 0 };

			if (!sc)
				fail_msg("%s\n%s", err->message, text->str);
			c.sim = sim_new(sc, &sink, &err);
			if (!sim_run(c.sim, &err))
				fail_msg("run %u under %s: %s\n%s", run, (*p)->name, err->message,
					 text->str);
			if (c.broken)
				fail_msg("run %u under %s: %s\n%s", run, (*p)->name, c.msg->str,
					 text->str);
			sim_result(c.sim, &r);
			assert_true(c.records > 0);
			for (uint32_t i = 0; i < r.ntasks; i++)
				assert_true(r.tasks[i].completion != SIM_TIME_NONE);
			/* every byte sent through p arrives, in the receiver's chunks */
			assert_int_equal(object_named(&r, "p")->bytes, total);
			assert_int_equal(object_named(&r, "q")->messages, 4);
			run_result_clear(&r);
			sim_free(c.sim);
			scenario_free(sc);
			g_string_free(c.msg, TRUE);
		}
	}
}

/* Two tasks take two mutexes: in one order never deadlock, in opposite orders at once always. */
static void test_deadlock_exactly_with_a_cycle(void **state)
{
	struct rng rng;

	rng_seed_named(&rng, 7, "test_sync/cycle", 0);
	for (uint32_t run = 0; run < 40; run++) {
		bool opposite = run % 2;
		uint32_t hold = 1 + rng_below(&rng, 3), gap = rng_below(&rng, 3);
		g_autofree char *text = g_strdup_printf(
			"[scenario]\ncpus = 2\ntime_unit = ms\npolicy = %s\n"
			"[task A]\nprogram = lock a; cpu %u; lock b; cpu 1; unlock b; unlock a\n"
			"[task B]\narrival = %u\nprogram = lock %s; cpu %u; lock %s; cpu 1; "
			"unlock %s; unlock %s\n[mutex a]\n[mutex b]\n",
			rng_below(&rng, 2) ? "rr" : "cfs", hold, gap, opposite ? "b" : "a", hold,
			opposite ? "a" : "b", opposite ? "a" : "b", opposite ? "b" : "a");
		struct scenario *sc =
			scenario_load_data("cycle.ini", text, strlen(text), NULL, NULL);
		GError *err = NULL;
		struct sim *sim = sim_new(sc, NULL, &err);
		bool ok = sim_run(sim, &err);
		struct run_result r = { 0 };

		sim_result(sim, &r);
		/* B starts inside A's first hold exactly when gap < hold */
		if (opposite && gap < hold) {
			assert_false(ok);
			assert_true(r.deadlock.found && r.deadlock.cycle);
			assert_int_equal(r.deadlock.ntasks, 2);
			for (uint32_t i = 0; i < 2; i++)
				assert_string_equal(r.deadlock.tasks[i].wants,
						    r.deadlock.tasks[1 - i].holds[0]);
			g_error_free(err);
		} else {
			if (!ok)
				fail_msg("%s\n%s", err->message, text);
			assert_false(r.deadlock.found);
		}
		run_result_clear(&r);
		sim_free(sim);
		scenario_free(sc);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dining_naive_deadlocks),
		cmocka_unit_test(test_dining_ordered_finishes),
		cmocka_unit_test(test_producer_consumer),
		cmocka_unit_test(test_readers_preferred_starve_the_writer),
		cmocka_unit_test(test_writers_preferred_starve_the_reader),
		cmocka_unit_test(test_lock_convoy),
		cmocka_unit_test(test_priority_inversion_and_inheritance),
		cmocka_unit_test(test_pipe_pingpong),
		cmocka_unit_test(test_lost_wakeup),
		cmocka_unit_test(test_handoff_and_barging),
		cmocka_unit_test(test_semaphore_and_channel),
		cmocka_unit_test(test_a_channel_grows_in_order),
		cmocka_unit_test(test_sync_wakeup_joins_the_waker),
		cmocka_unit_test(test_remote_wakeup_from_a_running_waker),
		cmocka_unit_test(test_ipc_remote_on_another_cpu),
		cmocka_unit_test(test_misuse_stops_the_run),
		cmocka_unit_test(test_self_deadlock),
		cmocka_unit_test(test_random_programs_keep_the_invariants),
		cmocka_unit_test(test_deadlock_exactly_with_a_cycle),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
