/*
 * `prune containers [--retain N]` (spec §6.7).
 */
#include "cli/cli.h"
#include "cli/flowrun.h"

int	cmd_prune_containers(struct cli *c);

int
cmd_prune_containers(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	rc = flows_prune_containers(&r.f, cli_given(c, "retain") ? (long long)cli_num(c, "retain") : -1, &r.e);
	return flowrun_end(&r, rc);
}
