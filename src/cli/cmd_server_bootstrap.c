/*
 * `server bootstrap` (spec §6.1 step 2, §6.18).
 */
#include "cli/cli.h"
#include "cli/flowrun.h"

int	cmd_server_bootstrap(struct cli *c);

int
cmd_server_bootstrap(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	rc = flows_server_bootstrap(&r.f, &r.e);
	return flowrun_end(&r, rc);
}
