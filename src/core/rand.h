/*
 * rand — cryptographic randomness: BearSSL's HMAC-DRBG (SHA-256) seeded from
 * getrandom(2), reseeded every RAND_RESEED_BYTES. The state is process-global and
 * guarded by a mutex (worker threads draw nonces and padding).
 */
#ifndef SEXTANT_CORE_RAND_H
#define SEXTANT_CORE_RAND_H

#include <stddef.h>
#include <stdint.h>

#define RAND_RESEED_BYTES	(1u << 20)

struct br_hash_class_;
/*
 * The hash the DRBG runs on (default BearSSL's portable SHA-256). Set once, before
 * the first rand_bytes (main does, with the SHA-NI class when the CPU has it; the
 * DRBG is then the same SP 800-90A HMAC_DRBG, only faster). Later calls are ignored.
 */
void	 rand_set_hash(const struct br_hash_class_ *sha256);
/* Aborts if the kernel cannot supply entropy: never degrade silently. */
void	 rand_bytes(void *p, size_t n);
/* Uniform in [0, bound), bound > 0, without modulo bias. */
uint32_t rand_uniform(uint32_t bound);

#endif
