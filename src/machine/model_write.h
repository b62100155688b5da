/*
 * model_write.h - writing a cost model as a model file.
 *
 * schedlab-probe measures a machine and writes what it found with this:
 * every group and key of docs/model-format.md, a measured figure with its
 * interval and sample count (`process = 1900 ns [1800 ns, 2100 ns] n=31`),
 * and an [environment] group when the model says where it was measured.
 * Reading the file back (scenario/model_load.c) gives an identical model.
 */
#ifndef SCHEDLAB_MODEL_WRITE_H
#define SCHEDLAB_MODEL_WRITE_H

#include <glib.h>
#include <stdbool.h>

#include "machine/model.h"

/* Append m as the text of a model file. */
void model_write(GString *out, const struct model *m);
/* Write m to the file at path (replaced). On error, sets *error (G_FILE_ERROR). */
bool model_write_file(const struct model *m, const char *path, GError **error);

#endif
