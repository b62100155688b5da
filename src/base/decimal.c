/*
 * decimal.c - the integer writer's tables (decimal.h).
 */
#include "base/decimal.h"

const char decimal_pairs[200] = "00010203040506070809101112131415161718192021222324"
				"25262728293031323334353637383940414243444546474849"
				"50515253545556575859606162636465666768697071727374"
				"75767778798081828384858687888990919293949596979899";

const uint64_t decimal_pow10[20] = { 1u,
				     10u,
				     100u,
				     1000u,
				     10000u,
				     100000u,
				     1000000u,
				     10000000u,
				     100000000u,
				     1000000000u,
				     10000000000u,
				     100000000000u,
				     1000000000000u,
				     10000000000000u,
				     100000000000000u,
				     1000000000000000u,
				     10000000000000000u,
				     100000000000000000u,
				     1000000000000000000u,
				     10000000000000000000u };

char *decimal_put_long(char *d, uint64_t v)
{
	char *end = d + decimal_len(v), *p = end;
	uint32_t w;

	/* above eight digits, the low eight in one 64-bit division: ns times are long */
	for (; v >= 100000000; v /= 100000000) {
		uint32_t low = (uint32_t)(v % 100000000);

		p -= 8;
		decimal_put4(p, low / 10000);
		decimal_put4(p + 4, low % 10000);
	}
	/* the rest in 32 bits, where a division by a constant is cheaper */
	for (w = (uint32_t)v; w >= 100; w /= 100) {
		p -= 2;
		decimal_put2(p, w % 100);
	}
	if (w >= 10)
		decimal_put2(p - 2, w);
	else
		p[-1] = (char)('0' + w);
	return end;
}
