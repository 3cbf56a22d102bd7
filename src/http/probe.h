/*
 * probe — one health-check request, as post-switch verification needs it.
 *
 * A GET on a fresh connection (so the latency measured includes connecting,
 * as a new visitor's would), no redirects followed (a health path that
 * redirects is reported as such), the body read but kept only up to
 * PROBE_BODY_KEEP bytes. The transport is the client's dialer: through an SSH
 * direct-tcpip channel to the proxy's published port, with the role's Host
 * header, and TLS with SNI = that host when the proxy terminates TLS.
 *
 * A probe that got an HTTP answer returns 0 whatever the status; ok says
 * whether it was 2xx. Transport/TLS/protocol failures return < 0 with e set,
 * and are also summarised in result->error for reporting.
 */
#ifndef SEXTANT_HTTP_PROBE_H
#define SEXTANT_HTTP_PROBE_H

#include <stdint.h>

struct errinfo;
struct http_client;

#define PROBE_BODY_KEEP		4096
#define PROBE_TIMEOUT_DEFAULT	5000

struct http_probe {
	const char	*url;		/* "http://127.0.0.1:80/up", "https://app.example.com/up" */
	const char	*host_header;	/* Host to send; NULL: the URL's */
	const char	*tls_name;	/* name to verify and send as SNI; NULL: host_header, else the URL's */
	int		 timeout_ms;	/* whole probe; 0: PROBE_TIMEOUT_DEFAULT */
};

struct http_probe_result {
	int	status;			/* 0 if no HTTP answer */
	int	ok;			/* 2xx */
	int64_t	first_byte_ms;
	int64_t	total_ms;		/* connect + TLS + request + response */
	char	location[256];		/* for 3xx */
	char	body[256];		/* the start of the body, printable bytes only */
	char	error[512];		/* empty on an HTTP answer */
};

int	http_probe_run(struct http_client *c, const struct http_probe *p, struct http_probe_result *out,
	    struct errinfo *e);

#endif
