/*
 * Wildcard matching for ssh patterns; see sshmatch.h. The matcher is the usual
 * iterative one with a single backtrack point for the last `*` seen, so it runs
 * in O(len(s) * len(pattern)) without recursion.
 */
#include "ssh/sshmatch.h"

#include <string.h>

static int
lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

int
sshmatch_pattern(const char *s, const char *pattern, size_t patlen, int icase)
{
	size_t si = 0, pi = 0, star_p = (size_t)-1, star_s = 0;
	size_t slen = strlen(s);

	while (si < slen) {
		if (pi < patlen && pattern[pi] == '*') {
			star_p = pi++;
			star_s = si;
		} else if (pi < patlen && (pattern[pi] == '?' ||
		    (icase ? lower((unsigned char)pattern[pi]) == lower((unsigned char)s[si]) :
		    pattern[pi] == s[si]))) {
			pi++;
			si++;
		} else if (star_p != (size_t)-1) {
			/* let the last `*` swallow one more character */
			pi = star_p + 1;
			si = ++star_s;
		} else {
			return 0;
		}
	}
	while (pi < patlen && pattern[pi] == '*')
		pi++;
	return pi == patlen;
}

int
sshmatch_list(const char *s, const char *list, size_t listlen, int icase)
{
	size_t i = 0, start, len;
	int got = 0, neg;

	while (i <= listlen) {
		start = i;
		while (i < listlen && list[i] != ',')
			i++;
		len = i - start;
		i++;	/* skip the comma (or step past the end) */
		if (len == 0)
			continue;
		neg = list[start] == '!';
		if (neg) {
			start++;
			len--;
		}
		if (sshmatch_pattern(s, list + start, len, icase)) {
			if (neg)
				return -1;
			got = 1;
		}
	}
	return got;
}
