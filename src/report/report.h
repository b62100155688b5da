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

/*
 * A run's figures of merit (docs/output-format.md), from summary_compute(). Every
 * field that is shown anywhere has one line in the metric table below.
 */
struct summary {
	uint64_t tasks;	    /* tasks of the run, finished or not */
	uint64_t completed; /* tasks finished */
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
	uint64_t peak_memory;	 /* bytes */
	uint64_t events;	 /* engine events handled */
	bool horizon_hit;	 /* stopped by the horizon */
	/* turnaround percentiles from a log-bucketed histogram (histogram.h) */
	sim_time_t p50, p90, p99, p999, max;
	/*
	 * Execution models (src/runtime). The tasks above leave out the
	 * runtimes' own threads (event loops, pool workers, Go's Ms), whose
	 * switches still count; a request's latency is its turnaround.
	 */
	bool runtimes;		     /* the run had runtimes: their fields exist */
	bool served;		     /* ... and served requests: the request fields exist */
	uint64_t requests;	     /* requests that arrived at served groups */
	uint64_t requests_completed; /* ... served to the end */
	uint64_t requests_rejected;  /* ... turned away by a full queue */
	double request_throughput_per_s;
	sim_time_t rp50, rp90, rp99, rp999, rmax; /* request latency percentiles */
	uint64_t switches_process;		  /* kernel switches to another address space */
	uint64_t switches_thread;		  /* ... between threads of one */
	uint64_t switches_coroutine;		  /* user-level switches inside runtimes */
	/* Capacity planning: scheduling latency (READY until running, every
	 * time) percentiles, and whether the backlog grew through the second
	 * half of the run (summary_overloaded). */
	uint64_t latency_samples;
	sim_time_t lp50, lp90, lp99, lp999, lmax;
	bool overloaded;
	bool group; /* the figures of one group: the run-wide ones do not exist */
};

void summary_compute(const struct run_result *r, struct summary *s);
/* The figures of group gid (1 + its index in r->groups) alone; 0: the run's. */
void summary_compute_group(const struct run_result *r, uint32_t gid, struct summary *s);
/*
 * The run's figures and every group's (groups[i]: group i + 1's), as
 * summary_compute and summary_compute_group give them; the tasks are summed
 * once for a run whose tasks are all of its one group.
 */
void summary_compute_groups(const struct run_result *r, struct summary *run,
			    struct summary *groups);
/*
 * Whether the run is overloaded: the backlog that arrivals saw (tasks in the
 * system), averaged over each eighth of the window from the warm-up to the
 * last arrival, grows through the window's second half (each eighth above
 * the one before) and by a quarter and one task at least. Its percentiles
 * then measure how long a finite run takes to drain, not a steady state.
 */
bool summary_overloaded(const struct run_result *r);

/*
 * The metric table: one line per figure of merit, which the JSON summary, the
 * run's table, compare (table, CSV, JSON) and sweep (CSV) all iterate, so
 * that adding a metric is one line in summary.c and no output can name it
 * differently from another.
 *
 * The table's own order is the JSON contract's (keys are added at the end of
 * their object, never renamed). Each of the other views shows some of the
 * metrics in an order of its own, given by `at`.
 */
enum summary_kind {
	SUMMARY_COUNT,	  /* uint64_t: 17 */
	SUMMARY_OF_TASKS, /* uint64_t, a number of tasks: "3 of 5" in tables */
	SUMMARY_NS,	  /* sim_time_t: integer ns; tables in the time unit */
	SUMMARY_MEAN_NS,  /* double ns: rounded to the nearest ns in CSV and JSON */
	SUMMARY_RATIO,	  /* double: "%.6f"; tables "%.2f" */
	SUMMARY_SHARE,	  /* double in 0..1: "%.6f"; tables in percent, "%.1f %" */
	SUMMARY_PER_S,	  /* double per simulated second: "%.6f"; tables "/s" */
	SUMMARY_BYTES,	  /* uint64_t: integer bytes; tables "1.5 MiB" */
	SUMMARY_FLAG,	  /* bool: true or false */
	SUMMARY_LINE,	  /* no value of its own: a line of the run's table */
};

/* When a value exists; one that does not is null in JSON, "-" in tables and
 * an empty CSV field. A double that is not finite never exists. */
enum summary_exists {
	SUMMARY_ALWAYS,
	SUMMARY_IF_COMPLETED, /* means and percentiles: some task completed */
	SUMMARY_IF_POSITIVE,  /* 0 means that nothing was measured */
	SUMMARY_IF_REQUESTS,  /* request percentiles: some request completed */
	SUMMARY_IF_LATENCY,   /* scheduling latency: some task went from READY to running */
};

/* The views other than JSON, each with its own order. */
enum summary_view {
	SUMMARY_VIEW_TABLE,	    /* the summary block of `run`'s table */
	SUMMARY_VIEW_COMPARE_TABLE, /* the columns of `compare`'s table */
	SUMMARY_VIEW_COMPARE,	    /* compare's CSV columns and JSON keys */
	SUMMARY_VIEW_SWEEP,	    /* sweep's CSV: a mean and a ci95 column each */
	SUMMARY_VIEW_SERVE_TABLE,   /* compare's table for served requests */
	SUMMARY_VIEW_SERVE,	    /* compare's CSV/JSON for served requests */
	SUMMARY_VIEW_GROUPS,	    /* the run table's section of groups: its columns */
	SUMMARY_NVIEWS
};

struct summary_field {
	const char *key;	/* CSV column and JSON key: "avg_turnaround_ns" */
	const char *json_group; /* the JSON object it sits in, "latency_ns"; NULL: summary */
	const char *json_key;	/* its key there when not `key`: "p50" */
	enum summary_kind kind;
	enum summary_exists exists;
	size_t offset;	   /* offsetof(struct summary, ...) */
	const char *label; /* the run's table: "average turnaround" */
	const char *head;  /* compare's table column: "turnaround" */
	/*
	 * The run table's value, when the kind's does not say it all ("23 (17
	 * voluntary, 6 involuntary)"); NULL from it leaves the line out.
	 */
	char *(*line)(const struct summary *s, const struct run_result *r);
	bool not_json;		    /* left out of every JSON object */
	bool runtime_only;	    /* left out of every view when the run had no runtimes */
	bool served_only;	    /* ... when it served no requests */
	bool run_only;		    /* the whole run's: null in a group's figures */
	uint8_t at[SUMMARY_NVIEWS]; /* place in each view from 1; 0: not in it */
};

extern const struct summary_field summary_fields[];
extern const unsigned summary_nfields;

/* The fields of view v in its order into out[SUMMARY_MAX_FIELDS]; their number. */
#define SUMMARY_MAX_FIELDS 64
unsigned summary_view(enum summary_view v, const struct summary_field **out);
/* Whether f is shown for s at all (runtime_only fields need runtimes). */
static inline bool summary_field_shown(const struct summary_field *f, const struct summary *s)
{
	return (!f->runtime_only || s->runtimes) && (!f->served_only || s->served);
}
/* The compare views for these runs: the served ones when they served requests. */
static inline enum summary_view summary_compare_view(const struct summary *s, bool table)
{
	if (s->served)
		return table ? SUMMARY_VIEW_SERVE_TABLE : SUMMARY_VIEW_SERVE;
	return table ? SUMMARY_VIEW_COMPARE_TABLE : SUMMARY_VIEW_COMPARE;
}
/* The field named key, or NULL. */
const struct summary_field *summary_field_find(const char *key);

bool summary_field_exists(const struct summary_field *f, const struct summary *s);
/*
 * Has the value a meaning in these figures: a mean or a percentile over at
 * least one task (what summary_field_exists asks, whatever the figures are
 * of: a run-wide figure counts in a group's).
 */
bool summary_field_defined(const struct summary_field *f, const struct summary *s);
/* The value as a double (sweep statistics); 0 for a line. */
double summary_field_value(const struct summary_field *f, const struct summary *s);
/* The value for CSV and JSON: integers, means to the ns, "%.6f", true/false. */
void summary_field_data(GString *out, const struct summary_field *f, const struct summary *s);
/*
 * The value for a table, in the time unit: with its unit ("4.00 ms",
 * "250.00 /s", "50.0 %") when with_unit, the bare number otherwise (the
 * column head carries the unit); "-" when it does not exist.
 */
void summary_field_text(GString *out, const struct summary_field *f, const struct summary *s,
			sim_time_t unit, bool with_unit);
/* The unit of a table column: "ms", "/s", "%", or "" for a bare number. */
const char *summary_field_unit(const struct summary_field *f, sim_time_t unit);

/* Per-task rows (up to REPORT_TABLE_MAX_ROWS, then a note) and a summary. */
#define REPORT_TABLE_MAX_ROWS 100
void report_table(const struct run_result *r, GString *out);
/* "deadlock at 3.00 ms: ..." and one line per task (the table and --explain). */
void report_deadlock(const struct deadlock_result *d, sim_time_t unit, GString *out);
/* One header line and one row per task, then no summary: machine-readable. */
void report_csv(const struct run_result *r, GString *out);
/* Can files be created in dir? Tried with a temporary file (access(2) says
 * yes to root even where the file system says no); false with errno set. */
bool report_dir_writable(const char *dir);

/* One CSV field, quoted per RFC 4180 when it holds a comma, a quote, a line
 * break, or spaces at either end. */
void report_csv_field(GString *out, const char *s);
/*
 * What a run was given, as in effect (scenario_values fills it through
 * run_params_add): its policy's parameters and its model's figures, each
 * key's value in scenario syntax ("10 ms") and as JSON (10000000).
 */
struct param_value {
	char *section; /* the policy ("rr"), or the model's group ("switch") */
	char *key;     /* "quantum" */
	char *text;    /* "10 ms", "true", "fifo", "10 ms,20 ms" */
	char *json;    /* 10000000, true, "fifo", [10000000, 20000000] */
};
struct param_values {
	uint32_t n;
	struct param_value *v;
};
struct run_params {
	struct param_values policy, model;
};
/* One value, at the end of params->model when model, of params->policy if not. */
void run_params_add(void *params, bool model, const char *section, const char *key,
		    const char *text, const char *json);
void run_params_clear(struct run_params *params);
/*
 * The policy's parameters on one line, each value one word as a variant of
 * `compare --policies` writes it: "quantum=10ms new_first=true"; "-": none.
 */
void run_params_line(const struct param_values *v, GString *out);

/* One JSON object with the contract's keys (docs/output-format.md). */
void report_json(const struct run_result *r, GString *out);
/*
 * The same, with the "parameters" object when params is not NULL, handing `out` to flush(out, ctx) whenever it has grown past
 * 64 KiB (then emptying it), so that the text of a large run is never held
 * whole; the rest stays in out. False once a flush has failed (what follows
 * is dropped).
 */
bool report_json_stream(const struct run_result *r, const struct run_params *params, GString *out,
			bool (*flush)(GString *out, void *ctx), void *ctx);

/*
 * --explain: a sink that appends one line per record to `out`:
 *   "   4.00 ms  cpu0  dispatch  P2    rr: head of the ready queue ..."
 */
struct explain;
struct explain *explain_new(GString *out, sim_time_t unit);
void explain_free(struct explain *x);
struct record_sink explain_sink(struct explain *x);
/* The run ended in a deadlock: one line per task of it, after the records. */
void explain_deadlock(struct explain *x, const struct deadlock_result *d);

/*
 * --gantt: a sink that collects run intervals, then draws one lane per CPU in
 * ASCII. Refuses (returns false with a message in out) above
 * GANTT_MAX_TASKS tasks, when g may be NULL (no need to collect for that).
 */
#define GANTT_MAX_TASKS 60
struct gantt;
struct gantt *gantt_new(uint32_t ncpus, sim_time_t unit);
void gantt_free(struct gantt *g);
struct record_sink gantt_sink(struct gantt *g);
bool gantt_render(const struct gantt *g, const struct run_result *r, GString *out);

/*
 * Fan one record out to several sinks (explain, gantt, trace, plots
 * together). Of one sink, record_tee_sink makes a sink that calls it without
 * the loop, and whose halt flag is that sink's own.
 */
struct record_tee {
	struct record_sink sinks[8];
	unsigned n;
	bool halt; /* a sink halted (its halt flag): the tee's halt flag */
};
struct record_sink record_tee_sink(struct record_tee *tee);

#endif
