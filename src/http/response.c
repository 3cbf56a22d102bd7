/*
 * response — see response.h.
 *
 * Grammar (RFC 9112):
 *   status-line = HTTP-version SP status-code SP [ reason-phrase ]      §4
 *   HTTP-version = "HTTP/" DIGIT "." DIGIT                              §2.3
 *   field-line = field-name ":" OWS field-value OWS                     §5
 * Lines end in CRLF; a lone LF is accepted (§2.2 allows a recipient to), a CR
 * anywhere else is refused. A missing reason phrase ("HTTP/1.1 200") is
 * accepted: the SP before it is in the grammar, but nothing depends on it.
 */
#include "http/response.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/err.h"
#include "core/xmalloc.h"

enum {
	P_STATUS,
	P_HEADERS,
	P_BODY_LENGTH,
	P_BODY_CHUNKED,
	P_BODY_CLOSE,
	P_DONE
};

void
http_limits_default(struct http_limits *l)
{
	l->max_line = HTTP_MAX_LINE_DEFAULT;
	l->max_fields = HTTP_MAX_FIELDS_DEFAULT;
	l->max_field_bytes = HTTP_MAX_FIELD_BYTES_DEFAULT;
	l->max_body = HTTP_MAX_BODY_DEFAULT;
	l->truncate_body = 0;
}

void
http_response_init(struct http_response *r)
{
	memset(r, 0, sizeof(*r));
	http_headers_init(&r->headers);
	http_headers_init(&r->trailers);
	buf_init(&r->body, 0);
}

void
http_response_release(struct http_response *r)
{
	free(r->reason);
	free(r->url);
	http_headers_release(&r->headers);
	http_headers_release(&r->trailers);
	buf_release(&r->body);
	memset(r, 0, sizeof(*r));
}

void
http_response_reset(struct http_response *r)
{
	http_response_release(r);
	http_response_init(r);
}

void
http_parser_init(struct http_parser *p, struct http_response *resp, const struct http_limits *lim,
    int head_request)
{
	memset(p, 0, sizeof(*p));
	if (lim)
		p->lim = *lim;
	else
		http_limits_default(&p->lim);
	p->resp = resp;
	p->head = head_request;
	str_init(&p->line);
	http_response_reset(resp);
	http_chunked_init(&p->ch, &resp->trailers, p->lim.max_line, p->lim.max_fields,
	    p->lim.max_field_bytes);
	p->state = P_STATUS;
}

void
http_parser_release(struct http_parser *p)
{
	str_release(&p->line);
	http_chunked_release(&p->ch);
}

int
http_parser_done(const struct http_parser *p)
{
	return p->state == P_DONE;
}

int
http_parser_have_head(const struct http_parser *p)
{
	return p->state > P_HEADERS;
}

static int
fail(struct http_parser *p, int code)
{
	p->err = code;
	return code;
}

static int
parse_status(struct http_parser *p, const char *s, size_t n, struct errinfo *e)
{
	struct http_response *r = p->resp;
	size_t i;

	if (n < 12 || memcmp(s, "HTTP/", 5) != 0 || s[6] != '.' || s[8] != ' ' ||
	    s[5] < '0' || s[5] > '9' || s[7] < '0' || s[7] > '9')
		return err_set(e, ERR_PROTO, "not an HTTP/1.x status line: \"%.*s\"",
		    (int)(n > 60 ? 60 : n), s);
	if (s[5] != '1')
		return err_set(e, ERR_PROTO, "unsupported HTTP version %.8s", s);
	for (i = 9; i < 12; i++)
		if (s[i] < '0' || s[i] > '9')
			return err_set(e, ERR_PROTO, "status code is not three digits");
	if (n > 12 && s[12] != ' ')
		return err_set(e, ERR_PROTO, "status code is not three digits");
	r->minor = s[7] - '0';
	r->status = (s[9] - '0') * 100 + (s[10] - '0') * 10 + (s[11] - '0');
	if (r->status < 100)
		return err_set(e, ERR_PROTO, "status code %d is out of range", r->status);
	for (i = 13; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return err_set(e, ERR_PROTO, "reason phrase has a control byte");
	}
	free(r->reason);
	r->reason = n > 13 ? xstrndup(s + 13, n - 13) : xstrdup("");
	return 0;
}

/* Content-Length (RFC 9110 §8.6): every field and list member must hold the same number. */
static int
content_length(const struct http_headers *h, int *have, uint64_t *len, struct errinfo *e)
{
	size_t i;
	const char *v;

	*have = 0;
	*len = 0;
	for (i = 0; i < h->n; i++) {
		if (strcasecmp(h->v[i].name, "Content-Length") != 0)
			continue;
		v = h->v[i].value;
		for (;;) {
			uint64_t x = 0;
			int digits = 0;

			while (*v == ' ' || *v == '\t')
				v++;
			for (; *v >= '0' && *v <= '9'; v++, digits++) {
				if (x > (UINT64_MAX - 9) / 10)
					return err_set(e, ERR_RANGE, "Content-Length overflows");
				x = x * 10 + (uint64_t)(*v - '0');
			}
			while (*v == ' ' || *v == '\t')
				v++;
			if (digits == 0 || (*v != ',' && *v != '\0'))
				return err_set(e, ERR_PROTO, "invalid Content-Length \"%.40s\"",
				    h->v[i].value);
			if (*have && x != *len)
				return err_set(e, ERR_PROTO, "conflicting Content-Length values");
			*have = 1;
			*len = x;
			if (*v == '\0')
				break;
			v++;
		}
	}
	return 0;
}

/*
 * Transfer-Encoding (RFC 9112 §6.1): sextant asks for no transfer coding, so
 * "chunked", once and last, is the only one it can read.
 */
static int
transfer_encoding(const struct http_headers *h, int *chunked, struct errinfo *e)
{
	size_t i, n;
	int seen = 0;
	const char *v, *end;

	*chunked = 0;
	for (i = 0; i < h->n; i++) {
		if (strcasecmp(h->v[i].name, "Transfer-Encoding") != 0)
			continue;
		for (v = h->v[i].value; *v; v = end) {
			while (*v == ' ' || *v == '\t' || *v == ',')
				v++;
			if (*v == '\0')
				break;
			for (end = v; *end && *end != ','; end++)
				;
			n = (size_t)(end - v);
			while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
				n--;
			if (n != 7 || strncasecmp(v, "chunked", 7) != 0)
				return err_set(e, ERR_UNSUPPORTED, "response uses transfer coding \"%.*s\"",
				    (int)(n > 40 ? 40 : n), v);
			if (seen)
				return err_set(e, ERR_PROTO, "chunked applied twice");
			seen = 1;
		}
	}
	*chunked = seen;
	return 0;
}

/* The header section has ended: choose the framing (RFC 9112 §6.3). */
static int
headers_done(struct http_parser *p, struct errinfo *e)
{
	struct http_response *r = p->resp;
	int have_cl, chunked, has_te, r2;
	uint64_t cl;

	if (r->status < 200) {
		/* RFC 9110 §15.2: interim; 101 would need an Upgrade we never send. */
		if (r->status == 101)
			return err_set(e, ERR_PROTO, "unexpected 101 Switching Protocols");
		if (++p->interim > HTTP_MAX_INTERIM)
			return err_set(e, ERR_PROTO, "more than %d interim responses", HTTP_MAX_INTERIM);
		http_headers_reset(&r->headers);
		p->state = P_STATUS;
		return 0;
	}
	if (r->minor >= 1)
		r->keep_alive = !http_headers_has_token(&r->headers, "Connection", "close");
	else
		r->keep_alive = http_headers_has_token(&r->headers, "Connection", "keep-alive");
	if (p->head || r->status == 204 || r->status == 304) {
		p->body_mode = HTTP_BODY_NONE;
		p->state = P_DONE;
		return 0;
	}
	has_te = http_headers_count(&r->headers, "Transfer-Encoding") > 0;
	if (has_te) {
		if ((r2 = transfer_encoding(&r->headers, &chunked, e)) < 0)
			return r2;
		/* §6.3 item 3: with Content-Length too, TE wins and the connection must close. */
		if (http_headers_count(&r->headers, "Content-Length") > 0 || r->minor == 0)
			r->keep_alive = 0;
		if (chunked) {
			p->body_mode = HTTP_BODY_CHUNKED;
			p->state = P_BODY_CHUNKED;
		} else {
			p->body_mode = HTTP_BODY_CLOSE;
			p->state = P_BODY_CLOSE;
			r->keep_alive = 0;
		}
		return 0;
	}
	if ((r2 = content_length(&r->headers, &have_cl, &cl, e)) < 0)
		return r2;
	if (have_cl) {
		if (cl > p->lim.max_body && !p->lim.truncate_body)
			return err_set(e, ERR_RANGE,
			    "response body of %llu bytes is over the limit of %zu bytes",
			    (unsigned long long)cl, p->lim.max_body);
		p->body_mode = HTTP_BODY_LENGTH;
		p->remaining = cl;
		p->state = cl == 0 ? P_DONE : P_BODY_LENGTH;
		return 0;
	}
	p->body_mode = HTTP_BODY_CLOSE;
	p->state = P_BODY_CLOSE;
	r->keep_alive = 0;
	return 0;
}

static int
body_sink(void *arg, const unsigned char *d, size_t n, struct errinfo *e)
{
	struct http_parser *p = arg;
	struct http_response *r = p->resp;
	size_t keep = n;

	if (n == 0)
		return 0;
	if (r->body_total + n > p->lim.max_body) {
		if (!p->lim.truncate_body)
			return err_set(e, ERR_RANGE, "response body is over the limit of %zu bytes",
			    p->lim.max_body);
		keep = r->body_total >= p->lim.max_body ? 0 :
		    (size_t)(p->lim.max_body - r->body_total);
		r->body_truncated = 1;
	}
	if (keep && buf_put(&r->body, d, keep) < 0)
		return err_set(e, ERR_RANGE, "response body is over the buffer limit");
	r->body_total += n;
	return 0;
}

/* One complete line of the status/header section (terminator removed). */
static int
line_done(struct http_parser *p, struct errinfo *e)
{
	const char *s = p->line.s ? p->line.s : "";
	size_t n = p->line.len;
	int r;

	if (p->state == P_STATUS) {
		if (n == 0) {
			/* Stray empty lines before a status line (a peer's extra CRLF). */
			if (++p->empty_lines > 4)
				return err_set(e, ERR_PROTO, "empty lines instead of a status line");
			return 0;
		}
		if (memchr(s, '\r', n) || memchr(s, '\0', n))
			return err_set(e, ERR_PROTO, "status line has a bare CR or NUL");
		if ((r = parse_status(p, s, n, e)) < 0)
			return r;
		p->state = P_HEADERS;
		return 0;
	}
	if (n == 0)
		return headers_done(p, e);
	return http_field_line_parse(&p->resp->headers, s, n, p->lim.max_fields,
	    p->lim.max_field_bytes, e);
}

int
http_parser_feed(struct http_parser *p, const void *data, size_t n, size_t *used,
    struct errinfo *e)
{
	const unsigned char *d = data;
	size_t i = 0, k, u;
	int r;

	*used = 0;
	if (p->err)
		return err_set(e, p->err, "HTTP response already failed");
	while (i < n && p->state != P_DONE) {
		switch (p->state) {
		case P_STATUS:
		case P_HEADERS: {
			const unsigned char *lf = memchr(d + i, '\n', n - i);
			size_t take = lf ? (size_t)(lf - (d + i)) : n - i;

			if (p->line.len + take > p->lim.max_line + 1) {
				err_set(e, ERR_RANGE, "%s line longer than %zu bytes",
				    p->state == P_STATUS ? "status" : "header", p->lim.max_line);
				return fail(p, ERR_RANGE);
			}
			str_add(&p->line, d + i, take);
			i += take;
			if (!lf)
				break;
			i++;	/* the LF */
			if (p->line.len > 0 && p->line.s[p->line.len - 1] == '\r')
				str_truncate(&p->line, p->line.len - 1);
			if (p->line.len > p->lim.max_line) {
				err_set(e, ERR_RANGE, "%s line longer than %zu bytes",
				    p->state == P_STATUS ? "status" : "header", p->lim.max_line);
				return fail(p, ERR_RANGE);
			}
			r = line_done(p, e);
			str_reset(&p->line);
			if (r < 0)
				return fail(p, r);
			break;
		}
		case P_BODY_LENGTH:
			k = n - i;
			if ((uint64_t)k > p->remaining)
				k = (size_t)p->remaining;
			if ((r = body_sink(p, d + i, k, e)) < 0)
				return fail(p, r);
			p->remaining -= k;
			i += k;
			if (p->remaining == 0)
				p->state = P_DONE;
			break;
		case P_BODY_CHUNKED:
			r = http_chunked_feed(&p->ch, d + i, n - i, &u, body_sink, p, e);
			i += u;
			if (r == 0)
				p->state = P_DONE;
			else if (r != ERR_AGAIN)
				return fail(p, r);
			break;
		case P_BODY_CLOSE:
			if ((r = body_sink(p, d + i, n - i, e)) < 0)
				return fail(p, r);
			i = n;
			break;
		}
	}
	p->received += i;
	*used = i;
	return p->state == P_DONE ? 0 : ERR_AGAIN;
}

int
http_parser_finish(struct http_parser *p, struct errinfo *e)
{
	if (p->err)
		return err_set(e, p->err, "HTTP response already failed");
	switch (p->state) {
	case P_DONE:
		return 0;
	case P_BODY_CLOSE:
		p->state = P_DONE;
		return 0;
	case P_STATUS:
		if (p->received == 0)
			return fail(p, err_set(e, ERR_CLOSED, "connection closed before any response"));
		return fail(p, err_set(e, ERR_PROTO, "connection closed inside the status line"));
	case P_HEADERS:
		return fail(p, err_set(e, ERR_PROTO, "connection closed inside the response headers"));
	case P_BODY_LENGTH:
		return fail(p, err_set(e, ERR_PROTO,
		    "connection closed after %llu of %llu body bytes",
		    (unsigned long long)p->resp->body_total,
		    (unsigned long long)(p->resp->body_total + p->remaining)));
	case P_BODY_CHUNKED:
	default:
		return fail(p, err_set(e, ERR_PROTO,
		    "connection closed inside the chunked body after %llu bytes",
		    (unsigned long long)p->resp->body_total));
	}
}
