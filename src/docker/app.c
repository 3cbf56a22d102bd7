/*
 * app — see app.h. Token order follows lib/kamal/commands/app.rb and
 * app/{containers,execution,images,logging,proxy,assets,error_pages}.rb;
 * expected strings are pinned in tests/unit/t_docker_app.c.
 */
#include "docker/app.h"

#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "core/strvec.h"
#include "docker/args.h"
#include "docker/proxy.h"
#include "docker/shellquote.h"

#define HEALTH_STATUS_FORMAT \
	"'{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}'"
#define HEALTH_LOG_FORMAT	"'{{json .State.Health}}'"

static const char *
ver(const struct dk *k, const char *version)
{
	return version ? version : k->version;
}

void
dapp_container_name(const struct dk *k, const struct config_role *r, const char *version,
    struct str *out)
{
	str_addf(out, "%s-%s", r->container_prefix, ver(k, version));
}

void
dk_logging_args(struct dcmd *c, const struct config_logging *l)
{
	if (!rb_blank(l->driver) || l->options.n > 0) {
		if (l->driver != NULL)
			opts_str(c, "log-driver", l->driver, 0);
		args_kvs(c, "--log-opt", &l->options, 0);
	} else {
		args_kv_str(c, "--log-opt", "max-size", "10m");
	}
}

void
dapp_env_args(struct dcmd *c, const struct dk *k, const struct config_role *r, const char *host)
{
	struct config_env env;

	config_role_env(k->cfg, r, host, &env);
	args_kvs(c, "--env", &env.clear, 0);
	config_env_release(&env);
	args_item(c, "--env-file", r->secrets_path);
}

void
dapp_label_args(struct dcmd *c, const struct dk *k, const struct config_role *r)
{
	args_kv_str(c, "--label", "service", k->cfg->service);
	args_kv_str(c, "--label", "role", r->name);
	args_kv_str(c, "--label", "destination", k->cfg->destination);
	args_kvs(c, "--label", &r->labels, 0);
}

void
dapp_stop_args(struct dcmd *c, const struct dk *k, const struct config_role *r)
{
	/* kamal-proxy drains before returning, so proxied roles use Docker's default */
	if (r->has_stop_timeout) {
		dcmd_add(c, "-t");
		dcmd_addf(c, "%lld", r->stop_timeout);
	} else if (!r->running_proxy) {
		dcmd_add(c, "-t");
		dcmd_addf(c, "%lld", k->cfg->drain_timeout);
	}
}

static void
asset_volume_args(struct dcmd *c, const struct dk *k, const struct config_role *r)
{
	struct str dir = STR_INIT, v = STR_INIT;

	if (!dapp_assets(r))
		return;
	dapp_asset_volume_directory(k, r, NULL, &dir);
	/* relative host paths are anchored at the login directory (Volume#docker_args) */
	str_addf(&v, "%s%s:%s", dir.s[0] == '/' ? "" : "$PWD/", str_cstr(&dir), r->asset_path);
	if (!rb_blank(r->asset_path_options))
		str_addf(&v, ":%s", r->asset_path_options);
	args_item(c, "--volume", str_cstr(&v));
	str_release(&dir);
	str_release(&v);
}

void
dapp_run(struct dcmd *c, const struct dk *k, const struct config_role *r, const char *host,
    const char *hostname)
{
	struct str name = STR_INIT;

	dapp_container_name(k, r, NULL, &name);
	dcmd_addv(c, "docker", "run", "--detach", "--restart", r->restart, "--name", name.s,
	    "--network", "kamal", NULL);
	if (hostname)
		dcmd_addv(c, "--hostname", hostname, NULL);
	/* these three are quoted literally, without escaping (app.rb#run) */
	dcmd_add(c, "--env");
	dcmd_addf(c, "KAMAL_CONTAINER_NAME=\"%s\"", name.s);
	dcmd_add(c, "--env");
	dcmd_addf(c, "KAMAL_VERSION=\"%s\"", k->version);
	dcmd_add(c, "--env");
	dcmd_addf(c, "KAMAL_HOST=\"%s\"", host);
	if (k->cfg->destination) {
		dcmd_add(c, "--env");
		dcmd_addf(c, "KAMAL_DESTINATION=\"%s\"", k->cfg->destination);
	}
	dapp_env_args(c, k, r, host);
	dk_logging_args(c, &r->logging);
	args_items(c, "--volume", &k->cfg->volumes);
	asset_volume_args(c, k, r);
	dapp_label_args(c, k, r);
	opts_kvs(c, &r->options, 0);
	dcmd_addf(c, "%s:%s", k->cfg->repository, k->version);
	if (r->cmd)
		dcmd_add(c, r->cmd);
	str_release(&name);
}

void
dapp_start(struct dcmd *c, const struct dk *k, const struct config_role *r)
{
	struct str name = STR_INIT;

	dapp_container_name(k, r, NULL, &name);
	dcmd_addv(c, "docker", "start", name.s, NULL);
	str_release(&name);
}

void
dapp_container_id_for_version(struct dcmd *c, const struct dk *k, const struct config_role *r,
    const char *version, int only_running)
{
	struct str name = STR_INIT;

	dapp_container_name(k, r, version, &name);
	dk_container_id_for(c, name.s, only_running);
	str_release(&name);
}

void
dapp_status(struct dcmd *c, const struct dk *k, const struct config_role *r, const char *version)
{
	dapp_container_id_for_version(c, k, r, version, 0);
	dcmd_addv(c, "|", "xargs", "docker", "inspect", "--format", HEALTH_STATUS_FORMAT, NULL);
}

/* --filter label=service=SVC --filter label=destination=DEST [--filter label=role=R] [statuses] */
static void
container_filter_args(struct dcmd *c, const struct dk *k, const struct config_role *r, int active)
{
	dcmd_add(c, "--filter");
	dcmd_addf(c, "label=service=%s", k->cfg->service);
	dcmd_add(c, "--filter");
	dcmd_addf(c, "label=destination=%s", k->cfg->destination ? k->cfg->destination : "");
	if (r) {
		dcmd_add(c, "--filter");
		dcmd_addf(c, "label=role=%s", r->name);
	}
	if (active)
		dcmd_addv(c, "--filter", "status=running", "--filter", "status=restarting", NULL);
}

/* docker ps --latest <format> <filters> [--filter ancestor=$(latest image id)] */
static void
latest_container(struct dcmd *c, const struct dk *k, const struct config_role *r,
    const char *format, int with_ancestor)
{
	dcmd_addv(c, "docker", "ps", "--latest", format, NULL);
	container_filter_args(c, k, r, 1);
	if (with_ancestor) {
		dcmd_add(c, "--filter");
		dcmd_addf(c, "ancestor=$(docker image ls --filter reference=%s --format '{{.ID}}')",
		    k->cfg->latest_image);
	}
}

static void
current_running_container(struct dcmd *c, const struct dk *k, const struct config_role *r,
    const char *format)
{
	struct dcmd a = DCMD_INIT, b = DCMD_INIT, chain = DCMD_INIT;

	latest_container(&a, k, r, format, 1);
	latest_container(&b, k, r, format, 0);
	dcmd_combine(&chain, ";", &a);
	dcmd_combine(&chain, ";", &b);
	dcmd_shell(c, &chain);
	dcmd_addv(c, "|", "head", "-1", NULL);
	dcmd_release(&a);
	dcmd_release(&b);
	dcmd_release(&chain);
}

static void
extract_version_from_name(struct dcmd *c, const struct config_role *r)
{
	dcmd_addf(c, "while read line; do echo ${line#%s-}; done", r->container_prefix);
}

void
dapp_current_running_container_id(struct dcmd *c, const struct dk *k, const struct config_role *r)
{
	current_running_container(c, k, r, "--quiet");
}

void
dapp_current_running_version(struct dcmd *c, const struct dk *k, const struct config_role *r)
{
	current_running_container(c, k, r, "--format '{{.Names}}'");
	dcmd_add(c, "|");
	extract_version_from_name(c, r);
}

void
dapp_stop(struct dcmd *c, const struct dk *k, const struct config_role *r, const char *version)
{
	if (version)
		dapp_container_id_for_version(c, k, r, version, 0);
	else
		dapp_current_running_container_id(c, k, r);
	dcmd_addv(c, "|", "xargs", "docker", "stop", NULL);
	dapp_stop_args(c, k, r);
}

void
dapp_info(struct dcmd *c, const struct dk *k, const struct config_role *r)
{
	dcmd_addv(c, "docker", "ps", NULL);
	container_filter_args(c, k, r, 0);
}

void
dapp_list_versions(struct dcmd *c, const struct dk *k, const struct config_role *r)
{
	dcmd_addv(c, "docker", "ps", NULL);
	container_filter_args(c, k, r, 0);
	dcmd_addv(c, "--format", "\"{{.Names}}\"", "|", NULL);
	extract_version_from_name(c, r);
}

void
dapp_ensure_env_directory(struct dcmd *c, const struct dk *k, const struct config_role *r)
{
	struct str d = STR_INIT;

	str_addf(&d, "%s/roles", k->cfg->env_directory);
	dk_mkdir_p(c, d.s);
	str_release(&d);
}

void
dapp_list_containers(struct dcmd *c, const struct dk *k, const struct config_role *r)
{
	dcmd_addv(c, "docker", "container", "ls", "--all", NULL);
	container_filter_args(c, k, r, 0);
}

void
dapp_list_container_names(struct dcmd *c, const struct dk *k, const struct config_role *r)
{
	dapp_list_containers(c, k, r);
	dcmd_addv(c, "--format", "'{{ .Names }}'", NULL);
}

void
dapp_remove_container(struct dcmd *c, const struct dk *k, const struct config_role *r,
    const char *version)
{
	dapp_container_id_for_version(c, k, r, version, 0);
	dcmd_addv(c, "|", "xargs", "docker", "container", "rm", NULL);
}

void
dapp_rename_container(struct dcmd *c, const struct dk *k, const struct config_role *r,
    const char *version, const char *new_version)
{
	struct str a = STR_INIT, b = STR_INIT;

	dapp_container_name(k, r, version, &a);
	dapp_container_name(k, r, new_version, &b);
	dcmd_addv(c, "docker", "rename", a.s, b.s, NULL);
	str_release(&a);
	str_release(&b);
}

void
dapp_remove_containers(struct dcmd *c, const struct dk *k, const struct config_role *r)
{
	dcmd_addv(c, "docker", "container", "prune", "--force", NULL);
	container_filter_args(c, k, r, 0);
}

void
dapp_container_health_log(struct dcmd *c, const struct dk *k, const struct config_role *r,
    const char *version)
{
	dapp_container_id_for_version(c, k, r, version, 0);
	dcmd_addv(c, "|", "xargs", "docker", "inspect", "--format", HEALTH_LOG_FORMAT, NULL);
}

void
dapp_list_images(struct dcmd *c, const struct dk *k)
{
	dcmd_addv(c, "docker", "image", "ls", k->cfg->repository, NULL);
}

void
dapp_remove_images(struct dcmd *c, const struct dk *k)
{
	dcmd_addv(c, "docker", "image", "prune", "--all", "--force", "--filter", NULL);
	dcmd_addf(c, "label=service=%s", k->cfg->service);
}

void
dapp_tag_latest_image(struct dcmd *c, const struct dk *k)
{
	dcmd_addv(c, "docker", "tag", NULL);
	dcmd_addf(c, "%s:%s", k->cfg->repository, k->version);
	dcmd_add(c, k->cfg->latest_image);
}

static void
proxy_exec(struct dcmd *c, const char *verb, const char *service)
{
	dcmd_addv(c, "docker", "exec", "kamal-proxy", "kamal-proxy", verb, service, NULL);
}

void
dapp_proxy_deploy(struct dcmd *c, const struct dk *k, const struct config_role *r,
    const char *target)
{
	proxy_exec(c, "deploy", r->container_prefix);
	dproxy_deploy_args(c, k, r->proxy, target);
}

void
dapp_proxy_remove(struct dcmd *c, const struct dk *k, const struct config_role *r)
{
	proxy_exec(c, "remove", r->container_prefix);
}

void
dapp_proxy_live(struct dcmd *c, const struct dk *k, const struct config_role *r)
{
	proxy_exec(c, "resume", r->container_prefix);
}

void
dapp_proxy_maintenance(struct dcmd *c, const struct dk *k, const struct config_role *r,
    const char *drain_timeout, const char *message)
{
	struct str s = STR_INIT;

	proxy_exec(c, "stop", r->container_prefix);
	if (drain_timeout) {
		str_addf(&s, "%ss", drain_timeout);
		opts_str(c, "drain-timeout", s.s, 1);
	}
	if (message)
		opts_str(c, "message", message, 1);
	str_release(&s);
}

void
dapp_remove_proxy_app_directory(struct dcmd *c, const struct dk *k)
{
	dk_rm_r(c, k->cfg->proxy_app_directory);
}

void
dapp_create_ssl_directory(struct dcmd *c, const struct dk *k, const struct config_role *r)
{
	struct str d = STR_INIT;

	str_addf(&d, "%s/%s", k->cfg->tls_directory, r->name);
	dk_mkdir_p(c, d.s);
	str_release(&d);
}

static void
env_pairs(struct dcmd *c, const struct strvec *env)
{
	size_t i;

	if (env == NULL)
		return;
	for (i = 0; i + 1 < env->n; i += 2)
		args_kv_str(c, "--env", env->v[i], env->v[i + 1]);
}

void
dapp_exec_existing(struct dcmd *c, const struct dk *k, const struct config_role *r,
    const char *cmd, const char *interactive, const struct strvec *env)
{
	struct str name = STR_INIT;

	dapp_container_name(k, r, NULL, &name);
	dcmd_addv(c, "docker", "exec", NULL);
	if (interactive)
		dcmd_add(c, interactive);
	env_pairs(c, env);
	dcmd_add(c, name.s);
	dcmd_add(c, cmd);
	str_release(&name);
}

void
dapp_exec_new(struct dcmd *c, const struct dk *k, const struct config_role *r, const char *host,
    const char *cmd, const char *interactive, int detach, const struct strvec *env,
    const char *hex6)
{
	dcmd_addv(c, "docker", "run", NULL);
	if (interactive)
		dcmd_add(c, interactive);
	dcmd_add(c, detach ? "--detach" : "--rm");
	dcmd_add(c, "--name");
	dcmd_addf(c, "%s-exec-%s-%s", r->container_prefix, k->version, hex6);
	dcmd_addv(c, "--network", "kamal", NULL);
	dapp_env_args(c, k, r, host);
	env_pairs(c, env);
	dk_logging_args(c, &r->logging);
	args_items(c, "--volume", &k->cfg->volumes);
	opts_kvs(c, &r->options, 0);
	dcmd_addf(c, "%s:%s", k->cfg->repository, k->version);
	dcmd_add(c, cmd);
}

static void
container_id_command(struct dcmd *c, const struct dk *k, const struct config_role *r,
    const char *container_id)
{
	struct dcmd echo = DCMD_INIT;

	if (container_id) {
		dcmd_addf(&echo, "echo %s", container_id);
		dcmd_shell(c, &echo);
		dcmd_release(&echo);
	} else {
		dapp_current_running_container_id(c, k, r);
	}
}

void
dapp_logs(struct dcmd *c, const struct dk *k, const struct config_role *r,
    const char *container_id, int timestamps, const char *since, const char *lines,
    const char *grep, const char *grep_options)
{
	struct str s = STR_INIT;

	container_id_command(c, k, r, container_id);
	dcmd_add(c, "|");
	str_adds(&s, "xargs docker logs");
	if (timestamps)
		str_adds(&s, " --timestamps");
	if (since)
		str_addf(&s, " --since %s", since);
	if (lines)
		str_addf(&s, " --tail %s", lines);
	str_adds(&s, " 2>&1");
	dcmd_add(c, s.s);
	if (grep) {
		str_reset(&s);
		str_addf(&s, "grep '%s'", grep);
		if (grep_options)
			str_addf(&s, " %s", grep_options);
		dcmd_add(c, "|");
		dcmd_add(c, s.s);
	}
	str_release(&s);
}

void
dapp_follow_logs(const struct dk *k, const struct config_role *r, const char *host,
    const char *container_id, int timestamps, const char *lines, const char *grep,
    const char *grep_options, struct str *out)
{
	struct dcmd c = DCMD_INIT;
	struct str s = STR_INIT;

	container_id_command(&c, k, r, container_id);
	dcmd_add(&c, "|");
	str_adds(&s, "xargs docker logs");
	if (timestamps)
		str_adds(&s, " --timestamps");
	if (lines)
		str_addf(&s, " --tail %s", lines);
	str_adds(&s, " --follow 2>&1");
	dcmd_add(&c, s.s);
	if (grep) {
		str_reset(&s);
		str_addf(&s, "grep \"%s\"", grep);
		if (grep_options)
			str_addf(&s, " %s", grep_options);
		dcmd_add(&c, "|");
		dcmd_add(&c, s.s);
	}
	dk_run_over_ssh(k, &c, host, out);
	dcmd_release(&c);
	str_release(&s);
}

int
dapp_assets(const struct config_role *r)
{
	return !rb_blank(r->asset_path) && r->running_proxy;
}

void
dapp_asset_extracted_directory(const struct dk *k, const struct config_role *r,
    const char *version, struct str *out)
{
	str_addf(out, "%s/extracted/%s-%s", k->cfg->assets_directory, r->name, ver(k, version));
}

void
dapp_asset_volume_directory(const struct dk *k, const struct config_role *r,
    const char *version, struct str *out)
{
	str_addf(out, "%s/volumes/%s-%s", k->cfg->assets_directory, r->name, ver(k, version));
}

void
dapp_extract_assets(struct dcmd *c, const struct dk *k, const struct config_role *r)
{
	struct str dir = STR_INIT, ac = STR_INIT, src = STR_INIT;

	dapp_asset_extracted_directory(k, r, NULL, &dir);
	str_addf(&ac, "%s-assets", r->container_prefix);
	str_addf(&src, "%s:%s/.", ac.s, r->asset_path);
	dk_mkdir_p(c, dir.s);
	dcmd_addv(c, "&&", "docker", "container", "rm", ac.s, "2> /dev/null", "|| true", NULL);
	dcmd_addv(c, "&&", "docker", "container", "create", "--name", ac.s, NULL);
	dcmd_addf(c, "%s:%s", k->cfg->repository, k->version);
	dcmd_addv(c, "&&", "docker", "container", "cp", "-L", src.s, dir.s, NULL);
	dcmd_addv(c, "&&", "docker", "container", "rm", ac.s, NULL);
	str_release(&dir);
	str_release(&ac);
	str_release(&src);
}

void
dapp_sync_asset_volumes(struct dcmd *c, const struct dk *k, const struct config_role *r,
    const char *old_version)
{
	struct str ne = STR_INIT, nv = STR_INIT, oe = STR_INIT, ov = STR_INIT;
	int old = !rb_blank(old_version);

	dapp_asset_extracted_directory(k, r, NULL, &ne);
	dapp_asset_volume_directory(k, r, NULL, &nv);
	dk_mkdir_p(c, nv.s);
	dcmd_addv(c, ";", "cp", "-rnT", ne.s, nv.s, NULL);
	if (old) {
		dapp_asset_extracted_directory(k, r, old_version, &oe);
		dapp_asset_volume_directory(k, r, old_version, &ov);
		dcmd_addv(c, ";", "cp", "-rnT", ne.s, ov.s, "|| true", NULL);
		dcmd_addv(c, ";", "cp", "-rnT", oe.s, nv.s, "|| true", NULL);
	}
	str_release(&ne);
	str_release(&nv);
	str_release(&oe);
	str_release(&ov);
}

/* find <dirname> -maxdepth 1 -name 'ROLE-*' ! -name <basename> -exec rm -rf "{}" + */
static void
remove_older_siblings(struct dcmd *c, const struct config_role *r, const char *path)
{
	char dir[4096];
	const char *base = strrchr(path, '/');

	dk_dirname(path, dir, sizeof(dir));
	dcmd_addv(c, "find", dir, "-maxdepth 1", "-name", NULL);
	dcmd_addf(c, "'%s-*'", r->name);
	dcmd_addv(c, "!", "-name", base ? base + 1 : path, "-exec rm -rf \"{}\" +", NULL);
}

void
dapp_clean_up_assets(struct dcmd *c, const struct dk *k, const struct config_role *r)
{
	struct str e = STR_INIT, v = STR_INIT;

	dapp_asset_extracted_directory(k, r, NULL, &e);
	dapp_asset_volume_directory(k, r, NULL, &v);
	remove_older_siblings(c, r, e.s);
	dcmd_add(c, ";");
	remove_older_siblings(c, r, v.s);
	str_release(&e);
	str_release(&v);
}

void
dapp_create_error_pages_directory(struct dcmd *c, const struct dk *k)
{
	dk_mkdir_p(c, k->cfg->error_pages_directory);
}

void
dapp_clean_up_error_pages(struct dcmd *c, const struct dk *k)
{
	dcmd_addv(c, "find", k->cfg->error_pages_directory, "-mindepth", "1", "-maxdepth", "1", "!",
	    "-name", k->version, "-exec", "rm", "-rf", "{} +", NULL);
}
