/*
 * model_load.c - model files into struct model; see model_load.h and
 * docs/model-format.md.
 *
 * A model file has the groups [model], [create], [switch], [tlb], [memory]
 * and [environment]; every key is optional and 0 by default, so the empty
 * file is the teaching model. Bare numbers are nanoseconds (durations) and
 * bytes (sizes) whatever a scenario's time_unit: a model describes a
 * machine, not an exercise. The keys are declared once, in
 * machine/model.c, and read by the one loader of declared keys (schema.c).
 *
 * This file knows the groups of a model file and nothing of scenarios or
 * policies.
 */
#include "scenario/model_load.h"

#include <stddef.h>
#include <string.h>

#include "scenario/linemap.h"
#include "scenario/parse.h"
#include "scenario/scenario.h"
#include "scenario/schema.h"

static const char *const model_group_names[] = { "model",  "create",   "switch",      "tlb",
						 "memory", "measured", "environment", NULL };

const char *const model_figure_groups[] = { "create", "switch", "tlb", "memory", NULL };

static const struct model_group *find_group(const char *g)
{
	for (const struct model_group *mg = model_groups; mg->name; mg++)
		if (!strcmp(mg->name, g))
			return mg;
	return NULL;
}

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
		const struct model_group *mg = find_group(g);
		struct schema s = { 0 };
		/* Keys over what the model holds: the defaults (all 0) are the memset's. */
		struct schema_ctx ctx = { .time_unit = SIM_NS, .over = true };

		if (only_figures && !g_strv_contains(model_figure_groups, g))
			continue;
		if (!mg) {
			GString *msg = g_string_new("unknown group ");

			parse_quote(msg, g, strlen(g));
			if (!parse_append_suggestion(msg, g, model_group_names))
				g_string_append(msg, ": a model file has [model], [create], "
						     "[switch], [tlb], [memory], [measured] and "
						     "[environment]");
			linemap_error(lm, error, SCENARIO_ERROR_INVALID, g, NULL, "%s", msg->str);
			g_string_free(msg, TRUE);
			return false;
		}
		s.kind = mg->name;
		s.keys = mg->keys;
		if (!schema_load(&s, m, lm, g, &ctx, error))
			return false;
	}
	if (m->tlb_entries && m->tlb_refill_per_page.median && !m->page_size) {
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
		if (!parse_read_file(path, LINEMAP_MAX_BYTES, 0, &text, &len, reason)) {
			GString *q = g_string_new(NULL);

			parse_quote(q, path, strlen(path));
			g_set_error(error, SCENARIO_ERROR, SCENARIO_ERROR_IO,
				    "cannot read model file %s: %s", q->str, reason->str);
			g_string_free(q, TRUE);
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
		parse_append_names(msg, names, "and");
		g_string_append(msg, "; name a model file by a path, such as ./host.ini");
		g_set_error_literal(error, SCENARIO_ERROR, SCENARIO_ERROR_IO, msg->str);
		g_string_free(msg, TRUE);
		g_free(names);
		return false;
	}
}
