/*
 * record.c - names of the record kinds, and the tee that fans one record
 * stream out to several sinks (--explain and --gantt in the same run).
 */
#include <glib.h>

#include "report/report.h"

const char *record_kind_name(enum record_kind k)
{
	switch (k) {
	case REC_ARRIVE:
		return "arrive";
	case REC_DISPATCH:
		return "dispatch";
	case REC_PREEMPT:
		return "preempt";
	case REC_EXPIRE:
		return "expire";
	case REC_YIELD:
		return "yield";
	case REC_BLOCK:
		return "block";
	case REC_WAKE:
		return "wake";
	case REC_EXIT:
		return "exit";
	case REC_IDLE:
		return "idle";
	case REC_QUEUE:
		return "queue";
	case REC_MEMORY:
		return "memory";
	case REC__COUNT:
		break;
	}
	return "?";
}

/*
 * Each sink sees the record as it would without the tee: a sink that did
 * not ask for reasons gets why == NULL, as record.h promises.
 */
static void tee_emit(void *ctx, const struct record *r)
{
	const struct record_tee *tee = ctx;

	for (unsigned i = 0; i < tee->n; i++) {
		const struct record_sink *s = &tee->sinks[i];
		struct record copy;

		if (!s->emit)
			continue;
		if (s->want_why || !r->why) {
			s->emit(s->ctx, r);
			continue;
		}
		copy = *r;
		copy.why = NULL;
		s->emit(s->ctx, &copy);
	}
}

struct record_sink record_tee_sink(struct record_tee *tee)
{
	struct record_sink sink = { .emit = tee_emit, .ctx = tee, .want_why = false };

	g_return_val_if_fail(tee->n <= G_N_ELEMENTS(tee->sinks), sink);
	for (unsigned i = 0; i < tee->n; i++)
		if (tee->sinks[i].emit && tee->sinks[i].want_why)
			sink.want_why = true;
	return sink;
}
