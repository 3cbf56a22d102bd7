/*
 * tunnelget — a test driver for ssh/tunnel.h, built by tests/registry/run.sh
 * against the project's objects. Not part of sextant.
 *
 *   tunnelget -H ADDR -i KEY -k KNOWN_HOSTS [-u USER] URL [options]
 *     --host-header H   --tls-name N   --timeout MS
 *     --repeat N        N requests on one client (keep-alive over one channel)
 *     --threads N       N threads at once, each its own client, one SSH connection
 *     --max-body N      keep up to N body bytes (default 64 MiB)
 *     --body            print the body
 *     --probe           one http_probe_run (what verification does)
 *
 * Connects with sextant's SSH client, then every HTTP connection is a
 * direct-tcpip channel opened by the server. Output is line-oriented for
 * run.sh: "status: N", "bytes: N", "sha256: HEX", "channels: N", "reused: N",
 * "ms: N"; errors "error: <code>: <message>" with exit status 1.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "crypto/hash.h"
#include "http/client.h"
#include "http/probe.h"
#include "ssh/ssh.h"
#include "ssh/tunnel.h"

struct opts {
	const char	*url;
	const char	*host_header;
	const char	*tls_name;
	int		 timeout_ms;
	int		 repeat;
	int		 threads;
	size_t		 max_body;
	int		 body;
	int		 probe;
};

struct job {
	const struct opts		*o;
	struct ssh_tunnel_dialer	*d;
	int				 rc;
	int				 status;
	size_t				 bytes;
	unsigned			 reused;
	char				 sha[65];
	struct errinfo			 e;
	struct str			 bodytext;
};

static void
hex(const uint8_t *p, size_t n, char *out)
{
	static const char h[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = h[p[i] >> 4];
		out[2 * i + 1] = h[p[i] & 15];
	}
	out[2 * n] = '\0';
}

static void *
run_job(void *arg)
{
	struct job *j = arg;
	const struct opts *o = j->o;
	struct http_client c;
	struct http_request req;
	struct http_response resp;
	struct http_limits lim;
	uint8_t dg[32];
	int i;

	http_client_init(&c);
	http_client_set_dialer(&c, ssh_tunnel_dial, j->d);
	err_clear(&j->e);
	for (i = 0; i < (o->repeat > 0 ? o->repeat : 1); i++) {
		http_response_init(&resp);
		http_limits_default(&lim);
		lim.max_body = o->max_body;
		http_request_init(&req, "GET", o->url);
		req.host_header = o->host_header;
		req.tls_name = o->tls_name;
		if (o->timeout_ms > 0) {
			req.timeout_ms = o->timeout_ms;
			req.first_byte_timeout_ms = o->timeout_ms;
			req.connect_timeout_ms = o->timeout_ms;
		}
		req.limits = &lim;
		j->rc = http_client_do(&c, &req, &resp, &j->e);
		if (j->rc == 0) {
			j->status = resp.status;
			j->bytes = buf_avail(&resp.body);
			hash_once(HASH_SHA256, dg, buf_ptr(&resp.body), buf_avail(&resp.body));
			hex(dg, 32, j->sha);
			if (o->body) {
				str_reset(&j->bodytext);
				str_add(&j->bodytext, buf_ptr(&resp.body), buf_avail(&resp.body));
			}
		}
		http_response_release(&resp);
		if (j->rc != 0)
			break;
	}
	j->reused = c.reuses;
	http_client_release(&c);
	return NULL;
}

static int
usage(void)
{
	fprintf(stderr, "usage: tunnelget -H ADDR -i KEY -k KNOWN_HOSTS [-u USER] URL [options]\n");
	return 2;
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct ssh_target t;
	struct ssh_client *cl;
	struct ssh_conn *conn = NULL;
	struct ssh_tunnel_dialer d;
	struct errinfo e;
	const char *ids[2] = { NULL, NULL }, *kh[2] = { NULL, NULL };
	struct job *jobs;
	pthread_t *th;
	int64_t t0;
	int i, n, failed = 0;

	memset(&o, 0, sizeof(o));
	o.max_body = 64u * 1024 * 1024;
	ssh_target_init(&t);
	t.user = "root";
	t.strict = SSH_STRICT_YES;
	t.batch_mode = 1;
	t.agent_socket = "none";
	t.identities_only = 1;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "-H") == 0 && v) {
			t.host = v;
			i++;
		} else if (strcmp(a, "-i") == 0 && v) {
			ids[0] = v;
			i++;
		} else if (strcmp(a, "-k") == 0 && v) {
			kh[0] = v;
			i++;
		} else if (strcmp(a, "-u") == 0 && v) {
			t.user = v;
			i++;
		} else if (strcmp(a, "--host-header") == 0 && v) {
			o.host_header = v;
			i++;
		} else if (strcmp(a, "--tls-name") == 0 && v) {
			o.tls_name = v;
			i++;
		} else if (strcmp(a, "--timeout") == 0 && v) {
			o.timeout_ms = atoi(v);
			i++;
		} else if (strcmp(a, "--repeat") == 0 && v) {
			o.repeat = atoi(v);
			i++;
		} else if (strcmp(a, "--threads") == 0 && v) {
			o.threads = atoi(v);
			i++;
		} else if (strcmp(a, "--max-body") == 0 && v) {
			o.max_body = (size_t)strtoull(v, NULL, 10);
			i++;
		} else if (strcmp(a, "--body") == 0) {
			o.body = 1;
		} else if (strcmp(a, "--probe") == 0) {
			o.probe = 1;
		} else if (a[0] != '-' && o.url == NULL) {
			o.url = a;
		} else {
			return usage();
		}
	}
	if (t.host == NULL || ids[0] == NULL || kh[0] == NULL || o.url == NULL)
		return usage();
	t.identity_files = ids;
	t.known_hosts = kh;
	t.known_hosts_add = "/dev/null";
	err_clear(&e);
	if ((cl = ssh_client_new()) == NULL) {
		printf("error: io: cannot start the SSH client\n");
		return 1;
	}
	if (ssh_connect(cl, &t, &conn, &e) != 0) {
		printf("error: %s: %s\n", err_str(e.code), e.msg);
		ssh_client_free(cl);
		return 1;
	}
	memset(&d, 0, sizeof(d));
	d.conn = conn;
	d.label = t.host;
	t0 = time_mono_ms();
	if (o.probe) {
		struct http_client c;
		struct http_probe p;
		struct http_probe_result r;

		http_client_init(&c);
		http_client_set_dialer(&c, ssh_tunnel_dial, &d);
		memset(&p, 0, sizeof(p));
		p.url = o.url;
		p.host_header = o.host_header;
		p.tls_name = o.tls_name;
		p.timeout_ms = o.timeout_ms;
		if (http_probe_run(&c, &p, &r, &e) != 0) {
			printf("error: %s: %s\n", err_str(e.code), e.msg);
			failed = 1;
		} else {
			printf("status: %d\nok: %d\nlatency_ms: %lld\nfirst_byte_ms: %lld\n", r.status, r.ok,
			    (long long)r.total_ms, (long long)r.first_byte_ms);
		}
		http_client_release(&c);
		goto done;
	}
	n = o.threads > 0 ? o.threads : 1;
	jobs = calloc((size_t)n, sizeof(*jobs));
	th = calloc((size_t)n, sizeof(*th));
	for (i = 0; i < n; i++) {
		jobs[i].o = &o;
		jobs[i].d = &d;
		pthread_create(&th[i], NULL, run_job, &jobs[i]);
	}
	for (i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	for (i = 0; i < n; i++) {
		struct job *j = &jobs[i];

		if (j->rc != 0) {
			printf("error: %s: %s\n", err_str(j->e.code), j->e.msg);
			failed = 1;
		} else {
			printf("status: %d\nbytes: %zu\nsha256: %s\nreused: %u\n", j->status, j->bytes,
			    j->sha, j->reused);
			if (o.body)
				printf("body: %s\n", str_cstr(&j->bodytext));
		}
		str_release(&j->bodytext);
	}
	free(jobs);
	free(th);
done:
	printf("channels: %u\nms: %lld\n", d.opened, (long long)(time_mono_ms() - t0));
	ssh_conn_close(conn);
	ssh_client_free(cl);
	return failed;
}
