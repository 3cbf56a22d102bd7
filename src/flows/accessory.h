/*
 * accessory — the pieces every accessory command shares: which hosts an
 * accessory runs on under the current selection, Kamal's message for an
 * unknown name, and the two per-host steps (directories, then files) that
 * `accessory boot` runs and `accessory directories`/`upload` expose.
 */
#ifndef SEXTANT_FLOWS_ACCESSORY_H
#define SEXTANT_FLOWS_ACCESSORY_H

#include "flows/flow.h"

struct strvec;

/* KAMAL.accessory_hosts & accessory.hosts, in selection order, appended to *out. */
void	flow_accessory_hosts(struct flow *f, const struct config_accessory *a, struct strvec *out);

/*
 * Thor's `error` for an unknown accessory, "No accessory by the name of 'x'
 * (options: a, b, and c)": printed only, so the command goes on and exits 0.
 */
int	flow_unknown_accessory(struct flow *f, const char *name);

/* Per-host steps for flow_on(); arg is the struct config_accessory. */
int	flow_accessory_directories_host(struct flow *f, void *arg, const char *host, struct errinfo *e);
int	flow_accessory_upload_host(struct flow *f, void *arg, const char *host, struct errinfo *e);

#endif
