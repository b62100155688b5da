/*
 * model.h - the machine's cost model.
 *
 * What things cost on the simulated machine: creating tasks, switching
 * between them, TLB refills, memory. A model file (models/NAME.ini, documented in
 * docs/model-format.md) gives every figure; `teaching` has them all zero so
 * textbook exercises give textbook answers. Loading lives in
 * scenario/model_load.c and writing in model_write.c; this header is only
 * the figures.
 *
 * Every cost keeps its spread: the median the simulator charges,
 * the 95 % interval of that median and the number of samples, as
 * schedlab-probe measured them. A figure written by hand has no spread
 * (lo == hi == median, n == 0). Counts and sizes (TLB entries, page size,
 * memory per task, RAM) stay plain integers: they are read from the system,
 * not timed, so they have no spread to keep.
 */
#ifndef SCHEDLAB_MODEL_H
#define SCHEDLAB_MODEL_H

#include <stdint.h>

#include "base/param.h"
#include "base/simtime.h"

/* One measured cost. */
struct figure {
	sim_time_t median; /* what the simulator charges */
	sim_time_t lo, hi; /* 95 % interval of the median; == median when written by hand */
	uint32_t n;	   /* samples; 0: written by hand */
};

/* A figure written by hand. */
static inline struct figure figure_exact(sim_time_t v)
{
	return (struct figure){ .median = v, .lo = v, .hi = v, .n = 0 };
}

/*
 * The raw measurements behind the figures, and those the simulator does not
 * charge (yet): a performance engineer reads them, `validate` compares with
 * them. All written by schedlab-probe; 0 when not measured.
 */
struct model_measured {
	struct figure syscall_null;	       /* getppid(): entering and leaving the kernel */
	struct figure pipe_rw;		       /* a 1-byte pipe write + read in one task */
	struct figure pipe_round_trip_process; /* pinned pipe ping-pong between processes */
	struct figure pipe_round_trip_thread;  /* the same between threads */
	struct figure pipe_round_trip_remote;  /* between processes on two CPUs */
	struct figure pipe_cross;	    /* a pipe write and its read on two CPUs, each timed */
	struct figure pipe_switch_process;  /* per switch from the pipe ping-pong */
	struct figure pipe_switch_thread;   /* the same between threads */
	struct figure futex_switch_process; /* per switch from a futex ping-pong */
	struct figure futex_switch_thread;  /* the same between threads */
	struct figure yield_pingpong;	    /* per yield of a sched_yield ping-pong, one CPU */
	struct figure swapcontext;	    /* glibc swapcontext, one switch */
	struct figure fork_small;	    /* fork + _exit + waitpid of the bare probe */
	struct figure fork_large;	    /* the same with fork_large_size more touched */
	uint64_t fork_large_size;	    /* bytes touched by the parent for fork_large */
	struct figure posix_spawn;	    /* posix_spawn of true + waitpid */
	struct figure thread_serial;	    /* pthread_create + join, one at a time */
	struct figure tlb_refill_after_switch; /* per page touched after a process switch */
};

struct model {
	char *name;	   /* "teaching", "default", or the file's [model] name */
	char *description; /* [model] description, shown by `schedlab check` */
	/* [create] */
	struct figure create_process;	      /* a small parent's fork and reap of a child */
	struct figure create_process_per_mib; /* extra fork time per MiB of the parent's memory */
	struct figure
		create_process_start; /* a process's own CPU from fork's return, at its start */
	struct figure create_process_exit;	   /* a process's own CPU to exit, at its end */
	struct figure create_process_exit_per_mib; /* extra exit CPU per MiB of its memory */
	/* The same three, when the process and its parent may run on one CPU only; 0: as above */
	struct figure create_process_one_cpu;
	struct figure create_process_start_one_cpu;
	struct figure create_process_exit_one_cpu;
	struct figure create_thread;	/* pthread_create */
	struct figure create_coroutine; /* a user-space task */
	/* [switch] */
	struct figure switch_process;	/* between tasks of different address spaces */
	struct figure switch_thread;	/* between kernel threads of one address space */
	struct figure switch_coroutine; /* between coroutines: no kernel entry */
	struct figure remote_wakeup;	/* waking a task on another CPU */
	struct figure syscall;		/* one IPC system call (a pipe write or read) */
	struct figure ipc_remote;	/* more for one on another CPU than its object's last op */
	struct figure yield;	    /* sched_yield(2) alone: the call and a pick of its caller */
	struct figure yield_switch; /* a switch away from a task that yielded */
	struct figure sleep;	    /* a timed sleep's own CPU, besides the switches */
	/* [tlb] */
	uint32_t tlb_entries;		   /* entries per CPU (reach in pages) */
	uint32_t tlb_pcid_slots;	   /* address spaces a CPU's TLB keeps tagged */
	struct figure tlb_refill_per_page; /* page walk on a miss after a flush */
	uint32_t page_size;		   /* bytes */
	/* [memory] */
	uint64_t mem_process;	/* bytes per address space */
	uint64_t mem_thread;	/* bytes per kernel thread (stack + kernel part) */
	uint64_t mem_coroutine; /* bytes per coroutine */
	uint64_t ram;		/* bytes of RAM; 0: unlimited */
	/* [measured]: what schedlab-probe measured besides the figures above; never charged */
	struct model_measured measured;
	/* [environment]: where the figures were measured; NULL when not said */
	char *env_cpu;	   /* the CPU's model name */
	char *env_cores;   /* CPUs online and the probe's affinity */
	char *env_kernel;  /* the kernel's name and release */
	char *env_hz;	   /* the kernel's CONFIG_HZ, or why it is unknown */
	char *env_pcid;	   /* the CPU's pcid and invpcid flags */
	char *env_pti;	   /* page-table isolation (Meltdown mitigation) state */
	char *env_virt;	   /* the hypervisor, or "none" */
	char *env_date;	   /* when the probe ran */
	char *env_version; /* the schedlab version of the probe */
	char *env_load;	   /* /proc/loadavg before and after */
	char *env_noisy;   /* the figures the probe flagged as noisy, and why */
};

void model_clear(struct model *m);

/* The figure of m under "group.key" ("switch.thread"); NULL if there is none. */
const struct figure *model_figure(const struct model *m, const char *dotted);

/* Limits of model figures: they keep every product the core forms far from overflow. */
#define MODEL_MAX_COST	 (10 * SIM_S)	      /* any one cost */
#define MODEL_MAX_OBJECT ((uint64_t)64 << 30) /* memory of one process, thread, coroutine */
#define MODEL_MAX_RAM	 ((uint64_t)1 << 50)  /* 1 PiB */

/*
 * The groups of a model file and their declared keys (base/param.h), over
 * struct model: the one table that scenario/model_load.c reads with and
 * model_write.c writes with. Bare durations are nanoseconds.
 */
struct model_group {
	const char *name;	  /* "create" */
	const struct param *keys; /* terminated by { NULL } */
	bool figures;		  /* a scenario may hold it too, over its model's */
};

/* [model] [create] [switch] [tlb] [memory] [environment]; terminated by { NULL }. */
extern const struct model_group model_groups[];

#endif
