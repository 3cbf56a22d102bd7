/*
 * Dispatch: find the command (with Thor's `-`/`_` equivalence), handle help, parse
 * options, check arity, run the handler. Only this layer prints usage errors and
 * chooses exit codes: 0 ok, 1 error (Thor's exit_on_failure), 2 not implemented.
 */
#include "cli/cli.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/output.h"
#include "cli/parse.h"
#include "core/err.h"
#include "core/str.h"
#include "core/xmalloc.h"

static void
normalise_word(const char *w, char *out, size_t n)
{
	size_t i;

	for (i = 0; w[i] && i + 1 < n; i++)
		out[i] = w[i] == '-' ? '_' : w[i];
	out[i] = '\0';
}

void
cli_cmd_name(const struct cmd_spec *cmd, char *out, size_t n)
{
	if (cmd->group)
		snprintf(out, n, "%s %s", cmd->group, cmd->name);
	else
		snprintf(out, n, "%s", cmd->name);
}

static const struct cmd_spec *
find_cmd(const char *group, const char *word)
{
	char norm[128];
	size_t i;

	normalise_word(word, norm, sizeof(norm));
	for (i = 0; i < cli_ncommands; i++) {
		const struct cmd_spec *c = &cli_commands[i];

		if ((group == NULL) != (c->group == NULL))
			continue;
		if (group && strcmp(group, c->group) != 0)
			continue;
		if (strcmp(c->name, norm) == 0)
			return c;
	}
	return NULL;
}

static void
did_you_mean(const char *group, const char *word)
{
	char norm[128];
	size_t i, best = (size_t)-1, d;
	const char *bestname = NULL;

	normalise_word(word, norm, sizeof(norm));
	for (i = 0; i < cli_ncommands; i++) {
		const struct cmd_spec *c = &cli_commands[i];

		if ((group == NULL) != (c->group == NULL) || (c->flags & CMD_HIDDEN))
			continue;
		if (group && strcmp(group, c->group) != 0)
			continue;
		d = cli_edit_distance(norm, c->name);
		if (d < best) {
			best = d;
			bestname = c->name;
		}
	}
	if (bestname && best <= 3 && best < strlen(norm)) {
		fprintf(stderr, "Did you mean?  \"");
		for (; *bestname; bestname++)
			fputc(*bestname == '_' ? '-' : *bestname, stderr);
		fprintf(stderr, "\"\n");
	}
}

/* Is w a global option that takes the following word as its value? */
static int
global_takes_value(const char *w)
{
	size_t i;

	if (w[0] != '-' || strchr(w, '='))
		return 0;
	for (i = 0; cli_global_opts[i].name; i++) {
		const struct opt_spec *o = &cli_global_opts[i];
		char norm[128];

		if (o->type == OPT_BOOL)
			continue;
		if (w[1] == '-') {
			normalise_word(w + 2, norm, sizeof(norm));
			if (strcmp(norm, o->name) == 0)
				return 1;
		} else if (w[1] == o->alias && w[2] == '\0') {
			return 1;
		}
	}
	return 0;
}

/* Index of the first word that is not an option or an option's value, or argc. */
static int
first_word(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return i + 1 < argc ? i + 1 : argc;
		if (argv[i][0] != '-' || argv[i][1] == '\0')
			return i;
		if (global_takes_value(argv[i]))
			i++;
	}
	return argc;
}

/* argv without element k, in a new array (not owning the strings). */
static char **
without(int argc, char **argv, int k)
{
	char **v = xcalloc((size_t)argc + 1, sizeof(char *));
	int i, j = 0;

	for (i = 0; i < argc; i++)
		if (i != k)
			v[j++] = argv[i];
	return v;
}

static int
wants_help(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "--help") == 0)
			return 1;
	}
	return 0;
}

static int
help_command(const char *prog, int argc, char **argv)
{
	const struct cmd_spec *c;

	if (argc == 0) {
		cli_help_top(prog, 0);
		return 0;
	}
	c = find_cmd(NULL, argv[0]);
	if (c == NULL) {
		fprintf(stderr, "Could not find command \"%s\".\n", argv[0]);
		did_you_mean(NULL, argv[0]);
		return 1;
	}
	if (c->flags & CMD_GROUP) {
		const struct cmd_spec *sub;

		if (argc < 2) {
			cli_help_group(prog, c->name);
			return 0;
		}
		sub = find_cmd(c->name, argv[1]);
		if (sub == NULL) {
			fprintf(stderr, "Could not find command \"%s\" in \"%s\" namespace.\n", argv[1], c->name);
			did_you_mean(c->name, argv[1]);
			return 1;
		}
		cli_help_command(prog, sub);
		return 0;
	}
	cli_help_command(prog, c);
	return 0;
}

static int
run_command(const char *prog, const struct cmd_spec *cmd, int argc, char **argv, char **full, int nfull)
{
	struct cli c;
	struct errinfo e;
	char name[160];
	int rc, i;

	memset(&c, 0, sizeof(c));
	err_clear(&e);
	c.prog = prog;
	c.cmd = cmd;
	for (i = 0; i < nfull; i++)
		strvec_push(&c.argv, full[i]);
	cli_cmd_name(cmd, name, sizeof(name));
	/* CMD_RAW_ARGS (cli.h): the handler gets its words as typed and parses them itself. */
	if ((cmd->flags & CMD_RAW_ARGS) && cmd->fn != NULL) {
		for (i = 0; i < argc; i++)
			strvec_push(&c.args, argv[i]);
		rc = cmd->fn(&c);
		goto out;
	}
	if (wants_help(argc, argv) && !(cmd->flags & CMD_VARARGS_STOP && argc > 0 && argv[0][0] != '-')) {
		cli_help_command(prog, cmd);
		rc = 0;
		goto out;
	}
	cli_values_init(&c, cmd);
	if (cli_parse_options(&c, argc, argv, cmd->flags & CMD_VARARGS_STOP, &e) != 0) {
		fprintf(stderr, "%s\n", e.msg);
		rc = 1;
		goto out;
	}
	for (i = 0; cmd->opts && cmd->opts[i].name; i++) {
		if ((cmd->opts[i].flags & OPT_REQUIRED) && !cli_given(&c, cmd->opts[i].name)) {
			char d[128];
			size_t k;

			for (k = 0; cmd->opts[i].name[k] && k + 1 < sizeof(d); k++)
				d[k] = cmd->opts[i].name[k] == '_' ? '-' : cmd->opts[i].name[k];
			d[k] = '\0';
			fprintf(stderr, "No value provided for required options '--%s'\n", d);
			rc = 1;
			goto out;
		}
	}
	if ((int)c.args.n < cmd->min_args) {
		fprintf(stderr, "ERROR: \"%s %s\" was called with no arguments\nUsage: \"%s %s%s%s\"\n",
		    prog, name, prog, name, cmd->args[0] ? " " : "", cmd->args);
		rc = 1;
		goto out;
	}
	if (cmd->max_args >= 0 && (int)c.args.n > cmd->max_args) {
		struct str s = STR_INIT;
		size_t k;

		for (k = 0; k < c.args.n; k++)
			str_addf(&s, "%s\"%s\"", k ? ", " : "", c.args.v[k]);
		fprintf(stderr, "ERROR: \"%s %s\" was called with arguments [%s]\nUsage: \"%s %s%s%s\"\n",
		    prog, name, str_cstr(&s), prog, name, cmd->args[0] ? " " : "", cmd->args);
		str_release(&s);
		rc = 1;
		goto out;
	}
	out_init(cli_bool(&c, "quiet") ? OUT_QUIET : cli_bool(&c, "verbose") ? OUT_DEBUG : OUT_INFO,
	    cli_bool(&c, "json"), -1);
	if (cli_bool(&c, "verbose"))
		setenv("VERBOSE", "1", 1);	/* Kamal sets it too (backtraces, hooks see it) */
	if (cmd->fn == NULL) {
		fprintf(stderr, "sextant: '%s' is not implemented yet\n", name);
		rc = 2;
		goto out;
	}
	rc = cmd->fn(&c);
out:
	cli_values_free(&c);
	strvec_clear(&c.args);
	strvec_clear(&c.argv);
	return rc;
}

int
cli_run(const char *prog, int argc, char **argv)
{
	const struct cmd_spec *top, *sub;
	char **rest, **rest2;
	int k, k2, rc;

	if (argc == 0) {
		cli_help_top(prog, 0);
		return 0;
	}
	/* Thor's help mappings, when they are the whole command line. */
	if (argc == 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0 ||
	    strcmp(argv[0], "-?") == 0 || strcmp(argv[0], "-D") == 0)) {
		cli_help_top(prog, 0);
		return 0;
	}
	k = first_word(argc, argv);
	if (k >= argc) {
		if (wants_help(argc, argv)) {
			cli_help_top(prog, 0);
			return 0;
		}
		fprintf(stderr, "No command given. Run `%s help` for the list of commands.\n", prog);
		return 1;
	}
	if (strcmp(argv[k], "help") == 0)
		return help_command(prog, argc - k - 1, argv + k + 1);
	top = find_cmd(NULL, argv[k]);
	if (top == NULL) {
		if (cli_resolve_alias) {
			struct strvec words = STRVEC_INIT;
			struct errinfo e;
			int r;

			err_clear(&e);
			r = cli_resolve_alias(argv[k], argc, argv, &words, &e);
			/* No config file: a typo, not an alias; say so like Thor does (below). */
			if (r < 0 && r != ERR_NOTFOUND) {
				fprintf(stderr, "  ERROR (%s): %s%s%s\n", err_str(r), e.where, e.where[0] ? ": " : "", e.msg);
				strvec_clear(&words);
				return 1;
			}
			if (r > 0) {
				int i;

				/* Alias words, then every CLI argument after the alias word (§3.4). */
				for (i = 0; i < argc; i++)
					if (i != k)
						strvec_push(&words, argv[i]);
				rc = cli_run(prog, (int)words.n, words.v);
				strvec_clear(&words);
				return rc;
			}
		}
		fprintf(stderr, "Could not find command \"%s\".\n", argv[k]);
		did_you_mean(NULL, argv[k]);
		return 1;
	}
	rest = without(argc, argv, k);
	if (!(top->flags & CMD_GROUP)) {
		rc = run_command(prog, top, argc - 1, rest, argv, argc);
		free(rest);
		return rc;
	}
	k2 = first_word(argc - 1, rest);
	if (k2 >= argc - 1 || strcmp(rest[k2], "help") == 0) {
		if (k2 < argc - 1 && k2 + 1 < argc - 1) {
			char *hv[2] = { (char *)(uintptr_t)top->name, rest[k2 + 1] };

			rc = help_command(prog, 2, hv);
		} else {
			cli_help_group(prog, top->name);
			rc = 0;
		}
		free(rest);
		return rc;
	}
	sub = find_cmd(top->name, rest[k2]);
	if (sub == NULL) {
		fprintf(stderr, "Could not find command \"%s\" in \"%s\" namespace.\n", rest[k2], top->name);
		did_you_mean(top->name, rest[k2]);
		free(rest);
		return 1;
	}
	rest2 = without(argc - 1, rest, k2);
	rc = run_command(prog, sub, argc - 2, rest2, argv, argc);
	free(rest2);
	free(rest);
	return rc;
}

int
cli_main(int argc, char **argv)
{
	const char *base = argv[0] ? strrchr(argv[0], '/') : NULL;
	const char *prog;

	base = base ? base + 1 : (argv[0] ? argv[0] : "sextant");
	prog = strcmp(base, "kamal") == 0 ? "kamal" : "sextant";
	return cli_run(prog, argc - 1, argv + 1);
}
