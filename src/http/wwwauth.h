/*
 * wwwauth — parses WWW-Authenticate challenges (RFC 9110 §11.2, §11.6.1).
 *
 *   challenge  = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 *   auth-param = token BWS "=" BWS ( token / quoted-string )
 *
 * One field may hold several challenges separated by commas, and the list
 * syntax makes "Basic realm=a, Bearer realm=b" ambiguous until a token is seen
 * without '=' after it: that token starts the next challenge. Bounded: at
 * most WWWAUTH_MAX_CHALLENGES challenges of WWWAUTH_MAX_PARAMS params each.
 */
#ifndef SEXTANT_HTTP_WWWAUTH_H
#define SEXTANT_HTTP_WWWAUTH_H

#include <stddef.h>

struct errinfo;

#define WWWAUTH_MAX_CHALLENGES	8
#define WWWAUTH_MAX_PARAMS	16

struct wwwauth_param {
	char	*name;	/* lowercase (auth-param names are case-insensitive, §11.2) */
	char	*value;	/* unquoted */
};

struct wwwauth_challenge {
	char			*scheme;	/* as sent; compare case-insensitively */
	char			*token68;	/* or NULL */
	struct wwwauth_param	 params[WWWAUTH_MAX_PARAMS];
	size_t			 nparams;
};

struct wwwauth {
	struct wwwauth_challenge	c[WWWAUTH_MAX_CHALLENGES];
	size_t				n;
};

void	wwwauth_init(struct wwwauth *w);
void	wwwauth_release(struct wwwauth *w);
/* Adds the challenges of one field value. */
int	wwwauth_parse(struct wwwauth *w, const char *value, struct errinfo *e);
/* The first challenge with that scheme (case-insensitive), or NULL. */
const struct wwwauth_challenge *wwwauth_find(const struct wwwauth *w, const char *scheme);
/* A parameter's value, or NULL. */
const char *wwwauth_param(const struct wwwauth_challenge *c, const char *name);

#endif
