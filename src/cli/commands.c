/*
 * The command table: Kamal 2.12's whole command tree (spec/kamal.md §3.2, §3.3),
 * with each command's options and help. Handlers are weak references (see cli.h).
 */
#include "cli/cli.h"

#define H(name)	int name(struct cli *) __attribute__((weak));
/* Top level */
H(cmd_setup) H(cmd_deploy) H(cmd_redeploy) H(cmd_rollback) H(cmd_details) H(cmd_audit)
H(cmd_config) H(cmd_docs) H(cmd_init) H(cmd_remove) H(cmd_upgrade) H(cmd_version)
/* accessory */
H(cmd_accessory_boot) H(cmd_accessory_reboot) H(cmd_accessory_start) H(cmd_accessory_stop)
H(cmd_accessory_restart) H(cmd_accessory_details) H(cmd_accessory_exec) H(cmd_accessory_logs)
H(cmd_accessory_remove) H(cmd_accessory_upgrade) H(cmd_accessory_upload)
H(cmd_accessory_directories) H(cmd_accessory_pull_image) H(cmd_accessory_remove_container)
H(cmd_accessory_remove_image) H(cmd_accessory_remove_service_directory)
/* app */
H(cmd_app_boot) H(cmd_app_start) H(cmd_app_stop) H(cmd_app_details) H(cmd_app_exec)
H(cmd_app_containers) H(cmd_app_stale_containers) H(cmd_app_images) H(cmd_app_logs)
H(cmd_app_remove) H(cmd_app_live) H(cmd_app_maintenance) H(cmd_app_version)
H(cmd_app_remove_container) H(cmd_app_remove_containers) H(cmd_app_remove_images)
H(cmd_app_remove_app_directories)
/* build */
H(cmd_build_deliver) H(cmd_build_push) H(cmd_build_pull) H(cmd_build_create) H(cmd_build_remove)
H(cmd_build_details) H(cmd_build_dev)
/* lock */
H(cmd_lock_status) H(cmd_lock_acquire) H(cmd_lock_release)
/* proxy */
H(cmd_proxy_boot) H(cmd_proxy_reboot) H(cmd_proxy_start) H(cmd_proxy_stop) H(cmd_proxy_restart)
H(cmd_proxy_details) H(cmd_proxy_logs) H(cmd_proxy_remove) H(cmd_proxy_boot_config)
H(cmd_proxy_upgrade) H(cmd_proxy_remove_container) H(cmd_proxy_remove_image)
H(cmd_proxy_remove_proxy_directory)
/* prune */
H(cmd_prune_all) H(cmd_prune_images) H(cmd_prune_containers)
/* registry */
H(cmd_registry_setup) H(cmd_registry_remove) H(cmd_registry_login) H(cmd_registry_logout)
/* secrets */
H(cmd_secrets_fetch) H(cmd_secrets_extract) H(cmd_secrets_print)
/* server */
H(cmd_server_exec) H(cmd_server_bootstrap)
/* sextant's own */
H(cmd_ssh)
#undef H

#define END	{ NULL, 0, OPT_BOOL, NULL, NULL, NULL, 0 }

/* Class options of Kamal::Cli::Base (§3.1), plus sextant's --json. */
const struct opt_spec cli_global_opts[] = {
	{ "verbose", 'v', OPT_BOOL, NULL, NULL, "Detailed logging", 0 },
	{ "quiet", 'q', OPT_BOOL, NULL, NULL, "Minimal logging", 0 },
	{ "version", 0, OPT_STRING, NULL, "VERSION", "Run commands against a specific app version", 0 },
	{ "primary", 'p', OPT_BOOL, NULL, NULL, "Run commands only on primary host instead of all", 0 },
	{ "hosts", 'h', OPT_STRING, NULL, "HOSTS",
	  "Run commands on these hosts instead of all (separate by comma, supports wildcards with *)", 0 },
	{ "roles", 'r', OPT_STRING, NULL, "ROLES",
	  "Run commands on these roles instead of all (separate by comma, supports wildcards with *)", 0 },
	{ "config_file", 'c', OPT_STRING, "config/deploy.yml", "CONFIG_FILE",
	  "Path to config file", 0 },
	{ "destination", 'd', OPT_STRING, NULL, "DESTINATION",
	  "Specify destination to be used for config file (staging -> deploy.staging.yml)", 0 },
	{ "skip_hooks", 'H', OPT_BOOL, "false", NULL, "Don't run hooks", 0 },
	{ "lock_wait", 0, OPT_BOOL, "false", NULL, "Wait for the deploy lock instead of failing", 0 },
	{ "lock_wait_timeout", 0, OPT_NUMERIC, "900", "N", "Seconds to wait for the deploy lock", 0 },
	{ "lock_wait_interval", 0, OPT_NUMERIC, "15", "N", "Seconds between deploy lock polls", 0 },
	{ "json", 0, OPT_BOOL, NULL, NULL,
	  "sextant: print one JSON event per line (command start/finish) instead of text", 0 },
	END
};

#define DRY	{ "dry_run", 0, OPT_BOOL, NULL, NULL, \
	  "sextant: print the exact commands for servers assumed fresh; connect to nothing", 0 }

static const struct opt_spec o_deploy[] = {
	{ "skip_push", 'P', OPT_BOOL, "false", NULL, "Skip image build and push", 0 },
	{ "no_cache", 0, OPT_BOOL, "false", NULL, "Build without using Docker's build cache", 0 },
	DRY, END
};
static const struct opt_spec o_dry[] = { DRY, END };
static const struct opt_spec o_remove[] = {
	{ "confirmed", 'y', OPT_BOOL, "false", NULL, "Proceed without confirmation question", 0 },
	DRY, END
};
static const struct opt_spec o_upgrade[] = {
	{ "confirmed", 'y', OPT_BOOL, "false", NULL, "Proceed without confirmation question", 0 },
	{ "rolling", 0, OPT_BOOL, "false", NULL, "Upgrade one host at a time", 0 },
	END
};
static const struct opt_spec o_init[] = {
	{ "bundle", 0, OPT_BOOL, "false", NULL, "Add Kamal to the Gemfile and create a bin/kamal binstub", 0 },
	END
};
static const struct opt_spec o_acc_exec[] = {
	{ "interactive", 'i', OPT_BOOL, "false", NULL, "Execute command over ssh for an interactive shell (use for console/bash)", 0 },
	{ "reuse", 0, OPT_BOOL, "false", NULL, "Reuse currently running container instead of starting a new one", 0 },
	{ "raw", 0, OPT_BOOL, "false", NULL, "Run the command without wrapping it in docker (interactive only)", 0 },
	END
};
static const struct opt_spec o_logs[] = {
	{ "since", 's', OPT_STRING, NULL, "SINCE", "Show lines since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)", 0 },
	{ "lines", 'n', OPT_NUMERIC, NULL, "N", "Number of lines to show from each server", 0 },
	{ "grep", 'g', OPT_STRING, NULL, "GREP", "Show lines with grep match only (use this to fetch specific requests by id)", 0 },
	{ "grep_options", 0, OPT_STRING, NULL, "GREP_OPTIONS", "Additional options supplied to grep", 0 },
	{ "follow", 'f', OPT_BOOL, NULL, NULL, "Follow logs on primary server (or specific host set by --hosts)", 0 },
	{ "skip_timestamps", 'T', OPT_BOOL, NULL, NULL, "Skip appending timestamps to logging output", 0 },
	END
};
static const struct opt_spec o_app_logs[] = {
	{ "since", 's', OPT_STRING, NULL, "SINCE", "Show lines since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)", 0 },
	{ "lines", 'n', OPT_NUMERIC, NULL, "N", "Number of lines to show from each server", 0 },
	{ "grep", 'g', OPT_STRING, NULL, "GREP", "Show lines with grep match only (use this to fetch specific requests by id)", 0 },
	{ "grep_options", 0, OPT_STRING, NULL, "GREP_OPTIONS", "Additional options supplied to grep", 0 },
	{ "follow", 'f', OPT_BOOL, NULL, NULL, "Follow log on primary server (or specific host set by --hosts)", 0 },
	{ "skip_timestamps", 'T', OPT_BOOL, NULL, NULL, "Skip appending timestamps to logging output", 0 },
	{ "container_id", 0, OPT_STRING, NULL, "CONTAINER_ID", "Docker container ID to fetch logs", 0 },
	END
};
static const struct opt_spec o_proxy_logs[] = {
	{ "since", 's', OPT_STRING, NULL, "SINCE", "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)", 0 },
	{ "lines", 'n', OPT_NUMERIC, NULL, "N", "Number of log lines to pull from each server", 0 },
	{ "grep", 'g', OPT_STRING, NULL, "GREP", "Show lines with grep match only (use this to fetch specific requests by id)", 0 },
	{ "follow", 'f', OPT_BOOL, NULL, NULL, "Follow logs on primary server (or specific host set by --hosts)", 0 },
	{ "skip_timestamps", 'T', OPT_BOOL, NULL, NULL, "Skip appending timestamps to logging output", 0 },
	END
};
static const struct opt_spec o_acc_upgrade[] = {
	{ "rolling", 0, OPT_BOOL, "false", NULL, "Upgrade one host at a time", 0 },
	{ "confirmed", 'y', OPT_BOOL, "false", NULL, "Proceed without confirmation question", 0 },
	END
};
static const struct opt_spec o_app_exec[] = {
	{ "interactive", 'i', OPT_BOOL, "false", NULL, "Execute command over ssh for an interactive shell (use for console/bash)", 0 },
	{ "reuse", 0, OPT_BOOL, "false", NULL, "Reuse currently running container instead of starting a new one", 0 },
	{ "env", 'e', OPT_HASH, NULL, "KEY:VALUE", "Set environment variables for the command", 0 },
	{ "detach", 0, OPT_BOOL, "false", NULL, "Execute command in a detached container", 0 },
	{ "raw", 0, OPT_BOOL, "false", NULL, "Run the command without wrapping it in docker (interactive only)", 0 },
	END
};
static const struct opt_spec o_stale[] = {
	{ "stop", 's', OPT_BOOL, "false", NULL, "Stop the stale containers found", 0 },
	DRY, END
};
static const struct opt_spec o_maintenance[] = {
	{ "drain_timeout", 0, OPT_NUMERIC, NULL, "N", "How long to allow in-flight requests to complete (defaults to drain_timeout from config)", 0 },
	{ "message", 0, OPT_STRING, NULL, "MESSAGE", "Message to display to clients while stopped", 0 },
	DRY, END
};
static const struct opt_spec o_build_push[] = {
	{ "output", 0, OPT_STRING, "registry", "OUTPUT", "Exported type for the build result, and may be any exported type supported by 'buildx --output'.", 0 },
	{ "no_cache", 0, OPT_BOOL, "false", NULL, "Build without using Docker's build cache", 0 },
	DRY, END
};
static const struct opt_spec o_build_dev[] = {
	{ "output", 0, OPT_STRING, "docker", "OUTPUT", "Exported type for the build result, and may be any exported type supported by 'buildx --output'.", 0 },
	{ "no_cache", 0, OPT_BOOL, "false", NULL, "Build without using Docker's build cache", 0 },
	END
};
static const struct opt_spec o_lock_acquire[] = {
	{ "message", 'm', OPT_STRING, NULL, "MESSAGE", "A lock message", OPT_REQUIRED },
	DRY, END
};
static const struct opt_spec o_proxy_reboot[] = {
	{ "rolling", 0, OPT_BOOL, "false", NULL, "Reboot proxy on hosts in sequence, rather than in parallel", 0 },
	{ "confirmed", 'y', OPT_BOOL, "false", NULL, "Proceed without confirmation question", 0 },
	DRY, END
};
static const struct opt_spec o_proxy_remove[] = {
	{ "force", 0, OPT_BOOL, "false", NULL, "Force removing proxy when apps are still installed", 0 },
	DRY, END
};
static const struct opt_spec o_boot_config[] = {
	{ "publish", 0, OPT_BOOL, "true", NULL, "Publish the proxy ports on the host", 0 },
	{ "publish_host_ip", 0, OPT_STRING, NULL, "IP", "Host IP address to bind HTTP/HTTPS traffic to. Defaults to all interfaces", OPT_REPEATABLE },
	{ "http_port", 0, OPT_NUMERIC, "80", "N", "HTTP port to publish on the host", 0 },
	{ "https_port", 0, OPT_NUMERIC, "443", "N", "HTTPS port to publish on the host", 0 },
	{ "log_max_size", 0, OPT_STRING, "10m", "SIZE", "Max size of proxy logs", 0 },
	{ "registry", 0, OPT_STRING, NULL, "REGISTRY", "Registry to use for the proxy image", 0 },
	{ "repository", 0, OPT_STRING, NULL, "REPOSITORY", "Repository for the proxy image", 0 },
	{ "image_version", 0, OPT_STRING, NULL, "VERSION", "Version of the proxy to run", 0 },
	{ "metrics_port", 0, OPT_NUMERIC, NULL, "N", "Port to report prometheus metrics on", 0 },
	{ "debug", 0, OPT_BOOL, "false", NULL, "Whether to run the proxy in debug mode", 0 },
	{ "docker_options", 0, OPT_ARRAY, NULL, "OPTION=VALUE", "Docker options to pass to the proxy container", 0 },
	END
};
static const struct opt_spec o_prune_containers[] = {
	{ "retain", 0, OPT_NUMERIC, NULL, "N", "Number of containers to retain", 0 },
	DRY, END
};
static const struct opt_spec o_registry[] = {
	{ "skip_local", 'L', OPT_BOOL, "false", NULL, "Skip local login", 0 },
	{ "skip_remote", 'R', OPT_BOOL, "false", NULL, "Skip remote login", 0 },
	DRY, END
};
static const struct opt_spec o_secrets_fetch[] = {
	{ "adapter", 'a', OPT_STRING, NULL, "ADAPTER", "Which vault adapter to use", OPT_REQUIRED },
	{ "account", 0, OPT_STRING, NULL, "ACCOUNT", "The account identifier or username", 0 },
	{ "from", 0, OPT_STRING, NULL, "FROM", "A vault or folder to fetch the secrets from", 0 },
	{ "inline", 0, OPT_BOOL, NULL, NULL, "Fetch secrets inline", OPT_HIDDEN },
	END
};
static const struct opt_spec o_secrets_extract[] = {
	{ "inline", 0, OPT_BOOL, NULL, NULL, "Extract secrets inline", OPT_HIDDEN },
	END
};
static const struct opt_spec o_server_exec[] = {
	{ "interactive", 'i', OPT_BOOL, "false", NULL, "Run the command interactively (use for console/bash)", 0 },
	{ "raw", 0, OPT_BOOL, "false", NULL, "Accepted for compatibility: server exec always runs the command as given", 0 },
	END
};

#define G(name, desc)	{ NULL, name, "SUBCOMMAND", desc, NULL, NULL, CMD_GROUP, 0, -1 }
#define C(grp, name, args, desc, opts, fn, flags, mn, mx) \
	{ grp, name, args, desc, opts, fn, flags, mn, mx }

const struct cmd_spec cli_commands[] = {
	/* top level (lib/kamal/cli/main.rb) */
	C(NULL, "setup", "", "Setup all accessories, push the env, and deploy app to servers", o_deploy, cmd_setup, CMD_DRYRUN, 0, 0),
	C(NULL, "deploy", "", "Deploy app to servers", o_deploy, cmd_deploy, CMD_DRYRUN, 0, 0),
	C(NULL, "redeploy", "", "Deploy app to servers without bootstrapping servers, starting kamal-proxy and pruning old containers", o_deploy, cmd_redeploy, CMD_DRYRUN, 0, 0),
	C(NULL, "rollback", "[VERSION]", "Rollback app to VERSION", o_dry, cmd_rollback, CMD_DRYRUN, 1, 1),
	C(NULL, "details", "", "Show details about all containers", NULL, cmd_details, 0, 0, 0),
	C(NULL, "audit", "", "Show audit log from servers", NULL, cmd_audit, 0, 0, 0),
	C(NULL, "config", "", "Show combined config (secrets redacted)", NULL, cmd_config, 0, 0, 0),
	C(NULL, "docs", "[SECTION]", "Show Kamal configuration documentation", NULL, cmd_docs, 0, 0, 1),
	C(NULL, "init", "", "Create config stub in config/deploy.yml and secrets stub in .kamal", o_init, cmd_init, 0, 0, 0),
	C(NULL, "remove", "", "Remove kamal-proxy, app, accessories, and registry session from servers", o_remove, cmd_remove, CMD_DRYRUN, 0, 0),
	C(NULL, "upgrade", "", "Upgrade from Kamal 1.x to 2.0", o_upgrade, cmd_upgrade, 0, 0, 0),
	C(NULL, "version", "", "Show Kamal version", NULL, cmd_version, 0, 0, 0),
	C(NULL, "ssh", "[user@]host [command...]", "sextant: SSH client (OpenSSH-style options; see `sextant ssh --help`)", NULL, cmd_ssh, CMD_VARARGS_STOP | CMD_RAW_ARGS, 0, -1),
	G("accessory", "Manage accessories (db/redis/search)"),
	G("app", "Manage application"),
	G("build", "Build application image"),
	G("lock", "Manage the deploy lock"),
	G("proxy", "Manage kamal-proxy"),
	G("prune", "Prune old application images and containers"),
	G("registry", "Login and -out of the image registry"),
	G("secrets", "Helpers for extracting secrets"),
	G("server", "Bootstrap servers with curl and Docker"),

	/* accessory (lib/kamal/cli/accessory.rb) */
	C("accessory", "boot", "[NAME]", "Boot new accessory service on host (use NAME=all to boot all accessories)", o_dry, cmd_accessory_boot, CMD_DRYRUN, 1, 1),
	C("accessory", "upload", "[NAME]", "Upload accessory files to host", NULL, cmd_accessory_upload, CMD_HIDDEN, 1, 1),
	C("accessory", "directories", "[NAME]", "Create accessory directories on host", NULL, cmd_accessory_directories, CMD_HIDDEN, 1, 1),
	C("accessory", "reboot", "[NAME]", "Reboot existing accessory on host (stop container, remove container, start new container; use NAME=all to boot all accessories)", o_dry, cmd_accessory_reboot, CMD_DRYRUN, 1, 1),
	C("accessory", "start", "[NAME]", "Start existing accessory container on host", o_dry, cmd_accessory_start, CMD_DRYRUN, 1, 1),
	C("accessory", "stop", "[NAME]", "Stop existing accessory container on host", o_dry, cmd_accessory_stop, CMD_DRYRUN, 1, 1),
	C("accessory", "restart", "[NAME]", "Restart existing accessory container on host", o_dry, cmd_accessory_restart, CMD_DRYRUN, 1, 1),
	C("accessory", "details", "[NAME]", "Show details about accessory on host (use NAME=all to show all accessories)", NULL, cmd_accessory_details, 0, 1, 1),
	C("accessory", "exec", "[NAME] [CMD...]", "Execute a custom command on servers", o_acc_exec, cmd_accessory_exec, CMD_VARARGS_STOP, 1, -1),
	C("accessory", "logs", "[NAME]", "Show log lines from accessory on host (use --help to show options)", o_logs, cmd_accessory_logs, 0, 1, 1),
	C("accessory", "remove", "[NAME]", "Remove accessory container, image and data directory from host (use NAME=all to remove all accessories)", o_remove, cmd_accessory_remove, CMD_DRYRUN, 1, 1),
	C("accessory", "remove_container", "[NAME]", "Remove accessory container from host", NULL, cmd_accessory_remove_container, CMD_HIDDEN, 1, 1),
	C("accessory", "remove_image", "[NAME]", "Remove accessory image from host", NULL, cmd_accessory_remove_image, CMD_HIDDEN, 1, 1),
	C("accessory", "remove_service_directory", "[NAME]", "Remove accessory directory used for uploaded files and data directories from host", NULL, cmd_accessory_remove_service_directory, CMD_HIDDEN, 1, 1),
	C("accessory", "upgrade", "[NAME]", "Upgrade accessories from Kamal 1.x to 2.0 (restart them in 'kamal' network)", o_acc_upgrade, cmd_accessory_upgrade, 0, 1, 1),
	C("accessory", "pull_image", "[NAME]", "Pull accessory image on host", NULL, cmd_accessory_pull_image, CMD_HIDDEN, 1, 1),

	/* app (lib/kamal/cli/app.rb) */
	C("app", "boot", "", "Boot app on servers (or reboot app if already running)", o_dry, cmd_app_boot, CMD_DRYRUN, 0, 0),
	C("app", "start", "", "Start existing app container on servers", o_dry, cmd_app_start, CMD_DRYRUN, 0, 0),
	C("app", "stop", "", "Stop app container on servers", o_dry, cmd_app_stop, CMD_DRYRUN, 0, 0),
	C("app", "details", "", "Show details about app containers", NULL, cmd_app_details, 0, 0, 0),
	C("app", "exec", "[CMD...]", "Execute a custom command on servers within the app container (use --help to show options)", o_app_exec, cmd_app_exec, CMD_VARARGS_STOP, 0, -1),
	C("app", "containers", "", "Show app containers on servers", NULL, cmd_app_containers, 0, 0, 0),
	C("app", "stale_containers", "", "Detect app stale containers", o_stale, cmd_app_stale_containers, CMD_DRYRUN, 0, 0),
	C("app", "images", "", "Show app images on servers", NULL, cmd_app_images, 0, 0, 0),
	C("app", "logs", "", "Show log lines from app on servers (use --help to show options)", o_app_logs, cmd_app_logs, 0, 0, 0),
	C("app", "remove", "", "Remove app containers and images from servers", o_dry, cmd_app_remove, CMD_DRYRUN, 0, 0),
	C("app", "live", "", "Set the app to live mode", o_dry, cmd_app_live, CMD_DRYRUN, 0, 0),
	C("app", "maintenance", "", "Set the app to maintenance mode", o_maintenance, cmd_app_maintenance, CMD_DRYRUN, 0, 0),
	C("app", "remove_container", "[VERSION]", "Remove app container with given version from servers", NULL, cmd_app_remove_container, CMD_HIDDEN, 1, 1),
	C("app", "remove_containers", "", "Remove all app containers from servers", NULL, cmd_app_remove_containers, CMD_HIDDEN, 0, 0),
	C("app", "remove_images", "", "Remove all app images from servers", NULL, cmd_app_remove_images, CMD_HIDDEN, 0, 0),
	C("app", "remove_app_directories", "", "Remove the app directories from servers", NULL, cmd_app_remove_app_directories, CMD_HIDDEN, 0, 0),
	C("app", "version", "", "Show app version currently running on servers", NULL, cmd_app_version, 0, 0, 0),

	/* build (lib/kamal/cli/build.rb) */
	C("build", "deliver", "", "Build app and push app image to registry then pull image on servers", o_build_push, cmd_build_deliver, CMD_DRYRUN, 0, 0),
	C("build", "push", "", "Build and push app image to registry", o_build_push, cmd_build_push, CMD_DRYRUN, 0, 0),
	C("build", "pull", "", "Pull app image from registry onto servers", o_dry, cmd_build_pull, CMD_DRYRUN, 0, 0),
	C("build", "create", "", "Create a build setup", o_dry, cmd_build_create, CMD_DRYRUN, 0, 0),
	C("build", "remove", "", "Remove build setup", o_dry, cmd_build_remove, CMD_DRYRUN, 0, 0),
	C("build", "details", "", "Show build setup", NULL, cmd_build_details, 0, 0, 0),
	C("build", "dev", "", "Build using the working directory, tag it as dirty, and push to local image store.", o_build_dev, cmd_build_dev, 0, 0, 0),

	/* lock (lib/kamal/cli/lock.rb) */
	C("lock", "status", "", "Report lock status", NULL, cmd_lock_status, 0, 0, 0),
	C("lock", "acquire", "", "Acquire the deploy lock", o_lock_acquire, cmd_lock_acquire, CMD_DRYRUN, 0, 0),
	C("lock", "release", "", "Release the deploy lock", o_dry, cmd_lock_release, CMD_DRYRUN, 0, 0),

	/* proxy (lib/kamal/cli/proxy.rb) */
	C("proxy", "boot", "", "Boot proxy on servers", o_dry, cmd_proxy_boot, CMD_DRYRUN, 0, 0),
	C("proxy", "boot_config", "<set|get|reset>", "Manage kamal-proxy boot configuration", o_boot_config, cmd_proxy_boot_config, 0, 1, 1),
	C("proxy", "reboot", "", "Reboot proxy on servers (stop container, remove container, start new container)", o_proxy_reboot, cmd_proxy_reboot, CMD_DRYRUN, 0, 0),
	C("proxy", "upgrade", "", "Upgrade to kamal-proxy on servers (stop container, remove container, start new container, reboot app)", o_upgrade, cmd_proxy_upgrade, CMD_HIDDEN, 0, 0),
	C("proxy", "start", "", "Start existing proxy container on servers", o_dry, cmd_proxy_start, CMD_DRYRUN, 0, 0),
	C("proxy", "stop", "", "Stop existing proxy container on servers", o_dry, cmd_proxy_stop, CMD_DRYRUN, 0, 0),
	C("proxy", "restart", "", "Restart existing proxy container on servers", o_dry, cmd_proxy_restart, CMD_DRYRUN, 0, 0),
	C("proxy", "details", "", "Show details about proxy container from servers", NULL, cmd_proxy_details, 0, 0, 0),
	C("proxy", "logs", "", "Show log lines from proxy on servers", o_proxy_logs, cmd_proxy_logs, 0, 0, 0),
	C("proxy", "remove", "", "Remove proxy container and image from servers", o_proxy_remove, cmd_proxy_remove, CMD_DRYRUN, 0, 0),
	C("proxy", "remove_container", "", "Remove proxy container from servers", NULL, cmd_proxy_remove_container, CMD_HIDDEN, 0, 0),
	C("proxy", "remove_image", "", "Remove proxy image from servers", NULL, cmd_proxy_remove_image, CMD_HIDDEN, 0, 0),
	C("proxy", "remove_proxy_directory", "", "Remove the proxy directory from servers", NULL, cmd_proxy_remove_proxy_directory, CMD_HIDDEN, 0, 0),

	/* prune (lib/kamal/cli/prune.rb) */
	C("prune", "all", "", "Prune unused images and stopped containers", o_dry, cmd_prune_all, CMD_DRYRUN, 0, 0),
	C("prune", "images", "", "Prune unused images", o_dry, cmd_prune_images, CMD_DRYRUN, 0, 0),
	C("prune", "containers", "", "Prune all stopped containers, except the last n (default 5)", o_prune_containers, cmd_prune_containers, CMD_DRYRUN, 0, 0),

	/* registry (lib/kamal/cli/registry.rb) */
	C("registry", "setup", "", "Setup local registry or log in to remote registry locally and remotely", o_registry, cmd_registry_setup, CMD_DRYRUN, 0, 0),
	C("registry", "remove", "", "Remove local registry or log out of remote registry locally and remotely", o_registry, cmd_registry_remove, CMD_DRYRUN, 0, 0),
	C("registry", "login", "", "Log in to remote registry locally and remotely", o_registry, cmd_registry_login, CMD_DRYRUN, 0, 0),
	C("registry", "logout", "", "Log out of remote registry locally and remotely", o_registry, cmd_registry_logout, CMD_DRYRUN, 0, 0),

	/* secrets (lib/kamal/cli/secrets.rb) */
	C("secrets", "fetch", "[SECRETS...]", "Fetch secrets from a vault", o_secrets_fetch, cmd_secrets_fetch, 0, 0, -1),
	C("secrets", "extract", "NAME SECRETS", "Extract a single secret from the results of a fetch call", o_secrets_extract, cmd_secrets_extract, 0, 2, 2),
	C("secrets", "print", "", "Print the secrets (for debugging)", NULL, cmd_secrets_print, 0, 0, 0),

	/* server (lib/kamal/cli/server.rb) */
	C("server", "exec", "[CMD...]", "Run a custom command on the server (use --help to show options)", o_server_exec, cmd_server_exec, CMD_VARARGS_STOP, 1, -1),
	C("server", "bootstrap", "", "Set up Docker to run Kamal apps", o_dry, cmd_server_bootstrap, CMD_DRYRUN, 0, 0),
};

const size_t cli_ncommands = sizeof(cli_commands) / sizeof(cli_commands[0]);
