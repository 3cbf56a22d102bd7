/*
 * json — a small, bounded JSON reader (RFC 8259).
 *
 * Parses a whole document into a flat array of values linked by index, then
 * answers look-ups. Used for ~/.docker/config.json, registry token replies,
 * manifests and error bodies. Bounded: the caller caps the input size, nesting
 * is capped at JSON_MAX_DEPTH and values at JSON_MAX_VALUES. Strings are
 * decoded (escapes, \u surrogate pairs to UTF-8). Duplicate member names are
 * kept; json_member returns the last, as Go's encoding/json (what Docker and
 * the registry use) would.
 */
#ifndef SEXTANT_CORE_JSON_H
#define SEXTANT_CORE_JSON_H

#include <stddef.h>
#include <stdint.h>

struct errinfo;
struct str;

#define JSON_MAX_DEPTH	64
#define JSON_MAX_VALUES	(1u << 20)
#define JSON_NONE	((size_t)-1)

enum json_type {
	JSON_NULL,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT
};

struct json_value {
	enum json_type	 type;
	char		*key;	/* member name inside an object, else NULL */
	size_t		 keylen;
	char		*s;	/* decoded string, or the number's text; NUL-terminated */
	size_t		 len;
	size_t		 first;	/* first child (array/object), JSON_NONE if empty */
	size_t		 last;
	size_t		 next;	/* next sibling */
	size_t		 count;	/* children */
};

struct json_doc {
	struct json_value	*v;
	size_t			 n;
	size_t			 cap;
};

void	json_init(struct json_doc *d);
void	json_release(struct json_doc *d);
/* what names the input in messages ("~/.docker/config.json"); errors carry line:col. */
int	json_parse(struct json_doc *d, const char *s, size_t n, const char *what,
	    struct errinfo *e);

const struct json_value *json_root(const struct json_doc *d);
/* Member of an object by name (the last if repeated), or NULL (also if obj is not an object). */
const struct json_value *json_member(const struct json_doc *d, const struct json_value *obj,
	    const char *key);
/* Children of an array or object, in order. */
const struct json_value *json_first(const struct json_doc *d, const struct json_value *v);
const struct json_value *json_next(const struct json_doc *d, const struct json_value *v);
/* A string member as a C string: NULL if absent, not a string, or holding a NUL. */
const char *json_get_str(const struct json_doc *d, const struct json_value *obj, const char *key);
/* An integer number (no fraction or exponent) in int64 range. */
int	json_get_int(const struct json_value *v, int64_t *out);

/*
 * Appends p[0..n) as a JSON string, "..." with the escapes Ruby's JSON.generate
 * writes: \" \\ \b \f \n \r \t, other bytes below 0x20 as \u00XX, everything
 * else (UTF-8 included) as it is. Kamal prints its JSON this way.
 */
void	json_quote(const void *p, size_t n, struct str *out);

#endif
