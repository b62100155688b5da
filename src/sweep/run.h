/*
 * run.h - running a sweep's points, and its rows.
 *
 * Each (point, repetition) is one job for a pool of worker threads; every
 * job loads its own scenario and runs its own simulation (neither holds
 * global state) and stores its summary at the job's index. Rows are made
 * after all jobs are done, in point order, so the CSV never depends on the
 * number of workers or on which finished first. Repetition r runs with seed
 * = the point's seed (the scenario's, or --seed) + r.
 *
 * A row holds the point, its values, the repetitions, then for each metric
 * of the metric table's sweep view (report.h) the mean and the half-width of
 * its 95 % interval (base/stats.h; empty for one repetition).
 *
 * Sits above the simulator (sched/sched.h), scenario and report: it runs
 * them. Prints nothing but the progress bar it is asked for.
 */
#ifndef SCHEDLAB_SWEEP_RUN_H
#define SCHEDLAB_SWEEP_RUN_H

#include <glib.h>
#include <stdbool.h>

#include "report/report.h"
#include "scenario/scenario.h"
#include "sweep/sweep.h"

#define SWEEP_MAX_REPS 1000
/*
 * Runs of one local sweep (points x repetitions): each keeps its summary
 * until the rows are written, about 200 bytes. A larger grid goes through
 * --emit-jobs, where one job is one point.
 */
#define SWEEP_MAX_RUNS 1000000u

/* What a sweep runs. */
struct sweep_plan {
	const char *path;		/* the scenario file */
	struct scenario_overrides base; /* the user's options; has_seed for --seed */
	const struct sweep_grid *grid;
	unsigned reps;
	guint first, count; /* the points to run: all, or one (--point K) */
	const char *group;  /* --group: the metrics of this group alone; NULL: the run's */
};

/* What is known of each point, and what its runs gave. */
struct sweep_results {
	guint npoints;
	guint64 *seeds;	      /* per point: the seed of repetition 0 */
	char **labels;	      /* per point: "rr.quantum=4, scenario.cpus=2" */
	struct summary *sums; /* per job (point - first) * reps + r */
	char **errors;	      /* per job: why it failed, or NULL */
	const char **status;  /* per job: "ok", or how the model stopped it ("out-of-memory") */
	bool fatal;	      /* a job failed for a reason of schedlab's, not the model's */
	guint njobs;	      /* of sums and errors */
	char *scenario;	      /* the scenario's name, for charts */
	bool served;	      /* point 0 serves requests: the request metrics are columns */
	sim_time_t time_unit;
};

/* Point p's scenario: the user's --set, then the point's values; seed when has_seed. */
struct scenario *sweep_load_point(const struct sweep_plan *plan, guint p, bool has_seed,
				  guint64 seed, GError **error);

/*
 * Load every point that will run (all of plan->first .. + count, or only
 * point 0 when `only_first`, as --collect needs) to check it and note its
 * seed; fills res (labels for every point). False with an error that names
 * the point.
 */
bool sweep_prepare(const struct sweep_plan *plan, bool only_first, struct sweep_results *res,
		   GError **error);
void sweep_results_clear(struct sweep_results *res);

/*
 * Run the plan's jobs on `workers` threads, with a progress bar on stderr
 * when `bar`. A job the model stops (out of memory, deadlock, a spawn limit,
 * a misused object) is a result: its row says so in `status` and `message`,
 * and the sweep goes on. Any other failure (the event limit, the host's
 * memory) leaves its error in res->errors and the first one is returned as
 * an error naming the point, the repetition and the seed.
 */
bool sweep_run(const struct sweep_plan *plan, unsigned workers, bool bar, struct sweep_results *res,
	       GError **error);

/*
 * The metrics of the sweep view (report.h) a sweep's rows show: all of them
 * when `served` (its point 0 serves requests: a group has `serve`), else all
 * but the request metrics (served_only), which come last.
 */
unsigned sweep_metrics(bool served, const struct summary_field **out);
/* The CSV header: point, the varied keys, reps, NAME_mean and NAME_ci95,
 * then status and message (the first failed repetition's). */
void sweep_csv_header(const struct sweep_grid *g, bool served, GString *out);
/* The fields of point p's row (char *), from res. */
GPtrArray *sweep_row(const struct sweep_plan *plan, const struct sweep_results *res, guint p);
/* Fields as one CSV line (RFC 4180 quoting). */
void sweep_csv_row(const GPtrArray *fields, GString *out);
/* The column of a metric's mean in a row, or -1 when the sweep does not show it
 * (a request metric's is -1 unless the sweep serves requests). */
int sweep_metric_column(const struct sweep_grid *g, bool served, const char *key);

#endif
