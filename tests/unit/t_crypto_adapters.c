/*
 * The BearSSL adapters (src/crypto/{x25519,p256,rsa,hash,aes}.c). Expected values
 * are RFC vectors (RFC 7748 §5.2 and §6.1, RFC 6979 A.2.5, FIPS 180 "abc",
 * RFC 4231 case 2) or, where the point is the SSH framing (counter carry, GCM
 * invocation counter, RSA key completion), values made with python3-cryptography
 * (OpenSSL) when the test was written.
 */
#include "harness.h"
#include "t_crypto_util.h"

#include "core/err.h"
#include "crypto/aes.h"
#include "crypto/hash.h"
#include "crypto/p256.h"
#include "crypto/rsa.h"
#include "crypto/x25519.h"

#define UNHEX(buf, hex) CHECK_EQ_INT(tc_unhex((buf), sizeof(buf), (hex)), (long)sizeof(buf))

TEST(crypto_x25519_rfc7748)
{
	uint8_t k[32], u[32], out[32], want[32], next[32];

	/* §5.2, the two single-step vectors (the second u has its top bit set). */
	UNHEX(k, "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
	UNHEX(u, "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c");
	UNHEX(want, "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
	x25519(out, k, u);
	CHECK_MEM_EQ(out, want, 32);
	UNHEX(k, "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d");
	UNHEX(u, "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493");
	UNHEX(want, "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
	x25519(out, k, u);
	CHECK_MEM_EQ(out, want, 32);

	/* §5.2 iterations: k = u = 9; k, u = X25519(k, u), k; after 1 and 1000. */
	memset(k, 0, 32);
	k[0] = 9;
	memcpy(u, k, 32);
	for (int i = 1; i <= 1000; i++) {
		x25519(next, k, u);
		memcpy(u, k, 32);
		memcpy(k, next, 32);
		if (i == 1) {
			UNHEX(want, "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
			CHECK_MEM_EQ(k, want, 32);
		}
	}
	UNHEX(want, "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
	CHECK_MEM_EQ(k, want, 32);
}

TEST(crypto_x25519_dh_rfc7748)
{
	uint8_t a[32], b[32], apub[32], bpub[32], want[32], s1[32], s2[32], zero[32];

	/* §6.1 */
	UNHEX(a, "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
	UNHEX(b, "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
	x25519_pubkey(apub, a);
	x25519_pubkey(bpub, b);
	UNHEX(want, "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
	CHECK_MEM_EQ(apub, want, 32);
	UNHEX(want, "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
	CHECK_MEM_EQ(bpub, want, 32);
	UNHEX(want, "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
	CHECK_OK(x25519_shared(s1, a, bpub));
	CHECK_OK(x25519_shared(s2, b, apub));
	CHECK_MEM_EQ(s1, want, 32);
	CHECK_MEM_EQ(s2, want, 32);
	/* Low-order peer (u = 0, u = 1): all-zero secret, refused (RFC 8731 §3). */
	memset(zero, 0, 32);
	CHECK_EQ_INT(x25519_shared(s1, a, zero), ERR_CRYPTO);
	zero[0] = 1;
	CHECK_EQ_INT(x25519_shared(s1, a, zero), ERR_CRYPTO);
	/* keygen: a fresh pair agrees with the fixed one. */
	x25519_keygen(a, apub);
	CHECK_OK(x25519_shared(s1, a, bpub));
	CHECK_OK(x25519_shared(s2, b, apub));
	CHECK_MEM_EQ(s1, s2, 32);
}

TEST(crypto_hash_and_hmac)
{
	static const struct {
		enum hash_alg alg;
		const char *hex;
	} abc[] = {
		{HASH_SHA1, "a9993e364706816aba3e25717850c26c9cd0d89d"},
		{HASH_SHA256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{HASH_SHA384, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
		    "8086072ba1e7cc2358baeca134c825a7"},
		{HASH_SHA512, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
		    "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"},
	}, jefe[] = {
		{HASH_SHA1, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"},
		{HASH_SHA256, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
		{HASH_SHA512, "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
		    "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"},
	};
	static const char data[] = "what do ya want for nothing?";
	uint8_t out[HASH_MAX_LEN], want[HASH_MAX_LEN];

	for (size_t i = 0; i < sizeof(abc) / sizeof(abc[0]); i++) {
		struct hash_ctx h, fork;
		size_t n = hash_len(abc[i].alg);

		CHECK_EQ_INT(tc_unhex(want, sizeof(want), abc[i].hex), (long)n);
		hash_once(abc[i].alg, out, "abc", 3);
		CHECK_MEM_EQ(out, want, n);
		/* Incremental, non-destructive final, and a copied context. */
		hash_init(&h, abc[i].alg);
		hash_update(&h, "a", 1);
		fork = h;
		hash_update(&h, "bc", 2);
		hash_final(&h, out);
		CHECK_MEM_EQ(out, want, n);
		hash_update(&fork, "b", 1);
		hash_update(&fork, "c", 1);
		hash_final(&fork, out);
		CHECK_MEM_EQ(out, want, n);
		CHECK(hash_class(abc[i].alg) != NULL);
		CHECK(hash_oid(abc[i].alg) != NULL);
	}
	CHECK_EQ_INT(hash_len((enum hash_alg)0), 0);
	/* RFC 4231 test case 2 (and the same for SHA-1, RFC 2202 case 2). */
	for (size_t i = 0; i < sizeof(jefe) / sizeof(jefe[0]); i++) {
		struct hmac_key k;
		struct hmac_ctx c;
		size_t n = hash_len(jefe[i].alg);

		CHECK_EQ_INT(tc_unhex(want, sizeof(want), jefe[i].hex), (long)n);
		hmac_once(jefe[i].alg, "Jefe", 4, data, strlen(data), out);
		CHECK_MEM_EQ(out, want, n);
		hmac_key_init(&k, jefe[i].alg, "Jefe", 4);
		for (int rep = 0; rep < 2; rep++) {	/* the key context is reusable */
			hmac_init(&c, &k);
			hmac_update(&c, data, 10);
			hmac_update(&c, data + 10, strlen(data) - 10);
			CHECK_EQ_INT(hmac_final(&c, out), n);
			CHECK_MEM_EQ(out, want, n);
			hmac_release(&c);
		}
		hmac_key_release(&k);
	}
}

/* SSH counter mode: the full 128-bit counter carries past BearSSL's 32-bit word. */
TEST(crypto_aes_ctr_counter_carry)
{
	static const struct {
		const char *iv, *ct;
	} v[] = {
		{"00112233445566778899aabbfffffffe",
		    "405b18eaf3e0bbe6149c5b57193f41bfb128cc2b232556c556b88802c16e51a8361cc882"
		    "a0cd2475119ecc6a54b1b3ad6c55ed7497e3e9469adb53f9f6e0e2e1523d7f3eef78feb2"
		    "83e17e8374061efc137399a5a0d1377b494783da278f3502dbadde21"},
		{"ffffffffffffffffffffffffffffffff",
		    "e99eea0850845aeb6bb8573609d4358782e77e33a6da0571015c2cd719e5a55910ba985b"
		    "b6ba95f4bee9bd1c7cf974745eebebbbd95ff93c80273fa8bc87232012849886f4628ade"
		    "7861b58ed1e47f7f7e68d8f966a1e2675bac07884545fbd709a0ef53"},
	};
	uint8_t key[32], iv[16], pt[100], want[100], buf[100];
	struct aes_ctr c;

	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)i;
	for (int i = 0; i < 100; i++)
		pt[i] = (uint8_t)(i * 7);
	for (size_t t = 0; t < sizeof(v) / sizeof(v[0]); t++) {
		UNHEX(iv, v[t].iv);
		UNHEX(want, v[t].ct);
		CHECK_OK(aes_ctr_init(&c, key, 32, iv));
		memcpy(buf, pt, 100);
		aes_ctr_run(&c, buf, 100);
		CHECK_MEM_EQ(buf, want, 100);
		aes_ctr_release(&c);
		/* Split at every point into three calls. */
		for (size_t a = 0; a <= 100; a += 3) {
			size_t b = a + (100 - a) / 2;

			CHECK_OK(aes_ctr_init(&c, key, 32, iv));
			memcpy(buf, pt, 100);
			aes_ctr_run(&c, buf, a);
			aes_ctr_run(&c, buf + a, b - a);
			aes_ctr_run(&c, buf + b, 100 - b);
			CHECK_MEM_EQ(buf, want, 100);
		}
	}
	CHECK_EQ_INT(aes_ctr_init(&c, key, 20, iv), ERR_INVAL);
	CHECK(aes_impl_name() != NULL);
}

TEST(crypto_aes_gcm_openssh_framing)
{
	uint8_t key16[16], key32[32], iv[12], pkt[4 + 36], out[4 + 36 + 16], back[4 + 36];
	uint8_t want[36 + 16];
	struct aes_gcm g, d;

	for (int i = 0; i < 32; i++)
		key32[i] = (uint8_t)i;
	memcpy(key16, key32, 16);
	pkt[0] = 0;
	pkt[1] = 0;
	pkt[2] = 0;
	pkt[3] = 36;
	for (int i = 0; i < 36; i++)
		pkt[4 + i] = (uint8_t)(i * 3);

	/* Two packets: the invocation counter (IV bytes 4..11) advances by one. */
	UNHEX(iv, "000102030405060708090a0b");
	CHECK_OK(aes_gcm_init(&g, key16, 16, iv));
	CHECK_OK(aes_gcm_init(&d, key16, 16, iv));
	UNHEX(want, "936fa1c76a14e54153c97fab12845a2583152cdf6fd2bfb3ae6abf7c4013f831e5c7bd9e"
	    "7389dd3c4306ec27af71c7136a252901");
	CHECK_OK(aes_gcm_crypt(&g, out, pkt, 36, 1));
	CHECK_MEM_EQ(out, pkt, 4);	/* the length stays in clear */
	CHECK_MEM_EQ(out + 4, want, sizeof(want));
	CHECK_OK(aes_gcm_crypt(&d, back, out, 36, 0));
	CHECK_MEM_EQ(back, pkt, sizeof(back));
	UNHEX(want, "0a114d0ea982ff577f80adc7fe0a5740a1378379bc5c1d1f79343d792901e65ec583ed11"
	    "90c52498431b379ead4b9afa9de978c8");
	CHECK_OK(aes_gcm_crypt(&g, out, pkt, 36, 1));
	CHECK_MEM_EQ(out + 4, want, sizeof(want));
	/* Tampered (the AAD length byte, then the tag): refused and dst wiped. */
	out[3] ^= 1;
	memset(back, 0x77, sizeof(back));
	CHECK_EQ_INT(aes_gcm_crypt(&d, back, out, 36, 0), ERR_CRYPTO);
	CHECK_EQ_INT(back[10], 0);
	aes_gcm_release(&g);
	aes_gcm_release(&d);

	/* The 64-bit counter wraps to zero without touching the fixed field; in place. */
	UNHEX(iv, "01020304ffffffffffffffff");
	CHECK_OK(aes_gcm_init(&g, key32, 32, iv));
	memcpy(out, pkt, sizeof(pkt));
	CHECK_OK(aes_gcm_crypt(&g, out, out, 36, 1));
	UNHEX(want, "713fbf2d53ce700e79a9cf1f04eab34b7dd5dc1f68ac802bb3dff6c2f7156f040d4fad31"
	    "150311d94593355b991736e22f35fb9c");
	CHECK_MEM_EQ(out + 4, want, sizeof(want));
	memcpy(out, pkt, sizeof(pkt));
	CHECK_OK(aes_gcm_crypt(&g, out, out, 36, 1));
	UNHEX(want, "2156db541b9e6a64e3fc899a94e79d43c02c6cc8ec9e4b1600ba770e36c59e4481b4a9cd"
	    "b5d2fb56fe2e7225d265808b8cb2e039");
	CHECK_MEM_EQ(out + 4, want, sizeof(want));
	aes_gcm_release(&g);
	CHECK_EQ_INT(aes_gcm_init(&g, key32, 8, iv), ERR_INVAL);
	CHECK(ghash_impl_name() != NULL);
}

TEST(crypto_aes_cbc_decrypt)
{
	uint8_t key[32], iv[16], ct[64], pt[64];

	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)i;
	for (int i = 0; i < 16; i++)
		iv[i] = (uint8_t)(100 + i);
	UNHEX(ct, "7add93e31e65a9da3d7be1c31acbf1faef0458e275caf281f2cc80b87766e6e2eb30672564"
	    "f35b9b6b3b7608b8fbe2cfd643db630c0651fb5592f63c66d17e21");
	/* In two calls: the IV carries the chaining. */
	CHECK_OK(aes_cbc_decrypt(key, 32, iv, ct, 32));
	CHECK_OK(aes_cbc_decrypt(key, 32, iv, ct + 32, 32));
	for (int i = 0; i < 64; i++)
		pt[i] = (uint8_t)(i * 5);
	CHECK_MEM_EQ(ct, pt, 64);
	CHECK_EQ_INT(aes_cbc_decrypt(key, 32, iv, ct, 15), ERR_INVAL);
}

TEST(crypto_p256_rfc6979_and_ecdh)
{
	uint8_t sk[32], pub[65], want_pub[65], sig[64], want_sig[64], peer[65], sk2[32];
	uint8_t s1[32], s2[32], want[32], pub2[65];

	/* RFC 6979 A.2.5: key, public point, deterministic signature of "sample". */
	UNHEX(sk, "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
	UNHEX(want_pub, "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
	    "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299");
	CHECK_OK(p256_pubkey(pub, sk));
	CHECK_MEM_EQ(pub, want_pub, 65);
	CHECK_OK(p256_check_pub(pub, 65));
	UNHEX(want_sig, "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
	    "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8");
	CHECK_OK(p256_sign(sig, (const uint8_t *)"sample", 6, sk));
	CHECK_MEM_EQ(sig, want_sig, 64);
	CHECK_OK(p256_verify(sig, (const uint8_t *)"sample", 6, pub, 65));
	CHECK_EQ_INT(p256_verify(sig, (const uint8_t *)"samplf", 6, pub, 65), ERR_CRYPTO);
	sig[10] ^= 1;
	CHECK_EQ_INT(p256_verify(sig, (const uint8_t *)"sample", 6, pub, 65), ERR_CRYPTO);

	/* ECDH with sk2 = 0x1111...11 (value from python3-cryptography). */
	memset(sk2, 0x11, 32);
	UNHEX(peer, "040217e617f0b6443928278f96999e69a23a4f2c152bdf6d6cdf66e5b80282d4ed"
	    "194a7debcb97712d2dda3ca85aa8765a56f45fc758599652f2897c65306e5794");
	CHECK_OK(p256_pubkey(pub2, sk2));
	CHECK_MEM_EQ(pub2, peer, 65);
	UNHEX(want, "402398908893b9a936ecd0a3ee15d8ed137472d392aa299c1f53f88ec8fbbd44");
	CHECK_OK(p256_ecdh(s1, sk, peer, 65));
	CHECK_MEM_EQ(s1, want, 32);
	CHECK_OK(p256_ecdh(s2, sk2, pub, 65));
	CHECK_MEM_EQ(s2, want, 32);
	/* Invalid peers: off the curve, wrong length, compressed form. */
	peer[64] ^= 1;
	CHECK_EQ_INT(p256_ecdh(s1, sk, peer, 65), ERR_CRYPTO);
	CHECK_EQ_INT(p256_check_pub(peer, 65), ERR_CRYPTO);
	CHECK_EQ_INT(p256_verify(want_sig, (const uint8_t *)"sample", 6, peer, 65), ERR_CRYPTO);
	peer[64] ^= 1;
	CHECK_EQ_INT(p256_ecdh(s1, sk, peer, 64), ERR_CRYPTO);
	peer[0] = 0x02;
	CHECK_EQ_INT(p256_ecdh(s1, sk, peer, 65), ERR_CRYPTO);
	/* Secrets 0 and n are refused. */
	memset(sk2, 0, 32);
	CHECK_EQ_INT(p256_pubkey(pub2, sk2), ERR_CRYPTO);
	UNHEX(sk2, "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
	CHECK_EQ_INT(p256_pubkey(pub2, sk2), ERR_CRYPTO);
	sk2[31]--;
	CHECK_OK(p256_pubkey(pub2, sk2));
	/* keygen round trip */
	p256_keygen(sk2, pub2);
	CHECK_OK(p256_ecdh(s1, sk2, pub, 65));
	CHECK_OK(p256_ecdh(s2, sk, pub2, 65));
	CHECK_MEM_EQ(s1, s2, 32);
}

struct rsa_kat {
	uint8_t	n[256], e[3], d[256], p[128], q[128], dp[128], dq[128], iq[128];
	uint8_t	msg[64], sig256[256], sig512[256], sig1[256], short_msg[64], short_sig[256];
	size_t	elen, msglen, short_msglen;
};

static int
rsa_kat_load(struct rsa_kat *k)
{
	size_t n;
	char *buf = harness_read("kat/rsa2048.txt", &n), *cur = buf, *f[TC_MAX_FIELDS];
	int nf, got = 0;

	while ((nf = tc_next_line(&cur, f)) == 2) {
		static const char *names[] = {"n", "e", "d", "p", "q", "dp", "dq", "iq", "msg",
		    "sig_sha256", "sig_sha512", "sig_sha1", "short_msg", "short_sig_sha256"};
		uint8_t *dst[] = {k->n, k->e, k->d, k->p, k->q, k->dp, k->dq, k->iq, k->msg,
		    k->sig256, k->sig512, k->sig1, k->short_msg, k->short_sig};
		size_t cap[] = {256, 3, 256, 128, 128, 128, 128, 128, 64, 256, 256, 256, 64, 256};

		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			long len;

			if (strcmp(f[0], names[i]) != 0)
				continue;
			len = tc_unhex(dst[i], cap[i], f[1]);
			if (len < 0)
				break;
			if (i == 1)
				k->elen = (size_t)len;
			if (i == 8)
				k->msglen = (size_t)len;
			if (i == 12)
				k->short_msglen = (size_t)len;
			got++;
		}
	}
	free(buf);
	return got == 14 ? 0 : -1;
}

TEST(crypto_rsa_pkcs1)
{
	static struct rsa_kat k;
	br_rsa_public_key pk;
	br_rsa_private_key sk;
	uint8_t sig[RSA_MAX_LEN], dp[128], n2[300], e2[8], padded[257];
	size_t siglen, nlen, elen;

	CHECK_OK(rsa_kat_load(&k));
	pk.n = k.n;
	pk.nlen = 256;
	pk.e = k.e;
	pk.elen = k.elen;
	CHECK_OK(rsa_verify(HASH_SHA256, &pk, k.sig256, 256, k.msg, k.msglen));
	CHECK_OK(rsa_verify(HASH_SHA512, &pk, k.sig512, 256, k.msg, k.msglen));
	CHECK_OK(rsa_verify(HASH_SHA1, &pk, k.sig1, 256, k.msg, k.msglen));
	CHECK_EQ_INT(rsa_verify(HASH_SHA512, &pk, k.sig256, 256, k.msg, k.msglen), ERR_CRYPTO);
	CHECK_EQ_INT(rsa_verify(HASH_SHA256, &pk, k.sig256, 256, k.msg, k.msglen - 1), ERR_CRYPTO);
	/* A signature whose first byte is 0 also verifies when sent one byte short. */
	CHECK_EQ_INT(k.short_sig[0], 0);
	CHECK_OK(rsa_verify(HASH_SHA256, &pk, k.short_sig, 256, k.short_msg, k.short_msglen));
	CHECK_OK(rsa_verify(HASH_SHA256, &pk, k.short_sig + 1, 255, k.short_msg, k.short_msglen));
	/* A modulus with the mpint 0x00 prefix; a signature one byte too long. */
	padded[0] = 0;
	memcpy(padded + 1, k.n, 256);
	pk.n = padded;
	pk.nlen = 257;
	CHECK_OK(rsa_verify(HASH_SHA256, &pk, k.sig256, 256, k.msg, k.msglen));
	memcpy(padded + 1, k.sig256, 256);
	padded[0] = 1;
	pk.n = k.n;
	pk.nlen = 256;
	CHECK_EQ_INT(rsa_verify(HASH_SHA256, &pk, padded, 257, k.msg, k.msglen), ERR_CRYPTO);

	/* OpenSSH keys give d, not dp/dq: derive them and compare with OpenSSL's. */
	CHECK_OK(rsa_crt_exponent(dp, k.d, 256, k.p, 128));
	CHECK_MEM_EQ(dp, k.dp, 128);
	CHECK_OK(rsa_crt_exponent(dp, k.d, 256, k.q, 128));
	CHECK_MEM_EQ(dp, k.dq, 128);
	CHECK_EQ_INT(rsa_crt_exponent(dp, k.d, 256, k.dp, 128), k.dp[127] & 1 ? 0 : ERR_INVAL);

	sk.n_bitlen = 2048;
	sk.p = k.p;
	sk.plen = 128;
	sk.q = k.q;
	sk.qlen = 128;
	sk.dp = k.dp;
	sk.dplen = 128;
	sk.dq = k.dq;
	sk.dqlen = 128;
	sk.iq = k.iq;
	sk.iqlen = 128;
	/* PKCS#1 v1.5 is deterministic: the same bytes as OpenSSL. */
	CHECK_OK(rsa_sign(HASH_SHA256, &sk, k.msg, k.msglen, sig, sizeof(sig), &siglen));
	CHECK_EQ_INT(siglen, 256);
	CHECK_MEM_EQ(sig, k.sig256, 256);
	CHECK_OK(rsa_sign(HASH_SHA512, &sk, k.msg, k.msglen, sig, sizeof(sig), &siglen));
	CHECK_MEM_EQ(sig, k.sig512, 256);
	CHECK_EQ_INT(rsa_sign(HASH_SHA512, &sk, k.msg, k.msglen, sig, 255, &siglen), ERR_RANGE);

	CHECK_OK(rsa_public_from_private(&sk, n2, sizeof(n2), &nlen, e2, sizeof(e2), &elen));
	CHECK_EQ_INT(nlen, 256);
	CHECK_MEM_EQ(n2, k.n, 256);
	CHECK_EQ_INT(elen, k.elen);
	CHECK_MEM_EQ(e2, k.e, elen);
}

/* d mod (p - 1) on small numbers, where the answer is obvious. */
TEST(crypto_rsa_crt_exponent_small)
{
	uint8_t out[2], d[3], p[2];

	/* 100000 mod (263 - 1) = 100000 - 381 * 262 = 178 */
	d[0] = 0x01;
	d[1] = 0x86;
	d[2] = 0xa0;
	p[0] = 0x01;
	p[1] = 0x07;
	CHECK_OK(rsa_crt_exponent(out, d, 3, p, 2));
	CHECK_EQ_INT(out[0] << 8 | out[1], 178);
	/* d < p - 1 comes back unchanged; a leading zero in d is fine. */
	d[0] = 0;
	d[1] = 0;
	d[2] = 200;
	CHECK_OK(rsa_crt_exponent(out, d, 3, p, 2));
	CHECK_EQ_INT(out[0] << 8 | out[1], 200);
	p[1] = 0x08;	/* even p */
	CHECK_EQ_INT(rsa_crt_exponent(out, d, 3, p, 2), ERR_INVAL);
	p[0] = 0;
	p[1] = 1;	/* p = 1: p - 1 = 0 */
	CHECK_EQ_INT(rsa_crt_exponent(out, d, 3, p, 2), ERR_INVAL);
}
