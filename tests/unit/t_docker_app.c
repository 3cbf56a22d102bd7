/*
 * App command builders against the strings of Kamal 2.12's test/commands/app_test.rb.
 */
#include "t_docker_fixture.h"

#include "core/strvec.h"
#include "docker/app.h"

#define SERVERS_WEB_WORKERS "servers: { web: [1.1.1.1], workers: [1.1.1.2] }\n"
#define CRC(filters, fmt) \
	"sh -c 'docker ps --latest " fmt " " filters " --filter status=running --filter status=restarting " \
	"--filter ancestor=$(docker image ls --filter reference=dhh/app:latest --format '\\''{{.ID}}'\\'') ; " \
	"docker ps --latest " fmt " " filters " --filter status=running --filter status=restarting' | head -1"
#define WEB_FILTERS "--filter label=service=app --filter label=destination= --filter label=role=web"

TEST(docker_app_run)
{
	struct fxc f;
	struct dcmd c = DCMD_INIT;

	LOAD(&f, APP_BASE SERVERS_WEB_WORKERS "env: { secret: [RAILS_MASTER_KEY] }\n");
	dapp_run(&c, &f.k, config_role(f.cfg, "web"), "1.1.1.1", NULL);
	JOIN_EQ(&c, "docker run --detach --restart unless-stopped --name app-web-999 --network kamal "
	    "--env KAMAL_CONTAINER_NAME=\"app-web-999\" --env KAMAL_VERSION=\"999\" --env KAMAL_HOST=\"1.1.1.1\" "
	    "--env-file .kamal/apps/app/env/roles/web.env --log-opt max-size=\"10m\" --label service=\"app\" "
	    "--label role=\"web\" --label destination dhh/app:999");
	dapp_run(&c, &f.k, config_role(f.cfg, "web"), "1.1.1.1", "myhost");
	JOIN_EQ(&c, "docker run --detach --restart unless-stopped --name app-web-999 --network kamal --hostname myhost "
	    "--env KAMAL_CONTAINER_NAME=\"app-web-999\" --env KAMAL_VERSION=\"999\" --env KAMAL_HOST=\"1.1.1.1\" "
	    "--env-file .kamal/apps/app/env/roles/web.env --log-opt max-size=\"10m\" --label service=\"app\" "
	    "--label role=\"web\" --label destination dhh/app:999");
	fxc_free(&f);
	dcmd_release(&c);
}

TEST(docker_app_run_destination)
{
	struct fxc f;
	struct dcmd c = DCMD_INIT;

	CHECK(fxc_load(&f, APP_BASE SERVERS_WEB_WORKERS, "staging", NULL) == 0);
	dapp_run(&c, &f.k, config_role(f.cfg, "web"), "1.1.1.1", NULL);
	JOIN_EQ(&c, "docker run --detach --restart unless-stopped --name app-web-staging-999 --network kamal "
	    "--env KAMAL_CONTAINER_NAME=\"app-web-staging-999\" --env KAMAL_VERSION=\"999\" --env KAMAL_HOST=\"1.1.1.1\" "
	    "--env KAMAL_DESTINATION=\"staging\" --env-file .kamal/apps/app-staging/env/roles/web.env "
	    "--log-opt max-size=\"10m\" --label service=\"app\" --label role=\"web\" --label destination=\"staging\" dhh/app:999");
	dapp_start(&c, &f.k, config_role(f.cfg, "web"));
	JOIN_EQ(&c, "docker start app-web-staging-999");
	dapp_info(&c, &f.k, config_role(f.cfg, "web"));
	JOIN_EQ(&c, "docker ps --filter label=service=app --filter label=destination=staging --filter label=role=web");
	dapp_tag_latest_image(&c, &f.k);
	JOIN_EQ(&c, "docker tag dhh/app:999 dhh/app:latest-staging");
	dapp_remove_containers(&c, &f.k, config_role(f.cfg, "web"));
	JOIN_EQ(&c, "docker container prune --force --filter label=service=app --filter label=destination=staging --filter label=role=web");
	fxc_free(&f);
	dcmd_release(&c);
}

TEST(docker_app_run_options)
{
	struct fxc f;
	struct dcmd c = DCMD_INIT;

	LOAD(&f, APP_BASE "volumes: [/local/path:/container/path]\n"
	    "servers:\n  web: [1.1.1.1]\n  jobs: { hosts: [1.1.1.2], cmd: bin/jobs, options: { mount: somewhere, cap-add: true } }\n");
	dapp_run(&c, &f.k, config_role(f.cfg, "jobs"), "1.1.1.2", NULL);
	JOIN_EQ(&c, "docker run --detach --restart unless-stopped --name app-jobs-999 --network kamal "
	    "--env KAMAL_CONTAINER_NAME=\"app-jobs-999\" --env KAMAL_VERSION=\"999\" --env KAMAL_HOST=\"1.1.1.2\" "
	    "--env-file .kamal/apps/app/env/roles/jobs.env --log-opt max-size=\"10m\" --volume /local/path:/container/path "
	    "--label service=\"app\" --label role=\"jobs\" --label destination --mount \"somewhere\" --cap-add dhh/app:999 bin/jobs");
	fxc_free(&f);
	dcmd_release(&c);
}

TEST(docker_app_run_restart_logging_tags)
{
	struct fxc f;
	struct dcmd c = DCMD_INIT;

	LOAD(&f, APP_BASE "servers: { web: { hosts: [1.1.1.1], options: { restart: on-failure } } }\n");
	dapp_run(&c, &f.k, config_role(f.cfg, "web"), "1.1.1.1", NULL);
	JOIN_EQ(&c, "docker run --detach --restart on-failure --name app-web-999 --network kamal "
	    "--env KAMAL_CONTAINER_NAME=\"app-web-999\" --env KAMAL_VERSION=\"999\" --env KAMAL_HOST=\"1.1.1.1\" "
	    "--env-file .kamal/apps/app/env/roles/web.env --log-opt max-size=\"10m\" --label service=\"app\" "
	    "--label role=\"web\" --label destination dhh/app:999");
	fxc_free(&f);

	LOAD(&f, APP_BASE "logging: { driver: local, options: { max-size: 10m, max-file: \"3\" } }\n"
	    "servers: { web: { hosts: [1.1.1.1], logging: { driver: local, options: { max-size: 100m } } } }\n");
	dapp_run(&c, &f.k, config_role(f.cfg, "web"), "1.1.1.1", NULL);
	JOIN_EQ(&c, "docker run --detach --restart unless-stopped --name app-web-999 --network kamal "
	    "--env KAMAL_CONTAINER_NAME=\"app-web-999\" --env KAMAL_VERSION=\"999\" --env KAMAL_HOST=\"1.1.1.1\" "
	    "--env-file .kamal/apps/app/env/roles/web.env --log-driver \"local\" --log-opt max-size=\"100m\" "
	    "--log-opt max-file=\"3\" --label service=\"app\" --label role=\"web\" --label destination dhh/app:999");
	fxc_free(&f);

	LOAD(&f, APP_BASE "servers: [ { 1.1.1.1: tag1 } ]\nenv: { tags: { tag1: { ENV1: value1 } } }\n");
	dapp_run(&c, &f.k, config_role(f.cfg, "web"), "1.1.1.1", NULL);
	JOIN_EQ(&c, "docker run --detach --restart unless-stopped --name app-web-999 --network kamal "
	    "--env KAMAL_CONTAINER_NAME=\"app-web-999\" --env KAMAL_VERSION=\"999\" --env KAMAL_HOST=\"1.1.1.1\" "
	    "--env ENV1=\"value1\" --env-file .kamal/apps/app/env/roles/web.env --log-opt max-size=\"10m\" "
	    "--label service=\"app\" --label role=\"web\" --label destination dhh/app:999");
	fxc_free(&f);
	dcmd_release(&c);
}

TEST(docker_app_appendix_a_env_values)
{
	struct fxc f;
	struct dcmd c = DCMD_INIT;

	CHECK(fxc_load(&f, "service: myapp\nimage: me/myapp\n"
	    "registry: { server: ghcr.io, username: me, password: [RAILS_MASTER_KEY] }\n"
	    "builder: { arch: amd64 }\n"
	    "servers:\n  web: [1.1.1.1]\n"
	    "  workers: { hosts: [1.1.1.2], cmd: bin/jobs, options: { memory: 2g, add-host: [a:1.2.3.4, b:5.6.7.8], init: true } }\n"
	    "env:\n  clear: { DB_HOST: 10.0.0.5, EMPTY: \"\", F: false }\n  secret: [RAILS_MASTER_KEY]\n"
	    "volumes: [data:/data]\nlabels: { team: ops }\n", "production", "RAILS_MASTER_KEY=x\n") == 0);
	f.k.version = "3f2a";
	dapp_run(&c, &f.k, config_role(f.cfg, "workers"), "1.1.1.2", "1.1.1.2-0123456789ab");
	JOIN_EQ(&c, "docker run --detach --restart unless-stopped --name myapp-workers-production-3f2a --network kamal "
	    "--hostname 1.1.1.2-0123456789ab --env KAMAL_CONTAINER_NAME=\"myapp-workers-production-3f2a\" "
	    "--env KAMAL_VERSION=\"3f2a\" --env KAMAL_HOST=\"1.1.1.2\" --env KAMAL_DESTINATION=\"production\" "
	    "--env DB_HOST=\"10.0.0.5\" --env EMPTY --env F=false --env-file .kamal/apps/myapp-production/env/roles/workers.env "
	    "--log-opt max-size=\"10m\" --volume data:/data --label service=\"myapp\" --label role=\"workers\" "
	    "--label destination=\"production\" --label team=\"ops\" --memory \"2g\" --add-host \"a:1.2.3.4\" "
	    "--add-host \"b:5.6.7.8\" --init ghcr.io/me/myapp:3f2a bin/jobs");
	fxc_free(&f);
	dcmd_release(&c);
}

TEST(docker_app_stop)
{
	struct fxc f;
	struct dcmd c = DCMD_INIT;

	LOAD(&f, APP_BASE SERVERS_WEB_WORKERS "drain_timeout: 20\n");
	dapp_stop(&c, &f.k, config_role(f.cfg, "web"), NULL);
	JOIN_EQ(&c, CRC(WEB_FILTERS, "--quiet") " | xargs docker stop");
	dapp_stop(&c, &f.k, config_role(f.cfg, "workers"), NULL);
	JOIN_EQ(&c, CRC("--filter label=service=app --filter label=destination= --filter label=role=workers", "--quiet")
	    " | xargs docker stop -t 20");
	dapp_stop(&c, &f.k, config_role(f.cfg, "web"), "123");
	JOIN_EQ(&c, "docker container ls --all --filter 'name=^app-web-123$' --quiet | xargs docker stop");
	fxc_free(&f);

	LOAD(&f, APP_BASE "servers: { web: { hosts: [1.1.1.1], stop_timeout: 30 }, workers: { hosts: [1.1.1.2], cmd: bin/jobs, stop_timeout: 60 } }\n");
	dapp_stop(&c, &f.k, config_role(f.cfg, "web"), NULL);
	JOIN_EQ(&c, CRC(WEB_FILTERS, "--quiet") " | xargs docker stop -t 30");
	dapp_stop(&c, &f.k, config_role(f.cfg, "workers"), NULL);
	JOIN_EQ(&c, CRC("--filter label=service=app --filter label=destination= --filter label=role=workers", "--quiet")
	    " | xargs docker stop -t 60");
	fxc_free(&f);
	dcmd_release(&c);
}

TEST(docker_app_probes)
{
	struct fxc f;
	struct dcmd c = DCMD_INIT;
	const struct config_role *web;

	LOAD(&f, APP_BASE SERVERS_WEB_WORKERS);
	web = config_role(f.cfg, "web");
	dapp_current_running_container_id(&c, &f.k, web);
	JOIN_EQ(&c, CRC(WEB_FILTERS, "--quiet"));
	dapp_current_running_version(&c, &f.k, web);
	JOIN_EQ(&c, CRC(WEB_FILTERS, "--format '\\''{{.Names}}'\\''")
	    " | while read line; do echo ${line#app-web-}; done");
	/* as sent: sh is mapped to /usr/bin/env */
	dapp_current_running_version(&c, &f.k, web);
	SENT_EQ(&c, "/usr/bin/env " CRC(WEB_FILTERS, "--format '\\''{{.Names}}'\\''")
	    " | while read line; do echo ${line#app-web-}; done");
	dk_container_id_for(&c, "app-999", 0);
	JOIN_EQ(&c, "docker container ls --all --filter 'name=^app-999$' --quiet");
	dapp_list_versions(&c, &f.k, web);
	JOIN_EQ(&c, "docker ps " WEB_FILTERS " --format \"{{.Names}}\" | while read line; do echo ${line#app-web-}; done");
	dapp_list_containers(&c, &f.k, web);
	JOIN_EQ(&c, "docker container ls --all " WEB_FILTERS);
	dapp_list_container_names(&c, &f.k, web);
	JOIN_EQ(&c, "docker container ls --all " WEB_FILTERS " --format '{{ .Names }}'");
	dapp_remove_container(&c, &f.k, web, "999");
	JOIN_EQ(&c, "docker container ls --all --filter 'name=^app-web-999$' --quiet | xargs docker container rm");
	dapp_remove_containers(&c, &f.k, web);
	JOIN_EQ(&c, "docker container prune --force " WEB_FILTERS);
	dapp_list_images(&c, &f.k);
	JOIN_EQ(&c, "docker image ls dhh/app");
	dapp_remove_images(&c, &f.k);
	JOIN_EQ(&c, "docker image prune --all --force --filter label=service=app");
	dapp_tag_latest_image(&c, &f.k);
	JOIN_EQ(&c, "docker tag dhh/app:999 dhh/app:latest");
	dapp_status(&c, &f.k, web, "999");
	JOIN_EQ(&c, "docker container ls --all --filter 'name=^app-web-999$' --quiet | xargs docker inspect --format "
	    "'{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}'");
	dapp_container_health_log(&c, &f.k, web, "999");
	JOIN_EQ(&c, "docker container ls --all --filter 'name=^app-web-999$' --quiet | xargs docker inspect --format '{{json .State.Health}}'");
	dapp_rename_container(&c, &f.k, web, "999", "999_replaced_0123456789abcdef");
	JOIN_EQ(&c, "docker rename app-web-999 app-web-999_replaced_0123456789abcdef");
	dapp_ensure_env_directory(&c, &f.k, web);
	SENT_EQ(&c, "/usr/bin/env mkdir -p .kamal/apps/app/env/roles");
	fxc_free(&f);
	dcmd_release(&c);
}

TEST(docker_app_proxy)
{
	struct fxc f;
	struct dcmd c = DCMD_INIT;
	const char *tail = " --deploy-timeout=\"30s\" --drain-timeout=\"30s\" --buffer-requests --buffer-responses "
	    "--log-request-header=\"Cache-Control\" --log-request-header=\"Last-Modified\" --log-request-header=\"User-Agent\"";
	char want[2048];

	LOAD(&f, APP_BASE SERVERS_WEB_WORKERS);
	dapp_proxy_deploy(&c, &f.k, config_role(f.cfg, "web"), "172.1.0.2");
	snprintf(want, sizeof(want), "docker exec kamal-proxy kamal-proxy deploy app-web --target=\"172.1.0.2:80\"%s", tail);
	JOIN_EQ(&c, want);
	dapp_proxy_remove(&c, &f.k, config_role(f.cfg, "web"));
	JOIN_EQ(&c, "docker exec kamal-proxy kamal-proxy remove app-web");
	dapp_proxy_live(&c, &f.k, config_role(f.cfg, "web"));
	JOIN_EQ(&c, "docker exec kamal-proxy kamal-proxy resume app-web");
	dapp_proxy_maintenance(&c, &f.k, config_role(f.cfg, "web"), NULL, NULL);
	JOIN_EQ(&c, "docker exec kamal-proxy kamal-proxy stop app-web");
	dapp_proxy_maintenance(&c, &f.k, config_role(f.cfg, "web"), "10", "Hi");
	JOIN_EQ(&c, "docker exec kamal-proxy kamal-proxy stop app-web --drain-timeout=\"10s\" --message=\"Hi\"");
	dapp_remove_proxy_app_directory(&c, &f.k);
	JOIN_EQ(&c, "rm -r .kamal/proxy/apps-config/app");
	fxc_free(&f);

	LOAD(&f, APP_BASE SERVERS_WEB_WORKERS "proxy: { ssl: true, host: example.com }\n");
	dapp_proxy_deploy(&c, &f.k, config_role(f.cfg, "web"), "172.1.0.2");
	snprintf(want, sizeof(want), "docker exec kamal-proxy kamal-proxy deploy app-web --target=\"172.1.0.2:80\" "
	    "--host=\"example.com\" --tls%s", tail);
	JOIN_EQ(&c, want);
	fxc_free(&f);

	LOAD(&f, APP_BASE SERVERS_WEB_WORKERS "proxy: { ssl: true, hosts: [example.com, anotherexample.com] }\n");
	dapp_proxy_deploy(&c, &f.k, config_role(f.cfg, "web"), "172.1.0.2");
	snprintf(want, sizeof(want), "docker exec kamal-proxy kamal-proxy deploy app-web --target=\"172.1.0.2:80\" "
	    "--host=\"example.com\" --host=\"anotherexample.com\" --tls%s", tail);
	JOIN_EQ(&c, want);
	fxc_free(&f);

	LOAD(&f, APP_BASE SERVERS_WEB_WORKERS "proxy: { ssl: false }\n");
	dapp_proxy_deploy(&c, &f.k, config_role(f.cfg, "web"), "172.1.0.2");
	snprintf(want, sizeof(want), "docker exec kamal-proxy kamal-proxy deploy app-web --target=\"172.1.0.2:80\"%s", tail);
	JOIN_EQ(&c, want);
	fxc_free(&f);
	dcmd_release(&c);
}

TEST(docker_app_proxy_all_flags)
{
	struct fxc f;
	struct dcmd c = DCMD_INIT;

	/* every deploy flag, in Proxy#deploy_options order (spec §4.3 and Appendix A) */
	LOAD(&f, APP_BASE SERVERS_WEB_WORKERS "error_pages_path: public\n"
	    "proxy:\n  host: a.example.com,b.example.com\n  app_port: 3000\n  response_timeout: 10\n"
	    "  healthcheck: { interval: 2, timeout: 4, path: /health }\n"
	    "  buffering: { requests: false, responses: true, memory: 1000, max_request_body: 2000, max_response_body: 3000 }\n"
	    "  path_prefixes: [/api, /v2]\n  strip_path_prefix: false\n  forward_headers: true\n  ssl_redirect: false\n"
	    "  logging: { request_headers: [X-A], response_headers: [X-B, X-C] }\n");
	dapp_proxy_deploy(&c, &f.k, config_role(f.cfg, "web"), "cid");
	JOIN_EQ(&c, "docker exec kamal-proxy kamal-proxy deploy app-web --target=\"cid:3000\" --host=\"a.example.com\" "
	    "--host=\"b.example.com\" --deploy-timeout=\"30s\" --drain-timeout=\"30s\" --health-check-interval=\"2s\" "
	    "--health-check-timeout=\"4s\" --health-check-path=\"/health\" --target-timeout=\"10s\" "
	    "--buffer-requests=\"false\" --buffer-responses --buffer-memory=\"1000\" --max-request-body=\"2000\" "
	    "--max-response-body=\"3000\" --path-prefix=\"/api\" --path-prefix=\"/v2\" --strip-path-prefix=\"false\" "
	    "--forward-headers --tls-redirect=\"false\" --log-request-header=\"X-A\" --log-response-header=\"X-B\" "
	    "--log-response-header=\"X-C\" --error-pages=\"/home/kamal-proxy/.apps-config/app/error_pages/999\"");
	fxc_free(&f);
	dcmd_release(&c);
}

TEST(docker_app_logs)
{
	struct fxc f;
	struct dcmd c = DCMD_INIT;
	struct str s = STR_INIT;
	const struct config_role *web;

	LOAD(&f, APP_BASE SERVERS_WEB_WORKERS);
	web = config_role(f.cfg, "web");
	dapp_logs(&c, &f.k, web, NULL, 1, NULL, NULL, NULL, NULL);
	JOIN_EQ(&c, CRC(WEB_FILTERS, "--quiet") " | xargs docker logs --timestamps 2>&1");
	dapp_logs(&c, &f.k, web, "C137", 1, NULL, NULL, NULL, NULL);
	JOIN_EQ(&c, "sh -c 'echo C137' | xargs docker logs --timestamps 2>&1");
	dapp_logs(&c, &f.k, web, NULL, 1, "5m", "100", "my-id", "-C 2");
	JOIN_EQ(&c, CRC(WEB_FILTERS, "--quiet") " | xargs docker logs --timestamps --since 5m --tail 100 2>&1 | grep 'my-id' -C 2");
	dapp_follow_logs(&f.k, web, "app-1", "ID321", 1, NULL, NULL, NULL, &s);
	CHECK_STR_EQ(s.s, "ssh -t root@app-1 -p 22 'sh -c '\\''echo ID321'\\'' | xargs docker logs --timestamps --follow 2>&1'");
	str_reset(&s);
	dapp_follow_logs(&f.k, web, "app-1", NULL, 0, "123", "Completed", NULL, &s);
	CHECK_STR_EQ(s.s, "ssh -t root@app-1 -p 22 'sh -c '\\''docker ps --latest --quiet " WEB_FILTERS
	    " --filter status=running --filter status=restarting --filter ancestor=$(docker image ls --filter "
	    "reference=dhh/app:latest --format '\\''\\'\\'''\\''{{.ID}}'\\''\\'\\'''\\'') ; docker ps --latest --quiet "
	    WEB_FILTERS " --filter status=running --filter status=restarting'\\'' | head -1 | xargs docker logs --tail 123 "
	    "--follow 2>&1 | grep \"Completed\"'");
	fxc_free(&f);
	str_release(&s);
	dcmd_release(&c);
}

TEST(docker_app_run_over_ssh)
{
	struct fxc f;
	struct dcmd ls = DCMD_INIT;
	struct str s = STR_INIT;

	dcmd_add(&ls, "ls");
#define OVER_SSH(yaml, want) do { LOAD(&f, APP_BASE SERVERS_WEB_WORKERS yaml); str_reset(&s); \
	dk_run_over_ssh(&f.k, &ls, "1.1.1.1", &s); CHECK_STR_EQ(s.s, want); fxc_free(&f); } while (0)
	OVER_SSH("", "ssh -t root@1.1.1.1 -p 22 'ls'");
	OVER_SSH("ssh: { user: app }\n", "ssh -t app@1.1.1.1 -p 22 'ls'");
	OVER_SSH("ssh: { port: \"2222\" }\n", "ssh -t root@1.1.1.1 -p 2222 'ls'");
	OVER_SSH("ssh: { proxy: 2.2.2.2 }\n", "ssh -J root@2.2.2.2 -t root@1.1.1.1 -p 22 'ls'");
	OVER_SSH("ssh: { proxy: app@2.2.2.2 }\n", "ssh -J app@2.2.2.2 -t root@1.1.1.1 -p 22 'ls'");
	OVER_SSH("ssh: { user: app, proxy: 2.2.2.2 }\n", "ssh -J root@2.2.2.2 -t app@1.1.1.1 -p 22 'ls'");
	OVER_SSH("ssh: { keys: [path_to_key.pem] }\n", "ssh -i path_to_key.pem -t root@1.1.1.1 -p 22 'ls'");
	OVER_SSH("ssh: { keys: [path_to_key.pem], keys_only: true }\n",
	    "ssh -i path_to_key.pem -o IdentitiesOnly=yes -t root@1.1.1.1 -p 22 'ls'");
	OVER_SSH("ssh: { proxy_command: \"ssh -W %h:%p user@proxy-server\" }\n",
	    "ssh -o ProxyCommand='ssh -W %h:%p user@proxy-server' -t root@1.1.1.1 -p 22 'ls'");
	OVER_SSH("ssh: { config: ~/.ssh/custom_config }\n", "ssh -F ~/.ssh/custom_config -t root@1.1.1.1 -p 22 'ls'");
	OVER_SSH("ssh: { config: [~/.ssh/config1, ~/.ssh/config2] }\n",
	    "ssh -F ~/.ssh/config1 -F ~/.ssh/config2 -t root@1.1.1.1 -p 22 'ls'");
	OVER_SSH("ssh: { config: false }\n", "ssh -F /dev/null -t root@1.1.1.1 -p 22 'ls'");
	OVER_SSH("ssh: { config: true }\n", "ssh -t root@1.1.1.1 -p 22 'ls'");
#undef OVER_SSH
	dcmd_release(&ls);
	str_release(&s);
}

TEST(docker_app_exec)
{
	struct fxc f;
	struct dcmd c = DCMD_INIT;
	struct strvec env = STRVEC_INIT;
	const struct config_role *web;

	LOAD(&f, APP_BASE SERVERS_WEB_WORKERS "env: { secret: [RAILS_MASTER_KEY] }\n");
	web = config_role(f.cfg, "web");
	dapp_exec_new(&c, &f.k, web, "1.1.1.1", "bin/rails db:setup", NULL, 0, NULL, "a1b2c3");
	JOIN_EQ(&c, "docker run --rm --name app-web-exec-999-a1b2c3 --network kamal --env-file .kamal/apps/app/env/roles/web.env "
	    "--log-opt max-size=\"10m\" dhh/app:999 bin/rails db:setup");
	strvec_push(&env, "foo");
	strvec_push(&env, "bar");
	dapp_exec_new(&c, &f.k, web, "1.1.1.1", "bin/rails db:setup", NULL, 1, &env, "a1b2c3");
	JOIN_EQ(&c, "docker run --detach --name app-web-exec-999-a1b2c3 --network kamal --env-file .kamal/apps/app/env/roles/web.env "
	    "--env foo=\"bar\" --log-opt max-size=\"10m\" dhh/app:999 bin/rails db:setup");
	dapp_exec_existing(&c, &f.k, web, "bin/rails db:setup", NULL, NULL);
	JOIN_EQ(&c, "docker exec app-web-999 bin/rails db:setup");
	dapp_exec_existing(&c, &f.k, web, "bin/rails db:setup", NULL, &env);
	JOIN_EQ(&c, "docker exec --env foo=\"bar\" app-web-999 bin/rails db:setup");
	dapp_exec_existing(&c, &f.k, web, "bin/rails c", "-it", NULL);
	JOIN_EQ(&c, "docker exec -it app-web-999 bin/rails c");
	fxc_free(&f);
	strvec_clear(&env);
	dcmd_release(&c);
}

TEST(docker_app_assets)
{
	struct fxc f;
	struct dcmd c = DCMD_INIT;
	const struct config_role *web;

	LOAD(&f, APP_BASE SERVERS_WEB_WORKERS "asset_path: /public/assets\n");
	web = config_role(f.cfg, "web");
	CHECK(dapp_assets(web));
	CHECK(!dapp_assets(config_role(f.cfg, "workers")));
	dapp_extract_assets(&c, &f.k, web);
	JOIN_EQ(&c, "mkdir -p .kamal/apps/app/assets/extracted/web-999 && docker container rm app-web-assets 2> /dev/null "
	    "|| true && docker container create --name app-web-assets dhh/app:999 && docker container cp -L "
	    "app-web-assets:/public/assets/. .kamal/apps/app/assets/extracted/web-999 && docker container rm app-web-assets");
	dapp_sync_asset_volumes(&c, &f.k, web, NULL);
	JOIN_EQ(&c, "mkdir -p .kamal/apps/app/assets/volumes/web-999 ; cp -rnT .kamal/apps/app/assets/extracted/web-999 "
	    ".kamal/apps/app/assets/volumes/web-999");
	dapp_sync_asset_volumes(&c, &f.k, web, "998");
	JOIN_EQ(&c, "mkdir -p .kamal/apps/app/assets/volumes/web-999 ; cp -rnT .kamal/apps/app/assets/extracted/web-999 "
	    ".kamal/apps/app/assets/volumes/web-999 ; cp -rnT .kamal/apps/app/assets/extracted/web-999 "
	    ".kamal/apps/app/assets/volumes/web-998 || true ; cp -rnT .kamal/apps/app/assets/extracted/web-998 "
	    ".kamal/apps/app/assets/volumes/web-999 || true");
	dapp_clean_up_assets(&c, &f.k, web);
	JOIN_EQ(&c, "find .kamal/apps/app/assets/extracted -maxdepth 1 -name 'web-*' ! -name web-999 -exec rm -rf \"{}\" + ; "
	    "find .kamal/apps/app/assets/volumes -maxdepth 1 -name 'web-*' ! -name web-999 -exec rm -rf \"{}\" +");
	/* the asset volume joins the run command */
	dapp_run(&c, &f.k, web, "1.1.1.1", NULL);
	JOIN_EQ(&c, "docker run --detach --restart unless-stopped --name app-web-999 --network kamal "
	    "--env KAMAL_CONTAINER_NAME=\"app-web-999\" --env KAMAL_VERSION=\"999\" --env KAMAL_HOST=\"1.1.1.1\" "
	    "--env-file .kamal/apps/app/env/roles/web.env --log-opt max-size=\"10m\" "
	    "--volume $PWD/.kamal/apps/app/assets/volumes/web-999:/public/assets --label service=\"app\" "
	    "--label role=\"web\" --label destination dhh/app:999");
	dapp_clean_up_error_pages(&c, &f.k);
	JOIN_EQ(&c, "find .kamal/proxy/apps-config/app/error_pages -mindepth 1 -maxdepth 1 ! -name 999 -exec rm -rf {} +");
	fxc_free(&f);
	dcmd_release(&c);
}

TEST(docker_app_appendix_a_proxy_deploy)
{
	struct fxc f;
	struct dcmd c = DCMD_INIT;

	CHECK(fxc_load(&f, "service: myapp\nimage: me/myapp\n"
	    "registry: { server: ghcr.io, username: me, password: pw }\nbuilder: { arch: amd64 }\n"
	    "servers: { web: [1.1.1.1] }\n"
	    "proxy: { host: app.example.com, ssl: true, app_port: 3000, healthcheck: { path: /health, interval: 2 }, "
	    "buffering: { requests: false } }\n", "production", NULL) == 0);
	dapp_proxy_deploy(&c, &f.k, config_role(f.cfg, "web"), "cafebabe1234");
	JOIN_EQ(&c, "docker exec kamal-proxy kamal-proxy deploy myapp-web-production --target=\"cafebabe1234:3000\" "
	    "--host=\"app.example.com\" --tls --deploy-timeout=\"30s\" --drain-timeout=\"30s\" --health-check-interval=\"2s\" "
	    "--health-check-path=\"/health\" --buffer-requests=\"false\" --buffer-responses --log-request-header=\"Cache-Control\" "
	    "--log-request-header=\"Last-Modified\" --log-request-header=\"User-Agent\"");
	/* stop commands of Appendix A: proxied web uses Docker's default, workers get -t 30 */
	dapp_stop(&c, &f.k, config_role(f.cfg, "web"), "OLD");
	JOIN_EQ(&c, "docker container ls --all --filter 'name=^myapp-web-production-OLD$' --quiet | xargs docker stop");
	fxc_free(&f);
	dcmd_release(&c);
}
