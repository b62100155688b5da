/*
 * model.c - the life cycle of a cost model; see model.h.
 *
 * Reading model files lives in scenario/model_load.c and writing them in
 * model_write.c; this file knows the figures and their keys.
 */
#include "machine/model.h"

#include <glib.h>
#include <stddef.h>
#include <string.h>

void model_clear(struct model *m)
{
	if (!m)
		return;
	g_free(m->name);
	g_free(m->description);
	g_free(m->env_cpu);
	g_free(m->env_kernel);
	g_free(m->env_date);
	memset(m, 0, sizeof(*m));
}

#define OFF(f) offsetof(struct model, f)

static const struct param model_keys[] = {
	{ .name = "name", .type = PARAM_TEXT, .help = "shown in reports", .offset = OFF(name) },
	{ .name = "description",
	  .type = PARAM_TEXT,
	  .help = "a line for people",
	  .offset = OFF(description) },
	{ .name = NULL },
};

static const struct param create_keys[] = {
	{ .name = "process",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "a process (fork and exit of a small parent)",
	  .offset = OFF(create_process),
	  .max = MODEL_MAX_COST },
	{ .name = "process_per_mib",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "extra fork time per MiB of the parent's memory",
	  .offset = OFF(create_process_per_mib),
	  .max = MODEL_MAX_COST },
	{ .name = "thread",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "a kernel thread (pthread_create)",
	  .offset = OFF(create_thread),
	  .max = MODEL_MAX_COST },
	{ .name = "coroutine",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "a user-space task",
	  .offset = OFF(create_coroutine),
	  .max = MODEL_MAX_COST },
	{ .name = NULL },
};

static const struct param switch_keys[] = {
	{ .name = "process",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "between tasks of different address spaces",
	  .offset = OFF(switch_process),
	  .max = MODEL_MAX_COST },
	{ .name = "thread",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "between kernel threads of one address space",
	  .offset = OFF(switch_thread),
	  .max = MODEL_MAX_COST },
	{ .name = "coroutine",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "between coroutines: no kernel entry",
	  .offset = OFF(switch_coroutine),
	  .max = MODEL_MAX_COST },
	{ .name = "remote_wakeup",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "waking a task on another CPU",
	  .offset = OFF(remote_wakeup),
	  .max = MODEL_MAX_COST },
	{ .name = NULL },
};

static const struct param tlb_keys[] = {
	{ .name = "entries",
	  .type = PARAM_UINT,
	  .def = "0",
	  .help = "entries per CPU (reach in pages)",
	  .offset = OFF(tlb_entries),
	  .max = 1 << 20 },
	{ .name = "pcid_slots",
	  .type = PARAM_UINT,
	  .def = "0",
	  .help = "address spaces a CPU's TLB keeps tagged",
	  .offset = OFF(tlb_pcid_slots),
	  .max = 4096 },
	{ .name = "refill_per_page",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "page walk on a miss after a flush",
	  .offset = OFF(tlb_refill_per_page),
	  .max = MODEL_MAX_COST },
	{ .name = "page_size",
	  .type = PARAM_SIZE32,
	  .def = "0",
	  .help = "bytes of a page: 0 or a power of two",
	  .offset = OFF(page_size),
	  .min = 512,
	  .max = (int64_t)1 << 30,
	  .flags = PARAM_POWER_OF_TWO },
	{ .name = NULL },
};

static const struct param memory_keys[] = {
	{ .name = "process",
	  .type = PARAM_SIZE,
	  .def = "0",
	  .help = "bytes per address space",
	  .offset = OFF(mem_process),
	  .max = (int64_t)MODEL_MAX_OBJECT },
	{ .name = "thread",
	  .type = PARAM_SIZE,
	  .def = "0",
	  .help = "bytes per kernel thread",
	  .offset = OFF(mem_thread),
	  .max = (int64_t)MODEL_MAX_OBJECT },
	{ .name = "coroutine",
	  .type = PARAM_SIZE,
	  .def = "0",
	  .help = "bytes per coroutine",
	  .offset = OFF(mem_coroutine),
	  .max = (int64_t)MODEL_MAX_OBJECT },
	{ .name = "ram",
	  .type = PARAM_SIZE,
	  .def = "0",
	  .help = "bytes of RAM; 0: unlimited",
	  .offset = OFF(ram),
	  .max = (int64_t)MODEL_MAX_RAM },
	{ .name = NULL },
};

static const struct param environment_keys[] = {
	{ .name = "cpu",
	  .type = PARAM_TEXT,
	  .help = "the CPU's model name",
	  .offset = OFF(env_cpu) },
	{ .name = "kernel",
	  .type = PARAM_TEXT,
	  .help = "the kernel's name and release",
	  .offset = OFF(env_kernel) },
	{ .name = "date",
	  .type = PARAM_TEXT,
	  .help = "when it was measured",
	  .offset = OFF(env_date) },
	{ .name = NULL },
};

const struct model_group model_groups[] = {
	{ "model", model_keys, false },
	{ "create", create_keys, true },
	{ "switch", switch_keys, true },
	{ "tlb", tlb_keys, true },
	{ "memory", memory_keys, true },
	{ "environment", environment_keys, false },
	{ .name = NULL },
};
