/*
 * key — SSH public keys, signatures and fingerprints; see key.h.
 *
 * Wire formats:
 *   ssh-ed25519          string "ssh-ed25519", string A (32)           RFC 8709 §4
 *   ecdsa-sha2-nistp256  string name, string "nistp256", string Q (65)  RFC 5656 §3.1
 *   ssh-rsa              string "ssh-rsa", mpint e, mpint n            RFC 4253 §6.6
 * Signatures are "string alg, string sig" with sig = 64 bytes (Ed25519,
 * RFC 8709 §6), "mpint r, mpint s" (ECDSA, RFC 5656 §3.1.2) or the RSA
 * PKCS#1 v1.5 value (RFC 8332 §3; ssh-rsa = SHA-1, RFC 4253 §6.6).
 */
#include "ssh/key.h"
#include "ssh/key_int.h"

#include <bearssl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/enc.h"
#include "core/err.h"
#include "core/fsutil.h"
#include "core/str.h"
#include "core/wipe.h"
#include "core/xmalloc.h"
#include "crypto/ed25519.h"

struct sshkey *
key_new(enum sshkey_type type)
{
	struct sshkey *k = xcalloc(1, sizeof(*k));

	k->type = type;
	return k;
}

void
sshkey_free(struct sshkey *k)
{
	if (k == NULL)
		return;
	free(k->rsa_n);
	free(k->rsa_e);
	freezero(k->rsa_priv, k->rsa_privlen);
	free(k->comment);
	wipe(k, sizeof(*k));
	free(k);
}

enum sshkey_type
sshkey_type(const struct sshkey *k)
{
	return k->type;
}

const char *
sshkey_type_name(const struct sshkey *k)
{
	switch (k->type) {
	case SSHKEY_ED25519:
		return KEY_ED25519_NAME;
	case SSHKEY_ECDSA_P256:
		return KEY_ECDSA_NAME;
	case SSHKEY_RSA:
		return KEY_RSA_NAME;
	default:
		return "unknown";
	}
}

int
sshkey_has_private(const struct sshkey *k)
{
	return k->priv;
}

const char *
sshkey_comment(const struct sshkey *k)
{
	return k->comment ? k->comment : "";
}

void
sshkey_set_comment(struct sshkey *k, const char *comment)
{
	free(k->comment);
	k->comment = comment ? xstrdup(comment) : NULL;
}

unsigned
sshkey_bits(const struct sshkey *k)
{
	switch (k->type) {
	case SSHKEY_ED25519:
		return 256;
	case SSHKEY_ECDSA_P256:
		return 256;
	case SSHKEY_RSA:
		return k->rsa_bits;
	default:
		return 0;
	}
}

static uint32_t
bit_length(const uint8_t *p, size_t n)
{
	uint32_t bits;
	uint8_t top;

	while (n > 0 && *p == 0) {
		p++;
		n--;
	}
	if (n == 0)
		return 0;
	bits = (uint32_t)(n - 1) * 8;
	for (top = p[0]; top; top >>= 1)
		bits++;
	return bits;
}

int
key_rsa_set_public(struct sshkey *k, const uint8_t *n, size_t nlen, const uint8_t *e,
    size_t elen, struct errinfo *ei)
{
	uint32_t bits;

	while (nlen > 0 && *n == 0) {
		n++;
		nlen--;
	}
	while (elen > 0 && *e == 0) {
		e++;
		elen--;
	}
	bits = bit_length(n, nlen);
	if (bits < SSHKEY_RSA_MIN_BITS)
		return err_set(ei, ERR_CRYPTO, "rsa key too small: %u bits (minimum %d)",
		    bits, SSHKEY_RSA_MIN_BITS);
	if (bits > SSHKEY_RSA_MAX_BITS)
		return err_set(ei, ERR_RANGE, "rsa key too large: %u bits (maximum %d)",
		    bits, SSHKEY_RSA_MAX_BITS);
	if ((n[nlen - 1] & 1) == 0)
		return err_set(ei, ERR_PARSE, "rsa modulus is even");
	/* e: odd, > 1, and shorter than n (RFC 8017 §3.1). */
	if (elen == 0 || elen > nlen || (e[elen - 1] & 1) == 0 || (elen == 1 && e[0] < 3))
		return err_set(ei, ERR_PARSE, "bad rsa public exponent");
	free(k->rsa_n);
	free(k->rsa_e);
	k->rsa_n = xmemdup(n, nlen);
	k->rsa_nlen = nlen;
	k->rsa_e = xmemdup(e, elen);
	k->rsa_elen = elen;
	k->rsa_bits = bits;
	return 0;
}

static void
rsa_sk(const struct sshkey *k, br_rsa_private_key *sk)
{
	sk->n_bitlen = k->rsa_bits;
	sk->p = (unsigned char *)(uintptr_t)k->rsa_p;
	sk->plen = k->rsa_plen;
	sk->q = (unsigned char *)(uintptr_t)k->rsa_q;
	sk->qlen = k->rsa_qlen;
	sk->dp = (unsigned char *)(uintptr_t)k->rsa_dp;
	sk->dplen = k->rsa_dplen;
	sk->dq = (unsigned char *)(uintptr_t)k->rsa_dq;
	sk->dqlen = k->rsa_dqlen;
	sk->iq = (unsigned char *)(uintptr_t)k->rsa_iq;
	sk->iqlen = k->rsa_iqlen;
}

static void
strip0(const uint8_t **p, size_t *n)
{
	while (*n > 0 && **p == 0) {
		(*p)++;
		(*n)--;
	}
}

int
key_rsa_set_private(struct sshkey *k, const uint8_t *p, size_t plen, const uint8_t *q,
    size_t qlen, const uint8_t *dp, size_t dplen, const uint8_t *dq, size_t dqlen,
    const uint8_t *iq, size_t iqlen, struct errinfo *ei)
{
	br_rsa_private_key sk;
	br_rsa_compute_modulus modfn;
	uint8_t *nbuf = NULL, *w;
	size_t total, nl;
	int r = 0;

	strip0(&p, &plen);
	strip0(&q, &qlen);
	strip0(&dp, &dplen);
	strip0(&dq, &dqlen);
	strip0(&iq, &iqlen);
	if (k->rsa_n == NULL)
		return err_set(ei, ERR_INVAL, "rsa private key without public part");
	if (plen == 0 || qlen == 0 || dplen == 0 || dqlen == 0 || iqlen == 0)
		return err_set(ei, ERR_PARSE, "rsa private key has a zero component");
	if (k->rsa_bits > KEY_RSA_BR_MAX_BITS || plen > KEY_RSA_BR_MAX_FACTOR ||
	    qlen > KEY_RSA_BR_MAX_FACTOR || dplen > plen || dqlen > qlen || iqlen > plen)
		return err_set(ei, ERR_UNSUPPORTED,
		    "rsa private keys over %d bits are not supported", KEY_RSA_BR_MAX_BITS);
	if ((p[plen - 1] & 1) == 0 || (q[qlen - 1] & 1) == 0)
		return err_set(ei, ERR_PARSE, "rsa private key: even prime factor");
	total = plen + qlen + dplen + dqlen + iqlen;
	freezero(k->rsa_priv, k->rsa_privlen);
	k->rsa_priv = w = xmalloc(total);
	k->rsa_privlen = total;
	memcpy(w, p, plen);
	k->rsa_p = w;
	k->rsa_plen = plen;
	w += plen;
	memcpy(w, q, qlen);
	k->rsa_q = w;
	k->rsa_qlen = qlen;
	w += qlen;
	memcpy(w, dp, dplen);
	k->rsa_dp = w;
	k->rsa_dplen = dplen;
	w += dplen;
	memcpy(w, dq, dqlen);
	k->rsa_dq = w;
	k->rsa_dqlen = dqlen;
	w += dqlen;
	memcpy(w, iq, iqlen);
	k->rsa_iq = w;
	k->rsa_iqlen = iqlen;

	/* The factors must multiply to the public modulus (a corrupt or mismatched file). */
	rsa_sk(k, &sk);
	modfn = br_rsa_compute_modulus_get_default();
	nl = modfn(NULL, &sk);
	if (nl == 0 || nl != k->rsa_nlen) {
		r = err_set(ei, ERR_CRYPTO, "rsa private key does not match its public key");
		goto out;
	}
	nbuf = xmalloc(nl);
	if (modfn(nbuf, &sk) != nl || memcmp(nbuf, k->rsa_n, nl) != 0) {
		r = err_set(ei, ERR_CRYPTO, "rsa private key does not match its public key");
		goto out;
	}
	/*
	 * Sign and verify once: a wrong dp, dq or iq (a corrupt file) would give
	 * invalid signatures, and a faulty CRT signature sent to a server can leak
	 * the factors of n (Boneh-DeMillo-Lipton), so such a key is refused here.
	 */
	{
		static const uint8_t probe[32] = "sextant rsa private key check..";
		br_rsa_public_key pk;
		uint8_t sigbuf[KEY_RSA_BR_MAX_BITS / 8], rec[32];

		pk.n = k->rsa_n;
		pk.nlen = k->rsa_nlen;
		pk.e = k->rsa_e;
		pk.elen = k->rsa_elen;
		if (br_rsa_pkcs1_sign_get_default()(BR_HASH_OID_SHA256, probe, 32, &sk, sigbuf) != 1 ||
		    br_rsa_pkcs1_vrfy_get_default()(sigbuf, k->rsa_nlen, BR_HASH_OID_SHA256, 32, &pk,
		    rec) != 1 || memcmp(rec, probe, 32) != 0) {
			wipe(sigbuf, sizeof(sigbuf));
			r = err_set(ei, ERR_CRYPTO, "rsa private key is inconsistent (corrupt key file?)");
			goto out;
		}
		wipe(sigbuf, sizeof(sigbuf));
	}
	k->priv = 1;
out:
	free(nbuf);
	if (r != 0) {
		freezero(k->rsa_priv, k->rsa_privlen);
		k->rsa_priv = NULL;
		k->rsa_privlen = 0;
	}
	return r;
}

/*
 * a mod m by binary long division: for each bit of a, r = 2r + bit, then
 * r -= m if r >= m. The subtraction is always computed and selected with a
 * mask, so the timing depends on the lengths only, not on the secret bits.
 * 32-bit little-endian limbs.
 */
int
key_bn_mod(const uint8_t *a, size_t alen, const uint8_t *m, size_t mlen, uint8_t *out)
{
	uint32_t *r, *t, *mw;
	size_t nw, i, j;
	int rc = 0;

	if (mlen == 0 || m[0] == 0 || mlen > 1024 || alen > 4096)
		return ERR_INVAL;
	nw = (mlen + 3) / 4 + 1;
	r = xcalloc(nw, sizeof(uint32_t));
	t = xcalloc(nw, sizeof(uint32_t));
	mw = xcalloc(nw, sizeof(uint32_t));
	for (i = 0; i < mlen; i++)
		mw[i / 4] |= (uint32_t)m[mlen - 1 - i] << (8 * (i % 4));
	for (i = 0; i < alen * 8; i++) {
		uint32_t bit = (a[i / 8] >> (7 - i % 8)) & 1, carry = bit, borrow = 0, mask;

		for (j = 0; j < nw; j++) {
			uint32_t v = r[j];

			r[j] = (v << 1) | carry;
			carry = v >> 31;
		}
		for (j = 0; j < nw; j++) {
			uint64_t d = (uint64_t)r[j] - mw[j] - borrow;

			t[j] = (uint32_t)d;
			borrow = (uint32_t)(d >> 63);
		}
		mask = borrow - 1;	/* all ones when r >= m */
		for (j = 0; j < nw; j++)
			r[j] = (r[j] & ~mask) | (t[j] & mask);
	}
	for (i = 0; i < mlen; i++)
		out[mlen - 1 - i] = (uint8_t)(r[i / 4] >> (8 * (i % 4)));
	freezero(r, nw * sizeof(uint32_t));
	freezero(t, nw * sizeof(uint32_t));
	free(mw);
	return rc;
}

int
key_rsa_set_private_d(struct sshkey *k, const uint8_t *d, size_t dlen, const uint8_t *p,
    size_t plen, const uint8_t *q, size_t qlen, const uint8_t *iq, size_t iqlen,
    struct errinfo *ei)
{
	uint8_t *pm1 = NULL, *qm1 = NULL, *dp = NULL, *dq = NULL;
	int r;

	strip0(&d, &dlen);
	strip0(&p, &plen);
	strip0(&q, &qlen);
	if (plen == 0 || qlen == 0 || dlen == 0)
		return err_set(ei, ERR_PARSE, "rsa private key has a zero component");
	if (plen > KEY_RSA_BR_MAX_FACTOR || qlen > KEY_RSA_BR_MAX_FACTOR ||
	    dlen > KEY_RSA_BR_MAX_BITS / 8)
		return err_set(ei, ERR_UNSUPPORTED,
		    "rsa private keys over %d bits are not supported", KEY_RSA_BR_MAX_BITS);
	if ((p[plen - 1] & 1) == 0 || (q[qlen - 1] & 1) == 0 || (plen == 1 && p[0] < 3) ||
	    (qlen == 1 && q[0] < 3))
		return err_set(ei, ERR_PARSE, "rsa private key: bad prime factor");
	/* p, q odd: p-1 clears the low bit; the top byte stays non-zero (p >= 3). */
	pm1 = xmemdup(p, plen);
	pm1[plen - 1] &= 0xfe;
	qm1 = xmemdup(q, qlen);
	qm1[qlen - 1] &= 0xfe;
	dp = xmalloc(plen);
	dq = xmalloc(qlen);
	if (pm1[0] == 0 || qm1[0] == 0) {
		r = err_set(ei, ERR_PARSE, "rsa private key: bad prime factor");
		goto out;
	}
	if (key_bn_mod(d, dlen, pm1, plen, dp) != 0 || key_bn_mod(d, dlen, qm1, qlen, dq) != 0) {
		r = err_set(ei, ERR_PARSE, "rsa private key: bad private exponent");
		goto out;
	}
	r = key_rsa_set_private(k, p, plen, q, qlen, dp, plen, dq, qlen, iq, iqlen, ei);
out:
	freezero(pm1, plen);
	freezero(qm1, qlen);
	freezero(dp, plen);
	freezero(dq, qlen);
	return r;
}

int
key_ec_point_ok(const uint8_t *q, size_t qlen)
{
	uint8_t tmp[65];
	static const uint8_t one = 1;
	uint32_t ok;

	if (qlen != 65 || q[0] != 0x04)
		return 0;
	/* mul() decodes and validates the point (on the curve, not infinity). */
	memcpy(tmp, q, 65);
	ok = br_ec_p256_m31.mul(tmp, 65, &one, 1, BR_EC_secp256r1);
	return ok == 1 && memcmp(tmp, q, 65) == 0;
}

int
key_ec_set_private(struct sshkey *k, const uint8_t *d, size_t dlen, const uint8_t *q,
    size_t qlen, struct errinfo *ei)
{
	br_ec_private_key sk;
	br_ec_public_key pk;
	uint8_t kbuf[BR_EC_KBUF_PUB_MAX_SIZE];
	int r = 0;

	strip0(&d, &dlen);
	if (dlen == 0 || dlen > 32)
		return err_set(ei, ERR_PARSE, "bad ecdsa private scalar");
	memset(k->ec_d, 0, sizeof(k->ec_d));
	memcpy(k->ec_d + 32 - dlen, d, dlen);
	sk.curve = BR_EC_secp256r1;
	sk.x = k->ec_d;
	sk.xlen = 32;
	/* Derive Q = dG: rejects d = 0 or d >= n, and checks a stored Q. */
	if (br_ec_compute_pub(&br_ec_p256_m31, &pk, kbuf, &sk) != 65) {
		r = err_set(ei, ERR_CRYPTO, "bad ecdsa private scalar");
		goto out;
	}
	if (q != NULL && (qlen != 65 || memcmp(q, kbuf, 65) != 0)) {
		r = err_set(ei, ERR_CRYPTO, "ecdsa private key does not match its public key");
		goto out;
	}
	memcpy(k->ec_q, kbuf, 65);
	k->priv = 1;
out:
	if (r != 0)
		wipe(k->ec_d, sizeof(k->ec_d));
	wipe(kbuf, sizeof(kbuf));
	return r;
}

int
key_ed25519_set_private(struct sshkey *k, const uint8_t seed[32], const uint8_t *pk,
    struct errinfo *ei)
{
	uint8_t derived[32];

	ed25519_pubkey(derived, seed);
	if (pk != NULL && ct_memcmp(derived, pk, 32) != 0)
		return err_set(ei, ERR_CRYPTO, "ed25519 private key does not match its public key");
	memcpy(k->ed_pk, derived, 32);
	memcpy(k->ed_seed, seed, 32);
	k->priv = 1;
	return 0;
}

/* ---- blobs ---- */

int
sshkey_from_blob(const uint8_t *blob, size_t n, struct sshkey **out, struct errinfo *e)
{
	struct buf b;
	const unsigned char *type, *p, *q;
	size_t typelen, plen, qlen;
	struct sshkey *k = NULL;
	int r;

	*out = NULL;
	if (n > SSHKEY_MAX_BLOB)
		return err_set(e, ERR_RANGE, "public key blob too large (%zu bytes)", n);
	buf_view(&b, blob, n);
	if (buf_get_string_direct(&b, &type, &typelen) != 0)
		return err_set(e, ERR_PARSE, "malformed public key blob");
	if (typelen == strlen(KEY_ED25519_NAME) && memcmp(type, KEY_ED25519_NAME, typelen) == 0) {
		if (buf_get_string_direct(&b, &p, &plen) != 0 || plen != 32) {
			r = err_set(e, ERR_PARSE, "malformed ssh-ed25519 public key");
			goto out;
		}
		k = key_new(SSHKEY_ED25519);
		memcpy(k->ed_pk, p, 32);
	} else if (typelen == strlen(KEY_ECDSA_NAME) && memcmp(type, KEY_ECDSA_NAME, typelen) == 0) {
		if (buf_get_string_direct(&b, &p, &plen) != 0 ||
		    buf_get_string_direct(&b, &q, &qlen) != 0) {
			r = err_set(e, ERR_PARSE, "malformed ecdsa public key");
			goto out;
		}
		if (plen != strlen(KEY_ECDSA_CURVE) || memcmp(p, KEY_ECDSA_CURVE, plen) != 0) {
			r = err_set(e, ERR_PARSE, "ecdsa public key: curve does not match key type");
			goto out;
		}
		if (!key_ec_point_ok(q, qlen)) {
			r = err_set(e, ERR_CRYPTO, "ecdsa public key: invalid curve point");
			goto out;
		}
		k = key_new(SSHKEY_ECDSA_P256);
		memcpy(k->ec_q, q, 65);
	} else if (typelen == strlen(KEY_RSA_NAME) && memcmp(type, KEY_RSA_NAME, typelen) == 0) {
		if (buf_get_mpint_direct(&b, &p, &plen) != 0 ||
		    buf_get_mpint_direct(&b, &q, &qlen) != 0) {
			r = err_set(e, ERR_PARSE, "malformed ssh-rsa public key");
			goto out;
		}
		k = key_new(SSHKEY_RSA);
		if ((r = key_rsa_set_public(k, q, qlen, p, plen, e)) != 0)
			goto out;
	} else {
		char name[64];
		size_t i, m = typelen < sizeof(name) - 1 ? typelen : sizeof(name) - 1;

		for (i = 0; i < m; i++)
			name[i] = (type[i] >= 0x20 && type[i] < 0x7f) ? (char)type[i] : '?';
		name[m] = '\0';
		r = err_set(e, ERR_UNSUPPORTED, "unsupported key type '%s'", name);
		goto out;
	}
	if (buf_avail(&b) != 0) {
		r = err_set(e, ERR_PARSE, "trailing data after %s public key", sshkey_type_name(k));
		goto out;
	}
	*out = k;
	k = NULL;
	r = 0;
out:
	sshkey_free(k);
	return r;
}

int
sshkey_to_blob(const struct sshkey *k, struct buf *out)
{
	int r;

	switch (k->type) {
	case SSHKEY_ED25519:
		if ((r = buf_put_cstring(out, KEY_ED25519_NAME)) != 0)
			return r;
		return buf_put_string(out, k->ed_pk, 32);
	case SSHKEY_ECDSA_P256:
		if ((r = buf_put_cstring(out, KEY_ECDSA_NAME)) != 0 ||
		    (r = buf_put_cstring(out, KEY_ECDSA_CURVE)) != 0)
			return r;
		return buf_put_string(out, k->ec_q, 65);
	case SSHKEY_RSA:
		if ((r = buf_put_cstring(out, KEY_RSA_NAME)) != 0 ||
		    (r = buf_put_mpint(out, k->rsa_e, k->rsa_elen)) != 0)
			return r;
		return buf_put_mpint(out, k->rsa_n, k->rsa_nlen);
	default:
		return ERR_INVAL;
	}
}

int
sshkey_equal_public(const struct sshkey *a, const struct sshkey *b)
{
	if (a == NULL || b == NULL || a->type != b->type)
		return 0;
	switch (a->type) {
	case SSHKEY_ED25519:
		return memcmp(a->ed_pk, b->ed_pk, 32) == 0;
	case SSHKEY_ECDSA_P256:
		return memcmp(a->ec_q, b->ec_q, 65) == 0;
	case SSHKEY_RSA:
		return a->rsa_nlen == b->rsa_nlen && a->rsa_elen == b->rsa_elen &&
		    memcmp(a->rsa_n, b->rsa_n, a->rsa_nlen) == 0 &&
		    memcmp(a->rsa_e, b->rsa_e, a->rsa_elen) == 0;
	default:
		return 0;
	}
}

struct sshkey *
sshkey_dup_public(const struct sshkey *k)
{
	struct sshkey *c = key_new(k->type);

	memcpy(c->ed_pk, k->ed_pk, sizeof(c->ed_pk));
	memcpy(c->ec_q, k->ec_q, sizeof(c->ec_q));
	if (k->rsa_n != NULL) {
		c->rsa_n = xmemdup(k->rsa_n, k->rsa_nlen);
		c->rsa_nlen = k->rsa_nlen;
		c->rsa_e = xmemdup(k->rsa_e, k->rsa_elen);
		c->rsa_elen = k->rsa_elen;
		c->rsa_bits = k->rsa_bits;
	}
	if (k->comment != NULL)
		c->comment = xstrdup(k->comment);
	return c;
}

void
sshkey_fingerprint(const struct sshkey *k, struct str *out)
{
	struct buf b;
	br_sha256_context h;
	uint8_t dg[32];
	struct str s = STR_INIT;

	buf_init(&b, SSHKEY_MAX_BLOB);
	sshkey_to_blob(k, &b);
	br_sha256_init(&h);
	br_sha256_update(&h, buf_ptr(&b), buf_avail(&b));
	br_sha256_out(&h, dg);
	buf_release(&b);
	b64_encode(dg, sizeof(dg), &s);
	while (s.len > 0 && s.s[s.len - 1] == '=')
		str_truncate(&s, s.len - 1);
	str_adds(out, "SHA256:");
	str_add(out, str_cstr(&s), s.len);
	str_release(&s);
}

void
sshkey_to_public_line(const struct sshkey *k, struct str *out)
{
	struct buf b;

	buf_init(&b, SSHKEY_MAX_BLOB);
	sshkey_to_blob(k, &b);
	str_adds(out, sshkey_type_name(k));
	str_addch(out, ' ');
	b64_encode(buf_ptr(&b), buf_avail(&b), out);
	buf_release(&b);
	if (k->comment != NULL && k->comment[0] != '\0') {
		str_addch(out, ' ');
		str_adds(out, k->comment);
	}
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int
sshkey_parse_public_line(const char *line, struct sshkey **out, struct errinfo *e)
{
	const char *p = line, *type, *b64;
	size_t typelen, b64len;
	struct buf blob;
	struct sshkey *k = NULL;
	int r;

	*out = NULL;
	while (is_space((unsigned char)*p))
		p++;
	type = p;
	while (*p && !is_space((unsigned char)*p))
		p++;
	typelen = (size_t)(p - type);
	while (is_space((unsigned char)*p))
		p++;
	b64 = p;
	while (*p && !is_space((unsigned char)*p))
		p++;
	b64len = (size_t)(p - b64);
	if (typelen == 0 || b64len == 0)
		return err_set(e, ERR_PARSE, "expected \"keytype base64-key [comment]\"");
	if (b64len > (SSHKEY_MAX_BLOB / 3 + 1) * 4)
		return err_set(e, ERR_RANGE, "public key too large");
	buf_init(&blob, SSHKEY_MAX_BLOB);
	if (b64_decode(b64, b64len, &blob, 0) != 0) {
		r = err_set(e, ERR_PARSE, "bad base64 in public key");
		goto out;
	}
	if ((r = sshkey_from_blob(buf_ptr(&blob), buf_avail(&blob), &k, e)) != 0)
		goto out;
	if (strlen(sshkey_type_name(k)) != typelen ||
	    memcmp(sshkey_type_name(k), type, typelen) != 0) {
		r = err_set(e, ERR_PARSE, "key type '%.*s' does not match the encoded %s key",
		    (int)(typelen > 64 ? 64 : typelen), type, sshkey_type_name(k));
		goto out;
	}
	while (is_space((unsigned char)*p))
		p++;
	if (*p) {
		size_t cl = strlen(p);

		while (cl > 0 && is_space((unsigned char)p[cl - 1]))
			cl--;
		k->comment = xstrndup(p, cl);
	}
	*out = k;
	k = NULL;
out:
	sshkey_free(k);
	buf_release(&blob);
	return r;
}

int
sshkey_load_public(const char *path, struct sshkey **out, struct errinfo *e)
{
	struct str data = STR_INIT;
	char *save = NULL, *line;
	int r;

	*out = NULL;
	if ((r = fs_read_file(path, SSHKEY_MAX_FILE, &data, e)) != 0)
		goto out;
	r = err_set(e, ERR_PARSE, "%s: no public key found", path);
	for (line = strtok_r(data.s ? data.s : (char *)"", "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		const char *p = line;

		while (is_space((unsigned char)*p))
			p++;
		if (*p == '\0' || *p == '#')
			continue;
		if ((r = sshkey_parse_public_line(p, out, e)) != 0)
			err_prefix(e, "%s", path);
		break;
	}
out:
	str_release(&data);
	return r;
}

/* ---- signatures ---- */

struct sigalg {
	const char		*name;
	enum sshkey_type	 type;
	const br_hash_class	*hash;
	const unsigned char	*oid;
	size_t			 hlen;
};

static const struct sigalg sigalgs[] = {
	{ "ssh-ed25519", SSHKEY_ED25519, NULL, NULL, 0 },
	{ "ecdsa-sha2-nistp256", SSHKEY_ECDSA_P256, &br_sha256_vtable, NULL, 32 },
	{ "rsa-sha2-512", SSHKEY_RSA, &br_sha512_vtable, BR_HASH_OID_SHA512, 64 },
	{ "rsa-sha2-256", SSHKEY_RSA, &br_sha256_vtable, BR_HASH_OID_SHA256, 32 },
	{ "ssh-rsa", SSHKEY_RSA, &br_sha1_vtable, BR_HASH_OID_SHA1, 20 },
};

static const struct sigalg *
sigalg_find(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(sigalgs) / sizeof(sigalgs[0]); i++)
		if (strlen(sigalgs[i].name) == n && memcmp(sigalgs[i].name, name, n) == 0)
			return &sigalgs[i];
	return NULL;
}

int
sshkey_sig_alg_ok(const struct sshkey *k, const char *alg)
{
	const struct sigalg *a = sigalg_find(alg, strlen(alg));

	return a != NULL && a->type == k->type;
}

static void
hash_data(const br_hash_class *hc, const uint8_t *data, size_t n, uint8_t *out)
{
	br_hash_compat_context ctx;

	hc->init(&ctx.vtable);
	hc->update(&ctx.vtable, data, n);
	hc->out(&ctx.vtable, out);
}

static int
verify_ecdsa(const struct sshkey *k, const uint8_t *sig, size_t siglen, const uint8_t *data,
    size_t n, struct errinfo *e)
{
	struct buf b;
	const unsigned char *rp, *sp;
	size_t rl, sl;
	uint8_t raw[64], h[32];
	br_ec_public_key pk;

	buf_view(&b, sig, siglen);
	if (buf_get_mpint_direct(&b, &rp, &rl) != 0 || buf_get_mpint_direct(&b, &sp, &sl) != 0 ||
	    buf_avail(&b) != 0)
		return err_set(e, ERR_PARSE, "malformed ecdsa signature");
	if (rl == 0 || sl == 0 || rl > 32 || sl > 32)
		return err_set(e, ERR_CRYPTO, "ecdsa signature out of range");
	memset(raw, 0, sizeof(raw));
	memcpy(raw + 32 - rl, rp, rl);
	memcpy(raw + 64 - sl, sp, sl);
	hash_data(&br_sha256_vtable, data, n, h);
	pk.curve = BR_EC_secp256r1;
	pk.q = (unsigned char *)(uintptr_t)k->ec_q;
	pk.qlen = 65;
	if (br_ecdsa_i31_vrfy_raw(&br_ec_p256_m31, h, 32, &pk, raw, 64) != 1)
		return err_set(e, ERR_CRYPTO, "ecdsa signature verification failed");
	return 0;
}

static int
verify_rsa(const struct sshkey *k, const struct sigalg *a, const uint8_t *sig, size_t siglen,
    const uint8_t *data, size_t n, struct errinfo *e)
{
	br_rsa_public_key pk;
	uint8_t *x = NULL, h[64], rec[64];
	int r = 0;

	if (k->rsa_bits > KEY_RSA_BR_MAX_BITS)
		return err_set(e, ERR_UNSUPPORTED, "rsa keys over %d bits are not supported (%u bits)",
		    KEY_RSA_BR_MAX_BITS, k->rsa_bits);
	/* Shorter signatures are left-padded as OpenSSH does; longer are invalid. */
	if (siglen == 0 || siglen > k->rsa_nlen)
		return err_set(e, ERR_CRYPTO, "rsa signature has the wrong length");
	x = xcalloc(1, k->rsa_nlen);
	memcpy(x + k->rsa_nlen - siglen, sig, siglen);
	hash_data(a->hash, data, n, h);
	pk.n = k->rsa_n;
	pk.nlen = k->rsa_nlen;
	pk.e = k->rsa_e;
	pk.elen = k->rsa_elen;
	if (br_rsa_pkcs1_vrfy_get_default()(x, k->rsa_nlen, a->oid, a->hlen, &pk, rec) != 1 ||
	    ct_memcmp(rec, h, a->hlen) != 0)
		r = err_set(e, ERR_CRYPTO, "%s signature verification failed", a->name);
	free(x);
	return r;
}

int
sshkey_verify(const struct sshkey *k, const uint8_t *sig, size_t siglen, const uint8_t *data,
    size_t datalen, const char *alg, struct errinfo *e)
{
	struct buf b;
	const unsigned char *name, *s;
	size_t namelen, slen;
	const struct sigalg *a;

	if (siglen > SSHKEY_MAX_BLOB)
		return err_set(e, ERR_RANGE, "signature too large");
	buf_view(&b, sig, siglen);
	if (buf_get_string_direct(&b, &name, &namelen) != 0 ||
	    buf_get_string_direct(&b, &s, &slen) != 0 || buf_avail(&b) != 0)
		return err_set(e, ERR_PARSE, "malformed signature blob");
	a = sigalg_find((const char *)name, namelen);
	if (a == NULL || a->type != k->type)
		return err_set(e, ERR_CRYPTO, "signature algorithm '%.*s' does not fit a %s key",
		    (int)(namelen > 64 ? 64 : namelen), (const char *)name, sshkey_type_name(k));
	if (alg != NULL && strcmp(alg, a->name) != 0)
		return err_set(e, ERR_CRYPTO, "signature uses %s, expected %s", a->name, alg);
	switch (k->type) {
	case SSHKEY_ED25519:
		if (slen != ED25519_SIG_LEN)
			return err_set(e, ERR_PARSE, "malformed ssh-ed25519 signature");
		if (ed25519_verify(s, data, datalen, k->ed_pk) != 0)
			return err_set(e, ERR_CRYPTO, "ssh-ed25519 signature verification failed");
		return 0;
	case SSHKEY_ECDSA_P256:
		return verify_ecdsa(k, s, slen, data, datalen, e);
	case SSHKEY_RSA:
		return verify_rsa(k, a, s, slen, data, datalen, e);
	default:
		return err_set(e, ERR_INVAL, "unknown key type");
	}
}

int
sshkey_sign(const struct sshkey *k, const char *alg, const uint8_t *data, size_t n,
    struct buf *out, struct errinfo *e)
{
	const struct sigalg *a;
	uint8_t h[64], sig[KEY_RSA_BR_MAX_BITS / 8];
	struct buf inner;
	size_t siglen = 0;
	int r = 0;

	buf_init(&inner, 256);
	if (!k->priv)
		return err_set(e, ERR_INVAL, "%s key has no private part", sshkey_type_name(k));
	if (alg == NULL)
		alg = k->type == SSHKEY_RSA ? "rsa-sha2-512" : sshkey_type_name(k);
	a = sigalg_find(alg, strlen(alg));
	if (a == NULL || a->type != k->type)
		return err_set(e, ERR_INVAL, "cannot sign with %s using a %s key", alg,
		    sshkey_type_name(k));
	switch (k->type) {
	case SSHKEY_ED25519:
		ed25519_sign(sig, data, n, k->ed_seed, k->ed_pk);
		siglen = ED25519_SIG_LEN;
		break;
	case SSHKEY_ECDSA_P256: {
		br_ec_private_key sk;

		sk.curve = BR_EC_secp256r1;
		sk.x = (unsigned char *)(uintptr_t)k->ec_d;
		sk.xlen = 32;
		hash_data(&br_sha256_vtable, data, n, h);
		/* RFC 6979 deterministic nonce inside BearSSL: no RNG needed. */
		if (br_ecdsa_i31_sign_raw(&br_ec_p256_m31, &br_sha256_vtable, h, &sk, sig) != 64) {
			r = err_set(e, ERR_CRYPTO, "ecdsa signing failed");
			goto out;
		}
		if ((r = buf_put_mpint(&inner, sig, 32)) != 0 ||
		    (r = buf_put_mpint(&inner, sig + 32, 32)) != 0)
			goto out;
		break;
	}
	case SSHKEY_RSA: {
		br_rsa_private_key sk;

		if (strcmp(a->name, "ssh-rsa") == 0) {
			r = err_set(e, ERR_UNSUPPORTED, "ssh-rsa (SHA-1) signatures are not produced; "
			    "the server must accept rsa-sha2-256 or rsa-sha2-512");
			goto out;
		}
		if (k->rsa_bits > KEY_RSA_BR_MAX_BITS) {
			r = err_set(e, ERR_UNSUPPORTED, "rsa keys over %d bits are not supported",
			    KEY_RSA_BR_MAX_BITS);
			goto out;
		}
		rsa_sk(k, &sk);
		hash_data(a->hash, data, n, h);
		if (br_rsa_pkcs1_sign_get_default()(a->oid, h, a->hlen, &sk, sig) != 1) {
			r = err_set(e, ERR_CRYPTO, "rsa signing failed");
			goto out;
		}
		siglen = k->rsa_nlen;
		break;
	}
	default:
		r = err_set(e, ERR_INVAL, "unknown key type");
		goto out;
	}
	if ((r = buf_put_cstring(out, a->name)) != 0)
		goto out;
	if (k->type == SSHKEY_ECDSA_P256)
		r = buf_put_string(out, buf_ptr(&inner), buf_avail(&inner));
	else
		r = buf_put_string(out, sig, siglen);
out:
	wipe(h, sizeof(h));
	wipe(sig, sizeof(sig));
	buf_release(&inner);
	return r;
}
