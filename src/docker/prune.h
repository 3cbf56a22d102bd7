/*
 * prune — old containers and images of the service (lib/kamal/commands/prune.rb,
 * spec/kamal.md §6.7). Filters only by label=service=SVC (§12.3).
 */
#ifndef SEXTANT_DOCKER_PRUNE_H
#define SEXTANT_DOCKER_PRUNE_H

#include "docker/dk.h"

/* docker image prune --force --filter label=service=SVC */
void	dprune_dangling_images(struct dcmd *c, const struct dk *k);
/* docker image ls ... | grep -v -w "$(...)LATEST\|REPO:<none>" | while read image tag; do docker rmi $tag; done */
void	dprune_tagged_images(struct dcmd *c, const struct dk *k);
/* docker ps -q -a ... | tail -n +<retain+1> | while read container_id; do docker rm $container_id; done */
void	dprune_app_containers(struct dcmd *c, const struct dk *k, long long retain);

#endif
