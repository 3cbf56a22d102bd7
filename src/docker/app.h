/*
 * app — the app container commands (lib/kamal/commands/app.rb and the app/ modules):
 * run, start, stop, status, the version/container-id probes, containers, images,
 * exec, logs, kamal-proxy deploy/remove/live/maintenance, assets and error pages.
 *
 * `role` is a configuration role; `host` the host string as written in the
 * configuration. Every function appends to c (callers pass an empty dcmd for a
 * standalone command). Strings in comments are Kamal 2.12's exact output.
 */
#ifndef SEXTANT_DOCKER_APP_H
#define SEXTANT_DOCKER_APP_H

#include <stddef.h>

#include "docker/dk.h"

struct str;
struct errinfo;

/* "PREFIX-VER" (version NULL: k->version). */
void	dapp_container_name(const struct dk *k, const struct config_role *r, const char *version,
	    struct str *out);

/* docker run --detach --restart P --name NAME --network kamal [--hostname H] --env KAMAL_* ... IMAGE [cmd] */
void	dapp_run(struct dcmd *c, const struct dk *k, const struct config_role *r, const char *host,
	    const char *hostname);
/* env_args(host): --env K="v" (clear, merged root/role/tags) then --env-file <secrets_path>. */
void	dapp_env_args(struct dcmd *c, const struct dk *k, const struct config_role *r, const char *host);
/* Logging#args: --log-driver "d" --log-opt k="v" ..., or --log-opt max-size="10m". */
void	dk_logging_args(struct dcmd *c, const struct config_logging *l);
/* --label service="SVC" --label role="ROLE" --label destination[="DEST"] then custom labels. */
void	dapp_label_args(struct dcmd *c, const struct dk *k, const struct config_role *r);
/* Role#stop_args: -t N (stop_timeout; else drain_timeout for roles without proxy). */
void	dapp_stop_args(struct dcmd *c, const struct dk *k, const struct config_role *r);

void	dapp_start(struct dcmd *c, const struct dk *k, const struct config_role *r);
/* <container id of version> | xargs docker inspect --format '<health or state>' */
void	dapp_status(struct dcmd *c, const struct dk *k, const struct config_role *r, const char *version);
/* <version ? id of version : current running id> | xargs docker stop [-t N] */
void	dapp_stop(struct dcmd *c, const struct dk *k, const struct config_role *r, const char *version);
void	dapp_info(struct dcmd *c, const struct dk *k, const struct config_role *r);
void	dapp_current_running_container_id(struct dcmd *c, const struct dk *k, const struct config_role *r);
void	dapp_current_running_version(struct dcmd *c, const struct dk *k, const struct config_role *r);
void	dapp_container_id_for_version(struct dcmd *c, const struct dk *k, const struct config_role *r,
	    const char *version, int only_running);
/* docker ps <filters> --format "{{.Names}}" | while read line; do echo ${line#PREFIX-}; done */
void	dapp_list_versions(struct dcmd *c, const struct dk *k, const struct config_role *r);
void	dapp_ensure_env_directory(struct dcmd *c, const struct dk *k, const struct config_role *r);

/* containers */
void	dapp_list_containers(struct dcmd *c, const struct dk *k, const struct config_role *r);
void	dapp_list_container_names(struct dcmd *c, const struct dk *k, const struct config_role *r);
void	dapp_remove_container(struct dcmd *c, const struct dk *k, const struct config_role *r,
	    const char *version);
void	dapp_rename_container(struct dcmd *c, const struct dk *k, const struct config_role *r,
	    const char *version, const char *new_version);
void	dapp_remove_containers(struct dcmd *c, const struct dk *k, const struct config_role *r);
void	dapp_container_health_log(struct dcmd *c, const struct dk *k, const struct config_role *r,
	    const char *version);

/* images */
void	dapp_list_images(struct dcmd *c, const struct dk *k);
void	dapp_remove_images(struct dcmd *c, const struct dk *k);
void	dapp_tag_latest_image(struct dcmd *c, const struct dk *k);

/* kamal-proxy (role must run the proxy) */
void	dapp_proxy_deploy(struct dcmd *c, const struct dk *k, const struct config_role *r,
	    const char *target);
void	dapp_proxy_remove(struct dcmd *c, const struct dk *k, const struct config_role *r);
void	dapp_proxy_live(struct dcmd *c, const struct dk *k, const struct config_role *r);
/* drain_timeout: seconds; message NULL for none. */
void	dapp_proxy_maintenance(struct dcmd *c, const struct dk *k, const struct config_role *r,
	    const char *drain_timeout, const char *message);
void	dapp_remove_proxy_app_directory(struct dcmd *c, const struct dk *k);
void	dapp_create_ssl_directory(struct dcmd *c, const struct dk *k, const struct config_role *r);

/* exec; env: the -e pairs (key, value, key, value...) or NULL; hex6: the random
 * suffix of the exec container name (6 hex digits). interactive: "-it"/"-i" or NULL. */
void	dapp_exec_existing(struct dcmd *c, const struct dk *k, const struct config_role *r,
	    const char *cmd, const char *interactive, const struct strvec *env);
void	dapp_exec_new(struct dcmd *c, const struct dk *k, const struct config_role *r, const char *host,
	    const char *cmd, const char *interactive, int detach, const struct strvec *env,
	    const char *hex6);

/* logs: container_id NULL = current running container; lines/since/grep/grep_options may be NULL. */
void	dapp_logs(struct dcmd *c, const struct dk *k, const struct config_role *r,
	    const char *container_id, int timestamps, const char *since, const char *lines,
	    const char *grep, const char *grep_options);
void	dapp_follow_logs(const struct dk *k, const struct config_role *r, const char *host,
	    const char *container_id, int timestamps, const char *lines, const char *grep,
	    const char *grep_options, struct str *out);

/* assets (role with asset_path running the proxy) */
void	dapp_asset_extracted_directory(const struct dk *k, const struct config_role *r,
	    const char *version, struct str *out);
void	dapp_asset_volume_directory(const struct dk *k, const struct config_role *r,
	    const char *version, struct str *out);
void	dapp_extract_assets(struct dcmd *c, const struct dk *k, const struct config_role *r);
void	dapp_sync_asset_volumes(struct dcmd *c, const struct dk *k, const struct config_role *r,
	    const char *old_version);
void	dapp_clean_up_assets(struct dcmd *c, const struct dk *k, const struct config_role *r);
int	dapp_assets(const struct config_role *r);

/* error pages */
void	dapp_create_error_pages_directory(struct dcmd *c, const struct dk *k);
void	dapp_clean_up_error_pages(struct dcmd *c, const struct dk *k);

#endif
