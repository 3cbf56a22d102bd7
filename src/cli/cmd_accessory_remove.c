/*
 * `accessory remove NAME|all` (spec §6.13); the confirmation is not asked under --dry-run.
 */
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
	rc = flows_accessory_remove(&r.f, c->args.v[0], &r.e);
	return flowrun_end(&r, rc);
}
