/*
 * dotenv — the .kamal/secrets file format: bkeepers/dotenv 3.2's parser as Kamal
 * uses it (overwrite: true, with Kamal's inline command substitution in place
 * of dotenv's own). Spec §9.2, §9.3.
 *
 * Lines are matched the way dotenv's LINE regex scans the whole text (a
 * quoted value may span lines; a line that does not match is skipped); values
 * are unquoted, unescaped and substituted in dotenv's order: `\n` expansion in
 * double quotes, backslash unescaping, $(command) substitution, then $VAR /
 * ${VAR} substitution (earlier keys of this file, then the environment, else "").
 */
#ifndef SEXTANT_CONFIG_DOTENV_H
#define SEXTANT_CONFIG_DOTENV_H

#include <stddef.h>

struct errinfo;
struct str;
struct strvec;

struct dotenv_ops {
	/* ENV lookup; NULL when unset. */
	const char	*(*getenv)(void *ctx, const char *name);
	/*
	 * Runs a $(...) command (already variable-substituted): output appended to
	 * out, without the one trailing newline Ruby's chomp removes (the callee
	 * chomps). NULL = commands are refused (fuzzing).
	 */
	int		 (*command)(void *ctx, const char *cmd, struct str *out, struct errinfo *e);
	void		*ctx;
};

#define DOTENV_MAX_KEYS	100000
/*
 * Substitution can make a value far longer than the file ($A$A$A... over a value
 * that is itself doubled, line after line: 2^lines bytes). A value may be as
 * long as the secrets file may be (1 MiB), and all values parsed from one file,
 * overwritten ones included, 16 MiB together.
 */
#define DOTENV_MAX_VALUE	(1u << 20)
#define DOTENV_MAX_TOTAL	(16u << 20)

/*
 * Parses text (n bytes; a UTF-8 BOM is skipped) into keys/values (parallel,
 * Ruby Hash order: a repeated key keeps its first position). file is used for
 * error locations. Errors: ERR_PARSE `Line "..." has an unset variable`, ERR_RANGE
 * over DOTENV_MAX_KEYS, DOTENV_MAX_VALUE or DOTENV_MAX_TOTAL, or the command's error.
 */
int	dotenv_parse(const char *file, const char *text, size_t n, const struct dotenv_ops *ops,
	    struct strvec *keys, struct strvec *values, struct errinfo *e);

#endif
