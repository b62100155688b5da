/*
 * model_load.h - reading model files into struct model.
 *
 * A model is named in a scenario by a built-in name (the text of
 * models/NAME.ini compiled into the program by build-aux/embed-text.sh)
 * or by a path to a model file. Errors read FILE:LINE: [group] key: what.
 */
#ifndef SCHEDLAB_MODEL_LOAD_H
#define SCHEDLAB_MODEL_LOAD_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

#include "machine/model.h"

struct builtin_model {
	const char *name; /* "teaching" */
	const char *text; /* the whole file */
};

/* Generated: terminated by { NULL, NULL }. */
extern const struct builtin_model builtin_models[];

/*
 * Load the model `spec`: a built-in name, or a path (relative paths are taken
 * relative to `base_dir` when not NULL). On error, returns false.
 *
 * An error about `spec` itself (an unknown built-in name, a file that cannot
 * be read) has the code SCENARIO_ERROR_IO and no location, so that the
 * caller can say where the spec was written; an error inside a model file
 * is a whole "FILE:LINE: [group] key: what" message with another code.
 * *m is overwritten (not freed); release it with model_clear.
 */
bool model_load(struct model *m, const char *spec, const char *base_dir, GError **error);
/*
 * The same from text in memory: `path` names the file in messages and,
 * when it has no [model] name, names the model (its base name without .ini).
 */
bool model_load_data(struct model *m, const char *path, const char *text, size_t len,
		     GError **error);

/* The groups of a model's figures, which a scenario may hold too. */
extern const char *const model_figure_groups[];

struct linemap;
/*
 * Apply the model figures a scenario sets in its own [create], [switch],
 * [tlb] and [memory] groups (or with --set memory.ram=8GiB) on top of the
 * model it names; the model's name gains ", modified".
 */
bool model_apply_overrides(struct model *m, const struct linemap *lm, GError **error);

#endif
