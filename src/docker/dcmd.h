/*
 * dcmd — a command as Kamal builds it: an array of elements ("tokens"), turned
 * into the string sent over SSH the way SSHKit does it (spec/kamal.md §2.1, §2.5).
 *
 * Builders push tokens already escaped (see shellquote.h and args.h); nothing is
 * quoted at join time. A token may be secret (Kamal's `sensitive`): logs show
 * `[REDACTED]` in its place, as SSHKit's Command#with_redaction does for the
 * whole element (so `--build-arg` `K="v"` is logged `--build-arg [REDACTED]`).
 *
 * Rendering (SSHKit::Command#to_command): the first token is the "command"; its
 * lines are stripped and joined with "; ". If it contains white space it is sent
 * verbatim and every other token is DROPPED (SSHKit's should_map? is false).
 * Otherwise it is mapped — `docker`, `if`, `test`, `time`, `exec` stay as they
 * are, anything else becomes `/usr/bin/env <cmd>` (an empty command therefore
 * becomes "/usr/bin/env ") — and the remaining tokens are appended, each after
 * one space.
 */
#ifndef SEXTANT_DOCKER_DCMD_H
#define SEXTANT_DOCKER_DCMD_H

#include <stddef.h>

struct str;

struct dtok {
	char	*s;
	int	 secret;	/* logged as [REDACTED] */
};

struct dcmd {
	struct dtok	*v;
	size_t		 n, cap;
	/*
	 * Optional: the same command in a form that reads a secret from its standard
	 * input instead of its command line (`docker login --password-stdin`), and
	 * that input. Executors that run commands for real send this form, so the
	 * secret is in no argv on either machine; the plan (--dry-run) shows Kamal's.
	 * Only a command run on its own has one: dcmd_append/dcmd_take/dcmd_combine
	 * copy tokens, not this form.
	 */
	struct dcmd	*stdin_form;
	char		*stdin_data;
	size_t		 stdin_len;
};

#define DCMD_INIT	{ NULL, 0, 0, NULL, NULL, 0 }

void	dcmd_init(struct dcmd *c);
void	dcmd_release(struct dcmd *c);
/* Empties c, keeping its storage. */
void	dcmd_reset(struct dcmd *c);

void	dcmd_add(struct dcmd *c, const char *s);
void	dcmd_addn(struct dcmd *c, const char *s, size_t n);
void	dcmd_addf(struct dcmd *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Several tokens; the list ends with NULL. */
void	dcmd_addv(struct dcmd *c, ...) __attribute__((sentinel));
/* Gives c a stdin form (form is taken: left empty) and a copy of its input
 * (wiped when c is reset). */
void	dcmd_set_stdin_form(struct dcmd *c, struct dcmd *form, const void *data, size_t len);
/* A token that logs show as [REDACTED]. */
void	dcmd_add_secret(struct dcmd *c, const char *s);
/* Appends copies of all of o's tokens. */
void	dcmd_append(struct dcmd *c, const struct dcmd *o);
/* Moves o's tokens to the end of c; o is left empty. */
void	dcmd_take(struct dcmd *c, struct dcmd *o);

/*
 * Kamal's combinators: `combine(a, b, ..., by:)` is a's tokens, by, b's tokens...
 * dcmd_combine appends `by` then o (or just o when c is still empty), so
 * chain/pipe/any are repeated dcmd_combine calls.
 */
void	dcmd_combine(struct dcmd *c, const char *by, const struct dcmd *o);

/* Kamal's shell(cmd): appends `sh`, `-c`, `'<cmd joined by spaces, ' as '\''>'`. */
void	dcmd_shell(struct dcmd *c, const struct dcmd *inner);

/* Plain join of the tokens with single spaces (Ruby Array#join(" ")). */
void	dcmd_join(const struct dcmd *c, struct str *out);

/* SSHKit's Command#command: the first token, sanitized (what failure messages name). */
void	dcmd_command_name(const struct dcmd *c, struct str *out);

/* The SSHKit string: what is sent (redact=0) or what logs show (redact=1). */
void	dcmd_render(const struct dcmd *c, int redact, struct str *out);
/* Same, into a new heap string. */
char	*dcmd_to_string(const struct dcmd *c, int redact);
/*
 * With SSHKit's `env:` option ("K=V" entries, NULL-terminated; Kamal passes one only
 * for remote builds): a mapped command becomes `( export K="V" ... ; <cmd> )`, each
 * value's `"` escaped as `\"` (SSHKit Command#with/environment_string).
 */
void	dcmd_render_env(const struct dcmd *c, char *const *env, int redact, struct str *out);

#endif
