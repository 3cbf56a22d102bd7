/*
 * sigrelease — Ctrl-C (SIGINT), SIGTERM and SIGHUP during a command that holds
 * the deploy lock: the lock is released before the process ends, so an
 * interrupted deploy does not leave servers locked (Kamal, whose Interrupt is
 * not rescued by with_lock, leaves the lock behind).
 *
 * The first signal is a request to stop at the next step (core/interrupt.h):
 * steps already running on the servers finish (a host's boot ends healthy or
 * fails and stops its new container), no new one starts, and the flow unwinds
 * through its error paths, releasing the lock; the process then exits with
 * 128+signal. The handler also writes the signal number to a pipe; a watcher
 * thread says what happens, and on a second signal releases the lock of the
 * watched flow over the flow's own executor (a new channel on the existing
 * connection) when this process acquired it, says so and ends the process with
 * status 128+signal. A third signal ends the process at once. Handlers are
 * reset in exec'd children (hooks, docker build), which get the terminal's
 * Ctrl-C themselves.
 */
#ifndef SEXTANT_CLI_SIGRELEASE_H
#define SEXTANT_CLI_SIGRELEASE_H

struct flow;

/* Watch f (NULL: stop watching; waits for a release in progress, which ends the process). */
void	sigrelease_watch(struct flow *f);

#endif
