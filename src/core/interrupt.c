/*
 * interrupt — see interrupt.h.
 */
#include "core/interrupt.h"

#include <signal.h>
#include <stdatomic.h>

/* Written by a signal handler, read by any thread: a lock-free atomic int
 * (C11 7.14.1.1 allows those in handlers). */
static atomic_int requested;

void
interrupt_request(int sig)
{
	int none = 0;

	atomic_compare_exchange_strong(&requested, &none, sig);
}

int
interrupt_pending(void)
{
	return atomic_load(&requested);
}

const char *
interrupt_signame(int sig)
{
	switch (sig) {
	case SIGINT:
		return "SIGINT";
	case SIGTERM:
		return "SIGTERM";
	case SIGHUP:
		return "SIGHUP";
	default:
		return "signal";
	}
}
