/*
 * parse.h - the syntax of values in scenario and model files.
 *
 * Durations, sizes, integers, booleans, names, distributions, programs and
 * arrival processes (docs/scenario-format.md). Each parser takes the value's
 * text (the blanks around it do not matter) and either fills its result and
 * returns true, or returns false and appends to `msg` a fragment that says
 * what is wrong ("must be positive, got 0"); the caller puts the location in
 * front of it ("fcfs.ini:7: [task P1] burst: "). Nothing here knows which
 * group or key a value came from.
 *
 * Durations and sizes are read with exact integer arithmetic on their
 * decimal digits (never strtod), so "0.1ms" is exactly 100000 ns and a value
 * that is not a whole number of nanoseconds or bytes is an error rather than
 * a rounding.
 */
#ifndef SCHEDLAB_PARSE_H
#define SCHEDLAB_PARSE_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/dist.h"
#include "base/simtime.h"
#include "scenario/scenario.h"
#include "task/program.h"

/* Flags of parse_duration and parse_dist. */
enum {
	PARSE_POSITIVE = 1 << 0, /* zero is an error */
};

/* Longest name of a task, group, process or object. */
#define PARSE_NAME_MAX 64
/* Largest trace file read. */
#define PARSE_MAX_FILE_BYTES ((size_t)256 << 20)
/* Most operations in one program, loops counted once. */
#define PARSE_PROGRAM_MAX_OPS 100000u

/*
 * Append 'text' (s[0..n)) for a message: shortened to 60 characters, control
 * characters and bytes that are not UTF-8 escaped (\n, \x1b).
 */
void parse_quote(GString *out, const char *s, size_t n);
/* The same without the quotes, for a name of the file in a message. */
void parse_append_excerpt(GString *out, const char *s);

/* Optimal-string-alignment distance between a and b, ignoring ASCII case. */
unsigned parse_edit_distance(const char *a, const char *b);
/* The candidate closest to word within a small distance; NULL if none, or if two tie. */
const char *parse_suggest(const char *word, const char *const *candidates);
/* Append " (did you mean 'X'?)" when a candidate is close; returns whether it did. */
bool parse_append_suggestion(GString *out, const char *word, const char *const *candidates);

/*
 * Append the NULL-terminated names as "a, b and c" (last = "and") or
 * "a, b or c" (last = "or"); one name alone, nothing for none.
 */
void parse_append_names(GString *out, const char *const *names, const char *last);

/* Flags of parse_read_file. */
enum {
	PARSE_FILE_PIPE = 1 << 0, /* a FIFO or pipe is read too (a path of the command line) */
};
/*
 * Read a whole file of at most max bytes; on error, appends the reason ("no
 * such file or directory", "a FIFO, not a regular file"). Only regular files
 * are read (and FIFOs with PARSE_FILE_PIPE): a path in a scenario never
 * blocks on a FIFO nor reads a device.
 */
bool parse_read_file(const char *path, size_t max, unsigned flags, char **text, size_t *len,
		     GString *reason);

/* time_unit: ns, us, ms or s. */
bool parse_time_unit(const char *text, sim_time_t *unit, GString *msg);
/*
 * A duration: a decimal number ("24", "0.4", "2e3") with an optional unit
 * ns, us, ms or s; a bare number is in `unit` ns. At most `max`.
 */
bool parse_duration(const char *text, sim_time_t unit, sim_time_t max, unsigned flags,
		    sim_time_t *out, GString *msg);
/* A size: a decimal number with an optional unit B KiB MiB GiB TiB KB MB GB TB; at most max. */
bool parse_size(const char *text, uint64_t max, uint64_t *out, GString *msg);
/* A whole number in [min, max] ("42", "1e6"). */
bool parse_uint(const char *text, uint64_t min, uint64_t max, uint64_t *out, GString *msg);
bool parse_int(const char *text, int64_t min, int64_t max, int64_t *out, GString *msg);
/* true, false, yes, no, 1, 0 (any case). */
bool parse_bool(const char *text, bool *out, GString *msg);
/* A plain decimal number without unit ("1.5", "2e-3"), finite. */
bool parse_double(const char *text, double *out, GString *msg);
/*
 * A name: letters, digits, '_', '-' and '.', at most PARSE_NAME_MAX bytes;
 * with allow_index, one index template may appear too (see below).
 */
bool parse_name(const char *text, bool allow_index, GString *msg);
/*
 * The index template at p, in a name of an operation: "{i}" (the task's
 * index in its group) or "{(i+K)%N}" / "{(i-K)%N}" (the index K further on
 * or back, modulo N, the group's count). Returns its length and sets *k
 * (when not NULL) to K, negative for '-'; 0 when p holds no template.
 */
size_t parse_index_template(const char *p, int64_t *k);
/* What may stand between braces, for messages. */
#define PARSE_TEMPLATE_RULE                                                                        \
	"only {i} or {(i+K)%N} (i the task's index in its group, N its count) may appear "         \
	"between braces"

/*
 * A distribution of durations: a duration (a constant), const(D), exp(MEAN),
 * uniform(LO,HI), normal(MEAN,SD), lognormal(MEAN,SD) or pareto(XM,ALPHA).
 * PARSE_POSITIVE requires draws that are not always zero (D > 0, HI > 0,
 * MEAN > 0).
 */
bool parse_dist(const char *text, sim_time_t unit, unsigned flags, struct dist *out, GString *msg);

/*
 * A program (docs/scenario-format.md, "Programs"): operations separated by ';', loops flattened as
 * program.h describes. `cpu` durations must be positive; `io` and `sleep`
 * may be zero. Operations of the sync/IPC layer are parsed too; refusing
 * them is the caller's business. On error, *out is left empty.
 */
bool parse_program(const char *text, sim_time_t unit, struct program *out, GString *msg);

/*
 * An arrival process: a duration or at(T), every(PERIOD), uniform(LO,HI),
 * poisson(RATE) or trace(FILE). A trace file is read relative to base_dir
 * (NULL: the current directory). When the error is inside the trace file,
 * msg is a whole "FILE:LINE: ..." message and *whole is set. On error, *out
 * holds nothing to free.
 */
bool parse_arrival(const char *text, sim_time_t unit, const char *base_dir, struct arrival *out,
		   GString *msg, bool *whole);
/*
 * The arrival times of a trace: the first comma-separated field of each
 * line; blank lines and '#' comments are skipped, and so is a first line
 * whose first field is not a number (a CSV header). Times must not
 * decrease. Errors are whole messages "PATH:LINE: ...". *times is g_malloc'd.
 */
bool parse_trace(const char *path, const char *text, size_t len, sim_time_t unit,
		 sim_time_t **times, uint32_t *ntimes, GString *msg);

#endif
