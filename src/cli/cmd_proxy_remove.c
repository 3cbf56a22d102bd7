/*
 * `proxy remove [--force]` (spec §6.14).
 */
#include "cli/cli.h"
#include "cli/flowrun.h"

int	cmd_proxy_remove(struct cli *c);

int
cmd_proxy_remove(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	rc = flows_proxy_remove(&r.f, cli_bool(c, "force"), &r.e);
	return flowrun_end(&r, rc);
}
