/*
 * param.h - declared keys: what a group of a scenario or model file may
 * hold, as a table rather than as code.
 *
 * A table of struct param says, for each key of one kind of group, its
 * name, the type of its value, its default written in scenario syntax, one
 * line of help, and where the value goes (an offset in the group's
 * configuration struct). One loader (scenario/schema.c) fills a zeroed
 * configuration struct from such a table with the same value syntax and
 * the same FILE:LINE messages for every kind of group: [scenario], [task],
 * [group], a policy's parameters ([rr] quantum = 4), a model's figures
 * ([switch] process = 2us), and the synchronisation objects to come
 * ([mutex m] handoff = fifo). Policies, and later sync classes and
 * runtimes, declare their tables with this header alone: they never see
 * the loader.
 *
 * Only declarations live here: nothing to link.
 */
#ifndef SCHEDLAB_PARAM_H
#define SCHEDLAB_PARAM_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/simtime.h"

/* The type of a key's value, and the C type the loader stores at `offset`. */
enum param_type {
	PARAM_DURATION,	     /* sim_time_t; bare numbers in the group's time unit */
	PARAM_DURATION_LIST, /* struct param_durations: "10,20,40" */
	PARAM_UINT,	     /* uint32_t in [min, max] (max 0: UINT32_MAX) */
	PARAM_BOOL,	     /* bool: true/false */
	PARAM_ENUM,	     /* int: index into `choices` */
	PARAM_DOUBLE,	     /* double, for ratios such as alpha */
	PARAM_UINT64,	     /* uint64_t, any */
	PARAM_INT,	     /* int32_t in [min, max] (both 0: the whole range) */
	PARAM_SIZE,	     /* uint64_t bytes ("64KiB"), at most max (0: none) */
	PARAM_SIZE32,	     /* uint32_t bytes; PARAM_POWER_OF_TWO may apply */
	PARAM_TEXT,	     /* char *, not empty (g_free'd by the owner) */
	PARAM_NAME,	     /* char *: letters, digits, '_', '-', '.' */
	PARAM_TIME_UNIT,     /* sim_time_t: ns, us, ms or s; read before the other keys */
	PARAM_DIST,	     /* struct dist: "5ms", "exp(5ms)"; min >= 1: not always 0 */
	PARAM_BURST,	     /* struct program of one op: cpu D (D a positive dist) */
	PARAM_PROGRAM,	     /* struct program: "cpu 5; io 2" */
	PARAM_ARRIVAL,	     /* struct arrival: "at(0)", "poisson(5/s)", "spawn" */
	PARAM_AFFINITY,	     /* uint64_t *: bitmap of the CPUs "0-3,6" allow */
	PARAM_FIGURE,	     /* struct figure: "1.9us" or "1.9us [1.8us, 2.1us] n=31" */
	PARAM_CUSTOM,	     /* parsed by `parse` (a registry lookup: policy = rr) */
};

#define PARAM_LIST_MAX 32

struct param_durations {
	uint32_t n;
	sim_time_t v[PARAM_LIST_MAX];
};

/* flags */
enum {
	PARAM_POWER_OF_TWO = 1 << 0, /* PARAM_SIZE32: 0 or a power of two of at least min */
};

struct param {
	const char *name; /* the key */
	enum param_type type;
	/* Default in scenario syntax ("4ms", "true"), parsed like a value; NULL:
	 * the field keeps what the caller put there (such as a name taken from
	 * the file's name). */
	const char *def;
	const char *help;	    /* one line for `schedlab policies` and the docs */
	size_t offset;		    /* where the value goes in the conf struct */
	const char *const *choices; /* PARAM_ENUM: NULL-terminated names */
	int64_t min, max;	    /* bounds of numbers, durations and sizes; max 0: none */
	unsigned where;		    /* the group kinds that accept it (owner's bits); 0: all */
	unsigned flags;		    /* PARAM_POWER_OF_TWO */
	/* In messages: "'x' is not a WHAT: use a, b or c" for an enum;
	 * "missing value: WHAT" for an empty text. NULL: the plain forms. */
	const char *what;
	/* Said when the key is written in a group kind that `where` excludes;
	 * "%s" stands for the group's NAME. NULL: an unknown key. */
	const char *misplaced;
	/* A key that may not be given with this one ("burst" and "program"). */
	const char *excludes;
	/* PARAM_CUSTOM: parse text into field; on error append to msg. */
	bool (*parse)(const char *text, void *field, GString *msg);
};

#endif
