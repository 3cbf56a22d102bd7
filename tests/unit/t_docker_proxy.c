/*
 * Proxy command builders against Kamal 2.12's test/commands/proxy_test.rb and
 * spec/kamal.md §5.6.
 */
#include "t_docker_fixture.h"

#include "docker/proxy.h"

#define PBASE APP_BASE "servers: [1.1.1.1]\n"
#define RUN_PREFIX "docker run --name kamal-proxy --network kamal --detach --restart unless-stopped " \
	"--volume kamal-proxy-config:/home/kamal-proxy/.config/kamal-proxy " \
	"--volume $PWD/.kamal/proxy/apps-config:/home/kamal-proxy/.apps-config"
#define LEGACY "echo $(cat .kamal/proxy/options 2> /dev/null || echo \"--publish 80:80 --publish 443:443 " \
	"--log-opt max-size=10m\") $(cat .kamal/proxy/image 2> /dev/null || echo \"basecamp/kamal-proxy\"):" \
	"$(cat .kamal/proxy/image_version 2> /dev/null || echo \"v0.9.2\") $(cat .kamal/proxy/run_command " \
	"2> /dev/null || echo \"\") | xargs " RUN_PREFIX

TEST(docker_proxy_simple)
{
	struct fxc f;
	struct dcmd c = DCMD_INIT;
	struct str s = STR_INIT;

	LOAD(&f, PBASE);
	dproxy_run(&c, &f.k, "1.1.1.1");
	JOIN_EQ(&c, LEGACY);
	dproxy_start_or_run(&c, &f.k, "1.1.1.1");
	SENT_EQ(&c, "docker container start kamal-proxy || " LEGACY);
	dproxy_start(&c);
	JOIN_EQ(&c, "docker container start kamal-proxy");
	dproxy_stop(&c);
	JOIN_EQ(&c, "docker container stop kamal-proxy");
	dproxy_info(&c);
	JOIN_EQ(&c, "docker ps --filter 'name=^kamal-proxy$'");
	dproxy_logs(&c, 1, NULL, NULL, NULL, NULL);
	JOIN_EQ(&c, "docker logs kamal-proxy --timestamps 2>&1");
	dproxy_logs(&c, 1, "2h", NULL, NULL, NULL);
	JOIN_EQ(&c, "docker logs kamal-proxy --since 2h --timestamps 2>&1");
	dproxy_logs(&c, 1, NULL, "10", NULL, NULL);
	JOIN_EQ(&c, "docker logs kamal-proxy --tail 10 --timestamps 2>&1");
	dproxy_logs(&c, 0, NULL, NULL, NULL, NULL);
	JOIN_EQ(&c, "docker logs kamal-proxy 2>&1");
	dproxy_logs(&c, 1, NULL, NULL, "hello!", NULL);
	JOIN_EQ(&c, "docker logs kamal-proxy --timestamps 2>&1 | grep 'hello!'");
	dproxy_remove_container(&c);
	JOIN_EQ(&c, "docker container prune --force --filter label=org.opencontainers.image.title=kamal-proxy");
	dproxy_remove_image(&c);
	JOIN_EQ(&c, "docker image prune --all --force --filter label=org.opencontainers.image.title=kamal-proxy");
	dproxy_version(&c);
	JOIN_EQ(&c, "docker inspect kamal-proxy --format '{{.Config.Image}}' | awk -F: '{print $NF}'");
	dproxy_ensure_proxy_directory(&c, &f.k);
	JOIN_EQ(&c, "mkdir -p .kamal/proxy");
	dproxy_ensure_apps_config_directory(&c, &f.k);
	SENT_EQ(&c, "/usr/bin/env mkdir -p .kamal/proxy/apps-config");
	dproxy_remove_proxy_directory(&c, &f.k);
	JOIN_EQ(&c, "rm -r .kamal/proxy");
	dproxy_reset_file(&c, &f.k, "run_command");
	JOIN_EQ(&c, "rm .kamal/proxy/run_command");
	dproxy_cleanup_traefik(&c);
	JOIN_EQ(&c, "docker container stop traefik ; docker container prune --force --filter "
	    "label=org.opencontainers.image.title=Traefik && docker image prune --all --force --filter "
	    "label=org.opencontainers.image.title=Traefik");
	dproxy_follow_logs(&f.k, "1.1.1.1", 1, NULL, NULL, &s);
	CHECK_STR_EQ(s.s, "ssh -t root@1.1.1.1 -p 22 'docker logs kamal-proxy --timestamps --tail 10 --follow 2>&1'");
	str_reset(&s);
	dproxy_follow_logs(&f.k, "1.1.1.1", 1, "hello!", NULL, &s);
	CHECK_STR_EQ(s.s, "ssh -t root@1.1.1.1 -p 22 'docker logs kamal-proxy --timestamps --tail 10 --follow 2>&1 | grep \"hello!\"'");
	str_reset(&s);
	dproxy_default_boot_options(&s);
	CHECK_STR_EQ(s.s, "--publish 80:80 --publish 443:443 --log-opt max-size=10m");
	fxc_free(&f);
	str_release(&s);
	dcmd_release(&c);
}

TEST(docker_proxy_run_config)
{
	struct fxc f;
	struct dcmd c = DCMD_INIT;

#define RUN_EQ(yaml, want) do { LOAD(&f, PBASE "proxy: { run: " yaml " }\n"); \
	dproxy_run(&c, &f.k, "1.1.1.1"); JOIN_EQ(&c, want); fxc_free(&f); } while (0)
	RUN_EQ("{ registry: \"registry:4443\" }", RUN_PREFIX " --publish 80:80 --publish 443:443 --log-opt max-size=10m "
	    "registry:4443/basecamp/kamal-proxy:v0.9.2 kamal-proxy run");
	RUN_EQ("{ repository: custom/repo }", RUN_PREFIX " --publish 80:80 --publish 443:443 --log-opt max-size=10m "
	    "custom/repo:v0.9.2 kamal-proxy run");
	RUN_EQ("{ version: v1.2.3 }", RUN_PREFIX " --publish 80:80 --publish 443:443 --log-opt max-size=10m "
	    "basecamp/kamal-proxy:v1.2.3 kamal-proxy run");
	RUN_EQ("{ bind_ips: [0.0.0.0, 127.0.0.1] }", RUN_PREFIX " --publish 0.0.0.0:80:80 --publish 0.0.0.0:443:443 "
	    "--publish 127.0.0.1:80:80 --publish 127.0.0.1:443:443 --log-opt max-size=10m basecamp/kamal-proxy:v0.9.2 kamal-proxy run");
	RUN_EQ("{ log_max_size: 50m }", RUN_PREFIX " --publish 80:80 --publish 443:443 --log-opt max-size=50m "
	    "basecamp/kamal-proxy:v0.9.2 kamal-proxy run");
	RUN_EQ("{ debug: true }", RUN_PREFIX " --publish 80:80 --publish 443:443 --log-opt max-size=10m "
	    "basecamp/kamal-proxy:v0.9.2 kamal-proxy run --debug");
	RUN_EQ("{ metrics_port: 9090 }", RUN_PREFIX " --publish 80:80 --publish 443:443 --log-opt max-size=10m "
	    "--expose=9090 basecamp/kamal-proxy:v0.9.2 kamal-proxy run --metrics-port \"9090\"");
	RUN_EQ("{ publish: false }", RUN_PREFIX " --log-opt max-size=10m basecamp/kamal-proxy:v0.9.2 kamal-proxy run");
	/* spec §5.6 example: ports, IPv6 bind ip, metrics, options, debug */
	RUN_EQ("{ http_port: 8080, bind_ips: [127.0.0.1, \"::1\"], metrics_port: 9090, debug: true, "
	    "options: { memory: 512m, label: \"a=b\" } }",
	    RUN_PREFIX " --publish 127.0.0.1:8080:80 --publish 127.0.0.1:443:443 --publish [::1]:8080:80 "
	    "--publish [::1]:443:443 --log-opt max-size=10m --expose=9090 --memory \"512m\" --label \"a=b\" "
	    "basecamp/kamal-proxy:v0.9.2 kamal-proxy run --debug --metrics-port \"9090\"");
#undef RUN_EQ
	dcmd_release(&c);
}
