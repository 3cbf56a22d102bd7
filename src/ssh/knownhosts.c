/*
 * knownhosts — OpenSSH known_hosts files; see knownhosts.h and sshd(8)
 * "SSH_KNOWN_HOSTS FILE FORMAT".
 *
 * Each line: [marker] hostpatterns keytype base64-key [comment]. The host is
 * looked up as "name" for port 22 and "[name]:port" otherwise, lower-cased as
 * ssh(1) does. A hashed field is |1|base64(salt)|base64(HMAC-SHA1(salt, name)).
 *
 * Decision over every line of every file for this host:
 *   a @revoked line with this key        -> KH_REVOKED (wins over everything)
 *   a line with this key                 -> KH_MATCH
 *   a line with another key of this type -> KH_CHANGED (the first such line)
 *   otherwise                            -> KH_NOT_FOUND
 * Lines that do not parse, keys of types sextant does not know, and
 * @cert-authority lines are skipped, as OpenSSH skips what it cannot use.
 */
#include "ssh/knownhosts.h"

#include <bearssl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/enc.h"
#include "core/err.h"
#include "core/fsutil.h"
#include "core/rand.h"
#include "core/str.h"
#include "core/strvec.h"
#include "core/wipe.h"
#include "core/xmalloc.h"
#include "ssh/key.h"
#include "ssh/sshmatch.h"

#define KH_SALT_LEN	20	/* SHA-1 block-sized salt, as ssh-keygen -H writes */
#define KH_HASH_MAGIC	"|1|"

void
knownhosts_hostname(const char *host, int port, struct str *out)
{
	size_t i, start = out->len;

	if (port > 0 && port != 22)
		str_addch(out, '[');
	str_adds(out, host);
	for (i = start; i < out->len; i++)
		if (out->s[i] >= 'A' && out->s[i] <= 'Z')
			out->s[i] = (char)(out->s[i] + ('a' - 'A'));
	if (port > 0 && port != 22)
		str_addf(out, "]:%d", port);
}

static void
hmac_sha1(const uint8_t *key, size_t keylen, const char *msg, uint8_t out[20])
{
	br_hmac_key_context kc;
	br_hmac_context hc;

	br_hmac_key_init(&kc, &br_sha1_vtable, key, keylen);
	br_hmac_init(&hc, &kc, 0);
	br_hmac_update(&hc, msg, strlen(msg));
	br_hmac_out(&hc, out);
}

/* Does the host field (field[0..n)) name `name`? */
static int
host_field_matches(const char *field, size_t n, const char *name)
{
	const char *bar;
	struct buf salt, hash;
	uint8_t mac[20];
	int ok = 0;

	if (n > 3 && memcmp(field, KH_HASH_MAGIC, 3) == 0) {
		bar = memchr(field + 3, '|', n - 3);
		if (bar == NULL)
			return 0;
		buf_init(&salt, 256);
		buf_init(&hash, 256);
		if (b64_decode(field + 3, (size_t)(bar - field - 3), &salt, 0) == 0 &&
		    b64_decode(bar + 1, (size_t)(field + n - bar - 1), &hash, 0) == 0 &&
		    buf_avail(&hash) == 20 && buf_avail(&salt) > 0) {
			hmac_sha1(buf_ptr(&salt), buf_avail(&salt), name, mac);
			ok = ct_memcmp(mac, buf_ptr(&hash), 20) == 0;
		}
		buf_release(&salt);
		buf_release(&hash);
		return ok;
	}
	return sshmatch_list(name, field, n, 1) == 1;
}

struct kh_scan {
	const char		*name;		/* "host" or "[host]:port" */
	const struct sshkey	*key;		/* NULL: collect types only */
	int			 revoked, matched, changed;
	char			 mfile[512], cfile[512], rfile[512];
	int			 mline, cline, rline;
	struct strvec		*types;
};

static void
note(char *dst, size_t dstn, int *dline, const char *file, int line)
{
	snprintf(dst, dstn, "%s", file);
	*dline = line;
}

static void
scan_line(struct kh_scan *s, const char *line, size_t len, const char *file, int lineno)
{
	const char *p = line, *end = line + len, *hosts;
	size_t hostslen;
	int revoked = 0;
	char *keytext;
	struct sshkey *k = NULL;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end || *p == '#')
		return;
	if (*p == '@') {
		const char *m = p;

		while (p < end && *p != ' ' && *p != '\t')
			p++;
		if ((size_t)(p - m) == 8 && memcmp(m, "@revoked", 8) == 0)
			revoked = 1;
		else
			return;	/* @cert-authority (no host certificates here) or unknown */
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
	}
	hosts = p;
	while (p < end && *p != ' ' && *p != '\t')
		p++;
	hostslen = (size_t)(p - hosts);
	if (hostslen == 0 || p == end || !host_field_matches(hosts, hostslen, s->name))
		return;
	keytext = xstrndup(p, (size_t)(end - p));
	if (sshkey_parse_public_line(keytext, &k, NULL) != 0)
		goto out;
	if (s->types != NULL && !revoked && strvec_find(s->types, sshkey_type_name(k)) < 0)
		strvec_push(s->types, sshkey_type_name(k));
	if (s->key == NULL)
		goto out;
	if (revoked) {
		if (!s->revoked && sshkey_equal_public(k, s->key)) {
			s->revoked = 1;
			note(s->rfile, sizeof(s->rfile), &s->rline, file, lineno);
		}
	} else if (sshkey_equal_public(k, s->key)) {
		if (!s->matched) {
			s->matched = 1;
			note(s->mfile, sizeof(s->mfile), &s->mline, file, lineno);
		}
	} else if (sshkey_type(k) == sshkey_type(s->key) && !s->changed) {
		s->changed = 1;
		note(s->cfile, sizeof(s->cfile), &s->cline, file, lineno);
	}
out:
	sshkey_free(k);
	free(keytext);
}

static void
scan_text(struct kh_scan *s, const char *text, size_t n, const char *file)
{
	size_t pos = 0, i;
	int lineno = 0;

	while (pos < n) {
		/* memchr: the file is scanned once per connection, so at fleet scale
		 * (one line per host) this loop is quadratic in the fleet size. */
		const char *nl = memchr(text + pos, '\n', n - pos);

		i = nl ? (size_t)(nl - text) : n;
		lineno++;
		/* Over-long lines cannot be a key we know; skip them. */
		if (i - pos <= KH_MAX_LINE) {
			size_t len = i - pos;

			if (len > 0 && text[pos + len - 1] == '\r')
				len--;
			scan_line(s, text + pos, len, file, lineno);
		}
		pos = i + 1;
	}
}

static void
scan_result(const struct kh_scan *s, struct kh_result *r)
{
	memset(r, 0, sizeof(*r));
	if (s->revoked) {
		r->status = KH_REVOKED;
		snprintf(r->file, sizeof(r->file), "%s", s->rfile);
		r->line = s->rline;
	} else if (s->matched) {
		r->status = KH_MATCH;
		snprintf(r->file, sizeof(r->file), "%s", s->mfile);
		r->line = s->mline;
	} else if (s->changed) {
		r->status = KH_CHANGED;
		snprintf(r->file, sizeof(r->file), "%s", s->cfile);
		r->line = s->cline;
	} else {
		r->status = KH_NOT_FOUND;
	}
}

static int
scan_files(struct kh_scan *s, const char *const *files, struct errinfo *e)
{
	struct str data = STR_INIT;
	struct errinfo fe;
	size_t i;
	int rc;

	for (i = 0; files != NULL && files[i] != NULL; i++) {
		str_reset(&data);
		err_clear(&fe);
		rc = fs_read_file(files[i], KH_MAX_FILE, &data, &fe);
		if (rc == ERR_NOTFOUND || (rc == ERR_IO && fs_is_dir(files[i])))
			continue;
		if (rc != 0) {
			str_release(&data);
			return err_set(e, rc, "known hosts: %s", fe.msg);
		}
		scan_text(s, str_cstr(&data), data.len, files[i]);
	}
	str_release(&data);
	return 0;
}

int
knownhosts_check(const char *const *files, const char *host, int port, const struct sshkey *key,
    struct kh_result *r, struct errinfo *e)
{
	struct kh_scan s;
	struct str name = STR_INIT;
	int rc;

	memset(&s, 0, sizeof(s));
	knownhosts_hostname(host, port, &name);
	s.name = str_cstr(&name);
	s.key = key;
	if ((rc = scan_files(&s, files, e)) == 0)
		scan_result(&s, r);
	str_release(&name);
	return rc;
}

int
knownhosts_check_text(const char *text, size_t n, const char *file, const char *host, int port,
    const struct sshkey *key, struct kh_result *r)
{
	struct kh_scan s;
	struct str name = STR_INIT;

	memset(&s, 0, sizeof(s));
	knownhosts_hostname(host, port, &name);
	s.name = str_cstr(&name);
	s.key = key;
	scan_text(&s, text, n, file);
	scan_result(&s, r);
	str_release(&name);
	return 0;
}

int
knownhosts_host_types(const char *const *files, const char *host, int port,
    struct strvec *types, struct errinfo *e)
{
	struct kh_scan s;
	struct str name = STR_INIT;
	int rc;

	memset(&s, 0, sizeof(s));
	knownhosts_hostname(host, port, &name);
	s.name = str_cstr(&name);
	s.types = types;
	rc = scan_files(&s, files, e);
	str_release(&name);
	return rc;
}

void
knownhosts_format_line(const char *host, int port, const struct sshkey *key, int hash,
    struct str *out)
{
	struct str name = STR_INIT;
	struct sshkey *pub;

	knownhosts_hostname(host, port, &name);
	if (hash) {
		uint8_t salt[KH_SALT_LEN], mac[20];

		rand_bytes(salt, sizeof(salt));
		hmac_sha1(salt, sizeof(salt), str_cstr(&name), mac);
		str_adds(out, KH_HASH_MAGIC);
		b64_encode(salt, sizeof(salt), out);
		str_addch(out, '|');
		b64_encode(mac, sizeof(mac), out);
	} else {
		str_adds(out, str_cstr(&name));
	}
	str_addch(out, ' ');
	pub = sshkey_dup_public(key);
	sshkey_set_comment(pub, NULL);
	sshkey_to_public_line(pub, out);
	sshkey_free(pub);
	str_addch(out, '\n');
	str_release(&name);
}

int
knownhosts_add(const char *file, const char *host, int port, const struct sshkey *key, int hash,
    struct errinfo *e)
{
	struct str line = STR_INIT;
	struct stat st;
	char *dir = NULL, *slash;
	char last;
	ssize_t w;
	int fd = -1, rc = 0;

	dir = xstrdup(file);
	slash = strrchr(dir, '/');
	if (slash != NULL && slash != dir) {
		*slash = '\0';
		if (!fs_is_dir(dir) && (rc = fs_mkdir_p(dir, 0700, e)) != 0)
			goto out;
	}
	fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
	if (fd < 0) {
		rc = err_set(e, ERR_IO, "%s: %s", file, strerror(errno));
		goto out;
	}
	/* Keep lines separate if someone left the file without a final newline. */
	if (fstat(fd, &st) == 0 && st.st_size > 0) {
		int rfd = open(file, O_RDONLY | O_CLOEXEC);

		if (rfd >= 0) {
			if (pread(rfd, &last, 1, st.st_size - 1) == 1 && last != '\n')
				str_addch(&line, '\n');
			close(rfd);
		}
	}
	knownhosts_format_line(host, port, key, hash, &line);
	/* One write(2) with O_APPEND: concurrent adders do not interleave lines. */
	w = write(fd, line.s, line.len);
	if (w < 0 || (size_t)w != line.len) {
		rc = err_set(e, ERR_IO, "%s: %s", file, w < 0 ? strerror(errno) : "short write");
		goto out;
	}
out:
	if (fd >= 0 && close(fd) != 0 && rc == 0)
		rc = err_set(e, ERR_IO, "%s: %s", file, strerror(errno));
	free(dir);
	str_release(&line);
	return rc;
}
