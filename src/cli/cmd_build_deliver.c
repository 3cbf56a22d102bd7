/*
 * `build deliver` (spec §6.3).
 */
#include "cli/cli.h"
#include "cli/flowrun.h"

int	cmd_build_deliver(struct cli *c);

int
cmd_build_deliver(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	rc = flows_build_deliver(&r.f, cli_str(c, "output"), cli_bool(c, "no_cache"), &r.e);
	return flowrun_end(&r, rc);
}
