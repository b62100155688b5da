/*
 * timeseries.c - bounded buckets of utilisation, queue length, memory.
 */
#include <string.h>

#include "report/runs.h"
#include "report/timeseries.h"

struct timeseries {
	uint32_t ncpus;
	struct run_tracker *rt; /* which CPUs are busy */
	sim_time_t now;		/* integrated up to here */
	sim_time_t width;	/* of every bucket */
	guint nused;		/* buckets touched so far */
	int64_t *queues;	/* READY per queue: cpu 0..ncpus-1, then the global one */
	int64_t ready;		/* their sum */
	uint64_t memory;	/* bytes in use now */
	struct ts_bucket b[TS_BUCKETS];
};

struct timeseries *timeseries_new(uint32_t ncpus)
{
	struct timeseries *ts = g_new0(struct timeseries, 1);

	ts->ncpus = ncpus;
	ts->rt = run_tracker_new(ncpus);
	ts->width = TS_FIRST_WIDTH;
	ts->queues = g_new0(int64_t, ncpus + 1);
	return ts;
}

void timeseries_free(struct timeseries *ts)
{
	if (!ts)
		return;
	run_tracker_free(ts->rt);
	g_free(ts->queues);
	g_free(ts);
}

/* Merge neighbours in pairs until time t falls in a bucket. */
static void grow(struct timeseries *ts, sim_time_t t)
{
	while (t / TS_BUCKETS >= ts->width) { /* t >= width * TS_BUCKETS, which may overflow */
		for (guint i = 0; i < TS_BUCKETS / 2; i++) {
			struct ts_bucket *a = &ts->b[2 * i], *c = &ts->b[2 * i + 1];

			ts->b[i] = (struct ts_bucket){
				.busy_ns = a->busy_ns + c->busy_ns,
				.ready_ns = a->ready_ns + c->ready_ns,
				.memory_max = MAX(a->memory_max, c->memory_max),
			};
		}
		memset(&ts->b[TS_BUCKETS / 2], 0, sizeof(ts->b) / 2);
		ts->nused = (ts->nused + 1) / 2;
		ts->width *= 2;
	}
}

/* The state holds from ts->now to t: add it to the buckets it covers. */
static void advance(struct timeseries *ts, sim_time_t t)
{
	double busy = (double)run_tracker_running(ts->rt), ready = (double)ts->ready;

	if (t <= ts->now) {
		/* an instant: only the memory maximum sees it */
		guint k;

		grow(ts, ts->now);
		k = (guint)(ts->now / ts->width);
		ts->b[k].memory_max = MAX(ts->b[k].memory_max, ts->memory);
		ts->nused = MAX(ts->nused, k + 1);
		return;
	}
	grow(ts, t - 1);
	for (guint k = (guint)(ts->now / ts->width); k <= (guint)((t - 1) / ts->width); k++) {
		sim_time_t start = (sim_time_t)k * ts->width; /* <= t - 1 */
		sim_time_t lo = MAX(ts->now, start);
		sim_time_t hi = t - start > ts->width ? start + ts->width : t;
		double d = (double)(hi - lo);

		ts->b[k].busy_ns += busy * d;
		ts->b[k].ready_ns += ready * d;
		ts->b[k].memory_max = MAX(ts->b[k].memory_max, ts->memory);
		ts->nused = MAX(ts->nused, k + 1);
	}
	ts->now = t;
}

static void ts_emit(void *ctx, const struct record *r)
{
	struct timeseries *ts = ctx;
	struct run_span sp;

	advance(ts, r->time);
	run_tracker_feed(ts->rt, r, &sp);
	if (r->kind == REC_QUEUE) {
		uint32_t q =
			r->cpu >= 0 && (uint32_t)r->cpu < ts->ncpus ? (uint32_t)r->cpu : ts->ncpus;

		ts->ready += r->length - ts->queues[q];
		ts->queues[q] = r->length;
	} else if (r->kind == REC_MEMORY) {
		ts->memory = (uint64_t)r->length;
		advance(ts, r->time); /* the new value's instant */
	}
}

struct record_sink timeseries_sink(struct timeseries *ts)
{
	return (struct record_sink){ .emit = ts_emit, .ctx = ts, .want_why = false };
}

const struct ts_bucket *timeseries_finish(struct timeseries *ts, sim_time_t end, guint *n)
{
	guint nb;

	advance(ts, end);
	nb = end > 0 ? (guint)((end - 1) / ts->width) + 1 : 0;
	for (guint k = 0; k < nb; k++) {
		ts->b[k].start = (sim_time_t)k * ts->width;
		ts->b[k].width = MIN(ts->width, end - ts->b[k].start);
	}
	*n = nb;
	return ts->b;
}
