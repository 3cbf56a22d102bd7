/*
 * prune — see prune.h.
 */
#include "docker/prune.h"

#include "core/str.h"

static void
service_filter(struct dcmd *c, const struct dk *k)
{
	dcmd_add(c, "--filter");
	dcmd_addf(c, "label=service=%s", k->cfg->service);
}

void
dprune_dangling_images(struct dcmd *c, const struct dk *k)
{
	dcmd_addv(c, "docker", "image", "prune", "--force", NULL);
	service_filter(c, k);
}

void
dprune_tagged_images(struct dcmd *c, const struct dk *k)
{
	dcmd_addv(c, "docker", "image", "ls", NULL);
	service_filter(c, k);
	dcmd_addv(c, "--format", "'{{.ID}} {{.Repository}}:{{.Tag}}'", "|", "grep", NULL);
	/* keep images in use, REPO:latest[-DEST] and dangling ones still referenced */
	dcmd_addf(c, "-v -w \"$(docker container ls -a --format '{{.Image}}\\|' --filter label=service=%s"
	    " | tr -d '\\n')%s\\|%s:<none>\"", k->cfg->service, k->cfg->latest_image,
	    k->cfg->repository);
	dcmd_addv(c, "|", "while read image tag; do docker rmi $tag; done", NULL);
}

void
dprune_app_containers(struct dcmd *c, const struct dk *k, long long retain)
{
	dcmd_addv(c, "docker", "ps", "-q", "-a", NULL);
	service_filter(c, k);
	dcmd_addv(c, "--filter", "status=created", "--filter", "status=exited", "--filter",
	    "status=dead", "|", NULL);
	dcmd_addf(c, "tail -n +%lld", retain + 1);
	dcmd_addv(c, "|", "while read container_id; do docker rm $container_id; done", NULL);
}
