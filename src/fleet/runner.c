/*
 * runner — see runner.h.
 */
#include "fleet/runner.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "core/strvec.h"
#include "core/xmalloc.h"

void
fleet_wrap_host_error(struct errinfo *e, const char *host)
{
	const char *at = strchr(host, '@');

	if (at)
		err_prefix(e, "Exception while executing as %.*s@%s", (int)(at - host), host, at + 1);
	else
		err_prefix(e, "Exception while executing on host %s", host);
	err_sethost(e, host);
}

int
fleet_combine_errors(struct errinfo *errs, size_t n, const char *what, struct errinfo *e)
{
	struct str s = STR_INIT;
	size_t i, nfail = 0, first = 0;

	for (i = 0; i < n; i++) {
		if (errs[i].code == 0)
			continue;
		if (nfail++ == 0)
			first = i;
	}
	if (nfail == 0)
		return 0;
	if (nfail == 1) {
		if (e)
			*e = errs[first];
		return errs[first].code;
	}
	str_addf(&s, "Exceptions on %zu %s:", nfail, what);
	for (i = 0; i < n; i++)
		if (errs[i].code != 0)
			str_addf(&s, "\n%s", errs[i].msg);
	err_set(e, errs[first].code, "%s", str_cstr(&s));
	if (e)
		memcpy(e->where, errs[first].where, sizeof(e->where));
	str_release(&s);
	return errs[first].code;
}

struct job {
	fleet_host_fn	 fn;
	void		*arg;
	const char	*host;
	struct errinfo	 e;
	int		 rc;
};

static void *
job_main(void *p)
{
	struct job *j = p;

	j->rc = j->fn(j->arg, j->host, &j->e);
	return NULL;
}

int
fleet_on(struct executor *x, const struct strvec *hosts, fleet_host_fn fn, void *arg,
    struct errinfo *e)
{
	struct job *jobs;
	struct errinfo *errs;
	pthread_t *tids = NULL;
	size_t i, n = hosts->n;
	int rc;

	if (n == 0)
		return 0;
	jobs = xcalloc(n, sizeof(*jobs));
	errs = xcalloc(n, sizeof(*errs));
	for (i = 0; i < n; i++) {
		jobs[i].fn = fn;
		jobs[i].arg = arg;
		jobs[i].host = hosts->v[i];
		err_clear(&jobs[i].e);
	}
	if (x->ops->parallel && n > 1) {
		tids = xcalloc(n, sizeof(*tids));
		for (i = 0; i < n; i++)
			if (pthread_create(&tids[i], NULL, job_main, &jobs[i]) != 0)
				job_main(&jobs[i]), tids[i] = 0;
		for (i = 0; i < n; i++)
			if (tids[i])
				pthread_join(tids[i], NULL);
	} else {
		for (i = 0; i < n; i++)
			job_main(&jobs[i]);
	}
	for (i = 0; i < n; i++) {
		err_clear(&errs[i]);
		if (jobs[i].rc != 0) {
			errs[i] = jobs[i].e;
			if (errs[i].code == 0)
				errs[i].code = jobs[i].rc;
			fleet_wrap_host_error(&errs[i], jobs[i].host);
		}
	}
	rc = fleet_combine_errors(errs, n, "hosts", e);
	free(tids);
	free(jobs);
	free(errs);
	return rc;
}
