/*
 * ctxswitch.h - a hand-written coroutine switch, for the probe's
 * measurement of it (coro.c) and validate's coroutine ping-pong
 * (workloads.c).
 *
 * It saves only the callee-saved registers and the stack pointer, as
 * Boost.Context's fcontext (jump_x86_64_sysv_elf_gas.S,
 * jump_arm64_aapcs_elf_gas.S) and Go's gogo do: x86-64 (System V ABI: rbx,
 * rbp, r12-r15) and aarch64 (AAPCS64: x19-x29, x30, d8-d15). Elsewhere
 * PROBE_HAVE_ASM_SWITCH is not defined and coroutines use ucontext.
 */
#ifndef SCHEDLAB_PROBE_CTXSWITCH_H
#define SCHEDLAB_PROBE_CTXSWITCH_H

#include <stddef.h>

#if defined(__x86_64__) || defined(__aarch64__)
#define PROBE_HAVE_ASM_SWITCH 1
/* Save the callee-saved registers on this stack, store sp in *save, load sp from load. */
void probe_ctx_switch(void **save, void *load);
/* The first frame of a coroutine on stack[0, size) that starts in entry (which never returns). */
void *probe_frame_init(char *stack, size_t size, void (*entry)(void));
#endif

#endif
