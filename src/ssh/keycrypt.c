/*
 * keycrypt — the block-cipher modes private key files are encrypted with, over
 * BearSSL's constant-time AES (ct64) and DES: AES-CTR with SSH's 128-bit
 * counter (RFC 4344 §4), AES-CBC and 3DES-CBC (legacy PEM, PKCS#8 PBES2),
 * AES-GCM (OpenSSH "aes256-gcm@openssh.com" key files). Key files are small, so
 * the portable implementations are fast enough and need no CPU detection.
 */
#include <bearssl.h>
#include <string.h>

#include "core/err.h"
#include "core/wipe.h"
#include "ssh/key_int.h"

int
keycrypt_aes_ctr(const uint8_t *key, size_t keylen, const uint8_t iv[16], uint8_t *data,
    size_t len)
{
	br_aes_ct64_ctr_keys ctx;
	uint8_t ctr[16];
	uint32_t cc;
	int i;

	if (keylen != 16 && keylen != 24 && keylen != 32)
		return ERR_INVAL;
	br_aes_ct64_ctr_init(&ctx, key, keylen);
	memcpy(ctr, iv, 16);
	/*
	 * BearSSL counts only the low 32 bits (ctr[12..15]); when they wrap, carry
	 * into the upper 96 bits ourselves, as RFC 4344 §4 treats the whole IV as
	 * one big-endian integer.
	 */
	while (len > 0) {
		uint64_t left;
		size_t chunk;

		cc = ((uint32_t)ctr[12] << 24) | ((uint32_t)ctr[13] << 16) |
		    ((uint32_t)ctr[14] << 8) | ctr[15];
		left = ((uint64_t)1 << 32) - cc;	/* blocks before the wrap */
		chunk = len;
		if ((uint64_t)(chunk + 15) / 16 > left)
			chunk = (size_t)(left * 16);
		cc = br_aes_ct64_ctr_run(&ctx, ctr, cc, data, chunk);
		data += chunk;
		len -= chunk;
		ctr[12] = (uint8_t)(cc >> 24);
		ctr[13] = (uint8_t)(cc >> 16);
		ctr[14] = (uint8_t)(cc >> 8);
		ctr[15] = (uint8_t)cc;
		if (cc == 0) {
			for (i = 11; i >= 0; i--)
				if (++ctr[i] != 0)
					break;
		}
	}
	wipe(&ctx, sizeof(ctx));
	wipe(ctr, sizeof(ctr));
	return 0;
}

int
keycrypt_aes_cbc_decrypt(const uint8_t *key, size_t keylen, const uint8_t iv[16], uint8_t *data,
    size_t len)
{
	br_aes_ct64_cbcdec_keys ctx;
	uint8_t ivc[16];

	if ((keylen != 16 && keylen != 24 && keylen != 32) || len % 16 != 0)
		return ERR_INVAL;
	br_aes_ct64_cbcdec_init(&ctx, key, keylen);
	memcpy(ivc, iv, 16);
	if (len > 0)
		br_aes_ct64_cbcdec_run(&ctx, ivc, data, len);
	wipe(&ctx, sizeof(ctx));
	return 0;
}

int
keycrypt_des3_cbc_decrypt(const uint8_t key[24], const uint8_t iv[8], uint8_t *data, size_t len)
{
	br_des_ct_cbcdec_keys ctx;
	uint8_t ivc[8];

	if (len % 8 != 0)
		return ERR_INVAL;
	br_des_ct_cbcdec_init(&ctx, key, 24);
	memcpy(ivc, iv, 8);
	if (len > 0)
		br_des_ct_cbcdec_run(&ctx, ivc, data, len);
	wipe(&ctx, sizeof(ctx));
	return 0;
}

int
keycrypt_aes_gcm_decrypt(const uint8_t *key, size_t keylen, const uint8_t iv[12], uint8_t *data,
    size_t len, const uint8_t tag[16])
{
	br_aes_ct64_ctr_keys ctr;
	br_gcm_context gc;
	int r = 0;

	if (keylen != 16 && keylen != 24 && keylen != 32)
		return ERR_INVAL;
	br_aes_ct64_ctr_init(&ctr, key, keylen);
	br_gcm_init(&gc, &ctr.vtable, br_ghash_ctmul64);
	br_gcm_reset(&gc, iv, 12);
	br_gcm_flip(&gc);
	br_gcm_run(&gc, 0, data, len);
	if (br_gcm_check_tag(&gc, tag) != 1) {
		wipe(data, len);
		r = ERR_CRYPTO;
	}
	wipe(&gc, sizeof(gc));
	wipe(&ctr, sizeof(ctr));
	return r;
}
