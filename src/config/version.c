/*
 * version — the app version (spec §4.6, Configuration#version, lib/kamal/git.rb):
 * --version, else $VERSION, else `git rev-parse HEAD` with an
 * `_uncommitted_<16 hex>` suffix when the working tree is dirty and the build
 * uses an explicit builder.context. Computed once, under the config's lock.
 */
#include "config/config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/internal.h"
#include "config/shell.h"
#include "core/enc.h"
#include "core/err.h"
#include "core/rand.h"
#include "core/str.h"
#include "core/xmalloc.h"

/*
 * Runs git with sub's words as arguments, without a shell: Ruby's backticks
 * exec a command that has no shell metacharacters directly too, and the two
 * /bin/sh start-ups were a third of `sextant config`'s time (bench/01-startup.sh).
 */
static int
git(struct config *c, const char *sub, struct str *out, int *status, struct errinfo *e)
{
	char words[64], *argv[8], *save = NULL, *w;
	size_t n = 0;

	snprintf(words, sizeof(words), "%s", sub);
	argv[n++] = "git";
	if (c->lazy->base_dir) {
		argv[n++] = "-C";
		argv[n++] = c->lazy->base_dir;
	}
	for (w = strtok_r(words, " ", &save); w && n < 7; w = strtok_r(NULL, " ", &save))
		argv[n++] = w;
	argv[n] = NULL;
	return shell_capture_argv(argv, c->lazy->environ, out, NULL, status, e);
}

static int
git_version(struct config *c, char **out, struct errinfo *e)
{
	struct str rev = STR_INIT, st = STR_INIT, junk = STR_INIT;
	int status = 1, r;

	r = git(c, "rev-parse", &junk, &status, e);
	if (r != 0 || status != 0) {
		char cwd[PATH_MAX];

		if (getcwd(cwd, sizeof(cwd)) == NULL)
			snprintf(cwd, sizeof(cwd), ".");
		r = err_set(e, ERR_NOTFOUND, "Can't use commit hash as version, no git repository found in %s",
		    c->lazy->base_dir ? c->lazy->base_dir : cwd);
		goto out;
	}
	if ((r = git(c, "rev-parse HEAD", &rev, &status, e)) != 0)
		goto out;
	str_trim(&rev);
	if (c->builder.context != NULL) {
		if ((r = git(c, "status --porcelain", &st, &status, e)) != 0)
			goto out;
		str_trim(&st);
		if (st.len > 0) {
			unsigned char rnd[8];
			struct str hex = STR_INIT;

			rand_bytes(rnd, sizeof(rnd));
			hex_encode(rnd, sizeof(rnd), &hex);
			str_addf(&rev, "_uncommitted_%s", str_cstr(&hex));
			str_release(&hex);
		}
	}
	*out = str_detach(&rev, NULL);
out:
	str_release(&rev);
	str_release(&st);
	str_release(&junk);
	return r;
}

int
config_version(struct config *c, const char **out, struct errinfo *e)
{
	int r = 0;

	pthread_mutex_lock(&c->lazy->mu);
	if (c->declared_version) {
		*out = c->declared_version;
		goto out;
	}
	if (!c->lazy->version_done) {
		const char *env = config_getenv(c->lazy->environ, "VERSION");
		struct errinfo ge;

		err_clear(&ge);
		if (env) {
			c->lazy->version = xstrdup(env);
			c->lazy->version_rc = 0;
		} else {
			c->lazy->version_rc = git_version(c, &c->lazy->version, &ge);
			if (c->lazy->version_rc != 0) {
				c->lazy->version_err = xmalloc(sizeof(ge));
				*c->lazy->version_err = ge;
			}
		}
		c->lazy->version_done = 1;
	}
	r = c->lazy->version_rc;
	if (r != 0) {
		if (e)
			*e = *c->lazy->version_err;
		*out = NULL;
	} else {
		*out = c->lazy->version;
	}
out:
	pthread_mutex_unlock(&c->lazy->mu);
	return r;
}

void
config_set_version(struct config *c, const char *version)
{
	pthread_mutex_lock(&c->lazy->mu);
	free(c->declared_version);
	c->declared_version = version && *version ? xstrdup(version) : NULL;
	pthread_mutex_unlock(&c->lazy->mu);
}

int
config_abbreviated_version(struct config *c, char *out, size_t n, struct errinfo *e)
{
	const char *v;
	int r = config_version(c, &v, e);

	if (r != 0)
		return r;
	if (strchr(v, '_'))
		snprintf(out, n, "%s", v);
	else
		snprintf(out, n, "%.7s", v);
	return 0;
}
