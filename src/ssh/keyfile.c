/*
 * keyfile — private key files: the openssh-key-v1 format (OpenSSH PROTOCOL.key,
 * spec/ssh.md §3.13), dispatch to the PEM/DER formats (keyder.c), and loading
 * from disk with OpenSSH's permission rule.
 *
 * openssh-key-v1, after the armor:
 *   "openssh-key-v1\0"  string ciphername  string kdfname  string kdfoptions
 *   uint32 N (=1)  string publickey  string encrypted-private-section  [AEAD tag]
 * private section: uint32 check, uint32 check (equal: passphrase test),
 *   per key "string type, <fields>, string comment", then padding 1,2,3,...
 *   up to the cipher block size.
 */
#include "ssh/key.h"
#include "ssh/key_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/str.h"
#include "core/wipe.h"
#include "core/xmalloc.h"
#include "crypto/bcrypt_pbkdf.h"
#include "ssh/pem.h"

#define OPENSSH_MAGIC		"openssh-key-v1"	/* + NUL: 15 bytes */
#define OPENSSH_ARMOR		"-----BEGIN OPENSSH PRIVATE KEY-----"
#define KDF_SALT_MAX		64

/* Upper bound on bcrypt rounds: a hostile file must not pin the CPU for hours. */
#ifndef SSHKEY_MAX_KDF_ROUNDS
#define SSHKEY_MAX_KDF_ROUNDS	1024
#endif

enum cmode { CM_NONE, CM_CTR, CM_CBC, CM_GCM };

struct kcipher {
	const char	*name;
	enum cmode	 mode;
	size_t		 keylen, ivlen, block, taglen;
};

static const struct kcipher kciphers[] = {
	{ "none", CM_NONE, 0, 0, 8, 0 },
	{ "aes128-ctr", CM_CTR, 16, 16, 16, 0 },
	{ "aes192-ctr", CM_CTR, 24, 16, 16, 0 },
	{ "aes256-ctr", CM_CTR, 32, 16, 16, 0 },
	{ "aes128-cbc", CM_CBC, 16, 16, 16, 0 },
	{ "aes192-cbc", CM_CBC, 24, 16, 16, 0 },
	{ "aes256-cbc", CM_CBC, 32, 16, 16, 0 },
	{ "aes128-gcm@openssh.com", CM_GCM, 16, 12, 16, 16 },
	{ "aes256-gcm@openssh.com", CM_GCM, 32, 12, 16, 16 },
};

static const struct kcipher *
kcipher_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(kciphers) / sizeof(kciphers[0]); i++)
		if (strcmp(kciphers[i].name, name) == 0)
			return &kciphers[i];
	return NULL;
}

/* Reads one key of the private section into a new struct sshkey. */
static int
parse_private_key(struct buf *b, struct sshkey **out, struct errinfo *e)
{
	const unsigned char *type, *a, *c, *n, *ev, *d, *iq, *p, *q;
	size_t typelen, al, cl, nl, el, dl, iql, pl, ql;
	struct sshkey *k = NULL;
	int r;

	*out = NULL;
	if (buf_get_string_direct(b, &type, &typelen) != 0)
		return err_set(e, ERR_PARSE, "malformed private key section");
	if (typelen == strlen(KEY_ED25519_NAME) && memcmp(type, KEY_ED25519_NAME, typelen) == 0) {
		/* string A (32), string seed||A (64) */
		if (buf_get_string_direct(b, &a, &al) != 0 || al != 32 ||
		    buf_get_string_direct(b, &c, &cl) != 0 || cl != 64 ||
		    memcmp(c + 32, a, 32) != 0) {
			r = err_set(e, ERR_PARSE, "malformed ssh-ed25519 private key");
			goto out;
		}
		k = key_new(SSHKEY_ED25519);
		if ((r = key_ed25519_set_private(k, c, a, e)) != 0)
			goto out;
	} else if (typelen == strlen(KEY_ECDSA_NAME) && memcmp(type, KEY_ECDSA_NAME, typelen) == 0) {
		/* string curve, string Q, mpint d */
		if (buf_get_string_direct(b, &c, &cl) != 0 ||
		    buf_get_string_direct(b, &a, &al) != 0 ||
		    buf_get_mpint_direct(b, &d, &dl) != 0) {
			r = err_set(e, ERR_PARSE, "malformed ecdsa private key");
			goto out;
		}
		if (cl != strlen(KEY_ECDSA_CURVE) || memcmp(c, KEY_ECDSA_CURVE, cl) != 0) {
			r = err_set(e, ERR_PARSE, "ecdsa private key: curve does not match key type");
			goto out;
		}
		k = key_new(SSHKEY_ECDSA_P256);
		if ((r = key_ec_set_private(k, d, dl, a, al, e)) != 0)
			goto out;
	} else if (typelen == strlen(KEY_RSA_NAME) && memcmp(type, KEY_RSA_NAME, typelen) == 0) {
		/* mpint n, e, d, iqmp, p, q */
		if (buf_get_mpint_direct(b, &n, &nl) != 0 || buf_get_mpint_direct(b, &ev, &el) != 0 ||
		    buf_get_mpint_direct(b, &d, &dl) != 0 || buf_get_mpint_direct(b, &iq, &iql) != 0 ||
		    buf_get_mpint_direct(b, &p, &pl) != 0 || buf_get_mpint_direct(b, &q, &ql) != 0) {
			r = err_set(e, ERR_PARSE, "malformed ssh-rsa private key");
			goto out;
		}
		k = key_new(SSHKEY_RSA);
		if ((r = key_rsa_set_public(k, n, nl, ev, el, e)) != 0 ||
		    (r = key_rsa_set_private_d(k, d, dl, p, pl, q, ql, iq, iql, e)) != 0)
			goto out;
	} else {
		r = err_set(e, ERR_UNSUPPORTED, "unsupported private key type '%.*s'",
		    (int)(typelen > 64 ? 64 : typelen), (const char *)type);
		goto out;
	}
	*out = k;
	k = NULL;
	r = 0;
out:
	sshkey_free(k);
	return r;
}

static int
parse_openssh(const char *text, size_t textlen, const char *passphrase, struct sshkey **out,
    int *needs_passphrase, struct errinfo *e)
{
	struct pem pem;
	struct buf b, priv, kdfb;
	char *ciphername = NULL, *kdfname = NULL;
	const unsigned char *kdfopts, *pub, *enc, *salt, *tag = NULL;
	size_t kdfoptslen, publen, enclen, saltlen;
	uint32_t nkeys, rounds = 0, c1, c2;
	const struct kcipher *ci;
	uint8_t kiv[64];
	struct sshkey *k = NULL, *pubk = NULL;
	const unsigned char *cmt;
	size_t cmtlen, i;
	int r;

	pem_init(&pem);
	buf_init_secret(&priv, SSHKEY_MAX_FILE);
	if ((r = pem_decode(&pem, text, textlen, e)) != 0)
		goto out;
	buf_view(&b, buf_ptr(&pem.body), buf_avail(&pem.body));
	if (buf_avail(&b) < sizeof(OPENSSH_MAGIC) ||
	    memcmp(buf_ptr(&b), OPENSSH_MAGIC, sizeof(OPENSSH_MAGIC)) != 0) {
		r = err_set(e, ERR_PARSE, "not an openssh-key-v1 key (bad magic)");
		goto out;
	}
	buf_consume(&b, sizeof(OPENSSH_MAGIC));
	if (buf_get_cstring(&b, &ciphername, NULL) != 0 || buf_get_cstring(&b, &kdfname, NULL) != 0 ||
	    buf_get_string_direct(&b, &kdfopts, &kdfoptslen) != 0 || buf_get_u32(&b, &nkeys) != 0) {
		r = err_set(e, ERR_PARSE, "malformed openssh-key-v1 header");
		goto out;
	}
	if (nkeys != 1) {
		r = err_set(e, ERR_UNSUPPORTED, "key files holding %u keys are not supported", nkeys);
		goto out;
	}
	if (buf_get_string_direct(&b, &pub, &publen) != 0 ||
	    buf_get_string_direct(&b, &enc, &enclen) != 0) {
		r = err_set(e, ERR_PARSE, "malformed openssh-key-v1 body");
		goto out;
	}
	if ((ci = kcipher_find(ciphername)) == NULL) {
		r = err_set(e, ERR_UNSUPPORTED, "key file cipher '%.64s' is not supported", ciphername);
		goto out;
	}
	if (ci->taglen) {
		if (buf_avail(&b) < ci->taglen) {
			r = err_set(e, ERR_PARSE, "truncated openssh-key-v1 (missing tag)");
			goto out;
		}
		tag = buf_ptr(&b);
		buf_consume(&b, ci->taglen);
	}
	if (buf_avail(&b) != 0) {
		r = err_set(e, ERR_PARSE, "trailing data in openssh-key-v1 key");
		goto out;
	}
	if (enclen == 0 || enclen % ci->block != 0) {
		r = err_set(e, ERR_PARSE, "private section length %zu is not a multiple of %zu",
		    enclen, ci->block);
		goto out;
	}
	/* The public key travels in the clear; parse it first (and check it later). */
	if ((r = sshkey_from_blob(pub, publen, &pubk, e)) != 0)
		goto out;
	if (strcmp(kdfname, "none") == 0) {
		if (ci->mode != CM_NONE || kdfoptslen != 0) {
			r = err_set(e, ERR_PARSE, "cipher %s without a kdf", ciphername);
			goto out;
		}
		if ((r = buf_put(&priv, enc, enclen)) != 0)
			goto out;
	} else if (strcmp(kdfname, "bcrypt") == 0) {
		if (ci->mode == CM_NONE) {
			r = err_set(e, ERR_PARSE, "bcrypt kdf with cipher none");
			goto out;
		}
		buf_view(&kdfb, kdfopts, kdfoptslen);
		if (buf_get_string_direct(&kdfb, &salt, &saltlen) != 0 ||
		    buf_get_u32(&kdfb, &rounds) != 0 || buf_avail(&kdfb) != 0 ||
		    saltlen == 0 || saltlen > KDF_SALT_MAX || rounds == 0) {
			r = err_set(e, ERR_PARSE, "malformed bcrypt kdf options");
			goto out;
		}
		if (rounds > SSHKEY_MAX_KDF_ROUNDS) {
			r = err_set(e, ERR_RANGE, "bcrypt kdf rounds %u over the limit of %d",
			    rounds, SSHKEY_MAX_KDF_ROUNDS);
			goto out;
		}
		/* OpenSSH treats an empty passphrase as none for encrypted keys. */
		if (passphrase == NULL || passphrase[0] == '\0') {
			if (needs_passphrase)
				*needs_passphrase = 1;
			r = err_set(e, ERR_AUTH, "key is encrypted: a passphrase is needed");
			goto out;
		}
		if (bcrypt_pbkdf(passphrase, strlen(passphrase), salt, saltlen, kiv,
		    ci->keylen + ci->ivlen, rounds) != 0) {
			r = err_set(e, ERR_CRYPTO, "bcrypt_pbkdf failed");
			goto out;
		}
		if ((r = buf_put(&priv, enc, enclen)) != 0)
			goto out;
		switch (ci->mode) {
		case CM_CTR:
			r = keycrypt_aes_ctr(kiv, ci->keylen, kiv + ci->keylen, priv.d + priv.off, enclen);
			break;
		case CM_CBC:
			r = keycrypt_aes_cbc_decrypt(kiv, ci->keylen, kiv + ci->keylen,
			    priv.d + priv.off, enclen);
			break;
		case CM_GCM:
			r = keycrypt_aes_gcm_decrypt(kiv, ci->keylen, kiv + ci->keylen,
			    priv.d + priv.off, enclen, tag);
			break;
		default:
			r = ERR_INVAL;
		}
		if (r == ERR_CRYPTO) {
			if (needs_passphrase)
				*needs_passphrase = 1;
			r = err_set(e, ERR_AUTH, "incorrect passphrase");
			goto out;
		}
		if (r != 0) {
			r = err_set(e, ERR_CRYPTO, "key decryption failed");
			goto out;
		}
	} else {
		r = err_set(e, ERR_UNSUPPORTED, "key file kdf '%.64s' is not supported", kdfname);
		goto out;
	}
	if (buf_get_u32(&priv, &c1) != 0 || buf_get_u32(&priv, &c2) != 0) {
		r = err_set(e, ERR_PARSE, "truncated private key section");
		goto out;
	}
	if (c1 != c2) {
		if (strcmp(kdfname, "none") == 0) {
			r = err_set(e, ERR_PARSE, "corrupt private key (check bytes differ)");
		} else {
			if (needs_passphrase)
				*needs_passphrase = 1;
			r = err_set(e, ERR_AUTH, "incorrect passphrase");
		}
		goto out;
	}
	if ((r = parse_private_key(&priv, &k, e)) != 0)
		goto out;
	if (buf_get_string_direct(&priv, &cmt, &cmtlen) != 0) {
		r = err_set(e, ERR_PARSE, "malformed private key comment");
		goto out;
	}
	if (cmtlen > 0 && memchr(cmt, '\0', cmtlen) == NULL)
		k->comment = xstrndup((const char *)cmt, cmtlen);
	/* Padding: bytes 1, 2, 3, ... filling the last cipher block (PROTOCOL.key). */
	if (buf_avail(&priv) >= ci->block) {
		r = err_set(e, ERR_PARSE, "private key section has excess padding");
		goto out;
	}
	for (i = 0; i < buf_avail(&priv); i++) {
		if (buf_ptr(&priv)[i] != (uint8_t)(i + 1)) {
			r = err_set(e, ERR_PARSE, "private key section has bad padding");
			goto out;
		}
	}
	if (!sshkey_equal_public(k, pubk)) {
		r = err_set(e, ERR_PARSE, "private key does not match the public key in the file");
		goto out;
	}
	*out = k;
	k = NULL;
	r = 0;
out:
	wipe(kiv, sizeof(kiv));
	sshkey_free(k);
	sshkey_free(pubk);
	free(ciphername);
	free(kdfname);
	buf_release(&priv);
	pem_release(&pem);
	return r;
}

int
sshkey_parse_private(const uint8_t *data, size_t n, const char *passphrase, struct sshkey **out,
    int *needs_passphrase, struct errinfo *e)
{
	const char *text = (const char *)data;

	*out = NULL;
	if (needs_passphrase)
		*needs_passphrase = 0;
	if (n > SSHKEY_MAX_FILE)
		return err_set(e, ERR_RANGE, "key file larger than %d bytes", SSHKEY_MAX_FILE);
	if (memmem(text, n, OPENSSH_ARMOR, strlen(OPENSSH_ARMOR)) != NULL)
		return parse_openssh(text, n, passphrase, out, needs_passphrase, e);
	return keyder_parse_pem(text, n, passphrase, out, needs_passphrase, e);
}

int
sshkey_load_private(const char *path, const char *passphrase, struct sshkey **out,
    int *needs_passphrase, struct errinfo *e)
{
	struct stat st;
	struct str data = STR_INIT;
	char tmp[4096];
	ssize_t got;
	int fd, r = 0;

	*out = NULL;
	if (needs_passphrase)
		*needs_passphrase = 0;
	data.secret = 1;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return err_set(e, errno == ENOENT ? ERR_NOTFOUND : ERR_IO, "%s: %s", path,
		    strerror(errno));
	if (fstat(fd, &st) != 0) {
		r = err_set(e, ERR_IO, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		r = err_set(e, ERR_INVAL, "%s: not a regular file", path);
		goto out;
	}
	/*
	 * OpenSSH's rule: a key file we own must not be accessible by group or
	 * others, else it is ignored ("UNPROTECTED PRIVATE KEY FILE").
	 */
	if (st.st_uid == getuid() && (st.st_mode & 077) != 0) {
		r = err_set(e, ERR_CONFIG, "%s: UNPROTECTED PRIVATE KEY FILE: permissions %04o "
		    "are too open; private key files must not be accessible by others, "
		    "so this key is ignored (fix with: chmod 600 %s)", path,
		    (unsigned)(st.st_mode & 07777), path);
		goto out;
	}
	for (;;) {
		got = read(fd, tmp, sizeof(tmp));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			r = err_set(e, ERR_IO, "%s: %s", path, strerror(errno));
			goto out;
		}
		if (got == 0)
			break;
		if (data.len + (size_t)got > SSHKEY_MAX_FILE) {
			r = err_set(e, ERR_RANGE, "%s: key file larger than %d bytes", path,
			    SSHKEY_MAX_FILE);
			goto out;
		}
		str_add(&data, tmp, (size_t)got);
	}
	if ((r = sshkey_parse_private((const uint8_t *)str_cstr(&data), data.len, passphrase, out,
	    needs_passphrase, e)) != 0)
		err_prefix(e, "%s", path);
out:
	wipe(tmp, sizeof(tmp));
	close(fd);
	str_release(&data);
	return r;
}
