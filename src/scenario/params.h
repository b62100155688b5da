/*
 * params.h - a policy's parameters, from its declared table.
 *
 * Each policy declares its parameters (base/param.h: name, type, default, help,
 * offset, bounds) instead of parsing them. This module fills a policy's
 * configuration struct from the policy's group of a scenario file ([rr]
 * quantum = 4), with the same value syntax and error format as every other
 * key, and describes the table for `schedlab policies`. It knows nothing of
 * what any parameter means.
 */
#ifndef SCHEDLAB_PARAMS_H
#define SCHEDLAB_PARAMS_H

#include <glib.h>
#include <stdbool.h>

#include "base/simtime.h"
#include "policy/policy.h"
#include "scenario/linemap.h"

/*
 * Fill conf (ops->conf_size zeroed bytes) with the defaults of ops->params,
 * then with the keys of the group named ops->name in lm (if there is one),
 * then call ops->check. Bare durations are in time_unit ns. An unknown key
 * is an error (with a "did you mean"). On error, returns false; conf may
 * then be partly filled.
 */
bool params_load(const struct policy_ops *ops, void *conf, const struct linemap *lm,
		 sim_time_t time_unit, GError **error);

/*
 * Append one line per parameter of ops: name, type, default and help,
 * in aligned columns and indented by four spaces; or a line saying that the
 * policy has none.
 */
void params_describe(const struct policy_ops *ops, GString *out);

#endif
