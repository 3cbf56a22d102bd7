/*
 * kex — X25519 / P-256 ECDH (crypto/x25519.h, crypto/p256.h adapters over
 * BearSSL), exchange hash, key derivation (kex.h).
 */
#include "ssh/kex.h"

#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/wipe.h"
#include "crypto/p256.h"
#include "crypto/x25519.h"

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

void
kex_ecdh_init(struct kex_ecdh *k, enum kex_alg alg)
{
	memset(k, 0, sizeof(*k));
	k->alg = alg;
	if (alg == KEX_CURVE25519) {
		x25519_keygen(k->sk, k->pub);
		k->sk_len = X25519_LEN;
		k->pub_len = X25519_LEN;
	} else {
		p256_keygen(k->sk, k->pub);
		k->sk_len = P256_SK_LEN;
		k->pub_len = P256_PUB_LEN;
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
	int r = ERR_CRYPTO;

	if (k->alg == KEX_CURVE25519) {
		if (n != X25519_LEN) {
			err_set(e, ERR_CRYPTO, "kex: server's curve25519 public value has %zu bytes, not 32", n);
			goto out;
		}
		/* RFC 8731 §3: a low-order peer point yields zero; the adapter refuses it. */
		if (x25519_shared(pt, k->sk, peer) != 0) {
			err_set(e, ERR_CRYPTO, "kex: curve25519 shared secret is all zero (hostile server value)");
			goto out;
		}
		/* The secret is the little-endian X25519 output taken as a big-endian number. */
		r = buf_put_mpint(out, pt, X25519_LEN);
	} else {
		if (n != P256_PUB_LEN || peer[0] != 0x04) {
			err_set(e, ERR_CRYPTO, "kex: server's P-256 public value is not an uncompressed point");
			goto out;
		}
		if (p256_ecdh(pt, k->sk, peer, n) != 0) {
			err_set(e, ERR_CRYPTO, "kex: server's P-256 public value is not on the curve");
			goto out;
		}
		r = buf_put_mpint(out, pt, P256_SECRET_LEN);
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
