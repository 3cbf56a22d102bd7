/*
 * cli — the command table, Thor-compatible option parsing, help, dispatch.
 *
 * Kamal is a Thor application; sextant reproduces its command tree and option
 * conventions (spec/kamal.md §3): `-`/`_` equivalence in command and option names,
 * `--no-X`/`--skip-X` for booleans, hash options as KEY:VALUE words, class
 * (global) options on every command.
 *
 * Handlers live in other files and are bound by name: the table refers to
 * `cmd_<group>_<name>` (or `cmd_<name>` at the top level) as weak symbols, so a
 * module implements a command by defining that function and nothing else needs
 * to change. A command whose handler is not linked in says so and exits 2.
 */
#ifndef SEXTANT_CLI_CLI_H
#define SEXTANT_CLI_CLI_H

#include <stddef.h>

#include "core/strvec.h"

#define SEXTANT_VERSION		"0.1.0"
#define KAMAL_COMPAT_VERSION	"2.12.0"

enum opt_type {
	OPT_BOOL,
	OPT_STRING,
	OPT_NUMERIC,
	OPT_HASH,	/* KEY:VALUE words */
	OPT_ARRAY	/* words until the next option */
};

enum {
	OPT_HIDDEN = 1 << 0,
	OPT_REQUIRED = 1 << 1,
	OPT_REPEATABLE = 1 << 2	/* a string option given several times accumulates */
};

struct opt_spec {
	const char	*name;		/* Thor spelling, underscores: "skip_push" */
	char		 alias;		/* short letter or 0 */
	enum opt_type	 type;
	const char	*def;		/* default as text, or NULL */
	const char	*banner;	/* value placeholder in help, e.g. "VERSION" */
	const char	*help;
	int		 flags;
};

enum {
	CMD_HIDDEN = 1 << 0,
	CMD_GROUP = 1 << 1,		/* a subcommand namespace (app, proxy, ...) */
	CMD_DRYRUN = 1 << 2,		/* accepts --dry-run */
	CMD_VARARGS_STOP = 1 << 3,	/* after the first positional, everything is positional (exec) */
	/*
	 * The handler parses its own argv: every word after the command name lands in
	 * c->args untouched, with no help handling and no global options. For `ssh`,
	 * whose OpenSSH-style -p/-h/-v/-q would otherwise clash with the global options.
	 */
	CMD_RAW_ARGS = 1 << 4
};

struct cli;
typedef int (*cmd_fn)(struct cli *);

struct cmd_spec {
	const char		*group;		/* NULL at top level, else "app", "proxy", ... */
	const char		*name;		/* "stale_containers" */
	const char		*args;		/* usage of the positionals, e.g. "[VERSION]" */
	const char		*desc;
	const struct opt_spec	*opts;		/* terminated by a NULL name; may be NULL */
	cmd_fn			 fn;		/* NULL: not implemented yet */
	int			 flags;
	int			 min_args;
	int			 max_args;	/* -1 = unlimited */
};

/* A parsed option value. Strings are owned by the cli. */
struct opt_value {
	const struct opt_spec	*spec;
	int			 set;		/* given on the command line */
	int			 b;		/* OPT_BOOL */
	double			 num;		/* OPT_NUMERIC */
	char			*s;		/* OPT_STRING (last value) */
	struct strvec		 list;		/* OPT_ARRAY items; OPT_HASH as key,value,key,value...;
						   OPT_STRING|OPT_REPEATABLE all values */
};

struct cli {
	const char		*prog;		/* "kamal" or "sextant", as invoked */
	const struct cmd_spec	*cmd;
	struct opt_value	*vals;		/* global options, then the command's */
	size_t			 nvals;
	struct strvec		 args;		/* positionals */
	struct strvec		 argv;		/* the full original argv (for aliases) */
};

/* Entry point used by main(). Returns the process exit status. */
int	cli_main(int argc, char **argv);
/* Runs a command line (without argv[0]) with the given program name. Used by aliases. */
int	cli_run(const char *prog, int argc, char **argv);

/* Option accessors: name in Thor spelling; aborts if the name is not an option of the command. */
int		 cli_bool(const struct cli *c, const char *name);
const char	*cli_str(const struct cli *c, const char *name);	/* NULL if unset and no default */
double		 cli_num(const struct cli *c, const char *name);
const struct strvec *cli_list(const struct cli *c, const char *name);
int		 cli_given(const struct cli *c, const char *name);
/* "app boot" or "deploy": the command's full name. */
void		 cli_cmd_name(const struct cmd_spec *cmd, char *out, size_t n);

/* The table (commands.c). */
extern const struct cmd_spec	cli_commands[];
extern const size_t		cli_ncommands;
extern const struct opt_spec	cli_global_opts[];

/* Help (help.c). */
void	cli_help_top(const char *prog, int show_hidden);
void	cli_help_group(const char *prog, const char *group);
void	cli_help_command(const char *prog, const struct cmd_spec *cmd);

/*
 * Alias resolution (weak; provided by the configuration module once it exists):
 * given an unknown top-level word, fill `out` with the replacement words (from the
 * `aliases:` section) and return 1; 0 if there is no such alias; <0 on a config error
 * (message printed by the callee's errinfo through the CLI).
 */
struct errinfo;
int	cli_resolve_alias(const char *word, int argc, char **argv, struct strvec *out,
	    struct errinfo *e) __attribute__((weak));

/* Edit distance for "Did you mean?" (options.c). */
size_t	cli_edit_distance(const char *a, const char *b);

#endif
