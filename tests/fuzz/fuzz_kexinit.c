// sources: src/core/*.c src/crypto/*.c src/ssh/*.c
/*
 * KEXINIT parsing and algorithm negotiation (src/ssh/transport.c handle_kexinit):
 * the input is the body of a KEXINIT (after the message byte), delivered in a
 * plaintext packet to a fresh client transport and to a fresh server transport.
 * Neither may crash, read out of bounds, or leave a half-negotiated state that a
 * later call trips over; the error text must stay NUL-terminated and printable.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "ssh/key.h"
#include "ssh/transport.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

static const char host_key[] =
"-----BEGIN OPENSSH PRIVATE KEY-----\n"
"b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
"QyNTUxOQAAACB9zAK5DeAyMAtuh7P7UFGyv8C6DHRxZNKPnXbpsqNbzQAAAJjDbcSKw23E\n"
"igAAAAtzc2gtZWQyNTUxOQAAACB9zAK5DeAyMAtuh7P7UFGyv8C6DHRxZNKPnXbpsqNbzQ\n"
"AAAEAvmrC+nF6Bx/Ma1a2a1Z9i24dMTTwy2dYl0c82gRJR/H3MArkN4DIwC26Hs/tQUbK/\n"
"wLoMdHFk0o+ddumyo1vNAAAADnVuaXQtdGVzdC1ob3N0AQIDBAUGBw==\n"
"-----END OPENSSH PRIVATE KEY-----\n";

static void
one(const uint8_t *data, size_t n, int server, struct sshkey *key)
{
	struct ssh_transport t;
	struct transport_config cfg;
	struct errinfo e;
	struct buf pkt;
	const uint8_t *q;
	size_t qn, pad, i;
	uint8_t zero[16];
	int r;

	memset(&cfg, 0, sizeof(cfg));
	cfg.server = server;
	cfg.server_key = key;
	err_clear(&e);
	if (transport_init(&t, &cfg, &e) != 0)
		abort();
	transport_start(&t);
	memset(zero, 0, sizeof(zero));
	buf_init(&pkt, 0);
	pad = 8 - ((4 + 1 + 1 + n) % 8);
	if (pad < 4)
		pad += 8;
	buf_put(&pkt, server ? "SSH-2.0-FuzzClient\r\n" : "SSH-2.0-FuzzServer\r\n", 20);
	buf_put_u32(&pkt, (uint32_t)(1 + 1 + n + pad));
	buf_put_u8(&pkt, (uint8_t)pad);
	buf_put_u8(&pkt, SSH_MSG_KEXINIT);
	buf_put(&pkt, data, n);
	buf_put(&pkt, zero, pad);
	transport_feed(&t, buf_ptr(&pkt), buf_avail(&pkt));
	r = transport_read(&t, &q, &qn);
	if (r == 0)
		abort();	/* a KEXINIT never reaches the upper layer */
	if (t.dead) {
		for (i = 0; t.err.msg[i]; i++)
			if (i >= sizeof(t.err.msg))
				abort();
	} else if (!t.kex_theirs_got) {
		abort();
	}
	/* Further calls after an error or mid-KEX must be harmless. */
	transport_read(&t, &q, &qn);
	transport_send(&t, (const uint8_t *)"\x5e", 1);
	buf_release(&pkt);
	transport_release(&t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	static struct sshkey *key;
	struct errinfo e;

	if (n > 200000)
		return 0;
	if (key == NULL && sshkey_parse_private((const uint8_t *)host_key, strlen(host_key), NULL, &key, NULL, &e) != 0)
		abort();
	one(data, n, 0, NULL);
	one(data, n, 1, key);
	return 0;
}
