/*
 * checks — what sextant adds around Kamal's deploy sequence, through its own
 * HTTP client (src/http), without changing a single command sent to servers:
 *
 *  - registry pre-flight (preflight.c): before any server is touched (no SSH
 *    connection, no lock), the image version must exist in the registry for
 *    every builder.arch; `registry login` checks the credentials against the
 *    registry itself;
 *  - post-switch verification (verify.c): once kamal-proxy switched a host to
 *    the new version, the role's health path is requested through that host's
 *    proxy (an SSH direct-tcpip channel to its published port), and status and
 *    latency are reported.
 *
 * All are skipped under --dry-run (plans stay exactly Kamal's) and are tuned
 * with the `x-sextant` key (xsextant.h). The flows call these at the places
 * named in each function's comment; each returns 0 or a negative ERR_*.
 */
#ifndef SEXTANT_FLOWS_CHECKS_H
#define SEXTANT_FLOWS_CHECKS_H

#include "flows/flow.h"

struct errinfo;

/*
 * The image cfg->repository:<version> (NULL: the flow's version) is in the
 * registry for builder.arch. Called by build pull (so deploy/redeploy check
 * after their push and before their pull) and setup --skip-push before the
 * lock. Once per flow and version. A definite answer stops the command
 * (ERR_NOTFOUND: image, tag, registry and what was found; ERR_AUTH); a
 * registry sextant cannot reach or talk to only gets a warning, since the
 * servers' Docker may reach it where we cannot.
 */
int	flows_preflight(struct flow *f, const char *version, struct errinfo *e);
/*
 * rollback, before the lock: the same check, but only reported. A rollback
 * boots the image already on the servers (it never pulls), so an image gone
 * from the registry must not stop it; whether the version can be rolled back
 * to is Kamal's own check (a container of it on every host).
 */
int	flows_preflight_rollback(struct flow *f, const char *version, struct errinfo *e);

/* `registry login`: deploy.yml's credentials against the registry (ERR_AUTH if refused). */
int	flows_registry_login_check(struct flow *f, struct errinfo *e);

/*
 * After boot switched role r on host (kamal-proxy deploy returned and the old
 * container is stopped): GET the health path through the proxy, report. With
 * x-sextant verify: fail a failure returns ERR_REMOTE (the rollout stops).
 */
int	flows_verify_host(struct flow *f, const char *host, const struct config_role *r,
	    struct errinfo *e);

/* Validates the x-sextant settings (file:line:col errors); app boot calls it first. */
int	flows_checks_config(struct flow *f, struct errinfo *e);

/* 1 if Docker would talk plain HTTP to server by default (localhost, 127.0.0.0/8). */
int	checks_registry_insecure_default(const char *server);

#endif
