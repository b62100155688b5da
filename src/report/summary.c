/*
 * summary.c - the run's figures of merit from its results: turnaround =
 * completion - arrival, waiting = time READY, response = first run - arrival
 * (docs/output-format.md).
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
#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#include <glib.h>

#include "base/histogram.h"
#include "base/units.h"
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

/* a - v, v at most a */
static void acc_sub(struct acc *a, uint64_t v)
{
	if (a->lo < v)
		a->hi--;
	a->lo -= v;
}

static double acc_value(const struct acc *a)
{
	return (double)a->hi * 18446744073709551616.0 + (double)a->lo;
}

static double acc_mean(const struct acc *a, uint64_t n)
{
	return n ? acc_value(a) / (double)n : 0.0;
}

bool summary_overloaded(const struct run_result *r)
{
	double sum[4] = { 0 }, mean[4];
	uint64_t count[4] = { 0 };
	sim_time_t from = r->warmup, to;
	unsigned n = 0;

	if (r->nbacklog < 16)
		return false;
	to = r->backlog[r->nbacklog - 1].time;
	if (to <= from)
		return false; /* every task arrived at once: a batch drains, it is not overloaded */
	for (uint32_t i = 0; i < r->nbacklog; i++) {
		const struct backlog_sample *b = &r->backlog[i];
		int eighth = (int)((double)(b->time - from) * 8.0 / (double)(to - from));

		if (eighth < 4)
			continue;
		eighth = MIN(eighth, 7) - 4;
		sum[eighth] += (double)b->backlog;
		count[eighth]++;
	}
	for (unsigned k = 0; k < 4; k++) {
		if (!count[k])
			continue;
		mean[n] = sum[k] / (double)count[k];
		if (n > 0 && mean[n] <= mean[n - 1])
			return false;
		n++;
	}
	return n >= 3 && mean[n - 1] >= 1.25 * mean[0] + 1.0;
}

/*
 * What a summary sums over the tasks it counts: a group's, or every task.
 * A group that holds every task of the run counts the same tasks in the
 * same order as the run, so its sums are the run's (summary_compute_groups).
 */
struct task_sums {
	struct acc turnaround, waiting, response;
	double normalized;
	uint32_t nnormalized, nresponse;
	uint64_t tasks, completed, requests_completed;
	struct hist *h, *rh; /* turnaround, and requests' */
};

static void sums_init(struct task_sums *k)
{
	memset(k, 0, sizeof(*k));
	k->h = hist_new();
	k->rh = hist_new();
}

static void sums_clear(struct task_sums *k)
{
	hist_free(k->h);
	hist_free(k->rh);
}

/*
 * The summary of group gid (0: the run) into s. The per-task sums go into
 * *k, which starts empty (sums_init); or, when `given`, *k already holds
 * those of every task, all of them gid's, and only what belongs to the
 * group alone (its makespan, switches, CPU time) is summed here.
 */
static void compute(const struct run_result *r, uint32_t gid, struct summary *s,
		    struct task_sums *k, bool given)
{
	struct acc busy = { 0 }, cpu = { 0 };
	const struct hist *lat = gid ? (gid <= r->ngroups ? r->groups[gid - 1].sched_latency : NULL)
				     : r->sched_latency;
	sim_time_t window = r->end - MIN(r->warmup, r->end);

	memset(s, 0, sizeof(*s));
	s->makespan = r->makespan;
	if (gid) {
		sim_time_t last = 0;

		for (uint32_t i = 0; i < r->ntasks; i++) {
			const struct task_result *t = &r->tasks[i];

			if (t->group != gid)
				continue;
			if (t->completion == SIM_TIME_NONE) {
				last = r->end;
				break;
			}
			last = MAX(last, t->completion);
		}
		s->makespan = last;
	}
	s->peak_memory = r->peak_memory;
	s->events = r->events;
	s->horizon_hit = r->horizon_hit;
	s->group = gid > 0;
	for (uint32_t i = 0; i < r->ntasks; i++) {
		const struct task_result *t = &r->tasks[i];
		sim_time_t ta;

		if (gid && t->group != gid)
			continue;
		if (gid) {
			/* a group's switches are those of its tasks (result.h) */
			s->voluntary += t->voluntary;
			s->involuntary += t->involuntary;
			acc_add(&cpu, (uint64_t)t->cpu);
		}
		if (given)
			continue; /* the rest is summed already */
		if (t->carrier)
			continue; /* a runtime's thread: its switches count, not its turnaround */
		if (r->warmup && t->arrival != SIM_TIME_NONE && t->arrival < r->warmup)
			continue; /* arrived during the warm-up */
		k->tasks++;
		if (t->completion == SIM_TIME_NONE)
			continue;
		k->completed++;
		ta = t->completion - t->arrival;
		if (t->request) {
			k->requests_completed++;
			hist_add(k->rh, ta);
		}
		acc_add(&k->turnaround, (uint64_t)ta);
		acc_add(&k->waiting, (uint64_t)t->waiting);
		if (t->first_run != SIM_TIME_NONE) {
			acc_add(&k->response, (uint64_t)(t->first_run - t->arrival));
			k->nresponse++; /* a task may exit without ever running */
		}
		if (t->cpu > 0) {
			k->normalized += (double)ta / (double)t->cpu;
			k->nnormalized++;
		}
		hist_add(k->h, ta);
	}
	s->tasks = k->tasks;
	s->completed = k->completed;
	s->requests_completed = k->requests_completed;
	if (gid && gid <= r->ngroups) {
		/* what its tasks used and made during the warm-up (result.h) */
		const struct group_result *g = &r->groups[gid - 1];

		acc_sub(&cpu, (uint64_t)g->warmup_cpu);
		s->voluntary -= MIN(s->voluntary, g->warmup_voluntary);
		s->involuntary -= MIN(s->involuntary, g->warmup_involuntary);
	}
	s->avg_turnaround_ns = acc_mean(&k->turnaround, s->completed);
	s->avg_waiting_ns = acc_mean(&k->waiting, s->completed);
	s->avg_response_ns = acc_mean(&k->response, k->nresponse);
	s->avg_normalized_turnaround = k->nnormalized ? k->normalized / k->nnormalized : 0.0;
	for (uint32_t i = 0; i < r->ncpus; i++) {
		const struct cpu_result *c = &r->cpus[i];

		acc_add(&busy, (uint64_t)c->busy);
		if (!gid) {
			/* one definition of a switch: a CPU changing tasks (result.h) */
			s->involuntary += c->involuntary;
			s->voluntary += c->switches - c->involuntary;
		}
		s->switch_ns += c->switching;
		s->tlb_flushes += c->tlb_flushes;
		s->tlb_refill_ns += c->tlb_refill;
		s->migrations += c->migrations;
		s->remote_wakeups += c->remote_wakeups;
		s->switches_process += c->switches_process;
		s->switches_thread += c->switches_thread;
	}
	s->runtimes = r->runtimes;
	s->served = r->served;
	s->requests = r->requests;
	s->requests_rejected = r->requests_rejected;
	s->switches_coroutine = r->coroutine_switches;
	s->context_switches = s->voluntary + s->involuntary;
	if (window > 0) {
		s->throughput_per_s = (double)s->completed * 1e9 / (double)window;
		s->request_throughput_per_s = (double)s->requests_completed * 1e9 / (double)window;
		if (r->ncpus)
			s->cpu_utilization =
				acc_value(gid ? &cpu : &busy) / ((double)window * (double)r->ncpus);
	}
	if (lat) {
		s->latency_samples = hist_count(lat);
		s->lp50 = hist_percentile(lat, 500000);
		s->lp90 = hist_percentile(lat, 900000);
		s->lp99 = hist_percentile(lat, 990000);
		s->lp999 = hist_percentile(lat, 999000);
		s->lmax = hist_max(lat);
	}
	s->overloaded = summary_overloaded(r);

	s->p50 = hist_percentile(k->h, 500000);
	s->p90 = hist_percentile(k->h, 900000);
	s->p99 = hist_percentile(k->h, 990000);
	s->p999 = hist_percentile(k->h, 999000);
	s->max = hist_max(k->h);
	s->rp50 = hist_percentile(k->rh, 500000);
	s->rp90 = hist_percentile(k->rh, 900000);
	s->rp99 = hist_percentile(k->rh, 990000);
	s->rp999 = hist_percentile(k->rh, 999000);
	s->rmax = hist_max(k->rh);
}

void summary_compute(const struct run_result *r, struct summary *s)
{
	summary_compute_group(r, 0, s);
}

void summary_compute_group(const struct run_result *r, uint32_t gid, struct summary *s)
{
	struct task_sums k;

	sums_init(&k);
	compute(r, gid, s, &k, false);
	sums_clear(&k);
}

/* Does group gid hold every task of the run? */
static bool holds_every_task(const struct run_result *r, uint32_t gid)
{
	for (uint32_t i = 0; i < r->ntasks; i++)
		if (r->tasks[i].group != gid)
			return false;
	return true;
}

void summary_compute_groups(const struct run_result *r, struct summary *run, struct summary *groups)
{
	struct task_sums k;

	sums_init(&k);
	compute(r, 0, run, &k, false);
	for (uint32_t i = 0; i < r->ngroups; i++) {
		if (r->ngroups == 1 && holds_every_task(r, 1)) {
			compute(r, 1, &groups[0], &k, true);
		} else {
			struct task_sums own;

			sums_init(&own);
			compute(r, i + 1, &groups[i], &own, false);
			sums_clear(&own);
		}
	}
	sums_clear(&k);
}

/* ------------------------------------------------------ the metric table */

/* The run table's special lines. */
static char *line_per_cpu(const struct summary *s, const struct run_result *r)
{
	GString *per;

	(void)s;
	if (r->ncpus < 2 || r->ncpus > 16 || r->end <= 0)
		return NULL;
	/* Each CPU's busy share in tenths of a percent, rounded, in integers
	 * (of 128 bits: busy * 2000 passes 2^64 after 107 days). */
	per = g_string_new(NULL);
	for (uint32_t i = 0; i < r->ncpus; i++) {
		unsigned __int128 x = (unsigned __int128)r->cpus[i].busy * 2000;
		uint64_t tenths = (uint64_t)((x / (uint64_t)r->end + 1) / 2);

		g_string_append_printf(per, "%scpu%u %" PRIu64 ".%" PRIu64 " %%", i ? ", " : "", i,
				       tenths / 10, tenths % 10);
	}
	return g_string_free(per, FALSE);
}

static char *line_switches(const struct summary *s, const struct run_result *r)
{
	(void)r;
	return g_strdup_printf("%" PRIu64 " (%" PRIu64 " voluntary, %" PRIu64 " involuntary)",
			       s->context_switches, s->voluntary, s->involuntary);
}

static char *line_migrations(const struct summary *s, const struct run_result *r)
{
	if (r->ncpus < 2)
		return NULL;
	return g_strdup_printf("%" PRIu64 " (%" PRIu64 " remote wakeups)", s->migrations,
			       s->remote_wakeups);
}

static char *line_requests(const struct summary *s, const struct run_result *r)
{
	(void)r;
	return g_strdup_printf("%" PRIu64 " (%" PRIu64 " completed, %" PRIu64 " rejected)",
			       s->requests, s->requests_completed, s->requests_rejected);
}

static char *line_switch_kinds(const struct summary *s, const struct run_result *r)
{
	(void)r;
	return g_strdup_printf("%" PRIu64 " process, %" PRIu64 " thread, %" PRIu64 " coroutine",
			       s->switches_process, s->switches_thread, s->switches_coroutine);
}

#define AT(table, ctable, compare, sweep)                                                          \
	.at = {                                                                                    \
		[SUMMARY_VIEW_TABLE] = table,                                                      \
		[SUMMARY_VIEW_COMPARE_TABLE] = ctable,                                             \
		[SUMMARY_VIEW_COMPARE] = compare,                                                  \
		[SUMMARY_VIEW_SWEEP] = sweep,                                                      \
	}
/* The same with the places in the served compare views (table, CSV/JSON). */
#define AT_SERVED(table, ctable, compare, sweep, stable, serve)                                    \
	.at = {                                                                                    \
		[SUMMARY_VIEW_TABLE] = table,	     [SUMMARY_VIEW_COMPARE_TABLE] = ctable,        \
		[SUMMARY_VIEW_COMPARE] = compare,    [SUMMARY_VIEW_SWEEP] = sweep,                 \
		[SUMMARY_VIEW_SERVE_TABLE] = stable, [SUMMARY_VIEW_SERVE] = serve,                 \
	}
/* The same with the place in the run table's section of groups. */
#define ATG(table, ctable, compare, sweep, groups)                                                 \
	.at = {                                                                                    \
		[SUMMARY_VIEW_TABLE] = table,	  [SUMMARY_VIEW_COMPARE_TABLE] = ctable,           \
		[SUMMARY_VIEW_COMPARE] = compare, [SUMMARY_VIEW_SWEEP] = sweep,                    \
		[SUMMARY_VIEW_GROUPS] = groups,                                                    \
	}
#define OFF(field) .offset = offsetof(struct summary, field)

/*
 * In the JSON contract's order (docs/output-format.md). AT(table, compare table,
 * compare CSV/JSON, sweep) places a metric in each view, 0 for none.
 */
const struct summary_field summary_fields[] = {
	{ "makespan_ns", .kind = SUMMARY_NS, OFF(makespan), .label = "makespan", AT(2, 0, 3, 0) },
	{ "completed", .kind = SUMMARY_OF_TASKS, OFF(completed), .label = "completed",
	  .head = "completed", ATG(1, 7, 1, 0, 1) },
	{ "tasks", .kind = SUMMARY_COUNT, OFF(tasks), .not_json = true, AT(0, 0, 2, 0) },
	{ "throughput_per_s", .kind = SUMMARY_PER_S, OFF(throughput_per_s), .label = "throughput",
	  .head = "throughput", ATG(3, 5, 8, 1, 2) },
	{ "cpu_utilization", .kind = SUMMARY_SHARE, OFF(cpu_utilization),
	  .label = "CPU utilization", .head = "CPU",
	  .at = { [SUMMARY_VIEW_TABLE] = 4,
		  [SUMMARY_VIEW_SWEEP] = 9,
		  [SUMMARY_VIEW_SERVE_TABLE] = 8,
		  [SUMMARY_VIEW_SERVE] = 9,
		  [SUMMARY_VIEW_GROUPS] = 3 } },
	{ "per_cpu", .kind = SUMMARY_LINE, .label = "per CPU", .line = line_per_cpu,
	  .not_json = true, AT(5, 0, 0, 0) },
	{ "context_switches", .kind = SUMMARY_COUNT, OFF(context_switches),
	  .label = "context switches", .head = "switches", .line = line_switches,
	  ATG(10, 6, 9, 10, 8) },
	{ "voluntary_switches", .kind = SUMMARY_COUNT, OFF(voluntary) },
	{ "involuntary_switches", .kind = SUMMARY_COUNT, OFF(involuntary) },
	{ "avg_turnaround_ns", .kind = SUMMARY_MEAN_NS, .exists = SUMMARY_IF_COMPLETED,
	  OFF(avg_turnaround_ns), .label = "average turnaround", .head = "turnaround",
	  ATG(6, 1, 4, 2, 4) },
	{ "avg_waiting_ns", .kind = SUMMARY_MEAN_NS, .exists = SUMMARY_IF_COMPLETED,
	  OFF(avg_waiting_ns), .label = "average waiting", .head = "waiting", AT(7, 2, 5, 3) },
	{ "avg_response_ns", .kind = SUMMARY_MEAN_NS, .exists = SUMMARY_IF_COMPLETED,
	  OFF(avg_response_ns), .label = "average response", .head = "response",
	  ATG(8, 3, 6, 4, 5) },
	{ "avg_normalized_turnaround", .kind = SUMMARY_RATIO, .exists = SUMMARY_IF_POSITIVE,
	  OFF(avg_normalized_turnaround), .label = "normalized turnaround", .head = "normalized",
	  AT(9, 4, 7, 0) },
	{ "switch_time_ns", .run_only = true, .kind = SUMMARY_NS, OFF(switch_ns),
	  .label = "switch time", AT(11, 0, 0, 0) },
	{ "tlb_flushes", .run_only = true, .kind = SUMMARY_COUNT, OFF(tlb_flushes),
	  .label = "TLB flushes", AT(12, 0, 0, 0) },
	{ "tlb_refill_ns", .run_only = true, .kind = SUMMARY_NS, OFF(tlb_refill_ns),
	  .label = "TLB refill time", AT(13, 0, 0, 0) },
	{ "migrations", .run_only = true, .kind = SUMMARY_COUNT, OFF(migrations),
	  .label = "migrations", .line = line_migrations, AT(14, 0, 0, 0) },
	{ "remote_wakeups", .run_only = true, .kind = SUMMARY_COUNT, OFF(remote_wakeups) },
	{ "peak_memory_bytes", .run_only = true, .kind = SUMMARY_BYTES, OFF(peak_memory),
	  .label = "peak memory", .head = "memory", AT_SERVED(15, 0, 0, 14, 7, 8) },
	{ "events", .run_only = true, .kind = SUMMARY_COUNT, OFF(events), .label = "events",
	  AT(26, 0, 0, 0) },
	{ "horizon_hit", .kind = SUMMARY_FLAG, OFF(horizon_hit) },
	{ "latency_p50_ns", "latency_ns", "p50", .kind = SUMMARY_NS, .exists = SUMMARY_IF_COMPLETED,
	  OFF(p50), .label = "turnaround p50", AT(16, 0, 0, 5) },
	{ "latency_p90_ns", "latency_ns", "p90", .kind = SUMMARY_NS, .exists = SUMMARY_IF_COMPLETED,
	  OFF(p90), .label = "turnaround p90", AT(17, 0, 0, 6) },
	{ "latency_p99_ns", "latency_ns", "p99", .kind = SUMMARY_NS, .exists = SUMMARY_IF_COMPLETED,
	  OFF(p99), .label = "turnaround p99", .head = "turnaround p99", ATG(18, 0, 0, 7, 6) },
	{ "latency_p999_ns", "latency_ns", "p999", .kind = SUMMARY_NS,
	  .exists = SUMMARY_IF_COMPLETED, OFF(p999), .label = "turnaround p99.9", AT(19, 0, 0, 0) },
	{ "latency_max_ns", "latency_ns", "max", .kind = SUMMARY_NS, .exists = SUMMARY_IF_COMPLETED,
	  OFF(max), .label = "turnaround max", AT(20, 0, 0, 8) },
	/* Execution models: only in runs with runtimes (keys added, never renamed);
	 * in sweep's CSV after every other column, when its scenario serves requests. */
	{ "requests", .run_only = true, .kind = SUMMARY_COUNT, OFF(requests), .label = "requests",
	  .line = line_requests, .runtime_only = true, .served_only = true,
	  AT_SERVED(27, 0, 0, 0, 0, 1) },
	{ "requests_completed", .kind = SUMMARY_COUNT, OFF(requests_completed), .head = "served",
	  .runtime_only = true, .served_only = true, AT_SERVED(0, 0, 0, 16, 1, 2) },
	{ "requests_rejected", .run_only = true, .kind = SUMMARY_COUNT, OFF(requests_rejected),
	  .head = "rejected", .runtime_only = true, .served_only = true,
	  AT_SERVED(0, 0, 0, 17, 2, 3) },
	{ "request_throughput_per_s", .kind = SUMMARY_PER_S, OFF(request_throughput_per_s),
	  .label = "request throughput", .head = "throughput", .runtime_only = true,
	  .served_only = true, AT_SERVED(28, 0, 0, 18, 3, 4) },
	{ "request_latency_p50_ns", "request_latency_ns", "p50", .kind = SUMMARY_NS,
	  .exists = SUMMARY_IF_REQUESTS, OFF(rp50), .label = "request latency p50", .head = "p50",
	  .runtime_only = true, .served_only = true, AT_SERVED(29, 0, 0, 19, 4, 5) },
	{ "request_latency_p90_ns", "request_latency_ns", "p90", .kind = SUMMARY_NS,
	  .exists = SUMMARY_IF_REQUESTS, OFF(rp90), .label = "request latency p90",
	  .runtime_only = true, .served_only = true, AT_SERVED(30, 0, 0, 20, 0, 6) },
	{ "request_latency_p99_ns", "request_latency_ns", "p99", .kind = SUMMARY_NS,
	  .exists = SUMMARY_IF_REQUESTS, OFF(rp99), .label = "request latency p99", .head = "p99",
	  .runtime_only = true, .served_only = true, AT_SERVED(31, 0, 0, 21, 5, 7) },
	{ "request_latency_p999_ns", "request_latency_ns", "p999", .kind = SUMMARY_NS,
	  .exists = SUMMARY_IF_REQUESTS, OFF(rp999), .label = "request latency p99.9",
	  .runtime_only = true, .served_only = true, AT_SERVED(32, 0, 0, 0, 0, 0) },
	{ "request_latency_max_ns", "request_latency_ns", "max", .kind = SUMMARY_NS,
	  .exists = SUMMARY_IF_REQUESTS, OFF(rmax), .label = "request latency max", .head = "max",
	  .runtime_only = true, .served_only = true, AT_SERVED(33, 0, 0, 22, 6, 10) },
	{ "switches_process", .run_only = true, .kind = SUMMARY_COUNT, OFF(switches_process),
	  .head = "proc sw", .label = "switches by kind", .line = line_switch_kinds,
	  .runtime_only = true, AT_SERVED(34, 0, 0, 0, 9, 11) },
	{ "switches_thread", .run_only = true, .kind = SUMMARY_COUNT, OFF(switches_thread),
	  .head = "thr sw", .runtime_only = true, AT_SERVED(0, 0, 0, 0, 10, 12) },
	{ "switches_coroutine", .run_only = true, .kind = SUMMARY_COUNT, OFF(switches_coroutine),
	  .head = "co sw", .runtime_only = true, AT_SERVED(0, 0, 0, 0, 11, 13) },
	/* Capacity planning (keys added, never renamed). */
	{ "sched_latency_p50_ns", "sched_latency_ns", "p50", .kind = SUMMARY_NS,
	  .exists = SUMMARY_IF_LATENCY, OFF(lp50), .label = "sched latency p50", AT(21, 0, 0, 11) },
	{ "sched_latency_p90_ns", "sched_latency_ns", "p90", .kind = SUMMARY_NS,
	  .exists = SUMMARY_IF_LATENCY, OFF(lp90), .label = "sched latency p90", AT(22, 0, 0, 0) },
	{ "sched_latency_p99_ns", "sched_latency_ns", "p99", .kind = SUMMARY_NS,
	  .exists = SUMMARY_IF_LATENCY, OFF(lp99), .label = "sched latency p99",
	  .head = "sched p99", ATG(23, 0, 10, 12, 7) },
	{ "sched_latency_p999_ns", "sched_latency_ns", "p999", .kind = SUMMARY_NS,
	  .exists = SUMMARY_IF_LATENCY, OFF(lp999), .label = "sched latency p99.9",
	  AT(24, 0, 0, 0) },
	{ "sched_latency_max_ns", "sched_latency_ns", "max", .kind = SUMMARY_NS,
	  .exists = SUMMARY_IF_LATENCY, OFF(lmax), .label = "sched latency max", AT(25, 0, 0, 13) },
	{ "overloaded", .kind = SUMMARY_FLAG, OFF(overloaded), .run_only = true, AT(0, 0, 11, 15) },
};
const unsigned summary_nfields = G_N_ELEMENTS(summary_fields);
G_STATIC_ASSERT(G_N_ELEMENTS(summary_fields) <= SUMMARY_MAX_FIELDS);

unsigned summary_view(enum summary_view v, const struct summary_field **out)
{
	unsigned n = 0;

	g_return_val_if_fail(v < SUMMARY_NVIEWS, 0);
	/* insertion by place: a few dozen fields */
	for (unsigned i = 0; i < summary_nfields; i++) {
		const struct summary_field *f = &summary_fields[i];
		unsigned k = n++;

		if (!f->at[v]) {
			n--;
			continue;
		}
		while (k > 0 && out[k - 1]->at[v] > f->at[v]) {
			out[k] = out[k - 1];
			k--;
		}
		out[k] = f;
	}
	return n;
}

const struct summary_field *summary_field_find(const char *key)
{
	for (unsigned i = 0; i < summary_nfields; i++)
		if (!strcmp(summary_fields[i].key, key))
			return &summary_fields[i];
	return NULL;
}

static const void *field_ptr(const struct summary_field *f, const struct summary *s)
{
	return (const char *)s + f->offset;
}

static uint64_t field_u64(const struct summary_field *f, const struct summary *s)
{
	uint64_t v;

	memcpy(&v, field_ptr(f, s), sizeof(v));
	return v;
}

static sim_time_t field_time(const struct summary_field *f, const struct summary *s)
{
	sim_time_t v;

	memcpy(&v, field_ptr(f, s), sizeof(v));
	return v;
}

static double field_double(const struct summary_field *f, const struct summary *s)
{
	double v;

	memcpy(&v, field_ptr(f, s), sizeof(v));
	return v;
}

double summary_field_value(const struct summary_field *f, const struct summary *s)
{
	switch (f->kind) {
	case SUMMARY_COUNT:
	case SUMMARY_OF_TASKS:
	case SUMMARY_BYTES:
		return (double)field_u64(f, s);
	case SUMMARY_NS:
		return (double)field_time(f, s);
	case SUMMARY_MEAN_NS:
	case SUMMARY_RATIO:
	case SUMMARY_SHARE:
	case SUMMARY_PER_S:
		return field_double(f, s);
	case SUMMARY_FLAG:
		return *(const bool *)field_ptr(f, s) ? 1 : 0;
	case SUMMARY_LINE:
		break;
	}
	return 0;
}

bool summary_field_exists(const struct summary_field *f, const struct summary *s)
{
	return !(f->run_only && s->group) && summary_field_defined(f, s);
}

bool summary_field_defined(const struct summary_field *f, const struct summary *s)
{
	double v = summary_field_value(f, s);

	if (f->kind == SUMMARY_LINE || !isfinite(v))
		return false;
	switch (f->exists) {
	case SUMMARY_ALWAYS:
		break;
	case SUMMARY_IF_COMPLETED:
		return s->completed > 0;
	case SUMMARY_IF_POSITIVE:
		return v > 0;
	case SUMMARY_IF_REQUESTS:
		return s->requests_completed > 0;
	case SUMMARY_IF_LATENCY:
		return s->latency_samples > 0;
	}
	return true;
}

/* A mean in ns to the nearest integer ns. */
static int64_t round_ns(double v)
{
	if (v >= 9.2e18)
		return INT64_MAX;
	return v > 0 ? (int64_t)(v + 0.5) : 0;
}

static void append_fixed(GString *out, const char *format, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	g_string_append(out, g_ascii_formatd(buf, sizeof(buf), format, v));
}

void summary_field_data(GString *out, const struct summary_field *f, const struct summary *s)
{
	switch (f->kind) {
	case SUMMARY_COUNT:
	case SUMMARY_OF_TASKS:
	case SUMMARY_BYTES:
		g_string_append_printf(out, "%" PRIu64, field_u64(f, s));
		break;
	case SUMMARY_NS:
		g_string_append_printf(out, "%" PRId64, (int64_t)field_time(f, s));
		break;
	case SUMMARY_MEAN_NS:
		g_string_append_printf(out, "%" PRId64, round_ns(field_double(f, s)));
		break;
	case SUMMARY_RATIO:
	case SUMMARY_SHARE:
	case SUMMARY_PER_S:
		append_fixed(out, "%.6f", field_double(f, s));
		break;
	case SUMMARY_FLAG:
		g_string_append(out, summary_field_value(f, s) ? "true" : "false");
		break;
	case SUMMARY_LINE:
		break;
	}
}

const char *summary_field_unit(const struct summary_field *f, sim_time_t unit)
{
	switch (f->kind) {
	case SUMMARY_NS:
	case SUMMARY_MEAN_NS:
		return units_suffix(unit);
	case SUMMARY_PER_S:
		return "/s";
	case SUMMARY_SHARE:
		return "%";
	default:
		return "";
	}
}

void summary_field_text(GString *out, const struct summary_field *f, const struct summary *s,
			sim_time_t unit, bool with_unit)
{
	double v = summary_field_value(f, s);

	if (!summary_field_exists(f, s)) {
		g_string_append(out, "-");
		return;
	}
	switch (f->kind) {
	case SUMMARY_COUNT:
		g_string_append_printf(out, "%" PRIu64, field_u64(f, s));
		return;
	case SUMMARY_OF_TASKS:
		g_string_append_printf(out, "%" PRIu64 " of %" PRIu64, field_u64(f, s), s->tasks);
		return;
	case SUMMARY_BYTES: {
		g_autofree char *b = units_bytes_text(field_u64(f, s));

		g_string_append(out, b);
		return;
	}
	case SUMMARY_NS:
	case SUMMARY_MEAN_NS: {
		sim_time_t t = f->kind == SUMMARY_NS ? field_time(f, s) : round_ns(v);

		if (with_unit)
			units_time_in(out, t, unit);
		else
			units_number_in(out, t, unit);
		return;
	}
	case SUMMARY_RATIO:
		append_fixed(out, "%.2f", v);
		return;
	case SUMMARY_SHARE:
		append_fixed(out, "%.1f", v * 100);
		break;
	case SUMMARY_PER_S:
		/* a slow trickle keeps its digits: 0.0042 /s, not 0.00 /s */
		append_fixed(out, v >= 1 || v == 0 ? "%.2f" : "%.4f", v);
		break;
	case SUMMARY_FLAG:
		g_string_append(out, v ? "yes" : "no");
		return;
	case SUMMARY_LINE:
		return;
	}
	if (with_unit)
		g_string_append_printf(out, " %s", summary_field_unit(f, unit));
}
