/*
 * sextant — Kamal 2 as one static binary. Invoked as `kamal` it is a drop-in.
 */
#include <signal.h>

#include "cli/cli.h"
#include "core/rand.h"
#include "crypto/sha256ni.h"

int
main(int argc, char **argv)
{
	/* Writes to a closed socket or pipe must fail with EPIPE, not kill us mid-deploy. */
	signal(SIGPIPE, SIG_IGN);
	/* Every connection draws its key exchange secret and packet padding from the
	 * DRBG: on SHA-NI it costs a tenth (callgrind: 10% of a server exec's instructions). */
	rand_set_hash(sha256_fast_class());
	return cli_main(argc, argv);
}
