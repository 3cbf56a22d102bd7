/*
 * dotenv — dotenv 3.2's LINE regex, evaluated by hand.
 *
 * The regex (lib/dotenv/parser.rb) is, per match:
 *   ^ \s* (export\s+)? KEY[\w.]+ ( (\s*=\s*? | :\s+?) VALUE? )? \s* (#.*)? $
 * with VALUE one of \s*'(\\'|[^'])*' , \s*"(\\"|[^"])*" , [^#\n]+ (tried in that
 * order). Working through Onigmo's backtracking for this particular pattern
 * gives these rules, which the code below implements directly:
 *  - leading whitespace and the key are maximal runs; `\s*` before '=' may
 *    cross newlines;
 *  - a quoted VALUE closes at the first unescaped quote if the rest of that line
 *    is blank or a comment, else at the last escaped quote (a quote right after
 *    a backslash) before it whose rest of line is; with no unescaped quote at
 *    all, at the last such escaped quote in the text;
 *  - the unquoted VALUE is everything up to '#' or the end of the line;
 *  - a match ends at the end of its line (after a trailing comment), and the
 *    scan resumes at the next line start; lines that do not match are skipped.
 * The "rest of line" test and the quote searches are precomputed so a hostile
 * file cannot make the scan quadratic.
 */
#include "config/dotenv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "core/strvec.h"
#include "core/xmalloc.h"

#define NONE	UINT32_MAX

struct scan {
	const char	*s;
	size_t		 n;
	uint8_t		*tail_ok;	/* [0..n]: `\s*(#.*)?$` matches at i */
	uint32_t	*tail_end;	/* [0..n]: where that match ends */
	uint32_t	*next_unesc[2];	/* [0..n]: first unescaped ' / " at or after i */
	uint32_t	*best_esc[2];	/* [0..n): last escaped ' / " at or before i with tail_ok after */
};

static int
is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int
is_word(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	    c == '.';
}

static void
scan_init(struct scan *sc, const char *s, size_t n)
{
	uint32_t nextnonws = (uint32_t)n, lastnl = NONE;
	size_t i;
	int q;

	sc->s = s;
	sc->n = n;
	sc->tail_ok = xcalloc(n + 1, 1);
	sc->tail_end = xcalloc(n + 1, sizeof(uint32_t));
	/* Backwards: nearest non-space at or after i, and the last '\n' in the
	 * whitespace run starting at i (the `$` the greedy `\s*` backs off to). */
	for (i = n + 1; i-- > 0;) {
		if (i < n && is_ws((unsigned char)s[i])) {
			if (s[i] == '\n' && lastnl == NONE)
				lastnl = (uint32_t)i;
		} else {
			nextnonws = (uint32_t)i;
			lastnl = NONE;
		}
		if (nextnonws == n) {
			sc->tail_ok[i] = 1;
			sc->tail_end[i] = (uint32_t)n;
		} else if (s[nextnonws] == '#') {
			uint32_t e = nextnonws;

			while (e < n && s[e] != '\n')
				e++;
			sc->tail_ok[i] = 1;
			sc->tail_end[i] = e;
		} else if (lastnl != NONE) {
			sc->tail_ok[i] = 1;
			sc->tail_end[i] = lastnl;
		}
	}
	for (q = 0; q < 2; q++) {
		char qc = q ? '"' : '\'';
		uint32_t next = NONE, best = NONE;

		sc->next_unesc[q] = xcalloc(n + 1, sizeof(uint32_t));
		sc->best_esc[q] = xcalloc(n + 1, sizeof(uint32_t));
		sc->next_unesc[q][n] = NONE;
		for (i = n; i-- > 0;) {
			if (s[i] == qc && (i == 0 || s[i - 1] != '\\'))
				next = (uint32_t)i;
			sc->next_unesc[q][i] = next;
		}
		for (i = 0; i < n; i++) {
			if (s[i] == qc && i > 0 && s[i - 1] == '\\' && sc->tail_ok[i + 1])
				best = (uint32_t)i;
			sc->best_esc[q][i] = best;
		}
	}
}

static void
scan_free(struct scan *sc)
{
	int q;

	free(sc->tail_ok);
	free(sc->tail_end);
	for (q = 0; q < 2; q++) {
		free(sc->next_unesc[q]);
		free(sc->best_esc[q]);
	}
}

struct match {
	size_t	start, end;
	int	export;
	size_t	ks, ke;
	int	has_value;
	size_t	vs, ve;
};

/* \s*Q(\\Q|[^Q])*Q followed by a tail: value [v, *vend), match end *end. */
static int
quoted(const struct scan *sc, size_t v, int q, size_t *vend, size_t *end)
{
	char qc = q ? '"' : '\'';
	size_t p = v, open;
	uint32_t u, c;

	while (p < sc->n && is_ws((unsigned char)sc->s[p]))
		p++;
	if (p >= sc->n || sc->s[p] != qc)
		return 0;
	open = p;
	u = open + 1 <= sc->n ? sc->next_unesc[q][open + 1] : NONE;
	if (u != NONE && sc->tail_ok[u + 1]) {
		c = u;
	} else {
		size_t lim = u != NONE ? u : sc->n;

		if (lim == 0)
			return 0;
		c = sc->best_esc[q][lim - 1];
		if (c == NONE || c <= open)
			return 0;
	}
	*vend = (size_t)c + 1;
	*end = sc->tail_end[c + 1];
	return 1;
}

static int
values(const struct scan *sc, size_t v, struct match *m)
{
	size_t vend, end, r;

	if (quoted(sc, v, 0, &vend, &end) || quoted(sc, v, 1, &vend, &end)) {
		m->has_value = 1;
		m->vs = v;
		m->ve = vend;
		m->end = end;
		return 1;
	}
	for (r = v; r < sc->n && sc->s[r] != '#' && sc->s[r] != '\n'; r++)
		;
	if (r > v && sc->tail_ok[r]) {
		m->has_value = 1;
		m->vs = v;
		m->ve = r;
		m->end = sc->tail_end[r];
		return 1;
	}
	if (sc->tail_ok[v]) {
		m->has_value = 0;
		m->end = sc->tail_end[v];
		return 1;
	}
	return 0;
}

static int
rest(const struct scan *sc, size_t ks, struct match *m)
{
	const char *s = sc->s;
	size_t ke = ks, p, k;

	while (ke < sc->n && is_word((unsigned char)s[ke]))
		ke++;
	if (ke == ks)
		return 0;
	m->ks = ks;
	m->ke = ke;
	/* \s*=\s*? */
	p = ke;
	while (p < sc->n && is_ws((unsigned char)s[p]))
		p++;
	if (p < sc->n && s[p] == '=') {
		for (k = p + 1; k <= sc->n; k++) {
			if (values(sc, k, m))
				return 1;
			if (k >= sc->n || !is_ws((unsigned char)s[k]))
				break;
		}
	}
	/* :\s+? */
	if (ke < sc->n && s[ke] == ':') {
		for (k = ke + 1; k < sc->n && is_ws((unsigned char)s[k]); k++)
			if (values(sc, k + 1, m))
				return 1;
	}
	m->has_value = 0;
	if (sc->tail_ok[ke]) {
		m->end = sc->tail_end[ke];
		return 1;
	}
	return 0;
}

static int
match_at(const struct scan *sc, size_t pos, struct match *m)
{
	const char *s = sc->s;
	size_t p = pos;

	memset(m, 0, sizeof(*m));
	m->start = pos;
	while (p < sc->n && is_ws((unsigned char)s[p]))
		p++;
	if (sc->n - p > 6 && memcmp(s + p, "export", 6) == 0 && is_ws((unsigned char)s[p + 6])) {
		size_t k = p + 6;

		while (k < sc->n && is_ws((unsigned char)s[k]))
			k++;
		if (rest(sc, k, m)) {
			m->export = 1;
			return 1;
		}
	}
	return rest(sc, p, m);
}

/* ---- value processing ---- */

struct ctx {
	const struct dotenv_ops	*ops;
	struct strvec		*keys, *values;
	const char		*file;
	struct errinfo		*e;
	size_t			 total;	/* bytes of all values so far (DOTENV_MAX_TOTAL) */
};

static int
too_long(struct ctx *c)
{
	return err_set(c->e, ERR_RANGE, "value longer than 1 MiB once $VARIABLES and $(commands) in it are "
	    "substituted: a secret is at most 1 MiB (is a variable used many times over?)");
}

static const char *
lookup_hash(struct ctx *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->keys->n; i++)
		if (strcmp(c->keys->v[i], name) == 0)
			return c->values->v[i];
	return NULL;
}

static const char *
lookup_env(struct ctx *c, const char *name)
{
	return c->ops && c->ops->getenv ? c->ops->getenv(c->ops->ctx, name) : NULL;
}

static int
var_char(int ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
}

/* Dotenv::Substitutions::Variable: (\\)?(\$)(?!\()\{?([A-Z0-9_]+)?\}? /i */
static int
subst_vars(struct ctx *c, const char *v, struct str *out)
{
	size_t i = 0, n = strlen(v);

	while (i < n) {
		int bs = 0;
		size_t j, name_s, name_e;

		if (out->len > DOTENV_MAX_VALUE)
			return too_long(c);
		if (v[i] == '\\' && i + 1 < n && v[i + 1] == '$' && !(i + 2 < n && v[i + 2] == '('))
			bs = 1;
		j = i + (size_t)bs;
		if (v[j] != '$' || (j + 1 < n && v[j + 1] == '(')) {
			str_addch(out, v[i]);
			i++;
			continue;
		}
		j++;
		if (j < n && v[j] == '{')
			j++;
		name_s = j;
		while (j < n && var_char((unsigned char)v[j]))
			j++;
		name_e = j;
		if (j < n && v[j] == '}')
			j++;
		if (bs) {
			str_add(out, v + i + 1, j - i - 1);
		} else if (name_e > name_s) {
			char *name = xstrndup(v + name_s, name_e - name_s);
			const char *val = lookup_hash(c, name);

			if (val == NULL)
				val = lookup_env(c, name);
			str_adds(out, val ? val : "");
			free(name);
		} else {
			str_add(out, v + i, j - i);
		}
		i = j;
	}
	return out->len > DOTENV_MAX_VALUE ? too_long(c) : 0;
}

/* The balanced `( ... )` of (?<cmd>\((?:\\.|[^()\\]|\g<cmd>)+\)) at v[i]; returns the
 * index after the closing paren, or 0. */
static size_t
cmd_group(const char *v, size_t n, size_t i, int depth)
{
	size_t items = 0;

	if (i >= n || v[i] != '(' || depth > 200)
		return 0;
	i++;
	while (i < n) {
		if (v[i] == ')') {
			return items ? i + 1 : 0;
		} else if (v[i] == '(') {
			size_t e = cmd_group(v, n, i, depth + 1);

			if (e == 0)
				return 0;
			i = e;
		} else if (v[i] == '\\') {
			if (i + 1 >= n || v[i + 1] == '\n')
				return 0;
			i += 2;
		} else {
			i++;
		}
		items++;
	}
	return 0;
}

static void
chomp(struct str *s)
{
	if (s->len && s->s[s->len - 1] == '\n') {
		str_truncate(s, s->len - 1);
		if (s->len && s->s[s->len - 1] == '\r')
			str_truncate(s, s->len - 1);
	} else if (s->len && s->s[s->len - 1] == '\r') {
		str_truncate(s, s->len - 1);
	}
}

/* Kamal's InlineCommandSubstitution: (\\)?\$(cmd) */
static int
subst_commands(struct ctx *c, const char *v, struct str *out)
{
	size_t i = 0, n = strlen(v);

	while (i < n) {
		int bs = v[i] == '\\' && i + 1 < n && v[i + 1] == '$';
		size_t d = i + (size_t)bs, e;

		if (v[d] == '$' && (e = cmd_group(v, n, d + 1, 0)) != 0) {
			if (bs) {
				str_add(out, v + d, e - d);
			} else {
				struct str cmd = STR_INIT, raw = STR_INIT, res = STR_INIT;
				int r;

				str_add(&raw, v + d + 2, e - d - 3);
				if ((r = subst_vars(c, str_cstr(&raw), &cmd)) != 0) {
					/* the command is not run */
				} else if (c->ops == NULL || c->ops->command == NULL) {
					r = err_set(c->e, ERR_UNSUPPORTED, "command substitution is disabled here: $(%s)",
					    str_cstr(&cmd));
				} else {
					res.secret = 1;
					r = c->ops->command(c->ops->ctx, str_cstr(&cmd), &res, c->e);
				}
				if (r == 0) {
					chomp(&res);
					str_add(out, res.s ? res.s : "", res.len);
					if (out->len > DOTENV_MAX_VALUE)
						r = too_long(c);
				}
				str_release(&cmd);
				str_release(&raw);
				str_release(&res);
				if (r != 0)
					return r;
			}
			i = e;
			continue;
		}
		if (bs) {
			str_addch(out, '\\');
			i++;
			continue;
		}
		str_addch(out, v[i]);
		i++;
	}
	return 0;
}

static int
parse_value(struct ctx *c, const char *raw, size_t n, struct str *out)
{
	struct str v = STR_INIT, t = STR_INIT;
	size_t a = 0, b = n;
	char q = 0;
	int r = 0;

	v.secret = t.secret = 1;
	while (a < b && is_ws((unsigned char)raw[a]))
		a++;
	while (b > a && (is_ws((unsigned char)raw[b - 1]) || raw[b - 1] == '\0'))
		b--;
	if (b - a >= 2 && (raw[a] == '\'' || raw[a] == '"') && raw[b - 1] == raw[a]) {
		q = raw[a];
		a++;
		b--;
	}
	str_add(&v, raw + a, b - a);
	if (q == '"') {
		const char *mode = lookup_hash(c, "DOTENV_LINEBREAK_MODE");
		int legacy;
		size_t i;

		if (mode == NULL)
			mode = lookup_env(c, "DOTENV_LINEBREAK_MODE");
		legacy = mode && strcmp(mode, "legacy") == 0;
		for (i = 0; i < v.len; i++) {
			if (v.s[i] == '\\' && i + 1 < v.len && (v.s[i + 1] == 'n' || v.s[i + 1] == 'r')) {
				if (legacy)
					str_addch(&t, v.s[i + 1] == 'n' ? '\n' : '\r');
				else
					str_add(&t, v.s[i + 1] == 'n' ? "\\\\n" : "\\\\r", 3);
				i++;
			} else {
				str_addch(&t, v.s[i]);
			}
		}
		str_reset(&v);
		str_add(&v, t.s ? t.s : "", t.len);
		str_reset(&t);
	}
	if (q != '\'') {
		size_t i;

		/* gsub(/\\([^$])/, '\1') */
		for (i = 0; i < v.len; i++) {
			if (v.s[i] == '\\' && i + 1 < v.len && v.s[i + 1] != '$') {
				str_addch(&t, v.s[i + 1]);
				i++;
			} else {
				str_addch(&t, v.s[i]);
			}
		}
		str_reset(&v);
		if ((r = subst_commands(c, str_cstr(&t), &v)) != 0)
			goto out;
		str_reset(&t);
		if ((r = subst_vars(c, str_cstr(&v), &t)) != 0)
			goto out;
		str_add(out, t.s ? t.s : "", t.len);
	} else {
		str_add(out, v.s ? v.s : "", v.len);
	}
out:
	str_release(&v);
	str_release(&t);
	return r;
}

static void
inspect(const char *s, size_t n, struct str *out)
{
	size_t i;

	str_addch(out, '"');
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '"' || ch == '\\')
			str_addf(out, "\\%c", ch);
		else if (ch == '\n')
			str_adds(out, "\\n");
		else if (ch == '\t')
			str_adds(out, "\\t");
		else if (ch == '\r')
			str_adds(out, "\\r");
		else if (ch == 27)
			str_adds(out, "\\e");
		else if (ch == '#' && i + 1 < n && (s[i + 1] == '{' || s[i + 1] == '$' || s[i + 1] == '@'))
			str_adds(out, "\\#");
		else if (ch < 0x20 || ch == 0x7f)
			str_addf(out, "\\x%02X", ch);
		else
			str_addch(out, (char)ch);
	}
	str_addch(out, '"');
}

static int
line_of(const char *s, size_t off)
{
	size_t i;
	int l = 1;

	for (i = 0; i < off; i++)
		if (s[i] == '\n')
			l++;
	return l;
}

static void
set_value(struct strvec *keys, struct strvec *values, const char *key, char *val)
{
	size_t i;

	for (i = 0; i < keys->n; i++)
		if (strcmp(keys->v[i], key) == 0) {
			size_t l = strlen(values->v[i]);

			memset(values->v[i], 0, l);
			free(values->v[i]);
			values->v[i] = val;
			return;
		}
	strvec_push(keys, key);
	strvec_push_nodup(values, val);
}

int
dotenv_parse(const char *file, const char *text, size_t n, const struct dotenv_ops *ops,
    struct strvec *keys, struct strvec *values, struct errinfo *e)
{
	struct str norm = STR_INIT;
	struct scan sc;
	struct ctx c;
	size_t i, pos = 0;
	int r = 0;

	norm.secret = 1;
	if (n >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		n -= 3;
	}
	/* gsub(/\r\n?/, "\n") */
	for (i = 0; i < n; i++) {
		if (text[i] == '\r') {
			str_addch(&norm, '\n');
			if (i + 1 < n && text[i + 1] == '\n')
				i++;
		} else {
			str_addch(&norm, text[i]);
		}
	}
	if (norm.s == NULL)
		str_adds(&norm, "");
	scan_init(&sc, norm.s, norm.len);
	memset(&c, 0, sizeof(c));
	c.ops = ops;
	c.keys = keys;
	c.values = values;
	c.file = file;
	c.e = e;
	while (pos < norm.len) {
		struct match m;

		if ((pos == 0 || norm.s[pos - 1] == '\n') && match_at(&sc, pos, &m)) {
			char *key = xstrndup(norm.s + m.ks, m.ke - m.ks);

			if (m.export && !m.has_value) {
				if (lookup_hash(&c, key) == NULL) {
					struct str msg = STR_INIT;

					str_adds(&msg, "Line ");
					inspect(norm.s + m.start, m.end - m.start, &msg);
					str_adds(&msg, " has an unset variable");
					r = err_setloc(e, ERR_PARSE, file, line_of(norm.s, m.ks), 1, "%s", str_cstr(&msg));
					str_release(&msg);
					free(key);
					goto out;
				}
			} else {
				struct str val = STR_INIT;

				val.secret = 1;
				r = parse_value(&c, m.has_value ? norm.s + m.vs : "", m.has_value ? m.ve - m.vs : 0, &val);
				if (r != 0) {
					if (e && e->where[0] == '\0') {
						char msg[ERR_MSG_MAX];

						memcpy(msg, e->msg, sizeof(msg));
						err_setloc(e, r, file, line_of(norm.s, m.ks), 1, "%s", msg);
					}
					str_release(&val);
					free(key);
					goto out;
				}
				c.total += val.len;
				if (c.total > DOTENV_MAX_TOTAL) {
					r = err_setloc(e, ERR_RANGE, file, line_of(norm.s, m.ks), 1,
					    "values longer than 16 MiB together once substituted (the last one is %s)",
					    key);
					str_release(&val);
					free(key);
					goto out;
				}
				set_value(keys, values, key, str_detach(&val, NULL));
				if (keys->n > DOTENV_MAX_KEYS) {
					r = err_setloc(e, ERR_RANGE, file, line_of(norm.s, m.ks), 1,
					    "more than %d secrets", DOTENV_MAX_KEYS);
					free(key);
					goto out;
				}
			}
			free(key);
			pos = m.end > pos ? m.end : pos + 1;
			continue;
		}
		while (pos < norm.len && norm.s[pos] != '\n')
			pos++;
		pos++;
	}
out:
	scan_free(&sc);
	str_release(&norm);
	return r;
}
