/*
 * json — see json.h. Grammar from RFC 8259 §2–§7; recursion depth is bounded so
 * a document of nested brackets cannot exhaust the stack.
 */
#include "core/json.h"

#include <stdlib.h>
#include <string.h>

#include "core/enc.h"
#include "core/err.h"
#include "core/str.h"
#include "core/wipe.h"
#include "core/xmalloc.h"

struct jp {
	const char	*s;
	size_t		 n;
	size_t		 i;
	const char	*what;
	struct json_doc	*d;
	struct errinfo	*e;
};

void
json_init(struct json_doc *d)
{
	memset(d, 0, sizeof(*d));
}

void
json_release(struct json_doc *d)
{
	size_t i;

	/* Wiped: documents carry tokens and passwords (docker config, token replies). */
	for (i = 0; i < d->n; i++) {
		if (d->v[i].key)
			freezero(d->v[i].key, d->v[i].keylen);
		if (d->v[i].s)
			freezero(d->v[i].s, d->v[i].len);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

static int
jerr(struct jp *p, const char *msg)
{
	int line = 1, col = 1;
	size_t i;

	for (i = 0; i < p->i && i < p->n; i++) {
		if (p->s[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	return err_setloc(p->e, ERR_PARSE, p->what ? p->what : "JSON", line, col,
	    "invalid JSON: %s", msg);
}

static void
skip_ws(struct jp *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' ||
	    p->s[p->i] == '\r'))
		p->i++;
}

static size_t
new_value(struct jp *p, enum json_type t)
{
	struct json_value *v;

	if (p->d->n == p->d->cap) {
		p->d->cap = p->d->cap ? p->d->cap * 2 : 16;
		p->d->v = xreallocarray(p->d->v, p->d->cap, sizeof(p->d->v[0]));
	}
	v = &p->d->v[p->d->n];
	memset(v, 0, sizeof(*v));
	v->type = t;
	v->first = v->last = v->next = JSON_NONE;
	return p->d->n++;
}

static int
hex4(struct jp *p, unsigned *out)
{
	unsigned v = 0;
	int k;

	if (p->n - p->i < 4)
		return jerr(p, "short \\u escape");
	for (k = 0; k < 4; k++) {
		int d = hex_digit((unsigned char)p->s[p->i++]);

		if (d < 0)
			return jerr(p, "bad hex digit in \\u escape");
		v = v << 4 | (unsigned)d;
	}
	*out = v;
	return 0;
}

static void
put_utf8(struct str *o, unsigned cp)
{
	if (cp < 0x80) {
		str_addch(o, (int)cp);
	} else if (cp < 0x800) {
		str_addch(o, (int)(0xc0 | (cp >> 6)));
		str_addch(o, (int)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		str_addch(o, (int)(0xe0 | (cp >> 12)));
		str_addch(o, (int)(0x80 | ((cp >> 6) & 0x3f)));
		str_addch(o, (int)(0x80 | (cp & 0x3f)));
	} else {
		str_addch(o, (int)(0xf0 | (cp >> 18)));
		str_addch(o, (int)(0x80 | ((cp >> 12) & 0x3f)));
		str_addch(o, (int)(0x80 | ((cp >> 6) & 0x3f)));
		str_addch(o, (int)(0x80 | (cp & 0x3f)));
	}
}

/* A string at p->i (the opening quote), decoded into a new heap string. */
static int
parse_string(struct jp *p, char **out, size_t *outlen)
{
	struct str o = STR_INIT;
	unsigned cp, lo;
	int r;

	p->i++;
	for (;;) {
		unsigned char c;

		if (p->i >= p->n) {
			r = jerr(p, "unterminated string");
			goto fail;
		}
		c = (unsigned char)p->s[p->i];
		if (c == '"') {
			p->i++;
			break;
		}
		if (c < 0x20) {
			r = jerr(p, "control character in string");
			goto fail;
		}
		if (c != '\\') {
			str_addch(&o, c);
			p->i++;
			continue;
		}
		if (++p->i >= p->n) {
			r = jerr(p, "unterminated escape");
			goto fail;
		}
		c = (unsigned char)p->s[p->i++];
		switch (c) {
		case '"': str_addch(&o, '"'); break;
		case '\\': str_addch(&o, '\\'); break;
		case '/': str_addch(&o, '/'); break;
		case 'b': str_addch(&o, '\b'); break;
		case 'f': str_addch(&o, '\f'); break;
		case 'n': str_addch(&o, '\n'); break;
		case 'r': str_addch(&o, '\r'); break;
		case 't': str_addch(&o, '\t'); break;
		case 'u':
			if ((r = hex4(p, &cp)) < 0)
				goto fail;
			if (cp >= 0xd800 && cp < 0xdc00) {
				/* §7: a high surrogate must be followed by an escaped low one. */
				if (p->n - p->i < 2 || p->s[p->i] != '\\' || p->s[p->i + 1] != 'u') {
					r = jerr(p, "lone high surrogate");
					goto fail;
				}
				p->i += 2;
				if ((r = hex4(p, &lo)) < 0)
					goto fail;
				if (lo < 0xdc00 || lo > 0xdfff) {
					r = jerr(p, "high surrogate without a low one");
					goto fail;
				}
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			} else if (cp >= 0xdc00 && cp <= 0xdfff) {
				r = jerr(p, "lone low surrogate");
				goto fail;
			}
			put_utf8(&o, cp);
			break;
		default:
			p->i--;
			r = jerr(p, "unknown escape");
			goto fail;
		}
	}
	if (o.s == NULL)
		str_grow(&o, 1);
	*out = str_detach(&o, outlen);
	return 0;
fail:
	str_release(&o);
	return r;
}

static int
parse_number(struct jp *p, size_t idx)
{
	size_t st = p->i;

#define DIG(k) ((k) < p->n && p->s[(k)] >= '0' && p->s[(k)] <= '9')
	if (p->i < p->n && p->s[p->i] == '-')
		p->i++;
	if (!DIG(p->i))
		return jerr(p, "bad number");
	if (p->s[p->i] == '0')
		p->i++;
	else
		while (DIG(p->i))
			p->i++;
	if (p->i < p->n && p->s[p->i] == '.') {
		p->i++;
		if (!DIG(p->i))
			return jerr(p, "bad number fraction");
		while (DIG(p->i))
			p->i++;
	}
	if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
		p->i++;
		if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
			p->i++;
		if (!DIG(p->i))
			return jerr(p, "bad number exponent");
		while (DIG(p->i))
			p->i++;
	}
#undef DIG
	p->d->v[idx].s = xstrndup(p->s + st, p->i - st);
	p->d->v[idx].len = p->i - st;
	return 0;
}

static int parse_value(struct jp *p, int depth, size_t *out);

static void
link_child(struct jp *p, size_t parent, size_t child)
{
	struct json_value *pv = &p->d->v[parent];

	if (pv->last == JSON_NONE)
		pv->first = child;
	else
		p->d->v[pv->last].next = child;
	p->d->v[parent].last = child;
	p->d->v[parent].count++;
}

static int
parse_container(struct jp *p, int depth, size_t idx, int object)
{
	char close = object ? '}' : ']';
	size_t child;
	char *key = NULL;
	size_t keylen = 0;
	int r;

	p->i++;
	skip_ws(p);
	if (p->i < p->n && p->s[p->i] == close) {
		p->i++;
		return 0;
	}
	for (;;) {
		skip_ws(p);
		if (object) {
			if (p->i >= p->n || p->s[p->i] != '"')
				return jerr(p, "expected a member name");
			if ((r = parse_string(p, &key, &keylen)) < 0)
				return r;
			skip_ws(p);
			if (p->i >= p->n || p->s[p->i] != ':') {
				free(key);
				return jerr(p, "expected ':'");
			}
			p->i++;
		}
		if ((r = parse_value(p, depth + 1, &child)) < 0) {
			free(key);
			return r;
		}
		p->d->v[child].key = key;
		p->d->v[child].keylen = keylen;
		key = NULL;
		link_child(p, idx, child);
		skip_ws(p);
		if (p->i >= p->n)
			return jerr(p, object ? "unterminated object" : "unterminated array");
		if (p->s[p->i] == ',') {
			p->i++;
			continue;
		}
		if (p->s[p->i] == close) {
			p->i++;
			return 0;
		}
		return jerr(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
	}
}

static int
literal(struct jp *p, const char *lit)
{
	size_t l = strlen(lit);

	if (p->n - p->i < l || memcmp(p->s + p->i, lit, l) != 0)
		return jerr(p, "unexpected character");
	p->i += l;
	return 0;
}

static int
parse_value(struct jp *p, int depth, size_t *out)
{
	size_t idx;
	int r;

	if (depth > JSON_MAX_DEPTH)
		return jerr(p, "nested too deeply");
	if (p->d->n >= JSON_MAX_VALUES)
		return jerr(p, "too many values");
	skip_ws(p);
	if (p->i >= p->n)
		return jerr(p, "unexpected end of input");
	switch (p->s[p->i]) {
	case '{':
		idx = new_value(p, JSON_OBJECT);
		r = parse_container(p, depth, idx, 1);
		break;
	case '[':
		idx = new_value(p, JSON_ARRAY);
		r = parse_container(p, depth, idx, 0);
		break;
	case '"':
		idx = new_value(p, JSON_STRING);
		{
			char *s = NULL;
			size_t l = 0;

			r = parse_string(p, &s, &l);
			p->d->v[idx].s = s;
			p->d->v[idx].len = l;
		}
		break;
	case 't':
		idx = new_value(p, JSON_TRUE);
		r = literal(p, "true");
		break;
	case 'f':
		idx = new_value(p, JSON_FALSE);
		r = literal(p, "false");
		break;
	case 'n':
		idx = new_value(p, JSON_NULL);
		r = literal(p, "null");
		break;
	default:
		idx = new_value(p, JSON_NUMBER);
		r = parse_number(p, idx);
		break;
	}
	*out = idx;
	return r;
}

int
json_parse(struct json_doc *d, const char *s, size_t n, const char *what, struct errinfo *e)
{
	struct jp p = { s, n, 0, what, d, e };
	size_t root;
	int r;

	json_init(d);
	/* A UTF-8 byte order mark is tolerated (§8.1 lets a parser ignore it). */
	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		p.i = 3;
	if ((r = parse_value(&p, 0, &root)) < 0)
		goto fail;
	skip_ws(&p);
	if (p.i != n) {
		r = jerr(&p, "trailing data after the document");
		goto fail;
	}
	return 0;
fail:
	json_release(d);
	return r;
}

const struct json_value *
json_root(const struct json_doc *d)
{
	return d->n ? &d->v[0] : NULL;
}

const struct json_value *
json_first(const struct json_doc *d, const struct json_value *v)
{
	if (v == NULL || (v->type != JSON_ARRAY && v->type != JSON_OBJECT) || v->first == JSON_NONE)
		return NULL;
	return &d->v[v->first];
}

const struct json_value *
json_next(const struct json_doc *d, const struct json_value *v)
{
	if (v == NULL || v->next == JSON_NONE)
		return NULL;
	return &d->v[v->next];
}

const struct json_value *
json_member(const struct json_doc *d, const struct json_value *obj, const char *key)
{
	const struct json_value *c, *found = NULL;
	size_t kl = strlen(key);

	if (obj == NULL || obj->type != JSON_OBJECT)
		return NULL;
	for (c = json_first(d, obj); c; c = json_next(d, c))
		if (c->keylen == kl && memcmp(c->key, key, kl) == 0)
			found = c;
	return found;
}

const char *
json_get_str(const struct json_doc *d, const struct json_value *obj, const char *key)
{
	const struct json_value *v = json_member(d, obj, key);

	if (v == NULL || v->type != JSON_STRING || strlen(v->s) != v->len)
		return NULL;
	return v->s;
}

int
json_get_int(const struct json_value *v, int64_t *out)
{
	const char *s;
	int neg = 0;
	uint64_t x = 0, lim;

	if (v == NULL || v->type != JSON_NUMBER)
		return ERR_INVAL;
	s = v->s;
	if (*s == '-') {
		neg = 1;
		s++;
	}
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return ERR_INVAL;
		if (x > (lim - (uint64_t)(*s - '0')) / 10)
			return ERR_RANGE;
		x = x * 10 + (uint64_t)(*s - '0');
	}
	*out = neg ? (int64_t)(0 - x) : (int64_t)x;
	return 0;
}

void
json_quote(const void *data, size_t n, struct str *out)
{
	const unsigned char *p = data;
	size_t i;

	str_addch(out, '"');
	for (i = 0; i < n; i++) {
		switch (p[i]) {
		case '"': str_adds(out, "\\\""); break;
		case '\\': str_adds(out, "\\\\"); break;
		case '\b': str_adds(out, "\\b"); break;
		case '\f': str_adds(out, "\\f"); break;
		case '\n': str_adds(out, "\\n"); break;
		case '\r': str_adds(out, "\\r"); break;
		case '\t': str_adds(out, "\\t"); break;
		default:
			if (p[i] < 0x20)
				str_addf(out, "\\u%04x", p[i]);
			else
				str_addch(out, (char)p[i]);
		}
	}
	str_addch(out, '"');
}
