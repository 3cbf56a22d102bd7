/*
 * upgrade — Kamal 1 -> 2 migration commands (lib/kamal/cli/{main,proxy,
 * accessory}.rb#upgrade; spec/kamal.md §6.19): Traefik replaced by kamal-proxy
 * on each host, then the app booted on the latest tag and pruned; accessories
 * rebooted so they join the `kamal` network. `rolling`: one host at a time.
 * Confirmation questions are the CLI's (flowrun_confirm).
 */
#ifndef SEXTANT_FLOWS_UPGRADE_H
#define SEXTANT_FLOWS_UPGRADE_H

#include "flows/flow.h"

int	flows_upgrade(struct flow *f, int rolling, struct errinfo *e);
int	flows_proxy_upgrade(struct flow *f, int rolling, struct errinfo *e);
int	flows_accessory_upgrade(struct flow *f, const char *name, int rolling, struct errinfo *e);

#endif
