/*
 * `deploy` (spec §6.2).
 */
#include "cli/cli.h"
#include "cli/flowrun.h"

int	cmd_deploy(struct cli *c);

int
cmd_deploy(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	rc = flows_deploy(&r.f, cli_bool(c, "skip_push"), cli_bool(c, "no_cache"), 0, &r.e);
	return flowrun_end(&r, rc);
}
