/*
 * sched_int.h - the scheduler core's private state, shared by its files.
 *
 *   sched.c    life of a run: events, dispatch, steps, accounting, records
 *   tasks.c    per-task storage by id; arrival and creation
 *   wait.c     wait queues, wake-ups and timers: the doors of sync and runtimes
 *   setprio.c  a task's effective priority changed from above (inheritance)
 *   costs.c    what the model charges: switches, TLB, creation, memory
 *   balance.c  run queues across CPUs: placement, migration, balancing
 *   tick.c     the policy's periodic tick: one event per tick instant
 *
 * Nothing outside src/sched includes this header.
 */
#ifndef SCHEDLAB_SCHED_INT_H
#define SCHEDLAB_SCHED_INT_H

#include "base/histogram.h"
#include "engine/engine.h"
#include "machine/model.h"
#include "policy/policy.h"
#include "sched/pelt.h"
#include "sched/sched.h"
#include "task/task.h"

/* Purposes of a task's own event (event.tag). */
enum {
	TEV_ARRIVE,  /* the task appears; creation starts */
	TEV_CREATED, /* creation cost paid: the task is ready to go */
	TEV_WAKE,    /* end of a STEP_SLEEP */
};

#define NO_TASK UINT32_MAX

/*
 * The core's own wake flag, beside the policy's ENQ_ flags and never handed
 * to a policy: a synchronous wake-up (the kernel's WF_SYNC), whose waker is
 * expected to block soon (sched_wake_sync).
 */
#define WAKE_SYNC (1u << 16)

/*
 * What the core keeps of a task beside its PCB, out of the policies' sight.
 * A READY task is on its run queue's list and a waiting task on its wait
 * queue, never both, so the two share the links, as a kernel task is on a
 * run queue or a wait queue.
 */
struct sched_task {
	struct task pub;   /* the PCB: first, so a task is its slot */
	struct event ev;   /* arrival, end of creation, end of a sleep */
	uint32_t qprev;	   /* READY: the core's run queue list; BLOCKED on a */
	uint32_t qnext;	   /* wait queue: that queue (task ids) */
	uint32_t wait_obj; /* the object waited on, NO_TASK: none */
	uint8_t driver;	   /* index in sched->drivers */
	/* flags in one byte, so that the slot ends 8 bytes sooner (176, not 184) */
	bool remote_wake : 1; /* its wake-up had to reach another CPU: pays a remote wakeup */
	bool on_waitq : 1;    /* BLOCKED on a wait queue */
	bool starting : 1;    /* a process whose start ([create] process_start) is still to run */
	bool exiting : 1;     /* a process running its exit ([create] process_exit) */
};

/*
 * balance.c's part of a task, in its slot only when balancing runs (more
 * than one CPU, one queue per CPU): its PELT load.
 */
struct task_load {
	struct pelt pelt; /* the task's load */
	int16_t cpu;	  /* the CPU whose load holds this task's, -1: none */
};

/*
 * A slot: the task, its driver's area (at a fixed offset, so that a driver
 * finds it from the task alone), its load (when balancing runs), then its
 * policy's area.
 */
#define SLOT_EXT_OFFSET ((sizeof(struct sched_task) + 7) & ~(size_t)7)

static inline struct sched_task *st_of(const struct task *t)
{
	return (struct sched_task *)t; /* pub is the first member */
}

struct cpu {
	struct event ev; /* end of the running burst or slice */
	uint32_t id;
	struct rq *rq;		 /* its queue (shared by all CPUs when global) */
	struct task *curr;	 /* running (or switching to), NULL when idle */
	struct task *last;	 /* the last task that ran here, for switch costs */
	bool last_runnable;	 /* ... and it left still runnable (an involuntary switch) */
	bool yielded;		 /* ... by sched_yield: the next switch costs yield_switch */
	struct task *requeue;	 /* taken off, still runnable: re-queued at dispatch */
	unsigned requeue_flags;	 /* ENQ_EXPIRED, ENQ_PREEMPTED or ENQ_YIELD */
	bool need_resched;	 /* wants a decision at this instant's dispatch */
	bool preempt;		 /* curr is to be taken off at dispatch ... */
	unsigned preempt_flags;	 /* ... and re-queued with these ENQ_ flags */
	struct task *preempt_by; /* ENQ_PREEMPTED: the READY task that preempts it */
	bool idle_reported;	 /* REC_IDLE already emitted for this idle spell */
	sim_time_t run_start;	 /* when curr starts running (after switch costs) */
	sim_time_t accounted;	 /* curr's accounting is up to date until here */
	sim_time_t ran;		 /* curr's CPU time since it was picked */
	sim_time_t slice_end;	 /* when curr's slice ends, SIM_TIME_INF: never */
	uint32_t *tlb_pids;	 /* address spaces held by the TLB, most recent first */
	uint32_t tlb_len;
	uint32_t lb_failed;  /* balancing passes in a row that moved nothing */
	uint64_t weight;     /* load weights of the tasks runnable here */
	struct pelt load;    /* balance.c: the CPU's load (cfs_rq->avg) */
	uint64_t marks_seen; /* balance.c: the marks applied to load (pelt_mark_all) */
	uint32_t tick_prev;  /* tick.c: the CPUs of its tick batch, in order */
	uint32_t tick_next;
	uint8_t tick_batch; /* tick.c: its batch in sched.ticks, TICK_NONE: not armed */
	struct cpu_result stats;
};

/*
 * What the core keeps per run queue besides the policy's view: the READY
 * tasks in the order they were queued (most recent at the head), linked by
 * task ids through qprev/qnext. Balancing migrates from the tail, the task
 * that has waited longest and whose cache is coldest. Kept only where they
 * are read (sched.lists_kept): balancing between queues, and
 * sched_set_priority.
 */
struct rq_list {
	uint32_t head, tail;
};

/*
 * tick.c: the ticks of one instant are one event, a batch of CPUs in the
 * order their ticks were armed. TICK_BATCHES may be pending at once; the
 * slot after them holds the batch being served.
 */
struct tick_batch {
	struct event ev;     /* EV_PHASE_TICK at its instant, pending while it has CPUs */
	uint32_t head, tail; /* its CPUs, linked through cpu.tick_prev/tick_next */
};
#define TICK_BATCHES 4
#define TICK_SERVING TICK_BATCHES
#define TICK_NONE    UINT8_MAX

/* Task slots by id, in chunks of TASK_CHUNK allocated when first used. */
#define TASK_CHUNK_SHIFT 10
#define TASK_CHUNK	 (1u << TASK_CHUNK_SHIFT)

/* sched.lat_gid: no sample yet; samples of several groups (each has its own). */
#define LAT_NONE  UINT32_MAX
#define LAT_MIXED (UINT32_MAX - 1)

struct sched {
	struct engine eng;
	const struct model *model;
	struct record_sink sink;
	struct record rec; /* the record handed to the sink (sched.c emit_rec) */
	GString *why;	   /* scratch for reasons (only with a sink that wants them) */
	GString *lb_why;   /* why the last newidle balance moved nothing (the same) */
	/* The task name of the last record, formatted once: a run interval's
	 * records (dispatch, then expire or block) name the same task. A name is
	 * its group's and index's: they are the key. */
	const struct task_group *rec_group;
	uint32_t rec_index;
	size_t rec_index_at; /* task_name_index_at of rec_group, 0: format every name */
	char rec_name[TASK_NAME_MAX];
	size_t rec_name_len; /* strlen(rec_name) */
	struct policy policy;
	bool global_queue;
	struct rq *rqs;	       /* one per CPU, or one shared (global_queue) */
	struct rq_list *lists; /* the core's list of each rq's READY tasks */
	int64_t *queue_said;   /* per rq: the length its last REC_QUEUE gave, -1: none */
	int64_t *load_said;    /* per CPU: the load its last REC_LOAD gave, -1: none */
	bool lists_kept;       /* ... kept: more than one rq, or priorities may change */
	uint32_t nrqs;
	struct rng policy_rng; /* the stream of randomised policies */
	struct cpu *cpus;
	uint32_t ncpus;
	struct cpu *waker; /* the CPU whose running task's step is being decided
			    * (sched_advance), NULL: a timer, an arrival */
	uint64_t *resched; /* bit i: cpus[i].need_resched */
	uint32_t nresched; /* words of resched, of idle and of overloaded */
	/* With more than one CPU and a queue each (track), by the tasks on
	 * each CPU (cpu_nr_running): */
	bool track;
	uint64_t *idle;		 /* bit i: none (balance.c's idle CPUs) */
	uint64_t *overloaded;	 /* bit i: two or more (group_overloaded) */
	struct pelt_marks marks; /* balance.c: passes that read no CPU (pelt_mark_all) */

	/* tasks.c */
	char **chunks;		/* nchunks chunks of TASK_CHUNK slots, NULL: unused */
	uint32_t nchunks;	/* chunks the table holds (ids: nchunks * TASK_CHUNK) */
	char *region;		/* the first region_chunks chunks, in one mapping (bigmem) */
	uint32_t region_chunks; /* chunks cut from it; 0: no mapping */
	uint32_t ids;		/* one past the highest id that may exist */
	size_t slot_size;	/* struct sched_task, policy area, driver area */
	size_t load_offset;	/* of the struct task_load in a slot, 0: none */
	size_t priv_offset;	/* of the policy area in a slot */
	size_t priv_size;	/* policy area, rounded */
	size_t ext_size;	/* driver area, rounded */
	uint64_t created;	/* tasks created */
	uint64_t completed;	/* tasks terminated */
	uint32_t *pid_live;	/* live tasks per address space */
	uint32_t npid_slots;	/* entries of pid_live */

	const struct driver_ops *drivers[SCHED_MAX_DRIVERS];
	void *driver_self[SCHED_MAX_DRIVERS];
	unsigned ndrivers;
	uint32_t charging; /* bit i: drivers[i] has a charge hook */
	bool curr_hooks;   /* the policy's update_curr or some driver's charge */

	uint64_t memory; /* bytes in use now */
	uint64_t peak_memory;
	struct event dispatch_ev; /* the one DISPATCH event */
	struct event balance_ev;  /* the periodic load balancer */
	bool balancing;		  /* balance_periodic(): the balancer runs */
	uint64_t decisions;	  /* dispatch decisions taken: a task picked, or idle */
	uint64_t balance_ticks;	  /* balancer passes so far */
	sim_time_t tick_period;	  /* the policy's tick, 0: none */
	struct tick_batch ticks[TICK_BATCHES + 1]; /* tick.c */
	uint8_t tick_open;			   /* tick.c: the batch queued last */
	uint8_t tick_live;	     /* tick.c: bit i: ticks[i] is queued (and so holds CPUs) */
	GError *failure;	     /* set when the run must stop */
	void (*progress)(void *ctx); /* sched_set_progress */
	void *progress_ctx;

	/* Capacity figures (result.h): latencies, warm-up, backlog. */
	sim_time_t warmup;	   /* 0: none */
	bool warm;		   /* the warm-up is over (or there is none) */
	struct cpu_result *stats0; /* each CPU's counters at the end of the warm-up */
	struct hist *lat;	   /* READY until running, every time */
	struct hist **glat;	   /* ... per group (by gid - 1), allocated when first used */
	uint32_t nglat;
	/* the group (0: none) of every sample of lat so far, whose histogram lat
	 * stands for; LAT_NONE, LAT_MIXED */
	uint32_t lat_gid;
	struct group_result *gwarm; /* ... each group's tasks' counters at its end (by gid - 1) */
	uint32_t ngwarm;
	bool gwarm_taken;		 /* group_snapshot() ran */
	uint64_t backlog;		 /* tasks arrived and not finished, carriers aside */
	struct backlog_sample *bsamples; /* BACKLOG_SAMPLES */
	uint32_t nbsamples, bstride, bcountdown;
};

static inline void rq_sync(struct sched *s, struct rq *rq)
{
	rq->now = s->eng.now;
}

static inline bool want_why(const struct sched *s)
{
	return s->sink.emit && s->sink.want_why;
}

/* The task of an id that exists (a link). */
static inline struct task *task_at(const struct sched *s, uint32_t id)
{
	return (struct task *)(s->chunks[id >> TASK_CHUNK_SHIFT] +
			       (size_t)(id & (TASK_CHUNK - 1)) * s->slot_size);
}

/* balance.c's part of t; only where s->load_offset != 0. */
static inline struct task_load *load_of(const struct sched *s, const struct task *t)
{
	return (struct task_load *)((char *)t + s->load_offset);
}

/* sched.c */
/* A latency sample of group gid (0: none) that is not s->lat_gid's. */
void sched_note_group_latency(struct sched *s, uint32_t gid, sim_time_t lat);
/* t waited `lat` from READY to running (a user-level task too). */
static inline void sched_note_latency(struct sched *s, const struct task *t, sim_time_t lat)
{
	uint32_t gid = t->group ? t->group->gid : 0;

	if (G_UNLIKELY(!s->warm))
		return;
	if (G_UNLIKELY(gid != s->lat_gid))
		sched_note_group_latency(s, gid, lat);
	hist_add(s->lat, lat);
}
/* A task (not a carrier) arrives or ends: the backlog. */
void sched_backlog_arrive(struct sched *s, const struct task *t);
static inline void sched_backlog_leave(struct sched *s, const struct task *t)
{
	if (t->role != TASK_ROLE_CARRIER)
		s->backlog--;
}

/* A REC_QUEUE record of rq's length, unless it gave that length last. */
void sched_emit_queue(struct sched *s, const struct rq *rq);
void sched_emit(struct sched *s, enum record_kind kind, const struct cpu *c, const struct task *t,
		sim_time_t length, const char *why);
/* REC_RUN: carrier (on c, or NULL when it is not running) runs the user task t. */
void sched_emit_run(struct sched *s, const struct cpu *c, const struct task *t,
		    const struct task *carrier, const char *why);
void sched_request_dispatch(struct sched *s, struct cpu *c);
/* Ask t's driver what it does, and do it. c: the CPU t runs on, or NULL. */
void sched_advance(struct sched *s, struct task *t, struct cpu *c, unsigned wake_flags);
/* A reason built in s->why, or NULL when nobody asked for reasons. */
const char *sched_why_time(struct sched *s, const char *prefix, sim_time_t t);

/* The policy's tick on CPU c (tick.c serves the CPUs of a tick instant). */
void sched_tick(struct sched *s, struct cpu *c);

/* tick.c */
void tick_init(struct sched *s);
void tick_arm_timer(struct sched *s, struct cpu *c);
void tick_cancel_timer(struct sched *s, struct cpu *c);
/* Arm c's next tick, unless it is armed: the first multiple of the period after now. */
static inline void tick_arm(struct sched *s, struct cpu *c)
{
	if (s->tick_period && c->tick_batch == TICK_NONE)
		tick_arm_timer(s, c);
}
static inline void tick_cancel(struct sched *s, struct cpu *c)
{
	if (c->tick_batch != TICK_NONE)
		tick_cancel_timer(s, c);
}

/* READY t was queued on rq: an idle CPU takes it, or it preempts where the policy says. */
void sched_kick(struct sched *s, struct rq *rq, struct task *t);

/* wait.c */
/* Put BLOCKED t at the tail of wq, waiting on object obj. */
void waitq_add(struct sched *s, struct waitq *wq, struct task *t, uint32_t obj);

/* tasks.c */
void tasks_init(struct sched *s, uint32_t ids, size_t priv_size, size_t ext_size);
void tasks_release(struct sched *s);

/* costs.c */
bool costs_memory_take(struct sched *s, struct task *t);
void costs_memory_release(struct sched *s, struct task *t);
sim_time_t costs_switch(struct sched *s, struct cpu *c, struct task *next);
sim_time_t costs_create(const struct sched *s, const struct task *t, const struct task *parent);
/* A process's exit first runs for the model's process_exit: turns *step (an exit) into that run. */
void costs_exit(struct sched *s, struct task *t, struct step *step);
/* A process's start ([create] process_start) before its first step; 0: none. */
sim_time_t costs_start(const struct sched *s, const struct task *t);

/* balance.c */
/* Tasks on CPU c: running or about to be re-queued, plus its queue's READY ones. */
static inline uint32_t cpu_nr_running(const struct cpu *c)
{
	return (c->curr || c->requeue ? 1 : 0) + c->rq->nr_queued;
}

/*
 * The tasks on c changed (its running task, the one it re-queues, or its
 * queue): its bits in s->idle and s->overloaded, when they are kept.
 */
static inline void cpu_nr_changed(struct sched *s, const struct cpu *c)
{
	uint32_t nr, w = c->id / 64;
	uint64_t bit = UINT64_C(1) << (c->id % 64);

	if (G_LIKELY(!s->track))
		return;
	nr = cpu_nr_running(c);
	s->idle[w] = nr == 0 ? s->idle[w] | bit : s->idle[w] & ~bit;
	s->overloaded[w] = nr >= 2 ? s->overloaded[w] | bit : s->overloaded[w] & ~bit;
}

/* The same for the CPU of rq (a queue per CPU whenever the bits are kept). */
static inline void rq_nr_changed(struct sched *s, const struct rq *rq)
{
	if (G_UNLIKELY(s->track))
		cpu_nr_changed(s, &s->cpus[rq->cpu]);
}

/* The core's list of rq's READY tasks: a queue per CPU has its CPU's index. */
static inline struct rq_list *rq_list_of(struct sched *s, const struct rq *rq)
{
	return &s->lists[rq->cpu >= 0 ? rq->cpu : 0];
}

/* The core's list of rq's READY tasks, most recent at the head. */
static inline void rq_list_add(struct sched *s, struct rq *rq, struct task *t)
{
	struct rq_list *l = rq_list_of(s, rq);
	struct sched_task *st = st_of(t);

	st->qprev = NO_TASK;
	st->qnext = l->head;
	if (l->head != NO_TASK)
		st_of(task_at(s, l->head))->qprev = t->id;
	else
		l->tail = t->id;
	l->head = t->id;
}

static inline void rq_list_del(struct sched *s, struct rq *rq, struct task *t)
{
	struct rq_list *l = rq_list_of(s, rq);
	struct sched_task *st = st_of(t);

	if (st->qprev != NO_TASK)
		st_of(task_at(s, st->qprev))->qnext = st->qnext;
	else
		l->head = st->qnext;
	if (st->qnext != NO_TASK)
		st_of(task_at(s, st->qnext))->qprev = st->qprev;
	else
		l->tail = st->qprev;
	st->qprev = st->qnext = NO_TASK;
}

/*
 * The CPU whose queue takes a task that becomes READY (NULL: the global
 * queue). `waker`: the CPU of the running task that woke t (NULL: a timer,
 * an I/O completion, an arrival); `sync`: that waker is about to block
 * (WAKE_SYNC). For a wake-up, sets t's remote_wake when the wake-up must
 * reach another CPU.
 */
struct cpu *balance_select_cpu(struct sched *s, struct task *t, unsigned flags, struct cpu *waker,
			       bool sync);
/* CPU c found nothing to run: pull one task from the busiest CPU. */
bool balance_newidle(struct sched *s, struct cpu *c);
/* Whether tasks carry a load (struct task_load): more than one CPU, a queue each. */
bool balance_loads(const struct sched *s);
/* Whether the periodic balancer runs: more than one queue and a policy that can dequeue. */
bool balance_periodic(const struct sched *s);
/* t becomes runnable on c (arrival, wake-up), or stops being (sleep, exit). */
void balance_task_join_load(struct sched *s, struct task *t, struct cpu *c, bool fresh);
void balance_task_leave_load(struct sched *s, struct task *t, struct cpu *c, bool exits);
static inline void balance_task_join(struct sched *s, struct task *t, struct cpu *c, bool fresh)
{
	if (s->load_offset)
		balance_task_join_load(s, t, c, fresh);
}
static inline void balance_task_leave(struct sched *s, struct task *t, struct cpu *c, bool exits)
{
	if (s->load_offset)
		balance_task_leave_load(s, t, c, exits);
}
/* Make sure the periodic balancer runs while tasks wait. */
void balance_arm_timer(struct sched *s);
static inline void balance_arm(struct sched *s)
{
	if (s->balancing && !event_pending(&s->balance_ev))
		balance_arm_timer(s);
}
void balance_on_event(struct event *ev, void *ctx);
/*
 * Called when a CPU finds nothing to run: when the balancer's pass is all
 * the run has left (no other event pending, no task queued or running), it
 * is cancelled, so that the run ends at its last task's exit, not at the
 * pass that would find nothing to do.
 */
void balance_quiesce_slow(struct sched *s);
static inline void balance_quiesce(struct sched *s)
{
	if (event_pending(&s->balance_ev) && evq_len(&s->eng.q) == 1)
		balance_quiesce_slow(s);
}

#endif
