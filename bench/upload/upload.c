/*
 * bench/upload — uploads one local file over sextant's SSH executor
 * (src/fleet/sshexec.c: one connection, the `scp -t` sink protocol with the whole
 * stream as the command's stdin, as the flows' uploads do), for the upload
 * benchmark against OpenSSH's scp. Not a user command: sextant has no "copy this
 * local file" command; this drives the same code its flows use.
 *
 *   upload -p PORT -i KEY -k KNOWN_HOSTS FILE user@host REMOTE_PATH
 *
 * The host key must be in KNOWN_HOSTS (StrictHostKeyChecking yes); no agent.
 * Exits 0 when the sink acknowledged everything.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/output.h"
#include "core/err.h"
#include "core/fsutil.h"
#include "core/str.h"
#include "fleet/exec.h"
#include "fleet/sshexec.h"
#include "ssh/ssh.h"

static void
usage(void)
{
	fputs("usage: upload -p PORT -i KEY -k KNOWN_HOSTS FILE user@host REMOTE_PATH\n", stderr);
	exit(2);
}

int
main(int argc, char **argv)
{
	struct sshexec_opts o;
	struct executor x;
	struct xupload u;
	struct errinfo e;
	struct str data = STR_INIT;
	struct stat st;
	const char *ids[2] = { NULL, NULL }, *kh[2] = { NULL, NULL };
	int port = 22, ch, rc = 1;

	while ((ch = getopt(argc, argv, "p:i:k:")) != -1) {
		switch (ch) {
		case 'p': port = atoi(optarg); break;
		case 'i': ids[0] = optarg; break;
		case 'k': kh[0] = optarg; break;
		default: usage();
		}
	}
	if (argc - optind != 3 || ids[0] == NULL || kh[0] == NULL)
		usage();
	/* Same footing as OpenSSH's IdentityAgent=none in the benchmark. */
	unsetenv("SSH_AUTH_SOCK");
	out_init(OUT_QUIET, 0, 0);
	err_clear(&e);
	if (stat(argv[optind], &st) != 0) {
		perror(argv[optind]);
		return 1;
	}
	if (fs_read_file(argv[optind], (size_t)st.st_size + 1, &data, &e) != 0)
		goto fail_noexec;

	sshexec_opts_init(&o);
	o.port = port;
	o.identity_files = ids;
	o.identities_only = 1;
	o.known_hosts = kh;
	o.strict = SSH_STRICT_YES;
	o.batch_mode = 1;
	if (sshexec_init(&x, &o, &e) != 0)
		goto fail_noexec;
	memset(&u, 0, sizeof(u));
	u.path = argv[optind + 2];
	u.data = data.s;
	u.len = data.len;
	u.mode = (int)(st.st_mode & 07777);
	if (x_upload(&x, argv[optind + 1], &u, &e) == 0)
		rc = 0;
	else
		fprintf(stderr, "upload: %s%s%s\n", e.where[0] ? e.where : "", e.where[0] ? ": " : "", e.msg);
	x_release(&x);
	str_release(&data);
	return rc;
fail_noexec:
	fprintf(stderr, "upload: %s\n", e.msg);
	str_release(&data);
	return 1;
}
