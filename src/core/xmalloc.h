/*
 * xmalloc — allocation that never returns NULL.
 *
 * Out of memory is not an error sextant can recover from in a useful way (a deploy
 * half-done because a malloc failed mid-flow is worse than a clear abort), so these
 * abort with a message. Sizes are overflow-checked: every n*size goes through
 * xmul_ok() first.
 */
#ifndef SEXTANT_CORE_XMALLOC_H
#define SEXTANT_CORE_XMALLOC_H

#include <stddef.h>

void	*xmalloc(size_t n);
void	*xcalloc(size_t nmemb, size_t size);
void	*xrealloc(void *p, size_t n);
void	*xreallocarray(void *p, size_t nmemb, size_t size);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);
void	*xmemdup(const void *p, size_t n);
/* Formatted allocation (asprintf that aborts on failure). */
char	*xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* 1 if a*b fits in size_t (and stores it), 0 otherwise. */
int	xmul_ok(size_t a, size_t b, size_t *out);
/* 1 if a+b fits in size_t (and stores it), 0 otherwise. */
int	xadd_ok(size_t a, size_t b, size_t *out);

#endif
