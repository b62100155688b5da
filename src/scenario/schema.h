/*
 * schema.h - one loader for every kind of group, from declared keys.
 *
 * Each kind of group ([scenario], [task], [group], a policy's [rr], a
 * model's [switch], an object's [mutex m]) is a struct schema: a table of
 * keys (base/param.h: name, type, default in scenario syntax, help, offset
 * in a configuration struct, bounds, choices, where it is allowed) and an
 * optional check of what one key alone cannot say. schema_load fills a
 * configuration struct from one group of a linemap: the defaults, then the
 * keys of the group in the order of the file, then the check. Every error
 * reads
 *
 *     FILE:LINE: [group] key: what is wrong
 *
 * with a "did you mean" for a misspelt key, and reads the same for every
 * kind of group. The loader knows the types of values, and nothing of what
 * any key means.
 *
 * Adding a kind of group is a table and a struct schema, not code: for
 * instance a [semaphore NAME] is { "value", PARAM_UINT, "1", ... } over a
 * struct object_conf (objects.c), and a group's `serve = eventloop` will be
 * a PARAM_CUSTOM key whose parse looks the name up in the runtimes'
 * registry, as `policy = rr` does in the policies'.
 */
#ifndef SCHEDLAB_SCHEMA_H
#define SCHEDLAB_SCHEMA_H

#include <glib.h>
#include <stdbool.h>

#include "base/param.h"
#include "base/simtime.h"
#include "scenario/linemap.h"

struct schema {
	const char *kind;	  /* "scenario", "task", "rr", "switch" */
	const struct param *keys; /* terminated by { NULL } */
	/* This kind's bit in param.where: keys whose `where` is not 0 and
	 * lacks it are not keys of this kind. 0: every key of the table. */
	unsigned where;
	/* An unknown key lists the others as "the parameters of KIND are
	 * ..." (a policy) rather than "[GROUP] has ...". */
	bool parameters;
	/*
	 * Called once the keys are filled, to check what one key alone
	 * cannot. On error, sets *key to the offending key (NULL or a key the
	 * group does not hold: the error is at its header) and returns false
	 * with the message in msg. Optional.
	 */
	bool (*check)(const void *conf, const char **key, GString *msg);
};

/* What the value of a key depends on besides its text. */
struct schema_ctx {
	sim_time_t time_unit; /* of bare numbers; a PARAM_TIME_UNIT key of the group sets it */
	const char *base_dir; /* PARAM_ARRIVAL: trace files are relative to it; NULL: cwd */
	uint32_t ncpus;	      /* PARAM_AFFINITY: CPUs of the machine */
	bool global_queue;    /* PARAM_AFFINITY is refused with one run queue for all CPUs */
	const char *name;     /* NAME of [task NAME], for param.misplaced; may be NULL */
	bool over;	      /* keys over a filled conf: the defaults are not applied */
};

/*
 * Fill conf from group `group` of lm (which may hold no such group) as
 * schema s says: defaults first, then the group's keys, then s->check.
 * conf must be zeroed, or hold what keys without a default keep. On error,
 * returns false; conf may be partly filled (free it with schema_clear).
 */
bool schema_load(const struct schema *s, void *conf, const struct linemap *lm, const char *group,
		 struct schema_ctx *ctx, GError **error);

/*
 * Parse one value as key p into conf. On error, appends to msg what is
 * wrong; or, for an error inside another file (a trace), sets *whole to a
 * complete message.
 */
bool schema_parse(const struct param *p, const char *text, void *conf, const struct schema_ctx *ctx,
		  GString *msg, GError **whole);

/* Free what conf's keys own (texts, programs, arrivals, CPU sets); zero them. */
void schema_clear(const struct param *keys, void *conf);

/* The keys of kind `where` (0: all), NULL-terminated (g_free the array). */
const char **schema_key_names(const struct param *keys, unsigned where);

/* The type of p as `schedlab policies` shows it ("duration", "fifo|barging"). */
void schema_append_type(GString *out, const struct param *p);

/*
 * Append one line per key: name, type, default and help, in aligned
 * columns indented by four spaces; or "    (no parameters)".
 */
void schema_describe(const struct param *keys, GString *out);

/*
 * Append the value of key p in conf, as a run uses it, to text in scenario
 * syntax, exactly ("10 ms", "fifo", "10 ms,20 ms"), and to json as a JSON
 * value (durations integer ns, a figure its median: what is charged). False
 * for a key of a type that has no such value (texts, programs, arrivals).
 */
bool schema_value(const struct param *p, const void *conf, GString *text, GString *json);

#endif
