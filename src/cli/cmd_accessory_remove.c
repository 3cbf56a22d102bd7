/*
 * `accessory remove NAME|all` (spec §6.13); asks for confirmation unless -y or --dry-run.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/flowrun.h"

int	cmd_accessory_remove(struct cli *c);

int
cmd_accessory_remove(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	{
		char q[512];

		snprintf(q, sizeof(q), "This will remove all containers, images and data directories for %s. "
		    "Are you sure?", c->args.v[0]);
		if (flowrun_confirm(c, &r, q))
			rc = flows_accessory_remove(&r.f, c->args.v[0], &r.e);
	}
	return flowrun_end(&r, rc);
}
