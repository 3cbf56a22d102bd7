/*
 * output — what users read while sextant works, in the shapes Kamal's users know
 * (spec/kamal.md §11): SSHKit's Pretty formatter lines
 *
 *     "  INFO [1a2b3c4d] Running docker -v on 10.0.0.1"
 *     "  INFO [1a2b3c4d] Finished in 0.123 seconds with exit status 0 (successful)."
 *
 * Thor `say` messages, `<Type> Host: H` blocks, and `  ERROR (<class>): <message>`.
 * With --json every event is one JSON object per line on stdout instead.
 *
 * Verbosity: OUT_QUIET (-q) shows errors only; OUT_INFO (default) shows INFO;
 * OUT_DEBUG (-v) adds DEBUG lines (commands run at debug, command output).
 * Colour only when stdout is a TTY and NO_COLOR is unset.
 *
 * Thread-safe: each event is formatted first and written with one call under a lock,
 * so lines from parallel hosts never interleave mid-line.
 */
#ifndef SEXTANT_CLI_OUTPUT_H
#define SEXTANT_CLI_OUTPUT_H

#include <stddef.h>

enum out_level {
	OUT_QUIET = 0,
	OUT_INFO = 1,
	OUT_DEBUG = 2
};

enum out_sev {
	SEV_DEBUG,
	SEV_INFO,
	SEV_WARN,
	SEV_ERROR
};

/* color: -1 = decide from isatty(1) and NO_COLOR. */
void	out_init(enum out_level level, int json, int color);
enum out_level out_level(void);
int	out_json(void);

/* A fresh 8-hex-digit command id (SSHKit's uuid prefix). */
void	out_new_id(char id[9]);

/* sev is the level the command runs at (Kamal runs audit/lock commands at debug). */
void	out_cmd_start(enum out_sev sev, const char *id, const char *cmd, const char *host,
	    const char *user);
void	out_cmd_data(enum out_sev sev, const char *id, const char *host, const char *data, size_t n,
	    int is_stderr);
void	out_cmd_finish(enum out_sev sev, const char *id, const char *host, double seconds,
	    int exit_status);

/* Thor say: a plain line (color: "magenta", "yellow", "red" or NULL), shown even with -q. */
void	out_say(const char *color, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "<type> Host: <host>" then text then a blank line (hidden by -q, as in Kamal). */
void	out_by_host(const char *type, const char *host, const char *text);
/* The final error line: "  ERROR (<cls>): <msg>" on stderr, red on a TTY. */
void	out_error(const char *cls, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Raw text to stdout (command results the user asked for), under the lock. */
void	out_write(const char *p, size_t n);

#endif
