/* Unit tests for the Thor-style option parser. */
#include "harness.h"

#include "cli/cli.h"
#include "cli/parse.h"
#include "core/err.h"

static const struct cmd_spec *
cmd(const char *group, const char *name)
{
	size_t i;

	for (i = 0; i < cli_ncommands; i++)
		if (((group == NULL && cli_commands[i].group == NULL) ||
		    (group && cli_commands[i].group && strcmp(group, cli_commands[i].group) == 0)) &&
		    strcmp(cli_commands[i].name, name) == 0)
			return &cli_commands[i];
	return NULL;
}

static int
parse(struct cli *c, const struct cmd_spec *spec, int argc, char **argv, struct errinfo *e)
{
	memset(c, 0, sizeof(*c));
	c->cmd = spec;
	cli_values_init(c, spec);
	return cli_parse_options(c, argc, argv, spec->flags & CMD_VARARGS_STOP, e);
}

static void
done(struct cli *c)
{
	cli_values_free(c);
	strvec_clear(&c->args);
}

TEST(cli_parse_globals_and_defaults)
{
	struct cli c;
	struct errinfo e;
	char *argv[] = { "-v", "--hosts=a,b", "-r", "web", "--skip_push", "-dstaging", NULL };

	CHECK_OK(parse(&c, cmd(NULL, "deploy"), 6, argv, &e));
	CHECK(cli_bool(&c, "verbose"));
	CHECK(!cli_bool(&c, "quiet"));
	CHECK_STR_EQ(cli_str(&c, "hosts"), "a,b");
	CHECK_STR_EQ(cli_str(&c, "roles"), "web");
	CHECK_STR_EQ(cli_str(&c, "destination"), "staging");
	CHECK(cli_bool(&c, "skip_push"));
	CHECK_STR_EQ(cli_str(&c, "config_file"), "config/deploy.yml");
	CHECK(cli_num(&c, "lock_wait_timeout") == 900);
	CHECK(cli_num(&c, "lock_wait_interval") == 15);
	CHECK(!cli_given(&c, "primary"));
	done(&c);
}

TEST(cli_parse_no_and_skip_booleans)
{
	struct cli c;
	struct errinfo e;
	char *argv[] = { "--skip-push", "--no-skip-push", "--no-cache", NULL };

	CHECK_OK(parse(&c, cmd(NULL, "deploy"), 3, argv, &e));
	CHECK(!cli_bool(&c, "skip_push"));
	/* --no-cache is itself an option name (Kamal's no_cache), not the negation of "cache". */
	CHECK(cli_bool(&c, "no_cache"));
	done(&c);
}

TEST(cli_parse_hash_option)
{
	struct cli c;
	struct errinfo e;
	char *argv[] = { "-e", "FOO:bar", "BAZ:q:ux", "--reuse", "bin/rails", "c", NULL };
	const struct strvec *env;

	CHECK_OK(parse(&c, cmd("app", "exec"), 6, argv, &e));
	env = cli_list(&c, "env");
	CHECK_EQ_INT(env->n, 4);
	CHECK_STR_EQ(env->v[0], "FOO");
	CHECK_STR_EQ(env->v[1], "bar");
	CHECK_STR_EQ(env->v[2], "BAZ");
	CHECK_STR_EQ(env->v[3], "q:ux");
	CHECK(cli_bool(&c, "reuse"));
	CHECK_EQ_INT(c.args.n, 2);
	CHECK_STR_EQ(c.args.v[0], "bin/rails");
	done(&c);
}

TEST(cli_parse_exec_stops_at_command)
{
	struct cli c;
	struct errinfo e;
	char *argv[] = { "-i", "ls", "-la", "--reuse", NULL };

	CHECK_OK(parse(&c, cmd("app", "exec"), 4, argv, &e));
	CHECK(cli_bool(&c, "interactive"));
	CHECK(!cli_bool(&c, "reuse"));
	CHECK_EQ_INT(c.args.n, 3);
	CHECK_STR_EQ(c.args.v[1], "-la");
	done(&c);
}

TEST(cli_parse_errors)
{
	struct cli c;
	struct errinfo e;
	char *a1[] = { "--frobnicate", NULL };
	char *a2[] = { "--lock-wait-timeout", "x", NULL };
	char *a3[] = { "-Z", NULL };
	char *a4[] = { "--verbose=maybe", NULL };

	CHECK_EQ_INT(parse(&c, cmd(NULL, "deploy"), 1, a1, &e), ERR_USAGE);
	CHECK(strstr(e.msg, "Unknown switches \"--frobnicate\"") != NULL);
	done(&c);
	CHECK_EQ_INT(parse(&c, cmd(NULL, "deploy"), 2, a2, &e), ERR_USAGE);
	CHECK_STR_EQ(e.msg, "Expected numeric value for '--lock-wait-timeout'; got \"x\"");
	done(&c);
	CHECK_EQ_INT(parse(&c, cmd(NULL, "deploy"), 1, a3, &e), ERR_USAGE);
	done(&c);
	CHECK_EQ_INT(parse(&c, cmd(NULL, "deploy"), 1, a4, &e), ERR_USAGE);
	done(&c);
}

TEST(cli_parse_double_dash)
{
	struct cli c;
	struct errinfo e;
	char *argv[] = { "--", "-x", NULL };

	CHECK_OK(parse(&c, cmd("server", "exec"), 2, argv, &e));
	CHECK_EQ_INT(c.args.n, 1);
	CHECK_STR_EQ(c.args.v[0], "-x");
	done(&c);
}

TEST(cli_parse_repeatable_and_array)
{
	struct cli c;
	struct errinfo e;
	char *argv[] = { "--publish-host-ip", "10.0.0.1", "--publish-host-ip=10.0.0.2",
	    "--docker-options", "a=b", "c=d", "--debug", NULL };

	CHECK_OK(parse(&c, cmd("proxy", "boot_config"), 7, argv, &e));
	CHECK_EQ_INT(cli_list(&c, "publish_host_ip")->n, 2);
	CHECK_STR_EQ(cli_list(&c, "publish_host_ip")->v[1], "10.0.0.2");
	CHECK_EQ_INT(cli_list(&c, "docker_options")->n, 2);
	CHECK(cli_bool(&c, "debug"));
	CHECK(cli_bool(&c, "publish"));	/* default true */
	done(&c);
}

TEST(cli_edit_distance)
{
	CHECK_EQ_INT(cli_edit_distance("deploy", "deploy"), 0);
	CHECK_EQ_INT(cli_edit_distance("delpoy", "deploy"), 2);
	CHECK_EQ_INT(cli_edit_distance("", "abc"), 3);
}

TEST(cli_table_well_formed)
{
	size_t i, j;

	for (i = 0; i < cli_ncommands; i++) {
		const struct cmd_spec *c = &cli_commands[i];

		CHECK(c->name && c->desc && c->args);
		CHECK(c->max_args < 0 || c->max_args >= c->min_args);
		if (c->group)
			CHECK(cmd(NULL, c->group) != NULL && (cmd(NULL, c->group)->flags & CMD_GROUP));
		for (j = i + 1; j < cli_ncommands; j++)
			CHECK(!((c->group == cli_commands[j].group ||
			    (c->group && cli_commands[j].group && strcmp(c->group, cli_commands[j].group) == 0)) &&
			    strcmp(c->name, cli_commands[j].name) == 0));
	}
}
