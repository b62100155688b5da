/*
 * pelt.h - per-entity load tracking (kernel/sched/pelt.c): the load signal
 * of a task or a CPU that balance.c weighs.
 *
 * A signal accumulates time runnable in periods of 1024 us (1024 units of
 * 1024 ns), each period's sum decayed by y, y^32 = 1/2 (a 32 ms
 * half-life), with the kernel's integer arithmetic (decay_load,
 * __accumulate_pelt_segments, runnable_avg_yN_inv), so that loads come out
 * as the kernel's do. That arithmetic rounds, so a signal depends on the
 * instants at which it was updated, not only on what it ran.
 *
 * Marks. A balancing pass brings every CPU's load up to date; one that ends
 * without reading the CPUs (nothing to pull) leaves a mark instead, and
 * each signal applies the marks it has not seen when it is next updated, so
 * that it comes out bit for bit as if it had been updated at every mark.
 * Within a period an update only adds, and the sum is decayed when a later
 * update crosses into another period; so of the updates of one period only
 * the last before the next update in a later period changes the outcome. A
 * mark holds the last instant of its period; a signal updated now leaves
 * this period's mark for later (applied then, a mark older than that
 * update is a no-op). The marks are a ring of PELT_MARKS; when pelt_mark
 * says so, every signal must apply its marks at once, so that none is
 * overwritten unseen.
 *
 * Knows nothing of tasks or CPUs.
 */
#ifndef SCHEDLAB_PELT_H
#define SCHEDLAB_PELT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/simtime.h"

#define LOAD_AVG_PERIOD	 32    /* kernel/sched/sched-pelt.h */
#define LOAD_AVG_MAX	 47742 /* the sum of a signal always runnable */
#define PELT_MIN_DIVIDER (LOAD_AVG_MAX - 1024)

/*
 * A PELT signal (struct sched_avg): a task's sum counts its runnable time
 * (load 1) and its load_avg is its weight times the runnable fraction; a
 * CPU's sum is weighted by the tasks runnable on it, plus what tasks
 * attached to it bring, less what leave.
 */
struct pelt {
	uint64_t load_sum;
	sim_time_t last_update; /* in whole 1024 ns units, as the kernel's */
	uint32_t period_contrib;
	uint32_t load_avg;
};

/* decay_load(): val * y^n. */
uint64_t pelt_decay(uint64_t val, uint64_t n);

/*
 * ___update_load_sum() then ___update_load_avg(): bring sa to `now`, during
 * which the signal ran at `load` (a task: 1 while runnable; a CPU: the
 * weights runnable on it); its average is load_sum * `weight` / divider.
 */
void pelt_update(struct pelt *sa, sim_time_t now, uint64_t load, uint64_t weight);

#define PELT_MARKS 64 /* a power of two */

struct pelt_marks {
	sim_time_t at[PELT_MARKS]; /* a ring: the last marked instant of each period */
	uint64_t n;		   /* marks made so far */
};

/*
 * Every signal is to be updated at `now` (not before the last mark): noted.
 * True when every signal must apply its marks now (pelt_catch_up).
 */
bool pelt_mark(struct pelt_marks *m, sim_time_t now);

/*
 * Apply to sa (a CPU's: weight 1) the marks it has not seen (*seen: how
 * many it has) of the periods before now's, during which it ran at `load`;
 * then pelt_update(sa, now, load, 1) makes it as if updated at every mark.
 */
void pelt_catch_up_marks(const struct pelt_marks *m, struct pelt *sa, uint64_t *seen,
			 sim_time_t now, uint64_t load);

static inline void pelt_catch_up(const struct pelt_marks *m, struct pelt *sa, uint64_t *seen,
				 sim_time_t now, uint64_t load)
{
	if (*seen < m->n)
		pelt_catch_up_marks(m, sa, seen, now, load);
}

#endif
