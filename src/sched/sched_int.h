/*
 * sched_int.h - the scheduler core's private state, shared by its files.
 *
 *   sched.c    life of a simulation: events, dispatch, the program steps
 *   costs.c    what the model charges: switches, TLB, creation, memory
 *   balance.c  run queues across CPUs: placement, migration, balancing
 *
 * Nothing outside src/sched includes this header.
 */
#ifndef SCHEDLAB_SCHED_INT_H
#define SCHEDLAB_SCHED_INT_H

#include "engine/engine.h"
#include "policy/policy.h"
#include "sched/record.h"
#include "sched/result.h"
#include "sched/sched.h"
#include "task/task.h"

/* Purposes of a task's event (event.tag). */
enum {
	TEV_ARRIVE,  /* the task appears; creation starts */
	TEV_CREATED, /* creation cost paid: the task is ready to go */
	TEV_WAKE,    /* end of I/O or sleep */
};

#define NO_TASK UINT32_MAX

struct cpu {
	struct event ev;      /* end of the running burst or slice */
	struct event tick_ev; /* the policy's periodic tick while running */
	uint32_t id;
	struct rq *rq;		/* its queue (shared by all CPUs when global) */
	struct task *curr;	/* running (or switching to), NULL when idle */
	struct task *last;	/* the last task that ran here, for switch costs */
	struct task *requeue;	/* taken off, still runnable: re-queued at dispatch */
	unsigned requeue_flags; /* ENQ_EXPIRED, ENQ_PREEMPTED or ENQ_YIELD */
	bool need_resched;	/* wants a decision at this instant's dispatch */
	bool preempt;		/* curr is to be taken off at dispatch ... */
	unsigned preempt_flags; /* ... and re-queued with these ENQ_ flags */
	bool idle_reported;	/* REC_IDLE already emitted for this idle spell */
	sim_time_t run_start;	/* when curr starts running (after switch costs) */
	sim_time_t accounted;	/* curr's accounting is up to date until here */
	sim_time_t ran;		/* curr's CPU time since it was picked */
	sim_time_t slice_end;	/* when curr's slice ends, SIM_TIME_INF: never */
	uint32_t *tlb_pids;	/* address spaces held by the TLB, most recent first */
	uint32_t tlb_len;
	uint32_t lb_failed; /* balancing passes in a row that moved nothing */
	struct cpu_result stats;
};

/*
 * What the core keeps per run queue besides the policy's view: the READY
 * tasks in the order they were queued (most recent at the head), linked by
 * task ids through task->qprev/qnext. Balancing migrates from the tail, the
 * task that has waited longest and whose cache is coldest.
 */
struct rq_list {
	uint32_t head, tail;
};

struct sim {
	struct engine eng;
	const struct scenario *sc;
	const struct model *model;
	struct record_sink sink;
	GString *why; /* scratch for reasons (only with a sink that wants them) */
	struct policy policy;
	struct rq *rqs;	       /* one per CPU, or one shared (global_queue) */
	struct rq_list *lists; /* the core's list of each rq's READY tasks */
	uint32_t nrqs;
	struct rng policy_rng; /* the stream of randomised policies */
	struct cpu *cpus;
	uint32_t ncpus;
	struct task_group *groups;
	struct task *tasks;
	uint64_t ntasks;
	uint64_t *group_first; /* per group: id of its first task */
	uint32_t *spawned;     /* per group: tasks created so far by spawn ops */
	void *task_priv;       /* ntasks * priv_stride bytes */
	size_t priv_stride;
	uint32_t *pid_live; /* live tasks per address space */
	uint32_t npids;
	uint64_t completed;
	uint64_t memory; /* bytes in use now */
	uint64_t peak_memory;
	struct event dispatch_ev;				   /* the one DISPATCH event */
	struct event balance_ev;				   /* the periodic load balancer */
	uint64_t balance_ticks;					   /* balancer passes so far */
	sim_time_t tick_period;					   /* the policy's tick, 0: none */
	GError *failure;					   /* set when the run must stop */
	void (*progress)(void *ctx, const struct sim_progress *p); /* sim_set_progress */
	void *progress_ctx;
};

static inline void rq_sync(struct sim *s, struct rq *rq)
{
	rq->now = s->eng.now;
}

static inline const struct group_conf *group_of(const struct sim *s, const struct task *t)
{
	return &s->sc->groups[t->group - s->groups];
}

static inline bool want_why(const struct sim *s)
{
	return s->sink.emit && s->sink.want_why;
}

/* sched.c */
void sched_emit(struct sim *s, enum record_kind kind, const struct cpu *c, const struct task *t,
		sim_time_t length, const char *why);
void sched_request_dispatch(struct sim *s, struct cpu *c);
/* t is READY on rq: an idle CPU of rq takes it, or the policy may preempt. */
void sched_kick(struct sim *s, struct rq *rq, struct task *t);
/* Stop the run with a simulation failure. */
void sched_fail(struct sim *s, enum sim_error_code code, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* costs.c */
bool costs_memory_take(struct sim *s, struct task *t);
void costs_memory_release(struct sim *s, struct task *t);
sim_time_t costs_switch(struct sim *s, struct cpu *c, struct task *next);
sim_time_t costs_create(const struct sim *s, const struct task *t, const struct task *parent);

/* balance.c */
void rq_list_add(struct sim *s, struct rq *rq, struct task *t);
void rq_list_del(struct sim *s, struct rq *rq, struct task *t);
/* Tasks on CPU c: running or about to be re-queued, plus its queue's READY ones. */
uint32_t cpu_nr_running(const struct sim *s, const struct cpu *c);
/* The CPU whose queue takes a task that becomes READY. */
struct cpu *balance_select_cpu(struct sim *s, struct task *t, unsigned flags);
/* CPU c found nothing to run: pull one task from the busiest CPU. */
bool balance_newidle(struct sim *s, struct cpu *c);
/* Make sure the periodic balancer runs while tasks wait. */
void balance_arm(struct sim *s);
void balance_on_event(struct event *ev, void *ctx);

#endif
