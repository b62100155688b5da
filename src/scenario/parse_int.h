/*
 * parse_int.h - what the files of the value parser share (message.c,
 * value.c, dist_parse.c, program_parse.c, arrival.c); not for other
 * modules, which use parse.h.
 */
#ifndef SCHEDLAB_PARSE_INT_H
#define SCHEDLAB_PARSE_INT_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "base/simtime.h"

/* --- message.c */

/* Append s as the text after "got": unquoted, but shortened. */
void parse_append_got(GString *out, const char *s);
/* parse_quote of a whole string. */
void parse_append_quoted(GString *out, const char *s);
/* Append "a, b, c or d". */
void parse_append_list(GString *out, const char *const *items);

/* --- value.c */

/* The value mant * 10^exp10, negated when neg. */
struct parse_decimal {
	uint64_t mant;
	int64_t exp10;
	bool neg;
	bool lost;	/* non-zero digits of the integer part did not fit in mant */
	bool lost_frac; /* non-zero digits of the fraction did not fit in mant */
};

enum parse_scale { PARSE_SCALE_OK, PARSE_SCALE_FRACTION, PARSE_SCALE_OVERFLOW };

bool parse_is_blank(char c);
const char *parse_skip_blanks(const char *p);
/* A copy of text without the blanks around it (g_free it). */
char *parse_trimmed(const char *text);
/*
 * Scan "[-] digits [. digits] [e [+-] digits]" (digits on at least one
 * side of the point) at *pp and move *pp past it. False if no number is
 * there; *pp is then unchanged.
 */
bool parse_scan_decimal(const char **pp, struct parse_decimal *d);
/* *out = mant * 10^exp10 * unit exactly (unit > 0). */
enum parse_scale parse_decimal_scale(const struct parse_decimal *d, uint64_t unit, uint64_t *out);

struct parse_unit {
	const char *name;
	sim_time_t ns;
};

#define PARSE_NTIME_UNITS 5
/* ns us µs ms s */
extern const struct parse_unit parse_time_units[PARSE_NTIME_UNITS];
/* The names a message proposes, NULL-terminated. */
extern const char *const parse_time_unit_names[];

/* --- dist_parse.c */

/* A call NAME(ARG, ...) as written in a value. */
#define PARSE_CALL_MAX_ARGS 3

struct parse_call {
	char *name;
	char *inside; /* everything between the parentheses, trimmed */
	char *args[PARSE_CALL_MAX_ARGS];
	int nargs; /* PARSE_CALL_MAX_ARGS means "that many or more" */
};

void parse_call_clear(struct parse_call *c);
/*
 * Returns 1 when t (trimmed) is NAME(...), filling c; 0 when t does not
 * start with a word and '(' (it may be a plain value); -1 on a malformed
 * call, with msg set.
 */
int parse_scan_call(const char *t, struct parse_call *c, GString *msg);
/*
 * Check that c has the arguments `spec` (e.g. "uniform(LO,HI)") expects;
 * msg: "'exp' takes 1 argument (MEAN), got 2 in 'exp(1,2)'".
 */
bool parse_check_nargs(const struct parse_call *c, const char *text, int want, const char *spec,
		       GString *msg);

#endif
