/*
 * test_claims.c - the scenarios of scenarios/claims/, one per quantitative
 * claim of the seed articles, run with the default model and with the
 * articles' own figures (scenarios/claims/articles.ini).
 *
 * Each test runs the scenario file as a user would (the file, its model and
 * the --set overrides its opening comment suggests) and asserts the figures
 * that comment and docs/claims.md quote. Every expected figure is worked by
 * hand from the model in the comment above the test:
 *
 *   default  = models/default.ini: create process 100 us + 10 us per MiB of
 *              the parent, thread 17 us, coroutine 300 ns; switch process
 *              2 us, thread 1.7 us, coroutine 100 ns; TLB 1536 entries,
 *              6 PCID slots, 10 ns per 4 KiB page; memory per process
 *              10 MiB, thread 20 KiB, coroutine 2 KiB; RAM 16 GiB.
 *   articles = scenarios/claims/articles.ini: create process 1 ms, thread
 *              10 us, coroutine 1 us; switch process 10 us, thread 2 us,
 *              coroutine 100 ns; no PCID, refill free; memory per process
 *              50 MB, thread 1 MB, coroutine 8 KB; RAM 16 GiB.
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

#define NS ((sim_time_t)1)
#define US SIM_US
#define MS SIM_MS
#define S  SIM_S

#define CLAIMS	 SRCDIR "/scenarios/claims/"
#define ARTICLES CLAIMS "articles.ini"

/* Load scenarios/claims/FILE with the overrides *ov, run it and fill *res; all must succeed. */
static void run_claim_ov(const char *file, const struct scenario_overrides *ov,
			 struct run_result *res)
{
	g_autofree char *path = g_strconcat(CLAIMS, file, NULL);

	simtest_run(path, NULL, ov, NULL, res);
}

/* The same with --model `model` (NULL: the file's own) and --set `sets`. */
static void run_claim(const char *file, const char *model, const char *const *sets,
		      struct run_result *res)
{
	struct scenario_overrides ov = { .model = model, .sets = sets };

	run_claim_ov(file, &ov, res);
}

/* The same for a run that must fail: returns the error, for the caller to free. */
static GError *run_claim_fails(const char *file, const char *model, const char *const *sets)
{
	struct scenario_overrides ov = { .model = model, .sets = sets };
	g_autofree char *path = g_strconcat(CLAIMS, file, NULL);

	return simtest_fails(path, NULL, &ov);
}

/* ------------------------------------------------------------ switch cost */

static const char *const pair_thread[] = { "group pair.kind=thread", NULL };
static const char *const pair_coroutine[] = { "group pair.kind=coroutine", NULL };

/*
 * switch-cost.ini: two tasks, each `repeat 1000 { cpu 10us; yield }`, FCFS
 * on one CPU. As processes or threads, each is dispatched 1001 times (once
 * per burst, once more to end after its last yield): 2002 dispatches, of
 * which all but the first, from an idle CPU, switch from the other task:
 * 2001 paid switches. Makespan = creation + 2000 x 10 us + 2001 x switch:
 *   processes  100 us + 20 ms + 2001 x 2 us   = 24.102 ms
 *   threads     17 us + 20 ms + 2001 x 1.7 us = 23.4187 ms
 * Two processes fit in the 6 PCID slots: only the second one's first load
 * flushes (working_set 0, so the refill is free); threads never flush.
 *
 * As coroutines they run on their process's event loop, one thread
 * (pthread_create, 17 us) that the kernel never switches: the loop resumes
 * them in turn, 2002 times (each yield puts one behind the other), and all
 * but its first resume switch coroutines: 2001 user-level switches of
 * 100 ns and two creations of 300 ns, CPU time of the loop:
 *   coroutines 17 us + 2 x 300 ns + 20 ms + 2001 x 100 ns = 20.2177 ms
 */
static void test_switch_cost_default_process_thread_coroutine(void **state)
{
	struct run_result p, t, c;
	struct summary s;

	run_claim("switch-cost.ini", NULL, NULL, &p);
	run_claim("switch-cost.ini", NULL, pair_thread, &t);
	run_claim("switch-cost.ini", NULL, pair_coroutine, &c);

	assert_int_equal(p.cpus[0].switches, 2001);
	assert_int_equal(p.cpus[0].switching, 2001 * 2 * US);
	assert_int_equal(t.cpus[0].switching, 2001 * 1700 * NS);
	assert_int_equal(c.cpus[0].switching, 0); /* the kernel switches nothing */
	assert_int_equal(c.coroutine_switches, 2001);
	/* ... and each of the 2000 yields is a sched_yield(2) of 150 ns */
	assert_int_equal(p.makespan, 100 * US + 20 * MS + 2001 * 2 * US + 2000 * 150 * NS);
	assert_int_equal(t.makespan, 17 * US + 20 * MS + 2001 * 1700 * NS + 2000 * 150 * NS);
	assert_int_equal(c.makespan, 17 * US + 600 * NS + 20 * MS + 2001 * 100 * NS);
	summary_compute(&p, &s);
	assert_int_equal(s.switch_ns, 4002 * US);
	assert_int_equal(s.tlb_flushes, 1);
	assert_int_equal(s.tlb_refill_ns, 0);
	assert_int_equal(s.switches_process, 2001);
	summary_compute(&t, &s);
	assert_int_equal(s.tlb_flushes, 0);
	assert_int_equal(s.switches_thread, 2001);
	summary_compute(&c, &s);
	assert_int_equal(s.completed, 2); /* the loop's thread is not a task of the scenario */
	assert_int_equal(s.switches_coroutine, 2001);
	assert_int_equal(s.switches_process + s.switches_thread, 0);
	/* Memory: two address spaces; one address space and two stacks of each
	 * kind, and for coroutines the loop's thread. */
	assert_int_equal(p.peak_memory, 2 * (10 << 20));
	assert_int_equal(t.peak_memory, (10 << 20) + 2 * (20 << 10));
	assert_int_equal(c.peak_memory, (10 << 20) + (20 << 10) + 2 * (2 << 10));
	run_result_clear(&p);
	run_result_clear(&t);
	run_result_clear(&c);
}

/*
 * The same with the articles' figures: 2001 switches of 10 us, 2 us and
 * 100 ns; without PCID, every one of the 2001 switches between the two
 * processes flushes the TLB (the refill is inside the 10 us).
 *   processes  1 ms + 20 ms + 2001 x 10 us  = 41.01 ms
 *   threads   10 us + 20 ms + 2001 x 2 us   = 24.012 ms
 *   coroutines 10 us (the loop's thread) + 2 x 1 us + 20 ms + 2001 x 100 ns
 *              = 20.2121 ms
 */
static void test_switch_cost_with_the_articles_figures(void **state)
{
	struct run_result p, t, c;
	struct summary s;

	run_claim("switch-cost.ini", ARTICLES, NULL, &p);
	run_claim("switch-cost.ini", ARTICLES, pair_thread, &t);
	run_claim("switch-cost.ini", ARTICLES, pair_coroutine, &c);

	assert_int_equal(p.cpus[0].switching, 2001 * 10 * US);
	assert_int_equal(t.cpus[0].switching, 2001 * 2 * US);
	assert_int_equal(c.cpus[0].switching, 0);
	assert_int_equal(c.coroutine_switches, 2001);
	assert_int_equal(p.makespan, 41010 * US);
	assert_int_equal(t.makespan, 24012 * US);
	assert_int_equal(c.makespan, 20212100 * NS);
	summary_compute(&p, &s);
	assert_int_equal(s.tlb_flushes, 2001);
	summary_compute(&t, &s);
	assert_int_equal(s.tlb_flushes, 0);
	run_result_clear(&p);
	run_result_clear(&t);
	run_result_clear(&c);
}

/* ---------------------------------------------------------- creation cost */

enum { FORKER, SPAWNER, LOOP }; /* the parents, in file order */

/*
 * creation-cost.ini: each parent creates 100 children and computes for the
 * creation cost of each, so its CPU time is 100 x that cost:
 *   forker (100 MiB) forks 100 processes: 100 x (100 us + 100 x 10 us) = 110 ms
 *   spawner starts 100 threads:           100 x 17 us                  = 1.7 ms
 *   loop starts 100 coroutines:           100 x 300 ns                 = 30 us
 */
static void test_creation_cost_default_fork_thread_coroutine(void **state)
{
	struct run_result r;

	run_claim("creation-cost.ini", NULL, NULL, &r);
	assert_string_equal(r.tasks[FORKER].name, "forker");
	assert_int_equal(r.tasks[FORKER].cpu, 100 * 1100 * US);
	assert_int_equal(r.tasks[SPAWNER].cpu, 100 * 17 * US);
	assert_int_equal(r.tasks[LOOP].cpu, 100 * 300 * NS);
	/* 3 parents and 300 children end, and the event loop of the coroutines'
	 * process (evloop.loop[0]), once all 100 have run. */
	assert_int_equal(r.ntasks, 304);
	assert_true(r.tasks[303].carrier);
	for (uint32_t i = 0; i < r.ntasks; i++)
		assert_int_not_equal(r.tasks[i].completion, SIM_TIME_NONE);
	run_result_clear(&r);
}

/*
 * With the articles' figures, one cost per kind whatever the parent's
 * size: 100 x 1 ms = 100 ms, 100 x 10 us = 1 ms, 100 x 1 us = 100 us.
 */
static void test_creation_cost_with_the_articles_figures(void **state)
{
	struct run_result r;

	run_claim("creation-cost.ini", ARTICLES, NULL, &r);
	assert_int_equal(r.tasks[FORKER].cpu, 100 * MS);
	assert_int_equal(r.tasks[SPAWNER].cpu, 1 * MS);
	assert_int_equal(r.tasks[LOOP].cpu, 100 * US);
	run_result_clear(&r);
}

/* ------------------------------------------------ memory for 10,000 tasks */

static const char *const conn_thread[] = { "group conn.kind=thread", NULL };
static const char *const conn_coroutine[] = { "group conn.kind=coroutine", NULL };

/*
 * memory-10k.ini: 10,000 connections arrive at 0 and wait 1 s, so all hold
 * their memory at once. Peak = 10,000 x the kind's figure + one address
 * space for the server:
 *   threads    10,000 x 20 KiB + 10 MiB = 204,800,000 + 10,485,760 = 215,285,760 B
 *   coroutines 10,000 x  2 KiB + 10 MiB =  20,480,000 + 10,485,760 =  30,965,760 B
 *              plus the 20 KiB of the one thread of their event loop = 30,986,240 B
 * All 10,000 finish: 1 s of waiting, then 10,000 x 100 us of CPU in turn.
 */
static void test_memory_10k_threads_and_coroutines_default(void **state)
{
	struct run_result t, c;
	struct summary s;

	run_claim("memory-10k.ini", NULL, conn_thread, &t);
	run_claim("memory-10k.ini", NULL, conn_coroutine, &c);
	assert_int_equal(t.peak_memory, 215285760);
	assert_int_equal(c.peak_memory, 30986240);
	summary_compute(&t, &s);
	assert_int_equal(s.completed, 10000);
	/* Created in 17 us, 1 s of I/O, 10,000 x 100 us, 9,999 switches of 1.7 us. */
	assert_int_equal(t.makespan, 17 * US + 1 * S + 1 * S + 9999 * 1700 * NS);
	run_result_clear(&t);
	run_result_clear(&c);
}

/*
 * The articles' arithmetic: 10,000 x 1 MB = 10 GB of thread stacks and
 * 10,000 x 8 KB = 80 MB of coroutine stacks, each plus the server's 50 MB:
 * 10,050,000,000 B (fits in 16 GiB = 17,179,869,184 B) and 130,000,000 B,
 * plus 1 MB for the coroutines' event loop's thread.
 */
static void test_memory_10k_threads_and_coroutines_with_the_articles_figures(void **state)
{
	struct run_result t, c;

	run_claim("memory-10k.ini", ARTICLES, conn_thread, &t);
	run_claim("memory-10k.ini", ARTICLES, conn_coroutine, &c);
	assert_int_equal(t.peak_memory, 10000ULL * 1000000 + 50000000);
	assert_int_equal(c.peak_memory, 10000ULL * 8000 + 50000000 + 1000000);
	run_result_clear(&t);
	run_result_clear(&c);
}

/*
 * As processes the connections do not fit in 16 GiB = 17,179,869,184 B.
 * Default, 10 MiB each: 1638 x 10,485,760 = 17,175,674,880 fits, 1639 x =
 * 17,186,160,640 does not: conn[1638], arriving at 0, stops the run.
 * Articles, 50 MB each (500 GB for all 10,000): 343 x 50,000,000 =
 * 17,150,000,000 fits, 344 x = 17,200,000,000 does not: conn[343].
 */
static void test_memory_10k_processes_run_out_of_memory(void **state)
{
	GError *err;

	err = run_claim_fails("memory-10k.ini", NULL, NULL);
	assert_true(g_error_matches(err, SIM_ERROR, SIM_ERROR_OUT_OF_MEMORY));
	assert_true(g_str_has_prefix(err->message, "out of memory at 0 ns: task conn[1638] needs "
						   "10.0 MiB (10485760 bytes)"));
	assert_non_null(strstr(err->message, "17186160640 bytes"));
	g_error_free(err);

	err = run_claim_fails("memory-10k.ini", ARTICLES, NULL);
	assert_true(g_error_matches(err, SIM_ERROR, SIM_ERROR_OUT_OF_MEMORY));
	assert_true(g_str_has_prefix(err->message, "out of memory at 0 ns: task conn[343] needs "
						   "47.7 MiB (50000000 bytes)"));
	assert_non_null(strstr(err->message, "17200000000 bytes"));
	g_error_free(err);
}

/*
 * The article expects 10,000 threads of 1 MB to exhaust a typical server:
 * with 8 GiB = 8,589,934,592 B, the 50 MB process and 8539 stacks of 1 MB
 * (8,589,000,000 B) fit, the 8540th (8,590,000,000 B) does not: conn[8539].
 */
static void test_memory_10k_threads_exhaust_8_gib_with_the_articles_figures(void **state)
{
	static const char *const sets[] = { "group conn.kind=thread", "memory.ram=8GiB", NULL };
	GError *err = run_claim_fails("memory-10k.ini", ARTICLES, sets);

	assert_true(g_error_matches(err, SIM_ERROR, SIM_ERROR_OUT_OF_MEMORY));
	assert_true(
		g_str_has_prefix(err->message, "out of memory at 0 ns: task conn[8539] needs "));
	assert_non_null(strstr(err->message, "8590000000 bytes"));
	g_error_free(err);
}

/* ------------------------------------------------------------ TLB flushes */

static const char *const worker_thread[] = { "group worker.kind=thread", NULL };
static const char *const worker_6[] = { "group worker.count=6", NULL };
static const char *const worker_2[] = { "group worker.count=2", NULL };

/*
 * tlb-flushes.ini: 8 tasks of 10 ms round robin with 100 us slices on one
 * CPU: 800 slices, 799 switches. Each task touches 256 KiB = 64 pages, so a
 * refill after a flush costs 64 x 10 ns = 640 ns.
 * 8 processes cycle through 6 PCID slots: each has been evicted by the time
 * it runs again, so all 799 switches flush: refill 799 x 640 ns = 511.36 us,
 * switching 799 x (2 us + 640 ns) = 2.10936 ms, makespan 100 us + 80 ms +
 * 2.10936 ms. 8 threads of one process: no flush, 799 x 1.7 us.
 */
static void test_tlb_flushes_on_process_switches_only(void **state)
{
	struct run_result p, t;
	struct summary s;

	run_claim("tlb-flushes.ini", NULL, NULL, &p);
	run_claim("tlb-flushes.ini", NULL, worker_thread, &t);
	summary_compute(&p, &s);
	assert_int_equal(p.cpus[0].switches, 799); /* the first dispatch is not a switch */
	assert_int_equal(s.tlb_flushes, 799);
	assert_int_equal(s.tlb_refill_ns, 799 * 640 * NS);
	assert_int_equal(s.switch_ns, 799 * 2640 * NS);
	assert_int_equal(p.makespan, 100 * US + 80 * MS + 799 * 2640 * NS);
	summary_compute(&t, &s);
	assert_int_equal(s.tlb_flushes, 0);
	assert_int_equal(s.tlb_refill_ns, 0);
	assert_int_equal(s.switch_ns, 799 * 1700 * NS);
	assert_int_equal(t.makespan, 17 * US + 80 * MS + 799 * 1700 * NS);
	run_result_clear(&p);
	run_result_clear(&t);
}

/*
 * With at most 6 processes the default model's PCID slots hold them all:
 * only each one's first load flushes (the very first is a cold start).
 *   6 processes: 5 flushes, 599 switches: 599 x 2 us + 5 x 640 ns
 *   2 processes: 1 flush, 199 switches
 * The articles' CPU has no PCID: 2 processes flush at all 199 switches.
 */
static void test_tlb_pcid_slots_keep_few_processes(void **state)
{
	struct run_result r;
	struct summary s;

	run_claim("tlb-flushes.ini", NULL, worker_6, &r);
	summary_compute(&r, &s);
	assert_int_equal(s.tlb_flushes, 5);
	assert_int_equal(s.switch_ns, 599 * 2 * US + 5 * 640 * NS);
	run_result_clear(&r);

	run_claim("tlb-flushes.ini", NULL, worker_2, &r);
	summary_compute(&r, &s);
	assert_int_equal(s.tlb_flushes, 1);
	assert_int_equal(s.tlb_refill_ns, 640 * NS);
	run_result_clear(&r);

	run_claim("tlb-flushes.ini", ARTICLES, worker_2, &r);
	summary_compute(&r, &s);
	assert_int_equal(s.tlb_flushes, 199);
	assert_int_equal(s.switch_ns, 199 * 10 * US);
	run_result_clear(&r);
}

/* ----------------------------------------------------- CPU-bound, 1 vs 8 */

/*
 * cpu-bound-1-vs-8.ini: 8 processes of 1 s, round robin, 100 ms slices.
 * One CPU: 80 slices, 79 switches of 2 us (working_set 0: flushes are free):
 *   makespan = 100 us + 8 s + 79 x 2 us = 8.000258 s, utilisation 8 / 8.000258.
 * Eight CPUs: each new process goes to an idle CPU and runs alone (its
 * slices expire, but it is picked again without a switch):
 *   makespan = 100 us + 1 s = 1.0001 s, each CPU busy 1 s, utilisation
 *   8 / (8 x 1.0001) = 99.99 %.
 */
static void test_cpu_bound_work_divides_by_eight_on_eight_cpus(void **state)
{
	struct scenario_overrides ov = { .cpus = 8 }; /* --cpus 8 */
	struct run_result one, eight;
	struct summary s;

	run_claim("cpu-bound-1-vs-8.ini", NULL, NULL, &one);
	assert_int_equal(one.ncpus, 1);
	assert_int_equal(one.makespan, 100 * US + 8 * S + 79 * 2 * US);
	assert_int_equal(one.cpus[0].busy, 8 * S);
	summary_compute(&one, &s);
	assert_true(s.cpu_utilization > 0.99996 && s.cpu_utilization < 0.99997);

	run_claim_ov("cpu-bound-1-vs-8.ini", &ov, &eight);
	assert_int_equal(eight.ncpus, 8);
	assert_int_equal(eight.makespan, 100 * US + 1 * S);
	for (uint32_t i = 0; i < 8; i++) {
		assert_int_equal(eight.cpus[i].busy, 1 * S);
		assert_int_equal(eight.cpus[i].switching, 0);
	}
	summary_compute(&eight, &s);
	assert_true(s.cpu_utilization > 0.99989 && s.cpu_utilization < 0.99991);
	assert_int_equal(s.migrations, 0);
	/* 8.000258 / 1.0001 = 7.9995: the makespan divides by 8, less the fork. */
	assert_true(one.makespan > 7 * eight.makespan && one.makespan < 8 * eight.makespan);
	run_result_clear(&one);
	run_result_clear(&eight);
}

/*
 * Coroutines on one OS thread cannot use the other CPUs: the 8 coroutines
 * run on their process's event loop, one thread, which runs each to its end
 * (a coroutine that never awaits is never preempted; rr slices the loop's
 * thread, alone on its CPU, and nothing else). On the 8-CPU machine:
 *   17 us (the loop's thread) + 8 x 300 ns (creations) + 7 x 100 ns
 *   (switches) + 8 x 1 s = 8.0000201 s,
 * all on one CPU, whose busy time is the loop's: 8 s + 3.1 us.
 */
static void test_cpu_bound_coroutines_on_one_thread_gain_nothing(void **state)
{
	static const char *const coroutines[] = { "scenario.cpus=8", "group job.kind=coroutine",
						  NULL };
	struct run_result r;
	sim_time_t busy = 0;
	uint32_t used = 0;

	run_claim("cpu-bound-1-vs-8.ini", NULL, coroutines, &r);
	assert_int_equal(r.ncpus, 8);
	assert_int_equal(r.makespan, 8 * S + 17 * US + 3100 * NS);
	for (uint32_t i = 0; i < 8; i++) {
		busy += r.cpus[i].busy;
		used += r.cpus[i].busy > 0;
	}
	assert_int_equal(busy, 8 * S + 3100 * NS);
	assert_int_equal(used, 1);
	assert_int_equal(r.coroutine_switches, 7);
	run_result_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_switch_cost_default_process_thread_coroutine),
		cmocka_unit_test(test_switch_cost_with_the_articles_figures),
		cmocka_unit_test(test_creation_cost_default_fork_thread_coroutine),
		cmocka_unit_test(test_creation_cost_with_the_articles_figures),
		cmocka_unit_test(test_memory_10k_threads_and_coroutines_default),
		cmocka_unit_test(test_memory_10k_threads_and_coroutines_with_the_articles_figures),
		cmocka_unit_test(test_memory_10k_processes_run_out_of_memory),
		cmocka_unit_test(test_memory_10k_threads_exhaust_8_gib_with_the_articles_figures),
		cmocka_unit_test(test_tlb_flushes_on_process_switches_only),
		cmocka_unit_test(test_tlb_pcid_slots_keep_few_processes),
		cmocka_unit_test(test_cpu_bound_work_divides_by_eight_on_eight_cpus),
		cmocka_unit_test(test_cpu_bound_coroutines_on_one_thread_gain_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
