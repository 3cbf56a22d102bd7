/*
 * sha256ni — SHA-256 (FIPS 180-4 §6.2) on the x86 SHA extensions (SHA256RNDS2,
 * SHA256MSG1, SHA256MSG2), packaged as a BearSSL hash class so that BearSSL's
 * HMAC (br_hmac_*) and HMAC-DRBG run on it unchanged.
 *
 * Why: BearSSL's portable SHA-256 costs about 49 instructions per byte (callgrind,
 * bench/06-ssh-read.sh profile), which made hmac-sha2-256(-etm) the bottleneck of
 * the CTR ciphers; with the extensions it is a few instructions per byte.
 *
 * The context has the same size as br_sha256_context, so it fits everywhere a
 * BearSSL hash context does (br_hash_compat_context, br_hmac_context).
 */
#ifndef SEXTANT_CRYPTO_SHA256NI_H
#define SEXTANT_CRYPTO_SHA256NI_H

#include <bearssl.h>

/* The SHA-NI class when this CPU has the extensions (and SSSE3, SSE4.1), else NULL. */
const br_hash_class *sha256ni_class(void);
/* sha256ni_class() if available, else &br_sha256_vtable. */
const br_hash_class *sha256_fast_class(void);

#endif
