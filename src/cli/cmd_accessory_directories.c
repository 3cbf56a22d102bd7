/*
 * `accessory directories NAME` (hidden; spec §6.13).
 */
#include "cli/cli.h"
#include "cli/inspectrun.h"

int	cmd_accessory_directories(struct cli *c);

int
cmd_accessory_directories(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	rc = flows_accessory_directories(&r.f, c->args.v[0], &r.e);
	return flowrun_end(&r, rc);
}
