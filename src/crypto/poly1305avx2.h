/*
 * poly1305avx2 — the bulk of a Poly1305 (RFC 8439 §2.5) computation with AVX2,
 * four blocks per step, for poly1305.c; internal to src/crypto.
 *
 * Why: after ChaCha20 went to AVX2, the 64-bit scalar Poly1305 (about 1.9 GB/s)
 * was half of chacha20-poly1305@openssh.com's crypto time.
 */
#ifndef SEXTANT_CRYPTO_POLY1305AVX2_H
#define SEXTANT_CRYPTO_POLY1305AVX2_H

#include <stddef.h>
#include <stdint.h>

/* 1 if this CPU (and OS) can run the AVX2 code. */
int	poly1305_avx2_ok(void);

/*
 * Absorbs full 16-byte blocks (each with 2^128 added) from m into the
 * accumulator h (h0 + h1 2^64 + h2 2^128, h2 < 8, as poly1305.c keeps it) for the
 * clamped key r = r0 + r1 2^64. Processes the largest multiple of 4 blocks not
 * above nblocks (at least 8, else nothing) and returns how many it processed.
 */
size_t	poly1305_avx2_blocks(uint64_t h[3], uint64_t r0, uint64_t r1, const uint8_t *m,
	    size_t nblocks);

#endif
