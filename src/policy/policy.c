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

void policy_format_time(GString *out, sim_time_t t)
{
	static const struct {
		sim_time_t unit;
		const char *suffix;
	} units[] = { { SIM_S, "s" }, { SIM_MS, "ms" }, { SIM_US, "us" } };

	if (t == SIM_TIME_INF) {
		g_string_append(out, "unlimited");
		return;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(units); i++) {
		sim_time_t u = units[i].unit;

		if (t >= u || t <= -u) {
			/* Two decimals, computed in integers: no locale, no rounding drift. */
			sim_time_t hundredths = (t * 100 + (t >= 0 ? u / 2 : -u / 2)) / u;
			sim_time_t a = hundredths >= 0 ? hundredths : -hundredths;

			g_string_append_printf(
				out, "%s%" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT " %s",
				hundredths < 0 ? "-" : "", a / 100, a % 100, units[i].suffix);
			return;
		}
	}
	g_string_append_printf(out, "%" G_GINT64_FORMAT " ns", t);
}
