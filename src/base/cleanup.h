/*
 * cleanup.h - what the process must undo if a signal ends it.
 *
 * Outputs are written to temporary files renamed into place at the end
 * (report/outfile.h), and charts are rendered by a gnuplot child. If SIGINT
 * or SIGTERM ends the program in between, those temporaries must be removed
 * and the child stopped, so that an interrupted run leaves the previous
 * outputs as they were and nothing else behind.
 *
 * This is a registry for that: the writers enter a temporary path or a
 * child's pid while it exists and take it out when it is renamed, removed
 * or reaped. cleanup_run, called from a signal handler (cli/signals.c),
 * removes and stops whatever is entered. Entering and leaving are
 * thread-safe; cleanup_run is async-signal-safe (it reads fixed slots and
 * calls unlink, rmdir and kill only).
 *
 * The registry is bounded (CLEANUP_SLOTS entries, paths of up to
 * CLEANUP_PATH_MAX bytes): what does not fit is simply not cleaned up, as
 * before.
 */
#ifndef SCHEDLAB_CLEANUP_H
#define SCHEDLAB_CLEANUP_H

#include <signal.h>
#include <sys/types.h>

#define CLEANUP_SLOTS	 64
#define CLEANUP_PATH_MAX 4096

/*
 * Enter a temporary file or (empty) folder to remove on a signal; the slot
 * to give cleanup_forget, or -1 when it could not be entered. Enter a
 * folder before the files in it.
 */
int cleanup_path(const char *path);
/* Enter a child process to stop (SIGTERM) on a signal; its slot or -1. */
int cleanup_child(pid_t pid);
/* Take slot (from cleanup_path or cleanup_child; -1 is ignored) out. */
void cleanup_forget(int slot);

/*
 * Hold every signal off while a temporary or a child is created and
 * entered, so that none ever exists unentered: cleanup_hold(&old), create,
 * enter, cleanup_release(&old). A child spawned meanwhile must clear the
 * mask it inherits: give cleanup_child_setup to g_spawn as its child setup.
 */
void cleanup_hold(sigset_t *old);
void cleanup_release(const sigset_t *old);
void cleanup_child_setup(void *unused);

/* Async-signal-safe: remove every entered path, stop every entered child. */
void cleanup_run(void);

#endif
