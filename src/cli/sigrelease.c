/*
 * sigrelease — see sigrelease.h.
 */
#include "cli/sigrelease.h"

#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cli/output.h"
#include "core/err.h"
#include "core/interrupt.h"
#include "flows/flow.h"

static int pipefd[2] = { -1, -1 };
static volatile sig_atomic_t nsignals;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static struct flow *watched;
static int inherited;		/* the lock was held by a parent (KAMAL_LOCK=true) */

static void
on_signal(int sig)
{
	unsigned char b = (unsigned char)sig;

	/* async-signal-safe only. The first signal asks the flow to stop at its next
	 * step (core/interrupt.h: running steps finish, the flow unwinds and releases
	 * the lock); the second releases the lock now and ends; a third ends at once. */
	if (nsignals++ > 1)
		_exit(128 + sig);
	if (nsignals == 1)
		interrupt_request(sig);
	if (write(pipefd[1], &b, 1) != 1)
		_exit(128 + sig);
}

static void *
watcher(void *arg)
{
	struct errinfo e;
	unsigned char b = 0;
	sigset_t all;
	int released = 0;

	(void)arg;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	while (read(pipefd[0], &b, 1) != 1)
		;
	out_say("red", "Interrupted by %s: finishing the steps running now, then releasing the deploy lock "
	    "(interrupt again to stop at once)", interrupt_signame(b));
	while (read(pipefd[0], &b, 1) != 1)
		;
	pthread_mutex_lock(&mu);
	if (watched && watched->holding_lock && !inherited) {
		out_say("red", "Interrupted by %s: releasing the deploy lock...", interrupt_signame(b));
		err_clear(&e);
		if (flow_lock_release_only(watched, &e) != 0)
			out_say("red", "Error releasing the deploy lock: %s", e.msg);
		else
			released = 1;
	}
	out_error("Interrupt", "%s%s", interrupt_signame(b), released ? " (deploy lock released)" : "");
	_exit(128 + b);
	return NULL;
}

static void
setup(void)
{
	struct sigaction sa;
	pthread_t t;
	sigset_t all, old;

	if (pipe(pipefd) != 0)
		return;
	/* the watcher starts with every signal blocked, so handlers run elsewhere */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	if (pthread_create(&t, NULL, watcher, NULL) == 0)
		pthread_detach(t);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

void
sigrelease_watch(struct flow *f)
{
	pthread_once(&once, setup);
	pthread_mutex_lock(&mu);
	watched = f;
	inherited = f ? f->holding_lock : 0;
	pthread_mutex_unlock(&mu);
}
