/*
 * json — recursive-descent JSON reader (RFC 8259) into nodes. Strings are
 * decoded (\uXXXX including surrogate pairs to UTF-8); a NUL inside a string is
 * refused since nodes hold C strings.
 */
#include "config/json.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/yaml.h"
#include "core/err.h"
#include "core/str.h"
#include "core/xmalloc.h"

struct jp {
	const char	*s;
	size_t		 n, i;
	struct errinfo	*e;
};

static int
jfail(struct jp *p, const char *what)
{
	return err_set(p->e, ERR_PARSE, "unexpected %s at offset %zu in JSON", what, p->i);
}

static void
ws(struct jp *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' ||
	    p->s[p->i] == '\r'))
		p->i++;
}

static int
hex4(struct jp *p, unsigned *v)
{
	size_t k;

	*v = 0;
	if (p->n - p->i < 4)
		return -1;
	for (k = 0; k < 4; k++) {
		int c = p->s[p->i + k];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	p->i += 4;
	return 0;
}

static void
utf8(struct str *o, unsigned cp)
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

static int
jstring(struct jp *p, struct str *o)
{
	if (p->i >= p->n || p->s[p->i] != '"')
		return jfail(p, "token");
	p->i++;
	while (p->i < p->n && p->s[p->i] != '"') {
		unsigned char c = (unsigned char)p->s[p->i++];

		if (c < 0x20)
			return jfail(p, "control character in string");
		if (c != '\\') {
			str_addch(o, c);
			continue;
		}
		if (p->i >= p->n)
			return jfail(p, "end of input");
		c = (unsigned char)p->s[p->i++];
		switch (c) {
		case '"': case '\\': case '/': str_addch(o, c); break;
		case 'b': str_addch(o, '\b'); break;
		case 'f': str_addch(o, '\f'); break;
		case 'n': str_addch(o, '\n'); break;
		case 'r': str_addch(o, '\r'); break;
		case 't': str_addch(o, '\t'); break;
		case 'u': {
			unsigned cp, lo;

			if (hex4(p, &cp) != 0)
				return jfail(p, "\\u escape");
			if (cp >= 0xd800 && cp < 0xdc00 && p->n - p->i >= 6 && p->s[p->i] == '\\' &&
			    p->s[p->i + 1] == 'u') {
				size_t save = p->i;

				p->i += 2;
				if (hex4(p, &lo) == 0 && lo >= 0xdc00 && lo < 0xe000)
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				else
					p->i = save;
			}
			if (cp == 0)
				return jfail(p, "NUL character in string");
			utf8(o, cp);
			break;
		}
		default:
			return jfail(p, "escape");
		}
	}
	if (p->i >= p->n)
		return jfail(p, "end of input");
	p->i++;
	return 0;
}

static int value(struct jp *p, struct node **out, int depth);

static int
value(struct jp *p, struct node **out, int depth)
{
	int r;

	*out = NULL;
	if (depth > CONFIG_JSON_MAX_DEPTH)
		return err_set(p->e, ERR_RANGE, "JSON nested deeper than %d levels", CONFIG_JSON_MAX_DEPTH);
	ws(p);
	if (p->i >= p->n)
		return jfail(p, "end of input");
	switch (p->s[p->i]) {
	case '{': {
		struct node *m = node_new(NODE_MAP, NULL, 0, 0);

		p->i++;
		ws(p);
		if (p->i < p->n && p->s[p->i] == '}') {
			p->i++;
			*out = m;
			return 0;
		}
		for (;;) {
			struct str k = STR_INIT;
			struct node *v;

			ws(p);
			if ((r = jstring(p, &k)) != 0) {
				str_release(&k);
				node_free(m);
				return r;
			}
			ws(p);
			if (p->i >= p->n || p->s[p->i] != ':') {
				str_release(&k);
				node_free(m);
				return jfail(p, "token (expected ':')");
			}
			p->i++;
			if ((r = value(p, &v, depth + 1)) != 0) {
				str_release(&k);
				node_free(m);
				return r;
			}
			node_map_set(m, node_new_scalar(NODE_STR, str_cstr(&k), NULL, 0, 0), v);
			str_release(&k);
			ws(p);
			if (p->i < p->n && p->s[p->i] == ',') {
				p->i++;
				continue;
			}
			if (p->i < p->n && p->s[p->i] == '}') {
				p->i++;
				*out = m;
				return 0;
			}
			node_free(m);
			return jfail(p, "token in object");
		}
	}
	case '[': {
		struct node *a = node_new(NODE_SEQ, NULL, 0, 0);

		p->i++;
		ws(p);
		if (p->i < p->n && p->s[p->i] == ']') {
			p->i++;
			*out = a;
			return 0;
		}
		for (;;) {
			struct node *v;

			if ((r = value(p, &v, depth + 1)) != 0) {
				node_free(a);
				return r;
			}
			node_seq_push(a, v);
			ws(p);
			if (p->i < p->n && p->s[p->i] == ',') {
				p->i++;
				continue;
			}
			if (p->i < p->n && p->s[p->i] == ']') {
				p->i++;
				*out = a;
				return 0;
			}
			node_free(a);
			return jfail(p, "token in array");
		}
	}
	case '"': {
		struct str s = STR_INIT;

		if ((r = jstring(p, &s)) != 0) {
			str_release(&s);
			return r;
		}
		*out = node_new_scalar(NODE_STR, str_cstr(&s), NULL, 0, 0);
		str_release(&s);
		return 0;
	}
	case 't':
		if (p->n - p->i >= 4 && memcmp(p->s + p->i, "true", 4) == 0) {
			p->i += 4;
			*out = node_new_scalar(NODE_BOOL, "true", NULL, 0, 0);
			return 0;
		}
		return jfail(p, "token");
	case 'f':
		if (p->n - p->i >= 5 && memcmp(p->s + p->i, "false", 5) == 0) {
			p->i += 5;
			*out = node_new_scalar(NODE_BOOL, "false", NULL, 0, 0);
			return 0;
		}
		return jfail(p, "token");
	case 'n':
		if (p->n - p->i >= 4 && memcmp(p->s + p->i, "null", 4) == 0) {
			p->i += 4;
			*out = node_new_scalar(NODE_NULL, "", NULL, 0, 0);
			return 0;
		}
		return jfail(p, "token");
	default: {
		size_t st = p->i;
		int isf = 0;
		char buf[64];

		if (p->s[p->i] == '-')
			p->i++;
		if (p->i >= p->n || !isdigit((unsigned char)p->s[p->i]))
			return jfail(p, "token");
		while (p->i < p->n && isdigit((unsigned char)p->s[p->i]))
			p->i++;
		if (p->i < p->n && p->s[p->i] == '.') {
			isf = 1;
			p->i++;
			while (p->i < p->n && isdigit((unsigned char)p->s[p->i]))
				p->i++;
		}
		if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
			isf = 1;
			p->i++;
			if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
				p->i++;
			while (p->i < p->n && isdigit((unsigned char)p->s[p->i]))
				p->i++;
		}
		if (p->i - st >= sizeof(buf))
			return jfail(p, "number");
		memcpy(buf, p->s + st, p->i - st);
		buf[p->i - st] = '\0';
		if (isf) {
			char t[64];

			yaml_ruby_float(strtod(buf, NULL), t, sizeof(t));
			*out = node_new_scalar(NODE_FLOAT, t, NULL, 0, 0);
		} else {
			*out = node_new_scalar(NODE_INT, buf, NULL, 0, 0);
		}
		return 0;
	}
	}
}

int
config_json_parse(const char *s, size_t n, struct node **out, struct errinfo *e)
{
	struct jp p;
	int r;

	p.s = s;
	p.n = n;
	p.i = 0;
	p.e = e;
	r = value(&p, out, 0);
	if (r != 0)
		return r;
	ws(&p);
	if (p.i != p.n) {
		node_free(*out);
		*out = NULL;
		return jfail(&p, "trailing data");
	}
	return 0;
}

void
config_json_quote(const char *s, struct str *out)
{
	const unsigned char *p = (const unsigned char *)s;

	str_addch(out, '"');
	for (; *p; p++) {
		switch (*p) {
		case '"': str_adds(out, "\\\""); break;
		case '\\': str_adds(out, "\\\\"); break;
		case '\n': str_adds(out, "\\n"); break;
		case '\r': str_adds(out, "\\r"); break;
		case '\t': str_adds(out, "\\t"); break;
		case '\b': str_adds(out, "\\b"); break;
		case '\f': str_adds(out, "\\f"); break;
		default:
			if (*p < 0x20)
				str_addf(out, "\\u%04x", *p);
			else
				str_addch(out, *p);
		}
	}
	str_addch(out, '"');
}
