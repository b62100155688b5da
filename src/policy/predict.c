/*
 * predict.c - exponential averaging of CPU bursts; see predict.h.
 */
#include "policy/predict.h"

const char *const predict_choices[] = { "known", "exp_avg", NULL };

bool predict_check(const struct predict_conf *pc, const char **key, GString *msg)
{
	if (!(pc->alpha >= 0.0 && pc->alpha <= 1.0)) {
		*key = "alpha";
		g_string_append(msg, "must be between 0 and 1");
		return false;
	}
	return true;
}

sim_time_t predict_next(double alpha, sim_time_t burst, sim_time_t tau)
{
	const uint64_t one = (uint64_t)1 << PREDICT_SHIFT;
	uint64_t a = (uint64_t)(alpha * (double)one + 0.5);
	unsigned __int128 v;

	if (a > one)
		a = one;
	v = (unsigned __int128)a * (uint64_t)burst + (unsigned __int128)(one - a) * (uint64_t)tau;
	return (sim_time_t)((v + one / 2) >> PREDICT_SHIFT);
}

/* The guess for t's next (or current) burst as a whole. */
static sim_time_t predict_guess(const struct predict_conf *pc, const struct predict_task *p)
{
	return p->has_tau ? p->tau : pc->tau0;
}

sim_time_t predict_remaining(const struct predict_conf *pc, const struct predict_task *p,
			     const struct task *t)
{
	sim_time_t done = t->burst - t->remaining;
	sim_time_t guess;

	if (pc->predict == PREDICT_KNOWN)
		return policy_need(t);
	guess = predict_guess(pc, p);
	if (t->remaining == 0) /* between bursts: the next one's guess */
		return guess > 0 ? guess : 1;
	return guess > done ? guess - done : 0;
}

void predict_put_prev(const struct predict_conf *pc, struct predict_task *p, const struct task *t)
{
	if (t->remaining != 0 || t->burst == 0) /* a burst of 0 is no CPU burst */
		return;
	/*
	 * A burst is learned once: a task that yields and is taken off the
	 * CPU again before it starts its next burst (or yields twice) comes
	 * back here with the same finished burst and no CPU time since.
	 */
	if (p->has_tau && p->learned_cpu == t->cpu_time)
		return;
	p->tau = predict_next(pc->alpha, t->burst, predict_guess(pc, p));
	p->has_tau = true;
	p->learned_cpu = t->cpu_time;
}
