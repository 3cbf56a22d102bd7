#include "core/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/wipe.h"
#include "core/xmalloc.h"

void
str_init(struct str *s)
{
	memset(s, 0, sizeof(*s));
}

void
str_release(struct str *s)
{
	if (s->secret)
		freezero(s->s, s->cap);
	else
		free(s->s);
	s->s = NULL;
	s->len = s->cap = 0;
}

void
str_reset(struct str *s)
{
	if (s->s) {
		if (s->secret)
			wipe(s->s, s->len);
		s->s[0] = '\0';
	}
	s->len = 0;
}

void
str_grow(struct str *s, size_t extra)
{
	size_t need, ncap;
	char *n;

	if (!xadd_ok(s->len, extra, &need) || !xadd_ok(need, 1, &need))
		need = (size_t)-1;	/* xmalloc aborts */
	if (need <= s->cap)
		return;
	ncap = s->cap ? s->cap : 64;
	while (ncap < need)
		ncap = ncap > ((size_t)-1) / 2 ? need : ncap * 2;
	if (s->secret) {
		n = xmalloc(ncap);
		if (s->s)
			memcpy(n, s->s, s->len + 1);
		freezero(s->s, s->cap);
	} else {
		n = xrealloc(s->s, ncap);
	}
	if (s->s == NULL)
		n[0] = '\0';
	s->s = n;
	s->cap = ncap;
}

void
str_add(struct str *s, const void *p, size_t n)
{
	str_grow(s, n);
	if (n)
		memcpy(s->s + s->len, p, n);
	s->len += n;
	s->s[s->len] = '\0';
}

void
str_adds(struct str *s, const char *cstr)
{
	str_add(s, cstr, strlen(cstr));
}

void
str_addch(struct str *s, int c)
{
	char ch = (char)c;

	str_add(s, &ch, 1);
}

void
str_vaddf(struct str *s, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n <= 0) {
		str_grow(s, 0);
		return;
	}
	str_grow(s, (size_t)n);
	vsnprintf(s->s + s->len, (size_t)n + 1, fmt, ap);
	s->len += (size_t)n;
}

void
str_addf(struct str *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	str_vaddf(s, fmt, ap);
	va_end(ap);
}

void
str_set(struct str *s, const char *cstr)
{
	str_reset(s);
	str_adds(s, cstr);
}

void
str_truncate(struct str *s, size_t len)
{
	if (len >= s->len)
		return;
	if (s->secret)
		wipe(s->s + len, s->len - len);
	s->len = len;
	s->s[len] = '\0';
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void
str_rtrim(struct str *s)
{
	size_t n = s->len;

	while (n > 0 && is_space((unsigned char)s->s[n - 1]))
		n--;
	str_truncate(s, n);
}

void
str_trim(struct str *s)
{
	size_t i = 0;

	str_rtrim(s);
	while (i < s->len && is_space((unsigned char)s->s[i]))
		i++;
	if (i > 0) {
		memmove(s->s, s->s + i, s->len - i + 1);
		s->len -= i;
	}
}

const char *
str_cstr(const struct str *s)
{
	return s->s ? s->s : "";
}

char *
str_detach(struct str *s, size_t *len)
{
	char *p;

	str_grow(s, 0);
	p = s->s;
	if (len)
		*len = s->len;
	s->s = NULL;
	s->len = s->cap = 0;
	return p;
}

int
str_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int
str_ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && memcmp(s + a - b, suffix, b) == 0;
}
