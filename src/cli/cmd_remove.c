/*
 * `remove` (spec §6.16); the confirmation is not asked under --dry-run.
 */
#include "cli/cli.h"
#include "cli/flowrun.h"

int	cmd_remove(struct cli *c);

int
cmd_remove(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	rc = flows_remove(&r.f, &r.e);
	return flowrun_end(&r, rc);
}
