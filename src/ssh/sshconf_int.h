/*
 * sshconf_int — what the sshconf files share (sshconf.c: reading;
 * sshconf_expand.c: defaults and tokens; sshconf_util.c: helpers).
 */
#ifndef SEXTANT_SSH_SSHCONF_INT_H
#define SEXTANT_SSH_SSHCONF_INT_H

#include "ssh/sshconf.h"

struct str;
struct errinfo;

/* ConnectTimeout given as none/0: set (first wins) but no timeout. */
#define SSHCONF_CT_NONE		(-2)

/* sshd_config(5) TIME FORMATS ("90", "1m30s"); -1 if malformed. */
int	sshconf_parse_time(const char *v, int *out);
/* The name "Match host" sees: HostName with %h expanded (not lower-cased), else the host. */
void	sshconf_match_host(const struct sshconf *c, struct str *out);
/* Token expansion for a Match exec command, with the values known so far. */
int	sshconf_expand_match(const struct sshconf *c, const char *cmd, struct str *out,
	    struct errinfo *e);
/* Replaces c->hostname by its final form (%h expanded, lower-cased), if set. */
int	sshconf_resolve_hostname(struct sshconf *c, struct errinfo *e);

#endif
