/*
 * hostref.h - how far the host moved under `schedlab validate`.
 *
 * validate times a few references of the host at the start of each of its
 * passes (a pinned pipe round trip, threads created by bursts) and holds
 * each against the model's figure for it: a row that leans on the model's
 * measured costs is not judged when its reference moved beyond the row's
 * accuracy since the probe, or between the passes (the row's runs, spread
 * over the passes, then measured different hosts).
 */
#ifndef SCHEDLAB_HOSTREF_H
#define SCHEDLAB_HOSTREF_H

#include <glib.h>
#include <stdbool.h>

#include "probe/probe.h"

struct host_ref {
	double x[PROBE_MAX_PASSES]; /* its median in each pass, in ns */
	unsigned n;
	double median; /* of the passes */
	double drift;  /* that median over the model's figure, less 1 */
	double swing;  /* how far the passes spread: half their range over that median */
	bool known;    /* summarised: some pass timed it, against a figure */
};

/* A pass's median of the reference. */
void host_ref_add(struct host_ref *h, double x);
/* Its median, drift against `figure` (ns, > 0) and swing; nothing without passes. */
void host_ref_summarise(struct host_ref *h, double figure);
/*
 * Whether h moved more than max (0.15: 15 %) since the probe or between
 * the passes; if so, a verdict naming `what` ("the host") into `why`.
 */
bool host_ref_moved(const struct host_ref *h, const char *what, double max, GString *why);

#endif
