/*
 * key: public blobs, signatures, fingerprints, private key files — checked
 * against keys written by the real ssh-keygen (every format it can write, with
 * and without a passphrase) and, for signatures, against `ssh-keygen -Y`.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/enc.h"
#include "core/err.h"
#include "core/str.h"
#include "harness.h"
#include "ssh/key.h"
#include "ssh/asn1.h"
#include "ssh/key_int.h"
#include "ssh/pem.h"
#include "sshtest.h"

/* An unencrypted OpenSSH-format key of each type, generated once per run. */
static const char *
fixture(const char *type)
{
	static char paths[3][600];
	int i = strcmp(type, "ed25519") == 0 ? 0 : strcmp(type, "ecdsa") == 0 ? 1 : 2;

	if (!paths[i][0]) {
		snprintf(paths[i], sizeof(paths[i]), "%s/%s", sshtest_dir("keys"), type);
		if (sh(NULL, "ssh-keygen -q -t %s %s -N '' -C 'test %s key' -f '%s' </dev/null",
		    type, i == 1 ? "-b 256" : i == 2 ? "-b 2048" : "", type, paths[i]) != 0)
			paths[i][0] = '\0';
	}
	return paths[i][0] ? paths[i] : NULL;
}

/*
 * A copy of the fixture rewritten by `ssh-keygen -p` in format fmt ("RFC4716"
 * = OpenSSH's own, "PEM", "PKCS8"), with passphrase pass ("" = none), cipher
 * (-Z, NULL = default).
 */
static const char *
variant(char *path, size_t pathn, const char *type, const char *fmt, const char *pass,
    const char *cipher)
{
	const char *base = fixture(type);

	if (base == NULL)
		return NULL;
	snprintf(path, pathn, "%s-%s-%s-%s", base, fmt, pass[0] ? "pw" : "nopw",
	    cipher ? cipher : "default");
	if (sh(NULL, "cp '%s' '%s' && chmod 600 '%s' && ssh-keygen -q -p -f '%s' -P '' -N '%s' "
	    "-m %s %s%s -a 2 </dev/null", base, path, path, path, pass, fmt,
	    cipher ? "-Z " : "", cipher ? cipher : "") != 0)
		return NULL;
	return path;
}

/* First two fields ("type base64") of a public key line. */
static void
two_fields(const char *line, struct str *out)
{
	const char *sp = strchr(line, ' ');

	str_reset(out);
	if (sp == NULL) {
		str_adds(out, line);
		return;
	}
	sp = strchr(sp + 1, ' ');
	str_add(out, line, sp ? (size_t)(sp - line) : strlen(line));
}

/* Loads path with pass and checks the public key equals `ssh-keygen -y`. */
static int
load_and_compare(struct test_ctx *t__, const char *path, const char *pass, const char *type_name)
{
	struct sshkey *k = NULL;
	struct errinfo e;
	struct str mine = STR_INIT, theirs = STR_INIT, tmp = STR_INIT;
	int needs = -1, ok = 0;

	err_clear(&e);
	if (sshkey_load_private(path, pass[0] ? pass : NULL, &k, &needs, &e) != 0) {
		harness_fail(t__, __FILE__, __LINE__, "load %s: %s", path, e.msg);
		goto out;
	}
	if (!sshkey_has_private(k) || strcmp(sshkey_type_name(k), type_name) != 0) {
		harness_fail(t__, __FILE__, __LINE__, "%s: wrong type %s", path, sshkey_type_name(k));
		goto out;
	}
	sshkey_to_public_line(k, &tmp);
	two_fields(str_cstr(&tmp), &mine);
	str_reset(&tmp);
	if (sh(&tmp, "ssh-keygen -y -f '%s' -P '%s'", path, pass) != 0) {
		harness_fail(t__, __FILE__, __LINE__, "ssh-keygen -y %s failed", path);
		goto out;
	}
	two_fields(str_cstr(&tmp), &theirs);
	if (strcmp(str_cstr(&mine), str_cstr(&theirs)) != 0) {
		harness_fail(t__, __FILE__, __LINE__, "%s: public key differs:\n  ours   %s\n  theirs %s",
		    path, str_cstr(&mine), str_cstr(&theirs));
		goto out;
	}
	/* The key signs, and the signature verifies. */
	{
		struct buf sig;
		static const uint8_t msg[] = "hello";

		buf_init(&sig, 0);
		if (sshkey_sign(k, NULL, msg, 5, &sig, &e) != 0 ||
		    sshkey_verify(k, buf_ptr(&sig), buf_avail(&sig), msg, 5, NULL, &e) != 0) {
			harness_fail(t__, __FILE__, __LINE__, "%s: sign/verify: %s", path, e.msg);
			buf_release(&sig);
			goto out;
		}
		buf_release(&sig);
	}
	ok = 1;
out:
	sshkey_free(k);
	str_release(&mine);
	str_release(&theirs);
	str_release(&tmp);
	return ok;
}

#define LOAD_OK(path, pass, name) do { if (!load_and_compare(t__, (path), (pass), (name))) return; } while (0)

/* ---- arithmetic ---- */

TEST(key_bn_mod_matches_u64)
{
	uint64_t a, m, want, got;
	uint8_t ab[8], mb[4], out[4];
	int i, j;

	srand(7);
	for (i = 0; i < 2000; i++) {
		a = ((uint64_t)rand() << 40) ^ ((uint64_t)rand() << 20) ^ (uint64_t)rand();
		m = ((uint64_t)rand() << 16 ^ (uint64_t)rand()) & 0xffffffffu;
		m |= 0x80000000u >> (i % 24);	/* leading byte non-zero for most */
		m &= 0xffffffffu;
		for (j = 0; j < 8; j++)
			ab[j] = (uint8_t)(a >> (56 - 8 * j));
		for (j = 0; j < 4; j++)
			mb[j] = (uint8_t)(m >> (24 - 8 * j));
		if (mb[0] == 0)
			continue;
		CHECK_OK(key_bn_mod(ab, 8, mb, 4, out));
		got = ((uint64_t)out[0] << 24) | ((uint64_t)out[1] << 16) | ((uint64_t)out[2] << 8) | out[3];
		want = a % m;
		CHECK_EQ_INT(got, want);
	}
}

/* ---- public keys ---- */

TEST(key_public_line_roundtrip_and_fingerprint)
{
	static const char *types[] = { "ed25519", "ecdsa", "rsa" };
	size_t i;

	for (i = 0; i < 3; i++) {
		const char *base = fixture(types[i]);
		char pub[700];
		char *line;
		struct sshkey *k = NULL, *k2 = NULL;
		struct errinfo e;
		struct str s = STR_INIT, fp = STR_INIT, theirs = STR_INIT;
		struct buf blob;

		CHECK(base != NULL);
		snprintf(pub, sizeof(pub), "%s.pub", base);
		line = slurp(pub, NULL);
		CHECK(line != NULL);
		CHECK_OK(sshkey_parse_public_line(line, &k, &e));
		CHECK(!sshkey_has_private(k));
		CHECK_STR_EQ(sshkey_comment(k), types[i][0] == 'e' && types[i][1] == 'd' ?
		    "test ed25519 key" : i == 1 ? "test ecdsa key" : "test rsa key");
		sshkey_to_public_line(k, &s);
		str_addch(&s, '\n');
		CHECK_STR_EQ(str_cstr(&s), line);
		/* blob round trip */
		buf_init(&blob, 0);
		CHECK_OK(sshkey_to_blob(k, &blob));
		CHECK_OK(sshkey_from_blob(buf_ptr(&blob), buf_avail(&blob), &k2, &e));
		CHECK(sshkey_equal_public(k, k2));
		buf_release(&blob);
		/* fingerprint as ssh-keygen -l prints it */
		sshkey_fingerprint(k, &fp);
		CHECK_EQ_INT(sh(&theirs, "ssh-keygen -l -E sha256 -f '%s' | cut -d' ' -f2", pub), 0);
		CHECK_STR_EQ(str_cstr(&fp), str_cstr(&theirs));
		CHECK_EQ_INT(sshkey_bits(k), i == 2 ? 2048 : 256);
		/* load_public reads the same key */
		sshkey_free(k2);
		CHECK_OK(sshkey_load_public(pub, &k2, &e));
		CHECK(sshkey_equal_public(k, k2));
		sshkey_free(k);
		sshkey_free(k2);
		free(line);
		str_release(&s);
		str_release(&fp);
		str_release(&theirs);
	}
}

TEST(key_blob_rejects_malformed)
{
	struct sshkey *k = NULL;
	struct errinfo e;
	struct buf b;
	uint8_t q[65];

	/* truncated */
	CHECK(sshkey_from_blob((const uint8_t *)"\0\0\0\x0bssh-ed25519\0\0\0\x20", 19, &k, &e) != 0);
	CHECK(k == NULL);
	/* unknown type */
	buf_init(&b, 0);
	buf_put_cstring(&b, "ssh-dss");
	buf_put_string(&b, "x", 1);
	CHECK_EQ_INT(sshkey_from_blob(buf_ptr(&b), buf_avail(&b), &k, &e), ERR_UNSUPPORTED);
	CHECK(strstr(e.msg, "ssh-dss") != NULL);
	/* ed25519 with a short key */
	buf_reset(&b);
	buf_put_cstring(&b, "ssh-ed25519");
	buf_put_string(&b, "0123456789012345678901234567890", 31);
	CHECK_EQ_INT(sshkey_from_blob(buf_ptr(&b), buf_avail(&b), &k, &e), ERR_PARSE);
	/* trailing bytes */
	buf_reset(&b);
	buf_put_cstring(&b, "ssh-ed25519");
	buf_put_string(&b, "01234567890123456789012345678901", 32);
	buf_put_u8(&b, 0);
	CHECK_EQ_INT(sshkey_from_blob(buf_ptr(&b), buf_avail(&b), &k, &e), ERR_PARSE);
	/* ecdsa point not on the curve */
	memset(q, 0x11, sizeof(q));
	q[0] = 4;
	buf_reset(&b);
	buf_put_cstring(&b, "ecdsa-sha2-nistp256");
	buf_put_cstring(&b, "nistp256");
	buf_put_string(&b, q, 65);
	CHECK_EQ_INT(sshkey_from_blob(buf_ptr(&b), buf_avail(&b), &k, &e), ERR_CRYPTO);
	/* ecdsa curve name mismatch */
	buf_reset(&b);
	buf_put_cstring(&b, "ecdsa-sha2-nistp256");
	buf_put_cstring(&b, "nistp384");
	buf_put_string(&b, q, 65);
	CHECK_EQ_INT(sshkey_from_blob(buf_ptr(&b), buf_avail(&b), &k, &e), ERR_PARSE);
	/* rsa modulus below 1024 bits */
	{
		uint8_t n[64];

		memset(n, 0xff, sizeof(n));
		buf_reset(&b);
		buf_put_cstring(&b, "ssh-rsa");
		buf_put_mpint(&b, (const uint8_t *)"\x01\x00\x01", 3);
		buf_put_mpint(&b, n, sizeof(n));
		CHECK_EQ_INT(sshkey_from_blob(buf_ptr(&b), buf_avail(&b), &k, &e), ERR_CRYPTO);
		CHECK(strstr(e.msg, "too small") != NULL);
	}
	/* oversize */
	{
		uint8_t *big = calloc(1, SSHKEY_MAX_BLOB + 1);

		CHECK_EQ_INT(sshkey_from_blob(big, SSHKEY_MAX_BLOB + 1, &k, &e), ERR_RANGE);
		free(big);
	}
	/* public line whose type disagrees with the blob */
	{
		const char *base = fixture("ed25519");
		char pub[700], *line, *sp;
		struct str s = STR_INIT;

		CHECK(base != NULL);
		snprintf(pub, sizeof(pub), "%s.pub", base);
		line = slurp(pub, NULL);
		sp = strchr(line, ' ');
		str_adds(&s, "ssh-rsa");
		str_adds(&s, sp);
		CHECK_EQ_INT(sshkey_parse_public_line(str_cstr(&s), &k, &e), ERR_PARSE);
		CHECK_EQ_INT(sshkey_parse_public_line("ssh-ed25519", &k, &e), ERR_PARSE);
		CHECK_EQ_INT(sshkey_parse_public_line("ssh-ed25519 !!!!", &k, &e), ERR_PARSE);
		free(line);
		str_release(&s);
	}
	buf_release(&b);
}

/* ---- signatures ---- */

static struct sshkey *
load_fixture(const char *type)
{
	struct sshkey *k = NULL;
	const char *p = fixture(type);

	if (p == NULL || sshkey_load_private(p, NULL, &k, NULL, NULL) != 0)
		return NULL;
	return k;
}

TEST(key_sign_verify_all_algorithms)
{
	static const struct {
		const char *type, *alg;
	} cases[] = {
		{ "ed25519", NULL }, { "ed25519", "ssh-ed25519" },
		{ "ecdsa", NULL }, { "ecdsa", "ecdsa-sha2-nistp256" },
		{ "rsa", NULL }, { "rsa", "rsa-sha2-256" }, { "rsa", "rsa-sha2-512" },
	};
	static const uint8_t msg[] = "the exchange hash H";
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sshkey *k = load_fixture(cases[i].type), *pub;
		struct buf sig, bad;
		struct errinfo e;
		const char *alg;

		CHECK(k != NULL);
		pub = sshkey_dup_public(k);
		CHECK(!sshkey_has_private(pub));
		alg = cases[i].alg ? cases[i].alg : strcmp(cases[i].type, "rsa") == 0 ?
		    "rsa-sha2-512" : sshkey_type_name(k);
		buf_init(&sig, 0);
		CHECK_OK(sshkey_sign(k, cases[i].alg, msg, sizeof(msg), &sig, &e));
		CHECK_OK(sshkey_verify(pub, buf_ptr(&sig), buf_avail(&sig), msg, sizeof(msg), NULL, &e));
		CHECK_OK(sshkey_verify(pub, buf_ptr(&sig), buf_avail(&sig), msg, sizeof(msg), alg, &e));
		/* the wrong expected algorithm is refused */
		CHECK_EQ_INT(sshkey_verify(pub, buf_ptr(&sig), buf_avail(&sig), msg, sizeof(msg),
		    strcmp(alg, "rsa-sha2-512") == 0 ? "rsa-sha2-256" : "ssh-rsa", &e), ERR_CRYPTO);
		/* other data fails */
		CHECK_EQ_INT(sshkey_verify(pub, buf_ptr(&sig), buf_avail(&sig), msg, sizeof(msg) - 1,
		    NULL, &e), ERR_CRYPTO);
		/* a flipped bit in the signature fails */
		buf_init(&bad, 0);
		buf_put(&bad, buf_ptr(&sig), buf_avail(&sig));
		bad.d[bad.len - 3] ^= 0x40;
		CHECK(sshkey_verify(pub, buf_ptr(&bad), buf_avail(&bad), msg, sizeof(msg), NULL, &e) != 0);
		/* trailing garbage fails */
		buf_reset(&bad);
		buf_put(&bad, buf_ptr(&sig), buf_avail(&sig));
		buf_put_u8(&bad, 0);
		CHECK_EQ_INT(sshkey_verify(pub, buf_ptr(&bad), buf_avail(&bad), msg, sizeof(msg), NULL,
		    &e), ERR_PARSE);
		/* public keys cannot sign */
		CHECK(sshkey_sign(pub, NULL, msg, sizeof(msg), &bad, &e) != 0);
		buf_release(&bad);
		buf_release(&sig);
		sshkey_free(k);
		sshkey_free(pub);
	}
}

TEST(key_sign_refuses_wrong_algorithm)
{
	struct sshkey *ed = load_fixture("ed25519"), *rsa = load_fixture("rsa");
	struct buf sig;
	struct errinfo e;

	CHECK(ed != NULL && rsa != NULL);
	buf_init(&sig, 0);
	CHECK(sshkey_sign(ed, "rsa-sha2-256", (const uint8_t *)"x", 1, &sig, &e) != 0);
	CHECK_EQ_INT(sshkey_sign(rsa, "ssh-rsa", (const uint8_t *)"x", 1, &sig, &e), ERR_UNSUPPORTED);
	CHECK(sshkey_sig_alg_ok(rsa, "rsa-sha2-256"));
	CHECK(sshkey_sig_alg_ok(rsa, "ssh-rsa"));
	CHECK(!sshkey_sig_alg_ok(rsa, "ssh-ed25519"));
	CHECK(sshkey_sig_alg_ok(ed, "ssh-ed25519"));
	buf_release(&sig);
	sshkey_free(ed);
	sshkey_free(rsa);
}

TEST(key_rsa_short_signature_is_left_padded)
{
	/* Sign until the RSA signature has a leading zero byte (1 in 256), strip it. */
	struct sshkey *k = load_fixture("rsa");
	struct buf sig, shortsig;
	struct errinfo e;
	char msg[32];
	int i, found = 0;

	CHECK(k != NULL);
	buf_init(&sig, 0);
	buf_init(&shortsig, 0);
	for (i = 0; i < 3000 && !found; i++) {
		const unsigned char *name, *s;
		size_t namelen, slen;
		struct buf v;

		snprintf(msg, sizeof(msg), "m%d", i);
		buf_reset(&sig);
		CHECK_OK(sshkey_sign(k, "rsa-sha2-256", (const uint8_t *)msg, strlen(msg), &sig, &e));
		buf_view(&v, buf_ptr(&sig), buf_avail(&sig));
		CHECK_OK(buf_get_string_direct(&v, &name, &namelen));
		CHECK_OK(buf_get_string_direct(&v, &s, &slen));
		if (s[0] != 0)
			continue;
		found = 1;
		buf_put_cstring(&shortsig, "rsa-sha2-256");
		buf_put_string(&shortsig, s + 1, slen - 1);
		CHECK_OK(sshkey_verify(k, buf_ptr(&shortsig), buf_avail(&shortsig),
		    (const uint8_t *)msg, strlen(msg), "rsa-sha2-256", &e));
	}
	CHECK(found);
	buf_release(&sig);
	buf_release(&shortsig);
	sshkey_free(k);
}

/*
 * OpenSSH's SSHSIG container (PROTOCOL.sshsig): lets `ssh-keygen -Y` check our
 * signatures and produce signatures for us to check.
 *   signed data = "SSHSIG" string(namespace) string(reserved) string(hashalg) string(H(msg))
 *   blob = "SSHSIG" uint32(1) string(pubkey) string(namespace) string(reserved)
 *          string(hashalg) string(signature)
 */
static void
sshsig_signed_data(const char *ns, const uint8_t h512[64], struct buf *out)
{
	buf_put(out, "SSHSIG", 6);
	buf_put_cstring(out, ns);
	buf_put_string(out, "", 0);
	buf_put_cstring(out, "sha512");
	buf_put_string(out, h512, 64);
}

#include <bearssl.h>

static void
sha512(const void *p, size_t n, uint8_t out[64])
{
	br_sha512_context c;

	br_sha512_init(&c);
	br_sha512_update(&c, p, n);
	br_sha512_out(&c, out);
}

TEST(key_signatures_verified_by_ssh_keygen)
{
	static const char *types[] = { "ed25519", "ecdsa", "rsa" };
	static const char message[] = "deploy me\n";
	const char *dir = sshtest_dir("sshsig");
	size_t i;

	for (i = 0; i < 3; i++) {
		struct sshkey *k = load_fixture(types[i]);
		struct buf data, sig, blob;
		struct str publine = STR_INIT, armor = STR_INIT, b64 = STR_INIT;
		struct errinfo e;
		uint8_t h[64];
		char path[600];
		size_t j;

		CHECK(k != NULL);
		sha512(message, strlen(message), h);
		buf_init(&data, 0);
		buf_init(&sig, 0);
		buf_init(&blob, 0);
		sshsig_signed_data("file", h, &data);
		CHECK_OK(sshkey_sign(k, NULL, buf_ptr(&data), buf_avail(&data), &sig, &e));
		buf_put(&blob, "SSHSIG", 6);
		buf_put_u32(&blob, 1);
		{
			struct buf pb;

			buf_init(&pb, 0);
			sshkey_to_blob(k, &pb);
			buf_put_string(&blob, buf_ptr(&pb), buf_avail(&pb));
			buf_release(&pb);
		}
		buf_put_cstring(&blob, "file");
		buf_put_string(&blob, "", 0);
		buf_put_cstring(&blob, "sha512");
		buf_put_string(&blob, buf_ptr(&sig), buf_avail(&sig));
		b64_encode(buf_ptr(&blob), buf_avail(&blob), &b64);
		str_adds(&armor, "-----BEGIN SSH SIGNATURE-----\n");
		for (j = 0; j < b64.len; j += 76) {
			str_add(&armor, b64.s + j, b64.len - j < 76 ? b64.len - j : 76);
			str_addch(&armor, '\n');
		}
		str_adds(&armor, "-----END SSH SIGNATURE-----\n");
		snprintf(path, sizeof(path), "%s/%s.sig", dir, types[i]);
		CHECK_EQ_INT(spit(path, str_cstr(&armor), 0600), 0);
		sshkey_to_public_line(k, &publine);
		snprintf(path, sizeof(path), "%s/signers-%s", dir, types[i]);
		{
			struct str line = STR_INIT;

			str_addf(&line, "me@example.com %s\n", str_cstr(&publine));
			CHECK_EQ_INT(spit(path, str_cstr(&line), 0600), 0);
			str_release(&line);
		}
		CHECK_EQ_INT(sh(NULL, "printf 'deploy me\\n' | ssh-keygen -q -Y verify -f '%s' "
		    "-I me@example.com -n file -s '%s/%s.sig' >/dev/null 2>&1", path, dir, types[i]), 0);
		/* and a tampered message is refused by ssh-keygen */
		CHECK(sh(NULL, "printf 'deploy you\\n' | ssh-keygen -q -Y verify -f '%s' "
		    "-I me@example.com -n file -s '%s/%s.sig' >/dev/null 2>&1", path, dir, types[i]) != 0);
		buf_release(&data);
		buf_release(&sig);
		buf_release(&blob);
		str_release(&publine);
		str_release(&armor);
		str_release(&b64);
		sshkey_free(k);
	}
}

TEST(key_verifies_ssh_keygen_signatures)
{
	static const char *types[] = { "ed25519", "ecdsa", "rsa" };
	const char *dir = sshtest_dir("sshsig2");
	size_t i;

	for (i = 0; i < 3; i++) {
		const char *key = fixture(types[i]);
		char msgpath[600], sigpath[700];
		char *armor;
		struct buf blob, data;
		struct sshkey *k = NULL, *signer = NULL;
		const unsigned char *pk, *ns, *res, *halg, *sig;
		size_t pkl, nsl, resl, halgl, sigl;
		uint32_t ver;
		struct errinfo e;
		uint8_t h[64];
		char *b, *end;

		CHECK(key != NULL);
		snprintf(msgpath, sizeof(msgpath), "%s/msg-%s", dir, types[i]);
		CHECK_EQ_INT(spit(msgpath, "release 1.2.3\n", 0600), 0);
		CHECK_EQ_INT(sh(NULL, "ssh-keygen -q -Y sign -f '%s' -n file '%s' </dev/null >/dev/null 2>&1",
		    key, msgpath), 0);
		snprintf(sigpath, sizeof(sigpath), "%s.sig", msgpath);
		armor = slurp(sigpath, NULL);
		CHECK(armor != NULL);
		b = strstr(armor, "-----\n");
		CHECK(b != NULL);
		b += 6;
		end = strstr(b, "-----END");
		CHECK(end != NULL);
		buf_init(&blob, 0);
		CHECK_OK(b64_decode(b, (size_t)(end - b), &blob, 1));
		CHECK(buf_avail(&blob) > 6 && memcmp(buf_ptr(&blob), "SSHSIG", 6) == 0);
		buf_consume(&blob, 6);
		CHECK_OK(buf_get_u32(&blob, &ver));
		CHECK_OK(buf_get_string_direct(&blob, &pk, &pkl));
		CHECK_OK(buf_get_string_direct(&blob, &ns, &nsl));
		CHECK_OK(buf_get_string_direct(&blob, &res, &resl));
		CHECK_OK(buf_get_string_direct(&blob, &halg, &halgl));
		CHECK_OK(buf_get_string_direct(&blob, &sig, &sigl));
		CHECK(halgl == 6 && memcmp(halg, "sha512", 6) == 0);
		CHECK_OK(sshkey_from_blob(pk, pkl, &signer, &e));
		k = load_fixture(types[i]);
		CHECK(sshkey_equal_public(k, signer));
		sha512("release 1.2.3\n", 14, h);
		buf_init(&data, 0);
		sshsig_signed_data("file", h, &data);
		CHECK_OK(sshkey_verify(signer, sig, sigl, buf_ptr(&data), buf_avail(&data), NULL, &e));
		if (i == 2)	/* ssh-keygen signs SSHSIG with rsa-sha2-512 */
			CHECK_OK(sshkey_verify(signer, sig, sigl, buf_ptr(&data), buf_avail(&data),
			    "rsa-sha2-512", &e));
		/* a different message does not verify */
		sha512("release 1.2.4\n", 14, h);
		buf_reset(&data);
		sshsig_signed_data("file", h, &data);
		CHECK_EQ_INT(sshkey_verify(signer, sig, sigl, buf_ptr(&data), buf_avail(&data), NULL, &e),
		    ERR_CRYPTO);
		buf_release(&blob);
		buf_release(&data);
		sshkey_free(k);
		sshkey_free(signer);
		free(armor);
	}
}

/* ---- private key files ---- */

TEST(key_file_openssh_unencrypted)
{
	char p[800];

	LOAD_OK(fixture("ed25519"), "", "ssh-ed25519");
	LOAD_OK(fixture("ecdsa"), "", "ecdsa-sha2-nistp256");
	LOAD_OK(fixture("rsa"), "", "ssh-rsa");
	/* comment comes from the file */
	{
		struct sshkey *k = load_fixture("ed25519");

		CHECK(k != NULL);
		CHECK_STR_EQ(sshkey_comment(k), "test ed25519 key");
		sshkey_free(k);
	}
	(void)p;
}

TEST(key_file_openssh_encrypted_ciphers)
{
	static const char *types[] = { "ed25519", "ecdsa", "rsa" };
	static const char *names[] = { "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa" };
	static const char *ciphers[] = { NULL, "aes256-ctr", "aes256-cbc", "aes128-ctr",
		"aes192-ctr", "aes128-cbc", "aes256-gcm@openssh.com", "aes128-gcm@openssh.com" };
	size_t i, j;
	char p[800];

	for (i = 0; i < 3; i++) {
		for (j = 0; j < sizeof(ciphers) / sizeof(ciphers[0]); j++) {
			if (i == 2 && j > 3)
				continue;	/* rsa: the main ones suffice */
			CHECK(variant(p, sizeof(p), types[i], "RFC4716", "s3cret pass", ciphers[j]) != NULL);
			LOAD_OK(p, "s3cret pass", names[i]);
		}
	}
}

TEST(key_file_passphrase_errors)
{
	char p[800];
	struct sshkey *k = NULL;
	struct errinfo e;
	int needs = 0;

	CHECK(variant(p, sizeof(p), "ed25519", "RFC4716", "right", NULL) != NULL);
	CHECK_EQ_INT(sshkey_load_private(p, NULL, &k, &needs, &e), ERR_AUTH);
	CHECK_EQ_INT(needs, 1);
	CHECK(k == NULL);
	CHECK(strstr(e.msg, p) != NULL);
	needs = 0;
	CHECK_EQ_INT(sshkey_load_private(p, "", &k, &needs, &e), ERR_AUTH);
	CHECK_EQ_INT(needs, 1);
	needs = 0;
	CHECK_EQ_INT(sshkey_load_private(p, "wrong", &k, &needs, &e), ERR_AUTH);
	CHECK_EQ_INT(needs, 1);
	CHECK(strstr(e.msg, "incorrect passphrase") != NULL);
	/* the same for GCM (tag check) and for PEM/PKCS#8 */
	CHECK(variant(p, sizeof(p), "ecdsa", "RFC4716", "right", "aes256-gcm@openssh.com") != NULL);
	CHECK_EQ_INT(sshkey_load_private(p, "wrong", &k, &needs, &e), ERR_AUTH);
	CHECK(variant(p, sizeof(p), "ecdsa", "PEM", "right", NULL) != NULL);
	needs = 0;
	CHECK_EQ_INT(sshkey_load_private(p, NULL, &k, &needs, &e), ERR_AUTH);
	CHECK_EQ_INT(needs, 1);
	CHECK_EQ_INT(sshkey_load_private(p, "wrong", &k, &needs, &e), ERR_AUTH);
	CHECK(variant(p, sizeof(p), "rsa", "PKCS8", "right", NULL) != NULL);
	CHECK_EQ_INT(sshkey_load_private(p, NULL, &k, &needs, &e), ERR_AUTH);
	CHECK_EQ_INT(sshkey_load_private(p, "wrong", &k, &needs, &e), ERR_AUTH);
	CHECK(k == NULL);
}

TEST(key_file_pem_and_pkcs8)
{
	static const char *types[] = { "ecdsa", "rsa" };
	static const char *names[] = { "ecdsa-sha2-nistp256", "ssh-rsa" };
	static const char *fmts[] = { "PEM", "PKCS8" };
	size_t i, j;
	char p[800];

	for (i = 0; i < 2; i++) {
		for (j = 0; j < 2; j++) {
			char *text;

			CHECK(variant(p, sizeof(p), types[i], fmts[j], "", NULL) != NULL);
			text = slurp(p, NULL);
			CHECK(text != NULL);
			CHECK(strstr(text, j == 0 ? (i == 0 ? "BEGIN EC PRIVATE KEY" :
			    "BEGIN RSA PRIVATE KEY") : "BEGIN PRIVATE KEY") != NULL);
			free(text);
			LOAD_OK(p, "", names[i]);
			CHECK(variant(p, sizeof(p), types[i], fmts[j], "pem pass", NULL) != NULL);
			text = slurp(p, NULL);
			CHECK(text != NULL);
			CHECK(strstr(text, j == 0 ? "Proc-Type: 4,ENCRYPTED" :
			    "BEGIN ENCRYPTED PRIVATE KEY") != NULL);
			free(text);
			LOAD_OK(p, "pem pass", names[i]);
		}
	}
}

TEST(key_file_openssl_variants)
{
	/* Formats ssh-keygen does not write but users have: made by openssl(1). */
	const char *dir = sshtest_dir("openssl");
	const char *rsa = fixture("rsa"), *ec = fixture("ecdsa");
	char p[800], q[800];

	CHECK(rsa != NULL && ec != NULL);
	/* Ed25519 PKCS#8 (RFC 8410) */
	snprintf(p, sizeof(p), "%s/ed25519.p8", dir);
	CHECK_EQ_INT(sh(NULL, "openssl genpkey -algorithm ed25519 -out '%s' 2>/dev/null && chmod 600 '%s'",
	    p, p), 0);
	{
		/* ssh-keygen cannot read these; openssl gives the raw public key (RFC 8410 §4) */
		struct sshkey *k = NULL;
		struct errinfo e;
		struct str hex = STR_INIT, theirs = STR_INIT;
		struct buf blob;

		CHECK_OK(sshkey_load_private(p, NULL, &k, NULL, &e));
		buf_init(&blob, 0);
		sshkey_to_blob(k, &blob);
		hex_encode(buf_ptr(&blob) + buf_avail(&blob) - 32, 32, &hex);
		CHECK_EQ_INT(sh(&theirs, "openssl pkey -in '%s' -pubout -outform DER | tail -c 32 | "
		    "od -An -tx1 | tr -d ' \\n'", p), 0);
		CHECK_STR_EQ(str_cstr(&hex), str_cstr(&theirs));
		buf_release(&blob);
		str_release(&hex);
		str_release(&theirs);
		sshkey_free(k);
	}
	/* legacy PEM with DES-EDE3-CBC and AES-256-CBC */
	CHECK(variant(q, sizeof(q), "rsa", "PEM", "", NULL) != NULL);
	snprintf(p, sizeof(p), "%s/rsa-des3.pem", dir);
	CHECK_EQ_INT(sh(NULL, "openssl rsa -traditional -des3 -passout pass:tripledes -in '%s' -out '%s' "
	    "2>/dev/null && chmod 600 '%s'", q, p, p), 0);
	LOAD_OK(p, "tripledes", "ssh-rsa");
	CHECK(variant(q, sizeof(q), "ecdsa", "PEM", "", NULL) != NULL);
	snprintf(p, sizeof(p), "%s/ec-aes256.pem", dir);
	CHECK_EQ_INT(sh(NULL, "openssl ec -aes256 -passout pass:ecpass -in '%s' -out '%s' 2>/dev/null && "
	    "chmod 600 '%s'", q, p, p), 0);
	LOAD_OK(p, "ecpass", "ecdsa-sha2-nistp256");
	/* PKCS#8 PBES2 with HMAC-SHA512 + AES-128-CBC, and SEC1 without the public key */
	snprintf(p, sizeof(p), "%s/ec-p8-sha512.pem", dir);
	CHECK_EQ_INT(sh(NULL, "openssl pkcs8 -topk8 -v2 aes128 -v2prf hmacWithSHA512 -passout pass:p8 "
	    "-in '%s' -out '%s' 2>/dev/null && chmod 600 '%s'", q, p, p), 0);
	LOAD_OK(p, "p8", "ecdsa-sha2-nistp256");
	snprintf(p, sizeof(p), "%s/ec-nopub.pem", dir);
	CHECK_EQ_INT(sh(NULL, "openssl ec -no_public -in '%s' -out '%s' 2>/dev/null && chmod 600 '%s'",
	    q, p, p), 0);
	LOAD_OK(p, "", "ecdsa-sha2-nistp256");
	/* a P-384 key is refused as unsupported, not as garbage */
	{
		struct sshkey *k = NULL;
		struct errinfo e;

		snprintf(p, sizeof(p), "%s/p384.pem", dir);
		CHECK_EQ_INT(sh(NULL, "openssl ecparam -name secp384r1 -genkey -noout -out '%s' 2>/dev/null "
		    "&& chmod 600 '%s'", p, p), 0);
		CHECK_EQ_INT(sshkey_load_private(p, NULL, &k, NULL, &e), ERR_UNSUPPORTED);
	}
}

TEST(key_file_ecdsa384_openssh_unsupported)
{
	const char *dir = sshtest_dir("keys");
	char p[600];
	struct sshkey *k = NULL;
	struct errinfo e;

	snprintf(p, sizeof(p), "%s/ecdsa384", dir);
	CHECK_EQ_INT(sh(NULL, "ssh-keygen -q -t ecdsa -b 384 -N '' -f '%s' </dev/null", p), 0);
	CHECK_EQ_INT(sshkey_load_private(p, NULL, &k, NULL, &e), ERR_UNSUPPORTED);
	CHECK(strstr(e.msg, "ecdsa-sha2-nistp384") != NULL);
}

TEST(key_file_permissions_refused)
{
	const char *base = fixture("ed25519");
	char p[700];
	struct sshkey *k = NULL;
	struct errinfo e;

	CHECK(base != NULL);
	snprintf(p, sizeof(p), "%s-open", base);
	CHECK_EQ_INT(sh(NULL, "cp '%s' '%s' && chmod 644 '%s'", base, p, p), 0);
	CHECK_EQ_INT(sshkey_load_private(p, NULL, &k, NULL, &e), ERR_CONFIG);
	CHECK(k == NULL);
	CHECK(strstr(e.msg, "UNPROTECTED PRIVATE KEY FILE") != NULL);
	CHECK(strstr(e.msg, "0644") != NULL);
	CHECK(strstr(e.msg, p) != NULL);
	CHECK_EQ_INT(sh(NULL, "chmod 640 '%s'", p), 0);
	CHECK_EQ_INT(sshkey_load_private(p, NULL, &k, NULL, &e), ERR_CONFIG);
	CHECK_EQ_INT(sh(NULL, "chmod 400 '%s'", p), 0);
	CHECK_OK(sshkey_load_private(p, NULL, &k, NULL, &e));
	sshkey_free(k);
	/* absent file */
	snprintf(p, sizeof(p), "%s-nonexistent", base);
	CHECK_EQ_INT(sshkey_load_private(p, NULL, &k, NULL, &e), ERR_NOTFOUND);
}

TEST(key_file_corruptions)
{
	const char *base = fixture("ed25519");
	char *text;
	size_t n;
	struct sshkey *k = NULL;
	struct errinfo e;

	CHECK(base != NULL);
	text = slurp(base, &n);
	CHECK(text != NULL);
	/* truncated armor */
	CHECK(sshkey_parse_private((const uint8_t *)text, n / 2, NULL, &k, NULL, &e) != 0);
	/* not a key at all */
	CHECK_EQ_INT(sshkey_parse_private((const uint8_t *)"hello\n", 6, NULL, &k, NULL, &e), ERR_PARSE);
	/* DSA is refused as unsupported */
	CHECK_EQ_INT(sshkey_parse_private((const uint8_t *)
	    "-----BEGIN DSA PRIVATE KEY-----\nAAAA\n-----END DSA PRIVATE KEY-----\n", 66, NULL, &k,
	    NULL, &e), ERR_UNSUPPORTED);
	/* flip one base64 character in the middle of the private section */
	{
		char *mid = text + n / 2;

		while (*mid == '\n' || *mid == 'A')
			mid++;
		*mid = *mid == 'B' ? 'C' : 'B';
		CHECK(sshkey_parse_private((const uint8_t *)text, n, NULL, &k, NULL, &e) != 0);
		CHECK(k == NULL);
	}
	free(text);
}

TEST(key_file_inconsistent_rsa_refused)
{
	/*
	 * A PKCS#1 key whose dp has one bit flipped: p*q still equals n, but
	 * CRT signatures would be wrong (and could leak a factor).
	 */
	const char *dir = sshtest_dir("keys");
	char src[800], bad[800];
	struct sshkey *k = NULL;
	struct errinfo e;
	struct pem pem;
	struct asn1 c, seq, skip;
	struct str out = STR_INIT, b64 = STR_INIT;
	char *text;
	size_t n, i;
	uint8_t *der;

	CHECK(variant(src, sizeof(src), "rsa", "PEM", "", NULL) != NULL);
	text = slurp(src, &n);
	CHECK(text != NULL);
	pem_init(&pem);
	CHECK_OK(pem_decode(&pem, text, n, &e));
	der = pem.body.d + pem.body.off;
	asn1_init(&c, der, buf_avail(&pem.body));
	CHECK_OK(asn1_get(&c, ASN1_SEQUENCE, &seq));
	for (i = 0; i < 6; i++)	/* version, n, e, d, p, q */
		CHECK_OK(asn1_get(&seq, ASN1_INTEGER, &skip));
	CHECK_OK(asn1_get(&seq, ASN1_INTEGER, &skip));	/* dp */
	((uint8_t *)(uintptr_t)skip.p)[skip.n - 1] ^= 0x02;
	b64_encode(der, buf_avail(&pem.body), &b64);
	str_adds(&out, "-----BEGIN RSA PRIVATE KEY-----\n");
	for (i = 0; i < b64.len; i += 64) {
		str_add(&out, b64.s + i, b64.len - i < 64 ? b64.len - i : 64);
		str_addch(&out, '\n');
	}
	str_adds(&out, "-----END RSA PRIVATE KEY-----\n");
	snprintf(bad, sizeof(bad), "%s/rsa-bad-dp.pem", dir);
	CHECK_EQ_INT(spit(bad, str_cstr(&out), 0600), 0);
	CHECK_EQ_INT(sshkey_load_private(bad, NULL, &k, NULL, &e), ERR_CRYPTO);
	CHECK(strstr(e.msg, "inconsistent") != NULL);
	CHECK(k == NULL);
	/* the unmodified text loads */
	CHECK_OK(sshkey_parse_private((const uint8_t *)text, n, NULL, &k, NULL, &e));
	sshkey_free(k);
	pem_release(&pem);
	str_release(&out);
	str_release(&b64);
	free(text);
}
