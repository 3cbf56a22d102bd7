/*
 * harness — a tiny unit-test harness.
 *
 * A test is `TEST(name) { ... }` in any tests/unit/t_*.c. The Makefile finds every
 * `TEST(` at the start of a line and generates the table the runner walks, so adding
 * a test is adding a function. Checks record the first failure's file:line and the
 * values, and stop that test.
 */
#ifndef SEXTANT_TEST_HARNESS_H
#define SEXTANT_TEST_HARNESS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct test_ctx {
	const char	*name;
	int		 failed;
	char		 msg[1024];
};

#define TEST(name)	void test_##name(struct test_ctx *t__)

void	harness_fail(struct test_ctx *t, const char *file, int line, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
int	harness_mem_eq(struct test_ctx *t, const char *file, int line,
	    const void *a, const void *b, size_t n);
/* Hex dump helper for messages. */
void	harness_hex(const void *p, size_t n, char *out, size_t outn);
/* A scratch directory for this run (created once, removed at exit). */
const char *harness_tmpdir(void);
/* Reads a whole data file relative to tests/ (aborts the test binary on failure). */
char	*harness_read(const char *rel, size_t *n);

#define CHECK(c) do { if (!(c)) { harness_fail(t__, __FILE__, __LINE__, "%s", #c); return; } } while (0)
#define CHECK_EQ_INT(a, b) do { long long a__ = (long long)(a), b__ = (long long)(b); \
	if (a__ != b__) { harness_fail(t__, __FILE__, __LINE__, "%s == %s: %lld != %lld", #a, #b, a__, b__); return; } } while (0)
#define CHECK_STR_EQ(a, b) do { const char *a__ = (a), *b__ = (b); \
	if (a__ == NULL || b__ == NULL || strcmp(a__, b__) != 0) { \
		harness_fail(t__, __FILE__, __LINE__, "%s == %s:\n    got:      \"%s\"\n    expected: \"%s\"", \
		    #a, #b, a__ ? a__ : "(null)", b__ ? b__ : "(null)"); return; } } while (0)
#define CHECK_MEM_EQ(a, b, n) do { if (!harness_mem_eq(t__, __FILE__, __LINE__, (a), (b), (n))) return; } while (0)
#define CHECK_OK(expr) do { int r__ = (expr); \
	if (r__ != 0) { harness_fail(t__, __FILE__, __LINE__, "%s returned %d", #expr, r__); return; } } while (0)

#endif
