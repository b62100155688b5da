/*
 * runs.h - run intervals from the record stream, one CPU lane at a time.
 *
 * A run interval opens on a CPU with REC_DISPATCH, at the record's time (the
 * switch cost, the record's length, is paid first and belongs to the
 * interval). It closes with the next PREEMPT, EXPIRE, YIELD, BLOCK or EXIT of
 * the same task on that CPU, or with another DISPATCH or an IDLE of the CPU.
 * The Gantt chart, the trace, the time series and the plotted Gantt chart all
 * read intervals through this one tracker, so that they always agree.
 *
 * Following carriers (run_tracker_follow_carriers, for the Gantt charts): a
 * carrier thread of a runtime (an event loop, a pool's worker, Go's M) runs
 * user tasks (coroutines, requests, goroutines) inside its own intervals.
 * Then an interval of a carrier is cut into pieces, one per user task it
 * runs: a REC_RUN (with its carrier) cuts the carrier's interval at its time
 * and the next piece is the user task's; the user task's BLOCK or EXIT (no
 * CPU: user tasks block and end inside their carrier) cuts it again and the
 * next piece is the carrier's own. A carrier that stops and runs again goes on
 * with the user task it had. A piece's `task` is the user task, its `carrier`
 * the kernel task on the CPU. Without it, the carrier's intervals are whole
 * (the trace and the time series).
 *
 * The tracker holds per-CPU state only, and when following carriers, which
 * user task each carrier runs now: memory does not grow with the run.
 * It knows records (record.h) and nothing else.
 */
#ifndef SCHEDLAB_RUNS_H
#define SCHEDLAB_RUNS_H

#include <stdbool.h>
#include <stdint.h>

#include "sched/record.h"

#define RUN_NAME_MAX 64 /* task names longer than this are cut */

struct run_span {
	int cpu;
	uint32_t task;	  /* task id: the user task when following carriers */
	uint32_t carrier; /* the kernel task on the CPU (== task, but for a piece of a carrier) */
	/* The task's name (cut to RUN_NAME_MAX - 1 bytes), valid until the next
	 * call, at the start of a buffer of RUN_NAME_MAX bytes: a reader may
	 * read the whole buffer, past the NUL, in words. */
	const char *name;
	uint32_t name_len;	/* strlen(name) */
	sim_time_t start, end;	/* end >= start; start is the DISPATCH record's time */
	sim_time_t switch_ns;	/* switch cost paid at the start of it */
	enum record_kind stop;	/* what closed it; REC__COUNT: the end of the run */
	sim_time_t blocked_for; /* REC_BLOCK: the blocking time from the record */
	const char *blocked_on; /* REC_BLOCK on an object: "lock m" (record's wait_on); else NULL */
};

struct run_tracker;

struct run_tracker *run_tracker_new(uint32_t ncpus);
void run_tracker_free(struct run_tracker *rt);
/* Cut carriers' intervals into the user tasks they run (above); before the first record. */
void run_tracker_follow_carriers(struct run_tracker *rt);
/*
 * Feed one record (in time order). When it closes an interval, fill *span and
 * return true; a record closes at most one. A DISPATCH also opens the next.
 */
bool run_tracker_feed(struct run_tracker *rt, const struct record *r, struct run_span *span);
/*
 * The same without the copy: the interval the record closed, or NULL. The
 * span is the tracker's, valid until the next call.
 */
const struct run_span *run_tracker_step(struct run_tracker *rt, const struct record *r);
/* Close the intervals still open, at `end`, one per call; false when none is left. */
bool run_tracker_close_next(struct run_tracker *rt, sim_time_t end, struct run_span *span);
/* Is an interval (a piece) open on cpu? Then *task and *start tell which and since when. */
bool run_tracker_open(const struct run_tracker *rt, uint32_t cpu, uint32_t *task,
		      sim_time_t *start);
/* CPUs with an interval open now. */
uint32_t run_tracker_running(const struct run_tracker *rt);
uint32_t run_tracker_ncpus(const struct run_tracker *rt);

#endif
