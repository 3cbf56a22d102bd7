/*
 * builddev — `build dev`: build the working directory as it is (no clone),
 * tagged IMAGE-dirty and LATEST-dirty, into the local image store by default
 * (lib/kamal/cli/build.rb#dev; spec/kamal.md §3.3).
 *
 * Kamal first warns about files that will be in the image although git does
 * not have them committed: the intersection of what Docker would send as the
 * build context (Kamal learns it by building a busybox image that lists its
 * files — which needs Docker Hub; here the context is walked locally and
 * .dockerignore applied) with `git ls-files --modified` and
 * `git ls-files --others`.
 */
#include "flows/builddev.h"

#include <dirent.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/output.h"
#include "config/shell.h"
#include "core/err.h"
#include "core/fsutil.h"
#include "core/str.h"
#include "core/strvec.h"
#include "docker/builder.h"
#include "flows/buildplain.h"

#define WALK_MAX_FILES	200000
#define DOCKERIGNORE_MAX	(1u << 20)

/* `git ls-files <flag>` lines (empty when not a git repository). */
static void
git_files(const char *flag, struct strvec *out)
{
	char *argv[] = { "git", "ls-files", (char *)flag, NULL };
	struct str s = STR_INIT;
	struct errinfo e;
	int status = 0;

	err_clear(&e);
	if (shell_capture_argv(argv, NULL, &s, NULL, &status, &e) == 0 && status == 0 && s.len) {
		str_trim(&s);
		strvec_split(out, s.s, '\n');
	}
	str_release(&s);
}

/* One .dockerignore rule; the last matching rule decides (Docker's order). */
struct rule {
	char	*pat;
	int	 negate;
};

static size_t
load_rules(const char *ctx, struct rule **out)
{
	struct str s = STR_INIT, line = STR_INIT;
	struct strvec lines = STRVEC_INIT;
	struct rule *v = NULL;
	char *path = fs_join(ctx, ".dockerignore");
	size_t i, n = 0;

	*out = NULL;
	if (fs_read_file(path, DOCKERIGNORE_MAX, &s, NULL) == 0 && s.len) {
		strvec_split(&lines, s.s, '\n');
		for (i = 0; i < lines.n; i++) {
			const char *p;
			int neg = 0;

			str_set(&line, lines.v[i]);
			str_trim(&line);
			p = str_cstr(&line);
			if (*p == '\0' || *p == '#')
				continue;
			if (*p == '!') {
				neg = 1;
				p++;
			}
			while (*p == '/')
				p++;
			if (strncmp(p, "./", 2) == 0)
				p += 2;
			v = realloc(v, (n + 1) * sizeof(*v));
			if (v == NULL)
				abort();
			v[n].pat = strdup(p);
			v[n].negate = neg;
			if (v[n].pat == NULL)
				abort();
			/* a trailing slash means the same as without it */
			while (strlen(v[n].pat) > 1 && v[n].pat[strlen(v[n].pat) - 1] == '/')
				v[n].pat[strlen(v[n].pat) - 1] = '\0';
			n++;
		}
	}
	strvec_clear(&lines);
	str_release(&s);
	str_release(&line);
	free(path);
	*out = v;
	return n;
}

/* Does pattern match path or one of its parent directories? "**" spans directories. */
static int
rule_matches(const char *pat, const char *path)
{
	struct str dir = STR_INIT;
	const char *p;
	int flags = strstr(pat, "**") ? 0 : FNM_PATHNAME;
	int m = fnmatch(pat, path, flags) == 0;

	for (p = path; !m && (p = strchr(p, '/')) != NULL; p++) {
		str_reset(&dir);
		str_add(&dir, path, (size_t)(p - path));
		m = fnmatch(pat, dir.s, flags) == 0;
	}
	str_release(&dir);
	return m;
}

static int
ignored(const struct rule *r, size_t n, const char *path)
{
	size_t i;
	int ign = 0;

	for (i = 0; i < n; i++)
		if (rule_matches(r[i].pat, path))
			ign = !r[i].negate;
	return ign;
}

static void
walk(const char *root, const char *rel, const struct rule *r, size_t nr, struct strvec *out)
{
	struct dirent *d;
	char *dir = rel[0] ? fs_join(root, rel) : strdup(root);
	DIR *dp = dir ? opendir(dir) : NULL;

	while (dp && (d = readdir(dp)) != NULL && out->n < WALK_MAX_FILES) {
		struct str p = STR_INIT;
		struct stat st;
		char *full;

		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if (rel[0])
			str_addf(&p, "%s/%s", rel, d->d_name);
		else
			str_adds(&p, d->d_name);
		full = fs_join(root, p.s);
		if (lstat(full, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				walk(root, p.s, r, nr, out);
			else if (!ignored(r, nr, p.s))
				strvec_push(out, p.s);
		}
		free(full);
		str_release(&p);
	}
	if (dp)
		closedir(dp);
	free(dir);
}

/* The sorted intersection of the context's files and `files`, as warnings. */
static void
warn_files(struct flow *f, const struct strvec *context, const struct strvec *files,
    const char *title)
{
	struct strvec both = STRVEC_INIT;
	size_t i;

	for (i = 0; i < files->n; i++)
		if (strvec_find(context, files->v[i]) >= 0 && strvec_find(&both, files->v[i]) < 0)
			strvec_push(&both, files->v[i]);
	if (both.n > 0) {
		strvec_sort(&both);
		flow_warn(f, "%s", title);
		for (i = 0; i < both.n; i++)
			flow_warn(f, "  %s", both.v[i]);
		flow_say(f, "%s", "");
	}
	strvec_clear(&both);
}

/* Raise the output level to debug for the build (on=1), then restore it (on=0). */
static void
verbose_build(int on)
{
	static enum out_level saved = OUT_INFO;

	if (on) {
		saved = out_level();
		if (saved == OUT_INFO)
			out_init(OUT_DEBUG, out_json(), -1);
	} else if (out_level() != saved) {
		out_init(saved, out_json(), -1);
	}
}

int
flows_build_dev(struct flow *f, const char *output, int no_cache, struct errinfo *e)
{
	const struct config_builder *cb = &f->cfg->builder;
	const char *ctx = cb->context ? cb->context : ".";
	struct strvec context = STRVEC_INIT, modified = STRVEC_INIT, untracked = STRVEC_INIT;
	struct strvec env = STRVEC_INIT;
	struct rule *rules;
	struct dbuild b;
	struct dcmd c = DCMD_INIT;
	struct fx fx;
	size_t i, nr;
	int rc;

	if ((rc = flow_need_version(f, e)) != 0)
		return rc;
	dbuild_init(&b, &f->k, flow_docker_arch(f));
	/* ensure_docker_installed, with sextant's fallback when only buildx is missing */
	dbuild_ensure_docker_installed(&c);
	rc = flow_exec(f, NULL, &c, NULL, NULL, e);
	dcmd_reset(&c);
	if (rc == ERR_REMOTE) {
		if (strstr(e->msg, "command not found"))
			rc = err_set(e, ERR_REMOTE, "Docker is not installed locally");
		else if (buildplain_fallback(f, e))
			rc = 0;
		else if (!strstr(e->msg, "sextant can build without it"))
			rc = err_set(e, ERR_REMOTE, "Docker buildx plugin is not installed locally");
	}
	if (rc != 0)
		goto out;
	nr = load_rules(ctx, &rules);
	walk(ctx, "", rules, nr, &context);
	for (i = 0; i < nr; i++)
		free(rules[i].pat);
	free(rules);
	git_files("--modified", &modified);
	git_files("--others", &untracked);
	warn_files(f, &context, &modified, "WARNING: Files with uncommitted changes will be present in "
	    "the dev container:");
	warn_files(f, &context, &untracked, "WARNING: Untracked files will be present in the dev "
	    "container:");
	/* with_env(builder.secrets) */
	for (i = 0; i < cb->secrets.n; i++) {
		const char *v = NULL;

		if ((rc = config_secret(f->cfg, cb->secrets.v[i], &v, e)) != 0)
			goto out;
		strvec_pushf(&env, "%s=%s", cb->secrets.v[i], v);
	}
	/* KAMAL.with_verbosity(:debug) { execute(*build) }: the build's output is shown */
	verbose_build(1);
	if (buildplain_active(f)) {
		rc = buildplain_push(f, &b, output, no_cache, 1, env.v, NULL, e);
		verbose_build(0);
		goto out;
	}
	if ((rc = dbuild_push(&c, &b, output, no_cache, 1, e)) != 0)
		goto out;
	memset(&fx, 0, sizeof(fx));
	fx.env = env.v;
	rc = flow_exec(f, NULL, &c, &fx, NULL, e);
	verbose_build(0);
out:
	dcmd_release(&c);
	strvec_clear(&context);
	strvec_clear(&modified);
	strvec_clear(&untracked);
	strvec_clear(&env);
	dbuild_release(&b);
	return rc;
}
