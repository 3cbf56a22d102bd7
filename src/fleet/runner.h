/*
 * runner — Kamal's `on(hosts) { ... }` (SSHKit's parallel runner as patched by
 * lib/kamal/sshkit_with_ext.rb): run a per-host function for every host, wait for
 * all of them, then report the failures.
 *
 * With an executor that allows it (ops->parallel) each host runs on its own
 * thread, as SSHKit does; otherwise hosts run one after another in list order
 * (the plan executor), which keeps plans deterministic. Either way every host
 * runs to completion even when another one failed.
 *
 * Errors, word for word: one failure -> "Exception while executing on host H: <msg>"
 * (or "as USER@H" when the host string carries a user); several ->
 * "Exceptions on N hosts:\n<each of those messages>". The first failure's code is kept.
 */
#ifndef SEXTANT_FLEET_RUNNER_H
#define SEXTANT_FLEET_RUNNER_H

#include "fleet/exec.h"

struct strvec;
struct errinfo;

typedef int (*fleet_host_fn)(void *arg, const char *host, struct errinfo *e);

int	fleet_on(struct executor *x, const struct strvec *hosts, fleet_host_fn fn, void *arg,
	    struct errinfo *e);

/* Wraps a failure on one host as SSHKit does ("Exception while executing on host H: "). */
void	fleet_wrap_host_error(struct errinfo *e, const char *host);
/* Combines per-item failures ("Exceptions on N <what>:\n..."); what = "hosts" or "roles". */
int	fleet_combine_errors(struct errinfo *errs, size_t n, const char *what, struct errinfo *e);

#endif
