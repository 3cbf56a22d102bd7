/*
 * ed25519 — EdDSA over edwards25519 (RFC 8032 §5.1), written here because BearSSL
 * has no Ed25519. Pure Ed25519 only (no ctx/ph variants).
 *
 * Keys: the 32-byte seed is the secret (RFC 8032 "private key"); callers wipe it.
 * Verification is strict: rejects S >= L (§5.1.7) and non-canonical or invalid
 * point encodings of A and R; also points of small order (A or R in the 8-torsion,
 * as libsodium does). The equation is checked without the cofactor
 * ([S]B = R + [k]A, allowed by §5.1.7), the same choice as libsodium and OpenSSH.
 *
 * Signing is constant-time. ed25519_sign() recomputes the public key from the seed
 * and does not use pk: a wrong pk would otherwise leak the secret scalar.
 * Costs on the reference machine (bench/crypto): sign ~150 us, verify ~90 us.
 */
#ifndef SEXTANT_CRYPTO_ED25519_H
#define SEXTANT_CRYPTO_ED25519_H

#include <stddef.h>
#include <stdint.h>

#define ED25519_SEED_LEN	32
#define ED25519_PUBKEY_LEN	32
#define ED25519_SIG_LEN		64

void	ed25519_pubkey(uint8_t pk[ED25519_PUBKEY_LEN], const uint8_t seed[ED25519_SEED_LEN]);
void	ed25519_sign(uint8_t sig[ED25519_SIG_LEN], const uint8_t *msg, size_t n,
	    const uint8_t seed[ED25519_SEED_LEN], const uint8_t pk[ED25519_PUBKEY_LEN]);
/* 0 if valid, ERR_CRYPTO otherwise. */
int	ed25519_verify(const uint8_t sig[ED25519_SIG_LEN], const uint8_t *msg, size_t n,
	    const uint8_t pk[ED25519_PUBKEY_LEN]);

#endif
