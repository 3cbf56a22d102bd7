/*
 * preflight — the registry pre-flight and the `registry login` check (checks.h).
 *
 * Plain HTTP: Docker talks HTTPS to a registry unless the registry is an
 * "insecure" one — 127.0.0.0/8 (and so `localhost`) by default, more through
 * the daemon's insecure-registries — and for those it tries HTTPS first and
 * falls back to HTTP. sextant cannot see the servers' daemon settings, so it
 * does the same for the default set, and for any registry when x-sextant says
 * `registry: { insecure: true }`.
 *
 * What stops a command: only a definite answer from the registry — the tag or
 * a platform is missing (ERR_NOTFOUND), the credentials are refused (ERR_AUTH).
 * When sextant cannot ask (connection refused, TLS failure, a registry that
 * wants plain HTTP without `insecure`), the servers' Docker may still manage,
 * so the pre-flight says why it was skipped and the command goes on as Kamal's
 * would.
 */
#include <arpa/inet.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/outevent.h"
#include "config/config.h"
#include "core/err.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "core/xmalloc.h"
#include "flows/checks.h"
#include "flows/xsextant.h"
#include "http/client.h"
#include "http/registry.h"

#define SKIP_HINT	"x-sextant: { preflight: false } skips this check"

int
checks_registry_insecure_default(const char *server)
{
	char host[256];
	const char *colon;
	struct in_addr a;
	size_t n;

	if (server == NULL)
		return 0;
	if (strncasecmp(server, "http://", 7) == 0 || strncasecmp(server, "https://", 8) == 0)
		return 0;	/* the scheme is given: no guessing */
	colon = strrchr(server, ':');
	n = colon && server[0] != '[' ? (size_t)(colon - server) : strlen(server);
	if (n >= sizeof(host))
		return 0;
	memcpy(host, server, n);
	host[n] = '\0';
	if (strcasecmp(host, "localhost") == 0)
		return 1;
	/* 127.0.0.0/8, Docker's default insecure-registries CIDR */
	return inet_pton(AF_INET, host, &a) == 1 && (ntohl(a.s_addr) >> 24) == 127;
}

/* ---- once per flow and version ---- */

static pthread_mutex_t memo_mu = PTHREAD_MUTEX_INITIALIZER;
static const struct flow *memo_flow;
static char *memo_version;

static int
memo_seen(const struct flow *f, const char *version)
{
	int seen;

	pthread_mutex_lock(&memo_mu);
	seen = memo_flow == f && memo_version && strcmp(memo_version, version) == 0;
	pthread_mutex_unlock(&memo_mu);
	return seen;
}

static void
memo_set(const struct flow *f, const char *version)
{
	pthread_mutex_lock(&memo_mu);
	free(memo_version);
	memo_version = xstrdup(version);
	memo_flow = f;
	pthread_mutex_unlock(&memo_mu);
}

/* ---- talking to the registry ---- */

struct regsess {
	struct http_client	 http;
	struct registry		 reg;
	int			 open;
	const char		*server;
	const char		*user;
	const char		*pass;
	int			 allow_http;
	int			 timeout_ms;
	int			 used_http;	/* fell back to plain HTTP */
	struct str		 https_error;	/* why HTTPS failed, when it did */
};

static int
regsess_open(struct regsess *s, int insecure, struct errinfo *e)
{
	struct registry_opts o;

	memset(&o, 0, sizeof(o));
	o.server = s->server;
	o.insecure = insecure;
	o.username = s->user;
	o.password = s->pass;
	o.timeout_ms = s->timeout_ms;
	http_client_init(&s->http);
	if (registry_open(&s->reg, &o, &s->http, e) != 0) {
		http_client_release(&s->http);
		return e->code ? e->code : ERR_CONFIG;
	}
	s->open = 1;
	return 0;
}

static void
regsess_close(struct regsess *s)
{
	if (s->open) {
		registry_close(&s->reg);
		http_client_release(&s->http);
		s->open = 0;
	}
}

/* An answer that says something about the image or the credentials. */
static int
definite(int rc)
{
	return rc == ERR_NOTFOUND || rc == ERR_AUTH || rc == ERR_CONFIG || rc == ERR_INVAL;
}

typedef int (*regop_fn)(struct registry *r, void *arg, struct errinfo *e);

/* Runs op over HTTPS (or the scheme given), then once more over plain HTTP if allowed. */
static int
regsess_run(struct regsess *s, regop_fn op, void *arg, struct errinfo *e)
{
	int rc;

	if ((rc = regsess_open(s, 0, e)) != 0)
		return rc;
	rc = op(&s->reg, arg, e);
	if (rc == 0 || definite(rc) || !s->allow_http || strncmp(s->reg.base, "https:", 6) != 0)
		return rc;
	str_reset(&s->https_error);
	str_adds(&s->https_error, e->msg);
	regsess_close(s);
	err_clear(e);
	if ((rc = regsess_open(s, 1, e)) != 0)
		return rc;
	s->used_http = 1;
	rc = op(&s->reg, arg, e);
	if (rc != 0 && !definite(rc))
		err_prefix(e, "over HTTPS: %s; over HTTP", s->https_error.s);
	return rc;
}

static int
regsess_init(struct regsess *s, struct flow *f, const struct xsextant *xs, struct errinfo *e)
{
	const struct config_registry *r = &f->cfg->registry;
	int rc;

	memset(s, 0, sizeof(*s));
	s->server = r->server;
	s->timeout_ms = xs->registry_timeout_ms;
	s->allow_http = xs->registry_insecure == 1 ||
	    (xs->registry_insecure == -1 && checks_registry_insecure_default(r->server));
	if (r->local)
		return 0;	/* Kamal's local registry has no credentials */
	if ((rc = config_registry_username(f->cfg, r, &s->user, e)) != 0)
		return rc;
	return config_registry_password(f->cfg, r, &s->pass, e);
}

static void
regsess_release(struct regsess *s)
{
	regsess_close(s);
	str_release(&s->https_error);
}

/* ---- pre-flight ---- */

struct check_arg {
	const char		*repo;
	const char		*ref;
	const char *const	*platforms;
	size_t			 n;
	struct str		 desc;
};

static int
op_check(struct registry *r, void *arg, struct errinfo *e)
{
	struct check_arg *a = arg;

	str_reset(&a->desc);
	return registry_check_image(r, a->repo, a->ref, a->platforms, a->n, &a->desc, e);
}

static int
preflight(struct flow *f, const char *version, int advisory, struct errinfo *e)
{
	struct xsextant xs;
	struct regsess s;
	struct check_arg a;
	struct str image = STR_INIT, text = STR_INIT, fields = STR_INIT;
	char *server = NULL, *repo = NULL, *ref = NULL;
	int64_t t0;
	long long ms;
	int rc;

	if (f->x->ops->simulated)
		return 0;	/* --dry-run: the plan is Kamal's, nothing is asked */
	if ((rc = xsextant_load_located(f->cfg, &xs, e)) != 0 || !xs.preflight)
		return rc;
	if (version == NULL) {
		if ((rc = flow_need_version(f, e)) != 0)
			return rc;
		version = f->k.version;
	}
	if (memo_seen(f, version))
		return 0;
	memset(&a, 0, sizeof(a));
	memset(&s, 0, sizeof(s));
	str_addf(&image, "%s:%s", f->cfg->repository, version);
	if ((rc = registry_parse_image(image.s, &server, &repo, &ref, e)) != 0)
		goto out;
	if ((rc = regsess_init(&s, f, &xs, e)) != 0)
		goto out;
	a.repo = repo;
	a.ref = ref;
	a.platforms = (const char *const *)f->cfg->builder.arches.v;
	a.n = f->cfg->builder.arches.n;
	t0 = time_mono_ms();
	rc = regsess_run(&s, op_check, &a, e);
	ms = (long long)(time_mono_ms() - t0);
	out_field_str(&fields, "image", image.s);
	out_field_str(&fields, "registry", s.open ? s.reg.name : (server ? server : "docker.io"));
	out_field_str(&fields, "scheme", s.used_http ? "http" : "https");
	out_field_int(&fields, "latency_ms", ms);
	if (rc == 0) {
		out_field_bool(&fields, "ok", 1);
		out_field_str(&fields, "found", a.desc.s);
		str_addf(&text, "Registry pre-flight: %s (%lld ms%s)", a.desc.s, ms,
		    s.used_http ? ", plain HTTP" : "");
		out_event("preflight", NULL, SEV_INFO, fields.s, text.s);
		memo_set(f, version);
	} else if (definite(rc) && advisory) {
		/* rollback boots the image the servers already have: Kamal's own check
		 * (a container of that version on every host) decides */
		out_field_bool(&fields, "ok", 0);
		out_field_bool(&fields, "advisory", 1);
		out_field_str(&fields, "error", e->msg);
		str_addf(&text, "Registry pre-flight: %s (%lld ms); going on: a rollback uses the image "
		    "already on the servers", e->msg, ms);
		out_event("preflight", NULL, SEV_WARN, fields.s, text.s);
		err_clear(e);
		rc = 0;
	} else if (definite(rc)) {
		out_field_bool(&fields, "ok", 0);
		out_field_str(&fields, "error", e->msg);
		str_addf(&text, "Registry pre-flight failed after %lld ms: nothing was changed on any server",
		    ms);
		out_event("preflight", NULL, SEV_ERROR, fields.s, text.s);
		err_prefix(e, "registry pre-flight");
		str_reset(&text);
		str_addf(&text, "%s (%s)", e->msg, SKIP_HINT);
		err_set(e, rc, "%s", text.s);
	} else {
		/* we cannot ask; the servers' Docker may still reach it */
		out_field_bool(&fields, "ok", 0);
		out_field_bool(&fields, "skipped", 1);
		out_field_str(&fields, "error", e->msg);
		str_addf(&text, "Registry pre-flight skipped: cannot check %s: %s%s", image.s, e->msg,
		    s.allow_http || s.used_http ? "" :
		    " (a plain-HTTP registry? set x-sextant: { registry: { insecure: true } })");
		out_event("preflight", NULL, SEV_WARN, fields.s, text.s);
		err_clear(e);
		rc = 0;
	}
out:
	regsess_release(&s);
	str_release(&a.desc);
	str_release(&image);
	str_release(&text);
	str_release(&fields);
	free(server);
	free(repo);
	free(ref);
	return rc;
}

int
flows_preflight(struct flow *f, const char *version, struct errinfo *e)
{
	return preflight(f, version, 0, e);
}

int
flows_preflight_rollback(struct flow *f, const char *version, struct errinfo *e)
{
	return preflight(f, version, 1, e);
}

/* ---- registry login ---- */

static int
op_login(struct registry *r, void *arg, struct errinfo *e)
{
	return registry_login_check(r, e);
}

int
flows_registry_login_check(struct flow *f, struct errinfo *e)
{
	struct xsextant xs;
	struct regsess s;
	struct str text = STR_INIT, fields = STR_INIT;
	int64_t t0;
	long long ms;
	int rc;

	if (f->x->ops->simulated || f->cfg->registry.local)
		return 0;
	if ((rc = xsextant_load_located(f->cfg, &xs, e)) != 0 || !xs.preflight)
		return rc;
	if ((rc = regsess_init(&s, f, &xs, e)) != 0)
		goto out;
	t0 = time_mono_ms();
	rc = regsess_run(&s, op_login, NULL, e);
	ms = (long long)(time_mono_ms() - t0);
	out_field_str(&fields, "registry", s.open ? s.reg.name : (s.server ? s.server : "docker.io"));
	out_field_str(&fields, "user", s.user ? s.user : "");
	out_field_str(&fields, "scheme", s.used_http ? "http" : "https");
	out_field_int(&fields, "latency_ms", ms);
	if (rc == 0) {
		out_field_bool(&fields, "ok", 1);
		str_addf(&text, "Registry %s accepts the credentials of %s (%lld ms%s)",
		    s.reg.name, s.user ? s.user : "(none)", ms, s.used_http ? ", plain HTTP" : "");
		out_event("registry_login_check", NULL, SEV_INFO, fields.s, text.s);
	} else if (definite(rc)) {
		out_field_bool(&fields, "ok", 0);
		out_field_str(&fields, "error", e->msg);
		str_addf(&text, "Registry login check failed after %lld ms: nothing was changed", ms);
		out_event("registry_login_check", NULL, SEV_ERROR, fields.s, text.s);
		str_reset(&text);
		str_addf(&text, "%s (%s)", e->msg, SKIP_HINT);
		err_set(e, rc, "%s", text.s);
	} else {
		out_field_bool(&fields, "ok", 0);
		out_field_bool(&fields, "skipped", 1);
		out_field_str(&fields, "error", e->msg);
		str_addf(&text, "Registry login check skipped: %s%s", e->msg,
		    s.allow_http || s.used_http ? "" :
		    " (a plain-HTTP registry? set x-sextant: { registry: { insecure: true } })");
		out_event("registry_login_check", NULL, SEV_WARN, fields.s, text.s);
		err_clear(e);
		rc = 0;
	}
out:
	regsess_release(&s);
	str_release(&text);
	str_release(&fields);
	return rc;
}
