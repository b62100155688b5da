/*
 * dist_parse.c - distributions of durations (exp(5ms), uniform(1ms,3ms)
 * ...), and the NAME(ARG, ...) calls that distributions and arrival
 * processes are written as; see parse.h.
 */
#include "scenario/parse.h"
#include "scenario/parse_int.h"

#include <string.h>

void parse_call_clear(struct parse_call *c)
{
	g_free(c->name);
	g_free(c->inside);
	for (int i = 0; i < PARSE_CALL_MAX_ARGS; i++)
		g_free(c->args[i]);
	memset(c, 0, sizeof(*c));
}

int parse_scan_call(const char *t, struct parse_call *c, GString *msg)
{
	const char *p = t, *open, *close;

	memset(c, 0, sizeof(*c));
	while (g_ascii_isalpha(*p) || *p == '_')
		p++;
	if (p == t || *parse_skip_blanks(p) != '(')
		return 0;
	c->name = g_strndup(t, p - t);
	open = parse_skip_blanks(p);
	close = strrchr(open, ')');
	if (!close) {
		parse_append_quoted(msg, t);
		g_string_append(msg, " is missing ')'");
		return -1;
	}
	if (close[1]) {
		g_string_append(msg, "unexpected text after ')' in ");
		parse_append_quoted(msg, t);
		return -1;
	}
	c->inside = g_strstrip(g_strndup(open + 1, close - open - 1));
	if (strchr(c->inside, '(')) {
		g_string_append(msg, "unexpected '(' in ");
		parse_append_quoted(msg, t);
		g_string_append(msg, ": the arguments are plain values");
		return -1;
	}
	if (*c->inside) {
		const char *a = c->inside;

		for (;;) {
			const char *comma = strchr(a, ',');
			size_t n = comma ? (size_t)(comma - a) : strlen(a);

			if (c->nargs == PARSE_CALL_MAX_ARGS)
				break;
			c->args[c->nargs++] = g_strstrip(g_strndup(a, n));
			if (!comma)
				break;
			a = comma + 1;
		}
	}
	return 1;
}

static const struct {
	const char *name;
	int nargs;
	const char *arg[2];
	const char *spec; /* as shown in messages */
} dist_syntax[] = {
	[DIST_CONST] = { "const", 1, { "D" }, "const(D)" },
	[DIST_EXP] = { "exp", 1, { "MEAN" }, "exp(MEAN)" },
	[DIST_UNIFORM] = { "uniform", 2, { "LO", "HI" }, "uniform(LO,HI)" },
	[DIST_NORMAL] = { "normal", 2, { "MEAN", "SD" }, "normal(MEAN,SD)" },
	[DIST_LOGNORMAL] = { "lognormal", 2, { "MEAN", "SD" }, "lognormal(MEAN,SD)" },
	[DIST_PARETO] = { "pareto", 2, { "XM", "ALPHA" }, "pareto(XM,ALPHA)" },
};

static const char *const dist_names[] = { "const",     "exp",	 "uniform", "normal",
					  "lognormal", "pareto", NULL };

bool parse_check_nargs(const struct parse_call *c, const char *text, int want, const char *spec,
		       GString *msg)
{
	if (c->nargs == want) {
		for (int i = 0; i < want; i++) {
			if (!*c->args[i]) {
				g_string_append_printf(msg, "%s: argument %d is empty in ", spec,
						       i + 1);
				parse_append_quoted(msg, text);
				return false;
			}
		}
		return true;
	}
	g_string_append_printf(msg, "%s takes %d argument%s, got ", spec, want,
			       want == 1 ? "" : "s");
	if (c->nargs >= PARSE_CALL_MAX_ARGS)
		g_string_append_printf(msg, "%d or more", PARSE_CALL_MAX_ARGS);
	else
		g_string_append_printf(msg, "%d", c->nargs);
	g_string_append(msg, " in ");
	parse_append_quoted(msg, text);
	return false;
}

/* One duration argument: msg "exp(MEAN): MEAN must be positive, got 0". */
static bool dist_arg(const char *spec, const char *argname, const char *text, sim_time_t unit,
		     unsigned flags, sim_time_t *out, GString *msg)
{
	GString *inner = g_string_new(NULL);
	bool ok = parse_duration(text, unit, DIST_MAX_DRAW, flags, out, inner);

	if (!ok)
		g_string_append_printf(msg, "%s: %s %s", spec, argname, inner->str);
	g_string_free(inner, TRUE);
	return ok;
}

bool parse_dist(const char *text, sim_time_t unit, unsigned flags, struct dist *out, GString *msg)
{
	g_autofree char *t = parse_trimmed(text);
	struct parse_call c;
	struct dist d = { 0 };
	const char *spec;
	int kind, r;
	bool ok = false;

	r = parse_scan_call(t, &c, msg);
	if (r < 0) {
		parse_call_clear(&c);
		return false;
	}
	if (r == 0) {
		sim_time_t v;

		if (!parse_duration(t, unit, DIST_MAX_DRAW, flags, &v, msg)) {
			if (g_ascii_isalpha(*t) && !strchr(t, '(')) {
				g_string_append(msg, "; a distribution is written like exp(5ms)");
			}
			return false;
		}
		*out = dist_const(v);
		return true;
	}
	for (kind = 0; kind < (int)G_N_ELEMENTS(dist_syntax); kind++)
		if (!strcmp(c.name, dist_syntax[kind].name))
			break;
	if (kind == (int)G_N_ELEMENTS(dist_syntax)) {
		g_string_append(msg, "unknown distribution ");
		parse_append_quoted(msg, c.name);
		if (!parse_append_suggestion(msg, c.name, dist_names)) {
			g_string_append(msg, ": use ");
			parse_append_list(msg, dist_names);
		}
		parse_call_clear(&c);
		return false;
	}
	spec = dist_syntax[kind].spec;
	if (!parse_check_nargs(&c, t, dist_syntax[kind].nargs, spec, msg))
		goto out;
	d.kind = kind;
	switch (kind) {
	case DIST_CONST:
		ok = dist_arg(spec, "D", c.args[0], unit, flags, &d.a, msg);
		break;
	case DIST_EXP:
		ok = dist_arg(spec, "MEAN", c.args[0], unit, PARSE_POSITIVE, &d.a, msg);
		break;
	case DIST_UNIFORM:
		ok = dist_arg(spec, "LO", c.args[0], unit, 0, &d.a, msg) &&
		     dist_arg(spec, "HI", c.args[1], unit, flags, &d.b, msg);
		if (ok && d.a > d.b) {
			g_string_append_printf(msg, "%s: LO %s is greater than HI %s", spec,
					       c.args[0], c.args[1]);
			ok = false;
		}
		break;
	case DIST_NORMAL:
		ok = dist_arg(spec, "MEAN", c.args[0], unit, flags, &d.a, msg) &&
		     dist_arg(spec, "SD", c.args[1], unit, 0, &d.b, msg);
		break;
	case DIST_LOGNORMAL:
		ok = dist_arg(spec, "MEAN", c.args[0], unit, PARSE_POSITIVE, &d.a, msg) &&
		     dist_arg(spec, "SD", c.args[1], unit, 0, &d.b, msg);
		break;
	case DIST_PARETO: {
		GString *inner = g_string_new(NULL);

		ok = dist_arg(spec, "XM", c.args[0], unit, PARSE_POSITIVE, &d.a, msg);
		if (ok && !parse_double(c.args[1], &d.shape, inner)) {
			g_string_append_printf(msg, "%s: ALPHA %s", spec, inner->str);
			ok = false;
		} else if (ok && !(d.shape > 0)) {
			g_string_append_printf(msg, "%s: ALPHA must be positive, got %s", spec,
					       c.args[1]);
			ok = false;
		}
		g_string_free(inner, TRUE);
		break;
	}
	default:
		g_assert_not_reached();
	}
	if (ok)
		*out = d;
out:
	parse_call_clear(&c);
	return ok;
}
