/*
 * yaml — libyaml event stream to struct node, with Psych's resolution rules.
 *
 * Psych (ruby/psych lib/psych/scalar_scanner.rb, visitors/to_ruby.rb) decides a
 * plain scalar's type with a cascade of regular expressions; yaml_resolve_plain()
 * reproduces that cascade in order, by hand. Quoted and block scalars are always
 * strings. Merge keys follow Psych's revive_hash: a `<<` key whose value is a
 * mapping (or alias to one) merges it at that point, a sequence of mappings is
 * merged right-to-left first; anything else is stored under the key "<<".
 *
 * Aliases are expanded by copying the anchored subtree; a running node count
 * bounds the expansion (the "billion laughs" document), and an alias to an anchor
 * that is still open (a cycle) is refused.
 */
#include "config/yaml.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "config/config.h"
#include "config/erb.h"
#include "core/err.h"
#include "core/str.h"
#include "core/xmalloc.h"

/* ---- Ruby Float#to_s ---- */

void
yaml_ruby_float(double d, char *out, size_t n)
{
	char buf[64], digits[32];
	int prec, exp10, nd = 0, decpt, i;
	char *p;

	if (isnan(d)) {
		snprintf(out, n, "NaN");
		return;
	}
	if (isinf(d)) {
		snprintf(out, n, "%sInfinity", d < 0 ? "-" : "");
		return;
	}
	if (d == 0) {
		snprintf(out, n, "%s0.0", signbit(d) ? "-" : "");
		return;
	}
	/* Shortest representation that reads back to the same double. */
	for (prec = 0; prec < 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*e", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	snprintf(buf, sizeof(buf), "%.*e", prec, d);
	p = buf;
	if (*p == '-')
		p++;
	for (; *p && *p != 'e'; p++)
		if (isdigit((unsigned char)*p))
			digits[nd++] = *p;
	digits[nd] = '\0';
	exp10 = atoi(p + 1);
	while (nd > 1 && digits[nd - 1] == '0')
		digits[--nd] = '\0';
	decpt = exp10 + 1;
	{
		struct str s = STR_INIT;

		if (d < 0)
			str_addch(&s, '-');
		if (decpt > 0 && decpt <= 16) {
			for (i = 0; i < decpt; i++)
				str_addch(&s, i < nd ? digits[i] : '0');
			str_addch(&s, '.');
			if (nd > decpt)
				str_adds(&s, digits + decpt);
			else
				str_addch(&s, '0');
		} else if (decpt <= 0 && decpt > -4) {
			str_adds(&s, "0.");
			for (i = 0; i < -decpt; i++)
				str_addch(&s, '0');
			str_adds(&s, digits);
		} else {
			str_addch(&s, digits[0]);
			str_addch(&s, '.');
			str_adds(&s, nd > 1 ? digits + 1 : "0");
			str_addf(&s, "e%c%02d", decpt - 1 < 0 ? '-' : '+', abs(decpt - 1));
		}
		snprintf(out, n, "%s", str_cstr(&s));
		str_release(&s);
	}
}

/* ---- Psych's plain scalar cascade ---- */

static int
in_str_class(int c)
{
	/* [[:alpha:]_\s!@#$%^&*(){}<>|/\\~;=] ; non-ASCII treated as alphabetic */
	return isalpha(c) || c >= 0x80 || c == '_' || c == ' ' || c == '\t' || c == '\n' ||
	    c == '\r' || c == '\f' || c == '\v' || (c != 0 && strchr("!@#$%^&*(){}<>|/\\~;=", c) != NULL);
}

static size_t
utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static int
ieq(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

static int
all_digits(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* ^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?(?:\s*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?$ */
static int
match_time(const char *s)
{
	const char *p = s;
	size_t k;

	if (*p == '-')
		p++;
	if (!all_digits(p, 4) || p[4] != '-')
		return 0;
	p += 5;
	for (k = 0; isdigit((unsigned char)p[k]); k++)
		;
	if (k < 1 || k > 2 || p[k] != '-')
		return 0;
	p += k + 1;
	for (k = 0; isdigit((unsigned char)p[k]); k++)
		;
	if (k < 1 || k > 2)
		return 0;
	p += k;
	if (*p == 'T' || *p == 't') {
		p++;
	} else {
		if (!isspace((unsigned char)*p))
			return 0;
		while (isspace((unsigned char)*p))
			p++;
	}
	for (k = 0; isdigit((unsigned char)p[k]); k++)
		;
	if (k < 1 || k > 2 || p[k] != ':')
		return 0;
	p += k + 1;
	if (!all_digits(p, 2) || p[2] != ':')
		return 0;
	p += 3;
	if (!all_digits(p, 2))
		return 0;
	p += 2;
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p))
			p++;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p == 'Z') {
		p++;
	} else if (*p == '-' || *p == '+') {
		p++;
		for (k = 0; isdigit((unsigned char)p[k]); k++)
			;
		if (k < 1)
			return 0;
		if (k > 2) {
			/* \d{1,2} then optional ':' then optional \d\d: "0800" is 2+2 */
			if (k != 4 && k != 3)
				return 0;
		}
		p += k;
		if (*p == ':') {
			p++;
			if (!all_digits(p, 2))
				return 0;
			p += 2;
		}
	}
	return *p == '\0';
}

/* ^\d{4}-(?:1[012]|0\d|\d)-(?:[12]\d|3[01]|0\d|\d)$ plus a real calendar date */
static int
match_date(const char *s)
{
	int y, m, d, k;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (!all_digits(s, 4) || s[4] != '-')
		return 0;
	for (k = 0; isdigit((unsigned char)s[5 + k]); k++)
		;
	if (k < 1 || k > 2 || s[5 + k] != '-')
		return 0;
	m = atoi(s + 5);
	{
		const char *q = s + 5 + k + 1;
		int j;

		for (j = 0; isdigit((unsigned char)q[j]); j++)
			;
		if (j < 1 || j > 2 || q[j] != '\0')
			return 0;
		d = atoi(q);
	}
	y = atoi(s);
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	return 1;
}

/* ^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}$ ; with_frac: then \.[0-9_]* */
static int
match_sexagesimal(const char *s, int with_frac)
{
	const char *p = s;
	int groups = 0;

	if (*p == '-' || *p == '+')
		p++;
	if (!isdigit((unsigned char)*p))
		return 0;
	while (isdigit((unsigned char)*p) || *p == '_')
		p++;
	while (*p == ':') {
		p++;
		if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1])) {
			if (p[0] > '5')
				return 0;
			p += 2;
		} else if (isdigit((unsigned char)p[0])) {
			p += 1;
		} else {
			return 0;
		}
		groups++;
	}
	if (groups < 1 || groups > 2)
		return 0;
	if (with_frac) {
		if (*p != '.')
			return 0;
		p++;
		while (isdigit((unsigned char)*p) || *p == '_')
			p++;
	}
	return *p == '\0';
}

/* FLOAT = ^[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?$ */
static int
match_float(const char *s)
{
	const char *p = s;

	if (*p == '-' || *p == '+')
		p++;
	if (isdigit((unsigned char)*p)) {
		p++;
		while (isdigit((unsigned char)*p) || *p == '_' || *p == ',')
			p++;
	}
	if (*p != '.')
		return 0;
	p++;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p != '-' && *p != '+')
			return 0;
		p++;
		if (!isdigit((unsigned char)*p))
			return 0;
		while (isdigit((unsigned char)*p))
			p++;
	}
	return *p == '\0';
}

/* INTEGER_LEGACY */
static int
match_int(const char *s)
{
	const char *p = s;

	if (*p == '-' || *p == '+')
		p++;
	if (p[0] == '0' && p[1] == 'b') {
		int any = 0;

		for (p += 2; *p == '_' || *p == ','; p++)
			;
		for (; *p == '0' || *p == '1' || *p == '_' || *p == ','; p++)
			any |= *p == '0' || *p == '1';
		return any && *p == '\0' && (p[-1] != 'b');
	}
	if (p[0] == '0' && p[1] == 'x') {
		const char *q;

		for (p += 2; *p == '_' || *p == ','; p++)
			;
		if (!isxdigit((unsigned char)*p))
			return 0;
		for (q = p; isxdigit((unsigned char)*q) || *q == '_' || *q == ','; q++)
			;
		return *q == '\0';
	}
	if (p[0] == '0') {
		const char *q = p + 1;

		if (*q == '\0')
			return 1;
		while (*q == '_' || *q == ',')
			q++;
		if (!(*q >= '0' && *q <= '7'))
			return 0;
		for (; (*q >= '0' && *q <= '7') || *q == '_' || *q == ','; q++)
			;
		return *q == '\0';
	}
	if (!(*p >= '1' && *p <= '9'))
		return 0;
	p++;
	for (;;) {
		if (isdigit((unsigned char)*p)) {
			p++;
		} else if ((*p == ',' || *p == '_') && isdigit((unsigned char)p[1])) {
			p += 2;
		} else {
			break;
		}
	}
	return *p == '\0';
}

/* Ruby Integer(string.delete(',_')) as decimal text. */
static char *
int_text(const char *s)
{
	char buf[128];
	size_t j = 0;
	int neg = 0, base = 10;
	const char *p = s;
	unsigned long long v = 0, lim = 0;
	int overflow = 0;

	if (*p == '-' || *p == '+') {
		neg = *p == '-';
		p++;
	}
	if (p[0] == '0' && p[1] == 'b') {
		base = 2;
		p += 2;
	} else if (p[0] == '0' && p[1] == 'x') {
		base = 16;
		p += 2;
	} else if (p[0] == '0' && p[1] != '\0') {
		base = 8;
		p += 1;
	}
	lim = ~0ULL / (unsigned)base;
	for (; *p; p++) {
		int dgt;

		if (*p == '_' || *p == ',')
			continue;
		dgt = isdigit((unsigned char)*p) ? *p - '0' : tolower((unsigned char)*p) - 'a' + 10;
		if (v > lim)
			overflow = 1;
		v = v * (unsigned)base + (unsigned)dgt;
		if (j + 1 < sizeof(buf))
			buf[j++] = *p;
	}
	buf[j] = '\0';
	if (overflow || v > (unsigned long long)9223372036854775807LL) {
		/* Beyond 64 bits: keep the written digits (decimal only is exact). */
		return base == 10 ? xasprintf("%s%s", neg ? "-" : "", buf) : xstrdup(s);
	}
	return xasprintf("%s%llu", neg && v ? "-" : "", v);
}

enum node_kind
yaml_resolve_plain(const char *s, char **text)
{
	size_t n = strlen(s);
	unsigned char c0 = (unsigned char)s[0];

	*text = NULL;
	if (n == 0)
		goto null;
	{
		/* ^[^\d.:-]?[class]+  or contains "\n" */
		int first = 0;

		if (in_str_class(c0))
			first = 1;
		else if (!(isdigit(c0) || c0 == '.' || c0 == ':' || c0 == '-')) {
			const char *q = s + 1;

			if (c0 >= 0xc0)
				while (((unsigned char)*q & 0xc0) == 0x80)
					q++;
			if (*q && in_str_class((unsigned char)*q))
				first = 1;
		}
		if (first || strchr(s, '\n')) {
			if (utf8_len(s) > 5)
				goto str;
			if (!(c0 == 'y' || c0 == 'Y' || c0 == 't' || c0 == 'T' || c0 == 'o' || c0 == 'O' ||
			    c0 == 'n' || c0 == 'N' || c0 == 'f' || c0 == 'F' || c0 == '~'))
				goto str;
			if (strcmp(s, "~") == 0 || ieq(s, "null"))
				goto null;
			if (ieq(s, "yes") || ieq(s, "true") || ieq(s, "on")) {
				*text = xstrdup("true");
				return NODE_BOOL;
			}
			if (ieq(s, "no") || ieq(s, "false") || ieq(s, "off")) {
				*text = xstrdup("false");
				return NODE_BOOL;
			}
			goto str;
		}
	}
	if (match_time(s)) {
		*text = xstrdup(s);
		return NODE_TIME;
	}
	if (match_date(s)) {
		int m, d;
		const char *q = strchr(s + 5, '-');

		m = atoi(s + 5);
		d = atoi(q + 1);
		*text = xasprintf("%.4s-%02d-%02d", s, m, d);
		return NODE_TIME;
	}
	if (ieq(s, ".inf") || ieq(s, "+.inf")) {
		*text = xstrdup("Infinity");
		return NODE_FLOAT;
	}
	if (ieq(s, "-.inf")) {
		*text = xstrdup("-Infinity");
		return NODE_FLOAT;
	}
	if (ieq(s, ".nan")) {
		*text = xstrdup("NaN");
		return NODE_FLOAT;
	}
	if (s[0] == ':' && s[1] != '\0') {
		const char *b = s + 1;
		size_t len;

		if ((s[1] == '"' || s[1] == '\'') && n >= 3 && strchr(s + 2, s[1]) != NULL) {
			/* /^:(["'])(.*)\1/ — greedy: up to the last matching quote */
			const char *endq = strrchr(s + 2, s[1]);

			b = s + 2;
			len = (size_t)(endq - b);
		} else {
			len = strlen(b);
		}
		if (len > 0 && b[0] == ':') {
			b++;
			len--;
		}
		*text = xstrndup(b, len);
		return NODE_SYM;
	}
	if (match_sexagesimal(s, 0)) {
		/* i += n.to_i * 60 ** (e - 2).abs, e the part's index (Psych's formula);
		 * 128-bit so that no 64-bit input can overflow (at most 3 parts) */
		__int128 v = 0;
		const char *p = s;
		int e = 0;

		while (*p) {
			const char *q = strchr(p, ':');
			char part[64];
			size_t l = q ? (size_t)(q - p) : strlen(p), i, j = 0;
			long long pv, mul = 1;
			int k;

			for (i = 0; i < l && j + 1 < sizeof(part); i++)
				if (p[i] != '_')
					part[j++] = p[i];
			part[j] = '\0';
			pv = strtoll(part, NULL, 10);
			for (k = 0; k < abs(e - 2); k++)
				mul *= 60;
			v += (__int128)pv * mul;
			e++;
			if (!q)
				break;
			p = q + 1;
		}
		{
			char buf[48], *q = buf + sizeof(buf) - 1;
			int neg = v < 0;
			unsigned __int128 u = neg ? -(unsigned __int128)v : (unsigned __int128)v;

			*q = '\0';
			do {
				*--q = (char)('0' + (int)(u % 10));
				u /= 10;
			} while (u);
			if (neg)
				*--q = '-';
			*text = xstrdup(q);
		}
		return NODE_INT;
	}
	if (match_sexagesimal(s, 1)) {
		double v = 0;
		const char *p = s;
		int e = 0;
		char buf[64];

		while (*p) {
			const char *q = strchr(p, ':');
			char part[64];
			size_t l = q ? (size_t)(q - p) : strlen(p), i, j = 0;
			double mul = 1;
			int k;

			for (i = 0; i < l && j + 1 < sizeof(part); i++)
				if (p[i] != '_')
					part[j++] = p[i];
			part[j] = '\0';
			for (k = 0; k < abs(e - 2); k++)
				mul *= 60;
			v += strtod(part, NULL) * mul;
			e++;
			if (!q)
				break;
			p = q + 1;
		}
		yaml_ruby_float(v, buf, sizeof(buf));
		*text = xstrdup(buf);
		return NODE_FLOAT;
	}
	if (match_float(s)) {
		char buf[128], out[64];
		size_t i, j = 0;
		const char *p = s;

		if ((s[0] == '-' || s[0] == '+') ? strcmp(s + 1, ".") == 0 : strcmp(s, ".") == 0)
			goto str;
		for (i = 0; p[i] && j + 1 < sizeof(buf); i++) {
			if (p[i] == ',' || p[i] == '_')
				continue;
			/* gsub(/\.([Ee]|$)/, '\1'): a dot before the exponent or at the end goes */
			if (p[i] == '.' && (p[i + 1] == 'e' || p[i + 1] == 'E' || p[i + 1] == '\0'))
				continue;
			buf[j++] = p[i];
		}
		buf[j] = '\0';
		yaml_ruby_float(strtod(buf, NULL), out, sizeof(out));
		*text = xstrdup(out);
		return NODE_FLOAT;
	}
	if (match_int(s)) {
		*text = int_text(s);
		return NODE_INT;
	}
str:
	*text = xstrdup(s);
	return NODE_STR;
null:
	*text = xstrdup("");
	return NODE_NULL;
}

/* ---- the event loop ---- */

struct anchor {
	char		*name;
	struct node	*node;		/* NULL while the anchored node is open */
	size_t		 count;		/* nodes in the subtree */
};

struct frame {
	struct node	*node;
	struct node	*pending_key;	/* MAP: key waiting for its value */
	char		*anchor;	/* anchor name to register when the node closes */
	size_t		 start_count;
};

struct loader {
	const char		*file;
	const char		*text;
	size_t			 n;
	const struct srcmap	*map;
	size_t			*line_starts;
	size_t			 nlines;
	struct anchor		*anchors;
	size_t			 nanchors, capanchors;
	struct frame		*stack;
	size_t			 depth, capstack;
	size_t			 count;
	struct node		*root;
	int			 done;
	struct errinfo		*e;
};

static void
locate(struct loader *L, yaml_mark_t m, int *line, int *col)
{
	size_t off, ln = m.line, c;

	if (ln >= L->nlines)
		ln = L->nlines ? L->nlines - 1 : 0;
	off = L->nlines ? L->line_starts[ln] : 0;
	for (c = 0; c < m.column && off < L->n && L->text[off] != '\n'; c++) {
		off++;
		while (off < L->n && ((unsigned char)L->text[off] & 0xc0) == 0x80)
			off++;
	}
	if (L->map && L->map->n) {
		srcmap_locate(L->map, off, line, col);
	} else {
		*line = (int)ln + 1;
		*col = (int)c + 1;
	}
}

static int
fail_at(struct loader *L, int code, yaml_mark_t m, const char *fmt, const char *arg)
{
	int line, col;

	locate(L, m, &line, &col);
	return err_setloc(L->e, code, L->file, line, col, fmt, arg);
}

static size_t
subtree_count(const struct node *n)
{
	size_t c = 1, i;

	for (i = 0; i < n->n; i++) {
		c += subtree_count(n->items[i]);
		if (n->keys)
			c += subtree_count(n->keys[i]);
	}
	return c;
}

static void
relocate(struct node *n, const char *file, int line, int col)
{
	n->file = file;
	n->line = line;
	n->col = col;
}

/* Merge a `<<` value into map (Psych revive_hash). Returns 1 if merged. */
static int
merge_key(struct node *map, struct node *val)
{
	size_t i, j;

	if (val->kind == NODE_MAP) {
		for (i = 0; i < val->n; i++)
			node_map_set(map, node_clone(val->keys[i]), node_clone(val->items[i]));
		return 1;
	}
	if (val->kind == NODE_SEQ) {
		struct node *h;

		for (i = 0; i < val->n; i++)
			if (val->items[i]->kind != NODE_MAP)
				return 0;
		h = node_new(NODE_MAP, map->file, map->line, map->col);
		for (i = val->n; i-- > 0;)
			for (j = 0; j < val->items[i]->n; j++)
				node_map_set(h, node_clone(val->items[i]->keys[j]),
				    node_clone(val->items[i]->items[j]));
		for (i = 0; i < h->n; i++)
			node_map_set(map, node_clone(h->keys[i]), node_clone(h->items[i]));
		node_free(h);
		return 1;
	}
	return 0;
}

/* Adds a completed node to the open collection (or makes it the root). */
static int
attach(struct loader *L, struct node *n, int is_merge_candidate_key, yaml_mark_t m)
{
	struct frame *f;

	if (L->depth == 0) {
		if (L->root == NULL)
			L->root = n;
		else
			node_free(n);
		return 0;
	}
	f = &L->stack[L->depth - 1];
	if (f->node->kind == NODE_SEQ) {
		node_seq_push(f->node, n);
		return 0;
	}
	if (f->pending_key == NULL) {
		if (!node_is_scalar(n)) {
			node_free(n);
			return fail_at(L, ERR_UNSUPPORTED, m,
			    "%s: a mapping or sequence used as a mapping key is not supported", "YAML");
		}
		if (is_merge_candidate_key)
			n->quoted = 2;	/* marks a `<<` merge key */
		f->pending_key = n;
		return 0;
	}
	if (f->pending_key->quoted == 2 && merge_key(f->node, n)) {
		node_free(f->pending_key);
		node_free(n);
	} else {
		if (f->pending_key->quoted == 2)
			f->pending_key->quoted = 0;
		node_map_set(f->node, f->pending_key, n);
	}
	f->pending_key = NULL;
	return 0;
}

static int
count_nodes(struct loader *L, size_t add, yaml_mark_t m)
{
	L->count += add;
	if (L->count > CONFIG_MAX_NODES)
		return fail_at(L, ERR_RANGE, m, "%s: document has too many nodes (aliases expand to more than 250000)",
		    "YAML");
	return 0;
}

static int
register_anchor(struct loader *L, const char *name)
{
	if (L->nanchors == L->capanchors) {
		L->capanchors = L->capanchors ? L->capanchors * 2 : 8;
		L->anchors = xreallocarray(L->anchors, L->capanchors, sizeof(*L->anchors));
	}
	L->anchors[L->nanchors].name = xstrdup(name);
	L->anchors[L->nanchors].node = NULL;
	L->anchors[L->nanchors].count = 0;
	L->nanchors++;
	return 0;
}

static struct anchor *
find_anchor(struct loader *L, const char *name)
{
	size_t i;

	/* The latest definition wins (YAML allows redefining an anchor). */
	for (i = L->nanchors; i-- > 0;)
		if (strcmp(L->anchors[i].name, name) == 0)
			return &L->anchors[i];
	return NULL;
}

/* Keeps a copy of the anchored node; the copy counts against the node bound too. */
static int
close_anchor(struct loader *L, const char *name, struct node *n, yaml_mark_t m)
{
	struct anchor *a;
	size_t i;
	int r;

	for (i = L->nanchors; i-- > 0;) {
		a = &L->anchors[i];
		if (a->node == NULL && strcmp(a->name, name) == 0) {
			a->count = subtree_count(n);
			if ((r = count_nodes(L, a->count, m)) != 0)
				return r;
			a->node = node_clone(n);
			return 0;
		}
	}
	return 0;
}

static int
is_tag(const yaml_char_t *tag, const char *suffix)
{
	char full[64];

	if (tag == NULL)
		return 0;
	snprintf(full, sizeof(full), "tag:yaml.org,2002:%s", suffix);
	return strcmp((const char *)tag, full) == 0;
}

static int
scalar_node(struct loader *L, yaml_event_t *ev, struct node **out)
{
	const char *v = (const char *)ev->data.scalar.value;
	const yaml_char_t *tag = ev->data.scalar.tag;
	int line, col, plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	enum node_kind k;
	char *text = NULL;

	locate(L, ev->start_mark, &line, &col);
	if (strlen(v) != ev->data.scalar.length)
		return fail_at(L, ERR_PARSE, ev->start_mark, "%s: NUL character in a scalar", "YAML");
	if (tag && (strcmp((const char *)tag, "!") == 0 || is_tag(tag, "str"))) {
		k = NODE_STR;
		text = xstrdup(v);
	} else if (tag && !(is_tag(tag, "int") || is_tag(tag, "float") || is_tag(tag, "bool") ||
	    is_tag(tag, "null"))) {
		return fail_at(L, ERR_UNSUPPORTED, ev->start_mark,
		    "YAML tag %s is not supported (Ruby objects cannot be loaded by sextant)",
		    (const char *)tag);
	} else if (!plain && !tag) {
		k = NODE_STR;
		text = xstrdup(v);
	} else {
		k = yaml_resolve_plain(v, &text);
		if (is_tag(tag, "float") && k == NODE_INT) {
			char buf[64];

			yaml_ruby_float(strtod(text, NULL), buf, sizeof(buf));
			free(text);
			text = xstrdup(buf);
			k = NODE_FLOAT;
		}
	}
	*out = node_new(k, L->file, line, col);
	(*out)->text = text;
	(*out)->quoted = !plain;
	if (k == NODE_BOOL)
		(*out)->ival = strcmp(text, "true") == 0;
	else if (k == NODE_INT)
		(*out)->ival = strtoll(text, NULL, 10);
	return 0;
}

static int
push_frame(struct loader *L, struct node *n, const yaml_char_t *anchor, yaml_mark_t m)
{
	if (L->depth >= CONFIG_MAX_DEPTH)
		return fail_at(L, ERR_RANGE, m, "%s: nesting deeper than 64 levels", "YAML");
	if (L->depth == L->capstack) {
		L->capstack = L->capstack ? L->capstack * 2 : 16;
		L->stack = xreallocarray(L->stack, L->capstack, sizeof(*L->stack));
	}
	L->stack[L->depth].node = n;
	L->stack[L->depth].pending_key = NULL;
	L->stack[L->depth].anchor = anchor ? xstrdup((const char *)anchor) : NULL;
	L->stack[L->depth].start_count = L->count;
	if (anchor)
		register_anchor(L, (const char *)anchor);
	L->depth++;
	return 0;
}

/* Is the open map waiting for a key (so the next scalar is a key)? */
static int
expecting_key(struct loader *L)
{
	struct frame *f;

	if (L->depth == 0)
		return 0;
	f = &L->stack[L->depth - 1];
	return f->node->kind == NODE_MAP && f->pending_key == NULL;
}

static int
handle(struct loader *L, yaml_event_t *ev)
{
	struct node *n = NULL;
	int line, col, r;

	switch (ev->type) {
	case YAML_STREAM_START_EVENT:
	case YAML_STREAM_END_EVENT:
	case YAML_DOCUMENT_START_EVENT:
		return 0;
	case YAML_DOCUMENT_END_EVENT:
		L->done = 1;	/* only the first document counts (YAML.unsafe_load) */
		return 0;
	case YAML_ALIAS_EVENT: {
		struct anchor *a = find_anchor(L, (const char *)ev->data.alias.anchor);

		if (a == NULL)
			return fail_at(L, ERR_PARSE, ev->start_mark,
			    "An alias referenced an unknown anchor: %s", (const char *)ev->data.alias.anchor);
		if (a->node == NULL)
			return fail_at(L, ERR_UNSUPPORTED, ev->start_mark,
			    "alias *%s refers to a node that contains it (recursive YAML is not supported)",
			    a->name);
		if ((r = count_nodes(L, a->count, ev->start_mark)) != 0)
			return r;
		n = node_clone(a->node);
		locate(L, ev->start_mark, &line, &col);
		relocate(n, L->file, line, col);
		return attach(L, n, 0, ev->start_mark);
	}
	case YAML_SCALAR_EVENT: {
		int keypos = expecting_key(L);

		if ((r = count_nodes(L, 1, ev->start_mark)) != 0)
			return r;
		if ((r = scalar_node(L, ev, &n)) != 0)
			return r;
		if (ev->data.scalar.anchor) {
			register_anchor(L, (const char *)ev->data.scalar.anchor);
			if ((r = close_anchor(L, (const char *)ev->data.scalar.anchor, n, ev->start_mark)) != 0) {
				node_free(n);
				return r;
			}
		}
		return attach(L, n, keypos && strcmp(n->text, "<<") == 0 &&
		    !is_tag(ev->data.scalar.tag, "str"), ev->start_mark);
	}
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		const yaml_char_t *tag = ev->type == YAML_SEQUENCE_START_EVENT ?
		    ev->data.sequence_start.tag : ev->data.mapping_start.tag;
		const yaml_char_t *anchor = ev->type == YAML_SEQUENCE_START_EVENT ?
		    ev->data.sequence_start.anchor : ev->data.mapping_start.anchor;

		if (tag && !is_tag(tag, "seq") && !is_tag(tag, "map") && strcmp((const char *)tag, "!") != 0)
			return fail_at(L, ERR_UNSUPPORTED, ev->start_mark,
			    "YAML tag %s is not supported (Ruby objects cannot be loaded by sextant)",
			    (const char *)tag);
		if ((r = count_nodes(L, 1, ev->start_mark)) != 0)
			return r;
		locate(L, ev->start_mark, &line, &col);
		n = node_new(ev->type == YAML_SEQUENCE_START_EVENT ? NODE_SEQ : NODE_MAP, L->file, line, col);
		r = push_frame(L, n, anchor, ev->start_mark);
		if (r != 0)
			node_free(n);
		return r;
	}
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT: {
		struct frame f = L->stack[--L->depth];

		/* cannot happen with libyaml (it emits a null value), but be safe */
		node_free(f.pending_key);
		if (f.anchor) {
			r = close_anchor(L, f.anchor, f.node, ev->start_mark);
			free(f.anchor);
			if (r != 0) {
				node_free(f.node);
				return r;
			}
		}
		return attach(L, f.node, 0, ev->start_mark);
	}
	default:
		return 0;
	}
}

int
yaml_load(const char *file, const char *text, size_t n, const struct srcmap *map,
    struct node **out, struct errinfo *e)
{
	yaml_parser_t p;
	yaml_event_t ev;
	struct loader L;
	size_t i;
	int r = 0;

	*out = NULL;
	memset(&L, 0, sizeof(L));
	file = node_intern(file);
	L.file = file;
	L.text = text;
	L.n = n;
	L.map = map;
	L.e = e;
	L.nlines = 1;
	for (i = 0; i < n; i++)
		if (text[i] == '\n')
			L.nlines++;
	L.line_starts = xcalloc(L.nlines, sizeof(size_t));
	L.nlines = 1;
	for (i = 0; i < n; i++)
		if (text[i] == '\n')
			L.line_starts[L.nlines++] = i + 1;
	if (!yaml_parser_initialize(&p)) {
		r = err_set(e, ERR_IO, "cannot initialise the YAML parser");
		goto out_nop;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)text, n);
	while (!L.done) {
		if (!yaml_parser_parse(&p, &ev)) {
			struct str m = STR_INIT;
			int line, col;

			str_addf(&m, "(<unknown>): %s", p.problem ? p.problem : "syntax error");
			if (p.context)
				str_addf(&m, " %s", p.context);
			str_addf(&m, " at line %zu column %zu", p.context_mark.line + 1,
			    p.context_mark.column + 1);
			locate(&L, p.problem_mark, &line, &col);
			r = err_setloc(e, ERR_PARSE, file, line, col, "%s", str_cstr(&m));
			str_release(&m);
			goto out;
		}
		r = ev.type == YAML_STREAM_END_EVENT ? (L.done = 1, 0) : handle(&L, &ev);
		yaml_event_delete(&ev);
		if (r != 0)
			goto out;
	}
	if (L.root == NULL)
		L.root = node_new_scalar(NODE_NULL, "", file, 1, 1);
	*out = L.root;
	L.root = NULL;
out:
	yaml_parser_delete(&p);
out_nop:
	while (L.depth > 0) {
		struct frame *f = &L.stack[--L.depth];

		node_free(f->node);
		node_free(f->pending_key);
		free(f->anchor);
	}
	free(L.stack);
	for (i = 0; i < L.nanchors; i++) {
		free(L.anchors[i].name);
		node_free(L.anchors[i].node);
	}
	free(L.anchors);
	free(L.line_starts);
	node_free(L.root);
	return r;
}
