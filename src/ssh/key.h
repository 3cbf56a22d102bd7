/*
 * key — SSH public and private keys: wire blobs (RFC 4253 §6.6, RFC 5656 §3.1,
 * RFC 8709), signatures (ssh-ed25519, ecdsa-sha2-nistp256, rsa-sha2-256/512 per
 * RFC 8332; ssh-rsa SHA-1 verify only), private key files (openssh-key-v1,
 * PEM PKCS#1 / SEC1 / PKCS#8), fingerprints.
 *
 * struct sshkey is opaque; private parts are wiped by sshkey_free().
 */
#ifndef SEXTANT_SSH_KEY_H
#define SEXTANT_SSH_KEY_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct str;
struct errinfo;
struct sshkey;

enum sshkey_type {
	SSHKEY_UNKNOWN = 0,
	SSHKEY_ED25519,
	SSHKEY_ECDSA_P256,
	SSHKEY_RSA
};

/* Maximum accepted sizes (bounded parsing). */
#define SSHKEY_MAX_BLOB		(16 * 1024)
#define SSHKEY_MAX_FILE		(64 * 1024)
#define SSHKEY_RSA_MIN_BITS	1024
#define SSHKEY_RSA_MAX_BITS	16384

/* Public key from its wire blob ("string type, ..."). */
int	sshkey_from_blob(const uint8_t *blob, size_t n, struct sshkey **out, struct errinfo *e);
/* Public key blob of k (also for private keys). */
int	sshkey_to_blob(const struct sshkey *k, struct buf *out);
enum sshkey_type sshkey_type(const struct sshkey *k);
/* "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa" (the key type, not a signature alg). */
const char *sshkey_type_name(const struct sshkey *k);
int	sshkey_has_private(const struct sshkey *k);
int	sshkey_equal_public(const struct sshkey *a, const struct sshkey *b);
/* "SHA256:<unpadded base64>" as OpenSSH prints it. */
void	sshkey_fingerprint(const struct sshkey *k, struct str *out);

/*
 * Verifies an SSH signature blob ("string alg, string sig") over data. alg, if not
 * NULL, is the algorithm the signature must use (e.g. "rsa-sha2-512" as negotiated).
 * 0 if valid; ERR_CRYPTO if not; ERR_PARSE for a malformed blob.
 */
int	sshkey_verify(const struct sshkey *k, const uint8_t *sig, size_t siglen,
	    const uint8_t *data, size_t datalen, const char *alg, struct errinfo *e);
/* Signs data with alg (NULL = the key type's default; RSA: "rsa-sha2-512" or "rsa-sha2-256"),
 * appending the signature blob ("string alg, string sig") to out. */
int	sshkey_sign(const struct sshkey *k, const char *alg, const uint8_t *data, size_t n,
	    struct buf *out, struct errinfo *e);

/*
 * Private key from file contents. passphrase may be NULL; an encrypted key without
 * a passphrase fails with ERR_AUTH and sets *needs_passphrase = 1 (if given).
 * A wrong passphrase also fails with ERR_AUTH ("incorrect passphrase") and sets
 * *needs_passphrase = 1, so a caller can prompt again. "" counts as no passphrase.
 * Formats: openssh-key-v1 (none, or bcrypt + aes{128,192,256}-{ctr,cbc} /
 * aes{128,256}-gcm@openssh.com), PEM "RSA PRIVATE KEY" / "EC PRIVATE KEY" (also
 * with OpenSSL's Proc-Type/DEK-Info encryption), PKCS#8 "PRIVATE KEY" and
 * "ENCRYPTED PRIVATE KEY" (PBES2/PBKDF2). ERR_UNSUPPORTED for other key types.
 */
int	sshkey_parse_private(const uint8_t *data, size_t n, const char *passphrase,
	    struct sshkey **out, int *needs_passphrase, struct errinfo *e);
/*
 * Loads a private key file, refusing files readable by group or others (OpenSSH's
 * "UNPROTECTED PRIVATE KEY FILE" rule) with a clear message (ERR_CONFIG; only for
 * files owned by the current user, as OpenSSH). ERR_NOTFOUND if the file is absent.
 * Messages start with the path.
 */
int	sshkey_load_private(const char *path, const char *passphrase, struct sshkey **out,
	    int *needs_passphrase, struct errinfo *e);
/* Public key from an OpenSSH public key line ("type base64 [comment]"). */
int	sshkey_parse_public_line(const char *line, struct sshkey **out, struct errinfo *e);

void	sshkey_free(struct sshkey *k);

/* ---- additions (beyond the original contract) ---- */

/* The comment from the key file or public key line ("" if none). */
const char *sshkey_comment(const struct sshkey *k);
void	sshkey_set_comment(struct sshkey *k, const char *comment);
/* Modulus bits for RSA, 256 for the others. */
unsigned sshkey_bits(const struct sshkey *k);
/* A copy holding only the public part (and the comment). */
struct sshkey *sshkey_dup_public(const struct sshkey *k);
/* Appends "type base64[ comment]" (the .pub / authorized_keys form). */
void	sshkey_to_public_line(const struct sshkey *k, struct str *out);
/* First key line of a public key file (e.g. id_ed25519.pub). */
int	sshkey_load_public(const char *path, struct sshkey **out, struct errinfo *e);
/* 1 if alg ("rsa-sha2-256", "ssh-ed25519", ...) is a signature algorithm for k's type. */
int	sshkey_sig_alg_ok(const struct sshkey *k, const char *alg);

#endif
