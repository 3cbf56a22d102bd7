/*
 * t_ssh_reach — the pieces of issue 7 that need no server: the channel layer's
 * global-request replies, peer-opened channels and reader-driven windows (driven
 * with hand-made packets; what we send is read back from the transport's
 * pre-KEX queue), -L/-R argument parsing, pty-req terminal modes, jump-host
 * sharing keys, and destinations resolved hop by hop from ssh_config.
 */
#include "harness.h"

#include <stdlib.h>
#include <string.h>
#include <termios.h>

#include "core/buf.h"
#include "core/err.h"
#include "ssh/channel.h"
#include "ssh/client_int.h"
#include "ssh/forward.h"
#include "ssh/sshdest.h"
#include "ssh/transport.h"
#include "sshtest.h"

struct rig {
	struct ssh_transport	t;
	struct ssh_chanmux	m;
	size_t			seen;	/* queue bytes already read back */
};

static void
rig_init(struct rig *r)
{
	struct transport_config tc;
	struct errinfo e;

	memset(r, 0, sizeof(*r));
	memset(&tc, 0, sizeof(tc));
	err_clear(&e);
	transport_init(&r->t, &tc, &e);
	chanmux_init(&r->m, &r->t);
}

static void
rig_release(struct rig *r)
{
	chanmux_release(&r->m);
	transport_release(&r->t);
}

/* The next message we sent, or NULL; *n its length. */
static const uint8_t *
rig_sent(struct rig *r, size_t *n)
{
	const uint8_t *q = buf_ptr(&r->t.queue);
	uint32_t len;

	if (r->seen + 4 > buf_avail(&r->t.queue))
		return NULL;
	len = load_be32(q + r->seen);
	*n = len;
	r->seen += 4 + len;
	return q + r->seen - len;
}

static int
rig_feed(struct rig *r, const struct buf *b)
{
	struct errinfo e;

	err_clear(&e);
	return chanmux_handle(&r->m, buf_ptr(b), buf_avail(b), &e);
}

static int replies[8], nreplies;
static uint32_t reply_port;

static void
on_reply(void *arg, int ok, const uint8_t *p, size_t n)
{
	struct buf b;

	replies[nreplies++] = ok * 10 + (int)(intptr_t)arg;
	buf_view(&b, p, n);
	if (ok > 0 && n >= 4)
		buf_get_u32(&b, &reply_port);
}

TEST(ssh_reach_global_replies_in_order)
{
	struct rig r;
	struct buf b;
	const uint8_t *m;
	size_t n;

	rig_init(&r);
	nreplies = 0;
	CHECK_OK(chanmux_global_request(&r.m, "keepalive@openssh.com", NULL, 0, on_reply, (void *)1));
	CHECK_OK(chanmux_global_request(&r.m, "tcpip-forward", (const uint8_t *)"\0\0\0\0\0\0\0\0", 8, on_reply,
	    (void *)2));
	CHECK_OK(chanmux_global_request(&r.m, "no-reply", NULL, 0, NULL, NULL));
	CHECK_OK(chanmux_global_request(&r.m, "third", NULL, 0, on_reply, (void *)3));
	m = rig_sent(&r, &n);
	CHECK(m != NULL && m[0] == SSH_MSG_GLOBAL_REQUEST);
	/* string "keepalive@openssh.com", want_reply = 1 */
	CHECK_EQ_INT(n, 1 + 4 + 21 + 1);
	CHECK_EQ_INT(m[n - 1], 1);
	rig_sent(&r, &n);
	m = rig_sent(&r, &n);
	CHECK_EQ_INT(m[n - 1], 0);	/* no callback: no reply asked for */
	/* RFC 4254 §4: replies in request order; §7.1: SUCCESS carries the bound port. */
	buf_init(&b, 0);
	buf_put_u8(&b, SSH_MSG_REQUEST_FAILURE);
	CHECK_OK(rig_feed(&r, &b));
	buf_reset(&b);
	buf_put_u8(&b, SSH_MSG_REQUEST_SUCCESS);
	buf_put_u32(&b, 40123);
	CHECK_OK(rig_feed(&r, &b));
	CHECK_EQ_INT(nreplies, 2);
	CHECK_EQ_INT(replies[0], 1);
	CHECK_EQ_INT(replies[1], 12);
	CHECK_EQ_INT(reply_port, 40123);
	/* The third waiter is told the connection went away. */
	chanmux_global_forget(&r.m, (void *)99);
	rig_release(&r);
	CHECK_EQ_INT(nreplies, 3);
	CHECK_EQ_INT(replies[2], -10 + 3);
	/* A reply to nothing is a protocol error. */
	rig_init(&r);
	buf_reset(&b);
	buf_put_u8(&b, SSH_MSG_REQUEST_SUCCESS);
	CHECK(rig_feed(&r, &b) == ERR_PROTO);
	buf_release(&b);
	rig_release(&r);
}

static struct ssh_chan *accepted;
static size_t got_data;

static void
acc_data(void *arg, struct ssh_chan *c, int stream, const uint8_t *p, size_t n)
{
	got_data += n;
}

static void
acc_close(void *arg, struct ssh_chan *c)
{
	accepted = NULL;
}

static const struct chan_ops acc_ops = { .on_data = acc_data, .on_close = acc_close };

static int
open_handler(void *arg, struct ssh_chanmux *m, const struct chan_open_req *req)
{
	struct errinfo e;

	if (strcmp(req->type, "forwarded-tcpip") != 0)
		return -1;
	err_clear(&e);
	if (chan_accept(m, req->sender, req->window, req->max_packet, &acc_ops, NULL, &accepted, &e) != 0)
		return -1;
	chan_set_manual_window(accepted);
	return 0;
}

static void
put_open(struct buf *b, const char *type, uint32_t sender)
{
	buf_reset(b);
	buf_put_u8(b, SSH_MSG_CHANNEL_OPEN);
	buf_put_cstring(b, type);
	buf_put_u32(b, sender);
	buf_put_u32(b, 1 << 20);
	buf_put_u32(b, 32768);
	buf_put_cstring(b, "127.0.0.1");
	buf_put_u32(b, 8080);
	buf_put_cstring(b, "10.0.0.9");
	buf_put_u32(b, 5555);
}

TEST(ssh_reach_peer_opens_and_manual_window)
{
	struct rig r;
	struct buf b, d;
	const uint8_t *m;
	size_t n, i;
	uint8_t chunk[CHAN_MAX_PACKET];
	struct buf in;
	uint32_t v;

	rig_init(&r);
	buf_init(&b, 0);
	buf_init(&d, 0);
	/* Without a handler: refused, reason 3 (unknown channel type). */
	put_open(&b, "forwarded-tcpip", 7);
	CHECK_OK(rig_feed(&r, &b));
	m = rig_sent(&r, &n);
	CHECK(m && m[0] == SSH_MSG_CHANNEL_OPEN_FAILURE);
	CHECK_EQ_INT(load_be32(m + 1), 7);
	CHECK_EQ_INT(load_be32(m + 5), 3);
	chanmux_set_open_handler(&r.m, open_handler, NULL);
	put_open(&b, "x11", 8);
	CHECK_OK(rig_feed(&r, &b));
	m = rig_sent(&r, &n);
	CHECK(m && m[0] == SSH_MSG_CHANNEL_OPEN_FAILURE && load_be32(m + 5) == 1);
	put_open(&b, "forwarded-tcpip", 9);
	CHECK_OK(rig_feed(&r, &b));
	CHECK(accepted != NULL);
	m = rig_sent(&r, &n);
	CHECK(m && m[0] == SSH_MSG_CHANNEL_OPEN_CONFIRMATION);
	buf_view(&in, m + 1, n - 1);
	buf_get_u32(&in, &v);
	CHECK_EQ_INT(v, 9);			/* recipient: their id */
	buf_get_u32(&in, &v);
	CHECK_EQ_INT(v, accepted->local_id);	/* sender: ours */
	buf_get_u32(&in, &v);
	CHECK_EQ_INT(v, CHAN_WINDOW);
	CHECK_EQ_INT(accepted->remote_window, 1 << 20);
	/* Reader-driven window: a full window of data, consumed by nobody, gets no adjust. */
	memset(chunk, 'x', sizeof(chunk));
	got_data = 0;
	for (i = 0; i < CHAN_WINDOW / sizeof(chunk); i++) {
		buf_reset(&d);
		buf_put_u8(&d, SSH_MSG_CHANNEL_DATA);
		buf_put_u32(&d, accepted->local_id);
		buf_put_string(&d, chunk, sizeof(chunk));
		CHECK_OK(rig_feed(&r, &d));
	}
	CHECK_EQ_INT(got_data, CHAN_WINDOW);
	CHECK(rig_sent(&r, &n) == NULL);
	CHECK_EQ_INT(accepted->local_window, 0);
	/* One byte more than the window is the peer's fault. */
	buf_reset(&d);
	buf_put_u8(&d, SSH_MSG_CHANNEL_DATA);
	buf_put_u32(&d, accepted->local_id);
	buf_put_string(&d, chunk, 1);
	CHECK(rig_feed(&r, &d) == ERR_PROTO);
	/* Consuming less than half re-opens nothing; reaching half sends one adjust. */
	CHECK_OK(chan_consumed(accepted, CHAN_WINDOW / 2 - 1));
	CHECK(rig_sent(&r, &n) == NULL);
	CHECK_OK(chan_consumed(accepted, 1));
	m = rig_sent(&r, &n);
	CHECK(m && m[0] == SSH_MSG_CHANNEL_WINDOW_ADJUST);
	CHECK_EQ_INT(load_be32(m + 5), CHAN_WINDOW / 2);
	CHECK_EQ_INT(accepted->local_window, CHAN_WINDOW / 2);
	buf_release(&b);
	buf_release(&d);
	rig_release(&r);
	CHECK(accepted == NULL);	/* on_close ran at release */
}

TEST(ssh_reach_detached_channel_closes_when_it_opens)
{
	struct rig r;
	struct ssh_chan *c;
	struct errinfo e;
	struct buf b;
	const uint8_t *m;
	size_t n;

	rig_init(&r);
	err_clear(&e);
	CHECK_OK(chan_open(&r.m, "direct-tcpip", NULL, 0, &acc_ops, NULL, &c, &e));
	rig_sent(&r, &n);
	chan_detach(c);
	CHECK_OK(chan_close(c));	/* still opening: nothing to send yet */
	CHECK(rig_sent(&r, &n) == NULL);
	buf_init(&b, 0);
	buf_put_u8(&b, SSH_MSG_CHANNEL_OPEN_CONFIRMATION);
	buf_put_u32(&b, c->local_id);
	buf_put_u32(&b, 77);
	buf_put_u32(&b, 1000);
	buf_put_u32(&b, 1000);
	CHECK_OK(rig_feed(&r, &b));
	m = rig_sent(&r, &n);
	CHECK(m && m[0] == SSH_MSG_CHANNEL_CLOSE && load_be32(m + 1) == 77);
	buf_release(&b);
	rig_release(&r);
}

TEST(ssh_reach_forward_specs)
{
	struct ssh_fwd_spec s;
	struct errinfo e;
	char *st = NULL;

	err_clear(&e);
	CHECK_OK(ssh_fwd_parse("8080:127.0.0.1:80", &s, &st, &e));
	CHECK(s.listen_host == NULL && s.listen_port == 8080 && s.connect_port == 80);
	CHECK_STR_EQ(s.connect_host, "127.0.0.1");
	free(st);
	CHECK_OK(ssh_fwd_parse("0.0.0.0:8080:[::1]:80", &s, &st, &e));
	CHECK_STR_EQ(s.listen_host, "0.0.0.0");
	CHECK_STR_EQ(s.connect_host, "::1");
	free(st);
	CHECK_OK(ssh_fwd_parse("[::1]:2000:db:5432", &s, &st, &e));
	CHECK_STR_EQ(s.listen_host, "::1");
	CHECK_EQ_INT(s.listen_port, 2000);
	free(st);
	CHECK_OK(ssh_fwd_parse("2375:/var/run/docker.sock", &s, &st, &e));
	CHECK(s.listen_port == 2375 && s.connect_path && strcmp(s.connect_path, "/var/run/docker.sock") == 0);
	free(st);
	CHECK_OK(ssh_fwd_parse("/tmp/l.sock:/var/run/docker.sock", &s, &st, &e));
	CHECK_STR_EQ(s.listen_path, "/tmp/l.sock");
	free(st);
	CHECK_OK(ssh_fwd_parse("/tmp/l.sock:web:80", &s, &st, &e));
	CHECK(s.listen_path && s.connect_host && s.connect_port == 80);
	free(st);
	CHECK_OK(ssh_fwd_parse("localhost:9000 10.0.0.5:9000", &s, &st, &e));	/* ssh_config form */
	CHECK(s.listen_port == 9000 && strcmp(s.connect_host, "10.0.0.5") == 0);
	free(st);
	CHECK_OK(ssh_fwd_parse(":8080:h:80", &s, &st, &e));	/* empty bind address = all */
	CHECK_STR_EQ(s.listen_host, "*");
	free(st);
	CHECK(ssh_fwd_parse("8080", &s, &st, &e) == ERR_USAGE);
	free(st);
	CHECK(ssh_fwd_parse("8080:host", &s, &st, &e) == ERR_USAGE);
	free(st);
	CHECK(ssh_fwd_parse("99999:h:80", &s, &st, &e) == ERR_USAGE);
	free(st);
	CHECK(ssh_fwd_parse("80:h:0", &s, &st, &e) == ERR_USAGE);
	free(st);
	CHECK(ssh_fwd_parse("1:[::1:2:3", &s, &st, &e) == ERR_USAGE);
	free(st);
	CHECK(strstr(e.msg, "[bind_address:]port:host:hostport") != NULL);
}

TEST(ssh_reach_pty_modes)
{
	struct termios t;
	uint8_t *m = NULL;
	size_t n = 0, i;
	int seen_echo = 0, seen_icanon = 0;

	memset(&t, 0, sizeof(t));
	t.c_lflag = ECHO | ICANON;
	t.c_cc[VERASE] = 0x7f;
	cfsetispeed(&t, B38400);
	cfsetospeed(&t, B38400);
	CHECK_OK(ssh_pty_modes(&t, &m, &n));
	/* opcode byte + uint32 each, then TTY_OP_END (RFC 4254 §8) */
	CHECK_EQ_INT((n - 1) % 5, 0);
	CHECK_EQ_INT(m[n - 1], 0);
	CHECK_EQ_INT(m[0], 128);
	CHECK_EQ_INT(load_be32(m + 1), 38400);
	for (i = 0; i + 5 <= n - 1; i += 5) {
		if (m[i] == 53)
			seen_echo = (int)load_be32(m + i + 1);
		if (m[i] == 51)
			seen_icanon = (int)load_be32(m + i + 1);
		if (m[i] == 3)
			CHECK_EQ_INT(load_be32(m + i + 1), 0x7f);
		if (m[i] == 50)
			CHECK_EQ_INT(load_be32(m + i + 1), 0);	/* ISIG off */
	}
	CHECK_EQ_INT(seen_echo, 1);
	CHECK_EQ_INT(seen_icanon, 1);
	free(m);
}

TEST(ssh_reach_jump_keys)
{
	struct ssh_target a, b, t, other;
	char *k1, *k2, *k3;

	ssh_target_init(&a);
	a.host = "bastion";
	a.user = "ops";
	ssh_target_init(&b);
	b.host = "inner";
	b.port = 2222;
	b.user = "root";
	b.jump = &a;
	k1 = target_key(&b);
	CHECK_STR_EQ(k1, "root@[inner]:2222 via ops@[bastion]:22");
	/* Same route, different destination objects: the same key, so one shared connection. */
	other = b;
	k2 = target_key(&other);
	CHECK_STR_EQ(k1, k2);
	ssh_target_init(&t);
	t.host = "inner";
	t.port = 2222;
	t.user = "root";
	t.proxy_command = "nc %h %p";
	k3 = target_key(&t);
	CHECK(strcmp(k1, k3) != 0);
	free(k1);
	free(k2);
	free(k3);
}

TEST(ssh_reach_dest_hops)
{
	const char *dir = sshtest_dir("reach-dest");
	char cfg[600], text[1600];
	const char *files[2] = { cfg, NULL };
	const char *settings[] = { "-o", "ProxyJump=ops@b1:2200,b2", "User", "deploy", NULL };
	struct ssh_dest_opts o;
	struct ssh_dest *d = NULL;
	struct errinfo e;

	snprintf(cfg, sizeof(cfg), "%s/config", dir);
	snprintf(text, sizeof(text),
	    "Host b2\n  HostName 10.1.0.2\n  ProxyJump nowhere\n  User b2user\n"
	    "Host b1\n  HostName 10.0.0.1\n  ServerAliveInterval 7\n"
	    "Match originalhost app\n  HostName 10.2.0.9\n  ProxyCommand nc %%h %%p\n"
	    "Host *\n  IdentityFile /nonexistent/key\n  UserKnownHostsFile %s/kh\n  GlobalKnownHostsFile none\n", dir);
	CHECK_OK(spit(cfg, text, 0600));
	ssh_dest_opts_init(&o);
	o.files = files;
	o.settings = settings;
	err_clear(&e);
	CHECK_OK(ssh_dest_resolve("app", &o, &d, &e));
	if (d == NULL)
		return;
	/* -J replaces the config's ProxyCommand; the last hop is the one we reach app through. */
	CHECK_STR_EQ(d->t.host, "10.2.0.9");
	CHECK_STR_EQ(d->t.user, "deploy");
	CHECK(d->t.proxy_command == NULL);
	CHECK(d->t.jump != NULL && d->jump != NULL);
	CHECK_STR_EQ(d->t.jump->host, "10.1.0.2");
	/* b2 takes its own config's user; "b1" (the remaining hop) overrides its ProxyJump nowhere. */
	CHECK_STR_EQ(d->t.jump->user, "b2user");
	CHECK(d->t.jump->jump != NULL);
	CHECK_STR_EQ(d->t.jump->jump->host, "10.0.0.1");
	CHECK_STR_EQ(d->t.jump->jump->user, "ops");
	CHECK_EQ_INT(d->t.jump->jump->port, 2200);
	CHECK_EQ_INT(d->t.jump->jump->server_alive_interval, 7);
	CHECK(d->t.jump->jump->jump == NULL);
	ssh_dest_free(d);
	d = NULL;
	/* Without -J the Match block's ProxyCommand applies, %h %p expanded. */
	settings[0] = "User";
	settings[1] = "x";
	CHECK_OK(ssh_dest_resolve("app", &o, &d, &e));
	if (d) {
		CHECK_STR_EQ(d->t.proxy_command, "nc 10.2.0.9 22");
		CHECK(d->t.jump == NULL);
		ssh_dest_free(d);
	}
	/* A ProxyJump loop in ssh_config ends with an error, not a hang. */
	snprintf(text, sizeof(text), "Host a\n  ProxyJump b\nHost b\n  ProxyJump a\n");
	CHECK_OK(spit(cfg, text, 0600));
	settings[0] = NULL;
	d = NULL;
	CHECK(ssh_dest_resolve("a", &o, &d, &e) == ERR_CONFIG);
	CHECK(strstr(e.msg, "ProxyJump") != NULL);
	CHECK(d == NULL);
}
