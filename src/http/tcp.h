/*
 * tcp — an http_stream over a TCP socket.
 *
 * Resolves the host (IPv4 and IPv6, getaddrinfo order as RFC 6724 sorts it)
 * and tries each address in turn with a non-blocking connect until one
 * answers or the deadline passes; the error names every address tried.
 * Name resolution itself is not bounded by the deadline (getaddrinfo has no
 * timeout); IP literals skip it.
 */
#ifndef SEXTANT_HTTP_TCP_H
#define SEXTANT_HTTP_TCP_H

#include <stdint.h>

struct errinfo;
struct http_stream;

int	tcp_connect(const char *host, unsigned port, int64_t deadline, struct http_stream *out,
	    struct errinfo *e);
/* Wraps an already connected socket (tests, and callers with their own sockets). */
void	tcp_stream_from_fd(int fd, struct http_stream *out);

#endif
