/*
 * record.h - the stream of scheduling records.
 *
 * The scheduler core emits one record for every decision and state change:
 * a task arriving, being dispatched, preempted, blocking, waking, exiting, a
 * CPU going idle. The same stream feeds --explain, the Gantt chart and
 * traces. A run with no sink attached emits nothing and formats nothing, so
 * records cost the hot path a single test.
 */
#ifndef SCHEDLAB_RECORD_H
#define SCHEDLAB_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/simtime.h"

enum record_kind {
	REC_ARRIVE,   /* task created and READY */
	REC_DISPATCH, /* task starts running on cpu (after any switch cost) */
	REC_PREEMPT,  /* running task taken off by a better one (still READY) */
	REC_EXPIRE,   /* running task's slice ended (still READY) */
	REC_YIELD,    /* running task gave the CPU up (still READY) */
	REC_BLOCK,    /* running task blocks on io or sleep */
	REC_WAKE,     /* blocked task READY again */
	REC_EXIT,     /* task terminated */
	REC_IDLE,     /* cpu has nothing to run */
	REC_SWITCH,   /* cpu spends `length` switching to task */
	REC__COUNT
};

struct record {
	sim_time_t time;       /* when */
	enum record_kind kind;
	int cpu;	       /* -1 when no CPU is involved (arrive, wake) */
	uint32_t task;	       /* task id; UINT32_MAX for REC_IDLE */
	const char *task_name; /* valid during the call only */
	sim_time_t length;     /* REC_SWITCH: switch time; REC_BLOCK: blocked for */
	const char *why;       /* the reason, when the sink asked for reasons; else NULL */
};

struct record_sink {
	void (*emit)(void *ctx, const struct record *r); /* called in time order */
	void *ctx;
	bool want_why; /* ask policies to explain each decision */
};

const char *record_kind_name(enum record_kind k);

#endif
