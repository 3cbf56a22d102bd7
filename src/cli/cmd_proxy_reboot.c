/*
 * `proxy reboot` (spec §6.14); the confirmation is not asked under --dry-run.
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
	rc = flows_proxy_reboot(&r.f, cli_bool(c, "rolling"), &r.e);
	return flowrun_end(&r, rc);
}
