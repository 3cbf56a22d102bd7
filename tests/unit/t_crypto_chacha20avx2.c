/*
 * crypto/chacha20avx2: RFC 8439 §2.4.2 and agreement with BearSSL's portable
 * ChaCha20 (br_chacha20_ct_run) for every length 0..1100, odd alignments, and
 * counters next to the 32-bit wrap. Skipped (passes) on CPUs without AVX2.
 */
#include "harness.h"
#include "t_crypto_util.h"

#include <bearssl.h>

#include "crypto/chacha20avx2.h"

TEST(crypto_chacha20avx2_rfc8439)
{
	br_chacha20_run run = chacha20_avx2_get();
	static const char pt[] = "Ladies and Gentlemen of the class of '99: If I could offer you "
	    "only one tip for the future, sunscreen would be it.";
	uint8_t key[32], nonce[12], buf[sizeof(pt) - 1], want[sizeof(pt) - 1];

	if (run == 0)
		return;
	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)i;
	CHECK_EQ_INT(tc_unhex(nonce, sizeof(nonce), "000000000000004a00000000"), 12);
	CHECK_EQ_INT(tc_unhex(want, sizeof(want),
	    "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
	    "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
	    "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
	    "5af90bbf74a35be6b40b8eedf2785e42874d"), (long)sizeof(want));
	memcpy(buf, pt, sizeof(buf));
	CHECK_EQ_INT(run(key, nonce, 1, buf, sizeof(buf)), 3);
	CHECK_MEM_EQ(buf, want, sizeof(want));
}

TEST(crypto_chacha20avx2_matches_bearssl)
{
	br_chacha20_run run = chacha20_avx2_get();
	static uint8_t a[1200], b[1200];
	static const uint32_t counters[] = { 0, 1, 7, 0x7fffffff, 0xfffffff0, 0xffffffff };
	uint8_t key[32], nonce[12];
	uint32_t x = 99;

	if (run == 0)
		return;
	for (size_t i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(i * 7 + 3);
	for (size_t i = 0; i < sizeof(nonce); i++)
		nonce[i] = (uint8_t)(i * 13 + 1);
	for (size_t ci = 0; ci < sizeof(counters) / sizeof(counters[0]); ci++) {
		for (size_t n = 0; n <= 1100; n += (ci == 1 ? 1 : 37)) {
			size_t off = n % 5;	/* unaligned buffers too */
			uint32_t ra, rb;

			for (size_t i = 0; i < n + off; i++) {
				x = x * 1103515245u + 12345u;
				a[i] = b[i] = (uint8_t)(x >> 16);
			}
			ra = run(key, nonce, counters[ci], a + off, n);
			rb = br_chacha20_ct_run(key, nonce, counters[ci], b + off, n);
			CHECK_EQ_INT(ra, rb);
			CHECK_MEM_EQ(a, b, n + off);
		}
	}
}
