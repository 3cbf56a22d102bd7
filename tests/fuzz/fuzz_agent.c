// sources: src/core/*.c src/crypto/*.c src/ssh/asn1.c src/ssh/pem.c src/ssh/key.c src/ssh/keycrypt.c src/ssh/keyder.c src/ssh/keyfile.c src/ssh/agent.c
/* ssh-agent replies (key list, signature): no crash, counts and sizes within bounds. */
#include <stdint.h>
#include <stdlib.h>

#include "core/buf.h"
#include "ssh/agent.h"
#include "ssh/key.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct agent_identity *ids = NULL;
	size_t nids = 0, i;
	struct buf sig;

	if (agent_parse_identities(data, n, &ids, &nids, NULL) == 0) {
		if (nids > AGENT_MAX_IDENTITIES)
			abort();
		for (i = 0; i < nids; i++)
			if (ids[i].blob_len == 0 || ids[i].blob_len > SSHKEY_MAX_BLOB)
				abort();
		agent_identities_free(ids, nids);
	}
	buf_init(&sig, 0);
	(void)agent_parse_sign_response(data, n, &sig, NULL);
	buf_release(&sig);
	return 0;
}
