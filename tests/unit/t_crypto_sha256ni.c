/*
 * crypto/sha256ni: FIPS 180-4 example vectors (via the NIST examples "abc", the
 * 448-bit message and one million 'a'), agreement with BearSSL's SHA-256 for every
 * length 0..300 and for random split points, HMAC through br_hmac (RFC 4231 case 2)
 * and the state export HMAC relies on. Skipped (passes) on CPUs without SHA-NI.
 */
#include "harness.h"
#include "t_crypto_util.h"

#include <bearssl.h>

#include "crypto/sha256ni.h"

#define UNHEX(buf, hex) CHECK_EQ_INT(tc_unhex((buf), sizeof(buf), (hex)), (long)sizeof(buf))

static void
ni_hash(const br_hash_class *hc, const void *p, size_t n, uint8_t out[32])
{
	br_hash_compat_context c;

	hc->init(&c.vtable);
	hc->update(&c.vtable, p, n);
	hc->out(&c.vtable, out);
}

TEST(crypto_sha256ni_fips)
{
	const br_hash_class *hc = sha256ni_class();
	uint8_t out[32], want[32];
	br_hash_compat_context c;
	static uint8_t a[1000];

	if (hc == NULL)
		return;
	UNHEX(want, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	ni_hash(hc, "abc", 3, out);
	CHECK_MEM_EQ(out, want, 32);
	UNHEX(want, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	ni_hash(hc, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, out);
	CHECK_MEM_EQ(out, want, 32);
	UNHEX(want, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	ni_hash(hc, "", 0, out);
	CHECK_MEM_EQ(out, want, 32);
	memset(a, 'a', sizeof(a));
	hc->init(&c.vtable);
	for (int i = 0; i < 1000; i++)
		hc->update(&c.vtable, a, sizeof(a));
	hc->out(&c.vtable, out);
	UNHEX(want, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	CHECK_MEM_EQ(out, want, 32);
}

TEST(crypto_sha256ni_matches_bearssl)
{
	const br_hash_class *hc = sha256ni_class();
	static uint8_t data[4096];
	uint8_t a[32], b[32];
	uint32_t x = 12345;

	if (hc == NULL)
		return;
	for (size_t i = 0; i < sizeof(data); i++) {
		x = x * 1103515245u + 12345u;
		data[i] = (uint8_t)(x >> 16);
	}
	for (size_t n = 0; n <= 300; n++) {
		ni_hash(hc, data, n, a);
		ni_hash(&br_sha256_vtable, data, n, b);
		CHECK_MEM_EQ(a, b, 32);
	}
	/* Random lengths fed in random pieces; out() must not disturb the context. */
	for (int t = 0; t < 200; t++) {
		br_hash_compat_context c;
		size_t n, off = 0;

		x = x * 1103515245u + 12345u;
		n = (x >> 8) % sizeof(data);
		hc->init(&c.vtable);
		while (off < n) {
			size_t k;

			x = x * 1103515245u + 12345u;
			k = (x >> 8) % 150;
			if (k > n - off)
				k = n - off;
			hc->update(&c.vtable, data + off, k);
			off += k;
			if (k % 7 == 0)
				hc->out(&c.vtable, a);
		}
		hc->out(&c.vtable, a);
		ni_hash(&br_sha256_vtable, data, n, b);
		CHECK_MEM_EQ(a, b, 32);
	}
}

TEST(crypto_sha256ni_hmac_and_state)
{
	const br_hash_class *hc = sha256ni_class();
	br_hmac_key_context kc1, kc2;
	br_hmac_context h;
	br_hash_compat_context c1, c2;
	uint8_t out[32], want[32], st1[32], st2[32];
	static const char msg[] = "what do ya want for nothing?";

	if (hc == NULL)
		return;
	/* RFC 4231 §4.3 (test case 2), HMAC-SHA-256. */
	UNHEX(want, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	br_hmac_key_init(&kc1, hc, "Jefe", 4);
	br_hmac_init(&h, &kc1, 0);
	br_hmac_update(&h, msg, sizeof(msg) - 1);
	br_hmac_out(&h, out);
	CHECK_MEM_EQ(out, want, 32);
	/* A long key (hashed first) agrees with BearSSL's own class. */
	br_hmac_key_init(&kc1, hc, msg, sizeof(msg) - 1);
	br_hmac_key_init(&kc2, &br_sha256_vtable, msg, sizeof(msg) - 1);
	br_hmac_init(&h, &kc2, 0);
	br_hmac_update(&h, "x", 1);
	br_hmac_out(&h, want);
	br_hmac_init(&h, &kc1, 0);
	br_hmac_update(&h, "x", 1);
	br_hmac_out(&h, out);
	CHECK_MEM_EQ(out, want, 32);
	/* state() after one block is BearSSL's; set_state() resumes from it. */
	hc->init(&c1.vtable);
	br_sha256_vtable.init(&c2.vtable);
	hc->update(&c1.vtable, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", 64);
	br_sha256_vtable.update(&c2.vtable, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", 64);
	CHECK(hc->state(&c1.vtable, st1) == 64);
	CHECK(br_sha256_vtable.state(&c2.vtable, st2) == 64);
	CHECK_MEM_EQ(st1, st2, 32);
	hc->init(&c1.vtable);
	hc->set_state(&c1.vtable, st2, 64);
	hc->update(&c1.vtable, "tail", 4);
	br_sha256_vtable.update(&c2.vtable, "tail", 4);
	hc->out(&c1.vtable, out);
	br_sha256_vtable.out(&c2.vtable, want);
	CHECK_MEM_EQ(out, want, 32);
}

TEST(crypto_sha256_fast_class)
{
	CHECK(sha256_fast_class() != NULL);
	CHECK(sha256_fast_class() == (sha256ni_class() ? sha256ni_class() : &br_sha256_vtable));
}
