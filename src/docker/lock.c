/*
 * lock — see lock.h.
 */
#include "docker/lock.h"

#include <string.h>

#include "core/enc.h"
#include "core/str.h"

void
dlock_dir(const struct dk *k, struct str *out)
{
	str_addf(out, "%s/lock-%s", k->cfg->run_directory, k->cfg->service_and_destination);
}

void
dlock_encode64(const void *p, size_t n, struct str *out)
{
	struct str b = STR_INIT;
	size_t i;

	/* pack("m"): standard base64 with a newline after every 60 characters and at the end */
	b64_encode(p, n, &b);
	for (i = 0; i < b.len; i += 60) {
		str_add(out, b.s + i, b.len - i < 60 ? b.len - i : 60);
		str_addch(out, '\n');
	}
	str_release(&b);
}

static int
is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\v' || ch == '\f' || ch == '\r' ||
	    ch == '\0';
}

void
dlock_acquire(struct dcmd *c, const struct dk *k, const char *message, const char *version,
    const char *locked_by, const char *time_iso)
{
	struct str dir = STR_INIT, details = STR_INIT, b = STR_INIT, arg = STR_INIT;
	size_t s, e;

	dlock_dir(k, &dir);
	str_addf(&details, "Locked by: %s at %s\nVersion: %s\nMessage: %s", locked_by, time_iso,
	    version, message);
	/* String#strip */
	for (s = 0; s < details.len && is_space(details.s[s]); s++)
		;
	for (e = details.len; e > s && is_space(details.s[e - 1]); e--)
		;
	dlock_encode64(details.s + s, e - s, &b);
	str_addf(&arg, "\"%s\"", str_cstr(&b));
	dcmd_addv(c, "mkdir", dir.s, "&&", "echo", arg.s, ">", NULL);
	dcmd_addf(c, "%s/details", dir.s);
	str_release(&dir);
	str_release(&details);
	str_release(&b);
	str_release(&arg);
}

void
dlock_release(struct dcmd *c, const struct dk *k)
{
	struct str dir = STR_INIT;

	dlock_dir(k, &dir);
	dcmd_add(c, "rm");
	dcmd_addf(c, "%s/details", dir.s);
	dcmd_addv(c, "&&", "rm", "-r", dir.s, NULL);
	str_release(&dir);
}

void
dlock_status(struct dcmd *c, const struct dk *k)
{
	struct str dir = STR_INIT;

	dlock_dir(k, &dir);
	dcmd_addv(c, "stat", dir.s, ">", "/dev/null", "&&", "cat", NULL);
	dcmd_addf(c, "%s/details", dir.s);
	dcmd_addv(c, "|", "base64", "-d", NULL);
	str_release(&dir);
}

void
dlock_ensure_locks_directory(struct dcmd *c, const struct dk *k)
{
	dcmd_addv(c, "mkdir", "-p", k->cfg->run_directory, NULL);
}
