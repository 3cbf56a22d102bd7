/*
 * kex — the elliptic-curve Diffie-Hellman key exchanges, the exchange hash and
 * key derivation.
 *
 *   curve25519-sha256, curve25519-sha256@libssh.org    RFC 8731 (X25519, RFC 7748)
 *   ecdh-sha2-nistp256                                 RFC 5656 §4 (P-256)
 *
 * Both use SHA-256 and the same message shapes (SSH_MSG_KEX_ECDH_INIT 30 with
 * Q_C, SSH_MSG_KEX_ECDH_REPLY 31 with K_S, Q_S, signature). The shared secret K is
 * encoded as an mpint of the big-endian interpretation of the raw secret (RFC 8731 §3,
 * RFC 5656 §4), both in the exchange hash and in key derivation.
 *
 * No I/O; the transport calls these and moves the messages.
 */
#ifndef SEXTANT_SSH_KEX_H
#define SEXTANT_SSH_KEX_H

#include <stddef.h>
#include <stdint.h>

#include <bearssl.h>

struct buf;
struct errinfo;

enum kex_alg {
	KEX_NONE = 0,
	KEX_CURVE25519,
	KEX_ECDH_P256
};

#define KEX_MAX_PUB	65	/* P-256 uncompressed point */
#define KEX_MAX_SECRET	32
#define KEX_MAX_HASH	64

struct kex_ecdh {
	enum kex_alg	 alg;
	uint8_t		 sk[32];
	size_t		 sk_len;
	uint8_t		 pub[KEX_MAX_PUB];
	size_t		 pub_len;
};

extern const char	kex_default_list[];
/* KEX_NONE if the name is not a supported key exchange. */
enum kex_alg		kex_by_name(const char *name);
const br_hash_class	*kex_hash(enum kex_alg alg);

/* Makes an ephemeral key pair. */
void	kex_ecdh_init(struct kex_ecdh *k, enum kex_alg alg);
void	kex_ecdh_release(struct kex_ecdh *k);
/*
 * Computes the shared secret from the peer's public value and appends it to out as
 * an mpint (out should be a secret buf). Rejects a wrong-length or off-curve peer
 * value and an all-zero X25519 result (RFC 8731 §3) with ERR_CRYPTO.
 */
int	kex_ecdh_shared(const struct kex_ecdh *k, const uint8_t *peer, size_t n,
	    struct buf *k_mpint, struct errinfo *e);

/*
 * Exchange hash for ECDH-style KEX (RFC 5656 §4, RFC 8731 §3):
 * H = HASH(string V_C || string V_S || string I_C || string I_S || string K_S ||
 *          string Q_C || string Q_S || K as encoded), K already an mpint.
 * Returns the hash length.
 */
size_t	kex_exchange_hash(const br_hash_class *h, const char *v_c, const char *v_s,
	    const uint8_t *i_c, size_t i_c_len, const uint8_t *i_s, size_t i_s_len,
	    const uint8_t *k_s, size_t k_s_len, const uint8_t *q_c, size_t q_c_len,
	    const uint8_t *q_s, size_t q_s_len, const uint8_t *k_mpint, size_t k_len,
	    uint8_t out[KEX_MAX_HASH]);

/*
 * RFC 4253 §7.2: key = HASH(K || H || letter || session_id), extended with
 * HASH(K || H || K1 || ... ) until need bytes. K is the mpint encoding.
 */
void	kex_derive(const br_hash_class *h, const uint8_t *k_mpint, size_t k_len,
	    const uint8_t *hash, size_t hash_len, char letter, const uint8_t *sid,
	    size_t sid_len, uint8_t *out, size_t need);

#endif
