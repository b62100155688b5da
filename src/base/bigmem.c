/*
 * bigmem.c - zeroed memory for large arrays, on huge pages (bigmem.h).
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/bigmem.h"

/*
 * Released pages read as zeros: a use after release would go unseen, so
 * under AddressSanitizer they are poisoned, as freed memory is.
 */
#if defined(__SANITIZE_ADDRESS__)
#define BIGMEM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BIGMEM_ASAN 1
#endif
#endif
#ifdef BIGMEM_ASAN
#include <sanitizer/asan_interface.h>
#else
#define ASAN_POISON_MEMORY_REGION(p, n)	  ((void)(p), (void)(n))
#define ASAN_UNPOISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#endif

static size_t page_size(void)
{
	static size_t page;

	if (!page) {
		long p = sysconf(_SC_PAGESIZE);

		page = p > 0 ? (size_t)p : 4096;
	}
	return page;
}

static size_t round_up(size_t n, size_t to)
{
	return (n + to - 1) / to * to;
}

void *bigmem_alloc0(size_t size)
{
	size_t len, extra;
	char *map, *p;

	if (size < BIGMEM_HUGE)
		return g_try_malloc0(MAX(size, 1));
	len = round_up(size, page_size());
	/* Map 2 MiB more and trim both ends, so that p is on a 2 MiB boundary. */
	if (len > SIZE_MAX - BIGMEM_HUGE)
		return NULL;
	map = mmap(NULL, len + BIGMEM_HUGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (map == MAP_FAILED)
		return NULL;
	p = (char *)round_up((uintptr_t)map, BIGMEM_HUGE);
	if (p > map)
		munmap(map, (size_t)(p - map));
	extra = (size_t)(map + len + BIGMEM_HUGE - (p + len));
	if (extra)
		munmap(p + len, extra);
#ifdef MADV_HUGEPAGE
	/* EINVAL: a kernel without transparent huge pages; 4 KiB pages then */
	(void)madvise(p, len, MADV_HUGEPAGE);
#endif
	return p;
}

void bigmem_release(void *p, size_t size, size_t from, size_t to)
{
	size_t page = page_size();

	if (!p || size < BIGMEM_HUGE)
		return;
	from = round_up(from, page);
	to = MIN(to, size) / page * page;
	if (from < to) {
		(void)madvise((char *)p + from, to - from, MADV_DONTNEED);
		ASAN_POISON_MEMORY_REGION((char *)p + from, to - from);
	}
}

void bigmem_free(void *p, size_t size)
{
	if (!p)
		return;
	if (size < BIGMEM_HUGE)
		g_free(p);
	else {
		ASAN_UNPOISON_MEMORY_REGION(p, round_up(size, page_size()));
		munmap(p, round_up(size, page_size()));
	}
}
