/*
 * conn — the SSH code that touches descriptors: TCP connect with a deadline
 * (IPv4 and IPv6, every address getaddrinfo returns, in order), and the I/O
 * thread's poll(2) loop that moves bytes between transports and engines.
 *
 * A connection's transport is a TCP socket, a ProxyCommand's pipes, or a
 * channel of another connection (jump.c); the loop reads what sockets and pipes
 * have (bounded per round so one busy connection cannot starve the others), runs
 * the engine on it, and writes what the engine produced right away; POLLOUT is
 * only asked for while output is pending. Remote command stdin descriptors are
 * polled too, but only while their channel's window has room, which is the
 * back-pressure; extensions add their own descriptors as watches.
 *
 * Timers: the handshake deadline (ConnectTimeout: banner, key exchange and
 * authentication) and keepalives (ServerAliveInterval: after that long without
 * a word from the peer, keepalive@openssh.com with want_reply; after
 * ServerAliveCountMax unanswered ones, the connection fails).
 */
#include "ssh/client_int.h"

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
#include <unistd.h>

#include "core/log.h"
#include "core/timeutil.h"
#include "core/xmalloc.h"

#define READ_CHUNK	(256 * 1024)
#define READ_ROUND_MAX	(2 * 1024 * 1024)

static int
set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -1;
	return 0;
}

/* Waits for a non-blocking connect until deadline; 0 or the errno. */
static int
connect_wait(int fd, int64_t deadline)
{
	struct pollfd pf;
	socklen_t sl;
	int64_t left;
	int r, err = 0;

	pf.fd = fd;
	pf.events = POLLOUT;
	for (;;) {
		left = deadline - time_mono_ms();
		if (left <= 0)
			return ETIMEDOUT;
		r = poll(&pf, 1, (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return errno;
		if (r == 0)
			return ETIMEDOUT;
		break;
	}
	sl = sizeof(err);
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &sl) < 0)
		return errno;
	return err;
}

int
conn_tcp_connect(const char *host, int port, int af, int timeout_ms, int *out, struct errinfo *e)
{
	struct addrinfo hints, *res = NULL, *ai;
	char portstr[16];
	int64_t deadline = time_mono_ms() + timeout_ms;
	int fd = -1, r, err = 0, one = 1, left_addrs = 0;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = af == 4 ? AF_INET : af == 6 ? AF_INET6 : AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(portstr, sizeof(portstr), "%d", port);
	if ((r = getaddrinfo(host, portstr, &hints, &res)) != 0)
		return err_set(e, ERR_IO, "ssh: Could not resolve hostname %s: %s", host,
		    r == EAI_SYSTEM ? strerror(errno) : gai_strerror(r));
	for (ai = res; ai; ai = ai->ai_next)
		left_addrs++;
	for (ai = res; ai; ai = ai->ai_next, left_addrs--) {
		int64_t now = time_mono_ms(), slot;

		if (now >= deadline) {
			err = ETIMEDOUT;
			break;
		}
		/*
		 * Each remaining address gets an equal share of what is left of the
		 * timeout, so one address that never answers (a dead A record)
		 * cannot use up the time the others would need.
		 */
		slot = (deadline - now) / left_addrs;
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0) {
			err = errno;
			continue;
		}
		set_nonblock(fd);
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			goto connected;
		if (errno != EINPROGRESS) {
			err = errno;
		} else if ((err = connect_wait(fd, now + slot)) == 0) {
			goto connected;
		}
		if (ai->ai_next) {
			char ab[64];

			if (getnameinfo(ai->ai_addr, ai->ai_addrlen, ab, sizeof(ab), NULL, 0, NI_NUMERICHOST) != 0)
				snprintf(ab, sizeof(ab), "?");
			log_debug("ssh: connect to %s (%s) port %d: %s; trying the next address", host, ab, port,
			    strerror(err));
		}
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return err_set(e, err == ETIMEDOUT ? ERR_TIMEOUT : ERR_IO, "ssh: connect to host %s port %d: %s",
	    host, port, err == ETIMEDOUT ? "Connection timed out" : strerror(err ? err : ECONNREFUSED));
connected:
	freeaddrinfo(res);
	/* SSH traffic is mostly small request/response packets: don't let Nagle delay them. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	*out = fd;
	return 0;
}

void
conn_wake(struct ssh_client *cl)
{
	char b = 1;

	/* A full pipe already guarantees a wake-up. */
	if (write(cl->wake[1], &b, 1) < 0 && errno != EAGAIN)
		log_debug("ssh: wake pipe: %s", strerror(errno));
}

struct conn_watch *
conn_watch_add(struct ssh_client *cl, int fd, short (*want)(void *), void (*ready)(void *, short),
    void (*release)(void *), void *arg)
{
	struct conn_watch *w = xcalloc(1, sizeof(*w));

	w->fd = fd;
	w->want = want;
	w->ready = ready;
	w->release = release;
	w->arg = arg;
	w->next = cl->watches;
	cl->watches = w;
	return w;
}

void
conn_watch_remove(struct conn_watch *w)
{
	w->removed = 1;
}

const char *
conn_phase(const struct ssh_conn *c)
{
	if (c->kind == CONN_VIA && !c->via_open)
		return "opening the channel through the jump host";
	if (!c->en.t.have_version)
		return "waiting for the server's SSH version banner";
	if (!c->en.t.kex_done_once)
		return "the key exchange";
	return "authentication";
}

void
conn_heard(struct ssh_conn *c)
{
	c->alive_missed = 0;
	if (c->alive_interval_ms > 0)
		c->alive_next = time_mono_ms() + c->alive_interval_ms;
}

static void
conn_io_fail(struct ssh_conn *c, const char *what, int err)
{
	struct errinfo e;

	if (c->kind == CONN_PROXYCMD)
		err_set(&e, ERR_IO, "%s ProxyCommand '%s': %s", what, c->proxy_cmd, strerror(err));
	else
		err_set(&e, ERR_IO, "%s server: %s", what, strerror(err));
	engine_fail(&c->en, &e);
}

/* Writes pending output until the transport would block. */
void
conn_flush(struct ssh_conn *c)
{
	if (c->kind == CONN_VIA) {
		via_flush(c);
		return;
	}
	while (c->wfd >= 0 && engine_output_len(&c->en) > 0) {
		ssize_t w = c->kind == CONN_TCP ?
		    send(c->wfd, engine_output_ptr(&c->en), engine_output_len(&c->en), MSG_NOSIGNAL) :
		    write(c->wfd, engine_output_ptr(&c->en), engine_output_len(&c->en));

		if (w > 0) {
			engine_output_done(&c->en, (size_t)w);
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		conn_io_fail(c, "write to", errno);
		/* Nothing more can be sent: drop what is left. */
		engine_output_done(&c->en, engine_output_len(&c->en));
		return;
	}
}

static void
conn_read(struct ssh_client *cl, struct ssh_conn *c)
{
	size_t total = 0;

	while (c->fd >= 0 && total < READ_ROUND_MAX && c->en.state != ENGINE_DEAD) {
		ssize_t n = read(c->fd, cl->rdbuf, READ_CHUNK);

		if (n > 0) {
			total += (size_t)n;
			conn_heard(c);
			if (engine_feed(&c->en, cl->rdbuf, (size_t)n) != 0)
				return;
			engine_step(&c->en);
			/* Answer (window adjusts, KEX replies) as we go. */
			conn_flush(c);
			continue;
		}
		if (n == 0) {
			if (c->kind == CONN_PROXYCMD && c->en.state != ENGINE_DEAD) {
				struct errinfo e;

				engine_step(&c->en);
				err_set(&e, ERR_CLOSED, "ProxyCommand '%s' closed the connection%s", c->proxy_cmd,
				    c->en.t.kex_done_once ? "" : " during the handshake");
				if (c->en.state != ENGINE_DEAD)
					engine_fail(&c->en, &e);
				return;
			}
			engine_eof(&c->en);
			return;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return;
		conn_io_fail(c, "read from", errno);
		return;
	}
}

/* Closes the transport (the connection stays listed until its owner closes it). */
static void
conn_close_transport(struct ssh_conn *c)
{
	if (c->kind == CONN_VIA) {
		via_close(c);
		return;
	}
	if (c->wfd >= 0 && c->wfd != c->fd)
		close(c->wfd);
	if (c->fd >= 0)
		close(c->fd);
	c->fd = c->wfd = -1;
}

static int
conn_has_transport(const struct ssh_conn *c)
{
	return c->kind == CONN_VIA ? c->via_ch != NULL : c->fd >= 0;
}

static int
op_in_list(const struct ssh_conn *c, const struct exec_op *op)
{
	const struct exec_op *o;

	for (o = c->ops; o; o = o->next)
		if (o == op)
			return 1;
	return 0;
}

static void
alive_reply(void *arg, int ok, const uint8_t *p, size_t n)
{
	struct ssh_conn *c = arg;

	/* Any answer (OpenSSH sends REQUEST_FAILURE) proves the peer is there. */
	if (ok >= 0)
		c->alive_missed = 0;
}

/* Handshake deadline and keepalives; returns ms until this connection's next timer, or -1. */
static int64_t
conn_timers(struct ssh_client *cl, struct ssh_conn *c, int64_t now)
{
	struct errinfo e;

	if (c->en.state == ENGINE_HANDSHAKE && c->deadline) {
		if (now >= c->deadline) {
			err_set(&e, ERR_TIMEOUT, "ssh: connection to %s timed out during %s (ConnectTimeout %d s)",
			    c->label, conn_phase(c), (c->timeout_ms + 999) / 1000);
			engine_fail(&c->en, &e);
			return -1;
		}
		return c->deadline - now;
	}
	if (c->en.state != ENGINE_READY || c->alive_interval_ms <= 0 || c->closing)
		return -1;
	if (c->alive_next == 0)
		c->alive_next = now + c->alive_interval_ms;
	if (now < c->alive_next)
		return c->alive_next - now;
	if (c->alive_missed >= c->alive_count_max) {
		/* OpenSSH's words (clientloop.c server_alive_check). */
		err_set(&e, ERR_TIMEOUT, "Timeout, server %s not responding (no answer to %d keepalives "
		    "%d s apart: ServerAliveInterval/ServerAliveCountMax)", c->label, c->alive_missed,
		    c->alive_interval_ms / 1000 ? c->alive_interval_ms / 1000 : 1);
		engine_fail(&c->en, &e);
		return -1;
	}
	if (chanmux_global_request(&c->en.mux, "keepalive@openssh.com", NULL, 0, alive_reply, c) == 0) {
		c->alive_missed++;
		cl->stats.keepalives_sent++;
	}
	c->alive_next = now + c->alive_interval_ms;
	return c->alive_interval_ms;
}

enum { REF_WAKE, REF_CONN_R, REF_CONN_W, REF_STDIN, REF_WINCH, REF_WATCH };

struct pollref {
	int			 kind;
	struct ssh_conn		*c;
	struct exec_op		*op;
	struct conn_watch	*w;
};

static void
add_pf(struct pollfd **pf, struct pollref **refs, size_t *n, size_t *cap, int fd, short ev,
    int kind, struct ssh_conn *c, struct exec_op *op, struct conn_watch *w)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*pf = xreallocarray(*pf, *cap, sizeof(**pf));
		*refs = xreallocarray(*refs, *cap, sizeof(**refs));
	}
	(*pf)[*n].fd = fd;
	(*pf)[*n].events = ev;
	(*pf)[*n].revents = 0;
	(*refs)[*n].kind = kind;
	(*refs)[*n].c = c;
	(*refs)[*n].op = op;
	(*refs)[*n].w = w;
	(*n)++;
}

/* Connections the owner closed: say goodbye, close, unlink, wake the owner. */
static void
reap_closing(struct ssh_client *cl)
{
	struct ssh_conn *c, **pc;
	int pass;

	/* Connections behind jump hosts first: their goodbye travels through the jump's channel. */
	for (pass = 0; pass < 2; pass++) {
		for (pc = &cl->conns; (c = *pc) != NULL;) {
			if (!c->closing || (pass == 0) != (c->kind == CONN_VIA)) {
				pc = &c->next;
				continue;
			}
			fwd_conn_closing(c);
			engine_close(&c->en, "closed by client");
			conn_flush(c);
			conn_close_transport(c);
			*pc = c->next;
			c->closed = 1;
			pthread_cond_broadcast(&c->cv);
		}
	}
}

static void
reap_watches(struct ssh_client *cl)
{
	struct conn_watch *w, **pw;

	for (pw = &cl->watches; (w = *pw) != NULL;) {
		if (!w->removed) {
			pw = &w->next;
			continue;
		}
		*pw = w->next;
		if (w->release)
			w->release(w->arg);
		free(w);
	}
}

void *
conn_loop(void *arg)
{
	struct ssh_client *cl = arg;
	struct pollfd *pf = NULL;
	struct pollref *refs = NULL;
	size_t cap = 0, n, i;
	struct ssh_conn *c;
	struct exec_op *op;
	struct conn_watch *w;
	int64_t now, timeout, t;
	char drain[256];
	int pass;

	pthread_mutex_lock(&cl->mu);
	while (!cl->stop) {
		reap_closing(cl);
		reap_watches(cl);
		n = 0;
		timeout = -1;
		now = time_mono_ms();
		add_pf(&pf, &refs, &n, &cap, cl->wake[0], POLLIN, REF_WAKE, NULL, NULL, NULL);
		for (c = cl->conns; c; c = c->next) {
			t = conn_timers(cl, c, now);
			if (t >= 0 && (timeout < 0 || t < timeout))
				timeout = t;
			if (c->fd >= 0) {
				short ev = POLLIN;

				if (engine_output_len(&c->en) && c->wfd == c->fd)
					ev |= POLLOUT;
				add_pf(&pf, &refs, &n, &cap, c->fd, ev, REF_CONN_R, c, NULL, NULL);
				if (engine_output_len(&c->en) && c->wfd != c->fd && c->wfd >= 0)
					add_pf(&pf, &refs, &n, &cap, c->wfd, POLLOUT, REF_CONN_W, c, NULL, NULL);
			}
			for (op = c->ops; op; op = op->next) {
				if (exec_op_wants_stdin(op))
					add_pf(&pf, &refs, &n, &cap, op->io->stdin_fd, POLLIN, REF_STDIN, c, op, NULL);
				if (exec_op_wants_winch(op))
					add_pf(&pf, &refs, &n, &cap, op->io->pty->winch_fd, POLLIN, REF_WINCH, c, op, NULL);
			}
		}
		for (w = cl->watches; w; w = w->next) {
			short ev = w->removed ? 0 : w->want(w->arg);

			if (ev)
				add_pf(&pf, &refs, &n, &cap, w->fd, ev, REF_WATCH, NULL, NULL, w);
		}
		pthread_mutex_unlock(&cl->mu);
		if (poll(pf, n, (int)(timeout < 0 || timeout > 60000 ? 60000 : timeout)) < 0 && errno != EINTR)
			log_debug("ssh: poll: %s", strerror(errno));
		pthread_mutex_lock(&cl->mu);
		for (i = 0; i < n; i++) {
			if (pf[i].revents == 0)
				continue;
			c = refs[i].c;
			/* Connections and watches are only freed by this thread, so c and w are valid;
			 * ops may be gone. */
			switch (refs[i].kind) {
			case REF_WAKE:
				while (read(cl->wake[0], drain, sizeof(drain)) > 0)
					;
				break;
			case REF_CONN_R:
				if (c->fd >= 0 && c->fd == pf[i].fd) {
					if (pf[i].revents & (POLLIN | POLLHUP | POLLERR))
						conn_read(cl, c);
					if (pf[i].revents & POLLOUT)
						conn_flush(c);
				}
				break;
			case REF_CONN_W:
				if (c->wfd >= 0 && c->wfd == pf[i].fd)
					conn_flush(c);
				break;
			case REF_STDIN:
				if (op_in_list(c, refs[i].op) && exec_op_wants_stdin(refs[i].op))
					exec_op_stdin_ready(refs[i].op, cl->rdbuf, READ_CHUNK);
				break;
			case REF_WINCH:
				if (op_in_list(c, refs[i].op) && exec_op_wants_winch(refs[i].op))
					exec_op_winch(refs[i].op);
				break;
			case REF_WATCH:
				if (!refs[i].w->removed)
					refs[i].w->ready(refs[i].w->arg, pf[i].revents);
				break;
			}
		}
		now = time_mono_ms();
		/* Inner connections first: what they send becomes output of their jump host. */
		for (pass = 0; pass < 2; pass++) {
			for (c = cl->conns; c; c = c->next) {
				if ((pass == 0) != (c->kind == CONN_VIA))
					continue;
				conn_timers(cl, c, now);
				if (conn_has_transport(c)) {
					conn_flush(c);
					if (c->en.state == ENGINE_DEAD && engine_output_len(&c->en) == 0)
						conn_close_transport(c);
				}
				/*
				 * Waiters (handshake, commands, forwards) only care about messages
				 * handled and state changes: waking every connection's waiters on
				 * every pass cost 400 futex calls per host of a 140-host server exec
				 * (strace -c), more system time than the whole client's user time.
				 */
				if (c->en.events != c->cv_events || (int)c->en.state != c->cv_state) {
					c->cv_events = c->en.events;
					c->cv_state = (int)c->en.state;
					pthread_cond_broadcast(&c->cv);
				}
			}
		}
	}
	reap_watches(cl);
	for (w = cl->watches; w; w = cl->watches) {
		cl->watches = w->next;
		if (w->release)
			w->release(w->arg);
		free(w);
	}
	pthread_mutex_unlock(&cl->mu);
	free(pf);
	free(refs);
	return NULL;
}
