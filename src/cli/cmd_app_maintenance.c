/*
 * `app maintenance` (spec §6.12).
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/flowrun.h"

int	cmd_app_maintenance(struct cli *c);

int
cmd_app_maintenance(struct cli *c)
{
	struct flowrun r;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	{
		char dt[32];
		const char *d = NULL;

		if (cli_given(c, "drain_timeout")) {
			double v = cli_num(c, "drain_timeout");

			/* Thor's numeric: an Integer when written as one, else a Float */
			if (v == (double)(long long)v)
				snprintf(dt, sizeof(dt), "%lld", (long long)v);
			else
				snprintf(dt, sizeof(dt), "%g", v);
			d = dt;
		}
		rc = flows_app_maintenance(&r.f, d, cli_str(c, "message"), &r.e);
	}
	return flowrun_end(&r, rc);
}
