/*
 * lock — the deploy lock directory on the primary host (lib/kamal/commands/lock.rb,
 * spec/kamal.md §5.4).
 */
#ifndef SEXTANT_DOCKER_LOCK_H
#define SEXTANT_DOCKER_LOCK_H

#include "docker/dk.h"

struct str;

/* ".kamal/lock-SD" */
void	dlock_dir(const struct dk *k, struct str *out);
/*
 * mkdir .kamal/lock-SD && echo "<base64>" > .kamal/lock-SD/details, where the base64
 * (RFC 2045 lines of 60 characters, each ending in a newline, like Ruby's
 * Base64.encode64) encodes "Locked by: <locked_by> at <time>\nVersion: <ver>\nMessage: <msg>"
 * with surrounding white space stripped (the heredoc's .strip).
 */
void	dlock_acquire(struct dcmd *c, const struct dk *k, const char *message, const char *version,
	    const char *locked_by, const char *time_iso);
/* rm .kamal/lock-SD/details && rm -r .kamal/lock-SD */
void	dlock_release(struct dcmd *c, const struct dk *k);
/* stat .kamal/lock-SD > /dev/null && cat .kamal/lock-SD/details | base64 -d */
void	dlock_status(struct dcmd *c, const struct dk *k);
/* mkdir -p .kamal */
void	dlock_ensure_locks_directory(struct dcmd *c, const struct dk *k);
/* Ruby Base64.encode64 (exported for tests). */
void	dlock_encode64(const void *p, size_t n, struct str *out);

#endif
