/*
 * model.h - the machine's cost model.
 *
 * What things cost on the simulated machine: creating tasks, switching
 * between them, TLB refills, memory. A model file (models/NAME.ini, documented in
 * docs/model-format.md) gives every figure; `teaching` has them all zero so
 * textbook exercises give textbook answers. Loading lives in
 * scenario/model_load.c; this header is only the figures.
 */
#ifndef SCHEDLAB_MODEL_H
#define SCHEDLAB_MODEL_H

#include <stdint.h>

#include "base/simtime.h"

struct model {
	char *name;	   /* "teaching", "default", or the file's [model] name */
	char *description; /* [model] description, shown by `schedlab check` */
	/* [create] */
	sim_time_t create_process;	   /* fork + exit of a small parent */
	sim_time_t create_process_per_mib; /* extra fork time per MiB of the parent's memory */
	sim_time_t create_thread;	   /* pthread_create */
	sim_time_t create_coroutine;	   /* a user-space task */
	/* [switch] */
	sim_time_t switch_process;   /* between tasks of different address spaces */
	sim_time_t switch_thread;    /* between kernel threads of one address space */
	sim_time_t switch_coroutine; /* between coroutines: no kernel entry */
	sim_time_t remote_wakeup;    /* waking a task on another CPU */
	/* [tlb] */
	uint32_t tlb_entries;		/* entries per CPU (reach in pages) */
	uint32_t tlb_pcid_slots;	/* address spaces a CPU's TLB keeps tagged */
	sim_time_t tlb_refill_per_page; /* page walk on a miss after a flush */
	uint32_t page_size;		/* bytes */
	/* [memory] */
	uint64_t mem_process;	/* bytes per address space */
	uint64_t mem_thread;	/* bytes per kernel thread (stack + kernel part) */
	uint64_t mem_coroutine; /* bytes per coroutine */
	uint64_t ram;		/* bytes of RAM; 0: unlimited */
};

void model_clear(struct model *m);

#endif
