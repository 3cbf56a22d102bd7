/*
 * Help in Thor's layout: "Commands:" with `prog cmd ARGS  # description`, then
 * the options. Hidden commands and options are left out.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "core/str.h"

static void
dashed(const char *name, struct str *out)
{
	for (; *name; name++)
		str_addch(out, *name == '_' ? '-' : *name);
}

static void
print_rows(struct strvec *left, struct strvec *right)
{
	size_t i, w = 0;

	for (i = 0; i < left->n; i++)
		if (strlen(left->v[i]) > w)
			w = strlen(left->v[i]);
	for (i = 0; i < left->n; i++)
		printf("  %-*s  # %s\n", (int)w, left->v[i], right->v[i]);
}

static void
print_opts(const char *title, const struct opt_spec *o)
{
	struct strvec l = STRVEC_INIT, r = STRVEC_INIT;
	size_t i, w = 0;

	for (; o && o->name; o++) {
		struct str s = STR_INIT;

		if (o->flags & OPT_HIDDEN)
			continue;
		if (o->alias)
			str_addf(&s, "-%c, ", o->alias);
		else
			str_adds(&s, "    ");
		if (o->type == OPT_BOOL) {
			str_adds(&s, "[--");
			dashed(o->name, &s);
			str_adds(&s, "], [--no-");
			dashed(o->name, &s);
			str_adds(&s, "]");
		} else {
			str_adds(&s, o->flags & OPT_REQUIRED ? "--" : "[--");
			dashed(o->name, &s);
			str_addf(&s, "=%s%s", o->banner ? o->banner : "VALUE",
			    o->flags & OPT_REQUIRED ? "" : "]");
		}
		strvec_push(&l, str_cstr(&s));
		str_reset(&s);
		str_adds(&s, o->help ? o->help : "");
		if (o->def && o->type != OPT_BOOL)
			str_addf(&s, "\n%*s# Default: %s", 0, "", o->def);
		strvec_push(&r, str_cstr(&s));
		str_release(&s);
	}
	if (l.n) {
		printf("\n%s:\n", title);
		for (i = 0; i < l.n; i++)
			if (strlen(l.v[i]) > w)
				w = strlen(l.v[i]);
		for (i = 0; i < l.n; i++) {
			const char *nl = strchr(r.v[i], '\n');

			if (nl == NULL) {
				printf("  %-*s  # %s\n", (int)w, l.v[i], r.v[i]);
			} else {
				printf("  %-*s  # %.*s\n", (int)w, l.v[i], (int)(nl - r.v[i]), r.v[i]);
				printf("  %-*s  %s\n", (int)w, "", nl + 1);
			}
		}
	}
	strvec_clear(&l);
	strvec_clear(&r);
}

static void
usage_line(const char *prog, const struct cmd_spec *c, struct str *out)
{
	str_addf(out, "%s ", prog);
	if (c->group)
		str_addf(out, "%s ", c->group);
	dashed(c->name, out);
	if (c->args && *c->args)
		str_addf(out, " %s", c->args);
}

void
cli_help_top(const char *prog, int show_hidden)
{
	struct strvec l = STRVEC_INIT, r = STRVEC_INIT;
	size_t i;

	printf("Commands:\n");
	for (i = 0; i < cli_ncommands; i++) {
		const struct cmd_spec *c = &cli_commands[i];
		struct str s = STR_INIT;

		if (c->group != NULL || ((c->flags & CMD_HIDDEN) && !show_hidden))
			continue;
		usage_line(prog, c, &s);
		strvec_push(&l, str_cstr(&s));
		strvec_push(&r, c->desc);
		str_release(&s);
	}
	{
		struct str s = STR_INIT;

		str_addf(&s, "%s help [COMMAND]", prog);
		strvec_push(&l, str_cstr(&s));
		strvec_push(&r, "Describe available commands or one specific command");
		str_release(&s);
	}
	print_rows(&l, &r);
	strvec_clear(&l);
	strvec_clear(&r);
	print_opts("Options", cli_global_opts);
}

void
cli_help_group(const char *prog, const char *group)
{
	struct strvec l = STRVEC_INIT, r = STRVEC_INIT;
	size_t i;

	printf("Commands:\n");
	for (i = 0; i < cli_ncommands; i++) {
		const struct cmd_spec *c = &cli_commands[i];
		struct str s = STR_INIT;

		if (c->group == NULL || strcmp(c->group, group) != 0 || (c->flags & CMD_HIDDEN))
			continue;
		usage_line(prog, c, &s);
		strvec_push(&l, str_cstr(&s));
		strvec_push(&r, c->desc);
		str_release(&s);
	}
	{
		struct str s = STR_INIT;

		str_addf(&s, "%s %s help [COMMAND]", prog, group);
		strvec_push(&l, str_cstr(&s));
		strvec_push(&r, "Describe subcommands or one specific subcommand");
		str_release(&s);
	}
	print_rows(&l, &r);
	strvec_clear(&l);
	strvec_clear(&r);
	print_opts("Options", cli_global_opts);
}

void
cli_help_command(const char *prog, const struct cmd_spec *c)
{
	struct str s = STR_INIT;

	usage_line(prog, c, &s);
	printf("Usage:\n  %s\n", str_cstr(&s));
	str_release(&s);
	print_opts("Options", c->opts);
	print_opts("Global options", cli_global_opts);
	printf("\n%s\n", c->desc);
	if (c->fn == NULL)
		printf("\n(sextant: not implemented yet)\n");
}
