/*
 * p256 — NIST P-256 ECDH (ecdh-sha2-nistp256, RFC 5656 §4) and ECDSA with SHA-256
 * (ecdsa-sha2-nistp256, RFC 5656 §3.1.2), a thin adapter over BearSSL
 * (br_ec_p256_m31 for point arithmetic, br_ecdsa_i31_* with RFC 6979 deterministic
 * nonces; BearSSL 0.6 has no 64-bit P-256 code).
 *
 * Encodings: secret = 32-byte big-endian scalar in [1, n-1]; public = 65-byte
 * uncompressed point 04 || X || Y (SEC1, what SSH puts in Q); signature = "raw"
 * r || s, 32 bytes each, big-endian. Converting r and s to/from SSH mpints is the
 * caller's job.
 */
#ifndef SEXTANT_CRYPTO_P256_H
#define SEXTANT_CRYPTO_P256_H

#include <stddef.h>
#include <stdint.h>

#define P256_SK_LEN	32
#define P256_PUB_LEN	65
#define P256_SIG_LEN	64
#define P256_SECRET_LEN	32

/* Random secret (core/rand, rejection-sampled into [1, n-1]) and its public point. */
void	p256_keygen(uint8_t sk[P256_SK_LEN], uint8_t pub[P256_PUB_LEN]);
/* ERR_CRYPTO if sk is 0 or >= n. */
int	p256_pubkey(uint8_t pub[P256_PUB_LEN], const uint8_t sk[P256_SK_LEN]);
/* 0 if pub (publen bytes) is a valid uncompressed point on the curve, else ERR_CRYPTO. */
int	p256_check_pub(const uint8_t *pub, size_t publen);
/* out = X coordinate of sk * peer. ERR_CRYPTO if peer is not a valid uncompressed
 * point on the curve (BearSSL validates it) or the length is not 65. */
int	p256_ecdh(uint8_t out[P256_SECRET_LEN], const uint8_t sk[P256_SK_LEN],
	    const uint8_t *peer, size_t peerlen);
/* ECDSA over SHA-256(msg). ERR_CRYPTO on a bad secret. */
int	p256_sign(uint8_t sig[P256_SIG_LEN], const uint8_t *msg, size_t n,
	    const uint8_t sk[P256_SK_LEN]);
/* 0 if sig (r || s) is valid for SHA-256(msg) under pub, else ERR_CRYPTO. */
int	p256_verify(const uint8_t sig[P256_SIG_LEN], const uint8_t *msg, size_t n,
	    const uint8_t *pub, size_t publen);

#endif
