/*
 * barrier — the one-shot gate of `app boot` (lib/kamal/cli/healthcheck/barrier.rb):
 * non-primary roles wait until the first primary-role container is healthy
 * (opened) or failed (closed). Only the first open/close counts.
 */
#ifndef SEXTANT_FLEET_BARRIER_H
#define SEXTANT_FLEET_BARRIER_H

#include <pthread.h>

struct barrier {
	pthread_mutex_t	mu;
	pthread_cond_t	cv;
	int		state;	/* 0 pending, 1 open, -1 closed */
};

void	barrier_init(struct barrier *b);
void	barrier_destroy(struct barrier *b);
/* 1 if this call set the state (the first opener/closer), 0 otherwise. */
int	barrier_open(struct barrier *b);
int	barrier_close(struct barrier *b);
/* 1 = opened, 0 = closed. When no one can open it (may_block 0 and pending),
 * returns -1 instead of blocking. */
int	barrier_wait(struct barrier *b, int may_block);

#endif
