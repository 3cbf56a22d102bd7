/*
 * `proxy upgrade` (hidden) (Kamal 1 -> 2 migration; spec §6.19): asks "This will cause a brief outage on each host. Are you sure?" unless -y.
 */
#include "cli/cli.h"
#include "cli/flowrun.h"
#include "flows/upgrade.h"

int	cmd_proxy_upgrade(struct cli *c);

int
cmd_proxy_upgrade(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	if (flowrun_confirm(c, &r, "This will cause a brief outage on each host. Are you sure?"))
		rc = flows_proxy_upgrade(&r.f, cli_bool(c, "rolling"), &r.e);
	return flowrun_end(&r, rc);
}
