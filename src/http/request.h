/*
 * request — serialises an HTTP/1.1 request head (RFC 9112 §3, §5).
 *
 * Pure: writes bytes into a str, validating every part so that nothing taken
 * from a config file or a redirect can split the request (a CR or LF in a field
 * value, a space in the target) — request smuggling starts there.
 */
#ifndef SEXTANT_HTTP_REQUEST_H
#define SEXTANT_HTTP_REQUEST_H

#include <stddef.h>

struct errinfo;
struct http_headers;
struct str;

/* 1 if s[0..n) is a token (RFC 9110 §5.6.2): a method or a field name. */
int	http_is_token(const char *s, size_t n);
/* 1 if a field value has no CR, LF, NUL or other control but HTAB (§5.5). */
int	http_is_field_value(const char *s, size_t n);

/*
 * Appends "METHOD target HTTP/1.1\r\nHost: host\r\n<headers>\r\n" to out.
 * Content-Length is added when has_body is set (and must then not be in
 * headers); a Host in headers is refused: pass it as host.
 */
int	http_request_head(struct str *out, const char *method, const char *target,
	    const char *host, const struct http_headers *headers, int has_body,
	    size_t body_len, struct errinfo *e);

#endif
