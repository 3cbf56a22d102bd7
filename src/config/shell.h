/*
 * shell — what the configuration layer needs from a shell: running a command
 * the way Ruby backticks do (stdin and stderr inherited, stdout captured and
 * bounded) and Ruby's Shellwords split/escape (aliases, `kamal secrets` inside
 * $(...)).
 */
#ifndef SEXTANT_CONFIG_SHELL_H
#define SEXTANT_CONFIG_SHELL_H

#include <stddef.h>

struct errinfo;
struct str;
struct strvec;

#define SHELL_OUTPUT_MAX	(4u * 1024 * 1024)

/* `/bin/sh -c cmd` like Ruby backticks: stdout into out (bounded), *status its exit. */
int	shell_capture(const char *cmd, char *const envp[], struct str *out, int *status,
	    struct errinfo *e);
/* The same for an argv (PATH lookup); ERR_NOTFOUND when argv[0] cannot be run. */
int	shell_capture_argv(char *const argv[], char *const envp[], struct str *out,
	    struct str *err, int *status, struct errinfo *e);

/* Ruby Shellwords.split: ERR_PARSE "Unmatched quote: ..." on an open quote. */
int	shellwords_split(const char *s, struct strvec *out, struct errinfo *e);
/* Kamal::Utils.escape_shell_value (spec §2.2): ASCII runs String#dump'ed, ` and $
 * (not ${...}) backslashed, non-ASCII runs raw. */
void	config_escape_shell_value(const char *s, struct str *out);
/* Ruby Shellwords.escape ("" -> "''"). */
void	config_shellwords_escape(const char *s, struct str *out);
/*
 * The same function as fleet/sshexec.c defines it (other modules include this
 * header for it); declared here so they keep compiling, defined there.
 */
void	shellwords_escape(const char *s, struct str *out);

#endif
