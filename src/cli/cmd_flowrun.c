/*
 * flowrun — see flowrun.h.
 */
#include "cli/flowrun.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "cli/sigrelease.h"
#include "config/config.h"
#include "core/interrupt.h"
#include "core/str.h"
#include "fleet/plan.h"

/* The Ruby exception class Kamal would name for an error code. */
static const char *
err_class(int code)
{
	switch (code) {
	case ERR_REMOTE:
		return "SSHKit::Command::Failed";
	case ERR_LOCKED:
		return "Kamal::Cli::LockError";
	case ERR_INTERRUPTED:
		return "Interrupt";
	case ERR_TIMEOUT:
		return "Kamal::Cli::Healthcheck::Error";
	case ERR_INVAL:
		return "ArgumentError";
	default:
		return "RuntimeError";
	}
}

int
flowrun_begin(struct cli *c, struct flowrun *r)
{
	struct config_opts co;
	struct flow_opts fo;
	int rc;

	memset(r, 0, sizeof(*r));
	err_clear(&r->e);
	cli_cmd_name(c->cmd, r->name, sizeof(r->name));
	/* read-only commands have no --dry-run option */
	r->dry = (c->cmd->flags & CMD_DRYRUN) && cli_bool(c, "dry_run");
	if (!r->dry && fleet_ssh_executor_init == NULL) {
		fprintf(stderr, "sextant: '%s' needs the SSH executor, not implemented yet; use --dry-run\n",
		    r->name);
		return 2;
	}
	memset(&co, 0, sizeof(co));
	co.config_file = cli_str(c, "config_file");
	co.destination = cli_str(c, "destination");
	co.version = cli_str(c, "version");
	if ((rc = config_load(&co, &r->cfg, &r->e)) != 0) {
		if (r->e.where[0])
			out_error(config_err_class(rc), "%s: %s", r->e.where, r->e.msg);
		else
			out_error(config_err_class(rc), "%s", r->e.msg);
		return 1;
	}
	if (r->dry) {
		plan_executor_init(&r->x, cli_bool(c, "verbose") ? stderr : NULL);
	} else if ((rc = fleet_ssh_executor_init(&r->x, r->cfg, &r->e)) != 0) {
		out_error(err_class(rc), "%s", r->e.msg);
		config_free(r->cfg);
		return 1;
	}
	memset(&fo, 0, sizeof(fo));
	fo.hosts = cli_str(c, "hosts");
	fo.roles = cli_str(c, "roles");
	fo.primary = cli_bool(c, "primary");
	fo.skip_hooks = cli_bool(c, "skip_hooks");
	fo.lock_wait = cli_bool(c, "lock_wait");
	fo.lock_wait_timeout = cli_num(c, "lock_wait_timeout");
	fo.lock_wait_interval = cli_num(c, "lock_wait_interval");
	fo.command = c->cmd->group ? c->cmd->group : c->cmd->name;
	fo.subcommand = c->cmd->group ? c->cmd->name : NULL;
	fo.verbose = cli_bool(c, "verbose");
	fo.deterministic = r->dry;
	if ((rc = flow_init(&r->f, r->cfg, &r->x, &fo, &r->e)) != 0) {
		out_error(err_class(rc), "%s", r->e.msg);
		x_release(&r->x);
		config_free(r->cfg);
		return 1;
	}
	r->ready = 1;
	if (!r->dry)
		sigrelease_watch(&r->f);	/* Ctrl-C releases the lock (sigrelease.h) */
	return 0;
}

int
flowrun_confirm(struct cli *c, struct flowrun *r, const char *question)
{
	char line[256];

	if (r->dry || cli_bool(c, "confirmed"))
		return 1;
	for (;;) {
		printf("%s [y, N] (N) ", question);
		fflush(stdout);
		if (fgets(line, sizeof(line), stdin) == NULL)
			break;
		line[strcspn(line, "\r\n")] = '\0';
		if (strcmp(line, "y") == 0)
			return 1;
		if (strcmp(line, "N") == 0 || line[0] == '\0')
			break;
	}
	out_say("red", "Aborted");
	return 0;
}

int
flowrun_end(struct flowrun *r, int rc)
{
	struct str plan = STR_INIT;
	int status = 0;

	if (r->dry) {
		/* the header says what the plan assumes; every other line is a command */
		str_addf(&plan, "# Kamal %s, servers fresh: %s\n", KAMAL_COMPAT_VERSION, r->name);
		plan_render(&r->x, &plan);
		fwrite(plan.s, 1, plan.len, stdout);
		fflush(stdout);
	}
	if (rc != 0) {
		out_error(err_class(rc), "%s", r->e.msg);
		/* stopped by Ctrl-C/SIGTERM (core/interrupt.h): 128+signal, as a shell reports it */
		status = interrupt_pending() ? 128 + interrupt_pending() : 1;
	}
	str_release(&plan);
	if (r->ready) {
		sigrelease_watch(NULL);
		flow_release(&r->f);
	}
	x_release(&r->x);
	config_free(r->cfg);
	return status;
}
