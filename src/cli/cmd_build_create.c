/*
 * `build create` (spec §6.3).
 */
#include "cli/cli.h"
#include "cli/flowrun.h"

int	cmd_build_create(struct cli *c);

int
cmd_build_create(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	rc = flows_build_create(&r.f, &r.e);
	return flowrun_end(&r, rc);
}
