/*
 * bcrypt_pbkdf — the KDF OpenSSH uses for passphrase-protected private keys
 * (openssh-key-v1 "bcrypt" kdf), built on Blowfish's expensive key schedule
 * (eksblowfish) and SHA-512, with OpenSSH's output-byte interleaving.
 * Written from the published algorithm description; vector in spec/ssh.md §2.
 */
#ifndef SEXTANT_CRYPTO_BCRYPT_PBKDF_H
#define SEXTANT_CRYPTO_BCRYPT_PBKDF_H

#include <stddef.h>
#include <stdint.h>

/* 0 on success, ERR_INVAL for rounds < 1, empty salt or keylen outside 1..1024. */
int	bcrypt_pbkdf(const char *pass, size_t passlen, const uint8_t *salt, size_t saltlen,
	    uint8_t *key, size_t keylen, unsigned int rounds);

#endif
