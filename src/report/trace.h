/*
 * trace.h - --trace FILE.json: the run as a Chrome trace-event file.
 *
 * The file opens in Perfetto (ui.perfetto.dev) and chrome://tracing: one
 * track per CPU with a slice per run interval (named after the task; its
 * arguments say why it stopped, and the switch cost when there was one),
 * instant events for wake-ups, arrivals and preemptions, and counter tracks
 * for each run queue's length and for memory in use.
 *
 * It streams: every record is written as it comes through a buffer of 256 KiB,
 * so memory stays bounded however long the run (a trace is about 64 bytes per
 * event: tens of MB for a run of a million). The file is written as
 * report/outfile.h writes outputs: a regular file through a temporary in the
 * target's folder, renamed over the target by trace_finish only (a run that
 * fails, trace_free without trace_finish, leaves no file behind); a device,
 * FIFO or "-" in place. Every write is checked: the first that fails (a full
 * disk) halts the run.
 *
 * It reads records only (record.h); what it knows of the run comes from
 * struct trace_info.
 */
#ifndef SCHEDLAB_TRACE_H
#define SCHEDLAB_TRACE_H

#include <glib.h>
#include <stdint.h>

#include "sched/record.h"

struct trace_info {
	const char *scenario; /* names, for the process track and otherData */
	const char *policy;
	const char *model;
	uint64_t seed;
	uint32_t ncpus;
};

struct trace;

/*
 * Open a temporary file next to path; NULL with an error when it cannot, or
 * when path is empty or names a folder (checked here, before the run).
 */
struct trace *trace_new(const char *path, const struct trace_info *info, GError **error);
struct record_sink trace_sink(struct trace *t);
/* Close the open intervals at `end`, finish the JSON, rename into place. */
bool trace_finish(struct trace *t, sim_time_t end, GError **error);
/*
 * A write failed during the run: the sink's halt flag is set, so the core
 * stops; trace_finish then names the reason.
 */
bool trace_failed(const struct trace *t);
/* Release; removes the temporary file unless trace_finish succeeded. */
void trace_free(struct trace *t);

/* The bytes written so far (all of them, once trace_finish succeeded). */
uint64_t trace_bytes(const struct trace *t);
/*
 * A trace of TRACE_LARGE bytes or more may be too large for Perfetto's web
 * UI to load by itself: it holds the loaded trace in the browser's memory,
 * about 2 GB (perfetto.dev/docs/visualization/large-traces), which JSON
 * traces of several hundred MB have been reported to exhaust. Then a line
 * for the user in msg on how to open it (trace_processor --httpd, which the
 * UI then uses); nothing below that size.
 */
#define TRACE_LARGE (UINT64_C(512) << 20)
void trace_size_note(GString *msg, const char *path, uint64_t bytes);
/* trace_size_note for what t wrote to its file. */
void trace_note(const struct trace *t, GString *msg);

#endif
