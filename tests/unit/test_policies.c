/*
 * test_policies.c - every policy against its published answers and its
 * source's numbers: the textbook exercises, the exponential-average
 * predictions, the kernel's CFS arithmetic and shares, OSTEP's stride table
 * and OSTEP's mlfq.py.
 *
 * Expected figures are worked in the comments or come from the source named
 * there (the mlfq.py table was produced by running OSTEP's script with -c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "policy/fair.h"
#include "policy/predict.h"
#include "report/report.h"
#include "scenario/scenario.h"
#include "sim/sim.h"
#include "simtest.h"

#define MS SIM_MS
#define US SIM_US

/* Load `text` (or the file `path` when text is NULL), run it with sink, fill *res. */
static void run_with(const char *path, const char *text, const char *const *sets,
		     const struct record_sink *sink, struct run_result *res)
{
	struct scenario_overrides ov = { .sets = sets };

	simtest_run(path, text, &ov, sink, res);
}

static void run_text(const char *text, const char *const *sets, struct run_result *res)
{
	run_with(NULL, text, sets, NULL, res);
}

static void run_file(const char *name, const char *const *sets, struct run_result *res)
{
	g_autofree char *path = g_strdup_printf(SRCDIR "/scenarios/textbook/%s.ini", name);

	run_with(path, NULL, sets, NULL, res);
}

static sim_time_t sum_waiting(const struct run_result *r)
{
	sim_time_t s = 0;

	for (uint32_t i = 0; i < r->ntasks; i++)
		s += r->tasks[i].waiting;
	return s;
}

static sim_time_t sum_turnaround(const struct run_result *r)
{
	sim_time_t s = 0;

	for (uint32_t i = 0; i < r->ntasks; i++)
		s += r->tasks[i].completion - r->tasks[i].arrival;
	return s;
}

/* ------------------------------------------------------------ textbooks */

/* Silberschatz 5.3.2: waits 3, 16, 9, 0: 7 ms. */
static void test_sjf_silberschatz_average_waiting_is_7ms(void **state)
{
	struct run_result r;

	run_file("silberschatz-sjf", NULL, &r);
	assert_int_equal(r.tasks[0].waiting, 3 * MS);
	assert_int_equal(r.tasks[1].waiting, 16 * MS);
	assert_int_equal(r.tasks[2].waiting, 9 * MS);
	assert_int_equal(r.tasks[3].waiting, 0);
	assert_int_equal(sum_waiting(&r), 4 * 7 * MS);
	run_result_clear(&r);
}

/* Silberschatz 5.3.2: P1 0-1, P2 1-5, P4 5-10, P1 10-17, P3 17-26: 6.5 ms. */
static void test_srtf_silberschatz_average_waiting_is_6_5ms(void **state)
{
	struct run_result r;

	run_file("silberschatz-srtf", NULL, &r);
	assert_int_equal(r.tasks[0].completion, 17 * MS);
	assert_int_equal(r.tasks[1].completion, 5 * MS);
	assert_int_equal(r.tasks[2].completion, 26 * MS);
	assert_int_equal(r.tasks[3].completion, 10 * MS);
	assert_int_equal(sum_waiting(&r), 26 * MS);
	assert_int_equal(r.tasks[0].involuntary, 1);
	run_result_clear(&r);
}

/* An arrival with the same remaining time does not preempt. */
static void test_srtf_equal_remaining_does_not_preempt(void **state)
{
	struct run_result r;

	run_text("[scenario]\npolicy = srtf\n[task A]\nburst = 6\n[task B]\narrival = 2\n"
		 "burst = 4\n",
		 NULL, &r);
	assert_int_equal(r.tasks[0].completion, 6 * MS);
	assert_int_equal(r.tasks[1].completion, 10 * MS);
	assert_int_equal(r.tasks[0].involuntary, 0);
	run_result_clear(&r);
}

/* Silberschatz 5.3.4: P2 P5 P1 P3 P4; waits 6, 0, 16, 18, 1: 8.2 ms. */
static void test_prio_silberschatz_average_waiting_is_8_2ms(void **state)
{
	struct run_result r;

	run_file("silberschatz-priority", NULL, &r);
	assert_int_equal(r.tasks[0].waiting, 6 * MS);
	assert_int_equal(r.tasks[1].waiting, 0);
	assert_int_equal(r.tasks[2].waiting, 16 * MS);
	assert_int_equal(r.tasks[3].waiting, 18 * MS);
	assert_int_equal(r.tasks[4].waiting, 1 * MS);
	run_result_clear(&r);
}

/* high-first reverses the order: P4 (5) first, P2 (1) last. */
static void test_prio_high_first_runs_the_largest_number_first(void **state)
{
	const char *sets[] = { "prio.order=high-first", NULL };
	struct run_result r;

	run_file("silberschatz-priority", sets, &r);
	assert_int_equal(r.tasks[3].completion, 1 * MS);  /* P4 0-1 */
	assert_int_equal(r.tasks[2].completion, 3 * MS);  /* P3 1-3 */
	assert_int_equal(r.tasks[0].completion, 13 * MS); /* P1 3-13 */
	assert_int_equal(r.tasks[4].completion, 18 * MS); /* P5 13-18 */
	assert_int_equal(r.tasks[1].completion, 19 * MS); /* P2 18-19 */
	run_result_clear(&r);
}

/* The book's Gantt chart: P4 0-7, P2/P3 turns to 20, P1/P5 turns to 27. */
static void test_prio_rr_silberschatz_gantt_chart(void **state)
{
	struct run_result r;

	run_file("silberschatz-priority-rr", NULL, &r);
	assert_int_equal(r.tasks[3].completion, 7 * MS);
	assert_int_equal(r.tasks[1].completion, 16 * MS);
	assert_int_equal(r.tasks[2].completion, 20 * MS);
	assert_int_equal(r.tasks[0].completion, 26 * MS);
	assert_int_equal(r.tasks[4].completion, 27 * MS);
	assert_int_equal(sum_waiting(&r), 69 * MS);
	run_result_clear(&r);
}

/* Preemptive: a more urgent arrival takes the CPU, an equal one waits. */
static void test_prio_preemptive_preempts_only_for_more_urgent(void **state)
{
	struct run_result r;

	run_text("[scenario]\npolicy = prio\n[prio]\npreemptive = true\n"
		 "[task A]\nburst = 10\npriority = 2\n"
		 "[task B]\narrival = 2\nburst = 3\npriority = 2\n"
		 "[task C]\narrival = 4\nburst = 1\npriority = 1\n",
		 NULL, &r);
	assert_int_equal(r.tasks[2].completion, 5 * MS);  /* C 4-5 */
	assert_int_equal(r.tasks[0].completion, 11 * MS); /* A 0-4, 5-11 */
	assert_int_equal(r.tasks[1].completion, 14 * MS); /* B 11-14 */
	run_result_clear(&r);
}

/*
 * Aging 1 ms a step: L (priority 5) arrives at 0 behind H (priority 1, 10 ms
 * then H2 at 10). At 10, L has waited 10 ms: urgency 5 - 10 = -5 beats H2's 1.
 */
static void test_prio_aging_lets_a_starved_task_run(void **state)
{
	const char *text = "[scenario]\npolicy = prio\n[prio]\naging = 1\n"
			   "[task H]\nburst = 10\npriority = 1\n"
			   "[task L]\nburst = 1\npriority = 5\n"
			   "[task H2]\narrival = 10\nburst = 5\npriority = 1\n";
	const char *no_aging[] = { "prio.aging=0", NULL };
	struct run_result r;

	run_text(text, NULL, &r);
	assert_int_equal(r.tasks[1].completion, 11 * MS);
	run_result_clear(&r);
	run_text(text, no_aging, &r);
	assert_int_equal(r.tasks[1].completion, 16 * MS);
	run_result_clear(&r);
}

/* Silberschatz figure 5.4: guesses 10 8 6 6 5 9 11 12. */
static void test_exp_avg_predictions_follow_silberschatz_figure(void **state)
{
	static const int bursts[] = { 6, 4, 6, 4, 13, 13, 13 };
	static const int guesses[] = { 10, 8, 6, 6, 5, 9, 11, 12 };
	sim_time_t tau = 10 * MS;

	for (size_t i = 0; i < G_N_ELEMENTS(bursts); i++) {
		assert_int_equal(tau, guesses[i] * MS);
		tau = predict_next(0.5, bursts[i] * MS, tau);
	}
	assert_int_equal(tau, guesses[7] * MS);
	/* alpha 0: always tau0; alpha 1: the last burst. */
	assert_int_equal(predict_next(0.0, 6 * MS, 10 * MS), 10 * MS);
	assert_int_equal(predict_next(1.0, 6 * MS, 10 * MS), 6 * MS);
}

/* Collects the dispatch reasons of a run. */
struct collect {
	GPtrArray *whys;
	GString *order;	     /* names of dispatched tasks, space-separated */
	GPtrArray *expires;  /* "TIME TASK: why" of each expiry */
	GPtrArray *preempts; /* "TIME TASK: why" of each preemption */
};

static void collect_emit(void *ctx, const struct record *r)
{
	struct collect *c = ctx;

	if (r->kind == REC_EXPIRE && c->expires)
		g_ptr_array_add(c->expires, g_strdup_printf("%" G_GINT64_FORMAT " %s: %s", r->time,
							    r->task_name, r->why ? r->why : ""));
	if (r->kind == REC_PREEMPT && c->preempts)
		g_ptr_array_add(c->preempts, g_strdup_printf("%" G_GINT64_FORMAT " %s: %s", r->time,
							     r->task_name, r->why ? r->why : ""));
	if (r->kind != REC_DISPATCH)
		return;
	if (c->whys)
		g_ptr_array_add(c->whys, g_strdup(r->why ? r->why : ""));
	if (c->order)
		g_string_append_printf(c->order, "%s%s", c->order->len ? " " : "", r->task_name);
}

/* A collector of every kind above, and its end. */
static struct collect collect_start(void)
{
	return (struct collect){ .whys = g_ptr_array_new_with_free_func(g_free),
				 .order = g_string_new(NULL),
				 .expires = g_ptr_array_new_with_free_func(g_free),
				 .preempts = g_ptr_array_new_with_free_func(g_free) };
}

static void collect_clear(struct collect *c)
{
	g_ptr_array_free(c->whys, TRUE);
	g_string_free(c->order, TRUE);
	g_ptr_array_free(c->expires, TRUE);
	g_ptr_array_free(c->preempts, TRUE);
}

/* sjf with exp_avg sees the same guesses, one per dispatch. */
static void test_sjf_exp_avg_explains_each_guess(void **state)
{
	static const char *const want[] = { "10.00 ms", "8.00 ms", "6.00 ms",  "6.00 ms",
					    "5.00 ms",	"9.00 ms", "11.00 ms", "12.00 ms" };
	struct collect c = collect_start();
	struct record_sink sink = { .emit = collect_emit, .ctx = &c, .want_why = true };
	struct run_result r;

	run_with(SRCDIR "/scenarios/textbook/silberschatz-exp-avg.ini", NULL, NULL, &sink, &r);
	assert_int_equal(c.whys->len, G_N_ELEMENTS(want));
	for (guint i = 0; i < c.whys->len; i++) {
		g_autofree char *needle = g_strdup_printf("predicted burst %s ", want[i]);

		assert_non_null(strstr(g_ptr_array_index(c.whys, i), needle));
	}
	collect_clear(&c);
	run_result_clear(&r);
}

/* Stallings Table 9.5: mean turnaround of every policy on its five processes. */
static void test_stallings_table_9_5(void **state)
{
	static const struct {
		const char *name;
		sim_time_t total; /* 5 x the mean turnaround */
	} want[] = {
		{ "stallings-fcfs", 43 * MS },	      { "stallings-rr-q1", 54 * MS },
		{ "stallings-rr-q4", 50 * MS },	      { "stallings-spn", 38 * MS },
		{ "stallings-srt", 36 * MS },	      { "stallings-hrrn", 40 * MS },
		{ "stallings-feedback-q1", 50 * MS }, { "stallings-feedback-q2i", 53 * MS },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
		struct run_result r;

		run_file(want[i].name, NULL, &r);
		if (sum_turnaround(&r) != want[i].total)
			fail_msg("%s: total turnaround %" G_GINT64_FORMAT
				 ", want %" G_GINT64_FORMAT,
				 want[i].name, sum_turnaround(&r), want[i].total);
		run_result_clear(&r);
	}
}

/* Stallings' feedback differs from OSTEP's MLFQ only by three conventions. */
static void test_mlfq_stallings_conventions_change_the_answer(void **state)
{
	const char *ostep[] = { "mlfq.demote_alone=true", "mlfq.preempt_on_arrival=true",
				"mlfq.new_first=false", NULL };
	struct run_result r;

	run_file("stallings-feedback-q1", ostep, &r);
	assert_int_not_equal(sum_turnaround(&r), 50 * MS);
	run_result_clear(&r);
}

/* Tanenbaum 2.4.2: 4.6 with late arrivals; OSTEP 7: SJF and STCF 50 s. */
static void test_sjf_tanenbaum_and_ostep(void **state)
{
	struct run_result r;

	run_file("tanenbaum-sjf", NULL, &r);
	assert_int_equal(sum_turnaround(&r), 44 * MS);
	run_result_clear(&r);
	run_file("tanenbaum-sjf-arrivals", NULL, &r);
	assert_int_equal(sum_turnaround(&r), 23 * MS);
	run_result_clear(&r);
	run_file("ostep-sjf", NULL, &r);
	assert_int_equal(sum_turnaround(&r), 150 * SIM_S);
	run_result_clear(&r);
	run_file("ostep-stcf", NULL, &r);
	assert_int_equal(sum_turnaround(&r), 150 * SIM_S);
	run_result_clear(&r);
}

/* A task of (0,2) (0,4) (0,8): LRTF with a 1 ms quantum ends them at 12, 13, 14. */
static void test_lrtf_takes_turns_at_equal_remaining_times(void **state)
{
	struct run_result r;

	run_text("[scenario]\npolicy = lrtf\n[task P1]\nburst = 2\n[task P2]\nburst = 4\n"
		 "[task P3]\nburst = 8\n",
		 NULL, &r);
	assert_int_equal(r.tasks[0].completion, 12 * MS);
	assert_int_equal(r.tasks[1].completion, 13 * MS);
	assert_int_equal(r.tasks[2].completion, 14 * MS);
	run_result_clear(&r);
}

/* LJF runs the longest first: 8, then 7, 6, 3. */
static void test_ljf_runs_the_longest_first(void **state)
{
	const char *sets[] = { "scenario.policy=ljf", NULL };
	struct run_result r;

	run_file("silberschatz-sjf", sets, &r);
	assert_int_equal(r.tasks[1].completion, 8 * MS);
	assert_int_equal(r.tasks[2].completion, 15 * MS);
	assert_int_equal(r.tasks[0].completion, 21 * MS);
	assert_int_equal(r.tasks[3].completion, 24 * MS);
	run_result_clear(&r);
}

/* HRRN at 13: E's ratio 3.5 beats D's 2.4 (Stallings). */
static void test_hrrn_explains_the_ratio(void **state)
{
	struct collect c = collect_start();
	struct record_sink sink = { .emit = collect_emit, .ctx = &c, .want_why = true };
	struct run_result r;

	run_with(SRCDIR "/scenarios/textbook/stallings-hrrn.ini", NULL, NULL, &sink, &r);
	assert_int_equal(c.whys->len, 5);
	assert_non_null(strstr(g_ptr_array_index(c.whys, 2), "ratio 2.25 "));
	assert_non_null(strstr(g_ptr_array_index(c.whys, 3), "ratio 3.50 "));
	collect_clear(&c);
	run_result_clear(&r);
}

/* OSTEP figure 9.3: A B C C C A C C. */
static void test_stride_ostep_run_order(void **state)
{
	struct collect c = collect_start();
	struct record_sink sink = { .emit = collect_emit, .ctx = &c };
	struct run_result r;

	run_with(SRCDIR "/scenarios/textbook/ostep-stride.ini", NULL, NULL, &sink, &r);
	g_string_truncate(c.order, strlen("A B C C C A C C"));
	assert_string_equal(c.order->str, "A B C C C A C C");
	collect_clear(&c);
	run_result_clear(&r);
}

/* Stride over 10 s with tickets 2:1 (strides 50, 100) shares 2:1 within a quantum. */
static void test_stride_shares_are_exact(void **state)
{
	struct run_result r;

	run_text("[scenario]\npolicy = stride\nhorizon = 10s\n[task A]\nburst = 100s\n"
		 "tickets = 200\n[task B]\nburst = 100s\ntickets = 100\n",
		 NULL, &r);
	assert_true(r.tasks[0].cpu >= 6667 * MS - 10 * MS && r.tasks[0].cpu <= 6667 * MS + 10 * MS);
	run_result_clear(&r);
}

/*
 * A newcomer joins at the lowest pass present, and a task that has just
 * used up a quantum is present. stride1 10000, quantum 10 ms: A (100
 * tickets, stride 100), B (25, stride 400), C (100, stride 100) at 35 ms.
 * A 0-10 (pass 100), B 10-20 (400), A 20-30 (200), A 30-40 (300 at 40).
 * At 35 the lowest pass present is A's 200 (B has 400), so C joins at 200
 * and, lowest at 40, runs 40-50. Taking the floor from the queue alone while
 * A was off it for an instant made it 400 at 30, and C waited until 70.
 */
static void test_stride_newcomer_joins_at_the_lowest_pass_present(void **state)
{
	struct run_result r;

	run_text("[scenario]\npolicy = stride\n[task A]\nburst = 100\ntickets = 100\n"
		 "[task B]\nburst = 100\ntickets = 25\n"
		 "[task C]\narrival = 35\nburst = 100\ntickets = 100\n",
		 NULL, &r);
	assert_int_equal(r.tasks[2].first_run, 40 * MS);
	run_result_clear(&r);
}

static const char lottery_text[] = "[scenario]\npolicy = lottery\nhorizon = 10s\n"
				   "[task A]\nburst = 100s\ntickets = 75\n"
				   "[task B]\nburst = 100s\ntickets = 25\n";

/* The same seed draws the same; 1000 draws of 75:25 land within 5 %. */
static void test_lottery_is_deterministic_and_proportional(void **state)
{
	const char *seed2[] = { "scenario.seed=2", NULL };
	struct run_result a, b, c;

	run_text(lottery_text, NULL, &a);
	run_text(lottery_text, NULL, &b);
	run_text(lottery_text, seed2, &c);
	assert_int_equal(a.tasks[0].cpu, b.tasks[0].cpu);
	assert_int_equal(a.tasks[0].involuntary, b.tasks[0].involuntary);
	assert_int_not_equal(a.tasks[0].involuntary, c.tasks[0].involuntary);
	/* 1000 quanta: the binomial's sd is 13.7 draws; 5 % is 50 draws. */
	assert_true(a.tasks[0].cpu > 7000 * MS && a.tasks[0].cpu < 8000 * MS);
	assert_true(c.tasks[0].cpu > 7000 * MS && c.tasks[0].cpu < 8000 * MS);
	run_result_clear(&a);
	run_result_clear(&b);
	run_result_clear(&c);
}

/* ------------------------------------------------------------------ CFS */

/*
 * __calc_delta() by hand (kernel/sched/fair.c): for nice 1, weight 820 and
 * sched_prio_to_wmult 5237765, fact = 1024 * 5237765 > 2^32 is shifted once,
 * so vdelta = (delta * 2681735680) >> 31.
 */
static void test_cfs_calc_delta_worked_numbers(void **state)
{
	struct fair_load nice0 = fair_load_of_nice(0), nice1 = fair_load_of_nice(1);
	struct fair_load nice5 = fair_load_of_nice(5);
	struct fair_load rq = { .weight = 1024 + 335 };
	uint64_t d = 1000000;

	assert_int_equal(nice0.weight, 1024);
	assert_int_equal(nice1.weight, 820);
	assert_int_equal(nice1.inv_weight, 5237765);
	assert_int_equal(fair_load_of_nice(-20).weight, 88761);
	assert_int_equal(fair_load_of_nice(19).weight, 15);
	assert_int_equal(fair_calc_delta_fair(d, &nice0), d);
	assert_int_equal(fair_calc_delta_fair(d, &nice1),
			 (uint64_t)(((unsigned __int128)d * 2681735680u) >> 31));
	assert_int_equal(fair_calc_delta_fair(d, &nice1), 1248780); /* 1024 / 820 */
	/* nice 0 vs nice 5 in a 6 ms period: 4.52 ms and 1.48 ms. */
	assert_int_equal(fair_calc_delta(6000000, 1024, &rq) / 10000, 452);
	assert_int_equal((fair_calc_delta(6000000, 335, &rq) + 5000) / 10000, 148);
	/* nice 5's vruntime runs 1024 / 335 = 3.06 times faster. */
	assert_int_equal(fair_calc_delta_fair(d, &nice5) / 10000, 305);
	/* The scaling factor: 1 + ilog2(min(ncpus, 8)). */
	assert_int_equal(fair_factor(FAIR_SCALE_LOG, 1), 1);
	assert_int_equal(fair_factor(FAIR_SCALE_LOG, 2), 2);
	assert_int_equal(fair_factor(FAIR_SCALE_LOG, 3), 2);
	assert_int_equal(fair_factor(FAIR_SCALE_LOG, 4), 3);
	assert_int_equal(fair_factor(FAIR_SCALE_LOG, 8), 4);
	assert_int_equal(fair_factor(FAIR_SCALE_LOG, 64), 4);
	assert_int_equal(fair_factor(FAIR_SCALE_LINEAR, 64), 8);
	assert_int_equal(fair_factor(FAIR_SCALE_NONE, 64), 1);
}

static const char two_hogs[] = "[scenario]\npolicy = cfs\nhorizon = 3s\n"
			       "[task A]\nburst = 100s\nnice = 0\n"
			       "[task B]\nburst = 100s\nnice = 5\n";

/* Nice 0 and nice 5 share one CPU 1024 : 335 within 1 % over 3 s. */
static void test_cfs_nice_0_vs_5_share_within_1_percent(void **state)
{
	const char *policies[][2] = { { "scenario.policy=cfs", NULL },
				      { "cfs.tick_hz=0", NULL },
				      { "scenario.policy=eevdf", NULL } };

	for (size_t i = 0; i < G_N_ELEMENTS(policies); i++) {
		struct run_result r;
		/* 3 s * 1024 / 1359 = 2260.49 ms */
		double share, want = 1024.0 / 1359.0;

		run_text(two_hogs, policies[i], &r);
		assert_int_equal(r.tasks[0].cpu + r.tasks[1].cpu, 3 * SIM_S);
		share = (double)r.tasks[0].cpu / (double)(3 * SIM_S);
		if (share < want * 0.99 || share > want * 1.01)
			fail_msg("%s: share %.4f, want %.4f", policies[i][0], share, want);
		run_result_clear(&r);
	}
}

/* Two nice-0 hogs at 250 Hz: the 3 ms slice is noticed at the 4 ms tick. */
static void test_cfs_slices_are_quantized_to_ticks(void **state)
{
	const char *text = "[scenario]\npolicy = cfs\nhorizon = 6ms\n"
			   "[task A]\nburst = 1s\n[task B]\nburst = 1s\n";
	const char *hrtick[] = { "cfs.tick_hz=0", NULL };
	struct run_result r;

	run_text(text, NULL, &r);
	assert_int_equal(r.tasks[0].cpu, 4 * MS);
	assert_int_equal(r.tasks[1].cpu, 2 * MS);
	run_result_clear(&r);
	/* The kernel's fixed point makes each slice 2.999998 ms. */
	run_text(text, hrtick, &r);
	assert_true(r.tasks[0].cpu >= 3 * MS - 10 && r.tasks[0].cpu <= 3 * MS + 10);
	assert_true(r.tasks[1].cpu >= 3 * MS - 10 && r.tasks[1].cpu <= 3 * MS + 10);
	run_result_clear(&r);
}

/*
 * OSTEP ch. 9.7: sched_latency 48 ms, A at nice -5 (3121) and B at nice 0
 * (1024): slices 36.14 and 11.86 ms, so A gets 3121 / 4145 of the CPU.
 */
static void test_cfs_ostep_example_slices(void **state)
{
	struct collect c = collect_start();
	struct record_sink sink = { .emit = collect_emit, .ctx = &c, .want_why = true };
	struct run_result r;

	run_with(SRCDIR "/scenarios/textbook/ostep-cfs.ini", NULL, NULL, &sink, &r);
	assert_true(c.whys->len > 20);
	for (guint i = 0; i < c.whys->len; i++) {
		const char *why = g_ptr_array_index(c.whys, i);

		assert_true(strstr(why, "slice 36.14 ms of period 48.00 ms") ||
			    strstr(why, "slice 11.86 ms of period 48.00 ms"));
	}
	assert_true(r.tasks[0].cpu >= 3614 * MS - 12 * MS && r.tasks[0].cpu <= 3614 * MS + 36 * MS);
	collect_clear(&c);
	run_result_clear(&r);
}

/*
 * A sleeper wakes with at most latency / 2 of credit and preempts a hog
 * whose vruntime is more than the wakeup granularity ahead.
 */
static void test_cfs_waking_sleeper_preempts(void **state)
{
	struct run_result r;

	run_text("[scenario]\npolicy = cfs\n[task H]\nburst = 100\n"
		 "[task S]\nprogram = cpu 1; sleep 20; cpu 1\n",
		 NULL, &r);
	/* S's second burst starts as soon as it wakes, at 4 + 20 = 24 ms or so. */
	assert_true(r.tasks[1].completion <= 26 * MS);
	assert_true(r.tasks[0].involuntary >= 2);
	run_result_clear(&r);
}

/*
 * A forked child starts at max(parent's vruntime, min_vruntime + vslice)
 * (task_fork_fair() and place_entity() in Linux 6.1's kernel/sched/fair.c),
 * not at min_vruntime + vslice alone.
 * One CPU (factor 1), tick_hz = 0, latency 24 ms (so sched_nr_latency = 32,
 * never reached), min_granularity 0.75 ms, wakeup_granularity 1 ms, the
 * teaching model (no costs: the child arrives the nanosecond P spawns it),
 * all nice 0 (calc_delta_fair is the identity). Slices go through the
 * kernel's fixed point: 24 ms * 1024 / W with inverse 0xFFFFFFFF / W:
 *   W = 1024: 24e6 * (1024 * 4194303) >> 32 = 23999994 (24 ms - 5.7 ns)
 *   W = 2048: 24e6 * (1024 * 2097151) >> 32 = 11999994
 *   W = 3072: 24e6 * (1024 * 1398101) >> 32 =  7999998
 *  - 0: P arrives on an empty queue: vruntime 0 + 23999994 (START_DEBIT);
 *    picked, slice 23999994 (alone), so it runs to 23999994 ns.
 *  - 1 ms: W arrives: P is at 23999994 + 1e6 = 24999994 = min_vruntime;
 *    W at 24999994 + 11999994 = 36999988, behind P: no preemption.
 *  - 23 ms: P spawns c. P is at 23999994 + 23e6 = 46999994; min_vruntime
 *    is W's 36999988 (P passed it), so P is 10000006 ahead of it, more
 *    than the child's vslice 7999998 (3 tasks).
 *    Kernel: c at 36999988 + max(10000006, 7999998) = 46999994 = P's. No
 *    preemption (not below P); P runs to its slice end 23999994 ns (P at
 *    47999988), then W (36999988) runs its 5 ms and exits at 28999994 ns,
 *    then c (46999994 < P's 47999988): c first runs at 28999994 ns.
 *    Without the parent: c at 36999988 + 7999998 = 44999986, 2000008 below
 *    P, more than the wakeup granularity: c preempts P at 23 ms, W (the
 *    lowest) runs from 23 to 28 ms and c from 28 ms, ahead of P's slice end.
 */
static void test_cfs_child_starts_at_its_parents_vruntime(void **state)
{
	struct run_result r;

	run_text("[scenario]\npolicy = cfs\n[cfs]\ntick_hz = 0\nlatency = 24ms\n"
		 "[task P]\nprogram = cpu 23; spawn c; cpu 10\n"
		 "[task W]\narrival = 1\nburst = 5\n"
		 "[group c]\ncount = 1\narrival = spawn\nburst = 1\n",
		 NULL, &r);
	assert_string_equal(r.tasks[2].name, "c[0]");
	assert_int_equal(r.tasks[2].arrival, 23 * MS);
	assert_int_equal(r.tasks[1].first_run, 23999994);
	assert_int_equal(r.tasks[1].completion, 28999994);
	assert_int_equal(r.tasks[2].first_run, 28999994);
	assert_int_equal(r.tasks[2].completion, 29999994);
	assert_int_equal(r.tasks[0].involuntary, 1); /* expired once, never preempted */
	run_result_clear(&r);
}

/* ---------------------------------------------------------------- EEVDF */

/*
 * With tick_hz = 0 two nice-0 tasks alternate requests of the base slice:
 * 0.75 ms in Linux 6.6, 0.70 ms since 6.15 (the default, 6.18). A's first
 * deadline is half a request away (PLACE_DEADLINE_INITIAL), then B's; ties
 * go to the task queued first. 6.6, horizon 4.125 ms: A runs 0-0.375,
 * 0.75-1.5, 2.25-3.0, 3.75-4.125. 6.18: A runs 0-0.35, 0.7-1.4, 2.1-2.8,
 * 3.5-4.125.
 */
static void test_eevdf_alternates_requests_of_base_slice(void **state)
{
	static const struct {
		const char *kernel;
		sim_time_t a_cpu;
	} cases[] = {
		{ "6.6", 375 * US + 750 * US + 750 * US + 375 * US },
		{ "6.18", 350 * US + 700 * US + 700 * US + 625 * US },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct collect c = collect_start();
		struct record_sink sink = { .emit = collect_emit, .ctx = &c };
		struct run_result r;
		g_autofree char *text = g_strdup_printf(
			"[scenario]\npolicy = eevdf\nhorizon = 4.125ms\n[eevdf]\ntick_hz = 0\n"
			"kernel = %s\n[task A]\nburst = 1s\n[task B]\nburst = 1s\n",
			cases[i].kernel);

		run_with(NULL, text, NULL, &sink, &r);
		g_string_truncate(c.order, strlen("A B A B A B"));
		assert_string_equal(c.order->str, "A B A B A B");
		assert_int_equal(r.tasks[0].cpu, cases[i].a_cpu);
		collect_clear(&c);
		run_result_clear(&r);
	}
}

/* A task that overran comes back behind: no sleeper bonus under EEVDF. */
static void test_eevdf_lag_survives_sleep(void **state)
{
	const char *text = "[scenario]\npolicy = %s\n[task H]\nburst = 100\n"
			   "[task S]\nprogram = cpu 3; sleep 1; cpu 3\n";
	g_autofree char *eevdf = g_strdup_printf(text, "eevdf");
	g_autofree char *cfs = g_strdup_printf(text, "cfs");
	struct run_result re, rc;

	run_text(eevdf, NULL, &re);
	run_text(cfs, NULL, &rc);
	assert_int_equal(re.tasks[1].cpu, 6 * MS);
	assert_int_equal(rc.tasks[1].cpu, 6 * MS);
	/* Both finish; H gets the rest. */
	assert_int_equal(re.tasks[0].completion, 106 * MS);
	run_result_clear(&re);
	run_result_clear(&rc);
}

/*
 * yield_task_fair() returns at once when the task is alone on its CPU
 * (rq->nr_running == 1): it must not push the deadline out (Linux 6.6's
 * figures, base_slice 0.75 ms). A yields 20
 * times alone (0-2 ms), then computes. Its deadlines: 0.375 ms (half a
 * request), renewed to 1.15 at 0.4, 1.95 at 1.2, 2.75 at 2.0, 3.75 at 3.0
 * when B arrives. B is placed at V = 3.0 with deadline 3.375 < 3.75, A's
 * request was renewed since its pick (no RUN_TO_PARITY), so B preempts at
 * 3 ms and ends at 4 ms. Had each lone yield pushed A's deadline by a
 * request, A's deadline would be 15 ms further and B would wait for it.
 */
static void test_eevdf_yield_alone_does_not_push_the_deadline(void **state)
{
	struct run_result r;

	run_text("[scenario]\npolicy = eevdf\n[eevdf]\nkernel = 6.6\n"
		 "[task A]\nprogram = repeat 20 { cpu 0.1; yield }; cpu 50\n"
		 "[task B]\narrival = 3\nburst = 1\n",
		 NULL, &r);
	assert_int_equal(r.tasks[1].first_run, 3 * MS);
	assert_int_equal(r.tasks[1].completion, 4 * MS);
	run_result_clear(&r);
}

/*
 * DELAY_DEQUEUE and DELAY_ZERO (Linux 6.12, kernel/sched/features.h): a
 * sleeper that overran comes back at lag 0, not behind. One CPU, HZ 250,
 * base_slice 0.7 ms in every version, so that only the rules differ; nice 0
 * (virtual = wall). B computes from 0; S sleeps 1 ms, computes 1 ms, sleeps
 * 9 ms, computes 1 ms.
 *  - At 1 S wakes, new (lag 0): B's vruntime 1, its request renewed to
 *    deadline 1.7 by the update at S's enqueue; S at V = 1, deadline 1.7.
 *    A tie: the running task keeps the CPU only with a strictly earlier
 *    deadline, so S preempts. S runs 1-2 (vruntime 2) and sleeps with
 *    V = (1 + 2) / 2 = 1.5: lag -0.5 ms, not eligible.
 *  - 6.6: S leaves with vlag -0.5. B runs alone. At 11 B's vruntime is 10,
 *    renewed to deadline 10.7; S is placed at V - lag * (W + w) / W =
 *    10 + 0.5 * 2 = 11, deadline 11.7: not eligible, no preemption. At the
 *    tick at 12 B (vruntime 11) renews to 11.7 and is preempted; V = 11, S
 *    is eligible and ties B's deadline, having been queued first: S runs
 *    12-13. It waited 1 ms.
 *  - 6.12 and 6.18: S stays in the tree, delayed. At the tick at 4 B
 *    (vruntime 3) renews its request and, two being queued, is preempted;
 *    V = (3 + 2) / 2 = 2.5, S is eligible with the earlier deadline (2.7),
 *    so it is picked, dequeued at lag min(0.5, 0) = 0 and B picked again.
 *    At 11 S is placed at V = 10 with deadline 10.7, tying B's renewed
 *    request: S preempts at once and ends at 12, without waiting.
 */
static void test_eevdf_sleeper_comes_back_at_lag_zero_since_6_12(void **state)
{
	static const struct {
		const char *kernel;
		sim_time_t end, wait;
	} cases[] = {
		{ "6.6", 13 * MS, 1 * MS },
		{ "6.12", 12 * MS, 0 },
		{ "6.18", 12 * MS, 0 },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct run_result r;
		g_autofree char *text = g_strdup_printf(
			"[scenario]\npolicy = eevdf\n[eevdf]\nbase_slice = 0.7ms\nkernel = %s\n"
			"[task B]\nburst = 100\n[task S]\nprogram = sleep 1; cpu 1; sleep 9; cpu "
			"1\n",
			cases[i].kernel);

		run_text(text, NULL, &r);
		assert_int_equal(r.tasks[1].completion, cases[i].end);
		assert_int_equal(r.tasks[1].waiting, cases[i].wait);
		run_result_clear(&r);
	}
}

/*
 * A short sleeper among N busy loops on one CPU waits, on average, N times
 * the CPU it uses per wake-up: EEVDF's lag is conserved. While it waits, V
 * (the load-weighted mean vruntime, the running loop's advancing at 1)
 * moves at 1 / (N + 1) and its lag grows at that rate; while it runs its
 * lag shrinks at N / (N + 1); while it sleeps its lag is kept (entity_lag()
 * at dequeue_entity(), restored by place_entity()). So over the run
 * waiting / (N + 1) = running * N / (N + 1) + the lag it ends with, which
 * is at most the clamp, calc_delta_fair(max(2 * slice, TICK_NSEC)) = 4 ms
 * here. The sleeper keeps a positive lag, so DELAY_DEQUEUE never holds it
 * and the law is the same in 6.6 and 6.18. 5000 wake-ups of 20 us: N = 2
 * waits 40 us each, at most 2.4 us more; N = 3 60 us, at most 3.2 us more.
 */
static void test_eevdf_short_sleeper_waits_n_times_its_cpu(void **state)
{
	static const char *const kernels[] = { "6.6", "6.18" };
	const unsigned k = 5000;
	const sim_time_t run = 20 * US;

	for (size_t i = 0; i < G_N_ELEMENTS(kernels); i++) {
		for (unsigned n = 2; n <= 3; n++) {
			struct run_result r;
			g_autofree char *text = g_strdup_printf(
				"[scenario]\npolicy = eevdf\nhorizon = 20s\n[eevdf]\nkernel = "
				"%s\n[group busy]\ncount = %u\nburst = 100s\n[task S]\n"
				"program = repeat %u { sleep 1ms; cpu 20us }\n",
				kernels[i], n, k);
			sim_time_t per_wake, bound = (sim_time_t)(n + 1) * 4 * MS / k;

			run_text(text, NULL, &r);
			assert_int_equal(r.tasks[n].completion != SIM_TIME_NONE, 1);
			per_wake = r.tasks[n].waiting / k;
			assert_true(per_wake >= n * run);
			assert_true(per_wake <= n * run + bound);
			run_result_clear(&r);
		}
	}
}

/*
 * A delayed task wakes on its own CPU (ttwu_runnable, 6.12). Two CPUs,
 * scale = none (slice 0.7 ms), HZ 250. B0 and B1 start on CPUs 0 and 1; S
 * sleeps 1 ms, computes 1 ms, sleeps 1.5 ms, computes 1 ms. At 1 both CPUs
 * are busy: S joins CPU 0 and preempts B0 as above, then sleeps at 2 with
 * lag -0.5 ms. B1 ends at 3, CPU 1 idles. S wakes at 3.5, before B0's tick
 * at 4:
 *  - 6.6: S was dequeued; CPU 1 is idle, so S runs there at once (a remote
 *    wake-up) and ends at 4.5; B0 is never preempted again.
 *  - 6.18: S is still on CPU 0's queue and wakes there, with the place it
 *    had (its lag, measured against B0's vruntime as last updated, is still
 *    negative); B0's update renews its request, and two being queued it is
 *    preempted: S (deadline 2.7, eligible at V 2.25) runs 3.5-4.5 on CPU 0.
 *    CPU 1, idle, pulls B0 at its balance at 4.
 */
static void test_eevdf_delayed_sleeper_wakes_on_its_own_cpu(void **state)
{
	static const struct {
		const char *kernel;
		uint64_t remote, b0_preempted;
	} cases[] = {
		{ "6.6", 1, 1 },
		{ "6.18", 0, 2 },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct run_result r;
		g_autofree char *text = g_strdup_printf(
			"[scenario]\npolicy = eevdf\ncpus = 2\nhorizon = 8\n[eevdf]\nbase_slice = "
			"0.7ms\n"
			"scale = none\nkernel = %s\n[task B0]\nburst = 100\n[task B1]\nburst = 3\n"
			"[task S]\nprogram = sleep 1; cpu 1; sleep 1.5; cpu 1\n",
			cases[i].kernel);

		run_text(text, NULL, &r);
		assert_int_equal(r.tasks[2].completion, 4500 * US);
		assert_int_equal(r.cpus[0].remote_wakeups + r.cpus[1].remote_wakeups,
				 cases[i].remote);
		assert_int_equal(r.tasks[0].involuntary, cases[i].b0_preempted);
		run_result_clear(&r);
	}
}

/*
 * The inverse of calc_delta_fair() that decides when a request ends with
 * tick_hz = 0: the least wall time whose virtual time reaches d, exactly and
 * in one division. Nice 19 (weight 15): fact = 1024 * 286331153 >> 7 =
 * 2290649224, shift 25, and 750000 ns give 51199999 virtual ns (as in
 * test_cfs_calc_delta_worked_numbers), 750001 ns give 51200068: so 51199999
 * needs 750000 ns and 51200000 needs 750001. Nice 0 is the identity. At
 * 2^62 virtual ns, nice 19 needs ceil(2^62 * 2^25 / 2290649224) =
 * 67553994426286081 ns; nice -20 (fact 1024 * 48388 = 49549312, shift 32)
 * would need 2^62 * 2^32 / 49549312 > 2^64: UINT64_MAX. For every nice
 * value the answer w is the least: calc(w) >= d > calc(w - 1).
 */
static void test_eevdf_request_end_inverts_calc_delta_fair_exactly(void **state)
{
	struct fair_load nice19 = fair_load_of_nice(19), nice0 = fair_load_of_nice(0);
	struct fair_load nice_20 = fair_load_of_nice(-20);
	const uint64_t ds[] = { 1,
				2,
				67,
				68,
				69,
				1000,
				51199999,
				51200000,
				293203100603,
				(uint64_t)1 << 40,
				(uint64_t)1 << 50 };

	assert_int_equal(fair_calc_delta_fair(750000, &nice19), 51199999);
	assert_int_equal(fair_calc_delta_fair(750001, &nice19), 51200068);
	assert_int_equal(fair_calc_delta_fair_inv(51199999, &nice19), 750000);
	assert_int_equal(fair_calc_delta_fair_inv(51200000, &nice19), 750001);
	assert_int_equal(fair_calc_delta_fair_inv(12345, &nice0), 12345);
	assert_int_equal(fair_calc_delta_fair_inv((uint64_t)1 << 62, &nice19), 67553994426286081);
	assert_int_equal(fair_calc_delta_fair_inv((uint64_t)1 << 62, &nice_20), UINT64_MAX);
	for (int nice = -20; nice <= 19; nice++) {
		struct fair_load lw = fair_load_of_nice(nice);

		for (size_t i = 0; i < G_N_ELEMENTS(ds); i++) {
			uint64_t w = fair_calc_delta_fair_inv(ds[i], &lw);

			if (fair_calc_delta_fair(w, &lw) < ds[i] ||
			    fair_calc_delta_fair(w - 1, &lw) >= ds[i])
				fail_msg("nice %d, %" G_GUINT64_FORMAT
					 " virtual ns: %" G_GUINT64_FORMAT " ns is not the least",
					 nice, ds[i], w);
		}
	}
}

/*
 * base_slice at its largest, 2^32 - 1 ns (the kernel's u32), with the
 * extreme weights: A nice 19 (weight 15), B nice -20 (88761), one CPU,
 * tick_hz = 0, 6.18. A request is 293203100603 virtual ns for A
 * (4294967295 * 2290649224 >> 25), 49549311 for B (4294967295 * 49549312 >>
 * 32). Both arrive at V = 0 with half a request to their deadlines: B's
 * (24774655) is first. B runs 0-1 s and sleeps with a negative lag (A has
 * not run), so it stays in the tree, delayed. A runs from 1 s; its first
 * request ends 2147483648 ns later (the least wall time reaching
 * 146601550301), where B, eligible now, is picked, dequeued at lag 0, and A
 * picked again; alone, A is picked anew at every request's end, each
 * 4294967295 ns (exactly one request of virtual time, nothing carried over).
 * B wakes at 1000001 s at lag 0, at V = A's vruntime: A is eligible and
 * inside the request it was picked with (RUN_TO_PARITY), so B waits for its
 * end, at 1 s + 2147483648 + 232831 * 4294967295 ns = 1000004677745793 ns
 * (the one before was at 1000000382778498). B runs 1 s and sleeps 1 s,
 * delayed again; by then A's second of work has put it past V and B's lag
 * has turned positive, so B comes back at lag 0, A, not eligible, is
 * preempted, and B ends 1 s later, at 1000007677745793 ns. The CPU never
 * idles: A ends at 2000000 + 3 s. The old search of that wall time went one
 * nanosecond at a time from an estimate; it is one division now.
 */
static void test_eevdf_largest_base_slice_with_extreme_nice_values(void **state)
{
	struct run_result r;

	run_text("[scenario]\ntime_unit = s\npolicy = eevdf\n[eevdf]\n"
		 "base_slice = 4294967295ns\ntick_hz = 0\n"
		 "[task A]\nnice = 19\nprogram = cpu 1000000s; cpu 1000000s\n"
		 "[task B]\nnice = -20\n"
		 "program = cpu 1s; io 1000000s; cpu 1s; io 1s; cpu 1s\n",
		 NULL, &r);
	assert_int_equal(r.tasks[0].first_run, SIM_S);
	assert_int_equal(r.tasks[0].completion, 2000003 * SIM_S);
	assert_int_equal(r.tasks[0].cpu, 2000000 * SIM_S);
	assert_int_equal(r.tasks[1].completion, 1000007677745793);
	assert_int_equal(r.tasks[1].waiting, 3677745793);
	run_result_clear(&r);
}

/*
 * A key times the load beyond 64 bits. base_slice 2^32 - 1 ns, one CPU,
 * tick_hz = 0: 800 tasks of nice -20 and L of nice 19 arrive at 0, at
 * V = 0; T, nice -20, arrives at 1720 s. A heavy task's half request is
 * 24774655 virtual ns, 2147483562 ns of wall time; L's is 146601550301.
 * The heavy tasks run first, in turn, each its half request, and end it
 * past V; after the 800th, all at 24774655, only L (at 0) is eligible: it
 * runs from 800 * 2147483562 = 1717986849600 ns. At 1720 s it has run
 * 2013150400 ns, 137431067274 virtual ns, and its key (its vruntime less
 * min_vruntime, the heavy tasks' 24774655) is 137406292619: times the load
 * with T, 801 * 88761 + 15 = 71097576, it is 9.77e18, beyond 2^63. T is
 * placed at V with a deadline half a request on (V + 24774655), the
 * earliest of all (the heavy tasks' are 24774655 + 49549311). L's
 * vruntime is far past V, so it is not eligible and RUN_TO_PARITY does not
 * keep it: T preempts it at once and runs 1720-1721 s. With the product
 * wrapped to a negative number, L looked eligible and kept the CPU to the
 * end of its request, 1720.13 s.
 */
static void test_eevdf_key_times_load_beyond_64_bits(void **state)
{
	struct run_result r;

	run_text("[scenario]\ntime_unit = s\npolicy = eevdf\n[eevdf]\n"
		 "base_slice = 4294967295ns\ntick_hz = 0\n"
		 "[group h]\ncount = 800\nnice = -20\nburst = 10\n"
		 "[task L]\nnice = 19\nburst = 10\n"
		 "[task T]\nnice = -20\narrival = 1720\nburst = 1\n",
		 NULL, &r);
	assert_string_equal(r.tasks[800].name, "L");
	assert_int_equal(r.tasks[800].first_run, 1717986849600);
	assert_string_equal(r.tasks[801].name, "T");
	assert_int_equal(r.tasks[801].first_run, 1720 * SIM_S);
	assert_int_equal(r.tasks[801].completion, 1721 * SIM_S);
	run_result_clear(&r);
}

/* Migrations seen in the record stream: "T cpuA>cpuB" each, T in ms. */
struct migrations {
	GString *log;
	bool have_why;
	char why[256];
};

static void migrations_emit(void *ctx, const struct record *r)
{
	struct migrations *m = ctx;

	if (r->kind != REC_MIGRATE)
		return;
	g_string_append_printf(m->log, "%s%" G_GINT64_FORMAT " cpu%" G_GINT64_FORMAT ">cpu%d",
			       m->log->len ? ", " : "", r->time / MS, r->length, r->cpu);
	if (!m->have_why) {
		g_strlcpy(m->why, r->why ? r->why : "", sizeof(m->why));
		m->have_why = true;
	}
}

/*
 * Load-based balancing (kernel/sched/fair.c: PELT load, calculate_imbalance,
 * detach_tasks with nr_balance_failed). Three nice-0 busy loops of 1 s on
 * two CPUs (EEVDF, HZ 250, teaching model). loop[0] and loop[1] take the
 * idle CPUs 0 and 1, loop[2] queues on CPU 0. A new task starts with a full
 * load (init_entity_runnable_average), so the loads are 2048 and 1024 from
 * the start. The balancer ticks every 2 ms (the domain's weight, 2 CPUs);
 * a busy CPU balances every 16th tick: at 32, 64, 96 ... ms.
 *  - 32 ms: CPU 0 is overloaded, nothing busier: balanced. CPU 1 (fully
 *    busy) sees average (2048 + 1024) / 2 = 1536, imbalance
 *    min(2048 - 1536, 1536 - 1024) = 512; the queued task (last ran 4 ms
 *    ago, not cache hot) weighs 1024 > 512: nothing moves, one failure.
 *  - 64 ms: 1024 >> 1 = 512 is not above 512: CPU 1 pulls from CPU 0.
 *  - 96 ms: CPU 0, now fully busy, fails once; at 128 it pulls a task back.
 *    CPU 1, left with one task at 128, fails then, and pulls at 160; and
 *    so on, the loops rotating.
 * Counting tasks, as before, the 2 + 1 split was left alone: loop[1] ended
 * at 1 s, the two others at 1.5 s (mean 1.33 s). Rotating, each gets about
 * two thirds of a CPU and all end between 1.45 and 1.52 s (3 s of work on 2
 * CPUs take at least 1.5 s).
 */
static void test_balance_rotates_three_loops_on_two_cpus(void **state)
{
	struct migrations m = { .log = g_string_new(NULL) };
	struct record_sink sink = { .emit = migrations_emit, .ctx = &m };
	struct run_result r;

	run_with(NULL,
		 "[scenario]\npolicy = eevdf\ncpus = 2\n[group loop]\ncount = 3\nburst = 1s\n",
		 NULL, &sink, &r);
	g_string_truncate(m.log, strlen("64 cpu0>cpu1, 128 cpu1>cpu0, 160 cpu0>cpu1"));
	assert_string_equal(m.log->str, "64 cpu0>cpu1, 128 cpu1>cpu0, 160 cpu0>cpu1");
	assert_true(m.have_why);
	assert_non_null(strstr(m.why, "cpu0 load 2048 (overloaded) > cpu1 load 1024, "
				      "average 1536, imbalance 512; task load 1024 after 1 "
				      "failed passes"));
	for (int i = 0; i < 3; i++) {
		assert_true(r.tasks[i].completion >= 1450 * MS);
		assert_true(r.tasks[i].completion <= 1520 * MS);
	}
	g_string_free(m.log, TRUE);
	run_result_clear(&r);
}

/* ----------------------------------------------------------------- MLFQ */

/* Cases run through OSTEP's mlfq.py -c: -l jobs -Q -A -B -S -I (ms). */
static const struct mlfq_case {
	int njobs;
	int jobs[4][3]; /* start, run, ioFreq (0: none); I/O takes 5 */
	int levels;
	int quantum[3], allot[3]; /* top first; allotment in quanta */
	int boost;
	bool stay, iobump;
	int want[4][2]; /* response, turnaround */
} mlfq_cases[] = {
	/* clang-format off */
	/* OSTEP figure 8.3: a long job, then a short one at 100 ms. */
	{ 2, { {0,200,0},{100,20,0} }, 3, { 10,10,10 }, { 1,1,1 }, 0, false, false, { {0,220},{0,20} } },
	{ 2, { {0,200,0},{50,20,1} }, 3, { 10,10,10 }, { 1,1,1 }, 0, false, false, { {0,220},{0,115} } },
	{ 3, { {0,100,0},{0,100,0},{0,30,3} }, 3, { 10,20,40 }, { 1,1,1 }, 0, false, false, { {0,200},{10,230},{20,120} } },
	{ 3, { {0,100,0},{0,100,0},{0,30,3} }, 3, { 10,20,40 }, { 1,1,1 }, 50, false, false, { {0,160},{10,230},{20,145} } },
	/* Gaming with the old rule 4b (-S), and -I. */
	{ 2, { {0,60,9},{0,80,0} }, 3, { 10,10,10 }, { 1,1,1 }, 0, true, false, { {0,95},{9,140} } },
	{ 2, { {0,60,9},{0,80,0} }, 3, { 10,10,10 }, { 1,1,1 }, 0, false, true, { {0,115},{9,140} } },
	/* -S with an I/O at the very end of a quantum: the ended quantum is still charged. */
	{ 2, { {0,4,2},{0,6,0} }, 2, { 2,2 }, { 1,1 }, 0, true, false, { {0,10},{2,8} } },
	{ 3, { {0,38,3},{0,30,0},{0,28,0} }, 2, { 3,3 }, { 1,2 }, 0, true, false, { {0,122},{3,78},{6,79} } },
	/* Random cases (seeded), with and without I/O and boosts. */
	{ 3, { {0,45,9},{11,38,5},{9,38,3} }, 2, { 6,5 }, { 2,2 }, 33, false, false, { {0,105},{1,105},{0,125} } },
	{ 4, { {24,45,0},{13,12,0},{0,53,0},{10,26,0} }, 2, { 10,5 }, { 2,1 }, 0, false, false, { {16,104},{17,49},{0,136},{10,83} } },
	{ 4, { {0,53,2},{27,59,7},{24,44,3},{0,20,9} }, 2, { 8,5 }, { 1,1 }, 0, false, false, { {0,231},{2,126},{0,149},{2,56} } },
	{ 4, { {30,60,0},{0,26,0},{0,42,0},{0,11,0} }, 2, { 6,8 }, { 2,2 }, 0, false, false, { {5,109},{0,77},{6,115},{12,35} } },
	{ 2, { {19,35,8},{21,17,3} }, 3, { 5,3,5 }, { 2,1,2 }, 39, false, false, { {0,64},{3,51} } },
	{ 4, { {0,25,0},{0,42,0},{28,52,0},{0,12,0} }, 3, { 10,3,9 }, { 1,1,2 }, 0, false, false, { {0,81},{10,119},{2,103},{20,48} } },
	{ 2, { {0,15,3},{0,56,2} }, 2, { 10,4 }, { 1,2 }, 0, false, false, { {0,38},{3,196} } },
	{ 3, { {0,45,0},{0,42,0},{0,34,0} }, 2, { 3,6 }, { 1,1 }, 31, false, false, { {0,105},{3,121},{6,115} } },
	{ 4, { {5,30,5},{0,27,9},{0,12,7},{0,54,5} }, 3, { 5,8,9 }, { 2,1,1 }, 52, false, true, { {14,99},{0,86},{5,69},{10,145} } },
	{ 4, { {0,40,0},{28,47,0},{0,19,0},{0,57,0} }, 3, { 10,9,10 }, { 1,2,2 }, 0, false, true, { {0,135},{2,126},{10,58},{20,163} } },
	/* clang-format on */
};

/* The scenario text of a mlfq.py job list. */
static char *mlfq_case_text(const struct mlfq_case *c)
{
	GString *s = g_string_new("[scenario]\npolicy = mlfq\n[mlfq]\n");

	g_string_append_printf(s, "levels = %d\nquantum = ", c->levels);
	for (int l = 0; l < c->levels; l++)
		g_string_append_printf(s, "%s%d", l ? "," : "", c->quantum[l]);
	g_string_append(s, "\nallotment = ");
	for (int l = 0; l < c->levels; l++)
		g_string_append_printf(s, "%s%d", l ? "," : "", c->allot[l] * c->quantum[l]);
	g_string_append_printf(s, "\nboost = %d\nio_reset = %s\nio_front = %s\n", c->boost,
			       c->stay ? "true" : "false", c->iobump ? "true" : "false");
	for (int j = 0; j < c->njobs; j++) {
		int run = c->jobs[j][1], io = c->jobs[j][2];

		g_string_append_printf(s, "[task J%d]\narrival = %d\nprogram = ", j, c->jobs[j][0]);
		if (io == 0 || io >= run) {
			g_string_append_printf(s, "cpu %d\n", run);
		} else {
			/* mlfq.py issues an I/O after every ioFreq ticks, except at the end. */
			int k = (run - 1) / io;

			g_string_append_printf(s, "repeat %d { cpu %d; io 5 }; cpu %d\n", k, io,
					       run - k * io);
		}
	}
	return g_string_free(s, FALSE);
}

static void test_mlfq_equals_ostep_mlfq_py(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(mlfq_cases); i++) {
		const struct mlfq_case *c = &mlfq_cases[i];
		g_autofree char *text = mlfq_case_text(c);
		struct run_result r;

		run_text(text, NULL, &r);
		for (int j = 0; j < c->njobs; j++) {
			const struct task_result *t = &r.tasks[j];

			if (t->first_run - t->arrival != c->want[j][0] * MS ||
			    t->completion - t->arrival != c->want[j][1] * MS)
				fail_msg("case %zu job %d: response %" G_GINT64_FORMAT
					 " turnaround %" G_GINT64_FORMAT ", mlfq.py says %d %d",
					 i, j, (t->first_run - t->arrival) / MS,
					 (t->completion - t->arrival) / MS, c->want[j][0],
					 c->want[j][1]);
		}
		run_result_clear(&r);
	}
}

/*
 * io_reset (mlfq.py -S) when the I/O starts in the tick the quantum ends.
 * Two levels, quantum 2, allotment one quantum. J0 = cpu 2; io 5; cpu 2,
 * J1 = cpu 6, both at 0. J0 runs 0-2: its quantum ends as it starts I/O.
 * mlfq.py resets the allotment, then charges the ended quantum: J0 moves
 * down. J1 runs 2-4 (top), is demoted, runs 4-8 at the bottom (J0 joins the
 * bottom's tail at 7, behind the running J1, which is alone there until
 * then and keeps going for its quantum 6-8) and ends at 8; J0 runs 8-10.
 * Without the charge J0 would come back at the top at 7, preempt J1 and end
 * at 9, J1 at 10. The same shape with J1 = cpu 12 ends J0 at 10 (not 9),
 * J1 at 16.
 */
static void test_mlfq_io_reset_charges_a_quantum_that_ends_with_the_io(void **state)
{
	struct run_result r;

	run_text("[scenario]\npolicy = mlfq\n[mlfq]\nlevels = 2\nquantum = 2\nio_reset = true\n"
		 "[task J0]\nprogram = cpu 2; io 5; cpu 2\n[task J1]\nburst = 6\n",
		 NULL, &r);
	assert_int_equal(r.tasks[0].completion, 10 * MS);
	assert_int_equal(r.tasks[1].completion, 8 * MS);
	run_result_clear(&r);
	/* An I/O one tick before the quantum's end is rule 4b: J0 stays at the top. */
	run_text("[scenario]\npolicy = mlfq\n[mlfq]\nlevels = 2\nquantum = 2\nio_reset = true\n"
		 "[task J0]\nprogram = cpu 1; io 5; cpu 1\n[task J1]\nburst = 6\n",
		 NULL, &r);
	assert_int_equal(r.tasks[0].completion, 7 * MS);
	run_result_clear(&r);
}

/* demote_alone = false: a task alone keeps its level (Stallings). */
static void test_mlfq_demote_alone_false_keeps_a_lone_task_up(void **state)
{
	const char *text = "[scenario]\npolicy = mlfq\n[mlfq]\nquantum = 10\n"
			   "[task A]\nburst = 50\n[task B]\narrival = 45\nburst = 10\n";
	const char *alone[] = { "mlfq.demote_alone=false", NULL };
	struct run_result r;

	/* OSTEP: A is at the bottom by 20; B (top) preempts at 45 and ends at 55. */
	run_text(text, NULL, &r);
	assert_int_equal(r.tasks[1].completion, 55 * MS);
	run_result_clear(&r);
	/* Stallings: A stays at the top; B waits for the quantum, 50-60. */
	run_text(text, alone, &r);
	assert_int_equal(r.tasks[0].completion, 50 * MS);
	assert_int_equal(r.tasks[1].completion, 60 * MS);
	run_result_clear(&r);
}

/* ------------------------------------------------------------ the hooks */

/*
 * A policy driven hook by hook, as src/sched calls it, on up to two queues
 * and four tasks, so that several things can happen at one nanosecond in a
 * chosen order. The configuration comes from a scenario's text.
 */
struct hooks {
	struct scenario *sc;
	const struct policy_ops *ops;
	struct policy pol;
	struct rng rng;
	struct rq rq[2];
	struct task t[4];
};

static void hooks_init(struct hooks *h, const char *text)
{
	struct scenario_overrides ov = { 0 };
	g_autoptr(GError) err = NULL;

	memset(h, 0, sizeof(*h));
	h->sc = scenario_load_data(SRCDIR "/tests/unit/inline.ini", text, strlen(text), &ov, &err);
	if (!h->sc)
		fail_msg("scenario: %s", err->message);
	h->ops = h->sc->policy;
	h->pol.ops = h->ops;
	h->pol.conf = h->sc->policy_conf;
	h->pol.ncpus = 1;
	for (int i = 0; i < 2; i++) {
		h->rq[i].policy = &h->pol;
		h->rq[i].priv = g_malloc0(h->ops->rq_priv_size);
		h->rq[i].cpu = i;
		h->rq[i].rng = &h->rng;
	}
	for (uint32_t i = 0; i < 4; i++) {
		static const struct task_group group = { .name = "T", .count = 4 };

		h->t[i].group = &group; /* named T[0] ... in explanations */
		h->t[i].id = i;
		h->t[i].index = i;
		h->t[i].priv = g_malloc0(h->ops->task_priv_size);
		h->t[i].tickets = 100;
		h->t[i].remaining = SIM_S; /* still computing when it leaves the CPU */
		h->t[i].cpu = -1;
		h->t[i].state = TASK_NEW;
	}
}

static void hooks_free(struct hooks *h)
{
	for (int i = 0; i < 2; i++) {
		if (h->ops->release)
			h->ops->release(&h->rq[i]);
		g_free(h->rq[i].priv);
	}
	for (int i = 0; i < 4; i++)
		g_free(h->t[i].priv);
	scenario_free(h->sc);
}

static void hooks_enqueue(struct hooks *h, int q, int ti, sim_time_t now, unsigned flags)
{
	h->rq[q].now = now;
	h->t[ti].state = TASK_READY;
	h->ops->enqueue(&h->rq[q], &h->t[ti], flags);
	h->rq[q].nr_queued++;
}

static void hooks_dequeue(struct hooks *h, int q, int ti, sim_time_t now, unsigned flags)
{
	h->rq[q].now = now;
	h->ops->dequeue(&h->rq[q], &h->t[ti], flags);
	h->rq[q].nr_queued--;
}

/* pick_next, then the explain text in *why when why is not NULL. */
static struct task *hooks_pick(struct hooks *h, int q, sim_time_t now, GString *why)
{
	struct task *t;

	h->rq[q].now = now;
	t = h->ops->pick_next(&h->rq[q]);
	if (why) {
		g_string_truncate(why, 0);
		h->ops->explain(&h->rq[q], t, why);
	}
	if (t) {
		h->rq[q].nr_queued--;
		h->rq[q].curr = t;
		t->state = TASK_RUNNING;
	}
	return t;
}

/* The running task stops at `now`, having run `ran` since its pick. */
static void hooks_put_prev(struct hooks *h, int q, int ti, sim_time_t now, sim_time_t ran)
{
	h->rq[q].now = now;
	if (h->ops->update_curr)
		h->ops->update_curr(&h->rq[q], &h->t[ti], ran);
	/* As the core does: a task with work left is re-queued (TASK_READY). */
	h->t[ti].state = h->t[ti].remaining > 0 ? TASK_READY : TASK_BLOCKED;
	h->ops->put_prev(&h->rq[q], &h->t[ti], ran);
	h->rq[q].curr = NULL;
}

/*
 * A sleeper that wakes exactly when a slice ends sees the expiring task,
 * which the kernel still has on the queue (it is put back at the next
 * schedule()). tick_hz = 0, one CPU (factor 1): latency 6 ms, min_granularity
 * 0.75 ms. B (nice 19, weight 15) and A (nice 0) wake at 0 with vruntime 0
 * (max(0, min_vruntime - latency / 2)); B, first in, runs first.
 *  - B's slice: 6 ms * 15 / 1039 = 86.6 us, raised to min_granularity
 *    0.75 ms. Its vruntime: 0.75 ms * 1024 / 15 = 51.2 ms (the kernel's
 *    fixed point: 750000 * (1024 * 286331153 >> 7) >> 25 = 51199999 ns).
 *  - A's slice from 0.75 ms: 6 ms * 1024 / 1039, in fixed point
 *    6000000 * (1024 * (0xFFFFFFFF / 1039 = 4133751)) >> 32 = 5913378 ns
 *    (asserted), so it expires at 6663378 ns with vruntime 5913378 ns, and
 *    min_vruntime = min(A 5.91 ms, B 51.2 ms) = 5913378.
 *  - S, a fresh sleeper, wakes at that nanosecond, between A's put_prev and
 *    A's re-queue: max(0, 5913378 - 3000000) = 2913378, ahead of A, so it
 *    runs next: "vruntime 2.91 ms (min_vruntime 5.91 ms)". Without A,
 *    min_vruntime jumped to B's 51.2 ms, S went to 48.2 ms and A ran on.
 */
static void test_cfs_sleeper_waking_at_a_slice_end_sees_the_expiring_task(void **state)
{
	struct hooks h;
	g_autoptr(GString) why = g_string_new(NULL);
	struct task *A, *B, *S;
	sim_time_t end;

	hooks_init(&h, "[scenario]\npolicy = cfs\n[cfs]\ntick_hz = 0\n[task X]\nburst = 1\n");
	B = &h.t[0], A = &h.t[1], S = &h.t[2];
	B->nice = 19;
	hooks_enqueue(&h, 0, 0, 0, ENQ_WAKEUP);
	hooks_enqueue(&h, 0, 1, 0, ENQ_WAKEUP);
	assert_ptr_equal(hooks_pick(&h, 0, 0, NULL), B);
	assert_int_equal(h.ops->slice(&h.rq[0], B), 750 * US);
	hooks_put_prev(&h, 0, 0, 750 * US, 750 * US);
	hooks_enqueue(&h, 0, 0, 750 * US, ENQ_EXPIRED);
	assert_ptr_equal(hooks_pick(&h, 0, 750 * US, NULL), A);
	assert_int_equal(h.ops->slice(&h.rq[0], A), 5913378);
	end = 750 * US + 5913378;
	hooks_put_prev(&h, 0, 1, end, 5913378);
	hooks_enqueue(&h, 0, 2, end, ENQ_WAKEUP); /* S */
	hooks_enqueue(&h, 0, 1, end, ENQ_EXPIRED);
	assert_ptr_equal(hooks_pick(&h, 0, end, why), S);
	assert_non_null(strstr(why->str, "vruntime 2.91 ms (min_vruntime 5.91 ms)"));
	hooks_free(&h);
}

/*
 * The same under EEVDF: a task that arrives when a request ends is placed
 * at a V that counts the expiring task. tick_hz = 0, base_slice 0.75 ms (6.6),
 * all nice 0 (virtual = wall). A and B arrive at 0: V = 0, vruntimes 0,
 * deadlines 0.375 ms (half a request). A (lower id) runs 0.375 ms, reaching
 * its deadline: new deadline 1.125 ms. V = (0.375 + 0) / 2 = 0.1875 ms with
 * A counted, so S, arriving then, gets vruntime 187.5 us and deadline
 * 187.5 + 375 = 562.5 us. B (deadline 0.375 ms) runs next, with
 * V = (375 + 0 + 187.5) / 3 = 187.5 us; then S. Without A, V was B's 0:
 * S at vruntime 0, deadline 375 us, and V 125 us at B's pick.
 */
static void test_eevdf_arrival_at_a_request_end_sees_the_expiring_task(void **state)
{
	struct hooks h;
	g_autoptr(GString) why = g_string_new(NULL);
	struct task *A, *B, *S;

	hooks_init(&h, "[scenario]\npolicy = eevdf\n[eevdf]\ntick_hz = 0\nkernel = 6.6\n"
		       "[task X]\nburst = 1\n");
	A = &h.t[0], B = &h.t[1], S = &h.t[2];
	hooks_enqueue(&h, 0, 0, 0, ENQ_NEW);
	hooks_enqueue(&h, 0, 1, 0, ENQ_NEW);
	assert_ptr_equal(hooks_pick(&h, 0, 0, NULL), A);
	assert_int_equal(h.ops->slice(&h.rq[0], A), 375 * US);
	hooks_put_prev(&h, 0, 0, 375 * US, 375 * US);
	hooks_enqueue(&h, 0, 2, 375 * US, ENQ_NEW); /* S */
	hooks_enqueue(&h, 0, 0, 375 * US, ENQ_EXPIRED);
	assert_ptr_equal(hooks_pick(&h, 0, 375 * US, why), B);
	assert_non_null(strstr(why->str, "<= V 187.50 us"));
	assert_int_equal(h.ops->slice(&h.rq[0], B), 375 * US);
	hooks_put_prev(&h, 0, 1, 750 * US, 375 * US);
	hooks_enqueue(&h, 0, 1, 750 * US, ENQ_EXPIRED);
	assert_ptr_equal(hooks_pick(&h, 0, 750 * US, why), S);
	assert_non_null(strstr(why->str, "deadline 562.50 us (vruntime 187.50 us"));
	hooks_free(&h);
}

/*
 * PLACE_REL_DEADLINE (6.12): a migration keeps the request where it stood.
 * tick_hz = 0, base_slice 0.7 ms, one CPU's scaling. On queue 0, A and B
 * arrive at 0 (vruntime 0, deadline 0.35 ms); A runs 0.2 ms and is
 * preempted (vruntime 0.2, deadline still 0.35), then moves to the empty
 * queue 1, placed at its V (0) with lag 0. 6.12 and later: deadline
 * 0 + (0.35 - 0.2): its slice there ends after 150 us. 6.6: a fresh request,
 * 700 us.
 */
static void test_eevdf_migration_keeps_the_relative_deadline(void **state)
{
	static const struct {
		const char *kernel;
		sim_time_t slice;
	} cases[] = {
		{ "6.6", 700 * US },
		{ "6.12", 150 * US },
		{ "6.18", 150 * US },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct hooks h;
		g_autofree char *text = g_strdup_printf(
			"[scenario]\npolicy = eevdf\n[eevdf]\ntick_hz = 0\nbase_slice = 0.7ms\n"
			"kernel = %s\n[task X]\nburst = 1\n",
			cases[i].kernel);
		struct task *A;

		hooks_init(&h, text);
		A = &h.t[0];
		hooks_enqueue(&h, 0, 0, 0, ENQ_NEW);
		hooks_enqueue(&h, 0, 1, 0, ENQ_NEW);
		assert_ptr_equal(hooks_pick(&h, 0, 0, NULL), A);
		hooks_put_prev(&h, 0, 0, 200 * US, 200 * US);
		hooks_enqueue(&h, 0, 0, 200 * US, ENQ_PREEMPTED);
		hooks_dequeue(&h, 0, 0, 200 * US, DEQ_MIGRATE);
		hooks_enqueue(&h, 1, 0, 200 * US, ENQ_MIGRATED);
		assert_ptr_equal(hooks_pick(&h, 1, 200 * US, NULL), A);
		assert_int_equal(h.ops->slice(&h.rq[1], A), cases[i].slice);
		hooks_free(&h);
	}
}

/*
 * A migrating task keeps its distance to the lowest pass (the paper's
 * remain = pass - global_pass on leave, pass = global_pass + remain on
 * join). stride1 10000, quantum 10 ms, 100 tickets each: stride 100.
 * Queue 0: A and B arrive at 0 (pass 0); A runs 100 ms (pass 1000), B runs
 * 100 ms (1000), A runs 10 ms (1100). Queue 1: C arrives at 200 ms on an
 * empty queue (pass 0) and runs 10 ms (100). At 210 ms A moves to queue 1:
 * remain = 1100 - 1000 (B) = 100, so A joins at 100 + 100 = 200, its pass one
 * stride above C's as it was above B's. Queue 1 then runs C (100),
 * A (200, tie with C, earlier arrival), C: "C A C". Keeping its absolute
 * 1100, A waited while C ran ten quanta: "C C C".
 */
static void test_stride_migration_keeps_the_distance_to_the_lowest_pass(void **state)
{
	struct hooks h;
	g_autoptr(GString) order = g_string_new(NULL);
	struct task *A, *B, *C;
	sim_time_t now = 210 * MS;

	hooks_init(&h, "[scenario]\npolicy = stride\n[task X]\nburst = 1\n");
	A = &h.t[0], B = &h.t[1], C = &h.t[2];
	C->arrival = 200 * MS;
	hooks_enqueue(&h, 0, 0, 0, ENQ_NEW);
	hooks_enqueue(&h, 0, 1, 0, ENQ_NEW);
	assert_ptr_equal(hooks_pick(&h, 0, 0, NULL), A);
	hooks_put_prev(&h, 0, 0, 100 * MS, 100 * MS);
	hooks_enqueue(&h, 0, 0, 100 * MS, ENQ_EXPIRED);
	assert_ptr_equal(hooks_pick(&h, 0, 100 * MS, NULL), B);
	hooks_put_prev(&h, 0, 1, 200 * MS, 100 * MS);
	hooks_enqueue(&h, 0, 1, 200 * MS, ENQ_EXPIRED);
	assert_ptr_equal(hooks_pick(&h, 0, 200 * MS, NULL), A);
	hooks_put_prev(&h, 0, 0, 210 * MS, 10 * MS);
	hooks_enqueue(&h, 0, 0, 210 * MS, ENQ_EXPIRED);

	hooks_enqueue(&h, 1, 2, 200 * MS, ENQ_NEW);
	assert_ptr_equal(hooks_pick(&h, 1, 200 * MS, NULL), C);
	hooks_put_prev(&h, 1, 2, 210 * MS, 10 * MS);
	hooks_enqueue(&h, 1, 2, 210 * MS, ENQ_EXPIRED);

	hooks_dequeue(&h, 0, 0, now, DEQ_MIGRATE);
	hooks_enqueue(&h, 1, 0, now, ENQ_MIGRATED);
	for (int i = 0; i < 3; i++) {
		struct task *t = hooks_pick(&h, 1, now, NULL);

		assert_non_null(t);
		g_string_append(order, t == A ? "A" : t == C ? "C" : "?");
		hooks_put_prev(&h, 1, (int)t->id, now + 10 * MS, 10 * MS);
		now += 10 * MS;
		hooks_enqueue(&h, 1, (int)t->id, now, ENQ_EXPIRED);
	}
	assert_string_equal(order->str, "CAC");
	/* Queue 0 goes on with B alone. */
	assert_ptr_equal(hooks_pick(&h, 0, 210 * MS, NULL), B);
	hooks_free(&h);
}

/*
 * The explanation of a pick made by the skip buddy says so. One CPU, 250 Hz
 * ticks: A and B arrive at 0; A (min_vruntime + its 6 ms slice alone:
 * 5999998 ns) starts ahead of B (A's vruntime + 3 ms: 8999996 ns), runs
 * 2.5 ms (vruntime 8.50 ms) and yields. Still the leftmost, it is the skip
 * buddy, and B is 0.5 ms behind it, within the 1 ms wakeup granularity, so
 * B runs: not the lowest vruntime.
 */
static void test_cfs_explain_names_the_skip_buddy(void **state)
{
	struct collect c = collect_start();
	struct record_sink sink = { .emit = collect_emit, .ctx = &c, .want_why = true };
	struct run_result r;

	run_with(NULL,
		 "[scenario]\npolicy = cfs\n[task A]\nprogram = cpu 2.5; yield; cpu 1\n"
		 "[task B]\nburst = 1\n",
		 NULL, &sink, &r);
	g_string_truncate(c.order, strlen("A B"));
	assert_string_equal(c.order->str, "A B");
	assert_true(c.whys->len >= 2);
	assert_null(strstr(g_ptr_array_index(c.whys, 1), "lowest vruntime 9.00 ms"));
	assert_non_null(strstr(g_ptr_array_index(c.whys, 1), "skip buddy"));
	collect_clear(&c);
	run_result_clear(&r);
}

/*
 * Stride, one CPU, quantum 10 ms: A (100 tickets, stride 100) runs
 * cpu 20; yield; cpu 10 and B (100 tickets) arrives at 20 ms, the instant
 * A yields. A ran 0-20 (pass 200) and, yielding, is still present: B joins
 * at the lowest pass present, 200, and the tie goes to the earlier arrival,
 * A, which ends at 30; B runs 30-40. (Placed as if A were gone, B would
 * join at pass 0 and run first.)
 */
static void test_stride_yielder_counts_as_present_for_a_newcomer(void **state)
{
	struct run_result r;

	run_text("[scenario]\npolicy = stride\n[stride]\nquantum = 10\n"
		 "[task A]\nprogram = cpu 20; yield; cpu 10\n"
		 "[task B]\narrival = 20\nburst = 10\n",
		 NULL, &r);
	assert_int_equal(r.tasks[0].completion, 30 * MS);
	assert_int_equal(r.tasks[1].completion, 40 * MS);
	run_result_clear(&r);
}

/*
 * A tick that takes a task off says why in the policy's words. MLFQ, boost
 * every 50 ms: A (cpu 100) is at level 2, 8 ms into its 10 ms quantum, at
 * the boost at 100 ms; it is taken off for the boost (rule 5), not for a
 * used-up quantum, and picked again at level 0.
 */
static void test_mlfq_boost_tick_is_explained_as_a_boost(void **state)
{
	struct collect c = collect_start();
	struct record_sink sink = { .emit = collect_emit, .ctx = &c, .want_why = true };
	struct run_result r;
	const char *at100 = NULL;

	run_with(NULL,
		 "[scenario]\npolicy = mlfq\n[mlfq]\nlevels = 3\nquantum = 10\n"
		 "allotment = 20\nboost = 50\n[task A]\nburst = 100\n"
		 "[task B]\narrival = 25\nprogram = cpu 3; io 5; cpu 3; io 5; cpu 3; io 5; cpu 3\n",
		 NULL, &sink, &r);
	for (guint i = 0; i < c.expires->len; i++)
		if (g_str_has_prefix(g_ptr_array_index(c.expires, i), "100000000 A: "))
			at100 = g_ptr_array_index(c.expires, i);
	assert_non_null(at100);
	assert_null(strstr(at100, "slice used up"));
	assert_non_null(strstr(at100, "priority boost at 100.00 ms (rule 5, every 50.00 ms)"));
	assert_int_equal(r.tasks[0].completion, 112 * MS);
	collect_clear(&c);
	run_result_clear(&r);
}

/*
 * Priority with preemptive aging, one step per 2 ms: Hi (priority 1, cpu
 * 20) runs; Lo (priority 5, cpu 3) waits, and at 10 ms has aged 5 steps to
 * 0, more urgent than Hi's 1: the tick takes Hi off for Lo's aging (Hi has
 * no slice to use up).
 */
static void test_prio_aging_tick_names_the_aged_task(void **state)
{
	struct collect c = collect_start();
	struct record_sink sink = { .emit = collect_emit, .ctx = &c, .want_why = true };
	struct run_result r;

	run_with(NULL,
		 "[scenario]\npolicy = prio\n[prio]\npreemptive = true\naging = 2\n"
		 "[task Hi]\npriority = 1\nburst = 20\n[task Lo]\npriority = 5\nburst = 3\n",
		 NULL, &sink, &r);
	assert_true(c.expires->len >= 1);
	assert_string_equal(
		g_ptr_array_index(c.expires, 0),
		"10000000 Hi: prio: Lo, priority 5 aged 5 steps to 0 by its wait "
		"(one per 2.00 ms), is now more urgent than its priority 1 (low-first)");
	assert_non_null(strstr(g_ptr_array_index(c.whys, 1), "aged 5 steps to 0"));
	collect_clear(&c);
	run_result_clear(&r);
}

/*
 * CFS at 1000 Hz, wakeup_granularity 10 ms (no wakeup preemption), A and C
 * always runnable, B sleeps 30.2 ms after 1 ms of CPU. Two nice-0 tasks
 * have a slice of 6 ms * 1024 / 2048 in the kernel's fixed point, 2999998
 * ns: a run of 3 ms is more than that, which the tick says in ns, the two
 * decimals showing both as 3.00 ms. B wakes at 33.2 ms at min_vruntime
 * (23.20 ms) - 3 ms; at the tick of 34 ms A (vruntime 24.00 ms) has run
 * 1 ms, past min_granularity, and leads B by 3.80 ms, more than its 2 ms
 * slice of three tasks: check_preempt_tick()'s second test.
 */
static void test_cfs_tick_says_which_test_took_the_task_off(void **state)
{
	struct collect c = collect_start();
	struct record_sink sink = { .emit = collect_emit, .ctx = &c, .want_why = true };
	struct run_result r;
	bool ran = false, lead = false;

	run_with(NULL,
		 "[scenario]\npolicy = cfs\n[cfs]\nwakeup_granularity = 10\ntick_hz = 1000\n"
		 "scale = none\n[task A]\nburst = 60\n[task C]\nburst = 60\n"
		 "[task B]\nprogram = cpu 1; sleep 30.2; cpu 5\n",
		 NULL, &sink, &r);
	for (guint i = 0; i < c.expires->len; i++) {
		const char *e = g_ptr_array_index(c.expires, i);

		if (!strcmp(e, "6000000 A: cfs: tick: it ran 3.00 ms since it was picked, more "
			       "than its slice 3.00 ms (3000000 ns > 2999998 ns)"))
			ran = true;
		if (!strcmp(e, "34000000 A: cfs: tick: its vruntime leads the leftmost task's by "
			       "3.80 ms, more than its slice 2.00 ms"))
			lead = true;
		assert_null(strstr(e, "slice used up"));
	}
	assert_true(ran);
	assert_true(lead);
	collect_clear(&c);
	run_result_clear(&r);
}

/*
 * A CFS pick names the task that comes next and, when two decimals show
 * their vruntimes equal, what tells them apart. OSTEP's nice -5 and nice 0
 * jobs (latency 48 ms, HRTICK): after A's first slice of 36.14 ms A's
 * vruntime is 15748798 + 11858138 ns, B's 15748798 + 11858139 ns (its
 * debit): A runs again for 1 ns. Two sleepers that wake at the same instant
 * (min_vruntime - latency / 2) are equal: the one queued first goes first.
 */
static void test_cfs_explain_names_the_next_task_and_its_vruntime(void **state)
{
	struct collect c = collect_start();
	struct record_sink sink = { .emit = collect_emit, .ctx = &c, .want_why = true };
	struct run_result r;
	bool tie = false;

	run_with(SRCDIR "/scenarios/textbook/ostep-cfs.ini", NULL, NULL, &sink, &r);
	assert_true(c.whys->len >= 3);
	assert_non_null(strstr(g_ptr_array_index(c.whys, 0), "), then B at 27.61 ms; "));
	assert_non_null(strstr(g_ptr_array_index(c.whys, 1),
			       "lowest vruntime 27.61 ms (min_vruntime 27.61 ms), then B at "
			       "27.61 ms (27606936 ns < 27606937 ns); "));
	g_ptr_array_set_size(c.whys, 0);
	run_result_clear(&r);

	run_with(NULL,
		 "[scenario]\npolicy = cfs\n[cfs]\ntick_hz = 0\nscale = none\n"
		 "[task C]\nburst = 100\n[task A]\nprogram = sleep 50; cpu 1\n"
		 "[task B]\nprogram = sleep 50; cpu 1\n",
		 NULL, &sink, &r);
	for (guint i = 0; i < c.whys->len; i++)
		if (strstr(g_ptr_array_index(c.whys, i),
			   "lowest vruntime 53.00 ms (min_vruntime 56.00 ms), then B at 53.00 ms, "
			   "equal: the one queued first goes first; "))
			tie = true;
	assert_true(tie);
	collect_clear(&c);
	run_result_clear(&r);
}

/*
 * A task running at a priority it inherited says so. Priority inheritance
 * (scenarios/sync/priority-inheritance.ini): L (priority 3) holds the lock
 * H (priority 1) blocks on at 1 ms, and runs on at priority 1; at 15 ms,
 * after the unlock, it runs at its own 3 again.
 */
static void test_prio_explain_says_a_priority_is_inherited(void **state)
{
	struct collect c = collect_start();
	struct record_sink sink = { .emit = collect_emit, .ctx = &c, .want_why = true };
	struct run_result r;

	run_with(SRCDIR "/scenarios/sync/priority-inheritance.ini", NULL, NULL, &sink, &r);
	assert_string_equal(c.order->str, "L H L H M L");
	assert_null(strstr(g_ptr_array_index(c.whys, 0), "inherited"));
	assert_non_null(strstr(g_ptr_array_index(c.whys, 2),
			       "priority 1 (low-first), inherited from a task waiting for a lock "
			       "it holds (its own is 3)"));
	assert_null(strstr(g_ptr_array_index(c.whys, 5), "inherited"));
	collect_clear(&c);
	run_result_clear(&r);
}

/*
 * A pick among tasks of equal key says how the tie went: Tanenbaum's SJF
 * (B, C, D of 4 and A of 8, all at 0) runs B before C by the order of the
 * file; OSTEP's stride table starts A before B at pass 0 likewise; in SJF,
 * B (2 ms, at 1 ms) goes before C (2 ms, at 2 ms) as it arrived earlier.
 */
static void test_keyed_policies_explain_how_a_tie_went(void **state)
{
	struct collect c = collect_start();
	struct record_sink sink = { .emit = collect_emit, .ctx = &c, .want_why = true };
	struct run_result r;

	run_with(SRCDIR "/scenarios/textbook/tanenbaum-sjf.ini", NULL, NULL, &sink, &r);
	assert_non_null(strstr(g_ptr_array_index(c.whys, 0),
			       "(3 waiting); ties with C, which arrived at the same time but "
			       "comes later in the file; runs until it blocks"));
	assert_null(strstr(g_ptr_array_index(c.whys, 3), "ties"));
	g_ptr_array_set_size(c.whys, 0);
	run_result_clear(&r);

	run_with(SRCDIR "/scenarios/textbook/ostep-stride.ini", NULL, NULL, &sink, &r);
	assert_non_null(strstr(g_ptr_array_index(c.whys, 0), "lowest pass 0 "));
	assert_non_null(strstr(g_ptr_array_index(c.whys, 0), "; ties with B, which arrived"));
	assert_null(strstr(g_ptr_array_index(c.whys, 2), "ties"));
	g_ptr_array_set_size(c.whys, 0);
	run_result_clear(&r);

	run_with(NULL,
		 "[scenario]\npolicy = sjf\n[task A]\nburst = 5\n[task B]\narrival = 1\n"
		 "burst = 2\n[task C]\narrival = 2\nburst = 2\n",
		 NULL, &sink, &r);
	assert_non_null(
		strstr(g_ptr_array_index(c.whys, 1), "; ties with C, which arrived later;"));
	collect_clear(&c);
	run_result_clear(&r);
}

/*
 * HRRN names the ratio its pick beat (Stallings 9.2): at 9, C's 2.25 beats
 * D's (3 + 5) / 5 = 1.60 (and E's 1.50); at 13, E's 3.50 beats D's
 * (7 + 5) / 5 = 2.40. Two tasks of 3 ms ready at 0 both have ratio 1: the
 * tie goes by the order of the file.
 */
static void test_hrrn_explains_the_ratio_it_beat(void **state)
{
	struct collect c = collect_start();
	struct record_sink sink = { .emit = collect_emit, .ctx = &c, .want_why = true };
	struct run_result r;

	run_with(SRCDIR "/scenarios/textbook/stallings-hrrn.ini", NULL, NULL, &sink, &r);
	assert_int_equal(c.whys->len, 5);
	assert_non_null(
		strstr(g_ptr_array_index(c.whys, 2),
		       "; next best D at 1.60 = (wait 3.00 ms + service 5.00 ms) / service"));
	assert_non_null(
		strstr(g_ptr_array_index(c.whys, 3),
		       "; next best D at 2.40 = (wait 7.00 ms + service 5.00 ms) / service"));
	assert_null(strstr(g_ptr_array_index(c.whys, 4), "next"));
	g_ptr_array_set_size(c.whys, 0);
	run_result_clear(&r);

	run_with(NULL, "[scenario]\npolicy = hrrn\n[task A]\nburst = 3\n[task B]\nburst = 3\n",
		 NULL, &sink, &r);
	assert_non_null(strstr(g_ptr_array_index(c.whys, 0),
			       "; ties with B, which arrived at the same time but comes later in "
			       "the file"));
	collect_clear(&c);
	run_result_clear(&r);
}

/*
 * lottery lists the ranges the other ready tasks held at the draw. OSTEP
 * ch. 9.1: A holds 75 tickets and B 25; in the line A then B, A holds 0-74
 * and B 75-99, whichever wins. Twelve tasks of 10 tickets: the winner's
 * range, eight others, "and 3 more".
 */
static void test_lottery_explain_lists_the_others_ranges(void **state)
{
	struct collect c = collect_start();
	struct record_sink sink = { .emit = collect_emit, .ctx = &c, .want_why = true };
	struct run_result r;
	const char *first;

	run_with(NULL,
		 "[scenario]\npolicy = lottery\n[task A]\ntickets = 75\nburst = 30ms\n"
		 "[task B]\ntickets = 25\nburst = 30ms\n",
		 NULL, &sink, &r);
	first = g_ptr_array_index(c.whys, 0);
	if (strstr(first, "winner holds 0-74"))
		assert_non_null(strstr(first, "(75 tickets, 75.0% chance); the others: B 75-99"));
	else
		assert_non_null(strstr(first, "winner holds 75-99 (25 tickets, 25.0% chance); "
					      "the others: A 0-74"));
	/* alone at the end: no others */
	assert_null(strstr(g_ptr_array_index(c.whys, c.whys->len - 1), "others"));
	g_ptr_array_set_size(c.whys, 0);
	run_result_clear(&r);

	run_with(NULL,
		 "[scenario]\npolicy = lottery\n[group w]\ncount = 12\ntickets = 10\n"
		 "burst = 10ms\n",
		 NULL, &sink, &r);
	first = g_ptr_array_index(c.whys, 0);
	assert_non_null(strstr(first, "of 120; winner holds "));
	assert_non_null(strstr(first, " and 3 more"));
	/* eight listed: seven commas between them */
	{
		const char *others = strstr(first, "the others: ");
		unsigned commas = 0;

		assert_non_null(others);
		for (const char *p = others; *p; p++)
			commas += *p == ',';
		assert_int_equal(commas, 7);
	}
	/* w[0] holds 0-9 unless it won; the eighth listed ends the list */
	assert_true(strstr(first, "the others: w[0] 0-9, w[1] 10-19") ||
		    strstr(first,
			   "winner holds 0-9 (10 tickets, 8.3% chance); the others: w[1] 10-19"));
	collect_clear(&c);
	run_result_clear(&r);
}

/*
 * prio says when its pick tied: Silberschatz's priority with round robin
 * (quantum 2): P2 and P3 share priority 2, and take turns; P4, alone at
 * priority 1, ties with nobody.
 */
static void test_prio_explain_names_a_task_of_equal_priority(void **state)
{
	struct collect c = collect_start();
	struct record_sink sink = { .emit = collect_emit, .ctx = &c, .want_why = true };
	struct run_result r;

	run_with(SRCDIR "/scenarios/textbook/silberschatz-priority-rr.ini", NULL, NULL, &sink, &r);
	g_string_truncate(c.order, strlen("P4 P4 P4 P4 P2 P3"));
	assert_string_equal(c.order->str, "P4 P4 P4 P4 P2 P3");
	assert_null(strstr(g_ptr_array_index(c.whys, 0), "ties"));
	assert_non_null(strstr(g_ptr_array_index(c.whys, 4),
			       "; ties with P3, which is behind it in its level's line; turn"));
	assert_non_null(strstr(g_ptr_array_index(c.whys, 5), "; ties with P2, which is behind"));
	collect_clear(&c);
	run_result_clear(&r);
}

/* EEVDF at request ends (tick_hz 0), base_slice 3 ms: A at nice -5, B at 0, C at 5 from 1 ms. */
static const char eevdf_abc_text[] = "[scenario]\npolicy = eevdf\n[eevdf]\ntick_hz = 0\n"
				     "base_slice = 3\n[task A]\nburst = 20\nnice = -5\n"
				     "[task B]\nburst = 20\n[task C]\narrival = 1\nburst = 20\n"
				     "nice = 5\n";

/*
 * EEVDF decided at request ends (tick_hz 0), base_slice 3 ms: A (nice -5,
 * weight 3121) starts with half a request, a deadline 3 ms * 1024 / 3121 / 2
 * = 492.15 us of vruntime ahead: 1.5 ms of wall time. C's arrival at 1 ms
 * cuts A's run in two, each piece's vruntime rounded down, so that at
 * 1.5 ms A is a few ns short of its deadline. Its request is over all the
 * same: A is never picked for those few ns, and no run is shorter than
 * 1 ms.
 */
static void test_eevdf_request_cut_by_an_arrival_ends_at_its_end(void **state)
{
	struct collect c = collect_start();
	struct record_sink sink = { .emit = collect_emit, .ctx = &c, .want_why = true };
	struct run_result r;

	run_with(NULL, eevdf_abc_text, NULL, &sink, &r);
	g_string_truncate(c.order, strlen("A B A C A"));
	assert_string_equal(c.order->str, "A B A C A");
	assert_true(
		g_str_has_suffix(g_ptr_array_index(c.expires, 0), " A: slice used up: 1.50 ms"));
	for (guint i = 0; i < c.expires->len; i++) {
		assert_false(g_str_has_suffix(g_ptr_array_index(c.expires, i), " ns"));
		assert_false(g_str_has_suffix(g_ptr_array_index(c.expires, i), " us"));
	}
	collect_clear(&c);
	run_result_clear(&r);
}

/*
 * An EEVDF pick names the task of an earlier deadline that it passed over,
 * and why: not eligible. tick_hz 0, base_slice 3 ms: at 1.5 ms A (nice -5)
 * has run its first half request, vruntime 492.15 us, deadline 492.15 us +
 * 3 ms * 1024 / 3121 = 1.48 ms; B (nice 0) has 0 and 1.50 ms; C (nice 5)
 * arrived at 1 ms at V = 247.04 us. V = (492.15 * 3121 + 0 * 1024 + 247.04
 * * 335) / 4480 = 361.33 us: A is ahead of it, B is picked. In the 6.18
 * golden of Stallings' five processes, B and C tie at 4.70 ms at 8 ms.
 */
static void test_eevdf_explain_names_an_earlier_deadline_not_eligible(void **state)
{
	struct collect c = collect_start();
	struct record_sink sink = { .emit = collect_emit, .ctx = &c, .want_why = true };
	struct run_result r;

	run_with(NULL, eevdf_abc_text, NULL, &sink, &r);
	assert_non_null(
		strstr(g_ptr_array_index(c.whys, 1),
		       "earliest eligible deadline 1.50 ms (vruntime 0 ns <= V 361.33 us, "
		       "lag 361.33 us); 3 runnable; request 3.00 ms; A's deadline 1.48 ms "
		       "is earlier but it is not eligible (vruntime 492.15 us > V 361.33 us, "
		       "lag -130.82 us)"));
	assert_null(strstr(g_ptr_array_index(c.whys, 2), "eligible ("));
	collect_clear(&c);
	run_result_clear(&r);
}

/*
 * RR says which of an arrival and an expiry at one instant went first:
 * Stallings' RR q = 1, B arrives at 2 as A's quantum ends; with new_first
 * (Stallings' convention) B runs first, without it A does.
 */
static void test_rr_explains_an_arrival_at_an_expiry(void **state)
{
	static const char *const old_first[] = { "rr.new_first=false", NULL };
	struct collect c = collect_start();
	struct record_sink sink = { .emit = collect_emit, .ctx = &c, .want_why = true };
	struct run_result r;

	run_with(SRCDIR "/scenarios/textbook/stallings-rr-q1.ini", NULL, NULL, &sink, &r);
	assert_non_null(strstr(g_ptr_array_index(c.whys, 2),
			       "; it became ready as A's quantum ended, and goes first "
			       "(new_first = true)"));
	assert_null(strstr(g_ptr_array_index(c.whys, 1), "new_first"));
	assert_null(strstr(g_ptr_array_index(c.whys, 3), "new_first"));
	g_ptr_array_set_size(c.whys, 0);
	run_result_clear(&r);

	run_with(SRCDIR "/scenarios/textbook/stallings-rr-q1.ini", NULL, old_first, &sink, &r);
	assert_non_null(strstr(g_ptr_array_index(c.whys, 2),
			       "; its quantum ended as B became ready, and it goes first "
			       "(new_first = false)"));
	collect_clear(&c);
	run_result_clear(&r);
}

/*
 * A preemption says by whom and why, in the policy's words: SRTF
 * (Silberschatz 5.3.3: P2, 4 ms, arrives at 1 as P1 has 7 left), priority
 * inheritance's H over L, MLFQ's newcomer at the top level over a task at
 * level 1, CFS's sleeper 3 ms of vruntime behind (more than the 1 ms
 * wakeup granularity), and EEVDF's newcomer of the earlier deadline
 * (Stallings' B at 2 ms: 2.35 ms before A's 2.70 ms).
 */
static const char *const eevdf_sets[] = { "scenario.policy=eevdf", NULL };

static void test_preemptions_are_explained(void **state)
{
	static const struct {
		const char *path, *text, *const *sets, *want;
	} cases[] = {
		{ SRCDIR "/scenarios/textbook/silberschatz-srtf.ini", NULL, NULL,
		  "1000000 P1: srtf: P2 needs 4.00 ms, less than the 7.00 ms P1 has left" },
		{ SRCDIR "/scenarios/sync/priority-inheritance.ini", NULL, NULL,
		  "1000000 L: prio: H's priority 1 is more urgent than its 3 (low-first)" },
		{ NULL,
		  "[scenario]\npolicy = mlfq\n[mlfq]\nquantum = 10\n[task A]\nburst = 30\n"
		  "[task B]\narrival = 15\nburst = 1\n",
		  NULL, "15000000 A: mlfq: B is ready at level 0, above its level 1" },
		{ NULL,
		  "[scenario]\npolicy = cfs\n[cfs]\ntick_hz = 0\nscale = none\n"
		  "[task C]\nburst = 100\n[task A]\nprogram = sleep 50; cpu 1\n",
		  NULL,
		  "50000000 C: cfs: A's vruntime 53.00 ms is 3.00 ms behind its 56.00 ms, more "
		  "than the wakeup granularity 1.00 ms" },
		{ SRCDIR "/scenarios/textbook/stallings-fcfs.ini", NULL, eevdf_sets,
		  "2000000 A: eevdf: B would be picked now: eligible, deadline 2.35 ms before its "
		  "2.70 ms" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct collect c = collect_start();
		struct record_sink sink = { .emit = collect_emit, .ctx = &c, .want_why = true };
		struct run_result r;

		run_with(cases[i].path, cases[i].text, cases[i].sets, &sink, &r);
		assert_true(c.preempts->len >= 1);
		assert_string_equal(g_ptr_array_index(c.preempts, 0), cases[i].want);
		collect_clear(&c);
		run_result_clear(&r);
	}
}

/*
 * MLFQ says when a pick follows a demotion, or a demotion that did not
 * happen: in Stallings' feedback q = 1 (demote_alone = false), A, alone at
 * 1 ms, stays at level 0; at 2 ms B has arrived, and A goes down to level
 * 1, where it runs at 3 ms.
 */
static void test_mlfq_explain_says_why_the_level_changed_or_not(void **state)
{
	struct collect c = collect_start();
	struct record_sink sink = { .emit = collect_emit, .ctx = &c, .want_why = true };
	struct run_result r;

	run_with(SRCDIR "/scenarios/textbook/stallings-feedback-q1.ini", NULL, NULL, &sink, &r);
	g_string_truncate(c.order, strlen("A A B A"));
	assert_string_equal(c.order->str, "A A B A");
	assert_null(strstr(g_ptr_array_index(c.whys, 0), "allotment but"));
	assert_non_null(strstr(g_ptr_array_index(c.whys, 1),
			       "level 0 of 5 (0 behind it); quantum left 1.00 ms, allotment left "
			       "1.00 ms; it used up its allotment but stays at its level, as no "
			       "other task was ready (demote_alone = false)"));
	assert_non_null(
		strstr(g_ptr_array_index(c.whys, 3),
		       "head of level 1 of 5 (1 behind it); quantum left 1.00 ms, allotment "
		       "left 1.00 ms; demoted from level 0 when it used up its allotment "
		       "there (rule 4)"));
	assert_null(strstr(g_ptr_array_index(c.whys, 2), "demoted"));
	collect_clear(&c);
	run_result_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sjf_silberschatz_average_waiting_is_7ms),
		cmocka_unit_test(test_srtf_silberschatz_average_waiting_is_6_5ms),
		cmocka_unit_test(test_srtf_equal_remaining_does_not_preempt),
		cmocka_unit_test(test_prio_silberschatz_average_waiting_is_8_2ms),
		cmocka_unit_test(test_prio_high_first_runs_the_largest_number_first),
		cmocka_unit_test(test_prio_rr_silberschatz_gantt_chart),
		cmocka_unit_test(test_prio_preemptive_preempts_only_for_more_urgent),
		cmocka_unit_test(test_prio_aging_lets_a_starved_task_run),
		cmocka_unit_test(test_exp_avg_predictions_follow_silberschatz_figure),
		cmocka_unit_test(test_sjf_exp_avg_explains_each_guess),
		cmocka_unit_test(test_stallings_table_9_5),
		cmocka_unit_test(test_mlfq_stallings_conventions_change_the_answer),
		cmocka_unit_test(test_sjf_tanenbaum_and_ostep),
		cmocka_unit_test(test_lrtf_takes_turns_at_equal_remaining_times),
		cmocka_unit_test(test_ljf_runs_the_longest_first),
		cmocka_unit_test(test_hrrn_explains_the_ratio),
		cmocka_unit_test(test_stride_ostep_run_order),
		cmocka_unit_test(test_stride_shares_are_exact),
		cmocka_unit_test(test_stride_newcomer_joins_at_the_lowest_pass_present),
		cmocka_unit_test(test_lottery_is_deterministic_and_proportional),
		cmocka_unit_test(test_lottery_explain_lists_the_others_ranges),
		cmocka_unit_test(test_cfs_calc_delta_worked_numbers),
		cmocka_unit_test(test_cfs_nice_0_vs_5_share_within_1_percent),
		cmocka_unit_test(test_cfs_slices_are_quantized_to_ticks),
		cmocka_unit_test(test_cfs_ostep_example_slices),
		cmocka_unit_test(test_cfs_waking_sleeper_preempts),
		cmocka_unit_test(test_cfs_child_starts_at_its_parents_vruntime),
		cmocka_unit_test(test_eevdf_alternates_requests_of_base_slice),
		cmocka_unit_test(test_eevdf_lag_survives_sleep),
		cmocka_unit_test(test_eevdf_yield_alone_does_not_push_the_deadline),
		cmocka_unit_test(test_eevdf_sleeper_comes_back_at_lag_zero_since_6_12),
		cmocka_unit_test(test_eevdf_short_sleeper_waits_n_times_its_cpu),
		cmocka_unit_test(test_eevdf_delayed_sleeper_wakes_on_its_own_cpu),
		cmocka_unit_test(test_eevdf_request_end_inverts_calc_delta_fair_exactly),
		cmocka_unit_test(test_eevdf_largest_base_slice_with_extreme_nice_values),
		cmocka_unit_test(test_eevdf_key_times_load_beyond_64_bits),
		cmocka_unit_test(test_balance_rotates_three_loops_on_two_cpus),
		cmocka_unit_test(test_mlfq_equals_ostep_mlfq_py),
		cmocka_unit_test(test_mlfq_io_reset_charges_a_quantum_that_ends_with_the_io),
		cmocka_unit_test(test_mlfq_demote_alone_false_keeps_a_lone_task_up),
		cmocka_unit_test(test_cfs_sleeper_waking_at_a_slice_end_sees_the_expiring_task),
		cmocka_unit_test(test_eevdf_arrival_at_a_request_end_sees_the_expiring_task),
		cmocka_unit_test(test_eevdf_migration_keeps_the_relative_deadline),
		cmocka_unit_test(test_stride_migration_keeps_the_distance_to_the_lowest_pass),
		cmocka_unit_test(test_cfs_explain_names_the_skip_buddy),
		cmocka_unit_test(test_cfs_explain_names_the_next_task_and_its_vruntime),
		cmocka_unit_test(test_mlfq_boost_tick_is_explained_as_a_boost),
		cmocka_unit_test(test_prio_aging_tick_names_the_aged_task),
		cmocka_unit_test(test_prio_explain_says_a_priority_is_inherited),
		cmocka_unit_test(test_keyed_policies_explain_how_a_tie_went),
		cmocka_unit_test(test_hrrn_explains_the_ratio_it_beat),
		cmocka_unit_test(test_prio_explain_names_a_task_of_equal_priority),
		cmocka_unit_test(test_eevdf_request_cut_by_an_arrival_ends_at_its_end),
		cmocka_unit_test(test_eevdf_explain_names_an_earlier_deadline_not_eligible),
		cmocka_unit_test(test_rr_explains_an_arrival_at_an_expiry),
		cmocka_unit_test(test_preemptions_are_explained),
		cmocka_unit_test(test_mlfq_explain_says_why_the_level_changed_or_not),
		cmocka_unit_test(test_cfs_tick_says_which_test_took_the_task_off),
		cmocka_unit_test(test_stride_yielder_counts_as_present_for_a_newcomer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
