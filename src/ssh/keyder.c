/*
 * keyder — PEM/DER private keys as OpenSSL (and `ssh-keygen -m PEM|PKCS8`)
 * write them:
 *   "RSA PRIVATE KEY"        PKCS#1 RSAPrivateKey            RFC 8017 A.1.2
 *   "EC PRIVATE KEY"         SEC1 ECPrivateKey               RFC 5915 §3
 *   "PRIVATE KEY"            PKCS#8 PrivateKeyInfo           RFC 5208 §5, RFC 5958 §2
 *                            (rsaEncryption, id-ecPublicKey P-256, id-Ed25519 RFC 8410 §7)
 *   "ENCRYPTED PRIVATE KEY"  PKCS#8 EncryptedPrivateKeyInfo  RFC 5208 §6
 *                            with PBES2 + PBKDF2 (RFC 8018 §6.2, §5.2, A.2, A.4, B.2)
 * and the legacy OpenSSL encryption of PKCS#1/SEC1 PEM ("Proc-Type: 4,ENCRYPTED",
 * "DEK-Info: AES-128-CBC,<iv>"), whose key is OpenSSL's EVP_BytesToKey with MD5,
 * one iteration and the first 8 IV bytes as salt:
 *   D_1 = MD5(pass || salt), D_i = MD5(D_{i-1} || pass || salt), key = D_1 || D_2 ...
 */
#include <bearssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/enc.h"
#include "core/err.h"
#include "core/wipe.h"
#include "core/xmalloc.h"
#include "ssh/asn1.h"
#include "ssh/key.h"
#include "ssh/key_int.h"
#include "ssh/pem.h"

/* Bound on PBKDF2 work from a hostile file (OpenSSL writes 2048). */
#ifndef PBKDF2_MAX_ITER
#define PBKDF2_MAX_ITER		(10 * 1000 * 1000)
#endif

static const uint8_t OID_RSA[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01 };
static const uint8_t OID_ECPUB[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01 };
static const uint8_t OID_P256[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 };
static const uint8_t OID_ED25519[] = { 0x2b, 0x65, 0x70 };
static const uint8_t OID_PBES2[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d };
static const uint8_t OID_PBKDF2[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0c };
static const uint8_t OID_HMAC_SHA1[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x07 };
static const uint8_t OID_HMAC_SHA256[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x09 };
static const uint8_t OID_HMAC_SHA512[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x0b };
static const uint8_t OID_AES128_CBC[] = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x02 };
static const uint8_t OID_AES192_CBC[] = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x16 };
static const uint8_t OID_AES256_CBC[] = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2a };
static const uint8_t OID_DES3_CBC[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x03, 0x07 };

#define OID_IS(o, ol, w)	asn1_oid_is((o), (ol), (w), sizeof(w))

/* PKCS#1 RSAPrivateKey ::= SEQUENCE { version, n, e, d, p, q, dp, dq, qinv } */
static int
parse_pkcs1(const uint8_t *der, size_t n, struct sshkey **out, struct errinfo *e)
{
	struct asn1 c, s;
	const uint8_t *f[8];
	size_t fl[8];
	uint32_t ver;
	struct sshkey *k = NULL;
	int i, r;

	asn1_init(&c, der, n);
	if (asn1_get(&c, ASN1_SEQUENCE, &s) != 0 || asn1_get_small(&s, &ver) != 0)
		return err_set(e, ERR_PARSE, "malformed PKCS#1 RSA private key");
	if (ver != 0)
		return err_set(e, ERR_UNSUPPORTED, "multi-prime RSA keys are not supported");
	for (i = 0; i < 8; i++)
		if (asn1_get_uint(&s, &f[i], &fl[i]) != 0)
			return err_set(e, ERR_PARSE, "malformed PKCS#1 RSA private key");
	k = key_new(SSHKEY_RSA);
	if ((r = key_rsa_set_public(k, f[0], fl[0], f[1], fl[1], e)) != 0 ||
	    (r = key_rsa_set_private(k, f[3], fl[3], f[4], fl[4], f[5], fl[5], f[6], fl[6],
	    f[7], fl[7], e)) != 0) {
		sshkey_free(k);
		return r;
	}
	*out = k;
	return 0;
}

/*
 * SEC1 ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING,
 *   [0] ECParameters OPTIONAL, [1] publicKey BIT STRING OPTIONAL }
 * curve_known: the curve was already given by a PKCS#8 AlgorithmIdentifier.
 */
static int
parse_sec1(const uint8_t *der, size_t n, int curve_known, struct sshkey **out, struct errinfo *e)
{
	struct asn1 c, s, d, x, bits;
	const uint8_t *oid, *q = NULL;
	size_t oidlen, qlen = 0;
	uint32_t ver;
	struct sshkey *k;
	int r;

	asn1_init(&c, der, n);
	if (asn1_get(&c, ASN1_SEQUENCE, &s) != 0 || asn1_get_small(&s, &ver) != 0 || ver != 1 ||
	    asn1_get(&s, ASN1_OCTETSTRING, &d) != 0)
		return err_set(e, ERR_PARSE, "malformed EC private key");
	if (asn1_peek_tag(&s) == ASN1_CTX(0)) {
		if (asn1_get(&s, ASN1_CTX(0), &x) != 0 || asn1_get_oid(&x, &oid, &oidlen) != 0)
			return err_set(e, ERR_PARSE, "malformed EC private key parameters");
		if (!OID_IS(oid, oidlen, OID_P256))
			return err_set(e, ERR_UNSUPPORTED,
			    "EC keys on curves other than P-256 (nistp256) are not supported");
		curve_known = 1;
	}
	if (!curve_known)
		return err_set(e, ERR_PARSE, "EC private key without a curve");
	if (asn1_peek_tag(&s) == ASN1_CTX(1)) {
		if (asn1_get(&s, ASN1_CTX(1), &x) != 0 || asn1_get(&x, ASN1_BITSTRING, &bits) != 0 ||
		    bits.n < 1 || bits.p[0] != 0)
			return err_set(e, ERR_PARSE, "malformed EC public key in private key");
		q = bits.p + 1;
		qlen = bits.n - 1;
	}
	if (d.n != 32)
		return err_set(e, ERR_PARSE, "EC private key has the wrong length for P-256");
	k = key_new(SSHKEY_ECDSA_P256);
	if ((r = key_ec_set_private(k, d.p, d.n, q, qlen, e)) != 0) {
		sshkey_free(k);
		return r;
	}
	*out = k;
	return 0;
}

/* PKCS#8 PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier, OCTET STRING, ... } */
static int
parse_pkcs8(const uint8_t *der, size_t n, struct sshkey **out, struct errinfo *e)
{
	struct asn1 c, s, alg, pk, inner;
	const uint8_t *oid, *poid;
	size_t oidlen, poidlen;
	uint32_t ver;
	struct sshkey *k;
	int r;

	asn1_init(&c, der, n);
	if (asn1_get(&c, ASN1_SEQUENCE, &s) != 0 || asn1_get_small(&s, &ver) != 0 || ver > 1 ||
	    asn1_get(&s, ASN1_SEQUENCE, &alg) != 0 || asn1_get_oid(&alg, &oid, &oidlen) != 0 ||
	    asn1_get(&s, ASN1_OCTETSTRING, &pk) != 0)
		return err_set(e, ERR_PARSE, "malformed PKCS#8 private key");
	if (OID_IS(oid, oidlen, OID_RSA))
		return parse_pkcs1(pk.p, pk.n, out, e);
	if (OID_IS(oid, oidlen, OID_ECPUB)) {
		if (asn1_get_oid(&alg, &poid, &poidlen) != 0)
			return err_set(e, ERR_PARSE, "malformed PKCS#8 EC parameters");
		if (!OID_IS(poid, poidlen, OID_P256))
			return err_set(e, ERR_UNSUPPORTED,
			    "EC keys on curves other than P-256 (nistp256) are not supported");
		return parse_sec1(pk.p, pk.n, 1, out, e);
	}
	if (OID_IS(oid, oidlen, OID_ED25519)) {
		/* RFC 8410 §7: CurvePrivateKey ::= OCTET STRING (the 32-byte seed). */
		asn1_init(&c, pk.p, pk.n);
		if (asn1_get(&c, ASN1_OCTETSTRING, &inner) != 0 || inner.n != 32)
			return err_set(e, ERR_PARSE, "malformed PKCS#8 Ed25519 private key");
		k = key_new(SSHKEY_ED25519);
		if ((r = key_ed25519_set_private(k, inner.p, NULL, e)) != 0) {
			sshkey_free(k);
			return r;
		}
		*out = k;
		return 0;
	}
	return err_set(e, ERR_UNSUPPORTED, "PKCS#8 key algorithm is not supported "
	    "(only RSA, ECDSA P-256 and Ed25519)");
}

/* RFC 8018 §5.2 PBKDF2 with an HMAC PRF. */
static void
pbkdf2(const br_hash_class *h, const char *pass, size_t passlen, const uint8_t *salt,
    size_t saltlen, uint32_t iter, uint8_t *out, size_t outlen)
{
	br_hmac_key_context kc;
	br_hmac_context hc;
	uint8_t u[64], t[64], cnt[4];
	size_t hlen, take, j;
	uint32_t blk = 1, i;

	hlen = (h->desc >> BR_HASHDESC_OUT_OFF) & BR_HASHDESC_OUT_MASK;
	br_hmac_key_init(&kc, h, pass, passlen);
	while (outlen > 0) {
		store_be32(cnt, blk);
		br_hmac_init(&hc, &kc, 0);
		br_hmac_update(&hc, salt, saltlen);
		br_hmac_update(&hc, cnt, 4);
		br_hmac_out(&hc, u);
		memcpy(t, u, hlen);
		for (i = 1; i < iter; i++) {
			br_hmac_init(&hc, &kc, 0);
			br_hmac_update(&hc, u, hlen);
			br_hmac_out(&hc, u);
			for (j = 0; j < hlen; j++)
				t[j] ^= u[j];
		}
		take = outlen < hlen ? outlen : hlen;
		memcpy(out, t, take);
		out += take;
		outlen -= take;
		blk++;
	}
	wipe(&kc, sizeof(kc));
	wipe(&hc, sizeof(hc));
	wipe(u, sizeof(u));
	wipe(t, sizeof(t));
}

/* Strips PKCS#7 padding (RFC 5652 §6.3); ERR_CRYPTO if it is malformed. */
static int
unpad(struct buf *b, size_t block)
{
	const uint8_t *p = buf_ptr(b);
	size_t n = buf_avail(b), i;
	uint8_t v;

	if (n == 0 || n % block != 0)
		return ERR_CRYPTO;
	v = p[n - 1];
	if (v == 0 || v > block)
		return ERR_CRYPTO;
	for (i = 0; i < v; i++)
		if (p[n - 1 - i] != v)
			return ERR_CRYPTO;
	return buf_trim_end(b, v);
}

/*
 * EncryptedPrivateKeyInfo ::= SEQUENCE { AlgorithmIdentifier, OCTET STRING }
 * with AlgorithmIdentifier = { id-PBES2, PBES2-params { keyDerivationFunc
 * { id-PBKDF2, { salt OCTET STRING, iterationCount, keyLength OPTIONAL,
 * prf AlgorithmIdentifier DEFAULT hmacWithSHA1 } }, encryptionScheme { oid, iv } } }
 */
static int
decrypt_pkcs8(const uint8_t *der, size_t n, const char *pass, struct buf *plain, struct errinfo *e)
{
	struct asn1 c, s, alg, params, kdf, kdfp, salt, prf, enc, iv, data;
	const uint8_t *oid;
	size_t oidlen, keylen, block = 16;
	uint32_t iter, klen = 0;
	const br_hash_class *h = &br_sha1_vtable;
	uint8_t key[32];
	int des = 0, r;

	asn1_init(&c, der, n);
	if (asn1_get(&c, ASN1_SEQUENCE, &s) != 0 || asn1_get(&s, ASN1_SEQUENCE, &alg) != 0 ||
	    asn1_get_oid(&alg, &oid, &oidlen) != 0 || asn1_get(&s, ASN1_OCTETSTRING, &data) != 0)
		return err_set(e, ERR_PARSE, "malformed encrypted PKCS#8 key");
	if (!OID_IS(oid, oidlen, OID_PBES2))
		return err_set(e, ERR_UNSUPPORTED, "encrypted PKCS#8 key: only PBES2 is supported");
	if (asn1_get(&alg, ASN1_SEQUENCE, &params) != 0 ||
	    asn1_get(&params, ASN1_SEQUENCE, &kdf) != 0 || asn1_get_oid(&kdf, &oid, &oidlen) != 0)
		return err_set(e, ERR_PARSE, "malformed PBES2 parameters");
	if (!OID_IS(oid, oidlen, OID_PBKDF2))
		return err_set(e, ERR_UNSUPPORTED, "encrypted PKCS#8 key: only PBKDF2 is supported");
	if (asn1_get(&kdf, ASN1_SEQUENCE, &kdfp) != 0 ||
	    asn1_get(&kdfp, ASN1_OCTETSTRING, &salt) != 0 || asn1_get_small(&kdfp, &iter) != 0)
		return err_set(e, ERR_PARSE, "malformed PBKDF2 parameters");
	if (asn1_peek_tag(&kdfp) == ASN1_INTEGER && asn1_get_small(&kdfp, &klen) != 0)
		return err_set(e, ERR_PARSE, "malformed PBKDF2 key length");
	if (asn1_peek_tag(&kdfp) == ASN1_SEQUENCE) {
		if (asn1_get(&kdfp, ASN1_SEQUENCE, &prf) != 0 || asn1_get_oid(&prf, &oid, &oidlen) != 0)
			return err_set(e, ERR_PARSE, "malformed PBKDF2 prf");
		if (OID_IS(oid, oidlen, OID_HMAC_SHA256))
			h = &br_sha256_vtable;
		else if (OID_IS(oid, oidlen, OID_HMAC_SHA512))
			h = &br_sha512_vtable;
		else if (!OID_IS(oid, oidlen, OID_HMAC_SHA1))
			return err_set(e, ERR_UNSUPPORTED, "PBKDF2 prf is not supported");
	}
	if (iter == 0 || iter > PBKDF2_MAX_ITER)
		return err_set(e, ERR_RANGE, "PBKDF2 iteration count %u out of range", iter);
	if (asn1_get(&params, ASN1_SEQUENCE, &enc) != 0 || asn1_get_oid(&enc, &oid, &oidlen) != 0 ||
	    asn1_get(&enc, ASN1_OCTETSTRING, &iv) != 0)
		return err_set(e, ERR_PARSE, "malformed PBES2 encryption scheme");
	if (OID_IS(oid, oidlen, OID_AES128_CBC))
		keylen = 16;
	else if (OID_IS(oid, oidlen, OID_AES192_CBC))
		keylen = 24;
	else if (OID_IS(oid, oidlen, OID_AES256_CBC))
		keylen = 32;
	else if (OID_IS(oid, oidlen, OID_DES3_CBC)) {
		keylen = 24;
		block = 8;
		des = 1;
	} else
		return err_set(e, ERR_UNSUPPORTED, "PBES2 cipher is not supported "
		    "(AES-CBC and DES-EDE3-CBC are)");
	if (iv.n != block || (klen != 0 && klen != keylen))
		return err_set(e, ERR_PARSE, "malformed PBES2 cipher parameters");
	if (data.n == 0 || data.n % block != 0)
		return err_set(e, ERR_PARSE, "encrypted PKCS#8 data has a bad length");
	pbkdf2(h, pass, strlen(pass), salt.p, salt.n, iter, key, keylen);
	if ((r = buf_put(plain, data.p, data.n)) != 0)
		goto out;
	if (des)
		keycrypt_des3_cbc_decrypt(key, iv.p, plain->d + plain->off, data.n);
	else
		keycrypt_aes_cbc_decrypt(key, keylen, iv.p, plain->d + plain->off, data.n);
	r = unpad(plain, block);
out:
	wipe(key, sizeof(key));
	return r;
}

/* Legacy "Proc-Type: 4,ENCRYPTED" PEM: DEK-Info "ALG,HEXIV". */
static int
decrypt_legacy(struct pem *pem, const char *pass, struct buf *plain, struct errinfo *e)
{
	const char *comma = strchr(pem->dek_info, ',');
	size_t alglen, keylen, block = 16, i, have, passlen = strlen(pass);
	struct buf ivb;
	uint8_t key[32], d[16];
	br_md5_context md;
	int des = 0, r;

	if (comma == NULL)
		return err_set(e, ERR_PARSE, "malformed DEK-Info header");
	alglen = (size_t)(comma - pem->dek_info);
	if (alglen == 11 && strncasecmp(pem->dek_info, "AES-128-CBC", 11) == 0)
		keylen = 16;
	else if (alglen == 11 && strncasecmp(pem->dek_info, "AES-192-CBC", 11) == 0)
		keylen = 24;
	else if (alglen == 11 && strncasecmp(pem->dek_info, "AES-256-CBC", 11) == 0)
		keylen = 32;
	else if (alglen == 12 && strncasecmp(pem->dek_info, "DES-EDE3-CBC", 12) == 0) {
		keylen = 24;
		block = 8;
		des = 1;
	} else
		return err_set(e, ERR_UNSUPPORTED, "PEM encryption '%.*s' is not supported",
		    (int)(alglen > 32 ? 32 : alglen), pem->dek_info);
	buf_init(&ivb, 16);
	if (hex_decode(comma + 1, strlen(comma + 1), &ivb) != 0 || buf_avail(&ivb) != block) {
		buf_release(&ivb);
		return err_set(e, ERR_PARSE, "malformed DEK-Info IV");
	}
	for (have = 0, i = 0; have < keylen; i++) {
		br_md5_init(&md);
		if (i > 0)
			br_md5_update(&md, d, 16);
		br_md5_update(&md, pass, passlen);
		br_md5_update(&md, buf_ptr(&ivb), 8);
		br_md5_out(&md, d);
		memcpy(key + have, d, keylen - have < 16 ? keylen - have : 16);
		have += keylen - have < 16 ? keylen - have : 16;
	}
	if (buf_avail(&pem->body) == 0 || buf_avail(&pem->body) % block != 0) {
		r = err_set(e, ERR_PARSE, "encrypted PEM body has a bad length");
		goto out;
	}
	if ((r = buf_put(plain, buf_ptr(&pem->body), buf_avail(&pem->body))) != 0)
		goto out;
	if (des)
		keycrypt_des3_cbc_decrypt(key, buf_ptr(&ivb), plain->d + plain->off, buf_avail(plain));
	else
		keycrypt_aes_cbc_decrypt(key, keylen, buf_ptr(&ivb), plain->d + plain->off,
		    buf_avail(plain));
	r = unpad(plain, block);
out:
	wipe(key, sizeof(key));
	wipe(d, sizeof(d));
	wipe(&md, sizeof(md));
	buf_release(&ivb);
	return r;
}

int
keyder_parse_pem(const char *text, size_t n, const char *passphrase, struct sshkey **out,
    int *needs_passphrase, struct errinfo *e)
{
	struct pem pem;
	struct buf plain;
	const uint8_t *der;
	size_t derlen;
	int encrypted, r;

	*out = NULL;
	pem_init(&pem);
	buf_init_secret(&plain, SSHKEY_MAX_FILE);
	if ((r = pem_decode(&pem, text, n, e)) != 0) {
		if (r == ERR_NOTFOUND)
			r = err_set(e, ERR_PARSE, "not a private key file (no PEM or OpenSSH armor)");
		goto out;
	}
	encrypted = pem.encrypted || strcmp(pem.label, "ENCRYPTED PRIVATE KEY") == 0;
	if (strcmp(pem.label, "RSA PRIVATE KEY") != 0 && strcmp(pem.label, "EC PRIVATE KEY") != 0 &&
	    strcmp(pem.label, "PRIVATE KEY") != 0 &&
	    strcmp(pem.label, "ENCRYPTED PRIVATE KEY") != 0) {
		r = err_set(e, ERR_UNSUPPORTED, "\"%s\" keys are not supported", pem.label);
		goto out;
	}
	der = buf_ptr(&pem.body);
	derlen = buf_avail(&pem.body);
	if (encrypted) {
		if (passphrase == NULL || passphrase[0] == '\0') {
			if (needs_passphrase)
				*needs_passphrase = 1;
			r = err_set(e, ERR_AUTH, "key is encrypted: a passphrase is needed");
			goto out;
		}
		if (pem.encrypted)
			r = decrypt_legacy(&pem, passphrase, &plain, e);
		else
			r = decrypt_pkcs8(der, derlen, passphrase, &plain, e);
		if (r == ERR_CRYPTO) {
			if (needs_passphrase)
				*needs_passphrase = 1;
			r = err_set(e, ERR_AUTH, "incorrect passphrase");
		}
		if (r != 0)
			goto out;
		der = buf_ptr(&plain);
		derlen = buf_avail(&plain);
	}
	if (strcmp(pem.label, "RSA PRIVATE KEY") == 0)
		r = parse_pkcs1(der, derlen, out, e);
	else if (strcmp(pem.label, "EC PRIVATE KEY") == 0)
		r = parse_sec1(der, derlen, 0, out, e);
	else
		r = parse_pkcs8(der, derlen, out, e);
	/* Garbage after a wrong passphrase that happened to pad correctly. */
	if (r == ERR_PARSE && encrypted) {
		if (needs_passphrase)
			*needs_passphrase = 1;
		r = err_set(e, ERR_AUTH, "incorrect passphrase");
	}
out:
	buf_release(&plain);
	pem_release(&pem);
	return r;
}
