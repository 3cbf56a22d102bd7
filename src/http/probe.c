/*
 * probe — see probe.h.
 */
#include "http/probe.h"

#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "core/timeutil.h"
#include "http/client.h"

int
http_probe_run(struct http_client *c, const struct http_probe *p, struct http_probe_result *out,
    struct errinfo *e)
{
	struct http_request req;
	struct http_response resp;
	struct http_limits lim;
	const char *loc;
	int64_t start = time_mono_ms();
	size_t i, n;
	int r;

	memset(out, 0, sizeof(*out));
	http_response_init(&resp);
	http_limits_default(&lim);
	lim.max_body = PROBE_BODY_KEEP;
	lim.truncate_body = 1;
	http_request_init(&req, "GET", p->url);
	req.host_header = p->host_header;
	req.tls_name = p->tls_name ? p->tls_name : p->host_header;
	req.max_redirects = 0;
	req.limits = &lim;
	req.no_reuse = 1;
	req.timeout_ms = p->timeout_ms > 0 ? p->timeout_ms : PROBE_TIMEOUT_DEFAULT;
	req.connect_timeout_ms = req.timeout_ms;
	req.first_byte_timeout_ms = req.timeout_ms;
	r = http_client_do(c, &req, &resp, e);
	out->total_ms = time_mono_ms() - start;
	if (r < 0) {
		snprintf(out->error, sizeof(out->error), "%s", e ? e->msg : err_str(r));
		goto out;
	}
	out->status = resp.status;
	out->ok = resp.status >= 200 && resp.status < 300;
	out->first_byte_ms = resp.first_byte_ms;
	if ((loc = http_headers_get(&resp.headers, "Location")) != NULL)
		snprintf(out->location, sizeof(out->location), "%s", loc);
	n = buf_avail(&resp.body);
	if (n > sizeof(out->body) - 1)
		n = sizeof(out->body) - 1;
	for (i = 0; i < n; i++) {
		unsigned char ch = buf_ptr(&resp.body)[i];

		out->body[i] = (char)(ch >= 0x20 && ch < 0x7f ? ch : '.');
	}
	out->body[n] = '\0';
out:
	http_response_release(&resp);
	return r;
}
