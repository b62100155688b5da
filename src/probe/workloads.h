/*
 * workloads.h - native workloads that `schedlab validate` runs and mirrors.
 *
 * Each runs real processes or threads on this host and returns what it
 * measured; the mirror scenario (scenarios/validate/NAME.ini) simulates the
 * same thing with a model, and validate compares the two. They share the
 * probe's signal guard (guard.c): every child is registered, dies with its
 * parent, and every count is bounded by the caller.
 *
 * Every workload leaves nothing behind, even when it fails half-way: its
 * children are killed and reaped, its threads joined, its pipes closed, and
 * the caller's CPU affinity restored.
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
/*
 * The calling process's resident anonymous memory in KiB (RssAnon of
 * /proc/self/status: the pages whose page-table entries fork copies and
 * the exit frees); 0 when the kernel does not say.
 */
uint64_t workload_anon_kib(void);
/* A thread storm: create n threads that return at once, then join them. Per thread, ns. */
double workload_thread_storm(unsigned n);
/* Threads created back to back by bursts of this many, then joined ([create] thread). */
#define WORKLOAD_THREAD_BURST 32
/*
 * n threads that return at once, created and joined by bursts of
 * WORKLOAD_THREAD_BURST, as schedlab-probe times [create] thread: the wall
 * time in ns, -1 when a thread could not be created.
 */
int64_t workload_thread_bursts(uint64_t n);
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
 * A sleeper among `busy` busy loops, all pinned to `cpu`: after a settling
 * sleep, k times it sleeps period_ns (jitter_ns > 0: drawn uniformly from
 * [period_ns - jitter_ns, period_ns + jitter_ns], a fixed seed, so every run
 * draws the same sleeps) with a timer slack of 1 ns and
 * then computes work_ns of its own CPU time. Returns the time it waited on
 * the run queue, woken but not running, per timed sleep, ns, as the kernel
 * counts it (run_delay in /proc/thread-self/schedstat: CONFIG_SCHED_INFO);
 * < 0 on failure. *share, if not NULL, receives the CPU time of the sleeper
 * and the loops over the wall time: below 1 when other tasks took some.
 */
double workload_sleeper_delay(unsigned busy, int cpu, unsigned k, int64_t period_ns,
			      int64_t jitter_ns, int64_t work_ns, double *share);
/*
 * The sleeper's sleeps, one per call, from *state (start it at
 * WORKLOAD_SLEEP_SEED): period_ns, or with jitter_ns > 0 uniform in
 * [period_ns - jitter_ns, period_ns + jitter_ns]. The native sleeper and
 * its mirror draw the same sleeps from it: a mean wait dominated by a few
 * long ones depends on which sleeps were drawn, as much as the target.
 */
#define WORKLOAD_SLEEP_SEED 0x9e3779b97f4a7c15u
int64_t workload_sleep_next(uint64_t *state, int64_t period_ns, int64_t jitter_ns);

/*
 * A pipe ping-pong, as `perf bench sched pipe` (tools/perf/bench/sched-pipe.c
 * in the Linux tree) and lmbench's lat_pipe run it: the caller writes 4 bytes
 * into one pipe and reads them back from another, its peer (a process, or
 * a thread when `threads`) reads and answers, n times after a warm-up. Both
 * pinned to `cpu`, or left where the kernel puts them when cpu < 0. ns per
 * round trip; < 0 on failure. With `shared`, the peer answers with the CPU
 * it was woken on, and *shared is the fraction of the timed round trips
 * in which it ran on the caller's CPU (the caller's CPU as it wrote).
 */
double workload_pipe_pingpong(bool threads, int cpu, unsigned n, double *shared);
/*
 * Two processes pinned to `cpu` that call sched_yield(2) n times each,
 * started together (tsuna's timetctxsw2.c, under `taskset`): the wall time
 * per yield, ns; < 0 on failure.
 */
double workload_yield_pingpong(int cpu, unsigned n);
/*
 * Two coroutines of one thread (pinned to `cpu`) that switch to each other
 * n times each, with the hand-written switch of ctxswitch.c where there is
 * one, else swapcontext(3): ns per switch; < 0 on failure.
 */
double workload_coro_pingpong(int cpu, unsigned n);
/*
 * hackbench's pipe mode (rt-tests and the kernel's
 * tools/perf/bench/sched-messaging.c describe it): `groups` groups of
 * `senders` and `receivers` processes; each receiver has a pipe, each
 * sender writes `loops` messages of `bytes` (<= 4096) to every receiver of
 * its group, each receiver reads all its messages. Started together once
 * all exist; all pinned to `cpu` (the caller while it forks them, and they
 * by inheritance), or left where the kernel puts them when cpu < 0. The
 * wall time until the last is reaped, ns; < 0 on failure.
 */
double workload_hackbench(unsigned groups, unsigned senders, unsigned receivers, unsigned loops,
			  unsigned bytes, int cpu);

#endif
