/*
 * fmt.h - the writers' fast appends: integers and JSON strings onto a
 * GString without printf (which, through GLib, also allocates and frees a
 * string per call). The bytes are exactly printf's "%" PRIu64, "%" PRId64
 * and the JSON escaping the writers have always used: '"' and '\\' behind a
 * backslash, controls and DEL as \u00XX in lower-case hex, invalid UTF-8
 * replaced as g_utf8_make_valid does.
 *
 * Two ways to append. fmt_raw, fmt_u64 ... each append one piece. A writer
 * of many records (the trace, the JSON of every task) instead reserves room
 * for a whole record once and writes through a cursor: the fmt_put_* helpers
 * write at `d` and return the end, and fmt_commit makes the GString end
 * there:
 *
 *   char *d = fmt_reserve(s, ROOM);      ROOM: all that the record can need
 *   d = FMT_PUT_LIT(d, "{\"id\":");
 *   d = fmt_put_u64(d, id);
 *   fmt_commit(s, d);
 *
 * Integers are written two digits at a time from a table of the pairs
 * "00".."99", which halves the divisions of a digit-by-digit loop.
 */
#ifndef SCHEDLAB_FMT_H
#define SCHEDLAB_FMT_H

#include <glib.h>
#include <stdint.h>
#include <string.h>

/* Room for the longest integer: 20 digits, and a sign. */
#define FMT_INT_MAX 21
/* The longest string fmt_put_json writes in place (more: through fmt_json_string). */
#define FMT_INLINE_MAX 64
/* Room fmt_put_json needs at the cursor: the string and its quotes. */
#define FMT_JSON_ROOM (FMT_INLINE_MAX + 2)

/* "00", "01" ... "99": the digits of i at fmt_digit_pairs[2 * i]. */
extern const char fmt_digit_pairs[200];
/* 1, 10 ... 10^19 */
extern const uint64_t fmt_pow10[20];
/* 1 for a byte a JSON string holds as it is: printable ASCII but '"' and '\\' */
extern const unsigned char fmt_json_plain[256];

/* Make room for n more bytes and return where they go (the caller sets len). */
static inline char *fmt_reserve(GString *s, gsize n)
{
	if (s->len + n >= s->allocated_len) {
		gsize len = s->len;

		g_string_set_size(s, len + n);
		g_string_truncate(s, len);
	}
	return s->str + s->len;
}

/* The GString ends at d (written through a cursor from fmt_reserve). */
static inline void fmt_commit(GString *s, char *d)
{
	*d = '\0';
	s->len = (gsize)(d - s->str);
}

static inline char *fmt_put(char *d, const void *p, gsize n)
{
	memcpy(d, p, n);
	return d + n;
}

/* A string constant: its length is known at compile time, the copy inlined. */
#define FMT_PUT_LIT(d, lit) fmt_put(d, "" lit, sizeof(lit) - 1)

/* The number of decimal digits of v: from its bit length, log10(2) ~ 1233 / 4096. */
static inline unsigned fmt_ndigits(uint64_t v)
{
	unsigned t = ((64 - (unsigned)__builtin_clzll(v | 1)) * 1233) >> 12;

	return t + ((v | 1) >= fmt_pow10[t]);
}

/* The four digits of x < 10000 at d, as two independent pairs. */
static inline void fmt_put4(char *d, uint32_t x)
{
	memcpy(d, &fmt_digit_pairs[2 * (x / 100)], 2);
	memcpy(d + 2, &fmt_digit_pairs[2 * (x % 100)], 2);
}

/* v in decimal at d, two digits at a time from the right; the end. */
static inline char *fmt_put_u64(char *d, uint64_t v)
{
	char *end = d + fmt_ndigits(v), *p = end;
	uint32_t w;

	/* above eight digits, the low eight in one 64-bit division: ns times are long */
	for (; v >= 100000000; v /= 100000000) {
		uint32_t low = (uint32_t)(v % 100000000);

		p -= 8;
		fmt_put4(p, low / 10000);
		fmt_put4(p + 4, low % 10000);
	}
	/* the rest in 32 bits, where a division by a constant is cheaper */
	for (w = (uint32_t)v; w >= 100; w /= 100) {
		p -= 2;
		memcpy(p, &fmt_digit_pairs[2 * (w % 100)], 2);
	}
	if (w >= 10)
		memcpy(p - 2, &fmt_digit_pairs[2 * w], 2);
	else
		p[-1] = (char)('0' + w);
	return end;
}

static inline char *fmt_put_i64(char *d, int64_t v)
{
	if (v < 0) {
		*d++ = '-';
		return fmt_put_u64(d, (uint64_t)0 - (uint64_t)v);
	}
	return fmt_put_u64(d, (uint64_t)v);
}

static inline void fmt_raw(GString *s, const char *p, gsize n)
{
	fmt_commit(s, fmt_put(fmt_reserve(s, n), p, n));
}

/* A string constant: its length is known at compile time. */
#define fmt_lit(s, lit) fmt_raw(s, "" lit, sizeof(lit) - 1)

static inline void fmt_u64(GString *s, uint64_t v)
{
	fmt_commit(s, fmt_put_u64(fmt_reserve(s, FMT_INT_MAX), v));
}

static inline void fmt_i64(GString *s, int64_t v)
{
	fmt_commit(s, fmt_put_i64(fmt_reserve(s, FMT_INT_MAX), v));
}

/* The quoted JSON string of str (NULL: ""). */
void fmt_json_string(GString *s, const char *str);

/*
 * The quoted JSON string of str (NULL: "") at the cursor d of s, which has
 * FMT_JSON_ROOM bytes for it; the new cursor, with `room` bytes after it.
 * A string of printable ASCII with no '"' or '\\' (every name the scenario
 * format allows) is copied as it is scanned; any other, or a longer one,
 * goes through fmt_json_string, and the room is reserved again.
 */
static inline char *fmt_put_json(GString *s, char *d, const char *str, gsize room)
{
	const unsigned char *p = (const unsigned char *)(str ? str : "");
	char *q = d + 1;

	*d = '"';
	for (unsigned n = 0; n < FMT_INLINE_MAX && fmt_json_plain[p[n]]; n++)
		*q++ = (char)p[n];
	if (!p[q - d - 1]) {
		*q++ = '"';
		return q;
	}
	fmt_commit(s, d);
	fmt_json_string(s, str);
	return fmt_reserve(s, room);
}

#endif
