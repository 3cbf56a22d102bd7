/*
 * poly1305avx2 — four-way Poly1305 with AVX2 (see poly1305avx2.h).
 *
 * Poly1305 over blocks m_1..m_N is h = (h + m_1) r^N + m_2 r^(N-1) + ... + m_N r
 * (mod p = 2^130 - 5). With N = 4k, four accumulators (one per 64-bit lane of a
 * 256-bit register) each take every fourth block:
 *     H = (h + m_1, m_2, m_3, m_4); then H = H r^4 + (next four blocks);
 * and the last step multiplies the lanes by (r^4, r^3, r^2, r) instead, so that
 * their sum is h. Numbers are in radix 2^26 (five limbs), so that VPMULUDQ's
 * 32x32->64 products suffice: with limbs below 2^27 and 5 r_i below 2^29, each of
 * the five products in a column is below 2^56 and their sum below 2^59.
 * 2^130 = 5 (mod p) folds the columns above 2^130 back: h_i r_j with i + j >= 5
 * lands at 2^(26 (i + j - 5)) times 5, hence the s_j = 5 r_j.
 * No branches or memory indexes depend on the key or the message.
 */
#include "crypto/poly1305avx2.h"

#include <string.h>

#include "core/wipe.h"

#define M26	((((uint64_t)1) << 26) - 1)

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

/* r in radix 2^26 (r < 2^124 after clamping, so each limb fits 26 bits). */
static void
to26(uint64_t l[5], uint64_t lo, uint64_t hi, uint64_t top)
{
	l[0] = lo & M26;
	l[1] = (lo >> 26) & M26;
	l[2] = ((lo >> 52) | (hi << 12)) & M26;
	l[3] = (hi >> 14) & M26;
	l[4] = (hi >> 40) | (top << 24);
}

/* c = a b (mod p), radix 2^26, limbs of the result below 2^26 + 2^11. */
static void
mul26(uint64_t c[5], const uint64_t a[5], const uint64_t b[5])
{
	uint64_t s1 = 5 * b[1], s2 = 5 * b[2], s3 = 5 * b[3], s4 = 5 * b[4];
	uint64_t d0, d1, d2, d3, d4, k;

	d0 = a[0] * b[0] + a[1] * s4 + a[2] * s3 + a[3] * s2 + a[4] * s1;
	d1 = a[0] * b[1] + a[1] * b[0] + a[2] * s4 + a[3] * s3 + a[4] * s2;
	d2 = a[0] * b[2] + a[1] * b[1] + a[2] * b[0] + a[3] * s4 + a[4] * s3;
	d3 = a[0] * b[3] + a[1] * b[2] + a[2] * b[1] + a[3] * b[0] + a[4] * s4;
	d4 = a[0] * b[4] + a[1] * b[3] + a[2] * b[2] + a[3] * b[1] + a[4] * b[0];
	k = d0 >> 26; d0 &= M26; d1 += k;
	k = d1 >> 26; d1 &= M26; d2 += k;
	k = d2 >> 26; d2 &= M26; d3 += k;
	k = d3 >> 26; d3 &= M26; d4 += k;
	k = d4 >> 26; d4 &= M26; d0 += 5 * k;
	k = d0 >> 26; d0 &= M26; d1 += k;
	c[0] = d0;
	c[1] = d1;
	c[2] = d2;
	c[3] = d3;
	c[4] = d4;
}

#define T_AVX2	__attribute__((target("avx2")))

/* Lane-wise h = h r (mod p) for five limb vectors; r, s = 5 r per lane. */
#define VMUL(h, r, s) do { \
	__m256i d0_, d1_, d2_, d3_, d4_, k_; \
	d0_ = _mm256_add_epi64(_mm256_add_epi64(_mm256_mul_epu32(h[0], r[0]), \
	    _mm256_mul_epu32(h[1], s[4])), _mm256_add_epi64(_mm256_mul_epu32(h[2], s[3]), \
	    _mm256_add_epi64(_mm256_mul_epu32(h[3], s[2]), _mm256_mul_epu32(h[4], s[1])))); \
	d1_ = _mm256_add_epi64(_mm256_add_epi64(_mm256_mul_epu32(h[0], r[1]), \
	    _mm256_mul_epu32(h[1], r[0])), _mm256_add_epi64(_mm256_mul_epu32(h[2], s[4]), \
	    _mm256_add_epi64(_mm256_mul_epu32(h[3], s[3]), _mm256_mul_epu32(h[4], s[2])))); \
	d2_ = _mm256_add_epi64(_mm256_add_epi64(_mm256_mul_epu32(h[0], r[2]), \
	    _mm256_mul_epu32(h[1], r[1])), _mm256_add_epi64(_mm256_mul_epu32(h[2], r[0]), \
	    _mm256_add_epi64(_mm256_mul_epu32(h[3], s[4]), _mm256_mul_epu32(h[4], s[3])))); \
	d3_ = _mm256_add_epi64(_mm256_add_epi64(_mm256_mul_epu32(h[0], r[3]), \
	    _mm256_mul_epu32(h[1], r[2])), _mm256_add_epi64(_mm256_mul_epu32(h[2], r[1]), \
	    _mm256_add_epi64(_mm256_mul_epu32(h[3], r[0]), _mm256_mul_epu32(h[4], s[4])))); \
	d4_ = _mm256_add_epi64(_mm256_add_epi64(_mm256_mul_epu32(h[0], r[4]), \
	    _mm256_mul_epu32(h[1], r[3])), _mm256_add_epi64(_mm256_mul_epu32(h[2], r[2]), \
	    _mm256_add_epi64(_mm256_mul_epu32(h[3], r[1]), _mm256_mul_epu32(h[4], r[0])))); \
	k_ = _mm256_srli_epi64(d0_, 26); d0_ = _mm256_and_si256(d0_, mask); d1_ = _mm256_add_epi64(d1_, k_); \
	k_ = _mm256_srli_epi64(d1_, 26); d1_ = _mm256_and_si256(d1_, mask); d2_ = _mm256_add_epi64(d2_, k_); \
	k_ = _mm256_srli_epi64(d2_, 26); d2_ = _mm256_and_si256(d2_, mask); d3_ = _mm256_add_epi64(d3_, k_); \
	k_ = _mm256_srli_epi64(d3_, 26); d3_ = _mm256_and_si256(d3_, mask); d4_ = _mm256_add_epi64(d4_, k_); \
	k_ = _mm256_srli_epi64(d4_, 26); d4_ = _mm256_and_si256(d4_, mask); \
	d0_ = _mm256_add_epi64(d0_, _mm256_add_epi64(k_, _mm256_slli_epi64(k_, 2))); \
	k_ = _mm256_srli_epi64(d0_, 26); d0_ = _mm256_and_si256(d0_, mask); d1_ = _mm256_add_epi64(d1_, k_); \
	h[0] = d0_; h[1] = d1_; h[2] = d2_; h[3] = d3_; h[4] = d4_; \
} while (0)

/* h += the four blocks at p (2^128 added to each), one block per lane. */
#define VADD_BLOCKS(h, p) do { \
	__m256i a_ = _mm256_loadu_si256((const __m256i *)(const void *)(p)); \
	__m256i b_ = _mm256_loadu_si256((const __m256i *)(const void *)((p) + 32)); \
	/* lo/hi 64-bit halves of blocks 0..3, in block order (unpack works per 128-bit lane). */ \
	__m256i lo_ = _mm256_permute4x64_epi64(_mm256_unpacklo_epi64(a_, b_), 0xd8); \
	__m256i hi_ = _mm256_permute4x64_epi64(_mm256_unpackhi_epi64(a_, b_), 0xd8); \
	h[0] = _mm256_add_epi64(h[0], _mm256_and_si256(lo_, mask)); \
	h[1] = _mm256_add_epi64(h[1], _mm256_and_si256(_mm256_srli_epi64(lo_, 26), mask)); \
	h[2] = _mm256_add_epi64(h[2], _mm256_and_si256(_mm256_or_si256(_mm256_srli_epi64(lo_, 52), \
	    _mm256_slli_epi64(hi_, 12)), mask)); \
	h[3] = _mm256_add_epi64(h[3], _mm256_and_si256(_mm256_srli_epi64(hi_, 14), mask)); \
	h[4] = _mm256_add_epi64(h[4], _mm256_or_si256(_mm256_srli_epi64(hi_, 40), hibit)); \
} while (0)

/*
 * acc (radix 2^26) absorbs `groups` groups of four blocks from m. t[k] = r^(k+1):
 * t[3] = r^4 multiplies between groups; in the last step the lane of block j is
 * multiplied by r^(4 - j) = t[3 - j].
 */
T_AVX2 static void
run4(uint64_t acc[5], const uint64_t t[4][5], const uint8_t *m, size_t groups)
{
	const __m256i mask = _mm256_set1_epi64x((long long)M26);
	const __m256i hibit = _mm256_set1_epi64x((long long)1 << 24);
	__m256i h[5], r4[5], s4[5], rl[5], sl[5];
	uint64_t out[4];
	int i;

	for (i = 0; i < 5; i++) {
		/* Lane 0 starts with the running accumulator, the others with 0. */
		h[i] = _mm256_set_epi64x(0, 0, 0, (long long)acc[i]);
		r4[i] = _mm256_set1_epi64x((long long)t[3][i]);
		s4[i] = _mm256_set1_epi64x((long long)(5 * t[3][i]));
		/* _mm256_set_epi64x takes lane 3 first: lanes 0..3 get r^4, r^3, r^2, r. */
		rl[i] = _mm256_set_epi64x((long long)t[0][i], (long long)t[1][i], (long long)t[2][i],
		    (long long)t[3][i]);
		sl[i] = _mm256_set_epi64x((long long)(5 * t[0][i]), (long long)(5 * t[1][i]),
		    (long long)(5 * t[2][i]), (long long)(5 * t[3][i]));
	}
	for (; groups > 1; groups--, m += 64) {
		VADD_BLOCKS(h, m);
		VMUL(h, r4, s4);
	}
	VADD_BLOCKS(h, m);
	VMUL(h, rl, sl);
	/* Sum the lanes (limbs below 2^27: the sums stay far below 2^32). */
	for (i = 0; i < 5; i++) {
		_mm256_storeu_si256((__m256i *)(void *)out, h[i]);
		acc[i] = out[0] + out[1] + out[2] + out[3];
	}
	wipe(out, sizeof(out));
}

size_t
poly1305_avx2_blocks(uint64_t h[3], uint64_t r0, uint64_t r1, const uint8_t *m, size_t nblocks)
{
	uint64_t t[4][5], acc[5], k;
	size_t groups = nblocks / 4;

	if (groups < 2)
		return 0;
	to26(t[0], r0, r1, 0);		/* r */
	mul26(t[1], t[0], t[0]);	/* r^2 */
	mul26(t[2], t[1], t[0]);	/* r^3 */
	mul26(t[3], t[1], t[1]);	/* r^4 */
	to26(acc, h[0], h[1], h[2]);
	run4(acc, (const uint64_t (*)[5])t, m, groups);
	/* Full carry (twice round), then back to radix 2^64; h2 ends up below 8. */
	k = acc[0] >> 26; acc[0] &= M26; acc[1] += k;
	k = acc[1] >> 26; acc[1] &= M26; acc[2] += k;
	k = acc[2] >> 26; acc[2] &= M26; acc[3] += k;
	k = acc[3] >> 26; acc[3] &= M26; acc[4] += k;
	k = acc[4] >> 26; acc[4] &= M26; acc[0] += 5 * k;
	k = acc[0] >> 26; acc[0] &= M26; acc[1] += k;
	k = acc[1] >> 26; acc[1] &= M26; acc[2] += k;
	k = acc[2] >> 26; acc[2] &= M26; acc[3] += k;
	k = acc[3] >> 26; acc[3] &= M26; acc[4] += k;
	h[0] = acc[0] | acc[1] << 26 | acc[2] << 52;
	h[1] = acc[2] >> 12 | acc[3] << 14 | acc[4] << 40;
	h[2] = acc[4] >> 24;
	wipe(t, sizeof(t));
	wipe(acc, sizeof(acc));
	return groups * 4;
}

int
poly1305_avx2_ok(void)
{
	unsigned int a, b, c, d, lo, hi;

	if (!__get_cpuid(1, &a, &b, &c, &d))
		return 0;
	if (!(c & (1u << 27)) || !(c & (1u << 28)))	/* OSXSAVE, AVX */
		return 0;
	__asm__ volatile ("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	(void)hi;
	if ((lo & 6) != 6)	/* the OS saves XMM and YMM state */
		return 0;
	if (__get_cpuid_max(0, NULL) < 7)
		return 0;
	__cpuid_count(7, 0, a, b, c, d);
	return (b & (1u << 5)) != 0;
}

#else

int
poly1305_avx2_ok(void)
{
	return 0;
}

size_t
poly1305_avx2_blocks(uint64_t h[3], uint64_t r0, uint64_t r1, const uint8_t *m, size_t nblocks)
{
	(void)h;
	(void)r0;
	(void)r1;
	(void)m;
	(void)nblocks;
	return 0;
}

#endif
