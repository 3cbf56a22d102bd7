/*
 * `proxy boot_config set|get|reset` (deprecated; see flows/bootconfig.h).
 */
#include "cli/cli.h"
#include "cli/flowrun.h"
#include "flows/bootconfig.h"

int	cmd_proxy_boot_config(struct cli *c);

int
cmd_proxy_boot_config(struct cli *c)
{
	struct bootconfig_opts o;
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	o.publish = cli_bool(c, "publish");
	o.publish_host_ips = cli_given(c, "publish_host_ip") ? cli_list(c, "publish_host_ip") : NULL;
	o.http_port = (long long)cli_num(c, "http_port");
	o.https_port = (long long)cli_num(c, "https_port");
	o.log_max_size = cli_str(c, "log_max_size");
	o.registry = cli_str(c, "registry");
	o.repository = cli_str(c, "repository");
	o.image_version = cli_str(c, "image_version");
	o.metrics_port = cli_given(c, "metrics_port") ? (long long)cli_num(c, "metrics_port") : 0;
	o.debug = cli_bool(c, "debug");
	o.docker_options = cli_given(c, "docker_options") ? cli_list(c, "docker_options") : NULL;
	rc = flows_proxy_boot_config(&r.f, c->args.v[0], &o, &r.e);
	return flowrun_end(&r, rc);
}
