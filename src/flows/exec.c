/*
 * exec — `app exec`, `accessory exec`, `server exec` (lib/kamal/cli/{app,accessory,
 * server}.rb, lib/kamal/commands/app/execution.rb; spec/kamal.md §6.10, §6.13,
 * §6.18).
 *
 * The command words are stripped and joined with single spaces and go into the
 * remote command unescaped (the remote shell interprets them), exactly as
 * Kamal's join_commands does. Interactive variants hand back the system `ssh`
 * command line (spec §2.5, §8.1) in *local_exec for the caller to exec.
 */
#include "flows/inspect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/output.h"
#include "core/err.h"
#include "core/str.h"
#include "core/strvec.h"
#include "core/xmalloc.h"
#include "docker/accessory.h"
#include "flows/accessory.h"
#include "docker/app.h"
#include "docker/registry.h"


/* docker_interactive_args: STDIN.isatty ? "-it" : "-i" */
static const char *
interactive_args(void)
{
	return isatty(0) ? "-it" : "-i";
}

/* Kamal's say, silenced by --raw (Base#say). */
static void
say_unless_raw(struct flow *f, const struct exec_opts *xo, const char *msg)
{
	if (!xo->raw)
		flow_say(f, "%s", msg);
}

/*
 * capture_with_info(cmd, strip: !raw): with raw the output is kept as it came
 * (flow_capture strips), so the command goes to the executor directly; a
 * non-zero exit is SSHKit::Command::Failed with SSHKit's message.
 */
static int
capture_out(struct flow *f, const char *host, const struct dcmd *c, int raw, struct str *out,
    struct errinfo *e)
{
	struct xresult r = XRESULT_INIT;
	struct xcmd xc;
	struct str cmd = STR_INIT, logged = STR_INIT, name = STR_INIT, o = STR_INIT, er = STR_INIT;
	int rc;

	if (!raw)
		return flow_capture(f, host, c, NULL, out, e);
	dcmd_render(c, 0, &cmd);
	dcmd_render(c, 1, &logged);
	memset(&xc, 0, sizeof(xc));
	xc.cmd = str_cstr(&cmd);
	xc.logged = str_cstr(&logged);
	rc = x_exec(f->x, host, &xc, &r, e);
	str_reset(out);
	if (rc == 0 && r.status == 0) {
		str_add(out, r.out.s ? r.out.s : "", r.out.len);
	} else if (rc == 0) {
		dcmd_command_name(c, &name);
		str_add(&o, r.out.s ? r.out.s : "", r.out.len);
		str_trim(&o);
		str_add(&er, r.err.s ? r.err.s : "", r.err.len);
		str_trim(&er);
		rc = err_set(e, ERR_REMOTE, "%s exit status: %d\n%s stdout: %s\n%s stderr: %s\n",
		    str_cstr(&name), r.status, str_cstr(&name), o.len ? o.s : "Nothing written",
		    str_cstr(&name), er.len ? er.s : "Nothing written");
	}
	xresult_release(&r);
	str_release(&cmd);
	str_release(&logged);
	str_release(&name);
	str_release(&o);
	str_release(&er);
	return rc;
}

/* puts_by_host(host, output, quiet:, raw:) */
static void
puts_by_host(const char *host, const struct str *out, int raw)
{
	if (raw)
		out_write(out->s ? out->s : "", out->len);
	else
		out_by_host("App", host, str_cstr(out));
}

/* "Detach is not compatible with interactive or reuse" and friends. */
static int
incompatible(struct errinfo *e, const char *what, int a, const char *an, int b, const char *bn)
{
	if (a && b)
		return err_set(e, ERR_INVAL, "%s is not compatible with %s or %s", what, an, bn);
	if (a || b)
		return err_set(e, ERR_INVAL, "%s is not compatible with %s", what, a ? an : bn);
	return 0;
}

/* ---- app exec ---- */

struct app_exec {
	const struct exec_opts	*xo;
	const char		*cmd;
	const char		*version;
	int			 reuse;
};

static int
app_exec_role(struct flow *f, void *arg, const char *host, const struct config_role *r,
    struct errinfo *e)
{
	const struct app_exec *ax = arg;
	struct dcmd c = DCMD_INIT;
	struct str line = STR_INIT, out = STR_INIT;
	char hex[8];
	int rc;

	str_addf(&line, "Executed cmd '%s' on app version %s", ax->cmd, ax->version);
	if ((rc = flow_audit(f, host, ax->reuse ? r->name : NULL, line.s, e)) != 0)
		goto out;
	if (ax->reuse) {
		dapp_exec_existing(&c, &f->k, r, ax->cmd, NULL, ax->xo->env);
	} else {
		flow_random_hex(f, 3, hex, sizeof(hex));
		dapp_exec_new(&c, &f->k, r, host, ax->cmd, NULL, ax->xo->detach, ax->xo->env, hex);
	}
	if ((rc = capture_out(f, host, &c, ax->xo->raw, &out, e)) == 0)
		puts_by_host(host, &out, ax->xo->raw);
out:
	dcmd_release(&c);
	str_release(&line);
	str_release(&out);
	return rc;
}

static int
running_version_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	const struct config_role *roles[1];
	struct dcmd c = DCMD_INIT;
	int rc;

	if (flow_roles_on(f, host, roles, 1) == 0)
		return 0;
	dapp_current_running_version(&c, &f->k, roles[0]);
	rc = flow_capture(f, host, &c, NULL, arg, e);
	dcmd_release(&c);
	return rc;
}

/* current_running_version(host: primary) or NULL (blank); *out owns the text. */
static int
current_running_version(struct flow *f, struct str *out, struct errinfo *e)
{
	if (f->sel.primary_host == NULL)
		return 0;
	return flow_on_host(f, f->sel.primary_host, running_version_host, out, e);
}

int
flows_app_exec(struct flow *f, const struct strvec *words, const struct exec_opts *xo,
    struct str *local_exec, struct errinfo *e)
{
	struct app_exec ax;
	struct str cmd = STR_INIT, cur = STR_INIT, msg = STR_INIT;
	struct dcmd c = DCMD_INIT;
	const struct config_role *role = f->sel.primary_role;
	const char *host = f->sel.primary_host;
	char *saved = f->version ? xstrdup(f->version) : NULL;
	char hex[8];
	int rc;

	if ((rc = incompatible(e, "Detach", xo->detach && xo->interactive, "interactive",
	    xo->detach && xo->reuse, "reuse")) != 0 ||
	    (rc = incompatible(e, "Raw", xo->raw && xo->interactive, "interactive",
	    xo->raw && xo->detach, "detach")) != 0)
		goto out;
	if (words == NULL || words->n == 0) {
		rc = err_set(e, ERR_INVAL, "No command provided. You must specify a command to execute.");
		goto out;
	}
	/* with_raw_output: SSHKit at :error, so nothing but the output reaches stdout */
	if (xo->raw)
		out_init(OUT_QUIET, out_json(), -1);
	if ((rc = flow_pre_connect(f, e)) != 0)
		goto out;
	flow_join_words(words, &cmd);
	memset(&ax, 0, sizeof(ax));
	ax.xo = xo;
	ax.cmd = cmd.s;
	ax.reuse = xo->reuse;
	if (xo->reuse) {
		if (!xo->version)
			say_unless_raw(f, xo, "Get current version of running container...");
		if (xo->version) {
			flow_set_version(f, xo->version);
		} else {
			if ((rc = current_running_version(f, &cur, e)) != 0)
				goto out;
			if (cur.len)
				flow_set_version(f, cur.s);
			else if ((rc = flow_need_version(f, e)) != 0)
				goto out;
		}
	} else {
		if (!xo->version)
			say_unless_raw(f, xo, "Get most recent version available as an image...");
		flow_set_version(f, xo->version ? xo->version : f->cfg->latest_tag);
	}
	ax.version = f->k.version;
	if (xo->interactive) {
		if (host == NULL || role == NULL) {
			rc = err_set(e, ERR_INVAL, "no primary host to run an interactive command on");
			goto out;
		}
		str_addf(&msg, "Launching interactive command with version %s via SSH from %s container "
		    "on %s...", ax.version, xo->reuse ? "existing" : "new", host);
		say_unless_raw(f, xo, msg.s);
		if (xo->reuse) {
			dapp_exec_existing(&c, &f->k, role, cmd.s, interactive_args(), xo->env);
		} else {
			if ((rc = flow_on_host(f, host, flow_registry_login_host, NULL, e)) != 0)
				goto out;
			flow_random_hex(f, 3, hex, sizeof(hex));
			dapp_exec_new(&c, &f->k, role, host, cmd.s, interactive_args(), 0, xo->env, hex);
		}
		dk_run_over_ssh(&f->k, &c, host, local_exec);
		goto out;
	}
	str_addf(&msg, "Launching command with version %s from %s container...", ax.version,
	    xo->reuse ? "existing" : "new");
	say_unless_raw(f, xo, msg.s);
	if (!xo->reuse && (rc = flow_on(f, &f->sel.app_hosts, flow_registry_login_host, NULL, e)) != 0)
		goto out;
	rc = flow_on_roles(f, &f->sel.app_hosts, 1, app_exec_role, &ax, e);
out:
	flow_set_version(f, saved);
	free(saved);
	dcmd_release(&c);
	str_release(&cmd);
	str_release(&cur);
	str_release(&msg);
	return rc;
}

/* ---- accessory exec ---- */

struct acc_exec {
	const struct config_accessory	*a;
	const struct exec_opts		*xo;
	const char			*cmd;
};

static int
acc_exec_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	const struct acc_exec *ae = arg;
	struct dcmd c = DCMD_INIT;
	struct str line = STR_INIT, out = STR_INIT;
	int rc;

	if (!ae->xo->reuse && (rc = flow_registry_login_host(f, NULL, host, e)) != 0)
		goto out;
	str_addf(&line, "Executed cmd '%s' on %s accessory", ae->cmd, ae->a->name);
	if ((rc = flow_audit(f, host, NULL, line.s, e)) != 0)
		goto out;
	if (ae->xo->reuse)
		dacc_exec_existing(&c, ae->a, ae->cmd, NULL);
	else
		dacc_exec_new(&c, &f->k, ae->a, ae->cmd, NULL);
	if ((rc = capture_out(f, host, &c, ae->xo->raw, &out, e)) == 0)
		puts_by_host(host, &out, ae->xo->raw);
out:
	dcmd_release(&c);
	str_release(&line);
	str_release(&out);
	return rc;
}

int
flows_accessory_exec(struct flow *f, const char *name, const struct strvec *words,
    const struct exec_opts *xo, struct str *local_exec, struct errinfo *e)
{
	const struct config_accessory *a;
	struct acc_exec ae;
	struct strvec hosts = STRVEC_INIT;
	struct str cmd = STR_INIT;
	struct dcmd c = DCMD_INIT;
	int rc;

	if (xo->raw && xo->interactive)
		return err_set(e, ERR_INVAL, "Raw is not compatible with interactive");
	if (xo->raw)
		out_init(OUT_QUIET, out_json(), -1);
	if ((rc = flow_pre_connect(f, e)) != 0)
		return rc;
	flow_join_words(words, &cmd);
	if ((a = config_accessory(f->cfg, name)) == NULL) {
		rc = flow_unknown_accessory(f, name);
		goto out;
	}
	flow_accessory_hosts(f, a, &hosts);
	if (xo->interactive) {
		const char *first = a->hosts.n ? a->hosts.v[0] : NULL;

		if (first == NULL) {
			rc = err_set(e, ERR_INVAL, "accessory %s has no hosts", name);
			goto out;
		}
		if (xo->reuse) {
			flow_say(f, "Launching interactive command via SSH from existing container...");
			dacc_exec_existing(&c, a, cmd.s, interactive_args());
		} else {
			flow_say(f, "Launching interactive command via SSH from new container...");
			if ((rc = flow_on_host(f, first, flow_registry_login_host, NULL, e)) != 0)
				goto out;
			dacc_exec_new(&c, &f->k, a, cmd.s, interactive_args());
		}
		dk_run_over_ssh(&f->k, &c, first, local_exec);
		goto out;
	}
	say_unless_raw(f, xo, xo->reuse ? "Launching command from existing container..." :
	    "Launching command from new container...");
	ae.a = a;
	ae.xo = xo;
	ae.cmd = cmd.s;
	rc = flow_on(f, &hosts, acc_exec_host, &ae, e);
out:
	strvec_clear(&hosts);
	str_release(&cmd);
	dcmd_release(&c);
	return rc;
}

/* ---- server exec ---- */

struct srv_exec {
	const struct exec_opts	*xo;
	const char		*cmd;
};

static int
server_exec_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	const struct srv_exec *se = arg;
	struct dcmd c = DCMD_INIT;
	struct str line = STR_INIT, out = STR_INIT;
	int rc;

	str_addf(&line, "Executed cmd '%s' on %s", se->cmd, host);
	if ((rc = flow_audit(f, host, NULL, line.s, e)) != 0)
		goto out;
	/* the string as one element: sent verbatim when it holds white space */
	dcmd_add(&c, se->cmd);
	if ((rc = capture_out(f, host, &c, se->xo->raw, &out, e)) == 0)
		puts_by_host(host, &out, se->xo->raw);
out:
	dcmd_release(&c);
	str_release(&line);
	str_release(&out);
	return rc;
}

int
flows_server_exec(struct flow *f, const struct strvec *words, const struct exec_opts *xo,
    struct str *local_exec, struct errinfo *e)
{
	struct srv_exec se = { xo, NULL };
	struct str cmd = STR_INIT, list = STR_INIT, msg = STR_INIT;
	struct dcmd c = DCMD_INIT;
	int rc;

	if (xo->raw && xo->interactive)
		return err_set(e, ERR_INVAL, "Raw is not compatible with interactive");
	if (xo->raw)
		out_init(OUT_QUIET, out_json(), -1);
	if ((rc = flow_pre_connect(f, e)) != 0)
		return rc;
	flow_join_words(words, &cmd);
	se.cmd = cmd.s;
	if (xo->interactive) {
		if (f->sel.primary_host == NULL) {
			rc = err_set(e, ERR_INVAL, "no primary host to run an interactive command on");
			goto out;
		}
		str_addf(&msg, "Running '%s' on %s interactively...", cmd.s, f->sel.primary_host);
		flow_say(f, "%s", msg.s);
		/* run_over_ssh(cmd): the string itself, quoted for the remote shell */
		c.n = 0;
		dcmd_add(&c, cmd.s);
		dk_run_over_ssh(&f->k, &c, f->sel.primary_host, local_exec);
		goto out;
	}
	strvec_join(&f->sel.hosts, ", ", &list);
	str_addf(&msg, "Running '%s' on %s...", cmd.s, str_cstr(&list));
	say_unless_raw(f, xo, msg.s);
	rc = flow_on(f, &f->sel.hosts, server_exec_host, &se, e);
out:
	str_release(&cmd);
	str_release(&list);
	str_release(&msg);
	dcmd_release(&c);
	return rc;
}
