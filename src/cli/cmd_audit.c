/*
 * `audit`: the last 50 audit log lines of every host (spec §6.17).
 */
#include "cli/cli.h"
#include "cli/inspectrun.h"

int	cmd_audit(struct cli *c);

int
cmd_audit(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	rc = flows_audit(&r.f, &r.e);
	return flowrun_end(&r, rc);
}
