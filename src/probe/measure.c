/*
 * measure.c - timing a batch of operations until its median is known; see
 * probe.h.
 *
 * The scheme is lmbench's (McVoy & Staelin, USENIX 1996, section 3.3, and
 * its benchmp() in lib_timing.c as the paper describes it): the number of
 * operations per batch doubles, then is scaled, until one batch lasts at
 * least p->batch_ns (so that the clock's resolution and the ~25 ns of
 * clock_gettime vanish); one batch at that size warms the caches and is
 * thrown away; then at least 11 batches are timed and the median reported.
 * We add the order-statistic interval of the median and keep sampling while
 * it is wider than 5 % and time remains (Hoefler & Belli, SC'15, rule 5),
 * and a noise flag instead of silence when the machine was busy.
 */
#define _GNU_SOURCE
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "base/units.h"
#include "probe/probe.h"

/* Most relative spread of a quiet measurement: 5 % either side of the median. */
#define PROBE_MAX_SPREAD 0.05

int64_t probe_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t probe_thread_cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static long nivcsw_now(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_nivcsw;
}

void probe_summarise(struct probe_result *r)
{
	double spread;
	size_t len = 0;

	stats_median_ci95(r->x, r->n, &r->m);
	r->why[0] = '\0';
	r->noisy = false;
	spread = stats_relative_spread(r->m.median, r->m.lo, r->m.hi);
	if (stats_is_noisy(&r->m, PROBE_MAX_SPREAD)) {
		r->noisy = true;
		if (!r->m.has_ci)
			len += (size_t)snprintf(r->why + len, sizeof(r->why) - len,
						"too few samples");
		else if (isinf(spread) || spread > 9.99)
			len += (size_t)snprintf(r->why + len, sizeof(r->why) - len,
						"spread > 999 %%");
		else
			len += (size_t)snprintf(r->why + len, sizeof(r->why) - len,
						"spread %.0f %%", spread * 100);
	}
	/* A median is robust to disturbed batches while they are its outer quarter at most. */
	if (r->disturbed * 4 > r->n) {
		r->noisy = true;
		len += (size_t)snprintf(r->why + len, sizeof(r->why) - len,
					"%s%ld preemptions in %u of %u batches", len ? ", " : "",
					r->nivcsw, r->disturbed, r->n);
	}
	if (r->pinned && r->migrations * 4 > (long)r->n && len < sizeof(r->why)) {
		r->noisy = true;
		snprintf(r->why + len, sizeof(r->why) - len, "%s%ld migrations in %u batches",
			 len ? ", " : "", r->migrations, r->n);
	}
}

static bool interval_narrow(const struct probe_result *r)
{
	struct stats_median m;

	stats_median_ci95(r->x, r->n, &m);
	return !stats_is_noisy(&m, PROBE_MAX_SPREAD);
}

bool probe_measure(struct probe *p, const char *what, probe_batch_fn fn, void *arg,
		   const struct probe_opts *o, struct probe_result *out)
{
	uint64_t iters = 1, max_iters = o->max_iters ? o->max_iters : 10000000;
	double scale = o->scale > 0 ? o->scale : 1;
	bool late = probe_now() > p->deadline;
	int64_t batch = late ? p->batch_ns / 4 : p->batch_ns;
	int64_t start, t;
	unsigned cap = late ? p->min_samples : p->max_samples;
	struct probe_counts c = { 0 };

	memset(out, 0, sizeof(*out));
	out->what = what;
	out->pinned = o->pinned;
	/* Scale the batch: double, then jump towards the target, within max_iters. */
	for (;;) {
		if (guard_stopping())
			return false;
		t = fn(arg, iters, &c);
		if (t < 0) {
			probe_skip(out, what, "the operation failed");
			return false;
		}
		if (t >= batch || iters >= max_iters)
			break;
		if (t < batch / 64)
			iters *= 8;
		else
			iters = (uint64_t)((double)iters * 1.25 * (double)batch /
					   (double)(t ? t : 1));
		if (iters > max_iters)
			iters = max_iters;
	}
	/* The warm-up batch, thrown away. */
	if (fn(arg, iters, &c) < 0) {
		probe_skip(out, what, "the operation failed");
		return false;
	}
	out->iters = iters;
	out->x = g_new(double, cap);
	start = probe_now();
	while (out->n < cap) {
		long iv0, iv1;
		int cpu0, cpu1;

		if (guard_stopping()) {
			probe_result_clear(out);
			return false;
		}
		c.nivcsw = 0;
		iv0 = o->counts_preemptions ? 0 : nivcsw_now();
		cpu0 = sched_getcpu();
		t = fn(arg, iters, &c);
		cpu1 = sched_getcpu();
		iv1 = o->counts_preemptions ? 0 : nivcsw_now();
		if (t < 0) {
			probe_result_clear(out);
			probe_skip(out, what, "the operation failed");
			return false;
		}
		out->x[out->n++] = (double)t / ((double)iters * scale);
		out->nivcsw += iv1 - iv0 + c.nivcsw;
		out->disturbed += iv1 - iv0 + c.nivcsw > 0;
		out->migrations += cpu0 != cpu1;
		if (out->n >= p->min_samples &&
		    (interval_narrow(out) || probe_now() - start > p->budget_ns ||
		     probe_now() > p->deadline))
			break;
	}
	probe_summarise(out);
	out->ok = true;
	return true;
}

void probe_derive(struct probe *p, struct probe_result *r, double minus, double div)
{
	if (!r->ok)
		return;
	for (unsigned i = 0; i < r->n; i++)
		r->x[i] = (r->x[i] - minus) / div;
	probe_summarise(r);
}

void probe_result_clear(struct probe_result *r)
{
	g_free(r->x);
	r->x = NULL;
	r->n = 0;
	r->ok = false;
}

void probe_skip(struct probe_result *r, const char *what, const char *why)
{
	r->what = what;
	r->ok = false;
	g_strlcpy(r->why, why, sizeof(r->why));
}

static sim_time_t round_ns(double v)
{
	if (!(v > 0))
		return 0;
	if (v > (double)MODEL_MAX_COST)
		return MODEL_MAX_COST;
	return (sim_time_t)llround(v);
}

struct figure probe_figure(const struct probe_result *r)
{
	struct figure f = { 0 };

	if (!r->ok)
		return f;
	f.median = round_ns(r->m.median);
	f.lo = MIN(round_ns(r->m.lo), f.median);
	f.hi = MAX(round_ns(r->m.hi), f.median);
	f.n = r->n;
	return f;
}

void probe_report(struct probe *p, const char *key, const struct probe_result *r)
{
	double at = (double)(probe_now() - p->start) / 1e9;

	if (r->ok && r->noisy && key) {
		if (p->noisy->len)
			g_string_append(p->noisy, "; ");
		if (p->passes > 1)
			g_string_append_printf(p->noisy, "%s (pass %u: %s)", key, p->pass, r->why);
		else
			g_string_append_printf(p->noisy, "%s (%s)", key, r->why);
	}
	if (!p->progress)
		return;
	if (!r->ok) {
		fprintf(stderr, "schedlab-probe: %6.1f s  %s: not measured: %s\n", at, r->what,
			r->why);
		return;
	}
	{
		g_autoptr(GString) s = g_string_new(NULL);
		struct figure f = probe_figure(r);

		units_time(s, f.median);
		g_string_append(s, " [");
		units_time(s, f.lo);
		g_string_append(s, ", ");
		units_time(s, f.hi);
		g_string_append_printf(s, "] n=%u", f.n);
		fprintf(stderr, "schedlab-probe: %6.1f s  %s: %s%s%s\n", at, r->what, s->str,
			r->noisy ? "  NOISY: " : "", r->noisy ? r->why : "");
	}
}

/* ------------------------------------------------------------- pinning */

static cpu_set_t start_set;
static bool start_set_ok;

void probe_cpus_init(struct probe *p)
{
	int first = -1, last = -1;

	start_set_ok = sched_getaffinity(0, sizeof(start_set), &start_set) == 0;
	for (int i = 0; start_set_ok && i < CPU_SETSIZE; i++) {
		if (!CPU_ISSET(i, &start_set))
			continue;
		if (first < 0)
			first = i;
		last = i;
	}
	if (first < 0)
		first = last = 0;
	/* The last CPU for pinned work, as tsuna's cpubench.sh does; the first for its peer. */
	p->cpu_a = last;
	p->cpu_b = first;
}

bool probe_pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) == 0;
}

void probe_unpin(void)
{
	if (start_set_ok)
		sched_setaffinity(0, sizeof(start_set), &start_set);
}
