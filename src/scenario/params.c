/*
 * params.c - a policy's parameters through the one loader of declared keys;
 * see params.h and schema.h.
 *
 * A policy's group is a schema whose keys are the policy's table and whose
 * check is the policy's: nothing here parses a value.
 */
#include "scenario/params.h"

#include "scenario/schema.h"

bool params_load(const struct policy_ops *ops, void *conf, const struct linemap *lm,
		 sim_time_t time_unit, GError **error)
{
	static const struct param none[] = { { .name = NULL } };
	const struct schema s = {
		.kind = ops->name,
		.keys = ops->params ? ops->params : none,
		.parameters = true,
		.check = ops->check,
	};
	struct schema_ctx ctx = { .time_unit = time_unit };

	return schema_load(&s, conf, lm, ops->name, &ctx, error);
}

void params_describe(const struct policy_ops *ops, GString *out)
{
	schema_describe(ops->params, out);
}
