/*
 * timeseries.h - CPU utilisation, run-queue length and memory over time.
 *
 * A record sink that integrates three step functions of simulated time into
 * at most TS_BUCKETS buckets of equal width: CPUs busy (an interval of
 * runs.h is open: running, or paying the switch cost that leads to the run),
 * READY tasks in all run queues (REC_QUEUE), and memory in use (REC_MEMORY;
 * the bucket keeps its maximum). Buckets start 1 us wide; when a record falls
 * beyond the last bucket, neighbours are merged in pairs and the width
 * doubles, so memory is bounded whatever the length of the run and the
 * resolution is always between TS_BUCKETS / 2 and TS_BUCKETS buckets.
 *
 * Sums are in double, added in record order: the same run gives the same
 * bits. It reads records only.
 */
#ifndef SCHEDLAB_TIMESERIES_H
#define SCHEDLAB_TIMESERIES_H

#include <glib.h>
#include <stdint.h>

#include "sched/record.h"

#define TS_BUCKETS     1000
#define TS_FIRST_WIDTH ((sim_time_t)1000) /* ns */

struct ts_bucket {
	sim_time_t start, width; /* [start, start + width) */
	double busy_ns;		 /* sum over CPUs of the time busy */
	double ready_ns;	 /* sum over READY tasks of the time READY */
	uint64_t memory_max;	 /* bytes in use, the most at any instant */
};

struct timeseries;

struct timeseries *timeseries_new(uint32_t ncpus);
void timeseries_free(struct timeseries *ts);
struct record_sink timeseries_sink(struct timeseries *ts);
/* Integrate up to `end` and return the buckets covering [0, end) (n of them). */
const struct ts_bucket *timeseries_finish(struct timeseries *ts, sim_time_t end, guint *n);

#endif
