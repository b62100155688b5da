/*
 * test_runtime.c - execution models (src/runtime), each against instants
 * worked out by hand in the comments.
 *
 * Unless a test says otherwise the model is `teaching`: no switch, creation
 * or memory cost, so carriers exist from time 0 and only the models'
 * decisions move the instants.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "report/report.h"
#include "scenario/scenario.h"
#include "sim/sim.h"
#include "simtest.h"

#define US SIM_US
#define MS SIM_MS
#define S  SIM_S

static void run(const char *text, struct run_result *r)
{
	simtest_run(NULL, text, NULL, NULL, r);
}

/* The completion of task `name` (an unknown name fails the test). */
static sim_time_t done(const struct run_result *r, const char *name)
{
	for (uint32_t i = 0; i < r->ntasks; i++)
		if (!strcmp(r->tasks[i].name, name))
			return r->tasks[i].completion;
	fail_msg("no task %s", name);
	return 0;
}

/* ------------------------------------------------------- coroutines */

/*
 * A coroutine that computes without awaiting holds its loop: hog (100 ms of
 * CPU) and tick (1 ms) are coroutines of one process, both at 0, on 1 CPU
 * under rr with a 1 ms quantum. The loop runs hog first (file order) to its
 * end at 100 ms, then tick: 101 ms. rr slices the loop's thread, alone on
 * the CPU, and that changes nothing. As threads, rr would have ended tick
 * at 2 ms.
 */
static void test_a_cpu_bound_coroutine_holds_its_loop(void **state)
{
	static const char text[] = "[scenario]\npolicy = rr\n[rr]\nquantum = 1\n"
				   "[task hog]\nkind = coroutine\nprocess = app\nburst = 100\n"
				   "[task tick]\nkind = coroutine\nprocess = app\nburst = 1\n";
	struct run_result r;
	struct summary s;

	run(text, &r);
	assert_int_equal(done(&r, "hog"), 100 * MS);
	assert_int_equal(done(&r, "tick"), 101 * MS);
	assert_int_equal(done(&r, "app.loop[0]"), 101 * MS);
	summary_compute(&r, &s);
	assert_int_equal(s.completed, 2);
	assert_int_equal(s.switches_coroutine, 1);
	run_result_clear(&r);
}

/*
 * An atomic operation in a coroutine is a short computation of its loop's
 * thread, as in a thread: `atomic 10us; cpu 1ms` alone on the teaching
 * model (no costs) ends at 1 ms + 10 us = 1.010 ms, and its loop's thread
 * has computed as long.
 */
static void test_an_atomic_in_a_coroutine_computes(void **state)
{
	static const char text[] = "[scenario]\n[task t]\nkind = coroutine\n"
				   "program = atomic 10us; cpu 1ms\n";
	struct run_result r;

	(void)state;
	run(text, &r);
	assert_int_equal(done(&r, "t"), 1 * MS + 10 * US);
	run_result_clear(&r);
}

/*
 * Awaiting lets the others run; a blocking call does not. a does `io 50`
 * (or `syscall 50`), then 1 ms of CPU; b computes 1 ms. Both at 0.
 *   io:      a parks at 0, b runs 0-1; a's I/O is polled at 50: 50-51.
 *   syscall: the loop's thread blocks 0-50 with a; a computes 50-51; b 51-52.
 */
static void test_a_blocking_call_in_a_coroutine_stalls_its_loop(void **state)
{
	static const char fmt[] =
		"[scenario]\n"
		"[task a]\nkind = coroutine\nprocess = app\nprogram = %s 50; cpu 1\n"
		"[task b]\nkind = coroutine\nprocess = app\nburst = 1\n";
	g_autofree char *awaited = g_strdup_printf(fmt, "io");
	g_autofree char *blocking = g_strdup_printf(fmt, "syscall");
	struct run_result r;

	run(awaited, &r);
	assert_int_equal(done(&r, "a"), 51 * MS);
	assert_int_equal(done(&r, "b"), 1 * MS);
	run_result_clear(&r);
	run(blocking, &r);
	assert_int_equal(done(&r, "a"), 51 * MS);
	assert_int_equal(done(&r, "b"), 52 * MS);
	run_result_clear(&r);
}

/*
 * asyncio's passes: what becomes ready during a pass runs in the next one.
 * a and b (at 0) each `yield; cpu 1`; c (at 0) computes 1 ms. Pass 1 runs
 * a (yields: to the tail), b (yields), c (0-1); pass 2 runs a (1-2), b
 * (2-3). A coroutine switch costs 100 ns with the default model, but here
 * the teaching model's 0.
 */
static void test_the_loop_runs_in_passes(void **state)
{
	static const char text[] = "[scenario]\n"
				   "[group ab]\ncount = 2\nkind = coroutine\nprocess = app\n"
				   "program = yield; cpu 1\n"
				   "[task c]\nkind = coroutine\nprocess = app\nburst = 1\n";
	struct run_result r;

	run(text, &r);
	assert_int_equal(done(&r, "c"), 1 * MS);
	assert_int_equal(done(&r, "ab[0]"), 2 * MS);
	assert_int_equal(done(&r, "ab[1]"), 3 * MS);
	run_result_clear(&r);
}

/* --------------------------------------------------------------- serve */

/*
 * A thread pool of 2 workers on 4 CPUs; 4 requests at 0, each `io 10; cpu
 * 1`. Workers 0 and 1 take requests 0 and 1 (io 0-10, cpu 10-11), then 2
 * and 3 (io 11-21, cpu 21-22): latencies 11, 11, 22, 22 ms.
 * With queue = 1: requests 0 and 1 go to the idle workers, 2 waits, 3 finds
 * the queue full and no room to grow: rejected.
 * With queue = 1 and max = 3: 3 makes the queue overflow, so a third
 * worker starts and takes 2 at once; 3 waits for the first free worker: 22.
 */
static void test_a_thread_pool_queues_grows_and_rejects(void **state)
{
	static const char fmt[] = "[scenario]\ncpus = 4\n"
				  "[group web]\ncount = 4\nprogram = io 10; cpu 1\n"
				  "serve = threadpool\nworkers = 2\n%s";
	g_autofree char *plain = g_strdup_printf(fmt, "");
	g_autofree char *bounded = g_strdup_printf(fmt, "queue = 1\n");
	g_autofree char *grows = g_strdup_printf(fmt, "queue = 1\nmax = 3\n");
	struct run_result r;
	struct summary s;

	run(plain, &r);
	assert_int_equal(done(&r, "web[0]"), 11 * MS);
	assert_int_equal(done(&r, "web[1]"), 11 * MS);
	assert_int_equal(done(&r, "web[2]"), 22 * MS);
	assert_int_equal(done(&r, "web[3]"), 22 * MS);
	summary_compute(&r, &s);
	assert_int_equal(s.requests, 4);
	assert_int_equal(s.requests_completed, 4);
	assert_int_equal(s.rp50, 11 * MS);
	assert_int_equal(s.rmax, 22 * MS);
	assert_int_equal(r.makespan, 22 * MS);
	run_result_clear(&r);

	run(bounded, &r);
	summary_compute(&r, &s);
	assert_int_equal(s.requests, 4);
	assert_int_equal(s.requests_completed, 3);
	assert_int_equal(s.requests_rejected, 1);
	assert_int_equal(done(&r, "web[2]"), 22 * MS);
	assert_int_equal(r.makespan, 22 * MS); /* the rejected one is not unfinished */
	run_result_clear(&r);

	run(grows, &r);
	summary_compute(&r, &s);
	assert_int_equal(s.requests_rejected, 0);
	assert_int_equal(done(&r, "web[2]"), 11 * MS);
	assert_int_equal(done(&r, "web[3]"), 22 * MS);
	assert_non_null(strstr(r.tasks[r.ntasks - 1].name, "web.worker[2]"));
	run_result_clear(&r);
}

/*
 * A process per request runs out of RAM under a spike: 2000 requests at 0
 * that each wait 1 s hold 10 MiB each with the default model; 16 GiB =
 * 17,179,869,184 B holds 1638 (17,175,674,880 B), so request 1638, the
 * 1639th, does not fit. A thread per request takes 20 KiB each plus the
 * server's address space: 2000 x 20,480 + 10,485,760 = 51,445,760 B.
 * max = 100 bounds the processes at once: 100 x 10 MiB = 1,048,576,000 B.
 */
static void test_a_process_per_request_runs_out_of_memory(void **state)
{
	static const char fmt[] = "[scenario]\nmodel = default\ncpus = 8\n"
				  "[group web]\ncount = 2000\nprogram = io 1s; cpu 100us\n"
				  "serve = %s\n";
	g_autofree char *procs = g_strdup_printf(fmt, "process-per-request");
	g_autofree char *threads = g_strdup_printf(fmt, "thread-per-request");
	g_autofree char *bounded = g_strdup_printf(fmt, "process-per-request\nmax = 100");
	GError *err = simtest_fails(NULL, procs, NULL);
	struct run_result r;

	assert_non_null(strstr(err->message, "out of memory at 0 ns: task web[1638]"));
	g_error_free(err);
	run(threads, &r);
	assert_int_equal(r.peak_memory, 2000 * 20480 + 10485760);
	run_result_clear(&r);
	run(bounded, &r);
	assert_int_equal(r.peak_memory, 100ULL * 10485760);
	run_result_clear(&r);
}

/*
 * Four threads of one process on 4 CPUs, each computing 20 ms: 20 ms
 * without a GIL. With one, they compute one at a time in pieces of the 5 ms
 * switch interval, handing the lock to the longest waiter: pieces k = 0..15
 * end at 5(k + 1) ms, thread i's last is piece 12 + i: 65, 70, 75, 80 ms.
 * I/O-bound ones (repeat 4 { cpu 1; io 9 }) hold it 1 ms at a time: thread
 * i computes at i..i+1 then every 10 ms, and ends after its 4th I/O at
 * 40 + i ms: 43 ms for all, against 160 ms one after the other.
 */
static void test_a_gil_serialises_computing_not_waiting(void **state)
{
	static const char fmt[] = "[scenario]\ncpus = 4\n"
				  "[group py]\ncount = 4\nkind = thread\nprocess = python\n"
				  "program = %s\n%s";
	g_autofree char *cpu = g_strdup_printf(fmt, "cpu 20", "");
	g_autofree char *cpu_gil = g_strdup_printf(fmt, "cpu 20", "gil = true\n");
	g_autofree char *io_gil = g_strdup_printf(fmt, "repeat 4 { cpu 1; io 9 }", "gil = true\n");
	struct run_result r;

	run(cpu, &r);
	assert_int_equal(r.makespan, 20 * MS);
	run_result_clear(&r);
	run(cpu_gil, &r);
	assert_int_equal(done(&r, "py[0]"), 65 * MS);
	assert_int_equal(done(&r, "py[1]"), 70 * MS);
	assert_int_equal(done(&r, "py[2]"), 75 * MS);
	assert_int_equal(done(&r, "py[3]"), 80 * MS);
	run_result_clear(&r);
	run(io_gil, &r);
	assert_int_equal(done(&r, "py[0]"), 40 * MS);
	assert_int_equal(r.makespan, 43 * MS);
	run_result_clear(&r);
}

/*
 * A blocking system call under Go's scheduler: GOMAXPROCS = 1, 2 CPUs, two
 * requests at 0, each `syscall 50; cpu 1`.
 *   eventloop: the loop blocks 0-50 with request 0, which computes 50-51;
 *              request 1 blocks it 51-101 and computes 101-102.
 *   mn:        M0 runs G0 into its syscall at 0 with P0; G1 waits in P0's
 *              runnext. sysmon looks 20 us later, finds work on P0 and
 *              hands it off to a new M1, which runs G1 into its syscall at
 *              20 us; sysmon takes P0 back 20 us later (nothing to do: it
 *              goes idle). G0's call returns at 50: M0 takes the idle P0,
 *              G0 computes 50-51. G1's returns at 50.02: no P is free, so
 *              G1 goes to the global queue and M1 stops; M0 runs it 51-52.
 */
static void test_go_hands_off_its_p_when_a_goroutine_blocks(void **state)
{
	static const char fmt[] = "[scenario]\ncpus = 2\n"
				  "[group web]\ncount = 2\nprogram = syscall 50; cpu 1\n"
				  "serve = %s\n";
	g_autofree char *loop = g_strdup_printf(fmt, "eventloop");
	g_autofree char *go = g_strdup_printf(fmt, "mn\nworkers = 1");
	struct run_result r;

	run(loop, &r);
	assert_int_equal(done(&r, "web[0]"), 51 * MS);
	assert_int_equal(done(&r, "web[1]"), 102 * MS);
	run_result_clear(&r);
	run(go, &r);
	assert_int_equal(done(&r, "web[0]"), 51 * MS);
	assert_int_equal(done(&r, "web[1]"), 52 * MS);
	assert_non_null(strstr(r.tasks[r.ntasks - 1].name, "web.M[1]"));
	run_result_clear(&r);
}

/*
 * Go's work stealing: GOMAXPROCS = 2 on 2 CPUs, four requests of 10 ms of
 * CPU at 0; new goroutines go to P0 (the listener's). G0 runs on P0 from
 * runnext; G1 takes runnext and wakes P1, whose M finds nothing of its own
 * and steals P0's runnext; G2 and G3 arrive while both run: G3 in runnext,
 * G2 in P0's runq. At 10 ms P0 runs G3 from runnext and P1 steals G2:
 * latencies 10, 10, 20, 20 ms. Without stealing P0 alone would end them at
 * 10, 20, 30 and 40 ms.
 */
static void test_go_steals_work(void **state)
{
	static const char text[] = "[scenario]\ncpus = 2\n"
				   "[group web]\ncount = 4\nburst = 10\nserve = mn\nworkers = 2\n";
	struct run_result r;

	run(text, &r);
	assert_int_equal(done(&r, "web[0]"), 10 * MS);
	assert_int_equal(done(&r, "web[1]"), 10 * MS);
	assert_int_equal(done(&r, "web[2]"), 20 * MS);
	assert_int_equal(done(&r, "web[3]"), 20 * MS);
	run_result_clear(&r);
}

/*
 * sysmon preempts a goroutine that has run 10 ms: GOMAXPROCS = 1 on 1 CPU,
 * two requests of 50 ms of CPU, at 0 and 5 ms. Under the event loop the
 * first runs to its end: 50 and 100 ms. Under mn (a preempted G goes to the
 * global queue; G1 waits in runnext):
 *   0-10      G0 (from runnext: schedtick stays 0)
 *   10-20     G0 again: schedtick 0 is a multiple of 61, the global queue first
 *   20-20.02  G1 from runnext inherits the used-up slice: sysmon's next look
 *   20.02-30.02 G0 (a batch from the global queue; G1 to the local runq)
 *   30.02-40.02 G1 (local runq)    40.02-50.02 G0 (global batch; G1 local)
 *   50.02-60.02 G1 (local)         60.02-70.02 G0, its 50th ms: ends
 *   70.02-100 G1, alone, to its end (preempted twice, picked again).
 * The first request shares the CPU: 70.02 ms instead of 50.
 */
static void test_go_preempts_a_goroutine_after_10ms(void **state)
{
	static const char fmt[] = "[scenario]\n"
				  "[group web]\ncount = 2\narrival = every(5ms)\nburst = 50\n"
				  "serve = %s\n";
	g_autofree char *loop = g_strdup_printf(fmt, "eventloop");
	g_autofree char *go = g_strdup_printf(fmt, "mn\nworkers = 1");
	struct run_result r;

	run(loop, &r);
	assert_int_equal(done(&r, "web[0]"), 50 * MS);
	assert_int_equal(done(&r, "web[1]"), 100 * MS);
	run_result_clear(&r);
	run(go, &r);
	assert_int_equal(done(&r, "web[0]"), 70 * MS + 20 * US);
	assert_int_equal(done(&r, "web[1]"), 100 * MS);
	/* G0 G0 G1 G0 G1 G0 G1 G0 G1 G1 G1: 7 changes of goroutine on M0. */
	assert_int_equal(r.coroutine_switches, 7);
	run_result_clear(&r);
}

/*
 * 100,000 Ps (GOMAXPROCS; workers may be up to 1,000,000) and five
 * goroutines of 100 us at 0, on 2 CPUs (fcfs). At the start one M, M[0], is
 * given each P in turn and, with no G anywhere, idles it and stops before
 * the next is started: one M for every P, and no look at the other Ps'
 * queues, as none holds a G. w[0] takes P0's runnext and wakes the idle P
 * of the lowest id, P0, whose M is the idle M[0]: it runs w[0] from
 * runnext. w[1] takes P0's runnext and wakes P1; no M is idle, so a new
 * M[1] gets it, finds P0's runq empty and, on the last pass of its steal,
 * takes P0's runnext: w[1]. Likewise w[2], w[3] and w[4] on P2, P3 and P4
 * with new Ms M[2], M[3] and M[4]: five Ms in all. A pass over 100,000 Ps
 * must visit each once, P0 included: a pass whose positions start +
 * k * stride wrapped around 2^32 could miss it, and then w[2] waited. fcfs
 * runs the Ms in the order they became ready: M[0] and M[1] 0-0.1 ms,
 * M[2] and M[3] 0.1-0.2 ms, M[4] 0.2-0.3 ms.
 */
static void test_go_with_100000_ps_and_five_goroutines(void **state)
{
	static const char text[] = "[scenario]\ncpus = 2\n"
				   "[group w]\ncount = 5\nprogram = cpu 100us\nserve = mn\n"
				   "workers = 100000\n";
	const sim_time_t want[] = { 100 * US, 100 * US, 200 * US, 200 * US, 300 * US };
	struct run_result r;

	run(text, &r);
	assert_int_equal(r.ntasks, 5 + 5);
	assert_string_equal(r.tasks[9].name, "w.M[4]");
	for (int i = 0; i < 5; i++) {
		g_autofree char *name = g_strdup_printf("w[%d]", i);

		assert_int_equal(done(&r, name), want[i]);
	}
	assert_int_equal(r.makespan, 300 * US);
	run_result_clear(&r);
}

/*
 * mn's workers = 0 is GOMAXPROCS's default, the CPUs, as when it is left
 * out: on 2 CPUs two Ms run the two goroutines side by side, done at 1 ms.
 */
static void test_go_with_workers_0_has_a_p_per_cpu(void **state)
{
	static const char text[] = "[scenario]\ncpus = 2\n"
				   "[group w]\ncount = 2\nprogram = cpu 1\nserve = mn\n"
				   "workers = 0\n";
	struct run_result r;

	(void)state;
	run(text, &r);
	assert_int_equal(r.ntasks, 2 + 2);
	assert_string_equal(r.tasks[3].name, "w.M[1]");
	assert_int_equal(done(&r, "w[0]"), 1 * MS);
	assert_int_equal(done(&r, "w[1]"), 1 * MS);
	run_result_clear(&r);
}

/*
 * A group's priority is that of the kernel tasks that run it: its requests'
 * threads (thread-per-request), the pool's worker, the loop thread of its
 * coroutines. busy (10 ms) starts at 0 under preemptive prio; the group's
 * two tasks (1 ms each, priority -1) arrive at 1 ms and preempt it, one
 * after the other on a thread each or in turn on one carrier: done at 2 and
 * 3 ms, busy at 12 ms. At busy's priority they would wait until 10 ms.
 */
static void test_a_group_s_priority_is_its_kernel_tasks(void **state)
{
	static const char fmt[] = "[scenario]\npolicy = prio\n[prio]\npreemptive = true\n"
				  "[task busy]\nburst = 10\n"
				  "[group web]\ncount = 2\narrival = 1\nprogram = cpu 1\n"
				  "priority = -1\n%s\n";
	static const char *const how[] = { "serve = thread-per-request",
					   "serve = threadpool\nworkers = 1", "kind = coroutine" };
	struct run_result r;

	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(how); i++) {
		g_autofree char *text = g_strdup_printf(fmt, how[i]);

		run(text, &r);
		assert_int_equal(done(&r, "web[0]"), 2 * MS);
		assert_int_equal(done(&r, "web[1]"), 3 * MS);
		assert_int_equal(done(&r, "busy"), 12 * MS);
		run_result_clear(&r);
	}
}

/*
 * And its nice: a pool's only worker at nice -20 (weight 88761) beside busy
 * at nice 0 (1024) under cfs with exact slices, one CPU. Both compute
 * 10 ms from 0; the worker takes 88761 / 89785 of the CPU, so it is done
 * well before 11 ms, where at nice 0 the two would share it to about 20 ms.
 */
static void test_a_group_s_nice_is_its_workers(void **state)
{
	static const char text[] = "[scenario]\npolicy = cfs\n[cfs]\ntick_hz = 0\n"
				   "[task busy]\nburst = 10\n"
				   "[group web]\ncount = 1\nprogram = cpu 10\nnice = -20\n"
				   "serve = threadpool\nworkers = 1\n";
	struct run_result r;

	(void)state;
	run(text, &r);
	assert_true(done(&r, "web[0]") < 11 * MS);
	run_result_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_cpu_bound_coroutine_holds_its_loop),
		cmocka_unit_test(test_an_atomic_in_a_coroutine_computes),
		cmocka_unit_test(test_a_blocking_call_in_a_coroutine_stalls_its_loop),
		cmocka_unit_test(test_the_loop_runs_in_passes),
		cmocka_unit_test(test_a_thread_pool_queues_grows_and_rejects),
		cmocka_unit_test(test_a_process_per_request_runs_out_of_memory),
		cmocka_unit_test(test_a_gil_serialises_computing_not_waiting),
		cmocka_unit_test(test_go_hands_off_its_p_when_a_goroutine_blocks),
		cmocka_unit_test(test_go_steals_work),
		cmocka_unit_test(test_go_preempts_a_goroutine_after_10ms),
		cmocka_unit_test(test_go_with_100000_ps_and_five_goroutines),
		cmocka_unit_test(test_go_with_workers_0_has_a_p_per_cpu),
		cmocka_unit_test(test_a_group_s_priority_is_its_kernel_tasks),
		cmocka_unit_test(test_a_group_s_nice_is_its_workers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
