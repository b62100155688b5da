/*
 * fmt.h - the writers' fast appends: integers and JSON strings onto a
 * GString without printf (which, through GLib, also allocates and frees a
 * string per call). The bytes are exactly printf's "%" PRIu64, "%" PRId64
 * and the JSON escaping the writers have always used: '"' and '\\' behind a
 * backslash, controls and DEL as \u00XX in lower-case hex, invalid UTF-8
 * replaced as g_utf8_make_valid does.
 */
#ifndef SCHEDLAB_FMT_H
#define SCHEDLAB_FMT_H

#include <glib.h>
#include <stdint.h>
#include <string.h>

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

static inline void fmt_raw(GString *s, const char *p, gsize n)
{
	char *d = fmt_reserve(s, n);

	memcpy(d, p, n);
	s->len += n;
	s->str[s->len] = '\0';
}

/* A string constant: its length is known at compile time. */
#define fmt_lit(s, lit) fmt_raw(s, "" lit, sizeof(lit) - 1)

static inline void fmt_u64(GString *s, uint64_t v)
{
	char buf[20], *p = buf + sizeof(buf);

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	fmt_raw(s, p, (gsize)(buf + sizeof(buf) - p));
}

static inline void fmt_i64(GString *s, int64_t v)
{
	if (v < 0) {
		g_string_append_c(s, '-');
		fmt_u64(s, (uint64_t)0 - (uint64_t)v);
		return;
	}
	fmt_u64(s, (uint64_t)v);
}

/* The quoted JSON string of str (NULL: ""). */
void fmt_json_string(GString *s, const char *str);

#endif
