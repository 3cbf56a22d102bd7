#include "core/rand.h"

#include <bearssl.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/random.h>
#include <unistd.h>

#include "core/wipe.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static br_hmac_drbg_context drbg;
static int seeded;
static size_t since_seed;
static const br_hash_class *drbg_hash = &br_sha256_vtable;

void
rand_set_hash(const br_hash_class *sha256)
{
	pthread_mutex_lock(&lock);
	if (!seeded && sha256 != NULL &&
	    ((sha256->desc >> BR_HASHDESC_ID_OFF) & BR_HASHDESC_ID_MASK) == br_sha256_ID)
		drbg_hash = sha256;
	pthread_mutex_unlock(&lock);
}

static void
die(const char *msg)
{
	ssize_t w = write(2, msg, __builtin_strlen(msg));

	(void)w;
	abort();
}

static void
os_entropy(unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t r = getrandom(p, n, 0);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			die("sextant: getrandom failed: no entropy source\n");
		}
		p += r;
		n -= (size_t)r;
	}
}

static void
reseed(void)
{
	unsigned char seed[48];

	os_entropy(seed, sizeof(seed));
	if (!seeded)
		br_hmac_drbg_init(&drbg, drbg_hash, seed, sizeof(seed));
	else
		br_hmac_drbg_update(&drbg, seed, sizeof(seed));
	wipe(seed, sizeof(seed));
	seeded = 1;
	since_seed = 0;
}

void
rand_bytes(void *p, size_t n)
{
	unsigned char *q = p;

	pthread_mutex_lock(&lock);
	while (n > 0) {
		/* HMAC-DRBG allows at most 2^16 bytes per request (SP 800-90A). */
		size_t chunk = n > 65536 ? 65536 : n;

		if (!seeded || since_seed >= RAND_RESEED_BYTES)
			reseed();
		br_hmac_drbg_generate(&drbg, q, chunk);
		since_seed += chunk;
		q += chunk;
		n -= chunk;
	}
	pthread_mutex_unlock(&lock);
}

uint32_t
rand_uniform(uint32_t bound)
{
	uint32_t x, min;

	if (bound < 2)
		return 0;
	min = (uint32_t)(-bound) % bound;	/* 2^32 mod bound */
	do {
		rand_bytes(&x, sizeof(x));
	} while (x < min);
	return x % bound;
}
