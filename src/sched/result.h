/*
 * result.h - what a finished run hands to the reporters.
 *
 * The scheduler core fills a run_result from its accounting at the end of a
 * run; the reporters (table, CSV, JSON) read it and nothing else, so they
 * never see engine or scheduler internals. All times are integer ns.
 */
#ifndef SCHEDLAB_RESULT_H
#define SCHEDLAB_RESULT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/histogram.h"
#include "base/simtime.h"

/* One task's figures: 80 bytes, one per task of a run (their order packs them). */
struct task_result {
	char *name;	       /* "P1", "clients[3]" */
	const char *kind;      /* "process", "thread", "coroutine", "request" */
	uint32_t id;	       /* the core's task id */
	uint32_t group;	       /* 1 + its group's index in run_result.groups; 0: none */
	uint32_t voluntary;    /* voluntary context switches (the PCB's nvcsw) */
	uint32_t involuntary;  /* involuntary context switches (nivcsw) */
	bool carrier;	       /* a runtime's thread (event loop, worker, M), not a task */
	bool request;	       /* a request of a served group: its turnaround is its latency */
	sim_time_t arrival;    /* SIM_TIME_NONE: a spawnable task never spawned */
	sim_time_t first_run;  /* SIM_TIME_NONE: never ran */
	sim_time_t completion; /* SIM_TIME_NONE: unfinished at the horizon */
	sim_time_t cpu;	       /* CPU time consumed */
	sim_time_t waiting;    /* time READY */
};

struct cpu_result {
	sim_time_t busy;	   /* running tasks */
	sim_time_t switching;	   /* paying switch costs */
	uint64_t switches;	   /* context switches on this CPU: it changed tasks */
	uint64_t involuntary;	   /* ... of them away from a task still runnable */
	uint64_t switches_process; /* ... of them to another address space */
	uint64_t switches_thread;  /* ... of them between threads of one */
	uint64_t tlb_flushes;
	sim_time_t tlb_refill;	 /* refill penalties paid */
	uint64_t migrations;	 /* tasks pulled to this CPU by load balancing */
	uint64_t remote_wakeups; /* tasks it ran after they were woken onto it remotely */
};

/* One synchronisation or IPC object ([mutex m], [pipe p] ...). */
struct object_result {
	char *name;
	const char *kind;      /* "mutex", "semaphore", "condvar", "rwlock", "pipe", "channel" */
	uint64_t acquisitions; /* lock, rdlock, wrlock, wait, cond_wait returned */
	uint64_t contended;    /* ... of which had to block first */
	sim_time_t wait_total; /* from asking to getting, summed */
	sim_time_t wait_max;   /* ... the longest */
	sim_time_t hold_total; /* mutex, rwlock: from getting to unlocking, summed */
	sim_time_t hold_max;   /* ... the longest */
	uint64_t bytes;	       /* pipe, channel: bytes received */
	uint64_t messages;     /* channel: messages received; pipe: recv ops done */
	sim_time_t writers_blocked; /* pipe, channel: time senders spent blocked */
	sim_time_t readers_blocked; /* pipe, channel: time receivers spent blocked */
};

/* One task of a deadlock report. */
struct deadlock_task {
	char *task;	/* its name */
	char **holds;	/* names of the objects it holds, NULL-terminated */
	char *wants;	/* the object it waits on */
	const char *op; /* what it does there: "lock", "recv" ... */
};

/*
 * How the run ended in a deadlock: a cycle of the wait-for graph (each task
 * waits on an object that the next one holds), found when the last task of
 * it blocked; or, when the events ran out, live tasks all blocked on objects
 * with no cycle (a lost wake-up, a semaphore never posted): all of them.
 */
struct deadlock_result {
	bool found;
	bool cycle;	 /* true: a cycle (its tasks, in order); false: all blocked */
	sim_time_t time; /* when it was found */
	uint32_t ntasks;
	struct deadlock_task *tasks;
};

/* A group of the scenario ([task] or [group]): its name and what the core
 * measured of it alone. */
struct group_result {
	char *name;
	struct hist *sched_latency; /* READY until running; NULL: never measured */
	/* Its tasks' CPU time and switches by the end of the warm-up (0 without
	 * one; the whole run when it never ended), which its figures leave out
	 * as the CPUs' counters do. */
	sim_time_t warmup_cpu;
	uint64_t warmup_voluntary, warmup_involuntary;
};

/* The backlog (tasks arrived and not finished, a runtime's threads aside)
 * as arrivals saw it, for the overload check; bounded, decimated. */
struct backlog_sample {
	sim_time_t time;
	uint64_t backlog;
};
#define BACKLOG_SAMPLES 1024

struct run_result {
	char *scenario; /* scenario name */
	char *policy;	/* policy name */
	char *model;	/* model name */
	uint64_t seed;
	sim_time_t time_unit; /* the scenario's unit, for display */
	sim_time_t end;	      /* simulated time at the end of the run */
	sim_time_t makespan;  /* last completion (or end if some unfinished) */
	bool horizon_hit;     /* stopped by the horizon */
	uint64_t events;      /* engine events handled */
	uint64_t decisions;   /* dispatch decisions: a task picked, or a CPU left idle */
	uint64_t peak_memory; /* bytes */
	uint32_t ntasks;
	struct task_result *tasks; /* by id */
	size_t tasks_map; /* tasks lie at the start of a bigmem mapping of this size; 0: g_malloc */
	void *names;	  /* a GStringChunk holding every task's name; NULL: each g_malloc'ed */
	uint32_t ncpus;
	struct cpu_result *cpus;
	/* Execution models (src/runtime); all 0 when the scenario has none. */
	bool runtimes;		     /* some group runs on a runtime (serve, coroutines, gil) */
	bool served;		     /* some group is served by an execution model (serve) */
	uint64_t requests;	     /* requests that arrived at served groups */
	uint64_t requests_rejected;  /* ... turned away by a full queue */
	uint64_t coroutine_switches; /* user-level switches inside runtimes */
	uint32_t nobjects;
	struct object_result *objects; /* in the order of the file */
	struct deadlock_result deadlock;
	/*
	 * Capacity planning. Figures leave out what happened before `warmup`
	 * (0: none): tasks that arrived before it, the CPUs' counters and
	 * busy time until it, latencies of tasks that ran before it.
	 */
	sim_time_t warmup;
	struct hist *sched_latency; /* every READY until running: the run's */
	uint32_t ngroups;
	struct group_result *groups; /* in the order of the file */
	uint32_t nbacklog;
	struct backlog_sample *backlog; /* in time order */
};

void run_result_clear(struct run_result *r);

#endif
