/*
 * `app boot` (spec §6.6).
 */
#include "cli/cli.h"
#include "cli/flowrun.h"

int	cmd_app_boot(struct cli *c);

int
cmd_app_boot(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	rc = flows_app_boot(&r.f, cli_str(c, "version"), &r.e);
	return flowrun_end(&r, rc);
}
