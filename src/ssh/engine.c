/*
 * engine — transport + auth + channels for one client connection (engine.h).
 */
#include "ssh/engine.h"

#include <string.h>

#include "core/log.h"

int
engine_init(struct ssh_engine *en, const struct engine_config *cfg, struct errinfo *e)
{
	int r;

	memset(en, 0, sizeof(*en));
	err_clear(&en->err);
	if ((r = transport_init(&en->t, &cfg->tc, e)) != 0)
		return r;
	auth_init(&en->auth, cfg->user, cfg->ids, cfg->nids, cfg->sign, cfg->sign_arg);
	chanmux_init(&en->mux, &en->t);
	en->state = ENGINE_HANDSHAKE;
	return 0;
}

static int
die(struct ssh_engine *en, const struct errinfo *e)
{
	if (en->state != ENGINE_DEAD) {
		en->err = *e;
		if (en->err.code == 0)
			en->err.code = ERR_PROTO;
		en->state = ENGINE_DEAD;
		/* Tell the peer why, unless it is the one that went away. */
		if (e->code != ERR_CLOSED)
			transport_disconnect(&en->t, e->code == ERR_AUTH ? 14 /* NO_MORE_AUTH_METHODS */ :
			    e->code == ERR_HOSTKEY ? SSH_DISCONNECT_HOST_KEY_NOT_VERIFIABLE :
			    e->code == ERR_CRYPTO ? SSH_DISCONNECT_MAC_ERROR : SSH_DISCONNECT_PROTOCOL_ERROR,
			    e->msg);
		/* Every channel learns the connection is gone (on_close), so waiters wake. */
		chanmux_release(&en->mux);
		chanmux_init(&en->mux, &en->t);
	}
	return en->err.code;
}

int
engine_start(struct ssh_engine *en)
{
	struct errinfo e;
	int r;

	err_clear(&e);
	if ((r = transport_start(&en->t)) != 0)
		return die(en, &en->t.err);
	/* Queued until NEWKEYS, then sent in the same flight (no extra round trip). */
	if ((r = auth_start(&en->auth, &en->t, &e)) != 0)
		return die(en, &e);
	return 0;
}

int
engine_feed(struct ssh_engine *en, const void *p, size_t n)
{
	if (en->state == ENGINE_DEAD)
		return en->err.code;
	if (transport_feed(&en->t, p, n) != 0)
		return die(en, &en->t.err);
	return 0;
}

int
engine_step(struct ssh_engine *en)
{
	const uint8_t *p;
	size_t n;
	struct errinfo e;
	int r;

	if (en->state == ENGINE_DEAD)
		return en->err.code;
	for (;;) {
		r = transport_read(&en->t, &p, &n);
		if (r == ERR_AGAIN)
			return 0;
		if (r != 0)
			return die(en, &en->t.err);
		en->events++;
		err_clear(&e);
		/* RFC 4253 §11.4: messages we do not know are answered, not fatal. */
		if (p[0] > SSH_MSG_CHANNEL_FAILURE ||
		    (p[0] > SSH_MSG_USERAUTH_PK_OK && p[0] < SSH_MSG_GLOBAL_REQUEST)) {
			if (transport_unimplemented(&en->t) != 0)
				return die(en, &en->t.err);
			continue;
		}
		if (en->state == ENGINE_HANDSHAKE) {
			r = auth_handle(&en->auth, &en->t, p, n, &e);
			if (r < 0)
				return die(en, &e);
			if (r == 1) {
				en->state = ENGINE_READY;
				log_debug("%s%sauth: authenticated as %s (%s)", en->t.cfg.label ? en->t.cfg.label : "",
				    en->t.cfg.label ? ": " : "", en->auth.user, en->auth.last_alg);
			}
		} else if (p[0] >= SSH_MSG_GLOBAL_REQUEST && p[0] <= SSH_MSG_CHANNEL_FAILURE) {
			if ((r = chanmux_handle(&en->mux, p, n, &e)) != 0)
				return die(en, &e);
		} else if (p[0] == SSH_MSG_USERAUTH_BANNER) {
			continue;
		} else {
			err_set(&e, ERR_PROTO, "unexpected message %u", p[0]);
			return die(en, &e);
		}
		if (en->t.dead)
			return die(en, &en->t.err);
	}
}

void
engine_eof(struct ssh_engine *en)
{
	struct errinfo e;

	if (en->state == ENGINE_DEAD)
		return;
	/* A disconnect message already in the input explains the close better. */
	engine_step(en);
	if (en->state == ENGINE_DEAD)
		return;
	err_set(&e, ERR_CLOSED, "connection closed by the server%s",
	    en->t.kex_done_once ? "" : " during the handshake");
	die(en, &e);
}

void
engine_fail(struct ssh_engine *en, const struct errinfo *e)
{
	die(en, e);
}

void
engine_close(struct ssh_engine *en, const char *why)
{
	if (en->state != ENGINE_DEAD) {
		transport_disconnect(&en->t, SSH_DISCONNECT_BY_APPLICATION, why);
		err_set(&en->err, ERR_CLOSED, "connection closed: %s", why);
		en->state = ENGINE_DEAD;
		chanmux_release(&en->mux);
		chanmux_init(&en->mux, &en->t);
	}
}

void
engine_release(struct ssh_engine *en)
{
	chanmux_release(&en->mux);
	auth_release(&en->auth);
	transport_release(&en->t);
}
