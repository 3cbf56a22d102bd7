/*
 * engine — one SSH client connection as a sans-I/O state machine: the transport
 * (transport.h), user authentication (auth.h) and the channel multiplexer
 * (channel.h) glued together.
 *
 * The owner (ssh.c's I/O loop, or a test) moves bytes: engine_feed() what came
 * from the peer, engine_step() to act on it, then sends engine_output*(). Any
 * transport can carry it — a TCP socket, or later a direct-tcpip channel of
 * another connection (ProxyJump) — because the engine never sees a descriptor.
 *
 * Not thread-safe: one owner at a time (ssh.c serialises with its lock).
 */
#ifndef SEXTANT_SSH_ENGINE_H
#define SEXTANT_SSH_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "ssh/auth.h"
#include "ssh/channel.h"
#include "ssh/transport.h"

enum engine_state {
	ENGINE_HANDSHAKE,	/* version, KEX, authentication */
	ENGINE_READY,		/* authenticated: channels may be opened */
	ENGINE_DEAD		/* failed or closed; see err */
};

struct engine_config {
	struct transport_config		 tc;
	const char			*user;
	const struct auth_identity	*ids;	/* borrowed; must outlive the engine */
	size_t				 nids;
	auth_sign_fn			 sign;
	void				*sign_arg;
};

struct ssh_engine {
	struct ssh_transport	 t;
	struct ssh_auth		 auth;
	struct ssh_chanmux	 mux;
	enum engine_state	 state;
	struct errinfo		 err;
	uint64_t		 events;	/* messages handled so far (owners wake waiters on change) */
};

int	engine_init(struct ssh_engine *en, const struct engine_config *cfg, struct errinfo *e);
/* Queues the identification, KEXINIT and the userauth service request. */
int	engine_start(struct ssh_engine *en);
int	engine_feed(struct ssh_engine *en, const void *p, size_t n);
/* Handles everything fed so far. 0, or the sticky error (state becomes ENGINE_DEAD). */
int	engine_step(struct ssh_engine *en);
/* The peer closed the stream: fails the engine with ERR_CLOSED unless already dead. */
void	engine_eof(struct ssh_engine *en);
/* Marks the engine dead with e (e.g. a local timeout or socket error). */
void	engine_fail(struct ssh_engine *en, const struct errinfo *e);
/* Sends DISCONNECT (if alive) and closes every channel. */
void	engine_close(struct ssh_engine *en, const char *why);
void	engine_release(struct ssh_engine *en);

static inline size_t
engine_output_len(const struct ssh_engine *en)
{
	return transport_output_len(&en->t);
}

static inline const uint8_t *
engine_output_ptr(const struct ssh_engine *en)
{
	return transport_output_ptr(&en->t);
}

static inline void
engine_output_done(struct ssh_engine *en, size_t n)
{
	transport_output_done(&en->t, n);
}

#endif
