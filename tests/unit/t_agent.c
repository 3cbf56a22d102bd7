/*
 * agent: against a real ssh-agent started by the test (keys added with
 * ssh-add), listing and signing with every key type and RSA flag, verified with
 * sshkey_verify; plus hostile "agents" on a socketpair or a socket that never
 * answers (bounds, timeouts).
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/proc.h"
#include "core/str.h"
#include "harness.h"
#include "ssh/agent.h"
#include "ssh/key.h"
#include "sshtest.h"

struct real_agent {
	struct proc	p;
	char		sock[600];
	char		key[3][600];
};

static int
agent_start(struct real_agent *ra)
{
	static const char *types[] = { "ed25519", "ecdsa", "rsa" };
	const char *dir = sshtest_dir("agent");
	char *argv[] = { "ssh-agent", "-D", "-a", ra->sock, NULL };
	struct errinfo e;
	int i;

	memset(ra, 0, sizeof(*ra));
	snprintf(ra->sock, sizeof(ra->sock), "%s/agent.%d.sock", dir, (int)getpid());
	unlink(ra->sock);
	for (i = 0; i < 3; i++) {
		snprintf(ra->key[i], sizeof(ra->key[i]), "%s/id_%s", dir, types[i]);
		if (access(ra->key[i], F_OK) != 0 &&
		    sh(NULL, "ssh-keygen -q -t %s %s -N '' -C 'agent %s' -f '%s' </dev/null",
		    types[i], i == 2 ? "-b 2048" : "", types[i], ra->key[i]) != 0)
			return -1;
	}
	if (proc_spawn(&ra->p, argv, NULL, PROC_STDIN_NULL | PROC_STDOUT_PIPE | PROC_STDERR_PIPE,
	    &e) != 0)
		return -1;
	for (i = 0; i < 500 && access(ra->sock, F_OK) != 0; i++) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		nanosleep(&ts, NULL);
	}
	return access(ra->sock, F_OK) == 0 ? 0 : -1;
}

static void
agent_stop(struct real_agent *ra)
{
	int status;

	if (ra->p.pid > 0) {
		kill(ra->p.pid, SIGTERM);
		proc_wait(&ra->p, &status);
		ra->p.pid = 0;
	}
	unlink(ra->sock);
}

static int
ssh_add(struct real_agent *ra, const char *key)
{
	return sh(NULL, "SSH_AUTH_SOCK='%s' ssh-add -q '%s' </dev/null >/dev/null 2>&1", ra->sock, key);
}

TEST(agent_real_list_and_sign)
{
	struct real_agent ra;
	struct agent *a = NULL;
	struct agent_identity *ids = NULL;
	size_t n = 0, i;
	struct errinfo e;
	static const uint8_t data[] = "session id || userauth request";

	CHECK_OK(agent_start(&ra));
	CHECK_OK(agent_open(ra.sock, &a, &e));
	/* empty agent */
	CHECK_OK(agent_list(a, &ids, &n, &e));
	CHECK_EQ_INT(n, 0);
	agent_identities_free(ids, n);
	for (i = 0; i < 3; i++)
		CHECK_EQ_INT(ssh_add(&ra, ra.key[i]), 0);
	CHECK_OK(agent_list(a, &ids, &n, &e));
	CHECK_EQ_INT(n, 3);
	for (i = 0; i < n; i++) {
		struct sshkey *k = NULL, *file = NULL;
		struct buf sig;
		int j;

		CHECK_OK(sshkey_from_blob(ids[i].blob, ids[i].blob_len, &k, &e));
		/* ssh-agent keeps the order keys were added in */
		CHECK_OK(sshkey_load_private(ra.key[i], NULL, &file, NULL, &e));
		CHECK(sshkey_equal_public(k, file));
		CHECK(strncmp(ids[i].comment, "agent ", 6) == 0);
		buf_init(&sig, 0);
		if (sshkey_type(k) == SSHKEY_RSA) {
			static const struct { uint32_t flags; const char *alg; } f[] = {
				{ AGENT_RSA_SHA2_256, "rsa-sha2-256" },
				{ AGENT_RSA_SHA2_512, "rsa-sha2-512" },
				{ 0, "ssh-rsa" },
			};

			for (j = 0; j < 3; j++) {
				buf_reset(&sig);
				CHECK_OK(agent_sign(a, ids[i].blob, ids[i].blob_len, data, sizeof(data),
				    f[j].flags, &sig, &e));
				CHECK_OK(sshkey_verify(k, buf_ptr(&sig), buf_avail(&sig), data,
				    sizeof(data), f[j].alg, &e));
			}
		} else {
			CHECK_OK(agent_sign(a, ids[i].blob, ids[i].blob_len, data, sizeof(data), 0,
			    &sig, &e));
			CHECK_OK(sshkey_verify(k, buf_ptr(&sig), buf_avail(&sig), data, sizeof(data),
			    sshkey_type_name(k), &e));
			/* and it is not a signature over other data */
			CHECK_EQ_INT(sshkey_verify(k, buf_ptr(&sig), buf_avail(&sig), data, 3, NULL, &e),
			    ERR_CRYPTO);
		}
		buf_release(&sig);
		sshkey_free(k);
		sshkey_free(file);
	}
	/* a key the agent does not hold: refused, and the connection stays usable */
	{
		struct sshkey *k = NULL;
		struct buf blob, sig;

		CHECK_EQ_INT(sh(NULL, "ssh-keygen -q -t ed25519 -N '' -f '%s.other' </dev/null",
		    ra.key[0]), 0);
		{
			char p[700];

			snprintf(p, sizeof(p), "%s.other.pub", ra.key[0]);
			CHECK_OK(sshkey_load_public(p, &k, &e));
		}
		buf_init(&blob, 0);
		buf_init(&sig, 0);
		sshkey_to_blob(k, &blob);
		CHECK_EQ_INT(agent_sign(a, buf_ptr(&blob), buf_avail(&blob), data, sizeof(data), 0, &sig,
		    &e), ERR_AUTH);
		CHECK_EQ_INT(buf_avail(&sig), 0);
		agent_identities_free(ids, n);
		CHECK_OK(agent_list(a, &ids, &n, &e));
		CHECK_EQ_INT(n, 3);
		buf_release(&blob);
		buf_release(&sig);
		sshkey_free(k);
	}
	agent_identities_free(ids, n);
	agent_close(a);
	agent_stop(&ra);
}

TEST(agent_open_errors)
{
	struct agent *a = NULL;
	struct errinfo e;
	char p[700];
	char *saved = getenv("SSH_AUTH_SOCK") ? strdup(getenv("SSH_AUTH_SOCK")) : NULL;

	snprintf(p, sizeof(p), "%s/no-such-agent.sock", sshtest_dir("agent"));
	CHECK_EQ_INT(agent_open(p, &a, &e), ERR_NOTFOUND);
	CHECK(a == NULL);
	CHECK(strstr(e.msg, p) != NULL);
	unsetenv("SSH_AUTH_SOCK");
	CHECK_EQ_INT(agent_open(NULL, &a, &e), ERR_NOTFOUND);
	CHECK(strstr(e.msg, "SSH_AUTH_SOCK") != NULL);
	if (saved) {
		setenv("SSH_AUTH_SOCK", saved, 1);
		free(saved);
	}
	{
		char longp[200];

		memset(longp, 'x', sizeof(longp) - 1);
		longp[sizeof(longp) - 1] = '\0';
		longp[0] = '/';
		CHECK_EQ_INT(agent_open(longp, &a, &e), ERR_RANGE);
	}
}

/* A fake agent on a socketpair: the reply is queued before the request is sent. */
static int
fake_reply(const void *reply, size_t n, struct agent **a, int *peer)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		return -1;
	if (n > 0 && write(sv[1], reply, n) != (ssize_t)n)
		return -1;
	*peer = sv[1];
	return agent_from_fd(sv[0], a);
}

TEST(agent_hostile_replies)
{
	struct agent *a;
	struct agent_identity *ids;
	size_t n;
	struct errinfo e;
	struct buf sig;
	int peer;

	buf_init(&sig, 0);
	/* length far over the bound */
	CHECK_OK(fake_reply("\x7f\xff\xff\xff\x0c", 5, &a, &peer));
	CHECK_EQ_INT(agent_list(a, &ids, &n, &e), ERR_PROTO);
	CHECK(strstr(e.msg, "oversized") != NULL);
	/* the connection is now closed */
	CHECK_EQ_INT(agent_list(a, &ids, &n, &e), ERR_CLOSED);
	agent_close(a);
	close(peer);
	/* zero length */
	CHECK_OK(fake_reply("\0\0\0\0", 4, &a, &peer));
	CHECK_EQ_INT(agent_list(a, &ids, &n, &e), ERR_PROTO);
	agent_close(a);
	close(peer);
	/* the agent hangs up mid-reply */
	CHECK_OK(fake_reply("\0\0\0\x10\x0c\0\0", 7, &a, &peer));
	close(peer);
	CHECK_EQ_INT(agent_list(a, &ids, &n, &e), ERR_CLOSED);
	agent_close(a);
	/* a count that promises more keys than the message holds */
	CHECK_OK(fake_reply("\0\0\0\x05\x0c\0\0\x03\xff", 9, &a, &peer));
	CHECK_EQ_INT(agent_list(a, &ids, &n, &e), ERR_PROTO);
	agent_close(a);
	close(peer);
	/* failure reply to a list request */
	CHECK_OK(fake_reply("\0\0\0\x01\x05", 5, &a, &peer));
	CHECK_EQ_INT(agent_list(a, &ids, &n, &e), ERR_PROTO);
	agent_close(a);
	close(peer);
	/* sign: failure, wrong type, malformed signature blob */
	CHECK_OK(fake_reply("\0\0\0\x01\x05", 5, &a, &peer));
	CHECK_EQ_INT(agent_sign(a, (const uint8_t *)"k", 1, (const uint8_t *)"d", 1, 0, &sig, &e),
	    ERR_AUTH);
	agent_close(a);
	close(peer);
	CHECK_OK(fake_reply("\0\0\0\x01\x0c", 5, &a, &peer));
	CHECK_EQ_INT(agent_sign(a, (const uint8_t *)"k", 1, (const uint8_t *)"d", 1, 0, &sig, &e),
	    ERR_PROTO);
	agent_close(a);
	close(peer);
	CHECK_OK(fake_reply("\0\0\0\x09\x0e\0\0\0\x04\0\0\0\x09", 13, &a, &peer));
	CHECK_EQ_INT(agent_sign(a, (const uint8_t *)"k", 1, (const uint8_t *)"d", 1, 0, &sig, &e),
	    ERR_PROTO);
	agent_close(a);
	close(peer);
	CHECK_EQ_INT(buf_avail(&sig), 0);
	buf_release(&sig);
}

TEST(agent_parse_identities_edge_cases)
{
	struct agent_identity *ids = NULL;
	size_t n = 0;
	struct errinfo e;
	struct buf b;

	buf_init(&b, 0);
	buf_put_u8(&b, 12);
	buf_put_u32(&b, 2);
	buf_put_string(&b, "blob1", 5);
	buf_put_string(&b, "first", 5);
	buf_put_string(&b, "blob2", 5);
	buf_put_string(&b, "", 0);
	CHECK_OK(agent_parse_identities(buf_ptr(&b), buf_avail(&b), &ids, &n, &e));
	CHECK_EQ_INT(n, 2);
	CHECK_EQ_INT(ids[1].blob_len, 5);
	CHECK_MEM_EQ(ids[1].blob, "blob2", 5);
	CHECK_STR_EQ(ids[0].comment, "first");
	CHECK_STR_EQ(ids[1].comment, "");
	agent_identities_free(ids, n);
	/* trailing data */
	buf_put_u8(&b, 0);
	CHECK_EQ_INT(agent_parse_identities(buf_ptr(&b), buf_avail(&b), &ids, &n, &e), ERR_PROTO);
	CHECK(ids == NULL);
	/* count over the limit */
	buf_reset(&b);
	buf_put_u8(&b, 12);
	buf_put_u32(&b, AGENT_MAX_IDENTITIES + 1);
	CHECK_EQ_INT(agent_parse_identities(buf_ptr(&b), buf_avail(&b), &ids, &n, &e), ERR_PROTO);
	/* empty blob */
	buf_reset(&b);
	buf_put_u8(&b, 12);
	buf_put_u32(&b, 1);
	buf_put_string(&b, "", 0);
	buf_put_string(&b, "", 0);
	CHECK_EQ_INT(agent_parse_identities(buf_ptr(&b), buf_avail(&b), &ids, &n, &e), ERR_PROTO);
	buf_release(&b);
}

TEST(agent_timeout_when_agent_never_answers)
{
	struct sockaddr_un sa;
	struct agent *a = NULL;
	struct agent_identity *ids;
	size_t n;
	struct errinfo e;
	char p[600];
	int lfd;
	struct timespec t0, t1;
	long ms;

	snprintf(p, sizeof(p), "%s/mute.%d.sock", sshtest_dir("agent"), (int)getpid());
	unlink(p);
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(lfd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", p);
	CHECK_EQ_INT(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	CHECK_EQ_INT(listen(lfd, 4), 0);
	/* connect completes from the backlog; nobody ever reads or answers */
	CHECK_OK(agent_open(p, &a, &e));
	agent_set_timeout(a, 200);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_EQ_INT(agent_list(a, &ids, &n, &e), ERR_TIMEOUT);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	CHECK(ms >= 150);
	CHECK(strstr(e.msg, "did not answer") != NULL);
	agent_close(a);
	close(lfd);
	unlink(p);
}
