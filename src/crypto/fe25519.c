/*
 * fe25519 — GF(2^255 - 19) in radix 2^51 (see fe25519.h).
 *
 * Reduction uses 2^255 = 19 (mod p): a product term landing at 2^(51*(i+j)) with
 * i + j >= 5 is folded back to 2^(51*(i+j-5)) times 19.
 */
#include "crypto/fe25519.h"

#include <string.h>

#include "core/endian.h"

#define MASK51	((((uint64_t)1) << 51) - 1)

typedef unsigned __int128 u128;

void
fe_0(struct fe *h)
{
	memset(h, 0, sizeof(*h));
}

void
fe_1(struct fe *h)
{
	memset(h, 0, sizeof(*h));
	h->v[0] = 1;
}

/* One carry pass: limbs 1..4 end below 2^51, limb 0 below 2^51 + 19 * 2^13. */
static void
carry(uint64_t v[5])
{
	uint64_t c;

	c = v[0] >> 51; v[0] &= MASK51; v[1] += c;
	c = v[1] >> 51; v[1] &= MASK51; v[2] += c;
	c = v[2] >> 51; v[2] &= MASK51; v[3] += c;
	c = v[3] >> 51; v[3] &= MASK51; v[4] += c;
	c = v[4] >> 51; v[4] &= MASK51; v[0] += 19 * c;
}

void
fe_add(struct fe *h, const struct fe *f, const struct fe *g)
{
	for (int i = 0; i < 5; i++)
		h->v[i] = f->v[i] + g->v[i];
	carry(h->v);
}

/*
 * f - g computed as f + 4p - g so that no limb underflows (g's limbs are below
 * 2^52 < 4p's limbs 2^53 - 76 and 2^53 - 4).
 */
void
fe_sub(struct fe *h, const struct fe *f, const struct fe *g)
{
	h->v[0] = f->v[0] + ((((uint64_t)1) << 53) - 76) - g->v[0];
	for (int i = 1; i < 5; i++)
		h->v[i] = f->v[i] + ((((uint64_t)1) << 53) - 4) - g->v[i];
	carry(h->v);
}

void
fe_neg(struct fe *h, const struct fe *f)
{
	struct fe z;

	fe_0(&z);
	fe_sub(h, &z, f);
}

/*
 * Carries five 128-bit column sums into limbs. Column sums are below 2^113 for
 * inputs below 2^52, so the top carry c < 2^62 and 19 * c needs 128 bits.
 */
static void
carry_wide(uint64_t out[5], u128 t0, u128 t1, u128 t2, u128 t3, u128 t4)
{
	u128 c;
	uint64_t r0, r1;

	t1 += t0 >> 51; r0 = (uint64_t)t0 & MASK51;
	t2 += t1 >> 51; r1 = (uint64_t)t1 & MASK51;
	t3 += t2 >> 51; out[2] = (uint64_t)t2 & MASK51;
	t4 += t3 >> 51; out[3] = (uint64_t)t3 & MASK51;
	c = t4 >> 51;   out[4] = (uint64_t)t4 & MASK51;
	c = (u128)r0 + c * 19;
	out[0] = (uint64_t)c & MASK51;
	out[1] = r1 + (uint64_t)(c >> 51);
}

void
fe_mul(struct fe *h, const struct fe *f, const struct fe *g)
{
	uint64_t f0 = f->v[0], f1 = f->v[1], f2 = f->v[2], f3 = f->v[3], f4 = f->v[4];
	uint64_t g0 = g->v[0], g1 = g->v[1], g2 = g->v[2], g3 = g->v[3], g4 = g->v[4];
	uint64_t g1_19 = 19 * g1, g2_19 = 19 * g2, g3_19 = 19 * g3, g4_19 = 19 * g4;
	u128 t0, t1, t2, t3, t4;

	t0 = (u128)f0 * g0 + (u128)f1 * g4_19 + (u128)f2 * g3_19 + (u128)f3 * g2_19 +
	    (u128)f4 * g1_19;
	t1 = (u128)f0 * g1 + (u128)f1 * g0 + (u128)f2 * g4_19 + (u128)f3 * g3_19 +
	    (u128)f4 * g2_19;
	t2 = (u128)f0 * g2 + (u128)f1 * g1 + (u128)f2 * g0 + (u128)f3 * g4_19 +
	    (u128)f4 * g3_19;
	t3 = (u128)f0 * g3 + (u128)f1 * g2 + (u128)f2 * g1 + (u128)f3 * g0 +
	    (u128)f4 * g4_19;
	t4 = (u128)f0 * g4 + (u128)f1 * g3 + (u128)f2 * g2 + (u128)f3 * g1 +
	    (u128)f4 * g0;
	carry_wide(h->v, t0, t1, t2, t3, t4);
}

void
fe_sq(struct fe *h, const struct fe *f)
{
	uint64_t f0 = f->v[0], f1 = f->v[1], f2 = f->v[2], f3 = f->v[3], f4 = f->v[4];
	uint64_t f0_2 = 2 * f0, f1_2 = 2 * f1, f2_2 = 2 * f2;
	uint64_t f3_19 = 19 * f3, f4_19 = 19 * f4;
	u128 t0, t1, t2, t3, t4;

	/* Column k collects f_i f_j with i + j = k, and 19 f_i f_j with i + j = k + 5. */
	t0 = (u128)f0 * f0 + (u128)f1_2 * f4_19 + (u128)f2_2 * f3_19;
	t1 = (u128)f0_2 * f1 + (u128)f2_2 * f4_19 + (u128)f3 * f3_19;
	t2 = (u128)f0_2 * f2 + (u128)f1 * f1 + (u128)(2 * f3) * f4_19;
	t3 = (u128)f0_2 * f3 + (u128)f1_2 * f2 + (u128)f4 * f4_19;
	t4 = (u128)f0_2 * f4 + (u128)f1_2 * f3 + (u128)f2 * f2;
	carry_wide(h->v, t0, t1, t2, t3, t4);
}

void
fe_sqn(struct fe *h, const struct fe *f, int n)
{
	fe_sq(h, f);
	while (--n > 0)
		fe_sq(h, h);
}

/*
 * z^(2^250 - 1) and z^11, the common prefix of the two exponentiations below.
 * Exponents of the intermediate values are given as 2^a - 2^b.
 */
static void
pow_2_250_1(struct fe *z250, struct fe *z11, const struct fe *z)
{
	struct fe z2, z9, t, z5, z10, z20, z50, z100;

	fe_sq(&z2, z);			/* 2 */
	fe_sqn(&t, &z2, 2);		/* 8 */
	fe_mul(&z9, &t, z);		/* 9 */
	fe_mul(z11, &z9, &z2);		/* 11 */
	fe_sq(&t, z11);			/* 22 */
	fe_mul(&z5, &t, &z9);		/* 31 = 2^5 - 1 */
	fe_sqn(&t, &z5, 5);
	fe_mul(&z10, &t, &z5);		/* 2^10 - 1 */
	fe_sqn(&t, &z10, 10);
	fe_mul(&z20, &t, &z10);		/* 2^20 - 1 */
	fe_sqn(&t, &z20, 20);
	fe_mul(&t, &t, &z20);		/* 2^40 - 1 */
	fe_sqn(&t, &t, 10);
	fe_mul(&z50, &t, &z10);		/* 2^50 - 1 */
	fe_sqn(&t, &z50, 50);
	fe_mul(&z100, &t, &z50);	/* 2^100 - 1 */
	fe_sqn(&t, &z100, 100);
	fe_mul(&t, &t, &z100);		/* 2^200 - 1 */
	fe_sqn(&t, &t, 50);
	fe_mul(z250, &t, &z50);		/* 2^250 - 1 */
}

void
fe_invert(struct fe *h, const struct fe *f)
{
	struct fe z250, z11;

	/* p - 2 = 2^255 - 21 = (2^250 - 1) * 2^5 + 11 */
	pow_2_250_1(&z250, &z11, f);
	fe_sqn(&z250, &z250, 5);
	fe_mul(h, &z250, &z11);
}

void
fe_pow22523(struct fe *h, const struct fe *f)
{
	struct fe z250, z11;

	/* (p - 5) / 8 = 2^252 - 3 = (2^250 - 1) * 4 + 1 */
	pow_2_250_1(&z250, &z11, f);
	fe_sqn(&z250, &z250, 2);
	fe_mul(h, &z250, f);
}

void
fe_cmov(struct fe *f, const struct fe *g, unsigned int b)
{
	uint64_t m = 0 - (uint64_t)(b & 1);

	for (int i = 0; i < 5; i++)
		f->v[i] ^= m & (f->v[i] ^ g->v[i]);
}

void
fe_frombytes(struct fe *h, const uint8_t s[32])
{
	/* Limb i holds bits 51i .. 51i+50; the byte/shift pairs locate bit 51i. */
	h->v[0] = load_le64(s) & MASK51;
	h->v[1] = (load_le64(s + 6) >> 3) & MASK51;
	h->v[2] = (load_le64(s + 12) >> 6) & MASK51;
	h->v[3] = (load_le64(s + 19) >> 1) & MASK51;
	h->v[4] = (load_le64(s + 24) >> 12) & MASK51;
}

void
fe_tobytes(uint8_t s[32], const struct fe *f)
{
	uint64_t t[5], q;

	memcpy(t, f->v, sizeof(t));
	carry(t);
	/* Now t < 2^255 + 2^18 < 2p. q = floor((t + 19) / 2^255) is 1 iff t >= p. */
	q = (t[0] + 19) >> 51;
	q = (t[1] + q) >> 51;
	q = (t[2] + q) >> 51;
	q = (t[3] + q) >> 51;
	q = (t[4] + q) >> 51;
	/* t - q p = t + 19 q - q 2^255: add 19 q, carry, drop bit 255. */
	t[0] += 19 * q;
	t[1] += t[0] >> 51; t[0] &= MASK51;
	t[2] += t[1] >> 51; t[1] &= MASK51;
	t[3] += t[2] >> 51; t[2] &= MASK51;
	t[4] += t[3] >> 51; t[3] &= MASK51;
	t[4] &= MASK51;
	store_le64(s, t[0] | t[1] << 51);
	store_le64(s + 8, t[1] >> 13 | t[2] << 38);
	store_le64(s + 16, t[2] >> 26 | t[3] << 25);
	store_le64(s + 24, t[3] >> 39 | t[4] << 12);
}

int
fe_iszero(const struct fe *f)
{
	uint8_t s[32], acc = 0;

	fe_tobytes(s, f);
	for (int i = 0; i < 32; i++)
		acc |= s[i];
	return (int)(((unsigned int)acc - 1) >> 31);
}

int
fe_equal(const struct fe *f, const struct fe *g)
{
	struct fe d;

	fe_sub(&d, f, g);
	return fe_iszero(&d);
}

int
fe_isodd(const struct fe *f)
{
	uint8_t s[32];

	fe_tobytes(s, f);
	return s[0] & 1;
}
