/*
 * scenario.c - loading and validating a scenario; see scenario.h and
 * docs/scenario-format.md.
 *
 * The steps, each of which stops at the first error:
 *
 *   1. linemap: the text becomes groups and keys with their lines, and
 *      syntax errors (duplicates, malformed lines, binary data) are found;
 *   2. the headers: each group is [scenario], [task NAME], [group NAME], a
 *      policy's name or a synchronisation object (not supported yet);
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

#include <string.h>

#include "scenario/linemap.h"
#include "scenario/model_load.h"
#include "scenario/params.h"
#include "scenario/parse.h"

G_DEFINE_QUARK(scenario - error - quark, scenario_error)

/* What a group header names. */
enum gkind {
	G_SCENARIO,
	G_TASK,
	G_GROUP,
	G_POLICY,
	G_MODEL, /* [create], [switch], [tlb], [memory]: figures over the model's */
};

/* The kinds of group a scenario may hold, for "did you mean". */
static const char *const group_kinds[] = { "scenario", "task",	    "group",   "pipe",	 "channel",
					   "mutex",    "semaphore", "condvar", "rwlock", "create",
					   "switch",   "tlb",	    "memory",  NULL };

/* Synchronisation and IPC objects: valid, not simulated yet. */
static const char *const sync_kinds[] = { "pipe",    "channel", "mutex", "semaphore",
					  "condvar", "rwlock",	NULL };

static const char *const scenario_keys[] = { "name", "time_unit", "cpus",	  "policy", "model",
					     "seed", "horizon",	  "global_queue", NULL };

static const char *const task_keys[] = { "arrival", "burst",	   "program", "kind",
					 "process", "priority",	   "nice",    "tickets",
					 "memory",  "working_set", "cpus",    NULL };

static const char *const group_keys[] = { "count",	 "arrival",  "burst", "program", "kind",
					  "process",	 "priority", "nice",  "tickets", "memory",
					  "working_set", "cpus",     NULL };

static const char *const kind_names[] = { "process", "thread", "coroutine", NULL };

/* Per task: memory and working_set are at most this. */
#define SCENARIO_MAX_TASK_BYTES ((uint64_t)1 << 40)
#define SCENARIO_MAX_TICKETS	1000000000u

struct hdr {
	const char *group; /* the linemap's name of the group */
	enum gkind kind;
	char *name; /* NAME of [task NAME] or [group NAME] */
	const struct policy_ops *policy;
};

struct loader {
	struct linemap *lm;
	struct scenario *sc;
	char *base_dir;	      /* the scenario file's directory */
	bool model_from_flag; /* --model: relative to the current directory */
	struct hdr *hdrs;     /* one per group of the file */
	unsigned nhdrs;
	GArray *groups;	   /* struct group_conf */
	GHashTable *names; /* task or group NAME -> struct hdr * */
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
	model_clear(&sc->model);
	g_free(sc->policy_conf);
	g_free(sc->path);
	g_free(sc->name);
	g_free(sc);
}

/* Append "a, b and c" from a NULL-terminated list. */
static void append_names(GString *s, const char *const *names)
{
	for (size_t i = 0; names[i]; i++)
		g_string_append_printf(s, "%s%s",
				       i == 0	      ? ""
				       : names[i + 1] ? ", "
						      : " and ",
				       names[i]);
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

/* Classify the header of group g; false with *error set when it is not valid. */
static bool classify(struct loader *L, const char *g, struct hdr *h, GError **error)
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
		linemap_error(L->lm, error, SCENARIO_ERROR_SYNTAX, g, NULL,
			      "write [%s]: one space between the kind and the name, none around",
			      canon->str);
		g_string_free(canon, TRUE);
		return false;
	}
	if (!strcmp(kind, "scenario")) {
		if (name) {
			linemap_error(L->lm, error, SCENARIO_ERROR_INVALID, g, NULL,
				      "[scenario] takes no name");
			return false;
		}
		h->kind = G_SCENARIO;
		return true;
	}
	if (!strcmp(kind, "task") || !strcmp(kind, "group")) {
		GString *msg = g_string_new(NULL);
		struct hdr *other;

		if (!name) {
			linemap_error(L->lm, error, SCENARIO_ERROR_INVALID, g, NULL,
				      "missing name: write [%s NAME]", kind);
			g_string_free(msg, TRUE);
			return false;
		}
		if (!parse_name(name, false, msg)) {
			linemap_error(L->lm, error, SCENARIO_ERROR_INVALID, g, NULL, "%s",
				      msg->str);
			g_string_free(msg, TRUE);
			return false;
		}
		g_string_free(msg, TRUE);
		other = g_hash_table_lookup(L->names, name);
		if (other) {
			linemap_error(L->lm, error, SCENARIO_ERROR_INVALID, g, NULL,
				      "name '%s' is already used by [%s] at line %d", name,
				      other->group, linemap_group_line(L->lm, other->group));
			return false;
		}
		h->kind = !strcmp(kind, "task") ? G_TASK : G_GROUP;
		h->name = g_strdup(name);
		g_hash_table_insert(L->names, h->name, h);
		return true;
	}
	if (g_strv_contains(sync_kinds, kind)) {
		linemap_error(L->lm, error, SCENARIO_ERROR_UNSUPPORTED, g, NULL,
			      "'%s' is not yet supported: synchronisation and IPC come in a later "
			      "version",
			      kind);
		return false;
	}
	if (g_strv_contains(model_figure_groups, kind)) {
		if (name) {
			linemap_error(L->lm, error, SCENARIO_ERROR_INVALID, g, NULL,
				      "a model figures' group takes no name: write [%s]", kind);
			return false;
		}
		h->kind = G_MODEL;
		return true;
	}
	ops = policy_find(kind);
	if (ops) {
		if (name) {
			linemap_error(L->lm, error, SCENARIO_ERROR_INVALID, g, NULL,
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
		linemap_error(L->lm, error, SCENARIO_ERROR_INVALID, g, NULL, "%s", msg->str);
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

static bool apply_set(struct loader *L, const char *set, GError **error)
{
	const char *eq = strchr(set, '=');
	g_autofree char *origin = g_strdup_printf("--set %s", set);
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
			g_set_error(error, SCENARIO_ERROR, SCENARIO_ERROR_SYNTAX,
				    "%s: control character in the value", origin);
			return false;
		}
	}
	if (!g_utf8_validate(value, -1, NULL) || !g_utf8_validate(group, -1, NULL)) {
		g_set_error(error, SCENARIO_ERROR, SCENARIO_ERROR_SYNTAX, "--set: not UTF-8 text");
		return false;
	}
	if (!linemap_has_group(L->lm, group) && strcmp(group, "scenario") && !policy_find(group) &&
	    !g_strv_contains(model_figure_groups, group)) {
		GPtrArray *c = g_ptr_array_new();
		const struct policy_ops *const *all = policy_all();
		GString *msg = g_string_new(NULL);

		for (unsigned i = 0; i < linemap_ngroups(L->lm); i++)
			g_ptr_array_add(c, (gpointer)linemap_group(L->lm, i));
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
	linemap_override(L->lm, origin, false, group, key, value);
	return true;
}

static bool apply_overrides(struct loader *L, const struct scenario_overrides *ov, GError **error)
{
	if (!ov)
		return true;
	for (const char *const *s = ov->sets; s && *s; s++)
		if (!apply_set(L, *s, error))
			return false;
	if (ov->policy) {
		g_autofree char *o = g_strdup_printf("--policy %s", ov->policy);

		linemap_override(L->lm, o, true, "scenario", "policy", ov->policy);
	}
	if (ov->model) {
		g_autofree char *o = g_strdup_printf("--model %s", ov->model);

		linemap_override(L->lm, o, true, "scenario", "model", ov->model);
		L->model_from_flag = true;
	}
	if (ov->cpus) {
		g_autofree char *v = g_strdup_printf("%" G_GINT64_FORMAT, ov->cpus);
		g_autofree char *o = g_strdup_printf("--cpus %s", v);

		linemap_override(L->lm, o, true, "scenario", "cpus", v);
	}
	if (ov->has_seed) {
		g_autofree char *v = g_strdup_printf("%" G_GUINT64_FORMAT, ov->seed);
		g_autofree char *o = g_strdup_printf("--seed %s", v);

		linemap_override(L->lm, o, true, "scenario", "seed", v);
	}
	return true;
}

/* ----------------------------------------------------------- [scenario] */

/* Report msg as the error of key in group. */
static bool key_error(struct loader *L, GError **error, const char *group, const char *key,
		      GString *msg)
{
	linemap_error(L->lm, error, SCENARIO_ERROR_INVALID, group, key, "%s", msg->str);
	g_string_free(msg, TRUE);
	return false;
}

static bool unknown_key(struct loader *L, GError **error, const char *group, const char *key,
			const char *const *valid)
{
	GString *msg = g_string_new("unknown key");

	if (!parse_append_suggestion(msg, key, valid)) {
		g_string_append_printf(msg, ": [%s] has ", group);
		append_names(msg, valid);
	}
	return key_error(L, error, group, key, msg);
}

static bool load_model(struct loader *L, const char *spec, GError **error)
{
	GError *e = NULL;

	if (model_load(&L->sc->model, spec, L->model_from_flag ? NULL : L->base_dir, &e))
		return true;
	if (g_error_matches(e, SCENARIO_ERROR, SCENARIO_ERROR_IO))
		linemap_error(L->lm, error, SCENARIO_ERROR_IO, "scenario", "model", "%s",
			      e->message);
	else
		g_propagate_error(error, g_steal_pointer(&e));
	g_clear_error(&e);
	return false;
}

static bool load_scenario_group(struct loader *L, const char *g, GError **error)
{
	struct scenario *sc = L->sc;
	const char *v;
	bool have_model = false;

	/* Every bare number of the file is in time_unit: read it first. */
	sc->time_unit = SIM_MS;
	v = linemap_value(L->lm, g, "time_unit");
	if (v) {
		GString *msg = g_string_new(NULL);

		if (!parse_time_unit(v, &sc->time_unit, msg))
			return key_error(L, error, g, "time_unit", msg);
		g_string_free(msg, TRUE);
	}
	for (unsigned i = 0; i < linemap_nkeys(L->lm, g); i++) {
		const char *key = linemap_key(L->lm, g, i);
		GString *msg = g_string_new(NULL);
		uint64_t u;

		v = linemap_value(L->lm, g, key);
		if (!strcmp(key, "time_unit")) {
			/* Done above. */
		} else if (!strcmp(key, "name")) {
			if (!*v) {
				g_string_append(msg, "missing value: the scenario's name");
				return key_error(L, error, g, key, msg);
			}
			g_free(sc->name);
			sc->name = g_strdup(v);
		} else if (!strcmp(key, "cpus")) {
			if (!parse_uint(v, 1, SCENARIO_MAX_CPUS, &u, msg))
				return key_error(L, error, g, key, msg);
			sc->cpus = (uint32_t)u;
		} else if (!strcmp(key, "policy")) {
			sc->policy = policy_find(v);
			if (!sc->policy) {
				g_autofree const char **names = policy_names();

				g_string_append(msg, "unknown policy ");
				parse_quote(msg, v, strlen(v));
				if (!parse_append_suggestion(msg, v, names)) {
					g_string_append(msg, ": the policies are ");
					append_names(msg, names);
					g_string_append(msg, " (see 'schedlab policies')");
				}
				return key_error(L, error, g, key, msg);
			}
		} else if (!strcmp(key, "model")) {
			if (!load_model(L, v, error)) {
				g_string_free(msg, TRUE);
				return false;
			}
			have_model = true;
		} else if (!strcmp(key, "seed")) {
			if (!parse_uint(v, 0, UINT64_MAX, &sc->seed, msg))
				return key_error(L, error, g, key, msg);
		} else if (!strcmp(key, "horizon")) {
			if (!parse_duration(v, sc->time_unit, SCENARIO_MAX_HORIZON, PARSE_POSITIVE,
					    &sc->horizon, msg))
				return key_error(L, error, g, key, msg);
		} else if (!strcmp(key, "global_queue")) {
			if (!parse_bool(v, &sc->global_queue, msg))
				return key_error(L, error, g, key, msg);
		} else {
			g_string_free(msg, TRUE);
			return unknown_key(L, error, g, key, scenario_keys);
		}
		g_string_free(msg, TRUE);
	}
	if (!have_model && !load_model(L, "teaching", error))
		g_assert_not_reached(); /* the built-in teaching model always loads */
	return model_apply_overrides(&sc->model, L->lm, error);
}

/* ----------------------------------------------------- tasks and groups */

static bool check_ops_supported(struct loader *L, const char *g, const struct program *p,
				GError **error)
{
	for (uint32_t i = 0; i < p->len; i++) {
		enum op_kind k = p->ops[i].kind;

		if (k >= OP_LOCK && k != OP_SPAWN) {
			linemap_error(
				L->lm, error, SCENARIO_ERROR_UNSUPPORTED, g, "program",
				"'%s' is not yet supported: synchronisation and IPC come in a "
				"later version",
				op_name(k));
			return false;
		}
	}
	return true;
}

static bool parse_affinity(const char *v, uint32_t ncpus, uint64_t **out, GString *msg);

static bool load_task_group(struct loader *L, const struct hdr *h, GError **error)
{
	const char *g = h->group;
	bool single = h->kind == G_TASK;
	struct group_conf gc = { 0 };
	const char *prog_key = NULL, *count_key = NULL;
	bool ok = false;

	gc.name = g_strdup(h->name);
	gc.single = single;
	gc.line = linemap_group_line(L->lm, g);
	gc.count = 1;
	gc.kind = TASK_PROCESS;
	gc.arrival.kind = ARRIVAL_AT;
	gc.tickets = 100;

	for (unsigned i = 0; i < linemap_nkeys(L->lm, g); i++) {
		const char *key = linemap_key(L->lm, g, i);
		const char *v = linemap_value(L->lm, g, key);
		GString *msg = g_string_new(NULL);
		uint64_t u;
		int64_t s;

		if (!strcmp(key, "count")) {
			if (single) {
				g_string_append_printf(msg,
						       "a [task] is one task: use [group %s] "
						       "for many",
						       h->name);
				key_error(L, error, g, key, msg);
				goto out;
			}
			if (!parse_uint(v, 1, SCENARIO_MAX_TASKS, &u, msg)) {
				key_error(L, error, g, key, msg);
				goto out;
			}
			gc.count = (uint32_t)u;
			count_key = key;
		} else if (!strcmp(key, "arrival")) {
			bool whole;

			g_free(gc.arrival.times);
			gc.arrival.times = NULL;
			if (!strcmp(v, "spawn")) {
				gc.arrival.kind = ARRIVAL_SPAWN;
			} else if (!parse_arrival(v, L->sc->time_unit, L->base_dir, &gc.arrival,
						  msg, &whole)) {
				if (whole) {
					g_set_error_literal(error, SCENARIO_ERROR,
							    SCENARIO_ERROR_INVALID, msg->str);
					g_string_free(msg, TRUE);
				} else {
					key_error(L, error, g, key, msg);
				}
				goto out;
			}
		} else if (!strcmp(key, "burst") || !strcmp(key, "program")) {
			if (prog_key) {
				g_string_append_printf(msg,
						       "%s is given too: write either burst or "
						       "program",
						       prog_key);
				key_error(L, error, g, key, msg);
				goto out;
			}
			prog_key = key;
			if (!strcmp(key, "burst")) {
				struct dist d;

				if (!parse_dist(v, L->sc->time_unit, PARSE_POSITIVE, &d, msg)) {
					key_error(L, error, g, key, msg);
					goto out;
				}
				gc.program.ops = g_new0(struct op, 1);
				gc.program.len = 1;
				gc.program.ops[0].kind = OP_CPU;
				gc.program.ops[0].dur = d;
			} else if (!parse_program(v, L->sc->time_unit, &gc.program, msg)) {
				key_error(L, error, g, key, msg);
				goto out;
			}
		} else if (!strcmp(key, "kind")) {
			int k;

			for (k = 0; kind_names[k]; k++)
				if (!strcmp(v, kind_names[k]))
					break;
			if (!kind_names[k]) {
				parse_quote(msg, v, strlen(v));
				g_string_append(msg, " is not a kind");
				parse_append_suggestion(msg, v, kind_names);
				g_string_append(msg, ": use process, thread or coroutine");
				key_error(L, error, g, key, msg);
				goto out;
			}
			gc.kind = (enum task_kind)k;
		} else if (!strcmp(key, "process")) {
			if (!parse_name(v, false, msg)) {
				key_error(L, error, g, key, msg);
				goto out;
			}
			g_free(gc.process);
			gc.process = g_strdup(v);
		} else if (!strcmp(key, "priority")) {
			if (!parse_int(v, INT32_MIN, INT32_MAX, &s, msg)) {
				key_error(L, error, g, key, msg);
				goto out;
			}
			gc.priority = (int32_t)s;
		} else if (!strcmp(key, "nice")) {
			if (!parse_int(v, -20, 19, &s, msg)) {
				key_error(L, error, g, key, msg);
				goto out;
			}
			gc.nice = (int32_t)s;
		} else if (!strcmp(key, "tickets")) {
			if (!parse_uint(v, 1, SCENARIO_MAX_TICKETS, &u, msg)) {
				key_error(L, error, g, key, msg);
				goto out;
			}
			gc.tickets = (uint32_t)u;
		} else if (!strcmp(key, "memory") || !strcmp(key, "working_set")) {
			if (!parse_size(v, SCENARIO_MAX_TASK_BYTES, &u, msg)) {
				key_error(L, error, g, key, msg);
				goto out;
			}
			if (!strcmp(key, "memory"))
				gc.memory = u;
			else
				gc.working_set = u;
		} else if (!strcmp(key, "cpus")) {
			g_free(gc.affinity);
			gc.affinity = NULL;
			if (!parse_affinity(v, L->sc->cpus, &gc.affinity, msg)) {
				key_error(L, error, g, key, msg);
				goto out;
			}
			if (L->sc->global_queue) {
				g_string_append(msg, "affinity needs a run queue per CPU: remove "
						     "[scenario] global_queue = true");
				key_error(L, error, g, key, msg);
				goto out;
			}
		} else {
			g_string_free(msg, TRUE);
			unknown_key(L, error, g, key, single ? task_keys : group_keys);
			goto out;
		}
		g_string_free(msg, TRUE);
	}

	if (!prog_key) {
		linemap_error(L->lm, error, SCENARIO_ERROR_INVALID, g, NULL,
			      "missing burst or program: say what the task does, such as burst = 5 "
			      "or program = cpu 5; io 2; cpu 1");
		goto out;
	}
	if (!strcmp(prog_key, "program") && !check_ops_supported(L, g, &gc.program, error))
		goto out;
	if (gc.process && gc.kind == TASK_PROCESS) {
		linemap_error(L->lm, error, SCENARIO_ERROR_INVALID, g, "process",
			      "a process has its own address space: 'process' names the one that "
			      "threads and coroutines share (set kind = thread or coroutine)");
		goto out;
	}
	if (!gc.process && gc.kind != TASK_PROCESS)
		gc.process = g_strdup(gc.name); /* one process named after the group */
	if (gc.arrival.kind == ARRIVAL_TRACE) {
		const char *av = linemap_value(L->lm, g, "arrival");

		if (single && gc.arrival.ntimes != 1) {
			linemap_error(L->lm, error, SCENARIO_ERROR_INVALID, g, "arrival",
				      "%s holds %u arrival times but a [task] is one task: use "
				      "[group %s]",
				      av, gc.arrival.ntimes, h->name);
			goto out;
		}
		if (!count_key) {
			gc.count = gc.arrival.ntimes;
		} else if (gc.count != gc.arrival.ntimes) {
			linemap_error(
				L->lm, error, SCENARIO_ERROR_INVALID, g, count_key,
				"%u differs from the %u arrival times of %s: leave count out to "
				"take it from the file",
				gc.count, gc.arrival.ntimes, av);
			goto out;
		}
	}
	if (L->sc->ntasks + gc.count > SCENARIO_MAX_TASKS) {
		linemap_error(L->lm, error, SCENARIO_ERROR_INVALID, g,
			      count_key				 ? count_key
			      : gc.arrival.kind == ARRIVAL_TRACE ? "arrival"
								 : NULL,
			      "%u more tasks make %" G_GUINT64_FORMAT
			      " in the scenario, more than the limit of %u",
			      gc.count, L->sc->ntasks + gc.count, SCENARIO_MAX_TASKS);
		goto out;
	}
	L->sc->ntasks += gc.count;
	g_array_append_val(L->groups, gc);
	return true;
out:
	group_conf_clear(&gc);
	return ok;
}

/*
 * `cpus = 0,2` or `cpus = 0-3,6`: the CPUs a group's tasks may run on, as
 * a bitmap of ncpus bits.
 */
static bool parse_affinity(const char *v, uint32_t ncpus, uint64_t **out, GString *msg)
{
	g_auto(GStrv) parts = g_strsplit(v, ",", -1);
	uint64_t *bits = g_new0(uint64_t, ncpus / 64 + 1);
	bool any = false;

	for (unsigned i = 0; parts[i]; i++) {
		char *item = g_strstrip(parts[i]);
		char *dash = strchr(item, '-');
		uint64_t lo, hi;

		if (dash)
			*dash = '\0';
		if (!parse_uint(item, 0, UINT32_MAX, &lo, msg) ||
		    !parse_uint(dash ? g_strstrip(dash + 1) : item, 0, UINT32_MAX, &hi, msg)) {
			g_string_prepend(msg, "expected CPU numbers such as 0,2 or 0-3: ");
			g_free(bits);
			return false;
		}
		if (lo > hi || hi >= ncpus) {
			g_string_append_printf(msg,
					       "CPU %" G_GUINT64_FORMAT
					       " does not exist: the machine "
					       "has %u CPU%s, numbered from 0",
					       lo > hi ? lo : hi, ncpus, ncpus == 1 ? "" : "s");
			if (lo > hi)
				g_string_printf(msg,
						"the range %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT
						" is backwards",
						lo, hi);
			g_free(bits);
			return false;
		}
		for (uint64_t c = lo; c <= hi; c++)
			bits[c / 64] |= UINT64_C(1) << (c % 64);
		any = true;
	}
	if (!any) {
		g_string_append(msg, "no CPU given");
		g_free(bits);
		return false;
	}
	*out = bits;
	return true;
}

/* The linemap's name of a task or group's header ("group clients"). */
static const char *group_header(struct loader *L, const struct group_conf *g)
{
	const struct hdr *h = g_hash_table_lookup(L->names, g->name);

	g_assert(h);
	return h->group;
}

/*
 * A `spawn NAME` op names a [group] or [task] whose arrival = spawn: store
 * its index in op->count for the core.
 */
static bool resolve_spawns(struct loader *L, GError **error)
{
	GArray *gs = L->groups;

	for (guint gi = 0; gi < gs->len; gi++) {
		struct group_conf *g = &g_array_index(gs, struct group_conf, gi);

		for (uint32_t i = 0; i < g->program.len; i++) {
			struct op *op = &g->program.ops[i];
			guint t;

			if (op->kind != OP_SPAWN)
				continue;
			for (t = 0; t < gs->len; t++)
				if (!strcmp(g_array_index(gs, struct group_conf, t).name,
					    op->object))
					break;
			if (t == gs->len) {
				linemap_error(
					L->lm, error, SCENARIO_ERROR_INVALID, group_header(L, g),
					"program",
					"spawn '%s': no [group %s] or [task %s] in the scenario",
					op->object, op->object, op->object);
				return false;
			}
			if (g_array_index(gs, struct group_conf, t).arrival.kind != ARRIVAL_SPAWN) {
				linemap_error(
					L->lm, error, SCENARIO_ERROR_INVALID, group_header(L, g),
					"program",
					"spawn '%s': that group's tasks arrive on their own; give "
					"it arrival = spawn so that spawn ops create them",
					op->object);
				return false;
			}
			op->count = t;
		}
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

static bool load(struct loader *L, const char *path, const char *text, size_t len,
		 const struct scenario_overrides *ov, GError **error)
{
	struct scenario *sc = L->sc;
	const char *scen = NULL;
	const struct policy_ops *selected;

	if (is_blank_text_len(text, len)) {
		g_set_error(error, SCENARIO_ERROR, SCENARIO_ERROR_INVALID,
			    "%s:1: empty file: a scenario starts with a [scenario] group", path);
		return false;
	}
	L->lm = linemap_new(path, "scenario", text, len, error);
	if (!L->lm)
		return false;

	if (!linemap_has_group(L->lm, "scenario")) {
		/* Before the headers: a file without [scenario] may not be a scenario at all. */
		bool is_model = linemap_has_group(L->lm, "model");

		g_set_error(error, SCENARIO_ERROR, SCENARIO_ERROR_INVALID,
			    "%s:1: [scenario]: missing group: a scenario starts with a [scenario] "
			    "group%s",
			    path,
			    is_model ? "; this looks like a model file, which a scenario names "
				       "with model = PATH"
				     : "");
		return false;
	}
	L->nhdrs = linemap_ngroups(L->lm);
	L->hdrs = g_new0(struct hdr, L->nhdrs);
	for (unsigned i = 0; i < L->nhdrs; i++)
		if (!classify(L, linemap_group(L->lm, i), &L->hdrs[i], error))
			return false;

	if (!apply_overrides(L, ov, error))
		return false;

	sc->cpus = 1;
	sc->seed = 1;
	sc->horizon = SIM_TIME_INF;
	sc->policy = policy_find("fcfs");
	g_assert(sc->policy);
	{
		g_autofree char *base = g_path_get_basename(path);

		if (g_str_has_suffix(base, ".ini"))
			base[strlen(base) - 4] = '\0';
		sc->name = g_strdup(base);
	}
	for (unsigned i = 0; i < L->nhdrs; i++)
		if (L->hdrs[i].kind == G_SCENARIO)
			scen = L->hdrs[i].group;
	g_assert(scen);
	if (!load_scenario_group(L, scen, error))
		return false;

	/* Groups created by an override (--set rr.quantum=2) come after the file's. */
	for (unsigned i = 0; i < linemap_ngroups(L->lm); i++) {
		const char *g = linemap_group(L->lm, i);
		struct hdr created, *h = i < L->nhdrs ? &L->hdrs[i] : &created;

		if (i >= L->nhdrs) {
			memset(&created, 0, sizeof(created));
			created.group = g;
			created.policy = policy_find(g);
			created.kind = created.policy ? G_POLICY : G_SCENARIO;
		}
		if (h->kind == G_POLICY) {
			void *conf = g_malloc0(MAX(h->policy->conf_size, 1));
			bool ok = params_load(h->policy, conf, L->lm, sc->time_unit, error);

			g_free(conf);
			if (!ok)
				return false;
		} else if (h->kind == G_TASK || h->kind == G_GROUP) {
			if (!load_task_group(L, h, error))
				return false;
		}
	}
	if (L->groups->len == 0) {
		linemap_error(
			L->lm, error, SCENARIO_ERROR_INVALID, scen, NULL,
			"no tasks: a scenario needs at least one [task NAME] or [group NAME]");
		return false;
	}

	if (!resolve_spawns(L, error))
		return false;
	selected = sc->policy;
	if (sc->global_queue && selected->per_cpu_only) {
		const char *key =
			linemap_value(L->lm, scen, "global_queue") ? "global_queue" : "policy";

		linemap_error(
			L->lm, error, SCENARIO_ERROR_INVALID, scen, key,
			"policy %s keeps one run queue per CPU, as the kernel does: it cannot "
			"run with global_queue = true",
			selected->name);
		return false;
	}
	if (selected->conf_size) {
		sc->policy_conf = g_malloc0(selected->conf_size);
		if (!params_load(selected, sc->policy_conf, L->lm, sc->time_unit, error))
			return false;
	}
	sc->ngroups = L->groups->len;
	sc->groups = (struct group_conf *)g_array_free(L->groups, FALSE);
	L->groups = NULL;
	return true;
}

struct scenario *scenario_load_data(const char *path, const char *text, size_t len,
				    const struct scenario_overrides *ov, GError **error)
{
	struct loader L = { 0 };
	struct scenario *sc = g_new0(struct scenario, 1);
	bool ok;

	g_return_val_if_fail(path && (text || !len), NULL);
	sc->path = g_strdup(path);
	L.sc = sc;
	L.base_dir = g_path_get_dirname(path);
	L.groups = g_array_new(FALSE, TRUE, sizeof(struct group_conf));
	L.names = g_hash_table_new(g_str_hash, g_str_equal);
	ok = load(&L, path, text ? text : "", len, ov, error);
	if (L.groups) {
		for (guint i = 0; i < L.groups->len; i++)
			group_conf_clear(&g_array_index(L.groups, struct group_conf, i));
		g_array_free(L.groups, TRUE);
	}
	for (unsigned i = 0; i < L.nhdrs; i++)
		g_free(L.hdrs[i].name);
	g_free(L.hdrs);
	g_hash_table_destroy(L.names);
	linemap_free(L.lm);
	g_free(L.base_dir);
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
