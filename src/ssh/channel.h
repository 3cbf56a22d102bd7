/*
 * channel — the SSH connection protocol (RFC 4254): channels multiplexed over one
 * transport, as a sans-I/O layer.
 *
 * A channel of any type can be opened (session, and later direct-tcpip /
 * direct-streamlocal@openssh.com for forwarding: the type-specific open fields are
 * passed through). Events are delivered through a struct chan_ops the opener
 * supplies; callbacks run inside chanmux_handle() and may call back into this
 * module (write, request, eof, close) but must not free the mux.
 *
 * Flow control (§5.2): we grant CHAN_WINDOW (2 MiB, OpenSSH's default) and accept
 * packets up to CHAN_MAX_PACKET (32 KiB). By default received data counts as
 * consumed once on_data returns, and the window is re-opened when half of it is
 * used. A channel whose reader is slower than the network (a tunnel, a forwarded
 * socket) switches to reader-driven flow control with chan_set_manual_window():
 * then only chan_consumed() re-opens the window, so the peer can never be more
 * than CHAN_WINDOW bytes ahead of the reader and nothing piles up in memory.
 * Outgoing data is written only within the peer's window: chan_write() takes
 * what fits and on_writable() says when more fits.
 *
 * Global requests we send (keepalive@openssh.com, tcpip-forward, §4 and §7.1)
 * are answered in order; chanmux_global_request() queues the reply callback.
 * Channel opens from the peer (forwarded-tcpip, auth-agent@openssh.com) go to
 * the open handler (chanmux_set_open_handler), which accepts them with
 * chan_accept() — at once or later — or refuses them with chan_refuse().
 * Without a handler they are refused; requests with want_reply that nobody
 * grants get FAILURE (this is also how keepalives from sshd's
 * ClientAliveInterval are answered, spec/ssh.md §3.8).
 */
#ifndef SEXTANT_SSH_CHANNEL_H
#define SEXTANT_SSH_CHANNEL_H

#include <stddef.h>
#include <stdint.h>

struct ssh_transport;
struct errinfo;

enum {
	SSH_MSG_GLOBAL_REQUEST = 80,
	SSH_MSG_REQUEST_SUCCESS = 81,
	SSH_MSG_REQUEST_FAILURE = 82,
	SSH_MSG_CHANNEL_OPEN = 90,
	SSH_MSG_CHANNEL_OPEN_CONFIRMATION = 91,
	SSH_MSG_CHANNEL_OPEN_FAILURE = 92,
	SSH_MSG_CHANNEL_WINDOW_ADJUST = 93,
	SSH_MSG_CHANNEL_DATA = 94,
	SSH_MSG_CHANNEL_EXTENDED_DATA = 95,
	SSH_MSG_CHANNEL_EOF = 96,
	SSH_MSG_CHANNEL_CLOSE = 97,
	SSH_MSG_CHANNEL_REQUEST = 98,
	SSH_MSG_CHANNEL_SUCCESS = 99,
	SSH_MSG_CHANNEL_FAILURE = 100
};

#define CHAN_WINDOW		(2u * 1024 * 1024)
#define CHAN_MAX_PACKET		(32u * 1024)
#define CHAN_MAX		1024	/* open channels per connection */
#define CHAN_MAX_PENDING_REPLIES 64
#define CHAN_MAX_GLOBAL_PENDING	256	/* our global requests awaiting a reply */

struct ssh_chan;
struct ssh_chanmux;

struct chan_ops {
	/* Open confirmed (ok = 1) or refused (ok = 0, reason code and message). */
	void	(*on_open)(void *arg, struct ssh_chan *c, int ok, uint32_t reason, const char *msg);
	/* Data; stream 0 = data, 1 = extended data type 1 (stderr). */
	void	(*on_data)(void *arg, struct ssh_chan *c, int stream, const uint8_t *p, size_t n);
	void	(*on_eof)(void *arg, struct ssh_chan *c);
	/* A request from the peer; p/n are the type-specific bytes after want_reply. */
	void	(*on_request)(void *arg, struct ssh_chan *c, const char *type, const uint8_t *p, size_t n);
	/* Answer to one of our want_reply requests, in the order they were sent. */
	void	(*on_reply)(void *arg, struct ssh_chan *c, int ok);
	/* The peer's window grew: chan_write() may take more. */
	void	(*on_writable)(void *arg, struct ssh_chan *c);
	/* Last event: the channel is gone after this returns (also on connection loss). */
	void	(*on_close)(void *arg, struct ssh_chan *c);
};

enum chan_state {
	CHAN_OPENING,
	CHAN_OPEN,
	CHAN_CLOSING,	/* we sent CLOSE, waiting for theirs */
	CHAN_GONE
};

struct ssh_chan {
	struct ssh_chanmux	*mux;
	uint32_t		 local_id;
	uint32_t		 remote_id;
	enum chan_state		 state;
	uint32_t		 local_window;	/* what the peer may still send us */
	uint32_t		 local_consumed;
	uint64_t		 remote_window;	/* what we may still send */
	uint32_t		 remote_max_packet;
	int			 eof_sent, eof_got, close_sent, close_got;
	int			 pending_replies;
	int			 manual_window;	/* only chan_consumed() re-opens the window */
	const struct chan_ops	*ops;
	void			*arg;
};

/*
 * Answer to one of our global requests: ok = 1 (REQUEST_SUCCESS; p/n are its
 * request-specific bytes, e.g. the port tcpip-forward bound), 0 (FAILURE), or
 * -1 when the connection went away first.
 */
typedef void (*chan_global_reply_fn)(void *arg, int ok, const uint8_t *p, size_t n);

/* A channel open from the peer (RFC 4254 §5.1); extra = the type-specific fields. */
struct chan_open_req {
	const char	*type;
	uint32_t	 sender;
	uint32_t	 window;
	uint32_t	 max_packet;
	const uint8_t	*extra;
	size_t		 extra_len;
};

/*
 * Decides on a channel open from the peer. Return 0 after answering it (or having
 * kept req's numbers to answer later with chan_accept()/chan_refuse()); <0 to have
 * it refused as administratively prohibited.
 */
typedef int (*chan_open_fn)(void *arg, struct ssh_chanmux *m, const struct chan_open_req *req);

struct chan_global_pending {
	chan_global_reply_fn	 cb;
	void			*arg;
};

struct ssh_chanmux {
	struct ssh_transport	*t;
	struct ssh_chan		**v;	/* indexed by local id */
	size_t			 n;
	size_t			 open;
	struct chan_global_pending *gq;	/* replies we wait for, oldest first */
	size_t			 gq_head, gq_n, gq_cap;
	chan_open_fn		 open_cb;
	void			*open_arg;
};

void	chanmux_init(struct ssh_chanmux *m, struct ssh_transport *t);
/* Calls on_close for every channel still there (connection lost) and frees them. */
void	chanmux_release(struct ssh_chanmux *m);
/* Handles one connection-protocol packet (80..100). 0 or <0 with e filled. */
int	chanmux_handle(struct ssh_chanmux *m, const uint8_t *p, size_t n, struct errinfo *e);

/* Opens a channel of type with the type-specific fields extra (may be NULL/0). */
int	chan_open(struct ssh_chanmux *m, const char *type, const uint8_t *extra, size_t extra_len,
	    const struct chan_ops *ops, void *arg, struct ssh_chan **out, struct errinfo *e);
/* Sends a channel request; data = type-specific fields. */
int	chan_request(struct ssh_chan *c, const char *type, int want_reply, const uint8_t *data,
	    size_t n);
/* Sends up to n bytes within the peer's window; returns bytes taken (>= 0) or <0. */
long	chan_write(struct ssh_chan *c, int stream, const uint8_t *p, size_t n);
/* Bytes chan_write() would take now. */
size_t	chan_writable(const struct ssh_chan *c);
int	chan_send_eof(struct ssh_chan *c);
int	chan_close(struct ssh_chan *c);

/* Reader-driven flow control (see above): set right after chan_open/chan_accept. */
void	chan_set_manual_window(struct ssh_chan *c);
/* The reader consumed n bytes of what on_data delivered: the window may re-open. */
int	chan_consumed(struct ssh_chan *c, size_t n);
/* The owner is going away before the channel: no more callbacks for it. */
void	chan_detach(struct ssh_chan *c);

/*
 * Sends a global request (RFC 4254 §4). With cb, want_reply is set and cb gets the
 * answer (replies come in request order); without, none is asked for.
 * ERR_RANGE if too many replies are outstanding.
 */
int	chanmux_global_request(struct ssh_chanmux *m, const char *name, const uint8_t *data,
	    size_t n, chan_global_reply_fn cb, void *arg);
/* Pending replies for arg will not be delivered (arg is going away). */
void	chanmux_global_forget(struct ssh_chanmux *m, void *arg);

void	chanmux_set_open_handler(struct ssh_chanmux *m, chan_open_fn fn, void *arg);
/* Confirms a channel the peer opened (§5.1 OPEN_CONFIRMATION). */
int	chan_accept(struct ssh_chanmux *m, uint32_t sender, uint32_t window, uint32_t max_packet,
	    const struct chan_ops *ops, void *arg, struct ssh_chan **out, struct errinfo *e);
/* Refuses it (§5.1 OPEN_FAILURE; reason: 1 prohibited, 2 connect failed, 3 unknown type, 4 resource). */
int	chan_refuse(struct ssh_chanmux *m, uint32_t sender, uint32_t reason, const char *msg);

#endif
