/*
 * verify — post-switch verification (checks.h).
 *
 * kamal-proxy's own health checks talk to the new container directly; they say
 * nothing about what a visitor gets. This asks the way a visitor does: through
 * the proxy's published port, with the role's Host (and TLS with SNI when the
 * proxy terminates TLS), over an SSH direct-tcpip channel on the connection the
 * deploy already uses, so the request starts inside the server and needs no
 * port open to us. The latency measured includes opening that channel and, for
 * TLS, the handshake: what a new visitor would pay, plus one SSH round trip.
 *
 * Where: the proxy's published HTTP (or HTTPS) port, 80/443 unless proxy.run
 * says otherwise, on 127.0.0.1 — or on the first bind_ip when the proxy only
 * listens there. The path: x-sextant verify.path, else the role's healthcheck
 * path (/up by default), below its first path prefix when it has one (the
 * proxy only routes those; it strips the prefix again by default).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/outevent.h"
#include "config/config.h"
#include "core/err.h"
#include "core/str.h"
#include "docker/proxy.h"
#include "fleet/sshexec.h"
#include "flows/checks.h"
#include "flows/xsextant.h"
#include "http/client.h"
#include "http/probe.h"
#include "http/tls.h"
#include "ssh/tunnel.h"

/*
 * The system trust anchors, loaded once for every host's TLS verification
 * (parsing the CA bundle costs far more than a handshake) and outside the
 * latency measured. NULL if they cannot be loaded: the client then loads (and
 * reports the failure) itself.
 */
static pthread_mutex_t trust_mu = PTHREAD_MUTEX_INITIALIZER;
static struct tls_trust trust;
static int trust_state;	/* 0 not tried, 1 loaded, -1 failed */

static struct tls_trust *
shared_trust(void)
{
	struct errinfo e;
	struct tls_trust *t;

	pthread_mutex_lock(&trust_mu);
	if (trust_state == 0) {
		err_clear(&e);
		tls_trust_init(&trust);
		trust_state = tls_trust_load_default(&trust, &e) == 0 ? 1 : -1;
	}
	t = trust_state == 1 ? &trust : NULL;
	pthread_mutex_unlock(&trust_mu);
	return t;
}

__attribute__((destructor)) static void
shared_trust_release(void)
{
	if (trust_state != 0)
		tls_trust_release(&trust);
	trust_state = 0;
}

/* The host part of a server entry ("user@host:port", "[v6]:port"). */
static void
server_address(const char *spec, struct str *out)
{
	const char *at = strrchr(spec, '@');
	const char *h = at ? at + 1 : spec;
	const char *colon;

	if (h[0] == '[') {
		const char *rb = strchr(h, ']');

		str_add(out, h + 1, rb ? (size_t)(rb - h - 1) : strlen(h + 1));
		return;
	}
	colon = strchr(h, ':');
	if (colon && strchr(colon + 1, ':') == NULL)
		str_add(out, h, (size_t)(colon - h));
	else
		str_adds(out, h);
}

struct target {
	int		 publish;
	int		 ssl;
	long long	 port;
	struct str	 addr;		/* where the proxy listens, as the server sees it */
	struct str	 host;		/* Host header / SNI */
	struct str	 path;
	struct str	 url;
};

static void
target_release(struct target *t)
{
	str_release(&t->addr);
	str_release(&t->host);
	str_release(&t->path);
	str_release(&t->url);
}

static void
target_of(struct flow *f, const char *host, const struct config_role *r, const struct xsextant *xs,
    struct target *t)
{
	const struct config_proxy_run *run = dproxy_run_config(f->cfg, host);
	const struct config_proxy *p = r->proxy;
	const char *hp;

	memset(t, 0, sizeof(*t));
	t->publish = run ? run->publish : 1;
	t->ssl = p->ssl;
	t->port = t->ssl ? (run ? run->https_port : 443) : (run ? run->http_port : 80);
	if (run && run->has_bind_ips && run->bind_ips.n > 0 &&
	    strcmp(run->bind_ips.v[0], "0.0.0.0") != 0 && strcmp(run->bind_ips.v[0], "::") != 0 &&
	    strcmp(run->bind_ips.v[0], "[::]") != 0) {
		const char *b = run->bind_ips.v[0];

		if (b[0] == '[')
			str_add(&t->addr, b + 1, strcspn(b + 1, "]"));
		else
			str_adds(&t->addr, b);
	} else {
		str_adds(&t->addr, "127.0.0.1");
	}
	if (xs->verify_host)
		str_adds(&t->host, xs->verify_host);
	else if (p->hosts.n > 0)
		str_adds(&t->host, p->hosts.v[0]);
	else
		server_address(host, &t->host);	/* no host routing: any name reaches the app */
	hp = xs->verify_path ? xs->verify_path : p->healthcheck_path ? p->healthcheck_path : "/up";
	if (!xs->verify_path && p->path_prefixes.n > 0) {
		const char *pre = p->path_prefixes.v[0];
		size_t n = strlen(pre);

		while (n > 0 && pre[n - 1] == '/')
			n--;
		if (pre[0] != '/')
			str_addch(&t->path, '/');
		str_add(&t->path, pre, n);
	}
	if (hp[0] != '/')
		str_addch(&t->path, '/');
	str_adds(&t->path, hp);
	str_addf(&t->url, "%s://%s%s%s:%lld%s", t->ssl ? "https" : "http",
	    strchr(t->addr.s, ':') ? "[" : "", t->addr.s, strchr(t->addr.s, ':') ? "]" : "", t->port,
	    t->path.s);
}

int
flows_checks_config(struct flow *f, struct errinfo *e)
{
	struct xsextant xs;

	return xsextant_load_located(f->cfg, &xs, e);
}

static const char *
mode_name(enum xs_verify v)
{
	return v == XS_VERIFY_FAIL ? "fail" : v == XS_VERIFY_OFF ? "off" : "report";
}

int
flows_verify_host(struct flow *f, const char *host, const struct config_role *r,
    struct errinfo *e)
{
	struct xsextant xs;
	struct target t;
	struct ssh_conn *conn = NULL;
	struct ssh_tunnel_dialer d;
	struct http_client http;
	struct http_probe pr;
	struct http_probe_result res;
	struct str text = STR_INIT, fields = STR_INIT, what = STR_INIT;
	struct tls_trust *ts;
	struct errinfo pe;
	int rc, ok;

	if (f->x->ops->simulated || !r->running_proxy || r->proxy == NULL)
		return 0;	/* --dry-run plans stay Kamal's; roles without a proxy have nothing to ask */
	if ((rc = xsextant_load_located(f->cfg, &xs, e)) != 0 || xs.verify == XS_VERIFY_OFF)
		return rc;
	target_of(f, host, r, &xs, &t);
	str_addf(&what, "GET %s%s%s", t.ssl ? "https://" : "http://", t.host.s, t.path.s);
	out_field_str(&fields, "role", r->name);
	out_field_str(&fields, "url", t.url.s);
	out_field_str(&fields, "host_header", t.host.s);
	out_field_str(&fields, "mode", mode_name(xs.verify));
	if (!t.publish) {
		out_field_bool(&fields, "skipped", 1);
		str_addf(&text, "  Not verified %s on %s: kamal-proxy publishes no port (proxy.run.publish: "
		    "false)", r->name, host);
		out_event("verify", host, SEV_WARN, fields.s, text.s);
		rc = 0;
		goto out;
	}
	err_clear(&pe);
	memset(&res, 0, sizeof(res));
	if ((rc = sshexec_conn(f->x, host, &conn, &pe)) != 0) {
		if (rc == ERR_UNSUPPORTED) {	/* not over SSH: nothing to verify through */
			rc = 0;
			goto out;
		}
		snprintf(res.error, sizeof(res.error), "%s", pe.msg);
	} else {
		memset(&d, 0, sizeof(d));
		d.conn = conn;
		d.label = host;
		http_client_init(&http);
		http_client_set_dialer(&http, ssh_tunnel_dial, &d);
		if (t.ssl && (ts = shared_trust()) != NULL)
			http_client_set_trust(&http, ts);
		memset(&pr, 0, sizeof(pr));
		pr.url = t.url.s;
		pr.host_header = t.host.s;
		pr.tls_name = t.ssl ? t.host.s : NULL;
		pr.timeout_ms = xs.verify_timeout_ms;
		http_probe_run(&http, &pr, &res, &pe);
		http_client_release(&http);
	}
	ok = res.ok && res.error[0] == '\0';
	out_field_int(&fields, "status", res.status);
	out_field_bool(&fields, "ok", ok);
	out_field_int(&fields, "latency_ms", (long long)res.total_ms);
	if (res.status)
		out_field_int(&fields, "first_byte_ms", (long long)res.first_byte_ms);
	if (res.error[0])
		out_field_str(&fields, "error", res.error);
	if (res.location[0])
		out_field_str(&fields, "location", res.location);
	if (ok) {
		str_addf(&text, "  Verified %s on %s through kamal-proxy: %s -> %d (%lld ms)", r->name, host,
		    what.s, res.status, (long long)res.total_ms);
		out_event("verify", host, SEV_INFO, fields.s, text.s);
		rc = 0;
		goto out;
	}
	str_addf(&text, "  Verification of %s on %s failed: %s through kamal-proxy ", r->name, host,
	    what.s);
	if (res.status) {
		str_addf(&text, "answered %d", res.status);
		if (res.location[0])
			str_addf(&text, " (Location: %s)", res.location);
		else if (res.body[0])
			str_addf(&text, " (%.80s)", res.body);
	} else {
		str_addf(&text, "got no answer: %s", res.error);
	}
	str_addf(&text, " after %lld ms", (long long)res.total_ms);
	if (xs.verify == XS_VERIFY_FAIL) {
		out_event("verify", host, SEV_ERROR, fields.s, text.s);
		if (res.status)
			rc = err_set(e, ERR_REMOTE, "post-switch verification failed for %s on %s "
			    "(x-sextant verify: fail): %s through kamal-proxy answered %d", r->name, host,
			    what.s, res.status);
		else
			rc = err_set(e, ERR_REMOTE, "post-switch verification failed for %s on %s "
			    "(x-sextant verify: fail): %s through kamal-proxy got no answer: %s", r->name,
			    host, what.s, res.error);
		err_sethost(e, host);
	} else {
		out_event("verify", host, SEV_WARN, fields.s, text.s);
		rc = 0;
	}
out:
	target_release(&t);
	str_release(&text);
	str_release(&fields);
	str_release(&what);
	return rc;
}
