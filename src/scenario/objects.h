/*
 * objects.h - the synchronisation and IPC objects a scenario declares, and
 * the resolution of the names that programs give them.
 *
 * An object is a group of the file ([mutex m], [pipe ab]); its keys are a
 * declared table per kind (schema.h), so a new kind is a table and a row
 * of object_kinds, which also says which ops apply to it (`lock` on a pipe
 * is an error at load). src/sync simulates them.
 *
 * Object ids are the objects' indices in the order of the file. An
 * operation's name is resolved to an id when the scenario is loaded, with
 * {i} and {(i+K)%N} templates as program.h describes.
 */
#ifndef SCHEDLAB_OBJECTS_H
#define SCHEDLAB_OBJECTS_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/param.h"
#include "task/program.h"

enum { OBJECT_HANDOFF_FIFO, OBJECT_HANDOFF_BARGING };
enum { OBJECT_PROTOCOL_NONE, OBJECT_PROTOCOL_INHERIT };
enum { OBJECT_PREFER_READERS, OBJECT_PREFER_WRITERS };

/* One declared object: the union of the kinds' keys. */
/* The most messages a channel may hold (its ring then takes 128 MiB). */
#define CHANNEL_CAPACITY_MAX ((int64_t)1 << 24)

struct object_conf {
	char *name;	   /* NAME of [mutex NAME] */
	uint32_t kind;	   /* index in object_kinds */
	int line;	   /* of its header */
	int handoff;	   /* mutex: OBJECT_HANDOFF_* */
	int protocol;	   /* mutex: OBJECT_PROTOCOL_* */
	int prefer;	   /* rwlock: OBJECT_PREFER_* */
	uint32_t value;	   /* semaphore: initial count */
	uint64_t capacity; /* pipe: bytes; channel: messages */
	char *mutex;	   /* condvar: the mutex it is used with */
	uint32_t mutex_id; /* condvar: its id, set by objects_check */
};

struct object_kind {
	const char *kind;	  /* as written in the header: "mutex" */
	const struct param *keys; /* over struct object_conf */
	bool supported;		  /* false: refused, "not yet supported" */
	uint64_t ops;		  /* the ops that apply to it: bits 1 << OP_* */
};

/* NULL-terminated (kind == NULL). */
extern const struct object_kind object_kinds[];
/* The index of kind in object_kinds, or -1. */
int object_kind_find(const char *kind);

void object_conf_clear(struct object_conf *o);

/*
 * What one object's keys alone cannot say, once all are read: a condvar's
 * mutex names a declared [mutex] (its id goes to mutex_id). On error, sets
 * *key to the offending key, appends to msg and returns false.
 */
bool objects_check(struct object_conf *o, const struct object_conf *objs, uint32_t nobjs,
		   const char **key, GString *msg);

/*
 * Resolve the names of the object ops of p (p->names, as the parser left
 * them) for a group of `count` tasks, against the declared objects. On
 * error, appends to msg what is wrong ("unknown object 'm3'...", "lock
 * names [pipe p]...") and returns false. Spawn ops are left alone.
 */
bool objects_resolve(struct program *p, uint32_t count, const struct object_conf *objs,
		     uint32_t nobjs, GString *msg);

#endif
