/*
 * gemver — Ruby's Gem::Version ordering, for the checks Kamal makes with it
 * (minimum_version in deploy.yml, the running kamal-proxy's image tag).
 */
#ifndef SEXTANT_CORE_GEMVER_H
#define SEXTANT_CORE_GEMVER_H

/*
 * Compare two version strings as Gem::Version#<=> does: *cmp < 0, 0 or > 0.
 * ERR_INVAL (and *cmp untouched) when either is not a version Gem::Version
 * accepts ("Malformed version number string ..."): it must start with a digit,
 * e.g. "latest" or "1..2" is refused. Surrounding whitespace is ignored and ""
 * is "0", as in Ruby.
 */
int	gem_version_cmp(const char *a, const char *b, int *cmp);

#endif
