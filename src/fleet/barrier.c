/*
 * barrier — see barrier.h.
 */
#include "fleet/barrier.h"

void
barrier_init(struct barrier *b)
{
	pthread_mutex_init(&b->mu, NULL);
	pthread_cond_init(&b->cv, NULL);
	b->state = 0;
}

void
barrier_destroy(struct barrier *b)
{
	pthread_mutex_destroy(&b->mu);
	pthread_cond_destroy(&b->cv);
}

static int
set(struct barrier *b, int v)
{
	int first;

	pthread_mutex_lock(&b->mu);
	first = b->state == 0;
	if (first) {
		b->state = v;
		pthread_cond_broadcast(&b->cv);
	}
	pthread_mutex_unlock(&b->mu);
	return first;
}

int
barrier_open(struct barrier *b)
{
	return set(b, 1);
}

int
barrier_close(struct barrier *b)
{
	return set(b, -1);
}

int
barrier_wait(struct barrier *b, int may_block)
{
	int v;

	pthread_mutex_lock(&b->mu);
	while (b->state == 0 && may_block)
		pthread_cond_wait(&b->cv, &b->mu);
	v = b->state;
	pthread_mutex_unlock(&b->mu);
	return v == 0 ? -1 : v > 0;
}
