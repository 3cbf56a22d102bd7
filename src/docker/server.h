/*
 * server — host-level commands: the run directory, the app directory, Docker
 * installation checks and the `kamal` network (lib/kamal/commands/server.rb,
 * docker.rb; spec/kamal.md §6.1, §6.18).
 */
#ifndef SEXTANT_DOCKER_SERVER_H
#define SEXTANT_DOCKER_SERVER_H

#include "docker/dk.h"

/* mkdir -p .kamal */
void	dsrv_ensure_run_directory(struct dcmd *c, const struct dk *k);
/* rm -r .kamal/apps/SD */
void	dsrv_remove_app_directory(struct dcmd *c, const struct dk *k);
/* ls .kamal/apps | wc -l */
void	dsrv_app_directory_count(struct dcmd *c, const struct dk *k);

/* docker -v */
void	ddocker_installed(struct dcmd *c);
/* docker version */
void	ddocker_running(struct dcmd *c);
/* sh -c 'curl -fsSL https://get.docker.com || wget -O - https://get.docker.com || echo "exit 1"' | sh */
void	ddocker_install(struct dcmd *c);
/* [ "${EUID:-$(id -u)}" -eq 0 ] || sudo -nl usermod >/dev/null */
void	ddocker_superuser(struct dcmd *c);
/* [ "${EUID:-$(id -u)}" -eq 0 ] */
void	ddocker_root(struct dcmd *c);
/* id -nG "${USER:-$(id -un)}" | grep -qw docker */
void	ddocker_in_docker_group(struct dcmd *c);
/* sudo -n usermod -aG docker "${USER:-$(id -un)}" */
void	ddocker_add_to_docker_group(struct dcmd *c);
/* kill -HUP $PPID */
void	ddocker_refresh_session(struct dcmd *c);
/* docker network create kamal */
void	ddocker_create_network(struct dcmd *c);

#endif
