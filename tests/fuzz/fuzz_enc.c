// sources: src/core/*.c
/* base64/hex decoders and the bounded buffer readers: no crash, round trip holds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/enc.h"
#include "core/str.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct buf b, v;
	struct str s = STR_INIT;
	const unsigned char *p;
	size_t len;
	uint32_t u;
	char *cs;

	buf_init(&b, 1 << 16);
	if (b64_decode((const char *)data, n, &b, 1) == 0) {
		b64_encode(buf_ptr(&b), buf_avail(&b), &s);
		buf_reset(&b);
		if (b64_decode(s.s ? s.s : "", s.len, &b, 0) != 0)
			abort();
	}
	buf_reset(&b);
	(void)hex_decode((const char *)data, n, &b);
	buf_release(&b);
	str_release(&s);

	buf_view(&v, data, n);
	while (buf_avail(&v) > 0) {
		if (buf_get_string_direct(&v, &p, &len) != 0)
			break;
		if (buf_get_cstring(&v, &cs, NULL) == 0)
			free(cs);
		if (buf_get_mpint_direct(&v, &p, &len) != 0 && buf_get_u32(&v, &u) != 0)
			break;
	}
	return 0;
}
