/*
 * `app logs` (-s, -n, -g, --grep-options, -f, -T, --container-id; spec §6.11). -f execs the system ssh.
 */
#include "cli/cli.h"
#include "cli/inspectrun.h"
#include "core/str.h"

int	cmd_app_logs(struct cli *c);

int
cmd_app_logs(struct cli *c)
{
	struct flowrun r;
	struct str ex = STR_INIT;
	struct logs_opts lo;
	char lines[32];
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	inspectrun_logs_opts(c, &lo, lines, sizeof(lines));
	rc = flows_app_logs(&r.f, &lo, &ex, &r.e);
	return inspectrun_end(&r, rc, &ex);
}
