/*
 * The unit-test runner: runs every TEST (or those whose name contains argv[1]),
 * each isolated only by convention (tests must not depend on each other's state),
 * and ends with the line "N passed, N failed".
 */
#include "harness.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

struct test_entry {
	const char	*name;
	void		(*fn)(struct test_ctx *);
};

extern const struct test_entry harness_tests[];
extern const size_t harness_ntests;

static char tmpdir[256];

void
harness_fail(struct test_ctx *t, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->failed)
		return;
	t->failed = 1;
	n = snprintf(t->msg, sizeof(t->msg), "%s:%d: ", file, line);
	if (n < 0 || (size_t)n >= sizeof(t->msg))
		return;
	va_start(ap, fmt);
	vsnprintf(t->msg + n, sizeof(t->msg) - (size_t)n, fmt, ap);
	va_end(ap);
}

void
harness_hex(const void *p, size_t n, char *out, size_t outn)
{
	const unsigned char *q = p;
	size_t i, o = 0;

	for (i = 0; i < n && o + 3 < outn; i++, o += 2)
		snprintf(out + o, outn - o, "%02x", q[i]);
	out[o] = '\0';
}

int
harness_mem_eq(struct test_ctx *t, const char *file, int line, const void *a, const void *b, size_t n)
{
	char ha[300], hb[300];

	if (memcmp(a, b, n) == 0)
		return 1;
	harness_hex(a, n > 128 ? 128 : n, ha, sizeof(ha));
	harness_hex(b, n > 128 ? 128 : n, hb, sizeof(hb));
	harness_fail(t, file, line, "memory differs (%zu bytes):\n    got:      %s\n    expected: %s", n, ha, hb);
	return 0;
}

static void
rm_rf(const char *path)
{
	char cmd[400];
	int r;

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
	r = system(cmd);
	(void)r;
}

static void
cleanup(void)
{
	if (tmpdir[0])
		rm_rf(tmpdir);
}

const char *
harness_tmpdir(void)
{
	if (!tmpdir[0]) {
		const char *base = getenv("TMPDIR");

		snprintf(tmpdir, sizeof(tmpdir), "%s/sextant-unit-XXXXXX", base ? base : "/tmp");
		if (mkdtemp(tmpdir) == NULL) {
			perror("mkdtemp");
			exit(2);
		}
		atexit(cleanup);
	}
	return tmpdir;
}

char *
harness_read(const char *rel, size_t *n)
{
	const char *root = getenv("SEXTANT_TESTS_DIR");
	char path[1024];
	FILE *f;
	char *buf;
	long len;

	snprintf(path, sizeof(path), "%s/%s", root ? root : "tests", rel);
	f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "harness: cannot open %s\n", path);
		exit(2);
	}
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)len + 1);
	if (buf == NULL || fread(buf, 1, (size_t)len, f) != (size_t)len) {
		fprintf(stderr, "harness: cannot read %s\n", path);
		exit(2);
	}
	buf[len] = '\0';
	fclose(f);
	if (n)
		*n = (size_t)len;
	return buf;
}

int
main(int argc, char **argv)
{
	size_t i, pass = 0, fail = 0;
	const char *filter = argc > 1 ? argv[1] : NULL;
	int verbose = getenv("V") != NULL;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < harness_ntests; i++) {
		struct test_ctx t = { harness_tests[i].name, 0, "" };

		if (filter && strstr(harness_tests[i].name, filter) == NULL)
			continue;
		harness_tests[i].fn(&t);
		if (t.failed) {
			fail++;
			printf("FAIL %s\n  %s\n", t.name, t.msg);
		} else {
			pass++;
			if (verbose)
				printf("ok   %s\n", t.name);
		}
	}
	printf("unit: %zu passed, %zu failed\n", pass, fail);
	return fail ? 1 : 0;
}
