/*
 * Registry, lock, auditor, prune, server/docker, hook and env-file builders against
 * Kamal 2.12's tests (test/commands) and spec/kamal.md §5.3–§5.5, §7, Appendix A.
 */
#include "t_docker_fixture.h"

#include "core/strvec.h"
#include "docker/auditor.h"
#include "docker/envfile.h"
#include "docker/hook.h"
#include "docker/lock.h"
#include "docker/prune.h"
#include "docker/registry.h"
#include "docker/server.h"

#define MBASE "service: app\nimage: dhh/app\nservers: [1.1.1.1]\nbuilder: { arch: amd64 }\n"

TEST(docker_misc_registry)
{
	struct fxc f;
	struct dcmd c = DCMD_INIT;
	char *logged;

	LOAD(&f, MBASE "registry: { server: hub.docker.com, username: dhh, password: secret }\n"
	    "accessories:\n  db: { image: mysql, host: 1.1.1.2, registry: { server: other.hub.docker.com, username: user, password: pw } }\n");
	CHECK_OK(dreg_login(&c, &f.k, &f.cfg->registry, NULL));
	logged = dcmd_to_string(&c, 1);
	CHECK_STR_EQ(logged, "docker login hub.docker.com -u [REDACTED] -p [REDACTED]");
	free(logged);
	/* what really runs: the password on stdin, in no argv */
	CHECK(c.stdin_form != NULL);
	logged = dcmd_to_string(c.stdin_form, 0);
	CHECK_STR_EQ(logged, "docker login hub.docker.com -u \"dhh\" --password-stdin");
	free(logged);
	logged = dcmd_to_string(c.stdin_form, 1);
	CHECK_STR_EQ(logged, "docker login hub.docker.com -u [REDACTED] --password-stdin");
	free(logged);
	CHECK_EQ_INT(c.stdin_len, 6);
	CHECK_MEM_EQ(c.stdin_data, "secret", 6);
	JOIN_EQ(&c, "docker login hub.docker.com -u \"dhh\" -p \"secret\"");
	CHECK_OK(dreg_login(&c, &f.k, config_accessory(f.cfg, "db")->registry, NULL));
	JOIN_EQ(&c, "docker login other.hub.docker.com -u \"user\" -p \"pw\"");
	dreg_logout(&c, &f.cfg->registry);
	JOIN_EQ(&c, "docker logout hub.docker.com");
	dreg_logout(&c, config_accessory(f.cfg, "db")->registry);
	JOIN_EQ(&c, "docker logout other.hub.docker.com");
	dreg_remove(&c);
	JOIN_EQ(&c, "docker stop kamal-docker-registry && docker rm kamal-docker-registry");
	fxc_free(&f);

	/* secret credentials, escaped */
	CHECK(fxc_load(&f, MBASE "registry: { server: hub.docker.com, username: dhh, password: [REGISTRY_PASSWORD] }\n",
	    NULL, "REGISTRY_PASSWORD=\"more-secret'\\\"\"\n") == 0);
	CHECK_OK(dreg_login(&c, &f.k, &f.cfg->registry, NULL));
	JOIN_EQ(&c, "docker login hub.docker.com -u \"dhh\" -p \"more-secret'\\\"\"");
	CHECK_EQ_INT(c.stdin_form ? 1 : 0, 0);	/* reset with the command */
	CHECK_OK(dreg_login(&c, &f.k, &f.cfg->registry, NULL));
	CHECK_EQ_INT(c.stdin_len, 13);
	CHECK_MEM_EQ(c.stdin_data, "more-secret'\"", 13);
	dcmd_reset(&c);
	fxc_free(&f);

	/* Docker Hub: no server; a local registry: nothing at all (a bare /usr/bin/env when run) */
	LOAD(&f, MBASE "registry: { username: dhh, password: secret }\n");
	CHECK_OK(dreg_login(&c, &f.k, &f.cfg->registry, NULL));
	JOIN_EQ(&c, "docker login -u \"dhh\" -p \"secret\"");
	dreg_logout(&c, &f.cfg->registry);
	JOIN_EQ(&c, "docker logout");
	fxc_free(&f);
	LOAD(&f, MBASE "registry: { server: \"localhost:5000\" }\n");
	CHECK_OK(dreg_login(&c, &f.k, &f.cfg->registry, NULL));
	CHECK_EQ_INT(c.n, 0);
	SENT_EQ(&c, "/usr/bin/env ");
	dreg_setup(&c, &f.cfg->registry);
	JOIN_EQ(&c, "docker start kamal-docker-registry || docker run --detach -p 127.0.0.1:5000:5000 --name "
	    "kamal-docker-registry registry:3");
	fxc_free(&f);
	dcmd_release(&c);
}

TEST(docker_misc_lock)
{
	struct fxc f;
	struct dcmd c = DCMD_INIT;
	struct str s = STR_INIT;

	CHECK(fxc_load(&f, MBASE "registry: { username: dhh, password: secret }\n", "production", NULL) == 0);
	dlock_status(&c, &f.k);
	JOIN_EQ(&c, "stat .kamal/lock-app-production > /dev/null && cat .kamal/lock-app-production/details | base64 -d");
	dlock_release(&c, &f.k);
	SENT_EQ(&c, "/usr/bin/env rm .kamal/lock-app-production/details && rm -r .kamal/lock-app-production");
	dlock_ensure_locks_directory(&c, &f.k);
	JOIN_EQ(&c, "mkdir -p .kamal");
	fxc_free(&f);
	/* the acquire of the example plans (spec/examples) */
	LOAD(&f, "service: harbor\nimage: acme/harbor\nservers: [10.3.0.10]\nregistry: { username: u, password: p }\n"
	    "builder: { arch: amd64 }\n");
	dlock_acquire(&c, &f.k, "Automatic deploy lock", "999", "Deploy User", "2024-01-01T00:00:00Z");
	SENT_EQ(&c, "/usr/bin/env mkdir .kamal/lock-harbor && echo \"TG9ja2VkIGJ5OiBEZXBsb3kgVXNlciBhdCAyMDI0LTAxLTAxVDAwOjAwOjAw\n"
	    "WgpWZXJzaW9uOiA5OTkKTWVzc2FnZTogQXV0b21hdGljIGRlcGxveSBsb2Nr\n\" > .kamal/lock-harbor/details");
	fxc_free(&f);
	dlock_encode64("", 0, &s);
	CHECK_STR_EQ(str_cstr(&s), "");
	str_reset(&s);
	dlock_encode64("abc", 3, &s);
	CHECK_STR_EQ(s.s, "YWJj\n");
	str_release(&s);
	dcmd_release(&c);
}

TEST(docker_misc_auditor)
{
	struct fxc f;
	struct dcmd c = DCMD_INIT;
	struct dtags t = { "2024-01-01T00:00:00Z", "dhh@example.com" };

	LOAD(&f, MBASE "registry: { username: dhh, password: secret }\n");
	daudit_record(&c, &f.k, &t, NULL, "app removed container");
	JOIN_EQ(&c, "mkdir -p .kamal && echo \"[2024-01-01T00:00:00Z] [dhh@example.com] app removed container\" >> .kamal/app-audit.log");
	daudit_record(&c, &f.k, &t, "web", "app removed container");
	SENT_EQ(&c, "/usr/bin/env mkdir -p .kamal && echo \"[2024-01-01T00:00:00Z] [dhh@example.com] [web] app removed container\" >> .kamal/app-audit.log");
	daudit_reveal(&c, &f.k);
	JOIN_EQ(&c, "tail -n 50 .kamal/app-audit.log");
	fxc_free(&f);
	CHECK(fxc_load(&f, MBASE "registry: { username: dhh, password: secret }\n", "production", NULL) == 0);
	/* Appendix A: $y escaped, ${Z} left for the remote shell */
	daudit_record(&c, &f.k, &(struct dtags){ "2026-11-29T09:16:38Z", "me@x" }, "web", "Booted app version x $y ${Z}");
	JOIN_EQ(&c, "mkdir -p .kamal && echo \"[2026-11-29T09:16:38Z] [me@x] [production] [web] Booted app version x \\$y ${Z}\" "
	    ">> .kamal/app-production-audit.log");
	fxc_free(&f);
	dcmd_release(&c);
}

TEST(docker_misc_prune_server)
{
	struct fxc f;
	struct dcmd c = DCMD_INIT;

	LOAD(&f, MBASE "registry: { username: dhh, password: secret }\n");
	dprune_dangling_images(&c, &f.k);
	JOIN_EQ(&c, "docker image prune --force --filter label=service=app");
	dprune_tagged_images(&c, &f.k);
	JOIN_EQ(&c, "docker image ls --filter label=service=app --format '{{.ID}} {{.Repository}}:{{.Tag}}' | grep -v -w "
	    "\"$(docker container ls -a --format '{{.Image}}\\|' --filter label=service=app | tr -d '\\n')dhh/app:latest\\|"
	    "dhh/app:<none>\" | while read image tag; do docker rmi $tag; done");
	dprune_app_containers(&c, &f.k, 5);
	JOIN_EQ(&c, "docker ps -q -a --filter label=service=app --filter status=created --filter status=exited --filter "
	    "status=dead | tail -n +6 | while read container_id; do docker rm $container_id; done");
	dprune_app_containers(&c, &f.k, 3);
	JOIN_EQ(&c, "docker ps -q -a --filter label=service=app --filter status=created --filter status=exited --filter "
	    "status=dead | tail -n +4 | while read container_id; do docker rm $container_id; done");
	dsrv_ensure_run_directory(&c, &f.k);
	JOIN_EQ(&c, "mkdir -p .kamal");
	dsrv_remove_app_directory(&c, &f.k);
	JOIN_EQ(&c, "rm -r .kamal/apps/app");
	dsrv_app_directory_count(&c, &f.k);
	SENT_EQ(&c, "/usr/bin/env ls .kamal/apps | wc -l");
	ddocker_install(&c);
	JOIN_EQ(&c, "sh -c 'curl -fsSL https://get.docker.com || wget -O - https://get.docker.com || echo \"exit 1\"' | sh");
	ddocker_install(&c);
	SENT_EQ(&c, "/usr/bin/env sh -c 'curl -fsSL https://get.docker.com || wget -O - https://get.docker.com || echo \"exit 1\"' | sh");
	ddocker_installed(&c);
	JOIN_EQ(&c, "docker -v");
	ddocker_running(&c);
	JOIN_EQ(&c, "docker version");
	ddocker_superuser(&c);
	SENT_EQ(&c, "[ \"${EUID:-$(id -u)}\" -eq 0 ] || sudo -nl usermod >/dev/null");
	ddocker_root(&c);
	SENT_EQ(&c, "[ \"${EUID:-$(id -u)}\" -eq 0 ]");
	ddocker_in_docker_group(&c);
	SENT_EQ(&c, "id -nG \"${USER:-$(id -un)}\" | grep -qw docker");
	ddocker_add_to_docker_group(&c);
	SENT_EQ(&c, "sudo -n usermod -aG docker \"${USER:-$(id -un)}\"");
	ddocker_refresh_session(&c);
	SENT_EQ(&c, "kill -HUP $PPID");
	ddocker_create_network(&c);
	SENT_EQ(&c, "docker network create kamal");
	fxc_free(&f);
	dcmd_release(&c);
}

TEST(docker_misc_hook)
{
	struct fxc f;
	struct dcmd c = DCMD_INIT;
	struct strvec env = STRVEC_INIT;
	struct dtags t = { "2024-01-01T00:00:00Z", "dhh@example.com" };
	struct dhook_details d = { .hosts = "1.1.1.1,1.1.1.2", .lock = "false", .command = "deploy" };

	LOAD(&f, MBASE "registry: { username: dhh, password: secret }\n");
	dhook_run(&c, &f.k, "foo");
	JOIN_EQ(&c, ".kamal/hooks/foo");
	dhook_run(&c, &f.k, "pre-deploy");
	SENT_EQ(&c, "/usr/bin/env .kamal/hooks/pre-deploy");
	f.k.version = "123";
	CHECK_OK(dhook_env(&f.k, &t, "123", &d, 0, &env, NULL));
	CHECK_EQ_INT(env.n, 8);
	CHECK_STR_EQ(env.v[0], "KAMAL_RECORDED_AT=2024-01-01T00:00:00Z");
	CHECK_STR_EQ(env.v[1], "KAMAL_PERFORMER=dhh@example.com");
	CHECK_STR_EQ(env.v[2], "KAMAL_VERSION=123");
	CHECK_STR_EQ(env.v[3], "KAMAL_SERVICE_VERSION=app@123");
	CHECK_STR_EQ(env.v[4], "KAMAL_SERVICE=app");
	CHECK_STR_EQ(env.v[5], "KAMAL_HOSTS=1.1.1.1,1.1.1.2");
	CHECK_STR_EQ(env.v[6], "KAMAL_LOCK=false");
	CHECK_STR_EQ(env.v[7], "KAMAL_COMMAND=deploy");
	fxc_free(&f);
	LOAD(&f, MBASE "registry: { username: dhh, password: secret }\nhooks_path: custom/hooks/path\n");
	dhook_run(&c, &f.k, "foo");
	JOIN_EQ(&c, "custom/hooks/path/foo");
	fxc_free(&f);
	strvec_clear(&env);
	dcmd_release(&c);
}

TEST(docker_misc_envfile)
{
	struct fxc f;
	struct str s = STR_INIT;
	const struct config_role *web;
	struct config_env env;

	/* Appendix A value (the secret written with dotenv escapes) and an aliased secret */
	CHECK(fxc_load(&f, MBASE "registry: { username: dhh, password: secret }\n"
	    "env: { clear: { A: b }, secret: [PLAIN, \"ALIAS:PLAIN\", EMPTY] }\n", NULL,
	    "PLAIN=\"p q\"\nEMPTY=\n") == 0);
	web = config_role(f.cfg, "web");
	config_role_env(f.cfg, web, "1.1.1.1", &env);
	s.secret = 1;
	CHECK_OK(denvfile_render(f.cfg, &env, &s, NULL));
	CHECK_STR_EQ(s.s, "PLAIN=p q\nALIAS=p q\nEMPTY=\n");
	config_env_release(&env);
	fxc_free(&f);
	str_reset(&s);
	LOAD(&f, MBASE "registry: { username: dhh, password: secret }\n");
	config_role_env(f.cfg, config_role(f.cfg, "web"), "1.1.1.1", &env);
	CHECK_OK(denvfile_render(f.cfg, &env, &s, NULL));
	CHECK_STR_EQ(s.s, "\n");
	config_env_release(&env);
	fxc_free(&f);
	str_release(&s);
}
