/*
 * objects.c - declared objects and the names programs give them; see
 * objects.h.
 */
#include "scenario/objects.h"

#include <stddef.h>
#include <string.h>

#include "scenario/parse.h"

#define OFF(f) offsetof(struct object_conf, f)

static const char *const handoff_names[] = { "fifo", "barging", NULL };
static const char *const protocol_names[] = { "none", "inherit", NULL };
static const char *const prefer_names[] = { "readers", "writers", NULL };

static const struct param mutex_keys[] = {
	{ .name = "handoff",
	  .type = PARAM_ENUM,
	  .def = "fifo",
	  .help = "fifo: an unlock hands the mutex to the first waiter; barging: anyone may take "
		  "it",
	  .offset = OFF(handoff),
	  .choices = handoff_names },
	{ .name = "protocol",
	  .type = PARAM_ENUM,
	  .def = "none",
	  .help = "inherit: the holder runs at the priority of its most urgent waiter",
	  .offset = OFF(protocol),
	  .choices = protocol_names },
	{ .name = NULL },
};

static const struct param semaphore_keys[] = {
	{ .name = "value",
	  .type = PARAM_UINT,
	  .def = "1",
	  .help = "initial count",
	  .offset = OFF(value) },
	{ .name = NULL },
};

static const struct param pipe_keys[] = {
	{ .name = "capacity",
	  .type = PARAM_SIZE,
	  .def = "64KiB",
	  .help = "bytes it holds before send blocks",
	  .offset = OFF(capacity),
	  .min = 1,
	  .max = (int64_t)1 << 40 },
	{ .name = NULL },
};

static const struct param channel_keys[] = {
	{ .name = "capacity",
	  .type = PARAM_UINT64,
	  .def = "0",
	  .help = "messages it holds before send blocks; 0: a rendezvous",
	  .offset = OFF(capacity),
	  .max = CHANNEL_CAPACITY_MAX },
	{ .name = NULL },
};

static const struct param condvar_keys[] = {
	{ .name = "mutex",
	  .type = PARAM_NAME,
	  .help = "the mutex cond_wait releases",
	  .offset = OFF(mutex) },
	{ .name = NULL },
};

static const struct param rwlock_keys[] = {
	{ .name = "prefer",
	  .type = PARAM_ENUM,
	  .def = "readers",
	  .help = "who goes first when both wait",
	  .offset = OFF(prefer),
	  .choices = prefer_names },
	{ .name = NULL },
};

#define OPS(a) ((uint64_t)1 << (a))

/* The order of the kinds in "did you mean" and messages. */
const struct object_kind object_kinds[] = {
	{ "pipe", pipe_keys, true, OPS(OP_SEND) | OPS(OP_RECV) },
	{ "channel", channel_keys, true, OPS(OP_SEND) | OPS(OP_RECV) },
	{ "mutex", mutex_keys, true, OPS(OP_LOCK) | OPS(OP_UNLOCK) },
	{ "semaphore", semaphore_keys, true, OPS(OP_WAIT) | OPS(OP_POST) },
	{ "condvar", condvar_keys, true, OPS(OP_COND_WAIT) | OPS(OP_SIGNAL) | OPS(OP_BROADCAST) },
	{ "rwlock", rwlock_keys, true, OPS(OP_RDLOCK) | OPS(OP_WRLOCK) | OPS(OP_UNLOCK) },
	{ .kind = NULL },
};
G_STATIC_ASSERT(OP__COUNT <= 64);

int object_kind_find(const char *kind)
{
	for (int i = 0; object_kinds[i].kind; i++)
		if (!strcmp(object_kinds[i].kind, kind))
			return i;
	return -1;
}

void object_conf_clear(struct object_conf *o)
{
	g_free(o->name);
	g_free(o->mutex);
	memset(o, 0, sizeof(*o));
}

bool objects_check(struct object_conf *o, const struct object_conf *objs, uint32_t nobjs,
		   const char **key, GString *msg)
{
	if (!strcmp(object_kinds[o->kind].kind, "pipe") && o->capacity == 0) {
		*key = "capacity";
		g_string_append(msg, "must be at least 1 byte, got 0 (a pipe with no room blocks "
				     "every send)");
		return false;
	}
	if (strcmp(object_kinds[o->kind].kind, "condvar"))
		return true;
	*key = "mutex";
	if (!o->mutex) {
		*key = NULL;
		g_string_append(msg, "missing mutex: name the mutex that cond_wait releases, such "
				     "as mutex = m");
		return false;
	}
	for (uint32_t i = 0; i < nobjs; i++) {
		if (strcmp(objs[i].name, o->mutex))
			continue;
		if (strcmp(object_kinds[objs[i].kind].kind, "mutex")) {
			g_string_append_printf(msg, "'%s' is a %s, not a mutex", o->mutex,
					       object_kinds[objs[i].kind].kind);
			return false;
		}
		o->mutex_id = i;
		return true;
	}
	{
		const char **names = g_new0(const char *, nobjs + 1);
		uint32_t n = 0;

		for (uint32_t i = 0; i < nobjs; i++)
			if (!strcmp(object_kinds[objs[i].kind].kind, "mutex"))
				names[n++] = objs[i].name;
		g_string_append(msg, "unknown mutex ");
		parse_quote(msg, o->mutex, strlen(o->mutex));
		if (!parse_append_suggestion(msg, o->mutex, names))
			g_string_append(msg, n ? "" : ": declare it, such as [mutex NAME]");
		g_free(names);
	}
	return false;
}

/* Does op apply to object `obj`? Else "lock p: [pipe p] takes send and recv". */
static bool kind_fits(const struct op *op, const char *name, const struct object_conf *obj,
		      GString *msg)
{
	const struct object_kind *k = &object_kinds[obj->kind];
	const char *ops[OP__COUNT + 1];
	unsigned n = 0;

	if (k->ops & OPS(op->kind))
		return true;
	for (unsigned i = 0; i < OP__COUNT; i++)
		if (k->ops & OPS(i))
			ops[n++] = op_name(i);
	ops[n] = NULL;
	g_string_append_printf(msg, "%s %s: [%s %s] takes ", op_name(op->kind), name, k->kind,
			       obj->name);
	parse_append_names(msg, ops, "and");
	return false;
}

static int64_t find_object(const struct object_conf *objs, uint32_t nobjs, const char *name)
{
	for (uint32_t i = 0; i < nobjs; i++)
		if (!strcmp(objs[i].name, name))
			return i;
	return -1;
}

/* "unknown object 'X'" with a "did you mean" among the declared names. */
static void unknown_object(GString *msg, const char *name, const struct object_conf *objs,
			   uint32_t nobjs)
{
	const char **names = g_new0(const char *, nobjs + 1);

	for (uint32_t i = 0; i < nobjs; i++)
		names[i] = objs[i].name;
	g_string_append(msg, "unknown object ");
	parse_quote(msg, name, strlen(name));
	if (!parse_append_suggestion(msg, name, names)) {
		if (nobjs) {
			g_string_append(msg, ": the objects are ");
			parse_append_names(msg, names, "and");
		} else {
			g_string_append(msg, ": declare it, such as [mutex NAME]");
		}
	}
	g_free(names);
}

/* name with its template (at t, len bytes) replaced by v. */
static char *instance(const char *name, const char *t, size_t len, uint32_t v)
{
	return g_strdup_printf("%.*s%u%s", (int)(t - name), name, v, t + len);
}

/* Resolve one templated name: the family name0 .. name{count-1}, consecutive ids. */
static bool resolve_template(struct op *op, const char *name, const char *t, uint32_t count,
			     const struct object_conf *objs, uint32_t nobjs, GString *msg)
{
	int64_t k;
	size_t len = parse_index_template(t, &k);
	int64_t base = -1;

	g_assert(len);
	for (uint32_t v = 0; v < count; v++) {
		g_autofree char *inst = instance(name, t, len, v);
		int64_t id = find_object(objs, nobjs, inst);

		if (id < 0) {
			unknown_object(msg, inst, objs, nobjs);
			g_string_append_printf(msg, " ('%s' names it for a group of %u task%s)",
					       name, count, count == 1 ? "" : "s");
			return false;
		}
		if (!kind_fits(op, inst, &objs[id], msg))
			return false;
		if (v == 0) {
			base = id;
		} else if (id != base + v) {
			g_autofree char *first = instance(name, t, len, 0);
			g_autofree char *last = instance(name, t, len, count - 1);

			g_string_append_printf(msg,
					       "'%s' names %s to %s: declare them one after "
					       "another in that order",
					       name, first, last);
			return false;
		}
	}
	op->obj.id = (uint32_t)base;
	op->obj.mod = count;
	k %= (int64_t)count;
	op->obj.add = (uint32_t)(k < 0 ? k + count : k);
	return true;
}

bool objects_resolve(struct program *p, uint32_t count, const struct object_conf *objs,
		     uint32_t nobjs, GString *msg)
{
	for (uint32_t i = 0; i < p->len; i++) {
		struct op *op = &p->ops[i];
		const char *name = p->names ? p->names[i] : NULL;
		const char *t;

		if (!op_names_object(op->kind) || !name)
			continue;
		t = strchr(name, '{');
		if (t) {
			if (!resolve_template(op, name, t, count, objs, nobjs, msg))
				return false;
		} else {
			int64_t id = find_object(objs, nobjs, name);

			if (id < 0) {
				unknown_object(msg, name, objs, nobjs);
				return false;
			}
			if (!kind_fits(op, name, &objs[id], msg))
				return false;
			op->obj.id = (uint32_t)id;
			op->obj.mod = 0;
			op->obj.add = 0;
		}
	}
	return true;
}
