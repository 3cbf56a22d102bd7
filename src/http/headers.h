/*
 * headers — an ordered list of HTTP header fields (RFC 9110 §5).
 *
 * Field names compare case-insensitively (§5.1). Order is kept because a
 * recipient may combine repeated fields only where the field's grammar is a
 * list (§5.3), and because Set-Cookie-like fields cannot be combined at all.
 * Values are stored as received after the parser has removed the leading and
 * trailing whitespace (RFC 9112 §5.1) and replaced any obs-fold with SP.
 */
#ifndef SEXTANT_HTTP_HEADERS_H
#define SEXTANT_HTTP_HEADERS_H

#include <stddef.h>

struct http_header {
	char	*name;
	char	*value;
};

struct http_headers {
	struct http_header	*v;
	size_t			 n;
	size_t			 cap;
	size_t			 bytes;	/* sum of name and value lengths, for caps */
};

void	http_headers_init(struct http_headers *h);
void	http_headers_release(struct http_headers *h);
void	http_headers_reset(struct http_headers *h);
void	http_headers_add(struct http_headers *h, const char *name, const char *value);
void	http_headers_addn(struct http_headers *h, const char *name, size_t nlen,
	    const char *value, size_t vlen);
/* Replaces every field of that name by one with this value. */
void	http_headers_set(struct http_headers *h, const char *name, const char *value);
void	http_headers_del(struct http_headers *h, const char *name);
/* First value of the field, or NULL. */
const char *http_headers_get(const struct http_headers *h, const char *name);
/* Number of fields with that name. */
size_t	http_headers_count(const struct http_headers *h, const char *name);
/*
 * 1 if any field of that name, read as a comma-separated list (§5.6.1), has a
 * member equal to token (case-insensitive), e.g. Connection: close.
 */
int	http_headers_has_token(const struct http_headers *h, const char *name, const char *token);
/* Appends value to the last field (obs-fold continuation), joined with one SP. */
void	http_headers_append_last(struct http_headers *h, const char *p, size_t n);

struct errinfo;

/*
 * Parses one field line, without its line terminator, into h (RFC 9112 §5.1):
 * name is a token directly followed by ':', the value loses its surrounding
 * whitespace. A line starting with SP or HTAB is an obs-fold continuation and is
 * joined to the previous field with one SP (§5.2, what a user agent must do).
 * Refuses CR, NUL and other controls but HTAB. ERR_RANGE past max_fields fields
 * or max_bytes of names and values.
 */
int	http_field_line_parse(struct http_headers *h, const char *line, size_t n,
	    size_t max_fields, size_t max_bytes, struct errinfo *e);

#endif
