/*
 * timeutil — clocks.
 *
 * time_now() honours SOURCE_DATE_EPOCH so golden tests and --dry-run plans are
 * reproducible (the same convention reproducible-build tools use).
 */
#ifndef SEXTANT_CORE_TIMEUTIL_H
#define SEXTANT_CORE_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Monotonic milliseconds, for deadlines. */
int64_t	time_mono_ms(void);
/* Wall clock in seconds (SOURCE_DATE_EPOCH if set and valid). */
time_t	time_now(void);
/* "2024-01-01T00:00:00Z" for t, into out (at least 21 bytes). */
void	time_iso8601_utc(time_t t, char *out, size_t n);
void	sleep_ms(int64_t ms);

#endif
