/*
 * `registry setup` (spec §6.18).
 */
#include "cli/cli.h"
#include "cli/flowrun.h"

int	cmd_registry_setup(struct cli *c);

int
cmd_registry_setup(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	rc = flows_registry_setup(&r.f, cli_bool(c, "skip_local"), cli_bool(c, "skip_remote"), &r.e);
	return flowrun_end(&r, rc);
}
