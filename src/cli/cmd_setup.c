/*
 * `setup` (spec §6.1).
 */
#include "cli/cli.h"
#include "cli/flowrun.h"

int	cmd_setup(struct cli *c);

int
cmd_setup(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	rc = flows_setup(&r.f, cli_bool(c, "skip_push"), cli_bool(c, "no_cache"), &r.e);
	return flowrun_end(&r, rc);
}
