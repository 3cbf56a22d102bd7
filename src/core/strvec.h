/*
 * strvec — a growable, NULL-terminated vector of owned strings (argv-shaped).
 */
#ifndef SEXTANT_CORE_STRVEC_H
#define SEXTANT_CORE_STRVEC_H

#include <stddef.h>

struct str;

struct strvec {
	char	**v;	/* v[n] == NULL once anything was pushed */
	size_t	  n;
	size_t	  cap;
};

#define STRVEC_INIT	{ NULL, 0, 0 }

void	 strvec_init(struct strvec *sv);
void	 strvec_clear(struct strvec *sv);
const char *strvec_push(struct strvec *sv, const char *s);
const char *strvec_pushf(struct strvec *sv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Takes ownership of s (heap-allocated). */
void	 strvec_push_nodup(struct strvec *sv, char *s);
void	 strvec_pushv(struct strvec *sv, const char *const *v);
void	 strvec_pop(struct strvec *sv);
/* Removes element i, shifting the rest down. */
void	 strvec_remove(struct strvec *sv, size_t i);
/* Index of s, or -1. */
long	 strvec_find(const struct strvec *sv, const char *s);
/* qsort comparator for an array of char *, in strcmp order. */
int	 strvec_cmp(const void *a, const void *b);
/* Sorts the elements in strcmp order. */
void	 strvec_sort(struct strvec *sv);
/* Appends v[0] sep v[1] sep ... to out. */
void	 strvec_join(const struct strvec *sv, const char *sep, struct str *out);
/* Splits s on every occurrence of the single character sep (empty fields kept). */
void	 strvec_split(struct strvec *sv, const char *s, char sep);

#endif
