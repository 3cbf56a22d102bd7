/*
 * gemver — Gem::Version#<=> without Ruby.
 *
 * What Ruby does, and so what this does: the stripped text must match
 *     [0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?
 * (or be empty, meaning "0"); every "-" reads as ".pre."; the segments are the
 * runs of digits and the runs of letters; the segments up to the first letter
 * run are the release part, the rest the prerelease part, and each part loses
 * its trailing zeros ("canonical segments", so 1.0.a equals 1.a); then the two
 * lists compare element by element with missing ones as 0, a number above a
 * string, numbers by value (any size: Ruby's are bignums) and strings bytewise.
 */
#include "core/gemver.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/xmalloc.h"

struct seg {
	int		 num;	/* 1 number, 0 letters */
	const char	*p;	/* a number is kept without its leading zeros */
	size_t		 len;
};

static const struct seg seg_zero = { 1, "0", 1 };
static const struct seg seg_pre = { 0, "pre", 3 };

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* Ruby's String#strip: [*s, *s + *n) without surrounding whitespace (and trailing NULs, not reachable from C). */
static void
strip(const char **s, size_t *n)
{
	while (*n > 0 && is_space((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_space((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/* The version pattern over the whole of [p, p + n). */
static int
well_formed(const char *p, size_t n)
{
	const char *end = p + n, *q;
	int pre = 0;

	if (n == 0)
		return 1;
	if (!isdigit((unsigned char)*p))
		return 0;
	while (p < end && isdigit((unsigned char)*p))
		p++;
	while (p < end) {
		if (*p == '-' && !pre)
			pre = 1;
		else if (*p != '.')
			return 0;
		p++;
		/* a release segment is [0-9a-zA-Z]+, a prerelease one may hold '-' too */
		for (q = p; p < end && (isalnum((unsigned char)*p) || (pre && *p == '-')); p++)
			;
		if (p == q)
			return 0;
	}
	return 1;
}

/* The canonical segments of a well-formed version into v (room for n + 1 entries); their count. */
static size_t
segments(const char *p, size_t n, struct seg *v)
{
	const char *end = p + n;
	size_t k = 0, rel = 0, i;
	int in_pre = 0;

	while (p < end) {
		struct seg s;

		if (*p == '.') {
			p++;
			continue;
		}
		if (*p == '-') {
			s = seg_pre;
			p++;
		} else {
			s.num = isdigit((unsigned char)*p) != 0;
			if (s.num)
				while (p + 1 < end && *p == '0' && isdigit((unsigned char)p[1]))
					p++;
			s.p = p;
			while (p < end && (s.num ? isdigit((unsigned char)*p) : isalpha((unsigned char)*p)))
				p++;
			s.len = (size_t)(p - s.p);
		}
		if (!s.num && !in_pre) {
			in_pre = 1;
			/* the release part ends here: drop its trailing zeros */
			while (k > 0 && v[k - 1].len == 1 && v[k - 1].p[0] == '0')
				k--;
			rel = k;
		}
		v[k++] = s;
	}
	/* the prerelease part's trailing zeros */
	i = in_pre ? rel : 0;
	while (k > i && v[k - 1].num && v[k - 1].len == 1 && v[k - 1].p[0] == '0')
		k--;
	return k;
}

static int
seg_cmp(const struct seg *x, const struct seg *y)
{
	size_t n = x->len < y->len ? x->len : y->len;
	int c;

	if (x->num != y->num)
		return x->num ? 1 : -1;
	if (x->num && x->len != y->len)
		return x->len < y->len ? -1 : 1;	/* no leading zeros: the longer is larger */
	if ((c = memcmp(x->p, y->p, n)) != 0)
		return c < 0 ? -1 : 1;
	return x->len == y->len ? 0 : x->len < y->len ? -1 : 1;
}

int
gem_version_cmp(const char *a, const char *b, int *cmp)
{
	size_t na = strlen(a), nb = strlen(b), ka, kb, i;
	struct seg *va = NULL, *vb = NULL;
	int rc = ERR_INVAL, c = 0;

	strip(&a, &na);
	strip(&b, &nb);
	if (!well_formed(a, na) || !well_formed(b, nb))
		goto out;
	/* at most one segment per byte (a "-" is one "pre") */
	va = xcalloc(na + 1, sizeof(*va));
	vb = xcalloc(nb + 1, sizeof(*vb));
	ka = segments(a, na, va);
	kb = segments(b, nb, vb);
	for (i = 0; c == 0 && (i < ka || i < kb); i++)
		c = seg_cmp(i < ka ? &va[i] : &seg_zero, i < kb ? &vb[i] : &seg_zero);
	*cmp = c;
	rc = 0;
out:
	free(va);
	free(vb);
	return rc;
}
