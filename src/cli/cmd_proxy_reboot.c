/*
 * `proxy reboot` (spec §6.14); asks for confirmation unless -y or --dry-run.
 */
#include "cli/cli.h"
#include "cli/flowrun.h"

int	cmd_proxy_reboot(struct cli *c);

int
cmd_proxy_reboot(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	if (flowrun_confirm(c, &r, "This will cause a brief outage on each host. Are you sure?"))
		rc = flows_proxy_reboot(&r.f, cli_bool(c, "rolling"), &r.e);
	return flowrun_end(&r, rc);
}
