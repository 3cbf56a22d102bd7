/*
 * accrender — accessory `files:` entries ending in "erb" (Accessory#expand_local_file):
 * the file is rendered with plain ERB (no trim mode) while the accessory's env
 * (clear values, then secret values by their env names) is visible as ENV.
 * sextant does not touch its own process environment for this: the overlay is
 * consulted first by ENV lookups and passed to any command the template runs.
 */
#include "config/config.h"

#include <stdlib.h>
#include <string.h>

#include "config/erb.h"
#include "config/internal.h"
#include "core/err.h"
#include "core/fsutil.h"
#include "core/str.h"
#include "core/strvec.h"
#include "core/xmalloc.h"

extern char **environ;

struct overlay {
	struct strvec	 keys, values;
	char *const	*base;
};

static const char *
ov_get(void *ctx, const char *name)
{
	struct overlay *o = ctx;
	long i = strvec_find(&o->keys, name);

	if (i >= 0)
		return o->values.v[i];
	return config_getenv(o->base, name);
}

static void
ov_set(struct overlay *o, const char *k, const char *v)
{
	long i = strvec_find(&o->keys, k);

	if (i >= 0) {
		free(o->values.v[i]);
		o->values.v[i] = xstrdup(v);
	} else {
		strvec_push(&o->keys, k);
		strvec_push(&o->values, v);
	}
}

int
config_accessory_render(struct config *c, const struct config_accessory *a, const struct config_acc_path *f,
    struct str *out, struct errinfo *e)
{
	struct overlay ov;
	struct strvec envp = STRVEC_INIT;
	struct str text = STR_INIT;
	struct erb_env env;
	char *path = NULL;
	char *const *base;
	size_t i;
	int r;

	memset(&ov, 0, sizeof(ov));
	base = c->lazy->environ ? c->lazy->environ : environ;
	ov.base = base;
	for (i = 0; i < a->env.clear.n; i++)
		ov_set(&ov, a->env.clear.v[i].key, a->env.clear.v[i].val);
	for (i = 0; i < a->env.secrets.n; i++) {
		char en[256], sn[256];
		const char *v;

		config_env_secret_split(a->env.secrets.v[i], en, sizeof(en), sn, sizeof(sn));
		if ((r = config_secret(c, sn, &v, e)) != 0)
			goto out;
		ov_set(&ov, en, v);
	}
	for (i = 0; base && base[i]; i++) {
		const char *eq = strchr(base[i], '=');

		if (eq && strvec_find(&ov.keys, "") < 0) {
			char *k = xstrndup(base[i], (size_t)(eq - base[i]));

			if (strvec_find(&ov.keys, k) < 0)
				strvec_push(&envp, base[i]);
			free(k);
		}
	}
	for (i = 0; i < ov.keys.n; i++)
		strvec_pushf(&envp, "%s=%s", ov.keys.v[i], ov.values.v[i]);
	path = config_path(c, f->local);
	if ((r = fs_read_file(path, CONFIG_MAX_FILE, &text, e)) != 0)
		goto out;
	memset(&env, 0, sizeof(env));
	env.get = ov_get;
	env.ctx = &ov;
	env.envp = envp.v;
	env.trim = 0;
	r = erb_render(f->local, str_cstr(&text), text.len, &env, out, NULL, e);
out:
	free(path);
	str_release(&text);
	strvec_clear(&ov.keys);
	for (i = 0; i < ov.values.n; i++)
		memset(ov.values.v[i], 0, strlen(ov.values.v[i]));
	strvec_clear(&ov.values);
	for (i = 0; i < envp.n; i++)
		memset(envp.v[i], 0, strlen(envp.v[i]));
	strvec_clear(&envp);
	return r;
}
