/*
 * fleet-app: the example application the test fleet deploys.
 *
 * A deliberately tiny HTTP/1.1 origin server (RFC 9112 message syntax,
 * RFC 9110 semantics) that kamal-proxy can health-check and route to.
 * It is built static with musl and shipped in a FROM scratch image, so it
 * must not depend on anything but the kernel.
 *
 * Routes (GET and HEAD):
 *   /up          health check: APP_UP_STATUS (default 200) with "OK"
 *   /version     APP_VERSION (build default FLEET_APP_VERSION)
 *   /hostname    the container's hostname (tells replicas apart)
 *   /sleep/<ms>  answers after <ms> milliseconds (<= 60000), for drain tests
 *   /            "fleet-app <version> on <hostname>"
 * anything else is 404; other methods are 405.
 *
 * Environment: PORT (default 80), APP_VERSION, APP_UP_STATUS (100..599;
 * the "unhealthy" image variant sets 500), APP_BOOT_DELAY_MS (sleep before
 * listening, <= 60000, to test slow boots).
 *
 * One process per connection (fork) keeps the code obvious and lets a slow
 * /sleep request run while health checks are answered.  SIGTERM stops
 * accepting and waits for in-flight requests, which is what a container
 * stop during a zero-downtime deploy expects (PID 1 gets no default
 * SIGTERM action, so the handler is required).
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef FLEET_APP_VERSION
#define FLEET_APP_VERSION "dev"
#endif

#define APP_REQ_MAX 8192	/* request head bound; longer heads get 431 */
#define APP_SLEEP_MAX_MS 60000L
#define APP_IO_TIMEOUT_S 10

struct app_conf {
	const char *version;
	int up_status;
	int port;
	char hostname[256];
};

static volatile sig_atomic_t app_stopping;

static void
app_on_term(int sig)
{
	(void)sig;
	app_stopping = 1;
}

/* Parse a decimal in [lo, hi]; returns def for NULL/empty, -1 on junk. */
static long
app_parse_long(const char *s, long lo, long hi, long def)
{
	char *end = NULL;
	long v;

	if (s == NULL || *s == '\0')
		return def;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		return -1;
	return v;
}

static void
app_sleep_ms(long ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static int
app_write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static const char *
app_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Status";
	}
}

static void
app_respond(int fd, int status, int head_only, const char *body)
{
	char hdr[512];
	size_t blen = strlen(body);
	int n;

	n = snprintf(hdr, sizeof(hdr),
	    "HTTP/1.1 %d %s\r\n"
	    "Content-Type: text/plain\r\n"
	    "Content-Length: %zu\r\n"
	    "Cache-Control: no-store\r\n"
	    "Connection: close\r\n"
	    "\r\n", status, app_reason(status), blen);
	if (n < 0 || (size_t)n >= sizeof(hdr))
		return;
	if (app_write_all(fd, hdr, (size_t)n) != 0)
		return;
	if (!head_only)
		(void)app_write_all(fd, body, blen);
}

/* Read until the blank line that ends the head (RFC 9112 section 2.1). */
static int
app_read_head(int fd, char *buf, size_t cap, size_t *len)
{
	ssize_t n;

	*len = 0;
	for (;;) {
		if (*len + 1 >= cap)
			return -2;
		n = read(fd, buf + *len, cap - 1 - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		*len += (size_t)n;
		buf[*len] = '\0';
		if (strstr(buf, "\r\n\r\n") != NULL || strstr(buf, "\n\n") != NULL)
			return 0;
	}
}

static void
app_serve(int fd, const struct app_conf *conf)
{
	char req[APP_REQ_MAX];
	char body[512];
	char *method = NULL, *target = NULL, *version, *save = NULL, *line_end;
	size_t len;
	int rc, status = 200, head_only = 0;
	struct timeval tv = { APP_IO_TIMEOUT_S, 0 };

	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	rc = app_read_head(fd, req, sizeof(req), &len);
	if (rc == -2) {
		status = 431;
		snprintf(body, sizeof(body), "request head too large\n");
		goto out;
	}
	if (rc != 0)
		return;
	line_end = strpbrk(req, "\r\n");
	if (line_end != NULL)
		*line_end = '\0';
	method = strtok_r(req, " ", &save);
	target = strtok_r(NULL, " ", &save);
	version = strtok_r(NULL, " ", &save);
	if (method == NULL || target == NULL || version == NULL ||
	    strncmp(version, "HTTP/1.", 7) != 0) {
		status = 400;
		snprintf(body, sizeof(body), "bad request line\n");
		goto out;
	}
	head_only = strcmp(method, "HEAD") == 0;
	if (!head_only && strcmp(method, "GET") != 0) {
		status = 405;
		snprintf(body, sizeof(body), "only GET and HEAD\n");
		goto out;
	}
	/* The query string plays no part in routing. */
	target[strcspn(target, "?")] = '\0';
	if (strcmp(target, "/up") == 0) {
		status = conf->up_status;
		snprintf(body, sizeof(body), "%s\n", status == 200 ? "OK" : "unhealthy");
	} else if (strcmp(target, "/version") == 0) {
		snprintf(body, sizeof(body), "%s\n", conf->version);
	} else if (strcmp(target, "/hostname") == 0) {
		snprintf(body, sizeof(body), "%s\n", conf->hostname);
	} else if (strncmp(target, "/sleep/", 7) == 0) {
		long ms = app_parse_long(target + 7, 0, APP_SLEEP_MAX_MS, -1);

		if (ms < 0) {
			status = 400;
			snprintf(body, sizeof(body), "sleep takes 0..%ld ms\n",
			    APP_SLEEP_MAX_MS);
			goto out;
		}
		app_sleep_ms(ms);
		snprintf(body, sizeof(body), "slept %ld ms on %s (%s)\n", ms,
		    conf->hostname, conf->version);
	} else if (strcmp(target, "/") == 0) {
		snprintf(body, sizeof(body), "fleet-app %s on %s\n",
		    conf->version, conf->hostname);
	} else {
		status = 404;
		snprintf(body, sizeof(body), "not found\n");
	}
out:
	app_respond(fd, status, head_only, body);
	/* One line per request for `docker logs`. */
	printf("%s %s %d\n", method != NULL ? method : "-",
	    target != NULL ? target : "-", status);
}

int
main(void)
{
	struct app_conf conf;
	struct sockaddr_in6 addr;
	struct sigaction sa;
	long v;
	int lfd = -1, cfd, one = 1, off = 0, rc = 1;
	pid_t pid;

	memset(&conf, 0, sizeof(conf));
	conf.version = getenv("APP_VERSION");
	if (conf.version == NULL || *conf.version == '\0')
		conf.version = FLEET_APP_VERSION;
	v = app_parse_long(getenv("APP_UP_STATUS"), 100, 599, 200);
	if (v < 0) {
		fprintf(stderr, "fleet-app: APP_UP_STATUS must be 100..599\n");
		goto out;
	}
	conf.up_status = (int)v;
	v = app_parse_long(getenv("PORT"), 1, 65535, 80);
	if (v < 0) {
		fprintf(stderr, "fleet-app: PORT must be 1..65535\n");
		goto out;
	}
	conf.port = (int)v;
	if (gethostname(conf.hostname, sizeof(conf.hostname) - 1) != 0)
		snprintf(conf.hostname, sizeof(conf.hostname), "unknown");
	v = app_parse_long(getenv("APP_BOOT_DELAY_MS"), 0, APP_SLEEP_MAX_MS, 0);
	if (v < 0) {
		fprintf(stderr, "fleet-app: APP_BOOT_DELAY_MS must be 0..%ld\n",
		    APP_SLEEP_MAX_MS);
		goto out;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = app_on_term;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: accept() must return EINTR so the loop sees the flag. */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	/* Children are reaped by the kernel; wait() still blocks until all exit. */
	sa.sa_handler = SIG_IGN;
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);

	if (v > 0)
		app_sleep_ms(v);

	/* One IPv6 socket with V6ONLY off serves IPv4 too (RFC 3493 5.3). */
	lfd = socket(AF_INET6, SOCK_STREAM, 0);
	if (lfd < 0) {
		perror("fleet-app: socket");
		goto out;
	}
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(lfd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
	memset(&addr, 0, sizeof(addr));
	addr.sin6_family = AF_INET6;
	addr.sin6_addr = in6addr_any;
	addr.sin6_port = htons((unsigned short)conf.port);
	if (bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) != 0 ||
	    listen(lfd, 128) != 0) {
		perror("fleet-app: bind/listen");
		goto out;
	}
	printf("fleet-app %s listening on :%d (up=%d)\n", conf.version,
	    conf.port, conf.up_status);

	while (!app_stopping) {
		cfd = accept(lfd, NULL, NULL);
		if (cfd < 0)
			continue;
		pid = fork();
		if (pid == 0) {
			close(lfd);
			app_serve(cfd, &conf);
			close(cfd);
			_exit(0);
		}
		close(cfd);
	}
	close(lfd);
	lfd = -1;
	/* Drain: let in-flight requests finish (bounded by APP_SLEEP_MAX_MS). */
	while (wait(NULL) > 0 || errno == EINTR)
		;
	printf("fleet-app %s stopped\n", conf.version);
	rc = 0;
out:
	if (lfd >= 0)
		close(lfd);
	return rc;
}
