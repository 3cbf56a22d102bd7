/*
 * blowfish — the Blowfish block cipher (Schneier, 1993) and the "expensive key
 * schedule" of eksblowfish (Provos and Mazieres, "A Future-Adaptable Password
 * Scheme", USENIX 1999), as bcrypt_pbkdf uses them. Internal to src/crypto;
 * written from those papers. Words are read from byte strings big-endian and
 * cyclically (a key or salt shorter than needed is repeated).
 */
#ifndef SEXTANT_CRYPTO_BLOWFISH_H
#define SEXTANT_CRYPTO_BLOWFISH_H

#include <stddef.h>
#include <stdint.h>

#define BLOWFISH_P_LEN	18

struct blowfish {
	uint32_t	p[BLOWFISH_P_LEN];
	uint32_t	s[4][256];
};

/* Initial state: the hexadecimal digits of pi (blowfish_pi.c). */
extern const uint32_t blowfish_init_p[BLOWFISH_P_LEN];
extern const uint32_t blowfish_init_s[4][256];

void	blowfish_initstate(struct blowfish *c);
/* Encrypts one 64-bit block (xl, xr) in place. */
void	blowfish_encipher(const struct blowfish *c, uint32_t *xl, uint32_t *xr);
/*
 * eksblowfish ExpandKey(state, salt, key): P ^= key words, then every P and S
 * entry is replaced, two at a time, by the encryption of the previous output
 * XORed with the next 64 bits of salt. keylen and saltlen must be > 0.
 */
void	blowfish_expandstate(struct blowfish *c, const uint8_t *salt, size_t saltlen,
	    const uint8_t *key, size_t keylen);
/* ExpandKey(state, 0, key): the same without salt. */
void	blowfish_expand0state(struct blowfish *c, const uint8_t *key, size_t keylen);
/* Plain Blowfish key schedule (for known-answer tests of the cipher itself). */
void	blowfish_setkey(struct blowfish *c, const uint8_t *key, size_t keylen);

#endif
