/*
 * objects.h - the synchronisation and IPC objects a scenario declares, and
 * the resolution of the names that programs give them.
 *
 * An object is a group of the file ([mutex m], [pipe ab]); its keys are a
 * declared table per kind (schema.h), so a new kind is a table and a row
 * of object_kinds. No kind is simulated yet: the scenario loader refuses
 * them ("not yet supported") once the file is otherwise checked.
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

/* One declared object: the union of the kinds' keys. */
struct object_conf {
	char *name;	   /* NAME of [mutex NAME] */
	uint32_t kind;	   /* index in object_kinds */
	int line;	   /* of its header */
	int handoff;	   /* mutex: 0 fifo, 1 barging */
	int protocol;	   /* mutex: 0 none, 1 inherit */
	int prefer;	   /* rwlock: 0 readers, 1 writers */
	uint32_t value;	   /* semaphore: initial count */
	uint64_t capacity; /* pipe: bytes; channel: messages */
	char *mutex;	   /* condvar: the mutex it is used with */
};

struct object_kind {
	const char *kind;	  /* as written in the header: "mutex" */
	const struct param *keys; /* over struct object_conf */
	bool supported;		  /* false: refused, "not yet supported" */
};

/* NULL-terminated (kind == NULL). */
extern const struct object_kind object_kinds[];
/* The index of kind in object_kinds, or -1. */
int object_kind_find(const char *kind);

void object_conf_clear(struct object_conf *o);

/*
 * Resolve the names of the object ops of p (p->names, as the parser left
 * them) for a group of `count` tasks, against the declared objects. On
 * error, appends to msg what is wrong ("unknown object 'm3'...") and
 * returns false. Spawn ops are left alone.
 */
bool objects_resolve(struct program *p, uint32_t count, const struct object_conf *objs,
		     uint32_t nobjs, GString *msg);

#endif
