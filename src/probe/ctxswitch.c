/*
 * ctxswitch.c - the hand-written coroutine switch; see ctxswitch.h.
 */
#include <stdint.h>
#include <string.h>

#include "probe/ctxswitch.h"

#ifdef PROBE_HAVE_ASM_SWITCH

#if defined(__x86_64__)
__asm__(".text\n"
	".globl probe_ctx_switch\n"
	".type probe_ctx_switch,@function\n"
	"probe_ctx_switch:\n"
	"	pushq %rbp\n"
	"	pushq %rbx\n"
	"	pushq %r12\n"
	"	pushq %r13\n"
	"	pushq %r14\n"
	"	pushq %r15\n"
	"	movq %rsp, (%rdi)\n"
	"	movq %rsi, %rsp\n"
	"	popq %r15\n"
	"	popq %r14\n"
	"	popq %r13\n"
	"	popq %r12\n"
	"	popq %rbx\n"
	"	popq %rbp\n"
	"	ret\n"
	".size probe_ctx_switch, .-probe_ctx_switch\n"
	".text\n");

/* The first frame of a new stack: six registers, then the entry as a return address. */
void *probe_frame_init(char *stack, size_t size, void (*entry)(void))
{
	uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)15;
	void **sp = (void **)top;

	/* At entry, as after a call, sp + 8 is 16-byte aligned: a dummy return address. */
	*--sp = NULL;
	*--sp = (void *)entry;
	for (int i = 0; i < 6; i++)
		*--sp = NULL;
	return sp;
}
#else
__asm__(".text\n"
	".globl probe_ctx_switch\n"
	".type probe_ctx_switch,%function\n"
	"probe_ctx_switch:\n"
	"	sub sp, sp, #160\n"
	"	stp x19, x20, [sp, #0]\n"
	"	stp x21, x22, [sp, #16]\n"
	"	stp x23, x24, [sp, #32]\n"
	"	stp x25, x26, [sp, #48]\n"
	"	stp x27, x28, [sp, #64]\n"
	"	stp x29, x30, [sp, #80]\n"
	"	stp d8, d9, [sp, #96]\n"
	"	stp d10, d11, [sp, #112]\n"
	"	stp d12, d13, [sp, #128]\n"
	"	stp d14, d15, [sp, #144]\n"
	"	mov x9, sp\n"
	"	str x9, [x0]\n"
	"	mov sp, x1\n"
	"	ldp x19, x20, [sp, #0]\n"
	"	ldp x21, x22, [sp, #16]\n"
	"	ldp x23, x24, [sp, #32]\n"
	"	ldp x25, x26, [sp, #48]\n"
	"	ldp x27, x28, [sp, #64]\n"
	"	ldp x29, x30, [sp, #80]\n"
	"	ldp d8, d9, [sp, #96]\n"
	"	ldp d10, d11, [sp, #112]\n"
	"	ldp d12, d13, [sp, #128]\n"
	"	ldp d14, d15, [sp, #144]\n"
	"	add sp, sp, #160\n"
	"	ret\n"
	".size probe_ctx_switch, .-probe_ctx_switch\n"
	".text\n");

/* The first frame: x30 (the link register) holds the entry; sp stays 16-byte aligned. */
void *probe_frame_init(char *stack, size_t size, void (*entry)(void))
{
	uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)15;
	void **sp = (void **)(top - 160);

	memset(sp, 0, 160);
	sp[11] = (void *)entry; /* x30 at [sp, #88] */
	return sp;
}
#endif

#endif
