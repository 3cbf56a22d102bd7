/*
 * validate — Kamal's configuration validator (lib/kamal/configuration/validator*.rb)
 * over the node tree: the same rules, the same order, the same messages
 * ("<context>: <message>"), plus the location of the offending node.
 *
 * Kamal validates each section against the example in its documentation file;
 * sextant encodes the type of every example value in a table (schema.c) and
 * applies Kamal's dispatch on them (see validate.c).
 */
#ifndef SEXTANT_CONFIG_VALIDATE_H
#define SEXTANT_CONFIG_VALIDATE_H

#include "config/node.h"

struct errinfo;

enum vtype {
	V_STR,		/* String example: String, Symbol, Numeric, true/false */
	V_INT,		/* Integer */
	V_BOOL,		/* true/false */
	V_ARR_STR,	/* array of the String kind */
	V_HASH,		/* nested example: recurse */
	V_ANYHASH,	/* `options`, `args`: any hash */
	V_LABELS,	/* hash of strings */
	V_SECTION,	/* "...": must be a hash (servers: array or hash; proxy: or boolean) */
	V_SSL,		/* boolean or hash */
	V_HOOKS_OUTPUT,	/* string/symbol or hash of them */
	V_HOSTS,	/* list of "host" or {host: tag|[tags]} */
	V_ARCH,		/* string or array of strings */
	V_SSH_CONFIG,	/* boolean, string or array of strings */
	V_PATHS		/* files/directories */
};

struct vkey {
	const char		*key;
	enum vtype		 type;
	const struct vkey	*children;	/* V_HASH */
};

/* Example tables (schema.c). Each is terminated by a NULL key. */
extern const struct vkey schema_root[];
extern const struct vkey schema_role[];
extern const struct vkey schema_accessory[];
extern const struct vkey schema_proxy[];
extern const struct vkey schema_registry_server[];
extern const struct vkey schema_builder[];
extern const struct vkey schema_logging[];
extern const struct vkey schema_boot[];
extern const struct vkey schema_ssh[];
extern const struct vkey schema_sshkit[];
extern const struct vkey schema_output[];

/*
 * Section validators. ctx is Kamal's context string ("" at the root). where is
 * the node used for the location when n itself is absent (NULL).
 */
int	validate_root(const struct node *root, struct errinfo *e);
int	validate_servers(const struct node *servers, const struct node *where, struct errinfo *e);
int	validate_role(const char *name, const struct node *role, const struct node *where,
	    struct errinfo *e);
int	validate_env(const struct node *env, const char *ctx, const struct node *where,
	    struct errinfo *e);
int	validate_section(const struct node *n, const struct vkey *schema, const char *ctx,
	    const struct node *where, struct errinfo *e);
int	validate_proxy(const struct node *proxy, const char *ctx, const struct node *where,
	    struct errinfo *e);
int	validate_registry(const struct node *reg, const char *ctx, const struct node *where,
	    struct errinfo *e);
int	validate_builder(const struct node *b, const struct node *where, struct errinfo *e);
int	validate_accessory(const char *name, const struct node *acc, const struct node *where,
	    struct errinfo *e);
int	validate_alias(const char *name, const struct node *cmd, const struct node *where,
	    struct errinfo *e);

/* Sets a ConfigurationError at node n (or where) with "ctx: msg". */
int	validate_error(struct errinfo *e, const struct node *n, const char *ctx, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));

#endif
