/*
 * client — HTTP/1.1 requests over pluggable transports, with keep-alive reuse,
 * bounded redirects and deadlines.
 *
 * Transport: a dial function opens a byte stream to host:port (stream.h). The
 * default dials TCP; an SSH engineer plugs in a function that opens a
 * direct-tcpip channel instead (to reach a port from inside a server, or
 * through bastions). TLS, when the URL is https, is layered by the client on
 * whatever the dialer returned, so SNI and certificate checks work the same on
 * every transport.
 *
 * Deadlines (each a bound on its own, all bounded by timeout_ms):
 *  - connect_timeout_ms: dialing and the TLS handshake;
 *  - first_byte_timeout_ms: from the request being sent to the first byte back;
 *  - timeout_ms: the whole request, redirects included.
 *
 * Keep-alive: a connection whose response was framed (not close-delimited),
 * allowed persistence (RFC 9112 §9.3) and left nothing unread goes back to a
 * small pool keyed by scheme, host, port and TLS name. If a reused connection
 * turns out closed before any response byte, an idempotent request (RFC 9110
 * §9.2.2) is sent once more on a new connection (RFC 9112 §9.3.1).
 *
 * Redirects (RFC 9110 §15.4): 301, 302, 303, 307, 308 are followed up to
 * max_redirects times; 303 (and 301/302 after POST) turn into GET without a
 * body; Authorization, Cookie and a Host override are dropped when the redirect
 * leaves the origin (registries redirect blob downloads to object stores, which
 * must not see the registry token).
 */
#ifndef SEXTANT_HTTP_CLIENT_H
#define SEXTANT_HTTP_CLIENT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "http/headers.h"
#include "http/response.h"
#include "http/stream.h"
#include "http/tls.h"

struct errinfo;

typedef int (*http_dial_fn)(void *arg, const char *host, unsigned port, int64_t deadline,
	    struct http_stream *out, struct errinfo *e);

#define HTTP_POOL_MAX			4
#define HTTP_REDIRECTS_DEFAULT		5
#define HTTP_REDIRECTS_MAX		20
#define HTTP_CONNECT_TIMEOUT_DEFAULT	10000
#define HTTP_FIRST_BYTE_TIMEOUT_DEFAULT	30000
#define HTTP_TIMEOUT_DEFAULT		60000

struct http_conn {
	char			*key;	/* NULL: slot free */
	struct http_stream	 s;
	int64_t			 idle_since;
};

struct http_client {
	http_dial_fn		 dial;		/* NULL: TCP */
	void			*dial_arg;
	struct tls_trust	*trust;		/* NULL: loaded from the system on first https */
	int			 trust_owned;
	time_t			 tls_verify_time;	/* 0: the clock (tests pin it) */
	char			 user_agent[64];
	struct http_conn	 pool[HTTP_POOL_MAX];
	/* Counters, for tests and -v output. */
	unsigned		 dials;
	unsigned		 reuses;
};

struct http_request {
	const char			*method;	/* "GET" */
	const char			*url;
	const struct http_headers	*headers;	/* extra fields, may be NULL */
	const void			*body;
	size_t				 body_len;
	int				 has_body;	/* send Content-Length even when 0 */
	const char			*host_header;	/* Host value instead of the URL's */
	const char			*tls_name;	/* name to verify and send as SNI */
	int				 max_redirects;	/* 0: return the 3xx as is */
	const struct http_limits	*limits;	/* NULL: defaults */
	int				 connect_timeout_ms;
	int				 first_byte_timeout_ms;
	int				 timeout_ms;
	int				 no_reuse;	/* fresh connection, not pooled after */
};

void	http_client_init(struct http_client *c);
/* Closes pooled connections; frees the trust store if the client loaded it. */
void	http_client_release(struct http_client *c);
/* Uses trust (not owned) instead of the system store. */
void	http_client_set_trust(struct http_client *c, struct tls_trust *trust);
void	http_client_set_dialer(struct http_client *c, http_dial_fn dial, void *arg);
void	http_client_close_idle(struct http_client *c);

/* GET, HTTP_REDIRECTS_DEFAULT redirects, default timeouts. */
void	http_request_init(struct http_request *r, const char *method, const char *url);

/*
 * Performs the request. Returns 0 with resp filled for any HTTP status (a 404
 * is an answer, not an error); negative on transport, TLS, protocol or limit
 * errors, with a message naming the URL.
 */
int	http_client_do(struct http_client *c, const struct http_request *req,
	    struct http_response *resp, struct errinfo *e);

#endif
