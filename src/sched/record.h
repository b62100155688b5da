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
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/simtime.h"

enum record_kind {
	REC_ARRIVE,   /* task created and READY */
	REC_DISPATCH, /* task starts running on cpu (after any switch cost) */
	REC_PREEMPT,  /* running task taken off by a better one (still READY) */
	REC_EXPIRE,   /* running task's slice ended (still READY) */
	REC_YIELD,    /* running task gave the CPU up (still READY) */
	REC_BLOCK,    /* running task blocks: io, sleep, or a wait queue (wait_on) */
	REC_WAKE,     /* blocked task READY again */
	REC_EXIT,     /* task terminated */
	REC_IDLE,     /* cpu has nothing to run */
	/* Counters, for charts and traces (--explain does not print them): */
	REC_QUEUE,  /* `length` = READY tasks now in cpu's queue (-1: the global queue) */
	REC_MEMORY, /* `length` = bytes of simulated memory in use now */
	/* A READY task moved from CPU `length` to `cpu` by load balancing; `why`
	 * (always given, whether the sink asked for reasons or not) says which
	 * balance and with what loads. --explain prints it. */
	REC_MIGRATE,
	/* Counter: `length` = the PELT load of `cpu` (nice-0 task always
	 * runnable = 1024) as the balancer saw it, when it changed. */
	REC_LOAD,
	/* Runtimes (src/runtime), for --explain and traces: */
	REC_RUN,    /* a carrier thread (on cpu, -1: not running yet) runs a user task */
	REC_REJECT, /* a request is turned away: its runtime's queue is full */
	REC__COUNT
};

/* The room of the core's name buffer (task_name, when task_name_len is given). */
#define RECORD_NAME_ROOM 96

struct record {
	sim_time_t time; /* when */
	enum record_kind kind;
	int cpu;       /* -1 when no CPU is involved (arrive, wake) */
	uint32_t task; /* task id; UINT32_MAX for REC_IDLE */
	/* strlen(task_name), the core's; 0: not given (record_name_len). Given,
	 * it also says that task_name starts a buffer of RECORD_NAME_ROOM bytes,
	 * all of them readable: a reader may copy the buffer whole. */
	uint32_t task_name_len;
	const char *task_name; /* valid during the call only */
	sim_time_t length;     /* DISPATCH: switch time paid before the task runs (the
				 * record's time is when the switch starts); ARRIVE:
				 * creation time before it is READY; BLOCK: blocked for;
				 * QUEUE, MEMORY: the counter's new value */
	const char *why;       /* the reason, when the sink asked for reasons; else NULL */
	/* BLOCK on a wait queue (a sync object): what the task waits for,
	 * always set ("lock m"), and the object's id; else NULL, UINT32_MAX. */
	const char *wait_on;
	uint32_t obj;
	/* REC_RUN: the carrier's task id (the kernel task that runs the user
	 * task `task`, on `cpu` or not running yet); else UINT32_MAX. */
	uint32_t carrier;
};

struct record_sink {
	void (*emit)(void *ctx, const struct record *r); /* called in time order */
	void *ctx;
	bool want_why; /* ask policies to explain each decision */
	/*
	 * The sink reads the reason of no record but a migration's (which a
	 * tee always passes on): a tee may hand it records whose `why` is set
	 * as they are, without a copy that clears it.
	 */
	bool why_unread;
	/*
	 * Optional: set to true by the sink when it can take no more (an output
	 * file could not be written); the core then stops the run with
	 * SIM_ERROR_OUTPUT, and the sink's owner names the reason.
	 */
	const bool *halt;
};

const char *record_kind_name(enum record_kind k);

/* The length of r's task name (0: none), measured only when not given. */
static inline size_t record_name_len(const struct record *r)
{
	if (r->task_name_len || !r->task_name)
		return r->task_name_len;
	return strlen(r->task_name);
}

#endif
