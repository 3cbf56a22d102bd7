/*
 * t_ssh_engine — the whole client engine (transport + publickey auth + channels)
 * against a scripted server written here on top of the server-role transport.
 *
 * The server checks the client's publickey signature for real (RFC 4252 §7),
 * grants a small window with a small maximum packet to the client (so that the
 * client's flow control is exercised), streams 3 MiB to the client (so that the
 * client must re-open its window, RFC 4254 §5.2), sends stderr, exit-status,
 * EOF and CLOSE, and sends keepalives that the client must refuse.
 */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "ssh/engine.h"
#include "ssh/key.h"

static const char user_key[] =
"-----BEGIN OPENSSH PRIVATE KEY-----\n"
"b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
"QyNTUxOQAAACB9zAK5DeAyMAtuh7P7UFGyv8C6DHRxZNKPnXbpsqNbzQAAAJjDbcSKw23E\n"
"igAAAAtzc2gtZWQyNTUxOQAAACB9zAK5DeAyMAtuh7P7UFGyv8C6DHRxZNKPnXbpsqNbzQ\n"
"AAAEAvmrC+nF6Bx/Ma1a2a1Z9i24dMTTwy2dYl0c82gRJR/H3MArkN4DIwC26Hs/tQUbK/\n"
"wLoMdHFk0o+ddumyo1vNAAAADnVuaXQtdGVzdC1ob3N0AQIDBAUGBw==\n"
"-----END OPENSSH PRIVATE KEY-----\n";

#define SRV_WINDOW	1000	/* what the server lets the client send at a time */
#define SRV_MAXPKT	300
#define DOWN_BYTES	(3u * 1024 * 1024)

struct srv_chan {
	uint32_t	client_id;
	uint64_t	client_window;	/* what we may still send to the client */
	uint32_t	granted;	/* our window: received since last adjust */
	size_t		received;
	size_t		down_sent;
	int		eof_got;
	int		exec_ok;
	int		closed;
};

struct world {
	struct ssh_engine	 en;
	struct ssh_transport	 s;
	struct sshkey		*key;
	struct auth_identity	 id;
	int			 auth_ok;
	int			 bad_packets;	/* client sent more than the window or max packet */
	int			 keepalive_refusals;
	struct srv_chan		 sch[4];
	int			 nsch;
	/* client side observations */
	struct buf		 out[4], err[4];
	int			 exit_status[4];
	int			 closed[4];
	int			 opened[4];
	size_t			 up_sent[4];
	struct ssh_chan		*ch[4];
};

static int
sign_cb(void *arg, const struct auth_identity *id, const char *alg, const uint8_t *d, size_t n,
    struct buf *sig, struct errinfo *e)
{
	(void)arg;
	return sshkey_sign(id->key, alg, d, n, sig, e);
}

static void
srv_send(struct world *w, struct buf *b)
{
	transport_send(&w->s, buf_ptr(b), buf_avail(b));
	buf_reset(b);
}

/* Sends the client as much of the 3 MiB download as its window allows. */
static void
srv_push_down(struct world *w, struct srv_chan *c)
{
	struct buf b;
	uint8_t chunk[16384];
	size_t k;

	buf_init(&b, 0);
	while (c->exec_ok && c->down_sent < DOWN_BYTES && c->client_window > 0) {
		k = sizeof(chunk);
		if (k > DOWN_BYTES - c->down_sent)
			k = DOWN_BYTES - c->down_sent;
		if (k > c->client_window)
			k = (size_t)c->client_window;
		memset(chunk, (int)('a' + (c->down_sent / 16384) % 26), k);
		buf_put_u8(&b, 94);
		buf_put_u32(&b, c->client_id);
		buf_put_string(&b, chunk, k);
		srv_send(w, &b);
		c->down_sent += k;
		c->client_window -= k;
	}
	if (c->exec_ok && c->down_sent == DOWN_BYTES && c->eof_got && !c->closed) {
		buf_put_u8(&b, 95);
		buf_put_u32(&b, c->client_id);
		buf_put_u32(&b, 1);
		buf_put_cstring(&b, "warning: done\n");
		srv_send(w, &b);
		buf_put_u8(&b, 98);
		buf_put_u32(&b, c->client_id);
		buf_put_cstring(&b, "exit-status");
		buf_put_u8(&b, 0);
		buf_put_u32(&b, 7);
		srv_send(w, &b);
		buf_put_u8(&b, 96);
		buf_put_u32(&b, c->client_id);
		srv_send(w, &b);
		buf_put_u8(&b, 97);
		buf_put_u32(&b, c->client_id);
		srv_send(w, &b);
		c->closed = 1;
	}
	buf_release(&b);
}

static void
srv_handle(struct world *w, const uint8_t *p, size_t n)
{
	struct buf in, b;
	uint8_t type = p[0], want, has_sig;
	const unsigned char *s1, *s2, *s3, *s4, *alg, *blob, *sig;
	size_t l1, l2, l3, l4, la, lb, ls, signed_len;
	uint32_t id, v1, v2;

	buf_view(&in, p, n);
	buf_consume(&in, 1);
	buf_init(&b, 0);
	switch (type) {
	case 5:	/* SERVICE_REQUEST */
		buf_put_u8(&b, 6);
		buf_put_cstring(&b, "ssh-userauth");
		srv_send(w, &b);
		break;
	case 50: {	/* USERAUTH_REQUEST */
		struct buf data;
		struct errinfo e;
		struct sshkey *k = NULL;

		buf_get_string_direct(&in, &s1, &l1);	/* user */
		buf_get_string_direct(&in, &s2, &l2);	/* service */
		buf_get_string_direct(&in, &s3, &l3);	/* method */
		buf_get_u8(&in, &has_sig);
		buf_get_string_direct(&in, &alg, &la);
		buf_get_string_direct(&in, &blob, &lb);
		signed_len = n - buf_avail(&in);
		buf_get_string_direct(&in, &sig, &ls);
		/* RFC 4252 §7: verify over session_id || the request without the signature. */
		buf_init(&data, 0);
		buf_put_string(&data, w->s.session_id, w->s.session_id_len);
		buf_put(&data, p, signed_len);
		err_clear(&e);
		if (l3 == 9 && memcmp(s3, "publickey", 9) == 0 && has_sig &&
		    sshkey_from_blob(blob, lb, &k, &e) == 0 &&
		    sshkey_verify(k, sig, ls, buf_ptr(&data), buf_avail(&data), "ssh-ed25519", &e) == 0) {
			w->auth_ok = 1;
			buf_put_u8(&b, 52);
		} else {
			buf_put_u8(&b, 51);
			buf_put_cstring(&b, "publickey");
			buf_put_u8(&b, 0);
		}
		srv_send(w, &b);
		sshkey_free(k);
		buf_release(&data);
		/* A global keepalive the client must refuse. */
		buf_put_u8(&b, 80);
		buf_put_cstring(&b, "keepalive@openssh.com");
		buf_put_u8(&b, 1);
		srv_send(w, &b);
		break;
	}
	case 82:	/* REQUEST_FAILURE: our keepalive refused */
		w->keepalive_refusals++;
		break;
	case 90: {	/* CHANNEL_OPEN session */
		struct srv_chan *c = &w->sch[w->nsch];

		buf_get_string_direct(&in, &s1, &l1);
		buf_get_u32(&in, &c->client_id);
		buf_get_u32(&in, &v1);
		buf_get_u32(&in, &v2);
		c->client_window = v1;
		buf_put_u8(&b, 91);
		buf_put_u32(&b, c->client_id);
		buf_put_u32(&b, (uint32_t)(100 + w->nsch));
		buf_put_u32(&b, SRV_WINDOW);
		buf_put_u32(&b, SRV_MAXPKT);
		srv_send(w, &b);
		w->nsch++;
		break;
	}
	default:
		if (type < 93 || type > 100)
			break;
		buf_get_u32(&in, &id);
		if (id < 100 || id >= 100 + (uint32_t)w->nsch)
			break;
		{
			struct srv_chan *c = &w->sch[id - 100];

			if (type == 98) {	/* exec */
				buf_get_string_direct(&in, &s4, &l4);
				buf_get_u8(&in, &want);
				c->exec_ok = 1;
				buf_put_u8(&b, 99);
				buf_put_u32(&b, c->client_id);
				srv_send(w, &b);
				/* A channel keepalive the client must refuse. */
				buf_put_u8(&b, 98);
				buf_put_u32(&b, c->client_id);
				buf_put_cstring(&b, "keepalive@openssh.com");
				buf_put_u8(&b, 1);
				srv_send(w, &b);
			} else if (type == 100) {
				w->keepalive_refusals++;
			} else if (type == 93) {
				buf_get_u32(&in, &v1);
				c->client_window += v1;
			} else if (type == 94) {
				buf_get_string_direct(&in, &s4, &l4);
				if (l4 > SRV_MAXPKT || c->received + l4 - c->granted > SRV_WINDOW)
					w->bad_packets++;
				c->received += l4;
				/* Re-open our window once it is used up. */
				if (c->received - c->granted == SRV_WINDOW) {
					c->granted += SRV_WINDOW;
					buf_put_u8(&b, 93);
					buf_put_u32(&b, c->client_id);
					buf_put_u32(&b, SRV_WINDOW);
					srv_send(w, &b);
				}
			} else if (type == 96) {
				c->eof_got = 1;
			}
			srv_push_down(w, c);
		}
		break;
	}
	buf_release(&b);
}

static void
pump(struct world *w)
{
	const uint8_t *q;
	size_t n;
	int moved, guard = 0;

	do {
		moved = 0;
		while ((n = engine_output_len(&w->en)) > 0) {
			transport_feed(&w->s, engine_output_ptr(&w->en), n);
			engine_output_done(&w->en, n);
			while (transport_read(&w->s, &q, &n) == 0)
				srv_handle(w, q, n);
			moved = 1;
		}
		while ((n = transport_output_len(&w->s)) > 0) {
			/* In reads of at most 64 KiB, as a socket would deliver them. */
			if (n > 65536)
				n = 65536;
			engine_feed(&w->en, transport_output_ptr(&w->s), n);
			transport_output_done(&w->s, n);
			engine_step(&w->en);
			moved = 1;
		}
	} while (moved && ++guard < 100000 && w->en.state != ENGINE_DEAD);
}

static int
chan_index(struct world *w, struct ssh_chan *c)
{
	int i;

	for (i = 0; i < 4; i++)
		if (w->ch[i] == c)
			return i;
	return 0;
}

static struct world *W;

static void
c_open(void *arg, struct ssh_chan *c, int ok, uint32_t reason, const char *msg)
{
	struct buf b;

	(void)arg; (void)reason; (void)msg;
	W->opened[chan_index(W, c)] = ok;
	buf_init(&b, 0);
	buf_put_cstring(&b, "cat");
	chan_request(c, "exec", 1, buf_ptr(&b), buf_avail(&b));
	buf_release(&b);
}

static void
c_pump_up(struct ssh_chan *c)
{
	int i = chan_index(W, c);
	uint8_t up[5000];
	long k;

	memset(up, 'u', sizeof(up));
	if (W->up_sent[i] < sizeof(up)) {
		k = chan_write(c, 0, up + W->up_sent[i], sizeof(up) - W->up_sent[i]);
		if (k > 0)
			W->up_sent[i] += (size_t)k;
	}
	if (W->up_sent[i] == sizeof(up))
		chan_send_eof(c);
}

static void
c_reply(void *arg, struct ssh_chan *c, int ok)
{
	(void)arg;
	if (ok)
		c_pump_up(c);
}

static void
c_writable(void *arg, struct ssh_chan *c)
{
	(void)arg;
	c_pump_up(c);
}

static void
c_data(void *arg, struct ssh_chan *c, int stream, const uint8_t *p, size_t n)
{
	int i = chan_index(W, c);

	(void)arg;
	buf_put(stream ? &W->err[i] : &W->out[i], p, n);
}

static void
c_request(void *arg, struct ssh_chan *c, const char *type, const uint8_t *p, size_t n)
{
	struct buf b;
	uint32_t v;

	(void)arg;
	buf_view(&b, p, n);
	if (strcmp(type, "exit-status") == 0 && buf_get_u32(&b, &v) == 0)
		W->exit_status[chan_index(W, c)] = (int)v;
}

static void
c_close(void *arg, struct ssh_chan *c)
{
	(void)arg;
	W->closed[chan_index(W, c)] = 1;
}

static const struct chan_ops cops = {
	.on_open = c_open, .on_data = c_data, .on_request = c_request, .on_reply = c_reply,
	.on_writable = c_writable, .on_close = c_close,
};

static int
world_init(struct world *w)
{
	struct engine_config ec;
	struct transport_config sc;
	struct errinfo e;
	int i;

	memset(w, 0, sizeof(*w));
	err_clear(&e);
	if (sshkey_parse_private((const uint8_t *)user_key, strlen(user_key), NULL, &w->key, NULL, &e) != 0)
		return -1;
	w->id.key = w->key;
	{
		struct buf b;

		buf_init(&b, 0);
		sshkey_to_blob(w->key, &b);
		w->id.blob = malloc(buf_avail(&b));
		memcpy(w->id.blob, buf_ptr(&b), buf_avail(&b));
		w->id.blob_len = buf_avail(&b);
		buf_release(&b);
	}
	w->id.label = (char *)"test key";
	memset(&ec, 0, sizeof(ec));
	ec.user = "deploy";
	ec.ids = &w->id;
	ec.nids = 1;
	ec.sign = sign_cb;
	memset(&sc, 0, sizeof(sc));
	sc.server = 1;
	sc.server_key = w->key;	/* the same key serves as host key */
	sc.server_sig_algs = "ssh-ed25519";
	if (engine_init(&w->en, &ec, &e) != 0 || transport_init(&w->s, &sc, &e) != 0)
		return -1;
	for (i = 0; i < 4; i++) {
		buf_init(&w->out[i], 0);
		buf_init(&w->err[i], 0);
		w->exit_status[i] = -1;
	}
	W = w;
	return 0;
}

static void
world_release(struct world *w)
{
	int i;

	engine_release(&w->en);
	transport_release(&w->s);
	sshkey_free(w->key);
	free(w->id.blob);
	for (i = 0; i < 4; i++) {
		buf_release(&w->out[i]);
		buf_release(&w->err[i]);
	}
}

TEST(ssh_engine_auth_exec_flow_control)
{
	struct world *w = calloc(1, sizeof(*w));
	struct errinfo e;
	size_t i;
	int k;

	CHECK_OK(world_init(w));
	CHECK_OK(engine_start(&w->en));
	CHECK_OK(transport_start(&w->s));
	pump(w);
	CHECK_EQ_INT(w->en.state, ENGINE_READY);
	CHECK(w->auth_ok);
	CHECK_STR_EQ(w->en.auth.last_alg, "ssh-ed25519");
	/* Two sessions at once on the one connection. */
	for (k = 0; k < 2; k++)
		CHECK_OK(chan_open(&w->en.mux, "session", NULL, 0, &cops, NULL, &w->ch[k], &e));
	pump(w);
	if (w->en.state == ENGINE_DEAD) {
		harness_fail(t__, __FILE__, __LINE__, "engine died: %s (server: %s)", w->en.err.msg, w->s.err.msg);
		return;
	}
	for (k = 0; k < 2; k++) {
		CHECK(w->opened[k]);
		CHECK_EQ_INT(w->up_sent[k], 5000);
		CHECK_EQ_INT(w->sch[k].received, 5000);
		CHECK(w->sch[k].eof_got);
		CHECK_EQ_INT(buf_avail(&w->out[k]), DOWN_BYTES);
		for (i = 0; i < DOWN_BYTES; i += 16384)
			CHECK_EQ_INT(buf_ptr(&w->out[k])[i], 'a' + (i / 16384) % 26);
		CHECK_EQ_INT(buf_avail(&w->err[k]), 14);
		CHECK_MEM_EQ(buf_ptr(&w->err[k]), "warning: done\n", 14);
		CHECK_EQ_INT(w->exit_status[k], 7);
		CHECK(w->closed[k]);
	}
	CHECK_EQ_INT(w->bad_packets, 0);
	/* One global and two channel keepalives, all refused. */
	CHECK_EQ_INT(w->keepalive_refusals, 3);
	CHECK_EQ_INT(w->en.mux.open, 0);
	world_release(w);
	free(w);
}

TEST(ssh_engine_auth_refused)
{
	struct world *w = calloc(1, sizeof(*w));

	CHECK_OK(world_init(w));
	/* The server will not accept a signature made over the wrong data: corrupt our session id view. */
	CHECK_OK(engine_start(&w->en));
	CHECK_OK(transport_start(&w->s));
	w->id.blob[w->id.blob_len - 1] ^= 1;	/* offer a key the signature does not match */
	pump(w);
	CHECK_EQ_INT(w->en.state, ENGINE_DEAD);
	CHECK_EQ_INT(w->en.err.code, ERR_AUTH);
	CHECK(strstr(w->en.err.msg, "Permission denied (publickey)") != NULL);
	world_release(w);
	free(w);
}

TEST(ssh_engine_unknown_message_answered)
{
	struct world *w = calloc(1, sizeof(*w));
	uint8_t ping[5] = { 192, 0, 0, 0, 0 };
	const uint8_t *q;
	size_t n;
	int unimpl = 0;

	CHECK_OK(world_init(w));
	CHECK_OK(engine_start(&w->en));
	CHECK_OK(transport_start(&w->s));
	pump(w);
	CHECK_EQ_INT(w->en.state, ENGINE_READY);
	/* An unknown message (PING, 192, which we never asked for) gets UNIMPLEMENTED, not a disconnect. */
	CHECK_OK(transport_send(&w->s, ping, sizeof(ping)));
	n = transport_output_len(&w->s);
	engine_feed(&w->en, transport_output_ptr(&w->s), n);
	transport_output_done(&w->s, n);
	CHECK_OK(engine_step(&w->en));
	CHECK_EQ_INT(w->en.state, ENGINE_READY);
	n = engine_output_len(&w->en);
	CHECK(n > 0);
	transport_feed(&w->s, engine_output_ptr(&w->en), n);
	engine_output_done(&w->en, n);
	/* The server transport consumes UNIMPLEMENTED itself; it must still be alive. */
	while (transport_read(&w->s, &q, &n) == 0)
		unimpl++;
	CHECK(!w->s.dead);
	CHECK_EQ_INT(unimpl, 0);
	world_release(w);
	free(w);
}
