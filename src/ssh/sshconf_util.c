/*
 * sshconf_util — helpers around ssh_config values: algorithm lists with the
 * `+ - ^` prefixes (ssh_config(5) KexAlgorithms & co) and ProxyJump
 * destinations ([user@]host[:port] or ssh://[user@]host[:port], RFC 3986 §3.2
 * brackets for IPv6 literals).
 */
#include "ssh/sshconf.h"

#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "core/strvec.h"
#include "core/xmalloc.h"
#include "ssh/sshmatch.h"

#define MAX_JUMPS	32

static void
push_unique(struct strvec *v, const char *s)
{
	if (strvec_find(v, s) < 0)
		strvec_push(v, s);
}

/* Every supported name matching a pattern of the comma list, in supported order per pattern. */
static void
resolve(const char *list, const struct strvec *supported, struct strvec *out)
{
	struct strvec pats = STRVEC_INIT;
	size_t i, j;

	strvec_split(&pats, list, ',');
	for (i = 0; i < pats.n; i++) {
		if (pats.v[i][0] == '\0')
			continue;
		for (j = 0; j < supported->n; j++)
			if (sshmatch_pattern(supported->v[j], pats.v[i], strlen(pats.v[i]), 0))
				push_unique(out, supported->v[j]);
	}
	strvec_clear(&pats);
}

int
sshconf_alg_list(const char *what, const char *spec, const char *dflt, const char *supported,
    struct str *out, struct errinfo *e)
{
	struct strvec sup = STRVEC_INIT, def = STRVEC_INIT, res = STRVEC_INIT;
	size_t i, j;
	int r = 0;

	strvec_split(&sup, supported, ',');
	strvec_split(&def, dflt, ',');
	if (spec == NULL || spec[0] == '\0') {
		for (i = 0; i < def.n; i++)
			if (def.v[i][0] != '\0')
				push_unique(&res, def.v[i]);
	} else if (spec[0] == '+') {
		for (i = 0; i < def.n; i++)
			if (def.v[i][0] != '\0')
				push_unique(&res, def.v[i]);
		resolve(spec + 1, &sup, &res);
	} else if (spec[0] == '-') {
		struct strvec pats = STRVEC_INIT;

		strvec_split(&pats, spec + 1, ',');
		for (i = 0; i < def.n; i++) {
			int drop = def.v[i][0] == '\0';

			for (j = 0; j < pats.n && !drop; j++)
				if (pats.v[j][0] != '\0' &&
				    sshmatch_pattern(def.v[i], pats.v[j], strlen(pats.v[j]), 0))
					drop = 1;
			if (!drop)
				push_unique(&res, def.v[i]);
		}
		strvec_clear(&pats);
	} else if (spec[0] == '^') {
		resolve(spec + 1, &sup, &res);
		for (i = 0; i < def.n; i++)
			if (def.v[i][0] != '\0')
				push_unique(&res, def.v[i]);
	} else {
		resolve(spec, &sup, &res);
	}
	if (res.n == 0) {
		r = err_set(e, ERR_CONFIG, "%s '%s': no algorithm left that sextant supports "
		    "(supported: %s)", what, spec ? spec : "", supported);
		goto out;
	}
	strvec_join(&res, ",", out);
out:
	strvec_clear(&sup);
	strvec_clear(&def);
	strvec_clear(&res);
	return r;
}

static int
parse_port(const char *s, size_t n, int *port)
{
	long v = 0;
	size_t i;

	if (n == 0 || n > 5)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v < 1 || v > 65535)
		return -1;
	*port = (int)v;
	return 0;
}

static int
bad_host_char(int ch)
{
	return ch == ' ' || ch == '\t' || ch == ',' || ch == '@' || ch == '/' || ch == '[' ||
	    ch == ']' || ch == '\'' || ch == '"' || ch == '\\' || ch < 0x21 || ch == 0x7f;
}

int
sshconf_parse_dest(const char *s, struct sshconf_jump *out, struct errinfo *e)
{
	const char *p = s, *at, *hs, *he, *ps = NULL;
	size_t len, i;
	int port = 0;

	memset(out, 0, sizeof(out[0]));
	if (strncmp(p, "ssh://", 6) == 0) {
		p += 6;
		len = strlen(p);
		if (len > 0 && p[len - 1] == '/')
			len--;	/* tolerate a trailing slash */
	} else {
		len = strlen(p);
	}
	if (len == 0)
		return err_set(e, ERR_CONFIG, "'%s': empty destination", s);
	/* user: up to the last '@' */
	at = NULL;
	for (i = 0; i < len; i++)
		if (p[i] == '@')
			at = p + i;
	hs = p;
	if (at != NULL) {
		if (at == p)
			return err_set(e, ERR_CONFIG, "'%s': empty user name", s);
		hs = at + 1;
	}
	he = p + len;
	if (hs < he && *hs == '[') {
		const char *rb = memchr(hs, ']', (size_t)(he - hs));

		if (rb == NULL)
			return err_set(e, ERR_CONFIG, "'%s': missing ']'", s);
		if (rb + 1 < he) {
			if (rb[1] != ':')
				return err_set(e, ERR_CONFIG, "'%s': unexpected text after ']'", s);
			ps = rb + 2;
		}
		if (ps != NULL && parse_port(ps, (size_t)(he - ps), &port) != 0)
			return err_set(e, ERR_CONFIG, "'%s': bad port", s);
		he = rb;
		hs++;
	} else {
		const char *colon = memchr(hs, ':', (size_t)(he - hs));

		/* One colon is host:port; more is a bare IPv6 address without a port. */
		if (colon != NULL && memchr(colon + 1, ':', (size_t)(he - colon - 1)) == NULL) {
			if (parse_port(colon + 1, (size_t)(he - colon - 1), &port) != 0)
				return err_set(e, ERR_CONFIG, "'%s': bad port", s);
			he = colon;
		}
	}
	if (he <= hs)
		return err_set(e, ERR_CONFIG, "'%s': empty host name", s);
	for (i = 0; hs + i < he; i++)
		if (bad_host_char((unsigned char)hs[i]))
			return err_set(e, ERR_CONFIG, "'%s': invalid character in host name", s);
	if (hs[0] == '-')
		return err_set(e, ERR_CONFIG, "'%s': host name may not start with '-'", s);
	if (at != NULL) {
		for (i = 0; p + i < at; i++)
			if (p[i] == ' ' || p[i] == '\t' || p[i] == ',' || p[i] == '/' ||
			    (unsigned char)p[i] < 0x21)
				return err_set(e, ERR_CONFIG, "'%s': invalid character in user name", s);
		out->user = xstrndup(p, (size_t)(at - p));
	}
	out->host = xstrndup(hs, (size_t)(he - hs));
	out->port = port;
	return 0;
}

void
sshconf_jumps_free(struct sshconf_jump *hops, size_t n)
{
	size_t i;

	if (hops == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(hops[i].user);
		free(hops[i].host);
	}
	free(hops);
}

int
sshconf_parse_jumps(const char *spec, struct sshconf_jump **hops, size_t *n, struct errinfo *e)
{
	struct strvec parts = STRVEC_INIT;
	struct sshconf_jump *v = NULL;
	size_t i;
	int r = 0;

	*hops = NULL;
	*n = 0;
	strvec_split(&parts, spec, ',');
	if (parts.n > MAX_JUMPS) {
		r = err_set(e, ERR_CONFIG, "ProxyJump: more than %d hops", MAX_JUMPS);
		goto out;
	}
	v = xcalloc(parts.n ? parts.n : 1, sizeof(*v));
	for (i = 0; i < parts.n; i++) {
		if ((r = sshconf_parse_dest(parts.v[i], &v[i], e)) != 0) {
			sshconf_jumps_free(v, i);
			v = NULL;
			goto out;
		}
	}
	*hops = v;
	*n = parts.n;
out:
	strvec_clear(&parts);
	return r;
}
