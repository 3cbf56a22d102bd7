#include "core/fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/err.h"
#include "core/str.h"
#include "core/xmalloc.h"

int
fs_read_file(const char *path, size_t max, struct str *out, struct errinfo *e)
{
	char tmp[16384];
	ssize_t n;
	int fd, rc = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, errno == ENOENT ? ERR_NOTFOUND : ERR_IO, "%s: %s", path,
		    strerror(errno));
	for (;;) {
		n = read(fd, tmp, sizeof(tmp));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = err_set(e, ERR_IO, "%s: %s", path, strerror(errno));
			break;
		}
		if (n == 0)
			break;
		if (out->len + (size_t)n > max) {
			rc = err_set(e, ERR_RANGE, "%s: file is larger than %zu bytes", path, max);
			break;
		}
		str_add(out, tmp, (size_t)n);
	}
	close(fd);
	return rc;
}

static int
write_all(int fd, const void *p, size_t n)
{
	const char *q = p;

	while (n > 0) {
		ssize_t w = write(fd, q, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		q += w;
		n -= (size_t)w;
	}
	return 0;
}

int
fs_write_file(const char *path, const void *p, size_t n, mode_t mode, struct errinfo *e)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	int fd, rc = 0;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0) {
		rc = err_set(e, ERR_IO, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	if (write_all(fd, p, n) != 0 || fchmod(fd, mode) != 0 || close(fd) != 0) {
		rc = err_set(e, ERR_IO, "%s: %s", tmp, strerror(errno));
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, path) != 0) {
		rc = err_set(e, ERR_IO, "%s: %s", path, strerror(errno));
		unlink(tmp);
	}
out:
	free(tmp);
	return rc;
}

int
fs_create_new(const char *path, const void *p, size_t n, mode_t mode, struct errinfo *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);

	if (fd < 0)
		return err_set(e, errno == EEXIST ? ERR_INVAL : ERR_IO, "%s: %s", path,
		    strerror(errno));
	if (write_all(fd, p, n) != 0) {
		close(fd);
		return err_set(e, ERR_IO, "%s: %s", path, strerror(errno));
	}
	if (close(fd) != 0)
		return err_set(e, ERR_IO, "%s: %s", path, strerror(errno));
	return 0;
}

int
fs_mkdir_p(const char *path, mode_t mode, struct errinfo *e)
{
	char *p = xstrdup(path), *s;
	int rc = 0;

	for (s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, mode) != 0 && errno != EEXIST) {
				rc = err_set(e, ERR_IO, "%s: %s", p, strerror(errno));
				break;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	free(p);
	return rc;
}

int
fs_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

int
fs_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int
fs_is_executable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

char *
fs_join(const char *a, const char *b)
{
	size_t la = strlen(a);

	if (la == 0)
		return xstrdup(b);
	if (a[la - 1] == '/')
		return xasprintf("%s%s", a, b);
	return xasprintf("%s/%s", a, b);
}
