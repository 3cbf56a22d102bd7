/*
 * httpget — a test driver for src/http, built by tests/http/run.sh against the
 * project's objects. Not part of sextant.
 *
 *   httpget get URL [options]
 *     -H 'Name: value'   extra header (repeatable)
 *     --method M          (default GET); --data STR sends a body
 *     --host-header H --tls-name N --max-redirects N --max-body N --truncate
 *     --timeout MS --connect-timeout MS --first-byte-timeout MS
 *     --repeat N          send N times on one client (keep-alive), print counters
 *     --verify-time T     unix time for certificate checks
 *     --body              print the body
 *   httpget registry SERVER [--insecure] [--user U --password P] [--docker-config F]
 *            ping | login | head REPO REF | get REPO REF | check REPO REF [PLATFORM...]
 *   httpget probe URL [--host-header H] [--tls-name N] [--timeout MS]   (health check)
 *   httpget image IMAGE   (parse an image reference)
 *
 * Output is line-oriented for run.sh to grep; errors are "error: <code>: <msg>"
 * with exit status 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "http/client.h"
#include "http/probe.h"
#include "http/registry.h"

static const char *
code_tag(int code)
{
	static const char *const tags[] = {
		"ok", "invalid", "io", "parse", "range", "protocol", "crypto", "auth", "hostkey",
		"timeout", "closed", "again", "notfound", "config", "remote", "unsupported",
	};

	if (code <= 0 && -code < (int)(sizeof(tags) / sizeof(tags[0])))
		return tags[-code];
	return err_str(code);
}

static int
fail(const struct errinfo *e)
{
	printf("error: %s: %s%s%s%s\n", code_tag(e->code), e->msg, e->where[0] ? " [" : "",
	    e->where, e->where[0] ? "]" : "");
	return 1;
}

static int
cmd_get(int argc, char **argv)
{
	struct http_client c;
	struct http_request req;
	struct http_response resp;
	struct http_headers h;
	struct http_limits lim;
	struct errinfo e;
	const char *url = NULL, *data = NULL;
	int i, repeat = 1, body = 0, rc = 0, n;
	size_t k;

	http_client_init(&c);
	http_headers_init(&h);
	http_limits_default(&lim);
	http_request_init(&req, "GET", NULL);
	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "-H") == 0 && v) {
			const char *colon = strchr(v, ':');

			if (colon) {
				char *name = strndup(v, (size_t)(colon - v));

				http_headers_add(&h, name, colon[1] == ' ' ? colon + 2 : colon + 1);
				free(name);
			}
			i++;
		} else if (strcmp(a, "--method") == 0 && v) {
			req.method = v;
			i++;
		} else if (strcmp(a, "--data") == 0 && v) {
			data = v;
			i++;
		} else if (strcmp(a, "--host-header") == 0 && v) {
			req.host_header = v;
			i++;
		} else if (strcmp(a, "--tls-name") == 0 && v) {
			req.tls_name = v;
			i++;
		} else if (strcmp(a, "--max-redirects") == 0 && v) {
			req.max_redirects = atoi(v);
			i++;
		} else if (strcmp(a, "--max-body") == 0 && v) {
			lim.max_body = (size_t)atol(v);
			i++;
		} else if (strcmp(a, "--truncate") == 0) {
			lim.truncate_body = 1;
		} else if (strcmp(a, "--timeout") == 0 && v) {
			req.timeout_ms = atoi(v);
			i++;
		} else if (strcmp(a, "--connect-timeout") == 0 && v) {
			req.connect_timeout_ms = atoi(v);
			i++;
		} else if (strcmp(a, "--first-byte-timeout") == 0 && v) {
			req.first_byte_timeout_ms = atoi(v);
			i++;
		} else if (strcmp(a, "--repeat") == 0 && v) {
			repeat = atoi(v);
			i++;
		} else if (strcmp(a, "--verify-time") == 0 && v) {
			c.tls_verify_time = (time_t)atoll(v);
			i++;
		} else if (strcmp(a, "--body") == 0) {
			body = 1;
		} else {
			url = a;
		}
	}
	req.url = url;
	req.headers = &h;
	req.limits = &lim;
	if (data) {
		req.body = data;
		req.body_len = strlen(data);
		req.has_body = 1;
	}
	http_response_init(&resp);
	for (n = 0; n < repeat; n++) {
		err_clear(&e);
		if (http_client_do(&c, &req, &resp, &e) < 0) {
			rc = fail(&e);
			break;
		}
		printf("status: %d %s\n", resp.status, resp.reason);
		printf("url: %s\n", resp.url);
		printf("redirects: %d reused: %d keep-alive: %d\n", resp.redirects, resp.reused,
		    resp.keep_alive);
		for (k = 0; k < resp.headers.n; k++)
			printf("header: %s: %s\n", resp.headers.v[k].name, resp.headers.v[k].value);
		for (k = 0; k < resp.trailers.n; k++)
			printf("trailer: %s: %s\n", resp.trailers.v[k].name, resp.trailers.v[k].value);
		printf("body-bytes: %llu%s\n", (unsigned long long)resp.body_total,
		    resp.body_truncated ? " (truncated)" : "");
		if (body) {
			fwrite(buf_ptr(&resp.body), 1, buf_avail(&resp.body), stdout);
			printf("\n");
		}
	}
	printf("dials: %u reuses: %u\n", c.dials, c.reuses);
	http_response_release(&resp);
	http_headers_release(&h);
	http_client_release(&c);
	return rc;
}

static int
cmd_registry(int argc, char **argv)
{
	struct registry_opts o;
	struct registry r;
	struct registry_manifest m;
	struct http_client c;
	struct errinfo e;
	struct str desc = STR_INIT;
	const char *verb = NULL, *args[16];
	int i, na = 0, rc = 0;
	size_t k;

	memset(&o, 0, sizeof(o));
	o.docker_config = "";
	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--insecure") == 0)
			o.insecure = 1;
		else if (strcmp(a, "--user") == 0 && v)
			o.username = argv[++i];
		else if (strcmp(a, "--password") == 0 && v)
			o.password = argv[++i];
		else if (strcmp(a, "--docker-config") == 0 && v)
			o.docker_config = argv[++i];
		else if (strcmp(a, "--default-docker-config") == 0)
			o.docker_config = NULL;
		else if (o.server == NULL)
			o.server = a;
		else if (verb == NULL)
			verb = a;
		else if (na < 16)
			args[na++] = a;
	}
	if (verb == NULL) {
		fprintf(stderr, "usage: httpget registry SERVER VERB ...\n");
		return 2;
	}
	http_client_init(&c);
	registry_manifest_init(&m);
	err_clear(&e);
	if (registry_open(&r, &o, &c, &e) < 0) {
		rc = fail(&e);
		goto done;
	}
	printf("base: %s\n", r.base);
	if (r.creds_from)
		printf("credentials: user %s from %s\n", r.user, r.creds_from);
	if (strcmp(verb, "ping") == 0) {
		if (registry_ping(&r, &e) < 0)
			rc = fail(&e);
		else
			printf("ping: ok auth=%d\n", r.auth);
	} else if (strcmp(verb, "login") == 0) {
		if (registry_login_check(&r, &e) < 0)
			rc = fail(&e);
		else
			printf("login: ok\n");
	} else if ((strcmp(verb, "head") == 0 || strcmp(verb, "get") == 0) && na >= 2) {
		int x = verb[0] == 'h' ? registry_manifest_head(&r, args[0], args[1], &m, &e) :
		    registry_manifest_get(&r, args[0], args[1], &m, &e);

		if (x < 0) {
			rc = fail(&e);
		} else {
			printf("media-type: %s\ndigest: %s\nsize: %lld\nindex: %d\n", m.media_type,
			    m.digest, (long long)m.size, m.is_index);
			for (k = 0; k < m.nplatforms; k++)
				printf("platform: %s/%s%s%s %s\n", m.platforms[k].os, m.platforms[k].arch,
				    m.platforms[k].variant[0] ? "/" : "", m.platforms[k].variant,
				    m.platforms[k].digest);
		}
	} else if (strcmp(verb, "check") == 0 && na >= 2) {
		if (registry_check_image(&r, args[0], args[1], args + 2, (size_t)(na - 2), &desc, &e) < 0)
			rc = fail(&e);
		else
			printf("found: %s\n", desc.s);
	} else {
		fprintf(stderr, "unknown registry verb %s\n", verb);
		rc = 2;
	}
	printf("requests: %u token-fetches: %u dials: %u reuses: %u\n", r.requests, r.token_fetches,
	    c.dials, c.reuses);
	registry_close(&r);
done:
	registry_manifest_release(&m);
	str_release(&desc);
	http_client_release(&c);
	return rc;
}

static int
cmd_probe(int argc, char **argv)
{
	struct http_client c;
	struct http_probe p;
	struct http_probe_result res;
	struct errinfo e;
	int i, r;

	memset(&p, 0, sizeof(p));
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--host-header") == 0 && i + 1 < argc)
			p.host_header = argv[++i];
		else if (strcmp(argv[i], "--tls-name") == 0 && i + 1 < argc)
			p.tls_name = argv[++i];
		else if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc)
			p.timeout_ms = atoi(argv[++i]);
		else
			p.url = argv[i];
	}
	http_client_init(&c);
	err_clear(&e);
	r = http_probe_run(&c, &p, &res, &e);
	printf("probe: status=%d ok=%d first-byte-ms=%lld total-ms=%lld location=%s body=%s\n",
	    res.status, res.ok, (long long)res.first_byte_ms, (long long)res.total_ms, res.location,
	    res.body);
	http_client_release(&c);
	if (r < 0)
		return fail(&e);
	return res.ok ? 0 : 3;
}

static int
cmd_image(const char *image)
{
	char *s, *r, *ref;
	struct errinfo e;

	if (registry_parse_image(image, &s, &r, &ref, &e) < 0)
		return fail(&e);
	printf("server: %s\nrepo: %s\nref: %s\n", s ? s : "(hub)", r, ref);
	free(s);
	free(r);
	free(ref);
	return 0;
}

int
main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 3 && strcmp(argv[1], "get") == 0)
		return cmd_get(argc - 2, argv + 2);
	if (argc >= 4 && strcmp(argv[1], "registry") == 0)
		return cmd_registry(argc - 2, argv + 2);
	if (argc >= 3 && strcmp(argv[1], "probe") == 0)
		return cmd_probe(argc - 2, argv + 2);
	if (argc == 3 && strcmp(argv[1], "image") == 0)
		return cmd_image(argv[2]);
	fprintf(stderr, "usage: httpget get URL [opts] | registry SERVER VERB ... | image IMAGE\n");
	return 2;
}
