/*
 * interrupt — a process-wide "stop at the next safe point" request.
 *
 * Ctrl-C or SIGTERM during a deploy must not leave a half-booted container beside
 * the one kamal-proxy serves, nor the deploy lock behind. Ending the process at
 * once does both (a `docker run` already sent keeps running on the server; a lock
 * `mkdir` in flight completes there). So the first signal only records a request:
 * work already handed to the servers finishes (a host's boot runs to its end or to
 * its own failure, which stops the new container), no new step starts, and the
 * flow unwinds through its normal error paths (lock released). The signal handler
 * (src/cli/sigrelease.c) calls interrupt_request(); flows poll interrupt_pending()
 * where a step would start (flow_on).
 */
#ifndef SEXTANT_CORE_INTERRUPT_H
#define SEXTANT_CORE_INTERRUPT_H

/* Records sig as the pending request (the first one wins). Async-signal-safe. */
void	interrupt_request(int sig);
/* The signal number requested, or 0. */
int	interrupt_pending(void);
/* "SIGINT", "SIGTERM", "SIGHUP" or "signal". */
const char *interrupt_signame(int sig);

#endif
