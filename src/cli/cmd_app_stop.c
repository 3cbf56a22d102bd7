/*
 * `app stop` (spec §6.12).
 */
#include "cli/cli.h"
#include "cli/flowrun.h"

int	cmd_app_stop(struct cli *c);

int
cmd_app_stop(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	rc = flows_app_stop(&r.f, &r.e);
	return flowrun_end(&r, rc);
}
