/*
 * client — the ssh.h API: connections (identities, host-key policy, handshake
 * wait), exec sessions, algorithm-list options. Sockets and the poll loop are in
 * conn.c; the protocol is in engine.c and below.
 */
#include "ssh/client_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <termios.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/str.h"
#include "core/strvec.h"
#include "core/timeutil.h"
#include "core/wipe.h"
#include "core/xmalloc.h"
#include "ssh/agent.h"
#include "ssh/key.h"
#include "ssh/knownhosts.h"

/* ---- algorithm lists ---- */

int
ssh_known_kex(const char *name)
{
	return kex_by_name(name) != KEX_NONE;
}

int
ssh_known_cipher(const char *name)
{
	return cipher_by_name(name) != NULL;
}

int
ssh_known_mac(const char *name)
{
	return mac_by_name(name) != NULL;
}

int
ssh_known_hostkey(const char *name)
{
	return namelist_has(hostkey_default_list, strlen(hostkey_default_list), name);
}

int
ssh_alglist_apply(const char *defaults, const char *spec, const char *what,
    int (*known)(const char *name), char **out, struct errinfo *e)
{
	struct strvec def = STRVEC_INIT, items = STRVEC_INIT, res = STRVEC_INIT;
	struct str s = STR_INIT;
	char mode = 0;
	size_t i;
	int r = 0;

	if (spec[0] == '+' || spec[0] == '-' || spec[0] == '^')
		mode = *spec++;
	strvec_split(&def, defaults, ',');
	strvec_split(&items, spec, ',');
	for (i = 0; i < items.n; i++) {
		/* Removal takes names we do not implement too (OpenSSH allows patterns there). */
		if (items.v[i][0] == '\0' || (mode != '-' && !known(items.v[i]))) {
			r = err_set(e, ERR_CONFIG, "unsupported %s algorithm '%s'", what, items.v[i]);
			goto out;
		}
	}
	switch (mode) {
	case '+':
		strvec_pushv(&res, (const char *const *)def.v);
		for (i = 0; i < items.n; i++)
			if (strvec_find(&res, items.v[i]) < 0)
				strvec_push(&res, items.v[i]);
		break;
	case '^':
		strvec_pushv(&res, (const char *const *)items.v);
		for (i = 0; i < def.n; i++)
			if (strvec_find(&res, def.v[i]) < 0)
				strvec_push(&res, def.v[i]);
		break;
	case '-':
		for (i = 0; i < def.n; i++)
			if (strvec_find(&items, def.v[i]) < 0)
				strvec_push(&res, def.v[i]);
		break;
	default:
		strvec_pushv(&res, (const char *const *)items.v);
		break;
	}
	if (res.n == 0) {
		r = err_set(e, ERR_CONFIG, "empty %s algorithm list", what);
		goto out;
	}
	strvec_join(&res, ",", &s);
	*out = str_detach(&s, NULL);
out:
	strvec_clear(&def);
	strvec_clear(&items);
	strvec_clear(&res);
	str_release(&s);
	return r;
}

/* ---- targets ---- */

void
ssh_target_init(struct ssh_target *t)
{
	memset(t, 0, sizeof(*t));
	t->strict = SSH_STRICT_ACCEPT_NEW;
}

static const char *
home_dir(void)
{
	const char *h = getenv("HOME");
	struct passwd *pw;

	if (h && *h)
		return h;
	pw = getpwuid(getuid());
	return pw && pw->pw_dir ? pw->pw_dir : "/";
}

char *
ssh_local_user(void)
{
	struct passwd *pw = getpwuid(getuid());
	const char *u = getenv("USER");

	if (pw && pw->pw_name)
		return xstrdup(pw->pw_name);
	return xstrdup(u && *u ? u : "root");
}

/* "~/" at the start means the home directory (ssh_config(5) TOKENS). */
static char *
expand_path(const char *p)
{
	if (p[0] == '~' && (p[1] == '/' || p[1] == '\0'))
		return xasprintf("%s%s", home_dir(), p + 1);
	return xstrdup(p);
}

/* ---- identities ---- */

static void
ids_push(struct ssh_conn *c, struct sshkey *key, const uint8_t *blob, size_t bn, int agent,
    const char *label)
{
	struct auth_identity *id;

	c->ids = xreallocarray(c->ids, c->nids + 1, sizeof(*c->ids));
	id = &c->ids[c->nids++];
	memset(id, 0, sizeof(*id));
	id->key = key;
	id->blob = xmemdup(blob, bn);
	id->blob_len = bn;
	id->from_agent = agent;
	id->label = xstrdup(label);
}

struct filekey {
	char		*path;
	struct sshkey	*key;
	struct buf	 blob;
	int		 used;
};

static struct sshkey *
load_key_file(const struct ssh_target *t, const char *path, int explicit_file)
{
	struct sshkey *k = NULL;
	struct errinfo e;
	int needs = 0;
	char pass[1024];

	err_clear(&e);
	if (access(path, F_OK) != 0) {
		if (explicit_file)
			log_warn("Warning: Identity file %s not accessible: %s.", path, strerror(errno));
		return NULL;
	}
	if (sshkey_load_private(path, NULL, &k, &needs, &e) == 0)
		return k;
	if (needs && t->passphrase && !t->batch_mode) {
		if (t->passphrase(t->passphrase_arg, path, pass, sizeof(pass)) == 0) {
			err_clear(&e);
			if (sshkey_load_private(path, pass, &k, NULL, &e) != 0)
				k = NULL;
		}
		wipe(pass, sizeof(pass));
		if (k)
			return k;
	}
	log_warn("%s: %s", path, needs && !e.msg[0] ? "key is encrypted and no passphrase is available" : e.msg);
	return NULL;
}

/*
 * OpenSSH's order (sshconnect2.c pubkey_prepare): identity files the agent also
 * holds (signed by the agent), then the agent's other keys (unless
 * IdentitiesOnly), then the remaining files.
 */
static void
prepare_identities(struct ssh_conn *c, const struct ssh_target *t)
{
	static const char *const defaults[] = { "~/.ssh/id_rsa", "~/.ssh/id_ecdsa", "~/.ssh/id_ed25519", NULL };
	const char *const *files = t->identity_files ? t->identity_files : defaults;
	struct filekey *fk = NULL;
	size_t nf = 0, i, j, na = 0;
	struct agent_identity *aids = NULL;
	const char *sock = t->agent_socket ? t->agent_socket : getenv("SSH_AUTH_SOCK");
	struct errinfo e;

	for (i = 0; files[i]; i++) {
		char *path = expand_path(files[i]);
		struct sshkey *k = load_key_file(t, path, t->identity_files != NULL && !t->identity_files_quiet);

		if (k == NULL) {
			free(path);
			continue;
		}
		fk = xreallocarray(fk, nf + 1, sizeof(*fk));
		fk[nf].path = path;
		fk[nf].key = k;
		fk[nf].used = 0;
		buf_init(&fk[nf].blob, SSHKEY_MAX_BLOB);
		sshkey_to_blob(k, &fk[nf].blob);
		nf++;
	}
	err_clear(&e);
	if (sock && *sock && strcmp(sock, "none") != 0) {
		char *sp = expand_path(sock);

		if (agent_open(sp, &c->agent, &e) != 0 || agent_list(c->agent, &aids, &na, &e) != 0) {
			log_debug("ssh: agent %s: %s", sp, e.msg);
			if (c->agent) {
				agent_close(c->agent);
				c->agent = NULL;
			}
			na = 0;
		}
		free(sp);
	}
	for (i = 0; i < nf; i++) {
		for (j = 0; j < na; j++) {
			if (aids[j].blob_len == buf_avail(&fk[i].blob) &&
			    memcmp(aids[j].blob, buf_ptr(&fk[i].blob), aids[j].blob_len) == 0) {
				struct sshkey *pk = NULL;

				if (sshkey_from_blob(aids[j].blob, aids[j].blob_len, &pk, &e) == 0) {
					ids_push(c, pk, aids[j].blob, aids[j].blob_len, 1, fk[i].path);
					fk[i].used = 1;
					aids[j].blob_len = 0;	/* consumed */
				}
				break;
			}
		}
	}
	if (!t->identities_only) {
		for (j = 0; j < na; j++) {
			struct sshkey *pk = NULL;

			if (aids[j].blob_len == 0)
				continue;
			if (sshkey_from_blob(aids[j].blob, aids[j].blob_len, &pk, &e) != 0)
				continue;	/* a key type we do not do (e.g. ssh-dss, sk) */
			ids_push(c, pk, aids[j].blob, aids[j].blob_len, 1,
			    aids[j].comment && *aids[j].comment ? aids[j].comment : "agent key");
		}
	}
	for (i = 0; i < nf; i++) {
		if (!fk[i].used) {
			ids_push(c, fk[i].key, buf_ptr(&fk[i].blob), buf_avail(&fk[i].blob), 0, fk[i].path);
			fk[i].key = NULL;
		}
		sshkey_free(fk[i].key);
		buf_release(&fk[i].blob);
		free(fk[i].path);
	}
	free(fk);
	if (aids)
		agent_identities_free(aids, na);
	/* Keys given in memory (Kamal's ssh.key_data): tried after the files, as net-ssh does. */
	for (i = 0; t->key_data && t->key_data[i]; i++) {
		struct sshkey *k = NULL;
		struct buf blob;
		char label[32];
		int needs = 0;

		err_clear(&e);
		if (sshkey_parse_private((const uint8_t *)t->key_data[i], strlen(t->key_data[i]), NULL, &k,
		    &needs, &e) != 0) {
			log_warn("key_data entry %zu: %s", i + 1, needs ? "the key is encrypted (key_data keys "
			    "must not need a passphrase)" : e.msg);
			continue;
		}
		buf_init(&blob, SSHKEY_MAX_BLOB);
		sshkey_to_blob(k, &blob);
		snprintf(label, sizeof(label), "key_data[%zu]", i);
		ids_push(c, k, buf_ptr(&blob), buf_avail(&blob), 0, label);
		buf_release(&blob);
	}
}

static int
sign_cb(void *arg, const struct auth_identity *id, const char *alg, const uint8_t *data, size_t n,
    struct buf *sig, struct errinfo *e)
{
	struct ssh_conn *c = arg;
	uint32_t flags = 0;

	if (!id->from_agent)
		return sshkey_sign(id->key, alg, data, n, sig, e);
	if (c->agent == NULL)
		return err_set(e, ERR_AUTH, "agent is gone");
	if (strcmp(alg, "rsa-sha2-256") == 0)
		flags = AGENT_RSA_SHA2_256;
	else if (strcmp(alg, "rsa-sha2-512") == 0)
		flags = AGENT_RSA_SHA2_512;
	return agent_sign(c->agent, id->blob, id->blob_len, data, n, flags, sig, e);
}

/* ---- host keys ---- */

static const char *
key_type_upper(const struct sshkey *k)
{
	switch (sshkey_type(k)) {
	case SSHKEY_ED25519:
		return "ED25519";
	case SSHKEY_ECDSA_P256:
		return "ECDSA";
	case SSHKEY_RSA:
		return "RSA";
	default:
		return "UNKNOWN";
	}
}

static int
hostkey_cb(void *arg, const struct sshkey *key, const uint8_t *blob, size_t bn, struct errinfo *e)
{
	struct ssh_conn *c = arg;
	struct kh_result res;
	struct str fp = STR_INIT;
	char shown[300];
	int r;

	(void)blob;
	(void)bn;
	memset(&res, 0, sizeof(res));
	sshkey_fingerprint(key, &fp);
	if (c->local_tunnel) {
		/* net-ssh accept_new_or_local_tunnel: a loopback peer on a port other than 22 is
		 * most likely a forwarded port, for which known_hosts says nothing useful. */
		log_debug("ssh: %s is a local tunnel (loopback, port %d): host key %s not checked", c->label,
		    c->port, str_cstr(&fp));
		str_release(&fp);
		return 0;
	}
	if (c->kh_port == 22)
		snprintf(shown, sizeof(shown), "%s", c->kh_host);
	else
		snprintf(shown, sizeof(shown), "[%s]:%d", c->kh_host, c->kh_port);
	if ((r = knownhosts_check((const char *const *)c->kh_files, c->kh_host, c->kh_port, key, &res, e)) != 0)
		goto out;
	switch (res.status) {
	case KH_MATCH:
		log_debug("ssh: host key for %s found in %s:%d (%s)", shown, res.file, res.line, str_cstr(&fp));
		break;
	case KH_REVOKED:
		r = err_set(e, ERR_HOSTKEY, "host key %s %s for %s is marked as revoked in %s:%d",
		    key_type_upper(key), str_cstr(&fp), shown, res.file, res.line);
		break;
	case KH_CHANGED:
		if (c->strict == SSH_STRICT_NO) {
			log_warn("WARNING: host key for %s has changed (%s %s, known_hosts entry %s:%d); "
			    "continuing because StrictHostKeyChecking=no", shown, key_type_upper(key),
			    str_cstr(&fp), res.file, res.line);
			break;
		}
		r = err_set(e, ERR_HOSTKEY, "REMOTE HOST IDENTIFICATION HAS CHANGED for %s: it presented %s key %s, "
		    "which differs from the one in %s:%d. Someone could be eavesdropping (man-in-the-middle), or the "
		    "host key was replaced; if so, remove the old entry with: ssh-keygen -R '%s' -f %s",
		    shown, key_type_upper(key), str_cstr(&fp), res.file, res.line, shown, res.file);
		break;
	case KH_NOT_FOUND:
		/*
		 * Known with keys of other types only: we offered those types first, so the
		 * server (or someone in between) chose not to use them. A man-in-the-middle
		 * would do exactly that; refuse rather than "accept new".
		 */
		if (c->kh_offered_known && c->strict != SSH_STRICT_NO) {
			struct str known = STR_INIT;

			strvec_join(&c->kh_types, ", ", &known);
			r = err_set(e, ERR_HOSTKEY, "%s presented a %s host key (%s), but known_hosts has only other key "
			    "types for it (%s); if the server's keys really changed, remove the old entries with: "
			    "ssh-keygen -R '%s'", shown, key_type_upper(key), str_cstr(&fp), str_cstr(&known), shown);
			str_release(&known);
			break;
		}
		if (c->strict == SSH_STRICT_YES) {
			r = err_set(e, ERR_HOSTKEY, "no %s host key is known for %s (%s) and StrictHostKeyChecking=yes; "
			    "add it to %s first", key_type_upper(key), shown, str_cstr(&fp), c->kh_add);
			break;
		}
		if (knownhosts_add(c->kh_add, c->kh_host, c->kh_port, key, c->kh_hash, e) != 0) {
			/* Could not record it: still safe to go on for this connection, as OpenSSH does. */
			log_warn("Failed to add the host to the list of known hosts (%s): %s", c->kh_add, e->msg);
			err_clear(e);
		} else {
			log_info("Warning: Permanently added '%s' (%s) to the list of known hosts.", shown,
			    key_type_upper(key));
		}
		break;
	}
out:
	str_release(&fp);
	return r;
}

/* ---- client ---- */

struct ssh_client *
ssh_client_new(void)
{
	struct ssh_client *cl = xcalloc(1, sizeof(*cl));

	pthread_mutex_init(&cl->mu, NULL);
	pthread_mutex_init(&cl->jmu, NULL);
	pthread_cond_init(&cl->jcv, NULL);
	if (pipe2(cl->wake, O_CLOEXEC | O_NONBLOCK) != 0) {
		log_error("ssh: pipe: %s", strerror(errno));
		abort();
	}
	cl->rdbuf = xmalloc(256 * 1024);
	return cl;
}

static int
ensure_thread(struct ssh_client *cl, struct errinfo *e)
{
	if (cl->thread_started)
		return 0;
	if (pthread_create(&cl->thread, NULL, conn_loop, cl) != 0)
		return err_set(e, ERR_IO, "ssh: cannot start the I/O thread");
	cl->thread_started = 1;
	return 0;
}

/* Closes a transport that never reached the loop. */
static void
conn_free_transport(struct ssh_conn *c)
{
	if (c->wfd >= 0 && c->wfd != c->fd)
		close(c->wfd);
	if (c->fd >= 0)
		close(c->fd);
	c->fd = c->wfd = -1;
}

static void
conn_free(struct ssh_conn *c)
{
	size_t i;

	if (c->proxy_pid > 0)
		proxycmd_reap(c->proxy_pid);
	free(c->proxy_cmd);
	free(c->fwd_agent_sock);
	engine_release(&c->en);
	for (i = 0; i < c->nids; i++)
		auth_identity_release(&c->ids[i]);
	free(c->ids);
	if (c->agent)
		agent_close(c->agent);
	for (i = 0; c->kh_files && c->kh_files[i]; i++)
		free(c->kh_files[i]);
	free(c->kh_files);
	free(c->kh_add);
	strvec_clear(&c->kh_types);
	free(c->label);
	free(c->host);
	free(c->kh_host);
	free(c->kex);
	free(c->hostkey_algs);
	free(c->ciphers);
	free(c->macs);
	pthread_cond_destroy(&c->cv);
	/* Last: closing the jump host's connection may wait for its I/O thread. */
	if (c->jump)
		jump_release(c->cl, c->jump);
	free(c);
}

void
ssh_client_free(struct ssh_client *cl)
{
	struct ssh_conn *c;

	if (cl == NULL)
		return;
	pthread_mutex_lock(&cl->mu);
	for (c = cl->conns; c; c = c->next)
		c->closing = 1;
	pthread_mutex_unlock(&cl->mu);
	if (cl->thread_started) {
		conn_wake(cl);
		/* Let the loop say goodbye to every connection, then stop it. */
		pthread_mutex_lock(&cl->mu);
		while (cl->conns) {
			struct timespec ts;

			pthread_mutex_unlock(&cl->mu);
			ts.tv_sec = 0;
			ts.tv_nsec = 5 * 1000 * 1000;
			nanosleep(&ts, NULL);
			conn_wake(cl);
			pthread_mutex_lock(&cl->mu);
		}
		cl->stop = 1;
		pthread_mutex_unlock(&cl->mu);
		conn_wake(cl);
		pthread_join(cl->thread, NULL);
	}
	close(cl->wake[0]);
	close(cl->wake[1]);
	free(cl->rdbuf);
	pthread_mutex_destroy(&cl->mu);
	pthread_mutex_destroy(&cl->jmu);
	pthread_cond_destroy(&cl->jcv);
	free(cl);
}

static char **
known_hosts_files(const struct ssh_target *t)
{
	static const char *const defaults[] = { "~/.ssh/known_hosts", "~/.ssh/known_hosts2",
	    "/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2", NULL };
	const char *const *src = t->known_hosts ? t->known_hosts : defaults;
	char **v;
	size_t n, i;

	for (n = 0; src[n]; n++)
		;
	v = xcalloc(n + 1, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = expand_path(src[i]);
	return v;
}

/*
 * OpenSSH's ordering (sshconnect2.c order_hostkeyalgs): host key algorithms whose
 * key type known_hosts holds for this host come first, so a known host presents the
 * key on file. NULL (the plain default) when nothing is known.
 */
static char *
hostkey_prefer_known(const struct strvec *types)
{
	struct strvec def = STRVEC_INIT, first = STRVEC_INIT, rest = STRVEC_INIT;
	struct str out = STR_INIT;
	size_t i, j;

	if (types->n == 0)
		return NULL;
	strvec_split(&def, hostkey_default_list, ',');
	for (i = 0; i < def.n; i++) {
		const char *ktype = strncmp(def.v[i], "rsa-sha2-", 9) == 0 ? "ssh-rsa" : def.v[i];
		int known = 0;

		for (j = 0; j < types->n; j++)
			if (strcmp(types->v[j], ktype) == 0)
				known = 1;
		strvec_push(known ? &first : &rest, def.v[i]);
	}
	for (i = 0; i < rest.n; i++)
		strvec_push(&first, rest.v[i]);
	strvec_join(&first, ",", &out);
	strvec_clear(&def);
	strvec_clear(&first);
	strvec_clear(&rest);
	return str_detach(&out, NULL);
}

/* Whether the host key algorithm list offers a key type known_hosts has for the host. */
static int
offers_known_type(const char *algs, const struct strvec *types)
{
	size_t i;
	int r = 0;

	for (i = 0; i < types->n && !r; i++) {
		if (strcmp(types->v[i], "ssh-rsa") == 0)
			r = namelist_has(algs, strlen(algs), "rsa-sha2-512") || namelist_has(algs, strlen(algs), "rsa-sha2-256");
		else
			r = namelist_has(algs, strlen(algs), types->v[i]);
	}
	return r;
}

/* Whether the socket's peer is a loopback address on a port other than 22 (net-ssh's "tunnelled?"). */
static int
peer_is_local_tunnel(int fd)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);

	if (getpeername(fd, (struct sockaddr *)&ss, &sl) != 0)
		return 0;
	if (ss.ss_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)&ss;

		return ntohs(in->sin_port) != 22 && ntohl(in->sin_addr.s_addr) == INADDR_LOOPBACK;
	}
	if (ss.ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)&ss;

		return ntohs(in6->sin6_port) != 22 && IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
	}
	return 0;
}

/* The connection object with its identities, host-key policy and engine; no transport yet. */
static int
conn_new(struct ssh_client *cl, const struct ssh_target *t, struct ssh_conn **out, struct errinfo *e)
{
	struct ssh_conn *c;
	struct engine_config ec;
	char *user = t->user && *t->user ? xstrdup(t->user) : ssh_local_user();
	int r;

	c = xcalloc(1, sizeof(*c));
	c->cl = cl;
	c->fd = c->wfd = -1;
	pthread_cond_init(&c->cv, NULL);
	c->host = xstrdup(t->host);
	c->label = xstrdup(t->label ? t->label : t->host);
	c->kh_host = xstrdup(t->host_key_alias ? t->host_key_alias : t->host);
	c->port = t->port > 0 ? t->port : 22;
	/* ssh_config(5) HostKeyAlias: the alias is looked up as given, never as "[alias]:port" (as OpenSSH) */
	c->kh_port = t->host_key_alias ? 22 : c->port;
	c->timeout_ms = t->connect_timeout_ms > 0 ? t->connect_timeout_ms : SSH_DEFAULT_CONNECT_TIMEOUT_MS;
	c->kh_files = known_hosts_files(t);
	c->kh_add = t->known_hosts_add ? expand_path(t->known_hosts_add) :
	    xstrdup(c->kh_files[0] ? c->kh_files[0] : "/dev/null");
	c->kh_hash = t->hash_known_hosts;
	c->strict = t->strict;
	c->alive_interval_ms = t->server_alive_interval > 0 ? t->server_alive_interval * 1000 : 0;
	c->alive_count_max = t->server_alive_count_max > 0 ? t->server_alive_count_max : 3;
	if (t->forward_agent) {
		const char *sock = t->forward_agent_sock ? t->forward_agent_sock :
		    t->agent_socket ? t->agent_socket : getenv("SSH_AUTH_SOCK");

		if (sock && *sock && strcmp(sock, "none") != 0)
			c->fwd_agent_sock = expand_path(sock);
	}
	if (knownhosts_host_types((const char *const *)c->kh_files, c->kh_host, c->kh_port, &c->kh_types, e) != 0)
		log_debug("ssh: known_hosts: %s", e->msg);
	err_clear(e);
	prepare_identities(c, t);

	memset(&ec, 0, sizeof(ec));
	ec.tc.label = c->label;
	ec.tc.rekey_bytes = t->rekey_bytes;
	ec.tc.hostkey_cb = hostkey_cb;
	ec.tc.hostkey_arg = c;
	ec.user = user;
	ec.ids = c->ids;
	ec.nids = c->nids;
	ec.sign = sign_cb;
	ec.sign_arg = c;
	/* The engine copies the lists' pointers: keep our own copies alive with c. */
	c->kex = t->kex_algs ? xstrdup(t->kex_algs) : NULL;
	c->hostkey_algs = t->hostkey_algs ? xstrdup(t->hostkey_algs) : hostkey_prefer_known(&c->kh_types);
	c->ciphers = t->ciphers ? xstrdup(t->ciphers) : NULL;
	c->macs = t->macs ? xstrdup(t->macs) : NULL;
	ec.tc.kex_algs = c->kex;
	ec.tc.hostkey_algs = c->hostkey_algs;
	c->kh_offered_known = offers_known_type(c->hostkey_algs ? c->hostkey_algs : hostkey_default_list,
	    &c->kh_types);
	ec.tc.ciphers = c->ciphers;
	ec.tc.macs = c->macs;
	r = engine_init(&c->en, &ec, e);
	free(user);
	if (r != 0) {
		conn_free(c);
		return r;
	}
	/* Channels the server opens to us: forwarded ports, the forwarded agent. */
	chanmux_set_open_handler(&c->en.mux, fwd_open_handler, c);
	*out = c;
	return 0;
}

/*
 * Authenticated: the private keys are not needed again on this connection (RFC
 * 4252 has no re-authentication, and rekeying signs with the server's host key
 * only), so they are wiped now (sshkey_free) rather than when the connection
 * closes, which in a deploy is the end of the run. Called with the lock held, so
 * the I/O thread is not inside the engine.
 */
static void
drop_identities(struct ssh_conn *c)
{
	size_t i;

	c->en.auth.ids = NULL;
	c->en.auth.nids = 0;
	for (i = 0; i < c->nids; i++)
		auth_identity_release(&c->ids[i]);
	free(c->ids);
	c->ids = NULL;
	c->nids = 0;
}

/* Links c into the loop and waits for the handshake (lock held on entry, released on return). */
static int
conn_run_handshake(struct ssh_client *cl, struct ssh_conn *c, struct ssh_conn **out, struct errinfo *e)
{
	int r;

	c->next = cl->conns;
	cl->conns = c;
	cl->stats.conns++;
	conn_wake(cl);
	while (c->en.state == ENGINE_HANDSHAKE)
		pthread_cond_wait(&c->cv, &cl->mu);
	if (c->en.state == ENGINE_DEAD) {
		*e = c->en.err;
		r = e->code ? e->code : ERR_PROTO;
		c->closing = 1;
		conn_wake(cl);
		while (!c->closed)
			pthread_cond_wait(&c->cv, &cl->mu);
		cl->stats.conns--;
		pthread_mutex_unlock(&cl->mu);
		err_sethost(e, c->label);
		conn_free(c);
		return r;
	}
	c->deadline = 0;
	conn_heard(c);
	drop_identities(c);
	pthread_mutex_unlock(&cl->mu);
	*out = c;
	return 0;
}

int
ssh_connect_depth(struct ssh_client *cl, const struct ssh_target *t, int depth, struct ssh_conn **out,
    struct errinfo *e)
{
	struct ssh_conn *c = NULL, *parent;
	int r, fd = -1;
	const struct ssh_target *j;

	*out = NULL;
	if (t->host == NULL || *t->host == '\0')
		return err_set(e, ERR_INVAL, "ssh: no host given");
	if (depth > SSH_MAX_JUMPS)
		return err_set(e, ERR_CONFIG, "ProxyJump: more than %d jump hosts (a jump host loop?)", SSH_MAX_JUMPS);
	/* OpenSSH's "jumphost loop" check: a hop that is the destination itself. */
	if (depth == 0 && t->jump) {
		char *key = target_key(t), *hk;
		int loop = 0, n;

		for (j = t->jump, n = 0; j && n <= SSH_MAX_JUMPS && !loop; j = j->jump, n++) {
			struct ssh_target one = *j;

			one.jump = NULL;
			one.proxy_command = NULL;
			hk = target_key(&one);
			loop = strncmp(key, hk, strlen(hk)) == 0 && (key[strlen(hk)] == '\0' || key[strlen(hk)] == ' ');
			free(hk);
		}
		free(key);
		if (loop)
			return err_set(e, ERR_CONFIG, "ProxyJump: jump host loop via %s", t->host);
	}
	if ((r = conn_new(cl, t, &c, e)) != 0)
		return r;
	if (t->jump) {
		/* The jump host first (its own route may chain further): one shared connection. */
		if ((r = jump_acquire(cl, t->jump, depth + 1, &c->jump, e)) != 0) {
			if (strncmp(e->msg, "jump host ", 10) != 0 && strncmp(e->msg, "connection to jump host", 23) != 0)
				err_prefix(e, "jump host %s", t->jump->label ? t->jump->label : t->jump->host);
			err_sethost(e, c->label);
			conn_free(c);
			return r;
		}
		parent = jump_conn(c->jump);
		pthread_mutex_lock(&cl->mu);
		if ((r = ensure_thread(cl, e)) != 0 || (r = via_start(c, parent, t->host, c->port, e)) != 0) {
			pthread_mutex_unlock(&cl->mu);
			err_sethost(e, c->label);
			conn_free(c);
			return r;
		}
		c->deadline = time_mono_ms() + c->timeout_ms;
		cl->stats.via_opened++;
		/* engine_start() runs when the channel opens (jump.c). */
		return conn_run_handshake(cl, c, out, e);
	}
	if (t->proxy_command) {
		c->proxy_cmd = xstrdup(t->proxy_command);
		if ((r = proxycmd_spawn(t->proxy_command, &c->proxy_pid, &c->fd, &c->wfd, e)) != 0) {
			err_sethost(e, c->label);
			conn_free(c);
			return r;
		}
		c->kind = CONN_PROXYCMD;
		log_debug("%s: connecting through ProxyCommand '%s' (pid %ld)", c->label, c->proxy_cmd,
		    (long)c->proxy_pid);
	} else {
		int64_t start = time_mono_ms();

		if ((r = conn_tcp_connect(t->host, c->port, t->address_family, c->timeout_ms, &fd, e)) != 0) {
			conn_free(c);
			return r;
		}
		c->kind = CONN_TCP;
		c->fd = c->wfd = fd;
		c->local_tunnel = t->lenient_local_tunnel && peer_is_local_tunnel(fd);
		/* ConnectTimeout covers the TCP connect too: what is left of it for the handshake. */
		c->deadline = start + c->timeout_ms;
	}
	if (c->deadline == 0)
		c->deadline = time_mono_ms() + c->timeout_ms;
	pthread_mutex_lock(&cl->mu);
	if ((r = ensure_thread(cl, e)) != 0) {
		pthread_mutex_unlock(&cl->mu);
		conn_free_transport(c);
		conn_free(c);
		return r;
	}
	if (c->kind == CONN_TCP)
		cl->stats.tcp_opened++;
	else
		cl->stats.proxycmd_opened++;
	engine_start(&c->en);
	return conn_run_handshake(cl, c, out, e);
}

int
ssh_connect(struct ssh_client *cl, const struct ssh_target *t, struct ssh_conn **out,
    struct errinfo *e)
{
	return ssh_connect_depth(cl, t, 0, out, e);
}

void
ssh_conn_close(struct ssh_conn *c)
{
	struct ssh_client *cl;

	if (c == NULL)
		return;
	cl = c->cl;
	pthread_mutex_lock(&cl->mu);
	c->closing = 1;
	conn_wake(cl);
	while (!c->closed)
		pthread_cond_wait(&c->cv, &cl->mu);
	cl->stats.conns--;
	pthread_mutex_unlock(&cl->mu);
	conn_free(c);
}

const char *
ssh_conn_label(const struct ssh_conn *c)
{
	return c->label;
}

void
ssh_client_stats(struct ssh_client *cl, struct ssh_client_stats *out)
{
	struct ssh_conn *c;

	pthread_mutex_lock(&cl->mu);
	*out = cl->stats;
	out->channels = 0;
	for (c = cl->conns; c; c = c->next)
		out->channels += (unsigned)c->en.mux.open;
	pthread_mutex_unlock(&cl->mu);
}

int
ssh_conn_alive(struct ssh_conn *c, struct errinfo *e)
{
	int alive;

	pthread_mutex_lock(&c->cl->mu);
	alive = c->en.state == ENGINE_READY;
	if (!alive && e)
		*e = c->en.err;
	pthread_mutex_unlock(&c->cl->mu);
	return alive;
}

void
ssh_conn_describe(struct ssh_conn *c, struct str *out)
{
	const struct transport_algs *a;

	pthread_mutex_lock(&c->cl->mu);
	a = &c->en.t.algs;
	str_addf(out, "%s %s %s%s%s", a->kex, a->hostkey, a->cipher_ctos, a->mac_ctos[0] ? " " : "",
	    a->mac_ctos);
	pthread_mutex_unlock(&c->cl->mu);
}

int
ssh_conn_call(struct ssh_conn *c, void (*fn)(void *arg, struct ssh_engine *en), void *arg,
    struct errinfo *e)
{
	int r = 0;

	pthread_mutex_lock(&c->cl->mu);
	if (c->en.state != ENGINE_READY) {
		r = err_set(e, ERR_CLOSED, "%s", c->en.err.msg[0] ? c->en.err.msg : "connection is closed");
	} else {
		fn(arg, &c->en);
		conn_wake(c->cl);
	}
	pthread_mutex_unlock(&c->cl->mu);
	return r;
}

/* ---- exec ---- */

static void
op_finish(struct exec_op *op, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
op_finish(struct exec_op *op, int code, const char *fmt, ...)
{
	va_list ap;

	if (code && !op->failed) {
		va_start(ap, fmt);
		err_vset(&op->err, code, fmt, ap);
		va_end(ap);
		op->failed = 1;
	}
}

/* Sends in-memory stdin (one buffer or an iovec list) as the window allows, then EOF. */
static void
op_pump_memory(struct exec_op *op)
{
	const struct ssh_exec_io *io = op->io;
	long w;

	if (!op->started || op->eof_sent || op->ch == NULL || io->stdin_fd >= 0)
		return;
	if (io->stdin_iovcnt > 0) {
		while (op->stdin_iov_i < io->stdin_iovcnt) {
			const struct iovec *v = &io->stdin_iov[op->stdin_iov_i];

			if (op->stdin_off < v->iov_len) {
				w = chan_write(op->ch, 0, (const uint8_t *)v->iov_base + op->stdin_off,
				    v->iov_len - op->stdin_off);
				if (w < 0)
					return;
				op->stdin_off += (size_t)w;
				if (op->stdin_off < v->iov_len)
					return;	/* the window is full */
			}
			op->stdin_iov_i++;
			op->stdin_off = 0;
		}
		chan_send_eof(op->ch);
		op->eof_sent = 1;
		return;
	}
	if (op->stdin_off < io->stdin_len) {
		w = chan_write(op->ch, 0, (const uint8_t *)io->stdin_data + op->stdin_off,
		    io->stdin_len - op->stdin_off);
		if (w < 0)
			return;
		op->stdin_off += (size_t)w;
	}
	if (op->stdin_off == io->stdin_len) {
		chan_send_eof(op->ch);
		op->eof_sent = 1;
	}
}

int
exec_op_wants_stdin(const struct exec_op *op)
{
	return op->io->stdin_fd >= 0 && op->started && !op->eof_sent && op->ch &&
	    chan_writable(op->ch) > 0;
}

void
exec_op_stdin_ready(struct exec_op *op, uint8_t *buf, size_t bufsz)
{
	size_t room = chan_writable(op->ch);
	ssize_t n;

	if (room > bufsz)
		room = bufsz;
	n = read(op->io->stdin_fd, buf, room);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		chan_send_eof(op->ch);
		op->eof_sent = 1;
		return;
	}
	/* Never more than the window, so chan_write takes it all. */
	chan_write(op->ch, 0, buf, (size_t)n);
}

int
exec_op_wants_winch(const struct exec_op *op)
{
	return op->io->pty && op->io->pty->winch_fd >= 0 && op->ch && op->ch->state == CHAN_OPEN &&
	    !op->done;
}

/* The terminal was resized: tell the server (RFC 4254 §6.7; no reply). */
void
exec_op_winch(struct exec_op *op)
{
	const struct ssh_pty *pty = op->io->pty;
	struct winsize ws;
	uint8_t m[16];
	char drain[64];

	while (read(pty->winch_fd, drain, sizeof(drain)) > 0)
		;
	if (ioctl(pty->tty_fd, TIOCGWINSZ, &ws) != 0)
		return;
	store_be32(m, ws.ws_col);
	store_be32(m + 4, ws.ws_row);
	store_be32(m + 8, ws.ws_xpixel);
	store_be32(m + 12, ws.ws_ypixel);
	chan_request(op->ch, "window-change", 0, m, sizeof(m));
}

/* pty-req (RFC 4254 §6.2): TERM, cols, rows, width and height in pixels, encoded modes. */
static int
op_request_pty(struct exec_op *op, struct ssh_chan *ch)
{
	const struct ssh_pty *pty = op->io->pty;
	static const uint8_t no_modes[1] = { 0 };	/* TTY_OP_END */
	struct buf b;
	int r;

	buf_init(&b, 0);
	r = buf_put_cstring(&b, pty->term && *pty->term ? pty->term : "vt100");
	r = r ? r : buf_put_u32(&b, pty->cols);
	r = r ? r : buf_put_u32(&b, pty->rows);
	r = r ? r : buf_put_u32(&b, pty->xpixels);
	r = r ? r : buf_put_u32(&b, pty->ypixels);
	r = r ? r : (pty->modes_len ? buf_put_string(&b, pty->modes, pty->modes_len) :
	    buf_put_string(&b, no_modes, sizeof(no_modes)));
	r = r ? r : chan_request(ch, "pty-req", 1, buf_ptr(&b), buf_avail(&b));
	buf_release(&b);
	if (r == 0)
		op->pty_pending = 1;
	return r;
}

static void
op_on_open(void *arg, struct ssh_chan *ch, int ok, uint32_t reason, const char *msg)
{
	struct exec_op *op = arg;
	const struct ssh_exec_io *io = op->io;
	struct buf b;
	size_t i;

	if (!ok) {
		op_finish(op, ERR_REMOTE, "session channel refused: %s (reason %u)", msg, reason);
		return;
	}
	/* Agent forwarding first, as ssh(1) does (no reply asked: sshd may refuse silently). */
	if (io->forward_agent && op->conn->fwd_agent_sock) {
		if (chan_request(ch, "auth-agent-req@openssh.com", 0, NULL, 0) == 0)
			op->conn->fwd_agent_asked = 1;
	}
	if (io->pty && op_request_pty(op, ch) != 0) {
		op_finish(op, ERR_CLOSED, "pty request failed");
		chan_close(ch);
		return;
	}
	buf_init(&b, 0);
	for (i = 0; io->env && io->env[i]; i++) {
		const char *eq = strchr(io->env[i], '=');

		if (eq == NULL)
			continue;
		buf_reset(&b);
		/* RFC 4254 §6.4; sshd drops names not in AcceptEnv, so no reply is asked for. */
		if (buf_put_string(&b, io->env[i], (size_t)(eq - io->env[i])) == 0 &&
		    buf_put_cstring(&b, eq + 1) == 0)
			chan_request(ch, "env", 0, buf_ptr(&b), buf_avail(&b));
	}
	buf_reset(&b);
	/* No command: the user's shell, reading commands from stdin (RFC 4254 §6.5). */
	if (op->cmd == NULL) {
		if (chan_request(ch, "shell", 1, NULL, 0) != 0) {
			op_finish(op, ERR_CLOSED, "shell request failed");
			chan_close(ch);
		}
	} else if (buf_put_cstring(&b, op->cmd) != 0 ||
	    chan_request(ch, "exec", 1, buf_ptr(&b), buf_avail(&b)) != 0) {
		op_finish(op, ERR_RANGE, "exec request failed (command too long?)");
		chan_close(ch);
	}
	buf_release(&b);
}

static void
op_on_reply(void *arg, struct ssh_chan *ch, int ok)
{
	struct exec_op *op = arg;

	if (op->pty_pending) {
		/* ssh(1) goes on without a terminal, and says so. */
		op->pty_pending = 0;
		if (!ok)
			log_warn("PTY allocation request failed on channel %u", ch->local_id);
		return;
	}
	if (!ok) {
		op_finish(op, ERR_REMOTE, "the server refused to run the command");
		chan_close(ch);
		return;
	}
	op->started = 1;
	op_pump_memory(op);
}

static void
op_on_writable(void *arg, struct ssh_chan *ch)
{
	(void)ch;
	op_pump_memory(arg);
}

static void
op_on_data(void *arg, struct ssh_chan *ch, int stream, const uint8_t *p, size_t n)
{
	struct exec_op *op = arg;

	(void)ch;
	if (op->io->on_output && (stream == 0 || stream == 1))
		op->io->on_output(op->io->arg, stream == 0 ? 1 : 2, p, n);
}

static void
op_on_eof(void *arg, struct ssh_chan *ch)
{
	(void)arg;
	(void)ch;
}

static void
op_on_request(void *arg, struct ssh_chan *ch, const char *type, const uint8_t *p, size_t n)
{
	struct exec_op *op = arg;
	struct buf b;
	uint32_t v;
	const unsigned char *s;
	size_t sn, i;
	uint8_t core;

	(void)ch;
	buf_view(&b, p, n);
	if (strcmp(type, "exit-status") == 0 && buf_get_u32(&b, &v) == 0) {
		op->res.exit_status = (int)(v & 0xff);
	} else if (strcmp(type, "exit-signal") == 0 && buf_get_string_direct(&b, &s, &sn) == 0) {
		for (i = 0; i < sn && i + 1 < sizeof(op->res.exit_signal); i++)
			op->res.exit_signal[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? (char)s[i] : '?';
		op->res.exit_signal[i] = '\0';
		if (buf_get_u8(&b, &core) == 0)
			op->res.core_dumped = core;
	}
}

static void
op_on_close(void *arg, struct ssh_chan *ch)
{
	struct exec_op *op = arg;
	struct ssh_conn *c = op->conn;

	(void)ch;
	op->ch = NULL;
	op->done = 1;
	/* Closed because the connection died, before any exit status: that is an error. */
	if (c->en.state == ENGINE_DEAD && op->res.exit_status < 0 && !op->res.exit_signal[0])
		op_finish(op, c->en.err.code ? c->en.err.code : ERR_CLOSED, "%s", c->en.err.msg);
	pthread_cond_broadcast(&c->cv);
}

static const struct chan_ops exec_ops = {
	.on_open = op_on_open,
	.on_data = op_on_data,
	.on_eof = op_on_eof,
	.on_request = op_on_request,
	.on_reply = op_on_reply,
	.on_writable = op_on_writable,
	.on_close = op_on_close,
};

int
ssh_exec_stream(struct ssh_conn *c, const char *cmd, const struct ssh_exec_io *io,
    struct ssh_exec_result *res, struct errinfo *e)
{
	struct ssh_client *cl = c->cl;
	struct exec_op op, **pp;
	int r = 0;

	memset(&op, 0, sizeof(op));
	op.conn = c;
	op.cmd = cmd;
	op.io = io;
	op.res.exit_status = -1;
	err_clear(&op.err);
	pthread_mutex_lock(&cl->mu);
	if (c->en.state != ENGINE_READY) {
		r = err_set(e, ERR_CLOSED, "%s", c->en.err.msg[0] ? c->en.err.msg : "connection is closed");
		goto out;
	}
	if ((r = chan_open(&c->en.mux, "session", NULL, 0, &exec_ops, &op, &op.ch, e)) != 0)
		goto out;
	op.next = c->ops;
	c->ops = &op;
	conn_wake(cl);
	while (!op.done)
		pthread_cond_wait(&c->cv, &cl->mu);
	for (pp = &c->ops; *pp; pp = &(*pp)->next) {
		if (*pp == &op) {
			*pp = op.next;
			break;
		}
	}
	if (op.failed) {
		*e = op.err;
		r = op.err.code ? op.err.code : ERR_REMOTE;
	}
out:
	pthread_mutex_unlock(&cl->mu);
	if (r != 0)
		err_sethost(e, c->label);
	if (res)
		*res = op.res;
	return r;
}

struct collect {
	struct str	*out;
	struct str	*err;
};

static void
collect_output(void *arg, int stream, const void *p, size_t n)
{
	struct collect *cc = arg;
	struct str *s = stream == 1 ? cc->out : cc->err;

	if (s)
		str_add(s, p, n);
}

int
ssh_exec(struct ssh_conn *c, const char *cmd, const void *stdin_data, size_t n, struct str *out,
    struct str *err, int *exit_status, struct errinfo *e)
{
	struct ssh_exec_io io;
	struct ssh_exec_result res;
	struct collect cc;
	int r;

	memset(&io, 0, sizeof(io));
	io.stdin_fd = -1;
	io.stdin_data = stdin_data;
	io.stdin_len = stdin_data ? n : 0;
	io.on_output = collect_output;
	io.arg = &cc;
	cc.out = out;
	cc.err = err;
	r = ssh_exec_stream(c, cmd, &io, &res, e);
	if (exit_status)
		*exit_status = res.exit_status;
	return r;
}
