/*
 * sc25519 — reduction modulo L by Barrett's method (Handbook of Applied
 * Cryptography, Algorithm 14.42) with base b = 2^64 and k = 4 words:
 * mu = floor(b^8 / L); for x < b^8, q = floor(floor(x / b^3) * mu / b^5) and
 * r = x - q L mod b^5 satisfies 0 <= r < 3L, so two conditional subtractions
 * (done with masks, not branches) finish the job.
 */
#include "crypto/sc25519.h"

#include <string.h>

#include "core/endian.h"
#include "core/wipe.h"

typedef unsigned __int128 u128;

/* L, little-endian 64-bit words. */
static const uint64_t L[4] = {
	0x5812631a5cf5d3edULL, 0x14def9dea2f79cd6ULL, 0x0000000000000000ULL, 0x1000000000000000ULL
};

/* floor(2^512 / L), a 260-bit value. */
static const uint64_t MU[5] = {
	0xed9ce5a30a2c131bULL, 0x2106215d086329a7ULL, 0xffffffffffffffebULL, 0xffffffffffffffffULL,
	0x000000000000000fULL
};

/* r = a * b, na and nb words, r has na + nb words. */
static void
mul_words(uint64_t *r, const uint64_t *a, int na, const uint64_t *b, int nb)
{
	memset(r, 0, sizeof(uint64_t) * (size_t)(na + nb));
	for (int i = 0; i < na; i++) {
		uint64_t c = 0;

		for (int j = 0; j < nb; j++) {
			u128 t = (u128)a[i] * b[j] + r[i + j] + c;

			r[i + j] = (uint64_t)t;
			c = (uint64_t)(t >> 64);
		}
		r[i + nb] = c;
	}
}

/* r = r - L if r >= L (r has 5 words, the top one 0 after this when r < 2L). */
static void
csub_l(uint64_t r[5])
{
	uint64_t t[5], borrow = 0, keep;

	for (int i = 0; i < 5; i++) {
		u128 d = (u128)r[i] - (i < 4 ? L[i] : 0) - borrow;

		t[i] = (uint64_t)d;
		borrow = (uint64_t)(d >> 64) & 1;
	}
	keep = 0 - borrow;	/* borrow: r < L, keep r */
	for (int i = 0; i < 5; i++)
		r[i] = (r[i] & keep) | (t[i] & ~keep);
}

/* out = x mod L for x < 2^512 (8 words). */
static void
barrett(uint8_t out[32], const uint64_t x[8])
{
	uint64_t q2[10], r2[9], r[5], borrow = 0;

	/* q1 = x >> 192 (words 3..7); q3 = (q1 * mu) >> 320 (words 5..9 of q2). */
	mul_words(q2, x + 3, 5, MU, 5);
	/* r2 = q3 * L mod b^5 (the low five words of the product suffice). */
	mul_words(r2, q2 + 5, 5, L, 4);
	for (int i = 0; i < 5; i++) {
		u128 d = (u128)x[i] - r2[i] - borrow;

		r[i] = (uint64_t)d;
		borrow = (uint64_t)(d >> 64) & 1;
	}
	/* r = x - q3 L < 3L exactly (the mod b^5 wrap cancels). */
	csub_l(r);
	csub_l(r);
	for (int i = 0; i < 4; i++)
		store_le64(out + 8 * i, r[i]);
	wipe(q2, sizeof(q2));
	wipe(r2, sizeof(r2));
	wipe(r, sizeof(r));
}

void
sc_reduce(uint8_t out[32], const uint8_t in[64])
{
	uint64_t x[8];

	for (int i = 0; i < 8; i++)
		x[i] = load_le64(in + 8 * i);
	barrett(out, x);
	wipe(x, sizeof(x));
}

void
sc_muladd(uint8_t out[32], const uint8_t a[32], const uint8_t b[32], const uint8_t c[32])
{
	uint64_t aw[4], bw[4], x[8], carry = 0;

	for (int i = 0; i < 4; i++) {
		aw[i] = load_le64(a + 8 * i);
		bw[i] = load_le64(b + 8 * i);
	}
	mul_words(x, aw, 4, bw, 4);
	/* a, b, c < 2^256: a b + c <= (2^256 - 1)^2 + 2^256 - 1 < 2^512. */
	for (int i = 0; i < 8; i++) {
		u128 t = (u128)x[i] + (i < 4 ? load_le64(c + 8 * i) : 0) + carry;

		x[i] = (uint64_t)t;
		carry = (uint64_t)(t >> 64);
	}
	barrett(out, x);
	wipe(aw, sizeof(aw));
	wipe(bw, sizeof(bw));
	wipe(x, sizeof(x));
}

int
sc_is_canonical(const uint8_t s[32])
{
	uint64_t borrow = 0;

	/* s - L borrows iff s < L. */
	for (int i = 0; i < 4; i++) {
		u128 d = (u128)load_le64(s + 8 * i) - L[i] - borrow;

		borrow = (uint64_t)(d >> 64) & 1;
	}
	return (int)borrow;
}
