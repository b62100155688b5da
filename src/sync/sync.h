/*
 * sync.h - synchronisation and IPC objects: mutexes, semaphores, condition
 * variables, reader-writer locks, pipes and channels, with deadlock
 * detection.
 *
 * Objects sit above the scheduler core and use only its doors (sched.h), in
 * the manner of kernel/locking/ over kernel/sched/wait.c: an object decides
 * who waits and who is woken; the core does the waiting and the waking, with
 * voluntary switches, wake-up costs (remote when the woken task lands on
 * another CPU) and wake-up preemption where the policy has it.
 *
 * A driver hands its task's op to sync_op while the task runs on a CPU. The
 * object answers with a step: STEP_RUN of 0 (done: go on with the next op)
 * or STEP_WAIT on one of its wait queues. A blocked task is woken by another
 * task's op and is then asked again; its driver answers STEP_READY and, once
 * the task runs, hands the same op to sync_op again, which finishes it (the
 * object handed it what it waited for: a mutex with handoff = fifo, a
 * semaphore's post, a rwlock, a channel's message) or retries it (a barging
 * mutex, a pipe) and may block again. A task acts on objects only while it
 * is on a CPU, so a lock taken "at the instant of a wake-up" is taken when
 * the woken task runs, as in a kernel.
 *
 * Every task that executes sync ops keeps a struct sync_task at the start of
 * its driver's per-task area (sched_task_ext), so that an object can hand
 * a waiter what it waits for.
 *
 * What an op costs the calling task: the system calls it makes, each
 * charged as `syscall` of CPU time (the model's [switch] syscall) on top of
 * any switch, as a STEP_RUN of that length once the op is done (the return
 * path of the call; sync.c says which ops enter the kernel and why).
 *
 * Nothing here knows scenario files: the world builder (src/sim) turns the
 * scenario's declared objects into struct sync_conf.
 */
#ifndef SCHEDLAB_SYNC_H
#define SCHEDLAB_SYNC_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "sched/result.h"
#include "sched/sched.h"
#include "task/program.h"
#include "task/task.h"

/* What one object is, as the scenario declares it. */
struct sync_conf {
	const char *name;    /* must outlive the world */
	const char *kind;    /* "mutex", "semaphore", "condvar", "rwlock", "pipe", "channel" */
	bool barging;	     /* mutex: handoff = barging (else fifo) */
	bool inherit;	     /* mutex: protocol = inherit */
	bool prefer_writers; /* rwlock: prefer = writers (else readers) */
	uint64_t value;	     /* semaphore: initial count */
	uint64_t capacity;   /* pipe: bytes; channel: messages (0: a rendezvous) */
	uint32_t mutex;	     /* condvar: the id of its mutex */
};

/* A task's part of sync: first in its driver's per-task area, zeroed at creation. */
struct sync_task {
	/* The op in progress (sync.c keeps these): */
	bool active;	       /* started and not finished */
	bool granted;	       /* an object handed it what it waits for */
	bool contended;	       /* it blocked during this op */
	uint8_t op;	       /* enum op_kind */
	uint8_t stage;	       /* cond_wait: 0 releasing, 1 on the condvar, 2 relocking */
	uint32_t obj;	       /* the object of the op */
	sim_time_t since;      /* when the op (or its relocking stage) started */
	sim_time_t blocked_at; /* when it last blocked */
	sim_time_t blocked;    /* time blocked during this op */
	uint64_t left;	       /* send, recv: bytes left to move; channel: message size */
	uint32_t calls;	       /* system calls the op made so far (charged when done) */
	bool woke;	       /* it woke a waiter: its FUTEX_WAKE is counted */
	/* Priority inheritance (kept across ops): */
	bool boosted;	   /* t->priority is inherited ... */
	int32_t base_prio; /* ... and this is its own */
};

static inline struct sync_task *sync_task_of(const struct task *t)
{
	return (struct sync_task *)sched_task_ext(t);
}

struct sync_world;

/*
 * Build the objects (ids are indices in objs, which must outlive the world).
 * `syscall` is what one system call costs its caller (0: nothing charged);
 * `ipc_remote` what a pipe or channel call costs more on another CPU than
 * the object's last call (0: nothing).
 */
struct sync_world *sync_world_new(struct sched *core, const struct sync_conf *objs, uint32_t n,
				  sim_time_t syscall, sim_time_t ipc_remote);
void sync_world_free(struct sync_world *w);
uint32_t sync_world_size(const struct sync_world *w);

/*
 * Running task t executes (or, st->active, resumes) op on object `obj`.
 * out: STEP_RUN when done, of the CPU time its system calls cost (0 when it
 * made none or they are free), STEP_WAIT on a wait queue when it blocks.
 * On misuse (unlocking a mutex one does not hold) or a deadlock the run is
 * stopped with sched_fail and the result is false (out is then meaningless).
 */
bool sync_op(struct sync_world *w, struct task *t, const struct op *op, uint32_t obj,
	     struct step *out);

/*
 * The run's events ran out: if tasks are still blocked on objects, record a
 * deadlock with no cycle (every one of them, in id order) and stop with a
 * SIM_ERROR_DEADLOCK in *error. True when nobody is blocked.
 */
bool sync_check_stalled(struct sync_world *w, GError **error);

/* Fill r->objects and r->deadlock. */
void sync_result(const struct sync_world *w, struct run_result *r);

/*
 * The invariants of every object, for tests: a mutex has at most one holder,
 * a semaphore's count is never negative, a pipe holds no more than its
 * capacity and every byte sent is received or still in it, an rwlock has
 * a writer or readers, never both. False with what is wrong in msg.
 */
bool sync_check_invariants(const struct sync_world *w, GString *msg);

#endif
