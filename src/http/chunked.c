/*
 * chunked — see chunked.h. The grammar (RFC 9112 §7.1):
 *
 *   chunked-body   = *chunk last-chunk trailer-section CRLF
 *   chunk          = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
 *   chunk-size     = 1*HEXDIG
 *   last-chunk     = 1*("0") [ chunk-ext ] CRLF
 *   chunk-ext      = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
 *
 * A lone LF is accepted as a line end wherever CRLF is expected (§2.2 lets a
 * recipient do so); a CR not followed by LF is an error, never data.
 */
#include "http/chunked.h"

#include <string.h>

#include "core/enc.h"
#include "core/err.h"
#include "http/headers.h"

enum {
	CH_SIZE_FIRST,	/* expecting the first hex digit */
	CH_SIZE,	/* in the hex digits */
	CH_EXT,		/* after the size: BWS, extensions, up to CR/LF */
	CH_SIZE_LF,	/* saw CR after the size line */
	CH_DATA,
	CH_DATA_CR,	/* expecting the CRLF after chunk data */
	CH_DATA_LF,
	CH_TRAILER,	/* reading a trailer line (or the final empty line) */
	CH_TRAILER_LF,	/* saw CR in a trailer line */
	CH_DONE
};

void
http_chunked_init(struct http_chunked *c, struct http_headers *trailers, size_t max_line,
    size_t max_fields, size_t max_field_bytes)
{
	memset(c, 0, sizeof(*c));
	str_init(&c->line);
	c->trailers = trailers;
	c->max_line = max_line;
	c->max_fields = max_fields;
	c->max_field_bytes = max_field_bytes;
	c->state = CH_SIZE_FIRST;
}

void
http_chunked_release(struct http_chunked *c)
{
	str_release(&c->line);
}

int
http_chunked_done(const struct http_chunked *c)
{
	return c->state == CH_DONE;
}

static int
fail(struct http_chunked *c, int code)
{
	c->err = code;
	return code;
}

/* The size line has ended: data follows, or the trailer section after a last-chunk. */
static void
size_line_done(struct http_chunked *c)
{
	c->linelen = 0;
	c->state = c->size == 0 ? CH_TRAILER : CH_DATA;
}

static int
trailer_line_done(struct http_chunked *c, struct errinfo *e)
{
	int r;

	if (c->line.len == 0) {
		c->state = CH_DONE;
		return 0;
	}
	if (c->trailers) {
		r = http_field_line_parse(c->trailers, c->line.s, c->line.len, c->max_fields,
		    c->max_field_bytes, e);
		if (r < 0) {
			err_prefix(e, "chunked trailer");
			return fail(c, r);
		}
	}
	str_reset(&c->line);
	c->linelen = 0;
	c->state = CH_TRAILER;
	return 0;
}

int
http_chunked_feed(struct http_chunked *c, const unsigned char *p, size_t n, size_t *used,
    http_sink_fn sink, void *arg, struct errinfo *e)
{
	size_t i = 0, k;
	int d, r;

	*used = 0;
	if (c->err)
		return err_set(e, c->err, "chunked body already failed");
	while (i < n && c->state != CH_DONE) {
		unsigned char ch = p[i];

		switch (c->state) {
		case CH_SIZE_FIRST:
		case CH_SIZE:
			d = hex_digit(ch);
			if (d >= 0) {
				if (c->size > (UINT64_MAX >> 4)) {
					err_set(e, ERR_RANGE, "chunk size overflows 64 bits");
					return fail(c, ERR_RANGE);
				}
				c->size = (c->size << 4) | (uint64_t)d;
				c->state = CH_SIZE;
			} else if (c->state == CH_SIZE_FIRST) {
				err_set(e, ERR_PROTO, "chunk size is not hexadecimal (byte 0x%02x)", ch);
				return fail(c, ERR_PROTO);
			} else if (ch == '\r') {
				c->state = CH_SIZE_LF;
			} else if (ch == '\n') {
				size_line_done(c);
			} else if (ch == ';' || ch == ' ' || ch == '\t') {
				c->state = CH_EXT;
			} else {
				err_set(e, ERR_PROTO, "chunk size line has byte 0x%02x", ch);
				return fail(c, ERR_PROTO);
			}
			i++;
			if (c->state == CH_SIZE || c->state == CH_EXT) {
				if (++c->linelen > c->max_line) {
					err_set(e, ERR_RANGE, "chunk size line longer than %zu bytes",
					    c->max_line);
					return fail(c, ERR_RANGE);
				}
			}
			break;
		case CH_EXT:
			/* Extensions carry nothing sextant uses; only their bytes are checked. */
			if (ch == '\r') {
				c->state = CH_SIZE_LF;
			} else if (ch == '\n') {
				size_line_done(c);
			} else if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
				err_set(e, ERR_PROTO, "chunk extension has control byte 0x%02x", ch);
				return fail(c, ERR_PROTO);
			} else if (++c->linelen > c->max_line) {
				err_set(e, ERR_RANGE, "chunk size line longer than %zu bytes", c->max_line);
				return fail(c, ERR_RANGE);
			}
			i++;
			break;
		case CH_SIZE_LF:
			if (ch != '\n') {
				err_set(e, ERR_PROTO, "chunk size line: CR not followed by LF");
				return fail(c, ERR_PROTO);
			}
			size_line_done(c);
			i++;
			break;
		case CH_DATA:
			k = n - i;
			if ((uint64_t)k > c->size)
				k = (size_t)c->size;
			if (sink && (r = sink(arg, p + i, k, e)) < 0)
				return fail(c, r);
			c->size -= k;
			c->total += k;
			i += k;
			if (c->size == 0)
				c->state = CH_DATA_CR;
			break;
		case CH_DATA_CR:
			if (ch == '\r') {
				c->state = CH_DATA_LF;
			} else if (ch == '\n') {
				c->state = CH_SIZE_FIRST;
			} else {
				err_set(e, ERR_PROTO, "chunk data not followed by CRLF (longer than its size?)");
				return fail(c, ERR_PROTO);
			}
			i++;
			break;
		case CH_DATA_LF:
			if (ch != '\n') {
				err_set(e, ERR_PROTO, "chunk data: CR not followed by LF");
				return fail(c, ERR_PROTO);
			}
			c->state = CH_SIZE_FIRST;
			i++;
			break;
		case CH_TRAILER:
			if (ch == '\r') {
				c->state = CH_TRAILER_LF;
			} else if (ch == '\n') {
				if ((r = trailer_line_done(c, e)) < 0)
					return r;
			} else {
				if (++c->linelen > c->max_line) {
					err_set(e, ERR_RANGE, "chunked trailer line longer than %zu bytes",
					    c->max_line);
					return fail(c, ERR_RANGE);
				}
				str_addch(&c->line, ch);
			}
			i++;
			break;
		case CH_TRAILER_LF:
			if (ch != '\n') {
				err_set(e, ERR_PROTO, "chunked trailer: CR not followed by LF");
				return fail(c, ERR_PROTO);
			}
			i++;
			if ((r = trailer_line_done(c, e)) < 0)
				return r;
			break;
		}
	}
	*used = i;
	return c->state == CH_DONE ? 0 : ERR_AGAIN;
}
