/*
 * outfile.h - writing an output file safely: the one way every writer does.
 *
 * The trace, the charts' data and scripts, a sweep's CSV and its points all
 * go through here, so that they share one set of rules:
 *
 *   - a regular file (or a name that does not exist yet) is written to a
 *     temporary file in its folder and renamed over it by outfile_commit:
 *     readers see the old file or the whole new one, and a failure or an
 *     interruption leaves the old one intact. The new file keeps the mode of
 *     the one it replaces (a new one gets 0666 less the umask);
 *   - "-" and /dev/stdout are standard output (/dev/stderr and /dev/fd/N
 *     their descriptors, as GNU tools read these names), written in place
 *     whatever they are (a pipe, a file opened for appending); a character
 *     device (/dev/null), a FIFO or a socket are written in place too: they
 *     are never replaced by a regular file;
 *   - a symbolic link is followed: its target is written (through a
 *     temporary next to the target), the link stays;
 *   - missing parent folders are created, as mkdir -p would;
 *   - every write is checked: the first failure stops the writing, is kept
 *     with its reason ("No space left on device"), and commit then removes
 *     the partial output and reports it;
 *   - the temporary is entered in the cleanup registry (base/cleanup.h)
 *     while it exists, so that a signal removes it.
 *
 * Messages name the file as "WHAT PATH: ...", WHAT being the option that
 * named it ("--trace", "--out", "--plot").
 */
#ifndef SCHEDLAB_OUTFILE_H
#define SCHEDLAB_OUTFILE_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

struct outfile;

/* Open path for writing; NULL with an error (a folder, no permission). */
struct outfile *outfile_open(const char *path, const char *what, GError **error);
/*
 * Write len bytes; false from the first failure on (later writes do
 * nothing), its reason kept for outfile_commit.
 */
bool outfile_write(struct outfile *f, const void *data, size_t len);
/* No write failed so far. */
bool outfile_ok(const struct outfile *f);
/*
 * Close and put the file in place (rename the temporary over the target);
 * false with an error naming the first failure, the temporary removed.
 * Frees f either way.
 */
bool outfile_commit(struct outfile *f, GError **error);
/* Close and remove the temporary (nothing for a device or stdout); frees f. NULL: nothing. */
void outfile_discard(struct outfile *f);

/* open, write, commit: a whole file at once. */
bool outfile_save(const char *path, const char *what, const void *data, size_t len, GError **error);

/*
 * Check, before a run, that path can be written: not a folder, its folder
 * created if missing and writable (nothing is left behind). False with an
 * error.
 */
bool outfile_check(const char *path, const char *what, GError **error);

#endif
