/*
 * parse.c - the syntax of values; see parse.h.
 *
 * Numbers. Every number is first scanned as a decimal: its significant
 * digits in a uint64_t mantissa M (trailing zeros moved into the exponent)
 * and a power of ten E, so the text stands for exactly M * 10^E. A value in
 * a unit worth U (ns per ms, bytes per KiB) is M * U * 10^E: with E >= 0 a
 * product checked for overflow; with E < 0 a division that must be exact,
 * done by cancelling the factors of 10^-E against M and then U (if
 * g = gcd(M, P) then M/g and P/g share no factor, so what is left of P must
 * divide U). No floating point takes part, so "0.1ms" is 100000 ns on every
 * machine and "1.5ns" is an error rather than a rounding.
 *
 * Programs are read by recursive descent over the text; `repeat N { ... }`
 * becomes OP_REPEAT ... OP_END_REPEAT with the jumps that task.c expects.
 *
 * This file knows the syntax only: which key a value belongs to, and where
 * it was written, is the caller's business.
 */
#include "scenario/parse.h"
#include "base/units.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------ messages */

#define QUOTE_MAX 60 /* characters of a quoted text kept in a message */

void parse_quote(GString *out, const char *s, size_t n)
{
	glong chars;

	g_string_append_c(out, '\'');
	if (!g_utf8_validate_len(s, n, NULL)) {
		g_string_append(out, "...");
	} else if ((chars = g_utf8_strlen(s, n)) > QUOTE_MAX) {
		const char *cut = g_utf8_offset_to_pointer(s, QUOTE_MAX - 3);

		g_string_append_len(out, s, cut - s);
		g_string_append(out, "...");
	} else {
		g_string_append_len(out, s, n);
	}
	g_string_append_c(out, '\'');
}

/* Append s as the text after "got": unquoted, but shortened. */
static void append_got(GString *out, const char *s)
{
	size_t n = strlen(s);

	if (g_utf8_validate_len(s, n, NULL) && g_utf8_strlen(s, n) > QUOTE_MAX) {
		const char *cut = g_utf8_offset_to_pointer(s, QUOTE_MAX - 3);

		g_string_append_len(out, s, cut - s);
		g_string_append(out, "...");
	} else {
		g_string_append(out, s);
	}
}

static void append_quoted(GString *out, const char *s)
{
	parse_quote(out, s, strlen(s));
}

unsigned parse_edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	unsigned *d;
	unsigned r;

	/* Words of a scenario file are short; a long one is never a near miss. */
	if (n > 64 || m > 64)
		return UINT_MAX;
	d = g_new(unsigned, (n + 1) * (m + 1));
#define D(i, j) d[(i) * (m + 1) + (j)]
	for (size_t i = 0; i <= n; i++)
		D(i, 0) = i;
	for (size_t j = 0; j <= m; j++)
		D(0, j) = j;
	for (size_t i = 1; i <= n; i++) {
		for (size_t j = 1; j <= m; j++) {
			unsigned cost = g_ascii_tolower(a[i - 1]) != g_ascii_tolower(b[j - 1]);
			unsigned v = MIN(D(i - 1, j) + 1, D(i, j - 1) + 1);

			v = MIN(v, D(i - 1, j - 1) + cost);
			if (i > 1 && j > 1 &&
			    g_ascii_tolower(a[i - 1]) == g_ascii_tolower(b[j - 2]) &&
			    g_ascii_tolower(a[i - 2]) == g_ascii_tolower(b[j - 1]))
				v = MIN(v, D(i - 2, j - 2) + 1);
			D(i, j) = v;
		}
	}
	r = D(n, m);
#undef D
	g_free(d);
	return r;
}

const char *parse_suggest(const char *word, const char *const *candidates)
{
	const char *best = NULL;
	unsigned best_d = UINT_MAX;
	bool tie = false;

	if (!word || !*word)
		return NULL;
	for (const char *const *c = candidates; *c; c++) {
		size_t len = strlen(*c);
		/* One edit in a short word, two from 5 letters, three from 10. */
		unsigned limit = len < 5 ? 1 : len < 10 ? 2 : 3;
		unsigned d = parse_edit_distance(word, *c);

		if (d > limit || d > best_d)
			continue;
		tie = d == best_d && strcmp(*c, best);
		if (d < best_d) {
			best = *c;
			best_d = d;
		}
	}
	/* Two equally close candidates: a guess would mislead as often as help. */
	return tie ? NULL : best;
}

bool parse_append_suggestion(GString *out, const char *word, const char *const *candidates)
{
	const char *s = parse_suggest(word, candidates);

	if (s)
		g_string_append_printf(out, " (did you mean '%s'?)", s);
	return s != NULL;
}

/* Append "a, b, c or d". */
static void append_list(GString *out, const char *const *items)
{
	for (size_t i = 0; items[i]; i++) {
		if (i > 0)
			g_string_append(out, items[i + 1] ? ", " : " or ");
		g_string_append(out, items[i]);
	}
}

bool parse_read_file(const char *path, size_t max, char **text, size_t *len, GString *reason)
{
	GString *buf;
	int fd, err = 0;
	bool too_large = false;

	*text = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
	} else {
		char chunk[65536];

		buf = g_string_new(NULL);
		for (;;) {
			ssize_t n = read(fd, chunk, sizeof(chunk));

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				err = errno;
				break;
			}
			if (n == 0)
				break;
			if (buf->len + (size_t)n > max) {
				too_large = true;
				break;
			}
			g_string_append_len(buf, chunk, n);
		}
		close(fd);
		if (!err && !too_large) {
			*len = buf->len;
			*text = g_string_free(buf, FALSE);
			return true;
		}
		g_string_free(buf, TRUE);
	}
	if (too_large) {
		g_string_append(reason, "larger than the limit of ");
		units_size_exact(reason, max);
	} else {
		const char *r = g_strerror(err);

		/* Our messages are lower case; strerror's are capitalised. */
		g_string_append_c(reason, g_ascii_tolower(r[0]));
		if (r[0])
			g_string_append(reason, r + 1);
	}
	return false;
}

/* ------------------------------------------------------------- numbers */

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

/* The value mant * 10^exp10, negated when neg. */
struct decimal {
	uint64_t mant;
	int64_t exp10;
	bool neg;
	bool lost;	/* non-zero digits of the integer part did not fit in mant */
	bool lost_frac; /* non-zero digits of the fraction did not fit in mant */
};

#define EXP10_CAP 100000 /* exponents are clamped here: far beyond any limit */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static const char *skip_blanks(const char *p)
{
	while (is_blank(*p))
		p++;
	return p;
}

/*
 * Scan "[-] digits [. digits] [e [+-] digits]" (digits on at least one
 * side of the point) at *pp and move *pp past it. False if no number is
 * there; *pp is then unchanged.
 */
static bool scan_decimal(const char **pp, struct decimal *d)
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

enum scale { SCALE_OK, SCALE_FRACTION, SCALE_OVERFLOW };

/* *out = mant * 10^exp10 * unit exactly (unit > 0). */
static enum scale decimal_scale(const struct decimal *d, uint64_t unit, uint64_t *out)
{
	uint64_t m = d->mant, u = unit;
	int64_t k;

	*out = 0;
	if (m == 0)
		return SCALE_OK;
	if (d->exp10 >= 0) {
		if (m > UINT64_MAX / u)
			return SCALE_OVERFLOW;
		m *= u;
		for (int64_t i = 0; i < d->exp10; i++) {
			if (m > UINT64_MAX / 10)
				return SCALE_OVERFLOW;
			m *= 10;
		}
		*out = m;
		return SCALE_OK;
	}
	/* m * u < 2^128 < 10^39: dividing by 10^39 or more leaves a fraction. */
	k = -d->exp10;
	if (k >= 39)
		return SCALE_FRACTION;
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
			return SCALE_FRACTION;
		k -= c;
	}
	if (m > UINT64_MAX / u)
		return SCALE_OVERFLOW;
	*out = m * u;
	return SCALE_OK;
}

/* A copy of text without the blanks around it. */
static char *trimmed(const char *text)
{
	return g_strstrip(g_strdup(text ? text : ""));
}

static const struct {
	const char *name;
	sim_time_t ns;
} time_units[] = {
	{ "ns", SIM_NS }, { "us", SIM_US }, { "\xc2\xb5s", SIM_US },
	{ "ms", SIM_MS }, { "s", SIM_S },
};

static const char *const time_unit_names[] = { "ns", "us", "ms", "s", NULL };

bool parse_time_unit(const char *text, sim_time_t *unit, GString *msg)
{
	g_autofree char *t = trimmed(text);

	for (size_t i = 0; i < G_N_ELEMENTS(time_units); i++) {
		if (!strcmp(t, time_units[i].name)) {
			*unit = time_units[i].ns;
			return true;
		}
	}
	g_string_append(msg, "unknown unit ");
	append_quoted(msg, t);
	parse_append_suggestion(msg, t, time_unit_names);
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
	g_autofree char *t = trimmed(text);
	const char *p = t;
	struct decimal d;
	sim_time_t scale = unit;
	uint64_t v;
	enum scale r;

	g_return_val_if_fail(unit > 0 && max > 0, false);
	if (!*t) {
		g_string_append(msg, "missing value: expected a duration such as 5ms");
		return false;
	}
	if (!scan_decimal(&p, &d)) {
		append_quoted(msg, t);
		g_string_append(msg, " is not a duration: expected a number with an optional unit "
				     "ns, us, ms or s");
		return false;
	}
	p = skip_blanks(p);
	if (*p) {
		size_t i;

		for (i = 0; i < G_N_ELEMENTS(time_units); i++)
			if (!strcmp(p, time_units[i].name))
				break;
		if (i < G_N_ELEMENTS(time_units)) {
			scale = time_units[i].ns;
		} else if (is_unit_text(p)) {
			g_string_append(msg, "unknown unit ");
			append_quoted(msg, p);
			g_string_append(msg, " in ");
			append_quoted(msg, t);
			parse_append_suggestion(msg, p, time_unit_names);
			g_string_append(msg, ": use ns, us, ms or s");
			return false;
		} else {
			append_quoted(msg, t);
			g_string_append(msg, " is not a duration: expected a number with an "
					     "optional unit ns, us, ms or s");
			return false;
		}
	}
	if (d.neg && d.mant) {
		g_string_append(msg, "must not be negative, got ");
		append_got(msg, t);
		return false;
	}
	r = decimal_scale(&d, (uint64_t)scale, &v);
	if (r == SCALE_OVERFLOW || (r == SCALE_OK && v > (uint64_t)max) || d.lost) {
		g_string_append(msg, "too large: ");
		append_quoted(msg, t);
		g_string_append(msg, " is more than the limit of ");
		units_duration_exact(msg, max);
		return false;
	}
	if (r == SCALE_FRACTION || d.lost_frac) {
		append_quoted(msg, t);
		g_string_append(msg, " is finer than 1 ns: durations are whole nanoseconds");
		return false;
	}
	if (v == 0 && (flags & PARSE_POSITIVE)) {
		g_string_append(msg, "must be positive, got ");
		append_got(msg, t);
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
	g_autofree char *t = trimmed(text);
	const char *p = t;
	struct decimal d;
	uint64_t scale = 1, v;
	enum scale r;

	if (!*t) {
		g_string_append(msg, "missing value: expected a size such as 64KiB");
		return false;
	}
	if (!scan_decimal(&p, &d)) {
		append_quoted(msg, t);
		g_string_append(msg, " is not a size: expected a number with an optional unit "
				     "B, KiB, MiB, GiB, TiB, KB, MB, GB or TB");
		return false;
	}
	p = skip_blanks(p);
	if (*p) {
		size_t i;

		/* Units in any case: "4kb" and "4KB" are both 4000 bytes. */
		for (i = 0; i < G_N_ELEMENTS(size_units); i++)
			if (!g_ascii_strcasecmp(p, size_units[i].name))
				break;
		if (i == G_N_ELEMENTS(size_units)) {
			if (is_unit_text(p)) {
				g_string_append(msg, "unknown unit ");
				append_quoted(msg, p);
				g_string_append(msg, " in ");
				append_quoted(msg, t);
				parse_append_suggestion(msg, p, size_unit_names);
				g_string_append(msg,
						": use B, KiB, MiB, GiB, TiB, KB, MB, GB or TB");
			} else {
				append_quoted(msg, t);
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
		append_got(msg, t);
		return false;
	}
	r = decimal_scale(&d, scale, &v);
	if (r == SCALE_OVERFLOW || (r == SCALE_OK && v > max) || d.lost) {
		g_string_append(msg, "too large: ");
		append_quoted(msg, t);
		g_string_append(msg, " is more than the limit of ");
		units_size_exact(msg, max);
		return false;
	}
	if (r == SCALE_FRACTION || d.lost_frac) {
		append_quoted(msg, t);
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
	struct decimal d;
	enum scale r;

	*overflow = false;
	if (!*t) {
		g_string_append(msg, "missing value: expected a whole number");
		return false;
	}
	if (!scan_decimal(&p, &d) || *p) {
		append_quoted(msg, t);
		g_string_append(msg, " is not a whole number");
		return false;
	}
	r = decimal_scale(&d, 1, mag);
	if (r == SCALE_FRACTION || d.lost_frac) {
		append_quoted(msg, t);
		g_string_append(msg, " is not a whole number");
		return false;
	}
	*overflow = r == SCALE_OVERFLOW || d.lost;
	*neg = d.neg && d.mant;
	return true;
}

bool parse_uint(const char *text, uint64_t min, uint64_t max, uint64_t *out, GString *msg)
{
	g_autofree char *t = trimmed(text);
	uint64_t v;
	bool neg, overflow;

	if (!scan_integer(t, &v, &neg, &overflow, msg))
		return false;
	if (neg || v < min) {
		if (min == 0)
			g_string_append(msg, "must not be negative, got ");
		else
			g_string_append_printf(msg, "must be at least %" G_GUINT64_FORMAT ", got ",
					       min);
		append_got(msg, t);
		return false;
	}
	if (overflow || v > max) {
		g_string_append_printf(msg, "must be at most %" G_GUINT64_FORMAT ", got ", max);
		append_got(msg, t);
		return false;
	}
	*out = v;
	return true;
}

bool parse_int(const char *text, int64_t min, int64_t max, int64_t *out, GString *msg)
{
	g_autofree char *t = trimmed(text);
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
		append_got(msg, t);
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
	g_autofree char *t = trimmed(text);

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
	append_quoted(msg, t);
	g_string_append(msg, " is not a boolean");
	parse_append_suggestion(msg, t, all);
	g_string_append(msg, ": use true or false");
	return false;
}

bool parse_double(const char *text, double *out, GString *msg)
{
	g_autofree char *t = trimmed(text);
	const char *p = t;
	struct decimal d;
	double v;

	if (!*t) {
		g_string_append(msg, "missing value: expected a number");
		return false;
	}
	if (!scan_decimal(&p, &d) || *p) {
		append_quoted(msg, t);
		g_string_append(msg, " is not a number");
		if (*p && p != t && is_unit_text(skip_blanks(p)))
			g_string_append(msg, ": it takes no unit");
		return false;
	}
	/* The syntax is checked above; strtod rounds correctly and ignores the locale here. */
	v = g_ascii_strtod(t, NULL);
	if (!isfinite(v)) {
		g_string_append(msg, "too large: ");
		append_quoted(msg, t);
		return false;
	}
	*out = v;
	return true;
}

bool parse_name(const char *text, bool allow_index, GString *msg)
{
	size_t n = strlen(text);

	if (!n) {
		g_string_append(msg, "missing name");
		return false;
	}
	if (n > PARSE_NAME_MAX) {
		g_string_append(msg, "name ");
		append_quoted(msg, text);
		g_string_append_printf(msg, " is too long: at most %d characters", PARSE_NAME_MAX);
		return false;
	}
	for (const char *p = text; *p; p++) {
		if (g_ascii_isalnum(*p) || *p == '_' || *p == '-' || *p == '.')
			continue;
		if (allow_index && *p == '{') {
			if (!strncmp(p, "{i}", 3)) {
				p += 2;
				continue;
			}
			g_string_append(msg, "bad name ");
			append_quoted(msg, text);
			g_string_append(msg, ": only {i} (the task's index in its group) may "
					     "appear between braces");
			return false;
		}
		g_string_append(msg, "bad name ");
		append_quoted(msg, text);
		g_string_append_printf(msg,
				       ": a name is made of letters, digits, '_', '-'%s and "
				       "'.'",
				       allow_index ? ", {i}" : "");
		return false;
	}
	return true;
}

/* ------------------------------------------------------- distributions */

/* A call NAME(ARG, ...) as written in a value. */
#define CALL_MAX_ARGS 3

struct call {
	char *name;
	char *inside; /* everything between the parentheses, trimmed */
	char *args[CALL_MAX_ARGS];
	int nargs; /* CALL_MAX_ARGS means "that many or more" */
};

static void call_clear(struct call *c)
{
	g_free(c->name);
	g_free(c->inside);
	for (int i = 0; i < CALL_MAX_ARGS; i++)
		g_free(c->args[i]);
	memset(c, 0, sizeof(*c));
}

/*
 * Returns 1 when t (trimmed) is NAME(...), filling c; 0 when t does not
 * start with a word and '(' (it may be a plain value); -1 on a malformed
 * call, with msg set.
 */
static int scan_call(const char *t, struct call *c, GString *msg)
{
	const char *p = t, *open, *close;

	memset(c, 0, sizeof(*c));
	while (g_ascii_isalpha(*p) || *p == '_')
		p++;
	if (p == t || *skip_blanks(p) != '(')
		return 0;
	c->name = g_strndup(t, p - t);
	open = skip_blanks(p);
	close = strrchr(open, ')');
	if (!close) {
		append_quoted(msg, t);
		g_string_append(msg, " is missing ')'");
		return -1;
	}
	if (close[1]) {
		g_string_append(msg, "unexpected text after ')' in ");
		append_quoted(msg, t);
		return -1;
	}
	c->inside = g_strstrip(g_strndup(open + 1, close - open - 1));
	if (strchr(c->inside, '(')) {
		g_string_append(msg, "unexpected '(' in ");
		append_quoted(msg, t);
		g_string_append(msg, ": the arguments are plain values");
		return -1;
	}
	if (*c->inside) {
		const char *a = c->inside;

		for (;;) {
			const char *comma = strchr(a, ',');
			size_t n = comma ? (size_t)(comma - a) : strlen(a);

			if (c->nargs == CALL_MAX_ARGS)
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

/*
 * Check that c has the arguments `spec` (e.g. "uniform(LO,HI)") expects;
 * msg: "'exp' takes 1 argument (MEAN), got 2 in 'exp(1,2)'".
 */
static bool check_nargs(const struct call *c, const char *text, int want, const char *spec,
			GString *msg)
{
	if (c->nargs == want) {
		for (int i = 0; i < want; i++) {
			if (!*c->args[i]) {
				g_string_append_printf(msg, "%s: argument %d is empty in ", spec,
						       i + 1);
				append_quoted(msg, text);
				return false;
			}
		}
		return true;
	}
	g_string_append_printf(msg, "%s takes %d argument%s, got ", spec, want,
			       want == 1 ? "" : "s");
	if (c->nargs >= CALL_MAX_ARGS)
		g_string_append_printf(msg, "%d or more", CALL_MAX_ARGS);
	else
		g_string_append_printf(msg, "%d", c->nargs);
	g_string_append(msg, " in ");
	append_quoted(msg, text);
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
	g_autofree char *t = trimmed(text);
	struct call c;
	struct dist d = { 0 };
	const char *spec;
	int kind, r;
	bool ok = false;

	r = scan_call(t, &c, msg);
	if (r < 0) {
		call_clear(&c);
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
		append_quoted(msg, c.name);
		if (!parse_append_suggestion(msg, c.name, dist_names)) {
			g_string_append(msg, ": use ");
			append_list(msg, dist_names);
		}
		call_clear(&c);
		return false;
	}
	spec = dist_syntax[kind].spec;
	if (!check_nargs(&c, t, dist_syntax[kind].nargs, spec, msg))
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
	call_clear(&c);
	return ok;
}

/* ------------------------------------------------------------ programs */

struct pp {
	const char *p; /* cursor in the program's text */
	sim_time_t unit;
	GArray *ops; /* struct op */
	GString *msg;
	int depth; /* loops open at the cursor */
};

static const char *const op_words[] = { "cpu",	"io",	"sleep",  "yield", "repeat",
					"exit", "lock", "unlock", "wait",  "post",
					"send", "recv", "spawn",  NULL };

/*
 * The end of the operation starting at p: the next ';', '}' or '{', or the
 * end of the text. "{i}" in a name is part of the operation.
 */
static const char *op_end(const char *p)
{
	while (*p && *p != ';' && *p != '}') {
		if (*p == '{') {
			if (strncmp(p, "{i}", 3))
				break;
			p += 3;
			continue;
		}
		p++;
	}
	return p;
}

/* Append "in 'OP TEXT': " for the operation s[0..e), trimmed. */
static void op_context(GString *msg, const char *s, const char *e)
{
	while (e > s && is_blank(e[-1]))
		e--;
	g_string_append(msg, "in ");
	parse_quote(msg, s, e - s);
	g_string_append(msg, ": ");
}

static void push_op(struct pp *pp, const struct op *op)
{
	g_array_append_val(pp->ops, *op);
}

static bool parse_ops(struct pp *pp);

/* One operation at pp->p (blanks skipped); moves pp->p to its end. */
static bool parse_op(struct pp *pp)
{
	const char *s = pp->p, *w = s, *e;
	g_autofree char *word = NULL;
	g_autofree char *arg = NULL;
	struct op op = { 0 };
	int kind;

	while (g_ascii_isalpha(*w) || *w == '_')
		w++;
	word = g_strndup(s, w - s);
	if (!*word) {
		e = op_end(s);
		if (e == s && *s)
			e = g_utf8_next_char(s);
		g_string_append(pp->msg, "expected an operation, got ");
		parse_quote(pp->msg, s, e - s);
		return false;
	}
	for (kind = 0; op_words[kind]; kind++)
		if (!strcmp(word, op_words[kind]))
			break;
	if (!op_words[kind]) {
		g_string_append(pp->msg, "unknown operation ");
		append_quoted(pp->msg, word);
		if (!parse_append_suggestion(pp->msg, word, op_words))
			g_string_append(pp->msg,
					": use cpu, io, sleep, yield, exit or repeat N { }");
		return false;
	}
	if (!strcmp(word, "repeat")) {
		const char *n = skip_blanks(w), *ne = n;
		g_autofree char *count = NULL;
		uint64_t v;
		GString *inner;
		guint at;

		while (*ne && !is_blank(*ne) && *ne != '{' && *ne != ';' && *ne != '}')
			ne++;
		count = g_strndup(n, ne - n);
		if (!*count) {
			op_context(pp->msg, s, op_end(ne));
			g_string_append(pp->msg, "missing count: write repeat N { ... }");
			return false;
		}
		inner = g_string_new(NULL);
		if (!parse_uint(count, 1, UINT32_MAX, &v, inner)) {
			op_context(pp->msg, s, op_end(ne));
			g_string_append_printf(pp->msg, "count %s", inner->str);
			g_string_free(inner, TRUE);
			return false;
		}
		g_string_free(inner, TRUE);
		ne = skip_blanks(ne);
		if (*ne != '{') {
			op_context(pp->msg, s, op_end(ne));
			g_string_append(pp->msg, "missing '{' after the count: write repeat N "
						 "{ ... }");
			return false;
		}
		if (pp->depth >= PROGRAM_MAX_DEPTH) {
			op_context(pp->msg, s, ne + 1);
			g_string_append_printf(pp->msg, "loops nest more than %d deep",
					       PROGRAM_MAX_DEPTH);
			return false;
		}
		at = pp->ops->len;
		op.kind = OP_REPEAT;
		op.count = (uint32_t)v;
		op.depth = (uint8_t)pp->depth;
		push_op(pp, &op);
		pp->depth++;
		pp->p = ne + 1;
		if (!parse_ops(pp))
			return false;
		if (*pp->p != '}') {
			g_string_append(pp->msg, "missing '}' to close ");
			parse_quote(pp->msg, s, ne + 1 - s);
			return false;
		}
		if (pp->ops->len == at + 1) {
			op_context(pp->msg, s, pp->p + 1);
			g_string_append(pp->msg, "empty loop");
			return false;
		}
		pp->p++;
		pp->depth--;
		memset(&op, 0, sizeof(op));
		op.kind = OP_END_REPEAT;
		op.jump = at;
		op.depth = (uint8_t)pp->depth;
		push_op(pp, &op);
		g_array_index(pp->ops, struct op, at).jump = pp->ops->len;
		return true;
	}

	e = op_end(w);
	pp->p = e;
	if (*e == '{') {
		const char *ce = op_end(e + 1);

		op_context(pp->msg, s, *ce == '}' ? ce + 1 : ce);
		if (kind >= 6)
			g_string_append(pp->msg, "only {i} (the task's index in its group) may "
						 "appear between braces in a name");
		else
			g_string_append(pp->msg,
					"unexpected '{': only repeat N { ... } has a body");
		return false;
	}
	arg = g_strstrip(g_strndup(w, e - w));
	if (*arg && !is_blank(*w)) {
		/* "cpu5ms": a word glued to its argument. */
		op_context(pp->msg, s, e);
		g_string_append_printf(pp->msg, "missing space after '%s'", word);
		return false;
	}
	switch (kind) {
	case 0: /* cpu */
	case 1: /* io */
	case 2: /* sleep */ {
		GString *inner;

		op.kind = kind == 0 ? OP_CPU : kind == 1 ? OP_IO : OP_SLEEP;
		if (!*arg) {
			op_context(pp->msg, s, e);
			g_string_append_printf(pp->msg,
					       "missing duration: write %s 5ms or %s exp(5ms)",
					       word, word);
			return false;
		}
		inner = g_string_new(NULL);
		if (!parse_dist(arg, pp->unit, op.kind == OP_CPU ? PARSE_POSITIVE : 0, &op.dur,
				inner)) {
			op_context(pp->msg, s, e);
			g_string_append(pp->msg, inner->str);
			g_string_free(inner, TRUE);
			return false;
		}
		g_string_free(inner, TRUE);
		break;
	}
	case 3: /* yield */
	case 5: /* exit */
		op.kind = kind == 3 ? OP_YIELD : OP_EXIT;
		if (*arg) {
			op_context(pp->msg, s, e);
			g_string_append_printf(pp->msg, "'%s' takes no argument", word);
			return false;
		}
		break;
	default: { /* lock unlock wait post send recv spawn */
		static const enum op_kind kinds[] = { OP_LOCK, OP_UNLOCK, OP_WAIT, OP_POST,
						      OP_SEND, OP_RECV,	  OP_SPAWN };
		bool sized = kind == 10 || kind == 11;
		GString *inner = g_string_new(NULL);
		char *sp;

		op.kind = kinds[kind - 6];
		sp = arg + strcspn(arg, " \t");
		if (sized) {
			uint64_t bytes;

			if (!*sp) {
				op_context(pp->msg, s, e);
				g_string_append_printf(pp->msg, "expected %s NAME N (N bytes)",
						       word);
				g_string_free(inner, TRUE);
				return false;
			}
			*sp++ = '\0';
			if (parse_size(sp, UINT32_MAX, &bytes, inner) && bytes == 0)
				g_string_append(inner, "N must be positive, got 0");
			if (inner->len) {
				op_context(pp->msg, s, e);
				g_string_append(pp->msg, inner->str);
				g_string_free(inner, TRUE);
				return false;
			}
			op.count = (uint32_t)bytes;
		} else if (*sp) {
			op_context(pp->msg, s, e);
			g_string_append_printf(pp->msg, "expected %s NAME, one word", word);
			g_string_free(inner, TRUE);
			return false;
		}
		if (!parse_name(arg, true, inner)) {
			op_context(pp->msg, s, e);
			g_string_append(pp->msg, inner->str);
			g_string_free(inner, TRUE);
			return false;
		}
		g_string_free(inner, TRUE);
		op.object = g_strdup(arg);
		break;
	}
	}
	push_op(pp, &op);
	return true;
}

/* Operations up to the end of the text or a '}' (left at pp->p). */
static bool parse_ops(struct pp *pp)
{
	for (;;) {
		pp->p = skip_blanks(pp->p);
		if (!*pp->p || *pp->p == '}') {
			if (*pp->p == '}' && pp->depth == 0) {
				g_string_append(pp->msg, "unexpected '}' without a repeat N {");
				return false;
			}
			return true;
		}
		if (*pp->p == ';') {
			g_string_append(pp->msg, "empty operation: two ';' in a row, or a ';' "
						 "first");
			return false;
		}
		if (pp->ops->len >= PARSE_PROGRAM_MAX_OPS) {
			g_string_append_printf(pp->msg, "too long: more than %u operations",
					       PARSE_PROGRAM_MAX_OPS);
			return false;
		}
		if (!parse_op(pp))
			return false;
		pp->p = skip_blanks(pp->p);
		if (*pp->p == ';')
			pp->p++;
		else if (*pp->p && *pp->p != '}') {
			g_string_append(pp->msg, "expected ';' before ");
			parse_quote(pp->msg, pp->p, op_end(pp->p + 1) - pp->p);
			return false;
		}
	}
}

bool parse_program(const char *text, sim_time_t unit, struct program *out, GString *msg)
{
	g_autofree char *t = trimmed(text);
	struct pp pp = { .p = t, .unit = unit, .msg = msg };

	memset(out, 0, sizeof(*out));
	if (!*t) {
		g_string_append(msg, "empty program: write operations such as cpu 5ms; io 2ms");
		return false;
	}
	pp.ops = g_array_new(FALSE, TRUE, sizeof(struct op));
	if (!parse_ops(&pp)) {
		for (guint i = 0; i < pp.ops->len; i++)
			g_free(g_array_index(pp.ops, struct op, i).object);
		g_array_free(pp.ops, TRUE);
		return false;
	}
	g_assert(pp.depth == 0 && pp.ops->len > 0);
	out->len = pp.ops->len;
	out->ops = (struct op *)g_array_free(pp.ops, FALSE);
	return true;
}

/* ------------------------------------------------------------ arrivals */

static const char *const arrival_names[] = { "at", "every", "uniform", "poisson", "trace", NULL };

/*
 * round(unit_ns / (d->mant * 10^d->exp10)) into *mean: the mean gap of a
 * rate. False when it is not within [1, max] ns (*too_high tells which).
 */
static bool rate_to_mean(const struct decimal *d, uint64_t unit_ns, uint64_t max, uint64_t *mean,
			 bool *too_high)
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
	struct decimal d;
	uint64_t unit_ns = 0, m;
	bool too_high;
	size_t i;

	if (!scan_decimal(&p, &d)) {
		g_string_append(msg, "poisson(RATE): RATE ");
		append_quoted(msg, text);
		g_string_append(msg, " is not a rate: write it like 5000/s or 2.5/ms");
		return false;
	}
	p = skip_blanks(p);
	if (*p != '/') {
		g_string_append(msg, "poisson(RATE): RATE ");
		append_quoted(msg, text);
		g_string_append(msg, " needs a unit: write it like 5000/s or 2.5/ms");
		return false;
	}
	p = skip_blanks(p + 1);
	for (i = 0; i < G_N_ELEMENTS(time_units); i++)
		if (!strcmp(p, time_units[i].name))
			break;
	if (i == G_N_ELEMENTS(time_units)) {
		g_string_append(msg, "poisson(RATE): unknown unit ");
		append_quoted(msg, p);
		g_string_append(msg, " in ");
		append_quoted(msg, text);
		parse_append_suggestion(msg, p, time_unit_names);
		g_string_append(msg, ": use /ns, /us, /ms or /s");
		return false;
	}
	unit_ns = (uint64_t)time_units[i].ns;
	if (d.neg || d.mant == 0) {
		g_string_append(msg, "poisson(RATE): RATE must be positive, got ");
		append_got(msg, text);
		return false;
	}
	if (!rate_to_mean(&d, unit_ns, (uint64_t)DIST_MAX_DRAW, &m, &too_high)) {
		g_string_append(msg, "poisson(RATE): RATE ");
		append_quoted(msg, text);
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
			append_quoted(msg, field);
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
	if (!parse_read_file(path, PARSE_MAX_FILE_BYTES, &text, &len, reason)) {
		g_string_append(msg, "cannot read trace file ");
		append_quoted(msg, path);
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
		append_quoted(msg, path);
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
	g_autofree char *t = trimmed(text);
	struct arrival a = { .kind = ARRIVAL_AT };
	struct call c;
	bool ok = false;
	int r;

	*whole = false;
	memset(out, 0, sizeof(*out));
	r = scan_call(t, &c, msg);
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
		ok = check_nargs(&c, t, 1, "at(T)", msg) &&
		     arrival_arg("at(T)", "T", c.args[0], unit, 0, &a.at, msg);
	} else if (!strcmp(c.name, "every")) {
		sim_time_t gap;

		a.kind = ARRIVAL_EVERY;
		ok = check_nargs(&c, t, 1, "every(PERIOD)", msg) &&
		     arrival_arg("every(PERIOD)", "PERIOD", c.args[0], unit, PARSE_POSITIVE, &gap,
				 msg);
		a.gap = dist_const(ok ? gap : 0);
	} else if (!strcmp(c.name, "uniform")) {
		a.kind = ARRIVAL_UNIFORM;
		ok = check_nargs(&c, t, 2, "uniform(LO,HI)", msg) &&
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
		ok = check_nargs(&c, t, 1, "poisson(RATE)", msg) &&
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
		append_quoted(msg, c.name);
		if (!parse_append_suggestion(msg, c.name, arrival_names))
			g_string_append(msg, ": use at(T), every(PERIOD), uniform(LO,HI), "
					     "poisson(RATE) or trace(FILE)");
	}
out:
	call_clear(&c);
	if (ok)
		*out = a;
	return ok;
}
