/*
 * wwwauth — see wwwauth.h.
 */
#include "http/wwwauth.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/err.h"
#include "core/str.h"
#include "core/xmalloc.h"
#include "http/request.h"

void
wwwauth_init(struct wwwauth *w)
{
	memset(w, 0, sizeof(*w));
}

void
wwwauth_release(struct wwwauth *w)
{
	size_t i, j;

	for (i = 0; i < w->n; i++) {
		free(w->c[i].scheme);
		free(w->c[i].token68);
		for (j = 0; j < w->c[i].nparams; j++) {
			free(w->c[i].params[j].name);
			free(w->c[i].params[j].value);
		}
	}
	memset(w, 0, sizeof(*w));
}

static int
tchar(int c)
{
	char ch = (char)c;

	return c > 0 && c < 0x7f && http_is_token(&ch, 1);
}

static int
t68char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
}

static void
skip_ows(const char **p)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
}

/* quoted-string (RFC 9110 §5.6.4) at *p (the opening quote). */
static int
quoted(const char **p, char **out, struct errinfo *e)
{
	struct str s = STR_INIT;
	const char *q = *p + 1;

	for (;;) {
		if (*q == '\0') {
			str_release(&s);
			return err_set(e, ERR_PARSE, "WWW-Authenticate: unterminated quoted string");
		}
		if (*q == '"')
			break;
		if (*q == '\\') {
			q++;
			if (*q == '\0')
				continue;
		}
		str_addch(&s, *q);
		q++;
	}
	*p = q + 1;
	if (s.s == NULL)
		str_grow(&s, 1);
	*out = str_detach(&s, NULL);
	return 0;
}

int
wwwauth_parse(struct wwwauth *w, const char *value, struct errinfo *e)
{
	const char *p = value, *st, *tok;
	struct wwwauth_challenge *c;
	size_t tl, k;
	int r;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '\0')
			return 0;
		for (st = p; tchar((unsigned char)*p); p++)
			;
		if (p == st)
			return err_set(e, ERR_PARSE, "WWW-Authenticate: expected an auth scheme at \"%.20s\"",
			    st);
		if (w->n >= WWWAUTH_MAX_CHALLENGES)
			return err_set(e, ERR_RANGE, "WWW-Authenticate: more than %d challenges",
			    WWWAUTH_MAX_CHALLENGES);
		c = &w->c[w->n++];
		c->scheme = xstrndup(st, (size_t)(p - st));
		if (*p != ' ' && *p != '\t' && *p != ',' && *p != '\0')
			return err_set(e, ERR_PARSE, "WWW-Authenticate: bad character after scheme %s",
			    c->scheme);
		skip_ows(&p);
		/* token68: only as the whole of the challenge's data. */
		for (st = p; t68char((unsigned char)*p); p++)
			;
		if (p > st) {
			const char *q = p;

			while (*q == '=')
				q++;
			tok = q;
			skip_ows(&tok);
			if (*tok == ',' || *tok == '\0') {
				c->token68 = xstrndup(st, (size_t)(q - st));
				p = tok;
				continue;
			}
		}
		p = st;
		/* #auth-param, until a token not followed by '=' (the next challenge). */
		for (;;) {
			const char *save;

			while (*p == ' ' || *p == '\t' || *p == ',')
				p++;
			if (*p == '\0')
				break;
			save = p;
			for (tok = p; tchar((unsigned char)*p); p++)
				;
			tl = (size_t)(p - tok);
			if (tl == 0)
				return err_set(e, ERR_PARSE, "WWW-Authenticate: expected a parameter at \"%.20s\"",
				    tok);
			skip_ows(&p);
			if (*p != '=') {
				p = save;
				break;
			}
			p++;
			skip_ows(&p);
			if (c->nparams >= WWWAUTH_MAX_PARAMS)
				return err_set(e, ERR_RANGE, "WWW-Authenticate: more than %d parameters",
				    WWWAUTH_MAX_PARAMS);
			c->params[c->nparams].name = xstrndup(tok, tl);
			for (k = 0; k < tl; k++) {
				char ch = c->params[c->nparams].name[k];

				if (ch >= 'A' && ch <= 'Z')
					c->params[c->nparams].name[k] = (char)(ch - 'A' + 'a');
			}
			if (*p == '"') {
				if ((r = quoted(&p, &c->params[c->nparams].value, e)) < 0) {
					free(c->params[c->nparams].name);
					c->params[c->nparams].name = NULL;
					return r;
				}
			} else {
				for (st = p; tchar((unsigned char)*p); p++)
					;
				c->params[c->nparams].value = xstrndup(st, (size_t)(p - st));
			}
			c->nparams++;
			skip_ows(&p);
			if (*p != ',' && *p != '\0')
				return err_set(e, ERR_PARSE, "WWW-Authenticate: junk after parameter %.*s",
				    (int)tl, tok);
		}
	}
}

const struct wwwauth_challenge *
wwwauth_find(const struct wwwauth *w, const char *scheme)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (strcasecmp(w->c[i].scheme, scheme) == 0)
			return &w->c[i];
	return NULL;
}

const char *
wwwauth_param(const struct wwwauth_challenge *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nparams; i++)
		if (strcasecmp(c->params[i].name, name) == 0)
			return c->params[i].value;
	return NULL;
}
