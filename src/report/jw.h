/*
 * jw.h - a streaming JSON writer for the reporters: it knows where commas,
 * newlines and two-space indents go, escapes strings (and repairs invalid
 * UTF-8), and prints numbers without the locale's help. Shared by the run's
 * JSON (json.c) and compare's (compare.c), so both read alike.
 */
#ifndef SCHEDLAB_JW_H
#define SCHEDLAB_JW_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "report/fmt.h"
#include "report/report.h"

#define JSON_MAX_DEPTH 8

struct jw {
	GString *out;
	int depth;
	bool nonempty[JSON_MAX_DEPTH]; /* the open container has a member */
	/* Optional: out is handed to flush and emptied once it holds JW_FLUSH
	 * bytes, at the close of an object; failed once a flush fails. */
	bool (*flush)(GString *out, void *ctx);
	void *flush_ctx;
	bool failed;
};

#define JW_FLUSH (1u << 16)

/* Start a member of the open container: separator, indent, key if any. */
void jw_member(struct jw *w, const char *key);
/* Open an object ('{') or an array ('['), as a member named key (NULL in arrays). */
void jw_open(struct jw *w, const char *key, char bracket);
void jw_close(struct jw *w, char bracket);
void jw_string(struct jw *w, const char *s);
void jw_str(struct jw *w, const char *key, const char *s);
void jw_int(struct jw *w, const char *key, int64_t v);
void jw_uint(struct jw *w, const char *key, uint64_t v);
/* A value already written as JSON ("10000000", "[1, 2]", "\"fifo\""). */
void jw_raw(struct jw *w, const char *key, const char *json);
/*
 * An object named key of param values (base/param.h): "name" first when
 * name is not NULL, then the values of each section in order, each section
 * an object of its own when sections (a model's "switch": {...}), or
 * directly in it when not (a policy's parameters).
 */
void jw_params(struct jw *w, const char *key, const char *name, const struct param_values *v,
	       bool sections);
/* An integer, or null when it does not exist. */
void jw_maybe(struct jw *w, const char *key, bool exists, int64_t v);
/* A metric of the table (report.h): its data, or null when it does not exist. */
void jw_field(struct jw *w, const char *key, const struct summary_field *f,
	      const struct summary *s);

/*
 * An object with the same keys written many times in one array (a run's
 * tasks): its bytes but for the values are made once, by the writer's own
 * rules for the depth where it goes, so a record is a few copies and its
 * numbers. Between jw_record_begin and jw_record_end, the caller writes each
 * member through the cursor (fmt.h): jw_record_key(d, rec, i), then the
 * value, at most JW_RECORD_VALUE bytes of it (fmt_put_json for a string;
 * fmt_put_json_len's 8 bytes past a string fall in the room of what follows).
 */
#define JW_RECORD_MAX	16
#define JW_RECORD_VALUE (FMT_JSON_ROOM > FMT_INT_MAX ? FMT_JSON_ROOM : FMT_INT_MAX)

struct jw_record {
	GString *text;		      /* every piece below, one after the other */
	gsize open[2], open_len[2];   /* '{' first in the array, or after another */
	gsize key[JW_RECORD_MAX + 1]; /* member i from key[i] to key[i + 1] */
	gsize close, close_len;
	gsize room; /* the most one record can take */
};

/* For objects in the array open in w (its innermost container), with these keys. */
void jw_record_init(struct jw_record *rec, const struct jw *w, const char *const *keys,
		    unsigned nkeys);
void jw_record_clear(struct jw_record *rec);
/* A member's bytes are copied JW_RECORD_COPY at a time: a copy of a known size is inlined. */
#define JW_RECORD_COPY 48

/* The n bytes at p at d, n most often no more than JW_RECORD_COPY; the end. */
static inline char *jw_record_piece(char *d, const char *p, gsize n)
{
	if (G_LIKELY(n <= JW_RECORD_COPY)) {
		memcpy(d, p, JW_RECORD_COPY); /* rec->text and the room have the slack */
		return d + n;
	}
	return fmt_put(d, p, n);
}

/* Room reserved, the object opened: the cursor. */
static inline char *jw_record_begin(struct jw *w, const struct jw_record *rec)
{
	bool after = w->nonempty[w->depth - 1];
	char *d = fmt_reserve(w->out, rec->room);

	w->nonempty[w->depth - 1] = true;
	return jw_record_piece(d, rec->text->str + rec->open[after], rec->open_len[after]);
}

static inline char *jw_record_key(char *d, const struct jw_record *rec, unsigned i)
{
	return jw_record_piece(d, rec->text->str + rec->key[i], rec->key[i + 1] - rec->key[i]);
}

/* Hand the text on (jw_close's rule), once it holds JW_FLUSH bytes. */
void jw_flush(struct jw *w);

/* The object closed at the cursor d, and handed on as jw_close does. */
static inline void jw_record_end(struct jw *w, const struct jw_record *rec, char *d)
{
	fmt_commit(w->out, jw_record_piece(d, rec->text->str + rec->close, rec->close_len));
	if (G_UNLIKELY(w->flush && w->out->len >= JW_FLUSH))
		jw_flush(w);
}

#endif
