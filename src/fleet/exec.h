/*
 * exec — the executor interface: how flows (src/flows) reach servers and the
 * local machine without knowing whether anything really runs.
 *
 * A flow is sequential per-host code ("send this, upload that, run this
 * locally"); it talks to a struct executor through four operations:
 *
 *   exec       run one command string on a host, return its exit status and output
 *   upload     write bytes to a remote path with a mode (SSHKit upload!: scp -t)
 *   upload_dir copy a directory tree below a remote parent (upload! recursive: scp -r)
 *   run_local  run one command string on this machine (SSHKit run_locally)
 *
 * Two executors exist or are planned:
 *   - the plan executor (plan.c, `--dry-run`): connects to nothing, runs nothing,
 *     records every call per host in the order received and answers as a fresh
 *     server would (see enum xprobe), then prints the plan;
 *   - the SSH executor (another module): real connections, one per host, commands
 *     as SSH exec channels, uploads over `scp -t`, local commands via core/proc.
 *
 * The call carries the *meaning* of the answer the flow expects (probe) and the
 * command's effect on server state (effect) — an SSH executor ignores both; the
 * plan executor uses them to model a fresh server without parsing commands.
 *
 * Thread-safety: an executor whose ops->parallel is set must accept concurrent
 * calls for different hosts (fleet_on then runs hosts in parallel); the plan
 * executor is sequential, which also makes plans deterministic.
 */
#ifndef SEXTANT_FLEET_EXEC_H
#define SEXTANT_FLEET_EXEC_H

#include <stddef.h>

#include "core/str.h"

struct errinfo;

/* What the flow reads from the answer. */
enum xprobe {
	XP_NONE = 0,		/* output ignored / fresh server prints nothing */
	XP_CONTAINER_ID,	/* subject = container name: "<container-id>" if it exists, else "" */
	XP_RUNNING_VERSION,	/* current running version of a role: "" (nothing runs on a fresh server) */
	XP_HEALTH,		/* container health/state: "healthy" */
	XP_ECHO,		/* the answer is known locally: output = subject (e.g. git revision) */
	XP_COUNT		/* a count: "0" */
};

/* What the command does to server state (for the plan executor's model). */
enum xeffect {
	XE_NONE = 0,
	XE_CREATE,		/* subject (a container name) now exists */
	XE_REMOVE,		/* subject no longer exists under that name (rm, rename) */
	XE_START,		/* subject is started: fails (status 1) if it does not exist */
	XE_MKDIR,		/* `mkdir subject`: fails if it exists (the deploy lock) */
	XE_RMDIR		/* removes subject: fails if it does not exist (lock release) */
};

struct xcmd {
	const char	*cmd;		/* the exact string sent (SSHKit to_command) */
	const char	*logged;	/* as logs show it, secrets redacted; NULL = cmd */
	int		 debug;		/* Kamal runs it at debug verbosity (audit, lock) */
	enum xprobe	 probe;
	enum xeffect	 effect;
	const char	*subject;
	/* run_local only */
	char *const	*env;		/* extra "K=V" entries added to our environment, NULL-terminated */
	const char	*cwd;		/* directory to run in; NULL = ours */
	/*
	 * Optional (dcmd stdin_form): the command that really runs, reading the secret
	 * stdin_data on its standard input, and how to log it. Executors that run
	 * commands send this instead of cmd; the plan executor records cmd (Kamal's).
	 */
	const char	*stdin_cmd;
	const char	*stdin_logged;
	const void	*stdin_data;
	size_t		 stdin_len;
};

struct xresult {
	int		status;		/* exit status; 0 = success */
	struct str	out;		/* stdout (not stripped) */
	struct str	err;		/* stderr */
};

#define XRESULT_INIT	{ 0, STR_INIT, STR_INIT }
void	xresult_release(struct xresult *r);
void	xresult_reset(struct xresult *r);

/*
 * What a command may print, per stream, before the executors give up on it
 * (ERR_RANGE once it has exited): every output is held in memory, as Kamal
 * holds it, and a server must not be able to exhaust ours.
 */
#define XRESULT_MAX	(256u << 20)
/*
 * Appends p[0..n) to r's stdout (stream 1) or stderr (2) unless the stream
 * would pass max bytes; then keeps nothing more of it and returns -1.
 */
int	xresult_add(struct xresult *r, int stream, const void *p, size_t n, size_t max);

struct xupload {
	const char	*path;		/* remote path, relative to the login directory */
	const void	*data;
	size_t		 len;
	int		 mode;		/* permission bits for scp's C directive */
	int		 mode_explicit;	/* Kamal passed `mode:` (env files 0600, certs 0644);
					   else the local file's mode is used */
	int		 secret;	/* content is secret: never log it */
};

struct xfile {
	const char	*name;		/* file name inside the directory */
	const void	*data;
	size_t		 len;
	int		 mode;
};

struct executor;

/* Levels of messages for the user. */
enum { XSAY_INFO = 0, XSAY_WARN = 1, XSAY_ERROR = 2 };

struct executor_ops {
	const char	*name;		/* "plan", "ssh" */
	int		 parallel;	/* exec/upload may be called concurrently for different hosts */
	int		 simulated;	/* nothing really runs (plan): flows skip their pauses */
	/*
	 * Returns 0 when the command ran, whatever its exit status (in r->status);
	 * a negative ERR_* when it could not be run at all (connection, protocol),
	 * with e filled (e->where = host).
	 */
	int	(*exec)(struct executor *x, const char *host, const struct xcmd *c,
		    struct xresult *r, struct errinfo *e);
	int	(*upload)(struct executor *x, const char *host, const struct xupload *u,
		    struct errinfo *e);
	/* A directory `dirname` (mode dir_mode) holding files, created below remote_parent. */
	int	(*upload_dir)(struct executor *x, const char *host, const char *remote_parent,
		    const char *dirname, int dir_mode, const struct xfile *files, size_t n,
		    struct errinfo *e);
	int	(*run_local)(struct executor *x, const struct xcmd *c, struct xresult *r,
		    struct errinfo *e);
	/* A progress message for the user (Kamal's say/info); may be NULL. */
	void	(*say)(struct executor *x, const char *msg);
	void	(*release)(struct executor *x);
	/* Optional: a message with its level (XSAY_*: warnings are yellow, errors red
	 * in Kamal). NULL: every level goes to say(). */
	void	(*say_level)(struct executor *x, int level, const char *msg);
};

struct executor {
	const struct executor_ops	*ops;
	void				*priv;
};

/* Convenience wrappers (NULL-safe for optional ops). */
int	x_exec(struct executor *x, const char *host, const struct xcmd *c, struct xresult *r,
	    struct errinfo *e);
int	x_upload(struct executor *x, const char *host, const struct xupload *u, struct errinfo *e);
int	x_upload_dir(struct executor *x, const char *host, const char *remote_parent,
	    const char *dirname, int dir_mode, const struct xfile *files, size_t n,
	    struct errinfo *e);
int	x_run_local(struct executor *x, const struct xcmd *c, struct xresult *r, struct errinfo *e);
void	x_say(struct executor *x, int level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void	x_release(struct executor *x);

#endif
