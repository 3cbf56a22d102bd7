#include "core/proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/err.h"
#include "core/str.h"

extern char **environ;

static void
close_fd(int *fd)
{
	if (*fd >= 0) {
		close(*fd);
		*fd = -1;
	}
}

int
proc_spawn(struct proc *p, char *const argv[], char *const envp[], int flags, struct errinfo *e)
{
	int pin[2] = { -1, -1 }, pout[2] = { -1, -1 }, perr[2] = { -1, -1 };
	posix_spawn_file_actions_t fa;
	int r, rc = ERR_IO;

	p->pid = -1;
	p->in = p->out = p->err = -1;
	if (((flags & PROC_STDIN_PIPE) && pipe2(pin, O_CLOEXEC) != 0) ||
	    ((flags & PROC_STDOUT_PIPE) && pipe2(pout, O_CLOEXEC) != 0) ||
	    ((flags & PROC_STDERR_PIPE) && pipe2(perr, O_CLOEXEC) != 0)) {
		err_set(e, ERR_IO, "cannot create pipe: %s", strerror(errno));
		goto out;
	}
	posix_spawn_file_actions_init(&fa);
	if (flags & PROC_STDIN_PIPE)
		posix_spawn_file_actions_adddup2(&fa, pin[0], 0);
	else if (flags & PROC_STDIN_NULL)
		posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (flags & PROC_STDOUT_PIPE)
		posix_spawn_file_actions_adddup2(&fa, pout[1], 1);
	if (flags & PROC_STDERR_PIPE)
		posix_spawn_file_actions_adddup2(&fa, perr[1], 2);
	else if (flags & PROC_STDERR_TO_OUT)
		posix_spawn_file_actions_adddup2(&fa, 1, 2);
	r = posix_spawnp(&p->pid, argv[0], &fa, NULL, argv, envp ? envp : environ);
	posix_spawn_file_actions_destroy(&fa);
	if (r != 0) {
		err_set(e, ERR_IO, "cannot run %s: %s", argv[0], strerror(r));
		p->pid = -1;
		goto out;
	}
	p->in = pin[1];
	pin[1] = -1;
	p->out = pout[0];
	pout[0] = -1;
	p->err = perr[0];
	perr[0] = -1;
	rc = 0;
out:
	close_fd(&pin[0]);
	close_fd(&pin[1]);
	close_fd(&pout[0]);
	close_fd(&pout[1]);
	close_fd(&perr[0]);
	close_fd(&perr[1]);
	return rc;
}

int
proc_wait(struct proc *p, int *status)
{
	int st;
	pid_t r;

	close_fd(&p->in);
	close_fd(&p->out);
	close_fd(&p->err);
	if (p->pid < 0)
		return ERR_INVAL;
	do {
		r = waitpid(p->pid, &st, 0);
	} while (r < 0 && errno == EINTR);
	p->pid = -1;
	if (r < 0)
		return ERR_IO;
	if (WIFEXITED(st))
		*status = WEXITSTATUS(st);
	else if (WIFSIGNALED(st))
		*status = 128 + WTERMSIG(st);
	else
		*status = 255;
	return 0;
}

/*
 * write(2) to a pipe whose reader may be gone, without SIGPIPE: a library must not
 * depend on its caller ignoring the signal. SIGPIPE is blocked in this thread for
 * the call and, if the write raised one, taken off the pending set before the
 * mask is restored (POSIX: the signal goes to the writing thread).
 */
static ssize_t
write_nosigpipe(int fd, const void *p, size_t n)
{
	sigset_t pipe_set, old;
	struct timespec zero = { 0, 0 };
	ssize_t w;
	int saved;

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	w = write(fd, p, n);
	saved = errno;
	if (w < 0 && saved == EPIPE && !sigismember(&old, SIGPIPE))
		while (sigtimedwait(&pipe_set, NULL, &zero) < 0 && errno == EINTR)
			;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	errno = saved;
	return w;
}

int
proc_run_argv_input(char *const argv[], char *const envp[], const void *in, size_t inlen,
    struct str *out, struct str *err, size_t max, int *status, struct errinfo *e)
{
	struct proc p;
	struct pollfd pf[3];
	struct str *dst[2] = { out, err };
	const unsigned char *ip = in;
	size_t done = 0;
	char tmp[8192];
	int r, over = 0, i, open_n;

	r = proc_spawn(&p, argv, envp, (in ? PROC_STDIN_PIPE : PROC_STDIN_NULL) | PROC_STDOUT_PIPE |
	    PROC_STDERR_PIPE, e);
	if (r != 0)
		return r;
	pf[0].fd = p.out;
	pf[1].fd = p.err;
	pf[0].events = pf[1].events = POLLIN;
	pf[2].fd = -1;
	pf[2].events = POLLOUT;
	if (in) {
		/* non-blocking, so a child that reads slowly (or never) cannot stall us
		 * while its output pipes fill */
		(void)fcntl(p.in, F_SETFL, fcntl(p.in, F_GETFL) | O_NONBLOCK);
		if (inlen == 0)
			close_fd(&p.in);
		else
			pf[2].fd = p.in;
	}
	open_n = 2;
	while (open_n > 0) {
		if (poll(pf, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pf[2].fd >= 0 && (pf[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
			ssize_t n = write_nosigpipe(pf[2].fd, ip + done, inlen - done);

			if (n > 0)
				done += (size_t)n;
			if ((n < 0 && errno != EAGAIN && errno != EINTR) || done == inlen) {
				/* EPIPE: the child does not want the rest; EOF either way */
				pf[2].fd = -1;
				close_fd(&p.in);
			}
		}
		for (i = 0; i < 2; i++) {
			ssize_t n;

			if (pf[i].fd < 0 || !(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = read(pf[i].fd, tmp, sizeof(tmp));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				pf[i].fd = -1;
				open_n--;
				continue;
			}
			if (dst[i] == NULL)
				continue;
			if (dst[i]->len + (size_t)n > max) {
				over = 1;
				continue;
			}
			str_add(dst[i], tmp, (size_t)n);
		}
	}
	if (proc_wait(&p, status) != 0)
		return err_set(e, ERR_IO, "cannot wait for %s", argv[0]);
	if (over)
		return err_set(e, ERR_RANGE, "output of %s exceeds %zu bytes", argv[0], max);
	return 0;
}

int
proc_run_argv(char *const argv[], char *const envp[], struct str *out, struct str *err,
    size_t max, int *status, struct errinfo *e)
{
	return proc_run_argv_input(argv, envp, NULL, 0, out, err, max, status, e);
}

int
proc_run_shell(const char *cmd, char *const envp[], struct str *out, struct str *err,
    size_t max, int *status, struct errinfo *e)
{
	char *argv[] = { "/bin/sh", "-c", (char *)(uintptr_t)cmd, NULL };

	return proc_run_argv(argv, envp, out, err, max, status, e);
}

int
proc_run_shell_input(const char *cmd, char *const envp[], const void *in, size_t inlen,
    struct str *out, struct str *err, size_t max, int *status, struct errinfo *e)
{
	char *argv[] = { "/bin/sh", "-c", (char *)(uintptr_t)cmd, NULL };

	return proc_run_argv_input(argv, envp, in, inlen, out, err, max, status, e);
}
