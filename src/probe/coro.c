/*
 * coro.c - switching between coroutines without the kernel's scheduler.
 *
 * Two ways: glibc's swapcontext(3), which saves the FPU environment and
 * calls rt_sigprocmask on every switch (glibc
 * sysdeps/unix/sysv/linux/x86_64/swapcontext.S), and a hand-written switch
 * that saves only the callee-saved registers and the stack pointer, as
 * Boost.Context's fcontext (jump_x86_64_sysv_elf_gas.S,
 * jump_arm64_aapcs_elf_gas.S) and Go's gogo do. Each is timed as a
 * ping-pong between the main context and one coroutine, per switch (a
 * round trip is two), pinned to one CPU: the method of Boost.Context's
 * performance/callcc benchmark.
 *
 * The hand-written switch (ctxswitch.c) exists for x86-64 (System V ABI:
 * rbx, rbp, r12-r15) and aarch64 (AAPCS64: x19-x29, x30, d8-d15); elsewhere
 * the coroutine switch is swapcontext's. It does not save MXCSR and the x87
 * control word: nothing here changes them.
 *
 * Creating a coroutine is taking a stack (malloc), laying out its first
 * frame, running it to its first switch back and freeing the stack: what a
 * runtime's spawn does before its scheduler takes over.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#include "probe/ctxswitch.h"
#include "probe/probe.h"

/* The stack of a probe coroutine: enough for the tiny bodies here. */
#define CORO_STACK (16 * 1024)

#ifdef PROBE_HAVE_ASM_SWITCH
#define HAVE_ASM_SWITCH 1

/* The two sides of the hand-written ping-pong; one pair per probe run (a coroutine
 * entry takes no argument). */
struct asm_pair {
	void *main_sp, *coro_sp;
};
static struct asm_pair *asm_current;

static void asm_body(void)
{
	struct asm_pair *a = asm_current;

	for (;;)
		probe_ctx_switch(&a->coro_sp, a->main_sp);
}

static int64_t batch_asm(void *arg, uint64_t n, struct probe_counts *c)
{
	struct asm_pair *a = arg;
	int64_t t0 = probe_now();

	for (uint64_t i = 0; i < n; i++)
		probe_ctx_switch(&a->main_sp, a->coro_sp);
	return probe_now() - t0;
}

/* A coroutine that runs once and switches back for good. */
static void asm_once(void)
{
	struct asm_pair *a = asm_current;
	void *dead;

	probe_ctx_switch(&dead, a->main_sp);
	__builtin_unreachable();
}

static int64_t batch_asm_create(void *arg, uint64_t n, struct probe_counts *c)
{
	struct asm_pair *a = arg;
	int64_t t0 = probe_now();

	for (uint64_t i = 0; i < n; i++) {
		char *stack = malloc(CORO_STACK);

		if (!stack)
			return -1;
		a->coro_sp = probe_frame_init(stack, CORO_STACK, asm_once);
		probe_ctx_switch(&a->main_sp, a->coro_sp);
		free(stack);
	}
	return probe_now() - t0;
}
#endif

struct uc_pair {
	ucontext_t main, coro;
};
static struct uc_pair *uc_current;

static void uc_body(void)
{
	for (;;)
		swapcontext(&uc_current->coro, &uc_current->main);
}

static int64_t batch_swapcontext(void *arg, uint64_t n, struct probe_counts *c)
{
	struct uc_pair *u = arg;
	int64_t t0 = probe_now();

	for (uint64_t i = 0; i < n; i++)
		swapcontext(&u->main, &u->coro);
	return probe_now() - t0;
}

#ifndef HAVE_ASM_SWITCH
static void uc_once(void)
{
}

/* Creation with ucontext: getcontext, makecontext and a run to the end (uc_link). */
static int64_t batch_uc_create(void *arg, uint64_t n, struct probe_counts *c)
{
	struct uc_pair *u = arg;
	int64_t t0 = probe_now();

	for (uint64_t i = 0; i < n; i++) {
		char *stack = malloc(CORO_STACK);

		if (!stack || getcontext(&u->coro)) {
			free(stack);
			return -1;
		}
		u->coro.uc_stack.ss_sp = stack;
		u->coro.uc_stack.ss_size = CORO_STACK;
		u->coro.uc_link = &u->main;
		makecontext(&u->coro, uc_once, 0);
		swapcontext(&u->main, &u->coro);
		free(stack);
	}
	return probe_now() - t0;
}
#endif

void probe_coroutines(struct probe *p, struct model *m)
{
	struct probe_opts o = { .max_iters = 100000000, .pinned = true, .scale = 2 };
	struct probe_opts once = { .max_iters = 10000000, .pinned = true };
	struct uc_pair *u = g_new0(struct uc_pair, 1);
	char *stack = g_malloc(CORO_STACK);
	struct probe_result r;

	probe_pin(p->cpu_a);
	getcontext(&u->coro);
	u->coro.uc_stack.ss_sp = stack;
	u->coro.uc_stack.ss_size = CORO_STACK;
	u->coro.uc_link = NULL;
	makecontext(&u->coro, uc_body, 0);
	uc_current = u;
	probe_measure(p, "swapcontext switch", batch_swapcontext, u, &o, &r);
	m->measured.swapcontext = probe_figure(&r);
	probe_report(p, "measured.swapcontext", &r);
#ifdef HAVE_ASM_SWITCH
	probe_result_clear(&r);
	{
		struct asm_pair a = { 0 };
		char *astack = g_malloc(CORO_STACK);

		asm_current = &a;
		a.coro_sp = probe_frame_init(astack, CORO_STACK, asm_body);
		probe_measure(p, "hand-written coroutine switch", batch_asm, &a, &o, &r);
		m->switch_coroutine = probe_figure(&r);
		probe_report(p, "switch.coroutine", &r);
		probe_result_clear(&r);
		probe_measure(p, "coroutine creation (stack, frame, first run)", batch_asm_create,
			      &a, &once, &r);
		asm_current = NULL;
		g_free(astack);
	}
#else
	/* No hand-written switch here: a runtime would use ucontext. */
	m->switch_coroutine = m->measured.swapcontext;
	probe_result_clear(&r);
	probe_measure(p, "coroutine creation (ucontext)", batch_uc_create, u, &once, &r);
#endif
	m->create_coroutine = probe_figure(&r);
	probe_report(p, "create.coroutine", &r);
	probe_result_clear(&r);
	m->mem_coroutine = CORO_STACK;
	uc_current = NULL;
	g_free(stack);
	g_free(u);
	probe_unpin();
}
