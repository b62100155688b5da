/*
 * linemap.c - the pre-pass that gives every group and key its line; see
 * linemap.h.
 *
 * The pass accepts a subset of what GKeyFile accepts, so that the GKeyFile
 * loaded afterwards holds exactly the groups and keys we mapped:
 *
 *   - the text is UTF-8 without NUL bytes or control characters other than
 *     tab; a leading byte-order mark is skipped; lines end with "\n" or
 *     "\r\n";
 *   - a line, stripped of the blanks around it, is empty, a comment ('#'
 *     first), a header "[NAME]" (NAME not empty, without '[' or ']'), or
 *     "KEY = VALUE" with KEY made of letters, digits, '_' and '-';
 *   - a group appears once, and a key once in its group.
 *
 * GKeyFile would also accept locale keys (key[fr]), text after a header's
 * ']' and repeated groups or keys, merging them silently: we refuse those,
 * with the line. GKeyFile then reads the lines as this pass saw them (with
 * "\n" endings and no byte-order mark), so the two cannot disagree on where
 * a line ends; the fuzzer found the cases where they could (a tab in a
 * header, a key named Encoding, a lone '\r' at the end of the file).
 */
#include "scenario/linemap.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scenario/parse.h"
#include "scenario/scenario.h"

struct lm_key {
	char *name;
	char *value;	  /* stripped of the blanks around it */
	int line;	  /* 0: from an override */
	char *origin;	  /* the override's text, or NULL */
	bool whole;	  /* the origin names the value by itself */
	int file_line;	  /* an override replaced the file's value of this line, or 0 */
	char *file_value; /* that value, never checked */
};

struct lm_group {
	char *name;	   /* between the brackets, as written */
	int line;	   /* 0: created by an override */
	char *origin;	   /* the override that created it, or NULL */
	GPtrArray *keys;   /* struct lm_key *, in order */
	GHashTable *index; /* name -> struct lm_key * */
};

struct linemap {
	char *path;
	GKeyFile *kf;
	GPtrArray *groups; /* struct lm_group *, in order */
	GHashTable *index; /* name -> struct lm_group * */
};

static void key_free(gpointer p)
{
	struct lm_key *k = p;

	g_free(k->name);
	g_free(k->value);
	g_free(k->origin);
	g_free(k->file_value);
	g_free(k);
}

static void group_free(gpointer p)
{
	struct lm_group *g = p;

	g_free(g->name);
	g_free(g->origin);
	g_ptr_array_free(g->keys, TRUE);
	g_hash_table_destroy(g->index);
	g_free(g);
}

static struct lm_group *group_add(struct linemap *lm, const char *name, int line,
				  const char *origin)
{
	struct lm_group *g = g_new0(struct lm_group, 1);

	g->name = g_strdup(name);
	g->line = line;
	g->origin = g_strdup(origin);
	g->keys = g_ptr_array_new_with_free_func(key_free);
	g->index = g_hash_table_new(g_str_hash, g_str_equal);
	g_ptr_array_add(lm->groups, g);
	g_hash_table_insert(lm->index, g->name, g);
	return g;
}

static struct lm_key *key_add(struct lm_group *g, const char *name, int line)
{
	struct lm_key *k = g_new0(struct lm_key, 1);

	k->name = g_strdup(name);
	k->line = line;
	g_ptr_array_add(g->keys, k);
	g_hash_table_insert(g->index, k->name, k);
	return k;
}

static struct lm_group *find_group(const struct linemap *lm, const char *group)
{
	return group ? g_hash_table_lookup(lm->index, group) : NULL;
}

static struct lm_key *find_key(const struct linemap *lm, const char *group, const char *key)
{
	struct lm_group *g = find_group(lm, group);

	return g && key ? g_hash_table_lookup(g->index, key) : NULL;
}

bool linemap_read_file(const char *path, char **text, size_t *len, GError **error)
{
	g_autoptr(GString) reason = g_string_new(NULL);

	if (parse_read_file(path, LINEMAP_MAX_BYTES, PARSE_FILE_PIPE, text, len, reason))
		return true;
	g_set_error(error, SCENARIO_ERROR, SCENARIO_ERROR_IO, "%s: cannot read: %s", path,
		    reason->str);
	return false;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_key_char(char c)
{
	return g_ascii_isalnum(c) || c == '_' || c == '-';
}

/* The 1-based line of byte `off` of text. */
static int line_of(const char *text, size_t off)
{
	int line = 1;

	for (size_t i = 0; i < off; i++)
		if (text[i] == '\n' && line < G_MAXINT)
			line++;
	return line;
}

/* A word of the file (a group's or key's name) for a message: escaped, cut if long. */
static char *cut(const char *s)
{
	GString *q = g_string_new(NULL);

	parse_append_excerpt(q, s);
	return g_string_free(q, FALSE);
}

/*
 * Every message ends here: whatever went into it, it is cut at
 * MESSAGE_MAX bytes (on a character's boundary), so that no value of a file
 * or an override is echoed whole, however long.
 */
#define MESSAGE_MAX 1000
static void set_message(GError **error, int code, GString *msg)
{
	if (msg->len > MESSAGE_MAX) {
		const char *end = msg->str + MESSAGE_MAX - 3;

		if (g_utf8_validate(msg->str, -1, NULL))
			end = g_utf8_find_prev_char(msg->str, end + 1);
		g_string_truncate(msg, (gsize)(end - msg->str));
		g_string_append(msg, "...");
	}
	g_set_error_literal(error, SCENARIO_ERROR, code, msg->str);
	g_string_free(msg, TRUE);
}

static void fail_line(const char *path, GError **error, int code, int line, const char *fmt, ...)
	G_GNUC_PRINTF(5, 6);

static void fail_line(const char *path, GError **error, int code, int line, const char *fmt, ...)
{
	va_list ap;
	GString *msg = g_string_new(NULL);

	g_string_append_printf(msg, "%s:%d: ", path, line);
	va_start(ap, fmt);
	g_string_append_vprintf(msg, fmt, ap);
	va_end(ap);
	set_message(error, code, msg);
}

/* Quote s[0..n) for a message, shortened if long. */
static char *quoted(const char *s, size_t n)
{
	GString *q = g_string_new(NULL);

	parse_quote(q, s, n);
	return g_string_free(q, FALSE);
}

/*
 * Scan one line (without its end of line) and record it. Returns false with
 * *error set when the line is not acceptable.
 */
static bool scan_line(struct linemap *lm, struct lm_group **cur, const char *line, size_t n,
		      int lineno, GError **error)
{
	const char *s = line, *e = line + n;
	const char *eq;

	while (s < e && is_blank(*s))
		s++;
	while (e > s && is_blank(e[-1]))
		e--;
	if (s == e || *s == '#')
		return true;

	if (*s == '[') {
		g_autofree char *q = quoted(s, e - s);
		g_autofree char *name = NULL;
		const char *close = memchr(s, ']', e - s);
		struct lm_group *g;

		if (!close) {
			fail_line(lm->path, error, SCENARIO_ERROR_SYNTAX, lineno,
				  "missing ']' in group header %s", q);
			return false;
		}
		if (close != e - 1) {
			fail_line(lm->path, error, SCENARIO_ERROR_SYNTAX, lineno,
				  "unexpected text after ']' in group header %s", q);
			return false;
		}
		if (memchr(s + 1, '[', close - s - 1)) {
			fail_line(lm->path, error, SCENARIO_ERROR_SYNTAX, lineno,
				  "unexpected '[' in group header %s", q);
			return false;
		}
		if (memchr(s + 1, '\t', close - s - 1)) {
			/* GKeyFile refuses control characters, tab included, in group names. */
			fail_line(lm->path, error, SCENARIO_ERROR_SYNTAX, lineno,
				  "tab in group header %s: separate words with a space", q);
			return false;
		}
		name = g_strndup(s + 1, close - s - 1);
		if (strspn(name, " \t") == strlen(name)) {
			fail_line(lm->path, error, SCENARIO_ERROR_SYNTAX, lineno,
				  "empty group header %s: write [scenario], [task NAME], ...", q);
			return false;
		}
		g = find_group(lm, name);
		if (g) {
			g_autofree char *c = cut(name);

			fail_line(lm->path, error, SCENARIO_ERROR_SYNTAX, lineno,
				  "[%s]: duplicate group: first at line %d", c, g->line);
			return false;
		}
		*cur = group_add(lm, name, lineno, NULL);
		return true;
	}

	eq = memchr(s, '=', e - s);
	if (!eq) {
		g_autofree char *q = quoted(s, e - s);

		fail_line(lm->path, error, SCENARIO_ERROR_SYNTAX, lineno,
			  "%s is not key = value, a [group] header or a # comment", q);
		return false;
	} else {
		const char *ke = eq;
		g_autofree char *key = NULL;
		struct lm_key *k;

		while (ke > s && is_blank(ke[-1]))
			ke--;
		if (ke == s) {
			g_autofree char *q = quoted(s, e - s);

			fail_line(lm->path, error, SCENARIO_ERROR_SYNTAX, lineno,
				  "missing key before '=' in %s", q);
			return false;
		}
		key = g_strndup(s, ke - s);
		for (const char *c = key; *c; c++) {
			if (!is_key_char(*c)) {
				g_autofree char *q = quoted(key, strlen(key));

				fail_line(
					lm->path, error, SCENARIO_ERROR_SYNTAX, lineno,
					"bad key %s: a key is made of letters, digits, '_' and '-'",
					q);
				return false;
			}
		}
		if (!*cur) {
			g_autofree char *c = cut(key);

			fail_line(lm->path, error, SCENARIO_ERROR_SYNTAX, lineno,
				  "key '%s' before any [group] header: a file starts with a group "
				  "such as [scenario]",
				  c);
			return false;
		}
		k = g_hash_table_lookup((*cur)->index, key);
		if (k) {
			g_autofree char *cg = cut((*cur)->name), *ck = cut(key);

			fail_line(lm->path, error, SCENARIO_ERROR_SYNTAX, lineno,
				  "[%s] %s: duplicate key: first at line %d", cg, ck, k->line);
			return false;
		}
		if (!strcmp(key, "Encoding")) {
			/* GKeyFile reads this key as the file's encoding and fails unless UTF-8. */
			g_autofree char *cg = cut((*cur)->name);

			fail_line(lm->path, error, SCENARIO_ERROR_SYNTAX, lineno,
				  "[%s] Encoding: unknown key (the name is reserved by GKeyFile)",
				  cg);
			return false;
		}
		key_add(*cur, key, lineno);
		return true;
	}
}

struct linemap *linemap_new(const char *path, const char *what, const char *text, size_t len,
			    GError **error)
{
	struct linemap *lm;
	struct lm_group *cur = NULL;
	const char *end;
	size_t off = 0;
	int lineno = 0;
	GString *norm;
	g_autoptr(GError) kf_error = NULL;

	g_return_val_if_fail(path && what && (text || !len), NULL);
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3)) {
		/* A byte-order mark, as some editors write; GKeyFile refuses it. */
		text += 3;
		len -= 3;
	}
	if (!g_utf8_validate_len(text, len, &end)) {
		fail_line(path, error, SCENARIO_ERROR_SYNTAX, line_of(text, end - text),
			  "binary data: not a %s file", what);
		return NULL;
	}

	lm = g_new0(struct linemap, 1);
	lm->path = g_strdup(path);
	lm->groups = g_ptr_array_new_with_free_func(group_free);
	lm->index = g_hash_table_new(g_str_hash, g_str_equal);
	lm->kf = g_key_file_new();
	/* GKeyFile reads the lines as we saw them: "\n" endings, no byte-order mark. */
	norm = g_string_sized_new(len + 1);

	while (off < len) {
		const char *line = text + off;
		const char *nl = memchr(line, '\n', len - off);
		size_t n = nl ? (size_t)(nl - line) : len - off;

		off += n + (nl ? 1 : 0);
		if (lineno < G_MAXINT)
			lineno++;
		if (n && line[n - 1] == '\r')
			n--;
		for (size_t i = 0; i < n; i++) {
			unsigned char c = line[i];

			if (c == '\r') {
				fail_line(path, error, SCENARIO_ERROR_SYNTAX, lineno,
					  "carriage return inside a line: save the file with "
					  "Unix (\\n) or DOS (\\r\\n) line endings");
				goto fail;
			}
			if ((c < 0x20 && c != '\t') || c == 0x7f) {
				fail_line(path, error, SCENARIO_ERROR_SYNTAX, lineno,
					  "binary data: not a %s file", what);
				goto fail;
			}
		}
		if (!scan_line(lm, &cur, line, n, lineno, error))
			goto fail;
		g_string_append_len(norm, line, n);
		g_string_append_c(norm, '\n');
	}

	if (!g_key_file_load_from_data(lm->kf, norm->str, norm->len, G_KEY_FILE_NONE, &kf_error)) {
		/* The pre-pass accepts a subset of GKeyFile's syntax: a bug if reached. */
		g_set_error(error, SCENARIO_ERROR, SCENARIO_ERROR_SYNTAX, "%s: not a key file: %s",
			    path, kf_error->message);
		goto fail;
	}
	for (unsigned i = 0; i < lm->groups->len; i++) {
		struct lm_group *g = lm->groups->pdata[i];

		for (unsigned j = 0; j < g->keys->len; j++) {
			struct lm_key *k = g->keys->pdata[j];
			char *v = g_key_file_get_value(lm->kf, g->name, k->name, NULL);

			g_assert(v);
			k->value = g_strstrip(v);
		}
	}
	g_string_free(norm, TRUE);
	return lm;

fail:
	g_string_free(norm, TRUE);
	linemap_free(lm);
	return NULL;
}

void linemap_free(struct linemap *lm)
{
	if (!lm)
		return;
	g_free(lm->path);
	g_key_file_free(lm->kf);
	g_hash_table_destroy(lm->index);
	g_ptr_array_free(lm->groups, TRUE);
	g_free(lm);
}

GKeyFile *linemap_keyfile(const struct linemap *lm)
{
	return lm->kf;
}

const char *linemap_path(const struct linemap *lm)
{
	return lm->path;
}

unsigned linemap_ngroups(const struct linemap *lm)
{
	return lm->groups->len;
}

const char *linemap_group(const struct linemap *lm, unsigned i)
{
	g_return_val_if_fail(i < lm->groups->len, NULL);
	return ((struct lm_group *)lm->groups->pdata[i])->name;
}

bool linemap_has_group(const struct linemap *lm, const char *group)
{
	return find_group(lm, group) != NULL;
}

int linemap_group_line(const struct linemap *lm, const char *group)
{
	struct lm_group *g = find_group(lm, group);

	return g ? g->line : 0;
}

unsigned linemap_nkeys(const struct linemap *lm, const char *group)
{
	struct lm_group *g = find_group(lm, group);

	return g ? g->keys->len : 0;
}

const char *linemap_key(const struct linemap *lm, const char *group, unsigned i)
{
	struct lm_group *g = find_group(lm, group);

	g_return_val_if_fail(g && i < g->keys->len, NULL);
	return ((struct lm_key *)g->keys->pdata[i])->name;
}

bool linemap_has_key(const struct linemap *lm, const char *group, const char *key)
{
	return find_key(lm, group, key) != NULL;
}

int linemap_key_line(const struct linemap *lm, const char *group, const char *key)
{
	struct lm_key *k = find_key(lm, group, key);

	return k ? k->line : 0;
}

const char *linemap_value(const struct linemap *lm, const char *group, const char *key)
{
	struct lm_key *k = find_key(lm, group, key);

	return k ? k->value : NULL;
}

void linemap_override(struct linemap *lm, const char *origin, bool whole, const char *group,
		      const char *key, const char *value)
{
	struct lm_group *g = find_group(lm, group);
	struct lm_key *k;

	g_return_if_fail(origin && group && key && value);
	if (!g)
		g = group_add(lm, group, 0, origin);
	k = g_hash_table_lookup(g->index, key);
	if (!k)
		k = key_add(g, key, 0);
	if (k->line > 0 && !k->file_line) {
		k->file_line = k->line;
		k->file_value = k->value;
		k->value = NULL;
	}
	g_free(k->value);
	g_free(k->origin);
	k->value = g_strstrip(g_strdup(value));
	k->origin = g_strdup(origin);
	k->whole = whole;
	k->line = 0;
	g_key_file_set_value(lm->kf, group, key, k->value);
}

void linemap_replaced(const struct linemap *lm, GString *out)
{
	for (guint i = 0; i < lm->groups->len; i++) {
		const struct lm_group *g = lm->groups->pdata[i];

		for (guint j = 0; j < g->keys->len; j++) {
			const struct lm_key *k = g->keys->pdata[j];

			if (!k->file_line || !strcmp(k->file_value, k->value))
				continue;
			g_string_append_printf(out, "%s:%d: [", lm->path, k->file_line);
			parse_append_excerpt(out, g->name);
			g_string_append(out, "] ");
			parse_append_excerpt(out, k->name);
			g_string_append(out, ": ");
			parse_append_excerpt(out, k->origin);
			g_string_append(out, " replaced the file's value ");
			parse_quote(out, k->file_value, strlen(k->file_value));
			g_string_append(out, ", which was not checked\n");
		}
	}
}

static void append_group_where(GString *s, const struct linemap *lm, const struct lm_group *g)
{
	if (!g)
		g_string_append(s, lm->path);
	else if (g->origin)
		g_string_append(s, g->origin);
	else
		g_string_append_printf(s, "%s:%d", lm->path, g->line);
}

void linemap_error(const struct linemap *lm, GError **error, int code, const char *group,
		   const char *key, const char *fmt, ...)
{
	const struct lm_group *g = find_group(lm, group);
	const struct lm_key *k = find_key(lm, group, key);
	GString *msg;
	va_list ap;

	if (!error)
		return;
	msg = g_string_new(NULL);
	if (!group) {
		g_string_append_printf(msg, "%s:1: ", lm->path);
	} else if (k && k->origin && k->whole) {
		parse_append_excerpt(msg, k->origin);
		g_string_append(msg, ": ");
	} else {
		if (k && k->origin)
			parse_append_excerpt(msg, k->origin);
		else if (k)
			g_string_append_printf(msg, "%s:%d", lm->path, k->line);
		else
			append_group_where(msg, lm, g);
		g_string_append(msg, ": [");
		parse_append_excerpt(msg, group);
		g_string_append_c(msg, ']');
		if (key) {
			g_string_append_c(msg, ' ');
			parse_append_excerpt(msg, key);
		}
		g_string_append(msg, ": ");
	}
	va_start(ap, fmt);
	g_string_append_vprintf(msg, fmt, ap);
	va_end(ap);
	set_message(error, code, msg);
}

void linemap_error_at_line(const struct linemap *lm, GError **error, int code, int line,
			   const char *fmt, ...)
{
	GString *msg;
	va_list ap;

	if (!error)
		return;
	msg = g_string_new(NULL);
	g_string_append_printf(msg, "%s:%d: ", lm->path, line);
	va_start(ap, fmt);
	g_string_append_vprintf(msg, fmt, ap);
	va_end(ap);
	set_message(error, code, msg);
}
