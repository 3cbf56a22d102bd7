/*
 * sshconf: ssh_config reading, checked against `ssh -G` (OpenSSH's own resolved
 * view) for a set of configs and hosts, plus the parts ssh -G cannot show:
 * errors with file:line, Include paths, tokens, algorithm lists, jumps.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/err.h"
#include "core/str.h"
#include "core/strvec.h"
#include "harness.h"
#include "ssh/sshconf.h"
#include "sshtest.h"

/* ---- comparison with ssh -G ---- */

/* Value lines of `ssh -G` for the keys compared, normalised to sshconf_dump's shapes. */
static void
ssh_g(const char *cfg, const char *opts, const char *host, const char *home, struct strvec *out)
{
	struct str o = STR_INIT;
	struct strvec lines = STRVEC_INIT;
	size_t i;
	int defaults = 0;

	sh(&o, "ssh -G -F '%s' %s '%s' 2>/dev/null", cfg, opts, host);
	strvec_split(&lines, str_cstr(&o), '\n');
	for (i = 0; i < lines.n; i++) {
		const char *l = lines.v[i];
		struct str v = STR_INIT;

		if (strncmp(l, "identityfile ~/.ssh/id_", 23) == 0 && (strstr(l, "_sk") ||
		    strstr(l, "xmss") || strstr(l, "id_dsa") || strstr(l, "id_rsa") ||
		    strstr(l, "id_ecdsa") || strstr(l, "id_ed25519"))) {
			/* OpenSSH's default list; sextant keeps the types it supports */
			defaults++;
			if (strstr(l, "_sk") || strstr(l, "xmss") || strstr(l, "id_dsa"))
				continue;
		}
		if (strncmp(l, "identityfile ~/", 15) == 0) {
			str_addf(&v, "identityfile %s/%s", home, l + 15);
		} else if (strcmp(l, "stricthostkeychecking true") == 0) {
			str_adds(&v, "stricthostkeychecking yes");
		} else if (strcmp(l, "stricthostkeychecking false") == 0) {
			str_adds(&v, "stricthostkeychecking no");
		} else if (strcmp(l, "connecttimeout 0") == 0) {
			str_adds(&v, "connecttimeout none");
		} else {
			static const char *keys[] = { "user ", "hostname ", "port ", "identityfile ",
				"identitiesonly ", "proxyjump ", "proxycommand ", "stricthostkeychecking ",
				"hashknownhosts ", "serveraliveinterval ", "serveralivecountmax ",
				"connecttimeout ", "sendenv ", "setenv ", "batchmode ", "requesttty ",
				"addressfamily ", "userknownhostsfile ", "globalknownhostsfile ",
				"hostkeyalias ", "forwardagent " };
			size_t k;

			for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
				if (strncmp(l, keys[k], strlen(keys[k])) == 0)
					str_adds(&v, l);
		}
		if (v.len > 0)
			strvec_push(out, str_cstr(&v));
		str_release(&v);
	}
	(void)defaults;
	/* ssh -G shows ProxyCommand unexpanded: expand %h %p %r %n %% with its own values */
	for (i = 0; i < out->n; i++) {
		const char *hn = NULL, *pt = NULL, *us = NULL, *q;
		struct str x = STR_INIT;
		size_t j;

		if (strncmp(out->v[i], "proxycommand ", 13) != 0)
			continue;
		for (j = 0; j < out->n; j++) {
			if (strncmp(out->v[j], "hostname ", 9) == 0)
				hn = out->v[j] + 9;
			if (strncmp(out->v[j], "port ", 5) == 0)
				pt = out->v[j] + 5;
			if (strncmp(out->v[j], "user ", 5) == 0)
				us = out->v[j] + 5;
		}
		for (q = out->v[i]; *q; q++) {
			if (q[0] == '%' && q[1]) {
				q++;
				str_adds(&x, *q == 'h' ? hn : *q == 'p' ? pt : *q == 'r' ? us :
				    *q == 'n' ? host : "%");
			} else {
				str_addch(&x, *q);
			}
		}
		free(out->v[i]);
		out->v[i] = str_detach(&x, NULL);
	}
	str_release(&o);
	strvec_clear(&lines);
}

static void
ours(const char *cfg, const char *const *opts, const char *host, struct strvec *out,
    struct errinfo *e, int *rc)
{
	struct sshconf c;
	struct str d = STR_INIT;
	struct strvec lines = STRVEC_INIT;
	const char *files[2] = { cfg, NULL };
	size_t i;

	sshconf_init(&c, host);
	*rc = 0;
	for (i = 0; opts && opts[i] && *rc == 0; i++)
		*rc = sshconf_option(&c, opts[i], e);
	if (*rc == 0)
		*rc = sshconf_load(&c, files, 0, e);
	if (*rc == 0)
		sshconf_dump(&c, &d);
	strvec_split(&lines, str_cstr(&d), '\n');
	for (i = 0; i < lines.n; i++) {
		const char *l = lines.v[i];

		if (l[0] == '\0' || strncmp(l, "host ", 5) == 0 || strncmp(l, "kexalg", 6) == 0 ||
		    strncmp(l, "ciphers", 7) == 0 || strncmp(l, "macs", 4) == 0 ||
		    strncmp(l, "hostkeyalg", 10) == 0 || strncmp(l, "pubkeyaccepted", 14) == 0 ||
		    strncmp(l, "loglevel", 8) == 0 || strncmp(l, "tag", 3) == 0 ||
		    strncmp(l, "localforward", 12) == 0 || strncmp(l, "remoteforward", 13) == 0 ||
		    strncmp(l, "identityagent", 13) == 0 || strncmp(l, "pubkeyauth", 10) == 0)
			continue;
		if (strcmp(l, "stricthostkeychecking unset") == 0)
			l = "stricthostkeychecking ask";	/* ssh's default when not configured */
		strvec_push(out, l);
	}
	sshconf_release(&c);
	str_release(&d);
	strvec_clear(&lines);
}

static int
vec_has(const struct strvec *v, const char *s)
{
	return strvec_find(v, s) >= 0;
}

/*
 * Runs one case both ways; every compared line of ssh -G must be in ours and
 * vice versa (order of multi-valued keys checked separately by the set test).
 */
static int
compare(struct test_ctx *t__, const char *cfgtext, const char *const *opts, const char *host)
{
	static int n;
	char cfg[600];
	struct strvec theirs = STRVEC_INIT, mine = STRVEC_INIT;
	struct str optstr = STR_INIT;
	struct errinfo e;
	struct sshconf probe;
	size_t i;
	int rc, ok = 1;

	snprintf(cfg, sizeof(cfg), "%s/cmp%d.conf", sshtest_dir("sshconf"), n++);
	spit(cfg, cfgtext, 0600);
	for (i = 0; opts && opts[i]; i++)
		str_addf(&optstr, " -o '%s'", opts[i]);
	sshconf_init(&probe, host);
	ssh_g(cfg, str_cstr(&optstr), host, probe.home, &theirs);
	sshconf_release(&probe);
	err_clear(&e);
	ours(cfg, opts, host, &mine, &e, &rc);
	if (rc != 0) {
		harness_fail(t__, __FILE__, __LINE__, "host %s: sshconf failed: %s", host, e.msg);
		ok = 0;
		goto out;
	}
	for (i = 0; i < theirs.n && ok; i++) {
		if (!vec_has(&mine, theirs.v[i])) {
			struct str all = STR_INIT;

			strvec_join(&mine, " | ", &all);
			harness_fail(t__, __FILE__, __LINE__, "host %s: ssh -G has \"%s\", sshconf has: %s",
			    host, theirs.v[i], str_cstr(&all));
			str_release(&all);
			ok = 0;
		}
	}
	for (i = 0; i < mine.n && ok; i++) {
		if (!vec_has(&theirs, mine.v[i])) {
			harness_fail(t__, __FILE__, __LINE__, "host %s: sshconf has \"%s\", ssh -G does not",
			    host, mine.v[i]);
			ok = 0;
		}
	}
out:
	strvec_clear(&theirs);
	strvec_clear(&mine);
	str_release(&optstr);
	return ok;
}

#define COMPARE(cfg, opts, host) do { if (!compare(t__, (cfg), (opts), (host))) return; } while (0)

TEST(sshconf_matches_ssh_G_basics)
{
	static const char cfg[] =
	    "# leading comment\n"
	    "Host a,b\n"
	    "  User commauser\n"
	    "Host FOO*\n"
	    "  Port 2201\n"
	    "Host web? *.example.com !db.example.com\n"
	    "  User deploy\n"
	    "  IdentityFile ~/.ssh/deploy_key\n"
	    "  IdentitiesOnly yes\n"
	    "Host *\n"
	    "  HostName %h.Example.COM\n"
	    "  IdentityFile \"~/.ssh/all key\"\n"
	    "  SetEnv A=1 \"B=two words\"\n"
	    "  SetEnv C=3\n"
	    "  SendEnv LANG LC_*\n"
	    "  SendEnv -LC_*\n"
	    "  SendEnv TZ\n"
	    "  ProxyCommand nc   \"%h\"  %p # not a comment\n"
	    "  Port=2222\n"
	    "  User = later\n"
	    "  ServerAliveInterval 1m30s\n"
	    "  ServerAliveCountMax=5\n"
	    "  ConnectTimeout 12\n"
	    "  StrictHostKeyChecking accept-new\n"
	    "  HashKnownHosts yes\n"
	    "  BatchMode yes\n"
	    "  UserKnownHostsFile ~/kh1 /etc/kh2\n"
	    "  GlobalKnownHostsFile none\n"
	    "  RequestTTY force\n"
	    "  AddressFamily inet\n"
	    "  ForwardAgent yes\n"
	    "  HostKeyAlias alias-%h\n";
	static const char *none[] = { NULL };

	COMPARE(cfg, none, "b");
	COMPARE(cfg, none, "FOOx");
	COMPARE(cfg, none, "web1");
	COMPARE(cfg, none, "app.example.com");
	COMPARE(cfg, none, "db.example.com");
	COMPARE(cfg, none, "Other");
}

TEST(sshconf_matches_ssh_G_match_blocks)
{
	static const char cfg[] =
	    "Host web*\n"
	    "  HostName %h.INTERNAL.example\n"
	    "Match host *.internal.example\n"
	    "  Port 2301\n"
	    "Match originalhost WEB1\n"
	    "  User origuser\n"
	    "Match user origuser host !*.nomatch,*.example\n"
	    "  IdentityFile /keys/matchuser\n"
	    "Match exec \"test %h = web2.INTERNAL.example\"\n"
	    "  ConnectTimeout 7\n"
	    "Match !exec \"exit 0\"\n"
	    "  ConnectTimeout 99\n"
	    "Match user ROOT\n"
	    "  Port 1111\n"
	    "Match localuser root !user nobody\n"
	    "  ServerAliveCountMax 9\n"
	    "Match all\n"
	    "  ServerAliveInterval 1h\n";
	static const char *none[] = { NULL };

	COMPARE(cfg, none, "web1");
	COMPARE(cfg, none, "WEB1");
	COMPARE(cfg, none, "web2");
	COMPARE(cfg, none, "other");
}

TEST(sshconf_matches_ssh_G_final_pass)
{
	static const char cfg[] =
	    "Host alias\n"
	    "  HostName real.example\n"
	    "Host real.example\n"
	    "  Port 4444\n"
	    "Match final host real.example\n"
	    "  User finaluser\n"
	    "Match canonical\n"
	    "  User canon\n"
	    "Match final all\n"
	    "  ServerAliveInterval 3\n";
	static const char *none[] = { NULL };

	COMPARE(cfg, none, "alias");
	COMPARE(cfg, none, "real.example");
	COMPARE(cfg, none, "x");
}

TEST(sshconf_matches_ssh_G_command_line_wins)
{
	static const char cfg[] =
	    "Host *\n"
	    "  Port 2222\n"
	    "  User cfguser\n"
	    "  IdentityFile /keys/cfg\n"
	    "  StrictHostKeyChecking yes\n"
	    "  ProxyJump jumpy\n";
	static const char *opts1[] = { "Port=22", "User cli", "IdentityFile=/keys/cli",
		"StrictHostKeyChecking=no", NULL };
	static const char *opts2[] = { "ProxyCommand=ssh -W %h:%p gw", NULL };
	static const char *opts3[] = { "ProxyJump=none", NULL };
	static const char *opts4[] = { "UserKnownHostsFile=/dev/null", "ConnectTimeout=0", NULL };

	COMPARE(cfg, opts1, "h");
	COMPARE(cfg, opts2, "h");
	COMPARE(cfg, opts3, "h");
	COMPARE(cfg, opts4, "h");
}

TEST(sshconf_matches_ssh_G_include)
{
	const char *dir = sshtest_dir("sshconf");
	char inc[600], cfg[2048];

	snprintf(inc, sizeof(inc), "%s/inc.d", dir);
	mkdir(inc, 0700);
	{
		char p[700];

		snprintf(p, sizeof(p), "%s/20-b.conf", inc);
		spit(p, "Host inc-*\n  User from-b\n  Port 2020\n", 0600);
		snprintf(p, sizeof(p), "%s/10-a.conf", inc);
		spit(p, "Host inc-a\n  User from-a\nHost *\n  ServerAliveCountMax 7\n", 0600);
		snprintf(p, sizeof(p), "%s/only-when-x.conf", inc);
		spit(p, "Host *\n  HostName x-included\n", 0600);
	}
	snprintf(cfg, sizeof(cfg),
	    "Include %s/*.conf %s/no-such-*.conf\n"
	    "Host x\n"
	    "  Include %s/only-when-x.conf\n"
	    "Host *\n"
	    "  User fallback\n", inc, inc, inc);
	{
		static const char *none[] = { NULL };

		/* the glob is expanded in order, and nothing leaks from an inactive Include */
		COMPARE(cfg, none, "inc-a");
		COMPARE(cfg, none, "inc-b");
		COMPARE(cfg, none, "x");
		COMPARE(cfg, none, "y");
	}
}

TEST(sshconf_matches_ssh_G_proxy_competition)
{
	static const char *none[] = { NULL };

	COMPARE("Host *\n  ProxyCommand nc %h %p\n  ProxyJump j1\n", none, "h");
	COMPARE("Host *\n  ProxyJump u@j1:2222,[::1]:22\n  ProxyCommand nc %h %p\n", none, "h");
	COMPARE("Host h\n  ProxyJump none\nHost *\n  ProxyJump j1\n", none, "h");
	COMPARE("Host *\n  ProxyCommand none\n  ProxyJump j1\n", none, "h");
}

/* ---- what ssh -G cannot show ---- */

static int
load_text(struct sshconf *c, const char *host, const char *text, int flags, struct errinfo *e)
{
	int r;

	sshconf_init(c, host);
	if ((r = sshconf_read_text(c, "test.conf", text, strlen(text), flags, e)) != 0)
		return r;
	return sshconf_finish(c, e);
}

TEST(sshconf_errors_name_file_and_line)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "Host *\n  Port 99999\n", "test.conf:2: Port: bad port '99999'" },
		{ "\n\nHost h\n  Port x\n", "test.conf:4: Port: bad port 'x'" },
		{ "User \"unterminated\n", "test.conf:1: User: unterminated quote" },
		{ "Match bogus x\n", "test.conf:1: Match: unsupported attribute 'bogus'" },
		{ "Match host\n", "test.conf:1: Match: missing criteria for 'host'" },
		{ "Match all host x\n", "test.conf:1: Match: 'all' cannot be combined" },
		{ "Host\n", "test.conf:1: Host: missing host pattern" },
		{ "Port 1 2\n", "test.conf:1: Port: extra arguments" },
		{ "User \"\"\n", "test.conf:1: User: missing argument" },
		{ "StrictHostKeyChecking maybe\n", "test.conf:1: StrictHostKeyChecking: expected" },
		{ "ServerAliveInterval 5x\n", "test.conf:1: ServerAliveInterval: bad time value" },
		{ "SetEnv NOEQUALS\n", "test.conf:1: SetEnv: expected NAME=VALUE" },
		{ "ProxyJump user@\n", "test.conf:1: ProxyJump:" },
		{ "LocalForward 8080\n", "test.conf:1: LocalForward: expected" },
		{ "IdentitiesOnly perhaps\n", "test.conf:1: IdentitiesOnly: expected yes or no" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sshconf c;
		struct errinfo e;

		err_clear(&e);
		CHECK_EQ_INT(load_text(&c, "h", cases[i].text, 0, &e), ERR_CONFIG);
		if (strncmp(e.msg, cases[i].want, strlen(cases[i].want)) != 0) {
			harness_fail(t__, __FILE__, __LINE__, "case %zu: got \"%s\", want prefix \"%s\"",
			    i, e.msg, cases[i].want);
			sshconf_release(&c);
			return;
		}
		CHECK(strncmp(e.where, "test.conf:", 10) == 0);
		sshconf_release(&c);
	}
}

TEST(sshconf_bad_value_in_inactive_block_is_still_an_error)
{
	struct sshconf c;
	struct errinfo e;

	CHECK_EQ_INT(load_text(&c, "h", "Host other\n  Port nope\n", 0, &e), ERR_CONFIG);
	sshconf_release(&c);
}

TEST(sshconf_unknown_keywords_ignored)
{
	struct sshconf c;
	struct errinfo e;

	CHECK_OK(load_text(&c, "h", "ControlMaster auto\nFrobnicate yes\nPort 7\n", 0, &e));
	CHECK_EQ_INT(c.port, 7);
	CHECK_EQ_INT(c.ignored.n, 2);
	CHECK_STR_EQ(c.ignored.v[0], "test.conf:1: ControlMaster");
	CHECK_STR_EQ(c.ignored.v[1], "test.conf:2: Frobnicate");
	sshconf_release(&c);
}

TEST(sshconf_command_line_options)
{
	struct sshconf c;
	struct errinfo e;

	sshconf_init(&c, "h");
	CHECK_OK(sshconf_option(&c, "Port=2200", &e));
	CHECK_OK(sshconf_option(&c, "port 2300", &e));	/* first wins here too */
	CHECK_OK(sshconf_set(&c, "User", "has \"quotes\" and spaces", &e));
	CHECK_OK(sshconf_set(&c, "ProxyCommand", "nc -X 5 %h %p", &e));
	CHECK_EQ_INT(sshconf_option(&c, "Host=x", &e), ERR_CONFIG);
	CHECK(strstr(e.msg, "not allowed on the command line") != NULL);
	CHECK_EQ_INT(sshconf_option(&c, "Include=/etc/passwd", &e), ERR_CONFIG);
	CHECK_EQ_INT(sshconf_option(&c, "Port=0", &e), ERR_CONFIG);
	CHECK(strncmp(e.msg, "-o: Port", 8) == 0);
	CHECK_OK(sshconf_read_text(&c, "f", "Port 1\nUser u\n", 14, 0, &e));
	CHECK_OK(sshconf_finish(&c, &e));
	CHECK_EQ_INT(c.port, 2200);
	CHECK_STR_EQ(c.user, "has \"quotes\" and spaces");
	CHECK_STR_EQ(c.proxy_command, "nc -X 5 h 2200");
	sshconf_release(&c);
}

TEST(sshconf_user_file_permissions)
{
	const char *dir = sshtest_dir("sshconf");
	char p[600];
	struct sshconf c;
	struct errinfo e;

	snprintf(p, sizeof(p), "%s/perm.conf", dir);
	spit(p, "Port 5\n", 0666);
	sshconf_init(&c, "h");
	CHECK_EQ_INT(sshconf_read_file(&c, p, SSHCONF_USER, &e), ERR_CONFIG);
	CHECK(strstr(e.msg, "bad owner or permissions") != NULL);
	CHECK(strstr(e.msg, p) != NULL);
	/* the system file is not checked */
	CHECK_OK(sshconf_read_file(&c, p, 0, &e));
	CHECK_EQ_INT(c.port, 5);
	sshconf_release(&c);
	/* absent files */
	sshconf_init(&c, "h");
	snprintf(p, sizeof(p), "%s/absent.conf", dir);
	CHECK_EQ_INT(sshconf_read_file(&c, p, SSHCONF_USER, &e), ERR_NOTFOUND);
	{
		const char *files[] = { p, NULL };

		CHECK_EQ_INT(sshconf_load(&c, files, 0, &e), ERR_NOTFOUND);
		CHECK_OK(sshconf_load(&c, files, SSHCONF_MISSING_OK, &e));
	}
	sshconf_release(&c);
}

TEST(sshconf_include_relative_to_home_and_depth)
{
	const char *dir = sshtest_dir("sshconf-home");
	char p[600], q[600];
	struct sshconf c;
	struct errinfo e;

	snprintf(p, sizeof(p), "%s/.ssh", dir);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/.ssh/config.d", dir);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/.ssh/config.d/one.conf", dir);
	spit(p, "Host h\n  User relative\n", 0600);
	snprintf(q, sizeof(q), "%s/.ssh/config", dir);
	spit(q, "Include config.d/*.conf\nHost *\n  User other\n", 0600);
	sshconf_init(&c, "h");
	free(c.home);
	c.home = strdup(dir);
	{
		const char *files[] = { q, NULL };

		CHECK_OK(sshconf_load(&c, files, 0, &e));
	}
	CHECK_STR_EQ(c.user, "relative");
	sshconf_release(&c);
	/* a file including itself stops at the depth limit with an error */
	snprintf(p, sizeof(p), "%s/loop.conf", dir);
	{
		struct str t = STR_INIT;

		str_addf(&t, "Include %s\n", p);
		spit(p, str_cstr(&t), 0600);
		str_release(&t);
	}
	sshconf_init(&c, "h");
	CHECK_EQ_INT(sshconf_read_file(&c, p, SSHCONF_USER, &e), ERR_CONFIG);
	CHECK(strstr(e.msg, "nested too deeply") != NULL);
	sshconf_release(&c);
	/* NO_INCLUDE ignores them */
	sshconf_init(&c, "h");
	CHECK_OK(sshconf_read_file(&c, p, SSHCONF_USER | SSHCONF_NO_INCLUDE, &e));
	sshconf_release(&c);
}

static const char tokcfg[] = "Host *\n"
    "  HostName %h.Example\n"
    "  User deploy\n"
    "  Port 2022\n"
    "  IdentityFile ~/.ssh/k_%h_%r_%p_%u_%n_%%\n"
    "  IdentityFile %d/k2\n"
    "  IdentityFile ${SSHCONF_TEST_DIR}/k3\n"
    "  IdentityFile ~/.ssh/k_%h_%r_%p_%u_%n_%%\n"
    "  UserKnownHostsFile ~/.ssh/kh_%k\n"
    "  ProxyCommand connect %h:%p as %r for %n %%\n"
    "  IdentityAgent ~/agent.sock\n";

TEST(sshconf_tokens_and_defaults)
{
	struct sshconf c;
	struct errinfo e;
	struct str want = STR_INIT, ctok = STR_INIT;

	sshconf_init(&c, "Web1");
	free(c.home);
	c.home = strdup("/home/tester");
	free(c.local_user);
	c.local_user = strdup("tester");
	setenv("SSHCONF_TEST_DIR", "/env/dir", 1);
	CHECK_OK(sshconf_read_text(&c, "t", tokcfg, strlen(tokcfg), 0, &e));
	CHECK_OK(sshconf_finish(&c, &e));
	CHECK_STR_EQ(c.hostname, "web1.example");
	CHECK_EQ_INT(c.identity_files.n, 3);	/* the duplicate is dropped */
	CHECK_STR_EQ(c.identity_files.v[0], "/home/tester/.ssh/k_web1.example_deploy_2022_tester_Web1_%");
	CHECK_STR_EQ(c.identity_files.v[1], "/home/tester/k2");
	CHECK_STR_EQ(c.identity_files.v[2], "/env/dir/k3");
	CHECK_EQ_INT(c.user_known_hosts_files.n, 1);
	CHECK_STR_EQ(c.user_known_hosts_files.v[0], "/home/tester/.ssh/kh_Web1");
	CHECK_EQ_INT(c.global_known_hosts_files.n, 2);
	CHECK_STR_EQ(c.proxy_command, "connect web1.example:2022 as deploy for Web1 %");
	CHECK_STR_EQ(c.identity_agent, "/home/tester/agent.sock");
	CHECK_EQ_INT(c.server_alive_count_max, 3);
	CHECK_EQ_INT(c.server_alive_interval, 0);
	CHECK_EQ_INT(c.connect_timeout, SSHCONF_UNSET);
	CHECK_EQ_INT(c.strict_host_key_checking, SSHCONF_SHKC_UNSET);
	/* %C as ssh computes it (checked against ssh -G below) */
	CHECK_OK(sshconf_expand(&c, "%C", &ctok, &e));
	CHECK_EQ_INT(ctok.len, 40);
	sshconf_release(&c);

	/* defaults with nothing configured */
	sshconf_init(&c, "plain");
	CHECK_OK(sshconf_finish(&c, &e));
	CHECK_EQ_INT(c.port, 22);
	CHECK_STR_EQ(c.user, c.local_user);
	CHECK_EQ_INT(c.identity_files.n, 3);
	str_addf(&want, "%s/.ssh/id_ed25519", c.home);
	CHECK_STR_EQ(c.identity_files.v[2], str_cstr(&want));
	CHECK(c.proxy_jump == NULL && c.proxy_command == NULL && c.identity_agent == NULL);
	sshconf_release(&c);

	/* unknown tokens and unset variables are errors */
	CHECK_EQ_INT(load_text(&c, "h", "IdentityFile ~/%Z\n", 0, &e), ERR_CONFIG);
	CHECK(strstr(e.msg, "IdentityFile") != NULL && strstr(e.msg, "%Z") != NULL);
	sshconf_release(&c);
	unsetenv("SSHCONF_NOT_SET_ANYWHERE");
	CHECK_EQ_INT(load_text(&c, "h", "IdentityFile ${SSHCONF_NOT_SET_ANYWHERE}/k\n", 0, &e),
	    ERR_CONFIG);
	sshconf_release(&c);
	CHECK_EQ_INT(load_text(&c, "h", "HostName %p\n", 0, &e), ERR_CONFIG);
	sshconf_release(&c);
	str_release(&want);
	str_release(&ctok);
}

TEST(sshconf_percent_C_matches_ssh)
{
	struct sshconf c;
	struct errinfo e;
	struct str mine = STR_INIT, theirs = STR_INIT;
	char cfg[600];

	snprintf(cfg, sizeof(cfg), "%s/ctok.conf", sshtest_dir("sshconf"));
	spit(cfg, "Host *\n  HostName real.example\n  User someone\n  Port 2022\n", 0600);
	CHECK_EQ_INT(sh(&theirs, "ssh -G -F '%s' -o ControlPath=%%C nick 2>/dev/null | "
	    "sed -n 's/^controlpath //p'", cfg), 0);
	sshconf_init(&c, "nick");
	{
		const char *files[] = { cfg, NULL };

		CHECK_OK(sshconf_load(&c, files, 0, &e));
	}
	CHECK_OK(sshconf_expand(&c, "%C", &mine, &e));
	CHECK_STR_EQ(str_cstr(&mine), str_cstr(&theirs));
	sshconf_release(&c);
	str_release(&mine);
	str_release(&theirs);
}

TEST(sshconf_match_exec_controls)
{
	struct sshconf c;
	struct errinfo e;
	const char *dir = sshtest_dir("sshconf");
	char marker[600];
	struct str t = STR_INIT;

	snprintf(marker, sizeof(marker), "%s/exec-ran", dir);
	unlink(marker);
	str_addf(&t, "Match exec \"touch %s\"\n  Port 1\n", marker);
	/* NO_EXEC: nothing runs, the criterion is false */
	CHECK_OK(load_text(&c, "h", str_cstr(&t), SSHCONF_NO_EXEC, &e));
	CHECK_EQ_INT(c.port, 22);
	CHECK(access(marker, F_OK) != 0);
	sshconf_release(&c);
	/* an earlier false criterion skips the command */
	str_reset(&t);
	str_addf(&t, "Match host nothere exec \"touch %s\"\n  Port 1\n", marker);
	CHECK_OK(load_text(&c, "h", str_cstr(&t), 0, &e));
	CHECK(access(marker, F_OK) != 0);
	sshconf_release(&c);
	/* otherwise it runs, with tokens */
	str_reset(&t);
	str_addf(&t, "Match exec \"touch %s-%%h\"\n  Port 1\n", marker);
	CHECK_OK(load_text(&c, "h", str_cstr(&t), 0, &e));
	CHECK_EQ_INT(c.port, 1);
	str_reset(&t);
	str_addf(&t, "%s-h", marker);
	CHECK(access(str_cstr(&t), F_OK) == 0);
	sshconf_release(&c);
	str_release(&t);
}

TEST(sshconf_set_env_send_env_forwards)
{
	struct sshconf c;
	struct errinfo e;

	/* ForwardAgent $VAR with VAR unset is an error */
	unsetenv("SSHCONF_FWD_SOCK");
	CHECK_EQ_INT(load_text(&c, "h", "ForwardAgent $SSHCONF_FWD_SOCK\n", 0, &e), ERR_CONFIG);
	sshconf_release(&c);
	setenv("SSHCONF_FWD_SOCK", "/tmp/fwd.sock", 1);
	CHECK_OK(load_text(&c, "h",
	    "SetEnv A=1 A=2 \"B=x y\"\n"
	    "SetEnv C=3\n"
	    "SendEnv LANG LC_* TZ\n"
	    "SendEnv -LC_*\n"
	    "SendEnv LC_ALL\n"
	    "LocalForward 8080 localhost:80\n"
	    "LocalForward [::1]:9090 /var/run/docker.sock\n"
	    "RemoteForward 5555\n"
	    "ForwardAgent $SSHCONF_FWD_SOCK\n", 0, &e));
	CHECK_EQ_INT(c.set_env.n, 2);
	CHECK_STR_EQ(c.set_env.v[0], "A=1");
	CHECK_STR_EQ(c.set_env.v[1], "B=x y");
	CHECK_EQ_INT(c.send_env.n, 3);
	CHECK_STR_EQ(c.send_env.v[0], "LANG");
	CHECK_STR_EQ(c.send_env.v[1], "TZ");
	CHECK_STR_EQ(c.send_env.v[2], "LC_ALL");
	CHECK_EQ_INT(c.local_forwards.n, 2);
	CHECK_STR_EQ(c.local_forwards.v[1], "[::1]:9090 /var/run/docker.sock");
	CHECK_EQ_INT(c.remote_forwards.n, 1);
	CHECK_EQ_INT(c.forward_agent, 1);
	CHECK_STR_EQ(c.forward_agent_sock, "/tmp/fwd.sock");
	sshconf_release(&c);
	unsetenv("SSHCONF_FWD_SOCK");
}

TEST(sshconf_alg_list_prefixes)
{
	static const char *sup = "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256";
	static const char *dflt = "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256";
	struct str out = STR_INIT;
	struct errinfo e;

	CHECK_OK(sshconf_alg_list("KexAlgorithms", NULL, dflt, sup, &out, &e));
	CHECK_STR_EQ(str_cstr(&out), dflt);
	str_reset(&out);
	CHECK_OK(sshconf_alg_list("KexAlgorithms", "ecdh-sha2-nistp256,diffie-hellman-group14-sha256",
	    dflt, sup, &out, &e));
	CHECK_STR_EQ(str_cstr(&out), "ecdh-sha2-nistp256");
	str_reset(&out);
	CHECK_OK(sshconf_alg_list("KexAlgorithms", "-curve25519*", dflt, sup, &out, &e));
	CHECK_STR_EQ(str_cstr(&out), "ecdh-sha2-nistp256");
	str_reset(&out);
	CHECK_OK(sshconf_alg_list("KexAlgorithms", "^ecdh-sha2-nistp256", dflt, sup, &out, &e));
	CHECK_STR_EQ(str_cstr(&out),
	    "ecdh-sha2-nistp256,curve25519-sha256,curve25519-sha256@libssh.org");
	str_reset(&out);
	CHECK_OK(sshconf_alg_list("KexAlgorithms", "+ecdh-sha2-nistp256,diffie-hellman-group1-sha1",
	    "curve25519-sha256", sup, &out, &e));
	CHECK_STR_EQ(str_cstr(&out), "curve25519-sha256,ecdh-sha2-nistp256");
	str_reset(&out);
	CHECK_OK(sshconf_alg_list("KexAlgorithms", "*@libssh.org,curve*", dflt, sup, &out, &e));
	CHECK_STR_EQ(str_cstr(&out), "curve25519-sha256@libssh.org,curve25519-sha256");
	str_reset(&out);
	CHECK_EQ_INT(sshconf_alg_list("Ciphers", "3des-cbc", "aes128-ctr", "aes128-ctr", &out, &e),
	    ERR_CONFIG);
	CHECK(strstr(e.msg, "Ciphers '3des-cbc'") != NULL);
	CHECK_EQ_INT(sshconf_alg_list("Ciphers", "-*", "aes128-ctr", "aes128-ctr", &out, &e),
	    ERR_CONFIG);
	str_release(&out);
}

TEST(sshconf_jumps_and_destinations)
{
	struct sshconf_jump *h = NULL, d;
	size_t n = 0;
	struct errinfo e;

	CHECK_OK(sshconf_parse_jumps("bastion,admin@gw.example:2222,ssh://me@[2001:db8::1]:22,"
	    "[::1],fe80::1,u@v@host", &h, &n, &e));
	CHECK_EQ_INT(n, 6);
	CHECK(h[0].user == NULL);
	CHECK_STR_EQ(h[0].host, "bastion");
	CHECK_EQ_INT(h[0].port, 0);
	CHECK_STR_EQ(h[1].user, "admin");
	CHECK_STR_EQ(h[1].host, "gw.example");
	CHECK_EQ_INT(h[1].port, 2222);
	CHECK_STR_EQ(h[2].user, "me");
	CHECK_STR_EQ(h[2].host, "2001:db8::1");
	CHECK_EQ_INT(h[2].port, 22);
	CHECK_STR_EQ(h[3].host, "::1");
	CHECK_STR_EQ(h[4].host, "fe80::1");
	CHECK_EQ_INT(h[4].port, 0);
	CHECK_STR_EQ(h[5].user, "u@v");
	CHECK_STR_EQ(h[5].host, "host");
	sshconf_jumps_free(h, n);
	CHECK_EQ_INT(sshconf_parse_jumps("a,,b", &h, &n, &e), ERR_CONFIG);
	CHECK_EQ_INT(sshconf_parse_dest("@host", &d, &e), ERR_CONFIG);
	CHECK_EQ_INT(sshconf_parse_dest("host:0", &d, &e), ERR_CONFIG);
	CHECK_EQ_INT(sshconf_parse_dest("host:65536", &d, &e), ERR_CONFIG);
	CHECK_EQ_INT(sshconf_parse_dest("[::1", &d, &e), ERR_CONFIG);
	CHECK_EQ_INT(sshconf_parse_dest("[::1]x", &d, &e), ERR_CONFIG);
	CHECK_EQ_INT(sshconf_parse_dest("-oProxyCommand=x", &d, &e), ERR_CONFIG);
	CHECK_EQ_INT(sshconf_parse_dest("user@", &d, &e), ERR_CONFIG);
	CHECK_EQ_INT(sshconf_parse_dest("host name", &d, &e), ERR_CONFIG);
	CHECK_OK(sshconf_parse_dest("ssh://deploy@web1:2200/", &d, &e));
	CHECK_STR_EQ(d.user, "deploy");
	CHECK_STR_EQ(d.host, "web1");
	CHECK_EQ_INT(d.port, 2200);
	free(d.user);
	free(d.host);
}

TEST(sshconf_parse_time_formats)
{
	struct sshconf c;
	struct errinfo e;

	CHECK_OK(load_text(&c, "h", "ServerAliveInterval 1w2d3h4m5s\nConnectTimeout none\n"
	    "ConnectTimeout 30\n", 0, &e));
	CHECK_EQ_INT(c.server_alive_interval, 604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5);
	CHECK_EQ_INT(c.connect_timeout, SSHCONF_UNSET);	/* none came first and wins */
	sshconf_release(&c);
	CHECK_EQ_INT(load_text(&c, "h", "ServerAliveInterval 99999999999\n", 0, &e), ERR_CONFIG);
	sshconf_release(&c);
	CHECK_EQ_INT(load_text(&c, "h", "ServerAliveInterval m\n", 0, &e), ERR_CONFIG);
	sshconf_release(&c);
}

TEST(sshconf_matches_ssh_G_lexical_forms)
{
	static const char *none[] = { NULL };
	static const char *cfgs[] = {
		"Port=7\n", "Port =8\n", "Port= 9\n", "  Port\t10\n",
		"User \"a\\\"b\"\n", "User 'sq x'\n", "User a#b\n", "User a #b\n",
		"HostName=x # c\n", "User a\\ b\n", "hOsTnAmE MiXeD.Example\n",
		"Host h # trailing comment\n  User commented\n",
		"Host \"h\"\n  User quotedpattern\n",
		"Host x\r\n  User crlf\r\nHost *\r\n  Port 2\r\n",
		"\tHost\th\n\tUser\ttabs\n",
		"Host h\n  IdentityFile \"/keys/with space\" \n",
		"Host h\n  SetEnv \"X=a b\" Y=\"c d\"\n",
	};
	size_t i;

	for (i = 0; i < sizeof(cfgs) / sizeof(cfgs[0]); i++)
		COMPARE(cfgs[i], none, "h");
	{
		static const char *opts[] = { "User=op", "Port 2222", "SendEnv=A B", NULL };

		COMPARE("Host *\n  User cfg\n", opts, "h");
	}
}
