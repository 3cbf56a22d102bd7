/*
 * Registry helpers without a network: WWW-Authenticate, references, platform
 * matching, docker config credentials; trust anchors and the IP SAN walk over
 * a fixed test certificate.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/enc.h"
#include "core/err.h"
#include "core/fsutil.h"
#include "core/str.h"
#include "http/dockercfg.h"
#include "http/registry.h"
#include "http/tls.h"
#include "http/wwwauth.h"
#include "http/x509san.h"

/* A self-signed P-256 certificate made with openssl for these tests only:
 * CA:TRUE, SAN IP:127.0.0.1, IP:::1, DNS:localhost. */
static const char test_pem[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBwTCCAWigAwIBAgIUG1ya10jStHivtA+eZ7V4IpmeXSMwCgYIKoZIzj0EAwIw\n"
    "HzEdMBsGA1UEAwwUc2V4dGFudCB1bml0IHRlc3QgQ0EwHhcNMjYxMTI5MTEyMDE3\n"
    "WhcNMzYxMTI2MTEyMDE3WjAfMR0wGwYDVQQDDBRzZXh0YW50IHVuaXQgdGVzdCBD\n"
    "QTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABNBubiqI724dRPV5VB9k2JchivZr\n"
    "chGjhDeevhUQ0lz4PUcjVKnLa6j13vAN5+A7nT+K70NPQTDXDn7hAr1SqkqjgYEw\n"
    "fzAdBgNVHQ4EFgQU8xpTZVIajrpqwW8Z3zMUC5AdLzAwHwYDVR0jBBgwFoAU8xpT\n"
    "ZVIajrpqwW8Z3zMUC5AdLzAwDwYDVR0TAQH/BAUwAwEB/zAsBgNVHREEJTAjhwR/\n"
    "AAABhxAAAAAAAAAAAAAAAAAAAAABgglsb2NhbGhvc3QwCgYIKoZIzj0EAwIDRwAw\n"
    "RAIgUKjT+nxcLCE+S4F53awjUY8UejV0Qg8tvrwMk9g/hvsCIDMMk1GDPUcWS3Br\n"
    "IasVt2yF1CiO5w1KQJ5XuMLnWZav\n"
    "-----END CERTIFICATE-----\n";

TEST(http_wwwauth_registry_challenges)
{
	struct wwwauth w;
	const struct wwwauth_challenge *c;

	wwwauth_init(&w);
	CHECK_OK(wwwauth_parse(&w, "Bearer realm=\"https://auth.example/token\",service=\"reg\","
	    "scope=\"repository:team/app:pull\", error=\"insufficient_scope\"", NULL));
	CHECK_EQ_INT(w.n, 1);
	c = wwwauth_find(&w, "bearer");
	CHECK(c != NULL);
	CHECK_STR_EQ(wwwauth_param(c, "REALM"), "https://auth.example/token");
	CHECK_STR_EQ(wwwauth_param(c, "service"), "reg");
	CHECK_STR_EQ(wwwauth_param(c, "scope"), "repository:team/app:pull");
	CHECK_STR_EQ(wwwauth_param(c, "error"), "insufficient_scope");
	wwwauth_release(&w);
}

TEST(http_wwwauth_rfc9110_example_and_token68)
{
	struct wwwauth w;
	const struct wwwauth_challenge *c;

	wwwauth_init(&w);
	/* RFC 9110 §11.6.1's example, plus a token68 challenge. */
	CHECK_OK(wwwauth_parse(&w, "Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\"\", "
	    "Basic realm=\"simple\", Negotiate YII+abc==, Other", NULL));
	CHECK_EQ_INT(w.n, 4);
	c = wwwauth_find(&w, "Newauth");
	CHECK_EQ_INT(c->nparams, 3);
	CHECK_STR_EQ(wwwauth_param(c, "type"), "1");
	CHECK_STR_EQ(wwwauth_param(c, "title"), "Login to \"apps\"");
	CHECK_STR_EQ(wwwauth_param(wwwauth_find(&w, "basic"), "realm"), "simple");
	CHECK_STR_EQ(wwwauth_find(&w, "Negotiate")->token68, "YII+abc==");
	CHECK(wwwauth_find(&w, "Other") != NULL);
	wwwauth_release(&w);
	wwwauth_init(&w);
	CHECK_EQ_INT(wwwauth_parse(&w, "Bearer realm=\"unterminated", NULL), ERR_PARSE);
	wwwauth_release(&w);
	wwwauth_init(&w);
	CHECK_EQ_INT(wwwauth_parse(&w, "Basic realm=a b", NULL), ERR_PARSE);
	wwwauth_release(&w);
	wwwauth_init(&w);
	CHECK_EQ_INT(wwwauth_parse(&w, "A, B, C, D, E, F, G, H, I", NULL), ERR_RANGE);
	wwwauth_release(&w);
}

TEST(http_registry_references)
{
	char *s, *r, *ref;

	CHECK_OK(registry_parse_image("registry.example.com:5000/team/app:v1.2", &s, &r, &ref, NULL));
	CHECK_STR_EQ(s, "registry.example.com:5000");
	CHECK_STR_EQ(r, "team/app");
	CHECK_STR_EQ(ref, "v1.2");
	free(s), free(r), free(ref);
	CHECK_OK(registry_parse_image("localhost/app", &s, &r, &ref, NULL));
	CHECK_STR_EQ(s, "localhost");
	CHECK_STR_EQ(r, "app");
	CHECK_STR_EQ(ref, "latest");
	free(s), free(r), free(ref);
	CHECK_OK(registry_parse_image("user/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	    &s, &r, &ref, NULL));
	CHECK(s == NULL);
	CHECK_STR_EQ(r, "user/app");
	CHECK(strncmp(ref, "sha256:", 7) == 0);
	free(s), free(r), free(ref);
	CHECK_OK(registry_parse_image("nginx:1.27", &s, &r, &ref, NULL));
	CHECK_STR_EQ(r, "library/nginx");
	free(s), free(r), free(ref);
	CHECK_EQ_INT(registry_parse_image("Upper/app:v1", &s, &r, &ref, NULL), ERR_INVAL);
	CHECK_EQ_INT(registry_parse_image("app:../x", &s, &r, &ref, NULL), ERR_INVAL);
	CHECK(registry_valid_repo("a/b-c/d_e.f__g"));
	CHECK(!registry_valid_repo("a//b"));
	CHECK(!registry_valid_repo("../x"));
	CHECK(!registry_valid_repo("a/"));
	CHECK(!registry_valid_repo("a?b"));
	CHECK(registry_valid_ref("v1.0_rc-1"));
	CHECK(!registry_valid_ref("-v1"));
	CHECK(!registry_valid_ref("v1/../x"));
	CHECK(!registry_valid_ref("sha256:abc"));
	CHECK(!registry_valid_ref("sha256:zz0123456789abcdef0123456789abcdef"));
}

TEST(http_registry_platform_match)
{
	struct registry_platform amd = { "linux", "amd64", "", "" };
	struct registry_platform arm64 = { "linux", "arm64", "", "" };
	struct registry_platform arm64v8 = { "linux", "arm64", "v8", "" };
	struct registry_platform armv7 = { "linux", "arm", "v7", "" };
	struct registry_platform armv6 = { "linux", "arm", "v6", "" };
	struct registry_platform win = { "windows", "amd64", "", "" };

	CHECK(registry_platform_match("linux/amd64", &amd));
	CHECK(registry_platform_match("amd64", &amd));
	CHECK(registry_platform_match("x86_64", &amd));
	CHECK(!registry_platform_match("linux/amd64", &win));
	CHECK(registry_platform_match("arm64", &arm64v8));
	CHECK(registry_platform_match("linux/arm64/v8", &arm64));
	CHECK(registry_platform_match("linux/aarch64", &arm64));
	CHECK(!registry_platform_match("linux/arm64", &amd));
	CHECK(registry_platform_match("linux/arm/v7", &armv7));
	CHECK(!registry_platform_match("linux/arm/v7", &armv6));
	CHECK(registry_platform_match("linux/arm", &armv6));
}

static const char *
write_tmp(const char *name, const char *text)
{
	static char path[512];

	snprintf(path, sizeof(path), "%s/%s", harness_tmpdir(), name);
	if (fs_write_file(path, text, strlen(text), 0600, NULL) < 0)
		return NULL;
	return path;
}

TEST(http_dockercfg_auths)
{
	const char *p;
	char *u, *pw;
	struct errinfo e;

	/* "tester:s3:cret" and a hub entry. */
	p = write_tmp("cfg1.json", "{\"auths\": {\n"
	    "  \"https://reg.example:5000/v1/\": {\"auth\": \"dGVzdGVyOnMzOmNyZXQ=\"},\n"
	    "  \"https://index.docker.io/v1/\": {\"username\": \"hubuser\", \"password\": \"hubpw\"},\n"
	    "  \"other.example\": {\"auth\": \"bm9jb2xvbg==\"}\n"
	    "}, \"credHelpers\": {\"gcr.io\": \"gcloud\"}}");
	CHECK(p != NULL);
	CHECK_OK(dockercfg_lookup(p, "reg.example:5000", &u, &pw, NULL));
	CHECK_STR_EQ(u, "tester");
	CHECK_STR_EQ(pw, "s3:cret");
	free(u);
	free(pw);
	CHECK_OK(dockercfg_lookup(p, "docker.io", &u, &pw, NULL));
	CHECK_STR_EQ(u, "hubuser");
	CHECK_STR_EQ(pw, "hubpw");
	free(u);
	free(pw);
	CHECK_EQ_INT(dockercfg_lookup(p, "reg.example", &u, &pw, &e), ERR_NOTFOUND);
	CHECK_EQ_INT(dockercfg_lookup(p, "other.example", &u, &pw, &e), ERR_PARSE);
	CHECK(strstr(e.msg, "not base64 of user:password") != NULL);
	CHECK_EQ_INT(dockercfg_lookup(p, "gcr.io", &u, &pw, &e), ERR_NOTFOUND);
	CHECK(strstr(e.msg, "docker-credential-gcloud") != NULL);
	p = write_tmp("cfg2.json", "{\"auths\": {\"a\": {\"auth\": \"x\"}\n");
	CHECK_EQ_INT(dockercfg_lookup(p, "a", &u, &pw, &e), ERR_PARSE);
	CHECK(strstr(e.where, "cfg2.json:2:") != NULL);
	CHECK_EQ_INT(dockercfg_lookup("/nonexistent/config.json", "a", &u, &pw, &e), ERR_NOTFOUND);
}

TEST(http_tls_trust_from_pem)
{
	struct tls_trust t;
	struct str two = STR_INIT;
	struct errinfo e;

	tls_trust_init(&t);
	CHECK_EQ_INT(tls_trust_add_pem(&t, test_pem, strlen(test_pem), "test", NULL), 1);
	CHECK_EQ_INT(t.n, 1);
	CHECK(t.ta[0].flags & BR_X509_TA_CA);
	CHECK_EQ_INT(t.ta[0].pkey.key_type, BR_KEYTYPE_EC);
	CHECK_EQ_INT(t.ta[0].pkey.key.ec.qlen, 65);
	/* Other PEM objects are skipped; CRLF and no final newline are fine. */
	str_adds(&two, "junk before\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
	str_adds(&two, test_pem);
	str_truncate(&two, two.len - 1);
	CHECK_EQ_INT(tls_trust_add_pem(&t, two.s, two.len, "test2", NULL), 1);
	CHECK_EQ_INT(t.n, 2);
	str_reset(&two);
	str_adds(&two, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
	CHECK(tls_trust_add_pem(&t, two.s, two.len, "bad.pem", &e) < 0);
	CHECK(strstr(e.msg, "bad.pem: certificate #1") != NULL);
	tls_trust_release(&t);
	str_release(&two);
}

TEST(http_x509_ip_san)
{
	static const unsigned char lo4[4] = { 127, 0, 0, 1 }, other4[4] = { 127, 0, 0, 2 };
	static const unsigned char lo6[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
	const char *b = strstr(test_pem, "\n") + 1, *end = strstr(test_pem, "-----END");
	struct buf der;
	size_t i;

	buf_init(&der, 4096);
	CHECK_OK(b64_decode(b, (size_t)(end - b), &der, 1));
	CHECK(x509_san_has_ip(buf_ptr(&der), buf_avail(&der), lo4, 4));
	CHECK(x509_san_has_ip(buf_ptr(&der), buf_avail(&der), lo6, 16));
	CHECK(!x509_san_has_ip(buf_ptr(&der), buf_avail(&der), other4, 4));
	/* Every truncation is refused, never read past. */
	for (i = 0; i < buf_avail(&der); i++)
		CHECK(!x509_san_has_ip(buf_ptr(&der), i, lo4, 4));
	buf_release(&der);
}
