/*
 * select — -h/-r/-p host and role selection (spec §3.1;
 * lib/kamal/commander.rb, lib/kamal/commander/specifics.rb, Utils.filter_specific_items)
 * and Ruby's File.fnmatch with FNM_EXTGLOB.
 */
#include "config/config.h"

#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "core/xmalloc.h"

/* ---- File.fnmatch(pattern, s, File::FNM_EXTGLOB) ---- */

/* [...] at p (after '['): returns the index after ']' or 0 when unterminated. */
static size_t
bracket(const char *p, int c, int *matched)
{
	size_t i = 0;
	int neg = 0, ok = 0;

	if (p[i] == '!' || p[i] == '^') {
		neg = 1;
		i++;
	}
	if (p[i] == ']') {
		/* a leading ']' is literal */
		ok |= c == ']';
		i++;
	}
	while (p[i] && p[i] != ']') {
		int lo = (unsigned char)p[i], hi;

		if (lo == '\\' && p[i + 1])
			lo = (unsigned char)p[++i];
		i++;
		hi = lo;
		if (p[i] == '-' && p[i + 1] && p[i + 1] != ']') {
			i++;
			hi = (unsigned char)p[i];
			if (hi == '\\' && p[i + 1])
				hi = (unsigned char)p[++i];
			i++;
		}
		if (c >= lo && c <= hi)
			ok = 1;
	}
	if (p[i] != ']')
		return 0;
	*matched = neg ? !ok : ok;
	return i + 1;
}

/* One pattern element at p against character c: returns the pattern length it
 * used (0 = no match). */
static size_t
match_one(const char *p, int c)
{
	int m = 0;
	size_t k;

	switch (*p) {
	case '?':
		return c ? 1 : 0;
	case '[':
		if (c == 0)
			return 0;
		k = bracket(p + 1, c, &m);
		if (k == 0)
			return c == '[' ? 1 : 0;	/* unterminated: a literal '[' */
		return m ? 1 + k : 0;
	case '\\':
		if (p[1])
			return p[1] == c ? 2 : 0;
		return c == '\\' ? 1 : 0;
	default:
		return *p == c && c ? 1 : 0;
	}
}

/*
 * Wildcard matching with a single backtrack point (the last '*'): linear in
 * practice and never exponential, whatever the pattern. A leading '.' of the
 * string is matched only literally (no FNM_DOTMATCH).
 */
static int
match_simple(const char *p, const char *s, int at_start)
{
	const char *star_p = NULL, *star_s = NULL;

	if (at_start && *s == '.' && (*p == '*' || *p == '?' || *p == '['))
		return 0;
	for (;;) {
		size_t k;

		if (*p == '*') {
			while (*p == '*')
				p++;
			if (*p == '\0')
				return 1;
			star_p = p;
			star_s = s;
			continue;
		}
		if (*s == '\0' && *p == '\0')
			return 1;
		if (*s != '\0' && *p != '\0' && (k = match_one(p, (unsigned char)*s)) != 0) {
			p += k;
			s++;
			continue;
		}
		if (star_p == NULL || *star_s == '\0')
			return 0;
		p = star_p;
		s = ++star_s;
	}
}

/*
 * Brace expansion (ruby_brace_expand): the first {..} with its matching '}'.
 * Expansion is exponential in the number of brace groups ("{a,b}{c,d}..." has
 * 2^n forms; the fuzzer found a 300-byte -h pattern that ran for minutes), so a
 * match tries at most MATCH_EXPANSIONS forms, far more than any host list needs,
 * and a pattern past that matches nothing.
 */
#define MATCH_EXPANSIONS	4096

static int
match_braces(const char *pat, const char *s, int depth, int *budget)
{
	const char *open = NULL, *close = NULL, *p;
	int nest = 0;

	if (depth > 32 || --*budget < 0)
		return 0;
	for (p = pat; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p == '{') {
			if (nest++ == 0)
				open = p;
		} else if (*p == '}' && nest > 0) {
			if (--nest == 0) {
				close = p;
				break;
			}
		}
	}
	if (open == NULL || close == NULL)
		return match_simple(pat, s, 1);
	{
		const char *start = open + 1, *q;
		int n2 = 0;

		for (q = open + 1; q <= close; q++) {
			if (*q == '\\' && q + 1 < close) {
				q++;
				continue;
			}
			if (*q == '{')
				n2++;
			else if (*q == '}' && q != close)
				n2--;
			if ((*q == ',' && n2 == 0) || q == close) {
				struct str alt = STR_INIT;
				int m;

				str_add(&alt, pat, (size_t)(open - pat));
				str_add(&alt, start, (size_t)(q - start));
				str_adds(&alt, close + 1);
				m = match_braces(str_cstr(&alt), s, depth + 1, budget);
				str_release(&alt);
				if (m)
					return 1;
				if (*budget < 0)
					return 0;
				start = q + 1;
			}
		}
	}
	return 0;
}

int
config_fnmatch(const char *pattern, const char *s)
{
	int budget = MATCH_EXPANSIONS;

	return match_braces(pattern, s, 0, &budget);
}

/* ---- selection ---- */

/* Utils.filter_specific_items: per filter, the matching items in order; uniq. */
static void
filter_items(const struct strvec *filters, const struct strvec *items, struct strvec *out)
{
	size_t i, j;

	for (i = 0; i < filters->n; i++)
		for (j = 0; j < items->n; j++)
			if (config_fnmatch(filters->v[i], items->v[j]) && strvec_find(out, items->v[j]) < 0)
				strvec_push(out, items->v[j]);
}

/* String#split(",") without trailing empty fields */
static void
split_list(const char *s, struct strvec *out)
{
	strvec_split(out, s, ',');
	while (out->n && out->v[out->n - 1][0] == '\0')
		strvec_pop(out);
}

static int
role_on(const struct config_role *r, const char *host)
{
	return config_role_has_host(r, host);
}

static int
on_primary(const struct config_selection *s, const char *host)
{
	return s->primary_role != NULL && role_on(s->primary_role, host);
}

static void
stable_primary_hosts_first(const struct config_selection *s, struct strvec *hosts)
{
	struct strvec a = STRVEC_INIT, b = STRVEC_INIT;
	size_t i;

	for (i = 0; i < hosts->n; i++)
		strvec_push(on_primary(s, hosts->v[i]) ? &a : &b, hosts->v[i]);
	strvec_clear(hosts);
	for (i = 0; i < b.n; i++)
		strvec_push(&a, b.v[i]);
	*hosts = a;
	strvec_clear(&b);
}

static void
compute(const struct config *c, struct config_selection *s)
{
	const struct strvec *base_hosts = s->has_specific_hosts ? &s->specific_hosts : &c->all_hosts;
	struct strvec role_hosts = STRVEC_INIT;
	const char *ph = NULL;
	size_t i, j, nsrc;

	/* roles: (specific || all) with at least one host among (specific hosts || all hosts) */
	nsrc = s->specific_roles ? s->nspecific_roles : c->nroles;
	s->roles = xcalloc(nsrc ? nsrc : 1, sizeof(*s->roles));
	for (i = 0; i < nsrc; i++) {
		const struct config_role *r = s->specific_roles ? s->specific_roles[i] : &c->roles[i];

		for (j = 0; j < base_hosts->n; j++)
			if (role_on(r, base_hosts->v[j])) {
				s->roles[s->nroles++] = r;
				break;
			}
	}
	/* hosts */
	if (s->specific_roles)
		for (i = 0; i < s->nspecific_roles; i++)
			for (j = 0; j < s->specific_roles[i]->nhosts; j++)
				strvec_push(&role_hosts, s->specific_roles[i]->hosts[j].name);
	for (i = 0; i < base_hosts->n; i++)
		if (role_hosts.n == 0 || strvec_find(&role_hosts, base_hosts->v[i]) >= 0)
			strvec_push(&s->hosts, base_hosts->v[i]);
	strvec_clear(&role_hosts);
	/* primary host */
	if (s->has_specific_hosts && s->specific_hosts.n) {
		ph = s->specific_hosts.v[0];
	} else if (s->specific_roles && s->nspecific_roles) {
		const struct config_role *pr = s->specific_roles[0];

		for (i = 0; i < s->nspecific_roles; i++)
			if (s->specific_roles[i] == c->primary_role)
				pr = s->specific_roles[i];
		ph = pr->nhosts ? pr->hosts[0].name : NULL;
	}
	if (ph == NULL)
		ph = config_primary_host(c);
	s->primary_host = ph;
	/* primary role: primary-or-first of the selected roles on the primary host */
	s->primary_role = NULL;
	if (ph) {
		for (i = 0; i < s->nroles; i++)
			if (role_on(s->roles[i], ph)) {
				if (s->roles[i] == c->primary_role) {
					s->primary_role = s->roles[i];
					break;
				}
				if (s->primary_role == NULL)
					s->primary_role = s->roles[i];
			}
	}
	/* stable sort: primary role first */
	if (s->primary_role) {
		for (i = 0; i < s->nroles; i++)
			if (s->roles[i] == s->primary_role) {
				memmove(&s->roles[1], &s->roles[0], i * sizeof(*s->roles));
				s->roles[0] = s->primary_role;
				break;
			}
	}
	stable_primary_hosts_first(s, &s->hosts);
	/* app / proxy / accessory hosts */
	for (i = 0; i < c->app_hosts.n; i++)
		if (strvec_find(&s->hosts, c->app_hosts.v[i]) >= 0)
			strvec_push(&s->app_hosts, c->app_hosts.v[i]);
	stable_primary_hosts_first(s, &s->app_hosts);
	for (i = 0; i < c->proxy_hosts.n; i++)
		if (strvec_find(&s->hosts, c->proxy_hosts.v[i]) >= 0)
			strvec_push(&s->proxy_hosts, c->proxy_hosts.v[i]);
	for (i = 0; i < c->naccessories; i++)
		for (j = 0; j < c->accessories[i].hosts.n; j++) {
			const char *h = c->accessories[i].hosts.v[j];

			if (strvec_find(&s->hosts, h) >= 0 && strvec_find(&s->accessory_hosts, h) < 0)
				strvec_push(&s->accessory_hosts, h);
		}
}

static int
set_specific_hosts(const struct config *c, const struct strvec *list, struct config_selection *s,
    struct errinfo *e)
{
	strvec_clear(&s->specific_hosts);
	s->has_specific_hosts = 0;
	if (list == NULL || list->n == 0)
		return 0;
	filter_items(list, &c->all_hosts, &s->specific_hosts);
	if (s->specific_hosts.n == 0) {
		struct str j = STR_INIT;
		int r;

		strvec_join(list, ",", &j);
		r = err_set(e, ERR_INVAL, "No --hosts match for %s", str_cstr(&j));
		str_release(&j);
		return r;
	}
	s->has_specific_hosts = 1;
	return 0;
}

int
config_select(const struct config *c, const char *hosts_opt, const char *roles_opt, int primary,
    struct config_selection *out, struct errinfo *e)
{
	struct strvec hl = STRVEC_INIT, rl = STRVEC_INIT;
	int r = 0;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (hosts_opt) {
		split_list(hosts_opt, &hl);
		if ((r = set_specific_hosts(c, &hl, out, e)) != 0)
			goto out;
	}
	if (roles_opt) {
		split_list(roles_opt, &rl);
		if (rl.n) {
			struct strvec names = STRVEC_INIT, matched = STRVEC_INIT;

			for (i = 0; i < c->nroles; i++)
				strvec_push(&names, c->roles[i].name);
			filter_items(&rl, &names, &matched);
			if (matched.n == 0) {
				struct str j = STR_INIT;

				strvec_join(&rl, ",", &j);
				r = err_set(e, ERR_INVAL, "No --roles match for %s", str_cstr(&j));
				str_release(&j);
				strvec_clear(&names);
				strvec_clear(&matched);
				goto out;
			}
			out->specific_roles = xcalloc(matched.n, sizeof(*out->specific_roles));
			for (i = 0; i < matched.n; i++)
				out->specific_roles[out->nspecific_roles++] = config_role(c, matched.v[i]);
			strvec_clear(&names);
			strvec_clear(&matched);
		}
	}
	if (primary) {
		struct strvec one = STRVEC_INIT;
		const char *ph = out->nspecific_roles ?
		    (out->specific_roles[0]->nhosts ? out->specific_roles[0]->hosts[0].name : NULL) :
		    config_primary_host(c);

		if (ph == NULL) {
			r = err_set(e, ERR_INVAL, "No --hosts match for %s", "");
			goto out;
		}
		strvec_push(&one, ph);
		r = set_specific_hosts(c, &one, out, e);
		strvec_clear(&one);
		if (r != 0)
			goto out;
	}
	compute(c, out);
out:
	strvec_clear(&hl);
	strvec_clear(&rl);
	if (r != 0)
		config_selection_release(out);
	return r;
}

int
config_select_hosts(const struct config *c, const struct config_selection *base, const struct strvec *hosts,
    struct config_selection *out, struct errinfo *e)
{
	int r;

	memset(out, 0, sizeof(*out));
	if (base->nspecific_roles) {
		out->specific_roles = xcalloc(base->nspecific_roles, sizeof(*out->specific_roles));
		memcpy(out->specific_roles, base->specific_roles, base->nspecific_roles * sizeof(*out->specific_roles));
		out->nspecific_roles = base->nspecific_roles;
	}
	if ((r = set_specific_hosts(c, hosts, out, e)) != 0) {
		config_selection_release(out);
		return r;
	}
	compute(c, out);
	return 0;
}

void
config_selection_release(struct config_selection *s)
{
	free(s->roles);
	strvec_clear(&s->hosts);
	strvec_clear(&s->app_hosts);
	strvec_clear(&s->proxy_hosts);
	strvec_clear(&s->accessory_hosts);
	free(s->specific_roles);
	strvec_clear(&s->specific_hosts);
	memset(s, 0, sizeof(*s));
}

size_t
config_selection_roles_on(const struct config_selection *s, const char *host, const struct config_role **out,
    size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < s->nroles; i++)
		if (role_on(s->roles[i], host)) {
			if (n < max)
				out[n] = s->roles[i];
			n++;
		}
	return n;
}
