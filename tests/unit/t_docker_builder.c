/*
 * Builder commands against Kamal 2.12's test/commands/builder_test.rb (local arch
 * taken as amd64, as the examples assume).
 */
#include "t_docker_fixture.h"

#include "core/strvec.h"
#include "docker/builder.h"

#define BBASE "service: app\nimage: dhh/app\nregistry: { username: dhh, password: secret }\nservers: [1.1.1.1]\n"
#define DEFAULT_TAGS "-t dhh/app:123 -t dhh/app:latest"

static int
push_eq(struct test_ctx *t__, const char *yaml, const char *secrets, int no_cache, const char *kind_name,
    enum dbuild_kind kind, const char *want)
{
	struct fxc f;
	struct dbuild b;
	struct dcmd c = DCMD_INIT;
	char *got;
	int ok;

	if (fxc_load(&f, yaml, NULL, secrets) != 0) {
		harness_fail(t__, __FILE__, __LINE__, "config failed for %s", kind_name);
		return 0;
	}
	f.k.version = "123";
	dbuild_init(&b, &f.k, "amd64");
	ok = b.kind == kind;
	if (!ok)
		harness_fail(t__, __FILE__, __LINE__, "builder kind for %s: %d", kind_name, (int)b.kind);
	if (ok && dbuild_push(&c, &b, "registry", no_cache, 0, NULL) != 0) {
		harness_fail(t__, __FILE__, __LINE__, "push failed");
		ok = 0;
	}
	if (ok) {
		got = joined(&c);
		ok = strcmp(got, want) == 0;
		if (!ok)
			harness_fail(t__, __FILE__, __LINE__, "%s\n    got:      %s\n    expected: %s", kind_name, got, want);
		free(got);
	}
	dcmd_release(&c);
	dbuild_release(&b);
	fxc_free(&f);
	return ok;
}

#define PUSH(yaml, kind, want) do { if (!push_eq(t__, BBASE yaml, NULL, 0, #kind, kind, want)) return; } while (0)

TEST(docker_builder_push)
{
	PUSH("builder: { arch: amd64, cache: { type: gha } }\n", DBUILD_LOCAL,
	    "docker buildx build --output=type=registry --platform linux/amd64 --builder kamal-local-docker-container "
	    DEFAULT_TAGS " --cache-to type=gha --cache-from type=gha --label service=\"app\" --file Dockerfile . 2>&1");
	PUSH("builder: { arch: [amd64] }\n", DBUILD_LOCAL,
	    "docker buildx build --output=type=registry --platform linux/amd64 --builder kamal-local-docker-container "
	    DEFAULT_TAGS " --label service=\"app\" --file Dockerfile . 2>&1");
	PUSH("builder: { arch: [amd64, arm64], remote: \"ssh://app@127.0.0.1\", cache: { type: gha } }\n", DBUILD_HYBRID,
	    "docker buildx build --output=type=registry --platform linux/amd64,linux/arm64 --builder "
	    "kamal-hybrid-docker-container-ssh---app-127-0-0-1 " DEFAULT_TAGS " --cache-to type=gha --cache-from type=gha "
	    "--label service=\"app\" --file Dockerfile . 2>&1");
	PUSH("builder: { arch: [amd64, arm64], remote: \"ssh://app@127.0.0.1\", cache: { type: gha }, local: false }\n",
	    DBUILD_REMOTE,
	    "docker buildx build --output=type=registry --platform linux/amd64,linux/arm64 --builder "
	    "kamal-remote-ssh---app-127-0-0-1 " DEFAULT_TAGS " --cache-to type=gha --cache-from type=gha "
	    "--label service=\"app\" --file Dockerfile . 2>&1");
	PUSH("builder: { arch: [arm64], remote: \"ssh://app@host\", cache: { type: gha } }\n", DBUILD_REMOTE,
	    "docker buildx build --output=type=registry --platform linux/arm64 --builder kamal-remote-ssh---app-host "
	    DEFAULT_TAGS " --cache-to type=gha --cache-from type=gha --label service=\"app\" --file Dockerfile . 2>&1");
	PUSH("builder: { arch: [amd64], remote: \"ssh://app@host\", cache: { type: gha } }\n", DBUILD_LOCAL,
	    "docker buildx build --output=type=registry --platform linux/amd64 --builder kamal-local-docker-container "
	    DEFAULT_TAGS " --cache-to type=gha --cache-from type=gha --label service=\"app\" --file Dockerfile . 2>&1");
	PUSH("builder: { arch: amd64, driver: \"cloud docker-org-name/builder-name\" }\n", DBUILD_CLOUD,
	    "docker buildx build --output=type=registry --platform linux/amd64 --builder cloud-docker-org-name-builder-name "
	    DEFAULT_TAGS " --label service=\"app\" --file Dockerfile . 2>&1");
	PUSH("builder: { arch: amd64, args: { a: 1, b: 2 } }\n", DBUILD_LOCAL,
	    "docker buildx build --output=type=registry --platform linux/amd64 --builder kamal-local-docker-container "
	    DEFAULT_TAGS " --label service=\"app\" --build-arg a=\"1\" --build-arg b=\"2\" --file Dockerfile . 2>&1");
	PUSH("builder: { arch: amd64, secrets: [a, b] }\n", DBUILD_LOCAL,
	    "docker buildx build --output=type=registry --platform linux/amd64 --builder kamal-local-docker-container "
	    DEFAULT_TAGS " --label service=\"app\" --secret id=\"a\" --secret id=\"b\" --file Dockerfile . 2>&1");
	PUSH("builder: { arch: amd64, target: prod, ssh: default=$SSH_AUTH_SOCK, dockerfile: Dockerfile.xyz }\n",
	    DBUILD_LOCAL,
	    "docker buildx build --output=type=registry --platform linux/amd64 --builder kamal-local-docker-container "
	    DEFAULT_TAGS " --label service=\"app\" --file Dockerfile.xyz --target prod --ssh default=$SSH_AUTH_SOCK . 2>&1");
	PUSH("builder: { arch: amd64, context: ./foo }\n", DBUILD_LOCAL,
	    "docker buildx build --output=type=registry --platform linux/amd64 --builder kamal-local-docker-container "
	    DEFAULT_TAGS " --label service=\"app\" --file Dockerfile ./foo 2>&1");
	PUSH("builder: { arch: amd64, provenance: mode=max }\n", DBUILD_LOCAL,
	    "docker buildx build --output=type=registry --platform linux/amd64 --builder kamal-local-docker-container "
	    DEFAULT_TAGS " --label service=\"app\" --file Dockerfile --provenance mode=max . 2>&1");
	PUSH("builder: { arch: amd64, provenance: false }\n", DBUILD_LOCAL,
	    "docker buildx build --output=type=registry --platform linux/amd64 --builder kamal-local-docker-container "
	    DEFAULT_TAGS " --label service=\"app\" --file Dockerfile --provenance false . 2>&1");
	PUSH("builder: { arch: amd64, sbom: true }\n", DBUILD_LOCAL,
	    "docker buildx build --output=type=registry --platform linux/amd64 --builder kamal-local-docker-container "
	    DEFAULT_TAGS " --label service=\"app\" --file Dockerfile --sbom true . 2>&1");
	PUSH("builder: { arch: amd64, sbom: false }\n", DBUILD_LOCAL,
	    "docker buildx build --output=type=registry --platform linux/amd64 --builder kamal-local-docker-container "
	    DEFAULT_TAGS " --label service=\"app\" --file Dockerfile --sbom false . 2>&1");
	PUSH("builder: { arch: amd64, cache: { type: registry, options: mode=max, image: kamal-app-build-cache } }\n",
	    DBUILD_LOCAL,
	    "docker buildx build --output=type=registry --platform linux/amd64 --builder kamal-local-docker-container "
	    DEFAULT_TAGS " --cache-to type=registry,ref=kamal-app-build-cache,mode=max --cache-from "
	    "type=registry,ref=kamal-app-build-cache --label service=\"app\" --file Dockerfile . 2>&1");
	PUSH("builder: { arch: amd64, cache: { type: gha, options: \"url=http://x,mode=max,scope=s\" } }\n",
	    DBUILD_LOCAL,
	    "docker buildx build --output=type=registry --platform linux/amd64 --builder kamal-local-docker-container "
	    DEFAULT_TAGS " --cache-to type=gha,url=http://x,mode=max,scope=s --cache-from type=gha,url=http://x,scope=s "
	    "--label service=\"app\" --file Dockerfile . 2>&1");
	PUSH("builder: { arch: amd64, driver: docker }\n", DBUILD_LOCAL,
	    "docker buildx build --output=type=registry --platform linux/amd64 " DEFAULT_TAGS
	    " --label service=\"app\" --file Dockerfile . 2>&1");
	if (!push_eq(t__, BBASE "builder: { arch: amd64 }\n", NULL, 1, "no-cache", DBUILD_LOCAL,
	    "docker buildx build --output=type=registry --platform linux/amd64 --builder kamal-local-docker-container "
	    DEFAULT_TAGS " --label service=\"app\" --file Dockerfile --no-cache . 2>&1"))
		return;
}

TEST(docker_builder_pack)
{
	const char *pack = "image: dhh/app\nbuilder: { arch: amd64, pack: { builder: \"heroku/builder:24\", "
	    "buildpacks: [heroku/ruby, heroku/procfile] }";
	char y[1024];

	snprintf(y, sizeof(y), BBASE "%s }\n", pack);
	if (!push_eq(t__, y, NULL, 0, "pack", DBUILD_PACK,
	    "pack build dhh/app --platform linux/amd64 --creation-time now --builder heroku/builder:24 --buildpack "
	    "heroku/ruby --buildpack heroku/procfile --buildpack paketo-buildpacks/image-labels " DEFAULT_TAGS
	    " --env BP_IMAGE_LABELS=service=app --path . && docker push dhh/app:123 && docker push dhh/app:latest"))
		return;
	snprintf(y, sizeof(y), BBASE "%s, args: { a: 1, b: 2 } }\n", pack);
	if (!push_eq(t__, y, NULL, 1, "pack", DBUILD_PACK,
	    "pack build dhh/app --platform linux/amd64 --creation-time now --builder heroku/builder:24 --buildpack "
	    "heroku/ruby --buildpack heroku/procfile --buildpack paketo-buildpacks/image-labels " DEFAULT_TAGS
	    " --clear-cache --env BP_IMAGE_LABELS=service=app --env a=\"1\" --env b=\"2\" --path . && docker push "
	    "dhh/app:123 && docker push dhh/app:latest"))
		return;
	snprintf(y, sizeof(y), BBASE "%s, secrets: [token_a, token_b] }\n", pack);
	if (!push_eq(t__, y, "token_a=foo\ntoken_b=bar\n", 0, "pack", DBUILD_PACK,
	    "pack build dhh/app --platform linux/amd64 --creation-time now --builder heroku/builder:24 --buildpack "
	    "heroku/ruby --buildpack heroku/procfile --buildpack paketo-buildpacks/image-labels " DEFAULT_TAGS
	    " --env BP_IMAGE_LABELS=service=app --env token_a=\"foo\" --env token_b=\"bar\" --path . && docker push "
	    "dhh/app:123 && docker push dhh/app:latest"))
		return;
}

TEST(docker_builder_create_remove_inspect)
{
	struct fxc f;
	struct dbuild b;
	struct dcmd c = DCMD_INIT;
	struct strvec env = STRVEC_INIT;

	LOAD(&f, BBASE "builder: { arch: amd64 }\n");
	dbuild_init(&b, &f.k, "amd64");
	dbuild_create(&c, &b);
	JOIN_EQ(&c, "docker buildx create --name kamal-local-docker-container --driver=docker-container");
	dbuild_remove(&c, &b);
	JOIN_EQ(&c, "docker buildx rm kamal-local-docker-container");
	dbuild_inspect(&c, &b);
	JOIN_EQ(&c, "docker buildx inspect kamal-local-docker-container");
	dbuild_info(&c, &b);
	JOIN_EQ(&c, "docker context ls && docker buildx ls");
	dbuild_ensure_docker_installed(&c);
	JOIN_EQ(&c, "docker --version && docker buildx version");
	dbuild_validate_image(&c, &f.k);
	JOIN_EQ(&c, "docker inspect -f '{{ .Config.Labels.service }}' dhh/app:999 | grep -x app || "
	    "(echo \"Image dhh/app:999 is missing the 'service' label\" && exit 1)");
	dbuild_first_mirror(&c);
	JOIN_EQ(&c, "docker info --format '{{index .RegistryConfig.Mirrors 0}}'");
	dbuild_clean(&c, &f.k);
	JOIN_EQ(&c, "docker image rm --force dhh/app:999");
	dbuild_pull(&c, &f.k);
	JOIN_EQ(&c, "docker pull dhh/app:999");
	dbuild_push_env(&b, &env);
	CHECK_EQ_INT(env.n, 0);
	dbuild_release(&b);
	fxc_free(&f);

	LOAD(&f, "service: app\nimage: dhh/app\nregistry: { server: \"localhost:5000\" }\nservers: [1.1.1.1]\n"
	    "builder: { arch: amd64 }\n");
	dbuild_init(&b, &f.k, "amd64");
	dbuild_create(&c, &b);
	JOIN_EQ(&c, "docker buildx create --name kamal-local-registry-docker-container --driver=docker-container "
	    "--driver-opt network=host");
	dbuild_release(&b);
	fxc_free(&f);

	LOAD(&f, "service: app\nimage: dhh/app\nregistry: { server: \"localhost:5000\" }\nservers: [1.1.1.1]\n"
	    "builder: { arch: arm64, remote: \"ssh://app@1.1.1.5\" }\n");
	dbuild_init(&b, &f.k, "amd64");
	CHECK_EQ_INT(b.kind, DBUILD_REMOTE);
	dbuild_create(&c, &b);
	JOIN_EQ(&c, "docker context create kamal-remote-ssh---app-1-1-1-5-local-registry-context --description "
	    "'kamal-remote-ssh---app-1-1-1-5-local-registry host' --docker 'host=ssh://app@1.1.1.5' ; docker buildx "
	    "create --name kamal-remote-ssh---app-1-1-1-5-local-registry --driver-opt network=host "
	    "kamal-remote-ssh---app-1-1-1-5-local-registry-context");
	dbuild_remove(&c, &b);
	JOIN_EQ(&c, "docker context rm kamal-remote-ssh---app-1-1-1-5-local-registry-context ; docker buildx rm "
	    "kamal-remote-ssh---app-1-1-1-5-local-registry");
	dbuild_inspect(&c, &b);
	JOIN_EQ(&c, "docker buildx inspect kamal-remote-ssh---app-1-1-1-5-local-registry | grep -q "
	    "Endpoint:.*kamal-remote-ssh---app-1-1-1-5-local-registry-context && docker context inspect "
	    "kamal-remote-ssh---app-1-1-1-5-local-registry-context --format '{{.Endpoints.docker.Host}}' | grep -xq "
	    "ssh://app@1.1.1.5 || (echo no compatible builder && exit 1)");
	dbuild_push_env(&b, &env);
	CHECK_EQ_INT(env.n, 1);
	CHECK_STR_EQ(env.v[0], "BUILDKIT_NO_CLIENT_TOKEN=1");
	dbuild_release(&b);
	fxc_free(&f);

	LOAD(&f, "service: app\nimage: dhh/app\nregistry: { server: \"localhost:5000\" }\nservers: [1.1.1.1]\n"
	    "builder: { arch: [amd64, arm64], remote: \"ssh://app@1.1.1.5\" }\n");
	dbuild_init(&b, &f.k, "amd64");
	CHECK_EQ_INT(b.kind, DBUILD_HYBRID);
	dbuild_create(&c, &b);
	JOIN_EQ(&c, "docker buildx create --platform linux/amd64 --name kamal-hybrid-docker-container-ssh---app-1-1-1-5-local-registry "
	    "--driver=docker-container --driver-opt network=host && docker context create "
	    "kamal-hybrid-docker-container-ssh---app-1-1-1-5-local-registry-context --description "
	    "'kamal-hybrid-docker-container-ssh---app-1-1-1-5-local-registry host' --docker 'host=ssh://app@1.1.1.5' && "
	    "docker buildx create --platform linux/arm64 --append --name "
	    "kamal-hybrid-docker-container-ssh---app-1-1-1-5-local-registry --driver-opt network=host "
	    "kamal-hybrid-docker-container-ssh---app-1-1-1-5-local-registry-context");
	dbuild_release(&b);
	fxc_free(&f);
	strvec_clear(&env);
	dcmd_release(&c);
}

TEST(docker_builder_clone)
{
	struct dcmd c = DCMD_INIT, steps[6];
	int i;

	dbuild_clone(&c, "/tmp/kamal-clones/app-abc", "/absolute/path\\ with\\ spaces");
	JOIN_EQ(&c, "git -C /tmp/kamal-clones/app-abc clone /absolute/path\\ with\\ spaces --recurse-submodules");
	for (i = 0; i < 6; i++)
		dcmd_init(&steps[i]);
	dbuild_clone_reset_steps(steps, "/b", "/r", "abc123");
	JOIN_EQ(&steps[0], "git -C /b remote set-url origin /r");
	JOIN_EQ(&steps[1], "git -C /b fetch origin");
	JOIN_EQ(&steps[2], "git -C /b reset --hard abc123");
	JOIN_EQ(&steps[3], "git -C /b clean -fdx");
	JOIN_EQ(&steps[4], "git -C /b submodule update --init");
	JOIN_EQ(&steps[5], "git -C /b gc --auto --quiet");
	dbuild_clone_status(&c, "/b");
	SENT_EQ(&c, "/usr/bin/env git -C /b status --porcelain");
	dbuild_clone_revision(&c, "/b");
	JOIN_EQ(&c, "git -C /b rev-parse HEAD");
	for (i = 0; i < 6; i++)
		dcmd_release(&steps[i]);
	dcmd_release(&c);
}
