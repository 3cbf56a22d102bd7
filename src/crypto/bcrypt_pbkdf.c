/*
 * bcrypt_pbkdf — OpenSSH's passphrase KDF (see bcrypt_pbkdf.h; algorithm as
 * described in spec/ssh.md §2): PBKDF2-like iteration of bcrypt_hash with SHA-512
 * for the pseudo-random function, and output bytes spread over the key with a
 * stride so that every block of work contributes to all of the key.
 */
#include "crypto/bcrypt_pbkdf.h"

#include <bearssl.h>
#include <string.h>

#include "core/err.h"
#include "core/wipe.h"
#include "crypto/blowfish.h"

#define BCRYPT_WORDS	8
#define BCRYPT_HASHLEN	(BCRYPT_WORDS * 4)	/* 32 */
#define SHA512_LEN	64

/*
 * bcrypt_hash(pass, salt): eksblowfish with cost 64 on the SHA-512 digests, then
 * 64 ECB encryptions of "OxychromaticBlowfishSwatDynamite", output words stored
 * little-endian.
 */
static void
bcrypt_hash(uint8_t out[BCRYPT_HASHLEN], const uint8_t pass[SHA512_LEN],
    const uint8_t salt[SHA512_LEN], struct blowfish *bf)
{
	static const char magic[BCRYPT_HASHLEN + 1] = "OxychromaticBlowfishSwatDynamite";
	uint32_t cdata[BCRYPT_WORDS];

	blowfish_initstate(bf);
	blowfish_expandstate(bf, salt, SHA512_LEN, pass, SHA512_LEN);
	for (int i = 0; i < 64; i++) {
		blowfish_expand0state(bf, salt, SHA512_LEN);
		blowfish_expand0state(bf, pass, SHA512_LEN);
	}
	for (int i = 0; i < BCRYPT_WORDS; i++)
		cdata[i] = (uint32_t)(uint8_t)magic[4 * i] << 24 |
		    (uint32_t)(uint8_t)magic[4 * i + 1] << 16 |
		    (uint32_t)(uint8_t)magic[4 * i + 2] << 8 | (uint8_t)magic[4 * i + 3];
	for (int i = 0; i < 64; i++)
		for (int j = 0; j < BCRYPT_WORDS; j += 2)
			blowfish_encipher(bf, &cdata[j], &cdata[j + 1]);
	for (int i = 0; i < BCRYPT_WORDS; i++) {
		out[4 * i + 0] = (uint8_t)cdata[i];
		out[4 * i + 1] = (uint8_t)(cdata[i] >> 8);
		out[4 * i + 2] = (uint8_t)(cdata[i] >> 16);
		out[4 * i + 3] = (uint8_t)(cdata[i] >> 24);
	}
	wipe(cdata, sizeof(cdata));
}

static void
sha512(uint8_t out[SHA512_LEN], const void *a, size_t an, const void *b, size_t bn)
{
	br_sha512_context c;

	br_sha512_init(&c);
	br_sha512_update(&c, a, an);
	if (bn > 0)
		br_sha512_update(&c, b, bn);
	br_sha512_out(&c, out);
	wipe(&c, sizeof(c));
}

int
bcrypt_pbkdf(const char *pass, size_t passlen, const uint8_t *salt, size_t saltlen,
    uint8_t *key, size_t keylen, unsigned int rounds)
{
	uint8_t sha2pass[SHA512_LEN], sha2salt[SHA512_LEN], tmp[BCRYPT_HASHLEN];
	uint8_t out[BCRYPT_HASHLEN], cnt[4];
	struct blowfish bf;
	size_t stride, written = 0;

	if (rounds < 1 || saltlen == 0 || keylen == 0 || keylen > 1024)
		return ERR_INVAL;
	/* Block `count` fills key[i * stride + count - 1]: stride = ceil(keylen / 32). */
	stride = (keylen + BCRYPT_HASHLEN - 1) / BCRYPT_HASHLEN;
	sha512(sha2pass, pass, passlen, NULL, 0);
	for (uint32_t count = 1; written < keylen; count++) {
		cnt[0] = (uint8_t)(count >> 24);
		cnt[1] = (uint8_t)(count >> 16);
		cnt[2] = (uint8_t)(count >> 8);
		cnt[3] = (uint8_t)count;
		sha512(sha2salt, salt, saltlen, cnt, sizeof(cnt));
		bcrypt_hash(tmp, sha2pass, sha2salt, &bf);
		memcpy(out, tmp, sizeof(out));
		for (unsigned int r = 1; r < rounds; r++) {
			sha512(sha2salt, tmp, sizeof(tmp), NULL, 0);
			bcrypt_hash(tmp, sha2pass, sha2salt, &bf);
			for (size_t i = 0; i < sizeof(out); i++)
				out[i] ^= tmp[i];
		}
		for (size_t i = 0; i < BCRYPT_HASHLEN; i++) {
			size_t dest = i * stride + (count - 1);

			if (dest >= keylen)
				break;
			key[dest] = out[i];
			written++;
		}
	}
	wipe(sha2pass, sizeof(sha2pass));
	wipe(sha2salt, sizeof(sha2salt));
	wipe(tmp, sizeof(tmp));
	wipe(out, sizeof(out));
	wipe(&bf, sizeof(bf));
	return 0;
}
