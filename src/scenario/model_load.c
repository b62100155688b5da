/*
 * model_load.c - model files into struct model; see model_load.h and
 * docs/model-format.md.
 *
 * A model file has the groups [model], [create], [switch], [tlb] and
 * [memory]; every key is optional and 0 by default, so the empty file is the
 * teaching model. Bare numbers are nanoseconds (durations) and bytes (sizes)
 * whatever a scenario's time_unit: a model describes a machine, not an
 * exercise. The limits keep every product the scheduler core forms (pages
 * times refill cost, tasks times memory) far from overflow.
 *
 * This file knows the keys of a model file and nothing of scenarios or
 * policies.
 */
#include "scenario/model_load.h"

#include <stddef.h>
#include <string.h>

#include "scenario/linemap.h"
#include "scenario/parse.h"
#include "scenario/scenario.h"

enum mtype {
	M_TEXT,	    /* a string: [model] name and description */
	M_DURATION, /* sim_time_t */
	M_SIZE,	    /* uint64_t bytes */
	M_SIZE32,   /* uint32_t bytes */
	M_COUNT,    /* uint32_t */
};

#define NO_FIELD	 ((size_t)-1)
#define MODEL_MAX_COST	 (10 * SIM_S)	      /* any one cost */
#define MODEL_MAX_OBJECT ((uint64_t)64 << 30) /* memory of one process, thread, coroutine */
#define MODEL_MAX_RAM	 ((uint64_t)1 << 50)  /* 1 PiB */

static const struct mkey {
	const char *group, *key;
	enum mtype type;
	size_t offset; /* in struct model, or NO_FIELD */
	uint64_t max;
} model_keys[] = {
	{ "model", "name", M_TEXT, offsetof(struct model, name), 0 },
	{ "model", "description", M_TEXT, offsetof(struct model, description), 0 },
	{ "create", "process", M_DURATION, offsetof(struct model, create_process), MODEL_MAX_COST },
	{ "create", "process_per_mib", M_DURATION, offsetof(struct model, create_process_per_mib),
	  MODEL_MAX_COST },
	{ "create", "thread", M_DURATION, offsetof(struct model, create_thread), MODEL_MAX_COST },
	{ "create", "coroutine", M_DURATION, offsetof(struct model, create_coroutine),
	  MODEL_MAX_COST },
	{ "switch", "process", M_DURATION, offsetof(struct model, switch_process), MODEL_MAX_COST },
	{ "switch", "thread", M_DURATION, offsetof(struct model, switch_thread), MODEL_MAX_COST },
	{ "switch", "coroutine", M_DURATION, offsetof(struct model, switch_coroutine),
	  MODEL_MAX_COST },
	{ "switch", "remote_wakeup", M_DURATION, offsetof(struct model, remote_wakeup),
	  MODEL_MAX_COST },
	{ "tlb", "entries", M_COUNT, offsetof(struct model, tlb_entries), 1u << 20 },
	{ "tlb", "pcid_slots", M_COUNT, offsetof(struct model, tlb_pcid_slots), 4096 },
	{ "tlb", "refill_per_page", M_DURATION, offsetof(struct model, tlb_refill_per_page),
	  MODEL_MAX_COST },
	{ "tlb", "page_size", M_SIZE32, offsetof(struct model, page_size), (uint64_t)1 << 30 },
	{ "memory", "process", M_SIZE, offsetof(struct model, mem_process), MODEL_MAX_OBJECT },
	{ "memory", "thread", M_SIZE, offsetof(struct model, mem_thread), MODEL_MAX_OBJECT },
	{ "memory", "coroutine", M_SIZE, offsetof(struct model, mem_coroutine), MODEL_MAX_OBJECT },
	{ "memory", "ram", M_SIZE, offsetof(struct model, ram), MODEL_MAX_RAM },
};

static const char *const model_groups[] = { "model", "create", "switch", "tlb", "memory", NULL };

/* The keys of group g, NULL-terminated, for "did you mean". */
static void group_keys(const char *g, const char **keys, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < G_N_ELEMENTS(model_keys) && k + 1 < n; i++)
		if (!strcmp(model_keys[i].group, g))
			keys[k++] = model_keys[i].key;
	keys[k] = NULL;
}

static bool set_key(struct model *m, const struct linemap *lm, const struct mkey *mk,
		    GError **error)
{
	const char *text = linemap_value(lm, mk->group, mk->key);
	char *field = mk->offset == NO_FIELD ? NULL : (char *)m + mk->offset;
	GString *msg = g_string_new(NULL);
	bool ok = true;

	switch (mk->type) {
	case M_TEXT:
		if (!*text) {
			g_string_append(msg, "missing value");
			ok = false;
		} else if (field) {
			char **s = (char **)(void *)field;

			g_free(*s);
			*s = g_strdup(text);
		}
		break;
	case M_DURATION: {
		sim_time_t v;

		ok = parse_duration(text, SIM_NS, (sim_time_t)mk->max, 0, &v, msg);
		if (ok)
			memcpy(field, &v, sizeof(v));
		break;
	}
	case M_SIZE: {
		uint64_t v;

		ok = parse_size(text, mk->max, &v, msg);
		if (ok)
			memcpy(field, &v, sizeof(v));
		break;
	}
	case M_SIZE32: {
		uint64_t v;
		uint32_t u;

		ok = parse_size(text, mk->max, &v, msg);
		/* page_size: 0 (no TLB model) or a power of two. */
		if (ok && v && ((v & (v - 1)) || v < 512)) {
			g_string_append_printf(msg,
					       "must be a power of two of at least 512 bytes, "
					       "such as 4KiB, got %s",
					       text);
			ok = false;
		}
		u = (uint32_t)v;
		if (ok)
			memcpy(field, &u, sizeof(u));
		break;
	}
	case M_COUNT: {
		uint64_t v;
		uint32_t u;

		ok = parse_uint(text, 0, mk->max, &v, msg);
		u = (uint32_t)v;
		if (ok)
			memcpy(field, &u, sizeof(u));
		break;
	}
	}
	if (!ok)
		linemap_error(lm, error, SCENARIO_ERROR_INVALID, mk->group, mk->key, "%s",
			      msg->str);
	g_string_free(msg, TRUE);
	return ok;
}

const char *const model_figure_groups[] = { "create", "switch", "tlb", "memory", NULL };

/*
 * Set the keys of lm's model groups; with `only_figures`, groups other than
 * model_figure_groups are not looked at (a scenario's own groups), else they
 * are errors (a model file).
 */
static bool load_groups(struct model *m, const struct linemap *lm, bool only_figures,
			GError **error)
{
	for (unsigned gi = 0; gi < linemap_ngroups(lm); gi++) {
		const char *g = linemap_group(lm, gi);
		const char *keys[16];

		if (only_figures && !g_strv_contains(model_figure_groups, g))
			continue;
		if (!g_strv_contains(model_groups, g)) {
			GString *msg = g_string_new("unknown group ");

			parse_quote(msg, g, strlen(g));
			if (!parse_append_suggestion(msg, g, model_groups))
				g_string_append(msg, ": a model file has [model], [create], "
						     "[switch], [tlb] and [memory]");
			linemap_error(lm, error, SCENARIO_ERROR_INVALID, g, NULL, "%s", msg->str);
			g_string_free(msg, TRUE);
			return false;
		}
		group_keys(g, keys, G_N_ELEMENTS(keys));
		for (unsigned ki = 0; ki < linemap_nkeys(lm, g); ki++) {
			const char *k = linemap_key(lm, g, ki);
			size_t i;

			for (i = 0; i < G_N_ELEMENTS(model_keys); i++)
				if (!strcmp(model_keys[i].group, g) &&
				    !strcmp(model_keys[i].key, k))
					break;
			if (i == G_N_ELEMENTS(model_keys)) {
				GString *msg = g_string_new("unknown key");

				if (!parse_append_suggestion(msg, k, keys)) {
					g_string_append_printf(msg, ": [%s] has ", g);
					for (size_t j = 0; keys[j]; j++)
						g_string_append_printf(msg, "%s%s",
								       j == 0	     ? ""
								       : keys[j + 1] ? ", "
										     : " and ",
								       keys[j]);
				}
				linemap_error(lm, error, SCENARIO_ERROR_INVALID, g, k, "%s",
					      msg->str);
				g_string_free(msg, TRUE);
				return false;
			}
			if (!set_key(m, lm, &model_keys[i], error))
				return false;
		}
	}
	if (m->tlb_entries && m->tlb_refill_per_page && !m->page_size) {
		linemap_error(
			lm, error, SCENARIO_ERROR_INVALID, "tlb", "page_size",
			"missing: entries and refill_per_page need a page size, such as 4KiB");
		return false;
	}
	return true;
}

bool model_load_data(struct model *m, const char *path, const char *text, size_t len,
		     GError **error)
{
	struct linemap *lm;
	bool ok;

	memset(m, 0, sizeof(*m));
	lm = linemap_new(path, "model", text, len, error);
	if (!lm)
		return false;
	ok = load_groups(m, lm, false, error);
	linemap_free(lm);
	if (!ok) {
		model_clear(m);
		return false;
	}
	if (!m->name) {
		g_autofree char *base = g_path_get_basename(path);

		if (g_str_has_suffix(base, ".ini"))
			base[strlen(base) - 4] = '\0';
		m->name = g_strdup(base);
	}
	return true;
}

bool model_apply_overrides(struct model *m, const struct linemap *lm, GError **error)
{
	bool any = false;

	for (size_t i = 0; model_figure_groups[i]; i++)
		any |= linemap_has_group(lm, model_figure_groups[i]);
	if (!any)
		return true;
	if (!load_groups(m, lm, true, error))
		return false;
	if (m->name) {
		char *name = g_strdup_printf("%s, modified", m->name);

		g_free(m->name);
		m->name = name;
	}
	return true;
}

bool model_load(struct model *m, const char *spec, const char *base_dir, GError **error)
{
	memset(m, 0, sizeof(*m));
	if (!spec || !*spec) {
		g_set_error_literal(error, SCENARIO_ERROR, SCENARIO_ERROR_IO,
				    "missing model: write a built-in name such as teaching or a "
				    "path");
		return false;
	}
	if (strchr(spec, '/') || g_str_has_suffix(spec, ".ini")) {
		g_autofree char *path = NULL;
		g_autofree char *text = NULL;
		GString *reason = g_string_new(NULL);
		size_t len;
		bool ok;

		if (g_path_is_absolute(spec) || !base_dir || !strcmp(base_dir, "."))
			path = g_strdup(spec);
		else
			path = g_build_filename(base_dir, spec, NULL);
		if (!parse_read_file(path, LINEMAP_MAX_BYTES, &text, &len, reason)) {
			g_set_error(error, SCENARIO_ERROR, SCENARIO_ERROR_IO,
				    "cannot read model file '%s': %s", path, reason->str);
			g_string_free(reason, TRUE);
			return false;
		}
		g_string_free(reason, TRUE);
		ok = model_load_data(m, path, text, len, error);
		return ok;
	}
	for (const struct builtin_model *b = builtin_models; b->name; b++) {
		if (!strcmp(b->name, spec)) {
			g_autofree char *path = g_strdup_printf("models/%s.ini", b->name);

			return model_load_data(m, path, b->text, strlen(b->text), error);
		}
	}
	{
		GString *msg = g_string_new("unknown model ");
		const char **names;
		size_t n = 0;

		for (const struct builtin_model *b = builtin_models; b->name; b++)
			n++;
		names = g_new0(const char *, n + 1);
		for (size_t i = 0; i < n; i++)
			names[i] = builtin_models[i].name;
		parse_quote(msg, spec, strlen(spec));
		parse_append_suggestion(msg, spec, names);
		g_string_append(msg, ": the built-in models are ");
		for (size_t i = 0; i < n; i++)
			g_string_append_printf(msg, "%s%s",
					       i == 0	   ? ""
					       : i + 1 < n ? ", "
							   : " and ",
					       names[i]);
		g_string_append(msg, "; name a model file by a path, such as ./host.ini");
		g_set_error_literal(error, SCENARIO_ERROR, SCENARIO_ERROR_IO, msg->str);
		g_string_free(msg, TRUE);
		g_free(names);
		return false;
	}
}
