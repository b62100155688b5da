/*
 * scenario.c - loading and validating a scenario; see scenario.h and
 * docs/scenario-format.md.
 *
 * The steps, each of which stops at the first error:
 *
 *   1. linemap: the text becomes groups and keys with their lines, and
 *      syntax errors (duplicates, malformed lines, binary data) are found;
 *   2. the headers: each group is [scenario], [task NAME], [group NAME], a
 *      policy's name or a synchronisation object;
 *   3. overrides: --set GROUP.KEY=VALUE, then --policy --model --cpus
 *      --seed, which replace keys as if they were written in the file;
 *   4. [scenario], time_unit first, since every bare number depends on it;
 *   5. the other groups in the order of the file: a policy's parameters are
 *      checked against its table even when another policy is selected, so
 *      that `compare` can switch policies; tasks and groups become
 *      struct group_conf;
 *   6. what concerns the whole file: at least one task, the selected
 *      policy's configuration.
 *
 * Nothing here knows how a scenario is simulated: the result is an
 * immutable configuration for the scheduler core.
 */
#include "scenario/scenario.h"

#include <stddef.h>
#include <string.h>

#include "base/hostmem.h"
#include "base/units.h"
#include "scenario/linemap.h"
#include "scenario/model_load.h"
#include "scenario/objects.h"
#include "scenario/params.h"
#include "scenario/parse.h"
#include "scenario/schema.h"

G_DEFINE_QUARK(scenario - error - quark, scenario_error)

/* What a group header names. */
enum gkind {
	G_SCENARIO,
	G_TASK,
	G_GROUP,
	G_POLICY,
	G_MODEL,  /* [create], [switch], [tlb], [memory]: figures over the model's */
	G_OBJECT, /* [mutex NAME], [pipe NAME] ...: see objects.h */
};

/* The kinds of group a scenario may hold, for "did you mean". */
static const char *const group_kinds[] = { "scenario", "task",	    "group",   "pipe",	 "channel",
					   "mutex",    "semaphore", "condvar", "rwlock", "create",
					   "switch",   "tlb",	    "memory",  NULL };

struct hdr {
	const char *group; /* the linemap's name of the group */
	enum gkind kind;
	char *name; /* NAME of [task NAME] or [group NAME] */
	const struct policy_ops *policy;
	uint32_t object; /* G_OBJECT: its index in loader.objects */
};

struct loader {
	struct linemap *lm;
	struct scenario *sc;
	char *base_dir;	      /* the scenario file's directory */
	bool model_from_flag; /* --model: relative to the current directory */
	struct hdr *hdrs;     /* one per group of the file */
	unsigned nhdrs;
	GArray *groups;	     /* struct group_conf */
	GArray *objects;     /* struct object_conf, in the order of the file */
	GHashTable *names;   /* task or group NAME -> struct hdr * */
	bool serve_override; /* compare --serve: other models' keys are ignored */
};

static void group_conf_clear(struct group_conf *g)
{
	g_free(g->name);
	g_free(g->process);
	g_free(g->affinity);
	program_clear(&g->program);
	g_free(g->arrival.times);
	memset(g, 0, sizeof(*g));
}

void scenario_free(struct scenario *sc)
{
	if (!sc)
		return;
	for (uint32_t i = 0; i < sc->ngroups; i++)
		group_conf_clear(&sc->groups[i]);
	g_free(sc->groups);
	for (uint32_t i = 0; i < sc->nobjects; i++)
		object_conf_clear(&sc->objects[i]);
	g_free(sc->objects);
	model_clear(&sc->model);
	g_free(sc->policy_conf);
	g_free(sc->path);
	g_free(sc->replaced);
	g_free(sc->name);
	g_free(sc);
}

/* Policy names then group kinds, for "did you mean" on a group. */
static const char **group_candidates(void)
{
	const struct policy_ops *const *all = policy_all();
	size_t n = 0, k = 0;
	const char **c;

	while (all[n])
		n++;
	c = g_new0(const char *, n + G_N_ELEMENTS(group_kinds));
	for (size_t i = 0; group_kinds[i]; i++)
		c[k++] = group_kinds[i];
	for (size_t i = 0; i < n; i++)
		c[k++] = all[i]->name;
	return c;
}

static const char **policy_names(void)
{
	const struct policy_ops *const *all = policy_all();
	size_t n = 0;
	const char **c;

	while (all[n])
		n++;
	c = g_new0(const char *, n + 1);
	for (size_t i = 0; i < n; i++)
		c[i] = all[i]->name;
	return c;
}

/* ------------------------------------------------------------ headers */

/* NAME of a [task], [group] or object group: present, well-formed and not taken. */
static bool claim_name(struct loader *ld, const char *g, const char *kind, const char *name,
		       GError **error)
{
	g_autoptr(GString) msg = g_string_new(NULL);
	const struct hdr *other;

	if (!name) {
		linemap_error(ld->lm, error, SCENARIO_ERROR_INVALID, g, NULL,
			      "missing name: write [%s NAME]", kind);
		return false;
	}
	if (!parse_name(name, false, msg)) {
		linemap_error(ld->lm, error, SCENARIO_ERROR_INVALID, g, NULL, "%s", msg->str);
		return false;
	}
	other = g_hash_table_lookup(ld->names, name);
	if (other) {
		linemap_error(ld->lm, error, SCENARIO_ERROR_INVALID, g, NULL,
			      "name '%s' is already used by [%s] at line %d", name, other->group,
			      linemap_group_line(ld->lm, other->group));
		return false;
	}
	return true;
}

/* Classify the header of group g; false with *error set when it is not valid. */
static bool classify(struct loader *ld, const char *g, struct hdr *h, GError **error)
{
	const char *sp = strchr(g, ' ');
	g_autofree char *kind = g_strndup(g, sp ? (size_t)(sp - g) : strlen(g));
	const char *name = sp ? sp + 1 : NULL;
	const struct policy_ops *ops;

	memset(h, 0, sizeof(*h));
	h->group = g;
	if (g[0] == ' ' || g[0] == '\t' || g[strlen(g) - 1] == ' ' || g[strlen(g) - 1] == '\t' ||
	    strchr(g, '\t') || strstr(g, "  ")) {
		g_auto(GStrv) words = g_strsplit_set(g, " \t", -1);
		GString *canon = g_string_new(NULL);

		for (size_t i = 0; words[i]; i++)
			if (*words[i])
				g_string_append_printf(canon, "%s%s", canon->len ? " " : "",
						       words[i]);
		linemap_error(ld->lm, error, SCENARIO_ERROR_SYNTAX, g, NULL,
			      "write [%s]: one space between the kind and the name, none around",
			      canon->str);
		g_string_free(canon, TRUE);
		return false;
	}
	if (!strcmp(kind, "scenario")) {
		if (name) {
			linemap_error(ld->lm, error, SCENARIO_ERROR_INVALID, g, NULL,
				      "[scenario] takes no name");
			return false;
		}
		h->kind = G_SCENARIO;
		return true;
	}
	if (!strcmp(kind, "task") || !strcmp(kind, "group")) {
		if (!claim_name(ld, g, kind, name, error))
			return false;
		h->kind = !strcmp(kind, "task") ? G_TASK : G_GROUP;
		h->name = g_strdup(name);
		g_hash_table_insert(ld->names, h->name, h);
		return true;
	}
	if (object_kind_find(kind) >= 0) {
		struct object_conf o = { 0 };

		if (!claim_name(ld, g, kind, name, error))
			return false;
		o.name = g_strdup(name);
		o.kind = (uint32_t)object_kind_find(kind);
		o.line = linemap_group_line(ld->lm, g);
		h->kind = G_OBJECT;
		h->name = g_strdup(name);
		h->object = ld->objects->len;
		g_array_append_val(ld->objects, o);
		g_hash_table_insert(ld->names, h->name, h);
		return true;
	}
	if (g_strv_contains(model_figure_groups, kind)) {
		if (name) {
			linemap_error(ld->lm, error, SCENARIO_ERROR_INVALID, g, NULL,
				      "a model figures' group takes no name: write [%s]", kind);
			return false;
		}
		h->kind = G_MODEL;
		return true;
	}
	ops = policy_find(kind);
	if (ops) {
		if (name) {
			linemap_error(ld->lm, error, SCENARIO_ERROR_INVALID, g, NULL,
				      "a policy's group takes no name: write [%s]", kind);
			return false;
		}
		h->kind = G_POLICY;
		h->policy = ops;
		return true;
	}
	{
		g_autofree const char **cands = group_candidates();
		GString *msg = g_string_new("unknown group ");

		parse_quote(msg, kind, strlen(kind));
		if (!parse_append_suggestion(msg, kind, cands))
			g_string_append(msg,
					": a scenario has [scenario], [task NAME], [group NAME] "
					"and a policy's parameters under its name, such as [rr]");
		linemap_error(ld->lm, error, SCENARIO_ERROR_INVALID, g, NULL, "%s", msg->str);
		g_string_free(msg, TRUE);
		return false;
	}
}

/* ----------------------------------------------------------- overrides */

static bool valid_key(const char *k)
{
	if (!*k)
		return false;
	for (; *k; k++)
		if (!g_ascii_isalnum(*k) && *k != '_' && *k != '-')
			return false;
	return true;
}

/*
 * text with its control characters written as C escapes (\n, \001), so
 * that a message quoting it stays on one line; other bytes as they are.
 */
static char *escape_controls(const char *text)
{
	char keep[129];

	for (int i = 0; i < 128; i++)
		keep[i] = (char)(0x80 + i); /* bytes of UTF-8 sequences */
	keep[128] = '\0';
	return g_strescape(text, keep);
}

/* One GROUP.KEY=VALUE; origin names it in messages ("--set rr.quantum=2"). */
static bool apply_set(struct loader *ld, const char *set, const char *origin, GError **error)
{
	const char *eq = strchr(set, '=');
	g_autofree char *lhs = NULL;
	g_autofree char *group = NULL;
	const char *key, *value;
	char *dot;

	if (!eq || eq == set || !(dot = strrchr(lhs = g_strndup(set, eq - set), '.')) ||
	    dot == lhs || !dot[1]) {
		g_set_error(error, SCENARIO_ERROR, SCENARIO_ERROR_SYNTAX,
			    "%s: expected GROUP.KEY=VALUE, such as --set rr.quantum=2 or "
			    "--set 'task P1.burst=5'",
			    origin);
		return false;
	}
	group = g_strndup(lhs, dot - lhs);
	key = dot + 1;
	value = eq + 1;
	if (!valid_key(key)) {
		g_set_error(error, SCENARIO_ERROR, SCENARIO_ERROR_SYNTAX,
			    "%s: bad key '%s': a key is made of letters, digits, '_' and '-'",
			    origin, key);
		return false;
	}
	for (const char *c = value; *c; c++) {
		if ((unsigned char)*c < 0x20 && *c != '\t') {
			g_autofree char *shown = escape_controls(origin);

			g_set_error(error, SCENARIO_ERROR, SCENARIO_ERROR_SYNTAX,
				    "%s: control character in the value", shown);
			return false;
		}
	}
	if (!g_utf8_validate(value, -1, NULL) || !g_utf8_validate(group, -1, NULL)) {
		g_set_error(error, SCENARIO_ERROR, SCENARIO_ERROR_SYNTAX, "--set: not UTF-8 text");
		return false;
	}
	if (!linemap_has_group(ld->lm, group) && strcmp(group, "scenario") && !policy_find(group) &&
	    !g_strv_contains(model_figure_groups, group)) {
		GPtrArray *c = g_ptr_array_new();
		const struct policy_ops *const *all = policy_all();
		GString *msg = g_string_new(NULL);

		for (unsigned i = 0; i < linemap_ngroups(ld->lm); i++)
			g_ptr_array_add(c, (gpointer)linemap_group(ld->lm, i));
		for (size_t i = 0; all[i]; i++)
			g_ptr_array_add(c, (gpointer)all[i]->name);
		g_ptr_array_add(c, NULL);
		g_string_append_printf(msg, "%s: [%s]: no such group in the file", origin, group);
		parse_append_suggestion(msg, group, (const char *const *)c->pdata);
		g_set_error_literal(error, SCENARIO_ERROR, SCENARIO_ERROR_INVALID, msg->str);
		g_string_free(msg, TRUE);
		g_ptr_array_free(c, TRUE);
		return false;
	}
	linemap_override(ld->lm, origin, false, group, key, value);
	return true;
}

static bool apply_overrides(struct loader *ld, const struct scenario_overrides *ov, GError **error)
{
	if (!ov)
		return true;
	for (const char *const *s = ov->sets; s && *s; s++) {
		g_autofree char *origin = g_strdup_printf("--set %s", *s);

		if (!apply_set(ld, *s, origin, error))
			return false;
	}
	/* a variant's parameters, after --set: the variant is the more precise */
	for (const char *const *s = ov->variant_sets; s && *s; s++) {
		g_autofree char *origin = g_strdup_printf("--policies %s", ov->variant);

		if (!apply_set(ld, *s, origin, error))
			return false;
	}
	if (ov->policy) {
		g_autofree char *o = g_strdup_printf("--policy %s", ov->policy);

		linemap_override(ld->lm, o, true, "scenario", "policy", ov->policy);
	}
	if (ov->model) {
		g_autofree char *o = g_strdup_printf("--model %s", ov->model);

		linemap_override(ld->lm, o, true, "scenario", "model", ov->model);
		ld->model_from_flag = true;
	}
	if (ov->cpus) {
		g_autofree char *v = g_strdup_printf("%" G_GINT64_FORMAT, ov->cpus);
		g_autofree char *o = g_strdup_printf("--cpus %s", v);

		linemap_override(ld->lm, o, true, "scenario", "cpus", v);
	}
	if (ov->serve) {
		g_autofree char *o = g_strdup_printf("--serve %s", ov->serve);

		for (unsigned i = 0; i < ld->nhdrs; i++)
			if (ld->hdrs[i].kind == G_GROUP &&
			    linemap_has_key(ld->lm, ld->hdrs[i].group, "serve"))
				linemap_override(ld->lm, o, true, ld->hdrs[i].group, "serve",
						 ov->serve);
		ld->serve_override = true;
	}
	if (ov->has_seed) {
		g_autofree char *v = g_strdup_printf("%" G_GUINT64_FORMAT, ov->seed);
		g_autofree char *o = g_strdup_printf("--seed %s", v);

		linemap_override(ld->lm, o, true, "scenario", "seed", v);
	}
	return true;
}

/* ----------------------------------------------------------- [scenario] */

/* The keys of [scenario], before the model is loaded. */
struct scenario_conf {
	char *name;
	sim_time_t time_unit;
	uint32_t cpus;
	const struct policy_ops *policy;
	char *model; /* the spec: a built-in name or a path */
	uint64_t seed;
	sim_time_t horizon;
	sim_time_t warmup;
	bool global_queue;
};

static bool parse_policy(const char *text, void *field, GString *msg)
{
	const struct policy_ops *ops = policy_find(text);

	if (!ops) {
		g_autofree const char **names = policy_names();

		g_string_append(msg, "unknown policy ");
		parse_quote(msg, text, strlen(text));
		if (!parse_append_suggestion(msg, text, names)) {
			g_string_append(msg, ": the policies are ");
			parse_append_names(msg, names, "and");
			g_string_append(msg, " (see 'schedlab policies')");
		}
		return false;
	}
	memcpy(field, &ops, sizeof(ops));
	return true;
}

/* Any text: model_load says what is wrong with it, at the key. */
static bool parse_model_spec(const char *text, void *field, GString *msg)
{
	char **spec = field;

	g_free(*spec);
	*spec = g_strdup(text);
	return true;
}

#define SC(f) offsetof(struct scenario_conf, f)

static const struct param scenario_keys[] = {
	{ .name = "name",
	  .type = PARAM_TEXT,
	  .help = "shown in reports; default: the file's name",
	  .offset = SC(name),
	  .what = "the scenario's name" },
	{ .name = "time_unit",
	  .type = PARAM_TIME_UNIT,
	  .def = "ms",
	  .help = "unit of bare numbers",
	  .offset = SC(time_unit) },
	{ .name = "cpus",
	  .type = PARAM_UINT,
	  .def = "1",
	  .help = "CPUs of the machine",
	  .offset = SC(cpus),
	  .min = 1,
	  .max = SCENARIO_MAX_CPUS },
	{ .name = "policy",
	  .type = PARAM_CUSTOM,
	  .def = "fcfs",
	  .help = "the scheduling policy",
	  .offset = SC(policy),
	  .parse = parse_policy },
	{ .name = "model",
	  .type = PARAM_CUSTOM,
	  .help = "a built-in model or a model file; default: teaching",
	  .offset = SC(model),
	  .parse = parse_model_spec },
	{ .name = "seed",
	  .type = PARAM_UINT64,
	  .def = "1",
	  .help = "of every random stream",
	  .offset = SC(seed) },
	{ .name = "horizon",
	  .type = PARAM_DURATION,
	  .help = "end of the run; default: none",
	  .offset = SC(horizon),
	  .min = 1,
	  .max = SCENARIO_MAX_HORIZON },
	{ .name = "warmup",
	  .type = PARAM_DURATION,
	  .help = "figures leave out what happened before it; default: none",
	  .offset = SC(warmup),
	  .min = 0,
	  .max = SCENARIO_MAX_HORIZON },
	{ .name = "global_queue",
	  .type = PARAM_BOOL,
	  .def = "false",
	  .help = "one run queue for all CPUs",
	  .offset = SC(global_queue) },
	{ .name = NULL },
};

static const struct schema scenario_schema = { .kind = "scenario", .keys = scenario_keys };

static bool load_model(struct loader *ld, const char *spec, GError **error)
{
	GError *e = NULL;

	if (model_load(&ld->sc->model, spec, ld->model_from_flag ? NULL : ld->base_dir, &e))
		return true;
	if (g_error_matches(e, SCENARIO_ERROR, SCENARIO_ERROR_IO))
		linemap_error(ld->lm, error, SCENARIO_ERROR_IO, "scenario", "model", "%s",
			      e->message);
	else
		g_propagate_error(error, g_steal_pointer(&e));
	g_clear_error(&e);
	return false;
}

static bool load_scenario_group(struct loader *ld, const char *g, GError **error)
{
	struct scenario *sc = ld->sc;
	struct scenario_conf c = { .name = g_strdup(sc->name), .horizon = SIM_TIME_INF };
	struct schema_ctx ctx = { .time_unit = SIM_MS };
	bool ok = schema_load(&scenario_schema, &c, ld->lm, g, &ctx, error);

	if (ok && c.warmup > 0 && c.warmup >= c.horizon) {
		linemap_error(ld->lm, error, SCENARIO_ERROR_INVALID, "scenario", "warmup",
			      "must end before the horizon: nothing would be measured");
		ok = false;
	}
	if (ok) {
		g_free(sc->name);
		sc->name = g_steal_pointer(&c.name);
		sc->time_unit = c.time_unit;
		sc->cpus = c.cpus;
		sc->policy = c.policy;
		sc->seed = c.seed;
		sc->horizon = c.horizon;
		sc->warmup = c.warmup;
		sc->global_queue = c.global_queue;
		ok = load_model(ld, c.model ? c.model : "teaching", error) &&
		     model_apply_overrides(&sc->model, ld->lm, error);
	}
	schema_clear(scenario_keys, &c);
	g_free(c.model);
	return ok;
}

/* ----------------------------------------------------- tasks and groups */

/* Where a key of group_keys is allowed. */
enum { IN_TASK = 1 << 0, IN_GROUP = 1 << 1 };

static const char *const kind_names[] = { "process", "thread", "coroutine", NULL };

/* Per task: memory and working_set are at most this. */
#define SCENARIO_MAX_TASK_BYTES ((uint64_t)1 << 40)
#define SCENARIO_MAX_TICKETS	1000000000u

#define GC(f) offsetof(struct group_conf, f)

static bool parse_serve(const char *text, void *field, GString *msg)
{
	const struct runtime_ops *ops = runtime_find(text);

	if (!ops) {
		const struct runtime_ops *const *all = runtime_all();
		g_autofree const char **names = NULL;
		size_t n = 0;

		while (all[n])
			n++;
		names = g_new0(const char *, n + 1);
		for (size_t i = 0; i < n; i++)
			names[i] = all[i]->name;
		g_string_append(msg, "unknown execution model ");
		parse_quote(msg, text, strlen(text));
		if (!parse_append_suggestion(msg, text, names)) {
			g_string_append(msg, ": the models are ");
			parse_append_names(msg, names, "and");
		}
		return false;
	}
	memcpy(field, &ops, sizeof(ops));
	return true;
}

/* The keys of execution models: which apply is the model's (check_serve). */
static const char *const serve_keys[] = { "workers",	"queue",	   "max",
					  "keep_alive", "switch_interval", NULL };

/* The keys of [task NAME] and [group NAME], in the order messages list them. */
static const struct param group_keys[] = {
	{ .name = "count",
	  .type = PARAM_UINT,
	  .def = "1",
	  .help = "tasks the group creates",
	  .offset = GC(count),
	  .min = 1,
	  .max = SCENARIO_MAX_TASKS,
	  .where = IN_GROUP,
	  .misplaced = "a [task] is one task: use [group %s] for many" },
	{ .name = "arrival",
	  .type = PARAM_ARRIVAL,
	  .def = "0",
	  .help = "when its tasks arrive",
	  .offset = GC(arrival) },
	{ .name = "burst",
	  .type = PARAM_BURST,
	  .help = "short for program = cpu D",
	  .offset = GC(program),
	  .excludes = "program" },
	{ .name = "program",
	  .type = PARAM_PROGRAM,
	  .help = "what each task does",
	  .offset = GC(program),
	  .excludes = "burst" },
	{ .name = "kind",
	  .type = PARAM_ENUM,
	  .def = "process",
	  .help = "process, thread or coroutine",
	  .offset = GC(kind),
	  .choices = kind_names,
	  .what = "kind" },
	{ .name = "process",
	  .type = PARAM_NAME,
	  .help = "the address space threads and coroutines share",
	  .offset = GC(process) },
	{ .name = "priority",
	  .type = PARAM_INT,
	  .def = "0",
	  .help = "for prio",
	  .offset = GC(priority) },
	{ .name = "nice",
	  .type = PARAM_INT,
	  .def = "0",
	  .help = "for cfs and eevdf",
	  .offset = GC(nice),
	  .min = -20,
	  .max = 19 },
	{ .name = "tickets",
	  .type = PARAM_UINT,
	  .def = "100",
	  .help = "for lottery and stride",
	  .offset = GC(tickets),
	  .min = 1,
	  .max = SCENARIO_MAX_TICKETS },
	{ .name = "memory",
	  .type = PARAM_SIZE,
	  .def = "0",
	  .help = "bytes of its own data",
	  .offset = GC(memory),
	  .max = (int64_t)SCENARIO_MAX_TASK_BYTES },
	{ .name = "working_set",
	  .type = PARAM_SIZE,
	  .def = "0",
	  .help = "bytes it touches per run",
	  .offset = GC(working_set),
	  .max = (int64_t)SCENARIO_MAX_TASK_BYTES },
	{ .name = "cpus",
	  .type = PARAM_AFFINITY,
	  .help = "the CPUs it may run on; default: all",
	  .offset = GC(affinity) },
	{ .name = "serve",
	  .type = PARAM_CUSTOM,
	  .help = "requests served by an execution model: process-per-request, "
		  "thread-per-request, threadpool, eventloop or mn",
	  .offset = GC(serve.ops),
	  .where = IN_GROUP,
	  .misplaced = "a [task] is one task: requests are a [group %s] with serve",
	  .parse = parse_serve },
	{ .name = "workers",
	  .type = PARAM_UINT,
	  .help = "threadpool: threads; eventloop: loops; mn: Ps (default: CPUs)",
	  .offset = GC(serve.workers),
	  /* at least 1 but for mn, where 0 is the CPUs: the model's bounds say */
	  .max = 1000000,
	  .where = IN_GROUP },
	{ .name = "queue",
	  .type = PARAM_UINT,
	  .help = "requests waiting beyond this are rejected; 0: no bound",
	  .offset = GC(serve.queue),
	  .where = IN_GROUP },
	{ .name = "max",
	  .type = PARAM_UINT,
	  .help = "threadpool: most threads; per-request: most at once",
	  .offset = GC(serve.max),
	  .max = 10000000,
	  .where = IN_GROUP },
	{ .name = "keep_alive",
	  .type = PARAM_DURATION,
	  .help = "threadpool: idle time after which a thread above workers ends",
	  .offset = GC(serve.keep_alive),
	  .where = IN_GROUP },
	{ .name = "gil",
	  .type = PARAM_BOOL,
	  .def = "false",
	  .help = "threads of one process share an interpreter lock to compute",
	  .offset = GC(serve.gil),
	  .where = IN_GROUP },
	{ .name = "switch_interval",
	  .type = PARAM_DURATION,
	  .help = "gil: how long the holder keeps it while others wait (default 5ms)",
	  .offset = GC(serve.switch_interval),
	  .min = 1,
	  .where = IN_GROUP },
	{ .name = NULL },
};

static const struct schema task_schema = { .kind = "task", .keys = group_keys, .where = IN_TASK };
static const struct schema group_schema = { .kind = "group",
					    .keys = group_keys,
					    .where = IN_GROUP };

/* What one key alone cannot say about a [task] or [group] gc. */
static bool check_task_group(struct loader *ld, const struct hdr *h, struct group_conf *gc,
			     GError **error)
{
	const char *g = h->group;
	bool count_key = linemap_has_key(ld->lm, g, "count");

	if (!gc->program.len) {
		linemap_error(ld->lm, error, SCENARIO_ERROR_INVALID, g, NULL,
			      "missing burst or program: say what the task does, such as burst = 5 "
			      "or program = cpu 5; io 2; cpu 1");
		return false;
	}
	if (gc->process && gc->kind == TASK_PROCESS && !gc->serve.ops) {
		linemap_error(ld->lm, error, SCENARIO_ERROR_INVALID, g, "process",
			      "a process has its own address space: 'process' names the one that "
			      "threads and coroutines share (set kind = thread or coroutine)");
		return false;
	}
	if (!gc->process && gc->kind != TASK_PROCESS)
		gc->process = g_strdup(gc->name); /* one process named after the group */
	if (gc->arrival.kind == ARRIVAL_TRACE) {
		const char *av = linemap_value(ld->lm, g, "arrival");

		if (gc->single && gc->arrival.ntimes != 1) {
			linemap_error(ld->lm, error, SCENARIO_ERROR_INVALID, g, "arrival",
				      "%s holds %u arrival times but a [task] is one task: use "
				      "[group %s]",
				      av, gc->arrival.ntimes, h->name);
			return false;
		}
		if (!count_key) {
			gc->count = gc->arrival.ntimes;
		} else if (gc->count != gc->arrival.ntimes) {
			linemap_error(
				ld->lm, error, SCENARIO_ERROR_INVALID, g, "count",
				"%u differs from the %u arrival times of %s: leave count out to "
				"take it from the file",
				gc->count, gc->arrival.ntimes, av);
			return false;
		}
	}
	if (ld->sc->ntasks + gc->count > SCENARIO_MAX_TASKS) {
		linemap_error(ld->lm, error, SCENARIO_ERROR_INVALID, g,
			      count_key				  ? "count"
			      : gc->arrival.kind == ARRIVAL_TRACE ? "arrival"
								  : NULL,
			      "%u more tasks make %" G_GUINT64_FORMAT
			      " in the scenario, more than the limit of %u",
			      gc->count, ld->sc->ntasks + gc->count, SCENARIO_MAX_TASKS);
		return false;
	}
	return true;
}

/* The keys a runtime takes, or the gil's; a key of another is an error at it. */
static bool check_serve(struct loader *ld, const struct hdr *h, struct group_conf *gc,
			struct schema_ctx *ctx, GError **error)
{
	const char *g = h->group;
	const struct runtime_ops *ops = gc->serve.ops	? gc->serve.ops
					: gc->serve.gil ? &gil_runtime
							: NULL;
	const char *whose = gc->serve.ops ? gc->serve.ops->name : "gil";

	if (gc->serve.ops && linemap_has_key(ld->lm, g, "kind")) {
		linemap_error(ld->lm, error, SCENARIO_ERROR_INVALID, g, "kind",
			      "a served group describes requests: serve = %s decides what runs "
			      "them",
			      whose);
		return false;
	}
	if (gc->serve.gil && gc->serve.ops) {
		linemap_error(ld->lm, error, SCENARIO_ERROR_UNSUPPORTED, g, "gil",
			      "a GIL in a served group is not simulated yet: use threads "
			      "(kind = thread) of one process");
		return false;
	}
	if (gc->serve.gil && gc->kind != TASK_THREAD) {
		linemap_error(ld->lm, error, SCENARIO_ERROR_INVALID, g, "gil",
			      "an interpreter lock is shared by threads: set kind = thread");
		return false;
	}
	for (unsigned i = 0; serve_keys[i]; i++) {
		const struct param *mine = NULL;

		if (!linemap_has_key(ld->lm, g, serve_keys[i]))
			continue;
		for (const struct param *p = ops ? ops->params : NULL; p && p->name; p++)
			if (!strcmp(p->name, serve_keys[i]))
				mine = p;
		if (mine) {
			/* the model's own bounds (an event loop's loops, Go's Ps) within the key's */
			g_autoptr(GString) msg = g_string_new(NULL);

			if (!schema_parse(mine, linemap_value(ld->lm, g, serve_keys[i]), &gc->serve,
					  ctx, msg, NULL)) {
				linemap_error(ld->lm, error, SCENARIO_ERROR_INVALID, g,
					      serve_keys[i], "%s: %s", whose, msg->str);
				return false;
			}
			continue;
		}
		if (!mine && ld->serve_override && gc->serve.ops)
			continue; /* compare --serve: another model's key */
		if (!mine) {
			linemap_error(ld->lm, error, SCENARIO_ERROR_INVALID, g, serve_keys[i],
				      ops ? "%s takes no '%s'"
					  : "'%s%s' applies to a served group (serve = ...) or "
					    "threads with gil = true",
				      ops ? whose : "", serve_keys[i]);
			return false;
		}
	}
	/* The model's defaults for the keys the group leaves out. */
	for (const struct param *p = ops ? ops->params : NULL; p && p->name; p++) {
		g_autoptr(GString) msg = g_string_new(NULL);

		if (linemap_has_key(ld->lm, g, p->name) || !p->def)
			continue;
		if (!schema_parse(p, p->def, &gc->serve, ctx, msg, NULL))
			g_error("default of %s.%s: %s", whose, p->name, msg->str);
	}
	if (!ops)
		return true;
	/*
	 * A task per request waits only for one of `max`: without it every
	 * request starts at once and `queue` bounds nothing (compare --serve
	 * may give the queue to another model).
	 */
	if (gc->serve.queue && !gc->serve.max && !ld->serve_override &&
	    (!strcmp(whose, "process-per-request") || !strcmp(whose, "thread-per-request"))) {
		linemap_error(ld->lm, error, SCENARIO_ERROR_INVALID, g, "queue",
			      "%s: requests wait only for one of max, and max is 0 (no bound): "
			      "set max, or leave queue out",
			      whose);
		return false;
	}
	if (gc->arrival.kind == ARRIVAL_SPAWN && (gc->serve.ops || gc->serve.gil)) {
		linemap_error(ld->lm, error, SCENARIO_ERROR_UNSUPPORTED, g, "arrival",
			      "requests arrive on their own: arrival = spawn is not simulated "
			      "with %s yet",
			      whose);
		return false;
	}
	return true;
}

/*
 * Runtimes run cpu, atomic, io, sleep, syscall, yield and exit (runtime.c's
 * rt_prog_next); spawn and the synchronisation objects' operations only the
 * program driver of processes and threads.
 */
static bool check_runtime_ops(struct loader *ld, const char *g, const struct group_conf *gc,
			      GError **error)
{
	const char *who = gc->serve.ops	  ? "request"
			  : gc->serve.gil ? "thread with a GIL"
					  : "coroutine";

	if (!gc->serve.ops && !gc->serve.gil && gc->kind != TASK_COROUTINE)
		return true;
	for (uint32_t i = 0; i < gc->program.len; i++) {
		const struct op *op = &gc->program.ops[i];

		switch (op->kind) {
		case OP_CPU:
		case OP_ATOMIC:
		case OP_IO:
		case OP_SLEEP:
		case OP_SYSCALL:
		case OP_YIELD:
		case OP_EXIT:
		case OP_REPEAT:
		case OP_END_REPEAT:
			break;
		case OP_SPAWN:
			linemap_error(ld->lm, error, SCENARIO_ERROR_UNSUPPORTED, g, "program",
				      "spawn in a %s is not simulated yet", who);
			return false;
		default:
			linemap_error(ld->lm, error, SCENARIO_ERROR_UNSUPPORTED, g, "program",
				      "%s in a %s is not simulated yet (a %s runs cpu, atomic, io, "
				      "sleep, syscall, yield and exit; the objects' operations are "
				      "for processes and threads)",
				      op_name(op->kind), who, who);
			return false;
		}
	}
	return true;
}

/* Names of objects in ops become ids; an unknown one is an error at `program`. */
static bool resolve_objects(struct loader *ld, const char *g, struct group_conf *gc, GError **error)
{
	GString *msg = g_string_new(NULL);
	bool ok = objects_resolve(&gc->program, gc->count, (struct object_conf *)ld->objects->data,
				  ld->objects->len, msg);

	if (!ok)
		linemap_error(ld->lm, error, SCENARIO_ERROR_INVALID, g, "program", "%s", msg->str);
	g_string_free(msg, TRUE);
	return ok;
}

/*
 * The coroutines of one process run on its one loop thread, which the policy
 * schedules with the attributes of the process's coroutine groups: they must
 * agree on them.
 */
static bool check_loop_shared(struct loader *ld, const char *g, const struct group_conf *gc,
			      GError **error)
{
	static const char *const keys[] = { "priority", "nice", "tickets", "cpus" };

	if (gc->kind != TASK_COROUTINE || gc->serve.ops)
		return true;
	for (guint i = 0; i < ld->groups->len; i++) {
		const struct group_conf *o = &g_array_index(ld->groups, struct group_conf, i);
		int differs = -1;

		if (o->kind != TASK_COROUTINE || o->serve.ops || strcmp(o->process, gc->process))
			continue;
		if (o->priority != gc->priority)
			differs = 0;
		else if (o->nice != gc->nice)
			differs = 1;
		else if (o->tickets != gc->tickets)
			differs = 2;
		for (uint32_t c = 0; differs < 0 && c < ld->sc->cpus; c++)
			if (group_allows_cpu(o, c) != group_allows_cpu(gc, c))
				differs = 3;
		if (differs < 0)
			return true;
		bool here = linemap_has_key(ld->lm, g, keys[differs]);

		linemap_error(
			ld->lm, error, SCENARIO_ERROR_INVALID, g, here ? keys[differs] : NULL,
			"%s%sdiffers from [%s %s]'s: the coroutines of process '%s' run on its "
			"one loop thread, so their groups must give it the same %s",
			here ? "" : keys[differs], here ? "" : " ", o->single ? "task" : "group",
			o->name, gc->process, keys[differs]);
		return false;
	}
	return true;
}

static bool load_task_group(struct loader *ld, const struct hdr *h, GError **error)
{
	const char *g = h->group;
	struct group_conf gc = { 0 };
	struct schema_ctx ctx = {
		.time_unit = ld->sc->time_unit,
		.base_dir = ld->base_dir,
		.ncpus = ld->sc->cpus,
		.global_queue = ld->sc->global_queue,
		.name = h->name,
	};

	gc.name = g_strdup(h->name);
	gc.single = h->kind == G_TASK;
	gc.line = linemap_group_line(ld->lm, g);
	if (!schema_load(gc.single ? &task_schema : &group_schema, &gc, ld->lm, g, &ctx, error) ||
	    !check_task_group(ld, h, &gc, error) || !check_serve(ld, h, &gc, &ctx, error) ||
	    !resolve_objects(ld, g, &gc, error) || !check_runtime_ops(ld, g, &gc, error) ||
	    !check_loop_shared(ld, g, &gc, error)) {
		group_conf_clear(&gc);
		return false;
	}
	ld->sc->ntasks += gc.count;
	g_array_append_val(ld->groups, gc);
	return true;
}

/* ------------------------------------------------------------- objects */

static bool load_object(struct loader *ld, const struct hdr *h, GError **error)
{
	struct object_conf *o = &g_array_index(ld->objects, struct object_conf, h->object);
	const struct object_kind *k = &object_kinds[o->kind];
	const struct schema s = { .kind = k->kind, .keys = k->keys };
	struct schema_ctx ctx = { .time_unit = ld->sc->time_unit, .name = h->name };

	return schema_load(&s, o, ld->lm, h->group, &ctx, error);
}

/* What an object's keys alone cannot say (a condvar's mutex), once all are read. */
static bool check_objects(struct loader *ld, GError **error)
{
	for (guint i = 0; i < ld->objects->len; i++) {
		struct object_conf *o = &g_array_index(ld->objects, struct object_conf, i);
		GString *msg = g_string_new(NULL);
		const char *key = NULL;

		if (!objects_check(o, (struct object_conf *)ld->objects->data, ld->objects->len,
				   &key, msg)) {
			for (unsigned j = 0; j < ld->nhdrs; j++)
				if (ld->hdrs[j].kind == G_OBJECT && ld->hdrs[j].object == i)
					linemap_error(ld->lm, error, SCENARIO_ERROR_INVALID,
						      ld->hdrs[j].group, key, "%s", msg->str);
			g_string_free(msg, TRUE);
			return false;
		}
		g_string_free(msg, TRUE);
	}
	return true;
}

/* The first object of a kind not simulated yet, refused at its header. */
static bool refuse_objects(struct loader *ld, GError **error)
{
	for (guint i = 0; i < ld->objects->len; i++) {
		const struct object_conf *o = &g_array_index(ld->objects, struct object_conf, i);
		const struct object_kind *k = &object_kinds[o->kind];

		if (k->supported)
			continue;
		for (unsigned j = 0; j < ld->nhdrs; j++) {
			if (ld->hdrs[j].kind == G_OBJECT && ld->hdrs[j].object == i) {
				linemap_error(ld->lm, error, SCENARIO_ERROR_UNSUPPORTED,
					      ld->hdrs[j].group, NULL,
					      "'%s' is not yet supported: synchronisation and IPC "
					      "come in a later version",
					      k->kind);
				return false;
			}
		}
	}
	return true;
}

/* The linemap's name of a task or group's header ("group clients"). */
static const char *group_header(struct loader *ld, const struct group_conf *g)
{
	const struct hdr *h = g_hash_table_lookup(ld->names, g->name);

	g_assert(h);
	return h->group;
}

/*
 * A `spawn NAME` op names a [group] or [task] whose arrival = spawn: store
 * its index in op->spawn.group for the core.
 */
static bool resolve_spawns(struct loader *ld, GError **error)
{
	GArray *gs = ld->groups;

	for (guint gi = 0; gi < gs->len; gi++) {
		struct group_conf *g = &g_array_index(gs, struct group_conf, gi);

		for (uint32_t i = 0; i < g->program.len; i++) {
			struct op *op = &g->program.ops[i];
			const char *name = g->program.names ? g->program.names[i] : NULL;
			guint t;

			if (op->kind != OP_SPAWN)
				continue;
			g_assert(name);
			for (t = 0; t < gs->len; t++)
				if (!strcmp(g_array_index(gs, struct group_conf, t).name, name))
					break;
			if (t == gs->len) {
				linemap_error(
					ld->lm, error, SCENARIO_ERROR_INVALID, group_header(ld, g),
					"program",
					"spawn '%s': no [group %s] or [task %s] in the scenario",
					name, name, name);
				return false;
			}
			if (g_array_index(gs, struct group_conf, t).arrival.kind != ARRIVAL_SPAWN) {
				linemap_error(
					ld->lm, error, SCENARIO_ERROR_INVALID, group_header(ld, g),
					"program",
					"spawn '%s': that group's tasks arrive on their own; give "
					"it arrival = spawn so that spawn ops create them",
					name);
				return false;
			}
			op->spawn.group = t;
		}
	}
	/* Every name is an id now: the core never sees a name. */
	for (guint gi = 0; gi < gs->len; gi++) {
		struct program *p = &g_array_index(gs, struct group_conf, gi).program;

		if (p->names)
			for (uint32_t i = 0; i < p->len; i++)
				g_free(p->names[i]);
		g_free(p->names);
		p->names = NULL;
	}
	return true;
}

/* -------------------------------------------------------------- loading */

static bool is_blank_text_len(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!g_ascii_isspace(text[i]))
			return false;
	return true;
}

/*
 * Loading a file costs far more memory than its size: GKeyFile, the line
 * map and the groups' configurations take about 1.6 KiB per group and
 * 200 bytes per line beyond a dozen times the text (measured: 1.5 GiB for a
 * 23 MB file of a million [task] groups). A file that cannot fit in what the
 * host leaves us is refused before it is parsed, rather than aborting
 * half-way (SCENARIO_ERROR_MEMORY).
 */
#define LOAD_BYTES_PER_BYTE  12
#define LOAD_BYTES_PER_GROUP 1600
#define LOAD_BYTES_PER_LINE  200

static bool fits(const char *path, const char *text, size_t len, GError **error)
{
	uint64_t lines = 1, groups = 0, need, avail;
	const char *what;
	bool bol = true;

	for (size_t i = 0; i < len; i++) {
		if (bol && text[i] == '[')
			groups++;
		bol = text[i] == '\n';
		lines += bol;
	}
	need = (uint64_t)len * LOAD_BYTES_PER_BYTE + groups * LOAD_BYTES_PER_GROUP +
	       lines * LOAD_BYTES_PER_LINE;
	avail = hostmem_available(&what);
	if (need > avail) {
		g_autofree char *need_s = units_bytes_text(need);
		g_autofree char *avail_s = units_bytes_text(avail);

		g_set_error(error, SCENARIO_ERROR, SCENARIO_ERROR_MEMORY,
			    "%s: loading it needs about %s of memory (%" G_GUINT64_FORMAT
			    " groups, %" G_GUINT64_FORMAT " lines), more than the %s left under "
			    "%s",
			    path, need_s, groups, lines, avail_s, what);
		return false;
	}
	return true;
}

static bool load(struct loader *ld, const char *path, const char *text, size_t len,
		 const struct scenario_overrides *ov, GError **error)
{
	struct scenario *sc = ld->sc;
	const char *scen = NULL;
	const struct policy_ops *selected;

	if (is_blank_text_len(text, len)) {
		g_set_error(error, SCENARIO_ERROR, SCENARIO_ERROR_INVALID,
			    "%s:1: empty file: a scenario starts with a [scenario] group", path);
		return false;
	}
	if (!fits(path, text, len, error))
		return false;
	ld->lm = linemap_new(path, "scenario", text, len, error);
	if (!ld->lm)
		return false;

	if (!linemap_has_group(ld->lm, "scenario")) {
		/* Before the headers: a file without [scenario] may not be a scenario at all. */
		bool is_model = linemap_has_group(ld->lm, "model");

		g_set_error(error, SCENARIO_ERROR, SCENARIO_ERROR_INVALID,
			    "%s:1: [scenario]: missing group: a scenario starts with a [scenario] "
			    "group%s",
			    path,
			    is_model ? "; this looks like a model file, which a scenario names "
				       "with model = PATH"
				     : "");
		return false;
	}
	ld->nhdrs = linemap_ngroups(ld->lm);
	ld->hdrs = g_new0(struct hdr, ld->nhdrs);
	for (unsigned i = 0; i < ld->nhdrs; i++)
		if (!classify(ld, linemap_group(ld->lm, i), &ld->hdrs[i], error))
			return false;

	if (!apply_overrides(ld, ov, error))
		return false;
	sc->max_events = ov ? ov->max_events : 0;
	{
		GString *r = g_string_new(NULL);

		linemap_replaced(ld->lm, r);
		sc->replaced = g_string_free(r, !r->len);
	}

	{
		g_autofree char *base = g_path_get_basename(path);

		if (g_str_has_suffix(base, ".ini"))
			base[strlen(base) - 4] = '\0';
		sc->name = g_strdup(base);
	}
	for (unsigned i = 0; i < ld->nhdrs; i++)
		if (ld->hdrs[i].kind == G_SCENARIO)
			scen = ld->hdrs[i].group;
	g_assert(scen);
	if (!load_scenario_group(ld, scen, error))
		return false;

	/* Groups created by an override (--set rr.quantum=2) come after the file's. */
	for (unsigned i = 0; i < linemap_ngroups(ld->lm); i++) {
		const char *g = linemap_group(ld->lm, i);
		struct hdr created, *h = i < ld->nhdrs ? &ld->hdrs[i] : &created;

		if (i >= ld->nhdrs) {
			memset(&created, 0, sizeof(created));
			created.group = g;
			created.policy = policy_find(g);
			created.kind = created.policy ? G_POLICY : G_SCENARIO;
		}
		if (h->kind == G_POLICY) {
			void *conf = g_malloc0(MAX(h->policy->conf_size, 1));
			bool ok = params_load(h->policy, conf, ld->lm, sc->time_unit, error);

			g_free(conf);
			if (!ok)
				return false;
		} else if (h->kind == G_TASK || h->kind == G_GROUP) {
			if (!load_task_group(ld, h, error))
				return false;
		} else if (h->kind == G_OBJECT) {
			if (!load_object(ld, h, error))
				return false;
		}
	}
	if (!check_objects(ld, error) || !refuse_objects(ld, error))
		return false;
	if (ld->groups->len == 0) {
		linemap_error(
			ld->lm, error, SCENARIO_ERROR_INVALID, scen, NULL,
			"no tasks: a scenario needs at least one [task NAME] or [group NAME]");
		return false;
	}

	if (!resolve_spawns(ld, error))
		return false;
	selected = sc->policy;
	if (sc->global_queue && selected->per_cpu_only) {
		const char *key =
			linemap_value(ld->lm, scen, "global_queue") ? "global_queue" : "policy";

		linemap_error(
			ld->lm, error, SCENARIO_ERROR_INVALID, scen, key,
			"policy %s keeps one run queue per CPU, as the kernel does: it cannot "
			"run with global_queue = true",
			selected->name);
		return false;
	}
	if (selected->conf_size) {
		sc->policy_conf = g_malloc0(selected->conf_size);
		if (!params_load(selected, sc->policy_conf, ld->lm, sc->time_unit, error))
			return false;
	}
	sc->ngroups = ld->groups->len;
	sc->groups = (struct group_conf *)g_array_free(ld->groups, FALSE);
	ld->groups = NULL;
	sc->nobjects = ld->objects->len;
	sc->objects = (struct object_conf *)g_array_free(ld->objects, FALSE);
	ld->objects = NULL;
	return true;
}

struct scenario *scenario_load_data(const char *path, const char *text, size_t len,
				    const struct scenario_overrides *ov, GError **error)
{
	struct loader ld = { 0 };
	struct scenario *sc = g_new0(struct scenario, 1);
	bool ok;

	g_return_val_if_fail(path && (text || !len), NULL);
	sc->path = g_strdup(path);
	ld.sc = sc;
	ld.base_dir = g_path_get_dirname(path);
	ld.groups = g_array_new(FALSE, TRUE, sizeof(struct group_conf));
	ld.objects = g_array_new(FALSE, TRUE, sizeof(struct object_conf));
	ld.names = g_hash_table_new(g_str_hash, g_str_equal);
	ok = load(&ld, path, text ? text : "", len, ov, error);
	if (ld.groups) {
		for (guint i = 0; i < ld.groups->len; i++)
			group_conf_clear(&g_array_index(ld.groups, struct group_conf, i));
		g_array_free(ld.groups, TRUE);
	}
	if (ld.objects) {
		for (guint i = 0; i < ld.objects->len; i++)
			object_conf_clear(&g_array_index(ld.objects, struct object_conf, i));
		g_array_free(ld.objects, TRUE);
	}
	for (unsigned i = 0; i < ld.nhdrs; i++)
		g_free(ld.hdrs[i].name);
	g_free(ld.hdrs);
	g_hash_table_destroy(ld.names);
	linemap_free(ld.lm);
	g_free(ld.base_dir);
	if (!ok) {
		scenario_free(sc);
		return NULL;
	}
	return sc;
}

struct scenario *scenario_load(const char *path, const struct scenario_overrides *ov,
			       GError **error)
{
	g_autofree char *text = NULL;
	size_t len;

	if (!linemap_read_file(path, &text, &len, error))
		return NULL;
	return scenario_load_data(path, text, len, ov, error);
}

/* Every key of keys that has a value, to each. */
static void values_of(const struct param *keys, const void *conf, bool model, const char *section,
		      scenario_value_fn each, void *ctx)
{
	g_autoptr(GString) text = g_string_new(NULL);
	g_autoptr(GString) json = g_string_new(NULL);

	for (const struct param *p = keys; p && p->name; p++) {
		g_string_truncate(text, 0);
		g_string_truncate(json, 0);
		if (schema_value(p, conf, text, json))
			each(ctx, model, section, p->name, text->str, json->str);
	}
}

void scenario_values(const struct scenario *sc, scenario_value_fn each, void *ctx)
{
	if (sc->policy && sc->policy_conf)
		values_of(sc->policy->params, sc->policy_conf, false, sc->policy->name, each, ctx);
	for (const struct model_group *mg = model_groups; mg->name; mg++)
		if (mg->figures)
			values_of(mg->keys, &sc->model, true, mg->name, each, ctx);
}
