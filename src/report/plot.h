/*
 * plot.h - charts with gnuplot: data files and a script per chart.
 *
 * For each chart schedlab writes NAME.dat (the data, integer ns or fixed
 * decimals, byte-identical for the same run) and NAME.gp (a preamble naming
 * the terminal, output and titles, then the template plots/NAME.gp, compiled
 * into the program) into a folder, then runs `gnuplot NAME.gp` there when
 * gnuplot is on PATH. Without gnuplot the data and scripts are still written,
 * and the note says how to render them. The charts:
 *
 *   run:     gantt (one lane per CPU, a colour per task), latency-cdf (log x),
 *            utilization, runqueue and memory over time;
 *   compare: compare (mean times and p99 per policy or model),
 *            compare-throughput;
 *   sweep:   sweep-throughput and sweep-p99 against the first varied key,
 *            one curve per combination of the others, 95 % error bars.
 *
 * PNG through pngcairo, or SVG. Sizes are fixed (plot_size()), so that a
 * test can check them. Reads results, summaries and records only.
 */
#ifndef SCHEDLAB_PLOT_H
#define SCHEDLAB_PLOT_H

#include <glib.h>
#include <stdbool.h>

#include "report/report.h"
#include "sched/record.h"
#include "sched/result.h"

/* The templates, plots/NAME.gp, compiled in (plots_builtin.c, generated). */
struct plot_template {
	const char *name, *text;
};
extern const struct plot_template plot_templates[]; /* ends with {NULL, NULL} */

enum plot_format { PLOT_PNG, PLOT_SVG };

struct plot_opts {
	const char *dir; /* created if missing */
	enum plot_format format;
};

/*
 * Create o->dir if missing and check that charts can be written into it;
 * false with an error naming the problem (a file in the way, no permission).
 * The commands call it before they simulate, so that a bad --plot is bad
 * input found at once, not after the runs.
 */
bool plot_prepare(const struct plot_opts *o, GError **error);

/* "png" or "svg" to a format; false if neither. */
bool plot_format_parse(const char *s, enum plot_format *f);
/* The pixel size of a chart: gantt grows with the CPUs, the others do not. */
void plot_size(const char *chart, uint32_t ncpus, unsigned *width, unsigned *height);

/*
 * run --plot: a record sink that keeps the run intervals (at most
 * PLOT_GANTT_MAX_SPANS; past that the Gantt chart is left out, with a note)
 * and the time series (timeseries.h).
 */
#define PLOT_GANTT_MAX_SPANS 200000
struct plot_run;
struct plot_run *plot_run_new(uint32_t ncpus);
void plot_run_free(struct plot_run *p);
struct record_sink plot_run_sink(struct plot_run *p);
/*
 * Write and render the run's charts. Notes for the user (what was written,
 * how to render without gnuplot) are appended to msg. False with an error
 * when a file cannot be written or gnuplot fails.
 */
bool plot_run_write(struct plot_run *p, const struct run_result *r, const struct plot_opts *o,
		    GString *msg, GError **error);

/* compare --plot: one entry per policy (or model), in the order given. */
struct plot_compare_entry {
	const char *name;	       /* "rr", "cfs" */
	const struct summary *summary; /* summary_compute() of its run */
};
/* what: "policy" or "execution model", the x axis' label. */
bool plot_compare(const char *scenario, const char *what, sim_time_t time_unit,
		  const struct plot_compare_entry *e, size_t n, const struct plot_opts *o,
		  GString *msg, GError **error);

/*
 * sweep --plot. Points are given as text cells exactly as the CSV has them,
 * so that a sweep and a collected sweep draw the same data. Point (curve c,
 * x i) is cells[c * nx + i].
 */
struct plot_sweep_point {
	const char *thr_mean, *thr_ci; /* throughput_per_s; ci "" for one repetition */
	const char *p99_mean, *p99_ci; /* the latency chart's metric (p99 latency), ns */
	bool overloaded;	       /* some repetition was overloaded: a marked point */
	bool failed;		       /* no repetition ran to its end (status): no point */
};
struct plot_sweep {
	const char *scenario;
	sim_time_t time_unit;
	const char *xkey; /* the first varied key */
	guint nx;
	const char *const *xitems; /* its values, as listed */
	guint ncurves;
	const char *const *curves; /* titles, "" when there is one curve */
	const struct plot_sweep_point *cells;
	unsigned reps;
	const char *ylabel; /* the latency metric, "turnaround p99"; NULL: that */
	int ylog;	    /* 1: log scale, 0: linear, -1: when the values span two decades */
	double target;	    /* --target on the latency chart, ns; 0: none */
};
bool plot_sweep(const struct plot_sweep *s, const struct plot_opts *o, GString *msg,
		GError **error);

#endif
