/*
 * `details`: proxy, app and accessory details (spec §6.17).
 */
#include "cli/cli.h"
#include "cli/inspectrun.h"

int	cmd_details(struct cli *c);

int
cmd_details(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	rc = flows_details(&r.f, &r.e);
	return flowrun_end(&r, rc);
}
