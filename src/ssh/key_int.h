/*
 * key_int — the layout of struct sshkey, shared by the key modules (key.c:
 * blobs, signatures, fingerprints; keyfile.c: OpenSSH private key files;
 * keyder.c: PEM/DER private keys). Nothing outside src/ssh/key*.c includes it.
 */
#ifndef SEXTANT_SSH_KEY_INT_H
#define SEXTANT_SSH_KEY_INT_H

#include <stddef.h>
#include <stdint.h>

#include "ssh/key.h"

#define KEY_ED25519_NAME	"ssh-ed25519"
#define KEY_ECDSA_NAME		"ecdsa-sha2-nistp256"
#define KEY_ECDSA_CURVE		"nistp256"
#define KEY_RSA_NAME		"ssh-rsa"

/* BearSSL's RSA limits (spec/ssh.md §1.3): 4096-bit modulus, 2080-bit factors. */
#define KEY_RSA_BR_MAX_BITS	4096
#define KEY_RSA_BR_MAX_FACTOR	((2080 + 7) / 8)

struct sshkey {
	enum sshkey_type type;
	int		 priv;		/* private half present */
	char		*comment;	/* from the key file, may be NULL */

	/* ssh-ed25519 (RFC 8709): public A, secret seed */
	uint8_t		 ed_pk[32];
	uint8_t		 ed_seed[32];

	/* ecdsa-sha2-nistp256 (RFC 5656): uncompressed point Q, scalar d */
	uint8_t		 ec_q[65];
	uint8_t		 ec_d[32];

	/* ssh-rsa (RFC 4253 §6.6): magnitudes without leading zeros */
	uint8_t		*rsa_n;
	size_t		 rsa_nlen;
	uint8_t		*rsa_e;
	size_t		 rsa_elen;
	uint32_t	 rsa_bits;
	/* CRT private key (BearSSL's form), one allocation at rsa_priv */
	uint8_t		*rsa_priv;
	size_t		 rsa_privlen;
	const uint8_t	*rsa_p, *rsa_q, *rsa_dp, *rsa_dq, *rsa_iq;
	size_t		 rsa_plen, rsa_qlen, rsa_dplen, rsa_dqlen, rsa_iqlen;
};

struct sshkey *key_new(enum sshkey_type type);
/* Sets the RSA public part (copies; strips leading zeros; checks bounds). */
int	key_rsa_set_public(struct sshkey *k, const uint8_t *n, size_t nlen,
	    const uint8_t *e, size_t elen, struct errinfo *ei);
/* Sets the RSA CRT private part (copies). Checks p*q == n when BearSSL can. */
int	key_rsa_set_private(struct sshkey *k, const uint8_t *p, size_t plen,
	    const uint8_t *q, size_t qlen, const uint8_t *dp, size_t dplen,
	    const uint8_t *dq, size_t dqlen, const uint8_t *iq, size_t iqlen,
	    struct errinfo *ei);
/* dp, dq from d (OpenSSH files store n,e,d,iqmp,p,q). */
int	key_rsa_set_private_d(struct sshkey *k, const uint8_t *d, size_t dlen,
	    const uint8_t *p, size_t plen, const uint8_t *q, size_t qlen,
	    const uint8_t *iq, size_t iqlen, struct errinfo *ei);
/* Sets the EC private scalar (32 bytes after left-padding) and derives/checks Q. */
int	key_ec_set_private(struct sshkey *k, const uint8_t *d, size_t dlen,
	    const uint8_t *q, size_t qlen, struct errinfo *ei);
/* Ed25519 from seed, checking pk when given (pk may be NULL). */
int	key_ed25519_set_private(struct sshkey *k, const uint8_t seed[32],
	    const uint8_t *pk, struct errinfo *ei);
/* Validates an uncompressed P-256 point. */
int	key_ec_point_ok(const uint8_t *q, size_t qlen);
/* Parses PEM-armored PKCS#1 / SEC1 / PKCS#8 (optionally encrypted) key text. */
int	keyder_parse_pem(const char *text, size_t n, const char *passphrase,
	    struct sshkey **out, int *needs_passphrase, struct errinfo *ei);
/* Symmetric decryption for encrypted key files (keycrypt.c); in place. */
int	keycrypt_aes_ctr(const uint8_t *key, size_t keylen, const uint8_t iv[16], uint8_t *data,
	    size_t len);
int	keycrypt_aes_cbc_decrypt(const uint8_t *key, size_t keylen, const uint8_t iv[16],
	    uint8_t *data, size_t len);
int	keycrypt_des3_cbc_decrypt(const uint8_t key[24], const uint8_t iv[8], uint8_t *data,
	    size_t len);
/* AES-GCM with a 12-byte IV, no AAD; ERR_CRYPTO if the 16-byte tag does not match. */
int	keycrypt_aes_gcm_decrypt(const uint8_t *key, size_t keylen, const uint8_t iv[12],
	    uint8_t *data, size_t len, const uint8_t tag[16]);
/* a mod m into out (mlen bytes, big-endian), constant time in the bits of a. */
int	key_bn_mod(const uint8_t *a, size_t alen, const uint8_t *m, size_t mlen, uint8_t *out);

#endif
