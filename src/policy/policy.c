/*
 * policy.c - the registry of policies.
 *
 * One explicit array, in the order `schedlab policies` lists them. A new
 * policy adds its file to Makefile.am and one line here.
 */
#include "policy/policy.h"

#include <string.h>

extern const struct policy_ops fcfs_policy;
extern const struct policy_ops sjf_policy;
extern const struct policy_ops srtf_policy;
extern const struct policy_ops ljf_policy;
extern const struct policy_ops lrtf_policy;
extern const struct policy_ops hrrn_policy;
extern const struct policy_ops prio_policy;
extern const struct policy_ops rr_policy;
extern const struct policy_ops mlfq_policy;
extern const struct policy_ops cfs_policy;
extern const struct policy_ops eevdf_policy;
extern const struct policy_ops lottery_policy;
extern const struct policy_ops stride_policy;

static const struct policy_ops *const registry[] = {
	&fcfs_policy,  &sjf_policy,	&srtf_policy,	&ljf_policy,  &lrtf_policy,
	&hrrn_policy,  &prio_policy,	&rr_policy,	&mlfq_policy, &cfs_policy,
	&eevdf_policy, &lottery_policy, &stride_policy, NULL,
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
