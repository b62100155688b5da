#include "policy/policy.h"
static struct task *x_pick(struct rq *rq) { return NULL; }
static void x_enq(struct rq *rq, struct task *t, unsigned f) {}
static sim_time_t x_slice(const struct rq *rq, const struct task *t) { return SIM_TIME_INF; }
static const struct policy_param x_params[] = { { NULL } };
const struct policy_ops eevdf_policy = { .name = "eevdf", .summary = "stub", .params = x_params, .enqueue = x_enq, .pick_next = x_pick, .slice = x_slice };
