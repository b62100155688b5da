/*
 * value.c - numbers: durations, sizes, integers, booleans and names; see
 * parse.h.
 *
 * Every number is first scanned as a decimal: its significant digits in a
 * uint64_t mantissa M (trailing zeros moved into the exponent) and a power
 * of ten E, so the text stands for exactly M * 10^E. A value in a unit
 * worth U (ns per ms, bytes per KiB) is M * U * 10^E: with E >= 0 a product
 * checked for overflow; with E < 0 a division that must be exact, done by
 * cancelling the factors of 10^-E against M and then U (if g = gcd(M, P)
 * then M/g and P/g share no factor, so what is left of P must divide U). No
 * floating point takes part, so "0.1ms" is 100000 ns on every machine and
 * "1.5ns" is an error rather than a rounding.
 */
#include "base/units.h"
#include "scenario/parse.h"
#include "scenario/parse_int.h"

#include <math.h>
#include <string.h>

static const uint64_t pow10_table[20] = {
	1ull,
	10ull,
	100ull,
	1000ull,
	10000ull,
	100000ull,
	1000000ull,
	10000000ull,
	100000000ull,
	1000000000ull,
	10000000000ull,
	100000000000ull,
	1000000000000ull,
	10000000000000ull,
	100000000000000ull,
	1000000000000000ull,
	10000000000000000ull,
	100000000000000000ull,
	1000000000000000000ull,
	10000000000000000000ull,
};

#define EXP10_CAP 100000 /* exponents are clamped here: far beyond any limit */

bool parse_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

const char *parse_skip_blanks(const char *p)
{
	while (parse_is_blank(*p))
		p++;
	return p;
}

bool parse_scan_decimal(const char **pp, struct parse_decimal *d)
{
	const char *p = *pp;
	bool any = false, full = false;
	int64_t exp10 = 0;

	memset(d, 0, sizeof(*d));
	if (*p == '-') {
		d->neg = true;
		p++;
	}
	for (int frac = 0; frac < 2; frac++) {
		if (frac) {
			if (*p != '.')
				break;
			p++;
		}
		for (; g_ascii_isdigit(*p); p++) {
			unsigned dig = *p - '0';

			any = true;
			if (!full && d->mant <= (UINT64_MAX - dig) / 10) {
				d->mant = d->mant * 10 + dig;
				exp10 -= frac;
			} else {
				full = true;
				if (dig && frac)
					d->lost_frac = true;
				else if (dig)
					d->lost = true;
				exp10 += !frac;
			}
		}
	}
	if (!any)
		return false;
	if ((*p == 'e' || *p == 'E') &&
	    (g_ascii_isdigit(p[1]) || ((p[1] == '+' || p[1] == '-') && g_ascii_isdigit(p[2])))) {
		int sign = 1;
		int64_t e = 0;

		p++;
		if (*p == '+' || *p == '-')
			sign = *p++ == '-' ? -1 : 1;
		for (; g_ascii_isdigit(*p); p++)
			if (e < EXP10_CAP)
				e = e * 10 + (*p - '0');
		exp10 += sign * MIN(e, EXP10_CAP);
	}
	while (d->mant && d->mant % 10 == 0) {
		d->mant /= 10;
		exp10++;
	}
	d->exp10 = d->mant ? CLAMP(exp10, -EXP10_CAP, EXP10_CAP) : 0;
	*pp = p;
	return true;
}

static uint64_t gcd64(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

enum parse_scale parse_decimal_scale(const struct parse_decimal *d, uint64_t unit, uint64_t *out)
{
	uint64_t m = d->mant, u = unit;
	int64_t k;

	*out = 0;
	if (m == 0)
		return PARSE_SCALE_OK;
	if (d->exp10 >= 0) {
		if (m > UINT64_MAX / u)
			return PARSE_SCALE_OVERFLOW;
		m *= u;
		for (int64_t i = 0; i < d->exp10; i++) {
			if (m > UINT64_MAX / 10)
				return PARSE_SCALE_OVERFLOW;
			m *= 10;
		}
		*out = m;
		return PARSE_SCALE_OK;
	}
	/* m * u < 2^128 < 10^39: dividing by 10^39 or more leaves a fraction. */
	k = -d->exp10;
	if (k >= 39)
		return PARSE_SCALE_FRACTION;
	while (k > 0) {
		int c = (int)MIN(k, 19);
		uint64_t p = pow10_table[c], g;

		g = gcd64(m, p);
		m /= g;
		p /= g;
		g = gcd64(u, p);
		u /= g;
		p /= g;
		if (p != 1)
			return PARSE_SCALE_FRACTION;
		k -= c;
	}
	if (m > UINT64_MAX / u)
		return PARSE_SCALE_OVERFLOW;
	*out = m * u;
	return PARSE_SCALE_OK;
}

char *parse_trimmed(const char *text)
{
	return g_strstrip(g_strdup(text ? text : ""));
}

const struct parse_unit parse_time_units[PARSE_NTIME_UNITS] = {
	{ "ns", SIM_NS }, { "us", SIM_US }, { "\xc2\xb5s", SIM_US },
	{ "ms", SIM_MS }, { "s", SIM_S },
};

const char *const parse_time_unit_names[] = { "ns", "us", "ms", "s", NULL };

bool parse_time_unit(const char *text, sim_time_t *unit, GString *msg)
{
	g_autofree char *t = parse_trimmed(text);

	for (size_t i = 0; i < G_N_ELEMENTS(parse_time_units); i++) {
		if (!strcmp(t, parse_time_units[i].name)) {
			*unit = parse_time_units[i].ns;
			return true;
		}
	}
	g_string_append(msg, "unknown unit ");
	parse_append_quoted(msg, t);
	parse_append_suggestion(msg, t, parse_time_unit_names);
	g_string_append(msg, ": use ns, us, ms or s");
	return false;
}

/* Words after a number: letters and the micro sign. */
static bool is_unit_text(const char *s)
{
	if (!*s)
		return false;
	while (*s) {
		if (g_ascii_isalpha(*s))
			s++;
		else if (!strncmp(s, "\xc2\xb5", 2))
			s += 2;
		else
			return false;
	}
	return true;
}

bool parse_duration(const char *text, sim_time_t unit, sim_time_t max, unsigned flags,
		    sim_time_t *out, GString *msg)
{
	g_autofree char *t = parse_trimmed(text);
	const char *p = t;
	struct parse_decimal d;
	sim_time_t scale = unit;
	uint64_t v;
	enum parse_scale r;

	g_return_val_if_fail(unit > 0 && max > 0, false);
	if (!*t) {
		g_string_append(msg, "missing value: expected a duration such as 5ms");
		return false;
	}
	if (!parse_scan_decimal(&p, &d)) {
		parse_append_quoted(msg, t);
		g_string_append(msg, " is not a duration: expected a number with an optional unit "
				     "ns, us, ms or s");
		return false;
	}
	p = parse_skip_blanks(p);
	if (*p) {
		size_t i;

		for (i = 0; i < G_N_ELEMENTS(parse_time_units); i++)
			if (!strcmp(p, parse_time_units[i].name))
				break;
		if (i < G_N_ELEMENTS(parse_time_units)) {
			scale = parse_time_units[i].ns;
		} else if (is_unit_text(p)) {
			g_string_append(msg, "unknown unit ");
			parse_append_quoted(msg, p);
			g_string_append(msg, " in ");
			parse_append_quoted(msg, t);
			parse_append_suggestion(msg, p, parse_time_unit_names);
			g_string_append(msg, ": use ns, us, ms or s");
			return false;
		} else {
			parse_append_quoted(msg, t);
			g_string_append(msg, " is not a duration: expected a number with an "
					     "optional unit ns, us, ms or s");
			return false;
		}
	}
	if (d.neg && d.mant) {
		g_string_append(msg, "must not be negative, got ");
		parse_append_got(msg, t);
		return false;
	}
	r = parse_decimal_scale(&d, (uint64_t)scale, &v);
	if (r == PARSE_SCALE_OVERFLOW || (r == PARSE_SCALE_OK && v > (uint64_t)max) || d.lost) {
		g_string_append(msg, "too large: ");
		parse_append_quoted(msg, t);
		g_string_append(msg, " is more than the limit of ");
		units_duration_exact(msg, max);
		return false;
	}
	if (r == PARSE_SCALE_FRACTION || d.lost_frac) {
		parse_append_quoted(msg, t);
		g_string_append(msg, " is finer than 1 ns: durations are whole nanoseconds");
		return false;
	}
	if (v == 0 && (flags & PARSE_POSITIVE)) {
		g_string_append(msg, "must be positive, got ");
		parse_append_got(msg, t);
		return false;
	}
	*out = (sim_time_t)v;
	return true;
}

static const struct {
	const char *name;
	uint64_t bytes;
} size_units[] = {
	{ "B", 1 },
	{ "KiB", (uint64_t)1 << 10 },
	{ "MiB", (uint64_t)1 << 20 },
	{ "GiB", (uint64_t)1 << 30 },
	{ "TiB", (uint64_t)1 << 40 },
	{ "KB", 1000ull },
	{ "MB", 1000000ull },
	{ "GB", 1000000000ull },
	{ "TB", 1000000000000ull },
};

static const char *const size_unit_names[] = { "B",  "KiB", "MiB", "GiB", "TiB",
					       "KB", "MB",  "GB",  "TB",  NULL };

bool parse_size(const char *text, uint64_t max, uint64_t *out, GString *msg)
{
	g_autofree char *t = parse_trimmed(text);
	const char *p = t;
	struct parse_decimal d;
	uint64_t scale = 1, v;
	enum parse_scale r;

	if (!*t) {
		g_string_append(msg, "missing value: expected a size such as 64KiB");
		return false;
	}
	if (!parse_scan_decimal(&p, &d)) {
		parse_append_quoted(msg, t);
		g_string_append(msg, " is not a size: expected a number with an optional unit "
				     "B, KiB, MiB, GiB, TiB, KB, MB, GB or TB");
		return false;
	}
	p = parse_skip_blanks(p);
	if (*p) {
		size_t i;

		/* Units in any case: "4kb" and "4KB" are both 4000 bytes. */
		for (i = 0; i < G_N_ELEMENTS(size_units); i++)
			if (!g_ascii_strcasecmp(p, size_units[i].name))
				break;
		if (i == G_N_ELEMENTS(size_units)) {
			if (is_unit_text(p)) {
				g_string_append(msg, "unknown unit ");
				parse_append_quoted(msg, p);
				g_string_append(msg, " in ");
				parse_append_quoted(msg, t);
				parse_append_suggestion(msg, p, size_unit_names);
				g_string_append(msg,
						": use B, KiB, MiB, GiB, TiB, KB, MB, GB or TB");
			} else {
				parse_append_quoted(msg, t);
				g_string_append(msg, " is not a size: expected a number with an "
						     "optional unit B, KiB, MiB, GiB, TiB, KB, MB, "
						     "GB or TB");
			}
			return false;
		}
		scale = size_units[i].bytes;
	}
	if (d.neg && d.mant) {
		g_string_append(msg, "must not be negative, got ");
		parse_append_got(msg, t);
		return false;
	}
	r = parse_decimal_scale(&d, scale, &v);
	if (r == PARSE_SCALE_OVERFLOW || (r == PARSE_SCALE_OK && v > max) || d.lost) {
		g_string_append(msg, "too large: ");
		parse_append_quoted(msg, t);
		g_string_append(msg, " is more than the limit of ");
		units_size_exact(msg, max);
		return false;
	}
	if (r == PARSE_SCALE_FRACTION || d.lost_frac) {
		parse_append_quoted(msg, t);
		g_string_append(msg, " is not a whole number of bytes");
		return false;
	}
	*out = v;
	return true;
}

/* Scan a whole number with an optional '-': its magnitude and sign. */
static bool scan_integer(const char *t, uint64_t *mag, bool *neg, bool *overflow, GString *msg)
{
	const char *p = t;
	struct parse_decimal d;
	enum parse_scale r;

	*overflow = false;
	if (!*t) {
		g_string_append(msg, "missing value: expected a whole number");
		return false;
	}
	if (!parse_scan_decimal(&p, &d) || *p) {
		parse_append_quoted(msg, t);
		g_string_append(msg, " is not a whole number");
		return false;
	}
	r = parse_decimal_scale(&d, 1, mag);
	if (r == PARSE_SCALE_FRACTION || d.lost_frac) {
		parse_append_quoted(msg, t);
		g_string_append(msg, " is not a whole number");
		return false;
	}
	*overflow = r == PARSE_SCALE_OVERFLOW || d.lost;
	*neg = d.neg && d.mant;
	return true;
}

bool parse_uint(const char *text, uint64_t min, uint64_t max, uint64_t *out, GString *msg)
{
	g_autofree char *t = parse_trimmed(text);
	uint64_t v;
	bool neg, overflow;

	if (!scan_integer(t, &v, &neg, &overflow, msg))
		return false;
	if (neg || (!overflow && v < min)) {
		if (min == 0)
			g_string_append(msg, "must not be negative, got ");
		else
			g_string_append_printf(msg, "must be at least %" G_GUINT64_FORMAT ", got ",
					       min);
		parse_append_got(msg, t);
		return false;
	}
	if (overflow || v > max) {
		g_string_append_printf(msg, "must be at most %" G_GUINT64_FORMAT ", got ", max);
		parse_append_got(msg, t);
		return false;
	}
	*out = v;
	return true;
}

bool parse_int(const char *text, int64_t min, int64_t max, int64_t *out, GString *msg)
{
	g_autofree char *t = parse_trimmed(text);
	uint64_t mag;
	bool neg, overflow, below = false, above = false;
	int64_t v = 0;

	if (!scan_integer(t, &mag, &neg, &overflow, msg))
		return false;
	if (neg) {
		if (overflow || mag > (uint64_t)INT64_MAX + 1)
			below = true;
		else
			v = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
	} else {
		if (overflow || mag > (uint64_t)INT64_MAX)
			above = true;
		else
			v = (int64_t)mag;
	}
	below |= !above && v < min;
	above |= !below && v > max;
	if (below || above) {
		g_string_append_printf(msg, "must be at %s %" G_GINT64_FORMAT ", got ",
				       below ? "least" : "most", below ? min : max);
		parse_append_got(msg, t);
		return false;
	}
	*out = v;
	return true;
}

bool parse_bool(const char *text, bool *out, GString *msg)
{
	static const char *const yes[] = { "true", "yes", "1" };
	static const char *const no[] = { "false", "no", "0" };
	static const char *const all[] = { "true", "false", "yes", "no", NULL };
	g_autofree char *t = parse_trimmed(text);

	for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
		if (!g_ascii_strcasecmp(t, yes[i])) {
			*out = true;
			return true;
		}
		if (!g_ascii_strcasecmp(t, no[i])) {
			*out = false;
			return true;
		}
	}
	parse_append_quoted(msg, t);
	g_string_append(msg, " is not a boolean");
	parse_append_suggestion(msg, t, all);
	g_string_append(msg, ": use true or false");
	return false;
}

bool parse_double(const char *text, double *out, GString *msg)
{
	g_autofree char *t = parse_trimmed(text);
	const char *p = t;
	struct parse_decimal d;
	double v;

	if (!*t) {
		g_string_append(msg, "missing value: expected a number");
		return false;
	}
	if (!parse_scan_decimal(&p, &d) || *p) {
		parse_append_quoted(msg, t);
		g_string_append(msg, " is not a number");
		if (*p && p != t && is_unit_text(parse_skip_blanks(p)))
			g_string_append(msg, ": it takes no unit");
		return false;
	}
	/* The syntax is checked above; strtod rounds correctly and ignores the locale here. */
	v = g_ascii_strtod(t, NULL);
	if (!isfinite(v)) {
		g_string_append(msg, "too large: ");
		parse_append_quoted(msg, t);
		return false;
	}
	*out = v;
	return true;
}

size_t parse_index_template(const char *p, int64_t *k)
{
	const char *q = p + 4;
	int64_t v = 0;
	int sign;

	if (k)
		*k = 0;
	if (!strncmp(p, "{i}", 3))
		return 3;
	if (strncmp(p, "{(i", 3) || (p[3] != '+' && p[3] != '-') || !g_ascii_isdigit(*q))
		return 0;
	sign = p[3] == '-' ? -1 : 1;
	for (; g_ascii_isdigit(*q); q++) {
		if (v > (INT32_MAX - 9) / 10)
			return 0;
		v = v * 10 + (*q - '0');
	}
	if (strncmp(q, ")%N}", 4))
		return 0;
	if (k)
		*k = sign * v;
	return (size_t)(q + 4 - p);
}

bool parse_name(const char *text, bool allow_index, GString *msg)
{
	size_t n = strlen(text);
	bool templated = false;

	if (!n) {
		g_string_append(msg, "missing name");
		return false;
	}
	if (n > PARSE_NAME_MAX) {
		g_string_append(msg, "name ");
		parse_append_quoted(msg, text);
		g_string_append_printf(msg, " is too long: at most %d characters", PARSE_NAME_MAX);
		return false;
	}
	for (const char *p = text; *p; p++) {
		if (g_ascii_isalnum(*p) || *p == '_' || *p == '-' || *p == '.')
			continue;
		if (allow_index && *p == '{') {
			size_t len = parse_index_template(p, NULL);

			if (len && !templated) {
				templated = true;
				p += len - 1;
				continue;
			}
			g_string_append(msg, "bad name ");
			parse_append_quoted(msg, text);
			g_string_append(msg, len ? ": a name holds one index between braces at most"
						 : ": " PARSE_TEMPLATE_RULE);
			return false;
		}
		g_string_append(msg, "bad name ");
		parse_append_quoted(msg, text);
		g_string_append_printf(msg,
				       ": a name is made of letters, digits, '_', '-'%s and "
				       "'.'",
				       allow_index ? ", {i}" : "");
		return false;
	}
	return true;
}
