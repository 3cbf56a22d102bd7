/*
 * lookup — read-side helpers over a loaded config: hosts and roles, the
 * effective env of a role on a host (Role#env), `x-` extension keys,
 * and hooks_output.
 */
#include "config/config.h"

#include <stdlib.h>
#include <string.h>

#include "config/internal.h"
#include "core/err.h"
#include "core/xmalloc.h"

int
config_role_has_host(const struct config_role *r, const char *host)
{
	return config_role_host(r, host) != NULL;
}

const struct config_host *
config_role_host(const struct config_role *r, const char *host)
{
	size_t i;

	for (i = 0; i < r->nhosts; i++)
		if (strcmp(r->hosts[i].name, host) == 0)
			return &r->hosts[i];
	return NULL;
}

size_t
config_host_roles(const struct config *c, const char *host, const struct config_role **out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < c->nroles; i++)
		if (config_role_has_host(&c->roles[i], host)) {
			if (n < max)
				out[n] = &c->roles[i];
			n++;
		}
	return n;
}

const char *
config_primary_host(const struct config *c)
{
	if (c->primary_role == NULL || c->primary_role->nhosts == 0)
		return NULL;
	return c->primary_role->hosts[0].name;
}

/* Env of one tag (Env::Tag#env), or 0 when the root env has no such tag. */
static int
tag_env(const struct config *c, const char *tag, struct config_env *out)
{
	const struct node *t, *clear;

	memset(out, 0, sizeof(*out));
	if (c->env_tags == NULL)
		return 0;
	t = node_get(c->env_tags, tag);
	if (t == NULL || t->kind != NODE_MAP)
		return 0;
	clear = node_get(t, "clear");
	if (node_has(t, "clear"))
		kvs_from_map(&out->clear, clear);
	else if (!node_has(t, "secret") && !node_has(t, "tags"))
		kvs_from_map(&out->clear, t);
	{
		const struct node *s = node_get(t, "secret");
		size_t i;

		for (i = 0; s && s->kind == NODE_SEQ && i < s->n; i++)
			strvec_push(&out->secrets, s->items[i]->text ? s->items[i]->text : "");
	}
	return 1;
}

static void
merge_into(struct config_env *acc, const struct config_env *o)
{
	struct strvec u = STRVEC_INIT;
	size_t i;

	kvs_copy(&acc->clear, &o->clear);
	for (i = 0; i < acc->secrets.n; i++)
		if (strvec_find(&u, acc->secrets.v[i]) < 0)
			strvec_push(&u, acc->secrets.v[i]);
	for (i = 0; i < o->secrets.n; i++)
		if (strvec_find(&u, o->secrets.v[i]) < 0)
			strvec_push(&u, o->secrets.v[i]);
	strvec_clear(&acc->secrets);
	acc->secrets = u;
}

void
config_role_env(const struct config *c, const struct config_role *r, const char *host,
    struct config_env *out)
{
	const struct config_host *h = host ? config_role_host(r, host) : NULL;
	size_t i;

	memset(out, 0, sizeof(*out));
	merge_into(out, &c->env);
	merge_into(out, &r->env);
	for (i = 0; h && i < h->tags.n; i++) {
		struct config_env t;

		if (tag_env(c, h->tags.v[i], &t)) {
			merge_into(out, &t);
			config_env_release(&t);
		}
	}
}

const struct node *
config_extension(const struct config *c, const char *key)
{
	if (key == NULL || strncmp(key, "x-", 2) != 0)
		return NULL;
	return node_get(c->raw, key);
}

enum config_hooks_output
config_hooks_output_for(const struct config *c, const char *hook)
{
	const struct config_kv *kv;

	if (c->hooks_output_per_hook.n) {
		kv = kvs_get(&c->hooks_output_per_hook, hook);
		if (kv == NULL)
			return HOOKS_OUTPUT_DEFAULT;
		return strcmp(kv->val, "quiet") == 0 ? HOOKS_OUTPUT_QUIET : HOOKS_OUTPUT_VERBOSE;
	}
	return c->hooks_output;
}
