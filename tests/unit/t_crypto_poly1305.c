/*
 * Poly1305 (src/crypto/poly1305.c): RFC 8439 §2.5.2 and Appendix A.3 vectors,
 * one-shot and split into arbitrary pieces.
 */
#include "harness.h"
#include "t_crypto_util.h"

#include "crypto/poly1305.h"

TEST(crypto_poly1305_rfc8439_vectors)
{
	size_t n;
	char *buf = harness_read("kat/poly1305_rfc8439.txt", &n), *cur = buf, *f[TC_MAX_FIELDS];
	int count = 0, nf;

	while ((nf = tc_next_line(&cur, f)) > 0) {
		uint8_t key[32], want[16], tag[16], msg[512];
		long mlen;
		struct poly1305_ctx c;

		CHECK_EQ_INT(nf, 4);
		CHECK_EQ_INT(tc_unhex(key, 32, f[1]), 32);
		mlen = tc_unhex(msg, sizeof(msg), f[2]);
		CHECK(mlen >= 0);
		CHECK_EQ_INT(tc_unhex(want, 16, f[3]), 16);
		poly1305_mac(tag, msg, (size_t)mlen, key);
		if (memcmp(tag, want, 16) != 0)
			harness_fail(t__, __FILE__, __LINE__, "vector %s", f[0]);
		CHECK(!t__->failed);
		/* Every split point, as two updates. */
		for (long cut = 0; cut <= mlen; cut++) {
			poly1305_init(&c, key);
			poly1305_update(&c, msg, (size_t)cut);
			poly1305_update(&c, msg + cut, (size_t)(mlen - cut));
			poly1305_final(&c, tag);
			CHECK_MEM_EQ(tag, want, 16);
		}
		/* Byte at a time. */
		poly1305_init(&c, key);
		for (long i = 0; i < mlen; i++)
			poly1305_update(&c, msg + i, 1);
		poly1305_final(&c, tag);
		CHECK_MEM_EQ(tag, want, 16);
		count++;
	}
	free(buf);
	CHECK_EQ_INT(count, 12);
}

/*
 * The AVX2 path (runs of 8 or more full blocks, crypto/poly1305avx2.c) against the
 * scalar one (the same message fed 16 bytes at a time), for every length up to
 * 1100 bytes, random keys and the extreme ones (r and s all ones, message all ones).
 */
TEST(crypto_poly1305_bulk_matches_scalar)
{
	static uint8_t msg[1100];
	uint8_t key[32], a[16], b[16];
	uint32_t x = 7;

	for (size_t n = 0; n <= sizeof(msg); n++) {
		struct poly1305_ctx c;
		int kind = (int)(n % 4);

		for (size_t i = 0; i < sizeof(key); i++) {
			x = x * 1103515245u + 12345u;
			key[i] = kind == 1 ? 0xff : (uint8_t)(x >> 16);
		}
		for (size_t i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			msg[i] = kind == 2 ? 0xff : (uint8_t)(x >> 16);
		}
		poly1305_mac(a, msg, n, key);
		poly1305_init(&c, key);
		for (size_t off = 0; off < n; off += 16)
			poly1305_update(&c, msg + off, n - off < 16 ? n - off : 16);
		poly1305_final(&c, b);
		CHECK_MEM_EQ(a, b, 16);
	}
}
