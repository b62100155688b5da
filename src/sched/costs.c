/*
 * costs.c - what the cost model charges.
 *
 * A switch to a different task costs the switching CPU switch_process,
 * switch_thread or switch_coroutine according to the two tasks' address
 * spaces and kinds (those figures come from ping-pongs in which every
 * switch follows a block and a wake-up); a switch away from a task that
 * called sched_yield(2) costs yield_switch instead when the model has it
 * (measured by a yield ping-pong: the yielder is put back in its queue, no
 * task is woken or dequeued), plus a remote wakeup when the task's wake-up had to be
 * sent to this CPU (balance.c: from a waker on another CPU, or from a timer
 * onto another CPU than the task's last). A switch to an address space the CPU's
 * TLB does not hold flushes it, and the incoming task pays a refill per page
 * of its working set, up to the TLB's entries. Creation costs come from the
 * kind of task (what the parent pays: fork and the reap of its child); a
 * process first runs on its own CPU for its start (process_start: fork's
 * return in the child, and the copy of each page it shared with its parent
 * and writes first, wp_page_copy in mm/memory.c), and at its end for its
 * exit (process_exit: the address space torn down, do_exit in
 * kernel/exit.c). Those three sides of a process's life have figures of
 * their own (the *_one_cpu keys) for a process that, with its parent, may
 * only run on one CPU (a machine of one CPU, or both pinned to the same
 * one): with the family spread over CPUs each side can cost several times
 * more (schedlab-probe measures both ways; probably as the pages parent
 * and children share and the flushes of their TLBs then go between CPUs). Memory is held from arrival to exit, and going
 * past the model's RAM fails the run.
 */
#include <string.h>

#include "base/units.h"
#include "sched/sched_int.h"

static uint64_t task_memory(const struct sched *s, const struct task *t)
{
	uint64_t m = t->group->memory;

	if (t->kind == TASK_THREAD)
		m += s->model->mem_thread;
	else if (t->kind == TASK_COROUTINE)
		m += s->model->mem_coroutine;
	return m;
}

/* Take the memory of a task that appears; false when RAM runs out. */
bool costs_memory_take(struct sched *s, struct task *t)
{
	uint64_t need = task_memory(s, t);

	if (t->pid >= s->npid_slots) {
		uint32_t n = MAX(t->pid + 1, s->npid_slots * 2);

		s->pid_live = g_renew(uint32_t, s->pid_live, n);
		memset(s->pid_live + s->npid_slots, 0, (n - s->npid_slots) * sizeof(uint32_t));
		s->npid_slots = n;
	}
	if (s->pid_live[t->pid]++ == 0)
		need += s->model->mem_process;
	s->memory += need;
	sched_emit(s, REC_MEMORY, NULL, NULL, (sim_time_t)s->memory, NULL);
	if (s->memory > s->peak_memory)
		s->peak_memory = s->memory;
	if (s->model->ram && s->memory > s->model->ram) {
		char name[TASK_NAME_MAX];
		g_autofree char *need_s = units_bytes_text(need);
		g_autofree char *used_s = units_bytes_text(s->memory);
		g_autofree char *ram_s = units_bytes_text(s->model->ram);
		g_autoptr(GString) at = g_string_new(NULL);

		units_time(at, s->eng.now);
		task_format_name(t, name, sizeof(name));
		sched_fail(s, SIM_ERROR_OUT_OF_MEMORY,
			   "out of memory at %s: task %s needs %s (%" G_GUINT64_FORMAT
			   " bytes), which would make %s (%" G_GUINT64_FORMAT
			   " bytes) in use, more than the model's %s (%" G_GUINT64_FORMAT
			   " bytes) of RAM",
			   at->str, name, need_s, need, used_s, s->memory, ram_s, s->model->ram);
		return false;
	}
	return true;
}

void costs_memory_release(struct sched *s, struct task *t)
{
	uint64_t m = task_memory(s, t);

	g_assert(s->pid_live[t->pid] > 0);
	if (--s->pid_live[t->pid] == 0)
		m += s->model->mem_process;
	g_assert(s->memory >= m);
	s->memory -= m;
	sched_emit(s, REC_MEMORY, NULL, NULL, (sim_time_t)s->memory, NULL);
}

/*
 * Make `pid` the CPU's current address space. Returns true when the TLB had
 * to be flushed: the address space is not among the most recent
 * max(1, pcid_slots) ones this CPU ran (x86 keeps TLB_NR_DYN_ASIDS = 6
 * tagged address spaces per CPU with PCID; without PCID every change of
 * address space flushes). Threads of one process never flush. A model with
 * no TLB entries (teaching) models no TLB at all.
 */
static bool tlb_switch(struct sched *s, struct cpu *c, uint32_t pid)
{
	uint32_t slots = s->model->tlb_pcid_slots ? s->model->tlb_pcid_slots : 1;
	uint32_t i;

	if (!s->model->tlb_entries)
		return false; /* the model has no TLB (teaching) */
	for (i = 0; i < c->tlb_len; i++)
		if (c->tlb_pids[i] == pid)
			break;
	if (i == 0 && c->tlb_len)
		return false;
	if (i == c->tlb_len) {
		/* Not held: take a slot, evicting the least recently used. */
		if (c->tlb_len < slots)
			c->tlb_len++;
		i = c->tlb_len - 1;
		memmove(c->tlb_pids + 1, c->tlb_pids, i * sizeof(*c->tlb_pids));
		c->tlb_pids[0] = pid;
		/* The very first address space a CPU loads is a cold start, not a flush. */
		return c->last != NULL;
	}
	memmove(c->tlb_pids + 1, c->tlb_pids, i * sizeof(*c->tlb_pids));
	c->tlb_pids[0] = pid;
	return false;
}

/* Time CPU c spends switching from its last task to `next`. */
sim_time_t costs_switch(struct sched *s, struct cpu *c, struct task *next)
{
	const struct model *m = s->model;
	const struct task *prev = c->last;
	bool yielded = c->yielded;
	sim_time_t cost = 0;

	c->yielded = false;
	if (st_of(next)->remote_wake) {
		/* The wakeup had to reach another CPU (an IPI and an idle exit). */
		st_of(next)->remote_wake = false;
		cost += m->remote_wakeup.median;
		c->stats.remote_wakeups++;
	}
	if (prev == next)
		return cost;
	if (prev) {
		if (prev->pid != next->pid)
			c->stats.switches_process++;
		else
			c->stats.switches_thread++;
		if (prev->kind == TASK_COROUTINE && next->kind == TASK_COROUTINE &&
		    prev->pid == next->pid)
			cost += m->switch_coroutine.median;
		else if (yielded && m->yield_switch.median > 0)
			cost += m->yield_switch.median; /* put back, not dequeued: no wake-up */
		else if (prev->pid != next->pid)
			cost += m->switch_process.median;
		else
			cost += m->switch_thread.median;
	}
	if (tlb_switch(s, c, next->pid)) {
		uint64_t ws = next->group->working_set;
		uint64_t pages = m->page_size ? (ws + m->page_size - 1) / m->page_size : 0;
		sim_time_t refill;

		if (pages > m->tlb_entries)
			pages = m->tlb_entries;
		refill = (sim_time_t)pages * m->tlb_refill_per_page.median;
		c->stats.tlb_flushes++;
		c->stats.tlb_refill += refill;
		cost += refill;
	}
	return cost;
}

/* The one CPU g's tasks may run on; -1: several. */
static int only_cpu(const struct sched *s, const struct task_group *g)
{
	int only = -1;

	if (!g->affinity)
		return s->ncpus == 1 ? 0 : -1;
	for (uint32_t w = 0; w < (s->ncpus + 63) / 64; w++) {
		uint64_t bits = g->affinity[w];

		if (s->ncpus - w * 64 < 64)
			bits &= ((uint64_t)1 << (s->ncpus - w * 64)) - 1;
		if (!bits)
			continue;
		if (only >= 0 || (bits & (bits - 1)))
			return -1;
		only = (int)(w * 64) + __builtin_ctzll(bits);
	}
	return only;
}

/*
 * The figure of a process's side of its life: `one` when t and its parent
 * (t's own group stands for a parent outside the scenario) may only run on
 * one CPU, the same, and the model has it; `spread` otherwise.
 */
static sim_time_t process_side(const struct sched *s, const struct task *t,
			       const struct task *parent, const struct figure *one,
			       const struct figure *spread)
{
	int cpu;

	if (one->median <= 0 || (cpu = only_cpu(s, t->group)) < 0 ||
	    (parent && only_cpu(s, parent->group) != cpu))
		return spread->median;
	return one->median;
}

sim_time_t costs_start(const struct sched *s, const struct task *t)
{
	const struct model *m = s->model;

	if (t->kind != TASK_PROCESS)
		return 0;
	return process_side(s, t, t->parent, &m->create_process_start_one_cpu,
			    &m->create_process_start);
}

/*
 * How long creating t takes: fork for a process (a fixed part and a part per
 * MiB of the parent's memory, for the page tables fork copies),
 * pthread_create for a thread, the runtime's cost for a coroutine. A task
 * that arrives on its own has no parent in the scenario: its own memory
 * stands for the parent's.
 */
sim_time_t costs_create(const struct sched *s, const struct task *t, const struct task *parent)
{
	const struct model *m = s->model;
	const struct task_group *g = (parent ? parent : t)->group;

	switch (t->kind) {
	case TASK_PROCESS:
		return process_side(s, t, parent, &m->create_process_one_cpu, &m->create_process) +
		       (sim_time_t)(g->memory >> 20) * m->create_process_per_mib.median;
	case TASK_THREAD:
		return m->create_thread.median;
	default:
		return m->create_coroutine.median;
	}
}

/*
 * A process that exits first runs for the model's process_exit, on its own
 * CPU, and a part per MiB of its memory (exit_mmap in mm/mmap.c frees its
 * page tables; a forked child's are a copy of its parent's, so a child of
 * a large parent is written with the parent's memory): the parent's fork
 * and reap are charged at its creation, the child's exit here (a thread's
 * exit, lighter, is not modelled). The task exits once that run is done
 * (sched_advance asks its driver nothing more).
 */
void costs_exit(struct sched *s, struct task *t, struct step *step)
{
	const struct model *m = s->model;
	sim_time_t cost;

	if (step->kind != STEP_EXIT || t->kind != TASK_PROCESS)
		return;
	cost = process_side(s, t, t->parent, &m->create_process_exit_one_cpu,
			    &m->create_process_exit) +
	       (sim_time_t)(t->group->memory >> 20) * m->create_process_exit_per_mib.median;
	if (cost <= 0)
		return;
	st_of(t)->exiting = true;
	step->kind = STEP_RUN;
	step->len = cost;
}
