// sources: src/core/*.c src/crypto/*.c src/ssh/sshconf.c src/ssh/sshconf_expand.c src/ssh/sshconf_util.c src/ssh/sshmatch.c
/*
 * ssh_config text (Match exec and Include disabled: nothing runs, nothing else
 * is read), then defaults/tokens and the dump; the first line also goes
 * through the algorithm-list and ProxyJump parsers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "ssh/sshconf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct sshconf c;
	struct str out = STR_INIT;
	const char *nl;
	char *first;

	sshconf_init(&c, "web1");
	if (sshconf_read_text(&c, "fuzz", (const char *)data, n,
	    SSHCONF_NO_EXEC | SSHCONF_NO_INCLUDE | SSHCONF_USER, NULL) == 0 &&
	    sshconf_finish(&c, NULL) == 0) {
		sshconf_dump(&c, &out);
		if (c.port < 1 || c.port > 65535 || c.hostname == NULL || c.user == NULL)
			abort();
	}
	sshconf_release(&c);
	sshconf_init(&c, "web1");
	nl = memchr(data, '\n', n);
	first = strndup((const char *)data, nl ? (size_t)(nl - (const char *)data) : n);
	if (strlen(first) < 4096) {
		struct sshconf_jump *hops = NULL;
		size_t nh = 0;

		str_reset(&out);
		(void)sshconf_alg_list("KexAlgorithms", first, "a-1,b-2,c@x", "a-1,b-2,c@x,d", &out,
		    NULL);
		if (sshconf_parse_jumps(first, &hops, &nh, NULL) == 0)
			sshconf_jumps_free(hops, nh);
		(void)sshconf_option(&c, first, NULL);
	}
	free(first);
	sshconf_release(&c);
	str_release(&out);
	return 0;
}
