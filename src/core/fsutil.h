/*
 * fsutil — small file-system helpers with bounded reads and atomic writes.
 */
#ifndef SEXTANT_CORE_FSUTIL_H
#define SEXTANT_CORE_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

struct errinfo;
struct str;

/* Reads a whole file; fails with ERR_RANGE if larger than max, ERR_NOTFOUND if absent. */
int	fs_read_file(const char *path, size_t max, struct str *out, struct errinfo *e);
/* Writes via a temporary file in the same directory and rename(2). */
int	fs_write_file(const char *path, const void *p, size_t n, mode_t mode, struct errinfo *e);
/* Creates a file only if it does not exist (O_EXCL). ERR_INVAL if it does. */
int	fs_create_new(const char *path, const void *p, size_t n, mode_t mode, struct errinfo *e);
int	fs_mkdir_p(const char *path, mode_t mode, struct errinfo *e);
int	fs_exists(const char *path);
int	fs_is_dir(const char *path);
int	fs_is_executable(const char *path);
/* Joins a and b with one '/', into a new heap string. */
char	*fs_join(const char *a, const char *b);

#endif
