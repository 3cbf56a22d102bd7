/*
 * rsa — RSA PKCS#1 v1.5 signatures through BearSSL, plus the two key-completion
 * helpers BearSSL has no public API for (see rsa.h).
 */
#include "crypto/rsa.h"

#include <string.h>

#include "core/err.h"
#include "core/wipe.h"

/* Strips leading zero bytes (SSH mpints carry one when the top bit is set). */
static void
strip(const unsigned char **p, size_t *n)
{
	while (*n > 0 && **p == 0) {
		(*p)++;
		(*n)--;
	}
}

static unsigned int
bitlen(const unsigned char *p, size_t n)
{
	unsigned int b;

	if (n == 0)
		return 0;
	b = (unsigned int)(n - 1) * 8;
	for (unsigned int v = p[0]; v != 0; v >>= 1)
		b++;
	return b;
}

int
rsa_verify(enum hash_alg alg, const br_rsa_public_key *pk, const uint8_t *sig, size_t siglen,
    const uint8_t *msg, size_t n)
{
	br_rsa_public_key k = *pk;
	uint8_t x[RSA_MAX_LEN], want[HASH_MAX_LEN], got[HASH_MAX_LEN];
	size_t hlen = hash_len(alg);
	const unsigned char *oid = hash_oid(alg);
	const unsigned char *np = k.n, *ep = k.e;

	if (hlen == 0 || oid == NULL)
		return ERR_UNSUPPORTED;
	strip(&np, &k.nlen);
	strip(&ep, &k.elen);
	k.n = (unsigned char *)(uintptr_t)np;
	k.e = (unsigned char *)(uintptr_t)ep;
	if (bitlen(k.n, k.nlen) > RSA_MAX_BITS)
		return ERR_UNSUPPORTED;
	if (k.nlen == 0 || k.elen == 0)
		return ERR_CRYPTO;
	/* BearSSL wants exactly the modulus length; short signatures get zeros. */
	strip(&sig, &siglen);
	if (siglen > k.nlen)
		return ERR_CRYPTO;
	memset(x, 0, k.nlen - siglen);
	memcpy(x + k.nlen - siglen, sig, siglen);
	hash_once(alg, want, msg, n);
	if (!br_rsa_pkcs1_vrfy_get_default()(x, k.nlen, oid, hlen, &k, got))
		return ERR_CRYPTO;
	return ct_memcmp(want, got, hlen) == 0 ? 0 : ERR_CRYPTO;
}

int
rsa_sign(enum hash_alg alg, const br_rsa_private_key *sk, const uint8_t *msg, size_t n,
    uint8_t *sig, size_t sigcap, size_t *siglen)
{
	uint8_t hash[HASH_MAX_LEN];
	size_t hlen = hash_len(alg), modlen;
	const unsigned char *oid = hash_oid(alg);
	int rc = 0;

	if (hlen == 0 || oid == NULL || sk->n_bitlen > RSA_MAX_BITS)
		return ERR_UNSUPPORTED;
	modlen = (sk->n_bitlen + 7) / 8;
	if (modlen > sigcap)
		return ERR_RANGE;
	hash_once(alg, hash, msg, n);
	if (!br_rsa_pkcs1_sign_get_default()(oid, hash, hlen, sk, sig))
		rc = ERR_CRYPTO;
	else
		*siglen = modlen;
	wipe(hash, sizeof(hash));
	return rc;
}

#define CRT_WORDS	(RSA_MAX_LEN / 4 + 2)

/*
 * out = d mod (p - 1) by binary long division: for each bit of d from the top,
 * r = 2r + bit, then subtract m if r >= m. r < m before each step, so 2r + 1 < 2m
 * and one conditional subtraction suffices. The subtraction is always computed and
 * kept or dropped by a mask, so the running time depends only on the lengths.
 */
int
rsa_crt_exponent(uint8_t *out, const uint8_t *d, size_t dlen, const uint8_t *p, size_t plen)
{
	uint32_t m[CRT_WORDS], r[CRT_WORDS], t[CRT_WORDS];
	size_t w, i;
	uint32_t nz = 0;

	if (plen == 0 || plen > RSA_MAX_LEN || dlen > 2 * RSA_MAX_LEN || (p[plen - 1] & 1) == 0)
		return ERR_INVAL;
	/* One spare word holds the bit shifted out of 2r. */
	w = (plen + 3) / 4 + 1;
	memset(m, 0, sizeof(m));
	memset(r, 0, sizeof(r));
	for (i = 0; i < plen; i++)
		m[i / 4] |= (uint32_t)p[plen - 1 - i] << (8 * (i % 4));
	m[0] &= ~(uint32_t)1;	/* p odd: p - 1 just clears bit 0 */
	for (i = 0; i < w; i++)
		nz |= m[i];
	if (nz == 0)
		return ERR_INVAL;	/* p = 1 */
	for (size_t byte = 0; byte < dlen; byte++) {
		for (int bit = 7; bit >= 0; bit--) {
			uint32_t carry = (d[byte] >> bit) & 1, borrow = 0, keep;

			for (i = 0; i < w; i++) {
				uint32_t top = r[i] >> 31;

				r[i] = (r[i] << 1) | carry;
				carry = top;
			}
			for (i = 0; i < w; i++) {
				uint64_t diff = (uint64_t)r[i] - m[i] - borrow;

				t[i] = (uint32_t)diff;
				borrow = (uint32_t)(diff >> 63);
			}
			/* borrow == 0 means r >= m: take t. */
			keep = 0u - borrow;	/* all ones: keep r */
			for (i = 0; i < w; i++)
				r[i] = (r[i] & keep) | (t[i] & ~keep);
		}
	}
	for (i = 0; i < plen; i++)
		out[plen - 1 - i] = (uint8_t)(r[i / 4] >> (8 * (i % 4)));
	wipe(r, sizeof(r));
	wipe(t, sizeof(t));
	return 0;
}

/*
 * BearSSL's compute_pubexp only handles p = 3 (mod 4) (the keys BearSSL itself
 * generates); OpenSSL's keys have p = 1 (mod 4) half of the time. So when it
 * gives up, the usual exponents are tried instead: e is right iff
 * (x^d)^e = x (mod n) for a test value x, using the CRT private operation.
 */
static uint32_t
guess_pubexp(const br_rsa_private_key *sk, const uint8_t *n, size_t nlen)
{
	static const uint32_t common[] = {65537, 3, 5, 17, 35, 37, 257};
	uint8_t x[RSA_MAX_LEN], y[RSA_MAX_LEN], t[RSA_MAX_LEN], eb[4];
	br_rsa_public_key pk;
	uint32_t found = 0;

	if (nlen < 16 || nlen > RSA_MAX_LEN)
		return 0;
	/* x = 00 01 02 ... (below n, whose top byte is non-zero). */
	for (size_t i = 0; i < nlen; i++)
		x[i] = (uint8_t)i;
	memcpy(y, x, nlen);
	if (!br_rsa_private_get_default()(y, sk))
		return 0;
	pk.n = (unsigned char *)(uintptr_t)n;
	pk.nlen = nlen;
	pk.e = eb;
	pk.elen = 4;
	for (size_t i = 0; i < sizeof(common) / sizeof(common[0]) && found == 0; i++) {
		eb[0] = (uint8_t)(common[i] >> 24);
		eb[1] = (uint8_t)(common[i] >> 16);
		eb[2] = (uint8_t)(common[i] >> 8);
		eb[3] = (uint8_t)common[i];
		memcpy(t, y, nlen);
		if (br_rsa_public_get_default()(t, nlen, &pk) && memcmp(t, x, nlen) == 0)
			found = common[i];
	}
	wipe(y, sizeof(y));
	wipe(t, sizeof(t));
	return found;
}

int
rsa_public_from_private(const br_rsa_private_key *sk, uint8_t *n, size_t ncap, size_t *nlen,
    uint8_t *e, size_t ecap, size_t *elen)
{
	br_rsa_compute_modulus cm = br_rsa_compute_modulus_get_default();
	br_rsa_compute_pubexp ce = br_rsa_compute_pubexp_get_default();
	size_t len, k = 0;
	uint32_t ev;
	uint8_t eb[4];

	len = cm(NULL, sk);
	if (len == 0)
		return ERR_CRYPTO;
	if (len > ncap)
		return ERR_RANGE;
	if (cm(n, sk) != len)
		return ERR_CRYPTO;
	*nlen = len;
	ev = ce(sk);
	if (ev == 0)
		ev = guess_pubexp(sk, n, len);
	if (ev == 0)
		return ERR_CRYPTO;
	for (int s = 24; s >= 0; s -= 8)
		if ((ev >> s) != 0 || k > 0)
			eb[k++] = (uint8_t)(ev >> s);
	if (k > ecap)
		return ERR_RANGE;
	memcpy(e, eb, k);
	*elen = k;
	return 0;
}
