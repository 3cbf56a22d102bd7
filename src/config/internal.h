/*
 * Internal to src/config: helpers shared by the loader, the model builder and
 * the lazy parts (version, secrets). Not for other modules.
 */
#ifndef SEXTANT_CONFIG_INTERNAL_H
#define SEXTANT_CONFIG_INTERNAL_H

#include <pthread.h>

#include "config/config.h"
#include "core/str.h"

struct config_lazy {
	pthread_mutex_t	 mu;
	int		 version_done;
	int		 version_rc;
	char		*version;
	struct errinfo	*version_err;
	char		*cwd;		/* for messages */
	char		*base_dir;	/* NULL = cwd */
	char *const	*environ;	/* NULL = process environment */
	struct str	 scratch;
	struct node	*keep;		/* derived trees (merged role proxies) owned by the config */
};

/* Hands a derived tree to the config (freed with it). */
void	config_keep(struct config *c, struct node *n);

/* kvs */
void	kvs_push(struct config_kvs *kv, const char *key, const char *val, enum node_kind kind,
	    const struct node *node);
/* Ruby Hash#merge!: replace the value of an existing key in place, else append. */
void	kvs_set(struct config_kvs *kv, const char *key, const char *val, enum node_kind kind,
	    const struct node *node);
void	kvs_release(struct config_kvs *kv);
void	kvs_copy(struct config_kvs *dst, const struct config_kvs *src);
const struct config_kv *kvs_get(const struct config_kvs *kv, const char *key);
/* A map node as scalar pairs (labels, env clear, args); nested collections as inspect text. */
void	kvs_from_map(struct config_kvs *kv, const struct node *map);
/* Options as Kamal's flatten_args: array values become one pair per element. */
void	kvs_from_options(struct config_kvs *kv, const struct node *map, int skip_restart);

/* Ruby inspect of a node (for nested values in options). */
void	node_inspect(const struct node *n, struct str *out);

/* Path of a relative file against base_dir (heap). */
char	*config_path(const struct config *c, const char *rel);
char	*config_path_base(const char *base_dir, const char *rel);

/* Environment lookup honouring config_opts.environ. */
const char *config_getenv(char *const *envp, const char *name);

/* The secrets store (secrets.c). */
struct secrets *secrets_new(const char *secrets_path, const char *destination, const char *base_dir,
	    char *const *environ);
void	secrets_free(struct secrets *s);
int	secrets_get(struct secrets *s, const char *key, const char **value, struct errinfo *e);
int	secrets_present(struct secrets *s, const char *key);
int	secrets_all(struct secrets *s, const struct strvec **keys, const struct strvec **values,
	    struct errinfo *e);
int	secrets_files(struct secrets *s, struct strvec *out);

#endif
