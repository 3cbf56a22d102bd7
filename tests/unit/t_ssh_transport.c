/*
 * t_ssh_transport — the transport engine in memory: a client transport against a
 * server transport (the test-only server role of the same engine), plus hand-made
 * raw packets for what a well-behaved peer never sends.
 *
 * Covers: key exchange for every kex x cipher x MAC; EXT_INFO server-sig-algs;
 * upper-layer data both ways; client- and server-initiated re-exchange with data
 * queued during KEX; volume-triggered rekeying; strict-KEX violations; unexpected
 * messages; byte-at-a-time input; oversized, misaligned and badly padded packets;
 * a tampered ciphertext; version-line rules; no common algorithm; DISCONNECT.
 */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "ssh/key.h"
#include "ssh/transport.h"

static const char host_ed25519[] =
"-----BEGIN OPENSSH PRIVATE KEY-----\n"
"b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
"QyNTUxOQAAACB9zAK5DeAyMAtuh7P7UFGyv8C6DHRxZNKPnXbpsqNbzQAAAJjDbcSKw23E\n"
"igAAAAtzc2gtZWQyNTUxOQAAACB9zAK5DeAyMAtuh7P7UFGyv8C6DHRxZNKPnXbpsqNbzQ\n"
"AAAEAvmrC+nF6Bx/Ma1a2a1Z9i24dMTTwy2dYl0c82gRJR/H3MArkN4DIwC26Hs/tQUbK/\n"
"wLoMdHFk0o+ddumyo1vNAAAADnVuaXQtdGVzdC1ob3N0AQIDBAUGBw==\n"
"-----END OPENSSH PRIVATE KEY-----\n";

static const char host_ecdsa[] =
"-----BEGIN OPENSSH PRIVATE KEY-----\n"
"b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAaAAAABNlY2RzYS\n"
"1zaGEyLW5pc3RwMjU2AAAACG5pc3RwMjU2AAAAQQTpRkXJy627z/x+wEjiG5scZ4JoKwEI\n"
"elGMVCvGz7t/9J0ZGCqaOG8XsiWVB8ykgnudbsDhPr0CKHInYAii3OVSAAAAqEbyMohG8j\n"
"KIAAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBOlGRcnLrbvP/H7A\n"
"SOIbmxxngmgrAQh6UYxUK8bPu3/0nRkYKpo4bxeyJZUHzKSCe51uwOE+vQIocidgCKLc5V\n"
"IAAAAhAInSOs0BYFoIlzvjewLt/xAflx3I6YHQRDPeUGIyD7YKAAAACnVuaXQtZWNkc2EB\n"
"AgMEBQ==\n"
"-----END OPENSSH PRIVATE KEY-----\n";

struct pair {
	struct ssh_transport	c, s;
	struct sshkey		*key;
	int			 hostkey_calls;
	/* What each side's upper layer received (u32 length + payload each). */
	struct buf		 got_c, got_s;
	int			 rc_c, rc_s;
};

static int
hk_cb(void *arg, const struct sshkey *key, const uint8_t *blob, size_t n, struct errinfo *e)
{
	struct pair *p = arg;

	(void)key;
	(void)blob;
	(void)n;
	(void)e;
	p->hostkey_calls++;
	return 0;
}

static struct sshkey *
load_key(const char *text)
{
	struct sshkey *k = NULL;
	struct errinfo e;

	err_clear(&e);
	if (sshkey_parse_private((const uint8_t *)text, strlen(text), NULL, &k, NULL, &e) != 0)
		return NULL;
	return k;
}

/* Sets up both sides; ccfg/scfg may override algorithm lists. */
static int
pair_init(struct pair *p, const struct transport_config *ccfg, const struct transport_config *scfg,
    const char *keytext)
{
	struct transport_config cc, sc;
	struct errinfo e;

	memset(p, 0, sizeof(*p));
	p->key = load_key(keytext ? keytext : host_ed25519);
	if (p->key == NULL)
		return -1;
	memset(&cc, 0, sizeof(cc));
	memset(&sc, 0, sizeof(sc));
	if (ccfg)
		cc = *ccfg;
	if (scfg)
		sc = *scfg;
	cc.hostkey_cb = hk_cb;
	cc.hostkey_arg = p;
	sc.server = 1;
	sc.server_key = p->key;
	if (sc.version == NULL)
		sc.version = "SSH-2.0-TestServer_1.0";
	buf_init(&p->got_c, 0);
	buf_init(&p->got_s, 0);
	err_clear(&e);
	if (transport_init(&p->c, &cc, &e) != 0 || transport_init(&p->s, &sc, &e) != 0)
		return -1;
	return 0;
}

static void
pair_release(struct pair *p)
{
	transport_release(&p->c);
	transport_release(&p->s);
	sshkey_free(p->key);
	buf_release(&p->got_c);
	buf_release(&p->got_s);
}

/* Drains t's upper-layer packets into got; returns the last non-AGAIN code. */
static int
drain(struct ssh_transport *t, struct buf *got)
{
	const uint8_t *q;
	size_t n;
	int r;

	while ((r = transport_read(t, &q, &n)) == 0) {
		buf_put_u32(got, (uint32_t)n);
		buf_put(got, q, n);
	}
	return r == ERR_AGAIN ? 0 : r;
}

/* Moves bytes both ways until nothing moves. step = bytes per feed (0 = all). */
static void
pump(struct pair *p, size_t step)
{
	int moved;

	do {
		size_t n;

		moved = 0;
		while ((n = transport_output_len(&p->c)) > 0 && !p->s.dead) {
			if (step && n > step)
				n = step;
			transport_feed(&p->s, transport_output_ptr(&p->c), n);
			transport_output_done(&p->c, n);
			p->rc_s = drain(&p->s, &p->got_s);
			moved = 1;
		}
		while ((n = transport_output_len(&p->s)) > 0 && !p->c.dead) {
			if (step && n > step)
				n = step;
			transport_feed(&p->c, transport_output_ptr(&p->s), n);
			transport_output_done(&p->s, n);
			p->rc_c = drain(&p->c, &p->got_c);
			moved = 1;
		}
	} while (moved && !p->c.dead && !p->s.dead);
}

static int
handshake(struct pair *p, size_t step)
{
	if (transport_start(&p->c) != 0 || transport_start(&p->s) != 0)
		return -1;
	pump(p, step);
	return transport_ready(&p->c) && transport_ready(&p->s) ? 0 : -1;
}

/* Sends count payloads of size sz from a to b's got buffer and checks them. */
static int
exchange(struct pair *p, int from_client, int count, size_t sz)
{
	struct ssh_transport *src = from_client ? &p->c : &p->s;
	struct buf *got = from_client ? &p->got_s : &p->got_c;
	uint8_t *msg = malloc(sz);
	int i, ok = 1;

	buf_reset(got);
	for (i = 0; i < count; i++) {
		memset(msg, (int)(i & 0xff), sz);
		msg[0] = 94;	/* looks like CHANNEL_DATA: an upper-layer message */
		if (transport_send(src, msg, sz) != 0)
			ok = 0;
		pump(p, 0);
	}
	for (i = 0; i < count && ok; i++) {
		uint32_t n;

		if (buf_get_u32(got, &n) != 0 || n != sz || buf_avail(got) < sz) {
			ok = 0;
			break;
		}
		memset(msg, (int)(i & 0xff), sz);
		msg[0] = 94;
		if (memcmp(buf_ptr(got), msg, sz) != 0)
			ok = 0;
		buf_consume(got, sz);
	}
	free(msg);
	return ok;
}

TEST(ssh_transport_kex_every_algorithm)
{
	static const char *const kex[] = { "curve25519-sha256", "curve25519-sha256@libssh.org",
	    "ecdh-sha2-nistp256" };
	static const char *const cm[][2] = {
		{ "aes128-gcm@openssh.com", NULL }, { "aes256-gcm@openssh.com", NULL },
		{ "chacha20-poly1305@openssh.com", NULL },
		{ "aes128-ctr", "hmac-sha2-256" }, { "aes128-ctr", "hmac-sha2-512" },
		{ "aes256-ctr", "hmac-sha2-256-etm@openssh.com" }, { "aes256-ctr", "hmac-sha2-512-etm@openssh.com" },
	};
	size_t i, j;

	for (i = 0; i < 3; i++) {
		for (j = 0; j < sizeof(cm) / sizeof(cm[0]); j++) {
			struct transport_config cc;
			struct pair p;

			memset(&cc, 0, sizeof(cc));
			cc.kex_algs = kex[i];
			cc.ciphers = cm[j][0];
			if (cm[j][1])
				cc.macs = cm[j][1];
			CHECK_OK(pair_init(&p, &cc, NULL, j % 2 ? host_ecdsa : NULL));
			if (handshake(&p, 0) != 0) {
				harness_fail(t__, __FILE__, __LINE__, "%s %s: client '%s' server '%s'", kex[i], cm[j][0],
				    p.c.err.msg, p.s.err.msg);
				pair_release(&p);
				return;
			}
			CHECK_STR_EQ(p.c.algs.kex, kex[i]);
			CHECK_STR_EQ(p.c.algs.cipher_ctos, cm[j][0]);
			CHECK_STR_EQ(p.c.algs.mac_stoc, cm[j][1] ? cm[j][1] : "");
			CHECK(p.c.strict && p.s.strict);
			CHECK_EQ_INT(p.hostkey_calls, 1);
			CHECK_EQ_INT(p.c.session_id_len, 32);
			CHECK_MEM_EQ(p.c.session_id, p.s.session_id, 32);
			CHECK(exchange(&p, 1, 5, 100));
			CHECK(exchange(&p, 0, 5, 3000));
			pair_release(&p);
		}
	}
}

TEST(ssh_transport_ext_info_and_sig_algs)
{
	struct transport_config sc;
	struct pair p;

	memset(&sc, 0, sizeof(sc));
	sc.server_sig_algs = "ssh-ed25519,rsa-sha2-256";
	CHECK_OK(pair_init(&p, NULL, &sc, NULL));
	CHECK_OK(handshake(&p, 0));
	CHECK(p.c.server_sig_algs != NULL);
	CHECK_STR_EQ(p.c.server_sig_algs, "ssh-ed25519,rsa-sha2-256");
	CHECK_EQ_INT(transport_peer_accepts_sig(&p.c, "rsa-sha2-256"), 1);
	CHECK_EQ_INT(transport_peer_accepts_sig(&p.c, "rsa-sha2-512"), 0);
	pair_release(&p);

	/* Without EXT_INFO: unknown, except OpenSSH 7.4's known omission of rsa-sha2. */
	memset(&sc, 0, sizeof(sc));
	sc.version = "SSH-2.0-OpenSSH_7.4";
	CHECK_OK(pair_init(&p, NULL, &sc, NULL));
	CHECK_OK(handshake(&p, 0));
	CHECK_EQ_INT(transport_peer_accepts_sig(&p.c, "ssh-ed25519"), -1);
	CHECK_EQ_INT(transport_peer_accepts_sig(&p.c, "rsa-sha2-512"), 1);
	pair_release(&p);
}

TEST(ssh_transport_byte_at_a_time)
{
	struct pair p;

	CHECK_OK(pair_init(&p, NULL, NULL, NULL));
	CHECK_OK(handshake(&p, 1));
	CHECK(exchange(&p, 1, 3, 50));
	pair_release(&p);
}

static void
check_rekey(struct test_ctx *t__, int client_starts, const char *cipher)
{
	struct transport_config cc;
	struct pair p;
	uint8_t sid[32];
	uint8_t msg[10] = { 94, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	uint32_t n;

	memset(&cc, 0, sizeof(cc));
	cc.ciphers = cipher;
	CHECK_OK(pair_init(&p, &cc, NULL, NULL));
	CHECK_OK(handshake(&p, 0));
	memcpy(sid, p.c.session_id, 32);
	CHECK_OK(transport_rekey(client_starts ? &p.c : &p.s));
	CHECK(transport_in_kex(client_starts ? &p.c : &p.s));
	/* Sent while our KEXINIT is out: queued, then delivered under the new keys. */
	CHECK_OK(transport_send(client_starts ? &p.c : &p.s, msg, sizeof(msg)));
	pump(&p, 0);
	CHECK(!p.c.dead && !p.s.dead);
	CHECK_EQ_INT(p.c.kex_count, 2);
	CHECK_EQ_INT(p.s.kex_count, 2);
	CHECK(!transport_in_kex(&p.c));
	CHECK_MEM_EQ(p.c.session_id, sid, 32);	/* session id is the first exchange's */
	CHECK_EQ_INT(p.hostkey_calls, 1);
	{
		struct buf *got = client_starts ? &p.got_s : &p.got_c;

		CHECK_OK(buf_get_u32(got, &n));
		CHECK_EQ_INT(n, sizeof(msg));
		CHECK_MEM_EQ(buf_ptr(got), msg, sizeof(msg));
	}
	/* Strict KEX reset the sequence numbers at each NEWKEYS. */
	CHECK(p.c.seq_tx < 10 && p.s.seq_rx == p.c.seq_tx);
	CHECK(exchange(&p, 1, 3, 500));
	CHECK(exchange(&p, 0, 3, 500));
	pair_release(&p);
}

TEST(ssh_transport_rekey_client_initiated)
{
	check_rekey(t__, 1, "aes128-gcm@openssh.com");
	check_rekey(t__, 1, "chacha20-poly1305@openssh.com");
}

TEST(ssh_transport_rekey_server_initiated)
{
	check_rekey(t__, 0, "aes256-ctr");
	check_rekey(t__, 0, "chacha20-poly1305@openssh.com");
}

TEST(ssh_transport_rekey_by_volume)
{
	struct transport_config cc;
	struct pair p;

	memset(&cc, 0, sizeof(cc));
	cc.rekey_bytes = 64 * 1024;
	CHECK_OK(pair_init(&p, &cc, NULL, NULL));
	CHECK_OK(handshake(&p, 0));
	CHECK(exchange(&p, 1, 300, 1000));
	CHECK(p.c.kex_count >= 4);
	CHECK(exchange(&p, 0, 300, 1000));
	CHECK(p.c.kex_count >= 8);
	pair_release(&p);
}

/* A plaintext (pre-NEWKEYS) packet with the given payload and padding. */
static void
raw_packet(struct buf *out, const uint8_t *payload, size_t n, int pad)
{
	uint8_t zero[64];

	memset(zero, 0, sizeof(zero));
	if (pad < 0) {
		pad = (int)(8 - ((5 + n) % 8));
		if (pad < 4)
			pad += 8;
	}
	buf_put_u32(out, (uint32_t)(1 + n + (size_t)pad));
	buf_put_u8(out, (uint8_t)pad);
	buf_put(out, payload, n);
	buf_put(out, zero, (size_t)pad);
}

/* Feeds the client a fake server: version line + raw bytes, then the real server's output. */
static int
client_with_prefix(struct pair *p, const struct buf *raw, int then_real)
{
	const char *v = "SSH-2.0-Fake\r\n";
	const uint8_t *q;
	size_t n;

	transport_start(&p->c);
	transport_start(&p->s);
	transport_feed(&p->c, v, strlen(v));
	transport_feed(&p->c, buf_ptr(raw), buf_avail(raw));
	if (then_real) {
		/* The real server's output minus its own version line. */
		q = transport_output_ptr(&p->s);
		n = transport_output_len(&p->s);
		while (n > 0 && *q != '\n') {
			q++;
			n--;
		}
		transport_feed(&p->c, q + 1, n - 1);
		transport_output_done(&p->s, transport_output_len(&p->s));
		/* Its version line must still reach our server side to compute the same hash. */
	}
	p->rc_c = drain(&p->c, &p->got_c);
	return p->rc_c;
}

TEST(ssh_transport_strict_kex_ignore_first_refused)
{
	struct pair p;
	struct buf raw;
	uint8_t ign[5] = { SSH_MSG_IGNORE, 0, 0, 0, 0 };

	CHECK_OK(pair_init(&p, NULL, NULL, NULL));
	buf_init(&raw, 0);
	raw_packet(&raw, ign, 5, -1);
	/* IGNORE before KEXINIT: fine on its own, but strict KEX then finds KEXINIT was not first. */
	CHECK_EQ_INT(client_with_prefix(&p, &raw, 1), ERR_PROTO);
	CHECK(strstr(p.c.err.msg, "strict KEX") != NULL);
	buf_release(&raw);
	pair_release(&p);
}

TEST(ssh_transport_nonstrict_ignore_first_accepted)
{
	struct transport_config sc;
	struct pair p;
	struct buf raw;
	uint8_t ign[5] = { SSH_MSG_IGNORE, 0, 0, 0, 0 };

	memset(&sc, 0, sizeof(sc));
	sc.no_strict = 1;	/* like TinySSH 20230101 */
	CHECK_OK(pair_init(&p, NULL, &sc, NULL));
	buf_init(&raw, 0);
	raw_packet(&raw, ign, 5, -1);
	CHECK_EQ_INT(client_with_prefix(&p, &raw, 1), 0);
	CHECK(!p.c.dead);
	CHECK(p.c.kex_theirs_got);
	CHECK(!p.c.strict);
	buf_release(&raw);
	pair_release(&p);
}

TEST(ssh_transport_strict_kex_ignore_during_kex_refused)
{
	struct pair p;
	struct buf raw;
	uint8_t ign[5] = { SSH_MSG_IGNORE, 0, 0, 0, 0 };
	size_t n;

	CHECK_OK(pair_init(&p, NULL, NULL, NULL));
	transport_start(&p.c);
	transport_start(&p.s);
	/* Server's version + KEXINIT reach the client; client's KEXINIT + ECDH_INIT reach the server. */
	n = transport_output_len(&p.s);
	transport_feed(&p.c, transport_output_ptr(&p.s), n);
	transport_output_done(&p.s, n);
	CHECK_EQ_INT(drain(&p.c, &p.got_c), 0);
	CHECK(p.c.strict);
	/* Now an IGNORE instead of the ECDH reply. */
	buf_init(&raw, 0);
	raw_packet(&raw, ign, 5, -1);
	transport_feed(&p.c, buf_ptr(&raw), buf_avail(&raw));
	CHECK_EQ_INT(drain(&p.c, &p.got_c), ERR_PROTO);
	CHECK(strstr(p.c.err.msg, "strict KEX violation") != NULL);
	buf_release(&raw);
	pair_release(&p);
}

TEST(ssh_transport_unexpected_messages)
{
	struct pair p;
	struct buf raw;
	uint8_t data[9] = { 94, 0, 0, 0, 0, 0, 0, 0, 0 };
	uint8_t reply[5] = { SSH_MSG_KEX_ECDH_REPLY, 0, 0, 0, 0 };

	/* Channel data before any key exchange. */
	CHECK_OK(pair_init(&p, NULL, NULL, NULL));
	buf_init(&raw, 0);
	raw_packet(&raw, data, 9, -1);
	CHECK_EQ_INT(client_with_prefix(&p, &raw, 0), ERR_PROTO);
	CHECK(strstr(p.c.err.msg, "unexpected message 94") != NULL);
	buf_release(&raw);
	pair_release(&p);

	/* A KEX reply before KEXINIT. */
	CHECK_OK(pair_init(&p, NULL, NULL, NULL));
	buf_init(&raw, 0);
	raw_packet(&raw, reply, 5, -1);
	CHECK_EQ_INT(client_with_prefix(&p, &raw, 0), ERR_PROTO);
	buf_release(&raw);
	pair_release(&p);
}

TEST(ssh_transport_bad_packets)
{
	struct pair p;
	struct buf raw;
	uint8_t ign[5] = { SSH_MSG_IGNORE, 0, 0, 0, 0 };
	uint8_t big[8] = { 0x00, 0x10, 0x00, 0x00, 4, 2, 0, 0 };

	/* Length over 256 KiB: refused as soon as the length is read, before buffering it. */
	CHECK_OK(pair_init(&p, NULL, NULL, NULL));
	buf_init(&raw, 0);
	buf_put(&raw, big, sizeof(big));
	CHECK_EQ_INT(client_with_prefix(&p, &raw, 0), ERR_PROTO);
	CHECK(strstr(p.c.err.msg, "bad packet length") != NULL);
	buf_release(&raw);
	pair_release(&p);

	/* Padding shorter than 4 bytes. */
	CHECK_OK(pair_init(&p, NULL, NULL, NULL));
	buf_init(&raw, 0);
	{
		/* length 12 (aligned: 4 + 12 = 16), padding_length 2, 9 bytes of payload. */
		uint8_t pkt[16] = { 0, 0, 0, 12, 2, SSH_MSG_IGNORE, 0, 0, 0, 4, 't', 'e', 's', 't', 0, 0 };

		buf_put(&raw, pkt, sizeof(pkt));
	}
	CHECK_EQ_INT(client_with_prefix(&p, &raw, 0), ERR_PROTO);
	CHECK(strstr(p.c.err.msg, "padding") != NULL);
	buf_release(&raw);
	pair_release(&p);

	/* Misaligned length. */
	CHECK_OK(pair_init(&p, NULL, NULL, NULL));
	buf_init(&raw, 0);
	raw_packet(&raw, ign, 5, 5);	/* 4 + 1 + 5 + 5 = 15 */
	CHECK_EQ_INT(client_with_prefix(&p, &raw, 0), ERR_PROTO);
	CHECK(strstr(p.c.err.msg, "multiple of the block size") != NULL);
	buf_release(&raw);
	pair_release(&p);

	/* Truncated: half a packet is just "more input needed". */
	CHECK_OK(pair_init(&p, NULL, NULL, NULL));
	buf_init(&raw, 0);
	raw_packet(&raw, ign, 5, -1);
	raw.len -= 6;
	CHECK_EQ_INT(client_with_prefix(&p, &raw, 0), 0);
	CHECK(!p.c.dead);
	buf_release(&raw);
	pair_release(&p);
}

TEST(ssh_transport_tampered_ciphertext)
{
	static const char *const ciphers[] = { "aes128-gcm@openssh.com", "chacha20-poly1305@openssh.com",
	    "aes128-ctr" };
	size_t i;

	for (i = 0; i < 3; i++) {
		struct transport_config cc;
		struct pair p;
		uint8_t msg[40];
		uint8_t *q;

		memset(&cc, 0, sizeof(cc));
		cc.ciphers = ciphers[i];
		CHECK_OK(pair_init(&p, &cc, NULL, NULL));
		CHECK_OK(handshake(&p, 0));
		memset(msg, 94, sizeof(msg));
		CHECK_OK(transport_send(&p.s, msg, sizeof(msg)));
		q = p.s.out.d + p.s.out.off;
		q[20] ^= 0x40;
		pump(&p, 0);
		CHECK_EQ_INT(p.c.dead, ERR_CRYPTO);
		CHECK(strstr(p.c.err.msg, "authentication failed") != NULL);
		pair_release(&p);
	}
}

TEST(ssh_transport_version_lines)
{
	struct pair p;
	const uint8_t *q;
	size_t n;
	const char *pre = "Welcome to the server\r\nanother banner line\r\nSSH-2.0-OpenSSH_9.2p1 Debian\r\n";

	/* Lines before the version are skipped (RFC 4253 §4.2). */
	CHECK_OK(pair_init(&p, NULL, NULL, NULL));
	transport_start(&p.c);
	transport_feed(&p.c, pre, strlen(pre));
	CHECK_EQ_INT(transport_read(&p.c, &q, &n), ERR_AGAIN);
	CHECK_STR_EQ(p.c.v_peer, "SSH-2.0-OpenSSH_9.2p1 Debian");
	pair_release(&p);

	CHECK_OK(pair_init(&p, NULL, NULL, NULL));
	transport_start(&p.c);
	transport_feed(&p.c, "SSH-1.5-old\r\n", 13);
	CHECK_EQ_INT(transport_read(&p.c, &q, &n), ERR_PROTO);
	CHECK(strstr(p.c.err.msg, "unsupported protocol version") != NULL);
	pair_release(&p);

	/* An endless line without a newline is cut off. */
	CHECK_OK(pair_init(&p, NULL, NULL, NULL));
	transport_start(&p.c);
	{
		char junk[2048];

		memset(junk, 'x', sizeof(junk));
		transport_feed(&p.c, junk, sizeof(junk));
	}
	CHECK_EQ_INT(transport_read(&p.c, &q, &n), ERR_PROTO);
	pair_release(&p);
}

TEST(ssh_transport_no_common_algorithm)
{
	struct transport_config cc, sc;
	struct pair p;

	memset(&cc, 0, sizeof(cc));
	memset(&sc, 0, sizeof(sc));
	cc.ciphers = "aes128-ctr";
	sc.ciphers = "chacha20-poly1305@openssh.com";
	CHECK_OK(pair_init(&p, &cc, &sc, NULL));
	CHECK(handshake(&p, 0) != 0);
	CHECK(strstr(p.c.err.msg, "no common cipher") != NULL);
	CHECK(strstr(p.c.err.msg, "chacha20-poly1305@openssh.com") != NULL);
	pair_release(&p);
}

TEST(ssh_transport_disconnect_message)
{
	struct pair p;
	struct buf raw, pl;

	CHECK_OK(pair_init(&p, NULL, NULL, NULL));
	buf_init(&raw, 0);
	buf_init(&pl, 0);
	buf_put_u8(&pl, SSH_MSG_DISCONNECT);
	buf_put_u32(&pl, 2);
	buf_put_cstring(&pl, "Too many\x01 authentication failures");
	buf_put_cstring(&pl, "");
	raw_packet(&raw, buf_ptr(&pl), buf_avail(&pl), -1);
	CHECK_EQ_INT(client_with_prefix(&p, &raw, 0), ERR_CLOSED);
	CHECK_STR_EQ(p.c.err.msg, "server disconnected: Too many? authentication failures (reason 2)");
	buf_release(&raw);
	buf_release(&pl);
	pair_release(&p);
}

TEST(ssh_transport_namelists)
{
	char out[64];

	CHECK(namelist_has("a,bb,ccc", 8, "bb"));
	CHECK(!namelist_has("a,bb,ccc", 8, "b"));
	CHECK(!namelist_has("", 0, "a"));
	CHECK_OK(namelist_negotiate("x,y,z", 5, "z,y", 3, out, sizeof(out)));
	CHECK_STR_EQ(out, "y");
	CHECK_EQ_INT(namelist_negotiate("x", 1, "y", 1, out, sizeof(out)), ERR_NOTFOUND);
}
