/*
 * inspect — Kamal 2.12's read-only and interactive commands and the hidden
 * single steps of the removal commands, as flows over an executor
 * (lib/kamal/cli/{main,app,proxy,accessory,lock,server,build}.rb;
 * spec/kamal.md §6.10–§6.17).
 *
 * What these print is Kamal's: `puts_by_host` blocks ("App Host: H", then the
 * output and a blank line), Thor `say` lines and SSHKit's "Running ... on H".
 *
 * Interactive variants (`exec -i`, `logs -f`, `server exec -i`) do not run
 * anything themselves: like Kamal, which replaces its process with the system
 * `ssh` client (spec §8.1), they return the exact command line in *local_exec
 * and the CLI handler execs `/bin/sh -c <that line>` once everything is
 * released.
 */
#ifndef SEXTANT_FLOWS_INSPECT_H
#define SEXTANT_FLOWS_INSPECT_H

#include "flows/flow.h"

struct str;
struct strvec;

/* `logs` options (Thor's): NULL = not given. */
struct logs_opts {
	const char	*since;
	const char	*lines;		/* as given (numeric option, printed as an integer) */
	const char	*grep;
	const char	*grep_options;
	const char	*container_id;	/* app logs only */
	int		 follow;
	int		 timestamps;	/* !--skip-timestamps */
};

/* `exec` options. env: the -e KEY:VALUE pairs as key, value, key, value... (or NULL). */
struct exec_opts {
	int			 interactive;
	int			 reuse;
	int			 detach;
	int			 raw;
	const char		*version;	/* --version, or NULL */
	const struct strvec	*env;
};

/* top level */
int	flows_details(struct flow *f, struct errinfo *e);
int	flows_audit(struct flow *f, struct errinfo *e);

/* app */
int	flows_app_details(struct flow *f, struct errinfo *e);
int	flows_app_containers(struct flow *f, struct errinfo *e);
int	flows_app_images(struct flow *f, struct errinfo *e);
int	flows_app_version(struct flow *f, struct errinfo *e);
int	flows_app_logs(struct flow *f, const struct logs_opts *lo, struct str *local_exec,
	    struct errinfo *e);
int	flows_app_exec(struct flow *f, const struct strvec *words, const struct exec_opts *xo,
	    struct str *local_exec, struct errinfo *e);
int	flows_app_remove_container(struct flow *f, const char *version, struct errinfo *e);
int	flows_app_remove_containers(struct flow *f, struct errinfo *e);
int	flows_app_remove_images(struct flow *f, struct errinfo *e);
int	flows_app_remove_app_directories(struct flow *f, struct errinfo *e);

/* proxy */
int	flows_proxy_details(struct flow *f, struct errinfo *e);
int	flows_proxy_logs(struct flow *f, const struct logs_opts *lo, struct str *local_exec,
	    struct errinfo *e);
int	flows_proxy_remove_container(struct flow *f, struct errinfo *e);
int	flows_proxy_remove_image(struct flow *f, struct errinfo *e);
int	flows_proxy_remove_proxy_directory(struct flow *f, struct errinfo *e);

/* accessory (name may be "all" for details) */
int	flows_accessory_details(struct flow *f, const char *name, struct errinfo *e);
int	flows_accessory_logs(struct flow *f, const char *name, const struct logs_opts *lo,
	    struct str *local_exec, struct errinfo *e);
int	flows_accessory_exec(struct flow *f, const char *name, const struct strvec *words,
	    const struct exec_opts *xo, struct str *local_exec, struct errinfo *e);
int	flows_accessory_upload(struct flow *f, const char *name, struct errinfo *e);
int	flows_accessory_directories(struct flow *f, const char *name, struct errinfo *e);
int	flows_accessory_pull_image(struct flow *f, const char *name, struct errinfo *e);
int	flows_accessory_remove_container(struct flow *f, const char *name, struct errinfo *e);
int	flows_accessory_remove_image(struct flow *f, const char *name, struct errinfo *e);
int	flows_accessory_remove_service_directory(struct flow *f, const char *name,
	    struct errinfo *e);

/* lock, server, build */
int	flows_lock_status(struct flow *f, struct errinfo *e);
int	flows_server_exec(struct flow *f, const struct strvec *words, const struct exec_opts *xo,
	    struct str *local_exec, struct errinfo *e);
int	flows_build_details(struct flow *f, struct errinfo *e);

/* An SSHKit log line outside a command ("  INFO <msg>"), as Kamal's `info`. */
void	flow_info(struct flow *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Kamal::Utils.join_commands: each word stripped, joined with single spaces. */
void	flow_join_words(const struct strvec *words, struct str *out);

#endif
