/*
 * Response parser and chunked decoder: exact bytes in, exact results out.
 * Every sample is also fed one byte at a time and in every two-way split, and
 * must give the same summary as when fed whole.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "http/chunked.h"
#include "http/response.h"

/* Feeds data in pieces of `step` bytes (0 = whole), then EOF if eof; summarises. */
static int
run(const char *data, size_t n, size_t step, int eof, int head, const struct http_limits *lim,
    struct str *sum, struct errinfo *e)
{
	struct http_response resp;
	struct http_parser p;
	size_t off = 0, used, k;
	int r = ERR_AGAIN;
	size_t i;

	http_response_init(&resp);
	http_parser_init(&p, &resp, lim, head);
	err_clear(e);
	while (off < n) {
		k = step && step < n - off ? step : n - off;
		r = http_parser_feed(&p, data + off, k, &used, e);
		off += used;
		if (r != ERR_AGAIN)
			break;
	}
	if (r == ERR_AGAIN && eof)
		r = http_parser_finish(&p, e);
	str_reset(sum);
	str_addf(sum, "r=%d used=%zu", r, off);
	if (r == 0) {
		str_addf(sum, " %d 1.%d [%s] ka=%d", resp.status, resp.minor, resp.reason,
		    resp.keep_alive);
		for (i = 0; i < resp.headers.n; i++)
			str_addf(sum, " <%s=%s>", resp.headers.v[i].name, resp.headers.v[i].value);
		str_addf(sum, " body(%llu)=", (unsigned long long)resp.body_total);
		str_add(sum, buf_ptr(&resp.body), buf_avail(&resp.body));
		if (resp.body_truncated)
			str_adds(sum, " TRUNC");
		for (i = 0; i < resp.trailers.n; i++)
			str_addf(sum, " T<%s=%s>", resp.trailers.v[i].name, resp.trailers.v[i].value);
	}
	http_parser_release(&p);
	http_response_release(&resp);
	return r;
}

/* Whole, byte-at-a-time and every two-way split must agree; returns the summary. */
static int
check_splits(struct test_ctx *t__, const char *data, size_t n, int eof, int head,
    const struct http_limits *lim, struct str *whole)
{
	struct str s = STR_INIT;
	struct errinfo e;
	size_t step;

	run(data, n, 0, eof, head, lim, whole, &e);
	for (step = 1; step <= n && step <= 17; step++) {
		run(data, n, step, eof, head, lim, &s, &e);
		if (strcmp(s.s, whole->s) != 0) {
			harness_fail(t__, __FILE__, __LINE__, "step %zu differs:\n  %s\n  %s", step,
			    s.s, whole->s);
			str_release(&s);
			return 0;
		}
	}
	str_release(&s);
	return 1;
}

#define SPLITS(data, eof, head, lim, sum) \
	do { if (!check_splits(t__, data, strlen(data), eof, head, lim, sum)) return; } while (0)

TEST(http_resp_content_length)
{
	static const char in[] =
	    "HTTP/1.1 200 OK\r\n"
	    "Content-Type: text/plain\r\n"
	    "Content-Length: 5\r\n"
	    "\r\n"
	    "hello";
	struct str s = STR_INIT;

	SPLITS(in, 0, 0, NULL, &s);
	CHECK_STR_EQ(s.s, "r=0 used=69 200 1.1 [OK] ka=1 <Content-Type=text/plain> "
	    "<Content-Length=5> body(5)=hello");
	str_release(&s);
}

TEST(http_resp_pipelined_leftover_not_consumed)
{
	static const char in[] = "HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 200 OK\r\n";
	struct str s = STR_INIT;

	SPLITS(in, 0, 0, NULL, &s);
	CHECK_STR_EQ(s.s, "r=0 used=27 204 1.1 [No Content] ka=1 body(0)=");
	str_release(&s);
}

TEST(http_resp_chunked_with_ext_and_trailers)
{
	static const char in[] =
	    "HTTP/1.1 200 OK\r\n"
	    "Transfer-Encoding: chunked\r\n"
	    "\r\n"
	    "5;name=\"va;l\"\r\n"
	    "hello\r\n"
	    "00006 ; x\r\n"
	    " world\r\n"
	    "A\r\n"
	    "0123456789\r\n"
	    "0\r\n"
	    "Digest: abc\r\n"
	    "X-Tail:  z \r\n"
	    "\r\n";
	struct str s = STR_INIT;

	SPLITS(in, 0, 0, NULL, &s);
	CHECK_STR_EQ(s.s, "r=0 used=134 200 1.1 [OK] ka=1 <Transfer-Encoding=chunked> "
	    "body(21)=hello world0123456789 T<Digest=abc> T<X-Tail=z>");
	str_release(&s);
}

TEST(http_resp_chunked_bare_lf_and_uppercase_hex)
{
	static const char in[] =
	    "HTTP/1.1 200 OK\n"
	    "Transfer-Encoding: Chunked\n"
	    "\n"
	    "B\nhello world\n0\n\n";
	struct str s = STR_INIT;

	SPLITS(in, 0, 0, NULL, &s);
	CHECK_STR_EQ(s.s, "r=0 used=61 200 1.1 [OK] ka=1 <Transfer-Encoding=Chunked> "
	    "body(11)=hello world");
	str_release(&s);
}

TEST(http_resp_close_delimited)
{
	static const char in[] = "HTTP/1.1 200 OK\r\nServer: x\r\n\r\nuntil the end";
	struct str s = STR_INIT;

	SPLITS(in, 1, 0, NULL, &s);
	CHECK_STR_EQ(s.s, "r=0 used=43 200 1.1 [OK] ka=0 <Server=x> body(13)=until the end");
	str_release(&s);
}

TEST(http_resp_http10_keepalive_rules)
{
	struct str s = STR_INIT;

	SPLITS("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx", 0, 0, NULL, &s);
	CHECK(strstr(s.s, "ka=0") != NULL);
	SPLITS("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 1\r\n\r\nx", 0, 0,
	    NULL, &s);
	CHECK(strstr(s.s, "ka=1") != NULL);
	SPLITS("HTTP/1.1 200 OK\r\nConnection: foo, close\r\nContent-Length: 1\r\n\r\nx", 0, 0,
	    NULL, &s);
	CHECK(strstr(s.s, "ka=0") != NULL);
	str_release(&s);
}

TEST(http_resp_head_and_204_304_have_no_body)
{
	struct str s = STR_INIT;

	SPLITS("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", 0, 1, NULL, &s);
	CHECK_STR_EQ(s.s, "r=0 used=41 200 1.1 [OK] ka=1 <Content-Length=1234> body(0)=");
	SPLITS("HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n", 0, 0, NULL, &s);
	CHECK_STR_EQ(s.s, "r=0 used=49 304 1.1 [Not Modified] ka=1 <Content-Length=99> body(0)=");
	SPLITS("HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n", 0, 0, NULL, &s);
	CHECK(strncmp(s.s, "r=0 used=55 204", 15) == 0);
	str_release(&s);
}

TEST(http_resp_interim_100_skipped)
{
	static const char in[] =
	    "HTTP/1.1 100 Continue\r\n\r\n"
	    "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
	    "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok";
	struct str s = STR_INIT;

	SPLITS(in, 0, 0, NULL, &s);
	CHECK_STR_EQ(s.s, "r=0 used=110 201 1.1 [Created] ka=1 <Content-Length=2> body(2)=ok");
	str_release(&s);
}

TEST(http_resp_obs_fold_joined)
{
	static const char in[] =
	    "HTTP/1.1 200 OK\r\nX-Long: a\r\n  b\r\n\tc\r\nContent-Length: 0\r\n\r\n";
	struct str s = STR_INIT;

	SPLITS(in, 0, 0, NULL, &s);
	CHECK_STR_EQ(s.s, "r=0 used=58 200 1.1 [OK] ka=1 <X-Long=a b c> <Content-Length=0> body(0)=");
	str_release(&s);
}

TEST(http_resp_missing_reason_and_empty_reason)
{
	struct str s = STR_INIT;

	SPLITS("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", 0, 0, NULL, &s);
	CHECK(strncmp(s.s, "r=0 used=35 200 1.1 [] ka=1", 27) == 0);
	SPLITS("HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n", 0, 0, NULL, &s);
	CHECK(strncmp(s.s, "r=0 used=36 404 1.1 [] ka=1", 27) == 0);
	str_release(&s);
}

TEST(http_resp_content_length_rules)
{
	struct str s = STR_INIT;
	struct errinfo e;

	SPLITS("HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\nContent-Length: 3\r\n\r\nabc", 0, 0,
	    NULL, &s);
	CHECK(strstr(s.s, "body(3)=abc") != NULL);
	CHECK_EQ_INT(run("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
	    60, 0, 0, 0, NULL, &s, &e), ERR_PROTO);
	CHECK(strstr(e.msg, "conflicting Content-Length") != NULL);
	CHECK_EQ_INT(run("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", 40, 0, 0, 0, NULL, &s,
	    &e), ERR_PROTO);
	CHECK_EQ_INT(run("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n", 40, 0, 0, 0, NULL, &s,
	    &e), ERR_PROTO);
	CHECK_EQ_INT(run("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n",
	    60, 0, 0, 0, NULL, &s, &e), ERR_RANGE);
	str_release(&s);
}

TEST(http_resp_te_overrides_cl_and_closes)
{
	static const char in[] =
	    "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "2\r\nhi\r\n0\r\n\r\n";
	struct str s = STR_INIT;

	SPLITS(in, 0, 0, NULL, &s);
	CHECK(strstr(s.s, "ka=0") != NULL);
	CHECK(strstr(s.s, "body(2)=hi") != NULL);
	str_release(&s);
}

TEST(http_resp_unknown_transfer_coding_refused)
{
	struct str s = STR_INIT;
	struct errinfo e;
	static const char in[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n";

	CHECK_EQ_INT(run(in, strlen(in), 0, 0, 0, NULL, &s, &e), ERR_UNSUPPORTED);
	CHECK(strstr(e.msg, "gzip") != NULL);
	static const char in2[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n";
	CHECK_EQ_INT(run(in2, strlen(in2), 0, 0, 0, NULL, &s, &e), ERR_PROTO);
	str_release(&s);
}

TEST(http_resp_truncated_bodies)
{
	struct str s = STR_INIT;
	struct errinfo e;
	static const char cl[] = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello";
	static const char ch[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel";
	static const char hd[] = "HTTP/1.1 200 OK\r\nContent-Len";
	static const char st[] = "HTTP/1.1 2";

	CHECK_EQ_INT(run(cl, strlen(cl), 1, 1, 0, NULL, &s, &e), ERR_PROTO);
	CHECK_STR_EQ(e.msg, "connection closed after 5 of 10 body bytes");
	CHECK_EQ_INT(run(ch, strlen(ch), 1, 1, 0, NULL, &s, &e), ERR_PROTO);
	CHECK_STR_EQ(e.msg, "connection closed inside the chunked body after 3 bytes");
	CHECK_EQ_INT(run(hd, strlen(hd), 1, 1, 0, NULL, &s, &e), ERR_PROTO);
	CHECK_STR_EQ(e.msg, "connection closed inside the response headers");
	CHECK_EQ_INT(run(st, strlen(st), 1, 1, 0, NULL, &s, &e), ERR_PROTO);
	CHECK_EQ_INT(run("", 0, 1, 1, 0, NULL, &s, &e), ERR_CLOSED);
	CHECK_STR_EQ(e.msg, "connection closed before any response");
	str_release(&s);
}

TEST(http_resp_oversized_header_line)
{
	struct http_limits lim;
	struct str in = STR_INIT, s = STR_INIT;
	struct errinfo e;
	size_t step;

	http_limits_default(&lim);
	lim.max_line = 64;
	str_adds(&in, "HTTP/1.1 200 OK\r\nX-Big: ");
	while (in.len < 200)
		str_addch(&in, 'a');
	str_adds(&in, "\r\n\r\n");
	for (step = 0; step < 4; step++) {
		CHECK_EQ_INT(run(in.s, in.len, step, 0, 0, &lim, &s, &e), ERR_RANGE);
		CHECK_STR_EQ(e.msg, "header line longer than 64 bytes");
	}
	/* Exactly at the cap passes; one over fails, CR or not. */
	str_reset(&in);
	str_adds(&in, "HTTP/1.1 200 OK\r\nX: ");
	while (in.len - 17 < 64)
		str_addch(&in, 'b');
	str_adds(&in, "\r\nContent-Length: 0\r\n\r\n");
	CHECK_EQ_INT(run(in.s, in.len, 1, 0, 0, &lim, &s, &e), 0);
	str_reset(&in);
	str_adds(&in, "HTTP/1.1 200 OK\r\nX: ");
	while (in.len - 17 < 65)
		str_addch(&in, 'b');
	str_adds(&in, "\nContent-Length: 0\r\n\r\n");
	CHECK_EQ_INT(run(in.s, in.len, 0, 0, 0, &lim, &s, &e), ERR_RANGE);
	CHECK_EQ_INT(run(in.s, in.len, 1, 0, 0, &lim, &s, &e), ERR_RANGE);
	str_release(&in);
	str_release(&s);
}

TEST(http_resp_too_many_headers_and_bytes)
{
	struct http_limits lim;
	struct str in = STR_INIT, s = STR_INIT;
	struct errinfo e;
	int i;

	http_limits_default(&lim);
	lim.max_fields = 5;
	str_adds(&in, "HTTP/1.1 200 OK\r\n");
	for (i = 0; i < 6; i++)
		str_addf(&in, "X-%d: v\r\n", i);
	str_adds(&in, "\r\n");
	CHECK_EQ_INT(run(in.s, in.len, 1, 0, 0, &lim, &s, &e), ERR_RANGE);
	CHECK_STR_EQ(e.msg, "more than 5 header fields");
	http_limits_default(&lim);
	lim.max_field_bytes = 20;
	CHECK_EQ_INT(run(in.s, in.len, 0, 0, 0, &lim, &s, &e), ERR_RANGE);
	CHECK_STR_EQ(e.msg, "header fields larger than 20 bytes");
	str_release(&in);
	str_release(&s);
}

TEST(http_resp_body_limits)
{
	struct http_limits lim;
	struct str s = STR_INIT;
	struct errinfo e;
	static const char cl[] = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789";
	static const char ch[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "5\r\n01234\r\n5\r\n56789\r\n0\r\n\r\n";
	static const char cd[] = "HTTP/1.1 200 OK\r\n\r\n0123456789";

	http_limits_default(&lim);
	lim.max_body = 8;
	CHECK_EQ_INT(run(cl, strlen(cl), 0, 0, 0, &lim, &s, &e), ERR_RANGE);
	CHECK_STR_EQ(e.msg, "response body of 10 bytes is over the limit of 8 bytes");
	CHECK_EQ_INT(run(ch, strlen(ch), 1, 0, 0, &lim, &s, &e), ERR_RANGE);
	CHECK_EQ_INT(run(cd, strlen(cd), 3, 1, 0, &lim, &s, &e), ERR_RANGE);
	lim.truncate_body = 1;
	SPLITS(cl, 0, 0, &lim, &s);
	CHECK(strstr(s.s, "body(10)=01234567 TRUNC") != NULL);
	SPLITS(ch, 0, 0, &lim, &s);
	CHECK(strstr(s.s, "body(10)=01234567 TRUNC") != NULL);
	str_release(&s);
}

TEST(http_resp_malformed)
{
	static const char *const bad[] = {
		"HTTP/1.1 20 OK\r\n\r\n",
		"HTTP/1.1 2000 OK\r\n\r\n",
		"HTTP/2.0 200 OK\r\n\r\n",
		"HTTP/1.1 099 Low\r\n\r\n",
		"ICY 200 OK\r\n\r\n",
		"HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n",
		"HTTP/1.1 200 OK\r\nName : x\r\n\r\n",
		"HTTP/1.1 200 OK\r\nNoColon\r\n\r\n",
		"HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n",
		"HTTP/1.1 200 O\rK\r\n\r\n",
		"HTTP/1.1 200 OK\r\n continuation-first\r\n\r\n",
		"HTTP/1.1 101 Switching Protocols\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZ\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\rabc\r\n",
		NULL
	};
	struct str s = STR_INIT;
	struct errinfo e;
	size_t i, step;

	for (i = 0; bad[i]; i++) {
		for (step = 0; step < 3; step++) {
			int r = run(bad[i], strlen(bad[i]), step, 1, 0, NULL, &s, &e);

			if (r >= 0) {
				harness_fail(t__, __FILE__, __LINE__, "accepted: %s", bad[i]);
				str_release(&s);
				return;
			}
		}
	}
	str_release(&s);
}

TEST(http_resp_sticky_error)
{
	struct http_response resp;
	struct http_parser p;
	struct errinfo e;
	size_t used;

	http_response_init(&resp);
	http_parser_init(&p, &resp, NULL, 0);
	CHECK_EQ_INT(http_parser_feed(&p, "XTTP/1.1 200 OK\r\n", 17, &used, &e), ERR_PROTO);
	CHECK_EQ_INT(http_parser_feed(&p, "\r\n", 2, &used, &e), ERR_PROTO);
	CHECK_EQ_INT(http_parser_finish(&p, &e), ERR_PROTO);
	http_parser_release(&p);
	http_response_release(&resp);
}

/* ---- the chunked decoder alone ---- */

static int
sink_str(void *arg, const unsigned char *p, size_t n, struct errinfo *e)
{
	str_add(arg, p, n);
	return 0;
}

static int
chunk_run(const char *in, size_t n, size_t step, struct str *out, size_t *used_total,
    struct errinfo *e)
{
	struct http_headers tr;
	struct http_chunked c;
	size_t off = 0, used, k;
	int r = ERR_AGAIN;

	http_headers_init(&tr);
	http_chunked_init(&c, &tr, 32, 4, 256);
	str_reset(out);
	err_clear(e);
	while (off < n) {
		k = step && step < n - off ? step : n - off;
		r = http_chunked_feed(&c, (const unsigned char *)in + off, k, &used, sink_str, out, e);
		off += used;
		if (r != ERR_AGAIN)
			break;
	}
	if (r == 0 && tr.n)
		str_addf(out, "|%s=%s", tr.v[0].name, tr.v[0].value);
	*used_total = off;
	http_chunked_release(&c);
	http_headers_release(&tr);
	return r;
}

TEST(http_chunked_cases)
{
	static const struct {
		const char	*in;
		int		 r;
		const char	*out;
		size_t		 used;
	} cases[] = {
		{ "0\r\n\r\n", 0, "", 5 },
		{ "000\r\n\r\nrest", 0, "", 7 },
		{ "1\r\na\r\n0\r\n\r\n", 0, "a", 11 },
		{ "1;ext\r\na\r\n0;last=\"x\"\r\nT: v\r\n\r\n", 0, "a|T=v", 30 },
		{ "1 \r\na\r\n0\r\n\r\n", 0, "a", 12 },
		{ "f\r\n0123456789abcde\r\n0\r\n\r\n", 0, "0123456789abcde", 25 },
		{ "F\r\n0123456789abcde\r\n0\r\n\r\n", 0, "0123456789abcde", 25 },
		{ "\r\n", ERR_PROTO, NULL, 0 },
		{ "x\r\n", ERR_PROTO, NULL, 0 },
		{ ";\r\n", ERR_PROTO, NULL, 0 },
		{ "1\r\nab\r\n", ERR_PROTO, NULL, 0 },
		{ "1\r\na\rX", ERR_PROTO, NULL, 0 },
		{ "1\rX", ERR_PROTO, NULL, 0 },
		{ "10000000000000000\r\n", ERR_RANGE, NULL, 0 },
		{ "1;aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n", ERR_RANGE, NULL, 0 },
		{ "0000000000000000000000000000000000000001\r\n", ERR_RANGE, NULL, 0 },
		{ "1;e\x01\r\n", ERR_PROTO, NULL, 0 },
		{ "0\r\nBad Trailer\r\n\r\n", ERR_PROTO, NULL, 0 },
		{ "0\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n\r\n", ERR_RANGE, NULL, 0 },
		{ "0\r\nT: 0123456789012345678901234567890123\r\n\r\n", ERR_RANGE, NULL, 0 },
		{ "5\r\nabc", ERR_AGAIN, NULL, 0 },
	};
	struct str out = STR_INIT, out1 = STR_INIT;
	struct errinfo e;
	size_t i, used, used1, step;
	int r, r1;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r = chunk_run(cases[i].in, strlen(cases[i].in), 0, &out, &used, &e);
		if (r != cases[i].r) {
			harness_fail(t__, __FILE__, __LINE__, "case %zu: r=%d want %d (%s)", i, r,
			    cases[i].r, e.msg);
			goto done;
		}
		if (cases[i].out && (strcmp(out.s ? out.s : "", cases[i].out) != 0 ||
		    used != cases[i].used)) {
			harness_fail(t__, __FILE__, __LINE__, "case %zu: out=\"%s\" used=%zu", i,
			    out.s ? out.s : "", used);
			goto done;
		}
		for (step = 1; step < 6; step++) {
			r1 = chunk_run(cases[i].in, strlen(cases[i].in), step, &out1, &used1, &e);
			if (r1 != r || (r == 0 && (strcmp(out.s ? out.s : "", out1.s ? out1.s : "") != 0 ||
			    used1 != used))) {
				harness_fail(t__, __FILE__, __LINE__, "case %zu step %zu differs", i, step);
				goto done;
			}
		}
	}
done:
	str_release(&out);
	str_release(&out1);
}

TEST(http_chunked_large_body_byte_at_a_time)
{
	struct str in = STR_INIT, out = STR_INIT, want = STR_INIT;
	struct errinfo e;
	size_t used;
	int i;

	for (i = 1; i <= 300; i += 37) {
		int k;

		str_addf(&in, "%x\r\n", i);
		for (k = 0; k < i; k++) {
			str_addch(&in, 'a' + (k % 26));
			str_addch(&want, 'a' + (k % 26));
		}
		str_adds(&in, "\r\n");
	}
	str_adds(&in, "0\r\n\r\n");
	CHECK_EQ_INT(chunk_run(in.s, in.len, 1, &out, &used, &e), 0);
	CHECK_EQ_INT(used, in.len);
	CHECK_STR_EQ(out.s, want.s);
	str_release(&in);
	str_release(&out);
	str_release(&want);
}
