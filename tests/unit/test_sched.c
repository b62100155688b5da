/*
 * test_sched.c - the scheduler core with fcfs and rr: textbook answers,
 * conventions, blocking, many CPUs, costs, memory, horizon, determinism.
 *
 * Expected figures are worked by hand in the comments.
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

#define MS SIM_MS
#define US SIM_US

/* Load `text` with `sets`, run it into `sink` (may be NULL), fill *res. */
static void run_full(const char *text, const char *const *sets, struct record_sink *sink,
		     struct run_result *res)
{
	struct scenario_overrides ov = { .sets = sets };

	simtest_run(NULL, text, &ov, sink, res);
}

static void run_text(const char *text, const char *const *sets, struct run_result *res)
{
	run_full(text, sets, NULL, res);
}

static sim_time_t total_waiting(const struct run_result *r)
{
	sim_time_t sum = 0;

	for (uint32_t i = 0; i < r->ntasks; i++)
		sum += r->tasks[i].waiting;
	return sum;
}

static const char silberschatz[] = "[scenario]\n"
				   "policy = fcfs\n"
				   "[rr]\n"
				   "quantum = 4\n"
				   "[task P1]\n"
				   "burst = 24\n"
				   "[task P2]\n"
				   "burst = 3\n"
				   "[task P3]\n"
				   "burst = 3\n";

/* Silberschatz 10th ed. 5.3.1: waits 0, 24, 27; average 17 ms. */
static void test_fcfs_24_3_3_average_waiting_is_17ms(void **state)
{
	struct run_result r;

	run_text(silberschatz, NULL, &r);
	assert_int_equal(r.tasks[0].waiting, 0);
	assert_int_equal(r.tasks[1].waiting, 24 * MS);
	assert_int_equal(r.tasks[2].waiting, 27 * MS);
	assert_int_equal(total_waiting(&r), 3 * 17 * MS);
	assert_int_equal(r.tasks[2].completion, 30 * MS);
	assert_int_equal(r.makespan, 30 * MS);
	run_result_clear(&r);
}

/* Reversed order (Silberschatz 5.3.1): waits 6, 0, 3; average 3 ms. */
static void test_fcfs_3_3_24_average_waiting_is_3ms(void **state)
{
	const char *sets[] = { "task P1.burst=3", "task P3.burst=24", NULL };
	struct run_result r;

	run_text(silberschatz, sets, &r);
	assert_int_equal(total_waiting(&r), 3 * 3 * MS);
	run_result_clear(&r);
}

/*
 * Silberschatz 5.3.3, quantum 4: P1 0-4, P2 4-7, P3 7-10, P1 10-30.
 * Waits: P1 10-4 = 6, P2 4, P3 7: 17/3 = 5.67 ms.
 */
static void test_rr_quantum_4_average_waiting_is_5_67ms(void **state)
{
	const char *sets[] = { "scenario.policy=rr", NULL };
	struct run_result r;

	run_text(silberschatz, sets, &r);
	assert_int_equal(r.tasks[0].waiting, 6 * MS);
	assert_int_equal(r.tasks[1].waiting, 4 * MS);
	assert_int_equal(r.tasks[2].waiting, 7 * MS);
	assert_int_equal(r.tasks[1].completion, 7 * MS);
	assert_int_equal(r.tasks[0].completion, 30 * MS);
	/* P1 is preempted once while others wait (at 4); at 14..26 it is alone
	 * and is picked again, which is no switch; its exit is followed by
	 * nothing. The textbook's 3 switches: P1-P2, P2-P3, P3-P1. */
	assert_int_equal(r.tasks[0].involuntary, 1);
	assert_int_equal(r.tasks[0].voluntary, 0);
	assert_int_equal(r.tasks[1].voluntary, 1); /* its exit, P3 next */
	assert_int_equal(r.cpus[0].switches, 3);
	run_result_clear(&r);
}

static const char expiry_meets_arrival[] = "[scenario]\n"
					   "policy = rr\n"
					   "[rr]\n"
					   "quantum = 4\n"
					   "[task A]\n"
					   "burst = 8\n"
					   "[task B]\n"
					   "arrival = 4\n"
					   "burst = 4\n";

/* At 4, A's quantum expires as B arrives: Stallings queues B first. */
static void test_rr_new_first_queues_arrival_before_expired_task(void **state)
{
	struct run_result r;

	run_text(expiry_meets_arrival, NULL, &r);
	assert_int_equal(r.tasks[1].completion, 8 * MS);  /* B: 4-8 */
	assert_int_equal(r.tasks[0].completion, 12 * MS); /* A: 0-4, 8-12 */
	run_result_clear(&r);
}

static void test_rr_new_first_false_queues_expired_task_first(void **state)
{
	const char *sets[] = { "rr.new_first=false", NULL };
	struct run_result r;

	run_text(expiry_meets_arrival, sets, &r);
	assert_int_equal(r.tasks[0].completion, 8 * MS);  /* A: 0-8 */
	assert_int_equal(r.tasks[1].completion, 12 * MS); /* B: 8-12 */
	run_result_clear(&r);
}

/* cpu 2; io 3; cpu 2 alone: done at 7, blocked once, never waits. */
static void test_io_blocks_and_wakes(void **state)
{
	struct run_result r;

	run_text("[scenario]\n[task T]\nprogram = cpu 2; io 3; cpu 2\n", NULL, &r);
	assert_int_equal(r.tasks[0].completion, 7 * MS);
	assert_int_equal(r.tasks[0].cpu, 4 * MS);
	assert_int_equal(r.tasks[0].waiting, 0);
	/* it blocks and exits, but no other task ever takes its CPU: no switch */
	assert_int_equal(r.tasks[0].voluntary, 0);
	assert_int_equal(r.cpus[0].switches, 0);
	assert_int_equal(r.cpus[0].busy, 4 * MS);
	run_result_clear(&r);
}

/*
 * FCFS: A = cpu 2; io 5; cpu 1 and B = cpu 4. A runs 0-2 and blocks, B runs
 * 2-6; A wakes at 7 and runs 7-8. The CPU idles 6-7.
 */
static void test_cpu_goes_idle_and_wakes_for_io_completion(void **state)
{
	struct run_result r;

	run_text("[scenario]\n[task A]\nprogram = cpu 2; io 5; cpu 1\n[task B]\nburst = 4\n", NULL,
		 &r);
	assert_int_equal(r.tasks[1].completion, 6 * MS);
	assert_int_equal(r.tasks[0].completion, 8 * MS);
	assert_int_equal(r.tasks[0].waiting, 0);
	assert_int_equal(r.tasks[1].waiting, 2 * MS);
	assert_int_equal(r.cpus[0].busy, 7 * MS);
	run_result_clear(&r);
}

/* yield puts the task behind the others: A = cpu 1; yield; cpu 1, B = cpu 3. */
static void test_yield_goes_to_the_tail(void **state)
{
	struct run_result r;

	run_text("[scenario]\n[task A]\nprogram = cpu 1; yield; cpu 1\n[task B]\nburst = 3\n", NULL,
		 &r);
	assert_int_equal(r.tasks[1].completion, 4 * MS); /* B: 1-4 */
	assert_int_equal(r.tasks[0].completion, 5 * MS); /* A: 0-1, 4-5 */
	assert_int_equal(r.tasks[0].involuntary, 1);
	run_result_clear(&r);
}

/* Four 10 ms tasks on two CPUs with one queue: two rounds, makespan 20 ms. */
static void test_two_cpus_share_one_queue(void **state)
{
	struct run_result r;

	run_text("[scenario]\ncpus = 2\nglobal_queue = true\n[group w]\ncount = 4\nburst = 10\n",
		 NULL, &r);
	assert_int_equal(r.makespan, 20 * MS);
	assert_int_equal(r.cpus[0].busy, 20 * MS);
	assert_int_equal(r.cpus[1].busy, 20 * MS);
	assert_int_equal(r.tasks[0].completion, 10 * MS);
	assert_int_equal(r.tasks[1].completion, 10 * MS);
	assert_int_equal(r.tasks[2].first_run, 10 * MS);
	assert_int_equal(total_waiting(&r), 20 * MS);
	run_result_clear(&r);
}

/*
 * Two processes alternate under RR with a 1 ms quantum, 2 ms each, with the
 * test model: every switch between them costs 10 us and, with no PCID slot,
 * flushes the TLB; the incoming task refills 8 pages (32 KiB) at 100 ns.
 * Order: A (cold start, no cost), B, A, B: three switches of 10.8 us.
 */
static void test_process_switches_cost_and_flush(void **state)
{
	struct run_result r;

	run_text("[scenario]\npolicy = rr\nmodel = ../data/model-costs.ini\n[rr]\nquantum = 1\n"
		 "[group p]\ncount = 2\nburst = 2\nworking_set = 32KiB\n",
		 NULL, &r);
	assert_int_equal(r.cpus[0].tlb_flushes, 3);
	assert_int_equal(r.cpus[0].tlb_refill, 3 * 8 * 100);
	assert_int_equal(r.cpus[0].switching, 3 * (10 * US + 800));
	assert_int_equal(r.cpus[0].busy, 4 * MS);
	/* Both are forked at 0 and ready at 50 us. */
	assert_int_equal(r.makespan, 50 * US + 4 * MS + 3 * (10 * US + 800));
	/* Peak memory: two address spaces of 1 MiB. */
	assert_int_equal(r.peak_memory, 2 << 20);
	run_result_clear(&r);
}

/* The same with two threads of one process: 4 us each, no flush. */
static void test_thread_switches_never_flush(void **state)
{
	struct run_result r;

	run_text("[scenario]\npolicy = rr\nmodel = ../data/model-costs.ini\n[rr]\nquantum = 1\n"
		 "[group t]\ncount = 2\nkind = thread\nprocess = server\nburst = 2\n"
		 "working_set = 32KiB\n",
		 NULL, &r);
	assert_int_equal(r.cpus[0].tlb_flushes, 0);
	assert_int_equal(r.cpus[0].switching, 3 * 4 * US);
	/* One address space and two thread stacks. */
	assert_int_equal(r.peak_memory, (1 << 20) + 2 * (64 << 10));
	run_result_clear(&r);
}

/*
 * RAM 3 MiB holds two processes of 1 MiB + 512 KiB (3 MiB exactly), not a
 * third: p[2] arriving at 0 runs the machine out of memory.
 */
static void test_running_out_of_memory_stops_the_run(void **state)
{
	static const char text[] = "[scenario]\nmodel = ../data/model-costs.ini\n"
				   "[group p]\ncount = 4\nburst = 1\nmemory = 512KiB\n";
	g_autoptr(GError) err = simtest_fails(NULL, text, NULL);

	assert_true(g_error_matches(err, SIM_ERROR, SIM_ERROR_OUT_OF_MEMORY));
	assert_string_equal(err->message,
			    "out of memory at 0 ns: task p[2] needs 1.5 MiB (1572864 bytes), which "
			    "would make 4.5 MiB (4718592 bytes) in use, more than the model's "
			    "3.0 MiB (3145728 bytes) of RAM");
}

/* A 10 s task with a 1 s horizon is unfinished and has run 1 s. */
static void test_horizon_leaves_tasks_unfinished(void **state)
{
	struct run_result r;

	run_text("[scenario]\nhorizon = 1s\n[task T]\nburst = 10s\n[task U]\narrival = 2s\n"
		 "burst = 1\n",
		 NULL, &r);
	assert_true(r.horizon_hit);
	assert_int_equal(r.end, 1000 * MS);
	assert_int_equal(r.tasks[0].completion, SIM_TIME_NONE);
	assert_int_equal(r.tasks[0].cpu, 1000 * MS);
	/* U would arrive after the horizon: it never existed, it is not unfinished. */
	assert_int_equal(r.ntasks, 1);
	assert_string_equal(r.tasks[0].name, "T");
	run_result_clear(&r);
}

/*
 * A run stopped by its horizon with sleepers' events pending in task slots
 * that sim_result_take gives back: freeing the simulation afterwards must
 * not touch those events (a write into freed memory, which ASan reports).
 */
static void test_free_after_result_take_with_events_pending(void **state)
{
	static const char text[] = "[scenario]\ncpus = 4\nhorizon = 50ms\n[group w]\n"
				   "count = 3000\nprogram = repeat 100 { cpu 1ms; io 1ms }\n";
	GError *err = NULL;
	struct scenario *sc =
		scenario_load_data(SRCDIR "/tests/unit/inline.ini", text, strlen(text), NULL, &err);
	struct sim *sim;
	struct run_result r;

	assert_non_null(sc);
	sim = sim_new(sc, NULL, &err);
	assert_non_null(sim);
	assert_true(sim_run(sim, &err));
	sim_result_take(sim, &r);
	assert_true(r.horizon_hit);
	assert_int_equal(r.ntasks, 3000);
	sim_free(sim);
	run_result_clear(&r);
	scenario_free(sc);
}

/* Two runs of a random workload give the same JSON, byte for byte. */
static void test_same_seed_same_bytes(void **state)
{
	static const char text[] =
		"[scenario]\npolicy = rr\ncpus = 2\nseed = 42\n[rr]\nquantum = 2\n"
		"[group c]\ncount = 50\narrival = poisson(100/s)\n"
		"program = repeat 3 { cpu exp(3ms); io uniform(1ms,9ms) }\n";
	struct run_result a, b;
	GString *ja = g_string_new(NULL), *jb = g_string_new(NULL);

	run_text(text, NULL, &a);
	run_text(text, NULL, &b);
	report_json(&a, ja);
	report_json(&b, jb);
	assert_string_equal(ja->str, jb->str);
	g_string_free(ja, TRUE);
	g_string_free(jb, TRUE);
	run_result_clear(&a);
	run_result_clear(&b);
}

/* The queue records of each CPU: how many, and how many repeated the last length. */
struct queue_notes {
	int64_t last[2];
	unsigned records[2], repeats[2];
};

static void note_queue(void *ctx, const struct record *rec)
{
	struct queue_notes *q = ctx;

	if (rec->kind != REC_QUEUE || rec->cpu < 0 || rec->cpu > 1)
		return;
	q->repeats[rec->cpu] += rec->length == q->last[rec->cpu];
	q->last[rec->cpu] = rec->length;
	q->records[rec->cpu]++;
}

/*
 * One CPU, round robin, quantum 1 ms, three tasks of 3 ms arriving at 0:
 * the queue's length goes 1, 2, 3 as they arrive, 2 at the first dispatch,
 * and stays 2 while each expiry puts one back and the next dispatch takes
 * one (six dispatches at the same length: no record). Then it goes 1 when
 * the first task ends at 7 ms, 0 when the second ends at 8 ms: six records,
 * no repeat.
 */
static void test_queue_records_only_when_the_length_changes(void **state)
{
	struct queue_notes q = { .last = { -1, -1 } };
	struct record_sink sink = { .emit = note_queue, .ctx = &q };
	struct run_result r;

	run_full("[scenario]\npolicy = rr\n[rr]\nquantum = 1\n[group w]\ncount = 3\nburst = 3\n",
		 NULL, &sink, &r);
	assert_int_equal(q.repeats[0], 0);
	assert_int_equal(q.records[0], 6);
	assert_int_equal(q.last[0], 0);
	assert_int_equal(r.tasks[2].completion, 9 * MS);
	run_result_clear(&r);
}

/* Records of the cpu each task was dispatched on, for affinity tests. */
struct placements {
	int cpu_of[16][4]; /* task id -> count of dispatches per cpu */
};

static void note_dispatch(void *ctx, const struct record *rec)
{
	struct placements *p = ctx;

	if (rec->kind == REC_DISPATCH && rec->task < 16 && rec->cpu < 4)
		p->cpu_of[rec->task][rec->cpu]++;
}

/*
 * Four CPUs, round robin: the group pinned to CPU 2 runs only there, even
 * while the other CPUs are idle, and takes 4 x 5 ms = 20 ms.
 */
static void test_affinity_is_respected(void **state)
{
	struct placements p = { 0 };
	struct record_sink sink = { .emit = note_dispatch, .ctx = &p };
	struct run_result r;

	run_full("[scenario]\ncpus = 4\npolicy = rr\n[rr]\nquantum = 1\n"
		 "[group pinned]\ncount = 4\nburst = 5\ncpus = 2\n"
		 "[group free]\ncount = 2\nburst = 5\n",
		 NULL, &sink, &r);
	for (int t = 0; t < 4; t++) {
		assert_true(p.cpu_of[t][2] > 0);
		assert_int_equal(p.cpu_of[t][0] + p.cpu_of[t][1] + p.cpu_of[t][3], 0);
	}
	assert_int_equal(r.cpus[2].busy, 20 * MS);
	assert_int_equal(r.tasks[3].completion, 20 * MS);
	/* The free tasks go to the idle CPUs 0 and 1 and finish at 5 ms. */
	assert_int_equal(r.tasks[4].completion, 5 * MS);
	assert_int_equal(r.tasks[5].completion, 5 * MS);
	run_result_clear(&r);
}

/*
 * Two CPUs, FCFS, one queue per CPU. L (100 ms) goes to CPU 0, M (5 ms) to
 * CPU 1; P and Q (cpu 1; io 1; cpu 10) queue behind them, P on CPU 0 and Q on
 * CPU 1 (the least loaded, lowest first). At 6 ms Q blocks and CPU 1 has
 * nothing to run: it pulls P, which never ran (not cache-hot), from CPU 0.
 * P starts at 6 ms instead of 100 ms.
 */
static void test_idle_cpu_pulls_work_from_a_loaded_one(void **state)
{
	struct run_result r;

	run_text("[scenario]\ncpus = 2\n[task L]\nburst = 100\n[task M]\nburst = 5\n"
		 "[group pq]\ncount = 2\nprogram = cpu 1; io 1; cpu 10\n",
		 NULL, &r);
	assert_int_equal(r.tasks[2].first_run, 6 * MS);
	assert_int_equal(r.cpus[1].migrations, 1);
	assert_int_equal(r.cpus[0].migrations, 0);
	assert_int_equal(r.tasks[0].completion, 100 * MS);
	run_result_clear(&r);
}

/*
 * T = cpu 1; io 1; cpu 1 runs on CPU 0. U arrives at 1.5 ms and takes idle
 * CPU 0 (forked at 1.5 ms, ready at 1.55 ms). When T wakes at 2 ms CPU 0 is
 * busy, so T goes to idle CPU 1 and pays the 3 us remote wakeup there.
 */
static void test_wakeup_on_another_cpu_pays_the_remote_cost(void **state)
{
	struct run_result r;

	run_text("[scenario]\ncpus = 2\nmodel = ../data/model-costs.ini\n"
		 "[task T]\nprogram = cpu 1; io 1; cpu 1\n"
		 "[task U]\narrival = 1.5\nburst = 5\n",
		 NULL, &r);
	assert_int_equal(r.cpus[1].remote_wakeups, 1);
	assert_int_equal(r.cpus[0].remote_wakeups, 0);
	/* Forked at 0, ready at 50 us: 0.05-1.05, io until 2.05, then 3 us, 1 ms. */
	assert_int_equal(r.tasks[0].completion, 50 * US + 1 * MS + 1 * MS + 3 * US + 1 * MS);
	run_result_clear(&r);
}

/*
 * P = spawn w; spawn w; cpu 1 on one CPU under FCFS with the test model
 * (fork: 50 us). P computes 50 us per fork: w[0] arrives at 0.1 ms and
 * w[1] at 0.15 ms (P itself was forked at 0 and ready at 50 us); P keeps
 * the CPU until it ends at 1.15 ms, having used 1.1 ms of CPU.
 */
static void test_spawn_creates_tasks_and_charges_the_parent(void **state)
{
	struct run_result r;

	run_text("[scenario]\nmodel = ../data/model-costs.ini\n"
		 "[task P]\nprogram = spawn w; spawn w; cpu 1\n"
		 "[group w]\ncount = 2\narrival = spawn\nburst = 2\n",
		 NULL, &r);
	assert_int_equal(r.tasks[1].arrival, 100 * US);
	assert_int_equal(r.tasks[2].arrival, 150 * US);
	assert_int_equal(r.tasks[0].completion, 1150 * US);
	assert_int_equal(r.tasks[0].cpu, 1100 * US);
	assert_int_equal(r.tasks[1].cpu, 2 * MS);
	assert_int_equal(r.tasks[2].completion, r.end);
	run_result_clear(&r);
}

static void test_spawning_past_the_count_stops_the_run(void **state)
{
	static const char text[] = "[scenario]\n[task P]\nprogram = spawn w; spawn w\n"
				   "[group w]\ncount = 1\narrival = spawn\nburst = 2\n";
	g_autoptr(GError) err = simtest_fails(NULL, text, NULL);

	assert_true(g_error_matches(err, SIM_ERROR, SIM_ERROR_SPAWN_LIMIT));
	assert_string_equal(err->message, "spawn at 0 ns: task P spawns a task of group 'w', whose "
					  "1 task all exist already; raise its count");
}

/*
 * The end of simulated time: 2^63 - 1 ns = 9223372036854775807 ns, about 292
 * years, is "never"; 9223372036854775806 ns is the last instant. Bursts of
 * 10^6 s = 10^15 ns back to back: the 9223rd ends at 9223 * 10^15 =
 * 9223000000000000000 ns (9223000000 s), the 9224th would end at
 * 9224 * 10^15 > 2^63 - 1.
 */
#define END_OF_TIME_AT_9223(done, of)                                                              \
	"the run would reach the end of simulated time, 2^63 - 1 ns (9223372036.85 s, about 292 "  \
	"years): stopped at t = 9223000000.00 s, with " done " of " of " tasks done"

/* A run whose work ends at the last instant completes; 1 ns more fails it. */
static void test_a_run_may_last_to_the_last_instant_of_time(void **state)
{
	static const char last[] =
		"[scenario]\ntime_unit = s\n[task A]\n"
		"program = repeat 9223 { cpu 1000000s }; cpu 372036854775806ns\n";
	static const char past[] =
		"[scenario]\ntime_unit = s\n[task A]\n"
		"program = repeat 9223 { cpu 1000000s }; cpu 372036854775807ns\n";
	struct run_result r;
	GError *err;

	/* 9223000000000000000 + 372036854775806 = 9223372036854775806 */
	run_text(last, NULL, &r);
	assert_int_equal(r.tasks[0].completion, INT64_MAX - 1);
	assert_int_equal(r.makespan, INT64_MAX - 1);
	assert_int_equal(r.tasks[0].cpu, INT64_MAX - 1);
	run_result_clear(&r);
	/* ... + 372036854775807 = 2^63 - 1: the last burst's end never comes */
	err = simtest_fails(NULL, past, NULL);
	assert_true(g_error_matches(err, SIM_ERROR, SIM_ERROR_END_OF_TIME));
	assert_string_equal(err->message, END_OF_TIME_AT_9223("0", "1"));
	g_error_free(err);
}

/*
 * Work past the end of time fails the run (it used to stop there, exit 0,
 * "completed 0 of 1"): a task's bursts, a group's arrivals every 10^6 s
 * (task k arrives at k * 10^15 and runs to (k + 1) * 10^15, so 9223 are done
 * when the 9224th's burst would end past the end, and the 9225th's arrival
 * is past it too), and MLFQ's boost every 10^6 s and prio's aging ticks,
 * whose next instant, past the end, used to overflow and abort.
 */
static void test_work_past_the_end_of_time_fails_the_run(void **state)
{
	static const struct {
		const char *text, *message;
	} cases[] = {
		{ "[scenario]\ntime_unit = s\n[task A]\nprogram = repeat 100000 { cpu 1000000s }\n",
		  END_OF_TIME_AT_9223("0", "1") },
		{ "[scenario]\ntime_unit = s\n[group g]\ncount = 10000\n"
		  "arrival = every(1000000s)\nburst = 1000000s\n",
		  END_OF_TIME_AT_9223("9223", "10000") },
		{ "[scenario]\ntime_unit = s\npolicy = mlfq\n[mlfq]\nquantum = 1000000s\n"
		  "boost = 1000000s\n[task A]\nprogram = repeat 10000 { cpu 1000000s }\n",
		  END_OF_TIME_AT_9223("0", "1") },
		/* B (priority 5, 1 s) ages a step per 10^6 s waiting and at the 6th
		 * (-1, more urgent than A's 0) preempts A, at 6 * 10^6 s: A's bursts
		 * end 1 s later from then on, the 9223rd at 9223000001 s */
		{ "[scenario]\ntime_unit = s\npolicy = prio\n[prio]\naging = 1000000s\n"
		  "preemptive = true\n[task A]\nprogram = repeat 10000 { cpu 1000000s }\n"
		  "[task B]\npriority = 5\nburst = 1\n",
		  "the run would reach the end of simulated time, 2^63 - 1 ns (9223372036.85 s, "
		  "about 292 years): stopped at t = 9223000001.00 s, with 1 of 2 tasks done" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		GError *err = simtest_fails(NULL, cases[i].text, NULL);

		assert_true(g_error_matches(err, SIM_ERROR, SIM_ERROR_END_OF_TIME));
		assert_string_equal(err->message, cases[i].message);
		g_error_free(err);
	}
}

/* Eight 1 s tasks on four CPUs with a queue each: two rounds of 1 s each. */
static void test_eight_tasks_on_four_cpus_take_two_seconds(void **state)
{
	struct run_result r;
	sim_time_t busy = 0;

	run_text("[scenario]\ncpus = 4\npolicy = rr\n[rr]\nquantum = 4\n"
		 "[group w]\ncount = 8\nburst = 1s\n",
		 NULL, &r);
	assert_int_equal(r.makespan, 2000 * MS);
	for (int i = 0; i < 4; i++)
		busy += r.cpus[i].busy;
	assert_int_equal(busy, 8000 * MS); /* utilisation 100 % */
	run_result_clear(&r);
}

/*
 * The same under CFS with the default model (one queue per CPU, switch and
 * creation costs): about 2 s, every CPU busy at least 95 % of the time.
 */
static void test_eight_tasks_on_four_cpus_under_cfs(void **state)
{
	struct run_result r;
	struct summary sum;

	run_text("[scenario]\ncpus = 4\npolicy = cfs\nmodel = default\n"
		 "[group w]\ncount = 8\nburst = 1s\n",
		 NULL, &r);
	summary_compute(&r, &sum);
	assert_int_equal(sum.completed, 8);
	assert_true(r.makespan >= 2000 * MS && r.makespan <= 2010 * MS);
	assert_true(sum.cpu_utilization >= 0.95);
	for (int i = 0; i < 4; i++)
		assert_int_equal(r.cpus[i].busy, 2000 * MS);
	run_result_clear(&r);
}

/*
 * SRTF on two CPUs sharing one queue: A (10 ms) runs on CPU 0, B (20 ms)
 * on CPU 1. C (5 ms) arrives at 1 ms and would preempt either: it must
 * take the CPU of the task with the most time left, B (19 ms against 9).
 * C runs 1-6 on CPU 1, B resumes there 6-25, A ends at 10.
 */
static void test_global_queue_preempts_the_least_urgent_task(void **state)
{
	struct run_result r;

	run_text("[scenario]\ncpus = 2\nglobal_queue = true\npolicy = srtf\n"
		 "[task A]\nburst = 10\n[task B]\nburst = 20\n[task C]\narrival = 1\nburst = 5\n",
		 NULL, &r);
	assert_int_equal(r.tasks[0].completion, 10 * MS);
	assert_int_equal(r.tasks[2].completion, 6 * MS);
	assert_int_equal(r.tasks[1].completion, 25 * MS);
	assert_int_equal(r.tasks[0].involuntary, 0);
	assert_int_equal(r.tasks[1].involuntary, 1);
	run_result_clear(&r);
}

/*
 * Three CPUs, RR (quantum 2 ms, a queue per CPU): the last task exits at
 * 8 ms. The balancer's timer, armed by the expiry at 7 ms for the next
 * multiple of its 3 ms interval, must not run the clock on to 9 ms: the run
 * ends at 8 ms, and throughput and utilization are over 8 ms.
 */
static void test_the_run_ends_at_its_last_exit_not_at_a_balance_pass(void **state)
{
	struct run_result r;

	run_text("[scenario]\ncpus = 3\npolicy = rr\n[rr]\nquantum = 2\n"
		 "[task A]\nburst = 5\n[task B]\nburst = 3\n"
		 "[task C]\narrival = 1\nburst = 7\n[task D]\narrival = 2\nburst = 1\n",
		 NULL, &r);
	assert_int_equal(r.makespan, 8 * MS);
	assert_int_equal(r.tasks[2].completion, 8 * MS);
	assert_int_equal(r.end, 8 * MS);
	run_result_clear(&r);
}

/* Every BLOCK record, as "TIME TASK cpuN: why" (cpu-1 for none). */
static void blocks_emit(void *ctx, const struct record *r)
{
	if (r->kind == REC_BLOCK)
		g_string_append_printf(ctx, "%" G_GINT64_FORMAT " %s cpu%d: %s;", r->time,
				       r->task_name, r->cpu, r->why ? r->why : "");
}

/*
 * A task that blocks before it has run, off any CPU, is seen to block: A's
 * program starts with a sleep, B's second op is a sleep right after its
 * first (two in a row: it wakes into the second), and of two GIL threads
 * the second waits for the interpreter lock from its arrival. Each has a
 * BLOCK record, with no CPU, so that --explain does not show a task that
 * arrives (or wakes) and then wakes with nothing between.
 */
static void test_a_task_blocking_off_any_cpu_has_a_block_record(void **state)
{
	g_autoptr(GString) got = g_string_new(NULL);
	struct record_sink sink = { .emit = blocks_emit, .ctx = got, .want_why = true };
	struct run_result r;

	run_full("[scenario]\npolicy = fcfs\n[task A]\nprogram = sleep 5; cpu 1\n"
		 "[task B]\nprogram = cpu 1; io 2; sleep 3; cpu 1\n",
		 NULL, &sink, &r);
	assert_string_equal(got->str,
			    "0 A cpu-1: sleep;1000000 B cpu0: io;3000000 B cpu-1: sleep;");
	run_result_clear(&r);

	g_string_truncate(got, 0);
	run_full("[scenario]\npolicy = fcfs\ncpus = 2\n[group t]\ncount = 2\nkind = thread\n"
		 "process = py\ngil = true\nprogram = cpu 2\n",
		 NULL, &sink, &r);
	assert_true(g_str_has_prefix(got->str, "0 t[1] cpu-1: gil;"));
	run_result_clear(&r);
}

/* Every IDLE record, as "TIME cpuN: why". */
static void idles_emit(void *ctx, const struct record *r)
{
	if (r->kind == REC_IDLE)
		g_string_append_printf(ctx, "%" G_GINT64_FORMAT " cpu%d: %s;", r->time, r->cpu,
				       r->why ? r->why : "");
}

/*
 * A CPU that goes idle while another CPU's queue holds a task says why it
 * did not pull it. RR, quantum 0.3 ms, two CPUs with a queue each: A and C
 * take turns on CPU 0, B runs alone on CPU 1 and exits at 0.7 ms; C, queued
 * on CPU 0, ran there until 0.6 ms, less than the 0.5 ms migration cost
 * ago: cache-hot (task_hot()), it stays.
 */
static void test_an_idle_cpu_says_why_it_pulled_nothing(void **state)
{
	g_autoptr(GString) got = g_string_new(NULL);
	struct record_sink sink = { .emit = idles_emit, .ctx = got, .want_why = true };
	struct run_result r;

	run_full("[scenario]\npolicy = rr\ncpus = 2\n[rr]\nquantum = 0.3\n"
		 "[task A]\nburst = 1.25\n[task B]\nburst = 0.7\n"
		 "[task C]\narrival = 0.1\nburst = 2\n",
		 NULL, &sink, &r);
	assert_true(g_str_has_prefix(got->str,
				     "700000 cpu1: rr: ready queue empty; newidle balance: nothing "
				     "pulled from cpu0: C ran there 100.00 us ago, less than the "
				     "migration cost 500.00 us (cache-hot, task_hot());"));
	assert_true(g_str_has_suffix(got->str, "cpu0: rr: ready queue empty;"));
	run_result_clear(&r);
}

/* Every WAKE record, as "TIME TASK: why". */
static void wakes_emit(void *ctx, const struct record *r)
{
	if (r->kind == REC_WAKE)
		g_string_append_printf(ctx, "%" G_GINT64_FORMAT " %s: %s;", r->time, r->task_name,
				       r->why ? r->why : "");
}

/*
 * A task woken from a wait queue by another's operation names it: L
 * unlocks the mutex H waits for at 3 ms; B's sleep ends by itself.
 */
static void test_a_wake_names_the_task_that_woke_it(void **state)
{
	g_autoptr(GString) got = g_string_new(NULL);
	struct record_sink sink = { .emit = wakes_emit, .ctx = got, .want_why = true };
	struct run_result r;

	run_full("[scenario]\npolicy = fcfs\ncpus = 2\n[mutex m]\n"
		 "[task L]\nprogram = lock m; cpu 3; unlock m\n"
		 "[task H]\narrival = 1\nprogram = lock m; cpu 1; unlock m\n"
		 "[task B]\narrival = 1\nprogram = sleep 1; cpu 1\n",
		 NULL, &sink, &r);
	assert_string_equal(got->str, "2000000 B: ;3000000 H: woken by L;");
	run_result_clear(&r);
}

/* Every BLOCK record on an object, as "TIME TASK: why". */
static void waits_emit(void *ctx, const struct record *r)
{
	if (r->kind == REC_BLOCK && r->wait_on)
		g_string_append_printf(ctx, "%" G_GINT64_FORMAT " %s: %s;", r->time, r->task_name,
				       r->why ? r->why : "");
}

/*
 * A wait names who holds what it waits for: H's lock at 1 ms waits for L,
 * who holds m; W's write lock at 2 ms waits for the two readers R[0] and
 * R[1].
 */
static void test_a_wait_names_who_holds_the_object(void **state)
{
	g_autoptr(GString) got = g_string_new(NULL);
	struct record_sink sink = { .emit = waits_emit, .ctx = got, .want_why = true };
	struct run_result r;

	run_full("[scenario]\npolicy = fcfs\ncpus = 4\n[mutex m]\n[rwlock t]\n"
		 "[task L]\nprogram = lock m; cpu 3; unlock m\n"
		 "[task H]\narrival = 1\nprogram = lock m; cpu 1; unlock m\n"
		 "[group R]\ncount = 2\nprogram = rdlock t; cpu 4; unlock t\n"
		 "[task W]\narrival = 2\nprogram = wrlock t; cpu 1; unlock t\n",
		 NULL, &sink, &r);
	assert_string_equal(got->str,
			    "1000000 H: lock m, held by L;2000000 W: wrlock t, held by 2 tasks;");
	run_result_clear(&r);
}

/*
 * The wait that closes a deadlock has its BLOCK record like the others: A
 * holds a and waits for b at 1 ms, then B, holding b, waits for a and
 * closes the cycle; the run stops there.
 */
static void test_the_wait_that_closes_a_deadlock_has_its_record(void **state)
{
	g_autoptr(GString) got = g_string_new(NULL);
	struct record_sink sink = { .emit = waits_emit, .ctx = got, .want_why = true };
	GError *err =
		simtest_fails_into(NULL,
				   "[scenario]\npolicy = fcfs\ncpus = 2\n[mutex a]\n[mutex b]\n"
				   "[task A]\nprogram = lock a; cpu 1; lock b\n"
				   "[task B]\nprogram = lock b; cpu 2; lock a\n",
				   NULL, &sink);

	assert_true(g_error_matches(err, SIM_ERROR, SIM_ERROR_DEADLOCK));
	assert_string_equal(got->str, "1000000 A: lock b, held by B;2000000 B: lock a, held by A;");
	g_error_free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fcfs_24_3_3_average_waiting_is_17ms),
		cmocka_unit_test(test_fcfs_3_3_24_average_waiting_is_3ms),
		cmocka_unit_test(test_rr_quantum_4_average_waiting_is_5_67ms),
		cmocka_unit_test(test_rr_new_first_queues_arrival_before_expired_task),
		cmocka_unit_test(test_rr_new_first_false_queues_expired_task_first),
		cmocka_unit_test(test_io_blocks_and_wakes),
		cmocka_unit_test(test_cpu_goes_idle_and_wakes_for_io_completion),
		cmocka_unit_test(test_yield_goes_to_the_tail),
		cmocka_unit_test(test_two_cpus_share_one_queue),
		cmocka_unit_test(test_process_switches_cost_and_flush),
		cmocka_unit_test(test_thread_switches_never_flush),
		cmocka_unit_test(test_running_out_of_memory_stops_the_run),
		cmocka_unit_test(test_horizon_leaves_tasks_unfinished),
		cmocka_unit_test(test_free_after_result_take_with_events_pending),
		cmocka_unit_test(test_same_seed_same_bytes),
		cmocka_unit_test(test_queue_records_only_when_the_length_changes),
		cmocka_unit_test(test_affinity_is_respected),
		cmocka_unit_test(test_idle_cpu_pulls_work_from_a_loaded_one),
		cmocka_unit_test(test_the_run_ends_at_its_last_exit_not_at_a_balance_pass),
		cmocka_unit_test(test_a_task_blocking_off_any_cpu_has_a_block_record),
		cmocka_unit_test(test_an_idle_cpu_says_why_it_pulled_nothing),
		cmocka_unit_test(test_a_wake_names_the_task_that_woke_it),
		cmocka_unit_test(test_a_wait_names_who_holds_the_object),
		cmocka_unit_test(test_the_wait_that_closes_a_deadlock_has_its_record),
		cmocka_unit_test(test_wakeup_on_another_cpu_pays_the_remote_cost),
		cmocka_unit_test(test_spawn_creates_tasks_and_charges_the_parent),
		cmocka_unit_test(test_spawning_past_the_count_stops_the_run),
		cmocka_unit_test(test_a_run_may_last_to_the_last_instant_of_time),
		cmocka_unit_test(test_work_past_the_end_of_time_fails_the_run),
		cmocka_unit_test(test_eight_tasks_on_four_cpus_take_two_seconds),
		cmocka_unit_test(test_eight_tasks_on_four_cpus_under_cfs),
		cmocka_unit_test(test_global_queue_preempts_the_least_urgent_task),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
