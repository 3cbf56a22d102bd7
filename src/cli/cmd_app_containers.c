/*
 * `app containers` (spec §6.12).
 */
#include "cli/cli.h"
#include "cli/inspectrun.h"

int	cmd_app_containers(struct cli *c);

int
cmd_app_containers(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	rc = flows_app_containers(&r.f, &r.e);
	return flowrun_end(&r, rc);
}
