/*
 * guard.c - leaving nothing behind: the probe's children and its temporary
 * output file, cleaned up on SIGINT, SIGTERM and SIGHUP.
 *
 * Every child the probe forks is registered here between fork and reap;
 * the handler kills and reaps those still registered, removes the
 * temporary file, and re-raises the signal with its default action, so the
 * probe dies of it as a shell expects. Threads die with the process.
 * Children also ask the kernel (PR_SET_PDEATHSIG) to be killed when the
 * probe dies of anything, SIGKILL included.
 *
 * This is the one process-wide mutable state of the program: a signal
 * handler has nowhere else to look. Everything in it is async-signal-safe
 * (kill, waitpid, unlink, signal, raise on sig_atomic_t and fixed arrays).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe/probe.h"

/* The most children alive at once: the memory measurement's (memory.c). */
#define GUARD_MAX_CHILDREN 256

static volatile sig_atomic_t stopping;
static volatile pid_t children[GUARD_MAX_CHILDREN];
static char temp_path[4096];
static volatile sig_atomic_t temp_set;

static void on_signal(int sig)
{
	int saved = errno;

	stopping = 1;
	for (int i = 0; i < GUARD_MAX_CHILDREN; i++) {
		pid_t pid = children[i];

		if (pid > 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			children[i] = 0;
		}
	}
	if (temp_set)
		unlink(temp_path);
	signal(sig, SIG_DFL);
	raise(sig);
	errno = saved;
}

void guard_install(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigfillset(&sa.sa_mask);
	for (size_t i = 0; i < G_N_ELEMENTS(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

bool guard_add_child(pid_t pid)
{
	for (int i = 0; i < GUARD_MAX_CHILDREN; i++) {
		if (children[i] == 0) {
			children[i] = pid;
			return true;
		}
	}
	return false;
}

void guard_remove_child(pid_t pid)
{
	for (int i = 0; i < GUARD_MAX_CHILDREN; i++)
		if (children[i] == pid)
			children[i] = 0;
}

bool guard_reap(pid_t pid)
{
	int status = 0;
	pid_t r;

	do
		r = waitpid(pid, &status, 0);
	while (r < 0 && errno == EINTR);
	guard_remove_child(pid);
	return r == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

void guard_set_temp(const char *path)
{
	temp_set = 0;
	if (path && strlen(path) < sizeof(temp_path)) {
		memcpy(temp_path, path, strlen(path) + 1);
		temp_set = 1;
	}
}

bool guard_stopping(void)
{
	return stopping != 0;
}

void guard_child_init(pid_t parent)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* The parent may have died before prctl: then nobody would kill us. */
	if (getppid() != parent)
		_exit(1);
}
