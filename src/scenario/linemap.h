/*
 * linemap.h - a key file with a line number for every group and key.
 *
 * GKeyFile keeps no line numbers and silently merges a group that appears
 * twice, so scenario and model files go through this pre-pass first. It
 * reads the raw text line by line, rejects what GKeyFile would accept
 * silently or reject without a line (binary data, duplicate groups and keys,
 * lines that are neither blank, a '#' comment, a [group] header nor
 * key = value, keys before any group), then hands the text to GKeyFile and
 * remembers where each group and key came from: a line of the file, or a
 * command-line override (--set GROUP.KEY=VALUE, --policy P, ...).
 *
 * Every user error of the scenario module is built here, so that all of them
 * read the same way:
 *
 *     FILE:LINE: [group] key: what is wrong
 *     FILE:LINE: [group]: what is wrong
 *     FILE:LINE: what is wrong
 *     --set rr.quantum=0: [rr] quantum: what is wrong
 *     --policy foo: what is wrong
 *
 * The linemap knows nothing of what the groups and keys mean.
 */
#ifndef SCHEDLAB_LINEMAP_H
#define SCHEDLAB_LINEMAP_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

struct linemap;

/* Files larger than this are refused before they are parsed. */
#define LINEMAP_MAX_BYTES ((size_t)256 << 20)

/*
 * Read a whole file. On error, sets "PATH: cannot read: REASON" (code
 * SCENARIO_ERROR_IO) and returns false.
 */
bool linemap_read_file(const char *path, char **text, size_t *len, GError **error);

/*
 * Map `text` (len bytes, not necessarily NUL-terminated). `path` names the
 * file in messages; `what` is "scenario" or "model", for the message on
 * binary data. On error, returns NULL.
 */
struct linemap *linemap_new(const char *path, const char *what, const char *text, size_t len,
			    GError **error);
void linemap_free(struct linemap *lm);

/* The same content as a GKeyFile (owned by the linemap). */
GKeyFile *linemap_keyfile(const struct linemap *lm);
const char *linemap_path(const struct linemap *lm);

/* Groups in the order of the file, then those created by overrides. */
unsigned linemap_ngroups(const struct linemap *lm);
const char *linemap_group(const struct linemap *lm, unsigned i);
bool linemap_has_group(const struct linemap *lm, const char *group);
/* The line of a group's header; 0 when an override created it. */
int linemap_group_line(const struct linemap *lm, const char *group);

/* Keys of a group in the order of the file, then those added by overrides. */
unsigned linemap_nkeys(const struct linemap *lm, const char *group);
const char *linemap_key(const struct linemap *lm, const char *group, unsigned i);
bool linemap_has_key(const struct linemap *lm, const char *group, const char *key);
/* The line of a key; 0 when it comes from an override or is absent. */
int linemap_key_line(const struct linemap *lm, const char *group, const char *key);
/* The value, without the whitespace around it; NULL when absent. */
const char *linemap_value(const struct linemap *lm, const char *group, const char *key);

/*
 * Set GROUP.KEY to VALUE, as if written in the file, creating the group if
 * needed. `origin` is how errors about this value start ("--set rr.q=2");
 * when `whole` is true the origin names the value by itself (--policy foo)
 * and messages about it leave out "[group] key: ".
 */
void linemap_override(struct linemap *lm, const char *origin, bool whole, const char *group,
		      const char *key, const char *value);

/*
 * Append one line per value of the file that an override replaced (and so
 * was never checked): "FILE:LINE: [group] key: ORIGIN replaced the file's
 * value 'V', which was not checked".
 */
void linemap_replaced(const struct linemap *lm, GString *out);

/*
 * Set *error (if not NULL) to a message located at `key` of `group` (or at
 * the group's header when key is NULL or absent from the group), followed by
 * the printf-style message. `group` may be NULL for an error at line 1.
 */
void linemap_error(const struct linemap *lm, GError **error, int code, const char *group,
		   const char *key, const char *fmt, ...) G_GNUC_PRINTF(6, 7);
/* The same at a given line of the file, with no group. */
void linemap_error_at_line(const struct linemap *lm, GError **error, int code, int line,
			   const char *fmt, ...) G_GNUC_PRINTF(5, 6);

#endif
