/*
 * `upgrade` (Kamal 1 -> 2 migration; spec §6.19): asks "This will replace Traefik with kamal-proxy and restart all accessories" unless -y.
 */
#include "cli/cli.h"
#include "cli/flowrun.h"
#include "flows/upgrade.h"

int	cmd_upgrade(struct cli *c);

int
cmd_upgrade(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	if (flowrun_confirm(c, &r, "This will replace Traefik with kamal-proxy and restart all accessories"))
		rc = flows_upgrade(&r.f, cli_bool(c, "rolling"), &r.e);
	return flowrun_end(&r, rc);
}
