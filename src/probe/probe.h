/*
 * probe.h - schedlab-probe: measuring what scheduling costs on this host.
 *
 * A native program that never links the simulator (it sees base/ and
 * machine/ only). Each cost is measured the way the reference benchmarks
 * measure it — lmbench (McVoy & Staelin, "lmbench: Portable tools for
 * performance analysis", USENIX 1996: lat_syscall, lat_pipe, lat_ctx,
 * lat_proc, tlb), `perf bench sched pipe` (tools/perf/bench/sched-pipe.c in
 * the Linux tree), hackbench — with methods rewritten here from their
 * published descriptions, never their code:
 *
 *   - a batch of operations is timed with CLOCK_MONOTONIC and scaled until
 *     it lasts long enough for the clock (lmbench's "enough"), after a
 *     warm-up batch that is thrown away;
 *   - at least 11 batches (lmbench's TRIES) are taken, more until the 95 %
 *     interval of the median is within 5 % or the measurement's time budget
 *     is spent (Hoefler & Belli, "Scientific benchmarking of parallel
 *     computing systems", SC'15);
 *   - a result is the median with its distribution-free interval
 *     (base/stats.h) and a noise flag: a wide interval, or more than a
 *     quarter of the batches preempted or (pinned) moved to another CPU
 *     (a median is robust to fewer: the disturbed batches are at most its
 *     outer quarter);
 *   - a switch is the round trip of a ping-pong minus the same calls in one
 *     task (lmbench lat_ctx's overhead), divided by the switches getrusage
 *     counted, never by an assumed number.
 *
 * The program is the one place in schedlab with process-wide state: the
 * signal guard (guard.c) must know the children and the temporary file to
 * remove when SIGINT or SIGTERM arrives.
 */
#ifndef SCHEDLAB_PROBE_H
#define SCHEDLAB_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <glib.h>

#include "base/stats.h"
#include "machine/model.h"

/* How hard to try: --quick or the full probe. */
struct probe {
	bool quick;
	bool progress;	       /* a line per measurement on stderr */
	unsigned min_samples;  /* at least 11 */
	unsigned max_samples;  /* the most batches one measurement takes */
	int64_t batch_ns;      /* the shortest timed batch */
	int64_t budget_ns;     /* the time one measurement may take to narrow its interval */
	int64_t deadline;      /* monotonic ns: past it, every measurement takes min_samples */
	int cpu_a, cpu_b;      /* two CPUs the probe may use (equal when it has one) */
	int64_t start;	       /* monotonic ns when the probe began, for progress */
	unsigned pass, passes; /* this pass (from 1) of how many (passes.c) */
	GString *noisy;	       /* "key (reason); ..." of the flagged figures */
};

/* Counts a batch function adds to, besides the probe's own getrusage. */
struct probe_counts {
	long nivcsw; /* preemptions of tasks the probe does not see */
};

/*
 * Run `iters` operations and return how long they took in ns (the function
 * times itself so that its set-up stays outside), or -1 on failure.
 */
typedef int64_t (*probe_batch_fn)(void *arg, uint64_t iters, struct probe_counts *c);

/* One measurement: ns per operation in each batch, and what disturbed it. */
struct probe_result {
	const char *what; /* "pipe write+read in one task" */
	double *x;	  /* ns per operation, one per batch (g_free) */
	unsigned n;	  /* batches */
	uint64_t iters;	  /* operations per batch */
	struct stats_median m;
	long nivcsw;	    /* preemptions by other tasks over the batches */
	unsigned disturbed; /* batches with a preemption */
	long migrations;    /* CPU changes while pinned (batches that moved) */
	bool pinned;	    /* migrations count as noise */
	bool noisy;
	char why[128]; /* the reasons of the noise flag */
	bool ok;       /* false: not measured (and why says so) */
};

/* Options of one measurement. */
struct probe_opts {
	uint64_t max_iters; /* per batch: bounds every count */
	bool pinned;	    /* the calling thread is pinned: a migration is noise */
	double scale;	    /* ops per call are iters * scale (2 for a round trip of switches) */
	/* The batch function counts the preemptions itself (a ping-pong, whose own
	 * wake-ups preempt by design): the probe's getrusage is not read. */
	bool counts_preemptions;
};

/* Monotonic ns. */
int64_t probe_now(void);
/* The calling thread's CPU time in ns (its sum_exec_runtime): what waits for a CPU does not count. */
int64_t probe_thread_cpu(void);
/* Measure fn: warm-up, batch scaling, samples, summary, noise flag; out->ok on success. */
bool probe_measure(struct probe *p, const char *what, probe_batch_fn fn, void *arg,
		   const struct probe_opts *o, struct probe_result *out);
/* Samples x[i] = (x[i] - minus) / div, and the summary and flag again (a derived figure). */
void probe_derive(struct probe *p, struct probe_result *r, double minus, double div);
/* Set the summary and noise flag of r from its samples. */
void probe_summarise(struct probe_result *r);
void probe_result_clear(struct probe_result *r);
/* The figure of a result (rounded to ns, negative medians clamped at 0); 0 when !ok. */
struct figure probe_figure(const struct probe_result *r);
/* Print a progress line and note a noisy result under `key` in p->noisy. */
void probe_report(struct probe *p, const char *key, const struct probe_result *r);
/* Mark a result as not measured, with the reason. */
void probe_skip(struct probe_result *r, const char *what, const char *why);

/* Pin the calling thread to cpu; false when the kernel refuses. */
bool probe_pin(int cpu);
/* Undo probe_pin: the affinity the program started with. */
void probe_unpin(void);
/* Remember the starting affinity and pick cpu_a, cpu_b. */
void probe_cpus_init(struct probe *p);

/* guard.c: children and a temporary file that SIGINT, SIGTERM and SIGHUP clean up. */
void guard_install(void);
bool guard_add_child(pid_t pid);
void guard_remove_child(pid_t pid);
void guard_set_temp(const char *path); /* NULL: none */
bool guard_stopping(void);
/* In a child just forked: die with the parent, and leave the guard alone. */
void guard_child_init(pid_t parent);
/* Reap a child and forget it; false when it did not exit with status 0. */
bool guard_reap(pid_t pid);

/* The measurements, one file each; every one fills its part of m. */
struct probe_ipc;
void probe_syscalls(struct probe *p, struct model *m);
void probe_switches(struct probe *p, struct model *m);
void probe_sleep(struct probe *p, struct model *m);
void probe_coroutines(struct probe *p, struct model *m);
void probe_creation(struct probe *p, struct model *m);
void probe_tlb(struct probe *p, struct model *m);
void probe_memory(struct probe *p, struct model *m);
/* Most passes, and the most their medians may spread either side before a figure is noisy. */
#define PROBE_MAX_PASSES  9
#define PROBE_PASS_SPREAD 0.05
/*
 * passes.c: the figures of m from n passes of every measurement (passes[0]
 * is m's own): the median of the passes' medians, an interval covering
 * theirs, their batches; a figure whose passes disagree is noted in noisy.
 */
void probe_merge_passes(struct model *m, const struct model *passes, unsigned n, GString *noisy);

/* env.c: the [environment] record and the TLB facts the system states. */
void probe_environment(struct model *m);
/* The load after the probe, and the noisy figures. */
void probe_environment_end(struct model *m, const char *noisy);
/* TLB entries for 4 KiB pages from CPUID; 0 when the CPU does not say. */
uint32_t probe_cpuid_tlb_entries(void);
/* Address spaces a CPU keeps tagged in its TLB, from the CPU's flags. */
uint32_t probe_pcid_slots(void);

#endif
