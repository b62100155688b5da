/*
 * setprio.c - a task's effective priority, changed from above: the core's
 * door for priority inheritance (a mutex with protocol = inherit, src/sync).
 *
 * As the kernel's rt_mutex_setprio (kernel/sched/core.c): a READY task is
 * taken off its queue (DEQ_SAVE), given its new priority and queued again
 * (ENQ_RESTORE), at the tail of its new level, then may take an idle CPU or
 * preempt as a task waking up would. A running task that becomes less
 * urgent is preempted when a READY task of its queue now would preempt it
 * (prio_changed_rt's resched). Under a policy that does not schedule by
 * priority (policy_ops.urgency NULL) only the attribute changes: Linux's
 * inheritance does not reweight fair tasks either.
 */
#include "sched/sched_int.h"

bool sched_prio_urgency(const struct sched *s, int32_t prio, int64_t *urgency)
{
	if (!s->policy.ops->urgency)
		return false;
	*urgency = s->policy.ops->urgency(&s->policy, prio);
	return true;
}

/* The run queue whose policy holds READY t, NULL when it is not in one (a
 * task taken off a CPU, re-queued at this instant's dispatch). */
static struct rq *queue_of(struct sched *s, const struct task *t)
{
	for (uint32_t i = 0; i < s->nrqs; i++)
		for (uint32_t id = s->lists[i].head; id != NO_TASK;
		     id = st_of(task_at(s, id))->qnext)
			if (id == t->id)
				return &s->rqs[i];
	return NULL;
}

/* Running t became less urgent: does a READY task of its queue now preempt it? */
static void recheck_running(struct sched *s, struct task *t)
{
	const struct policy_ops *ops = s->policy.ops;
	struct cpu *c = NULL;

	for (uint32_t i = 0; i < s->ncpus && !c; i++)
		if (s->cpus[i].curr == t)
			c = &s->cpus[i];
	if (!c || c->preempt || !ops->wakeup_preempt)
		return;
	rq_sync(s, c->rq);
	for (uint32_t id = s->lists[c->rq - s->rqs].head; id != NO_TASK;
	     id = st_of(task_at(s, id))->qnext) {
		if (ops->wakeup_preempt(c->rq, t, task_at(s, id))) {
			c->preempt = true;
			c->preempt_flags = ENQ_PREEMPTED;
			c->preempt_by = task_at(s, id);
			sched_request_dispatch(s, c);
			return;
		}
	}
}

void sched_set_priority(struct sched *s, struct task *t, int32_t prio)
{
	const struct policy_ops *ops = s->policy.ops;
	int32_t old = t->priority;
	struct rq *rq;

	g_assert(s->lists_kept); /* not a core of sched_config.fixed_priorities */
	if (prio == old)
		return;
	if (!ops->urgency) {
		t->priority = prio;
		return;
	}
	if (t->state == TASK_READY && (rq = queue_of(s, t)) != NULL) {
		g_assert(ops->dequeue);
		rq_sync(s, rq);
		ops->dequeue(rq, t, DEQ_SAVE);
		t->priority = prio;
		ops->enqueue(rq, t, ENQ_RESTORE);
		sched_kick(s, rq, t);
		return;
	}
	t->priority = prio;
	if (t->state == TASK_RUNNING &&
	    ops->urgency(&s->policy, prio) > ops->urgency(&s->policy, old))
		recheck_running(s, t);
}
