/*
 * chacha20avx2 — ChaCha20 (RFC 8439 §2.3-2.4) with AVX2, eight blocks at a time,
 * with the calling convention of BearSSL's br_chacha20_run: 32-byte key, 12-byte
 * nonce (state words 13-15), 32-bit block counter (word 12), data XORed in place;
 * returns the counter after the last (possibly partial) block.
 *
 * Why: chacha20-poly1305@openssh.com spent ~10 instructions per byte in BearSSL's
 * SSE2 code (one block per pass); the callgrind profile of a bulk read put 63% of
 * the client's instructions there.
 */
#ifndef SEXTANT_CRYPTO_CHACHA20AVX2_H
#define SEXTANT_CRYPTO_CHACHA20AVX2_H

#include <bearssl.h>

/* The AVX2 function when the CPU and OS support AVX2, else 0. */
br_chacha20_run	chacha20_avx2_get(void);

#endif
