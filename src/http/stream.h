/*
 * stream — the byte stream the HTTP client runs over.
 *
 * An HTTP exchange needs only "write these bytes", "read some bytes" and
 * "close", each bounded by a deadline. Anything that can do that carries HTTP:
 * a TCP socket (tcp.c), a TLS session over another stream (tls.c), or an SSH
 * direct-tcpip channel (src/ssh, to reach a port from inside a server or
 * through bastions). The client never knows which.
 *
 * Deadlines are absolute times on the time_mono_ms() clock; HTTP_NO_DEADLINE
 * means wait for ever (only for tests: every real caller sets one).
 *
 * Contract for an implementation:
 *  - read: reads 1..n bytes into p, sets *got, returns 0. At end of stream it
 *    returns 0 with *got = 0. ERR_TIMEOUT once the deadline passes with nothing
 *    read; other negative codes for failures, with a message in e.
 *  - write: writes all n bytes or fails (ERR_TIMEOUT, ERR_CLOSED, ERR_IO...).
 *  - close: releases everything, including ctx. Called exactly once.
 */
#ifndef SEXTANT_HTTP_STREAM_H
#define SEXTANT_HTTP_STREAM_H

#include <stddef.h>
#include <stdint.h>

struct errinfo;

#define HTTP_NO_DEADLINE	INT64_MAX

struct http_stream {
	void	*ctx;
	int	(*read)(void *ctx, void *p, size_t n, size_t *got, int64_t deadline,
		    struct errinfo *e);
	int	(*write)(void *ctx, const void *p, size_t n, int64_t deadline,
		    struct errinfo *e);
	void	(*close)(void *ctx);
	char	 peer[96];	/* "127.0.0.1:5000", "[::1]:443", "ssh:web1->127.0.0.1:80" */
};

int	http_stream_read(struct http_stream *s, void *p, size_t n, size_t *got, int64_t deadline,
	    struct errinfo *e);
int	http_stream_write(struct http_stream *s, const void *p, size_t n, int64_t deadline,
	    struct errinfo *e);
/* Closes (if open) and clears s; safe on a cleared stream. */
void	http_stream_close(struct http_stream *s);
int	http_stream_is_open(const struct http_stream *s);

/* The earlier of a deadline and now + ms (ms <= 0: no extra bound). */
int64_t	http_deadline_min(int64_t deadline, int64_t ms);

#endif
