/*
 * x25519 — Diffie-Hellman on Curve25519 (RFC 7748 §5, §6.1) for the
 * curve25519-sha256 key exchange (RFC 8731): the RFC 7748 Montgomery ladder on
 * fe25519.c's 64-bit field code (BearSSL 0.6 has no 64-bit Curve25519 code; its
 * m31 took twice the instructions of a whole connection's other crypto).
 * Byte order is RFC 7748's (little-endian scalars and u-coordinates); scalars are
 * clamped here (decodeScalar25519).
 */
#ifndef SEXTANT_CRYPTO_X25519_H
#define SEXTANT_CRYPTO_X25519_H

#include <stdint.h>

#define X25519_LEN	32

/* Random secret (from core/rand) and its public value. Caller wipes sk. */
void	x25519_keygen(uint8_t sk[X25519_LEN], uint8_t pub[X25519_LEN]);
/* pub = X25519(sk, 9). */
void	x25519_pubkey(uint8_t pub[X25519_LEN], const uint8_t sk[X25519_LEN]);
/* out = X25519(sk, peer). Returns ERR_CRYPTO (and zero output) if the result is
 * all-zero (low-order peer point), as RFC 8731 §3 requires; else 0. */
int	x25519_shared(uint8_t out[X25519_LEN], const uint8_t sk[X25519_LEN],
	    const uint8_t peer[X25519_LEN]);
/* The raw function (no all-zero check), for the RFC 7748 test vectors. */
void	x25519(uint8_t out[X25519_LEN], const uint8_t scalar[X25519_LEN],
	    const uint8_t u[X25519_LEN]);

#endif
