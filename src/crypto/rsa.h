/*
 * rsa — RSA PKCS#1 v1.5 signatures for ssh-rsa (SHA-1, verify only by policy of the
 * caller), rsa-sha2-256 and rsa-sha2-512 (RFC 8332), a thin adapter over BearSSL's
 * br_rsa_pkcs1_sign/vrfy (i62 when the compiler has 128-bit multiplies, else i31).
 * Keys are BearSSL's own structs (what br_skey_decoder returns); the helpers below
 * fill in what OpenSSH-format keys lack (dp, dq) and what PEM keys lack (n, e).
 * BearSSL limit: moduli up to 4096 bits (ERR_UNSUPPORTED above).
 */
#ifndef SEXTANT_CRYPTO_RSA_H
#define SEXTANT_CRYPTO_RSA_H

#include <bearssl.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"

#define RSA_MAX_BITS	4096
#define RSA_MAX_LEN	(RSA_MAX_BITS / 8)

/*
 * Verifies sig over hash(msg). Signatures shorter than the modulus are left-padded
 * with zeros (OpenSSH accepts them, RFC 8332 §3 notes some signers produce them);
 * longer ones are rejected. 0 if valid, ERR_CRYPTO if not, ERR_UNSUPPORTED for a
 * modulus over RSA_MAX_BITS or an unknown alg.
 */
int	rsa_verify(enum hash_alg alg, const br_rsa_public_key *pk, const uint8_t *sig,
	    size_t siglen, const uint8_t *msg, size_t n);
/*
 * Signs hash(msg) into sig (the modulus length in bytes, (sk->n_bitlen + 7) / 8,
 * must be <= sigcap); *siglen gets that length. ERR_RANGE if sigcap is too small,
 * ERR_CRYPTO if BearSSL refuses the key, ERR_UNSUPPORTED as above.
 */
int	rsa_sign(enum hash_alg alg, const br_rsa_private_key *sk, const uint8_t *msg,
	    size_t n, uint8_t *sig, size_t sigcap, size_t *siglen);
/*
 * out = d mod (p - 1), big-endian, exactly plen bytes (OpenSSH keys carry d, p, q,
 * iqmp but BearSSL wants dp = d mod (p-1), dq = d mod (q-1)). p must be odd, with
 * plen <= RSA_MAX_LEN and dlen <= 2 * RSA_MAX_LEN; leading zero bytes are allowed.
 * ERR_INVAL otherwise. Runs in time independent of d's value.
 */
int	rsa_crt_exponent(uint8_t *out, const uint8_t *d, size_t dlen, const uint8_t *p,
	    size_t plen);
/*
 * Public parts of a CRT private key (PEM/PKCS#8 keys decoded by br_skey_decoder
 * have no n or e): n into ncap bytes, e into ecap bytes (big-endian, minimal).
 * e is computed by BearSSL when p = 3 (mod 4), else found among the usual
 * exponents (65537, 3, 5, 17, 35, 37, 257) by checking (x^d)^e = x.
 * ERR_CRYPTO if neither works (e.g. e > 32 bits), ERR_RANGE if a buffer is too small.
 */
int	rsa_public_from_private(const br_rsa_private_key *sk, uint8_t *n, size_t ncap,
	    size_t *nlen, uint8_t *e, size_t ecap, size_t *elen);

#endif
