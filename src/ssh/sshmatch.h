/*
 * sshmatch — OpenSSH's pattern language (ssh_config(5) "PATTERNS"): `*` matches
 * any run of characters, `?` exactly one; a pattern-list is comma-separated and
 * an entry starting with `!` negates. Used by known_hosts host fields and by
 * ssh_config Host / Match criteria.
 */
#ifndef SEXTANT_SSH_SSHMATCH_H
#define SEXTANT_SSH_SSHMATCH_H

#include <stddef.h>

/* 1 if s matches pattern (pattern[0..patlen)). icase: ASCII case-insensitive. */
int	sshmatch_pattern(const char *s, const char *pattern, size_t patlen, int icase);
/*
 * Matches s against a comma-separated pattern-list (list[0..listlen)):
 * -1 if a negated entry matches (this overrides everything), 1 if a positive
 * entry matches, 0 otherwise.
 */
int	sshmatch_list(const char *s, const char *list, size_t listlen, int icase);

#endif
