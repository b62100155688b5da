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

#endif
