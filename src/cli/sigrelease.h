/*
 * sigrelease — Ctrl-C (SIGINT), SIGTERM and SIGHUP during a command that holds
 * the deploy lock: the lock is released before the process ends, so an
 * interrupted deploy does not leave servers locked (Kamal, whose Interrupt is
 * not rescued by with_lock, leaves the lock behind).
 *
 * The handler only writes the signal number to a pipe; a watcher thread reads
 * it, releases the lock of the watched flow over the flow's own executor (a
 * new channel on the existing connection) when this process acquired it, says
 * so and ends the process with status 128+signal. A second signal ends the
 * process at once. Handlers are reset in exec'd children (hooks, docker
 * build), which get the terminal's Ctrl-C themselves.
 */
#ifndef SEXTANT_CLI_SIGRELEASE_H
#define SEXTANT_CLI_SIGRELEASE_H

struct flow;

/* Watch f (NULL: stop watching; waits for a release in progress, which ends the process). */
void	sigrelease_watch(struct flow *f);

#endif
