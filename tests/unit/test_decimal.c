/*
 * test_decimal.c - base/decimal.h writes integers as printf does: every
 * power of ten and its neighbours (the inline writer's bound of four digits
 * on both sides), the signed edges, and values of every magnitude from a
 * fixed stream.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "base/decimal.h"

static void check_u64(uint64_t v)
{
	char buf[DECIMAL_MAX + 8], want[32];
	char *end;

	memset(buf, '#', sizeof(buf));
	end = decimal_put_u64(buf, v);
	g_snprintf(want, sizeof(want), "%" PRIu64, v);
	assert_int_equal(end - buf, strlen(want));
	assert_memory_equal(buf, want, strlen(want));
	assert_int_equal(*end, '#'); /* nothing written past the end */
	assert_int_equal(decimal_len(v), strlen(want));
}

static void check_i64(int64_t v)
{
	char buf[DECIMAL_MAX + 1], want[32];

	*decimal_put_i64(buf, v) = '\0';
	g_snprintf(want, sizeof(want), "%" PRId64, v);
	assert_string_equal(buf, want);
}

static void test_every_length_and_its_neighbours_is_printed_as_printf_does(void **state)
{
	uint64_t p = 1;

	(void)state;
	check_u64(0);
	check_u64(UINT64_MAX);
	check_u64(UINT32_MAX);
	check_u64((uint64_t)UINT32_MAX + 1);
	for (int k = 0; k < 20; k++, p *= 10) {
		check_u64(p - 1);
		check_u64(p);
		check_u64(p + 1);
		check_u64(p * 2 - 1);
	}
	for (uint64_t v = 0; v < 20000; v++) /* all the inline writer's values and past them */
		check_u64(v);
}

static void test_signed_edges_are_printed_as_printf_does(void **state)
{
	static const int64_t edges[] = { INT64_MIN, INT64_MIN + 1, -10000, -9999,    -100,
					 -99,	    -10,	   -9,	   -1,	     0,
					 1,	    9999,	   10000,  INT64_MAX };

	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(edges); i++)
		check_i64(edges[i]);
}

static void test_values_of_every_magnitude_are_printed_as_printf_does(void **state)
{
	uint64_t x = 0x9e3779b97f4a7c15u;

	(void)state;
	for (int i = 0; i < 100000; i++) {
		x ^= x << 13; /* xorshift64: a fixed stream */
		x ^= x >> 7;
		x ^= x << 17;
		check_u64(x >> (i % 64));
		check_i64((int64_t)x >> (i % 64));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_length_and_its_neighbours_is_printed_as_printf_does),
		cmocka_unit_test(test_signed_edges_are_printed_as_printf_does),
		cmocka_unit_test(test_values_of_every_magnitude_are_printed_as_printf_does),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
