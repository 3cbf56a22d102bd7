/*
 * fwd — channels relayed to local descriptors (forward.h), and the channels the
 * server opens to us (forwarded ports, the forwarded agent).
 *
 * A pump joins one channel to a local descriptor pair (a socket, or two pipes):
 *   channel -> local: on_data appends to `out` and writes what the descriptor
 *     takes; the channel window re-opens only for what was written
 *     (chan_consumed), so `out` never holds more than one window;
 *   local -> channel: the descriptor is polled for input only while the peer's
 *     window has room, and we read no more than that room.
 * EOF travels both ways (RFC 4254 §5.3): local EOF -> CHANNEL_EOF; the peer's EOF
 * -> shutdown(SHUT_WR) once `out` is drained; the channel is closed when both
 * directions ended. A pump is freed when the channel and its watches let go.
 *
 * Everything here runs with the client lock held: on the I/O thread (watches,
 * channel callbacks) or in an API call.
 */
#include "ssh/client_int.h"
#include "ssh/forward.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "core/xmalloc.h"

#define PUMP_READ_MAX	(64 * 1024)
#define FWD_MAX_LISTEN	4

struct pump {
	struct ssh_client	*cl;
	struct ssh_conn		*c;
	struct ssh_chan		*ch;
	int			 rfd, wfd;	/* -1 once closed */
	int			 own;		/* we close the descriptors */
	int			 sock;		/* rfd == wfd is a socket: half-close with shutdown() */
	struct buf		 out;		/* from the channel, not yet written locally */
	int			 ch_eof;	/* the peer's EOF */
	int			 rd_eof;	/* local input ended (EOF sent) */
	int			 wr_done;	/* local output shut */
	int			 ch_gone;	/* the channel is gone (what it sent may still be draining) */
	int			 finished;	/* channel gone and everything delivered: done */
	int			 waiter;	/* a thread waits for finished (stdio): it keeps c alive */
	int			 refused;	/* the open was refused */
	char			 reason[200];
	/* A forwarded connection from the server whose local connect is still running. */
	int			 connecting;
	uint32_t		 sender, window, max_packet;
	struct sockaddr_storage	 next_addr[4];	/* addresses still to try if this connect fails */
	socklen_t		 next_len[4];
	int			 n_next;
	struct conn_watch	*wr, *ww;	/* ww == NULL when one descriptor does both */
	int			 refs;
	char			 what[200];	/* for messages */
	int			 rfl, wfl;	/* descriptor flags before we made them non-blocking */
};

struct ssh_forward {
	struct ssh_forward	*next;		/* in c->fwds */
	struct ssh_client	*cl;
	struct ssh_conn		*c;		/* NULL once the connection closed */
	int			 remote;
	char			*listen_host, *listen_path, *connect_host, *connect_path;
	int			 listen_port, connect_port;
	int			 bound_port;
	int			 lfd[FWD_MAX_LISTEN];
	struct conn_watch	*lw[FWD_MAX_LISTEN];
	int			 nl;
	int			 reply;		/* remote: 0 waiting, 1 granted, -1 refused, -2 connection lost */
	int			 refs;		/* the owner + listening watches */
	int			 unlink_path;	/* we created listen_path */
	unsigned		 count;
};

/* ---- pumps ---- */

static void
pump_unref(struct pump *p)
{
	if (--p->refs > 0)
		return;
	if (p->own) {
		if (p->wfd >= 0 && p->wfd != p->rfd)
			close(p->wfd);
		if (p->rfd >= 0)
			close(p->rfd);
	}
	buf_release(&p->out);
	free(p);
}

static void
pump_release_watch(void *arg)
{
	pump_unref(arg);
}

/* Stops polling and closes our descriptors (the struct lives on until unreferenced). */
static void
pump_stop_local(struct pump *p)
{
	if (p->wr) {
		conn_watch_remove(p->wr);
		p->wr = NULL;
	}
	if (p->ww) {
		conn_watch_remove(p->ww);
		p->ww = NULL;
	}
	if (p->own) {
		if (p->wfd >= 0 && p->wfd != p->rfd)
			close(p->wfd);
		if (p->rfd >= 0)
			close(p->rfd);
	} else {
		/* Give the caller its descriptors back as they were. */
		if (p->rfd >= 0)
			fcntl(p->rfd, F_SETFL, p->rfl);
		if (p->wfd >= 0 && p->wfd != p->rfd)
			fcntl(p->wfd, F_SETFL, p->wfl);
	}
	p->rfd = p->wfd = -1;
}

/* Both directions ended: close the channel (§5.3). */
static void
pump_check_done(struct pump *p)
{
	if (p->ch && p->rd_eof && p->wr_done && !p->ch->close_sent)
		chan_close(p->ch);
}

static void
pump_shut_write(struct pump *p)
{
	if (p->wr_done)
		return;
	p->wr_done = 1;
	if (p->wfd < 0)
		return;
	if (p->sock) {
		shutdown(p->wfd, SHUT_WR);
	} else if (p->wfd != p->rfd) {
		if (p->ww) {
			conn_watch_remove(p->ww);
			p->ww = NULL;
		}
		if (p->own)
			close(p->wfd);
		else
			fcntl(p->wfd, F_SETFL, p->wfl);
		p->wfd = -1;
	}
}

/* The channel is gone and its data delivered (or undeliverable): stop. */
static void
pump_finish(struct pump *p)
{
	if (p->finished)
		return;
	p->finished = 1;
	pump_stop_local(p);
	if (p->waiter && p->c)
		pthread_cond_broadcast(&p->c->cv);
}

static void
pump_write(struct pump *p)
{
	while (buf_avail(&p->out) > 0 && p->wfd >= 0) {
		ssize_t w = write(p->wfd, buf_ptr(&p->out), buf_avail(&p->out));

		if (w > 0) {
			buf_consume(&p->out, (size_t)w);
			if (p->ch)
				chan_consumed(p->ch, (size_t)w);
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		/* The local reader went away: nothing more can be delivered. */
		log_debug("%s: write: %s", p->what, strerror(errno));
		buf_reset(&p->out);
		p->wr_done = 1;
		if (p->ch)
			chan_close(p->ch);
		else if (p->ch_gone)
			pump_finish(p);
		return;
	}
	if (buf_avail(&p->out) == 0) {
		buf_reset(&p->out);
		if (p->ch_gone) {
			pump_finish(p);
		} else if (p->ch_eof) {
			pump_shut_write(p);
			pump_check_done(p);
		}
	}
}

static void
pump_read(struct pump *p)
{
	size_t room;
	ssize_t n;

	if (p->ch == NULL || p->rd_eof || p->rfd < 0)
		return;
	room = chan_writable(p->ch);
	if (room == 0)
		return;
	if (room > PUMP_READ_MAX)
		room = PUMP_READ_MAX;
	n = read(p->rfd, p->cl->rdbuf, room);
	if (n > 0) {
		chan_write(p->ch, 0, p->cl->rdbuf, (size_t)n);
		return;
	}
	if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
		return;
	if (n < 0)
		log_debug("%s: read: %s", p->what, strerror(errno));
	p->rd_eof = 1;
	chan_send_eof(p->ch);
	pump_check_done(p);
}

static short
pump_want_read(const struct pump *p)
{
	if (p->connecting)
		return POLLOUT;
	if (p->rfd < 0 || p->rd_eof || p->ch == NULL || p->ch->state != CHAN_OPEN || chan_writable(p->ch) == 0)
		return 0;
	return POLLIN;
}

static short
pump_want_write(const struct pump *p)
{
	return p->wfd >= 0 && buf_avail(&p->out) > 0 && !p->connecting ? POLLOUT : 0;
}

static const struct chan_ops pump_ops;
static int	pump_connect_next(struct pump *p);

/* The local connect for a forwarded connection finished: answer the server's open. */
static void
pump_connected(struct pump *p)
{
	struct errinfo e;
	socklen_t sl = sizeof(int);
	int err = 0;

	p->connecting = 0;
	if (getsockopt(p->rfd, SOL_SOCKET, SO_ERROR, &err, &sl) != 0)
		err = errno;
	if (p->c == NULL || p->c->en.state != ENGINE_READY) {
		pump_stop_local(p);
		return;
	}
	if (err != 0 && pump_connect_next(p)) {
		p->connecting = 1;
		return;
	}
	if (err != 0) {
		log_info("%s: connect failed: %s", p->what, strerror(err));
		chan_refuse(&p->c->en.mux, p->sender, 2, strerror(err));
		pump_stop_local(p);
		return;
	}
	err_clear(&e);
	if (chan_accept(&p->c->en.mux, p->sender, p->window, p->max_packet, &pump_ops, p, &p->ch, &e) != 0) {
		log_debug("%s: %s", p->what, e.msg);
		pump_stop_local(p);
		return;
	}
	chan_set_manual_window(p->ch);
	p->refs++;	/* the channel's */
}

static short
pump_want(void *arg)
{
	struct pump *p = arg;

	/* One descriptor for both directions: its watch asks for both. */
	return (short)(pump_want_read(p) | (p->ww == NULL ? pump_want_write(p) : 0));
}

static void
pump_ready(void *arg, short ev)
{
	struct pump *p = arg;

	if (p->connecting) {
		if (ev & (POLLOUT | POLLERR | POLLHUP))
			pump_connected(p);
		return;
	}
	if ((ev & (POLLOUT | POLLERR)) && p->ww == NULL)
		pump_write(p);
	if (ev & (POLLIN | POLLHUP | POLLERR))
		pump_read(p);
}

static short
pump_want_w(void *arg)
{
	return pump_want_write(arg);
}

static void
pump_ready_w(void *arg, short ev)
{
	pump_write(arg);
}

static struct pump *
pump_new(struct ssh_conn *c, int rfd, int wfd, int own, const char *what)
{
	struct pump *p = xcalloc(1, sizeof(*p));
	int type = 0;
	socklen_t sl = sizeof(type);

	p->cl = c->cl;
	p->c = c;
	p->rfd = rfd;
	p->wfd = wfd;
	p->own = own;
	p->rfl = fcntl(rfd, F_GETFL);
	p->wfl = fcntl(wfd, F_GETFL);
	fcntl(rfd, F_SETFL, p->rfl | O_NONBLOCK);
	if (wfd != rfd)
		fcntl(wfd, F_SETFL, p->wfl | O_NONBLOCK);
	p->sock = rfd == wfd && getsockopt(rfd, SOL_SOCKET, SO_TYPE, &type, &sl) == 0;
	buf_init(&p->out, CHAN_WINDOW + CHAN_MAX_PACKET);
	snprintf(p->what, sizeof(p->what), "%s", what);
	p->wr = conn_watch_add(c->cl, rfd, pump_want, pump_ready, pump_release_watch, p);
	p->refs = 1;
	if (wfd != rfd) {
		p->ww = conn_watch_add(c->cl, wfd, pump_want_w, pump_ready_w, pump_release_watch, p);
		p->refs++;
	}
	return p;
}

/* ---- pump channel callbacks ---- */

static void
pc_open(void *arg, struct ssh_chan *ch, int ok, uint32_t reason, const char *msg)
{
	struct pump *p = arg;

	if (ok)
		return;
	p->refused = 1;
	snprintf(p->reason, sizeof(p->reason), "%s%s%s", reason == 1 ? "administratively prohibited" :
	    reason == 2 ? "connect failed" : reason == 3 ? "unknown channel type" : "open failed",
	    msg && *msg ? ": " : "", msg ? msg : "");
	/* OpenSSH's wording: "channel N: open failed: connect failed: Connection refused" */
	log_info("channel %u: open failed: %s (%s)", ch->local_id, p->reason, p->what);
}

static void
pc_data(void *arg, struct ssh_chan *ch, int stream, const uint8_t *d, size_t n)
{
	struct pump *p = arg;

	if (stream != 0 || p->wr_done || p->wfd < 0) {
		chan_consumed(ch, n);	/* nowhere to deliver it: keep the peer moving */
		return;
	}
	if (buf_put(&p->out, d, n) != 0) {
		/* Only a peer ignoring our window gets here. */
		chan_close(ch);
		return;
	}
	pump_write(p);
}

static void
pc_eof(void *arg, struct ssh_chan *ch)
{
	struct pump *p = arg;

	p->ch_eof = 1;
	if (buf_avail(&p->out) == 0) {
		pump_shut_write(p);
		pump_check_done(p);
	}
}

static void
pc_writable(void *arg, struct ssh_chan *ch)
{
	/* The loop asks for input again next round (pump_want). */
}

static void
pc_close(void *arg, struct ssh_chan *ch)
{
	struct pump *p = arg;

	p->ch = NULL;
	p->ch_gone = 1;
	/* Deliver what already came first: the write watch drains it, then we finish. */
	if (buf_avail(&p->out) > 0 && p->wfd >= 0 && !p->wr_done)
		pump_write(p);
	else
		pump_finish(p);
	pump_unref(p);
}

static const struct chan_ops pump_ops = {
	.on_open = pc_open,
	.on_data = pc_data,
	.on_eof = pc_eof,
	.on_writable = pc_writable,
	.on_close = pc_close,
};

/* ---- connecting locally ---- */

static int
unix_connect(const char *path, int *out)
{
	struct sockaddr_un sa;
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		return ENAMETOOLONG;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return errno;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		int err = errno;

		close(fd);
		return err;
	}
	*out = fd;
	return 0;
}

/*
 * Starts a non-blocking TCP connect to the first address of host that does not
 * fail at once; *done = 1 if it completed already. The addresses after it go to
 * rest (up to 4), for pump_connected() to try if this one is refused later
 * ("localhost" is often ::1 first, while the service listens on 127.0.0.1 only).
 */
static int
tcp_connect_start(const char *host, int port, int *out, int *done, struct pump *rest)
{
	struct addrinfo hints, *res = NULL, *ai;
	char ps[16];
	int fd = -1, err = ECONNREFUSED, one = 1;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(ps, sizeof(ps), "%d", port);
	if (getaddrinfo(host, ps, &hints, &res) != 0)
		return EHOSTUNREACH;
	for (ai = res; ai; ai = ai->ai_next) {
		if (fd >= 0) {
			if (rest && rest->n_next < 4 && ai->ai_addrlen <= sizeof(rest->next_addr[0])) {
				memcpy(&rest->next_addr[rest->n_next], ai->ai_addr, ai->ai_addrlen);
				rest->next_len[rest->n_next++] = ai->ai_addrlen;
			}
			continue;
		}
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
		if (fd < 0) {
			err = errno;
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
			*done = 1;
			continue;
		}
		if (errno == EINPROGRESS) {
			*done = 0;
			continue;
		}
		err = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0)
		return err;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	*out = fd;
	return 0;
}

/* The connect to the current address failed: the next one, if any (the watch keeps the new fd). */
static int
pump_connect_next(struct pump *p)
{
	int one = 1;

	while (p->n_next > 0) {
		struct sockaddr_storage sa = p->next_addr[0];
		socklen_t sl = p->next_len[0];
		int fd;

		memmove(p->next_addr, p->next_addr + 1, (size_t)(p->n_next - 1) * sizeof(p->next_addr[0]));
		memmove(p->next_len, p->next_len + 1, (size_t)(p->n_next - 1) * sizeof(p->next_len[0]));
		p->n_next--;
		fd = socket(sa.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		if (fd < 0)
			continue;
		if (connect(fd, (struct sockaddr *)&sa, sl) != 0 && errno != EINPROGRESS) {
			close(fd);
			continue;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		/* Same watch, new descriptor: the loop polls w->fd next round. */
		close(p->rfd);
		p->rfd = p->wfd = fd;
		p->wr->fd = fd;
		return 1;
	}
	return 0;
}

/* A channel the server opened to us, to be connected to host:port or path here. */
static int
accept_to_local(struct ssh_conn *c, struct ssh_chanmux *m, const struct chan_open_req *req, const char *host,
    int port, const char *path, const char *what)
{
	struct pump *p;
	struct errinfo e;
	int fd = -1, done = 1, err;

	struct pump rest;

	rest.n_next = 0;
	err = path ? unix_connect(path, &fd) : tcp_connect_start(host, port, &fd, &done, &rest);
	if (err != 0) {
		log_info("%s: connect to %s%s%d failed: %s", what, path ? path : host, path ? "" : " port ",
		    path ? 0 : port, strerror(err));
		return chan_refuse(m, req->sender, 2, strerror(err)) == 0 ? 0 : -1;
	}
	p = pump_new(c, fd, fd, 1, what);
	p->sender = req->sender;
	p->window = req->window;
	p->max_packet = req->max_packet;
	memcpy(p->next_addr, rest.next_addr, sizeof(rest.next_addr));
	memcpy(p->next_len, rest.next_len, sizeof(rest.next_len));
	p->n_next = rest.n_next;
	if (!done) {
		p->connecting = 1;	/* pump_connected() answers */
		return 0;
	}
	err_clear(&e);
	if (chan_accept(m, req->sender, req->window, req->max_packet, &pump_ops, p, &p->ch, &e) != 0) {
		pump_stop_local(p);
		return -1;
	}
	chan_set_manual_window(p->ch);
	p->refs++;
	return 0;
}

static struct ssh_forward *
find_remote(struct ssh_conn *c, const char *addr, int port, const char *path)
{
	struct ssh_forward *f, *byport = NULL;

	for (f = c->fwds; f; f = f->next) {
		if (!f->remote || f->reply != 1)
			continue;
		if (path) {
			if (f->listen_path && strcmp(f->listen_path, path) == 0)
				return f;
			continue;
		}
		if (f->listen_path || f->bound_port != port)
			continue;
		if (addr && f->listen_host && strcmp(addr, f->listen_host) == 0)
			return f;
		if (byport == NULL)
			byport = f;
	}
	return byport;
}

int
fwd_open_handler(void *arg, struct ssh_chanmux *m, const struct chan_open_req *req)
{
	struct ssh_conn *c = arg;
	struct ssh_forward *f;
	struct buf b;
	const unsigned char *s;
	size_t sn;
	uint32_t port = 0, oport = 0;
	char addr[256], what[300];

	buf_view(&b, req->extra, req->extra_len);
	if (strcmp(req->type, "auth-agent@openssh.com") == 0) {
		/* Only if we asked for it on this connection (a server may not just open one). */
		if (c->fwd_agent_sock == NULL || !c->fwd_agent_asked)
			return -1;
		snprintf(what, sizeof(what), "%s: forwarded agent", c->label);
		return accept_to_local(c, m, req, NULL, 0, c->fwd_agent_sock, what);
	}
	if (strcmp(req->type, "forwarded-tcpip") == 0) {
		/* RFC 4254 §7.2: address that was connected, port, originator address, port. */
		if (buf_get_string_direct(&b, &s, &sn) != 0 || sn >= sizeof(addr) || buf_get_u32(&b, &port) != 0)
			return chan_refuse(m, req->sender, 1, "malformed forwarded-tcpip") == 0 ? 0 : -1;
		memcpy(addr, s, sn);
		addr[sn] = '\0';
		if (buf_get_string_direct(&b, &s, &sn) == 0)
			buf_get_u32(&b, &oport);
		f = find_remote(c, addr, (int)port, NULL);
		if (f == NULL) {
			log_debug("%s: forwarded-tcpip for %s:%u, which we did not ask for", c->label, addr, port);
			return -1;
		}
		f->count++;
		snprintf(what, sizeof(what), "%s: remote forward %s:%u -> %s:%d", c->label, addr, port,
		    f->connect_path ? f->connect_path : f->connect_host, f->connect_port);
		return accept_to_local(c, m, req, f->connect_host, f->connect_port, f->connect_path, what);
	}
	if (strcmp(req->type, "forwarded-streamlocal@openssh.com") == 0) {
		/* PROTOCOL §2.4: socket path, reserved. */
		if (buf_get_string_direct(&b, &s, &sn) != 0 || sn >= sizeof(addr))
			return -1;
		memcpy(addr, s, sn);
		addr[sn] = '\0';
		f = find_remote(c, NULL, 0, addr);
		if (f == NULL)
			return -1;
		f->count++;
		snprintf(what, sizeof(what), "%s: remote forward %s -> %s", c->label, addr,
		    f->connect_path ? f->connect_path : f->connect_host);
		return accept_to_local(c, m, req, f->connect_host, f->connect_port, f->connect_path, what);
	}
	return chan_refuse(m, req->sender, 3, "unknown channel type") == 0 ? 0 : -1;
}

/* ---- local forwarding (-L) ---- */

static void
fwd_unref(struct ssh_forward *f)
{
	if (--f->refs > 0)
		return;
	free(f->listen_host);
	free(f->listen_path);
	free(f->connect_host);
	free(f->connect_path);
	free(f);
}

static short
listen_want(void *arg)
{
	struct ssh_forward *f = arg;

	return f->c && f->c->en.state == ENGINE_READY ? POLLIN : 0;
}

/* Opens the channel for one accepted connection. */
static void
listen_one(struct ssh_forward *f, int afd)
{
	struct ssh_conn *c = f->c;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char oaddr[64] = "127.0.0.1", what[300];
	int oport = 0;
	struct buf extra;
	struct errinfo e;
	struct pump *p;
	int r;

	if (getpeername(afd, (struct sockaddr *)&ss, &sl) == 0 && ss.ss_family != AF_UNIX) {
		char ps[16];

		if (getnameinfo((struct sockaddr *)&ss, sl, oaddr, sizeof(oaddr), ps, sizeof(ps),
		    NI_NUMERICHOST | NI_NUMERICSERV) == 0)
			oport = atoi(ps);
	}
	buf_init(&extra, 0);
	if (f->connect_path) {
		/* PROTOCOL §2.4: socket path, reserved string, reserved uint32. */
		r = buf_put_cstring(&extra, f->connect_path);
		r = r ? r : buf_put_cstring(&extra, "");
		r = r ? r : buf_put_u32(&extra, 0);
		snprintf(what, sizeof(what), "%s: local forward -> %s", c->label, f->connect_path);
	} else {
		/* RFC 4254 §7.2: host, port, originator address, originator port. */
		r = buf_put_cstring(&extra, f->connect_host);
		r = r ? r : buf_put_u32(&extra, (uint32_t)f->connect_port);
		r = r ? r : buf_put_cstring(&extra, oaddr);
		r = r ? r : buf_put_u32(&extra, (uint32_t)oport);
		snprintf(what, sizeof(what), "%s: local forward -> %s:%d", c->label, f->connect_host, f->connect_port);
	}
	p = pump_new(c, afd, afd, 1, what);
	err_clear(&e);
	if (r != 0 || chan_open(&c->en.mux, f->connect_path ? "direct-streamlocal@openssh.com" : "direct-tcpip",
	    buf_ptr(&extra), buf_avail(&extra), &pump_ops, p, &p->ch, &e) != 0) {
		log_info("%s: %s", what, e.msg[0] ? e.msg : "cannot open a channel");
		pump_stop_local(p);
	} else {
		chan_set_manual_window(p->ch);
		p->refs++;
		f->count++;
	}
	buf_release(&extra);
}

static void
listen_ready(void *arg, short ev)
{
	struct ssh_forward *f = arg;
	int i, afd;

	if (f->c == NULL)
		return;
	for (i = 0; i < f->nl; i++) {
		/* A few per round: one busy listener must not starve the loop. */
		int k;

		for (k = 0; k < 16; k++) {
			afd = accept4(f->lfd[i], NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
			if (afd < 0)
				break;
			listen_one(f, afd);
		}
	}
}

static void
listen_release(void *arg)
{
	fwd_unref(arg);
}

static int
listen_unix(struct ssh_forward *f, struct errinfo *e)
{
	struct sockaddr_un sa;
	int fd;

	if (strlen(f->listen_path) >= sizeof(sa.sun_path))
		return err_set(e, ERR_INVAL, "unix socket path too long: %s", f->listen_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return err_set(e, ERR_IO, "socket: %s", strerror(errno));
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, f->listen_path, strlen(f->listen_path) + 1);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(fd, 128) != 0) {
		int err = errno;

		close(fd);
		return err_set(e, ERR_IO, "cannot listen on %s: %s", f->listen_path, strerror(err));
	}
	f->unlink_path = 1;
	f->lfd[f->nl++] = fd;
	return 0;
}

static int
listen_tcp(struct ssh_forward *f, struct errinfo *e)
{
	struct addrinfo hints, *res = NULL, *ai;
	char ps[16];
	const char *host = f->listen_host && *f->listen_host && strcmp(f->listen_host, "*") != 0 ?
	    f->listen_host : NULL;
	int r, fd, one = 1, err = 0;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	snprintf(ps, sizeof(ps), "%d", f->listen_port);
	/* ssh(1) binds the loopback addresses unless told otherwise (GatewayPorts no). */
	if (f->listen_host == NULL || strcmp(f->listen_host, "localhost") == 0)
		host = "localhost";
	if ((r = getaddrinfo(host, ps, &hints, &res)) != 0)
		return err_set(e, ERR_IO, "cannot resolve %s: %s", host ? host : "*", gai_strerror(r));
	for (ai = res; ai && f->nl < FWD_MAX_LISTEN; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (ai->ai_family == AF_INET6)
			setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 128) != 0) {
			err = errno;
			close(fd);
			continue;
		}
		if (f->listen_port == 0 && f->bound_port == 0) {
			struct sockaddr_storage ss;
			socklen_t sl = sizeof(ss);

			/* Port 0: the kernel's choice, then the same port on the other addresses. */
			if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0)
				f->bound_port = ntohs(ss.ss_family == AF_INET6 ?
				    ((struct sockaddr_in6 *)&ss)->sin6_port : ((struct sockaddr_in *)&ss)->sin_port);
			snprintf(ps, sizeof(ps), "%d", f->bound_port);
		}
		f->lfd[f->nl++] = fd;
	}
	freeaddrinfo(res);
	if (f->nl == 0)
		return err_set(e, ERR_IO, "cannot listen on %s port %d: %s", host ? host : "*", f->listen_port,
		    strerror(err ? err : EADDRNOTAVAIL));
	if (f->bound_port == 0)
		f->bound_port = f->listen_port;
	return 0;
}

static struct ssh_forward *
fwd_new(struct ssh_conn *c, const struct ssh_fwd_spec *spec, int remote)
{
	struct ssh_forward *f = xcalloc(1, sizeof(*f));

	f->cl = c->cl;
	f->c = c;
	f->remote = remote;
	f->listen_host = spec->listen_host ? xstrdup(spec->listen_host) : NULL;
	f->listen_path = spec->listen_path ? xstrdup(spec->listen_path) : NULL;
	f->listen_port = spec->listen_port;
	f->connect_host = spec->connect_host ? xstrdup(spec->connect_host) : NULL;
	f->connect_path = spec->connect_path ? xstrdup(spec->connect_path) : NULL;
	f->connect_port = spec->connect_port;
	f->refs = 1;
	return f;
}

static int
spec_check(const struct ssh_fwd_spec *spec, struct errinfo *e)
{
	if (spec->connect_path == NULL && (spec->connect_host == NULL || spec->connect_port <= 0 ||
	    spec->connect_port > 65535 || strlen(spec->connect_host) > 255))
		return err_set(e, ERR_INVAL, "forward: bad target %s port %d",
		    spec->connect_host ? spec->connect_host : "(none)", spec->connect_port);
	if (spec->listen_path == NULL && (spec->listen_port < 0 || spec->listen_port > 65535))
		return err_set(e, ERR_INVAL, "forward: bad listen port %d", spec->listen_port);
	return 0;
}

int
ssh_forward_local(struct ssh_conn *c, const struct ssh_fwd_spec *spec, struct ssh_forward **out,
    struct errinfo *e)
{
	struct ssh_client *cl = c->cl;
	struct ssh_forward *f;
	int r, i;

	*out = NULL;
	if ((r = spec_check(spec, e)) != 0)
		return r;
	f = fwd_new(c, spec, 0);
	r = f->listen_path ? listen_unix(f, e) : listen_tcp(f, e);
	if (r != 0) {
		fwd_unref(f);
		return r;
	}
	pthread_mutex_lock(&cl->mu);
	if (c->en.state != ENGINE_READY) {
		r = err_set(e, ERR_CLOSED, "%s", c->en.err.msg[0] ? c->en.err.msg : "connection is closed");
	} else {
		for (i = 0; i < f->nl; i++) {
			f->lw[i] = conn_watch_add(cl, f->lfd[i], listen_want, listen_ready, listen_release, f);
			f->refs++;
		}
		f->next = c->fwds;
		c->fwds = f;
		conn_wake(cl);
	}
	pthread_mutex_unlock(&cl->mu);
	if (r != 0) {
		for (i = 0; i < f->nl; i++)
			close(f->lfd[i]);
		if (f->unlink_path)
			unlink(f->listen_path);
		fwd_unref(f);
		return r;
	}
	*out = f;
	return 0;
}

/* ---- remote forwarding (-R) ---- */

static void
remote_reply(void *arg, int ok, const uint8_t *p, size_t n)
{
	struct ssh_forward *f = arg;
	struct buf b;
	uint32_t port;

	f->reply = ok > 0 ? 1 : ok == 0 ? -1 : -2;
	/* RFC 4254 §7.1: with port 0 the reply carries the port the server bound. */
	if (ok > 0 && f->listen_port == 0 && !f->listen_path) {
		buf_view(&b, p, n);
		if (buf_get_u32(&b, &port) == 0)
			f->bound_port = (int)port;
	}
	if (f->c)
		pthread_cond_broadcast(&f->c->cv);
}

static void
abs_deadline(int64_t deadline, struct timespec *ts)
{
	int64_t left = deadline - time_mono_ms();

	clock_gettime(CLOCK_REALTIME, ts);
	if (left < 0)
		left = 0;
	ts->tv_sec += (time_t)(left / 1000);
	ts->tv_nsec += (long)(left % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static void
fwd_unlink(struct ssh_conn *c, struct ssh_forward *f)
{
	struct ssh_forward **pp;

	for (pp = &c->fwds; *pp; pp = &(*pp)->next) {
		if (*pp == f) {
			*pp = f->next;
			break;
		}
	}
}

int
ssh_forward_remote(struct ssh_conn *c, const struct ssh_fwd_spec *spec, int64_t deadline,
    struct ssh_forward **out, struct errinfo *e)
{
	struct ssh_client *cl = c->cl;
	struct ssh_forward *f;
	struct timespec ts;
	struct buf b;
	int r;

	*out = NULL;
	if ((r = spec_check(spec, e)) != 0)
		return r;
	f = fwd_new(c, spec, 1);
	if (f->listen_host == NULL && f->listen_path == NULL)
		f->listen_host = xstrdup("localhost");
	f->bound_port = f->listen_port;
	buf_init(&b, 0);
	if (f->listen_path) {
		r = buf_put_cstring(&b, f->listen_path);
	} else {
		r = buf_put_cstring(&b, f->listen_host);
		r = r ? r : buf_put_u32(&b, (uint32_t)f->listen_port);
	}
	pthread_mutex_lock(&cl->mu);
	if (c->en.state != ENGINE_READY) {
		r = err_set(e, ERR_CLOSED, "%s", c->en.err.msg[0] ? c->en.err.msg : "connection is closed");
		goto out;
	}
	f->next = c->fwds;
	c->fwds = f;
	if (r == 0)
		r = chanmux_global_request(&c->en.mux, f->listen_path ? "streamlocal-forward@openssh.com" :
		    "tcpip-forward", buf_ptr(&b), buf_avail(&b), remote_reply, f);
	if (r != 0) {
		err_set(e, r, "cannot send the forwarding request");
		goto unlink;
	}
	conn_wake(cl);
	abs_deadline(deadline, &ts);
	while (f->reply == 0) {
		if (pthread_cond_timedwait(&c->cv, &cl->mu, &ts) != 0 && time_mono_ms() >= deadline && f->reply == 0) {
			chanmux_global_forget(&c->en.mux, f);
			r = err_set(e, ERR_TIMEOUT, "%s: no answer to the remote forwarding request in time", c->label);
			goto unlink;
		}
	}
	if (f->reply < 0) {
		if (f->listen_path)
			r = err_set(e, ERR_REMOTE, "%s refused to listen on %s (remote port forwarding failed)",
			    c->label, f->listen_path);
		else
			r = err_set(e, f->reply == -1 ? ERR_REMOTE : ERR_CLOSED,
			    "%s: remote port forwarding failed for listen port %d%s", c->label, f->listen_port,
			    f->reply == -2 ? " (connection lost)" : "");
		goto unlink;
	}
	pthread_mutex_unlock(&cl->mu);
	buf_release(&b);
	*out = f;
	return 0;
unlink:
	fwd_unlink(c, f);
out:
	pthread_mutex_unlock(&cl->mu);
	buf_release(&b);
	fwd_unref(f);
	return r;
}

int
ssh_forward_port(const struct ssh_forward *f)
{
	return f->bound_port;
}

unsigned
ssh_forward_count(const struct ssh_forward *f)
{
	return f->count;
}

void
ssh_forward_close(struct ssh_forward *f)
{
	struct ssh_client *cl;
	struct ssh_conn *c;
	struct buf b;
	int i;

	if (f == NULL)
		return;
	cl = f->cl;
	pthread_mutex_lock(&cl->mu);
	c = f->c;
	if (c) {
		fwd_unlink(c, f);
		if (f->remote && f->reply == 1 && c->en.state == ENGINE_READY) {
			buf_init(&b, 0);
			if (f->listen_path ? buf_put_cstring(&b, f->listen_path) == 0 :
			    buf_put_cstring(&b, f->listen_host) == 0 && buf_put_u32(&b, (uint32_t)f->bound_port) == 0)
				chanmux_global_request(&c->en.mux, f->listen_path ?
				    "cancel-streamlocal-forward@openssh.com" : "cancel-tcpip-forward",
				    buf_ptr(&b), buf_avail(&b), NULL, NULL);
			buf_release(&b);
			conn_wake(cl);
		}
		f->c = NULL;
	}
	for (i = 0; i < f->nl; i++) {
		if (f->lw[i])
			conn_watch_remove(f->lw[i]);
		f->lw[i] = NULL;
		close(f->lfd[i]);
	}
	if (f->unlink_path)
		unlink(f->listen_path);
	f->nl = 0;
	conn_wake(cl);
	fwd_unref(f);
	pthread_mutex_unlock(&cl->mu);
}

void
fwd_conn_closing(struct ssh_conn *c)
{
	struct ssh_forward *f;
	struct conn_watch *w;
	int i;

	/* Pumps outlive their channel while they drain: they must not use c after this. */
	for (w = c->cl->watches; w; w = w->next) {
		struct pump *p;

		if (w->removed || (w->want != pump_want && w->want != pump_want_w))
			continue;
		p = w->arg;
		if (p->c != c)
			continue;
		if (p->connecting)
			pump_stop_local(p);
		p->c = NULL;
	}

	for (f = c->fwds; f; f = f->next) {
		f->c = NULL;
		for (i = 0; i < f->nl; i++) {
			if (f->lw[i])
				conn_watch_remove(f->lw[i]);
			f->lw[i] = NULL;
		}
	}
	c->fwds = NULL;
}

/* ---- stdio (-W) ---- */

int
ssh_forward_stdio(struct ssh_conn *c, const char *host, int port, const char *path, int rfd, int wfd,
    struct errinfo *e)
{
	struct ssh_client *cl = c->cl;
	struct pump *p;
	struct buf extra;
	char what[300];
	int r;

	buf_init(&extra, 0);
	if (path) {
		r = buf_put_cstring(&extra, path);
		r = r ? r : buf_put_cstring(&extra, "");
		r = r ? r : buf_put_u32(&extra, 0);
		snprintf(what, sizeof(what), "stdio forward to %s", path);
	} else {
		r = buf_put_cstring(&extra, host);
		r = r ? r : buf_put_u32(&extra, (uint32_t)port);
		r = r ? r : buf_put_cstring(&extra, "127.0.0.1");
		r = r ? r : buf_put_u32(&extra, 65535);
		snprintf(what, sizeof(what), "stdio forward to %s:%d", host, port);
	}
	pthread_mutex_lock(&cl->mu);
	if (c->en.state != ENGINE_READY) {
		r = err_set(e, ERR_CLOSED, "%s", c->en.err.msg[0] ? c->en.err.msg : "connection is closed");
		pthread_mutex_unlock(&cl->mu);
		buf_release(&extra);
		return r;
	}
	p = pump_new(c, rfd, wfd, 0, what);
	p->refs++;	/* ours, while we wait */
	p->waiter = 1;
	r = chan_open(&c->en.mux, path ? "direct-streamlocal@openssh.com" : "direct-tcpip", buf_ptr(&extra),
	    buf_avail(&extra), &pump_ops, p, &p->ch, e);
	buf_release(&extra);
	if (r != 0) {
		pump_stop_local(p);
		pump_unref(p);
		pthread_mutex_unlock(&cl->mu);
		return r;
	}
	chan_set_manual_window(p->ch);
	p->refs++;
	conn_wake(cl);
	while (!p->finished)
		pthread_cond_wait(&c->cv, &cl->mu);
	if (p->refused)
		r = err_set(e, ERR_REMOTE, "%s: channel open failed: %s", what, p->reason);
	else if (c->en.state == ENGINE_DEAD && !(p->rd_eof && p->ch_eof))
		r = err_set(e, c->en.err.code ? c->en.err.code : ERR_CLOSED, "%s", c->en.err.msg);
	pump_unref(p);
	pthread_mutex_unlock(&cl->mu);
	return r;
}

/* ---- -L / -R arguments ---- */

/* Splits at ':' outside [brackets]; brackets are removed. At most 4 fields. */
static int
split_fields(char *s, char **f, int max)
{
	int n = 0;
	char *p = s;

	while (n < max) {
		if (*p == '[') {
			char *rb = strchr(p, ']');

			if (rb == NULL)
				return -1;
			f[n++] = p + 1;
			*rb = '\0';
			p = rb + 1;
			if (*p == '\0')
				return n;
			if (*p != ':')
				return -1;
			p++;
			continue;
		}
		f[n++] = p;
		p = strchr(p, ':');
		if (p == NULL)
			return n;
		*p++ = '\0';
	}
	return -1;
}

static int
parse_port(const char *s, int *out)
{
	char *end;
	long v;

	if (*s == '\0')
		return -1;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < 0 || v > 65535)
		return -1;
	*out = (int)v;
	return 0;
}

int
ssh_fwd_parse(const char *arg, struct ssh_fwd_spec *out, char **storage, struct errinfo *e)
{
	char *s = xstrdup(arg), *f[4], *sp;
	int n;

	memset(out, 0, sizeof(*out));
	*storage = s;
	/* ssh_config form: "listen target" */
	if ((sp = strpbrk(s, " \t")) != NULL) {
		*sp = ':';
		memmove(sp + 1, sp + 1 + strspn(sp + 1, " \t"), strlen(sp + 1 + strspn(sp + 1, " \t")) + 1);
	}
	n = split_fields(s, f, 4);
	if (n < 2)
		goto bad;
	if (n == 4) {
		out->listen_host = f[0];
		if (parse_port(f[1], &out->listen_port) != 0 || parse_port(f[3], &out->connect_port) != 0)
			goto bad;
		out->connect_host = f[2];
	} else if (n == 3) {
		if (f[2][0] == '/') {		/* bind:port:socket */
			out->listen_host = f[0];
			if (parse_port(f[1], &out->listen_port) != 0)
				goto bad;
			out->connect_path = f[2];
		} else if (f[0][0] == '/') {	/* socket:host:port */
			out->listen_path = f[0];
			out->connect_host = f[1];
			if (parse_port(f[2], &out->connect_port) != 0)
				goto bad;
		} else {			/* port:host:port */
			if (parse_port(f[0], &out->listen_port) != 0 || parse_port(f[2], &out->connect_port) != 0)
				goto bad;
			out->connect_host = f[1];
		}
	} else {
		if (f[0][0] == '/')
			out->listen_path = f[0];
		else if (parse_port(f[0], &out->listen_port) != 0)
			goto bad;
		if (f[1][0] != '/')
			goto bad;
		out->connect_path = f[1];
	}
	if (out->listen_host && *out->listen_host == '\0')
		out->listen_host = "*";
	if (out->connect_host && *out->connect_host == '\0')
		goto bad;
	if (!out->connect_path && out->connect_port == 0)
		goto bad;
	return 0;
bad:
	return err_set(e, ERR_USAGE, "bad forwarding specification '%s' (expected [bind_address:]port:host:hostport, "
	    "[bind_address:]port:/socket, /socket:host:hostport or /socket:/socket)", arg);
}
