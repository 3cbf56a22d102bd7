/*
 * shellquote — the byte-exact quoting rules Kamal 2.12 applies to values it puts
 * into remote command lines and env files (spec/kamal.md §2.2, §5.3).
 *
 * Kamal quotes with Ruby's String#dump rather than with shell single quotes, so
 * the remote shell sees a double-quoted word: `$VAR` and backquotes are escaped,
 * `${VAR}` is deliberately left for the remote shell to expand, and dump's own
 * escapes (\t, \n, \#, \xHH) are NOT undone by the shell — Docker receives them
 * literally. Non-ASCII runs are emitted raw between separately quoted ASCII runs.
 * sextant must reproduce these bytes exactly, quirks included, because the
 * strings end up in container configuration on the servers.
 *
 * Everything here is pure: output is appended to a caller's struct str.
 */
#ifndef SEXTANT_DOCKER_SHELLQUOTE_H
#define SEXTANT_DOCKER_SHELLQUOTE_H

#include <stddef.h>

struct str;

/*
 * Ruby String#dump of bytes that are all ASCII (< 0x80), with the surrounding
 * double quotes: `"` and `\` escaped, \n \r \t \f \v \b \a \e named, `#` before
 * `{`, `$` or `@` escaped, other control bytes and DEL as \xHH (uppercase).
 */
void	shq_rb_dump(struct str *out, const char *p, size_t n);

/*
 * Kamal::Utils.escape_shell_value: the value split into maximal ASCII and
 * non-ASCII runs; each ASCII run dumped, then every backquote becomes \` and every
 * `$` not opening a `${...}` becomes \$. Non-ASCII runs are copied raw. The empty
 * string yields nothing at all (not "").
 */
void	shq_escape(struct str *out, const char *p, size_t n);
void	shq_escape_cstr(struct str *out, const char *s);

/*
 * Kamal::EnvFile value escaping (Docker env files do no unescaping): per ASCII
 * run, the dump without its quotes, then `\"` -> `"` and `\#` -> `#` (two plain
 * left-to-right substitutions, exactly as Ruby's gsub does them); non-ASCII raw.
 */
void	shq_envfile_value(struct str *out, const char *p, size_t n);

/* `'` + s with every `'` turned into `'\''` + `'` (Kamal's shell() wrapper). */
void	shq_single(struct str *out, const char *s);

/*
 * ActiveSupport String#blank?: empty or only white space (ASCII white space and
 * the Unicode White_Space code points Ruby's [[:space:]] matches in UTF-8).
 */
int	rb_blank(const char *s);

/* Ruby's /\s/ (space, \t, \n, \v, \f, \r): used by SSHKit's should_map?. */
int	rb_has_space(const char *s);

#endif
