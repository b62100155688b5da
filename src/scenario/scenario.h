/*
 * scenario.h - a scenario file, loaded and validated.
 *
 * scenario_load reads a scenario file (docs/scenario-format.md),
 * applies the command line's overrides, loads the model it names and checks
 * everything, and returns an immutable configuration: after it succeeds, no
 * later stage needs to report a user error. Every error it reports has the
 * form
 *
 *     FILE:LINE: [group] key: what is wrong
 *
 * (GKeyFile keeps no line numbers, so a pre-pass over the text maps each
 * group and key to its line; see linemap.h). Errors use SCENARIO_ERROR.
 */
#ifndef SCHEDLAB_SCENARIO_H
#define SCHEDLAB_SCENARIO_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/dist.h"
#include "machine/model.h"
#include "policy/policy.h"
#include "runtime/serve.h"
#include "task/program.h"
#include "task/task.h"

#define SCENARIO_ERROR (scenario_error_quark())
GQuark scenario_error_quark(void);

enum scenario_error_code {
	SCENARIO_ERROR_IO,	    /* cannot read a file */
	SCENARIO_ERROR_SYNTAX,	    /* not a key file, bad value */
	SCENARIO_ERROR_INVALID,	    /* well-formed but wrong: unknown key, out of range */
	SCENARIO_ERROR_UNSUPPORTED, /* valid but not simulated yet */
	SCENARIO_ERROR_MEMORY,	    /* loading it would need more memory than the host leaves */
};

/* Documented limits. */
#define SCENARIO_MAX_TASKS   10000000u /* tasks in a whole scenario */
#define SCENARIO_MAX_CPUS    1024u
#define SCENARIO_MAX_HORIZON ((sim_time_t)1000000 * SIM_S)

enum arrival_kind {
	ARRIVAL_AT,	 /* every task of the group at `at` */
	ARRIVAL_EVERY,	 /* task i at at + i * gap (gap const) */
	ARRIVAL_UNIFORM, /* each task independently uniform in [lo, hi] */
	ARRIVAL_POISSON, /* gaps exponential: first at at + gap draw */
	ARRIVAL_TRACE,	 /* times read from a file, one per task */
	ARRIVAL_SPAWN,	 /* created only by `spawn NAME` ops, in index order */
};

struct arrival {
	enum arrival_kind kind;
	sim_time_t at;	   /* AT: the instant; EVERY, POISSON: the start (0) */
	struct dist gap;   /* EVERY: const period; POISSON: exp(mean gap) */
	sim_time_t lo, hi; /* UNIFORM */
	sim_time_t *times; /* TRACE: ntimes sorted arrival instants */
	uint32_t ntimes;
};

/* A [task NAME] (single, count 1) or a [group NAME]. */
struct group_conf {
	char *name;		 /* NAME */
	bool single;		 /* [task] rather than [group] */
	int line;		 /* line of its header in the file */
	uint32_t count;		 /* tasks it creates */
	enum task_kind kind;	 /* process (default), thread, coroutine */
	char *process;		 /* address space shared by name; NULL: its own */
	struct arrival arrival;	 /* default at(0) */
	struct program program;	 /* from `program` or `burst` */
	int32_t priority;	 /* default 0 */
	int32_t nice;		 /* default 0, -20..19 */
	uint32_t tickets;	 /* default 100 */
	uint64_t memory;	 /* bytes of its own data, default 0 */
	uint64_t working_set;	 /* bytes it touches per run, default 0 */
	uint64_t *affinity;	 /* `cpus`: bitmap of allowed CPUs; NULL: all */
	struct serve_conf serve; /* serve, workers, queue ... and gil (src/runtime) */
};

static inline bool group_allows_cpu(const struct group_conf *g, uint32_t cpu)
{
	return !g->affinity || (g->affinity[cpu / 64] >> (cpu % 64) & 1);
}

struct object_conf;

struct scenario {
	char *path;			 /* as given */
	char *name;			 /* [scenario] name, default: file's basename */
	sim_time_t time_unit;		 /* unit of bare numbers, default 1 ms */
	uint32_t cpus;			 /* default 1 */
	bool global_queue;		 /* one run queue for all CPUs, default false */
	const struct policy_ops *policy; /* [scenario] policy or --policy */
	void *policy_conf;		 /* policy->conf_size bytes, filled */
	struct model model;		 /* from `model`, default teaching */
	uint64_t seed;			 /* default 1 */
	sim_time_t horizon;		 /* SIM_TIME_INF when not set */
	sim_time_t warmup;		 /* figures leave out what happened before; 0: none */
	struct group_conf *groups;	 /* in file order */
	uint32_t ngroups;
	struct object_conf *objects; /* [mutex NAME] ...: ids are indices (objects.h) */
	uint32_t nobjects;
	uint64_t ntasks; /* sum of counts */
	/*
	 * The file's values that an override replaced, and that were therefore
	 * never checked, one line each ("FILE:LINE: [rr] quantum: --set
	 * rr.quantum=2 replaced the file's value 'abc', which was not checked");
	 * NULL when none.
	 */
	char *replaced;
	uint64_t max_events; /* --max-events: a run stops failing past it; 0: no limit */
};

/* What the command line may change. */
struct scenario_overrides {
	const char *policy; /* --policy */
	const char *model;  /* --model */
	int64_t cpus;	    /* --cpus, 0: keep */
	bool has_seed;
	uint64_t seed;		 /* --seed */
	const char *const *sets; /* --set GROUP.KEY=VALUE, NULL-terminated; may be NULL */
	/* compare --policies rr:quantum=1ms: the variant's parameters as
	 * GROUP.KEY=VALUE, applied after `sets` and named by `variant` in
	 * messages ("--policies rr:quantum=1ms: ..."); may be NULL */
	const char *const *variant_sets;
	const char *variant;
	/* compare --serve: the execution model of every served group; their keys
	 * that this model does not take are then ignored, not errors. */
	const char *serve;
	uint64_t max_events; /* --max-events, 0: no limit */
};

struct scenario *scenario_load(const char *path, const struct scenario_overrides *ov,
			       GError **error);
/* The same from text in memory; `path` only names it in messages. */
struct scenario *scenario_load_data(const char *path, const char *text, size_t len,
				    const struct scenario_overrides *ov, GError **error);
void scenario_free(struct scenario *sc);

/*
 * What a run of sc uses, for the reports: each(ctx, false, POLICY, KEY, ...)
 * for every parameter of its policy, defaults and overrides applied, then
 * each(ctx, true, GROUP, KEY, ...) for every figure of its model with the
 * scenario's own over them ([create], [switch], [tlb], [memory]), in the
 * order of their tables; text and json as schema_value gives them.
 */
typedef void (*scenario_value_fn)(void *ctx, bool model, const char *section, const char *key,
				  const char *text, const char *json);
void scenario_values(const struct scenario *sc, scenario_value_fn each, void *ctx);

#endif
