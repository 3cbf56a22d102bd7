/*
 * t_ssh_kex — known-answer tests for the key exchange math and the packet
 * ciphers. Expected values were computed with Python's hashlib/hmac and the
 * `cryptography` package (OpenSSL), independently of BearSSL:
 *   - RFC 4253 §7.2 key derivation, including the K1 || K2 || K3 extension
 *   - the ECDH exchange hash of RFC 5656 §4 / RFC 8731 §3
 *   - X25519 shared secret as an mpint (RFC 8731 §3), and the all-zero rejection
 *   - one packet each for aes128-gcm@openssh.com (two invocations: the IV counter),
 *     aes128-ctr + hmac-sha2-256, aes128-ctr + hmac-sha2-256-etm@openssh.com, the
 *     CTR IV chosen so the 128-bit counter wraps inside the packet
 */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/enc.h"
#include "core/err.h"
#include "ssh/cipher.h"
#include "ssh/kex.h"

static size_t
unhex(const char *s, uint8_t *out, size_t max)
{
	struct buf b;
	size_t n;

	buf_init(&b, 0);
	if (hex_decode(s, strlen(s), &b) != 0 || buf_avail(&b) > max) {
		buf_release(&b);
		return (size_t)-1;
	}
	n = buf_avail(&b);
	memcpy(out, buf_ptr(&b), n);
	buf_release(&b);
	return n;
}

static void
sha256_of(const char *s, uint8_t out[32])
{
	br_sha256_context c;

	br_sha256_init(&c);
	br_sha256_update(&c, s, strlen(s));
	br_sha256_out(&c, out);
}

static size_t
kmpint(uint8_t *k)
{
	struct buf b;
	uint8_t mag[32];
	size_t i, n;

	for (i = 0; i < 32; i++)
		mag[i] = (uint8_t)(0x80 + i);
	buf_init(&b, 0);
	buf_put_mpint(&b, mag, 32);
	n = buf_avail(&b);
	memcpy(k, buf_ptr(&b), n);
	buf_release(&b);
	return n;
}

TEST(ssh_kex_derive_rfc4253_7_2)
{
	uint8_t k[64], h[32], sid[32], out[80], want[80];
	size_t kl = kmpint(k);

	CHECK_EQ_INT(unhex("0000002100808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
	    want, sizeof(want)), kl);
	CHECK_MEM_EQ(k, want, kl);
	sha256_of("exchange hash", h);
	sha256_of("session id", sid);
	/* 80 bytes: three hash blocks, exercising the K1 || K2 || K3 extension. */
	kex_derive(&br_sha256_vtable, k, kl, h, 32, 'C', sid, 32, out, 80);
	unhex("5fca2c06dce6e078771840e75b83d673fed120e3a5099386e7c5503602664cf9d603e14d790e99840c567405baf275ad"
	    "5e610430a69415f5a94aecc3fbab84e9f4b34e97240d5ea62b825a37bb4c5c6e", want, sizeof(want));
	CHECK_MEM_EQ(out, want, 80);
	kex_derive(&br_sha256_vtable, k, kl, h, 32, 'A', sid, 32, out, 12);
	unhex("111c34824e27bcf60e047eb9", want, sizeof(want));
	CHECK_MEM_EQ(out, want, 12);
}

TEST(ssh_kex_exchange_hash)
{
	uint8_t k[64], out[KEX_MAX_HASH], want[32], ic[19], is[19], qc[32], qs[32];
	size_t kl = kmpint(k), i;

	memset(ic, 0, sizeof(ic));
	ic[0] = 20;
	memcpy(ic + 17, "ic", 2);
	is[0] = 20;
	for (i = 0; i < 16; i++)
		is[1 + i] = (uint8_t)i;
	memcpy(is + 17, "is", 2);
	memset(qc, 1, 32);
	memset(qs, 2, 32);
	CHECK_EQ_INT(kex_exchange_hash(&br_sha256_vtable, "SSH-2.0-sextant_test", "SSH-2.0-OpenSSH_9.2p1",
	    ic, 19, is, 19, (const uint8_t *)"hostkeyblob", 11, qc, 32, qs, 32, k, kl, out), 32);
	unhex("c980b6fc461032f936bd354fe1d63205038c6f3233ca6726efc8d3f13ee9ee59", want, 32);
	CHECK_MEM_EQ(out, want, 32);
}

TEST(ssh_kex_x25519_shared_mpint)
{
	struct kex_ecdh a;
	struct buf k;
	struct errinfo e;
	uint8_t bpub[32], want[64];
	size_t i;

	/* Fixed private scalar 01..20; peer public from scalar 21..40 (computed by OpenSSL). */
	memset(&a, 0, sizeof(a));
	a.alg = KEX_CURVE25519;
	for (i = 0; i < 32; i++)
		a.sk[i] = (uint8_t)(i + 1);
	a.sk_len = 32;
	unhex("5869aff450549732cbaaed5e5df9b30a6da31cb0e5742bad5ad4a1a768f1a67b", bpub, 32);
	buf_init(&k, 0);
	err_clear(&e);
	CHECK_OK(kex_ecdh_shared(&a, bpub, 32, &k, &e));
	CHECK_EQ_INT(unhex("0000002100a84dc7c3c8f058b1b2dc4cd1e9b5dc0a7987f88b6a9564cde3391fc421159e77", want,
	    sizeof(want)), 37);
	CHECK_EQ_INT(buf_avail(&k), 37);
	CHECK_MEM_EQ(buf_ptr(&k), want, 37);
	buf_release(&k);
}

TEST(ssh_kex_x25519_rejects_zero_and_bad_length)
{
	struct kex_ecdh a;
	struct buf k;
	struct errinfo e;
	uint8_t zero[32], one[32];

	kex_ecdh_init(&a, KEX_CURVE25519);
	CHECK_EQ_INT(a.pub_len, 32);
	buf_init(&k, 0);
	memset(zero, 0, 32);
	memset(one, 0, 32);
	one[0] = 1;	/* u = 1 is of low order too: the result is all zero */
	err_clear(&e);
	CHECK_EQ_INT(kex_ecdh_shared(&a, zero, 32, &k, &e), ERR_CRYPTO);
	CHECK(strstr(e.msg, "all zero") != NULL);
	CHECK_EQ_INT(kex_ecdh_shared(&a, one, 32, &k, &e), ERR_CRYPTO);
	CHECK_EQ_INT(kex_ecdh_shared(&a, zero, 31, &k, &e), ERR_CRYPTO);
	CHECK_EQ_INT(buf_avail(&k), 0);
	buf_release(&k);
	kex_ecdh_release(&a);
}

TEST(ssh_kex_both_sides_agree)
{
	enum kex_alg algs[2] = { KEX_CURVE25519, KEX_ECDH_P256 };
	int i;

	for (i = 0; i < 2; i++) {
		struct kex_ecdh a, b;
		struct buf ka, kb;
		struct errinfo e;
		uint8_t bad[65];

		kex_ecdh_init(&a, algs[i]);
		kex_ecdh_init(&b, algs[i]);
		buf_init(&ka, 0);
		buf_init(&kb, 0);
		CHECK_OK(kex_ecdh_shared(&a, b.pub, b.pub_len, &ka, &e));
		CHECK_OK(kex_ecdh_shared(&b, a.pub, a.pub_len, &kb, &e));
		CHECK_EQ_INT(buf_avail(&ka), buf_avail(&kb));
		CHECK_MEM_EQ(buf_ptr(&ka), buf_ptr(&kb), buf_avail(&ka));
		if (algs[i] == KEX_ECDH_P256) {
			/* A point that is not on the curve is refused. */
			memcpy(bad, b.pub, 65);
			bad[64] ^= 1;
			CHECK_EQ_INT(kex_ecdh_shared(&a, bad, 65, &ka, &e), ERR_CRYPTO);
		}
		buf_release(&ka);
		buf_release(&kb);
		kex_ecdh_release(&a);
		kex_ecdh_release(&b);
	}
}

TEST(ssh_cipher_gcm_packet_kat)
{
	struct pkt_cipher *c = calloc(1, sizeof(*c)), *d = calloc(1, sizeof(*d));
	uint8_t key[16], iv[12], pkt[64], want[64], pt[32];
	size_t i;

	for (i = 0; i < 16; i++)
		key[i] = (uint8_t)i;
	for (i = 0; i < 12; i++)
		iv[i] = (uint8_t)(100 + i);
	pkt_cipher_init(c, cipher_by_name("aes128-gcm@openssh.com"), NULL, key, iv, NULL);
	pkt_cipher_init(d, cipher_by_name("aes128-gcm@openssh.com"), NULL, key, iv, NULL);
	CHECK_EQ_INT(pkt_cipher_trailer(c), 16);
	CHECK(pkt_cipher_len_excluded(c));
	unhex("0000001c0a0568656c6c6f2c20776f726c642121212100000000000000000000", pt, 32);
	memcpy(pkt, pt, 32);
	pkt_cipher_seal(c, 0, pkt, 32);
	unhex("0000001c106726c0b76ed7d6bb493862eaae0acd11a978ff92a9dd5af46fb197445b360bfdf521553012e88f32d4c8c2",
	    want, sizeof(want));
	CHECK_MEM_EQ(pkt, want, 48);
	/* Decrypt it back, then the second packet uses the next invocation counter. */
	CHECK_EQ_INT(pkt_cipher_peek_len(d, 0, pkt), 28);
	CHECK_OK(pkt_cipher_open(d, 0, pkt, 32));
	CHECK_MEM_EQ(pkt, pt, 32);
	memcpy(pkt, pt, 32);
	pkt_cipher_seal(c, 1, pkt, 32);
	unhex("0000001c647d1b7eda2d76d95d85d22c549fac9614c60a8846631b230a8d0be4c15828cebf9c74624c39ac9ca2eee36f",
	    want, sizeof(want));
	CHECK_MEM_EQ(pkt, want, 48);
	/* Tampering anywhere (length AAD, body, tag) fails. */
	pkt[2] ^= 1;
	CHECK_EQ_INT(pkt_cipher_open(d, 1, pkt, 32), ERR_CRYPTO);
	pkt_cipher_release(c);
	pkt_cipher_release(d);
	free(c);
	free(d);
}

static void
ctr_keys(uint8_t key[16], uint8_t iv[16], uint8_t mk[32])
{
	size_t i;

	for (i = 0; i < 16; i++)
		key[i] = (uint8_t)(32 + i);
	/* ff..ff fffffffe: the 128-bit counter wraps to zero inside a two-block packet. */
	memset(iv, 0xff, 16);
	iv[15] = 0xfe;
	for (i = 0; i < 32; i++)
		mk[i] = (uint8_t)(64 + i);
}

TEST(ssh_cipher_ctr_hmac_kat)
{
	struct pkt_cipher *c = calloc(1, sizeof(*c)), *d = calloc(1, sizeof(*d));
	uint8_t key[16], iv[16], mk[32], pkt[128], pt[32], want[128];

	ctr_keys(key, iv, mk);
	pkt_cipher_init(c, cipher_by_name("aes128-ctr"), mac_by_name("hmac-sha2-256"), key, iv, mk);
	pkt_cipher_init(d, cipher_by_name("aes128-ctr"), mac_by_name("hmac-sha2-256"), key, iv, mk);
	CHECK(!pkt_cipher_len_excluded(c));
	CHECK_EQ_INT(pkt_cipher_first_len(c), 16);
	unhex("0000001c095e6162636465666768696a6b6c6d6e6f7071000000000000000000", pt, 32);
	memcpy(pkt, pt, 32);
	pkt_cipher_seal(c, 7, pkt, 32);
	unhex("36a0be7019797252353bb60703264b496d71e54bcb290afcab59aa304039cedf"
	    "1e7fc8a15b90f8e66a48b09c2b22846171d4bb6dccaf17ccbdd8063144182e96", want, sizeof(want));
	CHECK_MEM_EQ(pkt, want, 64);
	CHECK_EQ_INT(pkt_cipher_peek_len(d, 7, pkt), 28);
	CHECK_OK(pkt_cipher_open(d, 7, pkt, 32));
	CHECK_MEM_EQ(pkt, pt, 32);
	pkt_cipher_release(c);
	pkt_cipher_release(d);
	free(c);
	free(d);
}

TEST(ssh_cipher_ctr_etm_kat)
{
	struct pkt_cipher *c = calloc(1, sizeof(*c)), *d = calloc(1, sizeof(*d));
	uint8_t key[16], iv[16], mk[32], pkt[128], pt[36], want[128];
	const struct ssh_mac_info *m = mac_by_name("hmac-sha2-256-etm@openssh.com");

	ctr_keys(key, iv, mk);
	pkt_cipher_init(c, cipher_by_name("aes128-ctr"), m, key, iv, mk);
	pkt_cipher_init(d, cipher_by_name("aes128-ctr"), m, key, iv, mk);
	CHECK(pkt_cipher_len_excluded(c));
	unhex("00000020065e303132333435363738396162636465666768696a6b6c6d6e6f0000000000", pt, 36);
	memcpy(pkt, pt, 36);
	pkt_cipher_seal(c, 7, pkt, 36);
	unhex("0000002030fe8e5d221427056068eb58052c4147637bef4dcd331090c637c5304039cedf"
	    "3eda0c108a7cf5a1e37cb970fb99bdded8832a9ab711086c9d490b36779355dc", want, sizeof(want));
	CHECK_MEM_EQ(pkt, want, 68);
	/* ETM checks the MAC before decrypting: a wrong sequence number fails. */
	CHECK_EQ_INT(pkt_cipher_peek_len(d, 8, pkt), 32);
	CHECK_EQ_INT(pkt_cipher_open(d, 8, pkt, 36), ERR_CRYPTO);
	CHECK_OK(pkt_cipher_open(d, 7, pkt, 36));
	CHECK_MEM_EQ(pkt, pt, 36);
	pkt_cipher_release(c);
	pkt_cipher_release(d);
	free(c);
	free(d);
}

TEST(ssh_cipher_names)
{
	CHECK(cipher_by_name("aes256-gcm@openssh.com") != NULL);
	CHECK(cipher_by_name("chacha20-poly1305@openssh.com")->block_size == 8);
	CHECK(cipher_by_name("aes128-cbc") == NULL);
	CHECK(cipher_by_name("3des-cbc") == NULL);
	CHECK(mac_by_name("hmac-sha1") == NULL);
	CHECK(mac_by_name("hmac-sha2-512-etm@openssh.com")->etm);
	CHECK_EQ_INT(kex_by_name("curve25519-sha256@libssh.org"), KEX_CURVE25519);
	CHECK_EQ_INT(kex_by_name("diffie-hellman-group14-sha256"), KEX_NONE);
}
