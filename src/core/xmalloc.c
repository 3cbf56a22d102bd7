#include "core/xmalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
oom(size_t n)
{
	char msg[96];
	int len = snprintf(msg, sizeof(msg), "sextant: out of memory (allocating %zu bytes)\n", n);

	/* stdio may itself need memory; write(2) does not. */
	if (len > 0) {
		ssize_t w = write(2, msg, (size_t)len);
		(void)w;
	}
	abort();
}

int
xmul_ok(size_t a, size_t b, size_t *out)
{
	if (b != 0 && a > (size_t)-1 / b)
		return 0;
	*out = a * b;
	return 1;
}

int
xadd_ok(size_t a, size_t b, size_t *out)
{
	if (a > (size_t)-1 - b)
		return 0;
	*out = a + b;
	return 1;
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom(n);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	size_t total;
	void *p;

	if (!xmul_ok(nmemb, size, &total))
		oom((size_t)-1);
	p = calloc(total ? nmemb : 1, total ? size : 1);
	if (p == NULL)
		oom(total);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		oom(n);
	return q;
}

void *
xreallocarray(void *p, size_t nmemb, size_t size)
{
	size_t total;

	if (!xmul_ok(nmemb, size, &total))
		oom((size_t)-1);
	return xrealloc(p, total);
}

char *
xstrdup(const char *s)
{
	return xmemdup(s, strlen(s) + 1);
}

char *
xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void *
xmemdup(const void *p, size_t n)
{
	void *q = xmalloc(n);

	if (n)
		memcpy(q, p, n);
	return q;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	int len;
	char *p;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		oom(0);
	p = xmalloc((size_t)len + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)len + 1, fmt, ap);
	va_end(ap);
	return p;
}
