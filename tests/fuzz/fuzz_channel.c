// sources: src/core/*.c src/crypto/*.c src/ssh/*.c
/*
 * The connection protocol as the peer drives it (src/ssh/channel.c): replies
 * to our global requests, channel opens from the peer (accepted with a
 * reader-driven window, refused, or answered later), data past windows,
 * adjusts, EOF/CLOSE in every order, requests — plus the -L/-R argument parser
 * (src/ssh/fwd.c ssh_fwd_parse) on the input's first line.
 *
 * The rest of the input is payloads (u16 length + bytes) handed to
 * chanmux_handle() one by one, as the transport would after decryption. Two
 * channels of ours are open (one with a manual window) and three global
 * requests wait for replies. Nothing may crash or over-read; after an error the
 * harness stops, as the engine does.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "ssh/channel.h"
#include "ssh/forward.h"
#include "ssh/transport.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

static size_t consumed_hint;

static void
on_reply(void *arg, int ok, const uint8_t *p, size_t n)
{
	(void)arg; (void)ok;
	if (n > TRANSPORT_MAX_PACKET)
		abort();
	if (n)
		consumed_hint += p[0];
}

static void
on_data(void *arg, struct ssh_chan *c, int stream, const uint8_t *p, size_t n)
{
	(void)arg; (void)stream;
	if (n > CHAN_MAX_PACKET)
		abort();
	if (c->manual_window && n && (p[0] & 1))
		chan_consumed(c, n);
	if (n > 1 && p[1] == 'E')
		chan_send_eof(c);
	if (n > 1 && p[1] == 'C')
		chan_close(c);
	if (n > 1 && p[1] == 'W')
		chan_write(c, 0, p, n);
}

static void
on_req(void *arg, struct ssh_chan *c, const char *type, const uint8_t *p, size_t n)
{
	(void)arg; (void)c; (void)type; (void)p;
	if (n > TRANSPORT_MAX_PACKET)
		abort();
}

static const struct chan_ops ops = { .on_data = on_data, .on_request = on_req };

static int
open_handler(void *arg, struct ssh_chanmux *m, const struct chan_open_req *req)
{
	struct ssh_chan *c;
	struct errinfo e;

	(void)arg;
	if (req->extra_len > TRANSPORT_MAX_PACKET)
		abort();
	err_clear(&e);
	if (strcmp(req->type, "forwarded-tcpip") == 0) {
		if (chan_accept(m, req->sender, req->window, req->max_packet, &ops, NULL, &c, &e) == 0)
			chan_set_manual_window(c);
		return 0;
	}
	if (strcmp(req->type, "auth-agent@openssh.com") == 0)
		return chan_refuse(m, req->sender, 2, "connect failed");
	return -1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct ssh_transport t;
	struct transport_config tc;
	struct ssh_chanmux m;
	struct ssh_chan *c1 = NULL, *c2 = NULL;
	struct ssh_fwd_spec spec;
	struct errinfo e;
	const uint8_t *nl = memchr(data, '\n', n < 200 ? n : 200);
	size_t off;

	if (nl) {
		char line[201], *store = NULL;
		size_t l = (size_t)(nl - data);

		memcpy(line, data, l);
		line[l] = '\0';
		if (strlen(line) == l && ssh_fwd_parse(line, &spec, &store, &e) == 0 && spec.connect_path == NULL &&
		    (spec.connect_host == NULL || spec.connect_port < 1 || spec.connect_port > 65535))
			abort();
		free(store);
		off = l + 1;
	} else {
		off = 0;
	}
	memset(&tc, 0, sizeof(tc));
	err_clear(&e);
	if (transport_init(&t, &tc, &e) != 0)
		return 0;
	chanmux_init(&m, &t);
	chanmux_set_open_handler(&m, open_handler, NULL);
	chan_open(&m, "session", NULL, 0, &ops, NULL, &c1, &e);
	chan_open(&m, "direct-tcpip", NULL, 0, &ops, NULL, &c2, &e);
	if (c2)
		chan_set_manual_window(c2);
	chanmux_global_request(&m, "keepalive@openssh.com", NULL, 0, on_reply, NULL);
	chanmux_global_request(&m, "tcpip-forward", (const uint8_t *)"\0\0\0\0\0\0\0\0", 8, on_reply, &m);
	chanmux_global_request(&m, "keepalive@openssh.com", NULL, 0, on_reply, NULL);
	while (off + 2 <= n) {
		size_t len = (size_t)data[off] << 8 | data[off + 1];

		off += 2;
		if (len == 0 || len > n - off)
			break;
		if (data[off] < SSH_MSG_GLOBAL_REQUEST || data[off] > SSH_MSG_CHANNEL_FAILURE)
			break;	/* the engine only hands 80..100 to the channel layer */
		err_clear(&e);
		if (chanmux_handle(&m, data + off, len, &e) != 0)
			break;
		off += len;
	}
	chanmux_release(&m);
	transport_release(&t);
	return 0;
}
