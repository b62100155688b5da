/*
 * serve.h - what the scenario loader sees of execution models: the keys of
 * a served group and the registry's table of models (runtime.h has the
 * rest). It declares and includes nothing of the scheduler core, so that
 * the loader, which checks `serve = NAME` against the registry as it
 * checks `policy = NAME` against the policies', stays below it.
 */
#ifndef SCHEDLAB_SERVE_H
#define SCHEDLAB_SERVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/param.h"
#include "base/simtime.h"

struct runtime;
struct step;
struct task;

/* The keys of a served [group] (scenario/scenario.c fills it). */
struct serve_conf {
	const struct runtime_ops *ops; /* serve = NAME; NULL: not served */
	uint32_t workers;	       /* threadpool: threads; eventloop: loops; mn: Ps (0: CPUs) */
	uint32_t queue;		       /* requests waiting beyond this are rejected; 0: no bound */
	uint32_t max;	       /* threadpool: most threads; per-request: most at once (0: none) */
	sim_time_t keep_alive; /* threadpool: idle time before a thread above workers ends */
	bool gil;	       /* threads of one process share an interpreter lock */
	sim_time_t switch_interval; /* gil: how long the holder keeps it while others wait */
};

struct runtime_ops {
	const char *name;    /* serve = NAME */
	const char *summary; /* one line for `schedlab policies` and the docs */
	/* Keys it takes beside serve (offsets in struct serve_conf), with its
	 * defaults; terminated by { NULL }. */
	const struct param *params;
	size_t priv_size; /* its state, zeroed (runtime_priv) */
	/* Create its carriers (at the start of the run). Optional. */
	void (*setup)(struct runtime *rt);
	/* May a request arriving now be taken? NULL: `queue` bounds ops->waiting. */
	bool (*admit)(const struct runtime *rt);
	/* Task t (created, NEW) arrives now: queue it, hand it a carrier, or
	 * start it. Called only for a task admitted. */
	void (*submit)(struct runtime *rt, struct task *t);
	/* What carrier (or kernel task) t of this runtime does next: the
	 * runtime driver's next (sched.h, struct driver_ops). */
	void (*next)(struct runtime *rt, struct task *t, struct step *out);
	/* User-level task u's io or sleep has ended (its timer fired). */
	void (*wake)(struct runtime *rt, struct task *u);
	/* Requests waiting for a carrier now (admission, the explanations). */
	uint32_t (*waiting)(const struct runtime *rt);
	/* Free what setup allocated. Optional. */
	void (*release)(struct runtime *rt);
};

/* The registry: every model `serve` may name, in the order they are listed. */
const struct runtime_ops *const *runtime_all(void);
const struct runtime_ops *runtime_find(const char *name);
/* The runtimes no `serve` names: a process's event loop, and its GIL. */
extern const struct runtime_ops coroutines_runtime;
extern const struct runtime_ops gil_runtime;

#endif
