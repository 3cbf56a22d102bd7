/*
 * load — files to the merged raw tree (spec §4.1 steps 1-4):
 * KAMAL_DESTINATION set, deploy.yml then deploy.DEST.yml each read (bounded),
 * ERB-rendered, YAML-parsed, and deep-merged (later file wins).
 */
#include "config/config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/erb.h"
#include "config/internal.h"
#include "config/yaml.h"
#include "core/err.h"
#include "core/fsutil.h"
#include "core/str.h"
#include "core/xmalloc.h"

extern char **environ;

const char *
config_getenv(char *const *envp, const char *name)
{
	size_t n = strlen(name), i;

	if (envp == NULL)
		return getenv(name);
	for (i = 0; envp[i]; i++)
		if (strncmp(envp[i], name, n) == 0 && envp[i][n] == '=')
			return envp[i] + n + 1;
	return NULL;
}

char *
config_path_base(const char *base_dir, const char *rel)
{
	if (rel[0] == '/' || base_dir == NULL || *base_dir == '\0')
		return xstrdup(rel);
	return fs_join(base_dir, rel);
}

char *
config_path(const struct config *c, const char *rel)
{
	return config_path_base(c->lazy ? c->lazy->base_dir : NULL, rel);
}

/* File.expand_path against cwd (or base_dir): absolute, "." and ".." folded. */
static char *
expand_path(const char *base_dir, const char *p)
{
	char cwd[PATH_MAX];
	struct str s = STR_INIT;
	char *joined, *tok, *save = NULL;
	struct strvec parts = STRVEC_INIT;
	size_t i;

	if (p[0] == '/') {
		joined = xstrdup(p);
	} else {
		const char *b = base_dir;

		if (b == NULL || b[0] != '/') {
			if (getcwd(cwd, sizeof(cwd)) == NULL)
				snprintf(cwd, sizeof(cwd), ".");
			if (b && *b) {
				char *t = fs_join(cwd, b);

				joined = fs_join(t, p);
				free(t);
			} else {
				joined = fs_join(cwd, p);
			}
		} else {
			joined = fs_join(b, p);
		}
	}
	for (tok = strtok_r(joined, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (strcmp(tok, ".") == 0)
			continue;
		if (strcmp(tok, "..") == 0) {
			if (parts.n)
				strvec_pop(&parts);
			continue;
		}
		strvec_push(&parts, tok);
	}
	for (i = 0; i < parts.n; i++)
		str_addf(&s, "/%s", parts.v[i]);
	if (parts.n == 0)
		str_addch(&s, '/');
	strvec_clear(&parts);
	free(joined);
	return str_detach(&s, NULL);
}

/* Pathname#sub_ext(".DEST.yml"): replace File.extname of the last component. */
static char *
dest_file_name(const char *file, const char *dest)
{
	const char *slash = strrchr(file, '/');
	const char *base = slash ? slash + 1 : file;
	const char *dot = strrchr(base, '.');
	size_t keep;

	/* File.extname ignores a leading dot and a trailing one ("a." has none). */
	if (dot == NULL || dot == base || dot[1] == '\0')
		keep = strlen(file);
	else
		keep = (size_t)(dot - file);
	return xasprintf("%.*s.%s.yml", (int)keep, file, dest);
}

struct env_ctx {
	const struct config_opts	*o;
};

static const char *
erb_get(void *ctx, const char *name)
{
	const struct config_opts *o = ((struct env_ctx *)ctx)->o;

	if (strcmp(name, "KAMAL_DESTINATION") == 0 && (o->no_setenv || o->environ))
		return o->destination;
	return config_getenv(o->environ, name);
}

static int
load_one(const struct config_opts *o, const char *shown, const char *abs, struct node **out,
    struct errinfo *e)
{
	struct str text = STR_INIT, rendered = STR_INIT;
	struct srcmap map;
	struct erb_env env;
	struct env_ctx ctx;
	int r;

	memset(&map, 0, sizeof(map));
	if (o->text && strcmp(shown, o->config_file ? o->config_file : "config/deploy.yml") == 0) {
		if (o->text_len > CONFIG_MAX_FILE) {
			r = err_setloc(e, ERR_RANGE, shown, 0, 0, "configuration file is larger than %u bytes",
			    CONFIG_MAX_FILE);
			goto out;
		}
		str_add(&text, o->text, o->text_len);
		r = 0;
	} else {
		r = fs_read_file(abs, CONFIG_MAX_FILE, &text, e);
	}
	if (r == ERR_NOTFOUND) {
		r = err_set(e, ERR_NOTFOUND, "Configuration file not found in %s", abs);
		goto out;
	}
	if (r == ERR_RANGE) {
		r = err_setloc(e, ERR_RANGE, shown, 0, 0, "configuration file is larger than %u bytes",
		    CONFIG_MAX_FILE);
		goto out;
	}
	if (r != 0)
		goto out;
	memset(&env, 0, sizeof(env));
	ctx.o = o;
	env.get = erb_get;
	env.ctx = &ctx;
	env.envp = o->environ;
	env.trim = 1;
	env.no_commands = o->no_commands;
	r = erb_render(shown, str_cstr(&text), text.len, &env, &rendered, &map, e);
	if (r != 0)
		goto out;
	r = yaml_load(shown, str_cstr(&rendered), rendered.len, &map, out, e);
	if (r != 0)
		goto out;
	if ((*out)->kind != NODE_MAP) {
		/* Kamal: `symbolize_keys` on a non-hash (NoMethodError); say what is wrong. */
		r = err_setloc(e, ERR_CONFIG, shown, (*out)->line, (*out)->col,
		    "the configuration must be a YAML mapping (key: value pairs) at the top level");
		node_free(*out);
		*out = NULL;
	}
out:
	srcmap_release(&map);
	str_release(&text);
	str_release(&rendered);
	return r;
}

int
config_load_raw(const struct config_opts *o, struct node **out, struct errinfo *e)
{
	const char *file = o->config_file ? o->config_file : "config/deploy.yml";
	char *abs = NULL, *dshown = NULL, *dabs = NULL;
	struct node *base = NULL, *dest = NULL;
	int r;

	*out = NULL;
	/* ENV["KAMAL_DESTINATION"] = destination (nil deletes it). */
	if (!o->no_setenv && o->environ == NULL) {
		if (o->destination)
			setenv("KAMAL_DESTINATION", o->destination, 1);
		else
			unsetenv("KAMAL_DESTINATION");
	}
	abs = expand_path(o->base_dir, file);
	if (o->destination) {
		dshown = dest_file_name(file, o->destination);
		dabs = dest_file_name(abs, o->destination);
	}
	if ((r = load_one(o, file, abs, &base, e)) != 0)
		goto out;
	if (dabs) {
		if ((r = load_one(o, dshown, dabs, &dest, e)) != 0)
			goto out;
		*out = node_deep_merge(base, dest);
	} else {
		*out = base;
		base = NULL;
	}
out:
	node_free(base);
	node_free(dest);
	free(abs);
	free(dshown);
	free(dabs);
	return r;
}

/* Interned file names live in the config so that node->file stays valid. */
int config_build(struct config *c, struct node *raw, const struct config_opts *o, struct errinfo *e);

int
config_load(const struct config_opts *o, struct config **out, struct errinfo *e)
{
	struct config *c;
	struct node *raw = NULL;
	int r;

	*out = NULL;
	r = config_load_raw(o, &raw, e);
	if (r != 0)
		return r;
	c = xcalloc(1, sizeof(*c));
	c->lazy = xcalloc(1, sizeof(*c->lazy));
	pthread_mutex_init(&c->lazy->mu, NULL);
	c->lazy->base_dir = o->base_dir ? xstrdup(o->base_dir) : NULL;
	c->lazy->environ = o->environ;
	c->config_file = xstrdup(o->config_file ? o->config_file : "config/deploy.yml");
	if (o->destination) {
		c->destination = xstrdup(o->destination);
		c->dest_file = dest_file_name(c->config_file, o->destination);
	}
	if (o->version && *o->version)
		c->declared_version = xstrdup(o->version);
	r = config_build(c, raw, o, e);
	if (r != 0) {
		config_free(c);
		return r;
	}
	*out = c;
	return 0;
}

const char *
config_err_class(int code)
{
	switch (code) {
	case ERR_CONFIG:
		return "Kamal::ConfigurationError";
	case ERR_INVAL:
	case ERR_USAGE:
		return "ArgumentError";
	case ERR_PARSE:
		return "Psych::SyntaxError";
	default:
		return "RuntimeError";
	}
}
