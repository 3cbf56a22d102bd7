/*
 * conn — the only SSH code that touches sockets: TCP connect with a deadline
 * (IPv4 and IPv6, every address getaddrinfo returns, in order), and the I/O
 * thread's poll(2) loop that moves bytes between sockets and engines.
 *
 * The loop reads everything a socket has (bounded per round so one busy
 * connection cannot starve the others), runs the engine on it, and writes what
 * the engine produced right away; POLLOUT is only asked for while output is
 * pending. Remote command stdin descriptors are polled too, but only while their
 * channel's window has room, which is the back-pressure.
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

int
conn_tcp_connect(const char *host, int port, int timeout_ms, int *out, struct errinfo *e)
{
	struct addrinfo hints, *res = NULL, *ai;
	char portstr[16];
	int64_t deadline = time_mono_ms() + timeout_ms;
	int fd = -1, r, err = 0, one = 1;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(portstr, sizeof(portstr), "%d", port);
	if ((r = getaddrinfo(host, portstr, &hints, &res)) != 0)
		return err_set(e, ERR_IO, "ssh: Could not resolve hostname %s: %s", host, gai_strerror(r));
	for (ai = res; ai; ai = ai->ai_next) {
		struct pollfd pf;
		socklen_t sl = sizeof(err);
		int64_t left;

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
			goto next;
		}
		pf.fd = fd;
		pf.events = POLLOUT;
		for (;;) {
			left = deadline - time_mono_ms();
			if (left <= 0) {
				err = ETIMEDOUT;
				goto next;
			}
			r = poll(&pf, 1, (int)left);
			if (r < 0 && errno == EINTR)
				continue;
			break;
		}
		if (r <= 0) {
			err = r == 0 ? ETIMEDOUT : errno;
			goto next;
		}
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &sl) < 0)
			err = errno;
		if (err == 0)
			goto connected;
next:
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

static void
conn_io_fail(struct ssh_conn *c, const char *what, int err)
{
	struct errinfo e;

	err_set(&e, ERR_IO, "%s: %s", what, strerror(err));
	engine_fail(&c->en, &e);
}

/* Writes pending output until the socket would block. */
static void
conn_flush(struct ssh_conn *c)
{
	while (c->fd >= 0 && engine_output_len(&c->en) > 0) {
		ssize_t w = send(c->fd, engine_output_ptr(&c->en), engine_output_len(&c->en), MSG_NOSIGNAL);

		if (w > 0) {
			engine_output_done(&c->en, (size_t)w);
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		conn_io_fail(c, "write to server", errno);
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
		ssize_t n = recv(c->fd, cl->rdbuf, READ_CHUNK, 0);

		if (n > 0) {
			total += (size_t)n;
			if (engine_feed(&c->en, cl->rdbuf, (size_t)n) != 0)
				return;
			engine_step(&c->en);
			/* Answer (window adjusts, KEX replies) as we go. */
			conn_flush(c);
			continue;
		}
		if (n == 0) {
			engine_eof(&c->en);
			return;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return;
		conn_io_fail(c, "read from server", errno);
		return;
	}
}

static void
conn_close_socket(struct ssh_conn *c)
{
	if (c->fd >= 0) {
		close(c->fd);
		c->fd = -1;
	}
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

struct pollref {
	struct ssh_conn	*c;
	struct exec_op	*op;
};

void *
conn_loop(void *arg)
{
	struct ssh_client *cl = arg;
	struct pollfd *pf = NULL;
	struct pollref *refs = NULL;
	size_t cap = 0, n, i;
	struct ssh_conn *c, **pc;
	struct exec_op *op;
	int64_t now, timeout;
	char drain[256];

	pthread_mutex_lock(&cl->mu);
	while (!cl->stop) {
		/* Connections the owner closed: say goodbye, close, unlink, wake the owner. */
		for (pc = &cl->conns; (c = *pc) != NULL;) {
			if (!c->closing) {
				pc = &c->next;
				continue;
			}
			engine_close(&c->en, "closed by client");
			conn_flush(c);
			conn_close_socket(c);
			*pc = c->next;
			c->closed = 1;
			pthread_cond_broadcast(&c->cv);
		}
		n = 0;
		timeout = -1;
		now = time_mono_ms();
		for (c = cl->conns; c; c = c->next) {
			n++;
			for (op = c->ops; op; op = op->next)
				n++;
		}
		if (n + 1 > cap) {
			cap = (n + 1) * 2;
			pf = xreallocarray(pf, cap, sizeof(*pf));
			refs = xreallocarray(refs, cap, sizeof(*refs));
		}
		n = 0;
		pf[n].fd = cl->wake[0];
		pf[n].events = POLLIN;
		refs[n].c = NULL;
		refs[n].op = NULL;
		n++;
		for (c = cl->conns; c; c = c->next) {
			if (c->fd < 0)
				continue;
			if (c->en.state == ENGINE_HANDSHAKE && c->deadline) {
				int64_t left = c->deadline - now;

				if (left < 0)
					left = 0;
				if (timeout < 0 || left < timeout)
					timeout = left;
			}
			pf[n].fd = c->fd;
			pf[n].events = POLLIN | (engine_output_len(&c->en) ? POLLOUT : 0);
			refs[n].c = c;
			refs[n].op = NULL;
			n++;
			for (op = c->ops; op; op = op->next) {
				if (!exec_op_wants_stdin(op))
					continue;
				pf[n].fd = op->io->stdin_fd;
				pf[n].events = POLLIN;
				refs[n].c = c;
				refs[n].op = op;
				n++;
			}
		}
		pthread_mutex_unlock(&cl->mu);
		if (poll(pf, n, (int)(timeout > 60000 ? 60000 : timeout)) < 0 && errno != EINTR)
			log_debug("ssh: poll: %s", strerror(errno));
		pthread_mutex_lock(&cl->mu);
		if (pf[0].revents & POLLIN)
			while (read(cl->wake[0], drain, sizeof(drain)) > 0)
				;
		for (i = 1; i < n; i++) {
			if (pf[i].revents == 0)
				continue;
			c = refs[i].c;
			/* Connections are only unlinked by this thread, so c is valid; ops may be gone. */
			if (refs[i].op) {
				if (op_in_list(c, refs[i].op) && exec_op_wants_stdin(refs[i].op))
					exec_op_stdin_ready(refs[i].op, cl->rdbuf, READ_CHUNK);
				continue;
			}
			if (c->fd >= 0 && c->fd == pf[i].fd)
				conn_read(cl, c);
		}
		now = time_mono_ms();
		for (c = cl->conns; c; c = c->next) {
			if (c->fd < 0)
				continue;
			if (c->en.state == ENGINE_HANDSHAKE && c->deadline && now >= c->deadline) {
				struct errinfo e;

				err_set(&e, ERR_TIMEOUT, "ssh: connection to %s timed out during the handshake", c->label);
				engine_fail(&c->en, &e);
			}
			conn_flush(c);
			if (c->en.state == ENGINE_DEAD && engine_output_len(&c->en) == 0)
				conn_close_socket(c);
			pthread_cond_broadcast(&c->cv);
		}
	}
	pthread_mutex_unlock(&cl->mu);
	free(pf);
	free(refs);
	return NULL;
}
