/*
 * `app exec CMD...` (-i, --reuse, -e K:V, --detach, --raw; spec §6.10). -i execs the system
 * ssh client with the command line of spec §2.5, as Kamal does (§8.1).
 */
#include "cli/cli.h"
#include "cli/inspectrun.h"
#include "core/str.h"

int	cmd_app_exec(struct cli *c);

int
cmd_app_exec(struct cli *c)
{
	struct flowrun r;
	struct str ex = STR_INIT;
	struct exec_opts xo;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	inspectrun_exec_opts(c, &xo);
	rc = flows_app_exec(&r.f, &c->args, &xo, &ex, &r.e);
	return inspectrun_end(&r, rc, &ex);
}
