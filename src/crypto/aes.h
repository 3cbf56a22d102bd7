/*
 * aes — AES-CTR, AES-GCM and AES-CBC decryption for SSH, a thin adapter over
 * BearSSL that picks the fastest implementation at run time: AES-NI
 * (br_aes_x86ni_*) or POWER8 (br_aes_pwr8_*) when the CPU has it, else the
 * constant-time bitsliced br_aes_ct64 (64-bit) / br_aes_ct (32-bit); GHASH by
 * PCLMUL or POWER8, else the constant-time br_ghash_ctmul64 / ctmul.
 *
 * - aes128-ctr / aes256-ctr (RFC 4344 §4): the 16-byte IV is one 128-bit big-endian
 *   counter (BearSSL only counts in the low 32 bits; the carry is done here).
 *   Also used for openssh-key-v1 files encrypted with aes256-ctr.
 * - aes128-gcm@openssh.com / aes256-gcm@openssh.com (RFC 5647 as used by OpenSSH,
 *   PROTOCOL §1.6): 12-byte IV = 4-byte fixed field || 64-bit big-endian
 *   invocation counter, incremented after every packet; AAD = the 4-byte packet
 *   length, sent in clear; 16-byte tag.
 * - aes256-cbc decryption for old openssh-key-v1 files.
 *
 * Contexts hold expanded keys: release them (wipes). They contain no interior
 * pointers that outlive a call, so they may be copied or moved.
 */
#ifndef SEXTANT_CRYPTO_AES_H
#define SEXTANT_CRYPTO_AES_H

#include <bearssl.h>
#include <stddef.h>
#include <stdint.h>

#define AES_BLOCK_LEN	16
#define AES_GCM_IV_LEN	12
#define AES_GCM_TAG_LEN	16

/* Names of the implementations chosen at run time ("x86ni", "pwr8", "ct64", "ct";
 * "pclmul", "pwr8", "ctmul64", "ctmul"), for `-v` logs and benchmarks. */
const char *aes_impl_name(void);
const char *ghash_impl_name(void);

struct aes_ctr {
	br_aes_gen_ctr_keys	keys;
	uint8_t			ctr[16];	/* next counter block (128-bit BE) */
	uint8_t			ks[16];		/* unused keystream of a partial block */
	unsigned int		ks_left;
};

/* keylen 16, 24 or 32 (else ERR_INVAL). iv = the initial 128-bit counter block. */
int	aes_ctr_init(struct aes_ctr *c, const uint8_t *key, size_t keylen, const uint8_t iv[16]);
/* XORs the keystream into data in place; any length, calls may be split anywhere. */
void	aes_ctr_run(struct aes_ctr *c, void *data, size_t n);
void	aes_ctr_release(struct aes_ctr *c);

struct aes_gcm {
	br_aes_gen_ctr_keys	keys;
	br_gcm_context		gcm;
	uint8_t			iv[AES_GCM_IV_LEN];
};

/* keylen 16 or 32 (24 also accepted), else ERR_INVAL. iv from the key exchange. */
int	aes_gcm_init(struct aes_gcm *g, const uint8_t *key, size_t keylen,
	    const uint8_t iv[AES_GCM_IV_LEN]);
/*
 * One SSH packet, same contract as chachapoly_crypt():
 * Encrypt: src = 4-byte length || payload (len bytes); writes the length in clear,
 * len bytes of ciphertext, then the 16-byte tag at dst + 4 + len. Returns 0.
 * Decrypt: src = length || ciphertext || tag; returns ERR_CRYPTO on a bad tag (then
 * dst[0 .. 4+len) has been wiped to zero, never left holding unauthenticated
 * plaintext), else writes length || plaintext to dst.
 * dst may equal src. The invocation counter advances on every call.
 */
int	aes_gcm_crypt(struct aes_gcm *g, uint8_t *dst, const uint8_t *src, uint32_t len,
	    int encrypt);
void	aes_gcm_release(struct aes_gcm *g);

/* CBC decryption in place; n a multiple of 16; iv updated (chaining). ERR_INVAL on
 * a bad key length or n. */
int	aes_cbc_decrypt(const uint8_t *key, size_t keylen, uint8_t iv[16], void *data, size_t n);

#endif
