/*
 * `proxy remove_image` (hidden; spec §6.14).
 */
#include "cli/cli.h"
#include "cli/inspectrun.h"

int	cmd_proxy_remove_image(struct cli *c);

int
cmd_proxy_remove_image(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	rc = flows_proxy_remove_image(&r.f, &r.e);
	return flowrun_end(&r, rc);
}
