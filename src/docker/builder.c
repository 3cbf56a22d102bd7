/*
 * builder — see builder.h. Expected strings: tests/unit/t_docker_builder.c (facts
 * from Kamal's test/commands/builder_test.rb).
 */
#include "docker/builder.h"

#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "core/strvec.h"
#include "core/xmalloc.h"
#include "docker/args.h"
#include "docker/shellquote.h"

static const struct config_builder *
bc(const struct dbuild *b)
{
	return &b->k->cfg->builder;
}

static int
docker_driver(const struct dbuild *b)
{
	return strcmp(bc(b)->driver, "docker") == 0;
}

/* remote.gsub(/[^a-z0-9_-]/, "-") plus "-local-registry" with a local registry. */
static void
remote_suffix(const struct dbuild *b, struct str *out)
{
	const char *p;

	for (p = bc(b)->remote; *p; p++) {
		char ch = *p;

		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-')
			str_addch(out, ch);
		else
			str_addch(out, '-');
	}
	if (b->k->cfg->registry.local)
		str_adds(out, "-local-registry");
}

void
dbuild_init(struct dbuild *b, const struct dk *k, const char *docker_arch)
{
	const struct config_builder *c = &k->cfg->builder;
	struct str name = STR_INIT;
	size_t i;
	int remote, local;

	memset(b, 0, sizeof(*b));
	b->k = k;
	for (i = 0; i < c->arches.n; i++) {
		if (c->local_disabled)
			continue;
		if (c->remote && (docker_arch == NULL || strcmp(c->arches.v[i], docker_arch) != 0))
			continue;
		strvec_push(&b->local_arches, c->arches.v[i]);
	}
	for (i = 0; c->remote && i < c->arches.n; i++)
		if (strvec_find(&b->local_arches, c->arches.v[i]) < 0)
			strvec_push(&b->remote_arches, c->arches.v[i]);
	remote = b->remote_arches.n > 0;
	local = !c->local_disabled && (c->arches.n == 0 || b->local_arches.n > 0);
	if (remote)
		b->kind = local ? DBUILD_HYBRID : DBUILD_REMOTE;
	else if (c->pack)
		b->kind = DBUILD_PACK;
	else if (str_starts_with(c->driver, "cloud"))
		b->kind = DBUILD_CLOUD;
	else
		b->kind = DBUILD_LOCAL;
	switch (b->kind) {
	case DBUILD_LOCAL:
		str_addf(&name, "kamal-local-%s%s", k->cfg->registry.local ? "registry-" : "", c->driver);
		break;
	case DBUILD_REMOTE:
		str_adds(&name, "kamal-remote-");
		remote_suffix(b, &name);
		break;
	case DBUILD_HYBRID:
		str_addf(&name, "kamal-hybrid-%s-", c->driver);
		remote_suffix(b, &name);
		break;
	case DBUILD_CLOUD:
		for (i = 0; c->driver[i]; i++)
			str_addch(&name, c->driver[i] == ' ' || c->driver[i] == '/' ? '-' : c->driver[i]);
		break;
	case DBUILD_PACK:
		break;
	}
	b->name = str_detach(&name, NULL);
}

void
dbuild_release(struct dbuild *b)
{
	strvec_clear(&b->local_arches);
	strvec_clear(&b->remote_arches);
	free(b->name);
	b->name = NULL;
}

int
dbuild_is_remote(const struct dbuild *b)
{
	return b->kind == DBUILD_REMOTE || b->kind == DBUILD_HYBRID;
}

int
dbuild_login_locally(const struct dbuild *b)
{
	return !dbuild_is_remote(b);
}

void
dbuild_push_env(const struct dbuild *b, struct strvec *out)
{
	if (dbuild_is_remote(b))
		strvec_push(out, "BUILDKIT_NO_CLIENT_TOKEN=1");
}

void
dbuild_ensure_docker_installed(struct dcmd *c)
{
	dcmd_addv(c, "docker", "--version", "&&", "docker", "buildx", "version", NULL);
}

static void
platform_options(struct dcmd *c, const struct strvec *arches)
{
	struct str s = STR_INIT;
	size_t i;

	if (arches->n == 0)
		return;
	for (i = 0; i < arches->n; i++)
		str_addf(&s, "%slinux/%s", i ? "," : "", arches->v[i]);
	args_item(c, "--platform", s.s);
	str_release(&s);
}

static void
driver_options(struct dcmd *c, const struct dbuild *b)
{
	if (b->k->cfg->registry.local)
		dcmd_addv(c, "--driver-opt", "network=host", NULL);
}

static void
context_name(const struct dbuild *b, struct str *out)
{
	str_addf(out, "%s-context", b->name);
}

static void
create_remote_context(struct dcmd *c, const struct dbuild *b)
{
	struct str ctx = STR_INIT;

	context_name(b, &ctx);
	dcmd_addv(c, "docker", "context", "create", ctx.s, "--description", NULL);
	dcmd_addf(c, "'%s host'", b->name);
	dcmd_add(c, "--docker");
	dcmd_addf(c, "'host=%s'", bc(b)->remote);
	str_release(&ctx);
}

void
dbuild_create(struct dcmd *c, const struct dbuild *b)
{
	struct str ctx = STR_INIT;

	context_name(b, &ctx);
	switch (b->kind) {
	case DBUILD_LOCAL:
		if (docker_driver(b))
			break;
		dcmd_addv(c, "docker", "buildx", "create", "--name", b->name, NULL);
		dcmd_addf(c, "--driver=%s", bc(b)->driver);
		driver_options(c, b);
		break;
	case DBUILD_REMOTE:
		create_remote_context(c, b);
		dcmd_addv(c, ";", "docker", "buildx", "create", "--name", b->name, NULL);
		driver_options(c, b);
		dcmd_add(c, ctx.s);
		break;
	case DBUILD_HYBRID:
		dcmd_addv(c, "docker", "buildx", "create", NULL);
		platform_options(c, &b->local_arches);
		dcmd_addv(c, "--name", b->name, NULL);
		dcmd_addf(c, "--driver=%s", bc(b)->driver);
		driver_options(c, b);
		dcmd_add(c, "&&");
		create_remote_context(c, b);
		dcmd_addv(c, "&&", "docker", "buildx", "create", NULL);
		platform_options(c, &b->remote_arches);
		dcmd_addv(c, "--append", "--name", b->name, NULL);
		driver_options(c, b);
		dcmd_add(c, ctx.s);
		break;
	case DBUILD_CLOUD:
		dcmd_addv(c, "docker", "buildx", "create", "--driver", bc(b)->driver, NULL);
		break;
	case DBUILD_PACK:
		break;
	}
	str_release(&ctx);
}

void
dbuild_remove(struct dcmd *c, const struct dbuild *b)
{
	struct str ctx = STR_INIT;

	context_name(b, &ctx);
	switch (b->kind) {
	case DBUILD_LOCAL:
		if (!docker_driver(b))
			dcmd_addv(c, "docker", "buildx", "rm", b->name, NULL);
		break;
	case DBUILD_REMOTE:
	case DBUILD_HYBRID:
		dcmd_addv(c, "docker", "context", "rm", ctx.s, ";", "docker", "buildx", "rm", b->name,
		    NULL);
		break;
	case DBUILD_CLOUD:
		dcmd_addv(c, "docker", "buildx", "rm", b->name, NULL);
		break;
	case DBUILD_PACK:
		break;
	}
	str_release(&ctx);
}

void
dbuild_inspect(struct dcmd *c, const struct dbuild *b)
{
	struct str ctx = STR_INIT;

	context_name(b, &ctx);
	switch (b->kind) {
	case DBUILD_LOCAL:
	case DBUILD_CLOUD:
		if (!docker_driver(b))
			dcmd_addv(c, "docker", "buildx", "inspect", b->name, NULL);
		break;
	case DBUILD_REMOTE:
	case DBUILD_HYBRID:
		dcmd_addv(c, "docker", "buildx", "inspect", b->name, "|", "grep", "-q", NULL);
		dcmd_addf(c, "Endpoint:.*%s", ctx.s);
		dcmd_addv(c, "&&", "docker", "context", "inspect", ctx.s, "--format",
		    "'{{.Endpoints.docker.Host}}'", "|", "grep", "-xq", bc(b)->remote, "||",
		    "(echo no compatible builder && exit 1)", NULL);
		break;
	case DBUILD_PACK:
		dcmd_addv(c, "pack", "builder", "inspect", bc(b)->pack_builder, NULL);
		break;
	}
	str_release(&ctx);
}

void
dbuild_info(struct dcmd *c, const struct dbuild *b)
{
	switch (b->kind) {
	case DBUILD_PACK:
		dcmd_addv(c, "pack", "builder", "inspect", bc(b)->pack_builder, NULL);
		break;
	case DBUILD_REMOTE:
	case DBUILD_HYBRID:
		dcmd_addv(c, "docker", "context", "ls", ";", "docker", "buildx", "ls", NULL);
		break;
	default:
		dcmd_addv(c, "docker", "context", "ls", "&&", "docker", "buildx", "ls", NULL);
		break;
	}
}

static void
tag_options(struct dcmd *c, const struct dk *k, int dirty)
{
	dcmd_add(c, "-t");
	dcmd_addf(c, "%s:%s%s", k->cfg->repository, k->version, dirty ? "-dirty" : "");
	dcmd_add(c, "-t");
	dcmd_addf(c, "%s%s", k->cfg->latest_image, dirty ? "-dirty" : "");
}

/* "ref=[server/]cache_image" */
static void
cache_ref(const struct dbuild *b, struct str *out)
{
	const char *server = b->k->cfg->registry.server;

	str_addf(out, "ref=%s%s%s", server ? server : "", server ? "/" : "", bc(b)->cache_image);
}

static void
build_cache(struct dcmd *c, const struct dbuild *b)
{
	const struct config_builder *cb = bc(b);
	struct str to = STR_INIT, from = STR_INIT;

	if (!cb->cached || cb->cache_type == NULL)
		return;
	if (strcmp(cb->cache_type, "gha") == 0) {
		struct strvec parts = STRVEC_INIT;
		size_t i;

		str_adds(&to, "type=gha");
		if (cb->cache_options)
			str_addf(&to, ",%s", cb->cache_options);
		str_adds(&from, "type=gha");
		if (cb->cache_options)
			strvec_split(&parts, cb->cache_options, ',');
		/* only these options apply to reading the cache */
		for (i = 0; i < parts.n; i++)
			if (str_starts_with(parts.v[i], "url=") || str_starts_with(parts.v[i], "url_v2=") ||
			    str_starts_with(parts.v[i], "token=") || str_starts_with(parts.v[i], "scope=") ||
			    str_starts_with(parts.v[i], "timeout="))
				str_addf(&from, ",%s", parts.v[i]);
		strvec_clear(&parts);
	} else if (strcmp(cb->cache_type, "registry") == 0) {
		str_adds(&to, "type=registry,");
		cache_ref(b, &to);
		if (cb->cache_options)
			str_addf(&to, ",%s", cb->cache_options);
		str_adds(&from, "type=registry,");
		cache_ref(b, &from);
	}
	if (to.len && from.len)
		dcmd_addv(c, "--cache-to", to.s, "--cache-from", from.s, NULL);
	str_release(&to);
	str_release(&from);
}

static void
build_options(struct dcmd *c, const struct dbuild *b)
{
	const struct config_builder *cb = bc(b);
	size_t i;

	build_cache(c, b);
	args_kv_str(c, "--label", "service", b->k->cfg->service);
	args_kvs(c, "--build-arg", &cb->args, 1);
	for (i = 0; i < cb->secrets.n; i++)
		args_kv_str(c, "--secret", "id", cb->secrets.v[i]);
	args_item(c, "--file", cb->dockerfile);
	if (!rb_blank(cb->target))
		args_item(c, "--target", cb->target);
	if (!rb_blank(cb->ssh))
		args_item(c, "--ssh", cb->ssh);
	if (cb->provenance)
		args_item(c, "--provenance", cb->provenance);
	if (cb->sbom != CONFIG_UNSET)
		args_item(c, "--sbom", cb->sbom ? "true" : "false");
}

static int
pack_push(struct dcmd *c, const struct dbuild *b, const char *output, int no_cache, int dirty,
    struct errinfo *e)
{
	const struct config_builder *cb = bc(b);
	const struct dk *k = b->k;
	struct str s = STR_INIT;
	size_t i;
	int rc;

	dcmd_addv(c, "pack", "build", k->cfg->repository, "--platform", NULL);
	dcmd_addf(c, "linux/%s", b->local_arches.n ? b->local_arches.v[0] : "");
	dcmd_addv(c, "--creation-time", "now", "--builder", cb->pack_builder ? cb->pack_builder : "",
	    NULL);
	for (i = 0; i < cb->pack_buildpacks.n; i++)
		dcmd_addv(c, "--buildpack", cb->pack_buildpacks.v[i], NULL);
	dcmd_addv(c, "--buildpack", "paketo-buildpacks/image-labels", NULL);
	tag_options(c, k, dirty);
	if (no_cache)
		dcmd_add(c, "--clear-cache");
	dcmd_add(c, "--env");
	dcmd_addf(c, "BP_IMAGE_LABELS=service=%s", k->cfg->service);
	args_kvs(c, "--env", &cb->args, 0);
	s.secret = 1;
	for (i = 0; i < cb->secrets.n; i++) {
		const char *v = NULL;

		if ((rc = config_secret(k->cfg, cb->secrets.v[i], &v, e)) != 0) {
			str_release(&s);
			return rc;
		}
		str_reset(&s);
		dcmd_add(c, "--env");
		if (args_present(NODE_STR, v)) {
			str_addf(&s, "%s=", cb->secrets.v[i]);
			shq_escape_cstr(&s, v);
		} else {
			str_adds(&s, cb->secrets.v[i]);
		}
		dcmd_add_secret(c, s.s);
	}
	str_release(&s);
	dcmd_addv(c, "--path", cb->context ? cb->context : ".", NULL);
	if (strcmp(output, "registry") == 0) {
		dcmd_addv(c, "&&", "docker", "push", NULL);
		dcmd_addf(c, "%s:%s", k->cfg->repository, k->version);
		dcmd_addv(c, "&&", "docker", "push", k->cfg->latest_image, NULL);
	}
	return 0;
}

int
dbuild_push(struct dcmd *c, const struct dbuild *b, const char *output, int no_cache,
    int tag_as_dirty, struct errinfo *e)
{
	if (b->kind == DBUILD_PACK)
		return pack_push(c, b, output, no_cache, tag_as_dirty, e);
	dcmd_addv(c, "docker", "buildx", "build", NULL);
	dcmd_addf(c, "--output=type=%s", output);
	platform_options(c, &bc(b)->arches);
	if (!docker_driver(b))
		dcmd_addv(c, "--builder", b->name, NULL);
	tag_options(c, b->k, tag_as_dirty);
	build_options(c, b);
	if (no_cache)
		dcmd_add(c, "--no-cache");
	dcmd_addv(c, bc(b)->context ? bc(b)->context : ".", "2>&1", NULL);
	return 0;
}

void
dbuild_clean(struct dcmd *c, const struct dk *k)
{
	dcmd_addv(c, "docker", "image", "rm", "--force", NULL);
	dcmd_addf(c, "%s:%s", k->cfg->repository, k->version);
}

void
dbuild_pull(struct dcmd *c, const struct dk *k)
{
	dcmd_addv(c, "docker", "pull", NULL);
	dcmd_addf(c, "%s:%s", k->cfg->repository, k->version);
}

void
dbuild_validate_image(struct dcmd *c, const struct dk *k)
{
	struct str img = STR_INIT;

	str_addf(&img, "%s:%s", k->cfg->repository, k->version);
	dcmd_addv(c, "docker", "inspect", "-f", "'{{ .Config.Labels.service }}'", img.s, "|", "grep",
	    "-x", k->cfg->service, "||", NULL);
	dcmd_addf(c, "(echo \"Image %s is missing the 'service' label\" && exit 1)", img.s);
	str_release(&img);
}

void
dbuild_first_mirror(struct dcmd *c)
{
	dcmd_addv(c, "docker", "info", "--format '{{index .RegistryConfig.Mirrors 0}}'", NULL);
}

void
dbuild_clone(struct dcmd *c, const char *clone_dir_esc, const char *root_esc)
{
	dcmd_addv(c, "git", "-C", clone_dir_esc, "clone", root_esc, "--recurse-submodules", NULL);
}

void
dbuild_clone_reset_steps(struct dcmd out[6], const char *build_dir_esc, const char *root_esc,
    const char *revision)
{
	dcmd_addv(&out[0], "git", "-C", build_dir_esc, "remote", "set-url", "origin", root_esc, NULL);
	dcmd_addv(&out[1], "git", "-C", build_dir_esc, "fetch", "origin", NULL);
	dcmd_addv(&out[2], "git", "-C", build_dir_esc, "reset", "--hard", revision, NULL);
	dcmd_addv(&out[3], "git", "-C", build_dir_esc, "clean", "-fdx", NULL);
	dcmd_addv(&out[4], "git", "-C", build_dir_esc, "submodule", "update", "--init", NULL);
	dcmd_addv(&out[5], "git", "-C", build_dir_esc, "gc", "--auto", "--quiet", NULL);
}

void
dbuild_clone_status(struct dcmd *c, const char *build_dir_esc)
{
	dcmd_addv(c, "git", "-C", build_dir_esc, "status", "--porcelain", NULL);
}

void
dbuild_clone_revision(struct dcmd *c, const char *build_dir_esc)
{
	dcmd_addv(c, "git", "-C", build_dir_esc, "rev-parse", "HEAD", NULL);
}
