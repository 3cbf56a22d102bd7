/*
 * knownhosts: lookups over plain, wildcard, negated, [host]:port, hashed,
 * @revoked and @cert-authority lines; adds cross-checked with `ssh-keygen -F`
 * and hashes produced by `ssh-keygen -H`.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/err.h"
#include "core/str.h"
#include "core/strvec.h"
#include "harness.h"
#include "ssh/key.h"
#include "ssh/knownhosts.h"
#include "ssh/sshmatch.h"
#include "sshtest.h"

/* Host keys: two ed25519 (A, B) and one ecdsa (C), as public lines and parsed keys. */
struct khkeys {
	char		 line[3][600];	/* "type base64" without comment */
	struct sshkey	*k[3];
};

static int
khkeys_load(struct khkeys *kk)
{
	static const char *spec[] = { "ed25519 hkA", "ed25519 hkB", "ecdsa hkC" };
	const char *dir = sshtest_dir("kh");
	int i;

	memset(kk, 0, sizeof(*kk));
	for (i = 0; i < 3; i++) {
		char path[600], type[16], name[16];
		struct str out = STR_INIT;

		sscanf(spec[i], "%15s %15s", type, name);
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		if (access(path, F_OK) != 0 &&
		    sh(NULL, "ssh-keygen -q -t %s -N '' -C '' -f '%s' </dev/null", type, path) != 0)
			return -1;
		if (sh(&out, "cut -d' ' -f1,2 '%s.pub'", path) != 0)
			return -1;
		snprintf(kk->line[i], sizeof(kk->line[i]), "%s", str_cstr(&out));
		str_release(&out);
		if (sshkey_parse_public_line(kk->line[i], &kk->k[i], NULL) != 0)
			return -1;
	}
	return 0;
}

static void
khkeys_free(struct khkeys *kk)
{
	int i;

	for (i = 0; i < 3; i++)
		sshkey_free(kk->k[i]);
}

static enum kh_status
check(const char *text, const char *host, int port, const struct sshkey *k, int *line)
{
	struct kh_result r;

	knownhosts_check_text(text, strlen(text), "mem", host, port, k, &r);
	if (line)
		*line = r.line;
	return r.status;
}

TEST(sshmatch_patterns)
{
	CHECK(sshmatch_pattern("web1.example.com", "*.example.com", 13, 1));
	CHECK(sshmatch_pattern("WEB1.Example.com", "*.example.com", 13, 1));
	CHECK(!sshmatch_pattern("WEB1.Example.com", "*.example.com", 13, 0));
	CHECK(!sshmatch_pattern("example.com", "*.example.com", 13, 1));
	CHECK(sshmatch_pattern("192.168.0.7", "192.168.0.?", 11, 1));
	CHECK(!sshmatch_pattern("192.168.0.17", "192.168.0.?", 11, 1));
	CHECK(sshmatch_pattern("", "*", 1, 1));
	CHECK(sshmatch_pattern("abc", "a*b*c", 5, 1));
	CHECK(sshmatch_pattern("aXbYbc", "a*b*c", 5, 1));
	CHECK(!sshmatch_pattern("aXbYbd", "a*b*c", 5, 1));
	CHECK(sshmatch_pattern("[h]:2222", "[h]:2222", 8, 1));
	CHECK(sshmatch_pattern("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "*a*a*a*a*a*a*b", 14, 1));
	CHECK(!sshmatch_pattern("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "*a*a*a*a*a*a*b", 14, 1));
	CHECK_EQ_INT(sshmatch_list("host3", "!host1,!host2", 13, 1), 0);
	CHECK_EQ_INT(sshmatch_list("host3", "!host1,!host2,*", 15, 1), 1);
	CHECK_EQ_INT(sshmatch_list("host1", "!host1,!host2,*", 15, 1), -1);
	CHECK_EQ_INT(sshmatch_list("a.dialup.example.com", "!*.dialup.example.com,*.example.com", 35, 1), -1);
	CHECK_EQ_INT(sshmatch_list("b.example.com", "!*.dialup.example.com,*.example.com", 35, 1), 1);
	CHECK_EQ_INT(sshmatch_list("x", ",,x,,", 5, 1), 1);
}

TEST(knownhosts_plain_lookups)
{
	struct khkeys kk;
	struct str t = STR_INIT;
	int line;

	CHECK_OK(khkeys_load(&kk));
	str_addf(&t, "# a comment\n\n   \nweb1,web2.example.com,10.0.0.1 %s\n", kk.line[0]);
	str_addf(&t, "*.prod.example.com,!db.prod.example.com %s comment here\n", kk.line[1]);
	str_addf(&t, "[web1]:2222 %s\n", kk.line[1]);
	str_addf(&t, "this line is garbage\n");
	str_addf(&t, "web3 ssh-ed25519 AAAA-not-base64\n");
	str_addf(&t, "web3 %s\r\n", kk.line[2]);
	CHECK_EQ_INT(check(t.s, "web1", 22, kk.k[0], &line), KH_MATCH);
	CHECK_EQ_INT(line, 4);
	CHECK_EQ_INT(check(t.s, "WEB2.example.COM", 22, kk.k[0], NULL), KH_MATCH);
	CHECK_EQ_INT(check(t.s, "10.0.0.1", 22, kk.k[0], NULL), KH_MATCH);
	CHECK_EQ_INT(check(t.s, "10.0.0.1", 0, kk.k[0], NULL), KH_MATCH);	/* 0 = default */
	CHECK_EQ_INT(check(t.s, "web2", 22, kk.k[0], NULL), KH_NOT_FOUND);
	/* same type, other key: changed, pointing at the line on file */
	CHECK_EQ_INT(check(t.s, "web1", 22, kk.k[1], &line), KH_CHANGED);
	CHECK_EQ_INT(line, 4);
	/* other type: not found */
	CHECK_EQ_INT(check(t.s, "web1", 22, kk.k[2], NULL), KH_NOT_FOUND);
	/* wildcard and negation */
	CHECK_EQ_INT(check(t.s, "app.prod.example.com", 22, kk.k[1], NULL), KH_MATCH);
	CHECK_EQ_INT(check(t.s, "db.prod.example.com", 22, kk.k[1], NULL), KH_NOT_FOUND);
	/* ports */
	CHECK_EQ_INT(check(t.s, "web1", 2222, kk.k[1], &line), KH_MATCH);
	CHECK_EQ_INT(line, 6);
	CHECK_EQ_INT(check(t.s, "web1", 2222, kk.k[0], NULL), KH_CHANGED);
	CHECK_EQ_INT(check(t.s, "web1", 2200, kk.k[1], NULL), KH_NOT_FOUND);
	/* CRLF line, after unparsable ones */
	CHECK_EQ_INT(check(t.s, "web3", 22, kk.k[2], &line), KH_MATCH);
	CHECK_EQ_INT(line, 9);
	str_release(&t);
	khkeys_free(&kk);
}

TEST(knownhosts_markers)
{
	struct khkeys kk;
	struct str t = STR_INIT;
	int line;

	CHECK_OK(khkeys_load(&kk));
	str_addf(&t, "@cert-authority *.example.com %s\n", kk.line[0]);
	str_addf(&t, "host1 %s\n", kk.line[1]);
	str_addf(&t, "@revoked * %s\n", kk.line[1]);
	str_addf(&t, "@bogus host2 %s\n", kk.line[0]);
	/* a CA line does not make the key trusted for a host */
	CHECK_EQ_INT(check(t.s, "a.example.com", 22, kk.k[0], NULL), KH_NOT_FOUND);
	/* revoked wins over a matching line */
	CHECK_EQ_INT(check(t.s, "host1", 22, kk.k[1], &line), KH_REVOKED);
	CHECK_EQ_INT(line, 3);
	CHECK_EQ_INT(check(t.s, "anything", 22, kk.k[1], NULL), KH_REVOKED);
	/* unknown markers are skipped */
	CHECK_EQ_INT(check(t.s, "host2", 22, kk.k[0], NULL), KH_NOT_FOUND);
	/* a revoked line for another key does not count as a change */
	CHECK_EQ_INT(check(t.s, "host3", 22, kk.k[0], NULL), KH_NOT_FOUND);
	str_release(&t);
	khkeys_free(&kk);
}

TEST(knownhosts_hashed_by_ssh_keygen)
{
	struct khkeys kk;
	const char *dir = sshtest_dir("kh");
	char f[600];
	struct str t = STR_INIT;
	const char *files[2];
	struct kh_result r;
	struct errinfo e;
	char *text;

	CHECK_OK(khkeys_load(&kk));
	snprintf(f, sizeof(f), "%s/hashed_known_hosts", dir);
	str_addf(&t, "sisyphus.example.com %s\n", kk.line[0]);
	str_addf(&t, "[prometheus.example.com]:2222 %s\n", kk.line[1]);
	str_addf(&t, "192.0.2.1,2001:db8::1 %s\n", kk.line[2]);
	CHECK_EQ_INT(spit(f, str_cstr(&t), 0600), 0);
	CHECK_EQ_INT(sh(NULL, "ssh-keygen -q -H -f '%s' >/dev/null 2>&1", f), 0);
	text = slurp(f, NULL);
	CHECK(text != NULL);
	CHECK(strstr(text, "sisyphus") == NULL && strstr(text, "|1|") != NULL);
	free(text);
	files[0] = f;
	files[1] = NULL;
	CHECK_OK(knownhosts_check(files, "sisyphus.example.com", 22, kk.k[0], &r, &e));
	CHECK_EQ_INT(r.status, KH_MATCH);
	CHECK_STR_EQ(r.file, f);
	CHECK_OK(knownhosts_check(files, "Sisyphus.Example.com", 22, kk.k[1], &r, &e));
	CHECK_EQ_INT(r.status, KH_CHANGED);
	CHECK_OK(knownhosts_check(files, "prometheus.example.com", 2222, kk.k[1], &r, &e));
	CHECK_EQ_INT(r.status, KH_MATCH);
	CHECK_OK(knownhosts_check(files, "prometheus.example.com", 22, kk.k[1], &r, &e));
	CHECK_EQ_INT(r.status, KH_NOT_FOUND);
	CHECK_OK(knownhosts_check(files, "2001:db8::1", 22, kk.k[2], &r, &e));
	CHECK_EQ_INT(r.status, KH_MATCH);
	CHECK_OK(knownhosts_check(files, "192.0.2.1", 22, kk.k[2], &r, &e));
	CHECK_EQ_INT(r.status, KH_MATCH);
	CHECK_EQ_INT(r.line, 3);	/* ssh-keygen -H splits comma lists: one line per name */
	str_release(&t);
	khkeys_free(&kk);
}

TEST(knownhosts_add_cross_checked_with_ssh_keygen)
{
	struct khkeys kk;
	const char *dir = sshtest_dir("kh");
	char f[600];
	const char *files[2];
	struct kh_result r;
	struct errinfo e;
	struct str out = STR_INIT;

	CHECK_OK(khkeys_load(&kk));
	snprintf(f, sizeof(f), "%s/new/dir/known_hosts", dir);
	files[0] = f;
	files[1] = NULL;
	CHECK_OK(knownhosts_check(files, "web1", 22, kk.k[0], &r, &e));	/* missing file */
	CHECK_EQ_INT(r.status, KH_NOT_FOUND);
	CHECK_OK(knownhosts_add(f, "Web1.example.com", 22, kk.k[0], 0, &e));
	CHECK_OK(knownhosts_add(f, "web2.example.com", 2222, kk.k[1], 1, &e));
	CHECK_OK(knownhosts_add(f, "::1", 2200, kk.k[2], 1, &e));
	CHECK_OK(knownhosts_add(f, "10.1.2.3", 22, kk.k[2], 0, &e));
	{
		struct stat st;
		char d[600];

		CHECK_EQ_INT(stat(f, &st), 0);
		CHECK_EQ_INT(st.st_mode & 0777, 0600);
		snprintf(d, sizeof(d), "%s/new/dir", dir);
		CHECK_EQ_INT(stat(d, &st), 0);
		CHECK_EQ_INT(st.st_mode & 0777, 0700);
	}
	/* ours */
	CHECK_OK(knownhosts_check(files, "web1.example.com", 22, kk.k[0], &r, &e));
	CHECK_EQ_INT(r.status, KH_MATCH);
	CHECK_EQ_INT(r.line, 1);
	CHECK_OK(knownhosts_check(files, "web2.example.com", 2222, kk.k[1], &r, &e));
	CHECK_EQ_INT(r.status, KH_MATCH);
	CHECK_OK(knownhosts_check(files, "::1", 2200, kk.k[2], &r, &e));
	CHECK_EQ_INT(r.status, KH_MATCH);
	CHECK_EQ_INT(r.line, 3);
	/* OpenSSH's: ssh-keygen -F finds each, printing the key we wrote */
	CHECK_EQ_INT(sh(&out, "ssh-keygen -F web1.example.com -f '%s' | grep -v '^#' | cut -d' ' -f2,3", f), 0);
	CHECK_STR_EQ(str_cstr(&out), kk.line[0]);
	str_reset(&out);
	CHECK_EQ_INT(sh(&out, "ssh-keygen -F '[web2.example.com]:2222' -f '%s' | grep -v '^#' | cut -d' ' -f2,3", f), 0);
	CHECK_STR_EQ(str_cstr(&out), kk.line[1]);
	str_reset(&out);
	CHECK_EQ_INT(sh(&out, "ssh-keygen -F '[::1]:2200' -f '%s' | grep -v '^#' | cut -d' ' -f2,3", f), 0);
	CHECK_STR_EQ(str_cstr(&out), kk.line[2]);
	str_reset(&out);
	CHECK_EQ_INT(sh(&out, "ssh-keygen -F 10.1.2.3 -f '%s' | grep -v '^#' | cut -d' ' -f1", f), 0);
	CHECK_STR_EQ(str_cstr(&out), "10.1.2.3");
	CHECK(sh(NULL, "ssh-keygen -F web2.example.com -f '%s' | grep -q ssh-", f) != 0);
	str_release(&out);
	khkeys_free(&kk);
}

TEST(knownhosts_add_after_missing_newline)
{
	struct khkeys kk;
	const char *dir = sshtest_dir("kh");
	char f[600];
	struct str t = STR_INIT;
	const char *files[2];
	struct kh_result r;
	struct errinfo e;

	CHECK_OK(khkeys_load(&kk));
	snprintf(f, sizeof(f), "%s/nonl_known_hosts", dir);
	str_addf(&t, "old %s", kk.line[0]);	/* no final newline */
	CHECK_EQ_INT(spit(f, str_cstr(&t), 0600), 0);
	CHECK_OK(knownhosts_add(f, "new", 22, kk.k[1], 0, &e));
	files[0] = f;
	files[1] = NULL;
	CHECK_OK(knownhosts_check(files, "old", 22, kk.k[0], &r, &e));
	CHECK_EQ_INT(r.status, KH_MATCH);
	CHECK_OK(knownhosts_check(files, "new", 22, kk.k[1], &r, &e));
	CHECK_EQ_INT(r.status, KH_MATCH);
	CHECK_EQ_INT(r.line, 2);
	str_release(&t);
	khkeys_free(&kk);
}

TEST(knownhosts_several_files_and_types)
{
	struct khkeys kk;
	const char *dir = sshtest_dir("kh");
	char f1[600], f2[600], f3[600];
	struct str t = STR_INIT;
	const char *files[4];
	struct kh_result r;
	struct errinfo e;
	struct strvec types = STRVEC_INIT;

	CHECK_OK(khkeys_load(&kk));
	snprintf(f1, sizeof(f1), "%s/user_kh", dir);
	snprintf(f2, sizeof(f2), "%s/absent_kh", dir);
	snprintf(f3, sizeof(f3), "%s/global_kh", dir);
	str_addf(&t, "box %s\n", kk.line[2]);
	CHECK_EQ_INT(spit(f1, str_cstr(&t), 0600), 0);
	str_reset(&t);
	str_addf(&t, "# global\nbox %s\nbox %s\n", kk.line[1], kk.line[0]);
	CHECK_EQ_INT(spit(f3, str_cstr(&t), 0644), 0);
	files[0] = f1;
	files[1] = f2;
	files[2] = f3;
	files[3] = NULL;
	/* A is on file in the second file, line 3 (after B which differs): match wins */
	CHECK_OK(knownhosts_check(files, "box", 22, kk.k[0], &r, &e));
	CHECK_EQ_INT(r.status, KH_MATCH);
	CHECK_STR_EQ(r.file, f3);
	CHECK_EQ_INT(r.line, 3);
	CHECK_OK(knownhosts_host_types(files, "box", 22, &types, &e));
	CHECK_EQ_INT(types.n, 2);
	CHECK_STR_EQ(types.v[0], "ecdsa-sha2-nistp256");
	CHECK_STR_EQ(types.v[1], "ssh-ed25519");
	strvec_clear(&types);
	CHECK_OK(knownhosts_host_types(files, "other", 22, &types, &e));
	CHECK_EQ_INT(types.n, 0);
	/* an unreadable entry (a directory) is skipped, not fatal */
	files[1] = dir;
	CHECK_OK(knownhosts_check(files, "box", 22, kk.k[2], &r, &e));
	CHECK_EQ_INT(r.status, KH_MATCH);
	CHECK_STR_EQ(r.file, f1);
	strvec_clear(&types);
	str_release(&t);
	khkeys_free(&kk);
}

TEST(knownhosts_format_line_shapes)
{
	struct khkeys kk;
	struct str s = STR_INIT, want = STR_INIT;
	struct kh_result r;

	CHECK_OK(khkeys_load(&kk));
	knownhosts_format_line("Host.Example", 22, kk.k[0], 0, &s);
	str_addf(&want, "host.example %s\n", kk.line[0]);
	CHECK_STR_EQ(str_cstr(&s), str_cstr(&want));
	str_reset(&s);
	str_reset(&want);
	knownhosts_format_line("h", 2222, kk.k[0], 0, &s);
	str_addf(&want, "[h]:2222 %s\n", kk.line[0]);
	CHECK_STR_EQ(str_cstr(&s), str_cstr(&want));
	str_reset(&s);
	knownhosts_format_line("h", 2222, kk.k[0], 1, &s);
	CHECK(strncmp(str_cstr(&s), "|1|", 3) == 0);
	/* |1| + 28 chars salt + | + 28 chars hash */
	CHECK_EQ_INT(strchr(str_cstr(&s), ' ') - str_cstr(&s), 3 + 28 + 1 + 28);
	knownhosts_check_text(s.s, s.len, "x", "h", 2222, kk.k[0], &r);
	CHECK_EQ_INT(r.status, KH_MATCH);
	knownhosts_check_text(s.s, s.len, "x", "h", 22, kk.k[0], &r);
	CHECK_EQ_INT(r.status, KH_NOT_FOUND);
	str_release(&s);
	str_release(&want);
	khkeys_free(&kk);
}
