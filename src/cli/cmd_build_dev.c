/*
 * `build dev` (--output, default docker; --no-cache): see flows/builddev.h.
 */
#include "cli/cli.h"
#include "cli/flowrun.h"
#include "flows/builddev.h"

int	cmd_build_dev(struct cli *c);

int
cmd_build_dev(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	rc = flows_build_dev(&r.f, cli_str(c, "output"), cli_bool(c, "no_cache"), &r.e);
	return flowrun_end(&r, rc);
}
