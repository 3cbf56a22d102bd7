/*
 * sshtest — helpers for the key / known_hosts / agent / ssh_config unit tests,
 * which check sextant against the real OpenSSH tools (ssh-keygen, ssh-agent,
 * ssh-add, ssh -G) run at test time. Header-only (static), shared by
 * t_key*.c, t_knownhosts.c, t_agent.c and t_sshconf.c.
 */
#ifndef SEXTANT_TEST_SSHTEST_H
#define SEXTANT_TEST_SSHTEST_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/err.h"
#include "core/proc.h"
#include "core/str.h"
#include "harness.h"

/*
 * Runs a shell command (printf-style), capturing stdout into out (if not NULL)
 * with trailing newlines removed. Returns the exit status, or -1 if it could not run.
 */
static __attribute__((format(printf, 2, 3), unused)) int
sh(struct str *out, const char *fmt, ...)
{
	char cmd[4096];
	struct str err = STR_INIT;
	struct errinfo e;
	va_list ap;
	int status = -1;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	err_clear(&e);
	if (proc_run_shell(cmd, NULL, out, &err, 1 << 20, &status, &e) != 0)
		status = -1;
	if (status != 0 && getenv("V"))
		fprintf(stderr, "sh: '%s' -> %d: %s%s\n", cmd, status, str_cstr(&err), e.msg);
	str_release(&err);
	if (out != NULL)
		while (out->len > 0 && (out->s[out->len - 1] == '\n' || out->s[out->len - 1] == '\r'))
			str_truncate(out, out->len - 1);
	return status;
}

/* A per-run scratch directory under the harness tmpdir: <tmp>/<name>. */
static __attribute__((unused)) const char *
sshtest_dir(const char *name)
{
	static char path[8][512];
	static char names[8][64];
	static int n;
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return path[i];
	if (n == 8)
		abort();
	snprintf(names[n], sizeof(names[n]), "%s", name);
	snprintf(path[n], sizeof(path[n]), "%s/%s", harness_tmpdir(), name);
	mkdir(path[n], 0700);
	return path[n++];
}

/* Reads a whole file into a NUL-terminated heap string (NULL if absent). */
static __attribute__((unused)) char *
slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long len;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc((size_t)len + 1);
	if (b == NULL || fread(b, 1, (size_t)len, f) != (size_t)len) {
		fclose(f);
		free(b);
		return NULL;
	}
	b[len] = '\0';
	fclose(f);
	if (n)
		*n = (size_t)len;
	return b;
}

static __attribute__((unused)) int
spit(const char *path, const char *text, int mode)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		return -1;
	fputs(text, f);
	fclose(f);
	return chmod(path, (mode_t)mode);
}

#endif
