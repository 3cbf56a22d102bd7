/*
 * `app stale_containers [--stop]` (spec §6.5).
 */
#include "cli/cli.h"
#include "cli/flowrun.h"

int	cmd_app_stale_containers(struct cli *c);

int
cmd_app_stale_containers(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	rc = flows_app_stale_containers(&r.f, cli_bool(c, "stop"), &r.e);
	return flowrun_end(&r, rc);
}
