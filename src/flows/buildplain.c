/*
 * buildplain — see buildplain.h.
 *
 * The classic builder takes the options Kamal gives buildx for the image
 * itself (tags, the service label, build args, Dockerfile, target, --no-cache)
 * but has no --output, no --builder, no multi-platform builds, no --secret, no
 * --ssh and no cache export; those configurations are refused with a message
 * saying buildx is needed, instead of building something different.
 */
#include "flows/buildplain.h"

#include <pthread.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "core/strvec.h"
#include "docker/args.h"

/* The flow that fell back (one deploy per process; compared, never dereferenced). */
static const struct flow *plain_flow;
static pthread_mutex_t plain_mu = PTHREAD_MUTEX_INITIALIZER;

int
buildplain_active(const struct flow *f)
{
	int r;

	pthread_mutex_lock(&plain_mu);
	r = f != NULL && plain_flow == f;
	pthread_mutex_unlock(&plain_mu);
	return r;
}

/* What the classic builder cannot do for this configuration, or NULL. */
static const char *
unsupported(const struct flow *f)
{
	const struct config_builder *cb = &f->cfg->builder;

	if (cb->pack)
		return "pack builds";
	if (cb->remote)
		return "a remote builder";
	if (cb->arches.n > 1)
		return "a multi-platform build";
	if (cb->secrets.n > 0)
		return "build secrets";
	if (cb->ssh && *cb->ssh)
		return "--ssh";
	if (cb->cached && cb->cache_type)
		return "a build cache";
	return NULL;
}

int
buildplain_fallback(struct flow *f, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	struct errinfo e2;
	const char *why;
	int ok = 0;

	/* only when docker itself is there and buildx is what is missing */
	err_clear(&e2);
	dcmd_addv(&c, "docker", "--version", NULL);
	if (flow_exec(f, NULL, &c, &(struct fx){ .no_raise = 1 }, &ok, &e2) != 0 || !ok) {
		dcmd_release(&c);
		return 0;
	}
	dcmd_release(&c);
	if ((why = unsupported(f)) != NULL) {
		err_set(e, ERR_REMOTE, "Docker buildx plugin is not installed locally (sextant can build "
		    "without it, but not %s: install buildx)", why);
		return 0;
	}
	flow_warn(f, "Docker buildx plugin is not installed locally: building with `docker build` "
	    "and pushing with `docker push` instead");
	pthread_mutex_lock(&plain_mu);
	plain_flow = f;
	pthread_mutex_unlock(&plain_mu);
	err_clear(e);
	return 1;
}

void
buildplain_build_cmd(struct dcmd *c, const struct dbuild *b, int no_cache, int tag_as_dirty)
{
	const struct dk *k = b->k;
	const struct config_builder *cb = &k->cfg->builder;

	dcmd_addv(c, "docker", "build", NULL);
	/* one platform at most (checked by buildplain_fallback) */
	if (cb->arches.n == 1) {
		dcmd_add(c, "--platform");
		dcmd_addf(c, "linux/%s", cb->arches.v[0]);
	}
	dcmd_add(c, "-t");
	dcmd_addf(c, "%s:%s%s", k->cfg->repository, k->version, tag_as_dirty ? "-dirty" : "");
	dcmd_add(c, "-t");
	dcmd_addf(c, "%s%s", k->cfg->latest_image, tag_as_dirty ? "-dirty" : "");
	args_kv_str(c, "--label", "service", k->cfg->service);
	args_kvs(c, "--build-arg", &cb->args, 1);
	args_item(c, "--file", cb->dockerfile);
	if (cb->target && *cb->target)
		args_item(c, "--target", cb->target);
	if (no_cache)
		dcmd_add(c, "--no-cache");
	dcmd_addv(c, cb->context ? cb->context : ".", "2>&1", NULL);
}

void
buildplain_push_cmd(struct dcmd *c, const struct dk *k, int latest, int tag_as_dirty)
{
	dcmd_addv(c, "docker", "push", NULL);
	if (latest)
		dcmd_addf(c, "%s%s", k->cfg->latest_image, tag_as_dirty ? "-dirty" : "");
	else
		dcmd_addf(c, "%s:%s%s", k->cfg->repository, k->version, tag_as_dirty ? "-dirty" : "");
}

int
buildplain_push(struct flow *f, const struct dbuild *b, const char *output, int no_cache,
    int tag_as_dirty, char *const *env, const char *cwd, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	struct strvec envv = STRVEC_INIT;
	struct fx fx;
	size_t i;
	int rc;

	for (i = 0; env && env[i]; i++)
		strvec_push(&envv, env[i]);
	strvec_push(&envv, "DOCKER_BUILDKIT=0");
	memset(&fx, 0, sizeof(fx));
	fx.env = envv.v;
	fx.cwd = cwd;
	if (output && strcmp(output, "registry") != 0 && strcmp(output, "docker") != 0) {
		rc = err_set(e, ERR_UNSUPPORTED, "--output=type=%s needs the Docker buildx plugin "
		    "(without it sextant builds into the local image store and pushes)", output);
		goto out;
	}
	buildplain_build_cmd(&c, b, no_cache, tag_as_dirty);
	if ((rc = flow_run(f, NULL, &c, &fx, e)) != 0)
		goto out;
	if (output == NULL || strcmp(output, "registry") == 0) {
		buildplain_push_cmd(&c, b->k, 0, tag_as_dirty);
		if ((rc = flow_run(f, NULL, &c, &fx, e)) != 0)
			goto out;
		buildplain_push_cmd(&c, b->k, 1, tag_as_dirty);
		rc = flow_run(f, NULL, &c, &fx, e);
	}
out:
	dcmd_release(&c);
	strvec_clear(&envv);
	return rc;
}
