/*
 * `prune images` (spec §6.7).
 */
#include "cli/cli.h"
#include "cli/flowrun.h"

int	cmd_prune_images(struct cli *c);

int
cmd_prune_images(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	rc = flows_prune_images(&r.f, &r.e);
	return flowrun_end(&r, rc);
}
