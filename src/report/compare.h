/*
 * compare.h - several runs of one scenario side by side: `schedlab compare`'s
 * table, CSV and JSON.
 *
 * One entry per run, in the order given (the order of --policies). The
 * columns are the metric table's compare views (report.h): the table shows
 * SUMMARY_VIEW_COMPARE_TABLE in the scenario's time unit, the CSV and JSON
 * SUMMARY_VIEW_COMPARE in ns. `what` names what differs between the runs
 * ("policy"): the first column, and the key of each JSON entry.
 */
#ifndef SCHEDLAB_COMPARE_H
#define SCHEDLAB_COMPARE_H

#include <glib.h>

#include "report/report.h"

struct compare_entry {
	const char *name;		 /* "rr" */
	const struct run_result *res;	 /* its results */
	const struct summary *sum;	 /* summary_compute(res) */
	const GString *gantt;		 /* its Gantt chart, or NULL */
	const struct run_params *params; /* its policy's parameters and model's figures */
};

/*
 * A header line, a row per entry (each column as wide as its head, and at
 * least 10 for numbers with decimals), then the Gantt chart of each entry
 * that has one, under its name.
 */
void compare_table(const char *what, const struct compare_entry *e, size_t n, GString *out);
/* One header line and one row per entry; a value that does not exist is empty. */
void compare_csv(const char *what, const struct compare_entry *e, size_t n, GString *out);
/* One object: scenario, model, seed, ncpus, ntasks and the array `whats` of entries. */
void compare_json(const char *what, const char *whats, const struct compare_entry *e, size_t n,
		  GString *out);

#endif
