/*
 * tlb.c - what a TLB miss costs, and how many entries the TLB has.
 *
 * lmbench's tlb benchmark (described in its tlb(8) page) compares two
 * pointer chains with the same cache footprint: one node per page, which
 * needs one TLB entry per node, against the same nodes packed into few
 * pages. Past the TLB's reach the first pays a page walk per load and the
 * second does not; the difference per load is the refill of one page,
 * which is what the model charges per page of a working set after a flush.
 * The nodes sit at varying line offsets so that they spread over the
 * cache's sets, and are linked in a random order so that the prefetcher
 * cannot follow. The chase runs over 4 KiB pages (MADV_NOHUGEPAGE): a huge
 * page would hide the misses.
 *
 * The TLB's size comes from CPUID where the CPU states it (env.c);
 * elsewhere from the knee of the one-node-per-page chain as the pages
 * double: the last count whose load costs at most 1.3 times the smallest
 * (lmbench's tlb uses a 1.15 threshold on a finer sweep).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/rng.h"
#include "probe/probe.h"

#define PAGE 4096
#define LINE 64
/* Pages of the chase: past the reach of any TLB we know (3072 entries on Zen 4). */
#define CHASE_PAGES 16384

struct chase {
	void **start;
};

static int64_t batch_chase(void *arg, uint64_t n, struct probe_counts *c)
{
	struct chase *ch = arg;
	void **q = ch->start;
	int64_t t0 = probe_now();

	for (uint64_t i = 0; i < n; i++)
		q = (void **)*q;
	/* Keep the chain's end alive so the loop is not removed. */
	__asm__ volatile("" : : "r"(q) : "memory");
	return probe_now() - t0;
}

/*
 * Link `nodes` nodes in a random cycle: node i at page (i / per_page), line
 * (i % per_page) spread by an odd stride; per_page 1: one node per page.
 */
static void **chain(char *mem, unsigned nodes, unsigned per_page)
{
	unsigned *order = g_new(unsigned, nodes);
	struct rng r;
	void **first;

	rng_seed_named(&r, 1, "probe/tlb", per_page);
	for (unsigned i = 0; i < nodes; i++)
		order[i] = i;
	for (unsigned i = nodes - 1; i > 0; i--) {
		unsigned j = rng_below(&r, i + 1), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
#define NODE(i)                                                                                    \
	((void **)(mem + (size_t)((i) / per_page) * PAGE +                                         \
		   (size_t)((((i) % per_page) * 37 + (i) / per_page) % (PAGE / LINE)) * LINE))
	for (unsigned i = 0; i < nodes; i++)
		*NODE(order[i]) = NODE(order[(i + 1) % nodes]);
	first = NODE(order[0]);
#undef NODE
	g_free(order);
	return first;
}

/* The knee of the one-node-per-page chain: the TLB entries, or 0. */
static uint32_t tlb_knee(struct probe *p, char *mem)
{
	struct probe q = *p;
	double best = 0;
	uint32_t knee = 0;

	/* Short measurements: the knee needs a factor, not 5 %. */
	q.progress = false;
	q.max_samples = q.min_samples;
	for (unsigned pages = 16; pages <= CHASE_PAGES; pages *= 2) {
		struct chase ch = { chain(mem, pages, 1) };
		struct probe_opts o = { .max_iters = 100000000, .pinned = true };
		struct probe_result r;

		if (!probe_measure(&q, "tlb knee", batch_chase, &ch, &o, &r))
			return 0;
		if (best == 0 || r.m.median < best)
			best = r.m.median;
		if (r.m.median <= 1.3 * best)
			knee = pages;
		probe_result_clear(&r);
		if (knee < pages)
			break;
	}
	return knee < CHASE_PAGES ? knee : 0;
}

void probe_tlb(struct probe *p, struct model *m)
{
	size_t len = (size_t)CHASE_PAGES * PAGE;
	struct probe_opts o = { .max_iters = 100000000, .pinned = true };
	struct probe_result sparse, packed;
	struct chase ch;
	char *mem;

	m->page_size = (uint32_t)sysconf(_SC_PAGESIZE);
	m->tlb_pcid_slots = probe_pcid_slots();
	mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED || m->page_size != PAGE) {
		probe_skip(&sparse, "TLB refill per page",
			   mem == MAP_FAILED ? strerror(errno) : "pages are not 4 KiB");
		probe_report(p, NULL, &sparse);
		if (mem != MAP_FAILED)
			munmap(mem, len);
		m->tlb_entries = probe_cpuid_tlb_entries();
		return;
	}
	madvise(mem, len, MADV_NOHUGEPAGE);
	memset(mem, 0, len);
	probe_pin(p->cpu_a);

	/* One node per page against the same nodes 64 to a page: the same lines, few pages. */
	ch.start = chain(mem, CHASE_PAGES, 1);
	probe_measure(p, "pointer chase, one node per page", batch_chase, &ch, &o, &sparse);
	memset(mem, 0, len);
	ch.start = chain(mem, CHASE_PAGES, PAGE / LINE);
	probe_measure(p, "pointer chase, packed control", batch_chase, &ch, &o, &packed);
	if (sparse.ok && packed.ok) {
		probe_report(p, NULL, &packed);
		probe_derive(p, &sparse, packed.m.median, 1);
		sparse.what = "TLB refill per page (chase over control)";
	}
	m->tlb_refill_per_page = probe_figure(&sparse);
	probe_report(p, "tlb.refill_per_page", &sparse);
	probe_result_clear(&sparse);
	probe_result_clear(&packed);

	m->tlb_entries = probe_cpuid_tlb_entries();
	if (!m->tlb_entries) {
		memset(mem, 0, len);
		m->tlb_entries = tlb_knee(p, mem);
	}
	if (p->progress)
		fprintf(stderr, "schedlab-probe:          TLB entries: %u%s\n", m->tlb_entries,
			m->tlb_entries ? "" : " (unknown)");
	probe_unpin();
	munmap(mem, len);
}
