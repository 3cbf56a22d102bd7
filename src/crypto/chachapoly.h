/*
 * chachapoly — the chacha20-poly1305@openssh.com packet cipher (OpenSSH's
 * PROTOCOL.chacha20poly1305): two ChaCha20 instances keyed from 64 bytes of key
 * material, K_2 = key[0..32) for the payload, K_1 = key[32..64) for the 4-byte
 * packet length; nonce = the 64-bit sequence number; the Poly1305 key is the first
 * 32 bytes of the K_2 keystream at block counter 0; payload encrypted from counter 1;
 * the tag covers the encrypted length and the encrypted payload.
 * ChaCha20 itself comes from BearSSL (br_chacha20_ct_run / sse2).
 */
#ifndef SEXTANT_CRYPTO_CHACHAPOLY_H
#define SEXTANT_CRYPTO_CHACHAPOLY_H

#include <stddef.h>
#include <stdint.h>

#define CHACHAPOLY_KEY_LEN	64
#define CHACHAPOLY_TAG_LEN	16

struct chachapoly_ctx {
	uint8_t	main_key[32];	/* K_2 */
	uint8_t	hdr_key[32];	/* K_1 */
};

void	chachapoly_init(struct chachapoly_ctx *c, const uint8_t key[CHACHAPOLY_KEY_LEN]);
void	chachapoly_release(struct chachapoly_ctx *c);	/* wipes */
/* Decrypts the 4-byte length field of an incoming packet (no authentication yet). */
void	chachapoly_get_length(const struct chachapoly_ctx *c, uint32_t seqnr,
	    const uint8_t enc_len[4], uint32_t *len);
/*
 * Encrypt: src = 4-byte length || payload (len bytes); writes 4 + len bytes of
 * ciphertext to dst, then the 16-byte tag at dst + 4 + len. Always returns 0.
 * Decrypt: src = encrypted length || ciphertext || tag; verifies the tag in
 * constant time first and returns ERR_CRYPTO (dst untouched) on mismatch, else
 * writes 4 + len bytes of plaintext to dst.
 * dst may equal src.
 */
int	chachapoly_crypt(const struct chachapoly_ctx *c, uint32_t seqnr, uint8_t *dst,
	    const uint8_t *src, uint32_t len, int encrypt);
/* The ChaCha20 implementation in use ("avx2", "sse2" or "ct"), for logs and benchmarks. */
const char *chachapoly_impl_name(void);

#endif
