/*
 * tunnel — a TCP connection made by the SSH server on our behalf (a
 * `direct-tcpip` channel, RFC 4254 §7.2), presented as a blocking byte stream
 * (http/stream.h) so the HTTP client can run over it: to reach a port that only
 * the server can reach (kamal-proxy on the server's 127.0.0.1:80), or a host
 * behind it.
 *
 * The channel lives on an existing connection (ssh.h); any number of tunnels
 * and exec channels may share it. Calls block the calling worker thread, never
 * the connection's I/O thread: the callbacks of the channel (which run on the
 * I/O thread) only move bytes into and out of the tunnel's buffers and wake the
 * waiting worker. Every wait is bounded by the caller's deadline
 * (time_mono_ms() clock).
 *
 * Receiving: reader-driven flow control (channel.h chan_consumed): the window
 * re-opens only as the worker reads, so unread bytes buffered here never exceed
 * one channel window (CHAN_WINDOW); a reader that stops reading stops the peer.
 * TUNNEL_BUF_MAX stays as a guard: a peer ignoring the window fails the stream
 * with ERR_RANGE rather than growing it without bound.
 *
 * Lifetime: close every tunnel stream before ssh_conn_close() of its
 * connection. If the connection is lost first, reads and writes fail with
 * ERR_CLOSED naming it, and close() only frees.
 */
#ifndef SEXTANT_SSH_TUNNEL_H
#define SEXTANT_SSH_TUNNEL_H

#include <stdint.h>

struct errinfo;
struct http_stream;
struct ssh_conn;

#define TUNNEL_BUF_MAX	(16u * 1024 * 1024)

/*
 * Asks the server to connect to host:port and waits (until deadline) for the
 * answer. 0 and out filled, or: ERR_REMOTE when the server refused (its reason
 * code and text in the message: "connect failed", "administratively
 * prohibited" with AllowTcpForwarding no...), ERR_TIMEOUT, ERR_CLOSED.
 * label names the server in messages and in out->peer ("ssh:<label>-><host>:<port>").
 */
int	ssh_tunnel_open(struct ssh_conn *c, const char *label, const char *host, unsigned port,
	    int64_t deadline, struct http_stream *out, struct errinfo *e);

/* The http_dial_fn of http/client.h: arg is a struct ssh_tunnel_dialer. */
struct ssh_tunnel_dialer {
	struct ssh_conn	*conn;
	const char	*label;		/* the server's name in messages */
	unsigned	 opened;	/* channels opened (tests, -v) */
};

int	ssh_tunnel_dial(void *arg, const char *host, unsigned port, int64_t deadline,
	    struct http_stream *out, struct errinfo *e);

#endif
