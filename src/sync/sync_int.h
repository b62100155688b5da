/*
 * sync_int.h - what the files of src/sync share.
 *
 *   sync.c       the world's objects by id, the class registry, the shared
 *                steps (block, wake, hand over) and the accounting
 *   mutex.c semaphore.c condvar.c rwlock.c pipe.c channel.c   one per kind
 *   waitfor.c    deadlock detection: the wait-for graph, and all-blocked
 *
 * Nothing outside src/sync includes this header.
 */
#ifndef SCHEDLAB_SYNC_INT_H
#define SCHEDLAB_SYNC_INT_H

#include "sync/sync.h"

#define NO_ID UINT32_MAX

struct sync_obj;

/*
 * A kind of object, in the manner of policy_ops: a const table of hooks,
 * listed in one registry (sync.c). Hooks see their object and the task; they
 * act on others only through the helpers below and the core's doors.
 */
struct sync_class {
	const char *kind; /* as in [mutex NAME] */
	/* Every op is one system call, blocking or not (pipe: read(2) and
	 * write(2); channel: mq_receive(3) and mq_send(3)). Else the kind is
	 * futex-based: an op enters the kernel only to block (FUTEX_WAIT) or to
	 * wake a waiter (FUTEX_WAKE); see sync.c. */
	bool call_per_op;
	/* Its wake-ups are synchronous, the kernel's WF_SYNC: the waker is
	 * expected to block soon (pipes: wake_up_interruptible_sync_poll, both
	 * ways). Not POSIX message queues or futexes, which wake through a
	 * wake_q without it. See sched_wake_sync. */
	bool wake_sync;
	size_t size; /* bytes of the object, struct sync_obj first */
	void (*init)(struct sync_obj *o);
	/* Running task t executes or resumes (st->active was already set
	 * before) op: out is STEP_RUN 0 (done) or a wait (sync_block). */
	void (*op)(struct sync_obj *o, struct task *t, struct sync_task *st, const struct op *op,
		   struct step *out);
	/* The tasks holding o, for the wait-for graph (mutex, rwlock): how many
	 * there are, the first `max` of them in ids. NULL: never any. */
	uint32_t (*holders)(const struct sync_obj *o, uint32_t *ids, uint32_t max);
	/* Invariants (sync_check_invariants); optional. */
	bool (*check)(const struct sync_obj *o, GString *msg);
	void (*release)(struct sync_obj *o); /* optional */
};

struct sync_obj {
	const struct sync_class *cls;
	struct sync_world *w;
	const struct sync_conf *conf;
	uint32_t id;
	char *why[OP__COUNT];	/* "lock m": what a task blocked here waits for */
	struct object_result r; /* the counters (name and kind filled at the end) */
	int last_cpu;		/* the CPU of its last completed call (pipes, channels); -1: none */
};

struct sync_world {
	struct sched *core;
	struct sync_obj **objs;
	uint32_t n;
	struct deadlock_result dl;
	GString *scratch;
	sim_time_t syscall;    /* one system call's CPU time, charged to its caller */
	sim_time_t ipc_remote; /* more for a call on another CPU than its object's last */
	struct sync_task *cur; /* the op being executed (sync_op), else NULL */
	bool stopped;	       /* the run was stopped: a misuse or a deadlock */
};

extern const struct sync_class sync_mutex_class, sync_semaphore_class, sync_condvar_class,
	sync_rwlock_class, sync_pipe_class, sync_channel_class;

static inline sim_time_t sync_now(const struct sync_obj *o)
{
	return sched_now(o->w->core);
}

static inline struct task *sync_task(const struct sync_obj *o, uint32_t id)
{
	return sched_task_get(o->w->core, id);
}

/* The step of a finished op. */
static inline void sync_done(struct step *out)
{
	out->kind = STEP_RUN;
	out->len = 0;
}

/*
 * t blocks on wq, a queue of o, for op kind k (what its records say). Runs
 * the deadlock check first: on a cycle the run stops.
 */
void sync_block(struct sync_obj *o, struct task *t, struct sync_task *st, struct waitq *wq,
		enum op_kind k, struct step *out);
/* Wake t, blocked on wq of o: it retries its op once it runs. */
void sync_wake(struct sync_obj *o, struct waitq *wq, struct task *t);
/* Wake t, handing it what it waited for: its op is done once it runs. */
void sync_grant(struct sync_obj *o, struct waitq *wq, struct task *t);
/* The first waiter of wq, or NULL. */
struct task *sync_first(const struct sync_obj *o, const struct waitq *wq);
/* t's op on o got what it asked for now: count the acquisition and its wait. */
void sync_acquired(struct sync_obj *o, const struct sync_task *st);
/* Something of o held since `since` is released now. */
void sync_released(struct sync_obj *o, sim_time_t since);
/* Stop the run: a program misused o. */
void sync_misuse(struct sync_obj *o, const struct task *t, const char *what);

/* mutex.c, for condvar.c: lock (or resume locking) / unlock m for t. */
void mutex_lock(struct sync_obj *m, struct task *t, struct sync_task *st, struct step *out);
bool mutex_unlock(struct sync_obj *m, struct task *t);
uint32_t mutex_owner(const struct sync_obj *m);

/* waitfor.c */
/* t is about to block on o: is there a cycle back to t? Records it and stops the run. */
bool waitfor_check(struct sync_world *w, struct task *t, struct sync_obj *o, enum op_kind k);
/* The names of the objects t holds, NULL-terminated. */
char **waitfor_holds(const struct sync_world *w, uint32_t task);

#endif
