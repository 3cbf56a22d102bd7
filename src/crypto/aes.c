/*
 * aes — AES-CTR (RFC 4344), AES-GCM (RFC 5647 / OpenSSH PROTOCOL §1.6) and
 * AES-CBC decryption over BearSSL, fastest implementation chosen at run time
 * (see aes.h). The selection mirrors BearSSL's own TLS defaults
 * (ssl_engine_default_aes*.c): hardware first, constant-time code otherwise.
 */
#include "crypto/aes.h"

#include <string.h>

#include "core/endian.h"
#include "core/err.h"
#include "core/wipe.h"

#define IS_64BIT	(sizeof(void *) >= 8)

/*
 * The x86ni and pwr8 symbols exist only in builds for their architecture, so only
 * the run-time getters are referenced (they return NULL/0 elsewhere).
 */
static const br_block_ctr_class *
ctr_vtable(const char **name)
{
	const br_block_ctr_class *vt;

	if ((vt = br_aes_x86ni_ctr_get_vtable()) != NULL) {
		*name = "x86ni";
		return vt;
	}
	if ((vt = br_aes_pwr8_ctr_get_vtable()) != NULL) {
		*name = "pwr8";
		return vt;
	}
	*name = IS_64BIT ? "ct64" : "ct";
	return IS_64BIT ? &br_aes_ct64_ctr_vtable : &br_aes_ct_ctr_vtable;
}

static const br_block_cbcdec_class *
cbcdec_vtable(void)
{
	const br_block_cbcdec_class *vt;

	if ((vt = br_aes_x86ni_cbcdec_get_vtable()) != NULL)
		return vt;
	if ((vt = br_aes_pwr8_cbcdec_get_vtable()) != NULL)
		return vt;
	return IS_64BIT ? &br_aes_ct64_cbcdec_vtable : &br_aes_ct_cbcdec_vtable;
}

static br_ghash
ghash_impl(const char **name)
{
	br_ghash gh;

	if ((gh = br_ghash_pclmul_get()) != 0) {
		*name = "pclmul";
		return gh;
	}
	if ((gh = br_ghash_pwr8_get()) != 0) {
		*name = "pwr8";
		return gh;
	}
	*name = IS_64BIT ? "ctmul64" : "ctmul";
	return IS_64BIT ? &br_ghash_ctmul64 : &br_ghash_ctmul;
}

const char *
aes_impl_name(void)
{
	const char *name;

	(void)ctr_vtable(&name);
	return name;
}

const char *
ghash_impl_name(void)
{
	const char *name;

	(void)ghash_impl(&name);
	return name;
}

static int
keylen_ok(size_t keylen)
{
	return keylen == 16 || keylen == 24 || keylen == 32;
}

/* Adds 1 to the big-endian integer p[0..n) (mod 2^(8n)). */
static void
incr_be(uint8_t *p, size_t n)
{
	while (n-- > 0)
		if (++p[n] != 0)
			break;
}

int
aes_ctr_init(struct aes_ctr *c, const uint8_t *key, size_t keylen, const uint8_t iv[16])
{
	const br_block_ctr_class *vt;
	const char *name;

	memset(c, 0, sizeof(*c));
	if (!keylen_ok(keylen))
		return ERR_INVAL;
	vt = ctr_vtable(&name);
	vt->init(&c->keys.vtable, key, keylen);
	memcpy(c->ctr, iv, 16);
	return 0;
}

/*
 * Whole blocks. BearSSL's CTR counts only in the low 32 bits (iv12 || cc); SSH's
 * counter is all 128 bits (RFC 4344 §4), so runs are split where the low word wraps
 * and the carry goes into the 96-bit prefix here.
 */
static void
ctr_blocks(struct aes_ctr *c, uint8_t *p, size_t nblocks)
{
	while (nblocks > 0) {
		uint32_t cc = load_be32(c->ctr + 12);
		uint64_t room = ((uint64_t)1 << 32) - cc;
		size_t chunk = nblocks;

		if ((uint64_t)chunk > room)
			chunk = (size_t)room;
		c->keys.vtable->run(&c->keys.vtable, c->ctr, cc, p, chunk * 16);
		cc += (uint32_t)chunk;
		store_be32(c->ctr + 12, cc);
		if (cc == 0)
			incr_be(c->ctr, 12);
		p += chunk * 16;
		nblocks -= chunk;
	}
}

void
aes_ctr_run(struct aes_ctr *c, void *data, size_t n)
{
	uint8_t *p = data;
	size_t r;

	while (c->ks_left > 0 && n > 0) {
		*p++ ^= c->ks[16 - c->ks_left];
		c->ks_left--;
		n--;
	}
	ctr_blocks(c, p, n / 16);
	p += n - n % 16;
	r = n % 16;
	if (r > 0) {
		memset(c->ks, 0, 16);
		ctr_blocks(c, c->ks, 1);
		for (size_t i = 0; i < r; i++)
			p[i] ^= c->ks[i];
		c->ks_left = (unsigned int)(16 - r);
	}
}

void
aes_ctr_release(struct aes_ctr *c)
{
	wipe(c, sizeof(*c));
}

int
aes_gcm_init(struct aes_gcm *g, const uint8_t *key, size_t keylen,
    const uint8_t iv[AES_GCM_IV_LEN])
{
	const br_block_ctr_class *vt;
	const char *name;

	memset(g, 0, sizeof(*g));
	if (!keylen_ok(keylen))
		return ERR_INVAL;
	vt = ctr_vtable(&name);
	vt->init(&g->keys.vtable, key, keylen);
	br_gcm_init(&g->gcm, &g->keys.vtable, ghash_impl(&name));
	memcpy(g->iv, iv, AES_GCM_IV_LEN);
	return 0;
}

int
aes_gcm_crypt(struct aes_gcm *g, uint8_t *dst, const uint8_t *src, uint32_t len, int encrypt)
{
	uint8_t tag[AES_GCM_TAG_LEN];
	int rc = 0;

	/*
	 * br_gcm_context points at the block cipher context; re-point it so that the
	 * struct stays valid if the caller moved or copied it since init.
	 */
	g->gcm.bctx = &g->keys.vtable;
	br_gcm_reset(&g->gcm, g->iv, AES_GCM_IV_LEN);
	/* The packet length is the AAD: authenticated, never encrypted. */
	br_gcm_aad_inject(&g->gcm, src, 4);
	br_gcm_flip(&g->gcm);
	if (!encrypt)
		memcpy(tag, src + 4 + (size_t)len, AES_GCM_TAG_LEN);
	if (dst != src)
		memmove(dst, src, 4 + (size_t)len);
	br_gcm_run(&g->gcm, encrypt, dst + 4, len);
	if (encrypt) {
		br_gcm_get_tag(&g->gcm, dst + 4 + (size_t)len);
	} else if (!br_gcm_check_tag(&g->gcm, tag)) {
		/* Never leave unauthenticated plaintext behind. */
		wipe(dst, 4 + (size_t)len);
		rc = ERR_CRYPTO;
	}
	/* RFC 5647 §7.1: the 64-bit invocation counter, no carry into the fixed field. */
	incr_be(g->iv + 4, 8);
	return rc;
}

void
aes_gcm_release(struct aes_gcm *g)
{
	wipe(g, sizeof(*g));
}

int
aes_cbc_decrypt(const uint8_t *key, size_t keylen, uint8_t iv[16], void *data, size_t n)
{
	br_aes_gen_cbcdec_keys k;
	const br_block_cbcdec_class *vt;

	if (!keylen_ok(keylen) || n % 16 != 0)
		return ERR_INVAL;
	vt = cbcdec_vtable();
	vt->init(&k.vtable, key, keylen);
	if (n > 0)
		k.vtable->run(&k.vtable, iv, data, n);
	wipe(&k, sizeof(k));
	return 0;
}
