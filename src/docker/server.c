/*
 * server — see server.h. The raw strings with spaces are sent verbatim (SSHKit
 * does not map a command containing white space).
 */
#include "docker/server.h"

void
dsrv_ensure_run_directory(struct dcmd *c, const struct dk *k)
{
	dk_mkdir_p(c, k->cfg->run_directory);
}

void
dsrv_remove_app_directory(struct dcmd *c, const struct dk *k)
{
	dk_rm_r(c, k->cfg->app_directory);
}

void
dsrv_app_directory_count(struct dcmd *c, const struct dk *k)
{
	dcmd_addv(c, "ls", k->cfg->apps_directory, "|", "wc", "-l", NULL);
}

void
ddocker_installed(struct dcmd *c)
{
	dcmd_addv(c, "docker", "-v", NULL);
}

void
ddocker_running(struct dcmd *c)
{
	dcmd_addv(c, "docker", "version", NULL);
}

void
ddocker_install(struct dcmd *c)
{
	struct dcmd any = DCMD_INIT;

	dcmd_addv(&any, "curl", "-fsSL", "https://get.docker.com", "||", "wget", "-O -",
	    "https://get.docker.com", "||", "echo", "\"exit 1\"", NULL);
	dcmd_shell(c, &any);
	dcmd_addv(c, "|", "sh", NULL);
	dcmd_release(&any);
}

void
ddocker_superuser(struct dcmd *c)
{
	dcmd_add(c, "[ \"${EUID:-$(id -u)}\" -eq 0 ] || sudo -nl usermod >/dev/null");
}

void
ddocker_root(struct dcmd *c)
{
	dcmd_add(c, "[ \"${EUID:-$(id -u)}\" -eq 0 ]");
}

void
ddocker_in_docker_group(struct dcmd *c)
{
	dcmd_add(c, "id -nG \"${USER:-$(id -un)}\" | grep -qw docker");
}

void
ddocker_add_to_docker_group(struct dcmd *c)
{
	dcmd_add(c, "sudo -n usermod -aG docker \"${USER:-$(id -un)}\"");
}

void
ddocker_refresh_session(struct dcmd *c)
{
	dcmd_add(c, "kill -HUP $PPID");
}

void
ddocker_create_network(struct dcmd *c)
{
	dcmd_addv(c, "docker", "network", "create", "kamal", NULL);
}
