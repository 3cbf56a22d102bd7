/*
 * kex — X25519 / P-256 ECDH over BearSSL, exchange hash, key derivation (kex.h).
 */
#include "ssh/kex.h"

#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/rand.h"
#include "core/wipe.h"

/* spec/ssh.md §3.2 client order; ecdh-sha2-nistp256 is the FIPS-host fallback. */
const char kex_default_list[] = "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256";

enum kex_alg
kex_by_name(const char *name)
{
	if (strcmp(name, "curve25519-sha256") == 0 || strcmp(name, "curve25519-sha256@libssh.org") == 0)
		return KEX_CURVE25519;
	if (strcmp(name, "ecdh-sha2-nistp256") == 0)
		return KEX_ECDH_P256;
	return KEX_NONE;
}

const br_hash_class *
kex_hash(enum kex_alg alg)
{
	(void)alg;
	/* Both supported exchanges use SHA-256 (RFC 8731 §3, RFC 5656 §6.2.1). */
	return &br_sha256_vtable;
}

/* br_ec_keygen wants a PRNG object; feed it from our DRBG for this one call. */
static void
p256_keygen(struct kex_ecdh *k)
{
	br_hmac_drbg_context rng;
	br_ec_private_key sk;
	br_ec_public_key pk;
	uint8_t seed[48], kbuf[BR_EC_KBUF_PRIV_MAX_SIZE], pbuf[BR_EC_KBUF_PUB_MAX_SIZE];
	const br_ec_impl *impl = &br_ec_p256_m31;

	rand_bytes(seed, sizeof(seed));
	br_hmac_drbg_init(&rng, &br_sha256_vtable, seed, sizeof(seed));
	k->sk_len = br_ec_keygen(&rng.vtable, impl, &sk, kbuf, BR_EC_secp256r1);
	memcpy(k->sk, sk.x, k->sk_len);
	br_ec_compute_pub(impl, &pk, pbuf, &sk);
	memcpy(k->pub, pk.q, pk.qlen);
	k->pub_len = pk.qlen;
	wipe(&rng, sizeof(rng));
	wipe(seed, sizeof(seed));
	wipe(kbuf, sizeof(kbuf));
}

void
kex_ecdh_init(struct kex_ecdh *k, enum kex_alg alg)
{
	memset(k, 0, sizeof(*k));
	k->alg = alg;
	if (alg == KEX_CURVE25519) {
		/* BearSSL clamps the scalar itself (spec/ssh.md §1.1). */
		rand_bytes(k->sk, 32);
		k->sk_len = 32;
		br_ec_c25519_m31.mulgen(k->pub, k->sk, 32, BR_EC_curve25519);
		k->pub_len = 32;
	} else {
		p256_keygen(k);
	}
}

void
kex_ecdh_release(struct kex_ecdh *k)
{
	wipe(k, sizeof(*k));
}

int
kex_ecdh_shared(const struct kex_ecdh *k, const uint8_t *peer, size_t n, struct buf *out,
    struct errinfo *e)
{
	uint8_t pt[KEX_MAX_PUB];
	uint8_t acc = 0;
	size_t i, xoff, xlen;
	int r = ERR_CRYPTO;

	if (k->alg == KEX_CURVE25519) {
		if (n != 32) {
			err_set(e, ERR_CRYPTO, "kex: server's curve25519 public value has %zu bytes, not 32", n);
			goto out;
		}
		memcpy(pt, peer, 32);
		br_ec_c25519_m31.mul(pt, 32, k->sk, k->sk_len, BR_EC_curve25519);
		/* RFC 8731 §3: a low-order peer point yields zero; abort. */
		for (i = 0; i < 32; i++)
			acc |= pt[i];
		if (acc == 0) {
			err_set(e, ERR_CRYPTO, "kex: curve25519 shared secret is all zero (hostile server value)");
			goto out;
		}
		/* The secret is the little-endian X25519 output taken as a big-endian number. */
		r = buf_put_mpint(out, pt, 32);
	} else {
		if (n != 65 || peer[0] != 0x04) {
			err_set(e, ERR_CRYPTO, "kex: server's P-256 public value is not an uncompressed point");
			goto out;
		}
		memcpy(pt, peer, 65);
		if (!br_ec_p256_m31.mul(pt, 65, k->sk, k->sk_len, BR_EC_secp256r1)) {
			err_set(e, ERR_CRYPTO, "kex: server's P-256 public value is not on the curve");
			goto out;
		}
		xoff = br_ec_p256_m31.xoff(BR_EC_secp256r1, &xlen);
		r = buf_put_mpint(out, pt + xoff, xlen);
	}
	if (r != 0)
		err_set(e, r, "kex: shared secret does not fit");
out:
	wipe(pt, sizeof(pt));
	return r;
}

static void
hash_string(const br_hash_class *h, const br_hash_class **ctx, const void *p, size_t n)
{
	uint8_t l[4];

	store_be32(l, (uint32_t)n);
	h->update(ctx, l, 4);
	h->update(ctx, p, n);
}

size_t
kex_exchange_hash(const br_hash_class *h, const char *v_c, const char *v_s,
    const uint8_t *i_c, size_t i_c_len, const uint8_t *i_s, size_t i_s_len,
    const uint8_t *k_s, size_t k_s_len, const uint8_t *q_c, size_t q_c_len,
    const uint8_t *q_s, size_t q_s_len, const uint8_t *k_mpint, size_t k_len,
    uint8_t out[KEX_MAX_HASH])
{
	br_hash_compat_context hc;

	h->init(&hc.vtable);
	hash_string(h, &hc.vtable, v_c, strlen(v_c));
	hash_string(h, &hc.vtable, v_s, strlen(v_s));
	hash_string(h, &hc.vtable, i_c, i_c_len);
	hash_string(h, &hc.vtable, i_s, i_s_len);
	hash_string(h, &hc.vtable, k_s, k_s_len);
	hash_string(h, &hc.vtable, q_c, q_c_len);
	hash_string(h, &hc.vtable, q_s, q_s_len);
	h->update(&hc.vtable, k_mpint, k_len);
	h->out(&hc.vtable, out);
	wipe(&hc, sizeof(hc));
	return (h->desc >> BR_HASHDESC_OUT_OFF) & BR_HASHDESC_OUT_MASK;
}

void
kex_derive(const br_hash_class *h, const uint8_t *k_mpint, size_t k_len,
    const uint8_t *hash, size_t hash_len, char letter, const uint8_t *sid, size_t sid_len,
    uint8_t *out, size_t need)
{
	br_hash_compat_context hc;
	uint8_t blk[KEX_MAX_HASH];
	size_t hl = (h->desc >> BR_HASHDESC_OUT_OFF) & BR_HASHDESC_OUT_MASK;
	size_t have, n;
	uint8_t c = (uint8_t)letter;

	h->init(&hc.vtable);
	h->update(&hc.vtable, k_mpint, k_len);
	h->update(&hc.vtable, hash, hash_len);
	h->update(&hc.vtable, &c, 1);
	h->update(&hc.vtable, sid, sid_len);
	h->out(&hc.vtable, blk);
	n = need < hl ? need : hl;
	memcpy(out, blk, n);
	have = n;
	while (have < need) {
		/* K_{n+1} = HASH(K || H || K_1 || ... || K_n): hash everything produced so far. */
		h->init(&hc.vtable);
		h->update(&hc.vtable, k_mpint, k_len);
		h->update(&hc.vtable, hash, hash_len);
		h->update(&hc.vtable, out, have);
		h->out(&hc.vtable, blk);
		n = need - have < hl ? need - have : hl;
		memcpy(out + have, blk, n);
		have += n;
	}
	wipe(blk, sizeof(blk));
	wipe(&hc, sizeof(hc));
}
