/*
 * registry — docker login/logout and the local registry container
 * (lib/kamal/commands/registry.rb; spec/kamal.md §6, §6.18).
 */
#ifndef SEXTANT_DOCKER_REGISTRY_H
#define SEXTANT_DOCKER_REGISTRY_H

#include "docker/dk.h"

struct errinfo;

/*
 * docker login [SERVER] -u <escaped user> -p <escaped password> (both tokens secret).
 * With a local registry Kamal returns nil: c is left EMPTY, which renders as a bare
 * "/usr/bin/env " when executed, exactly as SSHKit runs it (spec §12.12).
 * Fails only when a credential secret is missing.
 */
int	dreg_login(struct dcmd *c, const struct dk *k, const struct config_registry *r,
	    struct errinfo *e);
void	dreg_logout(struct dcmd *c, const struct config_registry *r);
/* docker start kamal-docker-registry || docker run --detach -p 127.0.0.1:PORT:5000 --name kamal-docker-registry registry:3 */
void	dreg_setup(struct dcmd *c, const struct config_registry *r);
/* docker stop kamal-docker-registry && docker rm kamal-docker-registry */
void	dreg_remove(struct dcmd *c);

#endif
