/*
 * program.h - what a task does: a flat list of operations.
 *
 * A program is parsed once per group (scenario/program_parse.c) and shared by every
 * task of the group; a task only holds its program counter and the counters
 * of the loops it is in. `repeat N { ... }` is flattened into an OP_REPEAT
 * that jumps past its body when done and an OP_END_REPEAT that jumps back, so
 * the interpreter never recurses: program_next() handles the control flow
 * and hands its driver (src/sim/driver.c) each op that does something.
 */
#ifndef SCHEDLAB_PROGRAM_H
#define SCHEDLAB_PROGRAM_H

#include <stdbool.h>
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
	OP_SYSCALL,    /* a blocking system call for a duration: holds its thread */
	OP_ATOMIC,     /* a short computation that never blocks (dur) */
	/* Ops on an object (obj), run by the sync/IPC layer (src/sync): */
	OP_LOCK,      /* mutex */
	OP_UNLOCK,    /* mutex or rwlock */
	OP_WAIT,      /* semaphore: P */
	OP_POST,      /* semaphore: V */
	OP_SEND,      /* pipe or channel, obj.bytes */
	OP_RECV,      /* pipe or channel, obj.bytes */
	OP_COND_WAIT, /* condvar */
	OP_SIGNAL,    /* condvar */
	OP_BROADCAST, /* condvar */
	OP_RDLOCK,    /* rwlock */
	OP_WRLOCK,    /* rwlock */
	OP_SPAWN,
	OP__COUNT
};

/* Does an op of kind k name a synchronisation or IPC object (op->obj)? */
static inline bool op_names_object(unsigned k)
{
	return k >= OP_LOCK && k <= OP_WRLOCK;
}

/* Deepest nesting of repeat loops. */
#define PROGRAM_MAX_DEPTH 4

/*
 * One operation. Which member of the union holds its argument depends on
 * the kind alone; the scenario loader fills every name in as an id, so the
 * interpreter never compares strings.
 *
 * An object named with a template (`lock m{i}`, `send p{(i+1)%N} 10`, where
 * i is the task's index in its group and N the group's count) resolves to
 * a different object for each task of the group. The loader requires the
 * objects a template can name (m0 .. m{N-1}) to have consecutive ids, in
 * the order of their names, and stores the id of m0, N and the offset K:
 * task i uses id + (i + K) % N (op_object). That costs three words per op
 * and nothing per task, where a table per group would cost one id per task
 * and op; declaring the family in order is the price (docs/scenario-format.md).
 */
struct op {
	uint8_t kind; /* enum op_kind */
	union {
		struct dist dur;	/* OP_CPU, OP_IO, OP_SLEEP, OP_SYSCALL, OP_ATOMIC */
		struct {		/* OP_REPEAT, OP_END_REPEAT */
			uint32_t count; /* OP_REPEAT: iterations (>= 1) */
			uint32_t jump;	/* see enum op_kind */
			uint8_t depth;	/* loop nesting level, 0-based */
		} loop;
		struct {		/* op_names_object() */
			uint32_t id;	/* the object; with a template, that of index 0 */
			uint32_t mod;	/* 0: the name is fixed; else N of the template */
			uint32_t add;	/* K of the template, in [0, mod) */
			uint64_t bytes; /* OP_SEND, OP_RECV */
		} obj;
		struct {		/* OP_SPAWN */
			uint32_t group; /* index of the group spawned in the scenario */
		} spawn;
	};
};

struct program {
	struct op *ops;
	uint32_t len;
	/* The names ops were written with (object or group), one per op, NULL
	 * for ops without one; the scenario loader resolves them to ids and
	 * frees them, so a loaded scenario's programs have names == NULL. */
	char **names;
};

/* Where a task is in its program: the next op, and the loops it is in. */
struct prog_cursor {
	uint32_t pc;			   /* index of the next op */
	uint32_t loops[PROGRAM_MAX_DEPTH]; /* iterations left per open repeat */
};

/*
 * Step over the control flow (repeat, end of repeat) from cur to the next
 * op that does something, return it and move past it; NULL at the end of
 * the program. OP_EXIT moves the cursor to the end, so that nothing after
 * it ever runs.
 */
const struct op *program_next(const struct program *p, struct prog_cursor *cur);

/* The object id op (op_names_object) means for the task of index i in its group. */
static inline uint32_t op_object(const struct op *op, uint32_t i)
{
	return op->obj.mod ? op->obj.id + (i + op->obj.add) % op->obj.mod : op->obj.id;
}

void program_clear(struct program *p);
const char *op_name(enum op_kind k);
/* Total CPU demand if every duration is constant, else -1. */
sim_time_t program_cpu_total(const struct program *p);
/* The same with each duration's mean: the expected CPU demand. */
sim_time_t program_cpu_mean(const struct program *p);

#endif
