/*
 * shellquote — see shellquote.h. The rules are Ruby's String#dump and the two
 * regex substitutions Kamal applies after it (lib/kamal/utils.rb,
 * lib/kamal/env_file.rb), reimplemented byte by byte.
 */
#include "docker/shellquote.h"

#include <string.h>

#include "core/str.h"

static const char hexdig[] = "0123456789ABCDEF";

void
shq_rb_dump(struct str *out, const char *p, size_t n)
{
	size_t i;
	unsigned char c;

	str_addch(out, '"');
	for (i = 0; i < n; i++) {
		c = (unsigned char)p[i];
		switch (c) {
		case '"':
			str_adds(out, "\\\"");
			break;
		case '\\':
			str_adds(out, "\\\\");
			break;
		case '\n':
			str_adds(out, "\\n");
			break;
		case '\r':
			str_adds(out, "\\r");
			break;
		case '\t':
			str_adds(out, "\\t");
			break;
		case '\f':
			str_adds(out, "\\f");
			break;
		case '\v':
			str_adds(out, "\\v");
			break;
		case '\b':
			str_adds(out, "\\b");
			break;
		case '\a':
			str_adds(out, "\\a");
			break;
		case 0x1b:
			str_adds(out, "\\e");
			break;
		case '#':
			/* dump escapes '#' only where it would start an interpolation */
			if (i + 1 < n && (p[i + 1] == '{' || p[i + 1] == '$' || p[i + 1] == '@'))
				str_adds(out, "\\#");
			else
				str_addch(out, '#');
			break;
		default:
			if (c >= 0x20 && c < 0x7f) {
				str_addch(out, (char)c);
			} else {
				str_adds(out, "\\x");
				str_addch(out, hexdig[c >> 4]);
				str_addch(out, hexdig[c & 0xf]);
			}
			break;
		}
	}
	str_addch(out, '"');
}

/*
 * One ASCII run of escape_shell_value: dump, then gsub(/`/, '\`'), then
 * gsub(/\$(?!{[^\}]*\})/, '\$') — a `$` survives only when followed by `{` and,
 * somewhere later in the dumped run, a `}`.
 */
static void
escape_ascii_run(struct str *out, const char *p, size_t n)
{
	struct str d = STR_INIT;
	size_t i;

	shq_rb_dump(&d, p, n);
	for (i = 0; i < d.len; i++) {
		char c = d.s[i];

		if (c == '`') {
			str_adds(out, "\\`");
		} else if (c == '$') {
			if (i + 1 < d.len && d.s[i + 1] == '{' && memchr(d.s + i + 2, '}', d.len - i - 2) != NULL)
				str_addch(out, '$');
			else
				str_adds(out, "\\$");
		} else {
			str_addch(out, c);
		}
	}
	str_release(&d);
}

static size_t
run_len(const char *p, size_t n, int ascii)
{
	size_t i = 0;

	while (i < n && (((unsigned char)p[i] < 0x80) == ascii))
		i++;
	return i;
}

void
shq_escape(struct str *out, const char *p, size_t n)
{
	size_t i = 0, k;
	int ascii;

	str_grow(out, n + 2);
	while (i < n) {
		ascii = (unsigned char)p[i] < 0x80;
		k = run_len(p + i, n - i, ascii);
		if (ascii)
			escape_ascii_run(out, p + i, k);
		else
			str_add(out, p + i, k);
		i += k;
	}
}

void
shq_escape_cstr(struct str *out, const char *s)
{
	shq_escape(out, s, strlen(s));
}

/* gsub of the two-byte sequence `\` + c by c alone, scanning left to right. */
static void
unescape_pair(struct str *s, char c)
{
	size_t r, w = 0;

	for (r = 0; r < s->len; r++) {
		if (s->s[r] == '\\' && r + 1 < s->len && s->s[r + 1] == c) {
			s->s[w++] = c;
			r++;
		} else {
			s->s[w++] = s->s[r];
		}
	}
	str_truncate(s, w);
}

void
shq_envfile_value(struct str *out, const char *p, size_t n)
{
	struct str d = STR_INIT;
	size_t i = 0, k;
	int ascii;

	while (i < n) {
		ascii = (unsigned char)p[i] < 0x80;
		k = run_len(p + i, n - i, ascii);
		if (ascii) {
			str_reset(&d);
			shq_rb_dump(&d, p + i, k);
			/* value.dump[1..-2]: drop the quotes */
			memmove(d.s, d.s + 1, d.len - 2);
			str_truncate(&d, d.len - 2);
			unescape_pair(&d, '"');
			unescape_pair(&d, '#');
			str_add(out, d.s, d.len);
		} else {
			str_add(out, p + i, k);
		}
		i += k;
	}
	str_release(&d);
}

void
shq_single(struct str *out, const char *s)
{
	str_addch(out, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			str_adds(out, "'\\''");
		else
			str_addch(out, *s);
	}
	str_addch(out, '\'');
}

/* Decodes one UTF-8 sequence; returns its length, or 1 with *cp = -1 if invalid. */
static size_t
utf8_next(const unsigned char *p, long *cp)
{
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xe0) == 0xc0 && (p[1] & 0xc0) == 0x80) {
		*cp = ((long)(p[0] & 0x1f) << 6) | (p[1] & 0x3f);
		return 2;
	}
	if ((p[0] & 0xf0) == 0xe0 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80) {
		*cp = ((long)(p[0] & 0x0f) << 12) | ((long)(p[1] & 0x3f) << 6) | (p[2] & 0x3f);
		return 3;
	}
	if ((p[0] & 0xf8) == 0xf0 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 &&
	    (p[3] & 0xc0) == 0x80) {
		*cp = ((long)(p[0] & 0x07) << 18) | ((long)(p[1] & 0x3f) << 12) |
		    ((long)(p[2] & 0x3f) << 6) | (p[3] & 0x3f);
		return 4;
	}
	*cp = -1;
	return 1;
}

/* Unicode White_Space (what Ruby's [[:space:]] matches in a UTF-8 string). */
static int
is_white_space(long cp)
{
	return (cp >= 0x09 && cp <= 0x0d) || cp == 0x20 || cp == 0x85 || cp == 0xa0 ||
	    cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 ||
	    cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

int
rb_blank(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	long cp;

	if (s == NULL)
		return 1;
	while (*p) {
		p += utf8_next(p, &cp);
		if (!is_white_space(cp))
			return 0;
	}
	return 1;
}

int
rb_has_space(const char *s)
{
	for (; *s; s++)
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\v' || *s == '\f' || *s == '\r')
			return 1;
	return 0;
}
