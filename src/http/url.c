/*
 * url — see url.h. Grammar from RFC 3986 §3 (scheme, authority, path, query);
 * reference resolution from §5.2; the http/https schemes from RFC 9110 §4.2.
 *
 * Deliberately narrower than RFC 3986: bytes outside printable ASCII, spaces
 * and percent signs in the host are refused rather than guessed at, since every
 * URL sextant handles comes from a registry, a config file or a Location field.
 */
#include "http/url.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "core/enc.h"
#include "core/err.h"
#include "core/str.h"
#include "core/xmalloc.h"

void
url_init(struct url *u)
{
	memset(u, 0, sizeof(*u));
}

void
url_release(struct url *u)
{
	free(u->scheme);
	free(u->user);
	if (u->password) {
		memset(u->password, 0, strlen(u->password));
		free(u->password);
	}
	free(u->host);
	free(u->target);
	memset(u, 0, sizeof(*u));
}

void
url_copy(struct url *dst, const struct url *src)
{
	url_init(dst);
	dst->scheme = src->scheme ? xstrdup(src->scheme) : NULL;
	dst->user = src->user ? xstrdup(src->user) : NULL;
	dst->password = src->password ? xstrdup(src->password) : NULL;
	dst->host = src->host ? xstrdup(src->host) : NULL;
	dst->port = src->port;
	dst->port_explicit = src->port_explicit;
	dst->host_is_ipv6 = src->host_is_ipv6;
	dst->target = src->target ? xstrdup(src->target) : NULL;
}

int
url_is_tls(const struct url *u)
{
	return u->scheme && strcmp(u->scheme, "https") == 0;
}

int
url_same_origin(const struct url *a, const struct url *b)
{
	return strcmp(a->scheme, b->scheme) == 0 && strcmp(a->host, b->host) == 0 &&
	    a->port == b->port;
}

int
url_host_is_ip(const char *host)
{
	unsigned char tmp[16];

	return inet_pton(AF_INET, host, tmp) == 1 || inet_pton(AF_INET6, host, tmp) == 1;
}

/* Percent-decodes p[0..n) (RFC 3986 §2.1); refuses a decoded NUL. */
static char *
pct_decode(const char *p, size_t n)
{
	struct str s = STR_INIT;
	size_t i;
	int h, l;

	str_grow(&s, n);
	for (i = 0; i < n; i++) {
		if (p[i] == '%' && i + 2 < n &&
		    (h = hex_digit(p[i + 1])) >= 0 && (l = hex_digit(p[i + 2])) >= 0 && (h | l) != 0) {
			str_addch(&s, h * 16 + l);
			i += 2;
		} else {
			str_addch(&s, p[i]);
		}
	}
	return str_detach(&s, NULL);
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_unreserved(int c)
{
	return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

static int
check_chars(const char *s, size_t n, struct errinfo *e)
{
	size_t i;

	if (n > URL_MAX)
		return err_set(e, ERR_RANGE, "URL longer than %d bytes", URL_MAX);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= 0x20 || c >= 0x7f)
			return err_set(e, ERR_PARSE,
			    "URL has a space, control or non-ASCII byte at offset %zu", i);
	}
	return 0;
}

/* Parses the authority [userinfo@]host[:port] (RFC 3986 §3.2). */
static int
parse_authority(struct url *u, const char *a, size_t n, struct errinfo *e)
{
	const char *at = NULL, *h, *hend, *pp = NULL;
	size_t i;
	char tmp[64];
	unsigned long port;

	for (i = 0; i < n; i++)
		if (a[i] == '@')
			at = a + i;
	h = a;
	if (at) {
		const char *colon = memchr(a, ':', (size_t)(at - a));

		if (colon) {
			u->user = pct_decode(a, (size_t)(colon - a));
			u->password = pct_decode(colon + 1, (size_t)(at - colon - 1));
		} else {
			u->user = pct_decode(a, (size_t)(at - a));
		}
		h = at + 1;
	}
	hend = a + n;
	if (h < hend && *h == '[') {
		const char *rb = memchr(h, ']', (size_t)(hend - h));

		if (rb == NULL || (size_t)(rb - h - 1) >= sizeof(tmp))
			return err_set(e, ERR_PARSE, "URL has a malformed IPv6 literal");
		memcpy(tmp, h + 1, (size_t)(rb - h - 1));
		tmp[rb - h - 1] = '\0';
		{
			unsigned char bin[16];

			if (inet_pton(AF_INET6, tmp, bin) != 1)
				return err_set(e, ERR_PARSE, "URL has an invalid IPv6 address [%s]", tmp);
		}
		u->host = xstrdup(tmp);
		u->host_is_ipv6 = 1;
		if (rb + 1 < hend) {
			if (rb[1] != ':')
				return err_set(e, ERR_PARSE, "URL has junk after the IPv6 literal");
			pp = rb + 2;
		}
	} else {
		const char *colon = memchr(h, ':', (size_t)(hend - h));
		const char *q;

		if (colon)
			pp = colon + 1;
		else
			colon = hend;
		if (colon == h)
			return err_set(e, ERR_PARSE, "URL has an empty host");
		for (q = h; q < colon; q++)
			if (!is_unreserved((unsigned char)*q))
				return err_set(e, ERR_PARSE, "URL host has an invalid character '%c'", *q);
		u->host = xstrndup(h, (size_t)(colon - h));
		for (i = 0; u->host[i]; i++)
			if (u->host[i] >= 'A' && u->host[i] <= 'Z')
				u->host[i] = (char)(u->host[i] - 'A' + 'a');
	}
	u->port = strcmp(u->scheme, "https") == 0 ? 443 : 80;
	if (pp && pp < hend) {
		port = 0;
		for (; pp < hend; pp++) {
			if (!is_digit((unsigned char)*pp))
				return err_set(e, ERR_PARSE, "URL has an invalid port");
			port = port * 10 + (unsigned long)(*pp - '0');
			if (port > 65535)
				return err_set(e, ERR_PARSE, "URL port is over 65535");
		}
		if (port == 0)
			return err_set(e, ERR_PARSE, "URL port is 0");
		u->port = (unsigned)port;
		u->port_explicit = 1;
	}
	return 0;
}

int
url_parse(struct url *u, const char *s, struct errinfo *e)
{
	size_t n = strlen(s), i;
	const char *p, *auth, *aend, *frag;
	struct str t = STR_INIT;
	int r;

	url_init(u);
	if ((r = check_chars(s, n, e)) < 0)
		goto out;
	for (i = 0; i < n && (is_alpha((unsigned char)s[i]) ||
	    (i > 0 && (is_digit((unsigned char)s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')));
	    i++)
		;
	if (i == 0 || i + 3 > n || memcmp(s + i, "://", 3) != 0) {
		r = err_set(e, ERR_PARSE, "not an absolute http(s) URL: %.200s", s);
		goto out;
	}
	u->scheme = xstrndup(s, i);
	for (p = u->scheme; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			u->scheme[p - u->scheme] = (char)(*p - 'A' + 'a');
	if (strcmp(u->scheme, "http") != 0 && strcmp(u->scheme, "https") != 0) {
		r = err_set(e, ERR_UNSUPPORTED, "URL scheme %s is not http or https", u->scheme);
		goto out;
	}
	auth = s + i + 3;
	frag = strchr(auth, '#');
	if (frag == NULL)
		frag = s + n;
	for (aend = auth; aend < frag && *aend != '/' && *aend != '?'; aend++)
		;
	if ((r = parse_authority(u, auth, (size_t)(aend - auth), e)) < 0)
		goto out;
	if (aend == frag || *aend == '?')
		str_addch(&t, '/');
	str_add(&t, aend, (size_t)(frag - aend));
	u->target = str_detach(&t, NULL);
	r = 0;
out:
	str_release(&t);
	if (r < 0)
		url_release(u);
	return r;
}

/* RFC 3986 §5.2.4 remove_dot_segments, on a path starting with '/'. */
static void
remove_dots(const char *in, size_t n, struct str *out)
{
	const char *p = in, *end = in + n;

	while (p < end) {
		size_t rest = (size_t)(end - p);

		if (rest >= 3 && memcmp(p, "../", 3) == 0) {
			p += 3;
		} else if (rest >= 2 && memcmp(p, "./", 2) == 0) {
			p += 2;
		} else if (rest >= 3 && memcmp(p, "/./", 3) == 0) {
			p += 2;
		} else if (rest == 2 && memcmp(p, "/.", 2) == 0) {
			p += 1;
			str_addch(out, '/');
			p = end;
		} else if ((rest >= 4 && memcmp(p, "/../", 4) == 0) ||
		    (rest == 3 && memcmp(p, "/..", 3) == 0)) {
			char *slash;

			p += 3;
			slash = out->len ? memrchr(out->s, '/', out->len) : NULL;
			str_truncate(out, slash ? (size_t)(slash - out->s) : 0);
			if (p == end)
				str_addch(out, '/');
		} else if ((rest == 1 && *p == '.') || (rest == 2 && memcmp(p, "..", 2) == 0)) {
			p = end;
		} else {
			const char *q = p + 1;

			while (q < end && *q != '/')
				q++;
			str_add(out, p, (size_t)(q - p));
			p = q;
		}
	}
	if (out->len == 0)
		str_addch(out, '/');
}

int
url_resolve(const struct url *base, const char *ref, struct url *out, struct errinfo *e)
{
	size_t n = strlen(ref), i;
	const char *frag, *q, *path_end;
	struct str t = STR_INIT, merged = STR_INIT, abs = STR_INIT;
	int r;

	url_init(out);
	if ((r = check_chars(ref, n, e)) < 0)
		return r;
	/* A scheme: an absolute URL (§5.2.2 "if defined(R.scheme)"). */
	for (i = 0; i < n && (is_alpha((unsigned char)ref[i]) || (i > 0 &&
	    (is_digit((unsigned char)ref[i]) || ref[i] == '+' || ref[i] == '-' || ref[i] == '.'))); i++)
		;
	if (i > 0 && i < n && ref[i] == ':')
		return url_parse(out, ref, e);
	if (n >= 2 && ref[0] == '/' && ref[1] == '/') {
		str_addf(&abs, "%s:%s", base->scheme, ref);
		r = url_parse(out, abs.s, e);
		str_release(&abs);
		return r;
	}
	frag = strchr(ref, '#');
	if (frag == NULL)
		frag = ref + n;
	q = memchr(ref, '?', (size_t)(frag - ref));
	path_end = q ? q : frag;
	if (path_end == ref) {
		/* Empty path: keep the base path, and its query unless ref has one. */
		const char *bq = strchr(base->target, '?');

		if (q) {
			str_add(&t, base->target, bq ? (size_t)(bq - base->target) : strlen(base->target));
			str_add(&t, q, (size_t)(frag - q));
		} else {
			str_adds(&t, base->target);
		}
	} else {
		if (ref[0] == '/') {
			str_add(&merged, ref, (size_t)(path_end - ref));
		} else {
			/* §5.2.3 merge: the base path up to its last '/', then ref's path. */
			const char *bq = strchr(base->target, '?');
			size_t bl = bq ? (size_t)(bq - base->target) : strlen(base->target);
			const char *slash = memrchr(base->target, '/', bl);

			str_add(&merged, base->target, slash ? (size_t)(slash - base->target) + 1 : 0);
			if (merged.len == 0)
				str_addch(&merged, '/');
			str_add(&merged, ref, (size_t)(path_end - ref));
		}
		remove_dots(merged.s, merged.len, &t);
		if (q)
			str_add(&t, q, (size_t)(frag - q));
	}
	out->scheme = xstrdup(base->scheme);
	out->host = xstrdup(base->host);
	out->port = base->port;
	out->port_explicit = base->port_explicit;
	out->host_is_ipv6 = base->host_is_ipv6;
	out->user = base->user ? xstrdup(base->user) : NULL;
	out->password = base->password ? xstrdup(base->password) : NULL;
	out->target = str_detach(&t, NULL);
	str_release(&merged);
	return 0;
}

void
url_authority(const struct url *u, struct str *out)
{
	int dflt = (strcmp(u->scheme, "https") == 0 && u->port == 443) ||
	    (strcmp(u->scheme, "http") == 0 && u->port == 80);

	if (u->host_is_ipv6)
		str_addf(out, "[%s]", u->host);
	else
		str_adds(out, u->host);
	if (!dflt)
		str_addf(out, ":%u", u->port);
}

void
url_format(const struct url *u, struct str *out)
{
	str_addf(out, "%s://", u->scheme);
	url_authority(u, out);
	str_adds(out, u->target);
}

void
url_escape(struct str *out, const char *s)
{
	static const char hx[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (is_unreserved(c)) {
			str_addch(out, c);
		} else {
			str_addch(out, '%');
			str_addch(out, hx[c >> 4]);
			str_addch(out, hx[c & 15]);
		}
	}
}
