/*
 * jw.c - the JSON writer of json.c and compare.c (jw.h).
 */
#include <inttypes.h>
#include <string.h>

#include "report/fmt.h"
#include "report/jw.h"

void fmt_json_string(GString *out, const char *s)
{
	g_autofree char *valid = NULL;
	const unsigned char *p;

	if (!s)
		s = "";
	/* Most strings (keys, names) are printable ASCII: one copy. */
	for (p = (const unsigned char *)s; *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\'; p++)
		;
	if (!*p) {
		char *d = fmt_reserve(out, (gsize)(p - (const unsigned char *)s) + 2);

		*d++ = '"';
		memcpy(d, s, (size_t)(p - (const unsigned char *)s));
		d += p - (const unsigned char *)s;
		*d++ = '"';
		*d = '\0';
		out->len = (gsize)(d - out->str);
		return;
	}
	if (!g_utf8_validate(s, -1, NULL))
		s = valid = g_utf8_make_valid(s, -1);
	g_string_append_c(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			g_string_append_c(out, '\\');
			g_string_append_c(out, (char)c);
		} else if (c < 0x20 || c == 0x7f) {
			static const char hex[] = "0123456789abcdef";
			char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };

			fmt_raw(out, u, sizeof(u));
		} else {
			g_string_append_c(out, (char)c);
		}
	}
	g_string_append_c(out, '"');
}

void jw_string(struct jw *w, const char *s)
{
	fmt_json_string(w->out, s);
}

/* Start a member of the open container: separator, indent, key if any. */
void jw_member(struct jw *w, const char *key)
{
	static const char sep[] = ",\n                ";

	if (w->depth > 0) {
		bool comma = w->nonempty[w->depth - 1];

		/* ",\n" or "\n", then two spaces per level, in one copy */
		w->nonempty[w->depth - 1] = true;
		fmt_raw(w->out, &sep[!comma], (gsize)(1 + comma + 2 * w->depth));
	}
	if (key) {
		fmt_json_string(w->out, key);
		fmt_lit(w->out, ": ");
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
	if (G_UNLIKELY(w->flush && w->out->len >= JW_FLUSH)) {
		if (!w->failed && !w->flush(w->out, w->flush_ctx))
			w->failed = true;
		g_string_truncate(w->out, 0);
	}
}

void jw_str(struct jw *w, const char *key, const char *s)
{
	jw_member(w, key);
	jw_string(w, s);
}

void jw_int(struct jw *w, const char *key, int64_t v)
{
	jw_member(w, key);
	fmt_i64(w->out, v);
}

void jw_uint(struct jw *w, const char *key, uint64_t v)
{
	jw_member(w, key);
	fmt_u64(w->out, v);
}

/* An integer, or null when it does not exist. */
void jw_maybe(struct jw *w, const char *key, bool exists, int64_t v)
{
	if (exists) {
		jw_int(w, key, v);
		return;
	}
	jw_member(w, key);
	fmt_lit(w->out, "null");
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

void jw_raw(struct jw *w, const char *key, const char *json)
{
	jw_member(w, key);
	g_string_append(w->out, json);
}

void jw_params(struct jw *w, const char *key, const char *name, const struct param_values *v,
	       bool sections)
{
	const char *section = NULL;

	jw_open(w, key, '{');
	if (name)
		jw_str(w, "name", name);
	for (uint32_t i = 0; v && i < v->n; i++) {
		if (sections && g_strcmp0(section, v->v[i].section)) {
			if (section)
				jw_close(w, '}');
			section = v->v[i].section;
			jw_open(w, section, '{');
		}
		jw_raw(w, v->v[i].key, v->v[i].json);
	}
	if (section)
		jw_close(w, '}');
	jw_close(w, '}');
}
