/*
 * bigmem.h - zeroed memory for the arrays that grow with the number of tasks.
 *
 * A run of 100,000 tasks keeps some 24 MiB of task slots (src/sched/tasks.c),
 * and each 4 KiB page costs a page fault the first time it is written:
 * about a microsecond on a bare machine, but 10-12 us on some virtual
 * machines, where those faults alone took half of such a run; and every
 * visit to a task then misses the TLB, whose refill walks the guest's and
 * the host's page tables.
 * An array of 2 MiB or more is therefore mapped on its own, aligned on
 * 2 MiB, and marked for transparent huge pages (madvise MADV_HUGEPAGE,
 * Documentation/admin-guide/mm/transhuge.rst in the kernel's sources):
 * one fault and one TLB entry for each 2 MiB. The pages are still taken
 * only when first written, so a large array of which a run uses the start
 * costs what it uses, rounded up to 2 MiB; a smaller array comes from
 * malloc. Where huge pages are off or unknown, the mapping behaves as
 * plain anonymous memory.
 */
#ifndef SCHEDLAB_BIGMEM_H
#define SCHEDLAB_BIGMEM_H

#include <stddef.h>

/* Arrays from this size up are mapped on their own, on huge pages. */
#define BIGMEM_HUGE ((size_t)2 << 20)

/* `size` zeroed bytes; NULL when the host has no memory for them. */
void *bigmem_alloc0(size_t size);
/*
 * Give the host back the whole pages of [p + from, p + to), which the
 * caller will not read again (they read as zeros if it does); nothing
 * for an array from malloc, which bigmem_free frees whole.
 */
void bigmem_release(void *p, size_t size, size_t from, size_t to);
/* Free p, of `size` bytes as allocated; NULL is allowed. */
void bigmem_free(void *p, size_t size);

#endif
