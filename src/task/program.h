/*
 * program.h - what a task does: a flat list of operations.
 *
 * A program is parsed once per group (scenario/program_parse.c) and shared by every
 * task of the group; a task only holds its program counter and the counters
 * of the loops it is in. `repeat N { ... }` is flattened into an OP_REPEAT
 * that jumps past its body when done and an OP_END_REPEAT that jumps back, so
 * the interpreter (task.c) never recurses.
 */
#ifndef SCHEDLAB_PROGRAM_H
#define SCHEDLAB_PROGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "base/dist.h"

enum op_kind {
	OP_CPU,	       /* compute for a duration */
	OP_IO,	       /* block on a device for a duration */
	OP_SLEEP,      /* block on a timer for a duration */
	OP_YIELD,      /* give the CPU up, stay runnable */
	OP_REPEAT,     /* start of a loop: count, jump = index after OP_END_REPEAT */
	OP_END_REPEAT, /* end of a loop: jump = index of its OP_REPEAT */
	OP_EXIT,       /* terminate now */
	/* Parsed so that files can be checked; run by the sync/IPC layer. */
	OP_LOCK,
	OP_UNLOCK,
	OP_WAIT,
	OP_POST,
	OP_SEND,
	OP_RECV,
	OP_SPAWN,
	OP__COUNT
};

/* Deepest nesting of repeat loops. */
#define PROGRAM_MAX_DEPTH 4

struct op {
	enum op_kind kind;
	uint32_t count;	 /* OP_REPEAT: iterations (>= 1); OP_SEND/RECV: bytes;
			  * OP_SPAWN: index of the group spawned (set by scenario_load) */
	uint32_t jump;	 /* OP_REPEAT / OP_END_REPEAT: see above */
	uint8_t depth;	 /* OP_REPEAT / OP_END_REPEAT: loop nesting level, 0-based */
	struct dist dur; /* OP_CPU, OP_IO, OP_SLEEP */
	char *object;	 /* OP_LOCK..OP_SPAWN: the object's name (may hold {i}) */
};

struct program {
	struct op *ops;
	uint32_t len;
};

void program_clear(struct program *p);
const char *op_name(enum op_kind k);
/* Total CPU demand if every duration is constant, else -1. */
sim_time_t program_cpu_total(const struct program *p);

#endif
