/*
 * proxycmd — ProxyCommand (ssh_config(5)): the SSH transport runs over the
 * stdin/stdout of a local command instead of a TCP socket. As ssh(1) does, the
 * command runs as `exec <command>` under /bin/sh (so the shell does not linger
 * between us and it), inherits our stderr, and gets SIGHUP when the connection
 * ends.
 */
#include "ssh/client_int.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/proc.h"
#include "core/str.h"

int
proxycmd_spawn(const char *cmd, pid_t *pid, int *rfd, int *wfd, struct errinfo *e)
{
	struct proc p;
	struct str full = STR_INIT;
	char *argv[4];
	int r;

	str_addf(&full, "exec %s", cmd);
	argv[0] = (char *)"/bin/sh";
	argv[1] = (char *)"-c";
	argv[2] = full.s;
	argv[3] = NULL;
	r = proc_spawn(&p, argv, NULL, PROC_STDIN_PIPE | PROC_STDOUT_PIPE, e);
	str_release(&full);
	if (r != 0) {
		err_prefix(e, "ProxyCommand '%s'", cmd);
		return r;
	}
	fcntl(p.in, F_SETFL, fcntl(p.in, F_GETFL) | O_NONBLOCK);
	fcntl(p.out, F_SETFL, fcntl(p.out, F_GETFL) | O_NONBLOCK);
	*pid = p.pid;
	*rfd = p.out;
	*wfd = p.in;
	return 0;
}

void
proxycmd_reap(pid_t pid)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int st, i;
	pid_t r;

	if (pid <= 0)
		return;
	kill(pid, SIGHUP);
	/* Our pipes are closed already: most commands are gone at once. */
	for (i = 0; i < 100; i++) {
		r = waitpid(pid, &st, WNOHANG);
		if (r == pid || (r < 0 && errno != EINTR))
			return;
		nanosleep(&ts, NULL);
	}
	kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
}
