/*
 * str — a growable text buffer (git's strbuf invariants).
 *
 * s is always NUL-terminated and never NULL once anything was added: str_cstr()
 * returns "" for an empty buffer, so callers never test for NULL. len excludes
 * the NUL. A str marked secret is wiped when its storage is freed or moved.
 */
#ifndef SEXTANT_CORE_STR_H
#define SEXTANT_CORE_STR_H

#include <stdarg.h>
#include <stddef.h>

struct str {
	char	*s;
	size_t	 len;
	size_t	 cap;
	int	 secret;
};

#define STR_INIT	{ NULL, 0, 0, 0 }

void	 str_init(struct str *s);
void	 str_release(struct str *s);
void	 str_reset(struct str *s);
void	 str_grow(struct str *s, size_t extra);
void	 str_add(struct str *s, const void *p, size_t n);
void	 str_adds(struct str *s, const char *cstr);
void	 str_addch(struct str *s, int c);
void	 str_addf(struct str *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void	 str_vaddf(struct str *s, const char *fmt, va_list ap);
void	 str_set(struct str *s, const char *cstr);
void	 str_truncate(struct str *s, size_t len);
/* Strips ASCII whitespace at both ends. */
void	 str_trim(struct str *s);
void	 str_rtrim(struct str *s);
const char *str_cstr(const struct str *s);
/* Hands over the storage (caller frees); s is left empty. Never NULL. */
char	*str_detach(struct str *s, size_t *len);

/* Helpers on plain C strings. */
int	 str_starts_with(const char *s, const char *prefix);
int	 str_ends_with(const char *s, const char *suffix);

#endif
