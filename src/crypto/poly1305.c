/*
 * poly1305 — RFC 8439 §2.5 with 64-bit limbs.
 *
 * The accumulator h = h0 + h1 2^64 + h2 2^128 and r = r0 + r1 2^64. Clamping
 * (§2.5.1) clears the low two bits of r1, so 2^130 = 5 (mod 2^130 - 5) lets the
 * 2^128 terms of h r fold down exactly: h1 r1 2^128 = h1 (r1 / 4) 2^130 =
 * h1 (5 r1 / 4) (mod p). With s1 = r1 + r1 / 4:
 *   h r = (h0 r0 + h1 s1) + (h0 r1 + h1 r0 + h2 s1) 2^64 + (h2 r0) 2^128  (mod p)
 * The result is only partly reduced (below 2^131); poly1305_final reduces fully.
 * No branches or table lookups depend on the key or the message.
 */
#include "crypto/poly1305.h"

#include <pthread.h>
#include <string.h>

#include "core/endian.h"
#include "core/wipe.h"
#include "crypto/poly1305avx2.h"

typedef unsigned __int128 u128;

void
poly1305_init(struct poly1305_ctx *c, const uint8_t key[POLY1305_KEY_LEN])
{
	memset(c, 0, sizeof(*c));
	/* §2.5.1 clamp: r &= 0x0ffffffc0ffffffc0ffffffc0fffffff (little-endian). */
	c->r0 = load_le64(key) & 0x0ffffffc0fffffffULL;
	c->r1 = load_le64(key + 8) & 0x0ffffffc0ffffffcULL;
	c->s1 = c->r1 + (c->r1 >> 2);
	c->pad0 = load_le64(key + 16);
	c->pad1 = load_le64(key + 24);
}

static int use_avx2;
static pthread_once_t avx2_once = PTHREAD_ONCE_INIT;

static void
probe_avx2(void)
{
	use_avx2 = poly1305_avx2_ok();
}

/* Absorbs nblocks 16-byte blocks, each with 2^128 added (hibit = 1) or not. */
static void
blocks(struct poly1305_ctx *c, const uint8_t *m, size_t nblocks, uint64_t hibit)
{
	uint64_t r0 = c->r0, r1 = c->r1, s1 = c->s1;
	uint64_t h0, h1, h2;

	/* Long runs of full blocks: four at a time with AVX2 (poly1305avx2.c). */
	if (hibit && nblocks >= 8) {
		pthread_once(&avx2_once, probe_avx2);
		if (use_avx2) {
			uint64_t h[3] = { c->h0, c->h1, c->h2 };
			size_t done = poly1305_avx2_blocks(h, r0, r1, m, nblocks);

			c->h0 = h[0];
			c->h1 = h[1];
			c->h2 = h[2];
			m += 16 * done;
			nblocks -= done;
		}
	}
	h0 = c->h0;
	h1 = c->h1;
	h2 = c->h2;

	while (nblocks-- > 0) {
		u128 t, d0, d1;
		uint64_t d2, k;

		/* h += block (+ 2^128). */
		t = (u128)h0 + load_le64(m);
		h0 = (uint64_t)t;
		t = (u128)h1 + load_le64(m + 8) + (uint64_t)(t >> 64);
		h1 = (uint64_t)t;
		h2 += (uint64_t)(t >> 64) + hibit;

		/* h *= r (mod p), see the top comment. h2 < 8, r0, r1 < 2^60, s1 < 2^61. */
		d0 = (u128)h0 * r0 + (u128)h1 * s1;
		d1 = (u128)h0 * r1 + (u128)h1 * r0 + (u128)h2 * s1;
		d2 = h2 * r0;
		d1 += d0 >> 64;
		h0 = (uint64_t)d0;
		d2 += (uint64_t)(d1 >> 64);
		h1 = (uint64_t)d1;

		/* Fold bits 130 and up back in: c 2^130 = 5 c. */
		h2 = d2 & 3;
		k = (d2 >> 2) * 5;
		t = (u128)h0 + k;
		h0 = (uint64_t)t;
		t = (u128)h1 + (uint64_t)(t >> 64);
		h1 = (uint64_t)t;
		h2 += (uint64_t)(t >> 64);
		m += 16;
	}
	c->h0 = h0;
	c->h1 = h1;
	c->h2 = h2;
}

void
poly1305_update(struct poly1305_ctx *c, const uint8_t *m, size_t n)
{
	if (c->buflen > 0) {
		size_t take = 16 - c->buflen;

		if (take > n)
			take = n;
		memcpy(c->buf + c->buflen, m, take);
		c->buflen += take;
		m += take;
		n -= take;
		if (c->buflen < 16)
			return;
		blocks(c, c->buf, 1, 1);
		c->buflen = 0;
	}
	blocks(c, m, n / 16, 1);
	m += n - n % 16;
	n %= 16;
	if (n > 0) {
		memcpy(c->buf, m, n);
		c->buflen = n;
	}
}

void
poly1305_final(struct poly1305_ctx *c, uint8_t tag[POLY1305_TAG_LEN])
{
	uint64_t g0, g1, g2, mask;
	u128 t;

	/* §2.5: a final partial block gets a 0x01 byte after it instead of 2^128. */
	if (c->buflen > 0) {
		c->buf[c->buflen] = 1;
		memset(c->buf + c->buflen + 1, 0, 16 - c->buflen - 1);
		blocks(c, c->buf, 1, 0);
	}
	/*
	 * h < 5 * 2^128 < 2p (h2 <= 4), so h mod p is h or h - p. g = h + 5 - 2^130 is
	 * non-negative exactly when h >= p; pick by mask.
	 */
	t = (u128)c->h0 + 5;
	g0 = (uint64_t)t;
	t = (u128)c->h1 + (uint64_t)(t >> 64);
	g1 = (uint64_t)t;
	g2 = c->h2 + (uint64_t)(t >> 64);
	mask = 0 - (g2 >> 2);	/* all ones iff g >= 2^130 */
	g0 = (c->h0 & ~mask) | (g0 & mask);
	g1 = (c->h1 & ~mask) | (g1 & mask);
	/* tag = (h + s) mod 2^128. */
	t = (u128)g0 + c->pad0;
	store_le64(tag, (uint64_t)t);
	t = (u128)g1 + c->pad1 + (uint64_t)(t >> 64);
	store_le64(tag + 8, (uint64_t)t);
	wipe(c, sizeof(*c));
}

void
poly1305_mac(uint8_t tag[POLY1305_TAG_LEN], const uint8_t *m, size_t n,
    const uint8_t key[POLY1305_KEY_LEN])
{
	struct poly1305_ctx c;

	poly1305_init(&c, key);
	poly1305_update(&c, m, n);
	poly1305_final(&c, tag);
}
