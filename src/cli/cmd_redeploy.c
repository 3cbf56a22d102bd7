/*
 * `redeploy` (spec §6.8).
 */
#include "cli/cli.h"
#include "cli/flowrun.h"

int	cmd_redeploy(struct cli *c);

int
cmd_redeploy(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	rc = flows_redeploy(&r.f, cli_bool(c, "skip_push"), cli_bool(c, "no_cache"), &r.e);
	return flowrun_end(&r, rc);
}
