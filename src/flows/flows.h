/*
 * flows — Kamal 2.12's state-changing commands as sequential code over an
 * executor (spec/kamal.md §6). Each entry point is one CLI command; nested
 * commands call each other exactly where Kamal invokes its sub-commands, so the
 * order of everything sent matches Kamal's.
 *
 * All take an initialised struct flow (flow.h) and return 0 or a negative
 * ERR_* with e filled (Kamal's message text).
 */
#ifndef SEXTANT_FLOWS_FLOWS_H
#define SEXTANT_FLOWS_FLOWS_H

#include "flows/flow.h"

/* main (lib/kamal/cli/main.rb) */
int	flows_setup(struct flow *f, int skip_push, int no_cache, struct errinfo *e);
int	flows_deploy(struct flow *f, int skip_push, int no_cache, int boot_accessories,
	    struct errinfo *e);
int	flows_redeploy(struct flow *f, int skip_push, int no_cache, struct errinfo *e);
int	flows_rollback(struct flow *f, const char *version, struct errinfo *e);
int	flows_remove(struct flow *f, struct errinfo *e);

/* app (lib/kamal/cli/app.rb); version: --version or NULL (then latest[-DEST]) */
int	flows_app_boot(struct flow *f, const char *version, struct errinfo *e);
int	flows_app_start(struct flow *f, struct errinfo *e);
int	flows_app_stop(struct flow *f, struct errinfo *e);
int	flows_app_stale_containers(struct flow *f, int stop, struct errinfo *e);
int	flows_app_remove(struct flow *f, struct errinfo *e);
int	flows_app_live(struct flow *f, struct errinfo *e);
/* drain_timeout: seconds as text, NULL = config drain_timeout; message may be NULL. */
int	flows_app_maintenance(struct flow *f, const char *drain_timeout, const char *message,
	    struct errinfo *e);

/* proxy (lib/kamal/cli/proxy.rb) */
int	flows_proxy_boot(struct flow *f, struct errinfo *e);
int	flows_proxy_reboot(struct flow *f, int rolling, struct errinfo *e);
int	flows_proxy_start(struct flow *f, struct errinfo *e);
int	flows_proxy_stop(struct flow *f, struct errinfo *e);
int	flows_proxy_restart(struct flow *f, struct errinfo *e);
int	flows_proxy_remove(struct flow *f, int force, struct errinfo *e);

/* accessory (lib/kamal/cli/accessory.rb); name may be "all" where Kamal allows it */
int	flows_accessory_boot(struct flow *f, const char *name, struct errinfo *e);
int	flows_accessory_reboot(struct flow *f, const char *name, struct errinfo *e);
int	flows_accessory_start(struct flow *f, const char *name, struct errinfo *e);
int	flows_accessory_stop(struct flow *f, const char *name, struct errinfo *e);
int	flows_accessory_restart(struct flow *f, const char *name, struct errinfo *e);
int	flows_accessory_remove(struct flow *f, const char *name, struct errinfo *e);

/* build (lib/kamal/cli/build.rb) */
int	flows_build_deliver(struct flow *f, const char *output, int no_cache, struct errinfo *e);
int	flows_build_push(struct flow *f, const char *output, int no_cache, struct errinfo *e);
int	flows_build_pull(struct flow *f, struct errinfo *e);
int	flows_build_create(struct flow *f, struct errinfo *e);
int	flows_build_remove(struct flow *f, struct errinfo *e);

/* lock, prune, registry, server */
int	flows_lock_acquire(struct flow *f, const char *message, struct errinfo *e);
int	flows_lock_release(struct flow *f, struct errinfo *e);
int	flows_prune_all(struct flow *f, struct errinfo *e);
int	flows_prune_images(struct flow *f, struct errinfo *e);
/* retain < 0: retain_containers from the configuration */
int	flows_prune_containers(struct flow *f, long long retain, struct errinfo *e);
int	flows_registry_setup(struct flow *f, int skip_local, int skip_remote, struct errinfo *e);
int	flows_registry_remove(struct flow *f, int skip_local, int skip_remote, struct errinfo *e);
int	flows_registry_login(struct flow *f, int skip_local, int skip_remote, struct errinfo *e);
int	flows_registry_logout(struct flow *f, int skip_local, int skip_remote, struct errinfo *e);
int	flows_server_bootstrap(struct flow *f, struct errinfo *e);

#endif
