/*
 * proc — local child processes with pipes.
 *
 * Used for local commands (docker build, hooks, secret helpers, ProxyCommand).
 * Spawning uses posix_spawn (safe with threads, unlike fork in a threaded
 * process). Capture reads stdout and stderr together with poll(2) so a child
 * that fills one pipe cannot deadlock against us, and caps what it keeps.
 */
#ifndef SEXTANT_CORE_PROC_H
#define SEXTANT_CORE_PROC_H

#include <sys/types.h>

struct errinfo;
struct str;

enum {
	PROC_STDIN_PIPE = 1 << 0,	/* p->in is a pipe to the child's stdin */
	PROC_STDOUT_PIPE = 1 << 1,	/* p->out reads the child's stdout */
	PROC_STDERR_PIPE = 1 << 2,	/* p->err reads the child's stderr */
	PROC_STDERR_TO_OUT = 1 << 3,	/* child's stderr goes where its stdout goes */
	PROC_STDIN_NULL = 1 << 4	/* child's stdin is /dev/null */
};

struct proc {
	pid_t	pid;
	int	in, out, err;	/* -1 where not piped */
};

/* argv[0] is looked up in PATH. envp NULL = inherit ours. */
int	proc_spawn(struct proc *p, char *const argv[], char *const envp[], int flags,
	    struct errinfo *e);
/* Closes our pipe ends and waits. *status is the exit code, or 128+signal. */
int	proc_wait(struct proc *p, int *status);

/*
 * Runs `/bin/sh -c cmd`, stdin from /dev/null, collecting stdout and stderr (each
 * capped at max bytes: more fails with ERR_RANGE after the child exits).
 * out/err may be NULL to discard. envp NULL = inherit.
 */
int	proc_run_shell(const char *cmd, char *const envp[], struct str *out, struct str *err,
	    size_t max, int *status, struct errinfo *e);

/* The same for an argv. */
int	proc_run_argv(char *const argv[], char *const envp[], struct str *out, struct str *err,
	    size_t max, int *status, struct errinfo *e);

/*
 * The same with `in` (inlen bytes) written to the child's stdin, then EOF (in NULL:
 * stdin from /dev/null). A child that exits without reading it all is not an error.
 */
int	proc_run_argv_input(char *const argv[], char *const envp[], const void *in, size_t inlen,
	    struct str *out, struct str *err, size_t max, int *status, struct errinfo *e);
int	proc_run_shell_input(const char *cmd, char *const envp[], const void *in, size_t inlen,
	    struct str *out, struct str *err, size_t max, int *status, struct errinfo *e);

#endif
