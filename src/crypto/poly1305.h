/*
 * poly1305 — the one-time authenticator of RFC 8439 §2.5, raw (key = r || s).
 * BearSSL only exposes Poly1305 inside its ChaCha20+Poly1305 AEAD, which is the
 * RFC 8439 AEAD, not the construction OpenSSH uses; hence this.
 */
#ifndef SEXTANT_CRYPTO_POLY1305_H
#define SEXTANT_CRYPTO_POLY1305_H

#include <stddef.h>
#include <stdint.h>

#define POLY1305_KEY_LEN	32
#define POLY1305_TAG_LEN	16

void	poly1305_mac(uint8_t tag[POLY1305_TAG_LEN], const uint8_t *m, size_t n,
	    const uint8_t key[POLY1305_KEY_LEN]);

/* Incremental form: init, any number of updates (any lengths), final (wipes). */
struct poly1305_ctx {
	uint64_t	r0, r1, s1;	/* clamped r, s1 = 5 r1 / 4 */
	uint64_t	h0, h1, h2;	/* accumulator */
	uint64_t	pad0, pad1;	/* s */
	uint8_t		buf[16];
	size_t		buflen;
};

void	poly1305_init(struct poly1305_ctx *c, const uint8_t key[POLY1305_KEY_LEN]);
void	poly1305_update(struct poly1305_ctx *c, const uint8_t *m, size_t n);
void	poly1305_final(struct poly1305_ctx *c, uint8_t tag[POLY1305_TAG_LEN]);

#endif
