/*
 * secrets — Kamal::Secrets (spec §4.5, §9.1): .kamal/secrets-common then
 * .kamal/secrets (or .kamal/secrets.DEST), each parsed on its own by dotenv
 * (so $VAR in one file never sees the other's keys) and merged in that order.
 * Loaded on first use, under a mutex (loading may run commands that prompt),
 * and remembered, including a loading error. Values are wiped when freed.
 */
#include "config/config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config/adapters.h"
#include "config/dotenv.h"
#include "config/internal.h"
#include "config/shell.h"
#include "core/err.h"
#include "core/fsutil.h"
#include "core/str.h"
#include "core/strvec.h"
#include "core/wipe.h"
#include "core/xmalloc.h"

#define SECRETS_MAX_FILE	(1u * 1024 * 1024)

struct secrets {
	pthread_mutex_t	 mu;
	char		*names[2];	/* "<path>-common", "<path>[.DEST]" as Kamal names them */
	char		*paths[2];	/* the same against base_dir */
	char *const	*environ;
	int		 loaded;
	int		 rc;
	struct errinfo	 err;
	struct strvec	 keys, values;
};

struct secrets *
secrets_new(const char *secrets_path, const char *destination, const char *base_dir, char *const *environ)
{
	struct secrets *s = xcalloc(1, sizeof(*s));

	pthread_mutex_init(&s->mu, NULL);
	s->names[0] = xasprintf("%s-common", secrets_path);
	s->names[1] = destination ? xasprintf("%s.%s", secrets_path, destination) : xstrdup(secrets_path);
	s->paths[0] = config_path_base(base_dir, s->names[0]);
	s->paths[1] = config_path_base(base_dir, s->names[1]);
	s->environ = environ;
	return s;
}

static void
wipe_values(struct strvec *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		wipe(v->v[i], strlen(v->v[i]));
	strvec_clear(v);
}

void
secrets_free(struct secrets *s)
{
	if (s == NULL)
		return;
	pthread_mutex_destroy(&s->mu);
	free(s->names[0]);
	free(s->names[1]);
	free(s->paths[0]);
	free(s->paths[1]);
	strvec_clear(&s->keys);
	wipe_values(&s->values);
	free(s);
}

struct cmd_ctx {
	char *const	*environ;
};

static const char *
env_get(void *ctx, const char *name)
{
	return config_getenv(((struct cmd_ctx *)ctx)->environ, name);
}

static int
run_cmd(void *ctx, const char *cmd, struct str *out, struct errinfo *e)
{
	return secrets_command(cmd, ((struct cmd_ctx *)ctx)->environ, out, e);
}

static int
load(struct secrets *s)
{
	struct cmd_ctx cc;
	struct dotenv_ops ops;
	size_t f, i;
	int r = 0;

	cc.environ = s->environ;
	ops.getenv = env_get;
	ops.command = run_cmd;
	ops.ctx = &cc;
	for (f = 0; f < 2; f++) {
		struct strvec k = STRVEC_INIT, v = STRVEC_INIT;
		struct str text = STR_INIT;

		text.secret = 1;
		if (!fs_exists(s->paths[f]) || fs_is_dir(s->paths[f]))
			continue;
		r = fs_read_file(s->paths[f], SECRETS_MAX_FILE, &text, &s->err);
		if (r == 0)
			r = dotenv_parse(s->names[f], str_cstr(&text), text.len, &ops, &k, &v, &s->err);
		str_release(&text);
		if (r == 0) {
			/* Hash#merge!: later files replace values in place */
			for (i = 0; i < k.n; i++) {
				long at = strvec_find(&s->keys, k.v[i]);

				if (at >= 0) {
					wipe(s->values.v[at], strlen(s->values.v[at]));
					free(s->values.v[at]);
					s->values.v[at] = xstrdup(v.v[i]);
				} else {
					strvec_push(&s->keys, k.v[i]);
					strvec_push(&s->values, v.v[i]);
				}
			}
		}
		strvec_clear(&k);
		wipe_values(&v);
		if (r != 0)
			break;
	}
	return r;
}

static int
ensure_loaded(struct secrets *s, struct errinfo *e)
{
	if (!s->loaded) {
		err_clear(&s->err);
		s->rc = load(s);
		s->loaded = 1;
	}
	if (s->rc != 0 && e)
		*e = s->err;
	return s->rc;
}

int
secrets_get(struct secrets *s, const char *key, const char **value, struct errinfo *e)
{
	long i;
	int r;

	pthread_mutex_lock(&s->mu);
	r = ensure_loaded(s, e);
	if (r == 0) {
		i = strvec_find(&s->keys, key);
		if (i >= 0) {
			*value = s->values.v[i];
		} else {
			struct str files = STR_INIT;
			size_t f;

			for (f = 0; f < 2; f++)
				if (fs_exists(s->paths[f]))
					str_addf(&files, "%s%s", files.len ? ", " : "", s->names[f]);
			if (files.len)
				r = err_set(e, ERR_CONFIG, "Secret '%s' not found in %s", key, str_cstr(&files));
			else
				r = err_set(e, ERR_CONFIG, "Secret '%s' not found, no secret files (%s, %s) provided",
				    key, s->names[0], s->names[1]);
			str_release(&files);
		}
	}
	pthread_mutex_unlock(&s->mu);
	return r;
}

int
secrets_present(struct secrets *s, const char *key)
{
	const char *v;
	struct errinfo e;
	const char *p;

	if (secrets_get(s, key, &v, &e) != 0)
		return 0;
	for (p = v; *p; p++)
		if (!(*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v'))
			return 1;
	return 0;
}

int
secrets_all(struct secrets *s, const struct strvec **keys, const struct strvec **values, struct errinfo *e)
{
	int r;

	pthread_mutex_lock(&s->mu);
	r = ensure_loaded(s, e);
	pthread_mutex_unlock(&s->mu);
	if (r == 0) {
		*keys = &s->keys;
		*values = &s->values;
	}
	return r;
}

int
secrets_files(struct secrets *s, struct strvec *out)
{
	size_t f;

	for (f = 0; f < 2; f++)
		if (fs_exists(s->paths[f]))
			strvec_push(out, s->names[f]);
	return 0;
}

/* ---- the public wrappers (config.h) ---- */

int
config_secret(struct config *c, const char *name, const char **value, struct errinfo *e)
{
	return secrets_get(c->secrets, name, value, e);
}

int
config_secret_present(struct config *c, const char *name)
{
	return secrets_present(c->secrets, name);
}

int
config_secrets_all(struct config *c, const struct strvec **keys, const struct strvec **values,
    struct errinfo *e)
{
	return secrets_all(c->secrets, keys, values, e);
}

int
config_secrets_files(struct config *c, struct strvec *out)
{
	return secrets_files(c->secrets, out);
}

static int
cred(struct config *c, const char *v, int secret, const char **out, struct errinfo *e)
{
	if (!secret) {
		*out = v;
		return 0;
	}
	return config_secret(c, v ? v : "", out, e);
}

int
config_registry_username(struct config *c, const struct config_registry *r, const char **out,
    struct errinfo *e)
{
	return cred(c, r->username, r->username_secret, out, e);
}

int
config_registry_password(struct config *c, const struct config_registry *r, const char **out,
    struct errinfo *e)
{
	return cred(c, r->password, r->password_secret, out, e);
}
