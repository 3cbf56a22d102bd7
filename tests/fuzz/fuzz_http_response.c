// sources: src/core/*.c src/http/*.c
/*
 * The HTTP response parser (src/http/response.c, chunked.c, headers.c): no
 * crash, no leak, limits hold, and the result does not depend on how the input
 * is split: fed whole, one byte at a time, and in two pieces at a position
 * taken from the input, it must give the same status, fields, body, trailers,
 * consumed count and error code.
 *
 * Input: byte 0 = options (bit 0 HEAD, bit 1 small limits, bit 2 truncate body,
 * bit 3 signal EOF at the end), byte 1 = split position seed, then the bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "http/response.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

static void
summarise(const uint8_t *d, size_t n, size_t step, size_t split, int opts, struct str *out)
{
	struct http_response resp;
	struct http_parser p;
	struct http_limits lim;
	struct errinfo e;
	size_t off = 0, used, k, i;
	int r = ERR_AGAIN;

	http_limits_default(&lim);
	if (opts & 2) {
		lim.max_line = 64;
		lim.max_fields = 4;
		lim.max_field_bytes = 128;
		lim.max_body = 100;
	}
	lim.truncate_body = (opts & 4) != 0;
	http_response_init(&resp);
	http_parser_init(&p, &resp, &lim, opts & 1);
	while (off < n) {
		if (split)
			k = off < split ? split - off : n - off;
		else
			k = step && step < n - off ? step : n - off;
		r = http_parser_feed(&p, d + off, k, &used, &e);
		if (used > k)
			abort();
		off += used;
		if (r != ERR_AGAIN)
			break;
		if (used != k)
			abort();	/* AGAIN means everything was consumed */
	}
	if (r == ERR_AGAIN && (opts & 8))
		r = http_parser_finish(&p, &e);
	/* After an error, how much was consumed depends on the split: not compared. */
	str_addf(out, "r=%d used=%zu", r, r == 0 || r == ERR_AGAIN ? off : 0);
	if (r == 0) {
		if (buf_avail(&resp.body) > lim.max_body || resp.headers.n > lim.max_fields)
			abort();
		str_addf(out, " %d %d %s %d", resp.status, resp.minor, resp.reason, resp.keep_alive);
		for (i = 0; i < resp.headers.n; i++)
			str_addf(out, "|%s=%s", resp.headers.v[i].name, resp.headers.v[i].value);
		str_addf(out, " %llu %d ", (unsigned long long)resp.body_total, resp.body_truncated);
		str_add(out, buf_ptr(&resp.body), buf_avail(&resp.body));
		for (i = 0; i < resp.trailers.n; i++)
			str_addf(out, "|T%s=%s", resp.trailers.v[i].name, resp.trailers.v[i].value);
	}
	http_parser_release(&p);
	http_response_release(&resp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct str a = STR_INIT, b = STR_INIT, c = STR_INIT;
	int opts;
	size_t split;

	if (n < 2)
		return 0;
	opts = data[0];
	split = data[1];
	data += 2;
	n -= 2;
	if (n)
		split = split % n;
	summarise(data, n, 0, 0, opts, &a);
	summarise(data, n, 1, 0, opts, &b);
	summarise(data, n, 0, split, opts, &c);
	if (strcmp(a.s, b.s) != 0 || strcmp(a.s, c.s) != 0)
		abort();
	str_release(&a);
	str_release(&b);
	str_release(&c);
	return 0;
}
