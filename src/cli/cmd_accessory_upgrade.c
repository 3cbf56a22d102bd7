/*
 * `accessory upgrade` (Kamal 1 -> 2 migration; spec §6.19): asks "This will restart all accessories" unless -y.
 */
#include "cli/cli.h"
#include "cli/flowrun.h"
#include "flows/upgrade.h"

int	cmd_accessory_upgrade(struct cli *c);

int
cmd_accessory_upgrade(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	if (flowrun_confirm(c, &r, "This will restart all accessories"))
		rc = flows_accessory_upgrade(&r.f, c->args.v[0], cli_bool(c, "rolling"), &r.e);
	return flowrun_end(&r, rc);
}
