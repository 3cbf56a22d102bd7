/*
 * PEM armor decoding; see pem.h. The body is collected line by line (any
 * wrapping) and decoded as one base64 string (RFC 4648 §4).
 */
#include "ssh/pem.h"

#include <string.h>
#include <strings.h>

#include "core/enc.h"
#include "core/err.h"
#include "core/str.h"

#define PEM_MAX_BODY	(64 * 1024)

void
pem_init(struct pem *p)
{
	memset(p, 0, sizeof(*p));
	buf_init_secret(&p->body, PEM_MAX_BODY);
}

void
pem_release(struct pem *p)
{
	buf_release(&p->body);
	p->label[0] = '\0';
	p->dek_info[0] = '\0';
	p->encrypted = 0;
}

/* Next line of text[*pos..n) without its CR LF; returns 0 at the end. */
static int
next_line(const char *text, size_t n, size_t *pos, const char **line, size_t *len)
{
	size_t s = *pos, i;

	if (s >= n)
		return 0;
	for (i = s; i < n && text[i] != '\n'; i++)
		;
	*line = text + s;
	*len = i - s;
	*pos = i < n ? i + 1 : n;
	while (*len > 0 && ((*line)[*len - 1] == '\r' || (*line)[*len - 1] == ' ' ||
	    (*line)[*len - 1] == '\t'))
		(*len)--;
	return 1;
}

static int
is_armor(const char *line, size_t len, const char *kind, const char **label, size_t *labellen)
{
	size_t k = strlen(kind);

	if (len < k + 5 || memcmp(line, kind, k) != 0 ||
	    memcmp(line + len - 5, "-----", 5) != 0)
		return 0;
	*label = line + k;
	*labellen = len - k - 5;
	return 1;
}

static void
trim_copy(char *dst, size_t dstn, const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	if (n >= dstn)
		n = dstn - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

int
pem_decode(struct pem *p, const char *text, size_t n, struct errinfo *e)
{
	const char *line, *label, *endlabel;
	size_t pos = 0, len, labellen, endlen;
	struct str b64 = STR_INIT;
	int in_headers = 1, found = 0, done = 0, r = 0;

	b64.secret = 1;
	while (next_line(text, n, &pos, &line, &len)) {
		if (is_armor(line, len, "-----BEGIN ", &label, &labellen)) {
			found = 1;
			break;
		}
	}
	if (!found) {
		r = err_set(e, ERR_NOTFOUND, "no \"-----BEGIN ...-----\" line");
		goto out;
	}
	if (labellen == 0 || labellen >= sizeof(p->label)) {
		r = err_set(e, ERR_PARSE, "malformed PEM BEGIN line");
		goto out;
	}
	memcpy(p->label, label, labellen);
	p->label[labellen] = '\0';
	while (next_line(text, n, &pos, &line, &len)) {
		const char *colon;

		if (is_armor(line, len, "-----END ", &endlabel, &endlen)) {
			if (endlen != labellen || memcmp(endlabel, label, labellen) != 0) {
				r = err_set(e, ERR_PARSE, "PEM END line does not match \"%s\"", p->label);
				goto out;
			}
			done = 1;
			break;
		}
		if (in_headers) {
			if (len == 0) {
				in_headers = 0;
				continue;
			}
			/* RFC 1421 §4.6.1: "Name: value"; base64 never contains ':'. */
			colon = memchr(line, ':', len);
			if (colon != NULL) {
				size_t nl = (size_t)(colon - line);
				const char *v = colon + 1;
				size_t vl = len - nl - 1;

				if (nl == 9 && strncasecmp(line, "Proc-Type", 9) == 0) {
					char tmp[64];

					trim_copy(tmp, sizeof(tmp), v, vl);
					p->encrypted = strstr(tmp, "ENCRYPTED") != NULL;
				} else if (nl == 8 && strncasecmp(line, "DEK-Info", 8) == 0) {
					trim_copy(p->dek_info, sizeof(p->dek_info), v, vl);
				}
				continue;
			}
			if (line[0] == ' ' || line[0] == '\t')
				continue;	/* header continuation */
			in_headers = 0;
		}
		if (b64.len + len > PEM_MAX_BODY * 2) {
			r = err_set(e, ERR_RANGE, "PEM body too large");
			goto out;
		}
		str_add(&b64, line, len);
	}
	if (!done) {
		r = err_set(e, ERR_PARSE, "missing \"-----END %s-----\" line", p->label);
		goto out;
	}
	if ((r = b64_decode(b64.s ? b64.s : "", b64.len, &p->body, 1)) != 0) {
		r = err_set(e, r == ERR_RANGE ? ERR_RANGE : ERR_PARSE, "bad base64 in PEM body");
		goto out;
	}
out:
	str_release(&b64);
	return r;
}
