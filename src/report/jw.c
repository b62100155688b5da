/*
 * jw.c - the JSON writer of json.c and compare.c (jw.h).
 */
#include <inttypes.h>
#include <string.h>

#include "report/fmt.h"
#include "report/jw.h"

/* printable ASCII (0x20 to 0x7e) but '"' (0x22) and '\\' (0x5c), by rows of 16 */
/* clang-format off */
const unsigned char fmt_json_plain[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
/* clang-format on */

void fmt_json_string(GString *out, const char *s)
{
	g_autofree char *valid = NULL;
	const unsigned char *p;

	if (!s)
		s = "";
	/* Most strings (keys, names) are printable ASCII: one copy. */
	for (p = (const unsigned char *)s; fmt_json_plain[*p]; p++)
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

void jw_flush(struct jw *w)
{
	if (!w->failed && !w->flush(w->out, w->flush_ctx))
		w->failed = true;
	g_string_truncate(w->out, 0);
}

/* At the close of an object: hand the text on once it holds JW_FLUSH bytes. */
static void flush_maybe(struct jw *w)
{
	if (G_UNLIKELY(w->flush && w->out->len >= JW_FLUSH))
		jw_flush(w);
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
	flush_maybe(w);
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

/*
 * What jw writes at `depth` when the open container is (not) empty: an
 * object opened ('{'), closed ('}') or a member's key (0); appended to
 * rec->text, its offset there.
 */
static gsize record_piece(struct jw_record *rec, int depth, bool nonempty, const char *key, char op)
{
	struct jw scratch = { .out = rec->text, .depth = depth };
	gsize at = rec->text->len;

	scratch.nonempty[depth - 1] = nonempty;
	if (op == '{')
		jw_open(&scratch, NULL, '{');
	else if (op == '}')
		jw_close(&scratch, '}');
	else
		jw_member(&scratch, key);
	return at;
}

void jw_record_init(struct jw_record *rec, const struct jw *w, const char *const *keys,
		    unsigned nkeys)
{
	int depth = w->depth; /* the array's; the objects' members are one deeper */

	g_assert(nkeys <= JW_RECORD_MAX && depth > 0 && depth + 1 < JSON_MAX_DEPTH);
	rec->text = g_string_new(NULL);
	for (int i = 0; i < 2; i++) {
		rec->open[i] = record_piece(rec, depth, i == 1, NULL, '{');
		rec->open_len[i] = rec->text->len - rec->open[i];
	}
	for (unsigned i = 0; i < nkeys; i++)
		rec->key[i] = record_piece(rec, depth + 1, i > 0, keys[i], 0);
	rec->key[nkeys] = rec->text->len;
	/* jw_close(..., '}') of a nonempty object at depth + 1 */
	rec->close = record_piece(rec, depth + 1, true, NULL, '}');
	rec->close_len = rec->text->len - rec->close;
	rec->room = rec->text->len + (gsize)nkeys * JW_RECORD_VALUE + JW_RECORD_COPY + 1;
	/* jw_record_key reads JW_RECORD_COPY bytes from any piece */
	g_string_append_len(rec->text, (const char[JW_RECORD_COPY]){ 0 }, JW_RECORD_COPY);
}

void jw_record_clear(struct jw_record *rec)
{
	if (rec->text)
		g_string_free(rec->text, TRUE);
	rec->text = NULL;
}
