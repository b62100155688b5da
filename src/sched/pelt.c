/*
 * pelt.c - per-entity load tracking; see pelt.h.
 */
#include "sched/pelt.h"

#include <stddef.h>

/* runnable_avg_yN_inv[n] = 2^32 * y^n, y^32 = 1/2 (kernel/sched/sched-pelt.h). */
static const uint32_t pelt_yn_inv[LOAD_AVG_PERIOD] = {
	0xffffffff, 0xfa83b2da, 0xf5257d14, 0xefe4b99a, 0xeac0c6e6, 0xe5b906e6, 0xe0ccdeeb,
	0xdbfbb796, 0xd744fcc9, 0xd2a81d91, 0xce248c14, 0xc9b9bd85, 0xc5672a10, 0xc12c4cc9,
	0xbd08a39e, 0xb8fbaf46, 0xb504f333, 0xb123f581, 0xad583ee9, 0xa9a15ab4, 0xa5fed6a9,
	0xa2704302, 0x9ef5325f, 0x9b8d39b9, 0x9837f050, 0x94f4efa8, 0x91c3d373, 0x8ea4398a,
	0x8b95c1e3, 0x88980e80, 0x85aac367, 0x82cd8698,
};

uint64_t pelt_decay(uint64_t val, uint64_t n)
{
	if (n > LOAD_AVG_PERIOD * 63)
		return 0;
	if (n >= LOAD_AVG_PERIOD) {
		val >>= n / LOAD_AVG_PERIOD;
		n %= LOAD_AVG_PERIOD;
	}
	return (uint64_t)(((unsigned __int128)val * pelt_yn_inv[n]) >> 32);
}

/* __accumulate_pelt_segments(): the end of the first period, the whole ones, the start of the last. */
static uint32_t pelt_segments(uint64_t periods, uint32_t d1, uint32_t d3)
{
	uint32_t c1 = (uint32_t)pelt_decay(d1, periods);
	uint32_t c2 = LOAD_AVG_MAX - (uint32_t)pelt_decay(LOAD_AVG_MAX, periods) - 1024;

	return c1 + c2 + d3;
}

void pelt_update(struct pelt *sa, sim_time_t now, uint64_t load, uint64_t weight)
{
	int64_t delta = (now >> 10) - sa->last_update;
	uint64_t periods;
	uint32_t contrib;

	if (delta <= 0)
		return;
	sa->last_update += delta;
	contrib = (uint32_t)delta;
	delta += sa->period_contrib;
	periods = (uint64_t)delta / 1024;
	if (periods) {
		sa->load_sum = pelt_decay(sa->load_sum, periods);
		delta %= 1024;
		if (load)
			contrib =
				pelt_segments(periods, 1024 - sa->period_contrib, (uint32_t)delta);
	}
	sa->period_contrib = (uint32_t)delta;
	if (load)
		sa->load_sum += load * contrib;
	sa->load_avg = (uint32_t)(weight * sa->load_sum / (PELT_MIN_DIVIDER + sa->period_contrib));
}

/* The period of an instant in ns: 1024 units of 1024 ns. */
#define PELT_PERIOD(t) ((t) >> 20)

bool pelt_mark(struct pelt_marks *m, sim_time_t now)
{
	sim_time_t *last = m->n ? &m->at[(m->n - 1) % PELT_MARKS] : NULL;

	if (last && PELT_PERIOD(*last) == PELT_PERIOD(now)) {
		*last = now; /* the later instant stands for both */
		return false;
	}
	m->at[m->n++ % PELT_MARKS] = now;
	/* Every signal applies every mark but this one now, so that none has
	 * more than PELT_MARKS / 2 + 1 unseen by the time the ring wraps. */
	return m->n % (PELT_MARKS / 2) == 0;
}

void pelt_catch_up_marks(const struct pelt_marks *m, struct pelt *sa, uint64_t *seen,
			 sim_time_t now, uint64_t load)
{
	for (; *seen < m->n; (*seen)++) {
		sim_time_t at = m->at[*seen % PELT_MARKS];

		if (PELT_PERIOD(at) >= PELT_PERIOD(now))
			break; /* this period's: the update at now stands for it */
		pelt_update(sa, at, load, 1);
	}
}
