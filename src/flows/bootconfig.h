/*
 * bootconfig — `proxy boot_config set|get|reset` (deprecated in Kamal 2 in
 * favour of proxy.run, still there: lib/kamal/cli/proxy.rb#boot_config): the
 * files under .kamal/proxy that the legacy `proxy boot` reads with
 * `$(cat .kamal/proxy/options 2> /dev/null || echo "<default>")`.
 */
#ifndef SEXTANT_FLOWS_BOOTCONFIG_H
#define SEXTANT_FLOWS_BOOTCONFIG_H

#include "flows/flow.h"

struct strvec;

/* `set`'s options (Thor's defaults: publish true, ports 80/443, log size "10m"). */
struct bootconfig_opts {
	int			 publish;
	const struct strvec	*publish_host_ips;	/* may be NULL */
	long long		 http_port;
	long long		 https_port;
	const char		*log_max_size;
	const char		*registry;
	const char		*repository;
	const char		*image_version;
	long long		 metrics_port;		/* 0 = not given */
	int			 debug;
	const struct strvec	*docker_options;	/* may be NULL */
};

/* subcommand: "set", "get" or "reset" (else ArgumentError, as Kamal). */
int	flows_proxy_boot_config(struct flow *f, const char *subcommand,
	    const struct bootconfig_opts *o, struct errinfo *e);

#endif
