/*
 * request — see request.h. Grammar: RFC 9112 §3 (request-line), §3.2 (origin-form
 * target), §5 (field lines); RFC 9110 §7.2 (Host), §8.6 (Content-Length).
 */
#include "http/request.h"

#include <string.h>
#include <strings.h>

#include "core/err.h"
#include "core/str.h"
#include "http/headers.h"

int
http_is_token(const char *s, size_t n)
{
	static const char extra[] = "!#$%&'*+-.^_`|~";
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    (c != '\0' && strchr(extra, c) != NULL)))
			return 0;
	}
	return 1;
}

int
http_is_field_value(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return 0;
	}
	return 1;
}

static int
target_ok(const char *t)
{
	size_t i;

	if (t[0] != '/')
		return 0;
	for (i = 0; t[i]; i++)
		if ((unsigned char)t[i] <= 0x20 || (unsigned char)t[i] >= 0x7f)
			return 0;
	return 1;
}

int
http_request_head(struct str *out, const char *method, const char *target, const char *host,
    const struct http_headers *headers, int has_body, size_t body_len, struct errinfo *e)
{
	size_t i;

	if (!http_is_token(method, strlen(method)))
		return err_set(e, ERR_INVAL, "HTTP method \"%.40s\" is not a token", method);
	if (!target_ok(target))
		return err_set(e, ERR_INVAL, "HTTP request target has a space or control byte");
	if (!http_is_field_value(host, strlen(host)) || host[0] == '\0')
		return err_set(e, ERR_INVAL, "HTTP Host value is empty or has a control byte");
	str_addf(out, "%s %s HTTP/1.1\r\nHost: %s\r\n", method, target, host);
	for (i = 0; headers && i < headers->n; i++) {
		const struct http_header *h = &headers->v[i];

		if (!http_is_token(h->name, strlen(h->name)))
			return err_set(e, ERR_INVAL, "HTTP header name \"%.40s\" is not a token", h->name);
		if (!http_is_field_value(h->value, strlen(h->value)))
			return err_set(e, ERR_INVAL, "HTTP header %s has a CR, LF or control byte",
			    h->name);
		if (strcasecmp(h->name, "Host") == 0 || (has_body &&
		    strcasecmp(h->name, "Content-Length") == 0) ||
		    strcasecmp(h->name, "Transfer-Encoding") == 0)
			return err_set(e, ERR_INVAL, "HTTP header %s is set by the client itself",
			    h->name);
		str_addf(out, "%s: %s\r\n", h->name, h->value);
	}
	if (has_body)
		str_addf(out, "Content-Length: %zu\r\n", body_len);
	str_add(out, "\r\n", 2);
	return 0;
}
