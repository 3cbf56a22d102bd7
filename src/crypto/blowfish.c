/*
 * blowfish — Blowfish and eksblowfish's key expansion (see blowfish.h).
 *
 * Note: Blowfish's S-box lookups are indexed by key-dependent data, inherent to
 * the cipher. It is used here only for the local passphrase KDF, never on data
 * an observer can time remotely.
 */
#include "crypto/blowfish.h"

#include <string.h>

static uint32_t
f(const struct blowfish *c, uint32_t x)
{
	return ((c->s[0][x >> 24] + c->s[1][(x >> 16) & 0xff]) ^ c->s[2][(x >> 8) & 0xff]) +
	    c->s[3][x & 0xff];
}

/*
 * The 16 Feistel rounds (xL ^= P[i]; xR ^= F(xL); swap), written two rounds per
 * step so that the halves trade roles instead of being swapped; then the final
 * swap is undone and the output whitened with P[16], P[17]. Inlined into the key
 * schedule, where bcrypt spends its time.
 */
static inline void
encipher(const struct blowfish *c, uint32_t *xl, uint32_t *xr)
{
	uint32_t l = *xl, r = *xr;

	for (int i = 0; i < 16; i += 2) {
		l ^= c->p[i];
		r ^= f(c, l);
		r ^= c->p[i + 1];
		l ^= f(c, r);
	}
	*xl = r ^ c->p[17];
	*xr = l ^ c->p[16];
}

void
blowfish_encipher(const struct blowfish *c, uint32_t *xl, uint32_t *xr)
{
	encipher(c, xl, xr);
}

void
blowfish_initstate(struct blowfish *c)
{
	memcpy(c->p, blowfish_init_p, sizeof(c->p));
	memcpy(c->s, blowfish_init_s, sizeof(c->s));
}

/* Next 32-bit big-endian word of data, wrapping around at its end byte by byte. */
static uint32_t
stream_word(const uint8_t *data, size_t len, size_t *pos)
{
	uint32_t w = 0;

	for (int i = 0; i < 4; i++) {
		w = (w << 8) | data[*pos];
		if (++*pos >= len)
			*pos = 0;
	}
	return w;
}

static void
xor_key(struct blowfish *c, const uint8_t *key, size_t keylen)
{
	size_t pos = 0;

	for (int i = 0; i < BLOWFISH_P_LEN; i++)
		c->p[i] ^= stream_word(key, keylen, &pos);
}

/* Refills P then S[0..3] with chained encryptions, XORing salt in if given. */
static void
refill(struct blowfish *c, const uint8_t *salt, size_t saltlen)
{
	uint32_t l = 0, r = 0;
	size_t pos = 0;

	for (int i = 0; i < BLOWFISH_P_LEN; i += 2) {
		if (salt != NULL) {
			l ^= stream_word(salt, saltlen, &pos);
			r ^= stream_word(salt, saltlen, &pos);
		}
		encipher(c, &l, &r);
		c->p[i] = l;
		c->p[i + 1] = r;
	}
	for (int b = 0; b < 4; b++) {
		for (int i = 0; i < 256; i += 2) {
			if (salt != NULL) {
				l ^= stream_word(salt, saltlen, &pos);
				r ^= stream_word(salt, saltlen, &pos);
			}
			encipher(c, &l, &r);
			c->s[b][i] = l;
			c->s[b][i + 1] = r;
		}
	}
}

void
blowfish_expandstate(struct blowfish *c, const uint8_t *salt, size_t saltlen, const uint8_t *key,
    size_t keylen)
{
	xor_key(c, key, keylen);
	refill(c, salt, saltlen);
}

void
blowfish_expand0state(struct blowfish *c, const uint8_t *key, size_t keylen)
{
	xor_key(c, key, keylen);
	refill(c, NULL, 0);
}

void
blowfish_setkey(struct blowfish *c, const uint8_t *key, size_t keylen)
{
	blowfish_initstate(c);
	blowfish_expand0state(c, key, keylen);
}
