/*
 * err — errors as values.
 *
 * Every fallible function returns 0 on success or one of the negative ERR_* codes
 * below, and (when given one) fills the caller's struct errinfo with a message and
 * where it applies a location: a host name, or file:line:col in a config file.
 * Only src/cli and main.c turn an errinfo into output and an exit status.
 */
#ifndef SEXTANT_CORE_ERR_H
#define SEXTANT_CORE_ERR_H

#include <stdarg.h>

enum {
	ERR_OK = 0,
	ERR_INVAL = -1,		/* bad argument or bad input */
	ERR_IO = -2,		/* local I/O (errno in the message) */
	ERR_PARSE = -3,		/* malformed data */
	ERR_RANGE = -4,		/* a length or count over its bound */
	ERR_PROTO = -5,		/* peer broke the protocol */
	ERR_CRYPTO = -6,	/* signature, MAC or key check failed */
	ERR_AUTH = -7,		/* authentication refused */
	ERR_HOSTKEY = -8,	/* host key unknown or changed */
	ERR_TIMEOUT = -9,	/* a deadline passed */
	ERR_CLOSED = -10,	/* peer closed the connection */
	ERR_AGAIN = -11,	/* engine needs more input (not a failure) */
	ERR_NOTFOUND = -12,	/* file, key, host or entry absent */
	ERR_CONFIG = -13,	/* configuration rejected */
	ERR_REMOTE = -14,	/* a remote command failed */
	ERR_UNSUPPORTED = -15,	/* valid but not implemented by sextant */
	ERR_INTERRUPTED = -16,	/* SIGINT/SIGTERM */
	ERR_LOCKED = -17,	/* deploy lock held */
	ERR_NOTIMPL = -18,	/* command not implemented yet */
	ERR_USAGE = -19,	/* command line misuse */
	ERR__MIN = -20
};

#define ERR_MSG_MAX	2048
#define ERR_WHERE_MAX	512

struct errinfo {
	int	code;
	char	msg[ERR_MSG_MAX];
	char	where[ERR_WHERE_MAX];	/* "host" or "file:line:col", may be empty */
};

/* Short name of a code, e.g. "timeout". */
const char	*err_str(int code);
void		 err_clear(struct errinfo *e);
/* Set code and message; returns code so callers can `return err_set(...)`. e may be NULL. */
int		 err_set(struct errinfo *e, int code, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
int		 err_vset(struct errinfo *e, int code, const char *fmt, va_list ap);
/* Like err_set, and records file:line:col (line/col 1-based; 0 = unknown). */
int		 err_setloc(struct errinfo *e, int code, const char *file, int line, int col,
		    const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Sets where = host. */
void		 err_sethost(struct errinfo *e, const char *host);
/* Prepends "prefix: " to the message (context from an outer layer). */
void		 err_prefix(struct errinfo *e, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

#endif
