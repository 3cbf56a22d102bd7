/*
 * `build details`: the builder name and `docker context ls && docker buildx ls` (spec §6.3).
 */
#include "cli/cli.h"
#include "cli/inspectrun.h"

int	cmd_build_details(struct cli *c);

int
cmd_build_details(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	rc = flows_build_details(&r.f, &r.e);
	return flowrun_end(&r, rc);
}
