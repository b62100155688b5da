/*
 * arrival.c - arrival processes (at, every, uniform, poisson, trace) and
 * the trace files they may read; see parse.h.
 */
#include "base/units.h"
#include "scenario/parse.h"
#include "scenario/parse_int.h"

#include <string.h>

static const char *const arrival_names[] = { "at", "every", "uniform", "poisson", "trace", NULL };

/*
 * round(unit_ns / (d->mant * 10^d->exp10)) into *mean: the mean gap of a
 * rate. False when it is not within [1, max] ns (*too_high tells which).
 */
static bool rate_to_mean(const struct parse_decimal *d, uint64_t unit_ns, uint64_t max,
			 uint64_t *mean, bool *too_high)
{
	uint64_t m = d->mant, q, r;
	int64_t k = -d->exp10;

	*too_high = false;
	/* Keep r * 10 below 2^64 in the long division: at most 18 digits of rate. */
	while (m >= 1000000000000000000ull) {
		m /= 10;
		k--;
	}
	for (; k < 0; k++) {
		if (m > UINT64_MAX / 10) {
			*too_high = true;
			return false;
		}
		m *= 10;
	}
	q = unit_ns / m;
	r = unit_ns % m;
	for (; k > 0; k--) {
		if (q > max)
			return false;
		q = q * 10 + (r * 10) / m;
		r = (r * 10) % m;
	}
	if (r * 2 >= m)
		q++;
	if (q == 0) {
		*too_high = true;
		return false;
	}
	if (q > max)
		return false;
	*mean = q;
	return true;
}

/* RATE: "5000/s", "2.5 / ms". */
static bool parse_rate(const char *text, sim_time_t *mean, GString *msg)
{
	const char *p = text;
	struct parse_decimal d;
	uint64_t unit_ns = 0, m;
	bool too_high;
	size_t i;

	if (!parse_scan_decimal(&p, &d)) {
		g_string_append(msg, "poisson(RATE): RATE ");
		parse_append_quoted(msg, text);
		g_string_append(msg, " is not a rate: write it like 5000/s or 2.5/ms");
		return false;
	}
	p = parse_skip_blanks(p);
	if (*p != '/') {
		g_string_append(msg, "poisson(RATE): RATE ");
		parse_append_quoted(msg, text);
		g_string_append(msg, " needs a unit: write it like 5000/s or 2.5/ms");
		return false;
	}
	p = parse_skip_blanks(p + 1);
	for (i = 0; i < G_N_ELEMENTS(parse_time_units); i++)
		if (!strcmp(p, parse_time_units[i].name))
			break;
	if (i == G_N_ELEMENTS(parse_time_units)) {
		g_string_append(msg, "poisson(RATE): unknown unit ");
		parse_append_quoted(msg, p);
		g_string_append(msg, " in ");
		parse_append_quoted(msg, text);
		parse_append_suggestion(msg, p, parse_time_unit_names);
		g_string_append(msg, ": use /ns, /us, /ms or /s");
		return false;
	}
	unit_ns = (uint64_t)parse_time_units[i].ns;
	if (d.neg || d.mant == 0) {
		g_string_append(msg, "poisson(RATE): RATE must be positive, got ");
		parse_append_got(msg, text);
		return false;
	}
	if (!rate_to_mean(&d, unit_ns, (uint64_t)DIST_MAX_DRAW, &m, &too_high)) {
		g_string_append(msg, "poisson(RATE): RATE ");
		parse_append_quoted(msg, text);
		if (too_high) {
			g_string_append(msg, " is too high: the mean gap would be below 1 ns");
		} else {
			g_string_append(msg, " is too low: the mean gap would be more than ");
			units_duration_exact(msg, DIST_MAX_DRAW);
		}
		return false;
	}
	*mean = (sim_time_t)m;
	return true;
}

bool parse_trace(const char *path, const char *text, size_t len, sim_time_t unit,
		 sim_time_t **times, uint32_t *ntimes, GString *msg)
{
	GArray *v;
	const char *end;
	size_t off = 0;
	int lineno = 0, prev_line = 0;
	bool first = true;

	*times = NULL;
	*ntimes = 0;
	if (!g_utf8_validate_len(text, len, &end)) {
		int line = 1;

		for (const char *c = text; c < end; c++)
			line += *c == '\n';
		g_string_append_printf(msg, "%s:%d: binary data: not a trace file", path, line);
		return false;
	}
	v = g_array_new(FALSE, FALSE, sizeof(sim_time_t));
	while (off < len) {
		const char *line = text + off;
		const char *nl = memchr(line, '\n', len - off);
		size_t n = nl ? (size_t)(nl - line) : len - off;
		g_autofree char *field = NULL;
		GString *inner;
		sim_time_t t;

		off += n + (nl ? 1 : 0);
		if (lineno < G_MAXINT)
			lineno++;
		field = g_strstrip(g_strndup(line, n));
		if (!*field || *field == '#')
			continue;
		field[strcspn(field, ",")] = '\0';
		g_strstrip(field);
		if (first && !g_ascii_isdigit(*field) && *field != '.' && *field != '-') {
			first = false; /* a CSV header */
			continue;
		}
		first = false;
		if (v->len >= SCENARIO_MAX_TASKS) {
			g_string_append_printf(msg, "%s:%d: more than %u arrival times", path,
					       lineno, SCENARIO_MAX_TASKS);
			goto fail;
		}
		inner = g_string_new(NULL);
		if (!parse_duration(field, unit, SCENARIO_MAX_HORIZON, 0, &t, inner)) {
			g_string_append_printf(msg, "%s:%d: %s", path, lineno, inner->str);
			g_string_free(inner, TRUE);
			goto fail;
		}
		g_string_free(inner, TRUE);
		if (v->len && t < g_array_index(v, sim_time_t, v->len - 1)) {
			g_string_append_printf(msg, "%s:%d: ", path, lineno);
			parse_append_quoted(msg, field);
			g_string_append(msg, " (");
			units_duration_exact(msg, t);
			g_string_append(msg, ") is before the previous arrival time (");
			units_duration_exact(msg, g_array_index(v, sim_time_t, v->len - 1));
			g_string_append_printf(msg, " at line %d): times must not decrease",
					       prev_line);
			goto fail;
		}
		g_array_append_val(v, t);
		prev_line = lineno;
	}
	*ntimes = v->len;
	*times = (sim_time_t *)g_array_free(v, FALSE);
	return true;
fail:
	g_array_free(v, TRUE);
	return false;
}

static bool load_trace(const char *file, sim_time_t unit, const char *base_dir, struct arrival *out,
		       GString *msg, bool *whole)
{
	g_autofree char *path = NULL;
	g_autofree char *text = NULL;
	GString *reason;
	size_t len;

	if (g_path_is_absolute(file) || !base_dir || !strcmp(base_dir, "."))
		path = g_strdup(file);
	else
		path = g_build_filename(base_dir, file, NULL);
	reason = g_string_new(NULL);
	if (!parse_read_file(path, PARSE_MAX_FILE_BYTES, 0, &text, &len, reason)) {
		g_string_append(msg, "cannot read trace file ");
		parse_append_quoted(msg, path);
		g_string_append_printf(msg, ": %s", reason->str);
		g_string_free(reason, TRUE);
		return false;
	}
	g_string_free(reason, TRUE);
	if (!parse_trace(path, text, len, unit, &out->times, &out->ntimes, msg)) {
		*whole = true;
		return false;
	}
	if (out->ntimes == 0) {
		g_free(out->times);
		out->times = NULL;
		g_string_append(msg, "trace file ");
		parse_append_quoted(msg, path);
		g_string_append(msg, " holds no arrival times");
		return false;
	}
	return true;
}

/* One duration argument of an arrival: "every(PERIOD): PERIOD must be positive, got 0". */
static bool arrival_arg(const char *spec, const char *argname, const char *text, sim_time_t unit,
			unsigned flags, sim_time_t *out, GString *msg)
{
	GString *inner = g_string_new(NULL);
	bool ok = parse_duration(text, unit, SCENARIO_MAX_HORIZON, flags, out, inner);

	if (!ok)
		g_string_append_printf(msg, "%s: %s %s", spec, argname, inner->str);
	g_string_free(inner, TRUE);
	return ok;
}

bool parse_arrival(const char *text, sim_time_t unit, const char *base_dir, struct arrival *out,
		   GString *msg, bool *whole)
{
	g_autofree char *t = parse_trimmed(text);
	struct arrival a = { .kind = ARRIVAL_AT };
	struct parse_call c;
	bool ok = false;
	int r;

	*whole = false;
	memset(out, 0, sizeof(*out));
	r = parse_scan_call(t, &c, msg);
	if (r < 0)
		goto out;
	if (r == 0) {
		ok = parse_duration(t, unit, SCENARIO_MAX_HORIZON, 0, &a.at, msg);
		if (!ok && g_ascii_isalpha(*t))
			g_string_append(msg, "; an arrival is a time or at(T), every(PERIOD), "
					     "uniform(LO,HI), poisson(RATE) or trace(FILE)");
		goto out;
	}
	if (!strcmp(c.name, "at")) {
		ok = parse_check_nargs(&c, t, 1, "at(T)", msg) &&
		     arrival_arg("at(T)", "T", c.args[0], unit, 0, &a.at, msg);
	} else if (!strcmp(c.name, "every")) {
		sim_time_t gap;

		a.kind = ARRIVAL_EVERY;
		ok = parse_check_nargs(&c, t, 1, "every(PERIOD)", msg) &&
		     arrival_arg("every(PERIOD)", "PERIOD", c.args[0], unit, PARSE_POSITIVE, &gap,
				 msg);
		a.gap = dist_const(ok ? gap : 0);
	} else if (!strcmp(c.name, "uniform")) {
		a.kind = ARRIVAL_UNIFORM;
		ok = parse_check_nargs(&c, t, 2, "uniform(LO,HI)", msg) &&
		     arrival_arg("uniform(LO,HI)", "LO", c.args[0], unit, 0, &a.lo, msg) &&
		     arrival_arg("uniform(LO,HI)", "HI", c.args[1], unit, 0, &a.hi, msg);
		if (ok && a.lo > a.hi) {
			g_string_append_printf(msg, "uniform(LO,HI): LO %s is greater than HI %s",
					       c.args[0], c.args[1]);
			ok = false;
		}
	} else if (!strcmp(c.name, "poisson")) {
		sim_time_t mean;

		a.kind = ARRIVAL_POISSON;
		ok = parse_check_nargs(&c, t, 1, "poisson(RATE)", msg) &&
		     parse_rate(c.args[0], &mean, msg);
		if (ok)
			a.gap = (struct dist){ .kind = DIST_EXP, .a = mean };
	} else if (!strcmp(c.name, "trace")) {
		a.kind = ARRIVAL_TRACE;
		if (!*c.inside)
			g_string_append(msg, "trace(FILE): missing FILE");
		else
			ok = load_trace(c.inside, unit, base_dir, &a, msg, whole);
	} else {
		g_string_append(msg, "unknown arrival ");
		parse_append_quoted(msg, c.name);
		if (!parse_append_suggestion(msg, c.name, arrival_names))
			g_string_append(msg, ": use at(T), every(PERIOD), uniform(LO,HI), "
					     "poisson(RATE) or trace(FILE)");
	}
out:
	parse_call_clear(&c);
	if (ok)
		*out = a;
	return ok;
}
