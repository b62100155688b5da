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
 * Integers are base/decimal.h's, the one integer writer.
 */
#ifndef SCHEDLAB_FMT_H
#define SCHEDLAB_FMT_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "base/decimal.h"

/* Room for the longest integer (base/decimal.h). */
#define FMT_INT_MAX DECIMAL_MAX
/* The longest string fmt_put_json writes in place (more: through fmt_json_string). */
#define FMT_INLINE_MAX 64
/* Room fmt_put_json needs at the cursor: the string and its quotes. */
#define FMT_JSON_ROOM (FMT_INLINE_MAX + 2)

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

/* Integers at the cursor: base/decimal.h's writer, under the writers' names. */
static inline unsigned fmt_ndigits(uint64_t v)
{
	return decimal_len(v);
}

static inline char *fmt_put_u64(char *d, uint64_t v)
{
	return decimal_put_u64(d, v);
}

static inline char *fmt_put_i64(char *d, int64_t v)
{
	return decimal_put_i64(d, v);
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

/*
 * The bytes of x that are not plain (fmt_json_plain), as their high bits.
 * The bytes are tested at once, side by side: with y a byte's low 7 bits,
 * the sums y + 1 (0x7f), y + 0x60 (y >= 0x20), (y ^ '"') + 0x7f and
 * (y ^ '\\') + 0x7f (not that byte) never carry out of the byte, and their
 * high bits, with the byte's own, say whether it is plain (the byte-lane
 * tests of Sean Anderson's Bit Twiddling Hacks, "Determine if a word has a
 * byte less than n", made exact by clearing the high bits first).
 */
static inline uint64_t fmt_plain_bad(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101u, low7 = ones * 0x7f;
	uint64_t y = x & low7;

	return x | (y + ones) |
	       ~((y + ones * 0x60) & ((y ^ (ones * '"')) + low7) & ((y ^ (ones * '\\')) + low7));
}

/*
 * Are the n bytes at p all plain? They are read in whole 8-byte words, at
 * least one, so the bytes after them to the end of the last word (up to 8)
 * must be readable and plain too: a writer copies the string into room of
 * its own and fills the 8 bytes after it with a plain byte.
 */
static inline bool fmt_plain_words(const char *p, gsize n)
{
	uint64_t bad = 0;
	gsize i = 0;

	do { /* one word at least: most names fit in one */
		uint64_t x;

		memcpy(&x, p + i, 8);
		bad |= fmt_plain_bad(x);
	} while ((i += 8) < n);
	return !(bad & 0x8080808080808080u);
}

/*
 * Are the first n bytes at p all plain? As fmt_plain_words, but the bytes
 * after them, to the end of the word that holds byte n, need only be
 * readable: they are taken as plain (masked). For a string that stays where
 * it is, read in words where it lies: a copy just stored would be read back
 * at other offsets and sizes than it was stored, which waits for the stores
 * to reach the cache (no store-to-load forwarding).
 */
static inline bool fmt_plain_prefix(const char *p, gsize n)
{
	/* at first + 8 - k: k bytes 0xff, then 0 (in memory order) */
	static const unsigned char first[16] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint64_t bad = 0, x, keep;
	gsize i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&x, p + i, 8);
		bad |= fmt_plain_bad(x);
	}
	memcpy(&keep, first + 8 - (n - i), 8);
	memcpy(&x, p + i, 8);
	bad |= fmt_plain_bad((x & keep) | (0x5f5f5f5f5f5f5f5fu & ~keep)); /* '_' past the end */
	return !(bad & 0x8080808080808080u);
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

/*
 * The quoted JSON string of str, of n bytes, at the cursor d of s, which has
 * FMT_JSON_ROOM + 8 bytes for it; the new cursor, with `room` bytes after it.
 * Copied whole, 8 plain bytes put after it, and the copy checked in words
 * (fmt_plain_words), rather than byte by byte; a string that needs
 * escaping, or a longer one, goes through fmt_json_string as in fmt_put_json.
 */
static inline char *fmt_put_json_len(GString *s, char *d, const char *str, gsize n, gsize room)
{
	char *q = d + 1;

	*d = '"';
	if (G_LIKELY(n <= FMT_INLINE_MAX)) {
		memcpy(q, str, n);
		memcpy(q + n, "________", 8);
		if (G_LIKELY(fmt_plain_words(q, n))) {
			q[n] = '"';
			return q + n + 1;
		}
	}
	fmt_commit(s, d);
	fmt_json_string(s, str);
	return fmt_reserve(s, room);
}

#endif
