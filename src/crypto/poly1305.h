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

#endif
