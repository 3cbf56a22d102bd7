/*
 * proxy — the kamal-proxy container commands (lib/kamal/commands/proxy.rb,
 * lib/kamal/configuration/proxy{,/boot,/run}.rb; spec/kamal.md §5.6, §6.4, §6.14)
 * and the `kamal-proxy deploy` flags shared by apps and accessories (§4.3 table).
 */
#ifndef SEXTANT_DOCKER_PROXY_H
#define SEXTANT_DOCKER_PROXY_H

#include "docker/dk.h"

struct str;

#define PROXY_CONTAINER		"kamal-proxy"
#define PROXY_IMAGE_DEFAULT	"basecamp/kamal-proxy"
#define PROXY_MINIMUM_VERSION	"v0.9.2"
#define PROXY_APPS_CONTAINER_DIR "/home/kamal-proxy/.apps-config"

/* --target="T:PORT" --host="h"... --tls ... --log-request-header=... [--error-pages=...] */
void	dproxy_deploy_args(struct dcmd *c, const struct dk *k, const struct config_proxy *p,
	    const char *target);

/* Configuration#proxy_run(host): the first run config of the host's proxy roles, then
 * of its proxy accessories; NULL when none (the legacy boot_config path). */
const struct config_proxy_run *dproxy_run_config(const struct config *cfg, const char *host);

/* The `docker run` of the proxy container (with a run config), or the legacy
 * `echo $(cat .kamal/proxy/options ...) ... | xargs docker run ...`. */
void	dproxy_run(struct dcmd *c, const struct dk *k, const char *host);
void	dproxy_start(struct dcmd *c);
void	dproxy_stop(struct dcmd *c);
/* docker container start kamal-proxy || <run> */
void	dproxy_start_or_run(struct dcmd *c, const struct dk *k, const char *host);
void	dproxy_info(struct dcmd *c);
/* docker inspect kamal-proxy --format '{{.Config.Image}}' | awk -F: '{print $NF}' */
void	dproxy_version(struct dcmd *c);
void	dproxy_logs(struct dcmd *c, int timestamps, const char *since, const char *lines,
	    const char *grep, const char *grep_options);
void	dproxy_follow_logs(const struct dk *k, const char *host, int timestamps, const char *grep,
	    const char *grep_options, struct str *out);
void	dproxy_remove_container(struct dcmd *c);
void	dproxy_remove_image(struct dcmd *c);
void	dproxy_cleanup_traefik(struct dcmd *c);
void	dproxy_ensure_proxy_directory(struct dcmd *c, const struct dk *k);
void	dproxy_remove_proxy_directory(struct dcmd *c, const struct dk *k);
void	dproxy_ensure_apps_config_directory(struct dcmd *c, const struct dk *k);
/* echo $(...) $(...):$(...) $(...) — what `boot_config get` prints. */
void	dproxy_boot_config(struct dcmd *c, const struct dk *k);
/* rm .kamal/proxy/<file> for file in options, image, image_version, run_command. */
void	dproxy_reset_file(struct dcmd *c, const struct dk *k, const char *file);

/* Proxy::Boot#publish_args(http, https, bind_ips) as one string ("--publish 80:80 --publish 443:443"). */
void	dproxy_publish_args(long long http_port, long long https_port, const struct strvec *bind_ips,
	    struct str *out);
/* "--publish 80:80 --publish 443:443 --log-opt max-size=10m" */
void	dproxy_default_boot_options(struct str *out);

#endif
