/*
 * transport — the SSH transport layer (RFC 4253) as a sans-I/O engine.
 *
 * It never touches a socket. The owner feeds it bytes from the peer
 * (transport_feed), asks it for upper-layer packets (transport_read), hands it
 * upper-layer packets to send (transport_send), and moves whatever it produced
 * (transport_output / transport_output_done) to the peer. Everything else — the
 * version exchange (§4.2), the binary packet protocol (§6), KEXINIT negotiation
 * (§7.1), ECDH key exchange (kex.h), the exchange hash and key derivation (§7.2),
 * NEWKEYS (§7.3), rekeying (§9), IGNORE/DEBUG/UNIMPLEMENTED/DISCONNECT (§11), the
 * strict-KEX rules (OpenSSH PROTOCOL §1.9) and EXT_INFO (RFC 8308) — happens
 * inside, between those calls.
 *
 * Upper-layer packets sent while a key exchange is running are queued and go out,
 * in order, under the new keys. Either side may start a re-exchange at any time;
 * the client starts one itself when a direction reaches OpenSSH's volume limits.
 *
 * Errors are sticky: after the first failure every call returns the same code and
 * transport_error() describes it.
 *
 * The server role exists for the in-memory tests (a scripted peer made of the same
 * parts); sextant itself is only ever a client.
 */
#ifndef SEXTANT_SSH_TRANSPORT_H
#define SEXTANT_SSH_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "ssh/cipher.h"
#include "ssh/kex.h"

struct sshkey;

/* Message numbers (RFC 4250 §4.1, RFC 8308, RFC 5656). */
enum {
	SSH_MSG_DISCONNECT = 1,
	SSH_MSG_IGNORE = 2,
	SSH_MSG_UNIMPLEMENTED = 3,
	SSH_MSG_DEBUG = 4,
	SSH_MSG_SERVICE_REQUEST = 5,
	SSH_MSG_SERVICE_ACCEPT = 6,
	SSH_MSG_EXT_INFO = 7,
	SSH_MSG_KEXINIT = 20,
	SSH_MSG_NEWKEYS = 21,
	SSH_MSG_KEX_ECDH_INIT = 30,
	SSH_MSG_KEX_ECDH_REPLY = 31
};

/* Disconnect reason codes (RFC 4253 §11.1). */
enum {
	SSH_DISCONNECT_PROTOCOL_ERROR = 2,
	SSH_DISCONNECT_KEY_EXCHANGE_FAILED = 3,
	SSH_DISCONNECT_MAC_ERROR = 5,
	SSH_DISCONNECT_BY_APPLICATION = 11,
	SSH_DISCONNECT_HOST_KEY_NOT_VERIFIABLE = 9
};

/* OpenSSH's PACKET_MAX_SIZE: bigger packets are refused before any allocation. */
#define TRANSPORT_MAX_PACKET	(256 * 1024)
#define TRANSPORT_MAX_VERSION	255	/* RFC 4253 §4.2, without CR LF */
#define TRANSPORT_MAX_PRELINES	64	/* lines a server may send before its version */

extern const char	hostkey_default_list[];

/*
 * Called (client role) once the server proved it holds the host key of the first key
 * exchange: decide whether the key is the right one for this host (known_hosts).
 * Return 0 to continue, <0 (with e filled) to abort.
 */
typedef int (*transport_hostkey_fn)(void *arg, const struct sshkey *key,
    const uint8_t *blob, size_t blob_len, struct errinfo *e);

struct transport_config {
	int			 server;	/* 0 = client (sextant), 1 = server (tests) */
	const char		*kex_algs;	/* comma lists; NULL = the defaults */
	const char		*hostkey_algs;
	const char		*ciphers;
	const char		*macs;
	const char		*version;	/* our identification, NULL = "SSH-2.0-sextant_<ver>" */
	const char		*label;		/* host name for messages, may be NULL */
	uint64_t		 rekey_bytes;	/* 0 = OpenSSH's limit for the cipher (§3.7) */
	int			 no_strict;	/* tests: do not offer strict KEX */
	int			 no_ext_info;	/* tests: do not offer/send ext-info */
	transport_hostkey_fn	 hostkey_cb;	/* client */
	void			*hostkey_arg;
	struct sshkey		*server_key;	/* server role: host key (borrowed) */
	const char		*server_sig_algs; /* server role: EXT_INFO value, NULL = none sent */
};

struct transport_algs {
	char	kex[64];
	char	hostkey[64];
	char	cipher_ctos[64];
	char	cipher_stoc[64];
	char	mac_ctos[64];
	char	mac_stoc[64];
};

struct ssh_transport {
	struct transport_config	 cfg;
	struct errinfo		 err;
	int			 dead;		/* sticky error code, 0 while alive */

	struct buf		 in;		/* raw bytes from the peer */
	struct buf		 out;		/* raw bytes for the peer */
	struct buf		 queue;		/* upper-layer payloads held during KEX (u32 len + bytes) */

	char			*v_ours;
	char			*v_peer;
	int			 have_version;
	int			 prelines;
	int			 bug_sigtype74;	/* peer is OpenSSH 7.4 (spec/ssh.md §3.6) */

	struct pkt_cipher	*tx, *rx;		/* current */
	struct pkt_cipher	*tx_next, *rx_next;	/* keyed at KEX, current at NEWKEYS */
	uint32_t		 seq_tx, seq_rx;
	int			 rx_len_known;	/* packet length of the packet at in's head is decoded */
	uint32_t		 rx_len;

	/* Key exchange. */
	int			 kex_done_once;	/* the first exchange finished */
	int			 kex_ours_sent;
	int			 kex_theirs_got;
	int			 kex_ecdh_sent;	/* client: INIT sent; server: REPLY sent */
	int			 newkeys_sent;
	int			 skip_guess;	/* peer sent a wrong first_kex_packet_follows guess */
	int			 strict;
	int			 peer_ext_info;	/* server role: client offered ext-info-c */
	struct buf		 i_ours, i_peer;	/* KEXINIT payloads */
	struct kex_ecdh		 ecdh;
	enum kex_alg		 kex_alg;
	struct transport_algs	 algs;
	uint8_t			 session_id[KEX_MAX_HASH];
	size_t			 session_id_len;
	uint8_t			*hostkey_blob;	/* first exchange's K_S: rekeys must present the same */
	size_t			 hostkey_blob_len;
	struct sshkey		*hostkey;

	/* Volume since the last exchange, per direction, for rekeying. */
	uint64_t		 tx_since, rx_since;
	uint64_t		 tx_pkts, rx_pkts;
	uint64_t		 tx_limit, rx_limit;
	uint64_t		 kex_count;	/* completed exchanges */

	char			*server_sig_algs;	/* from EXT_INFO, NULL if none */

	/* Random bytes for packet padding, drawn from core/rand a pool at a time. */
	uint8_t			 padpool[2048];
	size_t			 padpool_left;	/* unused bytes at the end of padpool */
	size_t			 padpool_fill;	/* size of the last refill (grows to the pool's) */
};

int	transport_init(struct ssh_transport *t, const struct transport_config *cfg, struct errinfo *e);
void	transport_release(struct ssh_transport *t);
/* Queues our identification and first KEXINIT. */
int	transport_start(struct ssh_transport *t);

/* Appends bytes from the peer. ERR_RANGE if the peer floods past the input bound. */
int	transport_feed(struct ssh_transport *t, const void *p, size_t n);
/*
 * Next upper-layer packet (message number >= 50, plus SERVICE_REQUEST/ACCEPT):
 * 0 with p and n set (valid until the next transport_feed), ERR_AGAIN if more input
 * is needed, or the sticky error.
 */
int	transport_read(struct ssh_transport *t, const uint8_t **p, size_t *n);
/* Sends (or queues during KEX) one upper-layer payload. */
int	transport_send(struct ssh_transport *t, const uint8_t *p, size_t n);
/* Answers the packet transport_read() returned last with UNIMPLEMENTED (RFC 4253 §11.4). */
int	transport_unimplemented(struct ssh_transport *t);
/* Starts a key re-exchange now (no-op if one is running). */
int	transport_rekey(struct ssh_transport *t);
/* Sends DISCONNECT and marks the transport closed. */
void	transport_disconnect(struct ssh_transport *t, uint32_t reason, const char *msg);

/* Bytes waiting for the peer. */
static inline size_t
transport_output_len(const struct ssh_transport *t)
{
	return buf_avail(&t->out);
}

static inline const uint8_t *
transport_output_ptr(const struct ssh_transport *t)
{
	return buf_ptr(&t->out);
}

void	transport_output_done(struct ssh_transport *t, size_t n);

/* 1 once the first key exchange finished and upper-layer traffic may flow. */
static inline int
transport_ready(const struct ssh_transport *t)
{
	return t->kex_done_once && !t->dead;
}

/* 1 if a key exchange is in progress. */
static inline int
transport_in_kex(const struct ssh_transport *t)
{
	return t->kex_ours_sent || t->kex_theirs_got;
}

/*
 * Whether the server accepts signature algorithm alg for user authentication:
 * server-sig-algs from EXT_INFO, with OpenSSH 7.4's omission of rsa-sha2-* patched
 * in (spec/ssh.md §3.6). -1 if the server sent no EXT_INFO (unknown).
 */
int	transport_peer_accepts_sig(const struct ssh_transport *t, const char *alg);

/* Name-list helpers (RFC 4251 §5), exposed for tests and the option parser. */
int	namelist_has(const char *list, size_t n, const char *name);
/* First entry of client that server also has (RFC 4253 §7.1), into out. 0 or ERR_NOTFOUND. */
int	namelist_negotiate(const char *client, size_t cn, const char *server, size_t sn,
	    char *out, size_t outn);

#endif
