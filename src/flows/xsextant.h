/*
 * xsextant — sextant's own settings, read from the `x-sextant` root key of
 * deploy.yml (Kamal ignores root keys starting with `x-`, so the same file
 * still works with Kamal).
 *
 *   x-sextant:
 *     preflight: true        # check the image in the registry before touching
 *                            # any server (deploy, redeploy, setup, rollback,
 *                            # build pull) and the credentials (registry login)
 *     registry:
 *       insecure: false      # plain HTTP allowed (after HTTPS failed); unset:
 *                            # only localhost and 127.0.0.0/8, as Docker does
 *       timeout: 15          # seconds per registry request (1..600)
 *     verify: report         # after each host switched: report | fail | off
 *     verify:                # or, in full:
 *       mode: report
 *       path: /up            # default: the role's proxy healthcheck path, else /up
 *       host: app.example.com  # Host header; default: the role's first proxy host
 *       timeout: 5           # seconds (1..600)
 *
 * Anything else is refused with the file:line:col of the offending node.
 */
#ifndef SEXTANT_FLOWS_XSEXTANT_H
#define SEXTANT_FLOWS_XSEXTANT_H

struct config;
struct errinfo;

enum xs_verify {
	XS_VERIFY_REPORT = 0,	/* print the result; a failure is a warning */
	XS_VERIFY_FAIL,		/* a failure stops the deploy (exit 1) */
	XS_VERIFY_OFF		/* no request */
};

struct xsextant {
	int		 preflight;		/* 1 unless preflight: false */
	int		 registry_insecure;	/* -1 unset (Docker's rule), 0, 1 */
	int		 registry_timeout_ms;
	enum xs_verify	 verify;
	const char	*verify_path;		/* NULL: the role's; points into the config tree */
	const char	*verify_host;		/* NULL: the role's */
	int		 verify_timeout_ms;
};

#define XS_REGISTRY_TIMEOUT_DEFAULT_MS	15000
#define XS_VERIFY_TIMEOUT_DEFAULT_MS	5000

/* Defaults, then the x-sextant key of c (if any). ERR_CONFIG with e->where = file:line:col. */
int	xsextant_load(const struct config *c, struct xsextant *out, struct errinfo *e);
/* The same, with "file:line:col: " also at the front of the message: flows'
 * errors are printed as their message alone. */
int	xsextant_load_located(const struct config *c, struct xsextant *out, struct errinfo *e);

#endif
