#include "core/wipe.h"

#include <stdlib.h>
#include <string.h>

static void *(*const volatile memset_v)(void *, int, size_t) = memset;

void
wipe(void *p, size_t n)
{
	if (p != NULL && n > 0)
		memset_v(p, 0, n);
}

void
freezero(void *p, size_t n)
{
	if (p == NULL)
		return;
	wipe(p, n);
	free(p);
}

int
ct_memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	unsigned char acc = 0;
	size_t i;

	for (i = 0; i < n; i++)
		acc |= x[i] ^ y[i];
	return acc != 0;
}
