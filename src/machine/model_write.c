/*
 * model_write.c - a cost model as a model file; see model_write.h.
 *
 * The keys come from the same table the loader reads with (model_groups in
 * model.c), so a key added there is written too. Durations and sizes are
 * written exactly ("1900 ns", "4 KiB"), never rounded, so that reading them
 * back gives the same integers.
 */
#include "machine/model_write.h"

#include <string.h>

#include "base/units.h"

/* A text value on one line: line breaks and other control characters become spaces. */
static void append_text(GString *out, const char *s)
{
	for (; *s; s++)
		g_string_append_c(out, (unsigned char)*s < 0x20 ? ' ' : *s);
}

static void append_figure(GString *out, const struct figure *f)
{
	units_duration_exact(out, f->median);
	if (!f->n)
		return;
	g_string_append(out, " [");
	units_duration_exact(out, f->lo);
	g_string_append(out, ", ");
	units_duration_exact(out, f->hi);
	g_string_append_printf(out, "] n=%u", f->n);
}

/*
 * Whether group mg has something to say: a group of the simulator's figures
 * always does (its zeros are figures too); [measured] only when the probe
 * measured something; a text only when set.
 */
static bool group_has_values(const struct model_group *mg, const struct model *m)
{
	for (const struct param *p = mg->keys; p->name; p++) {
		const char *field = (const char *)m + p->offset;

		switch (p->type) {
		case PARAM_TEXT:
			if (*(char *const *)(const void *)field)
				return true;
			break;
		case PARAM_FIGURE:
			if (mg->figures || ((const struct figure *)(const void *)field)->median ||
			    ((const struct figure *)(const void *)field)->n)
				return true;
			break;
		default:
			if (mg->figures)
				return true;
		}
	}
	return false;
}

void model_write(GString *out, const struct model *m)
{
	g_string_append(out, "# A schedlab model file (docs/model-format.md).\n");
	for (const struct model_group *mg = model_groups; mg->name; mg++) {
		if (!group_has_values(mg, m))
			continue;
		g_string_append_printf(out, "\n[%s]\n", mg->name);
		for (const struct param *p = mg->keys; p->name; p++) {
			const char *field = (const char *)m + p->offset;

			switch (p->type) {
			case PARAM_TEXT: {
				const char *s = *(char *const *)(const void *)field;

				if (!s || !*s)
					continue;
				g_string_append_printf(out, "%s = ", p->name);
				append_text(out, s);
				break;
			}
			case PARAM_FIGURE:
				g_string_append_printf(out, "%s = ", p->name);
				append_figure(out, (const struct figure *)(const void *)field);
				break;
			case PARAM_UINT: {
				uint32_t v;

				memcpy(&v, field, sizeof(v));
				g_string_append_printf(out, "%s = %u", p->name, v);
				break;
			}
			case PARAM_SIZE32: {
				uint32_t v;

				memcpy(&v, field, sizeof(v));
				g_string_append_printf(out, "%s = ", p->name);
				units_size_exact(out, v);
				break;
			}
			case PARAM_SIZE: {
				uint64_t v;

				memcpy(&v, field, sizeof(v));
				g_string_append_printf(out, "%s = ", p->name);
				units_size_exact(out, v);
				break;
			}
			default:
				g_assert_not_reached();
			}
			g_string_append_c(out, '\n');
		}
	}
}

bool model_write_file(const struct model *m, const char *path, GError **error)
{
	GString *text = g_string_new(NULL);
	bool ok;

	model_write(text, m);
	ok = g_file_set_contents(path, text->str, (gssize)text->len, error);
	g_string_free(text, TRUE);
	return ok;
}
