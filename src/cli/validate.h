/*
 * validate.h - the mirror scenarios of `schedlab validate`.
 *
 * The text of scenarios/validate/NAME.ini, compiled into the program by
 * build-aux/embed-text.sh (Makefile.am), so that validate works from any
 * directory, installed or not.
 */
#ifndef SCHEDLAB_VALIDATE_H
#define SCHEDLAB_VALIDATE_H

struct validate_mirror {
	const char *name; /* "fork-storm" */
	const char *text; /* the whole file */
};

/* Generated: terminated by { NULL, NULL }. */
extern const struct validate_mirror validate_mirrors[];

#endif
