/*
 * Ed25519 (src/crypto/ed25519.c): RFC 8032 §7.1 vectors, round trips, and the
 * strict verification rules (S < L, canonical and valid encodings of A and R,
 * small-order points refused).
 */
#include "harness.h"
#include "t_crypto_util.h"

#include "core/err.h"
#include "crypto/ed25519.h"
#include "crypto/fe25519.h"
#include "crypto/ge25519.h"
#include "crypto/sc25519.h"

/* L = 2^252 + 27742317777372353535851937790883648493, little-endian. */
static const uint8_t ORDER_L[32] = {
	0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10
};

/* Adds L to the 256-bit little-endian s; returns the carry out. */
static int
add_l(uint8_t s[32])
{
	unsigned int c = 0;

	for (int i = 0; i < 32; i++) {
		c += (unsigned int)s[i] + ORDER_L[i];
		s[i] = (uint8_t)c;
		c >>= 8;
	}
	return (int)c;
}

TEST(crypto_ed25519_rfc8032_vectors)
{
	size_t n;
	char *buf = harness_read("kat/ed25519_rfc8032.txt", &n), *cur = buf, *f[TC_MAX_FIELDS];
	int count = 0, nf;

	while ((nf = tc_next_line(&cur, f)) > 0) {
		uint8_t seed[32], pk[32], want_pk[32], sig[64], want_sig[64], *msg;
		long mlen;

		CHECK_EQ_INT(nf, 5);
		CHECK_EQ_INT(tc_unhex(seed, 32, f[1]), 32);
		CHECK_EQ_INT(tc_unhex(want_pk, 32, f[2]), 32);
		CHECK_EQ_INT(tc_unhex(want_sig, 64, f[4]), 64);
		msg = malloc(strlen(f[3]) / 2 + 1);
		CHECK(msg != NULL);
		mlen = tc_unhex(msg, strlen(f[3]) / 2 + 1, f[3]);
		CHECK(mlen >= 0);
		ed25519_pubkey(pk, seed);
		CHECK_MEM_EQ(pk, want_pk, 32);
		ed25519_sign(sig, msg, (size_t)mlen, seed, pk);
		CHECK_MEM_EQ(sig, want_sig, 64);
		CHECK_OK(ed25519_verify(sig, msg, (size_t)mlen, pk));
		/* One flipped message bit (or an extra byte for the empty message). */
		if (mlen > 0) {
			msg[mlen / 2] ^= 0x10;
			CHECK_EQ_INT(ed25519_verify(sig, msg, (size_t)mlen, pk), ERR_CRYPTO);
		} else {
			CHECK_EQ_INT(ed25519_verify(sig, (const uint8_t *)"x", 1, pk), ERR_CRYPTO);
		}
		free(msg);
		count++;
	}
	free(buf);
	CHECK_EQ_INT(count, 5);	/* TEST 1, 2, 3, 1024, SHA(abc) */
}

TEST(crypto_ed25519_every_signature_bit)
{
	uint8_t seed[32], pk[32], sig[64], bad[64];
	static const uint8_t msg[] = "sextant ed25519";

	for (int i = 0; i < 32; i++)
		seed[i] = (uint8_t)(i * 7 + 3);
	ed25519_pubkey(pk, seed);
	ed25519_sign(sig, msg, sizeof(msg), seed, pk);
	CHECK_OK(ed25519_verify(sig, msg, sizeof(msg), pk));
	for (int bit = 0; bit < 512; bit++) {
		memcpy(bad, sig, 64);
		bad[bit / 8] ^= (uint8_t)(1 << (bit % 8));
		if (ed25519_verify(bad, msg, sizeof(msg), pk) != ERR_CRYPTO)
			harness_fail(t__, __FILE__, __LINE__, "bit %d flipped still verifies", bit);
		CHECK(!t__->failed);
	}
	/* Another key. */
	seed[0] ^= 1;
	ed25519_pubkey(pk, seed);
	CHECK_EQ_INT(ed25519_verify(sig, msg, sizeof(msg), pk), ERR_CRYPTO);
}

TEST(crypto_ed25519_sign_ignores_wrong_pk)
{
	uint8_t seed[32], pk[32], wrong[32], s1[64], s2[64];
	static const uint8_t msg[] = "same r, two k";

	memset(seed, 0x42, sizeof(seed));
	ed25519_pubkey(pk, seed);
	memcpy(wrong, pk, 32);
	wrong[3] ^= 4;
	ed25519_sign(s1, msg, sizeof(msg), seed, pk);
	ed25519_sign(s2, msg, sizeof(msg), seed, wrong);
	/* A mismatched pk must not change S (that would leak the secret scalar). */
	CHECK_MEM_EQ(s1, s2, 64);
}

TEST(crypto_ed25519_rejects_s_not_below_l)
{
	uint8_t seed[32], pk[32], sig[64], bad[64];
	static const uint8_t msg[] = "malleability";

	memset(seed, 9, sizeof(seed));
	ed25519_pubkey(pk, seed);
	ed25519_sign(sig, msg, sizeof(msg), seed, pk);
	CHECK_OK(ed25519_verify(sig, msg, sizeof(msg), pk));
	/* S + L is the same scalar mod L: RFC 8032 §5.1.7 requires refusing it. */
	memcpy(bad, sig, 64);
	CHECK_EQ_INT(add_l(bad + 32), 0);
	CHECK_EQ_INT(ed25519_verify(bad, msg, sizeof(msg), pk), ERR_CRYPTO);
	/* S = L exactly, and S with the top bit set. */
	memcpy(bad, sig, 32);
	memcpy(bad + 32, ORDER_L, 32);
	CHECK_EQ_INT(ed25519_verify(bad, msg, sizeof(msg), pk), ERR_CRYPTO);
	memcpy(bad, sig, 64);
	bad[63] |= 0x80;
	CHECK_EQ_INT(ed25519_verify(bad, msg, sizeof(msg), pk), ERR_CRYPTO);
	CHECK_EQ_INT(sc_is_canonical(ORDER_L), 0);
	memcpy(bad, ORDER_L, 32);
	bad[0]--;
	CHECK_EQ_INT(sc_is_canonical(bad), 1);
}

/*
 * Edge cases (hex from the Ed25519 edge-case literature and RFC 8032 §5.1.3):
 * non-canonical y (>= p), "negative zero" x, points off the curve, small order.
 */
TEST(crypto_ed25519_rejects_bad_encodings)
{
	uint8_t seed[32], pk[32], sig[64], bad[64], badpk[32];
	static const uint8_t msg[] = "edge";
	struct ge p;
	static const char *invalid[] = {
		/* y = p (non-canonical 0), y = p + 1 (non-canonical 1), y = 2^255 - 1 */
		"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		/* y = 1 with the sign bit: x = 0 "negative" */
		"0100000000000000000000000000000000000000000000000000000000000080",
		/* y = 2: no x on the curve */
		"0200000000000000000000000000000000000000000000000000000000000000",
	};
	static const char *small_order[] = {
		"0100000000000000000000000000000000000000000000000000000000000000", /* identity */
		"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", /* (0, -1) */
		"0000000000000000000000000000000000000000000000000000000000000000", /* order 4 */
		"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", /* order 8 */
	};

	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		CHECK_EQ_INT(tc_unhex(badpk, 32, invalid[i]), 32);
		CHECK_EQ_INT(ge_frombytes(&p, badpk), -1);
	}
	for (size_t i = 0; i < sizeof(small_order) / sizeof(small_order[0]); i++) {
		CHECK_EQ_INT(tc_unhex(badpk, 32, small_order[i]), 32);
		CHECK_EQ_INT(ge_frombytes(&p, badpk), 0);
		CHECK_EQ_INT(ge_is_small_order(&p), 1);
	}

	memset(seed, 0x5a, sizeof(seed));
	ed25519_pubkey(pk, seed);
	ed25519_sign(sig, msg, sizeof(msg), seed, pk);
	CHECK_OK(ed25519_verify(sig, msg, sizeof(msg), pk));
	CHECK_EQ_INT(ge_frombytes(&p, pk), 0);
	CHECK_EQ_INT(ge_is_small_order(&p), 0);

	/* Bad A. */
	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		CHECK_EQ_INT(tc_unhex(badpk, 32, invalid[i]), 32);
		CHECK_EQ_INT(ed25519_verify(sig, msg, sizeof(msg), badpk), ERR_CRYPTO);
	}
	/* Bad R. */
	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		memcpy(bad, sig, 64);
		CHECK_EQ_INT(tc_unhex(bad, 32, invalid[i]), 32);
		CHECK_EQ_INT(ed25519_verify(bad, msg, sizeof(msg), pk), ERR_CRYPTO);
	}
	/*
	 * Small-order A with R = identity and S = 0: [0]B = R + [k]A holds for
	 * A = identity and every message, the classic forgery; refused.
	 */
	memset(bad, 0, 64);
	bad[0] = 1;
	CHECK_EQ_INT(tc_unhex(badpk, 32, small_order[0]), 32);
	CHECK_EQ_INT(ed25519_verify(bad, msg, sizeof(msg), badpk), ERR_CRYPTO);
	/* Small-order R under a good key. */
	for (size_t i = 0; i < sizeof(small_order) / sizeof(small_order[0]); i++) {
		memcpy(bad, sig, 64);
		CHECK_EQ_INT(tc_unhex(bad, 32, small_order[i]), 32);
		CHECK_EQ_INT(ed25519_verify(bad, msg, sizeof(msg), pk), ERR_CRYPTO);
	}
}

/* Decoding then encoding is the identity on valid encodings, both signs. */
TEST(crypto_ed25519_point_roundtrip)
{
	uint8_t seed[32], pk[32], enc[32];
	struct ge p, q;

	for (int i = 0; i < 64; i++) {
		memset(seed, i, sizeof(seed));
		ed25519_pubkey(pk, seed);
		CHECK_EQ_INT(ge_frombytes(&p, pk), 0);
		ge_tobytes(enc, &p);
		CHECK_MEM_EQ(enc, pk, 32);
		/* -P has the other sign bit and the same y. */
		ge_neg(&q, &p);
		ge_tobytes(enc, &q);
		CHECK_EQ_INT(enc[31] ^ pk[31], 0x80);
		CHECK_EQ_INT(ge_frombytes(&q, enc), 0);
		/* P + (-P) is the identity; P + P = [2]P. */
		ge_add(&q, &p, &q);
		ge_tobytes(enc, &q);
		CHECK_EQ_INT(enc[0], 1);
		ge_add(&q, &p, &p);
		ge_dbl(&p, &p);
		{
			uint8_t a[32], b[32];

			ge_tobytes(a, &q);
			ge_tobytes(b, &p);
			CHECK_MEM_EQ(a, b, 32);
		}
	}
}

/*
 * sc_reduce / sc_muladd against values computed with Python integers when the
 * test was written (x mod L for x = 2^512 - 1, L, L - 1, 2L, and a*b + c).
 */
TEST(crypto_ed25519_scalar_reduction)
{
	uint8_t in[64], out[32], want[32], a[32], b[32], c[32];

	memset(in, 0xff, 64);
	sc_reduce(out, in);
	CHECK_EQ_INT(tc_unhex(want, 32,
	    "000f9c44e31106a447938568a71b0ed065bef517d273ecce3d9a307c1b419903"), 32);
	CHECK_MEM_EQ(out, want, 32);

	memset(in, 0, 64);
	memcpy(in, ORDER_L, 32);
	sc_reduce(out, in);
	memset(want, 0, 32);
	CHECK_MEM_EQ(out, want, 32);

	in[0]--;	/* L - 1 */
	sc_reduce(out, in);
	CHECK_MEM_EQ(out, in, 32);

	memset(in, 0, 64);
	memcpy(in, ORDER_L, 32);
	CHECK_EQ_INT(add_l(in), 0);	/* 2L */
	sc_reduce(out, in);
	memset(want, 0, 32);
	CHECK_MEM_EQ(out, want, 32);

	/* a = b = c = 2^256 - 1: (2^256 - 1)^2 + 2^256 - 1 mod L. */
	memset(a, 0xff, 32);
	memset(b, 0xff, 32);
	memset(c, 0xff, 32);
	sc_muladd(out, a, b, c);
	CHECK_EQ_INT(tc_unhex(want, 32,
	    "d14df91389432c25ad60ff9791b9fd1d67bef517d273ecce3d9a307c1b419903"), 32);
	CHECK_MEM_EQ(out, want, 32);
}

TEST(crypto_ed25519_field_edges)
{
	struct fe f, g;
	uint8_t s[32], t[32];

	/* p encodes to 0, p + 1 to 1, 2^255 - 1 to 18 (bit 255 is ignored on input). */
	CHECK_EQ_INT(tc_unhex(s, 32, "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"), 32);
	fe_frombytes(&f, s);
	CHECK_EQ_INT(fe_iszero(&f), 1);
	s[0] = 0xee;
	fe_frombytes(&f, s);
	fe_tobytes(t, &f);
	CHECK_EQ_INT(t[0], 1);
	memset(s, 0xff, 32);
	fe_frombytes(&f, s);
	fe_tobytes(t, &f);
	CHECK_EQ_INT(t[0], 18);
	CHECK_EQ_INT(t[31], 0);
	/* f * f^-1 = 1 for f = 18. */
	fe_invert(&g, &f);
	fe_mul(&g, &g, &f);
	fe_1(&f);
	CHECK_EQ_INT(fe_equal(&g, &f), 1);
}
