/*
 * cmd_validate.c - `schedlab validate --model FILE`: native workloads
 * against their simulations.
 *
 * Each workload runs for real on this host (probe/workloads.c) several
 * times, giving a median with its distribution-free 95 % interval
 * (base/stats.h), and its mirror scenario (scenarios/validate/NAME.ini,
 * sized to the host with --cpus and --set) is simulated with the model.
 * The table shows measured, predicted and the error in percent of the
 * measured median. A workload is judged against the accuracy asked of
 * its kind: 15 % for the costs, 10 % for the scheduling workloads. It is
 * "too noisy to judge" when it cannot be told apart at that accuracy: when
 * its own interval is wider than that either side, when other tasks took
 * more than a tenth of the CPUs while it ran, or when a model figure it
 * leans on carries an interval that wide (the probe's [environment] noisy
 * says why a figure spread: preemptions, migrations). --max-error makes a
 * judged workload beyond PCT fail the command (exit 1).
 *
 * A shared host's speed moves from one second to the next (a virtual
 * machine's neighbours come and go; frequency, power states), so the runs
 * of every workload are spread over passes (three by default), each pass
 * running its share of every workload's runs, as schedlab-probe measures
 * in passes: a row's median is then one of the host over the whole run,
 * not of the seconds its workload happened to run in. The table is printed
 * at the end.
 *
 * The host may have changed since the probe measured it: at the start of
 * each pass validate times the probe's reference, a pipe round trip
 * between two processes pinned to one CPU, and compares the median of
 * those with the model's [measured] pipe_round_trip_process. When they differ by more
 * than a row's accuracy, the rows that lean on the model's measured costs
 * are not judged: the model no longer describes this host. Thread creation
 * moves on its own (it is the kernel's memory management, the mappings of
 * new stacks, more than its switches), so validate times it too, as the
 * probe does, and a row that leans on [create] thread is judged only when
 * that has not moved either. A reference whose passes differ by more than
 * a row's accuracy says that the host moved during validate's own run:
 * its rows are not judged either.
 *
 * Where the kernel puts a free pair is the host's too. The mirror of a
 * ping-pong free on all CPUs keeps the two on two CPUs, as Linux does on an
 * otherwise idle machine (select_idle_sibling() prefers the woken task's
 * own idle CPU); natively other tasks, waking on the partner's CPU at the
 * moment of a wake-up, leave select_idle_sibling() no idle CPU but the
 * waker's (wake_affine_idle()'s target for a WF_SYNC wake-up), and the two
 * then stay together for tens to thousands of round trips (the woken task
 * preempts its waker, which so never sleeps). The peer answers with
 * the CPU it was woken on, and the row is not judged when the share of
 * round trips on one CPU differs from the mirror's by more than the row's
 * accuracy; the verdict then says what the other round trips took (each
 * run less its round trips on one CPU at the pinned row's time).
 *
 * Costs: the storms, pipe ping-pongs between processes and between threads
 * (pinned to one CPU, and free on all), a sched_yield ping-pong, a
 * coroutine ping-pong and hackbench groups (pinned to one CPU, and free on
 * all); scheduling: nice shares, busy
 * loops, and a sleeper's wake-up delay among busy loops, with regular and
 * with random sleeps.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/stats.h"
#include "base/units.h"
#include "cli/cli.h"
#include "cli/hostref.h"
#include "cli/validate.h"
#include "probe/probe.h"
#include "probe/workloads.h"
#include "scenario/model_load.h"
#include "scenario/scenario.h"
#include "sim/sim.h"

/*
 * The accuracy asked of a prediction, which is also the most relative
 * spread (either side) of a measurement or model figure judged against it.
 */
#define VALIDATE_COST_SPREAD  0.15 /* the cost workloads */
#define VALIDATE_SCHED_SPREAD 0.10 /* the scheduling workloads */
/* Rows of the table: every workload's, each kept over the passes. */
#define VALIDATE_MAX_ROWS 32

struct vctx {
	const char *model_path;
	struct model model; /* loaded once, for its [environment] */
	bool quick;
	unsigned reps;
	unsigned ncpus; /* CPUs validate may use */
	int cpu;	/* the CPU of pinned workloads */
	GString *out;
	unsigned judged, failed, noisy;
	double max_error; /* < 0: none */
	bool scheduling;  /* the workload running is a scheduling one (else a cost) */
	/* The host timed at each pass: a pinned pipe round trip, and threads created */
	struct host_ref pipe, thread;
	/* Passes: every workload runs pass_reps of its runs in each, in turn. */
	unsigned passes, pass, pass_reps;
	struct vrow *rows; /* every row, with its runs of every pass so far */
	unsigned nrows;
	bool progress;	     /* a progress line on stderr (cli_progress_wanted) */
	unsigned done, todo; /* workload runs of every pass */
};

/* What one row compares. */
struct vrow {
	const char *workload;
	char metric[48];
	double x[64]; /* the native runs */
	unsigned n;
	bool time; /* ns (else a fraction) */
	double predicted;
	const char *model_keys; /* the model figures it leans on: "create.process,switch.syscall" */
	double host_share;	/* the CPU share the workload got; 0: not known */
	double share[64];	/* per native run, that share, when `shared_cpus` */
	bool shared_cpus;
	/*
	 * Two tasks free on all CPUs: per native run, the fraction of round
	 * trips in which the kernel ran them on one CPU; and the same fraction
	 * in the mirror. Only when `placed`.
	 */
	bool placed;
	double shared[64];
	double sim_shared;
	double alone;	   /* the native median on one CPU (the pinned row); 0: not known */
	char failure[160]; /* not empty: not compared */
	bool scheduling;   /* a scheduling workload's (else a cost's) */
};

static bool simulate(struct vctx *v, const char *name, const char *const *sets,
		     struct run_result *res, GString *why)
{
	const struct validate_mirror *mirror = NULL;
	g_autofree char *path = g_strdup_printf("scenarios/validate/%s.ini", name);
	struct scenario_overrides ov = { .model = v->model_path, .sets = sets };
	g_autoptr(GError) err = NULL;
	struct scenario *sc;
	struct sim *sim;
	bool ok;

	for (const struct validate_mirror *m = validate_mirrors; m->name; m++)
		if (!strcmp(m->name, name))
			mirror = m;
	g_assert(mirror);
	sc = scenario_load_data(path, mirror->text, strlen(mirror->text), &ov, &err);
	if (!sc) {
		g_string_append(why, err->message);
		return false;
	}
	sim = sim_new(sc, NULL, &err);
	ok = sim && sim_run(sim, &err);
	if (ok)
		sim_result(sim, res);
	else
		g_string_append(why, err ? err->message : "the simulation failed");
	if (sim)
		sim_free(sim);
	scenario_free(sc);
	return ok;
}

static const struct task_result *find_task(const struct run_result *r, const char *name)
{
	for (uint32_t i = 0; i < r->ntasks; i++)
		if (r->tasks[i].name && !strcmp(r->tasks[i].name, name))
			return &r->tasks[i];
	return NULL;
}

static void append_value(GString *s, double v, bool time)
{
	if (time)
		units_time(s, (sim_time_t)llround(v < 0 ? 0 : v));
	else
		g_string_append_printf(s, "%.1f %%", v * 100);
}

/*
 * The first of keys (comma-separated "group.key") whose model figure is
 * measured and spreads more than max either side; writes it into `why`.
 */
static bool model_too_noisy(const struct model *m, const char *keys, double max, GString *why)
{
	g_auto(GStrv) names = g_strsplit(keys, ",", -1);

	for (char **k = names; *k; k++) {
		const struct figure *f = model_figure(m, *k);
		double spread;

		g_assert(f); /* the workloads name declared keys */
		if (f->n == 0)
			continue; /* written by hand: no spread to judge */
		spread = stats_relative_spread((double)f->median, (double)f->lo, (double)f->hi);
		if (spread > max) {
			g_string_append_printf(
				why, "too noisy to judge (the model's %s spreads %.0f %%)", *k,
				spread * 100);
			return true;
		}
	}
	return false;
}

/*
 * Whether the kernel placed a free pair otherwise than the mirror: the
 * median share of round trips it ran on one CPU differs from the mirror's
 * by more than max (a round trip on one CPU costs a small part of one
 * across two, which pays two remote wake-ups, so that difference alone
 * moves the time by nearly as much); writes the verdict into `why`. With
 * the pair's time on one CPU known (the pinned row), it adds what the other
 * round trips took: per run, its time less its shared round trips at the
 * pinned time, over the rest (runs almost all on one CPU say nothing of
 * the rest and are left out).
 */
static bool placed_otherwise(const struct vrow *r, double max, GString *why)
{
	struct stats_median s, rest;
	double x[64];
	unsigned n = 0;

	stats_median_ci95(r->shared, r->n, &s);
	if (fabs(s.median - r->sim_shared) <= max)
		return false;
	g_string_append_printf(why,
			       "too noisy to judge (the host ran the two on one CPU in %.0f %% of "
			       "the round trips, the mirror in %.0f %%",
			       s.median * 100, r->sim_shared * 100);
	for (unsigned i = 0; r->alone > 0 && i < r->n; i++)
		if (r->shared[i] < 0.95)
			x[n++] = (r->x[i] - r->shared[i] * r->alone) / (1 - r->shared[i]);
	if (n) {
		stats_median_ci95(x, n, &rest);
		g_string_append(why, "; the others took about ");
		append_value(why, rest.median, true);
	}
	g_string_append(why, ")");
	return true;
}

/* Print a row and judge it. */
static void row_judge(struct vctx *v, const struct vrow *r)
{
	g_autoptr(GString) meas = g_string_new(NULL);
	g_autoptr(GString) pred = g_string_new(NULL);
	g_autoptr(GString) verdict = g_string_new(NULL);
	struct stats_median m;
	double err = 0, max = r->scheduling ? VALIDATE_SCHED_SPREAD : VALIDATE_COST_SPREAD;

	if (r->failure[0]) {
		g_string_append_printf(v->out, "%-14s %-28s %s\n", r->workload, r->metric,
				       r->failure);
		v->failed++;
		return;
	}
	stats_median_ci95(r->x, r->n, &m);
	append_value(meas, m.median, r->time);
	g_string_append(meas, " [");
	append_value(meas, m.lo, r->time);
	g_string_append(meas, ", ");
	append_value(meas, m.hi, r->time);
	g_string_append_printf(meas, "] n=%u", m.n);
	append_value(pred, r->predicted, r->time);
	if (m.median != 0)
		err = (r->predicted - m.median) / fabs(m.median) * 100;
	if (!m.has_ci) {
		g_string_append(verdict, "too few runs for an interval (--reps 6 or more)");
		v->noisy++;
	} else if (r->model_keys && host_ref_moved(&v->pipe, "the host", max, verdict)) {
		v->noisy++;
	} else if (r->model_keys && strstr(r->model_keys, "create.thread") &&
		   host_ref_moved(&v->thread, "its thread creation", max, verdict)) {
		v->noisy++;
	} else if (r->placed && placed_otherwise(r, max, verdict)) {
		v->noisy++;
	} else if (stats_is_noisy(&m, max)) {
		g_string_append_printf(verdict, "too noisy to judge (spread %.0f %%)",
				       stats_relative_spread(m.median, m.lo, m.hi) * 100);
		v->noisy++;
	} else if (r->host_share > 0 && r->host_share < 0.9) {
		g_string_append_printf(verdict,
				       "too noisy to judge (other tasks took %.0f %% of the CPUs)",
				       (1 - r->host_share) * 100);
		v->noisy++;
	} else if (r->model_keys && model_too_noisy(&v->model, r->model_keys, max, verdict)) {
		v->noisy++;
	} else {
		v->judged++;
		if (v->max_error < 0) {
			/* no bound given: judged, neither passed nor failed */
			g_string_append(verdict, "judged");
		} else if (fabs(err) > v->max_error) {
			g_string_append_printf(verdict, "FAIL: beyond %.0f %%", v->max_error);
			v->failed++;
		} else {
			g_string_append_printf(verdict, "ok: within %.0f %%", v->max_error);
		}
	}
	g_string_append_printf(v->out, "%-14s %-28s %-40s %-12s %+8.1f %%  %s\n", r->workload,
			       r->metric, meas->str, pred->str, err, verdict->str);
}

static void fail_row(struct vrow *r, const char *what)
{
	g_strlcpy(r->failure, what, sizeof(r->failure));
}

/* Keep a native run's figure; false, and the row failed, when the run failed (x < 0). */
static bool add_run(struct vrow *r, double x, const char *why)
{
	if (x < 0) {
		fail_row(r, why ? why : "the native workload failed");
		return false;
	}
	r->x[r->n++] = x;
	return true;
}

/*
 * The host now against the host the model was measured on, at the start of
 * each pass: the median of a few pinned pipe round trips against the
 * probe's (ipc.c measures its figure the same way), and of a few runs of
 * 256 threads created by bursts of 32 against its [create] thread (the
 * probe's way, workload_thread_bursts), which moves with the host's memory
 * management more than a round trip does. A reference is not known when
 * the model has no measured figure for it.
 */
static void host_reference(struct vctx *v)
{
	const struct figure *pipe = &v->model.measured.pipe_round_trip_process;
	const struct figure *thread = &v->model.create_thread;
	unsigned reps = v->quick ? 5 : 9, rounds = v->quick ? 2000 : 10000;
	struct stats_median m;
	double x[9], y[9];
	unsigned n = 0, k = 0;

	for (unsigned i = 0; i < reps && !guard_stopping(); i++) {
		double t = pipe->n && pipe->median > 0
				   ? workload_pipe_pingpong(false, v->cpu, rounds, NULL)
				   : -1;
		int64_t b = thread->n && thread->median > 0 ? workload_thread_bursts(256) : -1;

		if (t >= 0)
			x[n++] = t;
		if (b >= 0)
			y[k++] = (double)b / 256;
	}
	if (n && n == reps) {
		stats_median_ci95(x, n, &m);
		host_ref_add(&v->pipe, m.median);
	}
	if (k && k == reps) {
		stats_median_ci95(y, k, &m);
		host_ref_add(&v->thread, m.median);
	}
}

/* How far one reference moved: the median of its passes against f; its line. */
static void host_ref_drift(struct vctx *v, struct host_ref *h, const struct figure *f,
			   const char *what)
{
	host_ref_summarise(h, (double)f->median);
	if (!h->known)
		return;
	g_string_append_printf(v->out, "host: %s takes ", what);
	units_time(v->out, (sim_time_t)llround(h->median));
	g_string_append(v->out, " now, ");
	units_time(v->out, f->median);
	g_string_append_printf(v->out, " when the model was measured (%+.1f %%)", h->drift * 100);
	if (h->n > 1) {
		g_string_append(v->out, "; in each pass:");
		for (unsigned i = 0; i < h->n; i++) {
			g_string_append_c(v->out, ' ');
			units_time(v->out, (sim_time_t)llround(h->x[i]));
		}
	}
	g_string_append_c(v->out, '\n');
}

static void host_drift(struct vctx *v)
{
	host_ref_drift(v, &v->pipe, &v->model.measured.pipe_round_trip_process,
		       "a pinned pipe round trip");
	host_ref_drift(v, &v->thread, &v->model.create_thread,
		       "creating a thread (by bursts of " G_STRINGIFY(WORKLOAD_THREAD_BURST) ")");
}

/* The median of x[0..n). */
static double median_of(const double *x, unsigned n)
{
	struct stats_median m;

	stats_median_ci95(x, n, &m);
	return m.median;
}

/*
 * Keep a row of this pass: its runs join those of the same row in earlier
 * passes (its mirror is the same in every pass: the last prediction stands).
 */
static void row_keep(struct vctx *v, const struct vrow *r)
{
	struct vrow *k = NULL;

	for (unsigned i = 0; i < v->nrows && !k; i++)
		if (!strcmp(v->rows[i].workload, r->workload) &&
		    !strcmp(v->rows[i].metric, r->metric))
			k = &v->rows[i];
	if (!k) {
		g_assert(v->nrows < VALIDATE_MAX_ROWS);
		k = &v->rows[v->nrows++];
		*k = *r;
		k->scheduling = v->scheduling;
		return;
	}
	for (unsigned i = 0; i < r->n && k->n < G_N_ELEMENTS(k->x); i++) {
		k->shared[k->n] = r->shared[i];
		k->share[k->n] = r->share[i];
		k->x[k->n++] = r->x[i];
	}
	k->predicted = r->predicted;
	k->sim_shared = r->sim_shared;
	if (!k->failure[0])
		memcpy(k->failure, r->failure, sizeof(k->failure));
}

/*
 * Every row, its runs of every pass together: the CPU share the host left
 * it, a free pair's time on one CPU (its pinned row's, just before it), and
 * its verdict.
 */
static void rows_print(struct vctx *v)
{
	for (unsigned i = 0; i < v->nrows; i++) {
		struct vrow *r = &v->rows[i];
		const struct vrow *pinned = i ? &v->rows[i - 1] : NULL;

		if (r->shared_cpus && r->n)
			r->host_share = median_of(r->share, r->n);
		if (r->placed && pinned && !strcmp(pinned->workload, r->workload) &&
		    !pinned->placed && !pinned->failure[0] && pinned->n)
			r->alone = median_of(pinned->x, pinned->n);
		row_judge(v, r);
	}
}

/*
 * The progress line on stderr: the workloads run and to run over every
 * pass, the one running now (NULL: erase the line, the table follows).
 */
static void progress(const struct vctx *v, const char *running)
{
	char rest[64];

	if (!v->progress)
		return;
	if (!running) {
		cli_progress_erase();
		return;
	}
	snprintf(rest, sizeof(rest), "pass %u of %u, %-16s", v->pass + 1, v->passes, running);
	cli_progress_show("validate", v->todo ? (uint64_t)v->done * 1000 / v->todo : 0, rest);
}

/* ----------------------------------------------------------- workloads */

/* A storm of n: fork or thread; the simulated makespan per child. */
static void run_storm(struct vctx *v, bool threads)
{
	unsigned n = threads ? (v->quick ? 200 : 1000) : (v->quick ? 50 : 200);
	const char *name = threads ? "thread-storm" : "fork-storm";
	g_autofree char *set_count = g_strdup_printf("group kids.count=%u", n);
	g_autofree char *set_prog =
		g_strdup_printf("task parent.program=repeat %u { spawn kids }", n);
	g_autofree char *set_cpus = g_strdup_printf("scenario.cpus=%u", v->ncpus);
	/*
	 * The native parent is this process: the mirror's parent has its
	 * anonymous memory (fork copies its page tables), and so has each
	 * child (its copy, which its exit frees).
	 */
	uint64_t anon = threads ? 0 : workload_anon_kib();
	g_autofree char *set_pmem =
		g_strdup_printf("task parent.memory=%" G_GUINT64_FORMAT "KiB", anon);
	g_autofree char *set_kmem =
		g_strdup_printf("group kids.memory=%" G_GUINT64_FORMAT "KiB", anon);
	const char *sets[] = { set_count, set_prog, set_cpus, set_pmem, set_kmem, NULL };
	struct vrow r = { .workload = name, .time = true };
	struct run_result res = { 0 };
	g_autoptr(GString) why = g_string_new(NULL);

	r.model_keys = threads ? "create.thread"
			       : "create.process,create.process_start,create.process_exit";
	snprintf(r.metric, sizeof(r.metric), "time per %s (of %u)", threads ? "thread" : "child",
		 n);
	for (unsigned i = 0; i < v->pass_reps && !guard_stopping(); i++)
		if (!add_run(&r, threads ? workload_thread_storm(n) : workload_fork_storm(n), NULL))
			break;
	if (!r.failure[0] && simulate(v, name, sets, &res, why))
		r.predicted = (double)res.makespan / n;
	else if (!r.failure[0])
		fail_row(&r, why->str);
	run_result_clear(&res);
	row_keep(v, &r);
}

static void run_fork_storm(struct vctx *v)
{
	run_storm(v, false);
}

static void run_thread_storm(struct vctx *v)
{
	run_storm(v, true);
}

static void run_nice_shares(struct vctx *v)
{
	static const int nices[] = { 0, 5, 10 };
	static const char *const names[] = { "nice0", "nice5", "nice10" };
	int64_t dur = v->quick ? 300000000 : 1000000000;
	g_autofree char *set_h = g_strdup_printf("scenario.horizon=%" G_GINT64_FORMAT "ns", dur);
	const char *sets[] = { set_h, NULL };
	struct vrow r[3] = { { 0 } };
	struct run_result res = { 0 };
	g_autoptr(GString) why = g_string_new(NULL);
	sim_time_t total = 0;
	bool sim_ok;

	for (unsigned k = 0; k < 3; k++) {
		r[k].workload = "nice-shares";
		snprintf(r[k].metric, sizeof(r[k].metric), "CPU share of nice %d", nices[k]);
	}
	for (unsigned i = 0; i < v->pass_reps && !guard_stopping(); i++) {
		double shares[3];

		if (!workload_nice_shares(nices, 3, v->cpu, dur, shares)) {
			for (unsigned k = 0; k < 3; k++)
				fail_row(&r[k], "the native workload failed");
			break;
		}
		for (unsigned k = 0; k < 3; k++)
			r[k].x[r[k].n++] = shares[k];
	}
	sim_ok = simulate(v, "nice-shares", sets, &res, why);
	for (unsigned k = 0; sim_ok && k < 3; k++) {
		const struct task_result *t = find_task(&res, names[k]);

		total += t ? t->cpu : 0;
	}
	for (unsigned k = 0; k < 3; k++) {
		const struct task_result *t = sim_ok ? find_task(&res, names[k]) : NULL;

		if (!r[k].failure[0] && (!t || total == 0))
			fail_row(&r[k], sim_ok ? "no such task in the mirror" : why->str);
		else if (t)
			r[k].predicted = (double)t->cpu / (double)total;
		row_keep(v, &r[k]);
	}
	run_result_clear(&res);
}

static void run_busy_loops(struct vctx *v)
{
	unsigned n = 2 * v->ncpus;
	int64_t work = v->quick ? 50000000 : 200000000;
	g_autofree char *set_count = g_strdup_printf("group loops.count=%u", n);
	g_autofree char *set_burst =
		g_strdup_printf("group loops.burst=%" G_GINT64_FORMAT "ns", work);
	g_autofree char *set_cpus = g_strdup_printf("scenario.cpus=%u", v->ncpus);
	const char *sets[] = { set_count, set_burst, set_cpus, NULL };
	struct vrow r = { .workload = "busy-loops", .time = true };
	struct run_result res = { 0 };
	g_autoptr(GString) why = g_string_new(NULL);

	snprintf(r.metric, sizeof(r.metric), "makespan of %u on %u CPUs", n, v->ncpus);
	r.shared_cpus = true;
	for (unsigned i = 0; i < v->pass_reps && !guard_stopping(); i++)
		if (!add_run(&r, workload_busy_loops(n, work, v->ncpus, &r.share[r.n]), NULL))
			break;
	if (!r.failure[0] && simulate(v, "busy-loops", sets, &res, why))
		r.predicted = (double)res.makespan;
	else if (!r.failure[0])
		fail_row(&r, why->str);
	run_result_clear(&res);
	row_keep(v, &r);
}

/*
 * The wall time from the first run of the tasks named prefix... (or of the
 * task named `from`, when given) to the last end of those tasks; < 0: one
 * did not end.
 */
static double span_of(const struct run_result *r, const char *const *prefixes, const char *from)
{
	sim_time_t first = SIM_TIME_NONE, last = 0;

	if (from) {
		const struct task_result *t = find_task(r, from);

		if (!t || t->first_run == SIM_TIME_NONE)
			return -1;
		first = t->first_run;
	}

	for (uint32_t i = 0; i < r->ntasks; i++) {
		const struct task_result *t = &r->tasks[i];
		bool mine = false;

		for (size_t k = 0; prefixes[k] && t->name; k++)
			mine |= g_str_has_prefix(t->name, prefixes[k]);
		if (!mine)
			continue;
		if (t->completion == SIM_TIME_NONE || t->first_run == SIM_TIME_NONE)
			return -1;
		if (!from && (first == SIM_TIME_NONE || t->first_run < first))
			first = t->first_run;
		last = MAX(last, t->completion);
	}
	return first == SIM_TIME_NONE ? -1 : (double)(last - first);
}

/*
 * Simulate `name` with sets; predicted = span of the tasks (span_of) / div.
 * The run's result is left in res (cleared by the caller), false when the
 * row failed.
 */
static bool predict_span_result(struct vctx *v, struct vrow *r, const char *name,
				const char *const *sets, const char *const *prefixes,
				const char *from, double div, struct run_result *res)
{
	g_autoptr(GString) why = g_string_new(NULL);
	double span;

	if (r->failure[0])
		return false;
	if (!simulate(v, name, sets, res, why)) {
		fail_row(r, why->str);
		return false;
	}
	span = span_of(res, prefixes, from);
	if (span < 0) {
		fail_row(r, "the mirror's tasks did not finish");
		return false;
	}
	r->predicted = span / div;
	return true;
}

static void predict_span(struct vctx *v, struct vrow *r, const char *name, const char *const *sets,
			 const char *const *prefixes, const char *from, double div)
{
	struct run_result res = { 0 };

	predict_span_result(v, r, name, sets, prefixes, from, div, &res);
	run_result_clear(&res);
}

/*
 * The mirror sleeper's program: the settling sleep, then k times a sleep and
 * work_ns of CPU. Random sleeps are the native sleeper's own, one by one
 * (workload_sleep_next): among busy loops a few wake-ups that find the
 * sleeper ineligible wait a slice, and those few make the mean, so another
 * draw of the same distribution moves it by about 10 %.
 */
static char *sleeper_program(unsigned k, int64_t period_ns, int64_t jitter_ns, int64_t work_ns)
{
	GString *p = g_string_new("task sleeper.program=sleep 20ms; ");
	uint64_t x = WORKLOAD_SLEEP_SEED;

	if (jitter_ns <= 0) {
		g_string_append_printf(p, "repeat %u { sleep %" PRId64 "ns; cpu %" PRId64 "ns }", k,
				       period_ns, work_ns);
		return g_string_free(p, FALSE);
	}
	for (unsigned i = 0; i < k; i++)
		g_string_append_printf(p, "%ssleep %" PRId64 "ns; cpu %" PRId64 "ns", i ? "; " : "",
				       workload_sleep_next(&x, period_ns, jitter_ns), work_ns);
	return g_string_free(p, FALSE);
}

/*
 * A sleeper among two busy loops on one CPU: the time it waits on the run
 * queue per wake-up, natively as the kernel's run_delay counts it, simulated
 * as the mirror's waiting (READY until dispatched). Both start with the
 * sleeper's lag at 0 and count the same wake-ups, the settling one too:
 * under EEVDF the mean is about twice the CPU time the sleeper is charged
 * per wake-up (the nanosleep(2) call with its part of the switches, and
 * its 5 us: the mirror's [switch] sleep and cpu op), since it gains lag
 * waiting at half the rate it loses it running, plus three times the lag
 * it ends with over the wake-ups, so the run must be long for that last
 * term to fade (tests/unit/test_policies.c checks the law).
 */
static void sleeper(struct vctx *v, bool random)
{
	const int64_t period = 1000000, work = 5000; /* 1 ms sleeps, 5 us of work after each */
	unsigned k = v->quick ? 200 : 2000;
	int64_t jitter = random ? period / 2 : 0;
	g_autofree char *set_prog = sleeper_program(k, period, jitter, work);
	g_autofree char *set_cpus = g_strdup_printf("scenario.cpus=%u", v->ncpus);
	g_autofree char *set_horizon = g_strdup_printf("scenario.horizon=%ums", 40 + 2 * k);
	const char *sets[] = { set_prog, set_cpus, set_horizon, NULL };
	struct vrow r = { .workload = random ? "sleeper-random" : "sleeper-delay", .time = true };
	struct run_result res = { 0 };
	g_autoptr(GString) why = g_string_new(NULL);

	r.model_keys = "switch.process,switch.sleep";
	r.shared_cpus = true;
	g_strlcpy(r.metric, random ? "wake-up delay, random sleeps" : "wake-up delay among 2 loops",
		  sizeof(r.metric));
	for (unsigned i = 0; i < v->pass_reps && !guard_stopping(); i++)
		if (!add_run(&r,
			     workload_sleeper_delay(2, v->cpu, k, period, jitter, work,
						    &r.share[r.n]),
			     "the native workload failed (it reads "
			     "/proc/thread-self/schedstat)"))
			break;
	if (!r.failure[0] && simulate(v, "sleeper-delay", sets, &res, why)) {
		const struct task_result *t = find_task(&res, "sleeper");

		if (t && t->completion != SIM_TIME_NONE)
			r.predicted = (double)t->waiting / k;
		else
			fail_row(&r, "the mirror's sleeper did not finish");
	} else if (!r.failure[0]) {
		fail_row(&r, why->str);
	}
	run_result_clear(&res);
	row_keep(v, &r);
}

static void run_sleeper_delay(struct vctx *v)
{
	sleeper(v, false);
}

static void run_sleeper_random(struct vctx *v)
{
	sleeper(v, true);
}

/*
 * The fraction of the mirror's n round trips in which ping and pong ran on
 * one CPU: each of the 2n messages wakes its reader, and one sent to the
 * other, idle, CPU is a remote wake-up there (with two tasks on two CPUs
 * the other CPU is idle whenever the reader is not running), so the round
 * trips on one CPU are those whose two messages were not.
 */
static double mirror_shared(const struct run_result *res, unsigned n)
{
	uint64_t remote = 0;

	for (uint32_t i = 0; i < res->ncpus; i++)
		remote += res->cpus[i].remote_wakeups;
	return CLAMP(1 - (double)remote / (2.0 * n), 0, 1);
}

/* A pipe ping-pong of processes or threads, pinned to one CPU and then free. */
static void pipe_pingpong(struct vctx *v, bool threads)
{
	unsigned n = v->quick ? 2000 : 10000;
	g_autofree char *set_ping =
		g_strdup_printf("task ping.program=repeat %u { send ab 4; recv ba 4 }", n);
	g_autofree char *set_pong =
		g_strdup_printf("task pong.program=repeat %u { recv ab 4; send ba 4 }", n);
	static const char *const ping[] = { "ping", NULL };

	for (int free = 0; free < 2 && !guard_stopping(); free++) {
		g_autofree char *set_cpus =
			g_strdup_printf("scenario.cpus=%u", free ? v->ncpus : 1);
		/* Threads: both of one process, "bench". */
		const char *sets[8] = { set_ping, set_pong, set_cpus, NULL };

		if (threads) {
			sets[3] = "task ping.kind=thread";
			sets[4] = "task ping.process=bench";
			sets[5] = "task pong.kind=thread";
			sets[6] = "task pong.process=bench";
		}
		struct vrow r = { .workload = threads ? "pipe-threads" : "pipe-processes",
				  .time = true };
		struct run_result res = { 0 };

		r.model_keys = free	 ? "switch.remote_wakeup,switch.syscall,switch.ipc_remote"
			       : threads ? "switch.thread,switch.syscall"
					 : "switch.process,switch.syscall";
		snprintf(r.metric, sizeof(r.metric), "round trip, %s",
			 free ? "free on all CPUs" : "pinned to one CPU");
		r.placed = free;
		for (unsigned i = 0; i < v->pass_reps && !guard_stopping(); i++)
			if (!add_run(&r,
				     workload_pipe_pingpong(threads, free ? -1 : v->cpu, n,
							    free ? &r.shared[r.n] : NULL),
				     NULL))
				break;
		if (predict_span_result(v, &r, "pipe-pingpong", sets, ping, NULL, n, &res))
			r.sim_shared = mirror_shared(&res, n);
		run_result_clear(&res);
		row_keep(v, &r);
	}
}

static void run_pipe_processes(struct vctx *v)
{
	pipe_pingpong(v, false);
}

static void run_pipe_threads(struct vctx *v)
{
	pipe_pingpong(v, true);
}

static void run_yield_pingpong(struct vctx *v)
{
	unsigned n = v->quick ? 20000 : 100000;
	g_autofree char *set_prog =
		g_strdup_printf("group yielders.program=repeat %u { yield }", n);
	const char *sets[] = { set_prog, NULL };
	static const char *const yielders[] = { "yielders", NULL };
	struct vrow r = { .workload = "yield-pingpong", .time = true };

	r.model_keys = "switch.yield,switch.yield_switch";
	g_strlcpy(r.metric, "time per sched_yield", sizeof(r.metric));
	for (unsigned i = 0; i < v->pass_reps && !guard_stopping(); i++)
		if (!add_run(&r, workload_yield_pingpong(v->cpu, n), NULL))
			break;
	predict_span(v, &r, "yield-pingpong", sets, yielders, NULL, 2.0 * n);
	row_keep(v, &r);
}

static void run_coro_pingpong(struct vctx *v)
{
	unsigned n = v->quick ? 100000 : 500000;
	g_autofree char *set_prog = g_strdup_printf("group coros.program=repeat %u { yield }", n);
	const char *sets[] = { set_prog, NULL };
	static const char *const coros[] = { "coros", NULL };
	struct vrow r = { .workload = "coro-pingpong", .time = true };

	r.model_keys = "switch.coroutine";
	g_strlcpy(r.metric, "time per coroutine switch", sizeof(r.metric));
	for (unsigned i = 0; i < v->pass_reps && !guard_stopping(); i++)
		if (!add_run(&r, workload_coro_pingpong(v->cpu, n), NULL))
			break;
	predict_span(v, &r, "coro-pingpong", sets, coros, NULL, 2.0 * n);
	row_keep(v, &r);
}

/*
 * hackbench: 2 groups of 5 senders and 5 receivers over pipes, started by a
 * byte each from a start pipe; the time from the start to the last one's
 * end, per message (in the mirror, from the first run of `go`, which writes
 * the start bytes, as the native parent does). First pinned to one CPU, where
 * only the costs of the messages, switches and exits count, then free on all
 * CPUs, where the kernel's spreading of the tasks and the host's CPUs side
 * by side count too.
 */
static void run_hackbench(struct vctx *v)
{
	unsigned loops = v->quick ? 100 : 200, msgs = 2 * 5 * 5 * loops;
	g_autofree char *s0 = g_strdup_printf(
		"group s0.program=recv start 1; repeat %u { send r0p0 100; send r0p1 100; "
		"send r0p2 100; send r0p3 100; send r0p4 100 }",
		loops);
	g_autofree char *s1 = g_strdup_printf(
		"group s1.program=recv start 1; repeat %u { send r1p0 100; send r1p1 100; "
		"send r1p2 100; send r1p3 100; send r1p4 100 }",
		loops);
	g_autofree char *r0 = g_strdup_printf(
		"group r0.program=recv start 1; repeat %u { recv r0p{i} 100 }", 5 * loops);
	g_autofree char *r1 = g_strdup_printf(
		"group r1.program=recv start 1; repeat %u { recv r1p{i} 100 }", 5 * loops);
	static const char *const all[] = { "s0", "s1", "r0", "r1", NULL };

	for (int free = 0; free < 2 && !guard_stopping(); free++) {
		g_autofree char *set_cpus =
			g_strdup_printf("scenario.cpus=%u", free ? v->ncpus : 1);
		const char *sets[] = { set_cpus, s0, s1, r0, r1, NULL };
		struct vrow r = { .workload = "hackbench", .time = true };

		/* pinned, its children's exits are the model's one-CPU figure when it has it */
		r.model_keys = free ? "switch.syscall,switch.ipc_remote,create.process_exit"
			       : v->model.create_process_exit_one_cpu.median > 0
				       ? "switch.syscall,create.process_exit_one_cpu"
				       : "switch.syscall,create.process_exit";
		snprintf(r.metric, sizeof(r.metric), "per message, %s",
			 free ? "free on all CPUs" : "pinned to one CPU");
		for (unsigned i = 0; i < v->pass_reps && !guard_stopping(); i++)
			if (!add_run(&r,
				     workload_hackbench(2, 5, 5, loops, 100, free ? -1 : v->cpu) /
					     msgs,
				     NULL))
				break;
		predict_span(v, &r, "hackbench", sets, all, "go", msgs);
		row_keep(v, &r);
	}
}

static const struct workload {
	const char *name;
	void (*run)(struct vctx *v);
	const char *summary;
	bool scheduling; /* else a cost */
} workloads[] = {
	{ "fork-storm", run_fork_storm, "fork many children that exit at once", false },
	{ "thread-storm", run_thread_storm, "create many threads that return at once", false },
	{ "pipe-processes", run_pipe_processes,
	  "pipe ping-pong between two processes, pinned to one CPU and free", false },
	{ "pipe-threads", run_pipe_threads,
	  "pipe ping-pong between two threads, pinned to one CPU and free", false },
	{ "yield-pingpong", run_yield_pingpong, "two processes calling sched_yield on one CPU",
	  false },
	{ "coro-pingpong", run_coro_pingpong,
	  "two coroutines of one thread switching to each other", false },
	{ "hackbench", run_hackbench, "hackbench: 2 groups of 5 senders and 5 receivers over pipes",
	  false },
	{ "nice-shares", run_nice_shares, "CPU shares of busy loops of nice 0, 5, 10 on one CPU",
	  true },
	{ "busy-loops", run_busy_loops, "twice as many busy loops as CPUs: the makespan", true },
	{ "sleeper-delay", run_sleeper_delay, "the wake-up delay of a sleeper among busy loops",
	  true },
	{ "sleeper-random", run_sleeper_random, "the same with random sleeps (uniform 0.5-1.5 ms)",
	  true },
};

int cmd_validate(int argc, char **argv)
{
	g_autofree char *model = NULL;
	g_autofree char *only = NULL;
	gboolean quick = FALSE, list = FALSE;
	double max_error = -1;	   /* none */
	gint reps = 0, passes = 3; /* reps 0: the default */
	g_autofree char *reps_text = NULL, *passes_text = NULL, *max_error_text = NULL;
	guint64 n;
	GOptionEntry entries[] = {
		{ "model", 'm', 0, G_OPTION_ARG_FILENAME, &model,
		  "the model file to validate (from schedlab-probe)", "FILE" },
		{ "max-error", 0, 0, G_OPTION_ARG_STRING, &max_error_text,
		  "exit 1 when a judged workload's error is beyond PCT percent", "PCT" },
		{ "workloads", 'w', 0, G_OPTION_ARG_FILENAME, &only,
		  "only these workloads (comma-separated)", "LIST" },
		{ "reps", 0, 0, G_OPTION_ARG_FILENAME, &reps_text,
		  "native runs per workload (default 21, 7 quick)", "N" },
		{ "passes", 'p', 0, G_OPTION_ARG_FILENAME, &passes_text,
		  "spread each workload's runs over N passes of every workload (1 to 9, default 3)",
		  "N" },
		{ "quick", 'q', 0, G_OPTION_ARG_NONE, &quick, "smaller workloads and fewer runs",
		  NULL },
		{ "list", 0, 0, G_OPTION_ARG_NONE, &list, "list the workloads and exit", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	g_autoptr(GOptionContext) ctx =
		g_option_context_new("--model FILE - native workloads against their simulations");
	g_autoptr(GError) err = NULL;
	g_auto(GStrv) names = NULL;
	struct vctx v = { 0 };
	cpu_set_t set;
	int status;

	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(
		ctx,
		"Run native workloads on this host and their mirror scenarios "
		"(scenarios/validate/) with the model, and print measured (median [95 % "
		"interval]), predicted and the error in percent. Costs are judged at 15 %, "
		"scheduling at 10 %: a workload whose runs, or the model figures it leans on, "
		"spread wider than that either side, or that other tasks kept off the CPUs, "
		"is too noisy to judge; so are the cost rows when the host moved that far since "
		"the "
		"probe (validate times the probe's pinned pipe round trip at each pass), and a "
		"ping-pong "
		"free on all CPUs that the kernel ran on one CPU that much more or less often "
		"than its mirror.\n"
		"Exit status: 0 success, 1 a judged workload beyond --max-error, 2 bad input.");
	if (!g_option_context_parse(ctx, &argc, &argv, &err))
		return cli_usage_error("validate", "%s", err->message);
	if (list) {
		for (size_t i = 0; i < G_N_ELEMENTS(workloads); i++)
			g_print("%-14s %s\n", workloads[i].name, workloads[i].summary);
		return EXIT_OK;
	}
	if (argc > 1)
		return cli_usage_error("validate", "unexpected argument '%s'", argv[1]);
	if (!model)
		return cli_usage_error("validate", "--model FILE is required");
	if (max_error_text) {
		char *end = NULL;

		/* a percent of error: a negative or not-a-number bound would judge nothing */
		max_error = g_ascii_strtod(max_error_text, &end);
		if (end == max_error_text || *end || !isfinite(max_error) || max_error < 0)
			return cli_usage_error("validate",
					       "--max-error %s: must be a percentage, 0 or more",
					       max_error_text);
	}
	if (reps_text) {
		if (!cli_parse_count(reps_text, 1, 64, &n))
			return cli_usage_error("validate", "--reps %s: must be between 1 and 64",
					       reps_text);
		reps = (gint)n;
	}
	if (passes_text) {
		if (!cli_parse_count(passes_text, 1, PROBE_MAX_PASSES, &n))
			return cli_usage_error("validate", "--passes %s: must be between 1 and %d",
					       passes_text, PROBE_MAX_PASSES);
		passes = (gint)n;
	}
	if (!model_load(&v.model, model, NULL, &err)) {
		fprintf(stderr, "schedlab validate: --model %s: %s\n", model, err->message);
		return EXIT_BAD_INPUT;
	}
	names = only ? g_strsplit(only, ",", -1) : NULL;
	for (size_t i = 0; names && names[i]; i++) {
		bool found = false;

		for (size_t j = 0; j < G_N_ELEMENTS(workloads); j++)
			found |= !strcmp(names[i], workloads[j].name);
		if (!found) {
			model_clear(&v.model);
			return cli_usage_error("validate",
					       "unknown workload '%s'; see 'schedlab validate "
					       "--list'",
					       names[i]);
		}
	}
	v.model_path = model;
	v.quick = quick;
	v.reps = reps ? (unsigned)reps : quick ? 7 : 21;
	v.passes = (unsigned)passes;
	if (v.passes > v.reps) {
		model_clear(&v.model);
		return cli_usage_error(
			"validate", "--passes %u needs at least as many runs (--reps)", v.passes);
	}
	v.max_error = max_error;
	v.ncpus = sched_getaffinity(0, sizeof(set), &set) == 0 ? (unsigned)CPU_COUNT(&set) : 1;
	v.ncpus = CLAMP(v.ncpus, 1, 64);
	v.cpu = 0;
	for (int c = CPU_SETSIZE - 1; c >= 0; c--) {
		if (CPU_ISSET(c, &set)) {
			v.cpu = c;
			break;
		}
	}
	v.out = g_string_new(NULL);
	guard_install();
	g_string_append_printf(
		v.out, "model %s (%s), %u CPUs, %u runs per workload in %u pass%s%s\n",
		v.model.name, model, v.ncpus, v.reps, v.passes, v.passes > 1 ? "es" : "",
		v.model.env_noisy && strcmp(v.model.env_noisy, "none")
			? "; the probe flagged noisy figures ([environment] noisy)"
			: "");
	fwrite(v.out->str, 1, v.out->len, stdout);
	fflush(stdout);
	g_string_truncate(v.out, 0);
	v.rows = g_new0(struct vrow, VALIDATE_MAX_ROWS);
	for (size_t i = 0; i < G_N_ELEMENTS(workloads); i++)
		v.todo += !names || g_strv_contains((const char *const *)names, workloads[i].name);
	v.todo *= v.passes;
	v.progress = cli_progress_wanted(NULL);
	for (v.pass = 0; v.pass < v.passes && !guard_stopping(); v.pass++) {
		/* the runs spread over the passes, the first ones taking what is left over */
		v.pass_reps = v.reps / v.passes + (v.pass < v.reps % v.passes);
		host_reference(&v);
		for (size_t i = 0; i < G_N_ELEMENTS(workloads) && !guard_stopping(); i++) {
			if (names &&
			    !g_strv_contains((const char *const *)names, workloads[i].name))
				continue;
			progress(&v, workloads[i].name);
			v.scheduling = workloads[i].scheduling;
			workloads[i].run(&v);
			v.done++;
		}
	}
	progress(&v, NULL);
	host_drift(&v);
	g_string_append_printf(v.out, "%-14s %-28s %-40s %-12s %10s  %s\n", "workload", "metric",
			       "measured (median [95 % interval])", "predicted", "error",
			       "verdict");
	rows_print(&v);
	fwrite(v.out->str, 1, v.out->len, stdout);
	fflush(stdout);
	g_free(v.rows);
	g_print("%u judged, %u too noisy to judge, %u failed\n", v.judged, v.noisy, v.failed);
	status = v.failed ? EXIT_SIM_FAILED : EXIT_OK;
	g_string_free(v.out, TRUE);
	model_clear(&v.model);
	return status;
}
