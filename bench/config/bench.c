/*
 * bench/config — how long config_load() takes on a large deploy.yml: 1,000 hosts
 * in 50 roles (each with options, labels, env, proxy settings for some), root
 * env with tags on many hosts, 20 accessories, a destination file merged on top,
 * anchors and ERB lookups. Prints "name<TAB>median<TAB>min<TAB>max<TAB>unit" for
 * wall-clock time and for the process's CPU time (steadier on a shared machine).
 *
 *   bench            time the load (N runs)
 *   bench -g DIR     only write the generated project into DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config/config.h"
#include "core/err.h"
#include "core/fsutil.h"
#include "core/str.h"

#define HOSTS	1000
#define ROLES	50
#define RUNS	30

static void
generate(struct str *y, struct str *dest)
{
	int r, h, host = 0;

	str_adds(y, "x-common-options: &opts\n  memory: 1g\n  cpus: 2\n  add-host:\n    - db.internal:10.255.0.1\n");
	str_adds(y, "service: bigapp\nprimary_role: role00\nimage: <%= ENV.fetch(\"BENCH_IMAGE\", \"acme/bigapp\") %>\n");
	str_adds(y, "registry:\n  server: registry.example.com\n  username: deploy\n  password:\n    - REGISTRY_PASSWORD\n");
	str_adds(y, "builder:\n  arch: [amd64, arm64]\n  remote: ssh://docker@builder\n  args:\n    RUBY_VERSION: 3.3.0\n");
	str_adds(y, "proxy:\n  app_port: 3000\n  healthcheck:\n    path: /up\n    interval: 2\n");
	str_adds(y, "env:\n  clear:\n    RAILS_ENV: production\n    LOG_LEVEL: info\n  secret:\n    - SECRET_KEY_BASE\n    - DATABASE_URL\n");
	str_adds(y, "  tags:\n");
	for (r = 0; r < 20; r++)
		str_addf(y, "    zone%d:\n      clear:\n        ZONE: z%d\n      secret:\n        - ZONE%d_TOKEN\n", r, r, r);
	str_adds(y, "boot:\n  limit: 10%\n  wait: 2\nlogging:\n  driver: json-file\n  options:\n    max-size: 50m\n");
	str_adds(y, "servers:\n");
	for (r = 0; r < ROLES; r++) {
		str_addf(y, "  role%02d:\n    hosts:\n", r);
		for (h = 0; h < HOSTS / ROLES; h++, host++) {
			if (host % 3 == 0)
				str_addf(y, "      - 10.%d.%d.%d: [zone%d, rack%d]\n", host / 65536, (host / 256) % 256,
				    host % 256, host % 20, host % 7);
			else
				str_addf(y, "      - 10.%d.%d.%d\n", host / 65536, (host / 256) % 256, host % 256);
		}
		str_addf(y, "    cmd: bin/run role%02d\n    options:\n      <<: *opts\n      restart: on-failure:3\n", r);
		str_addf(y, "    labels:\n      tier: t%d\n    env:\n      clear:\n        ROLE_INDEX: %d\n", r % 4, r);
		if (r % 10 == 0)
			str_addf(y, "    proxy:\n      host: role%02d.example.com\n      response_timeout: 30\n", r);
		if (r % 5 == 1)
			str_adds(y, "    logging:\n      options:\n        max-file: \"3\"\n");
	}
	str_adds(y, "accessories:\n");
	for (r = 0; r < 20; r++)
		str_addf(y, "  acc%02d:\n    image: redis:7\n    host: 10.200.0.%d\n    port: %d\n"
		    "    env:\n      clear:\n        N: %d\n    directories:\n      - data:/data\n", r, r, 6000 + r, r);
	/* the destination file replaces a few roles' hosts and merges settings */
	str_adds(dest, "env:\n  clear:\n    LOG_LEVEL: debug\nproxy:\n  healthcheck:\n    interval: 1\nservers:\n");
	for (r = 0; r < ROLES; r += 10)
		str_addf(dest, "  role%02d:\n    labels:\n      destination-override: \"yes\"\n", r);
}

static double
now_ms(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int
cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int
write_project(const char *dir)
{
	struct str y = STR_INIT, d = STR_INIT;
	char p[1024];
	static const char secrets[] = "REGISTRY_PASSWORD=pw\nSECRET_KEY_BASE=skb\nDATABASE_URL=postgres://x\n";

	generate(&y, &d);
	snprintf(p, sizeof(p), "%s/config", dir);
	fs_mkdir_p(p, 0755, NULL);
	snprintf(p, sizeof(p), "%s/.kamal", dir);
	fs_mkdir_p(p, 0755, NULL);
	snprintf(p, sizeof(p), "%s/config/deploy.yml", dir);
	if (fs_write_file(p, y.s, y.len, 0644, NULL) != 0)
		return -1;
	snprintf(p, sizeof(p), "%s/config/deploy.production.yml", dir);
	if (fs_write_file(p, d.s, d.len, 0644, NULL) != 0)
		return -1;
	snprintf(p, sizeof(p), "%s/.kamal/secrets", dir);
	fs_write_file(p, secrets, sizeof(secrets) - 1, 0600, NULL);
	fprintf(stderr, "generated %zu bytes of deploy.yml (+%zu destination) in %s\n", y.len, d.len, dir);
	str_release(&y);
	str_release(&d);
	return 0;
}

int
main(int argc, char **argv)
{
	char dir[] = "/tmp/sextant-bench-config-XXXXXX";
	double t[RUNS], cpu[RUNS];
	struct config_opts o;
	int i;

	if (argc == 3 && strcmp(argv[1], "-g") == 0)
		return write_project(argv[2]) == 0 ? 0 : 1;
	if (mkdtemp(dir) == NULL || write_project(dir) != 0)
		return 1;
	memset(&o, 0, sizeof(o));
	o.config_file = "config/deploy.yml";
	o.destination = "production";
	o.version = "999";
	o.base_dir = dir;
	o.no_setenv = 1;
	for (i = 0; i < RUNS; i++) {
		struct config *c = NULL;
		struct errinfo e;
		double s = now_ms(CLOCK_MONOTONIC), sc = now_ms(CLOCK_PROCESS_CPUTIME_ID);

		err_clear(&e);
		if (config_load(&o, &c, &e) != 0) {
			fprintf(stderr, "load failed: %s %s\n", e.where, e.msg);
			return 1;
		}
		t[i] = now_ms(CLOCK_MONOTONIC) - s;
		cpu[i] = now_ms(CLOCK_PROCESS_CPUTIME_ID) - sc;
		if (i == 0)
			fprintf(stderr, "loaded: %zu roles, %zu hosts (%zu with accessories)\n", c->nroles,
			    c->app_hosts.n, c->all_hosts.n);
		config_free(c);
	}
	qsort(t, RUNS, sizeof(t[0]), cmpd);
	qsort(cpu, RUNS, sizeof(cpu[0]), cmpd);
	printf("config_load 1000 hosts / 50 roles, wall\t%.2f\t%.2f\t%.2f\tms\n", t[RUNS / 2], t[0], t[RUNS - 1]);
	printf("config_load 1000 hosts / 50 roles, CPU\t%.2f\t%.2f\t%.2f\tms\n", cpu[RUNS / 2], cpu[0],
	    cpu[RUNS - 1]);
	{
		char cmd[1200];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
	}
	return 0;
}
