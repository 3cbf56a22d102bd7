/*
 * `init [--bundle]` (lib/kamal/cli/main.rb#init): writes a starter
 * config/deploy.yml, .kamal/secrets and the sample hooks in .kamal/hooks, never replacing
 * an existing file, with Kamal's messages. The templates are sextant's own text.
 * `--bundle` cannot add a gem: sextant writes a bin/kamal stub that runs sextant.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "core/err.h"
#include "core/fsutil.h"

int	cmd_init(struct cli *c);

static const char deploy_yml[] =
"# sextant / Kamal deployment settings. Every key is described by `kamal docs`\n"
"# (e.g. `kamal docs proxy`). Run `kamal config` to see what a change resolves to.\n"
"\n"
"# The name of your application; it prefixes every container name.\n"
"service: my-app\n"
"\n"
"# The image to build and deploy, without a tag (the registry server, if any,\n"
"# is prepended from the registry section below).\n"
"image: my-user/my-app\n"
"\n"
"# Where the app runs. A list deploys one role called `web`; a mapping lets\n"
"# you name roles and give each its own command, hosts and options.\n"
"servers:\n"
"  web:\n"
"    - 192.168.0.1\n"
"  # job:\n"
"  #   hosts:\n"
"  #     - 192.168.0.1\n"
"  #   cmd: bin/jobs\n"
"\n"
"# kamal-proxy in front of the web role: zero-downtime switches and, with a\n"
"# host name pointing at the server, automatic HTTPS from Let's Encrypt.\n"
"# proxy:\n"
"#   ssl: true\n"
"#   host: app.example.com\n"
"#   app_port: 3000\n"
"\n"
"# Credentials for pushing and pulling the image. A one-item list names a\n"
"# secret from .kamal/secrets instead of holding the value itself.\n"
"registry:\n"
"  # server: ghcr.io   # Docker Hub when not set\n"
"  username: my-user\n"
"  password:\n"
"    - KAMAL_REGISTRY_PASSWORD\n"
"\n"
"# Image builds. arch is required: amd64, arm64 or both.\n"
"builder:\n"
"  arch: amd64\n"
"  # remote: ssh://docker@docker-builder-server\n"
"  # args:\n"
"  #   RUBY_VERSION: 3.3.0\n"
"\n"
"# Environment for the app containers. `clear` values go on the docker command\n"
"# line; `secret` names are read from .kamal/secrets and written to a 0600 env\n"
"# file on each server.\n"
"# env:\n"
"#   clear:\n"
"#     DB_HOST: 192.168.0.2\n"
"#   secret:\n"
"#     - RAILS_MASTER_KEY\n"
"\n"
"# Shortcuts: `kamal console` runs what is on the right.\n"
"# aliases:\n"
"#   console: app exec --interactive --reuse \"bin/rails console\"\n"
"#   shell: app exec --interactive --reuse \"bash\"\n"
"\n"
"# Mounts host paths or named volumes into every app container.\n"
"# volumes:\n"
"#   - \"app_storage:/rails/storage\"\n"
"\n"
"# Serve the previous version's assets during a deploy so in-flight pages keep\n"
"# working (path inside the image).\n"
"# asset_path: /rails/public/assets\n"
"\n"
"# SSH settings: user (default root), port, jump host, keys.\n"
"# ssh:\n"
"#   user: app\n"
"\n"
"# Databases, caches and other long-lived containers next to the app.\n"
"# accessories:\n"
"#   db:\n"
"#     image: mysql:8.0\n"
"#     host: 192.168.0.2\n"
"#     port: \"127.0.0.1:3306:3306\"\n"
"#     env:\n"
"#       clear:\n"
"#         MYSQL_ROOT_HOST: '%'\n"
"#       secret:\n"
"#         - MYSQL_ROOT_PASSWORD\n"
"#     directories:\n"
"#       - data:/var/lib/mysql\n";

static const char secrets_tmpl[] =
"# Secrets for deploys, one NAME=value per line (dotenv syntax). Names listed\n"
"# under env.secret, registry.password and friends in config/deploy.yml are\n"
"# looked up here. Keep real values out of this file: read them from the\n"
"# environment or a password manager when the file is loaded.\n"
"#\n"
"# From the environment of the shell running kamal:\n"
"# KAMAL_REGISTRY_PASSWORD=$KAMAL_REGISTRY_PASSWORD\n"
"#\n"
"# From a command's output:\n"
"# RAILS_MASTER_KEY=$(cat config/master.key)\n"
"#\n"
"# From a password manager, fetched once and picked apart\n"
"# (adapters: 1password, bitwarden, bitwarden-sm, aws_secrets_manager, doppler,\n"
"# enpass, gcp, lastpass, passbolt):\n"
"# SECRETS=$(kamal secrets fetch --adapter 1password --account my-account --from Vault/Item KAMAL_REGISTRY_PASSWORD RAILS_MASTER_KEY)\n"
"# KAMAL_REGISTRY_PASSWORD=$(kamal secrets extract KAMAL_REGISTRY_PASSWORD $SECRETS)\n"
"# RAILS_MASTER_KEY=$(kamal secrets extract RAILS_MASTER_KEY $SECRETS)\n"
"#\n"
"# Per destination: .kamal/secrets.staging is read instead of this file for\n"
"# `-d staging`; .kamal/secrets-common is read for every destination.\n";

struct hook {
	const char	*name;
	const char	*text;
};

static const struct hook hooks[] = {
	{ "docker-setup.sample",
	  "#!/bin/sh\n"
	  "\n"
	  "# Runs on this machine at the end of `kamal server bootstrap`, once Docker\n"
	  "# is installed on the servers. Rename to docker-setup to enable it.\n"
	  "\n"
	  "echo \"Docker is set up on $KAMAL_HOSTS\"\n" },
	{ "post-app-boot.sample",
	  "#!/bin/sh\n"
	  "\n"
	  "# Runs on this machine after each group of hosts has booted the new app\n"
	  "# version. Rename to post-app-boot to enable it.\n"
	  "#\n"
	  "# Available: KAMAL_RECORDED_AT KAMAL_PERFORMER KAMAL_VERSION KAMAL_SERVICE_VERSION\n"
	  "#            KAMAL_SERVICE KAMAL_HOSTS (this group) KAMAL_COMMAND KAMAL_SUBCOMMAND\n"
	  "#            KAMAL_DESTINATION (with -d) KAMAL_ROLES (with -r)\n"
	  "\n"
	  "echo \"Booted $KAMAL_SERVICE_VERSION on $KAMAL_HOSTS\"\n" },
	{ "post-deploy.sample",
	  "#!/bin/sh\n"
	  "\n"
	  "# Runs on this machine after a deploy, redeploy or rollback finished.\n"
	  "# Rename to post-deploy to enable it. Secrets are in the environment too.\n"
	  "#\n"
	  "# Available: KAMAL_RECORDED_AT KAMAL_PERFORMER KAMAL_VERSION KAMAL_SERVICE_VERSION\n"
	  "#            KAMAL_SERVICE KAMAL_HOSTS KAMAL_COMMAND KAMAL_SUBCOMMAND\n"
	  "#            KAMAL_RUNTIME (seconds) KAMAL_DESTINATION (with -d) KAMAL_ROLES (with -r)\n"
	  "\n"
	  "echo \"$KAMAL_PERFORMER deployed $KAMAL_VERSION of $KAMAL_SERVICE to ${KAMAL_DESTINATION:-the default destination} in $KAMAL_RUNTIME seconds\"\n" },
	{ "post-proxy-reboot.sample",
	  "#!/bin/sh\n"
	  "\n"
	  "# Runs on this machine after kamal-proxy was rebooted on a group of hosts.\n"
	  "# Rename to post-proxy-reboot to enable it.\n"
	  "\n"
	  "echo \"kamal-proxy rebooted on $KAMAL_HOSTS\"\n" },
	{ "pre-app-boot.sample",
	  "#!/bin/sh\n"
	  "\n"
	  "# Runs on this machine before each group of hosts boots the new app version.\n"
	  "# A non-zero exit stops the deploy. Rename to pre-app-boot to enable it.\n"
	  "\n"
	  "echo \"Booting $KAMAL_SERVICE_VERSION on $KAMAL_HOSTS\"\n" },
	{ "pre-build.sample",
	  "#!/bin/sh\n"
	  "\n"
	  "# Runs on this machine before the image is built. A non-zero exit stops the\n"
	  "# build. Rename to pre-build to enable it. This example refuses to build\n"
	  "# with uncommitted changes or commits that are not pushed yet.\n"
	  "\n"
	  "if [ -n \"$(git status --porcelain)\" ]; then\n"
	  "  echo \"Uncommitted changes; commit or stash them before building\" >&2\n"
	  "  git status --short >&2\n"
	  "  exit 1\n"
	  "fi\n"
	  "\n"
	  "upstream=$(git rev-parse --abbrev-ref --symbolic-full-name '@{u}' 2>/dev/null) || {\n"
	  "  echo \"The current branch has no upstream; push it first\" >&2\n"
	  "  exit 1\n"
	  "}\n"
	  "\n"
	  "if [ \"$(git rev-parse HEAD)\" != \"$(git rev-parse \"$upstream\")\" ]; then\n"
	  "  echo \"HEAD differs from $upstream; push or pull first\" >&2\n"
	  "  exit 1\n"
	  "fi\n" },
	{ "pre-connect.sample",
	  "#!/bin/sh\n"
	  "\n"
	  "# Runs on this machine before the first SSH connection is made. A non-zero\n"
	  "# exit stops the command. Rename to pre-connect to enable it. Secrets are in\n"
	  "# the environment too. This example checks that every host resolves.\n"
	  "\n"
	  "old_ifs=$IFS\n"
	  "IFS=,\n"
	  "for host in $KAMAL_HOSTS; do\n"
	  "  if ! getent hosts \"$host\" >/dev/null 2>&1; then\n"
	  "    case \"$host\" in\n"
	  "      *[!0-9.]*) echo \"Cannot resolve $host\" >&2; exit 1 ;;\n"
	  "    esac\n"
	  "  fi\n"
	  "done\n"
	  "IFS=$old_ifs\n" },
	{ "pre-deploy.sample",
	  "#!/bin/sh\n"
	  "\n"
	  "# Runs on this machine once the image is built and pulled, just before the\n"
	  "# new version starts, while the deploy lock is held. A non-zero exit stops\n"
	  "# the deploy. Rename to pre-deploy to enable it. Secrets are in the\n"
	  "# environment too. A common use: wait for CI to pass on this commit.\n"
	  "\n"
	  "echo \"About to deploy $KAMAL_SERVICE_VERSION to $KAMAL_HOSTS\"\n" },
	{ "pre-proxy-reboot.sample",
	  "#!/bin/sh\n"
	  "\n"
	  "# Runs on this machine before kamal-proxy is rebooted on a group of hosts.\n"
	  "# Rename to pre-proxy-reboot to enable it.\n"
	  "\n"
	  "echo \"Rebooting kamal-proxy on $KAMAL_HOSTS\"\n" },
	{ NULL, NULL }
};

static const char binstub[] =
"#!/bin/sh\n"
"# Runs sextant (a drop-in for Kamal) from PATH; created by `init --bundle`.\n"
"exec sextant \"$@\"\n";

static int
create(const char *path, const char *text, mode_t mode)
{
	struct errinfo e;

	err_clear(&e);
	if (fs_create_new(path, text, strlen(text), mode, &e) != 0) {
		out_error("RuntimeError", "%s: %s", path, e.msg);
		return -1;
	}
	return 0;
}

int
cmd_init(struct cli *c)
{
	struct errinfo e;
	size_t i;

	err_clear(&e);
	if (fs_exists("config/deploy.yml")) {
		puts("Config file already exists in config/deploy.yml (remove first to create a new one)");
	} else {
		if (fs_mkdir_p("config", 0755, &e) != 0 || create("config/deploy.yml", deploy_yml, 0644) != 0)
			goto fail;
		puts("Created configuration file in config/deploy.yml");
	}
	if (!fs_exists(".kamal/secrets")) {
		if (fs_mkdir_p(".kamal", 0755, &e) != 0 || create(".kamal/secrets", secrets_tmpl, 0644) != 0)
			goto fail;
		puts("Created .kamal/secrets file");
	}
	if (!fs_exists(".kamal/hooks")) {
		if (fs_mkdir_p(".kamal/hooks", 0755, &e) != 0)
			goto fail;
		for (i = 0; hooks[i].name; i++) {
			char path[256];

			snprintf(path, sizeof(path), ".kamal/hooks/%s", hooks[i].name);
			if (create(path, hooks[i].text, 0755) != 0)
				return 1;
		}
		puts("Created sample hooks in .kamal/hooks");
	}
	if (cli_bool(c, "bundle")) {
		if (fs_exists("bin/kamal")) {
			puts("Binstub already exists in bin/kamal (remove first to create a new one)");
		} else {
			if (fs_mkdir_p("bin", 0755, &e) != 0 || create("bin/kamal", binstub, 0755) != 0)
				goto fail;
			puts("Created binstub file in bin/kamal");
		}
	}
	return 0;
fail:
	if (e.msg[0])
		out_error("RuntimeError", "%s", e.msg);
	return 1;
}
