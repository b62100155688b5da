/*
 * model.c - the life cycle of a cost model; see model.h.
 *
 * Reading model files lives in scenario/model_load.c: this file knows only
 * the figures.
 */
#include "machine/model.h"

#include <glib.h>
#include <string.h>

void model_clear(struct model *m)
{
	if (!m)
		return;
	g_free(m->name);
	g_free(m->description);
	memset(m, 0, sizeof(*m));
}
