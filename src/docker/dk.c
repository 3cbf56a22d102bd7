/*
 * dk — the small shared builders of lib/kamal/commands/base.rb.
 */
#include "docker/dk.h"

#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "docker/shellquote.h"

void
dk_mkdir_p(struct dcmd *c, const char *path)
{
	dcmd_addv(c, "mkdir", "-p", path, NULL);
}

void
dk_rm_r(struct dcmd *c, const char *path)
{
	dcmd_addv(c, "rm", "-r", path, NULL);
}

void
dk_rm(struct dcmd *c, const char *path)
{
	dcmd_addv(c, "rm", path, NULL);
}

void
dk_dirname(const char *path, char *out, size_t n)
{
	size_t len = strlen(path);

	/* trailing slashes do not count (Pathname#dirname) */
	while (len > 1 && path[len - 1] == '/')
		len--;
	while (len > 0 && path[len - 1] != '/')
		len--;
	if (len == 0) {
		snprintf(out, n, ".");
		return;
	}
	while (len > 1 && path[len - 1] == '/')
		len--;
	snprintf(out, n, "%.*s", (int)len, path);
}

void
dk_mkdir_for(struct dcmd *c, const char *file)
{
	char dir[4096];

	dk_dirname(file, dir, sizeof(dir));
	dk_mkdir_p(c, dir);
}

void
dk_container_id_for(struct dcmd *c, const char *name, int only_running)
{
	dcmd_addv(c, "docker", "container", "ls", NULL);
	if (!only_running)
		dcmd_add(c, "--all");
	dcmd_addv(c, "--filter", NULL);
	dcmd_addf(c, "'name=^%s$'", name);
	dcmd_add(c, "--quiet");
}

void
dk_run_over_ssh(const struct dk *k, const struct dcmd *cmd, const char *host, struct str *out)
{
	const struct config_ssh *ssh = &k->cfg->ssh;
	struct str j = STR_INIT;
	size_t i;

	str_adds(out, "ssh");
	if (ssh->config == 0)
		str_adds(out, " -F /dev/null");
	else if (ssh->config == 2)
		for (i = 0; i < ssh->config_files.n; i++)
			str_addf(out, " -F %s", ssh->config_files.v[i]);
	if (ssh->proxy)
		str_addf(out, " -J %s", ssh->proxy);
	else if (ssh->proxy_command)
		str_addf(out, " -o ProxyCommand='%s'", ssh->proxy_command);
	for (i = 0; ssh->has_keys && i < ssh->keys.n; i++)
		str_addf(out, " -i %s", ssh->keys.v[i]);
	if (ssh->keys_only == 1)
		str_adds(out, " -o IdentitiesOnly=yes");
	str_addf(out, " -t %s@%s -p %s ", ssh->user, host, ssh->port);
	dcmd_join(cmd, &j);
	shq_single(out, j.s ? j.s : "");
	str_release(&j);
}
