/*
 * policy.c - the registry of policies.
 *
 * One explicit array, in the order `schedlab policies` lists them, expanded
 * from policies.def (an X-macro list: one POLICY(name) line per policy).
 * A new policy adds its file to Makefile.am and one line to policies.def.
 */
#include "policy/policy.h"

#include <string.h>

#define POLICY(name) extern const struct policy_ops name##_policy;
#include "policy/policies.def"
#undef POLICY

static const struct policy_ops *const registry[] = {
#define POLICY(name) &name##_policy,
#include "policy/policies.def"
#undef POLICY
	NULL,
};

const struct policy_ops *const *policy_all(void)
{
	return registry;
}

const struct policy_ops *policy_find(const char *name)
{
	for (const struct policy_ops *const *p = registry; *p; p++)
		if (!strcmp((*p)->name, name))
			return *p;
	return NULL;
}
