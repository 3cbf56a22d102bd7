// sources: src/core/*.c src/http/*.c
/*
 * The chunked transfer-coding decoder (src/http/chunked.c) on its own: no
 * crash, sizes never overflow, line and trailer caps hold, and whole, one byte
 * at a time, and a two-piece split (position from byte 0) give the same data,
 * trailers, consumed count and result.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "http/chunked.h"
#include "http/headers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

static int
sink(void *arg, const unsigned char *p, size_t n, struct errinfo *e)
{
	struct str *s = arg;

	if (s->len + n > 1u << 20)
		return err_set(e, ERR_RANGE, "too much");
	str_add(s, p, n);
	return 0;
}

static void
run(const uint8_t *d, size_t n, size_t step, size_t split, struct str *out)
{
	struct http_headers tr;
	struct http_chunked c;
	struct str body = STR_INIT;
	struct errinfo e;
	size_t off = 0, used, k, i;
	int r = ERR_AGAIN;

	http_headers_init(&tr);
	http_chunked_init(&c, &tr, 40, 4, 100);
	while (off < n) {
		if (split)
			k = off < split ? split - off : n - off;
		else
			k = step && step < n - off ? step : n - off;
		r = http_chunked_feed(&c, d + off, k, &used, sink, &body, &e);
		if (used > k)
			abort();
		off += used;
		if (r != ERR_AGAIN)
			break;
		if (used != k)
			abort();
	}
	if (tr.n > 4 || tr.bytes > 100 || c.total != body.len)
		abort();
	/* After an error, how much was consumed and decoded depends on the split. */
	str_addf(out, "r=%d used=%zu done=%d ", r, r == 0 || r == ERR_AGAIN ? off : 0,
	    http_chunked_done(&c));
	if (r < 0 && r != ERR_AGAIN)
		str_truncate(&body, 0);
	str_add(out, body.s ? body.s : "", body.len);
	for (i = 0; i < tr.n; i++)
		str_addf(out, "|%s=%s", tr.v[i].name, tr.v[i].value);
	str_release(&body);
	http_chunked_release(&c);
	http_headers_release(&tr);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct str a = STR_INIT, b = STR_INIT, c = STR_INIT;
	size_t split;

	if (n < 1)
		return 0;
	split = data[0];
	data++;
	n--;
	if (n)
		split %= n;
	run(data, n, 0, 0, &a);
	run(data, n, 1, 0, &b);
	run(data, n, 0, split, &c);
	if (strcmp(a.s, b.s) != 0 || strcmp(a.s, c.s) != 0)
		abort();
	str_release(&a);
	str_release(&b);
	str_release(&c);
	return 0;
}
