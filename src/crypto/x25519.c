/*
 * x25519 — RFC 7748 X25519 through BearSSL's Curve25519 code (see x25519.h).
 */
#include "crypto/x25519.h"

#include <bearssl.h>
#include <string.h>

#include "core/err.h"
#include "core/rand.h"
#include "core/wipe.h"

/* m31 is BearSSL's fastest Curve25519 code on 64-bit targets (0.6 has no m62/m64). */
#define C25519_IMPL	(&br_ec_c25519_m31)

void
x25519(uint8_t out[X25519_LEN], const uint8_t scalar[X25519_LEN], const uint8_t u[X25519_LEN])
{
	uint8_t buf[X25519_LEN];

	/* BearSSL works in place on the point and masks its top bit (RFC 7748 §5). */
	memcpy(buf, u, X25519_LEN);
	C25519_IMPL->mul(buf, X25519_LEN, scalar, X25519_LEN, BR_EC_curve25519);
	memcpy(out, buf, X25519_LEN);
	wipe(buf, sizeof(buf));
}

void
x25519_pubkey(uint8_t pub[X25519_LEN], const uint8_t sk[X25519_LEN])
{
	C25519_IMPL->mulgen(pub, sk, X25519_LEN, BR_EC_curve25519);
}

void
x25519_keygen(uint8_t sk[X25519_LEN], uint8_t pub[X25519_LEN])
{
	rand_bytes(sk, X25519_LEN);
	x25519_pubkey(pub, sk);
}

int
x25519_shared(uint8_t out[X25519_LEN], const uint8_t sk[X25519_LEN],
    const uint8_t peer[X25519_LEN])
{
	uint8_t acc = 0;

	x25519(out, sk, peer);
	/* RFC 8731 §3 / RFC 7748 §6.1: abort on an all-zero secret (constant time). */
	for (size_t i = 0; i < X25519_LEN; i++)
		acc |= out[i];
	return acc == 0 ? ERR_CRYPTO : 0;
}
