/*
 * heaploop.h - the floor the event loop is measured against: round robin
 * on one CPU written as a bare binary-heap loop (a slice-end event and a
 * dispatch event per quantum, as the simulator has, ordered by time then
 * sequence), with none of the simulator's generality.
 */
#ifndef SCHEDLAB_BENCH_HEAPLOOP_H
#define SCHEDLAB_BENCH_HEAPLOOP_H

#include <stdint.h>

/* ntasks tasks of `quanta` quanta each, all there at 0; returns events handled
 * and the sum of the turnarounds (to check that it simulated the same run). */
uint64_t heaploop_rr(uint32_t ntasks, uint32_t quanta, int64_t quantum, int64_t *sum_turnaround);

#endif
