/*
 * report.h - turning a run's results into text.
 *
 * The reporters read a run_result (result.h) and the record stream
 * (record.h), nothing else. Output is appended to a GString so that the
 * caller decides where it goes and a failed run never half-writes a file.
 *
 * Times are shown in the scenario's time unit in the table, in integer ns
 * in CSV and JSON. Nothing here depends on hash-table order or pointers.
 */
#ifndef SCHEDLAB_REPORT_H
#define SCHEDLAB_REPORT_H

#include <glib.h>

#include "sched/record.h"
#include "sched/result.h"

/* Latency percentiles and averages over the finished tasks. */
struct summary {
	uint32_t completed; /* tasks finished */
	sim_time_t makespan;
	double throughput_per_s; /* completions per simulated second */
	double cpu_utilization;	 /* busy / (end * ncpus), 0..1 */
	uint64_t context_switches;
	uint64_t voluntary, involuntary;
	double avg_turnaround_ns, avg_waiting_ns, avg_response_ns;
	double avg_normalized_turnaround; /* turnaround / cpu time */
	uint64_t tlb_flushes;
	sim_time_t tlb_refill_ns;
	uint64_t migrations;	 /* tasks moved between CPUs by balancing */
	uint64_t remote_wakeups; /* wakeups onto another CPU than the last one */
	sim_time_t switch_ns;	 /* all CPUs' time paying switch costs */
	/* turnaround percentiles from a log-bucketed histogram (histogram.h) */
	sim_time_t p50, p90, p99, p999, max;
};

void summary_compute(const struct run_result *r, struct summary *s);

/* Per-task rows (up to REPORT_TABLE_MAX_ROWS, then a note) and a summary. */
#define REPORT_TABLE_MAX_ROWS 100
void report_table(const struct run_result *r, GString *out);
/* One header line and one row per task, then no summary: machine-readable. */
void report_csv(const struct run_result *r, GString *out);
/* Can files be created in dir? Tried with a temporary file (access(2) says
 * yes to root even where the file system says no); false with errno set. */
bool report_dir_writable(const char *dir);

/* One CSV field, quoted per RFC 4180 when it holds a comma, a quote, a line
 * break, or spaces at either end. */
void report_csv_field(GString *out, const char *s);
/* One JSON object with exactly the contract's keys (DESIGN.md 8). */
void report_json(const struct run_result *r, GString *out);

/*
 * --explain: a sink that appends one line per record to `out`:
 *   "   4.00 ms  cpu0  dispatch  P2    rr: head of the ready queue ..."
 */
struct explain;
struct explain *explain_new(GString *out, sim_time_t unit);
void explain_free(struct explain *x);
struct record_sink explain_sink(struct explain *x);

/*
 * --gantt: a sink that collects run intervals, then draws one lane per CPU in
 * ASCII. Refuses (returns false with a message in out) above
 * GANTT_MAX_TASKS tasks.
 */
#define GANTT_MAX_TASKS 60
struct gantt;
struct gantt *gantt_new(uint32_t ncpus, sim_time_t unit);
void gantt_free(struct gantt *g);
struct record_sink gantt_sink(struct gantt *g);
bool gantt_render(const struct gantt *g, const struct run_result *r, GString *out);

/* Fan one record out to several sinks (explain, gantt, trace, plots together). */
struct record_tee {
	struct record_sink sinks[8];
	unsigned n;
};
struct record_sink record_tee_sink(struct record_tee *tee);

#endif
