/*
 * fe25519 — arithmetic in GF(2^255 - 19), the field of edwards25519 (RFC 8032
 * §5.1), internal to src/crypto (ed25519.c, ge25519.c).
 *
 * Representation: five unsigned 64-bit limbs in radix 2^51, value
 * sum v[i] * 2^(51 i). Every function returns limbs below 2^52 given inputs below
 * 2^52 ("loosely reduced"); only fe_tobytes produces the unique canonical value.
 * Products use unsigned __int128. No function branches on or indexes memory by
 * field values, so all of them are constant-time (fe_frombytes and fe_tobytes
 * included).
 */
#ifndef SEXTANT_CRYPTO_FE25519_H
#define SEXTANT_CRYPTO_FE25519_H

#include <stdint.h>

struct fe {
	uint64_t	v[5];
};

void	fe_0(struct fe *h);
void	fe_1(struct fe *h);
void	fe_add(struct fe *h, const struct fe *f, const struct fe *g);
void	fe_sub(struct fe *h, const struct fe *f, const struct fe *g);
void	fe_neg(struct fe *h, const struct fe *f);
void	fe_mul(struct fe *h, const struct fe *f, const struct fe *g);
void	fe_sq(struct fe *h, const struct fe *f);
/* h = f^(2^n) (n squarings, n >= 1). */
void	fe_sqn(struct fe *h, const struct fe *f, int n);
/* h = 1/f (f^(p-2)); 0 maps to 0. */
void	fe_invert(struct fe *h, const struct fe *f);
/* h = f^((p-5)/8) = f^(2^252 - 3), the exponent of the square-root ratio (RFC 8032 §5.1.3). */
void	fe_pow22523(struct fe *h, const struct fe *f);
/* If b (0 or 1) then f = g; constant-time. */
void	fe_cmov(struct fe *f, const struct fe *g, unsigned int b);
/* Little-endian 32 bytes; bit 255 ignored; values >= p accepted (reduced later). */
void	fe_frombytes(struct fe *h, const uint8_t s[32]);
/* Canonical little-endian encoding, in [0, p). */
void	fe_tobytes(uint8_t s[32], const struct fe *f);
/* 1 if f == 0 mod p, else 0. */
int	fe_iszero(const struct fe *f);
/* 1 if f == g mod p, else 0. */
int	fe_equal(const struct fe *f, const struct fe *g);
/* Low bit of the canonical value ("negative" in RFC 8032 §5.1.2 terms). */
int	fe_isodd(const struct fe *f);

#endif
