/*
 * client — see client.h.
 */
#include "http/client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/err.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "core/xmalloc.h"
#include "http/request.h"
#include "http/tcp.h"
#include "http/url.h"

#define READ_CHUNK	16384

void
http_client_init(struct http_client *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->user_agent, sizeof(c->user_agent), "sextant");
}

static void
conn_drop(struct http_conn *k)
{
	http_stream_close(&k->s);
	free(k->key);
	memset(k, 0, sizeof(*k));
}

void
http_client_close_idle(struct http_client *c)
{
	size_t i;

	for (i = 0; i < HTTP_POOL_MAX; i++)
		if (c->pool[i].key)
			conn_drop(&c->pool[i]);
}

void
http_client_release(struct http_client *c)
{
	http_client_close_idle(c);
	if (c->trust_owned && c->trust) {
		tls_trust_release(c->trust);
		free(c->trust);
	}
	memset(c, 0, sizeof(*c));
}

void
http_client_set_trust(struct http_client *c, struct tls_trust *trust)
{
	if (c->trust_owned && c->trust) {
		tls_trust_release(c->trust);
		free(c->trust);
	}
	c->trust = trust;
	c->trust_owned = 0;
}

void
http_client_set_dialer(struct http_client *c, http_dial_fn dial, void *arg)
{
	http_client_close_idle(c);
	c->dial = dial;
	c->dial_arg = arg;
}

void
http_request_init(struct http_request *r, const char *method, const char *url)
{
	memset(r, 0, sizeof(*r));
	r->method = method ? method : "GET";
	r->url = url;
	r->max_redirects = HTTP_REDIRECTS_DEFAULT;
	r->connect_timeout_ms = HTTP_CONNECT_TIMEOUT_DEFAULT;
	r->first_byte_timeout_ms = HTTP_FIRST_BYTE_TIMEOUT_DEFAULT;
	r->timeout_ms = HTTP_TIMEOUT_DEFAULT;
}

/* RFC 9110 §9.2.2. */
static int
idempotent(const char *m)
{
	return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0 || strcmp(m, "PUT") == 0 ||
	    strcmp(m, "DELETE") == 0 || strcmp(m, "OPTIONS") == 0 || strcmp(m, "TRACE") == 0;
}

static char *
conn_key(const struct url *u, const char *tls_name)
{
	return xasprintf("%s|%s|%u|%s", u->scheme, u->host, u->port,
	    url_is_tls(u) ? (tls_name ? tls_name : u->host) : "");
}

/* An idle pooled connection for key, taken out of the pool, or 0. */
static int
pool_take(struct http_client *c, const char *key, struct http_stream *out)
{
	size_t i;

	for (i = 0; i < HTTP_POOL_MAX; i++) {
		if (c->pool[i].key && strcmp(c->pool[i].key, key) == 0) {
			*out = c->pool[i].s;
			memset(&c->pool[i].s, 0, sizeof(c->pool[i].s));
			free(c->pool[i].key);
			c->pool[i].key = NULL;
			return 1;
		}
	}
	return 0;
}

static void
pool_put(struct http_client *c, const char *key, struct http_stream *s)
{
	size_t i, slot = 0;
	int64_t oldest = INT64_MAX;

	for (i = 0; i < HTTP_POOL_MAX; i++) {
		if (c->pool[i].key == NULL) {
			slot = i;
			break;
		}
		if (c->pool[i].idle_since < oldest) {
			oldest = c->pool[i].idle_since;
			slot = i;
		}
	}
	if (c->pool[slot].key)
		conn_drop(&c->pool[slot]);
	c->pool[slot].key = xstrdup(key);
	c->pool[slot].s = *s;
	c->pool[slot].idle_since = time_mono_ms();
	memset(s, 0, sizeof(*s));
}

static int
ensure_trust(struct http_client *c, struct errinfo *e)
{
	struct tls_trust *t;
	int r;

	if (c->trust)
		return 0;
	t = xcalloc(1, sizeof(*t));
	tls_trust_init(t);
	if ((r = tls_trust_load_default(t, e)) < 0) {
		tls_trust_release(t);
		free(t);
		return r;
	}
	c->trust = t;
	c->trust_owned = 1;
	return 0;
}

static int
dial(struct http_client *c, const struct url *u, const char *tls_name, int64_t deadline,
    struct http_stream *out, struct errinfo *e)
{
	struct http_stream raw;
	struct tls_opts to;
	int r;

	memset(&raw, 0, sizeof(raw));
	if (url_is_tls(u) && (r = ensure_trust(c, e)) < 0)
		return r;
	if (c->dial)
		r = c->dial(c->dial_arg, u->host, u->port, deadline, &raw, e);
	else
		r = tcp_connect(u->host, u->port, deadline, &raw, e);
	if (r < 0)
		return r;
	c->dials++;
	if (!url_is_tls(u)) {
		*out = raw;
		return 0;
	}
	memset(&to, 0, sizeof(to));
	to.trust = c->trust;
	to.server_name = tls_name ? tls_name : u->host;
	to.verify_time = c->tls_verify_time;
	return tls_stream_open(&raw, &to, deadline, out, e);
}

struct attempt {
	const struct url		*u;
	const char			*method;
	const struct http_headers	*headers;
	const void			*body;
	size_t				 body_len;
	int				 has_body;
	const char			*host_header;
	const char			*tls_name;
};

/*
 * Sends one request and reads its response on s. *nothing is set when the
 * connection failed before any response byte (the caller may retry).
 */
static int
exchange(struct http_client *c, const struct http_request *req, const struct attempt *a,
    struct http_stream *s, int64_t deadline, struct http_response *resp, int *nothing,
    int *leftover, struct errinfo *e)
{
	struct str head = STR_INIT, host = STR_INIT;
	struct http_headers hdrs;
	struct http_parser p;
	unsigned char *rb = NULL;
	size_t got, used, i;
	int64_t sent_at, rd_deadline;
	int r, first = 1;

	*nothing = 1;
	*leftover = 0;
	http_headers_init(&hdrs);
	if (a->headers)
		for (i = 0; i < a->headers->n; i++)
			http_headers_add(&hdrs, a->headers->v[i].name, a->headers->v[i].value);
	if (http_headers_get(&hdrs, "User-Agent") == NULL && c->user_agent[0])
		http_headers_add(&hdrs, "User-Agent", c->user_agent);
	if (a->host_header)
		str_adds(&host, a->host_header);
	else
		url_authority(a->u, &host);
	r = http_request_head(&head, a->method, a->u->target, host.s, &hdrs,
	    a->has_body || a->body_len > 0, a->body_len, e);
	if (r < 0)
		goto out;
	if (a->body_len)
		str_add(&head, a->body, a->body_len);
	if ((r = http_stream_write(s, head.s, head.len, deadline, e)) < 0)
		goto out;
	sent_at = time_mono_ms();
	http_parser_init(&p, resp, req->limits, strcmp(a->method, "HEAD") == 0);
	rb = xmalloc(READ_CHUNK);
	rd_deadline = req->first_byte_timeout_ms > 0 ?
	    http_deadline_min(deadline, req->first_byte_timeout_ms) : deadline;
	for (;;) {
		r = http_stream_read(s, rb, READ_CHUNK, &got, rd_deadline, e);
		if (r == ERR_TIMEOUT && first && rd_deadline < deadline) {
			err_set(e, ERR_TIMEOUT, "no response within %d ms", req->first_byte_timeout_ms);
			goto parsed;
		}
		if (r < 0)
			goto parsed;
		if (got == 0) {
			r = http_parser_finish(&p, e);
			goto parsed;
		}
		if (first) {
			first = 0;
			*nothing = 0;
			resp->first_byte_ms = time_mono_ms() - sent_at;
			rd_deadline = deadline;
		}
		r = http_parser_feed(&p, rb, got, &used, e);
		if (r == 0) {
			*leftover = used < got;
			goto parsed;
		}
		if (r != ERR_AGAIN)
			goto parsed;
	}
parsed:
	if (r == ERR_CLOSED && !first)
		*nothing = 0;
	http_parser_release(&p);
out:
	free(rb);
	str_release(&head);
	str_release(&host);
	http_headers_release(&hdrs);
	return r;
}

static int
one_hop(struct http_client *c, const struct http_request *req, const struct attempt *a,
    int64_t deadline, struct http_response *resp, struct errinfo *e)
{
	struct http_stream s;
	char *key = conn_key(a->u, a->tls_name);
	int64_t start = time_mono_ms();
	int r, reused, nothing, leftover, tries;

	memset(&s, 0, sizeof(s));
	for (tries = 0; tries < 2; tries++) {
		reused = !req->no_reuse && tries == 0 && pool_take(c, key, &s);
		if (reused) {
			c->reuses++;
		} else {
			int64_t cd = req->connect_timeout_ms > 0 ?
			    http_deadline_min(deadline, req->connect_timeout_ms) : deadline;

			if ((r = dial(c, a->u, a->tls_name, cd, &s, e)) < 0) {
				if (r == ERR_TIMEOUT && cd < deadline)
					err_prefix(e, "connect timeout %d ms", req->connect_timeout_ms);
				goto out;
			}
		}
		r = exchange(c, req, a, &s, deadline, resp, &nothing, &leftover, e);
		if (r < 0 && reused && nothing && (r == ERR_CLOSED || r == ERR_IO) &&
		    idempotent(a->method)) {
			/* The server had closed the idle connection: try once on a new one. */
			http_stream_close(&s);
			err_clear(e);
			continue;
		}
		break;
	}
	if (r < 0)
		goto out;
	resp->reused = reused;
	resp->total_ms = time_mono_ms() - start;
	if (resp->keep_alive && !leftover && !req->no_reuse)
		pool_put(c, key, &s);
out:
	http_stream_close(&s);
	free(key);
	return r;
}

static int
is_redirect(int st)
{
	return st == 301 || st == 302 || st == 303 || st == 307 || st == 308;
}

int
http_client_do(struct http_client *c, const struct http_request *req, struct http_response *resp,
    struct errinfo *e)
{
	struct url u, next;
	struct attempt a;
	struct http_headers stripped;
	struct str where = STR_INIT;
	int64_t deadline = req->timeout_ms > 0 ? time_mono_ms() + req->timeout_ms : HTTP_NO_DEADLINE;
	int r, hops = 0, maxr = req->max_redirects;
	const char *loc;

	http_headers_init(&stripped);
	url_init(&next);
	if (maxr > HTTP_REDIRECTS_MAX)
		maxr = HTTP_REDIRECTS_MAX;
	if ((r = url_parse(&u, req->url, e)) < 0)
		goto out;
	memset(&a, 0, sizeof(a));
	a.u = &u;
	a.method = req->method ? req->method : "GET";
	a.headers = req->headers;
	a.body = req->body;
	a.body_len = req->body_len;
	a.has_body = req->has_body;
	a.host_header = req->host_header;
	a.tls_name = req->tls_name;
	for (;;) {
		r = one_hop(c, req, &a, deadline, resp, e);
		if (r < 0) {
			str_reset(&where);
			url_format(&u, &where);
			err_prefix(e, "%s %s", a.method, where.s);
			goto out;
		}
		if (!is_redirect(resp->status) || maxr <= 0)
			break;
		if ((loc = http_headers_get(&resp->headers, "Location")) == NULL)
			break;
		if (hops >= maxr) {
			str_reset(&where);
			url_format(&u, &where);
			r = err_set(e, ERR_PROTO, "%s %s: more than %d redirects", a.method, where.s, maxr);
			goto out;
		}
		if ((r = url_resolve(&u, loc, &next, e)) < 0) {
			err_prefix(e, "redirect Location");
			goto out;
		}
		if (resp->status == 303 || ((resp->status == 301 || resp->status == 302) &&
		    strcmp(a.method, "POST") == 0)) {
			if (strcmp(a.method, "HEAD") != 0)
				a.method = "GET";
			a.body = NULL;
			a.body_len = 0;
			a.has_body = 0;
		}
		if (!url_same_origin(&u, &next)) {
			/* Credentials and the Host override belong to the first origin only. */
			struct http_headers tmp;
			size_t i;

			http_headers_init(&tmp);
			for (i = 0; a.headers && i < a.headers->n; i++) {
				const char *n = a.headers->v[i].name;

				if (strcasecmp(n, "Authorization") == 0 || strcasecmp(n, "Cookie") == 0 ||
				    strcasecmp(n, "Proxy-Authorization") == 0)
					continue;
				http_headers_add(&tmp, n, a.headers->v[i].value);
			}
			http_headers_release(&stripped);
			stripped = tmp;
			a.headers = &stripped;
			a.host_header = NULL;
			a.tls_name = NULL;
		}
		url_release(&u);
		u = next;
		url_init(&next);
		hops++;
	}
	str_reset(&where);
	url_format(&u, &where);
	free(resp->url);
	resp->url = str_detach(&where, NULL);
	resp->redirects = hops;
	r = 0;
out:
	url_release(&u);
	url_release(&next);
	http_headers_release(&stripped);
	str_release(&where);
	return r;
}
