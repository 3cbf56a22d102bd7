/*
 * accessory — see accessory.h.
 */
#include "docker/accessory.h"

#include <string.h>

#include "core/str.h"
#include "core/strvec.h"
#include "docker/app.h"
#include "docker/args.h"
#include "docker/proxy.h"
#include "docker/shellquote.h"

void
dacc_path_volume(const struct config_acc_path *p, struct str *out)
{
	/* Configuration::Volume#docker_args_string */
	if (p->host_path[0] != '/')
		str_adds(out, "$PWD/");
	str_addf(out, "%s:%s", p->host_path, p->container_path);
	if (!rb_blank(p->options))
		str_addf(out, ":%s", p->options);
}

static void
env_args(struct dcmd *c, const struct config_accessory *a)
{
	args_kvs(c, "--env", &a->env.clear, 0);
	args_item(c, "--env-file", a->secrets_path);
}

static void
volume_args(struct dcmd *c, const struct config_accessory *a)
{
	struct str v = STR_INIT;
	size_t i;

	args_items(c, "--volume", &a->volumes);
	for (i = 0; i < a->nfiles; i++) {
		str_reset(&v);
		dacc_path_volume(&a->files[i], &v);
		args_item(c, "--volume", v.s);
	}
	for (i = 0; i < a->ndirectories; i++) {
		str_reset(&v);
		dacc_path_volume(&a->directories[i], &v);
		args_item(c, "--volume", v.s);
	}
	str_release(&v);
}

void
dacc_run(struct dcmd *c, const struct dk *k, const struct config_accessory *a, const char *host)
{
	dcmd_addv(c, "docker", "run", "--name", a->service_name, "--detach", "--restart", a->restart,
	    NULL);
	args_item(c, "--network", a->network);
	dk_logging_args(c, &k->cfg->logging);
	if (a->port)
		args_item(c, "--publish", a->port);
	if (host) {
		dcmd_add(c, "--env");
		dcmd_addf(c, "KAMAL_HOST=\"%s\"", host);
	}
	env_args(c, a);
	volume_args(c, a);
	args_kv_str(c, "--label", "service", a->service_name);
	args_kvs(c, "--label", &a->labels, 0);
	opts_kvs(c, &a->options, 0);
	dcmd_add(c, a->image);
	if (a->cmd)
		dcmd_add(c, a->cmd);
}

void
dacc_start(struct dcmd *c, const struct config_accessory *a)
{
	dcmd_addv(c, "docker", "container", "start", a->service_name, NULL);
}

void
dacc_stop(struct dcmd *c, const struct config_accessory *a)
{
	dcmd_addv(c, "docker", "container", "stop", a->service_name, NULL);
}

static void
service_filter(struct dcmd *c, const struct config_accessory *a)
{
	dcmd_add(c, "--filter");
	dcmd_addf(c, "label=service=%s", a->service_name);
}

void
dacc_info(struct dcmd *c, const struct config_accessory *a, int all, int quiet)
{
	dcmd_addv(c, "docker", "ps", NULL);
	if (all)
		dcmd_add(c, "-a");
	if (quiet)
		dcmd_add(c, "-q");
	service_filter(c, a);
}

void
dacc_logs(struct dcmd *c, const struct config_accessory *a, int timestamps, const char *since,
    const char *lines, const char *grep, const char *grep_options)
{
	dcmd_addv(c, "docker", "logs", a->service_name, NULL);
	/* these two carry a leading space in Kamal, hence the double spaces */
	if (since)
		dcmd_addf(c, " --since %s", since);
	if (lines)
		dcmd_addf(c, " --tail %s", lines);
	if (timestamps)
		dcmd_add(c, "--timestamps");
	dcmd_add(c, "2>&1");
	if (grep) {
		dcmd_add(c, "|");
		if (grep_options)
			dcmd_addf(c, "grep '%s' %s", grep, grep_options);
		else
			dcmd_addf(c, "grep '%s'", grep);
	}
}

void
dacc_follow_logs(const struct dk *k, const struct config_accessory *a, int timestamps,
    const char *grep, const char *grep_options, struct str *out)
{
	struct dcmd c = DCMD_INIT;

	dcmd_addv(&c, "docker", "logs", a->service_name, NULL);
	if (timestamps)
		dcmd_add(&c, "--timestamps");
	dcmd_addv(&c, "--tail", "10", "--follow", "2>&1", NULL);
	if (grep) {
		dcmd_add(&c, "|");
		if (grep_options)
			dcmd_addf(&c, "grep \"%s\" %s", grep, grep_options);
		else
			dcmd_addf(&c, "grep \"%s\"", grep);
	}
	dk_run_over_ssh(k, &c, a->hosts.n ? a->hosts.v[0] : "", out);
	dcmd_release(&c);
}

void
dacc_exec_existing(struct dcmd *c, const struct config_accessory *a, const char *cmd,
    const char *interactive)
{
	dcmd_addv(c, "docker", "exec", NULL);
	if (interactive)
		dcmd_add(c, interactive);
	dcmd_addv(c, a->service_name, cmd, NULL);
}

void
dacc_exec_new(struct dcmd *c, const struct dk *k, const struct config_accessory *a,
    const char *cmd, const char *interactive)
{
	dcmd_addv(c, "docker", "run", NULL);
	if (interactive)
		dcmd_add(c, interactive);
	dcmd_add(c, "--rm");
	args_item(c, "--network", a->network);
	env_args(c, a);
	volume_args(c, a);
	opts_kvs(c, &a->options, 0);
	dcmd_addv(c, a->image, cmd, NULL);
}

void
dacc_pull_image(struct dcmd *c, const struct config_accessory *a)
{
	dcmd_addv(c, "docker", "image", "pull", a->image, NULL);
}

void
dacc_remove_service_directory(struct dcmd *c, const struct config_accessory *a)
{
	dcmd_addv(c, "rm", "-rf", a->service_name, NULL);
}

void
dacc_remove_container(struct dcmd *c, const struct config_accessory *a)
{
	dcmd_addv(c, "docker", "container", "prune", "--force", NULL);
	service_filter(c, a);
}

void
dacc_remove_image(struct dcmd *c, const struct config_accessory *a)
{
	dcmd_addv(c, "docker", "image", "rm", "--force", a->image, NULL);
}

void
dacc_ensure_env_directory(struct dcmd *c, const struct dk *k)
{
	struct str d = STR_INIT;

	str_addf(&d, "%s/accessories", k->cfg->env_directory);
	dk_mkdir_p(c, d.s);
	str_release(&d);
}

void
dacc_proxy_deploy(struct dcmd *c, const struct dk *k, const struct config_accessory *a,
    const char *target)
{
	dcmd_addv(c, "docker", "exec", PROXY_CONTAINER, "kamal-proxy", "deploy", a->service_name, NULL);
	dproxy_deploy_args(c, k, a->proxy, target);
}

void
dacc_proxy_remove(struct dcmd *c, const struct config_accessory *a)
{
	dcmd_addv(c, "docker", "exec", PROXY_CONTAINER, "kamal-proxy", "remove", a->service_name, NULL);
}
