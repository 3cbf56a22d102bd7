/*
 * `lock status` (spec §6.15).
 */
#include "cli/cli.h"
#include "cli/inspectrun.h"

int	cmd_lock_status(struct cli *c);

int
cmd_lock_status(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	rc = flows_lock_status(&r.f, &r.e);
	return flowrun_end(&r, rc);
}
