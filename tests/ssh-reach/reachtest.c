/*
 * reachtest — a test driver for the SSH client's reach (issue 7), built by
 * tests/ssh-reach/run.sh against the project's objects. Not part of sextant.
 *
 * Common options: -p PORT -i KEY -k KNOWN_HOSTS -u USER [-J user@host[:port]]
 *   [-P PROXYCOMMAND] [-A (keepalive seconds)]
 *
 *   reachtest upload [opts] HOST LOCAL REMOTE      x_upload (scp -t, the local file's mode)
 *   reachtest upload-dir [opts] HOST LOCALDIR REMOTE_PARENT
 *                                                  x_upload_dir (scp -t -r, flat dir)
 *   reachtest fleet [opts] CMD HOST...             CMD on every host at once (one thread each)
 *                                                  through the executor; prints the client's
 *                                                  connection counts, then (with -w) waits for
 *                                                  a line on stdin before closing
 *   reachtest tunnel [opts] HOST PORT PATH SLOW_MS
 *                                                  GET PATH from 127.0.0.1:PORT through a
 *                                                  direct-tcpip tunnel (ssh/tunnel.h), reading
 *                                                  64 KiB every SLOW_MS ms for the first 2 s
 *                                                  (a slow reader): prints the body's sha256
 *                                                  and the peak RSS, which the reader-driven
 *                                                  window keeps near one channel window
 *   reachtest churn [opts] HOST CONNS CHANNELS TARGET_PORT
 *                                                  CONNS connections opened and closed one
 *                                                  after another, then CHANNELS direct-tcpip
 *                                                  channels to 127.0.0.1:TARGET_PORT on one
 *                                                  connection; prints RSS (KiB) along the way
 *
 * Output lines: "ok ...", "stats: conns=N jump=N tcp=N via=N", "rss: LABEL KIB",
 * "ms: N"; errors "error: <message>" with exit status 1.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>

#include "cli/output.h"
#include "core/err.h"
#include "core/fsutil.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "crypto/hash.h"
#include "fleet/exec.h"
#include "fleet/sshexec.h"
#include "http/stream.h"
#include "ssh/ssh.h"
#include "ssh/tunnel.h"

static const char *ids[2], *kh[2];
static const char *user = "root", *jump, *pcmd;
static int port = 22, keepalive, wait_line;

static void
die(const char *what, const struct errinfo *e)
{
	printf("error: %s: %s%s%s\n", what, e->where[0] ? e->where : "", e->where[0] ? ": " : "", e->msg);
	exit(1);
}

static long
rss_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "VmRSS:", 6) == 0)
			v = atol(line + 6);
	fclose(f);
	return v;
}

static void
exec_init(struct executor *x)
{
	struct sshexec_opts o;
	struct errinfo e;

	sshexec_opts_init(&o);
	o.port = port;
	o.default_user = user;
	o.identity_files = ids;
	o.identities_only = 1;
	o.known_hosts = kh;
	o.strict = 0;	/* accept new (the run's own known_hosts) */
	o.batch_mode = 1;
	o.proxy = jump;
	o.proxy_command = pcmd;
	o.keepalive_interval = keepalive;
	o.forward_agent = 0;
	o.max_concurrent_starts = 30;
	err_clear(&e);
	if (sshexec_init(x, &o, &e) != 0)
		die("executor", &e);
}

static int
do_upload(const char *host, const char *local, const char *remote)
{
	struct executor x;
	struct xupload u;
	struct errinfo e;
	struct str data = STR_INIT;
	struct stat st;
	int64_t t0;

	err_clear(&e);
	if (stat(local, &st) != 0) {
		perror(local);
		return 1;
	}
	if (fs_read_file(local, (size_t)st.st_size + 1, &data, &e) != 0)
		die("read", &e);
	exec_init(&x);
	memset(&u, 0, sizeof(u));
	u.path = remote;
	u.data = data.s;
	u.len = data.len;
	u.mode = (int)(st.st_mode & 07777);
	t0 = time_mono_ms();
	if (x_upload(&x, host, &u, &e) != 0)
		die("upload", &e);
	printf("ms: %lld\n", (long long)(time_mono_ms() - t0));
	printf("ok upload %zu bytes\n", data.len);
	x_release(&x);
	str_release(&data);
	return 0;
}

static int
do_upload_dir(const char *host, const char *dir, const char *parent)
{
	struct executor x;
	struct xfile files[64];
	struct str data[64];
	struct errinfo e;
	struct stat st;
	struct dirent *de;
	DIR *d = opendir(dir);
	char path[4096];
	const char *base = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
	size_t n = 0, i;

	if (d == NULL || stat(dir, &st) != 0) {
		perror(dir);
		return 1;
	}
	err_clear(&e);
	while ((de = readdir(d)) != NULL && n < 64) {
		struct stat fst;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &fst) != 0 || !S_ISREG(fst.st_mode))
			continue;
		str_init(&data[n]);
		if (fs_read_file(path, (size_t)fst.st_size + 1, &data[n], &e) != 0)
			die("read", &e);
		files[n].name = strdup(de->d_name);
		files[n].data = data[n].s;
		files[n].len = data[n].len;
		files[n].mode = (int)(fst.st_mode & 07777);
		n++;
	}
	closedir(d);
	exec_init(&x);
	if (x_upload_dir(&x, host, parent, base, (int)(st.st_mode & 07777), files, n, &e) != 0)
		die("upload-dir", &e);
	printf("ok upload-dir %zu files\n", n);
	x_release(&x);
	for (i = 0; i < n; i++) {
		free((void *)files[i].name);
		str_release(&data[i]);
	}
	return 0;
}

struct job {
	pthread_t	 th;
	struct executor	*x;
	const char	*host;
	const char	*cmd;
	struct xresult	 r;
	int		 rc;
	struct errinfo	 e;
};

static void *
job_run(void *arg)
{
	struct job *j = arg;
	struct xcmd c;

	memset(&c, 0, sizeof(c));
	c.cmd = j->cmd;
	err_clear(&j->e);
	j->rc = x_exec(j->x, j->host, &c, &j->r, &j->e);
	return NULL;
}

static int
do_fleet(const char *cmd, char **hosts, int n)
{
	struct executor x;
	struct ssh_client_stats st;
	struct job *jobs = calloc((size_t)n, sizeof(*jobs));
	int64_t t0 = time_mono_ms();
	int i, bad = 0;
	char line[16];

	exec_init(&x);
	for (i = 0; i < n; i++) {
		jobs[i].x = &x;
		jobs[i].host = hosts[i];
		jobs[i].cmd = cmd;
		xresult_reset(&jobs[i].r);
		str_init(&jobs[i].r.out);
		str_init(&jobs[i].r.err);
		pthread_create(&jobs[i].th, NULL, job_run, &jobs[i]);
	}
	for (i = 0; i < n; i++) {
		pthread_join(jobs[i].th, NULL);
		if (jobs[i].rc != 0) {
			printf("error: %s: %s\n", hosts[i], jobs[i].e.msg);
			bad++;
		} else if (jobs[i].r.status != 0) {
			printf("error: %s: exit status %d\n", hosts[i], jobs[i].r.status);
			bad++;
		} else {
			str_trim(&jobs[i].r.out);
			printf("out: %s %s\n", hosts[i], str_cstr(&jobs[i].r.out));
		}
		xresult_release(&jobs[i].r);
	}
	printf("ms: %lld\n", (long long)(time_mono_ms() - t0));
	sshexec_stats(&x, &st);
	printf("stats: conns=%u jump=%u tcp=%u via=%u proxycmd=%u\n", st.conns, st.jump_conns, st.tcp_opened,
	    st.via_opened, st.proxycmd_opened);
	fflush(stdout);
	if (wait_line && fgets(line, sizeof(line), stdin) == NULL)
		line[0] = '\0';
	x_release(&x);
	free(jobs);
	if (bad == 0)
		printf("ok fleet %d hosts\n", n);
	return bad ? 1 : 0;
}

static int
do_churn(const char *host, int conns, int chans, int tport)
{
	struct ssh_client *cl = ssh_client_new();
	struct ssh_target t;
	struct ssh_conn *c;
	struct errinfo e;
	struct http_stream s;
	long r0 = 0, r1, r2 = 0, r3;
	int i;

	ssh_target_init(&t);
	t.host = host;
	t.port = port;
	t.user = user;
	t.identity_files = ids;
	t.identities_only = 1;
	t.agent_socket = "none";
	t.known_hosts = kh;
	t.strict = SSH_STRICT_ACCEPT_NEW;
	t.batch_mode = 1;
	err_clear(&e);
	for (i = 0; i < conns; i++) {
		if (ssh_connect(cl, &t, &c, &e) != 0)
			die("connect", &e);
		ssh_conn_close(c);
		if (i == conns / 10)
			r0 = rss_kib();
	}
	r1 = rss_kib();
	printf("rss: conns-%d %ld\nrss: conns-%d %ld\n", conns / 10, r0, conns, r1);
	if (ssh_connect(cl, &t, &c, &e) != 0)
		die("connect", &e);
	for (i = 0; i < chans; i++) {
		if (ssh_tunnel_open(c, NULL, "127.0.0.1", (unsigned)tport, time_mono_ms() + 10000, &s, &e) != 0)
			die("channel", &e);
		s.close(s.ctx);
		if (i == chans / 10)
			r2 = rss_kib();
	}
	r3 = rss_kib();
	printf("rss: chans-%d %ld\nrss: chans-%d %ld\n", chans / 10, r2, chans, r3);
	ssh_conn_close(c);
	ssh_client_free(cl);
	printf("ok churn %d connections %d channels\n", conns, chans);
	return 0;
}

static int
do_tunnel(const char *host, int tport, const char *path, int slow_ms)
{
	struct ssh_client *cl = ssh_client_new();
	struct ssh_target t;
	struct ssh_conn *c;
	struct errinfo e;
	struct http_stream s;
	struct hash_ctx h;
	struct str req = STR_INIT;
	static char buf[64 * 1024];
	uint8_t dg[32];
	size_t got, total = 0, hdr_end = 0, i;
	long peak = 0, r;
	int64_t t0 = time_mono_ms();
	char tail[4] = { 0 }, hexs[65];
	int in_body = 0;

	ssh_target_init(&t);
	t.host = host;
	t.port = port;
	t.user = user;
	t.identity_files = ids;
	t.identities_only = 1;
	t.agent_socket = "none";
	t.known_hosts = kh;
	t.batch_mode = 1;
	err_clear(&e);
	if (ssh_connect(cl, &t, &c, &e) != 0)
		die("connect", &e);
	if (ssh_tunnel_open(c, NULL, "127.0.0.1", (unsigned)tport, time_mono_ms() + 10000, &s, &e) != 0)
		die("tunnel", &e);
	str_addf(&req, "GET %s HTTP/1.0\r\n\r\n", path);
	if (s.write(s.ctx, req.s, req.len, time_mono_ms() + 10000, &e) != 0)
		die("write", &e);
	hash_init(&h, HASH_SHA256);
	for (;;) {
		if (s.read(s.ctx, buf, sizeof(buf), &got, time_mono_ms() + 30000, &e) != 0)
			die("read", &e);
		if (got == 0)
			break;
		total += got;
		i = 0;
		/* Skip the response header (up to the first CR LF CR LF). */
		for (; !in_body && i < got; i++) {
			memmove(tail, tail + 1, 3);
			tail[3] = buf[i];
			hdr_end++;
			if (memcmp(tail, "\r\n\r\n", 4) == 0)
				in_body = 1;
		}
		if (in_body && i < got)
			hash_update(&h, buf + i, got - i);
		if (slow_ms > 0 && time_mono_ms() - t0 < 2000)
			sleep_ms(slow_ms);
		if ((r = rss_kib()) > peak)
			peak = r;
	}
	hash_final(&h, dg);
	for (i = 0; i < 32; i++)
		snprintf(hexs + 2 * i, 3, "%02x", dg[i]);
	printf("sha256: %s\nbytes: %zu\nrss-peak: %ld\n", hexs, total - hdr_end, peak);
	s.close(s.ctx);
	ssh_conn_close(c);
	ssh_client_free(cl);
	str_release(&req);
	printf("ok tunnel\n");
	return 0;
}

int
main(int argc, char **argv)
{
	const char *mode;
	int ch;

	signal(SIGPIPE, SIG_IGN);
	if (argc < 2) {
		fputs("usage: reachtest upload|upload-dir|fleet|churn [options] ...\n", stderr);
		return 2;
	}
	mode = argv[1];
	optind = 2;
	while ((ch = getopt(argc, argv, "p:i:k:u:J:P:A:w")) != -1) {
		switch (ch) {
		case 'p': port = atoi(optarg); break;
		case 'i': ids[0] = optarg; break;
		case 'k': kh[0] = optarg; break;
		case 'u': user = optarg; break;
		case 'J': jump = optarg; break;
		case 'P': pcmd = optarg; break;
		case 'A': keepalive = atoi(optarg); break;
		case 'w': wait_line = 1; break;
		default: return 2;
		}
	}
	unsetenv("SSH_AUTH_SOCK");
	out_init(OUT_QUIET, 0, 0);
	argc -= optind;
	argv += optind;
	if (strcmp(mode, "upload") == 0 && argc == 3)
		return do_upload(argv[0], argv[1], argv[2]);
	if (strcmp(mode, "upload-dir") == 0 && argc == 3)
		return do_upload_dir(argv[0], argv[1], argv[2]);
	if (strcmp(mode, "fleet") == 0 && argc >= 2)
		return do_fleet(argv[0], argv + 1, argc - 1);
	if (strcmp(mode, "tunnel") == 0 && argc == 4)
		return do_tunnel(argv[0], atoi(argv[1]), argv[2], atoi(argv[3]));
	if (strcmp(mode, "churn") == 0 && argc == 4)
		return do_churn(argv[0], atoi(argv[1]), atoi(argv[2]), atoi(argv[3]));
	fputs("reachtest: bad arguments\n", stderr);
	return 2;
}
