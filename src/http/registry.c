/*
 * registry — see registry.h.
 *
 * Protocol references: the OCI distribution spec (endpoints, error bodies,
 * Docker-Content-Digest), Docker's token authentication spec (realm, service,
 * scope, token/access_token, expires_in with a 60 s default), RFC 6750 §3
 * (Bearer challenges), RFC 7617 (Basic), the OCI image spec and Docker's
 * manifest v2 schema 2 (media types, platform objects).
 */
#include "http/registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <bearssl.h>

#include "core/enc.h"
#include "core/err.h"
#include "core/json.h"
#include "core/log.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "core/wipe.h"
#include "core/xmalloc.h"
#include "http/client.h"
#include "http/dockercfg.h"
#include "http/request.h"
#include "http/url.h"
#include "http/wwwauth.h"

#define TOKEN_BODY_MAX		(1024 * 1024)
#define ERROR_BODY_MAX		(64 * 1024)
#define TOKEN_DEFAULT_TTL_S	60
#define MANIFEST_ACCEPT		MT_OCI_INDEX ", " MT_DOCKER_LIST ", " MT_OCI_MANIFEST ", " \
				MT_DOCKER_MANIFEST

static void
freesecret(char *s)
{
	if (s)
		freezero(s, strlen(s));
}

/* ---- references ---- */

static int
lower_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

int
registry_valid_repo(const char *repo)
{
	size_t i, n = strlen(repo);

	if (n == 0 || n > 255 || !lower_alnum((unsigned char)repo[0]) ||
	    !lower_alnum((unsigned char)repo[n - 1]))
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)repo[i];

		if (lower_alnum(c))
			continue;
		if (c != '.' && c != '_' && c != '-' && c != '/')
			return 0;
		/* A separator sits between alphanumerics, except "__" and runs of '-'. */
		if (c == '/' && !(lower_alnum((unsigned char)repo[i - 1]) &&
		    lower_alnum((unsigned char)repo[i + 1])))
			return 0;
		if ((c == '.') && !lower_alnum((unsigned char)repo[i + 1]))
			return 0;
	}
	return 1;
}

int
registry_valid_ref(const char *ref)
{
	size_t i, n = strlen(ref);
	const char *colon;

	if (n == 0)
		return 0;
	colon = strchr(ref, ':');
	if (colon) {
		/* digest = algorithm ":" encoded */
		if (colon == ref || strlen(colon + 1) < 32 || strlen(colon + 1) > 128)
			return 0;
		for (i = 0; ref + i < colon; i++)
			if (!lower_alnum((unsigned char)ref[i]) && !strchr("+._-", ref[i]))
				return 0;
		for (i = 1; colon[i]; i++)
			if (!((colon[i] >= 'a' && colon[i] <= 'f') || (colon[i] >= '0' && colon[i] <= '9') ||
			    (colon[i] >= 'A' && colon[i] <= 'F')))
				return 0;
		return 1;
	}
	if (n > 128 || ref[0] == '.' || ref[0] == '-')
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)ref[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '_' || c == '.' || c == '-'))
			return 0;
	}
	return 1;
}

/* host[:port]: DNS name characters or an IPv6 literal in brackets, decimal port. */
static int
valid_server(const char *s)
{
	const char *colon;
	size_t i;

	if (*s == '[') {
		const char *rb = strchr(s, ']');

		if (rb == NULL)
			return 0;
		colon = rb[1] == ':' ? rb + 1 : (rb[1] == '\0' ? NULL : rb);
		if (colon == rb)
			return 0;
	} else {
		colon = strchr(s, ':');
		for (i = 0; s + i < (colon ? colon : s + strlen(s)); i++)
			if (!lower_alnum((unsigned char)s[i]) && !(s[i] >= 'A' && s[i] <= 'Z') &&
			    s[i] != '.' && s[i] != '-')
				return 0;
		if (i == 0 || s[0] == '.' || s[0] == '-')
			return 0;
	}
	if (colon) {
		if (colon[1] == '\0' || strlen(colon + 1) > 5)
			return 0;
		for (i = 1; colon[i]; i++)
			if (colon[i] < '0' || colon[i] > '9')
				return 0;
	}
	return 1;
}

int
registry_parse_image(const char *image, char **server, char **repo, char **ref,
    struct errinfo *e)
{
	const char *slash = strchr(image, '/'), *rest = image, *at, *colon, *lastslash;
	char *r = NULL;

	*server = *repo = *ref = NULL;
	if (slash && (memchr(image, '.', (size_t)(slash - image)) ||
	    memchr(image, ':', (size_t)(slash - image)) ||
	    ((size_t)(slash - image) == 9 && strncmp(image, "localhost", 9) == 0))) {
		*server = xstrndup(image, (size_t)(slash - image));
		rest = slash + 1;
	}
	at = strchr(rest, '@');
	lastslash = strrchr(rest, '/');
	colon = strrchr(lastslash ? lastslash : rest, ':');
	if (at) {
		r = xstrndup(rest, (size_t)(at - rest));
		*ref = xstrdup(at + 1);
	} else if (colon) {
		r = xstrndup(rest, (size_t)(colon - rest));
		*ref = xstrdup(colon + 1);
	} else {
		r = xstrdup(rest);
		*ref = xstrdup("latest");
	}
	if ((*server == NULL || dockercfg_is_hub(*server)) && strchr(r, '/') == NULL) {
		char *l = xasprintf("library/%s", r);

		free(r);
		r = l;
	}
	*repo = r;
	if (!registry_valid_repo(*repo) || !registry_valid_ref(*ref) ||
	    (*server && !valid_server(*server))) {
		free(*server);
		free(*repo);
		free(*ref);
		*server = *repo = *ref = NULL;
		return err_set(e, ERR_INVAL, "invalid image reference \"%.200s\"", image);
	}
	return 0;
}

/* ---- open/close ---- */

int
registry_open(struct registry *r, const struct registry_opts *o, struct http_client *http,
    struct errinfo *e)
{
	const char *srv = o->server;
	struct str b = STR_INIT, auth = STR_INIT, path = STR_INIT;
	struct url u;
	int rc;

	memset(r, 0, sizeof(*r));
	r->http = http;
	r->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : 30000;
	if (srv == NULL || *srv == '\0' || dockercfg_is_hub(srv)) {
		r->hub = 1;
		str_adds(&b, "https://registry-1.docker.io");
		r->name = xstrdup("docker.io");
	} else {
		if (strncasecmp(srv, "http://", 7) == 0 || strncasecmp(srv, "https://", 8) == 0)
			str_adds(&b, srv);
		else
			str_addf(&b, "%s://%s", o->insecure ? "http" : "https", srv);
		while (b.len && b.s[b.len - 1] == '/')
			str_truncate(&b, b.len - 1);
	}
	if ((rc = url_parse(&u, b.s, e)) < 0) {
		err_prefix(e, "registry server \"%s\"", srv);
		goto out;
	}
	if (strcmp(u.target, "/") != 0 || u.user) {
		url_release(&u);
		rc = err_set(e, ERR_CONFIG, "registry server \"%s\" must be host[:port] (no path or user)",
		    srv);
		goto out;
	}
	str_reset(&auth);
	url_authority(&u, &auth);
	r->base = xasprintf("%s://%s", u.scheme, auth.s);
	if (!r->name)
		r->name = xstrdup(auth.s);
	r->config_host = xstrdup(r->hub ? "docker.io" : auth.s);
	url_release(&u);

	if (o->username && *o->username) {
		r->user = xstrdup(o->username);
		r->pass = xstrdup(o->password ? o->password : "");
		r->creds_from = xstrdup("the registry settings");
	} else if (o->docker_config == NULL || *o->docker_config) {
		struct errinfo e2;

		if (o->docker_config)
			str_adds(&path, o->docker_config);
		else
			dockercfg_default_path(&path);
		err_clear(&e2);
		rc = dockercfg_lookup(path.s, r->config_host, &r->user, &r->pass, &e2);
		if (rc == 0) {
			r->creds_from = xstrdup(path.s);
		} else if (rc == ERR_NOTFOUND) {
			log_debug("registry %s: %s", r->name, e2.msg);
			r->creds_note = xstrdup(e2.msg);
		} else {
			*e = e2;
			goto out;
		}
	}
	rc = 0;
out:
	str_release(&b);
	str_release(&auth);
	str_release(&path);
	if (rc < 0)
		registry_close(r);
	return rc;
}

void
registry_close(struct registry *r)
{
	size_t i;

	free(r->base);
	free(r->name);
	free(r->config_host);
	free(r->user);
	freesecret(r->pass);
	free(r->creds_from);
	free(r->creds_note);
	free(r->realm);
	free(r->service);
	for (i = 0; i < REGISTRY_TOKEN_CACHE; i++) {
		free(r->tokens[i].scope);
		freesecret(r->tokens[i].token);
	}
	memset(r, 0, sizeof(*r));
}

/* ---- tokens ---- */

static const char *
token_lookup(struct registry *r, const char *scope)
{
	int64_t now = time_mono_ms();
	size_t i;

	for (i = 0; i < REGISTRY_TOKEN_CACHE; i++)
		if (r->tokens[i].scope && strcmp(r->tokens[i].scope, scope) == 0 &&
		    now < r->tokens[i].expires)
			return r->tokens[i].token;
	return NULL;
}

static void
token_store(struct registry *r, const char *scope, char *token, int64_t expires)
{
	size_t i, slot = 0;
	int64_t oldest = INT64_MAX;

	for (i = 0; i < REGISTRY_TOKEN_CACHE; i++) {
		if (r->tokens[i].scope == NULL || strcmp(r->tokens[i].scope, scope) == 0) {
			slot = i;
			break;
		}
		if (r->tokens[i].expires < oldest) {
			oldest = r->tokens[i].expires;
			slot = i;
		}
	}
	free(r->tokens[slot].scope);
	freesecret(r->tokens[slot].token);
	r->tokens[slot].scope = xstrdup(scope);
	r->tokens[slot].token = token;
	r->tokens[slot].expires = expires;
}

static void
basic_header(const struct registry *r, struct str *out)
{
	struct str up = STR_INIT;

	up.secret = 1;
	out->secret = 1;
	str_addf(&up, "%s:%s", r->user, r->pass ? r->pass : "");
	str_adds(out, "Basic ");
	b64_encode(up.s, up.len, out);
	str_release(&up);
}

static int
is_loopback_host(const char *h)
{
	return strcmp(h, "localhost") == 0 || strncmp(h, "127.", 4) == 0 || strcmp(h, "::1") == 0;
}

/*
 * GET realm?service=..&scope=..[&account=user] (Docker token authentication).
 * scope may be NULL (login check).
 */
static int
token_fetch(struct registry *r, const char *scope, char **token, int64_t *expires,
    struct errinfo *e)
{
	struct str url = STR_INIT, auth = STR_INIT;
	struct http_headers h;
	struct http_request req;
	struct http_response resp;
	struct http_limits lim;
	struct json_doc d;
	struct url ru;
	const char *t;
	int64_t ttl = TOKEN_DEFAULT_TTL_S;
	int rc;

	http_headers_init(&h);
	http_response_init(&resp);
	json_init(&d);
	url_init(&ru);
	if (r->realm == NULL || (rc = url_parse(&ru, r->realm, e)) < 0) {
		rc = err_set(e, ERR_PROTO, "registry %s: Bearer challenge without a valid realm", r->name);
		goto out;
	}
	if (r->user && !url_is_tls(&ru) && strncmp(r->base, "https:", 6) == 0 &&
	    !is_loopback_host(ru.host)) {
		rc = err_set(e, ERR_AUTH, "registry %s: refusing to send credentials to the "
		    "plain-HTTP token service %s", r->name, r->realm);
		goto out;
	}
	str_adds(&url, r->realm);
	str_addch(&url, strchr(r->realm, '?') ? '&' : '?');
	str_adds(&url, "service=");
	url_escape(&url, r->service ? r->service : "");
	if (scope) {
		str_adds(&url, "&scope=");
		url_escape(&url, scope);
	}
	if (r->user) {
		str_adds(&url, "&account=");
		url_escape(&url, r->user);
		basic_header(r, &auth);
		http_headers_add(&h, "Authorization", auth.s);
	}
	http_request_init(&req, "GET", url.s);
	req.headers = &h;
	req.timeout_ms = r->timeout_ms;
	http_limits_default(&lim);
	lim.max_body = TOKEN_BODY_MAX;
	req.limits = &lim;
	r->token_fetches++;
	if ((rc = http_client_do(r->http, &req, &resp, e)) < 0) {
		err_prefix(e, "registry %s token service", r->name);
		goto out;
	}
	if (resp.status == 401 || resp.status == 403) {
		if (r->user)
			rc = err_set(e, ERR_AUTH, "registry %s: the token service %s refused the credentials "
			    "of user %s (from %s): HTTP %d", r->name, r->realm, r->user, r->creds_from,
			    resp.status);
		else
			rc = err_set(e, ERR_AUTH, "registry %s: the token service %s wants credentials "
			    "(HTTP %d); set registry.username and registry.password%s%s%s", r->name,
			    r->realm, resp.status, r->creds_note ? " (" : "",
			    r->creds_note ? r->creds_note : "", r->creds_note ? ")" : "");
		goto out;
	}
	if (resp.status != 200) {
		rc = err_set(e, ERR_REMOTE, "registry %s: the token service %s answered HTTP %d",
		    r->name, r->realm, resp.status);
		goto out;
	}
	if ((rc = json_parse(&d, (const char *)buf_ptr(&resp.body), buf_avail(&resp.body),
	    "token reply", e)) < 0) {
		err_prefix(e, "registry %s", r->name);
		goto out;
	}
	t = json_get_str(&d, json_root(&d), "token");
	if (t == NULL || *t == '\0')
		t = json_get_str(&d, json_root(&d), "access_token");
	if (t == NULL || *t == '\0' || !http_is_field_value(t, strlen(t))) {
		rc = err_set(e, ERR_PROTO, "registry %s: the token service gave no usable token", r->name);
		goto out;
	}
	json_get_int(json_member(&d, json_root(&d), "expires_in"), &ttl);
	if (ttl < TOKEN_DEFAULT_TTL_S)
		ttl = TOKEN_DEFAULT_TTL_S;
	if (ttl > 86400)
		ttl = 86400;
	*token = xstrdup(t);
	/* Renew a little early so a token cannot expire between check and use. */
	*expires = time_mono_ms() + ttl * 1000 - 5000;
	rc = 0;
out:
	url_release(&ru);
	json_release(&d);
	http_response_release(&resp);
	http_headers_release(&h);
	str_release(&url);
	str_release(&auth);
	return rc;
}

/* ---- requests with authentication ---- */

static void
registry_error_text(const struct http_response *resp, struct str *out)
{
	struct json_doc d;
	const struct json_value *errs, *x;
	const char *code, *msg;

	if (buf_avail(&resp->body) == 0 ||
	    json_parse(&d, (const char *)buf_ptr(&resp->body), buf_avail(&resp->body), NULL, NULL) < 0)
		return;
	errs = json_member(&d, json_root(&d), "errors");
	for (x = json_first(&d, errs); x; x = json_next(&d, x)) {
		code = json_get_str(&d, x, "code");
		msg = json_get_str(&d, x, "message");
		if (out->len)
			str_adds(out, "; ");
		str_addf(out, "%.64s%s%.200s", code ? code : "", code && msg ? ": " : "", msg ? msg : "");
	}
	json_release(&d);
	/* The text is the registry's: no terminal control bytes reach the user's screen. */
	for (size_t i = 0; i < out->len; i++)
		if ((unsigned char)out->s[i] < 0x20 || out->s[i] == 0x7f)
			out->s[i] = '?';
}

static int
do_request(struct registry *r, const char *method, const char *path, const char *scope,
    const char *accept, size_t max_body, struct http_response *resp, struct errinfo *e)
{
	struct str url = STR_INIT, auth = STR_INIT;
	struct http_headers h;
	struct http_request req;
	struct http_limits lim;
	struct wwwauth w;
	const struct wwwauth_challenge *bearer, *basic;
	const char *key = scope ? scope : "";
	int rc, attempt, sent_basic = 0, sent_fresh_token = 0;
	size_t i;

	http_headers_init(&h);
	wwwauth_init(&w);
	str_addf(&url, "%s%s", r->base, path);
	http_limits_default(&lim);
	lim.max_body = max_body;
	for (attempt = 0; attempt < 4; attempt++) {
		const char *tok;

		http_headers_reset(&h);
		str_reset(&auth);
		if (accept)
			http_headers_add(&h, "Accept", accept);
		sent_basic = 0;
		if (r->auth == REGISTRY_AUTH_BASIC && r->user) {
			basic_header(r, &auth);
			http_headers_add(&h, "Authorization", auth.s);
			sent_basic = 1;
		} else if (r->auth == REGISTRY_AUTH_BEARER && (tok = token_lookup(r, key)) != NULL) {
			auth.secret = 1;
			str_addf(&auth, "Bearer %s", tok);
			http_headers_add(&h, "Authorization", auth.s);
		}
		http_request_init(&req, method, url.s);
		req.headers = &h;
		req.limits = &lim;
		req.timeout_ms = r->timeout_ms;
		r->requests++;
		if ((rc = http_client_do(r->http, &req, resp, e)) < 0) {
			err_prefix(e, "registry %s", r->name);
			goto out;
		}
		if (resp->status != 401) {
			if (r->auth == REGISTRY_AUTH_UNKNOWN)
				r->auth = REGISTRY_AUTH_NONE;
			rc = 0;
			goto out;
		}
		wwwauth_release(&w);
		wwwauth_init(&w);
		for (i = 0; i < resp->headers.n; i++) {
			if (strcasecmp(resp->headers.v[i].name, "WWW-Authenticate") != 0)
				continue;
			if ((rc = wwwauth_parse(&w, resp->headers.v[i].value, e)) < 0) {
				err_prefix(e, "registry %s", r->name);
				goto out;
			}
		}
		bearer = wwwauth_find(&w, "Bearer");
		basic = wwwauth_find(&w, "Basic");
		if (bearer) {
			const char *realm = wwwauth_param(bearer, "realm");
			const char *service = wwwauth_param(bearer, "service");
			const char *chscope = wwwauth_param(bearer, "scope");
			const char *werr = wwwauth_param(bearer, "error");
			char *token = NULL;
			int64_t exp = 0;

			if (sent_fresh_token) {
				rc = err_set(e, ERR_AUTH, "registry %s refused the token it issued for %s%s%s%s "
				    "(user %s)", r->name, scope ? scope : "/v2/", werr ? " (" : "",
				    werr ? werr : "", werr ? ")" : "", r->user ? r->user : "anonymous");
				goto out;
			}
			r->auth = REGISTRY_AUTH_BEARER;
			free(r->realm);
			free(r->service);
			r->realm = realm ? xstrdup(realm) : NULL;
			r->service = service ? xstrdup(service) : NULL;
			if ((rc = token_fetch(r, chscope ? chscope : scope, &token, &exp, e)) < 0)
				goto out;
			token_store(r, key, token, exp);
			sent_fresh_token = 1;
			continue;
		}
		if (basic) {
			r->auth = REGISTRY_AUTH_BASIC;
			if (r->user == NULL) {
				rc = err_set(e, ERR_AUTH, "registry %s wants credentials (Basic); set "
				    "registry.username and registry.password, or docker login%s%s%s",
				    r->name, r->creds_note ? " (" : "", r->creds_note ? r->creds_note : "",
				    r->creds_note ? ")" : "");
				goto out;
			}
			if (sent_basic) {
				rc = err_set(e, ERR_AUTH, "registry %s refused the credentials of user %s "
				    "(from %s)", r->name, r->user, r->creds_from);
				goto out;
			}
			continue;
		}
		rc = err_set(e, ERR_AUTH, "registry %s answered 401 without a Basic or Bearer challenge",
		    r->name);
		goto out;
	}
	rc = err_set(e, ERR_AUTH, "registry %s: authentication did not settle", r->name);
out:
	wwwauth_release(&w);
	http_headers_release(&h);
	str_release(&url);
	str_release(&auth);
	return rc;
}

int
registry_ping(struct registry *r, struct errinfo *e)
{
	struct http_response resp;
	int rc;

	http_response_init(&resp);
	rc = do_request(r, "GET", "/v2/", NULL, NULL, ERROR_BODY_MAX, &resp, e);
	if (rc == 0 && resp.status != 200) {
		struct str t = STR_INIT;

		registry_error_text(&resp, &t);
		rc = err_set(e, resp.status == 404 ? ERR_UNSUPPORTED : ERR_REMOTE,
		    "registry %s: GET /v2/ answered HTTP %d%s%s%s", r->name, resp.status,
		    t.len ? " (" : "", t.len ? t.s : "", t.len ? ")" : "");
		str_release(&t);
	}
	http_response_release(&resp);
	return rc;
}

int
registry_login_check(struct registry *r, struct errinfo *e)
{
	char *token = NULL;
	int64_t exp;
	int rc;

	if ((rc = registry_ping(r, e)) < 0)
		return rc;
	if (r->auth == REGISTRY_AUTH_NONE || r->auth == REGISTRY_AUTH_BASIC)
		return 0;	/* ping itself sent and had accepted the credentials */
	if (r->user == NULL)
		return err_set(e, ERR_AUTH, "registry %s: no credentials to check (set "
		    "registry.username and registry.password)", r->name);
	/* Bearer: ask for a token with the credentials and no scope, as docker login does. */
	rc = token_fetch(r, NULL, &token, &exp, e);
	freesecret(token);
	return rc;
}

/* ---- manifests ---- */

void
registry_manifest_init(struct registry_manifest *m)
{
	memset(m, 0, sizeof(*m));
}

void
registry_manifest_release(struct registry_manifest *m)
{
	free(m->media_type);
	free(m->digest);
	free(m->config_digest);
	free(m->platforms);
	memset(m, 0, sizeof(*m));
}

static void
image_name(const struct registry *r, const char *repo, const char *ref, struct str *out)
{
	if (r->hub)
		str_adds(out, strncmp(repo, "library/", 8) == 0 ? repo + 8 : repo);
	else
		str_addf(out, "%s/%s", r->name, repo);
	str_addf(out, "%s%s", strchr(ref, ':') ? "@" : ":", ref);
}

static char *
media_type_of(const char *ct)
{
	size_t n;

	if (ct == NULL)
		return xstrdup("");
	n = strcspn(ct, ";");
	while (n > 0 && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	return xstrndup(ct, n);
}

static void
sha256_digest(const void *p, size_t n, struct str *out)
{
	br_sha256_context c;
	unsigned char h[32];

	br_sha256_init(&c);
	br_sha256_update(&c, p, n);
	br_sha256_out(&c, h);
	str_adds(out, "sha256:");
	hex_encode(h, sizeof(h), out);
}

static int
manifest_path_ok(struct registry *r, const char *repo, const char *ref, struct errinfo *e)
{
	if (!registry_valid_repo(repo))
		return err_set(e, ERR_INVAL, "invalid repository name \"%.200s\" (lowercase letters, "
		    "digits and . _ - / only)", repo);
	if (!registry_valid_ref(ref))
		return err_set(e, ERR_INVAL, "invalid tag or digest \"%.200s\"", ref);
	return 0;
}

static int
not_found(struct registry *r, const char *repo, const char *ref,
    const struct http_response *resp, struct errinfo *e)
{
	struct str img = STR_INIT, t = STR_INIT;
	int rc;

	image_name(r, repo, ref, &img);
	registry_error_text(resp, &t);
	rc = err_set(e, ERR_NOTFOUND, "image %s not found in registry %s%s%s%s: push it first or "
	    "check the version", img.s, r->name, t.len ? " (" : "", t.len ? t.s : "", t.len ? ")" : "");
	str_release(&img);
	str_release(&t);
	return rc;
}

static int
unexpected(struct registry *r, const char *what, const struct http_response *resp,
    struct errinfo *e)
{
	struct str t = STR_INIT;
	int rc;

	registry_error_text(resp, &t);
	rc = err_set(e, resp->status == 403 ? ERR_AUTH : ERR_REMOTE,
	    "registry %s: %s answered HTTP %d%s%s%s", r->name, what, resp->status,
	    t.len ? " (" : "", t.len ? t.s : "", t.len ? ")" : "");
	str_release(&t);
	return rc;
}

int
registry_manifest_head(struct registry *r, const char *repo, const char *ref,
    struct registry_manifest *m, struct errinfo *e)
{
	struct http_response resp;
	struct str path = STR_INIT, scope = STR_INIT;
	const char *v;
	int64_t sz = -1;
	int rc;

	registry_manifest_release(m);
	http_response_init(&resp);
	if ((rc = manifest_path_ok(r, repo, ref, e)) < 0)
		goto out;
	str_addf(&path, "/v2/%s/manifests/%s", repo, ref);
	str_addf(&scope, "repository:%s:pull", repo);
	if ((rc = do_request(r, "HEAD", path.s, scope.s, MANIFEST_ACCEPT, ERROR_BODY_MAX, &resp,
	    e)) < 0)
		goto out;
	m->status = resp.status;
	if (resp.status == 404) {
		rc = not_found(r, repo, ref, &resp, e);
		goto out;
	}
	if (resp.status != 200) {
		rc = unexpected(r, "HEAD manifest", &resp, e);
		goto out;
	}
	m->media_type = media_type_of(http_headers_get(&resp.headers, "Content-Type"));
	v = http_headers_get(&resp.headers, "Docker-Content-Digest");
	m->digest = xstrdup(v ? v : "");
	v = http_headers_get(&resp.headers, "Content-Length");
	if (v) {
		sz = 0;
		for (; *v >= '0' && *v <= '9' && sz < INT64_MAX / 10; v++)
			sz = sz * 10 + (*v - '0');
	}
	m->size = sz;
	m->is_index = strcmp(m->media_type, MT_OCI_INDEX) == 0 ||
	    strcmp(m->media_type, MT_DOCKER_LIST) == 0;
	rc = 0;
out:
	http_response_release(&resp);
	str_release(&path);
	str_release(&scope);
	return rc;
}

static void
copy_field(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

static int
add_platform(struct registry_manifest *m, const char *os, const char *arch, const char *variant,
    const char *digest, struct errinfo *e)
{
	struct registry_platform *p;

	if (m->nplatforms >= REGISTRY_MAX_PLATFORMS)
		return err_set(e, ERR_RANGE, "manifest lists more than %d platforms",
		    REGISTRY_MAX_PLATFORMS);
	m->platforms = xreallocarray(m->platforms, m->nplatforms + 1, sizeof(*m->platforms));
	p = &m->platforms[m->nplatforms++];
	copy_field(p->os, sizeof(p->os), os);
	copy_field(p->arch, sizeof(p->arch), arch);
	copy_field(p->variant, sizeof(p->variant), variant);
	copy_field(p->digest, sizeof(p->digest), digest);
	return 0;
}

/* The image config blob (OCI image spec "config"): os, architecture, variant. */
static int
config_platform(struct registry *r, const char *repo, struct registry_manifest *m,
    struct errinfo *e)
{
	struct http_response resp;
	struct str path = STR_INIT, scope = STR_INIT, dig = STR_INIT;
	struct json_doc d;
	const struct json_value *root;
	int rc;

	http_response_init(&resp);
	json_init(&d);
	if (!registry_valid_ref(m->config_digest) || strchr(m->config_digest, ':') == NULL) {
		rc = err_set(e, ERR_PROTO, "registry %s: manifest has an invalid config digest",
		    r->name);
		goto out;
	}
	str_addf(&path, "/v2/%s/blobs/%s", repo, m->config_digest);
	str_addf(&scope, "repository:%s:pull", repo);
	if ((rc = do_request(r, "GET", path.s, scope.s, NULL, REGISTRY_MANIFEST_MAX, &resp, e)) < 0)
		goto out;
	if (resp.status != 200) {
		rc = unexpected(r, "GET config blob", &resp, e);
		goto out;
	}
	if (strncmp(m->config_digest, "sha256:", 7) == 0) {
		sha256_digest(buf_ptr(&resp.body), buf_avail(&resp.body), &dig);
		if (strcmp(dig.s, m->config_digest) != 0) {
			rc = err_set(e, ERR_CRYPTO, "registry %s: config blob %s has digest %s",
			    r->name, m->config_digest, dig.s);
			goto out;
		}
	}
	if ((rc = json_parse(&d, (const char *)buf_ptr(&resp.body), buf_avail(&resp.body),
	    "image config", e)) < 0) {
		err_prefix(e, "registry %s", r->name);
		goto out;
	}
	root = json_root(&d);
	rc = add_platform(m, json_get_str(&d, root, "os"), json_get_str(&d, root, "architecture"),
	    json_get_str(&d, root, "variant"), m->digest, e);
out:
	json_release(&d);
	http_response_release(&resp);
	str_release(&path);
	str_release(&scope);
	str_release(&dig);
	return rc;
}

static int
parse_manifest(struct registry *r, const char *repo, const struct http_response *resp,
    struct registry_manifest *m, struct errinfo *e)
{
	struct json_doc d;
	const struct json_value *root, *list, *x, *plat, *cfg;
	const char *mt;
	int64_t sv = 0;
	int rc;

	if ((rc = json_parse(&d, (const char *)buf_ptr(&resp->body), buf_avail(&resp->body),
	    "manifest", e)) < 0) {
		err_prefix(e, "registry %s", r->name);
		return rc;
	}
	root = json_root(&d);
	json_get_int(json_member(&d, root, "schemaVersion"), &sv);
	if (sv != 2) {
		rc = err_set(e, ERR_UNSUPPORTED, "registry %s: manifest schemaVersion %lld is not "
		    "supported (only 2: Docker v2 schema 2 and OCI)", r->name, (long long)sv);
		goto out;
	}
	if (m->media_type[0] == '\0' || strcmp(m->media_type, "application/json") == 0) {
		mt = json_get_str(&d, root, "mediaType");
		free(m->media_type);
		m->media_type = xstrdup(mt ? mt : "");
	}
	list = json_member(&d, root, "manifests");
	cfg = json_member(&d, root, "config");
	if (strcmp(m->media_type, MT_OCI_INDEX) == 0 || strcmp(m->media_type, MT_DOCKER_LIST) == 0 ||
	    (m->media_type[0] == '\0' && list && list->type == JSON_ARRAY)) {
		if (m->media_type[0] == '\0') {
			free(m->media_type);
			m->media_type = xstrdup(MT_OCI_INDEX);
		}
		m->is_index = 1;
		for (x = json_first(&d, list); x; x = json_next(&d, x)) {
			const char *os, *arch;

			plat = json_member(&d, x, "platform");
			os = json_get_str(&d, plat, "os");
			arch = json_get_str(&d, plat, "architecture");
			/* Attestation manifests (BuildKit) are listed as unknown/unknown. */
			if (os == NULL || arch == NULL || strcmp(os, "unknown") == 0)
				continue;
			if ((rc = add_platform(m, os, arch, json_get_str(&d, plat, "variant"),
			    json_get_str(&d, x, "digest"), e)) < 0)
				goto out;
		}
		rc = 0;
		goto out;
	}
	if (strcmp(m->media_type, MT_OCI_MANIFEST) == 0 ||
	    strcmp(m->media_type, MT_DOCKER_MANIFEST) == 0 ||
	    (m->media_type[0] == '\0' && cfg && cfg->type == JSON_OBJECT)) {
		const char *cd = json_get_str(&d, cfg, "digest");

		if (m->media_type[0] == '\0') {
			free(m->media_type);
			m->media_type = xstrdup(MT_OCI_MANIFEST);
		}
		if (cd == NULL) {
			rc = err_set(e, ERR_PROTO, "registry %s: image manifest without a config digest",
			    r->name);
			goto out;
		}
		m->config_digest = xstrdup(cd);
		json_release(&d);
		return config_platform(r, repo, m, e);
	}
	rc = err_set(e, ERR_UNSUPPORTED, "registry %s: unsupported manifest media type \"%.100s\"",
	    r->name, m->media_type);
out:
	json_release(&d);
	return rc;
}

int
registry_manifest_get(struct registry *r, const char *repo, const char *ref,
    struct registry_manifest *m, struct errinfo *e)
{
	struct http_response resp;
	struct str path = STR_INIT, scope = STR_INIT, dig = STR_INIT;
	const char *hd;
	int rc;

	registry_manifest_release(m);
	http_response_init(&resp);
	if ((rc = manifest_path_ok(r, repo, ref, e)) < 0)
		goto out;
	str_addf(&path, "/v2/%s/manifests/%s", repo, ref);
	str_addf(&scope, "repository:%s:pull", repo);
	if ((rc = do_request(r, "GET", path.s, scope.s, MANIFEST_ACCEPT, REGISTRY_MANIFEST_MAX,
	    &resp, e)) < 0)
		goto out;
	m->status = resp.status;
	if (resp.status == 404) {
		rc = not_found(r, repo, ref, &resp, e);
		goto out;
	}
	if (resp.status != 200) {
		rc = unexpected(r, "GET manifest", &resp, e);
		goto out;
	}
	/* The manifest's digest is the SHA-256 of exactly these bytes (OCI image spec). */
	sha256_digest(buf_ptr(&resp.body), buf_avail(&resp.body), &dig);
	hd = http_headers_get(&resp.headers, "Docker-Content-Digest");
	if ((hd && strncmp(hd, "sha256:", 7) == 0 && strcmp(hd, dig.s) != 0) ||
	    (strncmp(ref, "sha256:", 7) == 0 && strcmp(ref, dig.s) != 0)) {
		rc = err_set(e, ERR_CRYPTO, "registry %s: manifest %s:%s has digest %s, but %s was "
		    "announced", r->name, repo, ref, dig.s, hd && strcmp(hd, dig.s) ? hd : ref);
		goto out;
	}
	m->digest = str_detach(&dig, NULL);
	m->size = (int64_t)buf_avail(&resp.body);
	m->media_type = media_type_of(http_headers_get(&resp.headers, "Content-Type"));
	rc = parse_manifest(r, repo, &resp, m, e);
out:
	http_response_release(&resp);
	str_release(&path);
	str_release(&scope);
	str_release(&dig);
	return rc;
}

/* ---- platforms and the pre-flight ---- */

static const char *
norm_arch(const char *a)
{
	if (strcmp(a, "x86_64") == 0 || strcmp(a, "x86-64") == 0)
		return "amd64";
	if (strcmp(a, "aarch64") == 0)
		return "arm64";
	return a;
}

int
registry_platform_match(const char *p, const struct registry_platform *f)
{
	char os[32] = "linux", arch[32] = "", var[32] = "";
	const char *s1 = strchr(p, '/'), *s2;

	if (s1 == NULL) {
		copy_field(arch, sizeof(arch), p);
	} else {
		snprintf(os, sizeof(os), "%.*s", (int)(s1 - p), p);
		s2 = strchr(s1 + 1, '/');
		if (s2) {
			snprintf(arch, sizeof(arch), "%.*s", (int)(s2 - s1 - 1), s1 + 1);
			copy_field(var, sizeof(var), s2 + 1);
		} else {
			copy_field(arch, sizeof(arch), s1 + 1);
		}
	}
	if (strcmp(os, f->os) != 0 || strcmp(norm_arch(arch), norm_arch(f->arch)) != 0)
		return 0;
	if (var[0] == '\0' || strcmp(var, f->variant) == 0)
		return 1;
	/* An image without a variant is the architecture's default one. */
	if (f->variant[0] == '\0')
		return (strcmp(norm_arch(arch), "arm64") == 0 && strcmp(var, "v8") == 0) ||
		    (strcmp(arch, "arm") == 0 && strcmp(var, "v7") == 0);
	return 0;
}

static const char *
kind_of(const char *mt)
{
	if (strcmp(mt, MT_OCI_INDEX) == 0)
		return "OCI image index";
	if (strcmp(mt, MT_DOCKER_LIST) == 0)
		return "Docker manifest list";
	if (strcmp(mt, MT_OCI_MANIFEST) == 0)
		return "OCI image manifest";
	if (strcmp(mt, MT_DOCKER_MANIFEST) == 0)
		return "Docker image manifest";
	return mt;
}

static void
platform_list(const struct registry_manifest *m, struct str *out)
{
	size_t i;

	if (m->nplatforms == 0)
		str_adds(out, "no platform");
	for (i = 0; i < m->nplatforms; i++)
		str_addf(out, "%s%s/%s%s%s", i ? ", " : "", m->platforms[i].os, m->platforms[i].arch,
		    m->platforms[i].variant[0] ? "/" : "", m->platforms[i].variant);
}

int
registry_check_image(struct registry *r, const char *repo, const char *ref,
    const char *const *platforms, size_t nplatforms, struct str *desc, struct errinfo *e)
{
	struct registry_manifest m;
	struct str img = STR_INIT, have = STR_INIT, missing = STR_INIT;
	size_t i, j;
	int rc;

	registry_manifest_init(&m);
	if ((rc = registry_manifest_get(r, repo, ref, &m, e)) < 0)
		goto out;
	image_name(r, repo, ref, &img);
	platform_list(&m, &have);
	for (i = 0; i < nplatforms; i++) {
		for (j = 0; j < m.nplatforms; j++)
			if (registry_platform_match(platforms[i], &m.platforms[j]))
				break;
		if (j == m.nplatforms)
			str_addf(&missing, "%s%s", missing.len ? ", " : "", platforms[i]);
	}
	if (missing.len) {
		rc = err_set(e, ERR_NOTFOUND, "image %s in registry %s has no %s: it is a %s (%.19s…) "
		    "for %s; build it for every builder.arch and push it again", img.s, r->name,
		    missing.s, kind_of(m.media_type), m.digest, have.s);
		goto out;
	}
	if (desc)
		str_addf(desc, "%s is a %s (%s) for %s", img.s, kind_of(m.media_type), m.digest, have.s);
	rc = 0;
out:
	registry_manifest_release(&m);
	str_release(&img);
	str_release(&have);
	str_release(&missing);
	return rc;
}
