/*
 * sweep.h - the grid of a what-if sweep.
 *
 * A sweep varies scenario keys over lists of values. Each --vary G.K=LIST
 * is an axis; several axes make a grid of every combination, the first axis
 * outermost (point 0 takes every axis' first value, the last axis changes
 * fastest). A point is applied to a scenario as --set G.K=VALUE overrides,
 * so any key can be swept.
 *
 * LIST is one of
 *   1,2,4                items separated by commas (a comma inside
 *                        parentheses belongs to its item: cpu uniform(1,2),cpu 3)
 *   1..16  100..1000:100 an integer range, both ends included, with a step
 *   1,2,8..64:8          a mix of both
 *   @FILE                one item per line (blank lines and # comments skipped)
 * and the value may wrap the list in braces to keep the rest of it fixed:
 *   group web.arrival=poisson({100,200,400}/s)   rr.quantum={1..8}ms
 * ("{i}", the scenario's task-index template, is part of the value, not a list).
 *
 * The mean of a point's repetitions and its interval are base/stats.h's.
 * This file knows nothing of scenarios or runs: it is text.
 */
#ifndef SCHEDLAB_SWEEP_H
#define SCHEDLAB_SWEEP_H

#include <glib.h>
#include <stdbool.h>

#define SWEEP_ERROR (sweep_error_quark())
GQuark sweep_error_quark(void);
enum { SWEEP_ERROR_SYNTAX, SWEEP_ERROR_LIMIT, SWEEP_ERROR_RUN, SWEEP_ERROR_COLLECT };

#define SWEEP_MAX_POINTS 100000u /* points in a grid */

struct sweep_axis {
	char *spec;	       /* as given: "rr.quantum=1..4" */
	char *key;	       /* "rr.quantum", "group web.arrival" */
	char *prefix, *suffix; /* around the braces; "" without them */
	GPtrArray *items;      /* char *: the listed values */
};

struct sweep_grid {
	GPtrArray *axes; /* struct sweep_axis *, in the order given */
	guint npoints;
};

/* Parse one --vary spec; relative @FILE paths are read from the current folder. */
struct sweep_axis *sweep_axis_parse(const char *spec, GError **error);
void sweep_axis_free(struct sweep_axis *a);

/* A grid of the axes (taken over); NULL with an error if too large or a key repeats. */
struct sweep_grid *sweep_grid_new(GPtrArray *axes, GError **error);
void sweep_grid_free(struct sweep_grid *g);
/* The index of point's value along axis a. */
guint sweep_grid_coord(const struct sweep_grid *g, guint point, guint a);
/* The value of axis a at point: prefix + item + suffix. */
char *sweep_grid_value(const struct sweep_grid *g, guint point, guint a);
/* "G.K=VALUE" of axis a at point, for scenario_overrides.sets. */
char *sweep_grid_set(const struct sweep_grid *g, guint point, guint a);

#endif
