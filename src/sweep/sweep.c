/*
 * sweep.c - --vary lists and the grid (sweep.h).
 */
#include <string.h>

#include "scenario/parse.h"
#include "sweep/sweep.h"

G_DEFINE_QUARK(schedlab - sweep - error - quark, sweep_error)

static const char vary_forms[] = "expected G.K=1,2,4 or G.K=1..16 or G.K=100..1000:100, "
				 "G.K=prefix{LIST}suffix or G.K=@FILE";

void sweep_axis_free(struct sweep_axis *a)
{
	if (!a)
		return;
	g_free(a->spec);
	g_free(a->key);
	g_free(a->prefix);
	g_free(a->suffix);
	if (a->items)
		g_ptr_array_unref(a->items);
	g_free(a);
}

/* One end or the step of a range: a decimal integer. */
static bool range_end(const char *s, gint64 *v)
{
	return g_ascii_string_to_signed(s, 10, -G_MAXINT64 / 4, G_MAXINT64 / 4, v, NULL);
}

/* "A..B" or "A..B:S" of integers; false if item is not a range at all. */
static bool add_range(struct sweep_axis *a, const char *item, bool *is_range, GError **error)
{
	const char *dots = strstr(item, "..");
	g_autofree char *lo_s = NULL, *hi_s = NULL;
	const char *colon;
	gint64 lo, hi, step = 1;

	*is_range = false;
	if (!dots)
		return true;
	lo_s = g_strndup(item, (gsize)(dots - item));
	colon = strchr(dots + 2, ':');
	hi_s = colon ? g_strndup(dots + 2, (gsize)(colon - dots - 2)) : g_strdup(dots + 2);
	if (!range_end(lo_s, &lo) || !range_end(hi_s, &hi))
		return true; /* not a range: an item that holds ".." */
	*is_range = true;
	if (colon && (!range_end(colon + 1, &step) || step <= 0)) {
		g_set_error(
			error, SWEEP_ERROR, SWEEP_ERROR_SYNTAX,
			"--vary '%s': range '%s': the step after ':' must be a positive integer",
			a->spec, item);
		return false;
	}
	if (hi < lo) {
		g_set_error(error, SWEEP_ERROR, SWEEP_ERROR_SYNTAX,
			    "--vary '%s': range '%s' is empty (it must go upwards)", a->spec, item);
		return false;
	}
	if ((hi - lo) / step >= SWEEP_MAX_POINTS) {
		g_set_error(error, SWEEP_ERROR, SWEEP_ERROR_LIMIT,
			    "--vary '%s': range '%s' has more than %u values", a->spec, item,
			    SWEEP_MAX_POINTS);
		return false;
	}
	for (gint64 v = lo; v <= hi; v += step)
		g_ptr_array_add(a->items, g_strdup_printf("%" G_GINT64_FORMAT, v));
	return true;
}

static bool add_item(struct sweep_axis *a, const char *raw, GError **error)
{
	g_autofree char *item = g_strstrip(g_strdup(raw));
	bool is_range;

	if (!*item) {
		g_set_error(error, SWEEP_ERROR, SWEEP_ERROR_SYNTAX,
			    "--vary '%s': an empty value in the list; %s", a->spec, vary_forms);
		return false;
	}
	if (!add_range(a, item, &is_range, error))
		return false;
	if (!is_range)
		g_ptr_array_add(a->items, g_steal_pointer(&item));
	if (a->items->len > SWEEP_MAX_POINTS) {
		g_set_error(error, SWEEP_ERROR, SWEEP_ERROR_LIMIT,
			    "--vary '%s': more than %u values", a->spec, SWEEP_MAX_POINTS);
		return false;
	}
	return true;
}

/* Items separated by commas outside parentheses. */
static bool split_list(struct sweep_axis *a, const char *list, GError **error)
{
	int depth = 0;
	const char *start = list;

	for (const char *c = list;; c++) {
		if (*c == '(')
			depth++;
		else if (*c == ')' && depth > 0)
			depth--;
		if (*c == '\0' || (*c == ',' && depth == 0)) {
			g_autofree char *item = g_strndup(start, (gsize)(c - start));

			if (!add_item(a, item, error))
				return false;
			if (!*c)
				return true;
			start = c + 1;
		}
	}
}

static bool read_list_file(struct sweep_axis *a, const char *path, GError **error)
{
	g_autofree char *text = NULL;
	g_autoptr(GString) reason = g_string_new(NULL);
	char **lines;
	size_t len;
	bool ok = true;

	/* a file or a pipe of the command line (@<(seq 1 8)), never a device */
	if (!parse_read_file(path, PARSE_MAX_FILE_BYTES, PARSE_FILE_PIPE, &text, &len, reason)) {
		g_set_error(error, SWEEP_ERROR, SWEEP_ERROR_SYNTAX,
			    "--vary '%s': cannot read %s: %s", a->spec, path, reason->str);
		return false;
	}
	lines = g_strsplit(text, "\n", -1);
	for (char **l = lines; ok && *l; l++) {
		g_strstrip(*l);
		if (**l && **l != '#')
			ok = add_item(a, *l, error);
	}
	g_strfreev(lines);
	if (ok && !a->items->len) {
		g_set_error(error, SWEEP_ERROR, SWEEP_ERROR_SYNTAX, "--vary '%s': %s has no values",
			    a->spec, path);
		return false;
	}
	return ok;
}

/*
 * The first c ('{' or '}') in s that is not part of "{i}": the scenario's own
 * name template (a task's index in its group, as in "lock m{i}") stays in
 * the value, it does not mark a list.
 */
static const char *brace(const char *s, char c)
{
	for (; *s; s++) {
		if (g_str_has_prefix(s, "{i}"))
			s += 2;
		else if (*s == c)
			return s;
	}
	return NULL;
}

struct sweep_axis *sweep_axis_parse(const char *spec, GError **error)
{
	struct sweep_axis *a = g_new0(struct sweep_axis, 1);
	const char *eq = strchr(spec, '='), *value, *open, *close;
	const char *dot;
	bool ok;

	a->spec = g_strdup(spec);
	a->items = g_ptr_array_new_with_free_func(g_free);
	if (!eq || eq == spec) {
		g_set_error(error, SWEEP_ERROR, SWEEP_ERROR_SYNTAX, "--vary '%s': %s", spec,
			    vary_forms);
		goto fail;
	}
	a->key = g_strstrip(g_strndup(spec, (gsize)(eq - spec)));
	dot = strrchr(a->key, '.');
	if (!dot || dot == a->key || !dot[1]) {
		g_set_error(error, SWEEP_ERROR, SWEEP_ERROR_SYNTAX,
			    "--vary '%s': '%s' is not GROUP.KEY (such as rr.quantum or "
			    "'group web.arrival')",
			    spec, a->key);
		goto fail;
	}
	value = eq + 1;
	open = brace(value, '{');
	close = brace(value, '}');
	if (!open && !close) {
		a->prefix = g_strdup("");
		a->suffix = g_strdup("");
		ok = value[0] == '@' ? read_list_file(a, value + 1, error)
				     : split_list(a, value, error);
	} else {
		g_autofree char *list = NULL;

		if (!open || !close || close < open || brace(open + 1, '{') ||
		    brace(close + 1, '}')) {
			g_set_error(error, SWEEP_ERROR, SWEEP_ERROR_SYNTAX,
				    "--vary '%s': one pair of braces marks the list, as in "
				    "'group web.arrival=poisson({100,200}/s)'",
				    spec);
			goto fail;
		}
		a->prefix = g_strndup(value, (gsize)(open - value));
		a->suffix = g_strdup(close + 1);
		list = g_strndup(open + 1, (gsize)(close - open - 1));
		ok = list[0] == '@' ? read_list_file(a, list + 1, error)
				    : split_list(a, list, error);
	}
	if (ok)
		return a;
fail:
	sweep_axis_free(a);
	return NULL;
}

struct sweep_grid *sweep_grid_new(GPtrArray *axes, GError **error)
{
	struct sweep_grid *g = g_new0(struct sweep_grid, 1);
	guint64 n = 1;

	g->axes = axes;
	for (guint i = 0; i < axes->len; i++) {
		const struct sweep_axis *a = axes->pdata[i];

		for (guint j = 0; j < i; j++) {
			const struct sweep_axis *b = axes->pdata[j];

			if (!strcmp(a->key, b->key)) {
				g_set_error(error, SWEEP_ERROR, SWEEP_ERROR_SYNTAX,
					    "--vary: '%s' is varied twice; list all its values in "
					    "one --vary",
					    a->key);
				sweep_grid_free(g);
				return NULL;
			}
		}
		n *= a->items->len;
		if (n > SWEEP_MAX_POINTS) {
			g_set_error(error, SWEEP_ERROR, SWEEP_ERROR_LIMIT,
				    "--vary: the grid has more than %u points", SWEEP_MAX_POINTS);
			sweep_grid_free(g);
			return NULL;
		}
	}
	g->npoints = (guint)n;
	return g;
}

void sweep_grid_free(struct sweep_grid *g)
{
	if (!g)
		return;
	if (g->axes)
		g_ptr_array_unref(g->axes);
	g_free(g);
}

guint sweep_grid_coord(const struct sweep_grid *g, guint point, guint a)
{
	guint stride = 1;

	for (guint i = a + 1; i < g->axes->len; i++)
		stride *= ((const struct sweep_axis *)g->axes->pdata[i])->items->len;
	return point / stride % ((const struct sweep_axis *)g->axes->pdata[a])->items->len;
}

char *sweep_grid_value(const struct sweep_grid *g, guint point, guint a)
{
	const struct sweep_axis *x = g->axes->pdata[a];

	return g_strconcat(x->prefix, (const char *)x->items->pdata[sweep_grid_coord(g, point, a)],
			   x->suffix, NULL);
}

char *sweep_grid_set(const struct sweep_grid *g, guint point, guint a)
{
	const struct sweep_axis *x = g->axes->pdata[a];
	g_autofree char *v = sweep_grid_value(g, point, a);

	return g_strdup_printf("%s=%s", x->key, v);
}
