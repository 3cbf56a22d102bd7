/*
 * sha256ni — SHA-256 with the x86 SHA extensions (see sha256ni.h).
 *
 * The instructions keep the eight working variables in two registers, ABEF and
 * CDGH (A in the top 32 bits). SHA256RNDS2 does two rounds from CDGH, ABEF and
 * W[t]+K[t], W[t+1]+K[t+1] in the low half of its third operand and returns the
 * new ABEF; after two rounds the new CDGH is the old ABEF (C <- A, D <- B, G <- E,
 * H <- F over two steps of FIPS 180-4 §6.2.2 step 3). The message schedule of
 * §6.2.2 step 1, W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16], is computed
 * four words at a time: SHA256MSG1 gives W[t-16] + s0(W[t-15]), the W[t-7] terms
 * are added from the two previous vectors, SHA256MSG2 adds the s1(W[t-2]) terms.
 */
#include "crypto/sha256ni.h"

#include <stdint.h>
#include <string.h>

#include "core/endian.h"

#if defined(__x86_64__) || defined(__i386__)
#define HAVE_SHANI_CODE	1
#include <cpuid.h>
#include <immintrin.h>
#endif

struct sha256ni_ctx {
	const br_hash_class	*vtable;
	uint8_t			 buf[64];
	uint64_t		 count;		/* bytes hashed so far */
	uint32_t		 val[8];	/* H0..H7 */
};

/* FIPS 180-4 §5.3.3. */
static const uint32_t sha256_iv[8] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
};

#ifdef HAVE_SHANI_CODE

/* FIPS 180-4 §4.2.2. */
static const uint32_t sha256_k[64] __attribute__((aligned(16))) = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

/* Four rounds: W[t..t+3] in w, K[t..t+3] at k. */
#define RNDS4(w, k) do { \
	__m128i wk_ = _mm_add_epi32((w), _mm_load_si128((const __m128i *)(const void *)(k))); \
	__m128i n_ = _mm_sha256rnds2_epu32(cdgh, abef, wk_); \
	cdgh = abef; \
	abef = n_; \
	n_ = _mm_sha256rnds2_epu32(cdgh, abef, _mm_shuffle_epi32(wk_, 0x0e)); \
	cdgh = abef; \
	abef = n_; \
} while (0)

/* m0 = W[t-16..t-13] becomes W[t..t+3], from m1 = W[t-12..], m2 = W[t-8..], m3 = W[t-4..]. */
#define SCHED(m0, m1, m2, m3) \
	(m0 = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32((m0), (m1)), \
	    _mm_alignr_epi8((m3), (m2), 4)), (m3)))

__attribute__((target("sha,ssse3,sse4.1")))
static void
compress(uint32_t st[8], const uint8_t *p, size_t nblocks)
{
	/* Byte order: each 32-bit word of the block is big-endian (§3.1). */
	const __m128i bswap = _mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);
	__m128i abef = _mm_set_epi32((int)st[0], (int)st[1], (int)st[4], (int)st[5]);
	__m128i cdgh = _mm_set_epi32((int)st[2], (int)st[3], (int)st[6], (int)st[7]);
	uint32_t x[4];

	for (; nblocks > 0; nblocks--, p += 64) {
		__m128i abef0 = abef, cdgh0 = cdgh, m0, m1, m2, m3;
		int j;

		m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)p), bswap);
		m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 16)), bswap);
		m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 32)), bswap);
		m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 48)), bswap);
		for (j = 0; j < 48; j += 16) {
			RNDS4(m0, sha256_k + j);
			SCHED(m0, m1, m2, m3);
			RNDS4(m1, sha256_k + j + 4);
			SCHED(m1, m2, m3, m0);
			RNDS4(m2, sha256_k + j + 8);
			SCHED(m2, m3, m0, m1);
			RNDS4(m3, sha256_k + j + 12);
			SCHED(m3, m0, m1, m2);
		}
		RNDS4(m0, sha256_k + 48);
		RNDS4(m1, sha256_k + 52);
		RNDS4(m2, sha256_k + 56);
		RNDS4(m3, sha256_k + 60);
		abef = _mm_add_epi32(abef, abef0);
		cdgh = _mm_add_epi32(cdgh, cdgh0);
	}
	_mm_storeu_si128((__m128i *)(void *)x, abef);
	st[0] = x[3];
	st[1] = x[2];
	st[4] = x[1];
	st[5] = x[0];
	_mm_storeu_si128((__m128i *)(void *)x, cdgh);
	st[2] = x[3];
	st[3] = x[2];
	st[6] = x[1];
	st[7] = x[0];
}

static int
cpu_has_shani(void)
{
	unsigned int a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d))
		return 0;
	/* SSSE3 (ECX bit 9) for the byte shuffle, SSE4.1 (ECX bit 19). */
	if (!(c & (1u << 9)) || !(c & (1u << 19)))
		return 0;
	if (__get_cpuid_max(0, NULL) < 7)
		return 0;
	__cpuid_count(7, 0, a, b, c, d);
	return (b & (1u << 29)) != 0;	/* SHA extensions */
}

#else

static void
compress(uint32_t st[8], const uint8_t *p, size_t nblocks)
{
	(void)st;
	(void)p;
	(void)nblocks;
}

static int
cpu_has_shani(void)
{
	return 0;
}

#endif

static const br_hash_class sha256ni_vtable;

static void
ni_init(const br_hash_class **vt)
{
	struct sha256ni_ctx *c = (struct sha256ni_ctx *)(void *)vt;

	c->vtable = &sha256ni_vtable;
	memcpy(c->val, sha256_iv, sizeof(c->val));
	c->count = 0;
}

static void
ni_update(const br_hash_class **vt, const void *data, size_t len)
{
	struct sha256ni_ctx *c = (struct sha256ni_ctx *)(void *)vt;
	const uint8_t *p = data;
	size_t ptr = (size_t)(c->count & 63), n;

	c->count += len;
	if (ptr != 0) {
		n = 64 - ptr < len ? 64 - ptr : len;
		memcpy(c->buf + ptr, p, n);
		p += n;
		len -= n;
		if (ptr + n < 64)
			return;
		compress(c->val, c->buf, 1);
	}
	if (len >= 64) {
		compress(c->val, p, len / 64);
		p += len & ~(size_t)63;
		len &= 63;
	}
	if (len > 0)
		memcpy(c->buf, p, len);
}

static void
ni_out(const br_hash_class *const *vt, void *dst)
{
	const struct sha256ni_ctx *c = (const struct sha256ni_ctx *)(const void *)vt;
	uint8_t buf[64];
	uint32_t val[8];
	size_t ptr = (size_t)(c->count & 63);
	uint64_t bits = c->count << 3;
	int i;

	/* §5.1.1: 0x80, zeros, the 64-bit big-endian bit length, to a block boundary. */
	memcpy(buf, c->buf, ptr);
	memcpy(val, c->val, sizeof(val));
	buf[ptr++] = 0x80;
	if (ptr > 56) {
		memset(buf + ptr, 0, 64 - ptr);
		compress(val, buf, 1);
		ptr = 0;
	}
	memset(buf + ptr, 0, 56 - ptr);
	store_be32(buf + 56, (uint32_t)(bits >> 32));
	store_be32(buf + 60, (uint32_t)bits);
	compress(val, buf, 1);
	for (i = 0; i < 8; i++)
		store_be32((uint8_t *)dst + 4 * i, val[i]);
}

/* The chaining value as BearSSL's SHA-256 exports it: eight big-endian words. */
static uint64_t
ni_state(const br_hash_class *const *vt, void *dst)
{
	const struct sha256ni_ctx *c = (const struct sha256ni_ctx *)(const void *)vt;
	int i;

	for (i = 0; i < 8; i++)
		store_be32((uint8_t *)dst + 4 * i, c->val[i]);
	return c->count;
}

static void
ni_set_state(const br_hash_class **vt, const void *stb, uint64_t count)
{
	struct sha256ni_ctx *c = (struct sha256ni_ctx *)(void *)vt;
	int i;

	for (i = 0; i < 8; i++)
		c->val[i] = load_be32((const uint8_t *)stb + 4 * i);
	c->count = count;
}

static const br_hash_class sha256ni_vtable = {
	sizeof(struct sha256ni_ctx),
	BR_HASHDESC_ID(br_sha256_ID) | BR_HASHDESC_OUT(32) | BR_HASHDESC_STATE(32) |
	    BR_HASHDESC_LBLEN(6) | BR_HASHDESC_MD_PADDING | BR_HASHDESC_MD_PADDING_BE,
	ni_init,
	ni_update,
	ni_out,
	ni_state,
	ni_set_state
};

/* Fits wherever BearSSL puts a hash context. */
_Static_assert(sizeof(struct sha256ni_ctx) <= sizeof(br_hash_compat_context),
    "sha256ni context larger than br_hash_compat_context");

const br_hash_class *
sha256ni_class(void)
{
	/* Asked once per key set-up, not per packet: no need to cache the answer. */
	return cpu_has_shani() ? &sha256ni_vtable : NULL;
}

const br_hash_class *
sha256_fast_class(void)
{
	const br_hash_class *c = sha256ni_class();

	return c ? c : &br_sha256_vtable;
}
