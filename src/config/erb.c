/*
 * erb — ERB subset renderer with a source map. See erb.h for the language.
 *
 * Tags are split the way Ruby's ERB scanner splits them: a tag ends at the first
 * "%>" (a "%%>" inside is a literal "%>"), whatever quotes the code contains.
 * Expressions are parsed by a small recursive-descent reader over the tag text;
 * anything it does not recognise is reported with the tag's position and the
 * text, so a config using other Ruby fails loudly instead of rendering wrong.
 */
#include "config/erb.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "config/shell.h"
#include "core/err.h"
#include "core/str.h"
#include "core/xmalloc.h"

#define ERB_MAX_OUTPUT	(16u * 1024 * 1024)

void
srcmap_release(struct srcmap *m)
{
	free(m->v);
	free(m->lines);
	m->v = NULL;
	m->lines = NULL;
	m->n = m->cap = m->nlines = 0;
}

static void
index_lines(struct srcmap *m)
{
	size_t i, n = 1;

	for (i = 0; i < m->srclen; i++)
		if (m->src[i] == '\n')
			n++;
	m->lines = xcalloc(n, sizeof(size_t));
	m->nlines = 1;
	for (i = 0; i < m->srclen; i++)
		if (m->src[i] == '\n')
			m->lines[m->nlines++] = i + 1;
}

static void
map_add(struct srcmap *m, size_t out, size_t src, int literal)
{
	if (m == NULL)
		return;
	if (m->n && m->v[m->n - 1].out == out) {
		m->v[m->n - 1].src = src;
		m->v[m->n - 1].literal = literal;
		return;
	}
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->v = xreallocarray(m->v, m->cap, sizeof(*m->v));
	}
	m->v[m->n].out = out;
	m->v[m->n].src = src;
	m->v[m->n].literal = literal;
	m->n++;
}

void
text_line_col(const char *text, size_t n, size_t off, int *line, int *col)
{
	size_t i;
	int l = 1, c = 1;

	if (off > n)
		off = n;
	for (i = 0; i < off; i++) {
		unsigned char ch = (unsigned char)text[i];

		if (ch == '\n') {
			l++;
			c = 1;
		} else if ((ch & 0xc0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

void
srcmap_locate(const struct srcmap *m, size_t off, int *line, int *col)
{
	size_t lo = 0, hi, src;

	if (m == NULL || m->n == 0) {
		text_line_col(m ? m->src : "", m ? m->srclen : 0, off, line, col);
		return;
	}
	hi = m->n;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (m->v[mid].out <= off)
			lo = mid;
		else
			hi = mid;
	}
	src = m->v[lo].src;
	if (m->v[lo].literal && off >= m->v[lo].out)
		src += off - m->v[lo].out;
	if (m->lines == NULL) {
		text_line_col(m->src, m->srclen, src, line, col);
		return;
	}
	if (src > m->srclen)
		src = m->srclen;
	/* the line by binary search, then characters up to src */
	lo = 0;
	hi = m->nlines;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (m->lines[mid] <= src)
			lo = mid;
		else
			hi = mid;
	}
	{
		size_t i;
		int c = 1;

		for (i = m->lines[lo]; i < src; i++)
			if (((unsigned char)m->src[i] & 0xc0) != 0x80)
				c++;
		*line = (int)lo + 1;
		*col = c;
	}
}

/* ---- expression evaluation ---- */

struct val {
	int	 nil;		/* Ruby nil (or false) */
	int	 is_int;	/* an Integer (i), else a String (s) */
	long long i;
	struct str s;
};

struct cur {
	const char		*p, *end;
	const char		*file;
	const char		*src;
	size_t			 srclen;
	size_t			 tagoff;	/* offset of "<%" in src */
	const char		*tag;		/* the tag's code, for messages */
	size_t			 taglen;
	const struct erb_env	*env;
	struct errinfo		*e;
	int			 depth;		/* ( ) nesting, bounded */
};

static int
fail(struct cur *c, int code, const char *fmt, const char *arg)
{
	int line, col;

	text_line_col(c->src, c->srclen, c->tagoff, &line, &col);
	err_setloc(c->e, code, c->file, line, col, fmt, arg);
	return code;
}

static int
unsupported(struct cur *c)
{
	char buf[160];
	size_t n = c->taglen < sizeof(buf) - 4 ? c->taglen : sizeof(buf) - 4;

	memcpy(buf, c->tag, n);
	buf[n] = '\0';
	if (n < c->taglen)
		memcpy(buf + n, "...", 4);
	return fail(c, ERR_UNSUPPORTED,
	    "unsupported ERB construct `<%%%s%%>`: sextant renders a subset of ERB (ENV lookups, "
	    "commands, literals; see `sextant docs erb`)", buf);
}

static void
skip_ws(struct cur *c)
{
	while (c->p < c->end && isspace((unsigned char)*c->p))
		c->p++;
}

static int
accept(struct cur *c, const char *tok)
{
	size_t n = strlen(tok);

	skip_ws(c);
	if ((size_t)(c->end - c->p) >= n && memcmp(c->p, tok, n) == 0) {
		c->p += n;
		return 1;
	}
	return 0;
}

/* A Ruby string literal, "..." (escapes, no interpolation) or '...'. */
static int
string_lit(struct cur *c, struct str *out)
{
	char q;

	skip_ws(c);
	if (c->p >= c->end || (*c->p != '"' && *c->p != '\''))
		return 0;
	q = *c->p++;
	while (c->p < c->end && *c->p != q) {
		char ch = *c->p++;

		if (ch == '\\' && c->p < c->end) {
			char x = *c->p++;

			if (q == '\'') {
				if (x != '\'' && x != '\\')
					str_addch(out, '\\');
				str_addch(out, x);
				continue;
			}
			switch (x) {
			case 'n': str_addch(out, '\n'); break;
			case 't': str_addch(out, '\t'); break;
			case 'r': str_addch(out, '\r'); break;
			case 'e': str_addch(out, 27); break;
			case 's': str_addch(out, ' '); break;
			case '0': str_addch(out, '\0'); break;
			default: str_addch(out, x); break;
			}
			continue;
		}
		if (q == '"' && ch == '#' && c->p < c->end && (*c->p == '{' || *c->p == '$' || *c->p == '@'))
			return -1;	/* interpolation: unsupported */
		str_addch(out, ch);
	}
	if (c->p >= c->end)
		return -1;
	c->p++;
	return 1;
}

/* Command text of `...` or %x(...)/%x{...}/%x[...]/%x<...>, escapes processed. */
static int
command_lit(struct cur *c, struct str *out)
{
	char open, close;
	int depth = 0;

	skip_ws(c);
	if (c->p < c->end && *c->p == '`') {
		open = 0;
		close = '`';
		c->p++;
	} else if (c->end - c->p >= 3 && c->p[0] == '%' && c->p[1] == 'x' &&
	    strchr("({[<", c->p[2]) != NULL) {
		open = c->p[2];
		close = open == '(' ? ')' : open == '{' ? '}' : open == '[' ? ']' : '>';
		c->p += 3;
	} else {
		return 0;
	}
	while (c->p < c->end) {
		char ch = *c->p++;

		if (ch == '\\' && c->p < c->end) {
			char x = *c->p++;

			if (x == 'n')
				str_addch(out, '\n');
			else if (x == 't')
				str_addch(out, '\t');
			else
				str_addch(out, x);
			continue;
		}
		if (ch == '#' && c->p < c->end && *c->p == '{')
			return -1;
		if (open && ch == open) {
			depth++;
		} else if (ch == close) {
			if (depth == 0)
				return 1;
			depth--;
		}
		str_addch(out, ch);
	}
	return -1;
}

static int
run_command(struct cur *c, const char *cmd, struct val *v)
{
	int status, r;

	if (c->env->no_commands)
		return fail(c, ERR_UNSUPPORTED, "command substitution is disabled here: %s", cmd);
	r = shell_capture(cmd, c->env->envp, &v->s, &status, c->e);
	if (r != 0) {
		int line, col;

		text_line_col(c->src, c->srclen, c->tagoff, &line, &col);
		err_prefix(c->e, "command `%s`", cmd);
		err_setloc(c->e, r, c->file, line, col, "%s", c->e->msg);
		return r;
	}
	v->nil = 0;
	return 0;
}

static int primary(struct cur *c, struct val *v);
static int expr(struct cur *c, struct val *v);

static int
env_name(struct cur *c, struct str *name)
{
	int r = string_lit(c, name);

	if (r <= 0)
		return -1;
	return 0;
}

static int
primary(struct cur *c, struct val *v)
{
	struct str tmp = STR_INIT;
	int r;

	skip_ws(c);
	if (accept(c, "ENV")) {
		const char *val;

		if (accept(c, "[")) {
			if (env_name(c, &tmp) != 0 || !accept(c, "]"))
				goto bad;
			val = c->env->get(c->env->ctx, str_cstr(&tmp));
			v->nil = val == NULL;
			if (val)
				str_adds(&v->s, val);
			str_release(&tmp);
			return 0;
		}
		if (accept(c, ".fetch")) {
			struct val d;
			int has_default = 0;

			memset(&d, 0, sizeof(d));
			if (!accept(c, "(") || env_name(c, &tmp) != 0)
				goto bad;
			if (accept(c, ",")) {
				if (primary(c, &d) != 0) {
					str_release(&d.s);
					str_release(&tmp);
					return c->e ? c->e->code : -1;
				}
				has_default = 1;
			}
			if (!accept(c, ")")) {
				str_release(&d.s);
				goto bad;
			}
			val = c->env->get(c->env->ctx, str_cstr(&tmp));
			if (val) {
				v->nil = 0;
				str_adds(&v->s, val);
			} else if (has_default) {
				v->nil = d.nil;
				v->is_int = d.is_int;
				v->i = d.i;
				str_add(&v->s, d.s.s ? d.s.s : "", d.s.len);
			} else {
				struct str m = STR_INIT;

				/* Ruby's KeyError text. */
				str_addf(&m, "key not found: \"%s\"", str_cstr(&tmp));
				r = fail(c, ERR_CONFIG, "%s", str_cstr(&m));
				str_release(&m);
				str_release(&d.s);
				str_release(&tmp);
				return r;
			}
			str_release(&d.s);
			str_release(&tmp);
			return 0;
		}
		goto bad;
	}
	r = string_lit(c, &v->s);
	if (r > 0) {
		v->nil = 0;
		return 0;
	}
	if (r < 0)
		goto bad;
	r = command_lit(c, &tmp);
	if (r > 0) {
		r = run_command(c, str_cstr(&tmp), v);
		str_release(&tmp);
		return r;
	}
	if (r < 0)
		goto bad;
	if (accept(c, "nil")) {
		v->nil = 1;
		return 0;
	}
	skip_ws(c);
	if (c->p < c->end && *c->p == '(') {
		if (++c->depth > 32)
			goto bad;
		c->p++;
		if ((r = expr(c, v)) != 0)
			return r;
		c->depth--;
		if (!accept(c, ")"))
			goto bad;
		return 0;
	}
	if (c->p + 1 < c->end && *c->p == '-' && isdigit((unsigned char)c->p[1])) {
		c->p++;
		if ((r = primary(c, v)) != 0)
			return r;
		v->i = -v->i;
		return 0;
	}
	if (c->p < c->end && isdigit((unsigned char)*c->p)) {
		long long n = 0;

		while (c->p < c->end && (isdigit((unsigned char)*c->p) || *c->p == '_')) {
			if (*c->p != '_') {
				if (n > (LLONG_MAX - 9) / 10)
					goto bad;
				n = n * 10 + (*c->p - '0');
			}
			c->p++;
		}
		v->nil = 0;
		v->is_int = 1;
		v->i = n;
		return 0;
	}
bad:
	str_release(&tmp);
	return unsupported(c);
}

static size_t
utf8_chars(const struct str *s)
{
	size_t i, n = 0;

	for (i = 0; i < s->len; i++)
		if (((unsigned char)s->s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

static void
to_s(struct val *v)
{
	if (v->is_int) {
		str_reset(&v->s);
		str_addf(&v->s, "%lld", v->i);
		v->is_int = 0;
	} else if (v->nil) {
		str_reset(&v->s);
	}
	v->nil = 0;
}

/* Applies one method; 0 on success, -1 when Ruby would raise (NoMethodError). */
static int
apply_method(struct val *v, const char *m)
{
	size_t i;

	if (strcmp(m, "to_s") == 0) {
		to_s(v);
		return 0;
	}
	if (v->nil)
		return -1;
	if (strcmp(m, "to_i") == 0) {
		if (!v->is_int) {
			v->i = strtoll(str_cstr(&v->s), NULL, 10);
			v->is_int = 1;
		}
		return 0;
	}
	if (v->is_int)
		return -1;
	if (strcmp(m, "length") == 0 || strcmp(m, "size") == 0) {
		v->i = (long long)utf8_chars(&v->s);
		v->is_int = 1;
	} else if (strcmp(m, "strip") == 0) {
		str_trim(&v->s);
	} else if (strcmp(m, "chomp") == 0) {
		if (v->s.len && v->s.s[v->s.len - 1] == '\n') {
			str_truncate(&v->s, v->s.len - 1);
			if (v->s.len && v->s.s[v->s.len - 1] == '\r')
				str_truncate(&v->s, v->s.len - 1);
		} else if (v->s.len && v->s.s[v->s.len - 1] == '\r') {
			str_truncate(&v->s, v->s.len - 1);
		}
	} else if (strcmp(m, "upcase") == 0) {
		for (i = 0; i < v->s.len; i++)
			v->s.s[i] = (char)toupper((unsigned char)v->s.s[i]);
	} else if (strcmp(m, "downcase") == 0) {
		for (i = 0; i < v->s.len; i++)
			v->s.s[i] = (char)tolower((unsigned char)v->s.s[i]);
	}
	return 0;
}

static int
term(struct cur *c, struct val *v)
{
	static const char *const methods[] = { "strip", "chomp", "to_s", "to_i", "upcase", "downcase",
		"length", "size", NULL };
	int r = primary(c, v);

	if (r != 0)
		return r;
	while (accept(c, ".")) {
		size_t i;
		int ok = 0;

		for (i = 0; methods[i]; i++) {
			size_t n = strlen(methods[i]);

			if ((size_t)(c->end - c->p) >= n && memcmp(c->p, methods[i], n) == 0 &&
			    (c->p + n == c->end || !(isalnum((unsigned char)c->p[n]) || c->p[n] == '_' ||
			    c->p[n] == '!' || c->p[n] == '?'))) {
				c->p += n;
				if (apply_method(v, methods[i]) != 0)
					return unsupported(c);
				ok = 1;
				break;
			}
		}
		if (!ok)
			return unsupported(c);
	}
	return 0;
}

/* Integer * / % and + -, String + String; anything else is Ruby's TypeError. */
static int
binop(struct cur *c, struct val *a, struct val *b, char op)
{
	if (a->nil || b->nil)
		return unsupported(c);
	if (a->is_int && b->is_int) {
		long long x = a->i, y = b->i, q;

		switch (op) {
		case '+':
		case '-':
		case '*':
			if (op == '+' ? __builtin_add_overflow(x, y, &a->i) :
			    op == '-' ? __builtin_sub_overflow(x, y, &a->i) : __builtin_mul_overflow(x, y, &a->i))
				return fail(c, ERR_UNSUPPORTED, "%s", "integer overflow (sextant's ERB has 64-bit integers)");
			break;
		case '/':
		case '%':
			if (y == 0)
				return fail(c, ERR_CONFIG, "%s", "divided by 0");
			if (x == LLONG_MIN && y == -1)
				return fail(c, ERR_UNSUPPORTED, "%s", "integer overflow (sextant's ERB has 64-bit integers)");
			q = x / y;
			if ((x % y != 0) && ((x < 0) != (y < 0)))
				q--;	/* Ruby floors */
			a->i = op == '/' ? q : x - q * y;
			break;
		}
		return 0;
	}
	if (!a->is_int && !b->is_int && op == '+') {
		str_add(&a->s, b->s.s ? b->s.s : "", b->s.len);
		return 0;
	}
	return unsupported(c);
}

static int
product(struct cur *c, struct val *v)
{
	int r = term(c, v);

	while (r == 0) {
		struct val w;
		char op;

		skip_ws(c);
		if (c->p >= c->end || (*c->p != '*' && *c->p != '/' && *c->p != '%'))
			break;
		op = *c->p++;
		memset(&w, 0, sizeof(w));
		r = term(c, &w);
		if (r == 0)
			r = binop(c, v, &w, op);
		str_release(&w.s);
	}
	return r;
}

static int
sum(struct cur *c, struct val *v)
{
	int r = product(c, v);

	while (r == 0) {
		struct val w;
		char op;

		skip_ws(c);
		if (c->p >= c->end || (*c->p != '+' && *c->p != '-'))
			break;
		op = *c->p++;
		memset(&w, 0, sizeof(w));
		r = product(c, &w);
		if (r == 0)
			r = binop(c, v, &w, op);
		str_release(&w.s);
	}
	return r;
}

static int
expr(struct cur *c, struct val *v)
{
	int r = sum(c, v);

	while (r == 0 && accept(c, "||")) {
		struct val w;

		memset(&w, 0, sizeof(w));
		r = sum(c, &w);
		if (r == 0 && v->nil) {
			str_reset(&v->s);
			str_add(&v->s, w.s.s ? w.s.s : "", w.s.len);
			v->nil = w.nil;
			v->is_int = w.is_int;
			v->i = w.i;
		}
		str_release(&w.s);
	}
	return r;
}

/* Evaluates the code of a <%= %> tag, appending the result to out. */
static int
eval_tag(struct cur *c, struct str *out)
{
	struct val v;
	int r;

	memset(&v, 0, sizeof(v));
	r = expr(c, &v);
	if (r == 0) {
		skip_ws(c);
		if (c->p != c->end)
			r = unsupported(c);
	}
	if (r == 0 && !v.nil) {
		to_s(&v);
		str_add(out, v.s.s ? v.s.s : "", v.s.len);
	}
	str_release(&v.s);
	return r;
}

/* Code that does nothing: blank, or only Ruby `#` comment lines. */
static int
no_op_code(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		while (i < n && isspace((unsigned char)p[i]))
			i++;
		if (i >= n)
			break;
		if (p[i] != '#')
			return 0;
		while (i < n && p[i] != '\n')
			i++;
	}
	return 1;
}

int
erb_render(const char *file, const char *src, size_t n, const struct erb_env *env,
    struct str *out, struct srcmap *map, struct errinfo *e)
{
	size_t i = 0, lit;
	int r = 0;

	if (map) {
		memset(map, 0, sizeof(*map));
		map->file = file;
		map->src = src;
		map->srclen = n;
	}
	while (i < n) {
		const char *open = NULL;
		size_t j, k, close, code_start, code_end;
		int kind, trim_after = 0, line, col;
		struct cur c;

		/* Literal run up to the next "<%". */
		for (j = i; j + 1 < n; j++)
			if (src[j] == '<' && src[j + 1] == '%') {
				open = src + j;
				break;
			}
		lit = open ? j : n;
		if (lit > i) {
			map_add(map, out->len, i, 1);
			str_add(out, src + i, lit - i);
		}
		if (!open)
			break;
		/* "<%%" is a literal "<%". */
		if (lit + 2 < n && src[lit + 2] == '%') {
			map_add(map, out->len, lit, 1);
			str_add(out, "<%", 2);
			i = lit + 3;
			continue;
		}
		kind = lit + 2 < n ? src[lit + 2] : 0;
		code_start = lit + 2;
		if (kind == '=' || kind == '#')
			code_start++;
		else if (kind == '-' && env->trim) {
			/* "<%-": drop the indentation before the tag when it starts the line. */
			size_t b = out->len;

			while (b > 0 && (out->s[b - 1] == ' ' || out->s[b - 1] == '\t'))
				b--;
			if (b == 0 || out->s[b - 1] == '\n')
				str_truncate(out, b);
			code_start++;
		}
		/* Find the closing "%>" (skipping "%%>"). */
		close = (size_t)-1;
		for (k = code_start; k + 1 < n; k++) {
			if (src[k] == '%' && src[k + 1] == '%' && k + 2 < n && src[k + 2] == '>') {
				k += 2;
				continue;
			}
			if (src[k] == '%' && src[k + 1] == '>') {
				close = k;
				break;
			}
		}
		if (close == (size_t)-1) {
			text_line_col(src, n, lit, &line, &col);
			r = err_setloc(e, ERR_PARSE, file, line, col, "unterminated ERB tag (missing %%>)");
			goto out;
		}
		code_end = close;
		if (env->trim && code_end > code_start && src[code_end - 1] == '-') {
			code_end--;
			if (close + 2 < n && src[close + 2] == '\n')
				trim_after = 1;
		}
		memset(&c, 0, sizeof(c));
		c.p = src + code_start;
		c.end = src + code_end;
		c.file = file;
		c.src = src;
		c.srclen = n;
		c.tagoff = lit;
		c.tag = src + lit + 2;
		c.taglen = close - (lit + 2);
		c.env = env;
		c.e = e;
		if (kind == '#') {
			/* comment */
		} else if (kind == '=') {
			map_add(map, out->len, lit, 0);
			r = eval_tag(&c, out);
			if (r != 0)
				goto out;
		} else if (!no_op_code(src + code_start, code_end - code_start)) {
			r = unsupported(&c);
			goto out;
		}
		if (out->len > ERB_MAX_OUTPUT) {
			text_line_col(src, n, lit, &line, &col);
			r = err_setloc(e, ERR_RANGE, file, line, col, "rendered configuration exceeds %u bytes",
			    ERB_MAX_OUTPUT);
			goto out;
		}
		i = close + 2 + (size_t)trim_after;
	}
	/* Sentinel so offsets at the very end map somewhere. */
	map_add(map, out->len, n, 1);
	if (map)
		index_lines(map);
out:
	if (out->s == NULL)
		str_adds(out, "");
	return r;
}
