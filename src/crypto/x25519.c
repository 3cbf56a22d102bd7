/*
 * x25519 — RFC 7748 X25519 (see x25519.h): the Montgomery ladder of RFC 7748 §5
 * over fe25519.c's radix-2^51 field arithmetic (the Ed25519 code's).
 *
 * Why not BearSSL's: 0.6 only has 15- and 31-bit limb code for Curve25519
 * (ec_c25519_m31 is its fastest on 64-bit CPUs), and the callgrind profile of an
 * SSH connection (bench/05-ssh-connect.sh) put half of the client's instructions
 * in its two scalar multiplications; with 64x64->128 products the ladder needs
 * about a quarter of those.
 *
 * Constant time: the ladder runs all 255 steps whatever the scalar, swaps with a
 * mask (fe_cswap), and the field code neither branches on nor indexes by values.
 */
#include "crypto/x25519.h"

#include <string.h>

#include "core/err.h"
#include "core/rand.h"
#include "core/wipe.h"
#include "crypto/fe25519.h"

#define MASK51	((((uint64_t)1) << 51) - 1)

/* Swaps f and g if b is 1, leaves them if b is 0, in the same time either way. */
static void
fe_cswap(struct fe *f, struct fe *g, uint64_t b)
{
	uint64_t m = 0 - b, x;

	for (int i = 0; i < 5; i++) {
		x = m & (f->v[i] ^ g->v[i]);
		f->v[i] ^= x;
		g->v[i] ^= x;
	}
}

/*
 * h = f * a24 with a24 = 121665 = (486662 - 2) / 4 (RFC 7748 §5, curve25519).
 * Limbs below 2^52 times 2^17 stay below 2^69; one carry pass brings them back
 * below 2^51, and the top carry (< 2^19) folds into limb 0 as 19 * c.
 */
static void
fe_mul_a24(struct fe *h, const struct fe *f)
{
	unsigned __int128 t;
	uint64_t c = 0;

	for (int i = 0; i < 5; i++) {
		t = (unsigned __int128)f->v[i] * 121665 + c;
		h->v[i] = (uint64_t)t & MASK51;
		c = (uint64_t)(t >> 51);
	}
	h->v[0] += 19 * c;
}

void
x25519(uint8_t out[X25519_LEN], const uint8_t scalar[X25519_LEN], const uint8_t u[X25519_LEN])
{
	struct fe x1, x2, z2, x3, z3, a, aa, b, bb, e, c, d, da, cb, t;
	uint8_t k[X25519_LEN];
	uint64_t swap = 0, bit;

	/* §5 decodeScalar25519: clear the 3 low bits and bit 255, set bit 254. */
	memcpy(k, scalar, X25519_LEN);
	k[0] &= 248;
	k[31] &= 127;
	k[31] |= 64;
	/* decodeUCoordinate: bit 255 ignored; values >= p are used as they are, reduced
	 * by the arithmetic (§5: non-canonical values MUST be accepted). */
	fe_frombytes(&x1, u);
	fe_1(&x2);
	fe_0(&z2);
	x3 = x1;
	fe_1(&z3);
	for (int i = 254; i >= 0; i--) {
		bit = (uint64_t)(k[i >> 3] >> (i & 7)) & 1;
		swap ^= bit;
		fe_cswap(&x2, &x3, swap);
		fe_cswap(&z2, &z3, swap);
		swap = bit;
		fe_add(&a, &x2, &z2);		/* A = x_2 + z_2 */
		fe_sq(&aa, &a);			/* AA = A^2 */
		fe_sub(&b, &x2, &z2);		/* B = x_2 - z_2 */
		fe_sq(&bb, &b);			/* BB = B^2 */
		fe_sub(&e, &aa, &bb);		/* E = AA - BB */
		fe_add(&c, &x3, &z3);		/* C = x_3 + z_3 */
		fe_sub(&d, &x3, &z3);		/* D = x_3 - z_3 */
		fe_mul(&da, &d, &a);		/* DA = D * A */
		fe_mul(&cb, &c, &b);		/* CB = C * B */
		fe_add(&t, &da, &cb);
		fe_sq(&x3, &t);			/* x_3 = (DA + CB)^2 */
		fe_sub(&t, &da, &cb);
		fe_sq(&t, &t);
		fe_mul(&z3, &x1, &t);		/* z_3 = x_1 * (DA - CB)^2 */
		fe_mul(&x2, &aa, &bb);		/* x_2 = AA * BB */
		fe_mul_a24(&t, &e);
		fe_add(&t, &aa, &t);
		fe_mul(&z2, &e, &t);		/* z_2 = E * (AA + a24 * E) */
	}
	fe_cswap(&x2, &x3, swap);
	fe_cswap(&z2, &z3, swap);
	/* x_2 * z_2^(p - 2); z_2 = 0 (small-order u) gives 0, refused by x25519_shared. */
	fe_invert(&z2, &z2);
	fe_mul(&x2, &x2, &z2);
	fe_tobytes(out, &x2);

	wipe(k, sizeof(k));
	wipe(&x2, sizeof(x2));
	wipe(&z2, sizeof(z2));
	wipe(&x3, sizeof(x3));
	wipe(&z3, sizeof(z3));
	wipe(&a, sizeof(a));
	wipe(&aa, sizeof(aa));
	wipe(&b, sizeof(b));
	wipe(&bb, sizeof(bb));
	wipe(&e, sizeof(e));
	wipe(&c, sizeof(c));
	wipe(&d, sizeof(d));
	wipe(&da, sizeof(da));
	wipe(&cb, sizeof(cb));
	wipe(&t, sizeof(t));
}

void
x25519_pubkey(uint8_t pub[X25519_LEN], const uint8_t sk[X25519_LEN])
{
	/* The base point u = 9 (§4.1). */
	static const uint8_t nine[X25519_LEN] = { 9 };

	x25519(pub, sk, nine);
}

void
x25519_keygen(uint8_t sk[X25519_LEN], uint8_t pub[X25519_LEN])
{
	rand_bytes(sk, X25519_LEN);
	x25519_pubkey(pub, sk);
}

int
x25519_shared(uint8_t out[X25519_LEN], const uint8_t sk[X25519_LEN],
    const uint8_t peer[X25519_LEN])
{
	uint8_t acc = 0;

	x25519(out, sk, peer);
	/* RFC 8731 §3 / RFC 7748 §6.1: abort on an all-zero secret (constant time). */
	for (size_t i = 0; i < X25519_LEN; i++)
		acc |= out[i];
	return acc == 0 ? ERR_CRYPTO : 0;
}
