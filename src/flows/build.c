/*
 * build — `build deliver/push/pull/create/remove` (lib/kamal/cli/build.rb,
 * cli/build/clone.rb; spec/kamal.md §6.3).
 *
 * Local lookups Kamal does with backticks (git status/root/revision, the
 * Dockerfile's existence) are not commands of the plan: they are read here
 * directly, as Kamal reads them, even under --dry-run.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/shell.h"
#include "core/enc.h"
#include "core/err.h"
#include "core/fsutil.h"
#include "core/str.h"
#include "core/strvec.h"
#include "crypto/hash.h"
#include "docker/auditor.h"
#include "docker/builder.h"
#include "docker/registry.h"
#include "flows/buildplain.h"
#include "flows/checks.h"
#include "flows/flows.h"

/* `git <args>` in cwd like Ruby backticks; 0 and stripped stdout when it exits 0. */
static int
git(struct str *out, char *a1, char *a2, char *a3)
{
	char *argv[] = { "git", a1, a2, a3, NULL };

	return flow_backtick(argv, out) == 0 ? 0 : -1;
}

static int
ensure_docker(struct flow *f, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	int rc;

	dbuild_ensure_docker_installed(&c);
	rc = flow_exec(f, NULL, &c, NULL, NULL, e);
	dcmd_release(&c);
	if (rc == ERR_REMOTE) {
		if (strstr(e->msg, "command not found"))
			return err_set(e, ERR_REMOTE, "Docker is not installed locally");
		if (buildplain_fallback(f, e))	/* plain docker build + push (buildplain.h) */
			return 0;
		if (strstr(e->msg, "sextant can build without it"))
			return rc;
		return err_set(e, ERR_REMOTE, "Docker buildx plugin is not installed locally");
	}
	return rc;
}

/* The clone of Kamal::Cli::Build::Clone#prepare; *build_dir receives where to build. */
static int
prepare_clone(struct flow *f, struct str *build_dir, struct errinfo *e)
{
	struct str root = STR_INIT, rev = STR_INIT, cwd = STR_INIT, clone = STR_INIT;
	struct str root_esc = STR_INIT, clone_esc = STR_INIT, bd_esc = STR_INIT, st = STR_INIT;
	struct dcmd c = DCMD_INIT;
	struct fx fx;
	char buf[4096], sha[65];
	const char *tmp = getenv("TMPDIR");
	const char *base;
	int rc;

	git(&root, "rev-parse", "--show-toplevel", NULL);
	git(&rev, "rev-parse", "HEAD", NULL);
	if (getcwd(buf, sizeof(buf)) == NULL)
		return err_set(e, ERR_IO, "cannot read the current directory");
	str_adds(&cwd, buf);
	/* clone directory: <tmpdir>/kamal-clones/SVC-<first 13 hex of SHA-256(cwd)> */
	{
		uint8_t d[32];
		struct str hex = STR_INIT;

		hash_once(HASH_SHA256, d, buf, strlen(buf));
		hex_encode(d, sizeof(d), &hex);
		snprintf(sha, sizeof(sha), "%.13s", hex.s);
		str_release(&hex);
	}
	str_addf(&clone, "%s/kamal-clones/%s-%s", tmp && *tmp ? tmp : "/tmp", f->cfg->service, sha);
	base = strrchr(root.s ? root.s : "", '/');
	str_addf(build_dir, "%s/%s%s", clone.s, base ? base + 1 : str_cstr(&root),
	    str_starts_with(cwd.s, str_cstr(&root)) ? cwd.s + root.len : "");
	shellwords_escape(str_cstr(&root), &root_esc);
	shellwords_escape(clone.s, &clone_esc);
	shellwords_escape(build_dir->s, &bd_esc);
	flow_say(f, "Cloning repo into build directory `%s`...", build_dir->s);
	fs_mkdir_p(clone.s, 0755, NULL);
	dbuild_clone(&c, clone_esc.s, root_esc.s);
	memset(&fx, 0, sizeof(fx));
	rc = flow_run(f, NULL, &c, &fx, e);
	if (rc == ERR_REMOTE && strstr(e->msg, "already exists and is not an empty directory")) {
		struct dcmd steps[6];
		int i;

		flow_say(f, "Resetting local clone as `%s` already exists...", build_dir->s);
		for (i = 0; i < 6; i++)
			dcmd_init(&steps[i]);
		dbuild_clone_reset_steps(steps, bd_esc.s, root_esc.s, str_cstr(&rev));
		for (rc = 0, i = 0; i < 6 && rc == 0; i++)
			rc = flow_exec(f, NULL, &steps[i], NULL, NULL, e);
		for (i = 0; i < 6; i++)
			dcmd_release(&steps[i]);
	}
	if (rc != 0)
		goto out;
	/* validate: clean tree on the right revision */
	dbuild_clone_status(&c, bd_esc.s);
	if ((rc = flow_capture(f, NULL, &c, NULL, &st, e)) != 0)
		goto out;
	dcmd_reset(&c);
	if (st.len) {
		rc = err_set(e, ERR_REMOTE, "Clone in %s is dirty, %s", build_dir->s, st.s);
		goto out;
	}
	dbuild_clone_revision(&c, bd_esc.s);
	memset(&fx, 0, sizeof(fx));
	fx.probe = XP_ECHO;
	fx.subject = str_cstr(&rev);
	if ((rc = flow_capture(f, NULL, &c, &fx, &st, e)) != 0)
		goto out;
	if (strcmp(str_cstr(&st), str_cstr(&rev)) != 0)
		rc = err_set(e, ERR_REMOTE, "Clone in %s is not on the correct revision, expected `%s` "
		    "but got `%s`", build_dir->s, str_cstr(&rev), str_cstr(&st));
out:
	dcmd_release(&c);
	str_release(&root);
	str_release(&rev);
	str_release(&cwd);
	str_release(&clone);
	str_release(&root_esc);
	str_release(&clone_esc);
	str_release(&bd_esc);
	str_release(&st);
	return rc;
}

static int
git_used(void)
{
	struct str s = STR_INIT;
	int r = git(&s, "rev-parse", NULL, NULL) == 0;

	str_release(&s);
	return r;
}

int
flows_build_create(struct flow *f, struct errinfo *e)
{
	struct dbuild b;
	struct dcmd c = DCMD_INIT;
	const char *remote = f->cfg->builder.remote;
	int rc = 0;

	dbuild_init(&b, &f->k, flow_docker_arch(f));
	if (remote && str_starts_with(remote, "ssh://")) {
		/* connect_to_remote_host: `true` on the builder host (ssh://[user@]host[:port]) */
		struct str h = STR_INIT;
		const char *p = remote + 6, *at = strchr(p, '@'), *end;

		if (at)
			p = at + 1;
		end = p + strcspn(p, ":/");
		str_add(&h, p, (size_t)(end - p));
		dcmd_add(&c, "true");
		if ((rc = flow_pre_connect(f, e)) == 0)
			rc = flow_exec(f, h.s, &c, NULL, NULL, e);
		dcmd_reset(&c);
		str_release(&h);
	}
	if (rc == 0) {
		dbuild_create(&c, &b);
		rc = flow_exec(f, NULL, &c, NULL, NULL, e);
		if (rc == ERR_REMOTE && strstr(e->msg, "stderr=")) {
			flow_error(f, "Couldn't create remote builder: %s", strstr(e->msg, "stderr=") + 7);
			rc = 0;
		}
	}
	dcmd_release(&c);
	dbuild_release(&b);
	return rc;
}

int
flows_build_remove(struct flow *f, struct errinfo *e)
{
	struct dbuild b;
	struct dcmd c = DCMD_INIT;
	int rc;

	dbuild_init(&b, &f->k, flow_docker_arch(f));
	dbuild_remove(&c, &b);
	rc = flow_exec(f, NULL, &c, NULL, NULL, e);
	dcmd_release(&c);
	dbuild_release(&b);
	return rc;
}

static int
inspect_or_create(struct flow *f, const struct dbuild *b, char *const *env, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	struct fx fx;
	int rc;

	memset(&fx, 0, sizeof(fx));
	fx.env = env;
	dbuild_inspect(&c, b);
	rc = flow_exec(f, NULL, &c, &fx, NULL, e);
	dcmd_release(&c);
	if (rc == ERR_REMOTE && (strstr(e->msg, "context not found") || strstr(e->msg, "no builder") ||
	    strstr(e->msg, "no compatible builder") || strstr(e->msg, "does not exist"))) {
		struct errinfo e2;
		char msg[ERR_MSG_MAX];

		snprintf(msg, sizeof(msg), "%s", e->msg);
		flow_warn(f, "Missing compatible builder, so creating a new one first");
		err_clear(&e2);
		if (flows_build_remove(f, &e2) != 0 && !(strstr(msg, "context not found") ||
		    strstr(msg, "no builder") || strstr(msg, "does not exist"))) {
			*e = e2;
			return e2.code ? e2.code : ERR_REMOTE;
		}
		err_clear(e);
		rc = flows_build_create(f, e);
	}
	return rc;
}

int
flows_build_push(struct flow *f, const char *output, int no_cache, struct errinfo *e)
{
	struct dbuild b;
	struct dcmd c = DCMD_INIT;
	struct strvec env = STRVEC_INIT, push_env = STRVEC_INIT;
	struct str bdir = STR_INIT, st = STR_INIT;
	const struct config_builder *cb = &f->cfg->builder;
	struct fx fx;
	size_t i;
	int rc;

	if ((rc = flow_need_version(f, e)) != 0)
		return rc;
	dbuild_init(&b, &f->k, flow_docker_arch(f));
	/* pre-connect hooks run before the build: a remote builder may need them */
	if ((rc = flow_pre_connect(f, e)) != 0)
		goto out;
	if ((rc = ensure_docker(f, e)) != 0)
		goto out;
	if (f->cfg->registry.local) {
		dreg_setup(&c, &f->cfg->registry);
		if ((rc = flow_run(f, NULL, &c, NULL, e)) != 0)
			goto out;
	} else if (dbuild_login_locally(&b)) {
		if ((rc = flow_registry_login_host(f, NULL, NULL, e)) != 0)
			goto out;
	}
	if ((rc = flow_hook(f, "pre-build", 0, NULL, NULL, e)) != 0)
		goto out;
	git(&st, "status", "--porcelain", NULL);
	if (cb->context == NULL && git_used()) {
		if (st.len)
			flow_warn(f, "Building from a local git clone, so ignoring these uncommitted "
			    "changes:\n %s", st.s);
		if ((rc = prepare_clone(f, &bdir, e)) != 0)
			goto out;
	} else {
		if (st.len)
			flow_warn(f, "Building with uncommitted changes:\n %s", st.s);
		str_adds(&bdir, ".");
	}
	/* builder secrets are exported into the build's environment */
	for (i = 0; i < cb->secrets.n; i++) {
		const char *v = NULL;

		if ((rc = config_secret(f->cfg, cb->secrets.v[i], &v, e)) != 0)
			goto out;
		strvec_pushf(&env, "%s=%s", cb->secrets.v[i], v);
	}
	if (!buildplain_active(f) && (rc = inspect_or_create(f, &b, env.v, e)) != 0)
		goto out;
	/* BuilderError "Missing <dockerfile>" is raised while building the command */
	{
		struct str df = STR_INIT;

		if (cb->dockerfile[0] == '/')
			str_adds(&df, cb->dockerfile);
		else
			str_addf(&df, "%s", cb->dockerfile);
		if (!fs_exists(df.s)) {
			rc = err_set(e, ERR_NOTFOUND, "Missing %s", cb->dockerfile);
			str_release(&df);
			goto out;
		}
		str_release(&df);
	}
	if (buildplain_active(f)) {
		rc = buildplain_push(f, &b, output ? output : "registry", no_cache, 0, env.v,
		    strcmp(bdir.s, ".") == 0 ? NULL : bdir.s, e);
		goto out;
	}
	if ((rc = dbuild_push(&c, &b, output ? output : "registry", no_cache, 0, e)) != 0)
		goto out;
	dbuild_push_env(&b, &push_env);
	memset(&fx, 0, sizeof(fx));
	fx.env = env.v;
	fx.sshkit_env = push_env.v;
	fx.cwd = strcmp(bdir.s, ".") == 0 ? NULL : bdir.s;
	rc = flow_run(f, NULL, &c, &fx, e);
out:
	dcmd_release(&c);
	strvec_clear(&env);
	strvec_clear(&push_env);
	str_release(&bdir);
	str_release(&st);
	dbuild_release(&b);
	return rc;
}

static int
mirror_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct strvec *mirrors = arg;	/* pairs: mirror, host */
	struct str out = STR_INIT;
	struct dcmd c = DCMD_INIT;
	size_t i;
	int rc, seen = 0;

	dbuild_first_mirror(&c);
	rc = flow_capture(f, host, &c, NULL, &out, e);
	if (rc == ERR_REMOTE && strstr(e->msg, "error calling index: reflect: slice index out of range")) {
		err_clear(e);
		rc = 0;
	} else if (rc == 0 && out.len > 0) {
		pthread_mutex_lock(&f->mu);
		for (i = 0; i + 1 < mirrors->n; i += 2)
			if (strcmp(mirrors->v[i], out.s) == 0)
				seen = 1;
		if (!seen) {
			strvec_push(mirrors, out.s);
			strvec_push(mirrors, host);
		}
		pthread_mutex_unlock(&f->mu);
	}
	dcmd_release(&c);
	str_release(&out);
	return rc;
}

static int
pull_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	struct fx nr = { .no_raise = 1 };
	struct str line = STR_INIT;
	int rc;

	str_addf(&line, "Pulled image with version %s", f->k.version);
	if ((rc = flow_audit(f, host, NULL, line.s, e)) != 0)
		goto out;
	dbuild_clean(&c, &f->k);
	if ((rc = flow_run(f, host, &c, &nr, e)) != 0)
		goto out;
	dbuild_pull(&c, &f->k);
	if ((rc = flow_run(f, host, &c, NULL, e)) != 0)
		goto out;
	dbuild_validate_image(&c, &f->k);
	rc = flow_run(f, host, &c, NULL, e);
out:
	dcmd_release(&c);
	str_release(&line);
	return rc;
}

int
flows_build_pull(struct flow *f, struct errinfo *e)
{
	struct strvec mirrors = STRVEC_INIT, first = STRVEC_INIT, rest = STRVEC_INIT;
	struct str list = STR_INIT;
	size_t i;
	int rc;

	if ((rc = flow_need_version(f, e)) != 0)
		return rc;
	/* sextant: the image is in the registry before any server is touched (flows/checks.h) */
	if ((rc = flows_preflight(f, NULL, e)) != 0)
		return rc;
	if (!f->cfg->registry.local &&
	    (rc = flow_on(f, &f->sel.app_hosts, flow_registry_login_host, NULL, e)) != 0)
		return rc;
	/* A local registry is reached through SSH remote port forwards the SSH executor
	 * sets up for the duration of the pull (spec §6.3.2 step 2); nothing is sent. */
	if (f->sel.app_hosts.n > 1 &&
	    (rc = flow_on(f, &f->sel.app_hosts, mirror_host, &mirrors, e)) != 0)
		goto out;
	for (i = 0; i + 1 < mirrors.n; i += 2)
		strvec_push(&first, mirrors.v[i + 1]);
	if (first.n > 0) {
		strvec_join(&first, ", ", &list);
		flow_say(f, "Pulling image on %s to seed the %s...", list.s, first.n > 1 ? "mirrors" : "mirror");
		if ((rc = flow_on(f, &first, pull_host, NULL, e)) != 0)
			goto out;
		flow_say(f, "Pulling image on remaining hosts...");
		for (i = 0; i < f->sel.app_hosts.n; i++)
			if (!flow_has(&first, f->sel.app_hosts.v[i]))
				strvec_push(&rest, f->sel.app_hosts.v[i]);
		rc = flow_on(f, &rest, pull_host, NULL, e);
	} else {
		rc = flow_on(f, &f->sel.app_hosts, pull_host, NULL, e);
	}
out:
	strvec_clear(&mirrors);
	strvec_clear(&first);
	strvec_clear(&rest);
	str_release(&list);
	return rc;
}

int
flows_build_deliver(struct flow *f, const char *output, int no_cache, struct errinfo *e)
{
	int rc = flows_build_push(f, output, no_cache, e);

	if (rc == 0)
		rc = flows_build_pull(f, e);
	return rc;
}
