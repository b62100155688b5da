/*
 * jw.c - the JSON writer of json.c and compare.c (jw.h).
 */
#include <inttypes.h>
#include <string.h>

#include "report/jw.h"

void jw_string(struct jw *w, const char *s)
{
	g_autofree char *valid = NULL;

	if (!s)
		s = "";
	if (!g_utf8_validate(s, -1, NULL))
		s = valid = g_utf8_make_valid(s, -1);
	g_string_append_c(w->out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			g_string_append_printf(w->out, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			g_string_append_printf(w->out, "\\u%04x", c);
		else
			g_string_append_c(w->out, (char)c);
	}
	g_string_append_c(w->out, '"');
}

/* Start a member of the open container: separator, indent, key if any. */
void jw_member(struct jw *w, const char *key)
{
	if (w->depth > 0) {
		g_string_append(w->out, w->nonempty[w->depth - 1] ? ",\n" : "\n");
		w->nonempty[w->depth - 1] = true;
		for (int i = 0; i < w->depth; i++)
			g_string_append(w->out, "  ");
	}
	if (key) {
		jw_string(w, key);
		g_string_append(w->out, ": ");
	}
}

void jw_open(struct jw *w, const char *key, char bracket)
{
	g_assert(w->depth < JSON_MAX_DEPTH);
	jw_member(w, key);
	g_string_append_c(w->out, bracket);
	w->nonempty[w->depth++] = false;
}

void jw_close(struct jw *w, char bracket)
{
	g_assert(w->depth > 0);
	if (w->nonempty[--w->depth]) {
		g_string_append_c(w->out, '\n');
		for (int i = 0; i < w->depth; i++)
			g_string_append(w->out, "  ");
	}
	g_string_append_c(w->out, bracket);
}

void jw_str(struct jw *w, const char *key, const char *s)
{
	jw_member(w, key);
	jw_string(w, s);
}

void jw_int(struct jw *w, const char *key, int64_t v)
{
	jw_member(w, key);
	g_string_append_printf(w->out, "%" PRId64, v);
}

void jw_uint(struct jw *w, const char *key, uint64_t v)
{
	jw_member(w, key);
	g_string_append_printf(w->out, "%" PRIu64, v);
}

/* An integer, or null when it does not exist. */
void jw_maybe(struct jw *w, const char *key, bool exists, int64_t v)
{
	if (exists) {
		jw_int(w, key, v);
		return;
	}
	jw_member(w, key);
	g_string_append(w->out, "null");
}

/* A metric of the table (report.h): its data, or null when it does not exist. */
void jw_field(struct jw *w, const char *key, const struct summary_field *f, const struct summary *s)
{
	jw_member(w, key);
	if (summary_field_exists(f, s))
		summary_field_data(w->out, f, s);
	else
		g_string_append(w->out, "null");
}
