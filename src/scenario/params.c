/*
 * params.c - filling a policy's configuration from its declared parameters;
 * see params.h.
 *
 * Defaults are written in scenario syntax in the table ("100ms", "true") and
 * go through the same parsers as the file's values, so a default can never
 * mean something a user could not write. A default that does not parse is a
 * bug in the policy, not a user error.
 */
#include "scenario/params.h"
#include "base/units.h"

#include <string.h>

#include "scenario/parse.h"
#include "scenario/scenario.h"

static const char *type_name(const struct policy_param *p)
{
	switch (p->type) {
	case PARAM_DURATION:
		return "duration";
	case PARAM_DURATION_LIST:
		return "durations";
	case PARAM_UINT:
		return "uint";
	case PARAM_BOOL:
		return "bool";
	case PARAM_ENUM:
		return "enum";
	case PARAM_DOUBLE:
		return "number";
	}
	return "?";
}

/* One duration with the parameter's bounds. */
static bool param_duration(const struct policy_param *p, const char *text, sim_time_t unit,
			   sim_time_t *out, GString *msg)
{
	sim_time_t max = p->max > 0 ? p->max : SCENARIO_MAX_HORIZON;
	sim_time_t v;

	if (!parse_duration(text, unit, max, p->min >= 1 ? PARSE_POSITIVE : 0, &v, msg))
		return false;
	if (p->min > 1 && v < p->min) {
		g_autofree char *t = g_strstrip(g_strdup(text));

		g_string_append(msg, "must be at least ");
		units_duration_exact(msg, p->min);
		g_string_append_printf(msg, ", got %s", t);
		return false;
	}
	*out = v;
	return true;
}

/* Parse text as parameter p into its place in conf. */
static bool param_parse(const struct policy_param *p, const char *text, sim_time_t unit, void *conf,
			GString *msg)
{
	char *field = (char *)conf + p->offset;

	switch (p->type) {
	case PARAM_DURATION: {
		sim_time_t v;

		if (!param_duration(p, text, unit, &v, msg))
			return false;
		memcpy(field, &v, sizeof(v));
		return true;
	}
	case PARAM_DURATION_LIST: {
		struct param_durations list = { 0 };
		g_auto(GStrv) items = g_strsplit(text, ",", -1);
		guint n = g_strv_length(items);

		if (n > PARAM_LIST_MAX) {
			g_string_append_printf(msg, "too many values: at most %d, got %u",
					       PARAM_LIST_MAX, n);
			return false;
		}
		for (guint i = 0; i < n; i++) {
			GString *inner = g_string_new(NULL);

			g_strstrip(items[i]);
			if (!*items[i]) {
				g_string_append_printf(msg,
						       "value %u of %u is empty: write a list "
						       "like 10,20,40",
						       i + 1, n);
				g_string_free(inner, TRUE);
				return false;
			}
			if (!param_duration(p, items[i], unit, &list.v[i], inner)) {
				if (n > 1)
					g_string_append_printf(msg, "value %u of %u: ", i + 1, n);
				g_string_append(msg, inner->str);
				g_string_free(inner, TRUE);
				return false;
			}
			g_string_free(inner, TRUE);
		}
		list.n = n;
		memcpy(field, &list, sizeof(list));
		return true;
	}
	case PARAM_UINT: {
		uint64_t v;
		uint64_t min = p->min > 0 ? (uint64_t)p->min : 0;
		uint64_t max = p->max > 0 ? MIN((uint64_t)p->max, UINT32_MAX) : UINT32_MAX;
		uint32_t u;

		if (!parse_uint(text, min, max, &v, msg))
			return false;
		u = (uint32_t)v;
		memcpy(field, &u, sizeof(u));
		return true;
	}
	case PARAM_BOOL: {
		bool v;

		if (!parse_bool(text, &v, msg))
			return false;
		memcpy(field, &v, sizeof(v));
		return true;
	}
	case PARAM_ENUM: {
		g_autofree char *t = g_strstrip(g_strdup(text));

		g_assert(p->choices && p->choices[0]);
		for (int i = 0; p->choices[i]; i++) {
			if (!strcmp(t, p->choices[i])) {
				memcpy(field, &i, sizeof(i));
				return true;
			}
		}
		parse_quote(msg, t, strlen(t));
		g_string_append(msg, " is not one of ");
		for (int i = 0; p->choices[i]; i++)
			g_string_append_printf(msg, "%s%s", i ? ", " : "", p->choices[i]);
		parse_append_suggestion(msg, t, p->choices);
		return false;
	}
	case PARAM_DOUBLE: {
		double v;

		if (!parse_double(text, &v, msg))
			return false;
		memcpy(field, &v, sizeof(v));
		return true;
	}
	}
	g_assert_not_reached();
	return false;
}

bool params_load(const struct policy_ops *ops, void *conf, const struct linemap *lm,
		 sim_time_t time_unit, GError **error)
{
	const char *group = ops->name;
	const struct policy_param *params = ops->params;
	unsigned nkeys = linemap_nkeys(lm, group);
	GString *msg = g_string_new(NULL);
	bool ok = false;

	g_assert(params);
	for (const struct policy_param *p = params; p->name; p++) {
		if (!param_parse(p, p->def, time_unit, conf, msg))
			g_error("policy %s: default of %s '%s' does not parse: %s", ops->name,
				p->name, p->def, msg->str);
	}

	for (unsigned i = 0; i < nkeys; i++) {
		const char *key = linemap_key(lm, group, i);
		const struct policy_param *p;

		for (p = params; p->name; p++)
			if (!strcmp(p->name, key))
				break;
		if (!p->name) {
			const char **names = g_new0(const char *, 1);
			guint n = 0;

			for (const struct policy_param *q = params; q->name; q++) {
				names = g_renew(const char *, names, n + 2);
				names[n++] = q->name;
				names[n] = NULL;
			}
			g_string_assign(msg, "unknown key");
			if (!n) {
				g_string_append_printf(msg, ": %s has no parameters", group);
			} else if (!parse_append_suggestion(msg, key, names)) {
				g_string_append_printf(msg, ": the parameters of %s are ", group);
				for (guint j = 0; j < n; j++)
					g_string_append_printf(msg, "%s%s",
							       j == 0	    ? ""
							       : j == n - 1 ? " and "
									    : ", ",
							       names[j]);
			}
			g_free(names);
			linemap_error(lm, error, SCENARIO_ERROR_INVALID, group, key, "%s",
				      msg->str);
			goto out;
		}
		g_string_truncate(msg, 0);
		if (!param_parse(p, linemap_value(lm, group, key), time_unit, conf, msg)) {
			linemap_error(lm, error, SCENARIO_ERROR_INVALID, group, key, "%s",
				      msg->str);
			goto out;
		}
	}

	if (ops->check) {
		const char *key = NULL;

		g_string_truncate(msg, 0);
		if (!ops->check(conf, &key, msg)) {
			/* A key the group does not hold is reported at the group's header. */
			linemap_error(lm, error, SCENARIO_ERROR_INVALID, group, key, "%s",
				      msg->str);
			goto out;
		}
	}
	ok = true;
out:
	g_string_free(msg, TRUE);
	return ok;
}

void params_describe(const struct policy_ops *ops, GString *out)
{
	int wname = 0, wtype = 0, wdef = 0;

	if (!ops->params || !ops->params[0].name) {
		g_string_append(out, "    (no parameters)\n");
		return;
	}
	for (const struct policy_param *p = ops->params; p->name; p++) {
		int wt = (int)strlen(type_name(p));

		if (p->type == PARAM_ENUM) {
			wt = -1;
			for (int i = 0; p->choices[i]; i++)
				wt += (int)strlen(p->choices[i]) + 1;
		}
		wname = MAX(wname, (int)strlen(p->name));
		wtype = MAX(wtype, wt);
		wdef = MAX(wdef, (int)strlen(p->def));
	}
	for (const struct policy_param *p = ops->params; p->name; p++) {
		GString *type = g_string_new(NULL);

		if (p->type == PARAM_ENUM) {
			for (int i = 0; p->choices[i]; i++)
				g_string_append_printf(type, "%s%s", i ? "|" : "", p->choices[i]);
		} else {
			g_string_append(type, type_name(p));
		}
		g_string_append_printf(out, "    %-*s  %-*s  %-*s  %s\n", wname, p->name, wtype,
				       type->str, wdef, p->def, p->help);
		g_string_free(type, TRUE);
	}
}
