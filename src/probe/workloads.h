/*
 * workloads.h - native workloads that `schedlab validate` runs and mirrors.
 *
 * Each runs real processes or threads on this host and returns what it
 * measured; the mirror scenario (scenarios/validate/NAME.ini) simulates the
 * same thing with a model, and validate compares the two. They share the
 * probe's signal guard (guard.c): every child is registered, dies with its
 * parent, and every count is bounded by the caller.
 *
 * Workloads whose mirror needs pipes (ping-pongs, hackbench groups) wait for
 * the pipe objects of the simulator.
 */
#ifndef SCHEDLAB_WORKLOADS_H
#define SCHEDLAB_WORKLOADS_H

#include <stdbool.h>
#include <stdint.h>

/* Most tasks any workload starts. */
#define WORKLOAD_MAX_TASKS 4096

/* Monotonic ns. */
int64_t workload_now(void);

/*
 * A fork storm: fork n children that exit at once, then reap them all.
 * The wall time per child in ns; < 0 on failure.
 */
double workload_fork_storm(unsigned n);
/* A thread storm: create n threads that return at once, then join them. Per thread, ns. */
double workload_thread_storm(unsigned n);
/*
 * Busy loops of the given nice values, all pinned to `cpu`, for dur_ns:
 * shares[i] receives loop i's part of the CPU time they got (sum 1).
 */
bool workload_nice_shares(const int *nices, unsigned k, int cpu, int64_t dur_ns, double *shares);
/*
 * n busy loops, unpinned, each computing until it has had work_ns of CPU:
 * the wall time until the last one ends, ns; < 0 on failure. *share, if not
 * NULL, receives the loops' CPU time over the wall time of `ncpus` CPUs:
 * below 1 when other tasks took some of the CPUs.
 */
double workload_busy_loops(unsigned n, int64_t work_ns, unsigned ncpus, double *share);
/*
 * A sleeper that sleeps period_ns k times among `busy` busy loops, all
 * pinned to `cpu`: the mean of how late it woke, ns (timer slack included;
 * run it with busy = 0 for the baseline); < 0 on failure.
 */
double workload_sleeper_delay(unsigned busy, int cpu, unsigned k, int64_t period_ns);

#endif
