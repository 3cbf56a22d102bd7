/*
 * chachapoly — chacha20-poly1305@openssh.com (OpenSSH PROTOCOL.chacha20poly1305;
 * see chachapoly.h), on BearSSL's ChaCha20 and poly1305.c.
 *
 * BearSSL's ChaCha20 is the RFC 8439 variant (32-bit counter in state word 12,
 * 96-bit nonce in words 13-15). OpenSSH uses the original layout (64-bit counter
 * in words 12-13, 64-bit nonce in 14-15). With iv = 00000000 || BE64(seqnr) and
 * counter 0 or 1 the two layouts produce identical state words, because the high
 * counter word (13) is then zero in both.
 */
#include "crypto/chachapoly.h"

#include <bearssl.h>
#include <pthread.h>
#include <string.h>

#include "core/err.h"
#include "core/wipe.h"
#include "crypto/chacha20avx2.h"
#include "crypto/poly1305.h"

/*
 * Implementation choice: crypto/chacha20avx2.c (eight blocks per pass) when the CPU
 * has AVX2, else BearSSL's SSE2 code when it has SSE2 (every x86-64), else its
 * portable ct code. spec/ssh.md §1.8 once measured SSE2 slower on the reference
 * machine; bench/crypto here measures it faster (about 700 vs 490 MB/s on 32 KiB),
 * which is also BearSSL's own TLS preference. Define SEXTANT_CHACHA_CT to force
 * the portable code.
 */
static br_chacha20_run chosen;
static pthread_once_t chosen_once = PTHREAD_ONCE_INIT;

static void
choose(void)
{
#ifndef SEXTANT_CHACHA_CT
	if ((chosen = chacha20_avx2_get()) != 0)
		return;
	if ((chosen = br_chacha20_sse2_get()) != 0)
		return;
#endif
	chosen = &br_chacha20_ct_run;
}

/*
 * Chosen once: the probes run CPUID, which in a virtual machine is a trap to the
 * hypervisor, and this is asked for twice per packet.
 */
static br_chacha20_run
chacha_impl(void)
{
	pthread_once(&chosen_once, choose);
	return chosen;
}

const char *
chachapoly_impl_name(void)
{
	br_chacha20_run r = chacha_impl();

	if (r == &br_chacha20_ct_run)
		return "ct";
	return r == chacha20_avx2_get() ? "avx2" : "sse2";
}

static void
make_iv(uint8_t iv[12], uint32_t seqnr)
{
	memset(iv, 0, 8);
	iv[8] = (uint8_t)(seqnr >> 24);
	iv[9] = (uint8_t)(seqnr >> 16);
	iv[10] = (uint8_t)(seqnr >> 8);
	iv[11] = (uint8_t)seqnr;
}

void
chachapoly_init(struct chachapoly_ctx *c, const uint8_t key[CHACHAPOLY_KEY_LEN])
{
	memcpy(c->main_key, key, 32);
	memcpy(c->hdr_key, key + 32, 32);
}

void
chachapoly_release(struct chachapoly_ctx *c)
{
	wipe(c, sizeof(*c));
}

void
chachapoly_get_length(const struct chachapoly_ctx *c, uint32_t seqnr, const uint8_t enc_len[4],
    uint32_t *len)
{
	uint8_t iv[12], b[4];

	make_iv(iv, seqnr);
	memcpy(b, enc_len, 4);
	chacha_impl()(c->hdr_key, iv, 0, b, 4);
	*len = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	wipe(b, sizeof(b));
}

int
chachapoly_crypt(const struct chachapoly_ctx *c, uint32_t seqnr, uint8_t *dst, const uint8_t *src,
    uint32_t len, int encrypt)
{
	br_chacha20_run run = chacha_impl();
	uint8_t iv[12], polykey[POLY1305_KEY_LEN], tag[POLY1305_TAG_LEN];
	size_t total = 4 + (size_t)len;
	int rc = 0;

	make_iv(iv, seqnr);
	/* The Poly1305 key: the first 32 bytes of K_2's keystream block 0. */
	memset(polykey, 0, sizeof(polykey));
	run(c->main_key, iv, 0, polykey, sizeof(polykey));

	if (!encrypt) {
		/* Authenticate before decrypting anything (the tag covers ciphertext). */
		poly1305_mac(tag, src, total, polykey);
		if (ct_memcmp(tag, src + total, POLY1305_TAG_LEN) != 0) {
			rc = ERR_CRYPTO;
			goto out;
		}
	}
	if (dst != src)
		memmove(dst, src, total);
	run(c->hdr_key, iv, 0, dst, 4);
	run(c->main_key, iv, 1, dst + 4, len);
	if (encrypt)
		poly1305_mac(dst + total, dst, total, polykey);
out:
	wipe(polykey, sizeof(polykey));
	return rc;
}
