/*
 * inspectrun — see inspectrun.h.
 */
#include "cli/inspectrun.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "core/str.h"

/* Does the command have this option? (cli_* abort on an unknown name) */
static int
has_opt(const struct cli *c, const char *name)
{
	const struct opt_spec *o;

	for (o = c->cmd->opts; o && o->name; o++)
		if (strcmp(o->name, name) == 0)
			return 1;
	return 0;
}

void
inspectrun_logs_opts(const struct cli *c, struct logs_opts *lo, char *buf, size_t n)
{
	memset(lo, 0, sizeof(*lo));
	lo->since = cli_str(c, "since");
	lo->grep = cli_str(c, "grep");
	if (has_opt(c, "grep_options"))
		lo->grep_options = cli_str(c, "grep_options");
	if (has_opt(c, "container_id"))
		lo->container_id = cli_str(c, "container_id");
	lo->follow = cli_bool(c, "follow");
	lo->timestamps = !cli_bool(c, "skip_timestamps");
	if (cli_given(c, "lines")) {
		double v = cli_num(c, "lines");

		/* Thor's numeric: an Integer when integral, else a Float */
		if (v == floor(v) && fabs(v) < 1e15)
			snprintf(buf, n, "%lld", (long long)v);
		else
			snprintf(buf, n, "%g", v);
		lo->lines = buf;
	}
}

void
inspectrun_exec_opts(const struct cli *c, struct exec_opts *xo)
{
	memset(xo, 0, sizeof(*xo));
	if (has_opt(c, "interactive"))
		xo->interactive = cli_bool(c, "interactive");
	if (has_opt(c, "reuse"))
		xo->reuse = cli_bool(c, "reuse");
	if (has_opt(c, "detach"))
		xo->detach = cli_bool(c, "detach");
	if (has_opt(c, "raw"))
		xo->raw = cli_bool(c, "raw");
	if (has_opt(c, "env") && cli_given(c, "env"))
		xo->env = cli_list(c, "env");
	xo->version = cli_str(c, "version");
}

int
inspectrun_end(struct flowrun *r, int rc, struct str *local_exec)
{
	int status = flowrun_end(r, rc);

	if (status == 0 && local_exec->len > 0) {
		fflush(stdout);
		fflush(stderr);
		/* Kernel#exec of a string: through /bin/sh, which finds `ssh` on PATH */
		execl("/bin/sh", "sh", "-c", local_exec->s, (char *)NULL);
		out_error("Errno::ENOENT", "cannot run /bin/sh: %s", strerror(errno));
		status = 1;
	}
	str_release(local_exec);
	return status;
}
