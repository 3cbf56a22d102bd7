/*
 * `remove` (spec §6.16); asks for confirmation unless -y or --dry-run.
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
	if (flowrun_confirm(c, &r, "This will remove all containers and images. Are you sure?"))
		rc = flows_remove(&r.f, &r.e);
	return flowrun_end(&r, rc);
}
