#include "core/strvec.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "core/xmalloc.h"

void
strvec_init(struct strvec *sv)
{
	memset(sv, 0, sizeof(*sv));
}

void
strvec_clear(struct strvec *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	strvec_init(sv);
}

void
strvec_push_nodup(struct strvec *sv, char *s)
{
	if (sv->n + 2 > sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 8;
		sv->v = xreallocarray(sv->v, sv->cap, sizeof(char *));
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

const char *
strvec_push(struct strvec *sv, const char *s)
{
	strvec_push_nodup(sv, xstrdup(s));
	return sv->v[sv->n - 1];
}

const char *
strvec_pushf(struct strvec *sv, const char *fmt, ...)
{
	struct str s = STR_INIT;
	va_list ap;

	va_start(ap, fmt);
	str_vaddf(&s, fmt, ap);
	va_end(ap);
	strvec_push_nodup(sv, str_detach(&s, NULL));
	return sv->v[sv->n - 1];
}

void
strvec_pushv(struct strvec *sv, const char *const *v)
{
	for (; v && *v; v++)
		strvec_push(sv, *v);
}

void
strvec_pop(struct strvec *sv)
{
	if (sv->n == 0)
		return;
	free(sv->v[--sv->n]);
	sv->v[sv->n] = NULL;
}

void
strvec_remove(struct strvec *sv, size_t i)
{
	if (i >= sv->n)
		return;
	free(sv->v[i]);
	memmove(sv->v + i, sv->v + i + 1, (sv->n - i) * sizeof(char *));
	sv->n--;
}

long
strvec_find(const struct strvec *sv, const char *s)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return (long)i;
	return -1;
}

int
strvec_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
strvec_sort(struct strvec *sv)
{
	if (sv->n > 1)
		qsort(sv->v, sv->n, sizeof(sv->v[0]), strvec_cmp);
}

void
strvec_join(const struct strvec *sv, const char *sep, struct str *out)
{
	size_t i;

	for (i = 0; i < sv->n; i++) {
		if (i)
			str_adds(out, sep);
		str_adds(out, sv->v[i]);
	}
}

void
strvec_split(struct strvec *sv, const char *s, char sep)
{
	const char *p;

	for (;;) {
		p = strchr(s, sep);
		if (p == NULL) {
			strvec_push(sv, s);
			return;
		}
		strvec_push_nodup(sv, xstrndup(s, (size_t)(p - s)));
		s = p + 1;
	}
}
