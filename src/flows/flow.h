/*
 * flow — the state of one Kamal command run (Kamal's KAMAL commander) and the
 * primitives every flow is written with: exec/capture on a host, local commands,
 * uploads, `on(hosts)`, `on_roles`, hooks, and the deploy lock.
 *
 * Flows (the other files of src/flows) are the ordered steps of spec/kamal.md §6
 * written once as sequential per-host code against a struct executor
 * (src/fleet/exec.h): the same code produces a `--dry-run` plan (plan executor) or
 * changes servers (SSH executor). A flow function returns 0 or a negative ERR_*
 * with e filled; messages for the user go through the executor's say().
 */
#ifndef SEXTANT_FLOWS_FLOW_H
#define SEXTANT_FLOWS_FLOW_H

#include <pthread.h>
#include <stddef.h>

#include "config/config.h"
#include "docker/auditor.h"
#include "docker/dk.h"
#include "fleet/exec.h"

struct errinfo;

/* What the command line contributes (Kamal's class options and a few command options). */
struct flow_opts {
	const char	*hosts;		/* -h */
	const char	*roles;		/* -r */
	int		 primary;	/* -p */
	int		 skip_hooks;	/* -H */
	int		 lock_wait;
	double		 lock_wait_timeout;
	double		 lock_wait_interval;
	const char	*command;	/* KAMAL_COMMAND: "deploy", or the group ("app") */
	const char	*subcommand;	/* KAMAL_SUBCOMMAND: "boot", NULL at the top level */
	int		 verbose;
	/* Take SEXTANT_TEST_RANDOM_HEX into account (only with the plan executor). */
	int		 deterministic;
};

struct flow {
	struct config		*cfg;
	struct executor		*x;
	struct flow_opts	 o;
	struct config_selection	 sel;
	struct dk		 k;		/* cfg + the version in effect (VER) */
	char			*version;	/* owned copy of k.version */
	struct dtags		 tags;
	char			 recorded_at[32];
	char			*performer;	/* git user.email, else whoami */
	char			*user_name;	/* git user.name, else "Unknown" */
	char			*docker_arch;	/* local Docker arch, computed on first use */
	int			 holding_lock;
	int			 connected;	/* pre-connect hook done */
	const char		*test_hex;	/* deterministic random hex, or NULL */
	/* Per-host callbacks may run on parallel threads (executor ops->parallel):
	 * they hold this while touching state shared between hosts. */
	pthread_mutex_t		 mu;
};

int	flow_init(struct flow *f, struct config *cfg, struct executor *x, const struct flow_opts *o,
	    struct errinfo *e);
void	flow_release(struct flow *f);

/*
 * Makes sure VER is known: --version, $VERSION or git (config_version), computed
 * the first time Kamal would (lock details, builds, hooks), so that commands that
 * never need it do not fail or run git.
 */
int	flow_need_version(struct flow *f, struct errinfo *e);
/* Sets VER (Configuration#version= / using_version). */
void	flow_set_version(struct flow *f, const char *version);
/* Re-selects hosts (Commander#with_specific_hosts); NULL restores -h/-r/-p. */
int	flow_select_hosts(struct flow *f, const struct strvec *hosts, struct errinfo *e);

/* Random lowercase hex of 2*nbytes digits (SecureRandom.hex(n)). */
void	flow_random_hex(struct flow *f, size_t nbytes, char *out, size_t outn);
/* Kamal's say: a progress message; flow_warn (yellow/warn) and flow_error (red/error). */
void	flow_say(struct flow *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void	flow_warn(struct flow *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void	flow_error(struct flow *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The local Docker architecture (docker info), "amd64"/"arm64". */
const char *flow_docker_arch(struct flow *f);

/* One remote or local command. */
struct fx {
	int		 no_raise;	/* raise_on_non_zero_exit: false */
	int		 debug;		/* verbosity: :debug (audit, lock) */
	enum xprobe	 probe;
	enum xeffect	 effect;
	const char	*subject;
	char *const	*env;		/* local only: added to the process environment (Kamal's with_env) */
	const char	*cwd;		/* local only */
	char *const	*sshkit_env;	/* SSHKit's env: option, rendered into the command */
};

/*
 * execute / capture on host (or locally with host NULL). A non-zero exit raises
 * SSHKit::Command::Failed (ERR_REMOTE, message "<cmd> exit status: N\n<cmd> stdout:
 * ...\n<cmd> stderr: ...\n") unless fx->no_raise. *ok (may be NULL) is 1 when the
 * command exited 0. capture strips the output into out (may be NULL).
 */
int	flow_exec(struct flow *f, const char *host, const struct dcmd *c, const struct fx *fx,
	    int *ok, struct errinfo *e);
/* flow_exec then empties c (for building the next command in the same dcmd). */
int	flow_run(struct flow *f, const char *host, struct dcmd *c, const struct fx *fx,
	    struct errinfo *e);
int	flow_capture(struct flow *f, const char *host, const struct dcmd *c, const struct fx *fx,
	    struct str *out, struct errinfo *e);
/* upload! data to path; mode_explicit: Kamal passed `mode:`. */
int	flow_upload(struct flow *f, const char *host, const char *path, const void *data, size_t len,
	    int mode, int mode_explicit, int secret, struct errinfo *e);

/* on(hosts) { fn(host) }: runs pre-connect first. */
typedef int (*flow_host_fn)(struct flow *f, void *arg, const char *host, struct errinfo *e);
int	flow_on(struct flow *f, const struct strvec *hosts, flow_host_fn fn, void *arg,
	    struct errinfo *e);
int	flow_on_host(struct flow *f, const char *host, flow_host_fn fn, void *arg, struct errinfo *e);

/*
 * on_roles(roles, hosts:, parallel:) { fn(host, role) }: parallel -> per role, on
 * that role's hosts among `hosts` (roles one after another here, hosts as on());
 * otherwise on(hosts) with each host's roles in order.
 */
typedef int (*flow_role_fn)(struct flow *f, void *arg, const char *host,
    const struct config_role *r, struct errinfo *e);
int	flow_on_roles(struct flow *f, const struct strvec *hosts, int parallel, flow_role_fn fn,
	    void *arg, struct errinfo *e);

/* run_hook: runs hooks_path/<hook> locally if it exists and -H was not given.
 * hosts overrides KAMAL_HOSTS; runtime is set for post-deploy. */
int	flow_hook(struct flow *f, const char *hook, int secrets, const char *hosts,
	    const char *runtime, struct errinfo *e);
int	flow_pre_connect(struct flow *f, struct errinfo *e);

/* The audit command on host (debug verbosity). role NULL: no role tag. */
int	flow_audit(struct flow *f, const char *host, const char *role, const char *line,
	    struct errinfo *e);

/*
 * modify(lock: true): flow_lock_begin acquires unless already held (*acquired
 * tells); flow_lock_end releases when acquired (on failure it tries and reports
 * "Error releasing the deploy lock: ..." without masking rc). Returns rc.
 */
int	flow_lock_begin(struct flow *f, int *acquired, struct errinfo *e);
int	flow_lock_end(struct flow *f, int acquired, int rc, struct errinfo *e);
/* ensure_run_directory: mkdir -p .kamal on all selected hosts. */
int	flow_ensure_run_directory(struct flow *f, struct errinfo *e);
/* Acquire with a message (lock acquire -m / automatic). */
int	flow_lock_acquire_msg(struct flow *f, const char *message, struct errinfo *e);
int	flow_lock_release_only(struct flow *f, struct errinfo *e);

/* Room for a host's roles in the per-host role arrays the flows keep on the stack. */
#define FLOW_MAX_ROLES	256

/* Roles of the selection on host (KAMAL.roles_on). */
size_t	flow_roles_on(struct flow *f, const char *host, const struct config_role **out, size_t max);
/* Has the strvec host h? */
int	flow_has(const struct strvec *v, const char *h);
/* App hosts of the selection where every role the host has is selected (hosts_removing_all_roles). */
void	flow_hosts_removing_all_roles(struct flow *f, struct strvec *out);
/* flow_on step: `docker login` to the configured registry on host (NULL: locally). */
int	flow_registry_login_host(struct flow *f, void *arg, const char *host, struct errinfo *e);
/*
 * A local read-only lookup run the way Ruby backticks run one: stderr dropped,
 * out stripped. Returns the exit status, or -1 if it could not run.
 */
int	flow_backtick(char *const argv[], struct str *out);

#endif
