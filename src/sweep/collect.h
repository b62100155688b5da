/*
 * collect.h - a sweep beyond one machine (docs/sweep.md).
 *
 * --emit-jobs DIR prints one self-contained command per point (this program
 * with `--point K --out DIR/point-K.csv`, every path made absolute), for GNU
 * parallel or a Slurm job array; --collect DIR, with the same scenario and
 * --vary, reads those files back, checks that each is the output of this
 * sweep's point, and hands its rows over, so that the merged CSV is the same
 * bytes as a local sweep's.
 */
#ifndef SCHEDLAB_SWEEP_COLLECT_H
#define SCHEDLAB_SWEEP_COLLECT_H

#include <glib.h>
#include <stdbool.h>

#include "sweep/run.h"

/*
 * Append one command line per point of plan's grid to out, each writing
 * DIR/point-K.csv; seed is --seed as the user gave it, or NULL. Every
 * argument is single-quoted for the shell, so that no byte leaves it; an
 * argument holding a control character (a newline would split the line in
 * two jobs) is refused: false with an error naming it.
 */
bool sweep_emit_jobs(const struct sweep_plan *plan, const char *seed, const char *dir, GString *out,
		     GError **error);

/*
 * Read DIR/point-K.csv for every point into rows (GPtrArray of fields each),
 * checking the header, the point, its values and the repetitions. False with
 * an error naming the first bad or missing files.
 */
bool sweep_collect(const struct sweep_plan *plan, const char *dir, const char *header, bool served,
		   const char *fingerprint, GPtrArray *rows, GError **error);

/*
 * What a point's result depends on besides its values, as one line without
 * its newline: "schedlab-sweep version=V scenario=H overrides=H model=H",
 * where the hashes (SHA-256, 16 hex digits) are of the scenario file's bytes,
 * of the overrides (--vary, --set, --policy, --cpus, --seed, --group,
 * --max-events; --reps has a check of its own) and of --model (a model file's bytes, or its
 * name). --point writes it as the first line of its CSV, `# ` before it,
 * and --collect refuses a file whose line differs, naming what differs.
 */
char *sweep_fingerprint(const struct sweep_plan *plan);

/* Split one CSV line into fields (RFC 4180 quoting); NULL if malformed. */
GPtrArray *sweep_csv_split(const char *line);

#endif
