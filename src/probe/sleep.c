/*
 * sleep.c - the CPU time of a timed sleep.
 *
 * A task that sleeps on a timer spends CPU time of its own besides the
 * switches: nanosleep(2) enters the kernel, arms an hrtimer
 * (hrtimer_nanosleep() and do_nanosleep() in kernel/time/hrtimer.c; in a
 * virtual machine programming the timer traps to the hypervisor), schedules
 * away, and once woken returns the same way. The kernel charges all of it
 * to the task, from when the task is picked to when it is switched out
 * (update_curr() in kernel/sched/fair.c): its sum_exec_runtime, the first
 * field of /proc/thread-self/schedstat, which CLOCK_THREAD_CPUTIME_ID reads
 * with the current run's part added (task_sched_runtime() in
 * kernel/sched/core.c).
 *
 * The probe pins itself to one CPU, sets its timer slack to 1 ns
 * (PR_SET_TIMERSLACK: a normal task's 50 us would only lengthen the
 * batches) and sleeps SLEEP_NS with clock_nanosleep in a loop, as
 * validate's sleepers do, beside a busy loop of its own pinned to the same
 * CPU; a batch's figure is its CPU time per sleep, not its wall time.
 * SLEEP_NS is 1 ms, a tick at HZ=1000 and the sleep of validate's
 * sleepers: the figure depends on the sleep's length on some hosts (on a
 * 2-vCPU bhyve guest, 20-24 us per 100 us sleep against 16-19 us per 1 ms
 * sleep, beside a busy loop), and one figure serves the sleeps a scenario
 * is likeliest to have.
 *
 * Why beside a busy loop: the cost depends on what else the CPU runs, and
 * the figure matters where the CPU is contended. Woken onto an idle CPU,
 * the sleeper pays the CPU's exit from idle; onto a busy one, the running
 * task takes the timer's interrupt and is charged for it, and the sleeper
 * is picked by a wake-up preemption (on a 2-vCPU KVM guest: about 24 us per
 * 100 us sleep on an idle CPU, 12-15 us beside a busy loop). A sleeper's
 * CPU per wake-up decides its wait among busy tasks (EEVDF keeps its lag
 * across the sleep: among N busy tasks it waits about N times that CPU),
 * while on an idle CPU a few us more of CPU per sleep change little; so the
 * model carries the contended path's figure, and a sleeper alone on its CPU
 * is charged a little too little.
 *
 * Less what the simulator already charges on that path, so that nothing is
 * counted twice: nothing. The simulator charges the switch from the busy
 * task to the sleeper to the CPU (costs_switch), to no task, and the
 * kernel's sum_exec_runtime of the sleeper starts once it is picked.
 *
 * A batch whose sleeps waited on the run queue more than SLEEP_WAIT_NS
 * each on average (run_delay, schedstat's second field) counts as
 * disturbed (probe.h), as a preempted batch does: a woken sleeper with its
 * lag preempts the busy loop at once, so a longer wait means other tasks.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "probe/probe.h"

/* How long each sleep asks for (see above). */
#define SLEEP_NS 1000000
/* Most run-queue wait per sleep of an undisturbed batch (the woken sleeper preempts at once). */
#define SLEEP_WAIT_NS 5000

struct sleeper {
	int schedstat; /* /proc/thread-self/schedstat, or -1 */
};

/* The calling thread's run_delay in ns (schedstat's second field); < 0: not readable. */
static int64_t run_delay(int fd)
{
	char buf[128];
	long long exec, delay;
	ssize_t len;

	if (fd < 0)
		return -1;
	len = pread(fd, buf, sizeof(buf) - 1, 0);
	if (len <= 0)
		return -1;
	buf[len] = '\0';
	if (sscanf(buf, "%lld %lld", &exec, &delay) != 2)
		return -1;
	return delay;
}

/* n sleeps of SLEEP_NS: the CPU time they took. */
static int64_t batch_sleep(void *arg, uint64_t n, struct probe_counts *c)
{
	const struct sleeper *sl = arg;
	const struct timespec ts = { 0, SLEEP_NS };
	int64_t d0 = run_delay(sl->schedstat), d1, t0 = probe_thread_cpu(), t1;

	for (uint64_t i = 0; i < n; i++)
		if (clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL) != 0)
			return -1;
	t1 = probe_thread_cpu();
	d1 = run_delay(sl->schedstat);
	if (d0 >= 0 && d1 >= 0 && d1 - d0 > (int64_t)n * SLEEP_WAIT_NS)
		c->nivcsw++; /* other tasks held the CPU when the sleeps woke */
	return t1 - t0;
}

/* A busy loop on the calling task's CPU (fork keeps its affinity); -1: none. */
static pid_t spinner_start(void)
{
	pid_t parent = getpid(), pid = fork();

	if (pid == 0) {
		volatile uint64_t x = 0;

		guard_child_init(parent);
		for (;;)
			x++;
	}
	if (pid > 0)
		guard_add_child(pid);
	return pid;
}

static void spinner_stop(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGKILL);
	guard_reap(pid); /* killed: not a clean exit, and not a failure */
}

void probe_sleep(struct probe *p, struct model *m)
{
	pid_t spinner;
	/* At most 100 sleeps a batch (20 --quick): 100 ms of wall time, whatever their CPU. */
	struct probe_opts o = { .max_iters = p->quick ? 20 : 100, .pinned = true };
	struct sleeper sl = { .schedstat =
				      open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC) };
	int slack = prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
	struct probe_result r = { 0 };

	probe_pin(p->cpu_a);
	prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
	spinner = spinner_start();
	if (spinner < 0)
		probe_skip(&r, "timed sleep's CPU", "fork failed");
	else
		probe_measure(p, "timed sleep's CPU (clock_nanosleep 1 ms beside a busy loop)",
			      batch_sleep, &sl, &o, &r);
	spinner_stop(spinner);
	m->sleep = probe_figure(&r);
	probe_report(p, "switch.sleep", &r);
	probe_result_clear(&r);
	prctl(PR_SET_TIMERSLACK, slack > 0 ? (unsigned long)slack : 0UL, 0, 0, 0);
	if (sl.schedstat >= 0)
		close(sl.schedstat);
	probe_unpin();
}
