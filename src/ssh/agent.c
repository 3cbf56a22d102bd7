/*
 * agent — ssh-agent client; see agent.h.
 *
 * Protocol (draft-miller-ssh-agent §3, §4.4, §4.5; OpenSSH PROTOCOL.agent):
 * every message is uint32 length || byte type || contents.
 *   SSH_AGENTC_REQUEST_IDENTITIES (11)  -> SSH_AGENT_IDENTITIES_ANSWER (12):
 *       uint32 nkeys, nkeys x { string key blob, string comment }
 *   SSH_AGENTC_SIGN_REQUEST (13): string key blob, string data, uint32 flags
 *                                       -> SSH_AGENT_SIGN_RESPONSE (14): string signature
 *   SSH_AGENT_FAILURE (5) refuses a request. Older agents may answer 30 or 102
 *   for failure (the draft lists them as compatibility codes).
 * Every wait has a deadline (poll(2)); every length read is bounded. After a
 * transport error the stream is out of step, so the connection is closed and
 * later calls fail.
 */
#include "ssh/agent.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/xmalloc.h"
#include "ssh/key.h"

#define SSH_AGENT_FAILURE		5
#define SSH_AGENTC_REQUEST_IDENTITIES	11
#define SSH_AGENT_IDENTITIES_ANSWER	12
#define SSH_AGENTC_SIGN_REQUEST		13
#define SSH_AGENT_SIGN_RESPONSE		14
#define SSH2_AGENT_FAILURE		30
#define SSH_COM_AGENT2_FAILURE		102

#define AGENT_TIMEOUT_MS_DEFAULT	AGENT_TIMEOUT_MS

struct agent {
	int	fd;
	int	timeout_ms;
	int	owns_fd;
};

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
wait_fd(int fd, short events, long long deadline)
{
	struct pollfd pfd;
	long long left;
	int r;

	for (;;) {
		left = deadline - now_ms();
		if (left <= 0)
			return ERR_TIMEOUT;
		pfd.fd = fd;
		pfd.events = events;
		pfd.revents = 0;
		r = poll(&pfd, 1, left > 60000 ? 60000 : (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return ERR_IO;
		if (r > 0)
			return 0;
	}
}

int
agent_from_fd(int fd, struct agent **out)
{
	struct agent *a = xcalloc(1, sizeof(*a));
	int fl = fcntl(fd, F_GETFL);

	/* Non-blocking, so a stalled agent can never hold us past the deadline. */
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	a->fd = fd;
	a->timeout_ms = AGENT_TIMEOUT_MS_DEFAULT;
	a->owns_fd = 1;
	*out = a;
	return 0;
}

int
agent_open(const char *sock_path, struct agent **out, struct errinfo *e)
{
	struct sockaddr_un sa;
	struct timeval tv = { AGENT_TIMEOUT_MS_DEFAULT / 1000, 0 };
	int fd;

	*out = NULL;
	if (sock_path == NULL)
		sock_path = getenv("SSH_AUTH_SOCK");
	if (sock_path == NULL || sock_path[0] == '\0')
		return err_set(e, ERR_NOTFOUND, "no ssh agent: SSH_AUTH_SOCK is not set");
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(sock_path) >= sizeof(sa.sun_path))
		return err_set(e, ERR_RANGE, "ssh agent socket path too long: %s", sock_path);
	memcpy(sa.sun_path, sock_path, strlen(sock_path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return err_set(e, ERR_IO, "ssh agent: socket: %s", strerror(errno));
	/* Linux applies the send timeout to a blocking AF_UNIX connect (full backlog). */
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	while (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		int saved = errno;

		if (saved == EINTR)
			continue;
		close(fd);
		return err_set(e, saved == ENOENT || saved == ECONNREFUSED ? ERR_NOTFOUND :
		    saved == EAGAIN || saved == EINPROGRESS ? ERR_TIMEOUT : ERR_IO,
		    "ssh agent %s: %s", sock_path, strerror(saved));
	}
	return agent_from_fd(fd, out);
}

void
agent_set_timeout(struct agent *a, int ms)
{
	a->timeout_ms = ms > 0 ? ms : AGENT_TIMEOUT_MS_DEFAULT;
}

void
agent_close(struct agent *a)
{
	if (a == NULL)
		return;
	if (a->fd >= 0 && a->owns_fd)
		close(a->fd);
	free(a);
}

int
agent_fd(const struct agent *a)
{
	return a->fd;
}

static void
agent_broken(struct agent *a)
{
	if (a->fd >= 0 && a->owns_fd)
		close(a->fd);
	a->fd = -1;
}

static int
io_error(struct agent *a, int r, struct errinfo *e, const char *what)
{
	agent_broken(a);
	switch (r) {
	case ERR_TIMEOUT:
		return err_set(e, ERR_TIMEOUT, "ssh agent did not answer within %d ms (%s)",
		    a->timeout_ms, what);
	case ERR_CLOSED:
		return err_set(e, ERR_CLOSED, "ssh agent closed the connection (%s)", what);
	case ERR_RANGE:
		return err_set(e, ERR_PROTO, "ssh agent sent an oversized message (%s)", what);
	case ERR_PROTO:
		return err_set(e, ERR_PROTO, "ssh agent sent a malformed message (%s)", what);
	default:
		return err_set(e, ERR_IO, "ssh agent: %s (%s)", strerror(errno), what);
	}
}

static int
write_all(int fd, const uint8_t *p, size_t n, long long deadline)
{
	ssize_t w;
	int r;

	while (n > 0) {
		w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if ((r = wait_fd(fd, POLLOUT, deadline)) != 0)
				return r;
			continue;
		}
		if (w < 0)
			return errno == EPIPE || errno == ECONNRESET ? ERR_CLOSED : ERR_IO;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
read_exact(int fd, uint8_t *p, size_t n, long long deadline)
{
	ssize_t got;
	int r;

	while (n > 0) {
		got = read(fd, p, n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if ((r = wait_fd(fd, POLLIN, deadline)) != 0)
				return r;
			continue;
		}
		if (got < 0)
			return errno == ECONNRESET ? ERR_CLOSED : ERR_IO;
		if (got == 0)
			return ERR_CLOSED;
		p += got;
		n -= (size_t)got;
	}
	return 0;
}

/* Sends req (type || contents, without the length) and reads the reply into resp. */
static int
agent_call(struct agent *a, const struct buf *req, struct buf *resp, const char *what,
    struct errinfo *e)
{
	long long deadline = now_ms() + a->timeout_ms;
	uint8_t hdr[4];
	unsigned char *dst;
	uint32_t len;
	int r;

	if (a->fd < 0)
		return err_set(e, ERR_CLOSED, "ssh agent connection is closed after an earlier error");
	store_be32(hdr, (uint32_t)buf_avail(req));
	if ((r = write_all(a->fd, hdr, 4, deadline)) != 0 ||
	    (r = write_all(a->fd, buf_ptr(req), buf_avail(req), deadline)) != 0)
		return io_error(a, r, e, what);
	if ((r = read_exact(a->fd, hdr, 4, deadline)) != 0)
		return io_error(a, r, e, what);
	len = load_be32(hdr);
	if (len == 0)
		return io_error(a, ERR_PROTO, e, what);
	if (len > AGENT_MAX_MSG)
		return io_error(a, ERR_RANGE, e, what);
	if ((r = buf_reserve(resp, len, &dst)) != 0)
		return io_error(a, ERR_RANGE, e, what);
	if ((r = read_exact(a->fd, dst, len, deadline)) != 0)
		return io_error(a, r, e, what);
	buf_commit(resp, len);
	return 0;
}

static int
is_failure(uint8_t type)
{
	return type == SSH_AGENT_FAILURE || type == SSH2_AGENT_FAILURE ||
	    type == SSH_COM_AGENT2_FAILURE;
}

void
agent_identities_free(struct agent_identity *ids, size_t n)
{
	size_t i;

	if (ids == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(ids[i].blob);
		free(ids[i].comment);
	}
	free(ids);
}

int
agent_parse_identities(const uint8_t *msg, size_t n, struct agent_identity **ids, size_t *nids,
    struct errinfo *e)
{
	struct buf b;
	uint8_t type;
	uint32_t count, i;
	struct agent_identity *v = NULL;
	const unsigned char *blob, *cmt;
	size_t bloblen, cmtlen;
	int r = 0;

	*ids = NULL;
	*nids = 0;
	buf_view(&b, msg, n);
	if (buf_get_u8(&b, &type) != 0)
		return err_set(e, ERR_PROTO, "ssh agent: empty reply");
	if (is_failure(type))
		return err_set(e, ERR_PROTO, "ssh agent refused to list its keys");
	if (type != SSH_AGENT_IDENTITIES_ANSWER)
		return err_set(e, ERR_PROTO, "ssh agent: unexpected reply type %u to a key list request",
		    type);
	if (buf_get_u32(&b, &count) != 0)
		return err_set(e, ERR_PROTO, "ssh agent: malformed key list");
	if (count > AGENT_MAX_IDENTITIES)
		return err_set(e, ERR_PROTO, "ssh agent: %u keys is over the limit of %d", count,
		    AGENT_MAX_IDENTITIES);
	/* Each entry takes at least 8 bytes: do not trust count for the allocation. */
	if ((size_t)count > buf_avail(&b) / 8)
		return err_set(e, ERR_PROTO, "ssh agent: truncated key list");
	v = xcalloc(count ? count : 1, sizeof(*v));
	for (i = 0; i < count; i++) {
		if (buf_get_string_direct(&b, &blob, &bloblen) != 0 ||
		    buf_get_string_direct(&b, &cmt, &cmtlen) != 0) {
			r = err_set(e, ERR_PROTO, "ssh agent: malformed key list entry %u", i + 1);
			goto out;
		}
		if (bloblen == 0 || bloblen > SSHKEY_MAX_BLOB) {
			r = err_set(e, ERR_PROTO, "ssh agent: key %u has a bad size (%zu bytes)", i + 1,
			    bloblen);
			goto out;
		}
		v[i].blob = xmemdup(blob, bloblen);
		v[i].blob_len = bloblen;
		/* Comments are text; stop at an embedded NUL rather than fail. */
		v[i].comment = xstrndup((const char *)cmt, cmtlen);
	}
	if (buf_avail(&b) != 0) {
		r = err_set(e, ERR_PROTO, "ssh agent: trailing data after the key list");
		goto out;
	}
	*ids = v;
	*nids = count;
	v = NULL;
out:
	agent_identities_free(v, count);
	return r;
}

int
agent_list(struct agent *a, struct agent_identity **ids, size_t *n, struct errinfo *e)
{
	struct buf req, resp;
	int r;

	*ids = NULL;
	*n = 0;
	buf_init(&req, 16);
	buf_init(&resp, AGENT_MAX_MSG);
	buf_put_u8(&req, SSH_AGENTC_REQUEST_IDENTITIES);
	if ((r = agent_call(a, &req, &resp, "listing keys", e)) == 0)
		r = agent_parse_identities(buf_ptr(&resp), buf_avail(&resp), ids, n, e);
	buf_release(&req);
	buf_release(&resp);
	return r;
}

int
agent_parse_sign_response(const uint8_t *msg, size_t n, struct buf *sig, struct errinfo *e)
{
	struct buf b, inner;
	uint8_t type;
	const unsigned char *s, *alg, *raw;
	size_t slen, alglen, rawlen;

	buf_view(&b, msg, n);
	if (buf_get_u8(&b, &type) != 0)
		return err_set(e, ERR_PROTO, "ssh agent: empty reply");
	if (is_failure(type))
		return err_set(e, ERR_AUTH, "ssh agent refused to sign (key not held by the agent, "
		    "or confirmation denied)");
	if (type != SSH_AGENT_SIGN_RESPONSE)
		return err_set(e, ERR_PROTO, "ssh agent: unexpected reply type %u to a sign request",
		    type);
	if (buf_get_string_direct(&b, &s, &slen) != 0 || buf_avail(&b) != 0)
		return err_set(e, ERR_PROTO, "ssh agent: malformed signature reply");
	/* The signature itself must be "string alg, string sig" (RFC 4253 §6.6). */
	buf_view(&inner, s, slen);
	if (slen > SSHKEY_MAX_BLOB || buf_get_string_direct(&inner, &alg, &alglen) != 0 ||
	    buf_get_string_direct(&inner, &raw, &rawlen) != 0 || buf_avail(&inner) != 0 ||
	    alglen == 0)
		return err_set(e, ERR_PROTO, "ssh agent: malformed signature blob");
	if (buf_put(sig, s, slen) != 0)
		return err_set(e, ERR_RANGE, "ssh agent: signature does not fit");
	return 0;
}

int
agent_sign(struct agent *a, const uint8_t *blob, size_t blob_len, const uint8_t *data, size_t n,
    uint32_t flags, struct buf *sig, struct errinfo *e)
{
	struct buf req, resp;
	int r;

	if (blob_len > SSHKEY_MAX_BLOB || n > AGENT_MAX_MSG - SSHKEY_MAX_BLOB - 64)
		return err_set(e, ERR_RANGE, "ssh agent: sign request too large");
	buf_init(&req, AGENT_MAX_MSG);
	buf_init(&resp, AGENT_MAX_MSG);
	if ((r = buf_put_u8(&req, SSH_AGENTC_SIGN_REQUEST)) != 0 ||
	    (r = buf_put_string(&req, blob, blob_len)) != 0 ||
	    (r = buf_put_string(&req, data, n)) != 0 || (r = buf_put_u32(&req, flags)) != 0) {
		r = err_set(e, ERR_RANGE, "ssh agent: sign request too large");
		goto out;
	}
	if ((r = agent_call(a, &req, &resp, "signing", e)) != 0)
		goto out;
	r = agent_parse_sign_response(buf_ptr(&resp), buf_avail(&resp), sig, e);
out:
	buf_release(&req);
	buf_release(&resp);
	return r;
}
