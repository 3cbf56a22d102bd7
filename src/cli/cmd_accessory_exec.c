/*
 * `accessory exec NAME CMD...` (-i, --reuse, --raw; spec §6.13). -i execs the
 * system ssh client on the accessory's first host, as Kamal does (§8.1).
 */
#include "cli/cli.h"
#include "cli/inspectrun.h"
#include "core/str.h"
#include "core/strvec.h"

int	cmd_accessory_exec(struct cli *c);

int
cmd_accessory_exec(struct cli *c)
{
	struct flowrun r;
	struct str ex = STR_INIT;
	struct strvec words = STRVEC_INIT;
	struct exec_opts xo;
	size_t i;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	inspectrun_exec_opts(c, &xo);
	for (i = 1; i < c->args.n; i++)
		strvec_push(&words, c->args.v[i]);
	rc = flows_accessory_exec(&r.f, c->args.v[0], &words, &xo, &ex, &r.e);
	strvec_clear(&words);
	return inspectrun_end(&r, rc, &ex);
}
