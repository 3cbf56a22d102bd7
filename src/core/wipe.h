/*
 * wipe — erase secrets so that the compiler cannot elide the stores.
 *
 * Key material, passphrases and secret values are wiped before their memory is
 * released (design.md §2.5). A plain memset before free() is a dead store the
 * optimiser may drop; the volatile function pointer below prevents that.
 */
#ifndef SEXTANT_CORE_WIPE_H
#define SEXTANT_CORE_WIPE_H

#include <stddef.h>

void	wipe(void *p, size_t n);
/* wipe(p, n) then free(p); p may be NULL. */
void	freezero(void *p, size_t n);
/* Constant-time comparison: 0 if equal. */
int	ct_memcmp(const void *a, const void *b, size_t n);

#endif
