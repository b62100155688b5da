/*
 * fair.h - what CFS and EEVDF share: the kernel's load weights, its
 * fixed-point arithmetic and the scaling of its tunables with the number of
 * CPUs: sched_prio_to_weight[] and sched_prio_to_wmult[]
 * (kernel/sched/core.c), __calc_delta() and get_update_sysctl_factor()
 * (kernel/sched/fair.c). The tables and the algorithm are facts of the
 * kernel; the code is ours. The tables are defined once, in fair.c.
 */
#ifndef SCHEDLAB_FAIR_H
#define SCHEDLAB_FAIR_H

#include <stdint.h>

#include "policy/policy.h"

#define NICE_0_LOAD 1024
#define WMULT_CONST 0xFFFFFFFFu
#define WMULT_SHIFT 32

/* sched_prio_to_weight[], kernel/sched/core.c: index nice + 20 (fair.c). */
extern const uint32_t fair_prio_to_weight[40];
/* sched_prio_to_wmult[] = 2^32 / weight, kernel/sched/core.c (fair.c). */
extern const uint32_t fair_prio_to_wmult[40];

/* struct load_weight at user-visible resolution (scale_load_down applied). */
struct fair_load {
	uint64_t weight;
	uint32_t inv_weight; /* 2^32 / weight; 0: not computed (a sum of weights) */
};

/* set_load_weight(): a task's weight and inverse from its nice value. */
static inline struct fair_load fair_load_of_nice(int32_t nice)
{
	int i = nice + 20;
	struct fair_load lw;

	if (i < 0)
		i = 0;
	if (i > 39)
		i = 39;
	lw.weight = fair_prio_to_weight[i];
	lw.inv_weight = fair_prio_to_wmult[i];
	return lw;
}

/* __update_inv_weight(). */
static inline uint32_t fair_inv_weight(const struct fair_load *lw)
{
	if (lw->inv_weight)
		return lw->inv_weight;
	if (lw->weight >= WMULT_CONST)
		return 1;
	if (!lw->weight)
		return WMULT_CONST;
	return (uint32_t)(WMULT_CONST / lw->weight);
}

/*
 * __calc_delta()'s factor: weight times the 32-bit inverse of lw, both
 * shifted down until the factor fits 32 bits. delta * weight / lw->weight is
 * then (delta * *fact) >> *shift.
 */
static inline void fair_delta_factor(uint64_t weight, const struct fair_load *lw, uint32_t *fact,
				     int *shift)
{
	uint64_t f = weight;
	int s = WMULT_SHIFT;

	while (f >> 32) {
		f >>= 1;
		s--;
	}
	f = (uint64_t)(uint32_t)f * fair_inv_weight(lw);
	while (f >> 32) {
		f >>= 1;
		s--;
	}
	*fact = (uint32_t)f;
	*shift = s;
}

/*
 * __calc_delta(): delta * weight / lw->weight in the kernel's fixed point,
 * bit for bit: the factor above, then a 64 x 32 multiply with a 128-bit
 * intermediate and a right shift (mul_u64_u32_shr).
 */
static inline uint64_t fair_calc_delta(uint64_t delta, uint64_t weight, const struct fair_load *lw)
{
	uint32_t fact;
	int shift;

	fair_delta_factor(weight, lw, &fact, &shift);
	return (uint64_t)(((unsigned __int128)delta * fact) >> shift);
}

/* calc_delta_fair(): wall time to virtual time for an entity of weight lw. */
static inline uint64_t fair_calc_delta_fair(uint64_t delta, const struct fair_load *lw)
{
	if (lw->weight == NICE_0_LOAD)
		return delta;
	return fair_calc_delta(delta, NICE_0_LOAD, lw);
}

/*
 * The shortest wall time whose calc_delta_fair() is at least vdelta, exactly:
 * (delta * fact) >> shift >= vdelta holds iff delta * fact >= vdelta << shift
 * (vdelta is whole), so it is ceil((vdelta << shift) / fact), one division
 * whatever the magnitude. UINT64_MAX when no 64-bit delta reaches vdelta.
 */
static inline uint64_t fair_calc_delta_fair_inv(uint64_t vdelta, const struct fair_load *lw)
{
	unsigned __int128 delta;
	uint32_t fact;
	int shift;

	if (lw->weight == NICE_0_LOAD)
		return vdelta;
	fair_delta_factor(NICE_0_LOAD, lw, &fact, &shift); /* never 0: 1024 times at least 1 */
	delta = (((unsigned __int128)vdelta << shift) + fact - 1) / fact;
	return delta > UINT64_MAX ? UINT64_MAX : (uint64_t)delta;
}

/* sysctl_sched_tunable_scaling. */
enum { FAIR_SCALE_NONE, FAIR_SCALE_LOG, FAIR_SCALE_LINEAR };

/* The names of `scale`, NULL-terminated (fair.c). */
extern const char *const fair_scale_choices[];

/* get_update_sysctl_factor(): the tunables are this many times their defaults. */
static inline uint32_t fair_factor(int scale, uint32_t ncpus)
{
	uint32_t cpus = ncpus < 8 ? ncpus : 8;
	uint32_t log2 = 0;

	if (cpus < 1)
		cpus = 1;
	switch (scale) {
	case FAIR_SCALE_NONE:
		return 1;
	case FAIR_SCALE_LINEAR:
		return cpus;
	default:
		while (cpus >> (log2 + 1))
			log2++;
		return 1 + log2;
	}
}

/* Signed comparisons of wrapping virtual times, as the kernel's (s64)(a - b). */
static inline int64_t fair_vdiff(uint64_t a, uint64_t b)
{
	return (int64_t)(a - b);
}

#endif
