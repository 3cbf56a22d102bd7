/*
 * stream — see stream.h: the thin dispatch over a stream's function pointers.
 */
#include "http/stream.h"

#include <string.h>

#include "core/err.h"
#include "core/timeutil.h"

int
http_stream_read(struct http_stream *s, void *p, size_t n, size_t *got, int64_t deadline,
    struct errinfo *e)
{
	*got = 0;
	if (s->read == NULL)
		return err_set(e, ERR_CLOSED, "stream is closed");
	return s->read(s->ctx, p, n, got, deadline, e);
}

int
http_stream_write(struct http_stream *s, const void *p, size_t n, int64_t deadline,
    struct errinfo *e)
{
	if (s->write == NULL)
		return err_set(e, ERR_CLOSED, "stream is closed");
	return s->write(s->ctx, p, n, deadline, e);
}

void
http_stream_close(struct http_stream *s)
{
	if (s->close)
		s->close(s->ctx);
	memset(s, 0, sizeof(*s));
}

int
http_stream_is_open(const struct http_stream *s)
{
	return s->read != NULL;
}

int64_t
http_deadline_min(int64_t deadline, int64_t ms)
{
	int64_t d;

	if (ms <= 0)
		return deadline;
	d = time_mono_ms() + ms;
	return d < deadline ? d : deadline;
}
