/*
 * accessory — accessory container commands (lib/kamal/commands/accessory.rb,
 * accessory/proxy.rb, lib/kamal/configuration/accessory.rb; spec/kamal.md §6.13).
 */
#ifndef SEXTANT_DOCKER_ACCESSORY_H
#define SEXTANT_DOCKER_ACCESSORY_H

#include "docker/dk.h"

struct str;

/* docker run --name A --detach --restart P --network N <logging> [--publish p]
 * --env KAMAL_HOST="H" <env> <volumes> <labels> <options> IMAGE [cmd] */
void	dacc_run(struct dcmd *c, const struct dk *k, const struct config_accessory *a, const char *host);
void	dacc_start(struct dcmd *c, const struct config_accessory *a);
void	dacc_stop(struct dcmd *c, const struct config_accessory *a);
/* docker ps [-a] [-q] --filter label=service=A */
void	dacc_info(struct dcmd *c, const struct config_accessory *a, int all, int quiet);
void	dacc_logs(struct dcmd *c, const struct config_accessory *a, int timestamps, const char *since,
	    const char *lines, const char *grep, const char *grep_options);
void	dacc_follow_logs(const struct dk *k, const struct config_accessory *a, int timestamps,
	    const char *grep, const char *grep_options, struct str *out);
void	dacc_exec_existing(struct dcmd *c, const struct config_accessory *a, const char *cmd,
	    const char *interactive);
void	dacc_exec_new(struct dcmd *c, const struct dk *k, const struct config_accessory *a,
	    const char *cmd, const char *interactive);
void	dacc_pull_image(struct dcmd *c, const struct config_accessory *a);
void	dacc_remove_service_directory(struct dcmd *c, const struct config_accessory *a);
void	dacc_remove_container(struct dcmd *c, const struct config_accessory *a);
void	dacc_remove_image(struct dcmd *c, const struct config_accessory *a);
void	dacc_ensure_env_directory(struct dcmd *c, const struct dk *k);
/* The argument of the volume of a file or directory entry: [$PWD/]host:container[:opts]. */
void	dacc_path_volume(const struct config_acc_path *p, struct str *out);

/* kamal-proxy (accessory with proxy:) */
void	dacc_proxy_deploy(struct dcmd *c, const struct dk *k, const struct config_accessory *a,
	    const char *target);
void	dacc_proxy_remove(struct dcmd *c, const struct config_accessory *a);

#endif
