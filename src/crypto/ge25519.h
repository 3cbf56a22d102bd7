/*
 * ge25519 — the edwards25519 group (RFC 8032 §5.1: -x^2 + y^2 = 1 + d x^2 y^2
 * over GF(2^255 - 19)), internal to src/crypto.
 *
 * Points are kept in extended homogeneous coordinates (X : Y : Z : T) with
 * x = X/Z, y = Y/Z, x y = T/Z (Hisil, Wong, Carter, Dawson, "Twisted Edwards
 * curves revisited", 2008; formulas as in RFC 8032 §5.1.4).
 */
#ifndef SEXTANT_CRYPTO_GE25519_H
#define SEXTANT_CRYPTO_GE25519_H

#include <stdint.h>

#include "crypto/fe25519.h"

struct ge {
	struct fe	X, Y, Z, T;
};

void	ge_identity(struct ge *p);
void	ge_base(struct ge *p);	/* B, RFC 8032 §5.1 */
/*
 * Strict decoding (RFC 8032 §5.1.3): fails (-1) if y >= p, if the x^2 equation
 * has no root, or for x = 0 with the sign bit set ("negative zero"). 0 on success.
 * Variable time: only for public data.
 */
int	ge_frombytes(struct ge *p, const uint8_t s[32]);
void	ge_tobytes(uint8_t s[32], const struct ge *p);
/* 1 if [8]P is the identity (P in the small torsion subgroup). Variable time. */
int	ge_is_small_order(const struct ge *p);
void	ge_neg(struct ge *r, const struct ge *p);
void	ge_add(struct ge *r, const struct ge *p, const struct ge *q);
void	ge_dbl(struct ge *r, const struct ge *p);
/* r = [a]B, a a 32-byte little-endian scalar with a[31] <= 127. Constant-time. */
void	ge_scalarmult_base(struct ge *r, const uint8_t a[32]);
/* r = [a]P + [b]B for public a, b (any 256-bit values). Variable time. */
void	ge_double_scalarmult_vartime(struct ge *r, const uint8_t a[32], const struct ge *p,
	    const uint8_t b[32]);

#endif
