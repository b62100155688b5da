/*
 * schema.c - filling a configuration struct from declared keys; see
 * schema.h and base/param.h.
 *
 * Defaults are written in scenario syntax in the tables ("100ms", "true")
 * and go through the same parsers as the file's values, so a default can
 * never mean something a user could not write. A default that does not
 * parse is a bug in a table, not a user error.
 */
#include "scenario/schema.h"

#include <math.h>
#include <string.h>

#include "base/units.h"
#include "machine/model.h"
#include "scenario/parse.h"
#include "scenario/scenario.h"

static const char *type_name(const struct param *p)
{
	switch (p->type) {
	case PARAM_DURATION:
		return "duration";
	case PARAM_DURATION_LIST:
		return "durations";
	case PARAM_UINT:
	case PARAM_UINT64:
		return "uint";
	case PARAM_BOOL:
		return "bool";
	case PARAM_ENUM:
		return "enum";
	case PARAM_DOUBLE:
		return "number";
	case PARAM_INT:
		return "int";
	case PARAM_SIZE:
	case PARAM_SIZE32:
		return "size";
	case PARAM_TEXT:
	case PARAM_CUSTOM:
		return "text";
	case PARAM_NAME:
		return "name";
	case PARAM_TIME_UNIT:
		return "ns|us|ms|s";
	case PARAM_DIST:
	case PARAM_BURST:
		return "dist";
	case PARAM_PROGRAM:
		return "program";
	case PARAM_ARRIVAL:
		return "arrival";
	case PARAM_AFFINITY:
		return "cpus";
	case PARAM_FIGURE:
		return "figure";
	}
	return "?";
}

void schema_append_type(GString *out, const struct param *p)
{
	if (p->type == PARAM_ENUM) {
		for (int i = 0; p->choices[i]; i++)
			g_string_append_printf(out, "%s%s", i ? "|" : "", p->choices[i]);
	} else {
		g_string_append(out, type_name(p));
	}
}

/* One duration with the key's bounds. */
static bool param_duration(const struct param *p, const char *text, sim_time_t unit,
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

static bool parse_duration_list(const struct param *p, const char *text, sim_time_t unit,
				struct param_durations *list, GString *msg)
{
	g_auto(GStrv) items = g_strsplit(text, ",", -1);
	guint n = g_strv_length(items);

	memset(list, 0, sizeof(*list));
	if (n > PARAM_LIST_MAX) {
		g_string_append_printf(msg, "too many values: at most %d, got %u", PARAM_LIST_MAX,
				       n);
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
		if (!param_duration(p, items[i], unit, &list->v[i], inner)) {
			if (n > 1)
				g_string_append_printf(msg, "value %u of %u: ", i + 1, n);
			g_string_append(msg, inner->str);
			g_string_free(inner, TRUE);
			return false;
		}
		g_string_free(inner, TRUE);
	}
	list->n = n;
	return true;
}

static bool parse_enum(const struct param *p, const char *text, int *out, GString *msg)
{
	g_autofree char *t = g_strstrip(g_strdup(text));

	g_assert(p->choices && p->choices[0]);
	for (int i = 0; p->choices[i]; i++) {
		if (!strcmp(t, p->choices[i])) {
			*out = i;
			return true;
		}
	}
	parse_quote(msg, t, strlen(t));
	if (p->what) {
		g_string_append_printf(msg, " is not a %s", p->what);
		parse_append_suggestion(msg, t, p->choices);
		g_string_append(msg, ": use ");
		parse_append_names(msg, p->choices, "or");
		return false;
	}
	g_string_append(msg, " is not one of ");
	for (int i = 0; p->choices[i]; i++)
		g_string_append_printf(msg, "%s%s", i ? ", " : "", p->choices[i]);
	parse_append_suggestion(msg, t, p->choices);
	return false;
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

/*
 * A figure: "MEDIAN" (written by hand) or "MEDIAN [LO, HI] n=N" (measured:
 * the 95 % interval of the median and the number of samples).
 */
static bool parse_figure(const struct param *p, const char *text, sim_time_t unit,
			 struct figure *out, GString *msg)
{
	const char *open = strchr(text, '[');
	g_autofree char *median = g_strndup(text, open ? (size_t)(open - text) : strlen(text));
	const char *close, *rest, *comma;
	g_autofree char *lo = NULL, *hi = NULL;
	struct figure f = { 0 };
	uint64_t n;
	GString *inner;

	if (!param_duration(p, median, unit, &f.median, msg))
		return false;
	if (!open) {
		*out = figure_exact(f.median);
		return true;
	}
	close = strchr(open, ']');
	comma = strchr(open, ',');
	if (!close || !comma || comma > close) {
		g_string_append(msg, "expected MEDIAN [LO, HI] n=SAMPLES, such as 1.9us [1.8us, "
				     "2.1us] n=31, got ");
		parse_quote(msg, text, strlen(text));
		return false;
	}
	lo = g_strndup(open + 1, comma - open - 1);
	hi = g_strndup(comma + 1, close - comma - 1);
	inner = g_string_new(NULL);
	if (!param_duration(p, lo, unit, &f.lo, inner) ||
	    !param_duration(p, hi, unit, &f.hi, inner)) {
		g_string_append_printf(msg, "in the interval: %s", inner->str);
		g_string_free(inner, TRUE);
		return false;
	}
	rest = close + 1;
	while (*rest == ' ' || *rest == '\t')
		rest++;
	if (strncmp(rest, "n=", 2) || !parse_uint(rest + 2, 1, UINT32_MAX, &n, inner)) {
		g_string_append(msg, "expected n=SAMPLES after the interval");
		if (inner->len)
			g_string_append_printf(msg, ": %s", inner->str);
		g_string_free(inner, TRUE);
		return false;
	}
	g_string_free(inner, TRUE);
	if (f.lo > f.median || f.median > f.hi) {
		g_string_append(msg, "the interval must hold the median: LO <= MEDIAN <= HI");
		return false;
	}
	f.n = (uint32_t)n;
	*out = f;
	return true;
}

/* Free what the field of key p owns. */
static void clear_field(const struct param *p, void *conf)
{
	char *field = (char *)conf + p->offset;

	switch (p->type) {
	case PARAM_TEXT:
	case PARAM_NAME:
	case PARAM_AFFINITY: {
		void **ptr = (void **)(void *)field;

		g_free(*ptr);
		*ptr = NULL;
		break;
	}
	case PARAM_BURST:
	case PARAM_PROGRAM:
		program_clear((struct program *)(void *)field);
		break;
	case PARAM_ARRIVAL: {
		struct arrival *a = (struct arrival *)(void *)field;

		g_free(a->times);
		memset(a, 0, sizeof(*a));
		break;
	}
	default:
		break;
	}
}

void schema_clear(const struct param *keys, void *conf)
{
	for (const struct param *p = keys; p->name; p++) {
		bool seen = false;

		/* Two keys may share a field (burst and program): free it once. */
		for (const struct param *q = keys; q < p; q++)
			seen |= q->offset == p->offset && q->type != PARAM_CUSTOM;
		if (!seen)
			clear_field(p, conf);
	}
}

bool schema_parse(const struct param *p, const char *text, void *conf, const struct schema_ctx *ctx,
		  GString *msg, GError **whole)
{
	char *field = (char *)conf + p->offset;
	sim_time_t unit = ctx->time_unit;

	switch (p->type) {
	case PARAM_DURATION: {
		sim_time_t v;

		if (!param_duration(p, text, unit, &v, msg))
			return false;
		memcpy(field, &v, sizeof(v));
		return true;
	}
	case PARAM_DURATION_LIST: {
		struct param_durations list;

		if (!parse_duration_list(p, text, unit, &list, msg))
			return false;
		memcpy(field, &list, sizeof(list));
		return true;
	}
	case PARAM_UINT:
	case PARAM_UINT64: {
		uint64_t v;
		uint64_t min = p->min > 0 ? (uint64_t)p->min : 0;
		uint64_t max = p->type == PARAM_UINT64 ? UINT64_MAX : UINT32_MAX;
		uint32_t u;

		if (p->max > 0)
			max = MIN((uint64_t)p->max, max);
		if (!parse_uint(text, min, max, &v, msg))
			return false;
		if (p->type == PARAM_UINT64) {
			memcpy(field, &v, sizeof(v));
		} else {
			u = (uint32_t)v;
			memcpy(field, &u, sizeof(u));
		}
		return true;
	}
	case PARAM_INT: {
		int64_t v;
		int32_t s;
		bool whole_range = p->min == 0 && p->max == 0;

		if (!parse_int(text, whole_range ? INT32_MIN : p->min,
			       whole_range ? INT32_MAX : p->max, &v, msg))
			return false;
		s = (int32_t)v;
		memcpy(field, &s, sizeof(s));
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
		int v;

		if (!parse_enum(p, text, &v, msg))
			return false;
		memcpy(field, &v, sizeof(v));
		return true;
	}
	case PARAM_DOUBLE: {
		double v;

		if (!parse_double(text, &v, msg))
			return false;
		memcpy(field, &v, sizeof(v));
		return true;
	}
	case PARAM_SIZE:
	case PARAM_SIZE32: {
		uint64_t v;
		uint64_t max = p->max > 0 ? (uint64_t)p->max
					  : (p->type == PARAM_SIZE32 ? UINT32_MAX : UINT64_MAX);
		uint32_t u;

		if (!parse_size(text, max, &v, msg))
			return false;
		if ((p->flags & PARAM_POWER_OF_TWO) && v &&
		    ((v & (v - 1)) || v < (uint64_t)p->min)) {
			g_string_append_printf(
				msg,
				"must be a power of two of at least %" G_GINT64_FORMAT
				" bytes, such as 4KiB, got %s",
				p->min, text);
			return false;
		}
		if (p->type == PARAM_SIZE) {
			memcpy(field, &v, sizeof(v));
		} else {
			u = (uint32_t)v;
			memcpy(field, &u, sizeof(u));
		}
		return true;
	}
	case PARAM_TEXT:
	case PARAM_NAME: {
		char **s = (char **)(void *)field;

		if (p->type == PARAM_TEXT && !*text) {
			g_string_append(msg, "missing value");
			if (p->what)
				g_string_append_printf(msg, ": %s", p->what);
			return false;
		}
		if (p->type == PARAM_NAME && !parse_name(text, false, msg))
			return false;
		g_free(*s);
		*s = g_strdup(text);
		return true;
	}
	case PARAM_TIME_UNIT: {
		sim_time_t v;

		if (!parse_time_unit(text, &v, msg))
			return false;
		memcpy(field, &v, sizeof(v));
		return true;
	}
	case PARAM_DIST: {
		struct dist d;

		if (!parse_dist(text, unit, p->min >= 1 ? PARSE_POSITIVE : 0, &d, msg))
			return false;
		memcpy(field, &d, sizeof(d));
		return true;
	}
	case PARAM_BURST: {
		struct program *prog = (struct program *)(void *)field;
		struct dist d;

		if (!parse_dist(text, unit, PARSE_POSITIVE, &d, msg))
			return false;
		program_clear(prog);
		prog->ops = g_new0(struct op, 1);
		prog->len = 1;
		prog->ops[0].kind = OP_CPU;
		prog->ops[0].dur = d;
		return true;
	}
	case PARAM_PROGRAM: {
		struct program *prog = (struct program *)(void *)field;
		struct program np;

		if (!parse_program(text, unit, &np, msg))
			return false;
		program_clear(prog);
		*prog = np;
		return true;
	}
	case PARAM_ARRIVAL: {
		struct arrival *a = (struct arrival *)(void *)field;
		struct arrival na = { 0 };
		bool is_whole = false;

		if (!strcmp(text, "spawn")) {
			na.kind = ARRIVAL_SPAWN;
		} else if (!parse_arrival(text, unit, ctx->base_dir, &na, msg, &is_whole)) {
			if (is_whole) {
				g_set_error_literal(whole, SCENARIO_ERROR, SCENARIO_ERROR_INVALID,
						    msg->str);
				g_string_truncate(msg, 0);
			}
			return false;
		}
		g_free(a->times);
		*a = na;
		return true;
	}
	case PARAM_AFFINITY: {
		uint64_t **bits = (uint64_t **)(void *)field;
		uint64_t *nb = NULL;

		if (!parse_affinity(text, ctx->ncpus, &nb, msg))
			return false;
		g_free(*bits);
		*bits = nb;
		if (ctx->global_queue) {
			g_string_append(msg, "affinity needs a run queue per CPU: remove "
					     "[scenario] global_queue = true");
			return false;
		}
		return true;
	}
	case PARAM_FIGURE: {
		struct figure f;

		if (!parse_figure(p, text, unit, &f, msg))
			return false;
		memcpy(field, &f, sizeof(f));
		return true;
	}
	case PARAM_CUSTOM:
		g_assert(p->parse);
		return p->parse(text, field, msg);
	}
	g_assert_not_reached();
	return false;
}

static bool key_applies(const struct param *p, unsigned where)
{
	return !where || !p->where || (p->where & where);
}

const char **schema_key_names(const struct param *keys, unsigned where)
{
	const char **names = g_new0(const char *, 1);
	guint n = 0;

	for (const struct param *p = keys; p->name; p++) {
		if (!key_applies(p, where))
			continue;
		names = g_renew(const char *, names, n + 2);
		names[n++] = p->name;
		names[n] = NULL;
	}
	return names;
}

/* "unknown key", with a "did you mean" or the list of the kind's keys. */
static void unknown_key(const struct schema *s, const char *group, const char *key, GString *msg)
{
	g_autofree const char **names = schema_key_names(s->keys, s->where);

	g_string_assign(msg, "unknown key");
	if (!names[0] && s->parameters) {
		g_string_append_printf(msg, ": %s has no parameters", s->kind);
	} else if (!parse_append_suggestion(msg, key, names)) {
		if (s->parameters)
			g_string_append_printf(msg, ": the parameters of %s are ", s->kind);
		else
			g_string_append_printf(msg, ": [%s] has ", group);
		parse_append_names(msg, names, "and");
	}
}

/* p->misplaced with its "%s" replaced by name. */
static void append_misplaced(GString *msg, const struct param *p, const char *name)
{
	const char *pc = strstr(p->misplaced, "%s");

	if (!pc) {
		g_string_append(msg, p->misplaced);
		return;
	}
	g_string_append_len(msg, p->misplaced, pc - p->misplaced);
	g_string_append(msg, name ? name : "");
	g_string_append(msg, pc + 2);
}

static const struct param *find_key(const struct param *keys, const char *name)
{
	for (const struct param *p = keys; p->name; p++)
		if (!strcmp(p->name, name))
			return p;
	return NULL;
}

/* Whether group holds key a before key b (in the order of the file, then of overrides). */
static bool key_before(const struct linemap *lm, const char *group, const char *a, const char *b)
{
	for (unsigned i = 0; i < linemap_nkeys(lm, group); i++) {
		const char *k = linemap_key(lm, group, i);

		if (!strcmp(k, b))
			return false;
		if (!strcmp(k, a))
			return true;
	}
	return false;
}

/* The load of one key of the group; false with *error set. */
static bool load_key(const struct schema *s, void *conf, const struct linemap *lm,
		     const char *group, const char *key, struct schema_ctx *ctx, GString *msg,
		     GError **error)
{
	const struct param *p = find_key(s->keys, key);
	GError *whole = NULL;

	g_string_truncate(msg, 0);
	if (p && !key_applies(p, s->where) && p->misplaced) {
		append_misplaced(msg, p, ctx->name);
		goto fail;
	}
	if (!p || !key_applies(p, s->where)) {
		unknown_key(s, group, key, msg);
		goto fail;
	}
	if (p->excludes && key_before(lm, group, p->excludes, key)) {
		const struct param *q = find_key(s->keys, p->excludes);
		bool q_first = q && q < p;

		g_string_append_printf(msg, "%s is given too: write either %s or %s", p->excludes,
				       q_first ? p->excludes : p->name,
				       q_first ? p->name : p->excludes);
		goto fail;
	}
	if (p->type == PARAM_TIME_UNIT)
		return true; /* read before the others */
	if (schema_parse(p, linemap_value(lm, group, key), conf, ctx, msg, &whole))
		return true;
	if (whole) {
		g_propagate_error(error, whole);
		return false;
	}
fail:
	linemap_error(lm, error, SCENARIO_ERROR_INVALID, group, key, "%s", msg->str);
	return false;
}

bool schema_load(const struct schema *s, void *conf, const struct linemap *lm, const char *group,
		 struct schema_ctx *ctx, GError **error)
{
	unsigned nkeys = linemap_nkeys(lm, group);
	GString *msg = g_string_new(NULL);
	bool ok = false;

	g_assert(s->keys);
	for (const struct param *p = s->keys; p->name; p++) {
		if (!p->def || ctx->over)
			continue;
		if (!schema_parse(p, p->def, conf, ctx, msg, NULL))
			g_error("[%s]: default of %s '%s' does not parse: %s", s->kind, p->name,
				p->def, msg->str);
		if (p->type == PARAM_TIME_UNIT)
			memcpy(&ctx->time_unit, (char *)conf + p->offset, sizeof(sim_time_t));
	}
	/* Every bare number of the group is in its time unit: read that first. */
	for (const struct param *p = s->keys; p->name; p++) {
		const char *v;

		if (p->type != PARAM_TIME_UNIT || !key_applies(p, s->where) ||
		    !(v = linemap_value(lm, group, p->name)))
			continue;
		g_string_truncate(msg, 0);
		if (!schema_parse(p, v, conf, ctx, msg, NULL)) {
			linemap_error(lm, error, SCENARIO_ERROR_INVALID, group, p->name, "%s",
				      msg->str);
			goto out;
		}
		memcpy(&ctx->time_unit, (char *)conf + p->offset, sizeof(sim_time_t));
	}
	for (unsigned i = 0; i < nkeys; i++)
		if (!load_key(s, conf, lm, group, linemap_key(lm, group, i), ctx, msg, error))
			goto out;
	if (s->check) {
		const char *key = NULL;

		g_string_truncate(msg, 0);
		if (!s->check(conf, &key, msg)) {
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

void schema_describe(const struct param *keys, GString *out)
{
	int wname = 0, wtype = 0, wdef = 0;

	if (!keys || !keys[0].name) {
		g_string_append(out, "    (no parameters)\n");
		return;
	}
	for (const struct param *p = keys; p->name; p++) {
		GString *type = g_string_new(NULL);

		schema_append_type(type, p);
		wname = MAX(wname, (int)strlen(p->name));
		wtype = MAX(wtype, (int)type->len);
		wdef = MAX(wdef, p->def ? (int)strlen(p->def) : 0);
		g_string_free(type, TRUE);
	}
	for (const struct param *p = keys; p->name; p++) {
		GString *type = g_string_new(NULL);

		schema_append_type(type, p);
		g_string_append_printf(out, "    %-*s  %-*s  %-*s  %s\n", wname, p->name, wtype,
				       type->str, wdef, p->def ? p->def : "",
				       p->help ? p->help : "");
		g_string_free(type, TRUE);
	}
}

bool schema_value(const struct param *p, const void *conf, GString *text, GString *json)
{
	const char *field = (const char *)conf + p->offset;

	switch (p->type) {
	case PARAM_DURATION: {
		sim_time_t v;

		memcpy(&v, field, sizeof(v));
		units_duration_exact(text, v);
		g_string_append_printf(json, "%" G_GINT64_FORMAT, (gint64)v);
		return true;
	}
	case PARAM_DURATION_LIST: {
		struct param_durations l;

		memcpy(&l, field, sizeof(l));
		g_string_append_c(json, '[');
		for (uint32_t i = 0; i < l.n && i < PARAM_LIST_MAX; i++) {
			if (i) {
				g_string_append_c(text, ',');
				g_string_append(json, ", ");
			}
			units_duration_exact(text, l.v[i]);
			g_string_append_printf(json, "%" G_GINT64_FORMAT, (gint64)l.v[i]);
		}
		g_string_append_c(json, ']');
		return true;
	}
	case PARAM_UINT:
	case PARAM_SIZE32: {
		uint32_t v;

		memcpy(&v, field, sizeof(v));
		if (p->type == PARAM_SIZE32)
			units_size_exact(text, v);
		else
			g_string_append_printf(text, "%u", v);
		g_string_append_printf(json, "%u", v);
		return true;
	}
	case PARAM_UINT64:
	case PARAM_SIZE: {
		uint64_t v;

		memcpy(&v, field, sizeof(v));
		if (p->type == PARAM_SIZE)
			units_size_exact(text, v);
		else
			g_string_append_printf(text, "%" G_GUINT64_FORMAT, v);
		g_string_append_printf(json, "%" G_GUINT64_FORMAT, v);
		return true;
	}
	case PARAM_INT: {
		int32_t v;

		memcpy(&v, field, sizeof(v));
		g_string_append_printf(text, "%d", v);
		g_string_append_printf(json, "%d", v);
		return true;
	}
	case PARAM_BOOL: {
		bool v;

		memcpy(&v, field, sizeof(v));
		g_string_append(text, v ? "true" : "false");
		g_string_append(json, v ? "true" : "false");
		return true;
	}
	case PARAM_ENUM: {
		int v;

		memcpy(&v, field, sizeof(v));
		g_string_append(text, p->choices[v]);
		g_string_append_printf(json, "\"%s\"", p->choices[v]);
		return true;
	}
	case PARAM_DOUBLE: {
		double v;
		char buf[G_ASCII_DTOSTR_BUF_SIZE];

		memcpy(&v, field, sizeof(v));
		g_ascii_dtostr(buf, sizeof(buf), v);
		g_string_append(text, buf);
		g_string_append(json, isfinite(v) ? buf : "null");
		return true;
	}
	case PARAM_FIGURE: {
		struct figure f;

		memcpy(&f, field, sizeof(f));
		/* what the simulator charges: the median */
		units_duration_exact(text, f.median);
		g_string_append_printf(json, "%" G_GINT64_FORMAT, (gint64)f.median);
		return true;
	}
	default:
		return false;
	}
}
