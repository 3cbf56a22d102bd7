// sources: src/core/*.c src/crypto/*.c src/ssh/*.c
/*
 * The packet decoder and everything above it in the client engine
 * (src/ssh/transport.c, auth.c, channel.c, engine.c).
 *
 * First input byte selects the mode:
 *   even: the rest is raw bytes from a "server" right after its version line —
 *         the plaintext binary-packet decoder (lengths, padding, alignment,
 *         message dispatch before any keys).
 *   odd:  a real key exchange with an in-memory server is done first (strict KEX,
 *         aes128-gcm), then the rest is split into payloads (u16 length + bytes)
 *         that the server encrypts and sends: authentication replies, EXT_INFO,
 *         re-exchange KEXINITs, global requests, channel messages for the session
 *         channel this harness opens once authentication succeeds, DISCONNECT...
 * The engine must never crash or over-read, and must stay consistent (every call
 * after an error returns the same error).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "ssh/engine.h"
#include "ssh/key.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

static const char host_key[] =
"-----BEGIN OPENSSH PRIVATE KEY-----\n"
"b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
"QyNTUxOQAAACB9zAK5DeAyMAtuh7P7UFGyv8C6DHRxZNKPnXbpsqNbzQAAAJjDbcSKw23E\n"
"igAAAAtzc2gtZWQyNTUxOQAAACB9zAK5DeAyMAtuh7P7UFGyv8C6DHRxZNKPnXbpsqNbzQ\n"
"AAAEAvmrC+nF6Bx/Ma1a2a1Z9i24dMTTwy2dYl0c82gRJR/H3MArkN4DIwC26Hs/tQUbK/\n"
"wLoMdHFk0o+ddumyo1vNAAAADnVuaXQtdGVzdC1ob3N0AQIDBAUGBw==\n"
"-----END OPENSSH PRIVATE KEY-----\n";

static struct sshkey *key;

static int
sign_none(void *arg, const struct auth_identity *id, const char *alg, const uint8_t *d, size_t n,
    struct buf *sig, struct errinfo *e)
{
	(void)arg; (void)id; (void)alg; (void)d; (void)n; (void)sig;
	return err_set(e, ERR_AUTH, "no");
}

static void
on_data(void *arg, struct ssh_chan *c, int stream, const uint8_t *p, size_t n)
{
	(void)arg; (void)stream;
	if (n > CHAN_MAX_PACKET)
		abort();
	if (n && (p[0] & 1))
		chan_write(c, 0, p, n);
	if (n > 2 && p[1] == 'E')
		chan_send_eof(c);
	if (n > 2 && p[1] == 'C')
		chan_close(c);
}

static const struct chan_ops ops = { .on_data = on_data };

static void
pump_to_client(struct ssh_engine *en, struct ssh_transport *s)
{
	size_t n;
	const uint8_t *q;

	for (int round = 0; round < 8; round++) {
		int moved = 0;

		while ((n = engine_output_len(en)) > 0) {
			if (!s->dead)
				transport_feed(s, engine_output_ptr(en), n);
			engine_output_done(en, n);
			while (transport_read(s, &q, &n) == 0)
				;
			moved = 1;
		}
		while ((n = transport_output_len(s)) > 0) {
			engine_feed(en, transport_output_ptr(s), n);
			transport_output_done(s, n);
			engine_step(en);
			moved = 1;
		}
		if (!moved)
			break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct engine_config ec;
	struct transport_config sc;
	struct ssh_engine en;
	struct ssh_transport s;
	struct errinfo e;
	struct ssh_chan *ch = NULL;
	size_t off = 1;
	int r1, r2;

	if (n < 1 || n > 300000)
		return 0;
	if (key == NULL && sshkey_parse_private((const uint8_t *)host_key, strlen(host_key), NULL, &key, NULL, &e) != 0)
		abort();
	memset(&ec, 0, sizeof(ec));
	ec.user = "fuzz";
	ec.sign = sign_none;
	ec.tc.ciphers = "aes128-gcm@openssh.com";
	if (engine_init(&en, &ec, &e) != 0)
		abort();
	engine_start(&en);
	if ((data[0] & 1) == 0) {
		engine_feed(&en, "SSH-2.0-Fuzz\r\n", 14);
		engine_feed(&en, data + 1, n - 1);
		engine_step(&en);
		goto out;
	}
	memset(&sc, 0, sizeof(sc));
	sc.server = 1;
	sc.server_key = key;
	sc.server_sig_algs = "ssh-ed25519";
	if (transport_init(&s, &sc, &e) != 0)
		abort();
	transport_start(&s);
	pump_to_client(&en, &s);
	if (!transport_ready(&en.t))
		abort();	/* the honest handshake must work */
	while (off + 2 <= n && en.state != ENGINE_DEAD) {
		size_t len = ((size_t)data[off] << 8) | data[off + 1];

		off += 2;
		if (len > n - off)
			len = n - off;
		if (len == 0)
			continue;
		if (transport_send(&s, data + off, len) != 0)
			break;
		off += len;
		pump_to_client(&en, &s);
		if (en.state == ENGINE_READY && ch == NULL)
			chan_open(&en.mux, "session", NULL, 0, &ops, NULL, &ch, &e);
	}
	transport_release(&s);
out:
	r1 = engine_step(&en);
	r2 = engine_step(&en);
	if (en.state == ENGINE_DEAD && (r1 == 0 || r1 != r2))
		abort();
	engine_release(&en);
	return 0;
}
