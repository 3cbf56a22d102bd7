/*
 * ed25519 — Ed25519 signatures, RFC 8032 §5.1 (see ed25519.h), on the field,
 * scalar and group code in fe25519.c, sc25519.c and ge25519.c; SHA-512 from BearSSL.
 */
#include "crypto/ed25519.h"

#include <bearssl.h>
#include <string.h>

#include "core/err.h"
#include "core/wipe.h"
#include "crypto/ge25519.h"
#include "crypto/sc25519.h"

/* §5.1.5 steps 1-2: h = SHA-512(seed); s = clamp(h[0..32)); prefix = h[32..64). */
static void
expand_seed(uint8_t h[64], const uint8_t seed[ED25519_SEED_LEN])
{
	br_sha512_context c;

	br_sha512_init(&c);
	br_sha512_update(&c, seed, ED25519_SEED_LEN);
	br_sha512_out(&c, h);
	h[0] &= 248;
	h[31] &= 127;
	h[31] |= 64;
	wipe(&c, sizeof(c));
}

/* out = SHA-512(a || b || m) mod L (b may be NULL). */
static void
hash_reduce(uint8_t out[32], const uint8_t *a, size_t an, const uint8_t *b, size_t bn,
    const uint8_t *m, size_t mn)
{
	br_sha512_context c;
	uint8_t h[64];

	br_sha512_init(&c);
	br_sha512_update(&c, a, an);
	if (b != NULL)
		br_sha512_update(&c, b, bn);
	br_sha512_update(&c, m, mn);
	br_sha512_out(&c, h);
	sc_reduce(out, h);
	wipe(h, sizeof(h));
	wipe(&c, sizeof(c));
}

void
ed25519_pubkey(uint8_t pk[ED25519_PUBKEY_LEN], const uint8_t seed[ED25519_SEED_LEN])
{
	uint8_t h[64];
	struct ge a;

	/* §5.1.5 step 3: A = [s]B. */
	expand_seed(h, seed);
	ge_scalarmult_base(&a, h);
	ge_tobytes(pk, &a);
	wipe(h, sizeof(h));
	wipe(&a, sizeof(a));
}

void
ed25519_sign(uint8_t sig[ED25519_SIG_LEN], const uint8_t *msg, size_t n,
    const uint8_t seed[ED25519_SEED_LEN], const uint8_t pk[ED25519_PUBKEY_LEN])
{
	uint8_t h[64], r[32], k[32], a_enc[32];
	struct ge rp;

	/*
	 * The public key is recomputed from the seed rather than trusted: signing the
	 * same message under two different "public keys" would give two S values with
	 * the same r, from which s = (S1 - S2) / (k1 - k2) follows. The pk argument is
	 * part of the API for callers that keep it; it is not used.
	 */
	(void)pk;
	expand_seed(h, seed);
	ge_scalarmult_base(&rp, h);
	ge_tobytes(a_enc, &rp);

	/* §5.1.6 step 2: r = SHA-512(prefix || M) mod L. */
	hash_reduce(r, h + 32, 32, NULL, 0, msg, n);
	/* Step 3: R = [r]B (r < L < 2^253, so r[31] <= 127 as scalarmult needs). */
	ge_scalarmult_base(&rp, r);
	ge_tobytes(sig, &rp);
	/* Step 4: k = SHA-512(R || A || M) mod L. */
	hash_reduce(k, sig, 32, a_enc, 32, msg, n);
	/* Step 5: S = (r + k s) mod L. */
	sc_muladd(sig + 32, k, h, r);

	wipe(h, sizeof(h));
	wipe(r, sizeof(r));
	wipe(&rp, sizeof(rp));
}

int
ed25519_verify(const uint8_t sig[ED25519_SIG_LEN], const uint8_t *msg, size_t n,
    const uint8_t pk[ED25519_PUBKEY_LEN])
{
	struct ge a, r, check;
	uint8_t k[32], enc[32];

	/* §5.1.7 step 1: S must be in [0, L); R and A must decode (strictly). */
	if (!sc_is_canonical(sig + 32))
		return ERR_CRYPTO;
	if (ge_frombytes(&a, pk) != 0 || ge_frombytes(&r, sig) != 0)
		return ERR_CRYPTO;
	/*
	 * Points of order dividing 8 are never honest keys or nonces; accepting them
	 * would let one (A, R, S) verify for many messages. libsodium refuses them too.
	 */
	if (ge_is_small_order(&a) || ge_is_small_order(&r))
		return ERR_CRYPTO;
	/* Step 2: k = SHA-512(R || A || M) mod L. */
	hash_reduce(k, sig, 32, pk, 32, msg, n);
	/*
	 * Step 3, cofactorless form (allowed by §5.1.7: "sufficient, but not required"):
	 * [S]B - [k]A must encode to exactly the R bytes. R decoded above, so its
	 * encoding is canonical and the byte comparison is point equality.
	 */
	ge_neg(&a, &a);
	ge_double_scalarmult_vartime(&check, k, &a, sig + 32);
	ge_tobytes(enc, &check);
	return memcmp(enc, sig, 32) == 0 ? 0 : ERR_CRYPTO;
}
