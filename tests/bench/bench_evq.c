/*
 * bench_evq.c - throughput of the pending-event set under the hold model.
 *
 * The hold model (Jones, "An empirical comparison of priority-queue and
 * event-set implementations", CACM 29(4), 1986) keeps N events pending and
 * repeats one "hold": pop the earliest event and push it back at its time
 * plus a random increment. This is the steady state of a simulation whose
 * population does not change. Increments are uniform in [0, 2^20) ns, drawn
 * from struct rng, so times spread over about a millisecond and ties are
 * rare but possible.
 *
 * For each N we fill the queue, run N holds to reach the steady state, then
 * time batches of holds with CLOCK_MONOTONIC until at least half a second has
 * passed. One op is one hold: one pop, one rng_below and one push. Not part
 * of `make check`: run `make bench`.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <glib.h>

#include "base/rng.h"
#include "engine/evq.h"

#define INCREMENT_RANGE (UINT32_C(1) << 20) /* ns: holds spread over about 1 ms */
#define MIN_SECONDS	0.5		    /* measure each size at least this long */
#define BATCH		100000		    /* holds between two clock readings */

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void hold(struct evq *q, struct rng *r, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		struct event *ev = evq_pop(q);

		evq_push(q, ev, ev->time + rng_below(r, INCREMENT_RANGE), EV_PHASE_WAKEUP);
	}
}

/* Millions of holds per second with n events pending. */
static double bench_hold(uint32_t n)
{
	struct event *evs = g_new(struct event, n);
	uint64_t ops = 0;
	double start, elapsed;
	struct evq q;
	struct rng r;

	rng_seed_named(&r, 1, "bench_evq", n);
	evq_init(&q);
	for (uint32_t i = 0; i < n; i++) {
		event_init(&evs[i], NULL, i);
		evq_push(&q, &evs[i], rng_below(&r, INCREMENT_RANGE), EV_PHASE_WAKEUP);
	}
	hold(&q, &r, n);
	start = now_seconds();
	do {
		hold(&q, &r, BATCH);
		ops += BATCH;
		elapsed = now_seconds() - start;
	} while (elapsed < MIN_SECONDS);
	if (evq_len(&q) != n) {
		fprintf(stderr, "bench_evq: queue holds %" PRIu32 " events, expected %" PRIu32 "\n",
			evq_len(&q), n);
		exit(1);
	}
	evq_release(&q);
	g_free(evs);
	return (double)ops / elapsed / 1e6;
}

int main(void)
{
	static const uint32_t sizes[] = { 1000, 10000, 100000, 1000000 };

	for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
		char label[32];

		snprintf(label, sizeof(label), "evq hold N=%" PRIu32 ":", sizes[i]);
		printf("%-20s %7.2f M ops/s\n", label, bench_hold(sizes[i]));
		fflush(stdout);
	}
	return 0;
}
