/*
 * hrrn.c - highest response ratio next, non-preemptive.
 *
 * Brinch Hansen's remedy for SJF's starvation (Stallings, "Operating
 * Systems", 9th ed., 9.2; Brinch Hansen, "Short-term scheduling in
 * multiprogramming systems", SOSP 1971): whenever the CPU is free, compute
 * for every ready task
 *
 *   R = (w + s) / s
 *
 * where w is how long it has been waiting and s the service it needs, and
 * run the one with the highest R to the end of its burst. Short tasks start
 * with an advantage, and a long task's ratio grows while it waits, so it
 * cannot starve. Stallings' five processes (arrival, service) = A (0,3)
 * B (2,6) C (4,4) D (6,5) E (8,2) run A B C E D: average turnaround 8.00.
 *
 * Here w is the time since the task last became ready (for a task with one
 * burst, since its arrival) and s what is left of its burst (for a fresh
 * burst, its length). A task between two bursts (it yielded as a burst
 * ended; the core loads its next burst when it runs again) needs, as far as
 * anyone knows, as much as its last burst (policy_need() in policy.h), so s
 * is never 0. Ratios are compared exactly, by cross-multiplying in 128-bit
 * integers (w1 / s1 > w2 / s2 <=> w1 * s2 > w2 * s1): no floating point
 * decides. Ties: a task that yielded goes behind the others of equal ratio
 * (as POSIX sched_yield() puts a thread at the end of its priority's list),
 * then earlier arrival first, then the order of the file.
 *
 * Cost. The ratios change as time passes, and not in the same way for every
 * task: which of two tasks has the higher ratio depends on when one asks
 * (a short task that just arrived beats a long one that has waited a
 * while, until the long one has waited long enough). No order of the
 * ready tasks kept between decisions holds, so a pick must look at every
 * task that could have the highest ratio: O(n) per decision, which is
 * what the algorithm asks for (Stallings computes R for every process at
 * each decision). What bounds it here: tasks that need the same service s
 * keep their order forever (the one ready first has waited longest, and
 * ties go by the rules above, none of which changes while they wait), so
 * the ready tasks are grouped by s, and only the head of a group can
 * win. A group is a line in its order, since a task almost always joins
 * it last (it became ready now, after every other), beside a pairing heap
 * (pheap.h) for the few that do not (a tie of ready times broken the other
 * way, a task that kept an older ready time): its head is the first of the
 * line or the heap's root, joining and leaving are O(1) in the line and
 * O(log n) amortised in the heap. Between groups, a task that needs
 * less and has waited at least as long always has the higher ratio
 * (w1 >= w2 and s1 < s2 give w1 * s2 > w2 * s1 unless both waits are 0):
 * only the "staircase" of heads can win, those that have waited longer
 * than every head of a shorter service. The groups are in a tree by
 * service that caches, per subtree, the earliest ready time of its heads,
 * so the pick walks the staircase in service order and skips every
 * subtree that holds no step: O(k log g) for k steps among g groups,
 * against O(n) for the scan, and the same task. When every task became
 * ready at this very instant (all ratios 1, an arrival burst), the winner
 * goes by the tie rules alone and the heads are all compared.
 *
 * The staircase of random waits and services is short (its expected
 * length grows like ln n), but nothing bounds it: a queue whose longer
 * tasks are always the older (as HRRN's own choices tend to leave it) can
 * make every head a step, and then a decision is O(n log n) in the worst
 * case, about as slow as the scan. docs/scenario-format.md says so, and
 * make bench measures it (row "hrrn exp").
 */
#include "base/units.h"
#include "policy/augtree.h"
#include "policy/fifo.h"
#include "policy/pheap.h"
#include "policy/policy.h"

/* A group of equal service, kept by its head. */
struct hrrn_members {
	struct fifo line;  /* members in their order, each after the one before */
	struct pheap late; /* members that came out of order */
	uint32_t len;
};

struct hrrn_task {
	struct augtree_node group;   /* first: as its group's head, in the tree of groups */
	struct hrrn_members members; /* its group, while it is the head */
	struct fifo_node member;     /* in its group's line, */
	struct pheap_node hn;	     /* or in its group's heap */
	struct fifo_node head;	     /* in the list of heads, while it is the head */
	struct task *task;
	sim_time_t need;      /* its service when queued: its group */
	sim_time_t ready;     /* task->ready_since, when it was queued */
	sim_time_t min_ready; /* as a head: the earliest ready of the heads of its subtree */
	bool yielded;	      /* queued by a yield: behind the others of equal ratio */
	bool late;	      /* in its group's heap, not its line */
};

struct hrrn_rq {
	struct augtree groups;	  /* the heads of the groups, by service */
	struct fifo heads;	  /* the same, listed for the pick's scan */
	uint32_t nready;	  /* tasks in every group */
	sim_time_t wait, service; /* the last pick's w and s, for explain */
};

static struct hrrn_task *ht_of_group(const struct augtree_node *n)
{
	return (struct hrrn_task *)n;
}

static struct hrrn_task *ht_of(const struct pheap_node *n)
{
	return (struct hrrn_task *)((char *)n - offsetof(struct hrrn_task, hn));
}

static bool hrrn_group_less(const struct augtree_node *a, const struct augtree_node *b)
{
	return ht_of_group(a)->need < ht_of_group(b)->need;
}

static bool hrrn_group_update(struct augtree_node *n)
{
	struct hrrn_task *h = ht_of_group(n);
	sim_time_t m = h->ready, old = h->min_ready;

	if (n->left && ht_of_group(n->left)->min_ready < m)
		m = ht_of_group(n->left)->min_ready;
	if (n->right && ht_of_group(n->right)->min_ready < m)
		m = ht_of_group(n->right)->min_ready;
	h->min_ready = m;
	return m != old;
}

/*
 * Within a group (equal service), the order of the ratios for ever: longer
 * wait (earlier ready), then not yielded, then earlier arrival, then file
 * order, as hrrn_before() below decides between them.
 */
static bool hrrn_member_before(const struct hrrn_task *x, const struct hrrn_task *y)
{
	const struct task *s = x->task, *t = y->task;

	if (s->ready_since != t->ready_since)
		return s->ready_since < t->ready_since;
	if (x->yielded != y->yielded)
		return !x->yielded;
	if (s->arrival != t->arrival)
		return s->arrival < t->arrival;
	return s->id < t->id;
}

static bool hrrn_member_less(const struct pheap_node *a, const struct pheap_node *b)
{
	return hrrn_member_before(ht_of(a), ht_of(b));
}

/* The first of a group: the first of its line or its heap's root. */
static struct hrrn_task *hrrn_members_first(const struct hrrn_members *m)
{
	struct hrrn_task *a = m->line.head ? m->line.head->task->priv : NULL;
	struct hrrn_task *b = m->late.root ? ht_of(m->late.root) : NULL;

	if (!a || !b)
		return a ? a : b;
	return hrrn_member_before(b, a) ? b : a;
}

/* ht joins the group m: last in the line if it goes after the line's last. */
static void hrrn_members_add(struct hrrn_members *m, struct hrrn_task *ht)
{
	ht->member.task = ht->task;
	ht->late = m->line.tail && hrrn_member_before(ht, m->line.tail->task->priv);
	if (ht->late)
		pheap_insert(&m->late, &ht->hn, hrrn_member_less);
	else
		fifo_push_tail(&m->line, &ht->member);
	m->len++;
}

static void hrrn_members_remove(struct hrrn_members *m, struct hrrn_task *ht)
{
	if (ht->late)
		pheap_remove(&m->late, &ht->hn, hrrn_member_less);
	else
		fifo_remove(&m->line, &ht->member);
	m->len--;
}

/* The head of the group of service `need`, or NULL. */
static struct hrrn_task *hrrn_group(const struct hrrn_rq *q, sim_time_t need)
{
	const struct augtree_node *n = q->groups.root;

	while (n) {
		const struct hrrn_task *h = ht_of_group(n);

		if (need == h->need)
			return (struct hrrn_task *)h;
		n = need < h->need ? n->left : n->right;
	}
	return NULL;
}

/* The group h headed has a new head (or none): hand the group on. */
static void hrrn_new_head(struct hrrn_rq *q, struct hrrn_task *h)
{
	struct hrrn_task *nh;

	if (!h->members.len) {
		augtree_remove(&q->groups, &h->group, hrrn_group_update);
		fifo_remove(&q->heads, &h->head);
		return;
	}
	nh = hrrn_members_first(&h->members);
	if (nh == h)
		return;
	nh->members = h->members;
	augtree_replace(&q->groups, &h->group, &nh->group, hrrn_group_update);
	nh->head.task = nh->task;
	fifo_insert_before(&q->heads, &h->head, &nh->head);
	fifo_remove(&q->heads, &h->head);
}

static void hrrn_enqueue(struct rq *rq, struct task *t, unsigned flags)
{
	struct hrrn_rq *q = rq->priv;
	struct hrrn_task *ht = t->priv, *h;

	ht->task = t;
	ht->yielded = (flags & ENQ_YIELD) != 0;
	ht->need = policy_need(t);
	ht->ready = t->ready_since;
	q->nready++;
	h = hrrn_group(q, ht->need);
	if (!h) {
		ht->members = (struct hrrn_members){ 0 };
		hrrn_members_add(&ht->members, ht);
		augtree_insert(&q->groups, &ht->group, hrrn_group_less, hrrn_group_update);
		ht->head.task = t;
		fifo_push_tail(&q->heads, &ht->head);
		return;
	}
	hrrn_members_add(&h->members, ht);
	hrrn_new_head(q, h);
}

static void hrrn_unlink(struct hrrn_rq *q, struct hrrn_task *ht)
{
	struct hrrn_task *h = hrrn_group(q, ht->need);

	g_assert(h);
	hrrn_members_remove(&h->members, ht);
	if (h == ht)
		hrrn_new_head(q, h);
	q->nready--;
}

static void hrrn_dequeue(struct rq *rq, const struct task *t, unsigned flags)
{
	hrrn_unlink(rq->priv, t->priv);
}

/*
 * Does a run before b? Higher ratio, then not yielded, then earlier arrival,
 * then file order.
 */
static bool hrrn_before(const struct task *a, const struct task *b, sim_time_t now)
{
	const struct hrrn_task *ha = a->priv, *hb = b->priv;
	unsigned __int128 x = (unsigned __int128)(now - a->ready_since) * (uint64_t)policy_need(b);
	unsigned __int128 y = (unsigned __int128)(now - b->ready_since) * (uint64_t)policy_need(a);

	if (x != y)
		return x > y;
	if (ha->yielded != hb->yielded)
		return !ha->yielded;
	if (a->arrival != b->arrival)
		return a->arrival < b->arrival;
	return a->id < b->id;
}

/*
 * The staircase under n, in service order: a head ready before *earliest
 * (every head of a shorter service) is a step, compared with *best.
 */
static void hrrn_steps(const struct augtree_node *n, sim_time_t now, sim_time_t *earliest,
		       struct hrrn_task **best)
{
	while (n && ht_of_group(n)->min_ready < *earliest) {
		struct hrrn_task *h = ht_of_group(n);

		hrrn_steps(n->left, now, earliest, best);
		if (h->ready < *earliest) {
			*earliest = h->ready;
			if (!*best || hrrn_before(h->task, (*best)->task, now))
				*best = h;
		}
		n = n->right; /* the right subtree, without recursion */
	}
}

/* The ready task of the highest ratio at `now`, NULL when none is ready. */
static struct hrrn_task *hrrn_best(const struct hrrn_rq *q, sim_time_t now)
{
	struct hrrn_task *best = NULL;
	sim_time_t earliest = SIM_TIME_INF;

	/* Only a group's head on the staircase can have the highest ratio. */
	hrrn_steps(q->groups.root, now, &earliest, &best);
	if (best && best->ready == now) {
		/* Every ratio is 1: the tie rules decide among all the heads. */
		for (const struct fifo_node *n = q->heads.head; n; n = n->next)
			if (hrrn_before(n->task, best->task, now))
				best = n->task->priv;
	}
	return best;
}

static struct task *hrrn_pick_next(struct rq *rq)
{
	struct hrrn_rq *q = rq->priv;
	struct hrrn_task *best = hrrn_best(q, rq->now);

	if (!best)
		return NULL;
	q->wait = rq->now - best->task->ready_since;
	q->service = policy_need(best->task);
	hrrn_unlink(q, best);
	return best->task;
}

static sim_time_t hrrn_slice(const struct rq *rq, const struct task *t)
{
	return SIM_TIME_INF;
}

/* "1.17 = (wait 1.00 ms + service 6.00 ms) / service": R to two decimals, rounded. */
static void hrrn_explain_ratio(GString *why, sim_time_t wait, sim_time_t need)
{
	uint64_t service = need > 0 ? (uint64_t)need : 1; /* s >= 1 (policy_need) */
	uint64_t hundredths =
		(uint64_t)(((unsigned __int128)((uint64_t)wait + service) * 100 + service / 2) /
			   service);

	g_string_append_printf(why, "%" G_GUINT64_FORMAT ".%02" G_GUINT64_FORMAT " = (wait ",
			       hundredths / 100, hundredths % 100);
	units_time(why, wait);
	g_string_append(why, " + service ");
	units_time(why, need);
	g_string_append(why, ") / service");
}

static void hrrn_explain(const struct rq *rq, const struct task *picked, GString *why)
{
	const struct hrrn_rq *q = rq->priv;
	const struct hrrn_task *next, *hp;
	char name[TASK_NAME_MAX];

	if (!picked) {
		g_string_append(why, "hrrn: ready queue empty");
		return;
	}
	g_string_append(why, "hrrn: highest response ratio ");
	hrrn_explain_ratio(why, q->wait, q->service);
	g_string_append_printf(why, " (%u waiting)", q->nready);
	/* The ratio it beat: the pick's choice among those left. */
	next = hrrn_best(q, rq->now);
	if (!next)
		return;
	hp = picked->priv;
	task_format_name(next->task, name, sizeof(name));
	if ((unsigned __int128)(uint64_t)q->wait * (uint64_t)policy_need(next->task) !=
	    (unsigned __int128)(uint64_t)(rq->now - next->task->ready_since) *
		    (uint64_t)q->service) {
		g_string_append_printf(why, "; next best %s at ", name);
		hrrn_explain_ratio(why, rq->now - next->task->ready_since, policy_need(next->task));
		return;
	}
	g_string_append_printf(why, "; ties with %s, which ", name);
	if (hp->yielded != next->yielded)
		g_string_append(why, "yielded and waits behind its equals");
	else if (picked->arrival != next->task->arrival)
		g_string_append(why, "arrived later");
	else
		g_string_append(why, "arrived at the same time but comes later in the file");
}

static const struct param hrrn_params[] = {
	{ 0 },
};

const struct policy_ops hrrn_policy = {
	.name = "hrrn",
	.summary = "highest response ratio next: (wait + service) / service, non-preemptive",
	.params = hrrn_params,
	.rq_priv_size = sizeof(struct hrrn_rq),
	.task_priv_size = sizeof(struct hrrn_task),
	.enqueue = hrrn_enqueue,
	.dequeue = hrrn_dequeue,
	.pick_next = hrrn_pick_next,
	.slice = hrrn_slice,
	.explain = hrrn_explain,
};
