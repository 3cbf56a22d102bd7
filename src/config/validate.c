/*
 * validate — Kamal::Configuration::Validator and its subclasses, over nodes.
 *
 * Dispatch per key, in Kamal's order (validator.rb#validate_against_example!):
 * unknown keys first (all of them in one message), then each present key in
 * the order the config file lists it. The context is the slash path Kamal
 * builds with with_context; the location is the node the message is about
 * (the value for type errors, the first unknown key for unknown keys).
 */
#include "config/validate.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "config/config.h"
#include "core/err.h"
#include "core/str.h"

#define CTX_MAX	1024

int
validate_error(struct errinfo *e, const struct node *n, const char *ctx, const char *fmt, ...)
{
	char msg[ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n != NULL)
		err_setloc(e, ERR_CONFIG, n->file ? n->file : "", n->line, n->col, "%s%s%s",
		    ctx && *ctx ? ctx : "", ctx && *ctx ? ": " : "", msg);
	else
		err_set(e, ERR_CONFIG, "%s%s%s", ctx && *ctx ? ctx : "", ctx && *ctx ? ": " : "", msg);
	return ERR_CONFIG;
}

/* ---- type words (validator.rb#type_description) ---- */

enum { T_STRING = 1, T_INTEGER = 2, T_ARRAY = 4, T_HASH = 8, T_BOOLEAN = 16, T_SYMBOL = 32, T_NIL = 64 };

static int
valid_type(const struct node *v, int types)
{
	enum node_kind k = v ? v->kind : NODE_NULL;

	if ((types & T_STRING) && (k == NODE_STR || k == NODE_SYM || k == NODE_INT ||
	    k == NODE_FLOAT || k == NODE_BOOL))
		return 1;
	if ((types & T_INTEGER) && k == NODE_INT)
		return 1;
	if ((types & T_ARRAY) && k == NODE_SEQ)
		return 1;
	if ((types & T_HASH) && k == NODE_MAP)
		return 1;
	if ((types & T_BOOLEAN) && k == NODE_BOOL)
		return 1;
	if ((types & T_SYMBOL) && k == NODE_SYM)
		return 1;
	if ((types & T_NIL) && k == NODE_NULL)
		return 1;
	return 0;
}

/* The types in the order the caller lists them (Kamal joins them in that order). */
static int
type_error(struct errinfo *e, const struct node *at, const char *ctx, const int *order)
{
	struct str s = STR_INIT;
	int i, r;

	str_adds(&s, "should be ");
	for (i = 0; order[i]; i++) {
		const char *w = order[i] == T_STRING ? "a string" : order[i] == T_INTEGER ? "an integer" :
		    order[i] == T_ARRAY ? "an array" : order[i] == T_HASH ? "a hash" :
		    order[i] == T_BOOLEAN ? "a boolean" : order[i] == T_SYMBOL ? "a symbol" : "a nilclass";

		if (i)
			str_adds(&s, " or ");
		str_adds(&s, w);
	}
	r = validate_error(e, at, ctx, "%s", str_cstr(&s));
	str_release(&s);
	return r;
}

static int
check_type(struct errinfo *e, const struct node *v, const struct node *where, const char *ctx,
    const int *order)
{
	int i, mask = 0;

	for (i = 0; order[i]; i++)
		mask |= order[i];
	if (valid_type(v, mask))
		return 0;
	return type_error(e, v ? v : where, ctx, order);
}

static const int O_STRING[] = { T_STRING, 0 };
static const int O_INTEGER[] = { T_INTEGER, 0 };
static const int O_BOOLEAN[] = { T_BOOLEAN, 0 };
static const int O_ARRAY[] = { T_ARRAY, 0 };
static const int O_HASH[] = { T_HASH, 0 };
static const int O_ARRAY_HASH[] = { T_ARRAY, T_HASH, 0 };
static const int O_STRING_HASH[] = { T_STRING, T_HASH, 0 };
static const int O_STRING_ARRAY[] = { T_STRING, T_ARRAY, 0 };
static const int O_ARRAY_STRING[] = { T_ARRAY, T_STRING, 0 };
static const int O_BOOLEAN_HASH[] = { T_BOOLEAN, T_HASH, 0 };
static const int O_STRING_SYMBOL[] = { T_STRING, T_SYMBOL, 0 };
static const int O_ARRAY_HASH_NIL[] = { T_ARRAY, T_HASH, T_NIL, 0 };
static const int O_SSH_CONFIG[] = { T_BOOLEAN, T_STRING, T_ARRAY, 0 };

static void
ctx_join(char *out, size_t n, const char *ctx, const char *key)
{
	if (ctx == NULL || *ctx == '\0')
		snprintf(out, n, "%s", key);
	else if (key == NULL || *key == '\0')
		snprintf(out, n, "%s", ctx);
	else
		snprintf(out, n, "%s/%s", ctx, key);
}

static void
ctx_index(char *out, size_t n, const char *ctx, size_t i)
{
	char k[32];

	snprintf(k, sizeof(k), "%zu", i);
	ctx_join(out, n, ctx, k);
}

/* ---- helpers mirroring validator.rb ---- */

static int
array_of_string(struct errinfo *e, const struct node *v, const struct node *where, const char *ctx)
{
	size_t i;
	int r;

	if ((r = check_type(e, v, where, ctx, O_ARRAY)) != 0)
		return r;
	for (i = 0; i < v->n; i++) {
		char c[CTX_MAX];

		ctx_index(c, sizeof(c), ctx, i);
		if ((r = check_type(e, v->items[i], v, c, O_STRING)) != 0)
			return r;
	}
	return 0;
}

static int
hash_of_string(struct errinfo *e, const struct node *v, const struct node *where, const char *ctx)
{
	size_t i;
	int r;

	if ((r = check_type(e, v, where, ctx, O_HASH)) != 0)
		return r;
	for (i = 0; i < v->n; i++) {
		char c[CTX_MAX];

		ctx_join(c, sizeof(c), ctx, v->keys[i]->text ? v->keys[i]->text : "");
		if ((r = check_type(e, v->items[i], v->keys[i], c, O_STRING)) != 0)
			return r;
	}
	return 0;
}

/* validate_servers! (role hosts, proxy hosts, accessory hosts). */
static int
servers_list(struct errinfo *e, const struct node *v, const struct node *where, const char *ctx)
{
	size_t i;
	int r;

	if ((r = check_type(e, v, where, ctx, O_ARRAY)) != 0)
		return r;
	for (i = 0; i < v->n; i++) {
		const struct node *s = v->items[i];
		char c[CTX_MAX], c2[CTX_MAX];

		ctx_index(c, sizeof(c), ctx, i);
		if ((r = check_type(e, s, v, c, O_STRING_HASH)) != 0)
			return r;
		if (s->kind != NODE_MAP)
			continue;
		if (s->n != 1)
			return validate_error(e, s, c, "multiple hosts found");
		ctx_join(c2, sizeof(c2), c, s->keys[0]->text ? s->keys[0]->text : "");
		if ((r = check_type(e, s->items[0], s->keys[0], c2, O_STRING_ARRAY)) != 0)
			return r;
		if (s->items[0]->kind == NODE_SEQ && (r = array_of_string(e, s->items[0], s, c2)) != 0)
			return r;
	}
	return 0;
}

static int
paths_list(struct errinfo *e, const struct node *v, const struct node *where, const char *ctx)
{
	static const char *const keys[] = { "local", "remote", "mode", "owner", "options", NULL };
	size_t i, k;
	int r;

	if ((r = check_type(e, v, where, ctx, O_ARRAY)) != 0)
		return r;
	for (i = 0; i < v->n; i++) {
		const struct node *p = v->items[i];
		char c[CTX_MAX];

		ctx_index(c, sizeof(c), ctx, i);
		if ((r = check_type(e, p, v, c, O_STRING_HASH)) != 0)
			return r;
		if (p->kind != NODE_MAP)
			continue;
		for (k = 0; keys[k]; k++) {
			char c2[CTX_MAX];

			if (!node_has(p, keys[k]))
				continue;
			ctx_join(c2, sizeof(c2), c, keys[k]);
			if ((r = check_type(e, node_get(p, keys[k]), node_get_key(p, keys[k]), c2,
			    O_STRING)) != 0)
				return r;
		}
	}
	return 0;
}

static int
hooks_output(struct errinfo *e, const struct node *v, const struct node *where, const char *ctx)
{
	size_t i;
	int r;

	if (v && v->kind == NODE_MAP) {
		for (i = 0; i < v->n; i++) {
			char c[CTX_MAX];

			ctx_join(c, sizeof(c), ctx, v->keys[i]->text ? v->keys[i]->text : "");
			if ((r = check_type(e, v->items[i], v->keys[i], c, O_STRING_SYMBOL)) != 0)
				return r;
		}
		return 0;
	}
	return check_type(e, v, where, ctx, O_STRING_SYMBOL);
}

static int is_extension(const struct node *k);

static const struct vkey *
schema_find(const struct vkey *schema, const char *key)
{
	size_t i;

	for (i = 0; schema[i].key; i++)
		if (strcmp(schema[i].key, key) == 0)
			return &schema[i];
	return NULL;
}

/* A key matches the example only when it is a String (or a Symbol at the root,
 * where Kamal symbolizes keys). Integer/boolean keys are always unknown. */
static const struct vkey *
schema_lookup(const struct vkey *schema, const struct node *k)
{
	if (k->kind != NODE_STR && k->kind != NODE_SYM)
		return NULL;
	return schema_find(schema, k->text);
}

static int
is_extension(const struct node *k)
{
	return k->text != NULL && strncmp(k->text, "x-", 2) == 0;
}

static int against_example(struct errinfo *e, const struct node *v, const struct node *where,
    const char *ctx, const struct vkey *schema, int allow_ext, int root);

static int
check_unknown(struct errinfo *e, const struct node *map, const char *ctx, const struct vkey *schema,
    int allow_ext)
{
	struct str s = STR_INIT;
	const struct node *first = NULL;
	size_t i, n = 0;
	int r = 0;

	for (i = 0; i < map->n; i++) {
		const struct node *k = map->keys[i];

		if (schema_lookup(schema, k))
			continue;
		if (allow_ext && is_extension(k))
			continue;
		if (first == NULL)
			first = k;
		str_addf(&s, "%s%s", n ? ", " : "", k->text ? k->text : "");
		n++;
	}
	if (n)
		r = validate_error(e, first, ctx, "unknown %s: %s", n == 1 ? "key" : "keys", str_cstr(&s));
	str_release(&s);
	return r;
}

static int
one_key(struct errinfo *e, const struct node *kn, const struct node *v, const char *ctx,
    const struct vkey *ex, int root)
{
	const struct node *where = kn;

	switch (ex->type) {
	case V_SECTION:
		if (strcmp(ex->key, "proxy") == 0 && v && v->kind == NODE_BOOL)
			return 0;
		if (root && strcmp(ex->key, "servers") == 0)
			return check_type(e, v, where, ctx, O_ARRAY_HASH);
		return check_type(e, v, where, ctx, O_HASH);
	case V_SSL:
		return check_type(e, v, where, ctx, O_BOOLEAN_HASH);
	case V_HOOKS_OUTPUT:
		return hooks_output(e, v, where, ctx);
	case V_HOSTS:
		return servers_list(e, v, where, ctx);
	case V_ARCH: {
		int r;

		if (v && v->kind == NODE_SEQ)
			r = array_of_string(e, v, where, ctx);
		else
			r = check_type(e, v, where, ctx, O_STRING);
		if (r != 0)
			return type_error(e, v ? v : where, ctx, O_ARRAY_STRING);
		return 0;
	}
	case V_SSH_CONFIG:
		if (v && v->kind == NODE_SEQ)
			return array_of_string(e, v, where, ctx);
		if (v && (v->kind == NODE_BOOL || v->kind == NODE_STR))
			return 0;
		return type_error(e, v ? v : where, ctx, O_SSH_CONFIG);
	case V_PATHS:
		return paths_list(e, v, where, ctx);
	case V_ARR_STR:
		return array_of_string(e, v, where, ctx);
	case V_ANYHASH:
		return check_type(e, v, where, ctx, O_HASH);
	case V_LABELS:
		return hash_of_string(e, v, where, ctx);
	case V_HASH:
		return against_example(e, v, where, ctx, ex->children, 0, 0);
	case V_STR:
		return check_type(e, v, where, ctx, O_STRING);
	case V_INT:
		return check_type(e, v, where, ctx, O_INTEGER);
	case V_BOOL:
		return check_type(e, v, where, ctx, O_BOOLEAN);
	}
	return 0;
}

static int
against_example(struct errinfo *e, const struct node *v, const struct node *where, const char *ctx,
    const struct vkey *schema, int allow_ext, int root)
{
	size_t i;
	int r;

	if ((r = check_type(e, v, where, ctx, O_HASH)) != 0)
		return r;
	if ((r = check_unknown(e, v, ctx, schema, allow_ext)) != 0)
		return r;
	for (i = 0; i < v->n; i++) {
		const struct node *k = v->keys[i];
		const struct vkey *ex;
		char c[CTX_MAX];

		if (is_extension(k))
			continue;
		ex = schema_lookup(schema, k);
		if (ex == NULL)
			continue;
		ctx_join(c, sizeof(c), ctx, k->text);
		if ((r = one_key(e, k, v->items[i], c, ex, root)) != 0)
			return r;
	}
	return 0;
}

int
validate_section(const struct node *n, const struct vkey *schema, const char *ctx,
    const struct node *where, struct errinfo *e)
{
	return against_example(e, n, where, ctx, schema, 0, 0);
}

int
validate_root(const struct node *root, struct errinfo *e)
{
	return against_example(e, root, root, "", schema_root, 1, 1);
}

int
validate_servers(const struct node *servers, const struct node *where, struct errinfo *e)
{
	int r;

	if ((r = check_type(e, servers, where, "servers", O_ARRAY_HASH_NIL)) != 0)
		return r;
	if (servers && servers->kind == NODE_SEQ)
		return servers_list(e, servers, where, "servers");
	return 0;
}

/* validator.rb#validate_labels! */
static int
reserved_labels(struct errinfo *e, const struct node *labels, const char *ctx)
{
	size_t i;

	if (!node_present(labels) || labels->kind != NODE_MAP)
		return 0;
	for (i = 0; i < labels->n; i++) {
		const struct node *k = labels->keys[i];

		if (k->kind == NODE_STR && (strcmp(k->text, "destination") == 0 ||
		    strcmp(k->text, "role") == 0 || strcmp(k->text, "service") == 0)) {
			char c[CTX_MAX], c2[CTX_MAX];

			ctx_join(c, sizeof(c), ctx, "labels");
			ctx_join(c2, sizeof(c2), c, k->text);
			return validate_error(e, k, c2,
			    "invalid label. destination, role, and service are reserved labels");
		}
	}
	return 0;
}

/* validator.rb#validate_docker_options! / validate_restart_policy! */
static int
restart_option(struct errinfo *e, const struct node *options, const char *ctx)
{
	const struct node *v = NULL, *k = NULL;
	char c[CTX_MAX];
	const char *s;
	size_t i;

	if (options == NULL || options->kind != NODE_MAP)
		return 0;
	for (i = 0; i < options->n; i++)
		if (options->keys[i]->text && strcmp(options->keys[i]->text, "restart") == 0) {
			k = options->keys[i];
			v = options->items[i];
			break;
		}
	if (k == NULL)
		return 0;
	ctx_join(c, sizeof(c), ctx, "options/restart");
	if (v->kind != NODE_STR)
		return validate_error(e, v, c, "should be a string. Use \"no\" to disable restarts");
	s = v->text;
	if (strcmp(s, "no") == 0 || strcmp(s, "always") == 0 || strcmp(s, "unless-stopped") == 0 ||
	    strcmp(s, "on-failure") == 0)
		return 0;
	if (strncmp(s, "on-failure:", 11) == 0 && s[11] != '\0' && strspn(s + 11, "0123456789") == strlen(s + 11))
		return 0;
	return validate_error(e, v, c, "should be no, always, unless-stopped, on-failure, or on-failure:N");
}

int
validate_role(const char *name, const struct node *role, const struct node *where, struct errinfo *e)
{
	char ctx[CTX_MAX];
	int r;

	ctx_join(ctx, sizeof(ctx), "servers", name);
	if ((r = check_type(e, role, where, ctx, O_ARRAY_HASH)) != 0)
		return r;
	if (role->kind == NODE_SEQ)
		return servers_list(e, role, where, ctx);
	if ((r = against_example(e, role, where, ctx, schema_role, 0, 0)) != 0)
		return r;
	if ((r = reserved_labels(e, node_get(role, "labels"), ctx)) != 0)
		return r;
	return restart_option(e, node_get(role, "options"), ctx);
}

/* validator/env.rb */
static int
env_validate(struct errinfo *e, const struct node *env, const struct node *where, const char *ctx)
{
	static const char *const special[] = { "clear", "secret", "tags", NULL };
	struct str unknown = STR_INIT;
	const struct node *first = NULL;
	size_t i, k, nknown = 0, nunknown = 0;
	int r = 0;

	if (env == NULL || env->kind != NODE_MAP)
		return hash_of_string(e, env, where, ctx);
	for (i = 0; i < env->n; i++) {
		const struct node *key = env->keys[i];
		int sp = 0;

		for (k = 0; special[k]; k++)
			if (key->kind == NODE_STR && strcmp(key->text, special[k]) == 0)
				sp = 1;
		if (sp) {
			nknown++;
		} else {
			if (first == NULL)
				first = key;
			str_addf(&unknown, "%s%s", nunknown ? ", " : "", key->text ? key->text : "");
			nunknown++;
		}
	}
	if (nknown == 0) {
		str_release(&unknown);
		return hash_of_string(e, env, where, ctx);
	}
	if (nunknown) {
		r = validate_error(e, first, ctx, "unknown %s: %s", nunknown == 1 ? "key" : "keys",
		    str_cstr(&unknown));
		goto out;
	}
	if (node_has(env, "clear")) {
		char c[CTX_MAX];

		ctx_join(c, sizeof(c), ctx, "clear");
		if ((r = hash_of_string(e, node_get(env, "clear"), node_get_key(env, "clear"), c)) != 0)
			goto out;
	}
	if (node_has(env, "secret")) {
		char c[CTX_MAX];

		ctx_join(c, sizeof(c), ctx, "secret");
		if ((r = array_of_string(e, node_get(env, "secret"), node_get_key(env, "secret"), c)) != 0)
			goto out;
	}
	if (node_has(env, "tags")) {
		const struct node *tags = node_get(env, "tags");
		char c[CTX_MAX];

		if (strcmp(ctx, "env") != 0) {
			r = validate_error(e, node_get_key(env, "tags"), ctx, "tags are only allowed in the root env");
			goto out;
		}
		ctx_join(c, sizeof(c), ctx, "tags");
		if ((r = check_type(e, tags, node_get_key(env, "tags"), c, O_HASH)) != 0)
			goto out;
		for (i = 0; i < tags->n; i++) {
			char c2[CTX_MAX];

			ctx_join(c2, sizeof(c2), c, tags->keys[i]->text ? tags->keys[i]->text : "");
			if ((r = check_type(e, tags->items[i], tags->keys[i], c2, O_HASH)) != 0)
				goto out;
			if ((r = env_validate(e, tags->items[i], tags->keys[i], c2)) != 0)
				goto out;
		}
	}
out:
	str_release(&unknown);
	return r;
}

int
validate_env(const struct node *env, const char *ctx, const struct node *where, struct errinfo *e)
{
	return env_validate(e, env, where, ctx);
}

int
validate_proxy(const struct node *p, const char *ctx, const struct node *where, struct errinfo *e)
{
	const struct node *ssl, *run;
	int r;

	if (p == NULL || p->kind == NODE_NULL)
		return 0;
	if ((r = against_example(e, p, where, ctx, schema_proxy, 0, 0)) != 0)
		return r;
	ssl = node_get(p, "ssl");
	if (!node_present(node_get(p, "host")) && !node_present(node_get(p, "hosts")) && node_truthy(ssl))
		return validate_error(e, node_get_key(p, "ssl"), ctx, "Must set a host to enable automatic SSL");
	if (node_has(p, "host") && node_has(p, "hosts"))
		return validate_error(e, node_get_key(p, "hosts"), ctx, "Specify one of 'host' or 'hosts', not both");
	if (ssl && ssl->kind == NODE_MAP) {
		int cert = node_present(node_get(ssl, "certificate_pem"));
		int key = node_present(node_get(ssl, "private_key_pem"));

		if (cert && !key)
			return validate_error(e, ssl, ctx,
			    "Missing private_key_pem setting (required when certificate_pem is present)");
		if (key && !cert)
			return validate_error(e, ssl, ctx,
			    "Missing certificate_pem setting (required when private_key_pem is present)");
	}
	run = node_get(p, "run");
	if (node_truthy(run) && run->kind == NODE_MAP) {
		const struct node *pub = node_get(run, "publish");

		/* Kamal's bind-IP format check reads the wrong hash and never fires (spec §4.3). */
		if (pub && pub->kind == NODE_BOOL && pub->ival == 0 &&
		    (node_present(node_get(run, "bind_ips")) || node_present(node_get(run, "http_port")) ||
		    node_present(node_get(run, "https_port"))))
			return validate_error(e, run, ctx, "Cannot set http_port, https_port or bind_ips when publish is false");
	}
	return 0;
}

static int
localhost_server(const struct node *server)
{
	const char *s = node_str(server);
	const char *p;

	if (s == NULL)
		return 0;
	/* /^localhost[:$]/ — ^ is a line start in Ruby */
	for (p = s; p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, "localhost", 9) == 0 && (p[9] == ':' || p[9] == '$'))
			return 1;
	}
	return 0;
}

int
validate_registry(const struct node *reg, const char *ctx, const struct node *where, struct errinfo *e)
{
	static const char *const keys[] = { "username", "password", NULL };
	struct node *copy = NULL;
	size_t i, k;
	int r = 0;

	/* validate_against_example!(config.except(username, password), ...) */
	if (reg && reg->kind == NODE_MAP) {
		copy = node_new(NODE_MAP, reg->file, reg->line, reg->col);
		for (i = 0; i < reg->n; i++) {
			const char *kt = reg->keys[i]->text;

			if (reg->keys[i]->kind == NODE_STR && kt &&
			    (strcmp(kt, "username") == 0 || strcmp(kt, "password") == 0))
				continue;
			node_map_set(copy, node_clone(reg->keys[i]), node_clone(reg->items[i]));
		}
		r = against_example(e, copy, where, ctx, schema_registry_server, 0, 0);
		node_free(copy);
	} else {
		r = against_example(e, reg, where, ctx, schema_registry_server, 0, 0);
	}
	if (r != 0)
		return r;
	if (localhost_server(node_get(reg, "server")))
		return 0;
	for (k = 0; keys[k]; k++) {
		const struct node *v = node_get(reg, keys[k]);
		const struct node *at = v ? v : node_get_key(reg, keys[k]) ? node_get_key(reg, keys[k]) : where;
		char c[CTX_MAX];

		ctx_join(c, sizeof(c), ctx, keys[k]);
		if (!node_present(v))
			return validate_error(e, at, c, "is required");
		if (!(v->kind == NODE_STR || (v->kind == NODE_SEQ && v->n == 1 && v->items[0]->kind == NODE_STR)))
			return validate_error(e, at, c, "should be a string or an array with one string (for secret lookup)");
	}
	return 0;
}

int
validate_builder(const struct node *b, const struct node *where, struct errinfo *e)
{
	const struct node *cache, *arch;
	int r;

	if ((r = against_example(e, b, where, "builder", schema_builder, 0, 0)) != 0)
		return r;
	cache = node_get(b, "cache");
	if (node_truthy(cache) && node_truthy(node_get(cache, "type"))) {
		const char *t = node_str(node_get(cache, "type"));

		if (t == NULL || (strcmp(t, "gha") != 0 && strcmp(t, "registry") != 0))
			return validate_error(e, node_get(cache, "type"), "builder", "Invalid cache type: %s",
			    t ? t : "");
	}
	arch = node_get(b, "arch");
	if (!node_present(arch))
		return validate_error(e, arch ? arch : where, "builder", "Builder arch not set");
	if (node_truthy(node_get(b, "pack")) && arch->kind == NODE_SEQ && arch->n > 1)
		return validate_error(e, arch, "builder", "buildpacks only support building for one arch");
	{
		const struct node *local = node_get(b, "local");

		if (local && local->kind == NODE_BOOL && local->ival == 0 && !node_present(node_get(b, "remote")))
			return validate_error(e, local, "builder", "Cannot disable local builds, no remote is set");
	}
	return 0;
}

int
validate_accessory(const char *name, const struct node *acc, const struct node *where, struct errinfo *e)
{
	static const char *const placement[] = { "host", "hosts", "role", "roles", "tag", "tags", NULL };
	char ctx[CTX_MAX];
	size_t k, n = 0;
	int r;

	ctx_join(ctx, sizeof(ctx), "accessories", name);
	if ((r = against_example(e, acc, where, ctx, schema_accessory, 0, 0)) != 0)
		return r;
	for (k = 0; placement[k]; k++)
		n += node_has(acc, placement[k]) ? 1 : 0;
	if (n != 1)
		return validate_error(e, where, ctx,
		    "specify one of `host`, `hosts`, `role`, `roles`, `tag` or `tags`");
	if ((r = reserved_labels(e, node_get(acc, "labels"), ctx)) != 0)
		return r;
	return restart_option(e, node_get(acc, "options"), ctx);
}

int
validate_alias(const char *name, const struct node *cmd, const struct node *where, struct errinfo *e)
{
	char ctx[CTX_MAX];
	const char *p;
	size_t i;
	int r;

	ctx_join(ctx, sizeof(ctx), "aliases", name);
	if ((r = check_type(e, cmd, where, ctx, O_STRING)) != 0)
		return r;
	for (p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
			break;
	if (*name == '\0' || *p != '\0')
		return validate_error(e, where, ctx,
		    "Invalid alias name: '%s'. Must only contain lowercase letters, alphanumeric, hyphens and underscores.",
		    name);
	for (i = 0; i < cli_ncommands; i++) {
		const struct cmd_spec *c = &cli_commands[i];

		if (c->group == NULL && strcmp(c->name, name) == 0)
			return validate_error(e, where, ctx, "Alias '%s' conflicts with a built-in command.", name);
	}
	return 0;
}
