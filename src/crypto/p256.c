/*
 * p256 — P-256 ECDH and ECDSA-SHA256 through BearSSL (see p256.h).
 */
#include "crypto/p256.h"

#include <bearssl.h>
#include <string.h>

#include "core/err.h"
#include "core/rand.h"
#include "core/wipe.h"

#define P256_IMPL	(&br_ec_p256_m31)

/* The group order n (FIPS 186-4 D.1.2.3), big-endian. */
static const uint8_t p256_order[32] = {
	0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51
};

/* 1 if 0 < sk < n, computed without branching on sk. */
static int
sk_in_range(const uint8_t sk[P256_SK_LEN])
{
	uint32_t borrow = 0, nz = 0;

	/* sk - n, from the least significant byte: a final borrow means sk < n. */
	for (int i = P256_SK_LEN - 1; i >= 0; i--) {
		uint32_t d = (uint32_t)sk[i] - p256_order[i] - borrow;

		borrow = (d >> 31) & 1;
		nz |= sk[i];
	}
	return (int)(borrow & (uint32_t)(((nz | (0u - nz)) >> 31) & 1));
}

int
p256_pubkey(uint8_t pub[P256_PUB_LEN], const uint8_t sk[P256_SK_LEN])
{
	if (!sk_in_range(sk))
		return ERR_CRYPTO;
	if (P256_IMPL->mulgen(pub, sk, P256_SK_LEN, BR_EC_secp256r1) != P256_PUB_LEN)
		return ERR_CRYPTO;
	return 0;
}

void
p256_keygen(uint8_t sk[P256_SK_LEN], uint8_t pub[P256_PUB_LEN])
{
	/* Rejection sampling: n is just below 2^256, so this loops ~never. */
	do
		rand_bytes(sk, P256_SK_LEN);
	while (p256_pubkey(pub, sk) != 0);
}

int
p256_check_pub(const uint8_t *pub, size_t publen)
{
	uint8_t buf[P256_PUB_LEN];
	static const uint8_t one = 1;
	uint32_t ok;

	if (publen != P256_PUB_LEN || pub[0] != 0x04)
		return ERR_CRYPTO;
	/* BearSSL decodes and validates the point (on the curve, coordinates < p). */
	memcpy(buf, pub, P256_PUB_LEN);
	ok = P256_IMPL->mul(buf, P256_PUB_LEN, &one, 1, BR_EC_secp256r1);
	return ok ? 0 : ERR_CRYPTO;
}

int
p256_ecdh(uint8_t out[P256_SECRET_LEN], const uint8_t sk[P256_SK_LEN], const uint8_t *peer,
    size_t peerlen)
{
	uint8_t buf[P256_PUB_LEN];
	int rc = 0;

	if (peerlen != P256_PUB_LEN || peer[0] != 0x04)
		return ERR_CRYPTO;
	memcpy(buf, peer, P256_PUB_LEN);
	if (!P256_IMPL->mul(buf, P256_PUB_LEN, sk, P256_SK_LEN, BR_EC_secp256r1))
		rc = ERR_CRYPTO;
	else
		memcpy(out, buf + 1, P256_SECRET_LEN);	/* X (RFC 5656 §4) */
	wipe(buf, sizeof(buf));
	return rc;
}

int
p256_sign(uint8_t sig[P256_SIG_LEN], const uint8_t *msg, size_t n, const uint8_t sk[P256_SK_LEN])
{
	br_sha256_context h;
	br_ec_private_key k;
	uint8_t hash[32], x[P256_SK_LEN];
	size_t len;

	if (!sk_in_range(sk))
		return ERR_CRYPTO;
	br_sha256_init(&h);
	br_sha256_update(&h, msg, n);
	br_sha256_out(&h, hash);
	memcpy(x, sk, sizeof(x));
	k.curve = BR_EC_secp256r1;
	k.x = x;
	k.xlen = sizeof(x);
	len = br_ecdsa_i31_sign_raw(P256_IMPL, &br_sha256_vtable, hash, &k, sig);
	wipe(x, sizeof(x));
	return len == P256_SIG_LEN ? 0 : ERR_CRYPTO;
}

int
p256_verify(const uint8_t sig[P256_SIG_LEN], const uint8_t *msg, size_t n, const uint8_t *pub,
    size_t publen)
{
	br_sha256_context h;
	br_ec_public_key k;
	uint8_t hash[32], q[P256_PUB_LEN];

	if (publen != P256_PUB_LEN || pub[0] != 0x04)
		return ERR_CRYPTO;
	br_sha256_init(&h);
	br_sha256_update(&h, msg, n);
	br_sha256_out(&h, hash);
	memcpy(q, pub, sizeof(q));
	k.curve = BR_EC_secp256r1;
	k.q = q;
	k.qlen = sizeof(q);
	return br_ecdsa_i31_vrfy_raw(P256_IMPL, hash, sizeof(hash), &k, sig, P256_SIG_LEN) ? 0 :
	    ERR_CRYPTO;
}
