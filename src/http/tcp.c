/*
 * tcp — see tcp.h. The socket stays non-blocking; every wait is a poll(2)
 * bounded by the caller's deadline.
 */
#include "http/tcp.h"

#include <arpa/inet.h>
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

#include "core/err.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "core/xmalloc.h"
#include "http/stream.h"

struct tcp_ctx {
	int	fd;
};

/* Milliseconds poll may wait before the deadline; 0 once it has passed. */
static int
wait_ms(int64_t deadline)
{
	int64_t left;

	if (deadline == HTTP_NO_DEADLINE)
		return -1;
	left = deadline - time_mono_ms();
	if (left <= 0)
		return 0;
	return left > 60000 ? 60000 : (int)left;
}

/* Waits for events on fd until the deadline: 0 when ready, ERR_TIMEOUT, ERR_IO. */
static int
wait_fd(int fd, short ev, int64_t deadline, struct errinfo *e)
{
	struct pollfd pfd;
	int r, ms;

	for (;;) {
		ms = wait_ms(deadline);
		if (ms == 0)
			return err_set(e, ERR_TIMEOUT, "timed out");
		pfd.fd = fd;
		pfd.events = ev;
		pfd.revents = 0;
		r = poll(&pfd, 1, ms);
		if (r > 0)
			return 0;
		if (r < 0 && errno != EINTR)
			return err_set(e, ERR_IO, "poll: %s", strerror(errno));
	}
}

static int
tcp_read(void *vctx, void *p, size_t n, size_t *got, int64_t deadline, struct errinfo *e)
{
	struct tcp_ctx *c = vctx;
	ssize_t k;
	int r;

	*got = 0;
	for (;;) {
		k = recv(c->fd, p, n, 0);
		if (k >= 0) {
			*got = (size_t)k;
			return 0;
		}
		if (errno == EINTR)
			continue;
		if (errno == ECONNRESET)
			return err_set(e, ERR_CLOSED, "connection reset by peer");
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return err_set(e, ERR_IO, "recv: %s", strerror(errno));
		if ((r = wait_fd(c->fd, POLLIN, deadline, e)) < 0)
			return r;
	}
}

static int
tcp_write(void *vctx, const void *p, size_t n, int64_t deadline, struct errinfo *e)
{
	struct tcp_ctx *c = vctx;
	const unsigned char *d = p;
	ssize_t k;
	int r;

	while (n > 0) {
		k = send(c->fd, d, n, MSG_NOSIGNAL);
		if (k > 0) {
			d += k;
			n -= (size_t)k;
			continue;
		}
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0 && (errno == EPIPE || errno == ECONNRESET))
			return err_set(e, ERR_CLOSED, "connection closed by peer while sending");
		if (k < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
			return err_set(e, ERR_IO, "send: %s", strerror(errno));
		if ((r = wait_fd(c->fd, POLLOUT, deadline, e)) < 0)
			return r;
	}
	return 0;
}

static void
tcp_close(void *vctx)
{
	struct tcp_ctx *c = vctx;

	if (c) {
		close(c->fd);
		free(c);
	}
}

void
tcp_stream_from_fd(int fd, struct http_stream *out)
{
	struct tcp_ctx *c = xcalloc(1, sizeof(*c));
	int fl = fcntl(fd, F_GETFL);

	if (fl >= 0)
		fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	c->fd = fd;
	memset(out, 0, sizeof(*out));
	out->ctx = c;
	out->read = tcp_read;
	out->write = tcp_write;
	out->close = tcp_close;
	snprintf(out->peer, sizeof(out->peer), "fd %d", fd);
}

static void
addr_text(const struct sockaddr *sa, char *out, size_t n)
{
	char ip[INET6_ADDRSTRLEN] = "?";

	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)sa;

		inet_ntop(AF_INET6, &s6->sin6_addr, ip, sizeof(ip));
		snprintf(out, n, "[%s]:%u", ip, ntohs(s6->sin6_port));
	} else {
		const struct sockaddr_in *s4 = (const void *)sa;

		inet_ntop(AF_INET, &s4->sin_addr, ip, sizeof(ip));
		snprintf(out, n, "%s:%u", ip, ntohs(s4->sin_port));
	}
}

/* One attempt: 0 with *fd set, or a negative code with the reason in why. */
static int
try_connect(const struct addrinfo *ai, int64_t deadline, int *fd, char *why, size_t whyn)
{
	int s, r, soerr = 0, one = 1;
	socklen_t sl = sizeof(soerr);
	struct errinfo e2;

	s = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
	if (s < 0) {
		snprintf(why, whyn, "%s", strerror(errno));
		return ERR_IO;
	}
	r = connect(s, ai->ai_addr, ai->ai_addrlen);
	if (r < 0 && errno != EINPROGRESS && errno != EINTR) {
		snprintf(why, whyn, "%s", strerror(errno));
		close(s);
		return ERR_IO;
	}
	if (r < 0) {
		err_clear(&e2);
		if ((r = wait_fd(s, POLLOUT, deadline, &e2)) < 0) {
			snprintf(why, whyn, "%s", r == ERR_TIMEOUT ? "connect timed out" : e2.msg);
			close(s);
			return r;
		}
		if (getsockopt(s, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0)
			soerr = errno;
		if (soerr != 0) {
			snprintf(why, whyn, "%s", strerror(soerr));
			close(s);
			return ERR_IO;
		}
	}
	/* Requests are written whole; no reason to wait for Nagle. */
	setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	*fd = s;
	return 0;
}

int
tcp_connect(const char *host, unsigned port, int64_t deadline, struct http_stream *out,
    struct errinfo *e)
{
	struct addrinfo hints, *res = NULL, *ai;
	char portstr[16], where[96], why[160];
	struct str tried = STR_INIT;
	int r, fd = -1, all_timeout = 1;
	size_t left = 0;

	memset(out, 0, sizeof(*out));
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	snprintf(portstr, sizeof(portstr), "%u", port);
	r = getaddrinfo(host, portstr, &hints, &res);
	if (r != 0) {
		r = err_set(e, ERR_NOTFOUND, "cannot resolve %s: %s", host, gai_strerror(r));
		goto out;
	}
	for (ai = res; ai; ai = ai->ai_next)
		left++;
	for (ai = res; ai; ai = ai->ai_next, left--) {
		int64_t now = time_mono_ms(), d = deadline;

		/* Share what time is left among the addresses not yet tried, so one
		 * black-holed address cannot use up the whole budget. */
		if (deadline != HTTP_NO_DEADLINE && left > 1 && deadline > now)
			d = now + (deadline - now) / (int64_t)left;
		addr_text(ai->ai_addr, where, sizeof(where));
		r = try_connect(ai, d, &fd, why, sizeof(why));
		if (r == 0)
			break;
		if (r != ERR_TIMEOUT)
			all_timeout = 0;
		str_addf(&tried, "%s%s: %s", tried.len ? "; " : "", where, why);
		if (deadline != HTTP_NO_DEADLINE && time_mono_ms() >= deadline)
			break;
	}
	if (fd < 0) {
		r = err_set(e, all_timeout ? ERR_TIMEOUT : ERR_IO, "cannot connect to %s port %u (%s)",
		    host, port, tried.len ? tried.s : "no address");
		goto out;
	}
	tcp_stream_from_fd(fd, out);
	snprintf(out->peer, sizeof(out->peer), "%s", where);
	r = 0;
out:
	if (res)
		freeaddrinfo(res);
	str_release(&tried);
	return r;
}
