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
	g_free(m->env_cores);
	g_free(m->env_kernel);
	g_free(m->env_hz);
	g_free(m->env_pcid);
	g_free(m->env_pti);
	g_free(m->env_virt);
	g_free(m->env_date);
	g_free(m->env_version);
	g_free(m->env_load);
	g_free(m->env_noisy);
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
	  .help = "a process: what its parent pays (fork, and the wait that reaps it)",
	  .offset = OFF(create_process),
	  .max = MODEL_MAX_COST },
	{ .name = "process_per_mib",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "extra fork time per MiB of the parent's memory (the parent's side)",
	  .offset = OFF(create_process_per_mib),
	  .max = MODEL_MAX_COST },
	{ .name = "process_exit",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "a process's exit: CPU it runs for at its end, on its own CPU",
	  .offset = OFF(create_process_exit),
	  .max = MODEL_MAX_COST },
	{ .name = "process_exit_per_mib",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "extra exit time per MiB of the process's memory",
	  .offset = OFF(create_process_exit_per_mib),
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
	{ .name = "syscall",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "one IPC system call (a pipe write or read), charged by blocking and IPC ops",
	  .offset = OFF(syscall),
	  .max = MODEL_MAX_COST },
	{ .name = "yield",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "a sched_yield(2) call and the pick that follows it; 0: syscall",
	  .offset = OFF(yield),
	  .max = MODEL_MAX_COST },
	{ .name = "yield_switch",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "a switch away from a task that yielded (no wake-up); 0: process or thread",
	  .offset = OFF(yield_switch),
	  .max = MODEL_MAX_COST },
	{ .name = "sleep",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "a timed sleep: the CPU a task spends in nanosleep(2) besides the switches",
	  .offset = OFF(sleep),
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

static const struct param measured_keys[] = {
	{ .name = "syscall_null",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "getppid(): entering and leaving the kernel",
	  .offset = OFF(measured.syscall_null),
	  .max = MODEL_MAX_COST },
	{ .name = "pipe_rw",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "a 1-byte pipe write and read in one task",
	  .offset = OFF(measured.pipe_rw),
	  .max = MODEL_MAX_COST },
	{ .name = "pipe_round_trip_process",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "a pipe round trip between two processes on one CPU",
	  .offset = OFF(measured.pipe_round_trip_process),
	  .max = MODEL_MAX_COST },
	{ .name = "pipe_round_trip_thread",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "a pipe round trip between two threads on one CPU",
	  .offset = OFF(measured.pipe_round_trip_thread),
	  .max = MODEL_MAX_COST },
	{ .name = "pipe_round_trip_remote",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "a pipe round trip between two processes on two CPUs",
	  .offset = OFF(measured.pipe_round_trip_remote),
	  .max = MODEL_MAX_COST },
	{ .name = "pipe_switch_process",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "a process switch from the pipe ping-pong, write and read taken out",
	  .offset = OFF(measured.pipe_switch_process),
	  .max = MODEL_MAX_COST },
	{ .name = "pipe_switch_thread",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "a thread switch from the pipe ping-pong, write and read taken out",
	  .offset = OFF(measured.pipe_switch_thread),
	  .max = MODEL_MAX_COST },
	{ .name = "futex_switch_process",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "a process switch from a futex ping-pong, wake and wait taken out",
	  .offset = OFF(measured.futex_switch_process),
	  .max = MODEL_MAX_COST },
	{ .name = "futex_switch_thread",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "a thread switch from a futex ping-pong, wake and wait taken out",
	  .offset = OFF(measured.futex_switch_thread),
	  .max = MODEL_MAX_COST },
	{ .name = "yield_pingpong",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "per yield of a sched_yield ping-pong of two processes on one CPU",
	  .offset = OFF(measured.yield_pingpong),
	  .max = MODEL_MAX_COST },
	{ .name = "swapcontext",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "one glibc swapcontext (it makes a system call)",
	  .offset = OFF(measured.swapcontext),
	  .max = MODEL_MAX_COST },
	{ .name = "fork_small",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "fork, _exit and waitpid of the bare probe",
	  .offset = OFF(measured.fork_small),
	  .max = MODEL_MAX_COST },
	{ .name = "fork_large",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "the same after the parent touched fork_large_size more",
	  .offset = OFF(measured.fork_large),
	  .max = MODEL_MAX_COST },
	{ .name = "fork_large_size",
	  .type = PARAM_SIZE,
	  .def = "0",
	  .help = "bytes the parent touched for fork_large",
	  .offset = OFF(measured.fork_large_size),
	  .max = (int64_t)MODEL_MAX_OBJECT },
	{ .name = "posix_spawn",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "posix_spawn of true and waitpid",
	  .offset = OFF(measured.posix_spawn),
	  .max = MODEL_MAX_COST },
	{ .name = "tlb_refill_after_switch",
	  .type = PARAM_FIGURE,
	  .def = "0",
	  .help = "per page of a working set touched after a process switch, over a thread switch",
	  .offset = OFF(measured.tlb_refill_after_switch),
	  .max = MODEL_MAX_COST },
	{ .name = NULL },
};

static const struct param environment_keys[] = {
	{ .name = "cpu",
	  .type = PARAM_TEXT,
	  .help = "the CPU's model name",
	  .offset = OFF(env_cpu) },
	{ .name = "cores",
	  .type = PARAM_TEXT,
	  .help = "CPUs online and the probe's affinity",
	  .offset = OFF(env_cores) },
	{ .name = "kernel",
	  .type = PARAM_TEXT,
	  .help = "the kernel's name and release",
	  .offset = OFF(env_kernel) },
	{ .name = "hz",
	  .type = PARAM_TEXT,
	  .help = "the kernel's CONFIG_HZ, or why it is unknown",
	  .offset = OFF(env_hz) },
	{ .name = "pcid",
	  .type = PARAM_TEXT,
	  .help = "the CPU's pcid and invpcid flags",
	  .offset = OFF(env_pcid) },
	{ .name = "pti",
	  .type = PARAM_TEXT,
	  .help = "page-table isolation (the Meltdown mitigation)",
	  .offset = OFF(env_pti) },
	{ .name = "virtualization",
	  .type = PARAM_TEXT,
	  .help = "the hypervisor, or none",
	  .offset = OFF(env_virt) },
	{ .name = "date",
	  .type = PARAM_TEXT,
	  .help = "when it was measured",
	  .offset = OFF(env_date) },
	{ .name = "version",
	  .type = PARAM_TEXT,
	  .help = "the schedlab version that measured it",
	  .offset = OFF(env_version) },
	{ .name = "load",
	  .type = PARAM_TEXT,
	  .help = "the load average before and after",
	  .offset = OFF(env_load) },
	{ .name = "noisy",
	  .type = PARAM_TEXT,
	  .help = "the figures flagged as noisy, and why",
	  .offset = OFF(env_noisy) },
	{ .name = NULL },
};

const struct model_group model_groups[] = {
	{ "model", model_keys, false },
	{ "create", create_keys, true },
	{ "switch", switch_keys, true },
	{ "tlb", tlb_keys, true },
	{ "memory", memory_keys, true },
	{ "measured", measured_keys, false },
	{ "environment", environment_keys, false },
	{ .name = NULL },
};

const struct figure *model_figure(const struct model *m, const char *dotted)
{
	const char *dot = strchr(dotted, '.');

	if (!dot)
		return NULL;
	for (const struct model_group *g = model_groups; g->name; g++) {
		if (strlen(g->name) != (size_t)(dot - dotted) ||
		    strncmp(g->name, dotted, (size_t)(dot - dotted)))
			continue;
		for (const struct param *k = g->keys; k->name; k++)
			if (k->type == PARAM_FIGURE && !strcmp(k->name, dot + 1))
				return (const struct figure *)((const char *)m + k->offset);
	}
	return NULL;
}
