/*
 * URLs (RFC 3986), request heads (RFC 9112 §3), header lists.
 */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "http/headers.h"
#include "http/request.h"
#include "http/url.h"

TEST(http_url_parse_parts)
{
	struct url u;
	struct str s = STR_INIT;

	CHECK_OK(url_parse(&u, "HTTPS://User:p%40ss@Registry.Example.COM:5000/v2/?n=1#frag", NULL));
	CHECK_STR_EQ(u.scheme, "https");
	CHECK_STR_EQ(u.user, "User");
	CHECK_STR_EQ(u.password, "p@ss");
	CHECK_STR_EQ(u.host, "registry.example.com");
	CHECK_EQ_INT(u.port, 5000);
	CHECK_STR_EQ(u.target, "/v2/?n=1");
	url_format(&u, &s);
	CHECK_STR_EQ(s.s, "https://registry.example.com:5000/v2/?n=1");
	url_release(&u);

	CHECK_OK(url_parse(&u, "http://[::1]:8080", NULL));
	CHECK_STR_EQ(u.host, "::1");
	CHECK(u.host_is_ipv6);
	CHECK_STR_EQ(u.target, "/");
	str_reset(&s);
	url_authority(&u, &s);
	CHECK_STR_EQ(s.s, "[::1]:8080");
	url_release(&u);

	CHECK_OK(url_parse(&u, "https://h?q", NULL));
	CHECK_EQ_INT(u.port, 443);
	CHECK_STR_EQ(u.target, "/?q");
	str_reset(&s);
	url_authority(&u, &s);
	CHECK_STR_EQ(s.s, "h");
	url_release(&u);

	CHECK_OK(url_parse(&u, "http://h:/x", NULL));
	CHECK_EQ_INT(u.port, 80);
	url_release(&u);
	str_release(&s);
}

TEST(http_url_parse_rejects)
{
	static const char *const bad[] = {
		"ftp://h/", "h/x", "http:/h", "http://", "http://:80/", "http://h:0/",
		"http://h:65536/", "http://h:8x/", "http://[::1/", "http://[zz]/",
		"http://h h/", "http://h/a b", "http://h/\x01", "http://h/\xc3\xa9",
		"http://h%41/", "http://[::1]x/", NULL
	};
	struct url u;
	struct errinfo e;
	size_t i;

	for (i = 0; bad[i]; i++) {
		if (url_parse(&u, bad[i], &e) == 0) {
			url_release(&u);
			harness_fail(t__, __FILE__, __LINE__, "accepted %s", bad[i]);
			return;
		}
	}
}

TEST(http_url_resolve_rfc3986_examples)
{
	/* RFC 3986 §5.4.1, with base http://a/b/c/d;p?q */
	static const char *const cases[][2] = {
		{ "g", "http://a/b/c/g" }, { "./g", "http://a/b/c/g" }, { "g/", "http://a/b/c/g/" },
		{ "/g", "http://a/g" }, { "//g", "http://g/" }, { "?y", "http://a/b/c/d;p?y" },
		{ "g?y", "http://a/b/c/g?y" }, { "#s", "http://a/b/c/d;p?q" },
		{ "g#s", "http://a/b/c/g" }, { ";x", "http://a/b/c/;x" }, { "", "http://a/b/c/d;p?q" },
		{ ".", "http://a/b/c/" }, { "./", "http://a/b/c/" }, { "..", "http://a/b/" },
		{ "../", "http://a/b/" }, { "../g", "http://a/b/g" }, { "../..", "http://a/" },
		{ "../../", "http://a/" }, { "../../g", "http://a/g" }, { "../../../g", "http://a/g" },
		{ "/./g", "http://a/g" }, { "/../g", "http://a/g" }, { "g.", "http://a/b/c/g." },
		{ ".g", "http://a/b/c/.g" }, { "g..", "http://a/b/c/g.." }, { "..g", "http://a/b/c/..g" },
		{ "./../g", "http://a/b/g" }, { "./g/.", "http://a/b/c/g/" },
		{ "g/./h", "http://a/b/c/g/h" }, { "g/../h", "http://a/b/c/h" },
		{ "g;x=1/./y", "http://a/b/c/g;x=1/y" }, { "g;x=1/../y", "http://a/b/c/y" },
		{ "https://other:8443/x?y", "https://other:8443/x?y" },
	};
	struct url base, out;
	struct str s = STR_INIT;
	size_t i;

	CHECK_OK(url_parse(&base, "http://a/b/c/d;p?q", NULL));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct errinfo e;

		if (url_resolve(&base, cases[i][0], &out, &e) < 0) {
			harness_fail(t__, __FILE__, __LINE__, "%s: %s", cases[i][0], e.msg);
			break;
		}
		str_reset(&s);
		url_format(&out, &s);
		url_release(&out);
		if (strcmp(s.s, cases[i][1]) != 0) {
			harness_fail(t__, __FILE__, __LINE__, "\"%s\" -> %s, want %s", cases[i][0], s.s,
			    cases[i][1]);
			break;
		}
	}
	url_release(&base);
	str_release(&s);
}

TEST(http_url_escape_and_origin)
{
	struct str s = STR_INIT;
	struct url a, b;

	url_escape(&s, "repository:org/app:pull,push");
	CHECK_STR_EQ(s.s, "repository%3Aorg%2Fapp%3Apull%2Cpush");
	str_reset(&s);
	url_escape(&s, "A-z_0.9~ +");
	CHECK_STR_EQ(s.s, "A-z_0.9~%20%2B");
	CHECK_OK(url_parse(&a, "https://h/x", NULL));
	CHECK_OK(url_parse(&b, "https://H:443/y", NULL));
	CHECK(url_same_origin(&a, &b));
	url_release(&b);
	CHECK_OK(url_parse(&b, "http://h:443/y", NULL));
	CHECK(!url_same_origin(&a, &b));
	url_release(&a);
	url_release(&b);
	CHECK(url_host_is_ip("127.0.0.1"));
	CHECK(url_host_is_ip("::1"));
	CHECK(!url_host_is_ip("localhost"));
	str_release(&s);
}

TEST(http_request_head_exact_bytes)
{
	struct http_headers h;
	struct str s = STR_INIT;

	http_headers_init(&h);
	http_headers_add(&h, "Accept", "application/json");
	http_headers_add(&h, "Authorization", "Bearer abc");
	CHECK_OK(http_request_head(&s, "GET", "/v2/?x=1", "reg:5000", &h, 0, 0, NULL));
	CHECK_STR_EQ(s.s, "GET /v2/?x=1 HTTP/1.1\r\nHost: reg:5000\r\nAccept: application/json\r\n"
	    "Authorization: Bearer abc\r\n\r\n");
	str_reset(&s);
	CHECK_OK(http_request_head(&s, "PUT", "/u", "h", NULL, 1, 0, NULL));
	CHECK_STR_EQ(s.s, "PUT /u HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n");
	http_headers_release(&h);
	str_release(&s);
}

TEST(http_request_head_refuses_injection)
{
	struct http_headers h;
	struct str s = STR_INIT;
	struct errinfo e;

	http_headers_init(&h);
	CHECK_EQ_INT(http_request_head(&s, "GE T", "/", "h", NULL, 0, 0, &e), ERR_INVAL);
	CHECK_EQ_INT(http_request_head(&s, "GET", "/a b", "h", NULL, 0, 0, &e), ERR_INVAL);
	CHECK_EQ_INT(http_request_head(&s, "GET", "x", "h", NULL, 0, 0, &e), ERR_INVAL);
	CHECK_EQ_INT(http_request_head(&s, "GET", "/", "h\r\nX: y", NULL, 0, 0, &e), ERR_INVAL);
	http_headers_add(&h, "X-A", "ok\r\nInjected: 1");
	CHECK_EQ_INT(http_request_head(&s, "GET", "/", "h", &h, 0, 0, &e), ERR_INVAL);
	CHECK(strstr(e.msg, "X-A") != NULL);
	http_headers_reset(&h);
	http_headers_add(&h, "Bad:Name", "v");
	CHECK_EQ_INT(http_request_head(&s, "GET", "/", "h", &h, 0, 0, &e), ERR_INVAL);
	http_headers_reset(&h);
	http_headers_add(&h, "host", "other");
	CHECK_EQ_INT(http_request_head(&s, "GET", "/", "h", &h, 0, 0, &e), ERR_INVAL);
	http_headers_release(&h);
	str_release(&s);
}

TEST(http_headers_list_ops)
{
	struct http_headers h;

	http_headers_init(&h);
	http_headers_add(&h, "Connection", "keep-alive, Upgrade");
	http_headers_add(&h, "connection", " close ");
	http_headers_add(&h, "X", "1");
	CHECK(http_headers_has_token(&h, "CONNECTION", "upgrade"));
	CHECK(http_headers_has_token(&h, "Connection", "close"));
	CHECK(!http_headers_has_token(&h, "Connection", "clos"));
	CHECK_EQ_INT(http_headers_count(&h, "connection"), 2);
	http_headers_set(&h, "x", "2");
	CHECK_STR_EQ(http_headers_get(&h, "X"), "2");
	http_headers_del(&h, "Connection");
	CHECK_EQ_INT(h.n, 1);
	CHECK(http_headers_get(&h, "Connection") == NULL);
	http_headers_release(&h);
}
