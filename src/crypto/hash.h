/*
 * hash — SHA-1/256/384/512 and HMAC over them: a thin adapter over BearSSL
 * (inc/bearssl_hash.h, inc/bearssl_hmac.h) so that SSH code can name a hash by an
 * enum (exchange hash, key derivation RFC 4253 §7.2, hmac-sha2-* MACs RFC 6668,
 * hashed known_hosts HMAC-SHA1, rsa-sha2-* RFC 8332, fingerprints).
 *
 * Contexts are plain structs (no interior pointers), so they can be copied, e.g.
 * to fork a running hash. Keys are wiped by hmac_key_release().
 */
#ifndef SEXTANT_CRYPTO_HASH_H
#define SEXTANT_CRYPTO_HASH_H

#include <bearssl.h>
#include <stddef.h>
#include <stdint.h>

enum hash_alg {
	HASH_SHA1 = 1,
	HASH_SHA256,
	HASH_SHA384,
	HASH_SHA512
};

#define HASH_MAX_LEN	64	/* SHA-512 */

struct hash_ctx {
	br_hash_compat_context	c;
};

/* Output length in bytes (20, 32, 48, 64); 0 for an unknown value. */
size_t	hash_len(enum hash_alg alg);
/* The BearSSL class (for APIs that want one, e.g. ECDSA/RSA); NULL if unknown. */
const br_hash_class *hash_class(enum hash_alg alg);
/* BearSSL's DigestInfo OID for RSA PKCS#1 v1.5 (BR_HASH_OID_*). */
const unsigned char *hash_oid(enum hash_alg alg);

void	hash_init(struct hash_ctx *h, enum hash_alg alg);
void	hash_update(struct hash_ctx *h, const void *data, size_t n);
/* Writes hash_len() bytes; non-destructive (more updates may follow). */
void	hash_final(const struct hash_ctx *h, uint8_t *out);
void	hash_once(enum hash_alg alg, uint8_t *out, const void *data, size_t n);

/*
 * HMAC (RFC 2104). struct hmac_key holds the precomputed inner/outer states and is
 * reusable: per SSH packet, hmac_init() from the key (a struct copy), update with
 * seqnr || packet, hmac_final().
 */
struct hmac_key {
	br_hmac_key_context	k;
};

struct hmac_ctx {
	br_hmac_context		c;
};

void	hmac_key_init(struct hmac_key *k, enum hash_alg alg, const void *key, size_t keylen);
void	hmac_key_release(struct hmac_key *k);	/* wipes */
void	hmac_init(struct hmac_ctx *c, const struct hmac_key *k);
void	hmac_update(struct hmac_ctx *c, const void *data, size_t n);
/* Writes the full-length MAC (hash_len() bytes) and returns that length. */
size_t	hmac_final(const struct hmac_ctx *c, uint8_t *out);
void	hmac_release(struct hmac_ctx *c);	/* wipes */
/* One-shot; out gets hash_len(alg) bytes. */
void	hmac_once(enum hash_alg alg, const void *key, size_t keylen, const void *data,
	    size_t n, uint8_t *out);

#endif
