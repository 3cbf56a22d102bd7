#include "http/headers.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/err.h"
#include "core/xmalloc.h"
#include "http/request.h"

void
http_headers_init(struct http_headers *h)
{
	memset(h, 0, sizeof(*h));
}

void
http_headers_reset(struct http_headers *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		free(h->v[i].name);
		free(h->v[i].value);
	}
	h->n = 0;
	h->bytes = 0;
}

void
http_headers_release(struct http_headers *h)
{
	http_headers_reset(h);
	free(h->v);
	memset(h, 0, sizeof(*h));
}

void
http_headers_addn(struct http_headers *h, const char *name, size_t nlen, const char *value,
    size_t vlen)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 8;
		h->v = xreallocarray(h->v, h->cap, sizeof(h->v[0]));
	}
	h->v[h->n].name = xstrndup(name, nlen);
	h->v[h->n].value = xstrndup(value, vlen);
	h->n++;
	h->bytes += nlen + vlen;
}

void
http_headers_add(struct http_headers *h, const char *name, const char *value)
{
	http_headers_addn(h, name, strlen(name), value, strlen(value));
}

void
http_headers_del(struct http_headers *h, const char *name)
{
	size_t i, j;

	for (i = j = 0; i < h->n; i++) {
		if (strcasecmp(h->v[i].name, name) == 0) {
			h->bytes -= strlen(h->v[i].name) + strlen(h->v[i].value);
			free(h->v[i].name);
			free(h->v[i].value);
			continue;
		}
		h->v[j++] = h->v[i];
	}
	h->n = j;
}

void
http_headers_set(struct http_headers *h, const char *name, const char *value)
{
	http_headers_del(h, name);
	http_headers_add(h, name, value);
}

const char *
http_headers_get(const struct http_headers *h, const char *name)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (strcasecmp(h->v[i].name, name) == 0)
			return h->v[i].value;
	return NULL;
}

size_t
http_headers_count(const struct http_headers *h, const char *name)
{
	size_t i, c = 0;

	for (i = 0; i < h->n; i++)
		if (strcasecmp(h->v[i].name, name) == 0)
			c++;
	return c;
}

static int
list_has_token(const char *v, const char *token)
{
	size_t tl = strlen(token), n;
	const char *p = v, *end;

	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		end = p;
		while (*end && *end != ',')
			end++;
		n = (size_t)(end - p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == tl && strncasecmp(p, token, tl) == 0)
			return 1;
		p = end;
	}
	return 0;
}

int
http_headers_has_token(const struct http_headers *h, const char *name, const char *token)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (strcasecmp(h->v[i].name, name) == 0 && list_has_token(h->v[i].value, token))
			return 1;
	return 0;
}

void
http_headers_append_last(struct http_headers *h, const char *p, size_t n)
{
	struct http_header *last;
	size_t ol;
	char *nv;

	if (h->n == 0)
		return;
	last = &h->v[h->n - 1];
	ol = strlen(last->value);
	nv = xmalloc(ol + 1 + n + 1);
	memcpy(nv, last->value, ol);
	nv[ol] = ' ';
	if (n)
		memcpy(nv + ol + 1, p, n);
	nv[ol + 1 + n] = '\0';
	free(last->value);
	last->value = nv;
	h->bytes += 1 + n;
}

int
http_field_line_parse(struct http_headers *h, const char *line, size_t n, size_t max_fields,
    size_t max_bytes, struct errinfo *e)
{
	size_t i, colon, vs, ve;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)line[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return err_set(e, ERR_PROTO, "header line has a control byte 0x%02x", c);
	}
	if (n > 0 && (line[0] == ' ' || line[0] == '\t')) {
		if (h->n == 0)
			return err_set(e, ERR_PROTO, "header block starts with a continuation line");
		for (vs = 0; vs < n && (line[vs] == ' ' || line[vs] == '\t'); vs++)
			;
		for (ve = n; ve > vs && (line[ve - 1] == ' ' || line[ve - 1] == '\t'); ve--)
			;
		if (h->bytes + 1 + (ve - vs) > max_bytes)
			return err_set(e, ERR_RANGE, "header fields larger than %zu bytes", max_bytes);
		http_headers_append_last(h, line + vs, ve - vs);
		return 0;
	}
	for (colon = 0; colon < n && line[colon] != ':'; colon++)
		;
	if (colon == n)
		return err_set(e, ERR_PROTO, "header line without ':'");
	/* §5.1: no whitespace between name and colon; a token name. */
	if (!http_is_token(line, colon))
		return err_set(e, ERR_PROTO, "header field name is not a token");
	for (vs = colon + 1; vs < n && (line[vs] == ' ' || line[vs] == '\t'); vs++)
		;
	for (ve = n; ve > vs && (line[ve - 1] == ' ' || line[ve - 1] == '\t'); ve--)
		;
	if (h->n >= max_fields)
		return err_set(e, ERR_RANGE, "more than %zu header fields", max_fields);
	if (h->bytes + colon + (ve - vs) > max_bytes)
		return err_set(e, ERR_RANGE, "header fields larger than %zu bytes", max_bytes);
	http_headers_addn(h, line, colon, line + vs, ve - vs);
	return 0;
}
