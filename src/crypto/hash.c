/*
 * hash — enum-named SHA-1/SHA-2 and HMAC over BearSSL (see hash.h).
 */
#include "crypto/hash.h"

#include "core/wipe.h"

const br_hash_class *
hash_class(enum hash_alg alg)
{
	switch (alg) {
	case HASH_SHA1:
		return &br_sha1_vtable;
	case HASH_SHA256:
		return &br_sha256_vtable;
	case HASH_SHA384:
		return &br_sha384_vtable;
	case HASH_SHA512:
		return &br_sha512_vtable;
	}
	return NULL;
}

size_t
hash_len(enum hash_alg alg)
{
	const br_hash_class *hc = hash_class(alg);

	if (hc == NULL)
		return 0;
	return (hc->desc >> BR_HASHDESC_OUT_OFF) & BR_HASHDESC_OUT_MASK;
}

const unsigned char *
hash_oid(enum hash_alg alg)
{
	switch (alg) {
	case HASH_SHA1:
		return BR_HASH_OID_SHA1;
	case HASH_SHA256:
		return BR_HASH_OID_SHA256;
	case HASH_SHA384:
		return BR_HASH_OID_SHA384;
	case HASH_SHA512:
		return BR_HASH_OID_SHA512;
	}
	return NULL;
}

void
hash_init(struct hash_ctx *h, enum hash_alg alg)
{
	const br_hash_class *hc = hash_class(alg);

	/* An unknown alg is a programming error; SHA-256 keeps the context usable. */
	if (hc == NULL)
		hc = &br_sha256_vtable;
	hc->init(&h->c.vtable);
}

void
hash_update(struct hash_ctx *h, const void *data, size_t n)
{
	h->c.vtable->update(&h->c.vtable, data, n);
}

void
hash_final(const struct hash_ctx *h, uint8_t *out)
{
	h->c.vtable->out(&h->c.vtable, out);
}

void
hash_once(enum hash_alg alg, uint8_t *out, const void *data, size_t n)
{
	struct hash_ctx h;

	hash_init(&h, alg);
	hash_update(&h, data, n);
	hash_final(&h, out);
	wipe(&h, sizeof(h));
}

void
hmac_key_init(struct hmac_key *k, enum hash_alg alg, const void *key, size_t keylen)
{
	const br_hash_class *hc = hash_class(alg);

	if (hc == NULL)
		hc = &br_sha256_vtable;
	br_hmac_key_init(&k->k, hc, key, keylen);
}

void
hmac_key_release(struct hmac_key *k)
{
	wipe(k, sizeof(*k));
}

void
hmac_init(struct hmac_ctx *c, const struct hmac_key *k)
{
	br_hmac_init(&c->c, &k->k, 0);
}

void
hmac_update(struct hmac_ctx *c, const void *data, size_t n)
{
	br_hmac_update(&c->c, data, n);
}

size_t
hmac_final(const struct hmac_ctx *c, uint8_t *out)
{
	return br_hmac_out(&c->c, out);
}

void
hmac_release(struct hmac_ctx *c)
{
	wipe(c, sizeof(*c));
}

void
hmac_once(enum hash_alg alg, const void *key, size_t keylen, const void *data, size_t n,
    uint8_t *out)
{
	struct hmac_key k;
	struct hmac_ctx c;

	hmac_key_init(&k, alg, key, keylen);
	hmac_init(&c, &k);
	hmac_update(&c, data, n);
	hmac_final(&c, out);
	hmac_release(&c);
	hmac_key_release(&k);
}
