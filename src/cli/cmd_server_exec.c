/*
 * `server exec CMD...` (-i, --raw; spec §6.18). -i execs the system ssh client.
 */
#include "cli/cli.h"
#include "cli/inspectrun.h"
#include "core/str.h"

int	cmd_server_exec(struct cli *c);

int
cmd_server_exec(struct cli *c)
{
	struct flowrun r;
	struct str ex = STR_INIT;
	struct exec_opts xo;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	inspectrun_exec_opts(c, &xo);
	rc = flows_server_exec(&r.f, &c->args, &xo, &ex, &r.e);
	return inspectrun_end(&r, rc, &ex);
}
