/*
 * Accessory builders against Kamal 2.12's test/commands/accessory_test.rb and the
 * spec/kamal.md §6.13 example (files, directories, volumes).
 */
#include "t_docker_fixture.h"

#include "docker/accessory.h"

#define ACC_YAML \
	"service: app\nimage: dhh/app\n" \
	"registry: { server: private.registry, username: dhh, password: secret }\n" \
	"servers: [1.1.1.1]\nbuilder: { arch: amd64 }\n" \
	"accessories:\n" \
	"  mysql:\n    image: private.registry/mysql:8.0\n    host: 1.1.1.5\n    port: \"3306\"\n" \
	"    env: { clear: { MYSQL_ROOT_HOST: \"%\" }, secret: [MYSQL_ROOT_PASSWORD] }\n" \
	"    options: { cpus: \"4\", memory: 2GB }\n" \
	"  redis:\n    image: redis:latest\n    host: 1.1.1.6\n    port: \"6379:6379\"\n" \
	"    labels: { cache: \"true\" }\n    env: { SOMETHING: else }\n    volumes: [/var/lib/redis:/data]\n" \
	"  busybox:\n    service: custom-busybox\n    image: busybox:latest\n" \
	"    registry: { server: other.registry, username: user, password: pw }\n" \
	"    host: 1.1.1.7\n    proxy: { host: busybox.example.com }\n"

TEST(docker_accessory_run)
{
	struct fxc f;
	struct dcmd c = DCMD_INIT;
	const struct config_accessory *mysql;

	CHECK(fxc_load(&f, ACC_YAML, NULL, "MYSQL_ROOT_PASSWORD=secret123\n") == 0);
	mysql = config_accessory(f.cfg, "mysql");
	dacc_run(&c, &f.k, mysql, NULL);
	JOIN_EQ(&c, "docker run --name app-mysql --detach --restart unless-stopped --network kamal --log-opt max-size=\"10m\" "
	    "--publish 3306:3306 --env MYSQL_ROOT_HOST=\"%\" --env-file .kamal/apps/app/env/accessories/mysql.env "
	    "--label service=\"app-mysql\" --cpus \"4\" --memory \"2GB\" private.registry/mysql:8.0");
	dacc_run(&c, &f.k, config_accessory(f.cfg, "redis"), NULL);
	JOIN_EQ(&c, "docker run --name app-redis --detach --restart unless-stopped --network kamal --log-opt max-size=\"10m\" "
	    "--publish 6379:6379 --env SOMETHING=\"else\" --env-file .kamal/apps/app/env/accessories/redis.env "
	    "--volume /var/lib/redis:/data --label service=\"app-redis\" --label cache=\"true\" redis:latest");
	dacc_run(&c, &f.k, config_accessory(f.cfg, "busybox"), NULL);
	JOIN_EQ(&c, "docker run --name custom-busybox --detach --restart unless-stopped --network kamal --log-opt max-size=\"10m\" "
	    "--env-file .kamal/apps/app/env/accessories/busybox.env --label service=\"custom-busybox\" other.registry/busybox:latest");
	/* with a host, KAMAL_HOST comes first */
	dacc_run(&c, &f.k, config_accessory(f.cfg, "busybox"), "1.1.1.7");
	JOIN_EQ(&c, "docker run --name custom-busybox --detach --restart unless-stopped --network kamal --log-opt max-size=\"10m\" "
	    "--env KAMAL_HOST=\"1.1.1.7\" --env-file .kamal/apps/app/env/accessories/busybox.env "
	    "--label service=\"custom-busybox\" other.registry/busybox:latest");
	dacc_start(&c, mysql);
	JOIN_EQ(&c, "docker container start app-mysql");
	dacc_stop(&c, mysql);
	JOIN_EQ(&c, "docker container stop app-mysql");
	dacc_info(&c, mysql, 0, 0);
	JOIN_EQ(&c, "docker ps --filter label=service=app-mysql");
	dacc_info(&c, mysql, 1, 1);
	JOIN_EQ(&c, "docker ps -a -q --filter label=service=app-mysql");
	dacc_exec_new(&c, &f.k, mysql, "mysql -u root", NULL);
	JOIN_EQ(&c, "docker run --rm --network kamal --env MYSQL_ROOT_HOST=\"%\" --env-file .kamal/apps/app/env/accessories/mysql.env "
	    "--cpus \"4\" --memory \"2GB\" private.registry/mysql:8.0 mysql -u root");
	dacc_exec_existing(&c, mysql, "mysql -u root", NULL);
	JOIN_EQ(&c, "docker exec app-mysql mysql -u root");
	dacc_exec_existing(&c, mysql, "mysql -u root", "-it");
	JOIN_EQ(&c, "docker exec -it app-mysql mysql -u root");
	dacc_remove_container(&c, mysql);
	JOIN_EQ(&c, "docker container prune --force --filter label=service=app-mysql");
	dacc_pull_image(&c, mysql);
	JOIN_EQ(&c, "docker image pull private.registry/mysql:8.0");
	dacc_remove_image(&c, mysql);
	JOIN_EQ(&c, "docker image rm --force private.registry/mysql:8.0");
	dacc_remove_service_directory(&c, mysql);
	SENT_EQ(&c, "/usr/bin/env rm -rf app-mysql");
	dacc_proxy_deploy(&c, &f.k, config_accessory(f.cfg, "busybox"), "172.1.0.2");
	JOIN_EQ(&c, "docker exec kamal-proxy kamal-proxy deploy custom-busybox --target=\"172.1.0.2:80\" "
	    "--host=\"busybox.example.com\" --deploy-timeout=\"30s\" --drain-timeout=\"30s\" --buffer-requests "
	    "--buffer-responses --log-request-header=\"Cache-Control\" --log-request-header=\"Last-Modified\" "
	    "--log-request-header=\"User-Agent\"");
	dacc_proxy_remove(&c, config_accessory(f.cfg, "busybox"));
	JOIN_EQ(&c, "docker exec kamal-proxy kamal-proxy remove custom-busybox");
	dacc_ensure_env_directory(&c, &f.k);
	JOIN_EQ(&c, "mkdir -p .kamal/apps/app/env/accessories");
	fxc_free(&f);
	dcmd_release(&c);
}

TEST(docker_accessory_logs)
{
	struct fxc f;
	struct dcmd c = DCMD_INIT;
	struct str s = STR_INIT;
	const struct config_accessory *mysql;

	CHECK(fxc_load(&f, ACC_YAML, NULL, "MYSQL_ROOT_PASSWORD=secret123\n") == 0);
	mysql = config_accessory(f.cfg, "mysql");
	dacc_logs(&c, mysql, 1, NULL, NULL, NULL, NULL);
	JOIN_EQ(&c, "docker logs app-mysql --timestamps 2>&1");
	dacc_logs(&c, mysql, 1, "5m", "100", "thing", NULL);
	JOIN_EQ(&c, "docker logs app-mysql  --since 5m  --tail 100 --timestamps 2>&1 | grep 'thing'");
	dacc_logs(&c, mysql, 0, "5m", "100", "thing", "-C 2");
	JOIN_EQ(&c, "docker logs app-mysql  --since 5m  --tail 100 2>&1 | grep 'thing' -C 2");
	dacc_follow_logs(&f.k, mysql, 1, NULL, NULL, &s);
	CHECK_STR_EQ(s.s, "ssh -t root@1.1.1.5 -p 22 'docker logs app-mysql --timestamps --tail 10 --follow 2>&1'");
	str_reset(&s);
	dacc_follow_logs(&f.k, mysql, 0, NULL, NULL, &s);
	CHECK_STR_EQ(s.s, "ssh -t root@1.1.1.5 -p 22 'docker logs app-mysql --tail 10 --follow 2>&1'");
	fxc_free(&f);
	str_release(&s);
	dcmd_release(&c);
}

TEST(docker_accessory_files_directories)
{
	struct fxc f;
	struct dcmd c = DCMD_INIT;

	/* spec/kamal.md §6.13 (Kamal 2.12.0 output) */
	CHECK(fxc_load(&f, "service: app\nimage: dhh/app\nregistry: { username: u, password: p }\n"
	    "servers: [1.1.1.1]\nbuilder: { arch: amd64 }\n"
	    "accessories:\n  db:\n    image: mysql:8.0\n    host: 1.1.1.5\n    port: 3306\n"
	    "    cmd: mysqld --x\n    env: { clear: { A: 1 } }\n    labels: { x: y }\n    options: { cpus: 2 }\n"
	    "    volumes: [/v:/v]\n"
	    "    files: [\"config/my.cnf:/etc/mysql/my.cnf\", \"config/x.pem:/etc/x.pem:ro\"]\n"
	    "    directories: [\"data:/var/lib/mysql\", \"/abs/logs:/var/log/mysql:z\"]\n", NULL, NULL) == 0);
	dacc_run(&c, &f.k, config_accessory(f.cfg, "db"), "1.1.1.5");
	JOIN_EQ(&c, "docker run --name app-db --detach --restart unless-stopped --network kamal --log-opt max-size=\"10m\" "
	    "--publish 3306:3306 --env KAMAL_HOST=\"1.1.1.5\" --env A=\"1\" --env-file .kamal/apps/app/env/accessories/db.env "
	    "--volume /v:/v --volume $PWD/app-db/etc/mysql/my.cnf:/etc/mysql/my.cnf --volume $PWD/app-db/etc/x.pem:/etc/x.pem:ro "
	    "--volume $PWD/app-db/data:/var/lib/mysql --volume /abs/logs:/var/log/mysql:z --label service=\"app-db\" "
	    "--label x=\"y\" --cpus \"2\" mysql:8.0 mysqld --x");
	fxc_free(&f);
	dcmd_release(&c);
}
