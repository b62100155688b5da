/*
 * test_bigmem.c - large zeroed arrays: where they start, what they read
 * before and after their pages are given back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <glib.h>

#include "base/bigmem.h"

#if defined(__SANITIZE_ADDRESS__)
#define BIGMEM_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BIGMEM_TEST_ASAN 1
#endif
#endif

/* Below 2 MiB, memory from malloc: zeroed, and release leaves it alone. */
static void test_small_array_is_zeroed_and_kept(void **state)
{
	size_t size = 100000;
	unsigned char *p = bigmem_alloc0(size);

	assert_non_null(p);
	for (size_t i = 0; i < size; i += 997)
		assert_int_equal(p[i], 0);
	memset(p, 0xa5, size);
	bigmem_release(p, size, 0, size);
	assert_int_equal(p[0], 0xa5);
	assert_int_equal(p[size - 1], 0xa5);
	bigmem_free(p, size);
}

/*
 * 5 MiB and 3 bytes: on a 2 MiB boundary, zeroed to its last byte; given
 * back from 10 000 to 3 MiB + 5, only the whole pages in between read
 * zero again: from the first page boundary at or above 10 000 (12 288 with
 * 4 KiB pages) to 3 MiB, the last one at or below 3 MiB + 5 (a multiple
 * of every page size up to 1 MiB).
 */
static void test_large_array_is_aligned_and_released_by_pages(void **state)
{
	size_t size = (5u << 20) + 3, mib3 = 3u << 20, page = (size_t)sysconf(_SC_PAGESIZE);
	size_t first = (10000 + page - 1) / page * page;
	unsigned char *p = bigmem_alloc0(size);

	assert_non_null(p);
	assert_int_equal((uintptr_t)p % BIGMEM_HUGE, 0);
	assert_int_equal(p[0], 0);
	assert_int_equal(p[size - 1], 0);
	memset(p, 0xa5, size);
	bigmem_release(p, size, 10000, mib3 + 5);
	assert_int_equal(p[first - 1], 0xa5);
	assert_int_equal(p[mib3], 0xa5);
	assert_int_equal(p[size - 1], 0xa5);
#ifndef BIGMEM_TEST_ASAN
	/* under AddressSanitizer these bytes are poisoned: reading them is the bug */
	assert_int_equal(p[first], 0);
	assert_int_equal(p[mib3 - 1], 0);
#endif
	bigmem_free(p, size);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_array_is_zeroed_and_kept),
		cmocka_unit_test(test_large_array_is_aligned_and_released_by_pages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
