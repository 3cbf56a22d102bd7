/*
 * The client over the stream interface, with a custom dialer (what an SSH
 * direct-tcpip transport plugs into): a thread plays the server on a
 * socketpair with canned bytes. No network.
 */
#include "harness.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/err.h"
#include "core/str.h"
#include "http/client.h"
#include "http/tcp.h"

struct peer {
	int		 fd;
	const char	*replies[4];	/* one per request; NULL: close */
	char		 got[4096];	/* requests as received */
	size_t		 gotn;
};

static void *
serve(void *arg)
{
	struct peer *p = arg;
	int i;

	for (i = 0; i < 4 && p->replies[i]; i++) {
		/* Read one request head (these tests send no bodies). */
		size_t start = p->gotn;

		for (;;) {
			ssize_t k = read(p->fd, p->got + p->gotn, 1);

			if (k <= 0)
				goto out;
			p->gotn += (size_t)k;
			if (p->gotn - start >= 4 && memcmp(p->got + p->gotn - 4, "\r\n\r\n", 4) == 0)
				break;
			if (p->gotn >= sizeof(p->got) - 1)
				goto out;
		}
		if (p->replies[i][0] == '\0')
			usleep(300 * 1000);	/* a silent peer */
		if (send(p->fd, p->replies[i], strlen(p->replies[i]), MSG_NOSIGNAL) < 0)
			goto out;
	}
out:
	close(p->fd);
	return NULL;
}

struct dialer {
	struct peer	peer;
	pthread_t	th;
	int		dials;
	char		host[64];
	unsigned	port;
};

static int
dial_pair(void *arg, const char *host, unsigned port, int64_t deadline, struct http_stream *out,
    struct errinfo *e)
{
	struct dialer *d = arg;
	int sv[2];

	if (d->dials++ > 0)
		return err_set(e, ERR_IO, "test dialer: only one connection");
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		return err_set(e, ERR_IO, "socketpair");
	snprintf(d->host, sizeof(d->host), "%s", host);
	d->port = port;
	d->peer.fd = sv[1];
	pthread_create(&d->th, NULL, serve, &d->peer);
	tcp_stream_from_fd(sv[0], out);
	snprintf(out->peer, sizeof(out->peer), "pair");
	return 0;
}

TEST(http_client_custom_dialer_keepalive)
{
	struct dialer d;
	struct http_client c;
	struct http_request req;
	struct http_response resp;
	struct http_headers h;
	struct errinfo e;

	memset(&d, 0, sizeof(d));
	d.peer.replies[0] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nup";
	d.peer.replies[1] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n";
	http_client_init(&c);
	http_client_set_dialer(&c, dial_pair, &d);
	http_headers_init(&h);
	http_headers_add(&h, "Accept", "*/*");
	http_response_init(&resp);
	http_request_init(&req, "GET", "http://app.internal:8080/up");
	req.headers = &h;
	req.host_header = "app.example.com";
	req.timeout_ms = 5000;
	CHECK_OK(http_client_do(&c, &req, &resp, &e));
	CHECK_EQ_INT(resp.status, 200);
	CHECK_MEM_EQ(buf_ptr(&resp.body), "up", 2);
	CHECK_STR_EQ(d.host, "app.internal");
	CHECK_EQ_INT(d.port, 8080);
	CHECK(!resp.reused);
	http_request_init(&req, "HEAD", "http://app.internal:8080/second");
	req.method = "GET";
	req.timeout_ms = 5000;
	CHECK_OK(http_client_do(&c, &req, &resp, &e));
	CHECK(resp.reused);
	CHECK_MEM_EQ(buf_ptr(&resp.body), "ok", 2);
	CHECK_EQ_INT(c.dials, 1);
	CHECK_EQ_INT(c.reuses, 1);
	http_client_release(&c);
	pthread_join(d.th, NULL);
	d.peer.got[d.peer.gotn] = '\0';
	CHECK_STR_EQ(d.peer.got,
	    "GET /up HTTP/1.1\r\nHost: app.example.com\r\nAccept: */*\r\nUser-Agent: sextant\r\n\r\n"
	    "GET /second HTTP/1.1\r\nHost: app.internal:8080\r\nUser-Agent: sextant\r\n\r\n");
	http_response_release(&resp);
	http_headers_release(&h);
}

TEST(http_client_first_byte_deadline_on_silent_peer)
{
	struct dialer d;
	struct http_client c;
	struct http_request req;
	struct http_response resp;
	struct errinfo e;

	memset(&d, 0, sizeof(d));
	d.peer.replies[0] = "";	/* reads the request, answers nothing, then closes */
	http_client_init(&c);
	http_client_set_dialer(&c, dial_pair, &d);
	http_response_init(&resp);
	http_request_init(&req, "GET", "http://x/");
	req.first_byte_timeout_ms = 100;
	CHECK_EQ_INT(http_client_do(&c, &req, &resp, &e), ERR_TIMEOUT);
	CHECK(strstr(e.msg, "no response within 100 ms") != NULL);
	CHECK(strstr(e.msg, "GET http://x/") != NULL);
	http_client_release(&c);
	pthread_join(d.th, NULL);
	http_response_release(&resp);
}

TEST(http_client_dial_error_reported)
{
	struct dialer d;
	struct http_client c;
	struct http_request req;
	struct http_response resp;
	struct errinfo e;

	memset(&d, 0, sizeof(d));
	d.dials = 1;	/* the dialer refuses */
	http_client_init(&c);
	http_client_set_dialer(&c, dial_pair, &d);
	http_response_init(&resp);
	http_request_init(&req, "GET", "http://x:81/a");
	CHECK_EQ_INT(http_client_do(&c, &req, &resp, &e), ERR_IO);
	CHECK_STR_EQ(e.msg, "GET http://x:81/a: test dialer: only one connection");
	http_client_release(&c);
	http_response_release(&resp);
}
