/*
 * `proxy restart` (spec §6.14).
 */
#include "cli/cli.h"
#include "cli/flowrun.h"

int	cmd_proxy_restart(struct cli *c);

int
cmd_proxy_restart(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	rc = flows_proxy_restart(&r.f, &r.e);
	return flowrun_end(&r, rc);
}
