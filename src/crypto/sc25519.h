/*
 * sc25519 — arithmetic modulo the edwards25519 group order
 * L = 2^252 + 27742317777372353535851937790883648493 (RFC 8032 §5.1), internal to
 * src/crypto. Scalars are 32-byte little-endian strings. All functions are
 * constant-time (they handle the secret scalar and nonce when signing).
 */
#ifndef SEXTANT_CRYPTO_SC25519_H
#define SEXTANT_CRYPTO_SC25519_H

#include <stdint.h>

/* out = in mod L, in a 64-byte little-endian integer (a SHA-512 output). */
void	sc_reduce(uint8_t out[32], const uint8_t in[64]);
/* out = (a * b + c) mod L for any 256-bit a, b, c. */
void	sc_muladd(uint8_t out[32], const uint8_t a[32], const uint8_t b[32], const uint8_t c[32]);
/* 1 if s < L (canonical, RFC 8032 §5.1.7 step 1), else 0. */
int	sc_is_canonical(const uint8_t s[32]);

#endif
