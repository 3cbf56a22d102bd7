/*
 * flow — see flow.h. Mirrors lib/kamal/cli/base.rb (on, run_hook, with_lock,
 * acquire_lock...), lib/kamal/commander.rb and SSHKit's execute/capture semantics.
 */
#include "flows/flow.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/shell.h"
#include "core/err.h"
#include "core/fsutil.h"
#include "core/interrupt.h"
#include "core/rand.h"
#include "core/str.h"
#include "core/strvec.h"
#include "core/timeutil.h"
#include "core/wipe.h"
#include "core/xmalloc.h"
#include "docker/hook.h"
#include "docker/lock.h"
#include "docker/registry.h"
#include "docker/server.h"
#include "fleet/runner.h"

#define AUTOMATIC_LOCK_MESSAGE	"Automatic deploy lock"

/* > 0 while this thread releases the lock: interrupts do not stop that (flow_on). */
static _Thread_local int unwinding;

int
flow_backtick(char *const argv[], struct str *out)
{
	struct str err = STR_INIT;
	struct errinfo e;
	int status = 0, rc;

	err_clear(&e);
	str_reset(out);
	rc = shell_capture_argv(argv, NULL, out, &err, &status, &e);
	str_release(&err);
	if (rc != 0)
		return -1;
	str_trim(out);
	return status;
}

static void
who(struct flow *f)
{
	char *email[] = { "git", "config", "user.email", NULL };
	char *name[] = { "git", "config", "user.name", NULL };
	char *whoami[] = { "whoami", NULL };
	struct str s = STR_INIT;

	flow_backtick(email, &s);
	if (s.len == 0)
		flow_backtick(whoami, &s);
	f->performer = xstrdup(str_cstr(&s));
	/* Kamal::Git.user_name rescues Errno::ENOENT (no git at all) with "Unknown" */
	if (flow_backtick(name, &s) < 0)
		f->user_name = xstrdup("Unknown");
	else
		f->user_name = xstrdup(str_cstr(&s));
	str_release(&s);
}

int
flow_need_version(struct flow *f, struct errinfo *e)
{
	const char *v = NULL;
	int rc;

	if (f->k.version)
		return 0;
	if ((rc = config_version(f->cfg, &v, e)) != 0)
		return rc;
	flow_set_version(f, v);
	return 0;
}

void
flow_set_version(struct flow *f, const char *version)
{
	char *v = version ? xstrdup(version) : NULL;

	free(f->version);
	f->version = v;
	f->k.version = v;
}

int
flow_init(struct flow *f, struct config *cfg, struct executor *x, const struct flow_opts *o,
    struct errinfo *e)
{
	int rc;

	memset(f, 0, sizeof(*f));
	pthread_mutex_init(&f->mu, NULL);
	f->cfg = cfg;
	f->x = x;
	f->o = *o;
	f->k.cfg = cfg;
	if ((rc = config_select(cfg, o->hosts, o->roles, o->primary, &f->sel, e)) != 0) {
		pthread_mutex_destroy(&f->mu);
		return rc;
	}
	who(f);
	f->tags.performer = f->performer;
	f->tags.recorded_at = f->recorded_at;
	time_iso8601_utc(time_now(), f->recorded_at, sizeof(f->recorded_at));
	f->holding_lock = getenv("KAMAL_LOCK") && strcmp(getenv("KAMAL_LOCK"), "true") == 0;
	if (o->deterministic) {
		const char *h = getenv("SEXTANT_TEST_RANDOM_HEX");

		if (h && *h)
			f->test_hex = h;
	}
	return 0;
}

void
flow_release(struct flow *f)
{
	config_selection_release(&f->sel);
	free(f->version);
	free(f->performer);
	free(f->user_name);
	free(f->docker_arch);
	pthread_mutex_destroy(&f->mu);
	memset(f, 0, sizeof(*f));
}

int
flow_select_hosts(struct flow *f, const struct strvec *hosts, struct errinfo *e)
{
	struct config_selection s;
	int rc;

	if (hosts == NULL)
		rc = config_select(f->cfg, f->o.hosts, f->o.roles, f->o.primary, &s, e);
	else
		rc = config_select_hosts(f->cfg, &f->sel, hosts, &s, e);
	if (rc != 0)
		return rc;
	config_selection_release(&f->sel);
	f->sel = s;
	return 0;
}

void
flow_random_hex(struct flow *f, size_t nbytes, char *out, size_t outn)
{
	static const char hexd[] = "0123456789abcdef";
	unsigned char b[64];
	size_t i, n = nbytes * 2;

	if (n + 1 > outn || nbytes > sizeof(b))
		n = outn ? outn - 1 : 0;
	if (f->test_hex) {
		/* tests: the digits of SEXTANT_TEST_RANDOM_HEX, from the start each time */
		size_t len = strlen(f->test_hex);

		for (i = 0; i < n; i++)
			out[i] = f->test_hex[i % len];
	} else {
		rand_bytes(b, (n + 1) / 2);
		for (i = 0; i < n; i++)
			out[i] = hexd[(b[i / 2] >> (i % 2 ? 0 : 4)) & 0xf];
	}
	if (outn)
		out[n] = '\0';
}

static void
say_level(struct flow *f, int level, const char *fmt, va_list ap)
{
	struct str s = STR_INIT;

	str_vaddf(&s, fmt, ap);
	x_say(f->x, level, "%s", str_cstr(&s));
	str_release(&s);
}

void
flow_say(struct flow *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say_level(f, XSAY_INFO, fmt, ap);
	va_end(ap);
}

void
flow_warn(struct flow *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say_level(f, XSAY_WARN, fmt, ap);
	va_end(ap);
}

void
flow_error(struct flow *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say_level(f, XSAY_ERROR, fmt, ap);
	va_end(ap);
}

const char *
flow_docker_arch(struct flow *f)
{
	char *argv[] = { "docker", "info", "--format", "{{.Architecture}}", NULL };
	const char *env = getenv("SEXTANT_DOCKER_ARCH");
	struct str s = STR_INIT;

	if (f->docker_arch)
		return f->docker_arch;
	if (env && *env) {
		f->docker_arch = xstrdup(env);
		return f->docker_arch;
	}
	/* Kamal::Utils.docker_arch: aarch64 -> arm64, x86_64 -> amd64, else as is */
	flow_backtick(argv, &s);
	if (strstr(str_cstr(&s), "aarch64"))
		f->docker_arch = xstrdup("arm64");
	else if (strstr(str_cstr(&s), "x86_64"))
		f->docker_arch = xstrdup("amd64");
	else
		f->docker_arch = xstrdup(str_cstr(&s));
	str_release(&s);
	return f->docker_arch;
}

/* SSHKit::Command#exit_status= message. */
static int
command_failed(const struct dcmd *c, const struct xresult *r, struct errinfo *e)
{
	struct str name = STR_INIT, out = STR_INIT, err = STR_INIT;
	int rc;

	dcmd_command_name(c, &name);
	str_add(&out, r->out.s ? r->out.s : "", r->out.len);
	str_trim(&out);
	str_add(&err, r->err.s ? r->err.s : "", r->err.len);
	str_trim(&err);
	rc = err_set(e, ERR_REMOTE, "%s exit status: %d\n%s stdout: %s\n%s stderr: %s\n",
	    str_cstr(&name), r->status, str_cstr(&name), out.len ? out.s : "Nothing written",
	    str_cstr(&name), err.len ? err.s : "Nothing written");
	str_release(&name);
	str_release(&out);
	str_release(&err);
	return rc;
}

static int
run(struct flow *f, const char *host, const struct dcmd *c, const struct fx *fx,
    struct xresult *r, int *ok, struct errinfo *e)
{
	static const struct fx none;
	struct xcmd xc;
	char *cmd, *logged, *stdin_cmd = NULL, *stdin_logged = NULL;
	int rc;

	if (fx == NULL)
		fx = &none;
	{
		struct str s1 = STR_INIT, s2 = STR_INIT;

		dcmd_render_env(c, fx->sshkit_env, 0, &s1);
		dcmd_render_env(c, fx->sshkit_env, 1, &s2);
		cmd = str_detach(&s1, NULL);
		logged = str_detach(&s2, NULL);
	}
	memset(&xc, 0, sizeof(xc));
	if (c->stdin_form) {
		struct str s1 = STR_INIT, s2 = STR_INIT;

		dcmd_render_env(c->stdin_form, fx->sshkit_env, 0, &s1);
		dcmd_render_env(c->stdin_form, fx->sshkit_env, 1, &s2);
		stdin_cmd = str_detach(&s1, NULL);
		stdin_logged = str_detach(&s2, NULL);
		xc.stdin_cmd = stdin_cmd;
		xc.stdin_logged = stdin_logged;
		xc.stdin_data = c->stdin_data;
		xc.stdin_len = c->stdin_len;
	}
	xc.cmd = cmd;
	xc.logged = logged;
	xc.debug = fx->debug;
	xc.probe = fx->probe;
	xc.effect = fx->effect;
	xc.subject = fx->subject;
	xc.env = fx->env;
	xc.cwd = fx->cwd;
	if (host)
		rc = x_exec(f->x, host, &xc, r, e);
	else
		rc = x_run_local(f->x, &xc, r, e);
	if (rc == 0) {
		if (ok)
			*ok = r->status == 0;
		if (r->status != 0 && !fx->no_raise)
			rc = command_failed(c, r, e);
	}
	freezero(cmd, strlen(cmd));
	free(logged);
	if (stdin_cmd)
		freezero(stdin_cmd, strlen(stdin_cmd));
	free(stdin_logged);
	return rc;
}

int
flow_exec(struct flow *f, const char *host, const struct dcmd *c, const struct fx *fx, int *ok,
    struct errinfo *e)
{
	struct xresult r = XRESULT_INIT;
	int rc;

	rc = run(f, host, c, fx, &r, ok, e);
	xresult_release(&r);
	return rc;
}

int
flow_run(struct flow *f, const char *host, struct dcmd *c, const struct fx *fx, struct errinfo *e)
{
	int rc = flow_exec(f, host, c, fx, NULL, e);

	dcmd_reset(c);
	return rc;
}

int
flow_capture(struct flow *f, const char *host, const struct dcmd *c, const struct fx *fx,
    struct str *out, struct errinfo *e)
{
	struct xresult r = XRESULT_INIT;
	int rc;

	rc = run(f, host, c, fx, &r, NULL, e);
	if (out) {
		str_reset(out);
		if (rc == 0 && r.status == 0) {
			str_add(out, r.out.s ? r.out.s : "", r.out.len);
			str_trim(out);
		}
	}
	xresult_release(&r);
	return rc;
}

int
flow_upload(struct flow *f, const char *host, const char *path, const void *data, size_t len,
    int mode, int mode_explicit, int secret, struct errinfo *e)
{
	struct xupload u;

	memset(&u, 0, sizeof(u));
	u.path = path;
	u.data = data;
	u.len = len;
	u.mode = mode;
	u.mode_explicit = mode_explicit;
	u.secret = secret;
	return x_upload(f->x, host, &u, e);
}

struct on_ctx {
	struct flow	*f;
	flow_host_fn	 fn;
	void		*arg;
};

static int
on_adapter(void *arg, const char *host, struct errinfo *e)
{
	struct on_ctx *o = arg;

	return o->fn(o->f, o->arg, host, e);
}

int
flow_pre_connect(struct flow *f, struct errinfo *e)
{
	int rc = 0;

	if (!f->connected) {
		if (!f->o.skip_hooks)
			rc = flow_hook(f, "pre-connect", 1, NULL, NULL, e);
		f->connected = 1;
	}
	return rc;
}

int
flow_on(struct flow *f, const struct strvec *hosts, flow_host_fn fn, void *arg,
    struct errinfo *e)
{
	struct on_ctx o = { f, fn, arg };
	int rc, sig = interrupt_pending();

	/* Ctrl-C/SIGTERM: no new step starts (core/interrupt.h); steps already running
	 * finish, and the lock release of the unwinding flow still runs. */
	if (sig && !unwinding)
		return err_set(e, ERR_INTERRUPTED, "Interrupted by %s", interrupt_signame(sig));
	if ((rc = flow_pre_connect(f, e)) != 0)
		return rc;
	return fleet_on(f->x, hosts, on_adapter, &o, e);
}

int
flow_on_host(struct flow *f, const char *host, flow_host_fn fn, void *arg, struct errinfo *e)
{
	struct strvec one = STRVEC_INIT;
	int rc;

	strvec_push(&one, host);
	rc = flow_on(f, &one, fn, arg, e);
	strvec_clear(&one);
	return rc;
}

int
flow_has(const struct strvec *v, const char *h)
{
	return strvec_find(v, h) >= 0;
}

void
flow_hosts_removing_all_roles(struct flow *f, struct strvec *out)
{
	const struct config_role *sel[FLOW_MAX_ROLES], *all[FLOW_MAX_ROLES];
	char *a[FLOW_MAX_ROLES], *b[FLOW_MAX_ROLES];
	size_t i, j, ns, na;
	int same;

	for (i = 0; i < f->sel.app_hosts.n; i++) {
		const char *h = f->sel.app_hosts.v[i];

		ns = flow_roles_on(f, h, sel, FLOW_MAX_ROLES);
		na = config_host_roles(f->cfg, h, all, FLOW_MAX_ROLES);
		if (ns != na)
			continue;
		for (j = 0; j < ns; j++) {
			a[j] = sel[j]->name;
			b[j] = all[j]->name;
		}
		qsort(a, ns, sizeof(char *), strvec_cmp);
		qsort(b, na, sizeof(char *), strvec_cmp);
		for (same = 1, j = 0; j < ns; j++)
			same &= strcmp(a[j], b[j]) == 0;
		if (same)
			strvec_push(out, h);
	}
}

int
flow_registry_login_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	int rc;

	(void)arg;
	if ((rc = dreg_login(&c, &f->k, &f->cfg->registry, e)) == 0)
		rc = flow_exec(f, host, &c, NULL, NULL, e);
	dcmd_release(&c);
	return rc;
}

size_t
flow_roles_on(struct flow *f, const char *host, const struct config_role **out, size_t max)
{
	return config_selection_roles_on(&f->sel, host, out, max);
}

struct roles_ctx {
	flow_role_fn			 fn;
	void				*arg;
	const struct config_role	*role;	/* parallel: the role; else NULL */
};

static int
roles_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct roles_ctx *rc = arg;
	size_t i;
	int r;

	if (rc->role)
		return rc->fn(f, rc->arg, host, rc->role, e);
	/* host-first: this host's roles one after another */
	for (i = 0; i < f->sel.nroles; i++) {
		if (!config_role_has_host(f->sel.roles[i], host))
			continue;
		if ((r = rc->fn(f, rc->arg, host, f->sel.roles[i], e)) != 0)
			return r;
	}
	return 0;
}

int
flow_on_roles(struct flow *f, const struct strvec *hosts, int parallel, flow_role_fn fn,
    void *arg, struct errinfo *e)
{
	struct roles_ctx ctx = { fn, arg, NULL };
	struct errinfo *errs;
	size_t i, j;
	int rc;

	if (!parallel)
		return flow_on(f, hosts, roles_host, &ctx, e);
	/* one group per role (Kamal runs them as threads; here they run one after the
	 * other, each over its hosts as on() does) */
	errs = xcalloc(f->sel.nroles ? f->sel.nroles : 1, sizeof(*errs));
	for (i = 0; i < f->sel.nroles; i++) {
		const struct config_role *r = f->sel.roles[i];
		struct strvec rh = STRVEC_INIT;

		err_clear(&errs[i]);
		for (j = 0; j < r->host_names.n; j++)
			if (flow_has(hosts, r->host_names.v[j]))
				strvec_push(&rh, r->host_names.v[j]);
		if (rh.n > 0) {
			ctx.role = r;
			if (flow_on(f, &rh, roles_host, &ctx, &errs[i]) != 0)
				err_prefix(&errs[i], "Exception while executing on %s", r->name);
		}
		strvec_clear(&rh);
	}
	rc = fleet_combine_errors(errs, f->sel.nroles, "roles", e);
	free(errs);
	return rc;
}

static void
join(const struct strvec *v, struct str *out)
{
	strvec_join(v, ",", out);
}

int
flow_hook(struct flow *f, const char *hook, int secrets, const char *hosts, const char *runtime,
    struct errinfo *e)
{
	struct str file = STR_INIT, hl = STR_INIT, rl = STR_INIT;
	struct strvec env = STRVEC_INIT;
	struct dhook_details d;
	struct dcmd c = DCMD_INIT;
	struct fx fx;
	char abbrev[128] = "";
	size_t i;
	int rc = 0;

	if (f->o.skip_hooks)
		return 0;
	dhook_file(&f->k, hook, &file);
	if (!fs_exists(file.s))
		goto out;
	if ((rc = flow_need_version(f, e)) != 0)
		goto out;
	memset(&d, 0, sizeof(d));
	if (hosts) {
		d.hosts = hosts;
	} else {
		join(&f->sel.hosts, &hl);
		d.hosts = str_cstr(&hl);
	}
	if (f->sel.nspecific_roles > 0) {
		for (i = 0; i < f->sel.nspecific_roles; i++)
			str_addf(&rl, "%s%s", i ? "," : "", f->sel.specific_roles[i]->name);
		d.roles = str_cstr(&rl);
	}
	d.lock = f->holding_lock ? "true" : "false";
	d.command = f->o.command;
	d.subcommand = f->o.subcommand;
	d.runtime = runtime;
	config_abbreviated_version(f->cfg, abbrev, sizeof(abbrev), NULL);
	if ((rc = dhook_env(&f->k, &f->tags, abbrev, &d, secrets, &env, e)) != 0)
		goto out;
	dhook_run(&c, &f->k, hook);
	memset(&fx, 0, sizeof(fx));
	fx.env = env.v;
	if ((rc = flow_exec(f, NULL, &c, &fx, NULL, e)) != 0) {
		char msg[ERR_MSG_MAX];

		snprintf(msg, sizeof(msg), "%s", e->msg);
		rc = err_set(e, rc, "Hook `%s` failed:\n%s", hook, msg);
	}
out:
	dcmd_release(&c);
	strvec_clear(&env);
	str_release(&file);
	str_release(&hl);
	str_release(&rl);
	return rc;
}

int
flow_audit(struct flow *f, const char *host, const char *role, const char *line,
    struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	struct fx fx = { .debug = 1 };
	char now[32];
	struct dtags t = f->tags;
	int rc;

	/* each record takes the time anew (Kamal::Tags.default_tags) */
	time_iso8601_utc(time_now(), now, sizeof(now));
	t.recorded_at = now;
	daudit_record(&c, &f->k, &t, role, line);
	rc = flow_exec(f, host, &c, &fx, NULL, e);
	dcmd_release(&c);
	return rc;
}

static int
mkdir_run_dir(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	int rc;

	dsrv_ensure_run_directory(&c, &f->k);
	rc = flow_exec(f, host, &c, NULL, NULL, e);
	dcmd_release(&c);
	return rc;
}

int
flow_ensure_run_directory(struct flow *f, struct errinfo *e)
{
	return flow_on(f, &f->sel.hosts, mkdir_run_dir, NULL, e);
}

static int
lock_acquire_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	struct fx fx = { .debug = 1, .effect = XE_MKDIR };
	struct str dir = STR_INIT;
	char now[32];
	int rc;

	dlock_dir(&f->k, &dir);
	fx.subject = dir.s;
	time_iso8601_utc(time_now(), now, sizeof(now));
	dlock_acquire(&c, &f->k, arg, f->k.version ? f->k.version : "", f->user_name, now);
	rc = flow_exec(f, host, &c, &fx, NULL, e);
	dcmd_release(&c);
	str_release(&dir);
	return rc;
}

static int
lock_release_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	struct fx fx = { .debug = 1, .effect = XE_RMDIR };
	struct str dir = STR_INIT;
	int rc;

	dlock_dir(&f->k, &dir);
	fx.subject = dir.s;
	dlock_release(&c, &f->k);
	rc = flow_exec(f, host, &c, &fx, NULL, e);
	dcmd_release(&c);
	str_release(&dir);
	return rc;
}

static int
lock_status_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	struct fx fx = { .debug = 1 };
	int rc;

	dlock_status(&c, &f->k);
	rc = flow_capture(f, host, &c, &fx, arg, e);
	dcmd_release(&c);
	return rc;
}

static int
need_primary(struct flow *f, struct errinfo *e)
{
	if (f->sel.primary_host == NULL)
		return err_set(e, ERR_INVAL, "no primary host to hold the deploy lock");
	return 0;
}

/* Acquire once; a held lock is reported as Kamal's LockHeldError (ERR_LOCKED). */
static int
acquire_once(struct flow *f, const char *message, struct errinfo *e)
{
	int rc;

	if ((rc = need_primary(f, e)) != 0 || (rc = flow_need_version(f, e)) != 0)
		return rc;
	rc = flow_on_host(f, f->sel.primary_host, lock_acquire_host, (void *)message, e);
	if (rc != 0 && strstr(e->msg, "cannot create directory"))
		return ERR_LOCKED;
	return rc;
}

static void
print_lock_status(struct flow *f)
{
	struct str st = STR_INIT;
	struct errinfo e2;

	err_clear(&e2);
	if (flow_on_host(f, f->sel.primary_host, lock_status_host, &st, &e2) == 0)
		flow_say(f, "%s", str_cstr(&st));
	str_release(&st);
}

int
flow_lock_acquire_msg(struct flow *f, const char *message, struct errinfo *e)
{
	int rc = acquire_once(f, message, e);

	if (rc == ERR_LOCKED) {
		flow_error(f, "Deploy lock already in place!");
		print_lock_status(f);
		return err_set(e, ERR_LOCKED, "Deploy lock found. Run 'kamal lock help' for more information");
	}
	return rc;
}

static int
acquire_with_wait(struct flow *f, struct errinfo *e)
{
	int64_t deadline = time_mono_ms() + (int64_t)(f->o.lock_wait_timeout * 1000);
	int shown = 0, rc;

	flow_say(f, "Acquiring the deploy lock (waiting up to %gs)...", f->o.lock_wait_timeout);
	for (;;) {
		long long remaining;

		rc = acquire_once(f, AUTOMATIC_LOCK_MESSAGE, e);
		if (rc != ERR_LOCKED)
			return rc;
		if (!shown) {
			struct str st = STR_INIT;
			struct errinfo e2;

			err_clear(&e2);
			flow_on_host(f, f->sel.primary_host, lock_status_host, &st, &e2);
			flow_say(f, "Deploy lock is held by:");
			flow_say(f, "%s", str_cstr(&st));
			if (!strstr(str_cstr(&st), AUTOMATIC_LOCK_MESSAGE)) {
				str_release(&st);
				return err_set(e, ERR_LOCKED, "Deploy lock held manually, not waiting. "
				    "Run 'kamal lock help' for more information");
			}
			str_release(&st);
			shown = 1;
		}
		remaining = (deadline - time_mono_ms()) / 1000;
		if (remaining <= 0) {
			flow_error(f, "Timed out after %gs waiting for the deploy lock", f->o.lock_wait_timeout);
			return err_set(e, ERR_LOCKED, "Timed out waiting for deploy lock");
		}
		flow_say(f, "Retrying in %gs (%llds remaining)...", f->o.lock_wait_interval, remaining);
		sleep_ms((int64_t)(f->o.lock_wait_interval < (double)remaining ?
		    f->o.lock_wait_interval * 1000 : (double)remaining * 1000));
	}
}

int
flow_lock_begin(struct flow *f, int *acquired, struct errinfo *e)
{
	int rc;

	*acquired = 0;
	if (f->holding_lock)
		return 0;
	if ((rc = flow_ensure_run_directory(f, e)) != 0)
		return rc;
	if (f->o.lock_wait) {
		rc = acquire_with_wait(f, e);
	} else {
		flow_say(f, "Acquiring the deploy lock...");
		rc = flow_lock_acquire_msg(f, AUTOMATIC_LOCK_MESSAGE, e);
	}
	if (rc != 0)
		return rc;
	f->holding_lock = 1;
	*acquired = 1;
	return 0;
}

int
flow_lock_release_only(struct flow *f, struct errinfo *e)
{
	int rc;

	if ((rc = need_primary(f, e)) != 0)
		return rc;
	unwinding++;
	rc = flow_on_host(f, f->sel.primary_host, lock_release_host, NULL, e);
	unwinding--;
	return rc;
}

int
flow_lock_end(struct flow *f, int acquired, int rc, struct errinfo *e)
{
	struct errinfo e2;

	if (!acquired)
		return rc;
	err_clear(&e2);
	flow_say(f, "Releasing the deploy lock...");
	if (rc != 0) {
		if (flow_lock_release_only(f, &e2) != 0)
			flow_error(f, "Error releasing the deploy lock: %s", e2.msg);
		f->holding_lock = 0;
		return rc;
	}
	rc = flow_lock_release_only(f, e);
	f->holding_lock = 0;
	return rc;
}
