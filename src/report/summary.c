/*
 * summary.c - the run's figures of merit (DESIGN.md 7) from its results.
 *
 * turnaround = completion - arrival, waiting = time READY, response = first
 * run - arrival; averages are over the completed tasks only (an unfinished
 * task has no turnaround, and averaging its partial waiting with finished
 * ones would mix two populations). Normalized turnaround is turnaround / CPU
 * time, averaged over the completed tasks that used the CPU at all.
 *
 * Determinism: every sum is taken in integers (128 bits, so no run can
 * overflow it) and divided once at the end; the only floating-point sum,
 * of the normalized turnarounds, runs in task id order.
 */
#include <string.h>

#include <glib.h>

#include "report/histogram.h"
#include "report/report.h"

/* An unsigned 128-bit accumulator: sums of up to 2^32 values of 2^63. */
struct acc {
	uint64_t hi, lo;
};

static void acc_add(struct acc *a, uint64_t v)
{
	a->lo += v;
	if (a->lo < v)
		a->hi++;
}

static double acc_value(const struct acc *a)
{
	return (double)a->hi * 18446744073709551616.0 + (double)a->lo;
}

static double acc_mean(const struct acc *a, uint64_t n)
{
	return n ? acc_value(a) / (double)n : 0.0;
}

void summary_compute(const struct run_result *r, struct summary *s)
{
	struct acc turnaround = { 0 }, waiting = { 0 }, response = { 0 }, busy = { 0 };
	double normalized = 0.0;
	uint32_t nnormalized = 0, nresponse = 0;
	struct hist *h = g_new(struct hist, 1);

	memset(s, 0, sizeof(*s));
	hist_init(h);
	s->makespan = r->makespan;
	for (uint32_t i = 0; i < r->ntasks; i++) {
		const struct task_result *t = &r->tasks[i];
		sim_time_t ta;

		s->voluntary += t->voluntary;
		s->involuntary += t->involuntary;
		if (t->completion == SIM_TIME_NONE)
			continue;
		s->completed++;
		ta = t->completion - t->arrival;
		acc_add(&turnaround, (uint64_t)ta);
		acc_add(&waiting, (uint64_t)t->waiting);
		if (t->first_run != SIM_TIME_NONE) {
			acc_add(&response, (uint64_t)(t->first_run - t->arrival));
			nresponse++; /* a task may exit without ever running */
		}
		if (t->cpu > 0) {
			normalized += (double)ta / (double)t->cpu;
			nnormalized++;
		}
		hist_add(h, ta);
	}
	s->context_switches = s->voluntary + s->involuntary;
	s->avg_turnaround_ns = acc_mean(&turnaround, s->completed);
	s->avg_waiting_ns = acc_mean(&waiting, s->completed);
	s->avg_response_ns = acc_mean(&response, nresponse);
	s->avg_normalized_turnaround = nnormalized ? normalized / nnormalized : 0.0;

	for (uint32_t i = 0; i < r->ncpus; i++) {
		const struct cpu_result *c = &r->cpus[i];

		acc_add(&busy, (uint64_t)c->busy);
		s->switch_ns += c->switching;
		s->tlb_flushes += c->tlb_flushes;
		s->tlb_refill_ns += c->tlb_refill;
		s->migrations += c->migrations;
		s->remote_wakeups += c->remote_wakeups;
	}
	if (r->end > 0) {
		s->throughput_per_s = (double)s->completed * 1e9 / (double)r->end;
		if (r->ncpus)
			s->cpu_utilization = acc_value(&busy) / ((double)r->end * (double)r->ncpus);
	}

	s->p50 = hist_percentile(h, 500000);
	s->p90 = hist_percentile(h, 900000);
	s->p99 = hist_percentile(h, 990000);
	s->p999 = hist_percentile(h, 999000);
	s->max = hist_max(h);
	g_free(h);
}
