/*
 * bench/crypto — speed of the hand-written crypto (src/crypto) and of the BearSSL
 * paths the SSH code uses. Prints one line per measure: name, median, min, max,
 * unit (from BENCH_CRYPTO_RUNS runs of about BENCH_CRYPTO_MS milliseconds each).
 * Time is this thread's CPU time (CLOCK_THREAD_CPUTIME_ID), so other load on the
 * machine inflates the figures less than wall time would.
 * A benchmark, not a test: it never fails on a slow figure.
 */
#include <bearssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto/aes.h"
#include "crypto/bcrypt_pbkdf.h"
#include "crypto/chachapoly.h"
#include "crypto/ed25519.h"
#include "crypto/poly1305.h"
#include "crypto/x25519.h"

#define MAXRUNS	15
#define PKT	32768	/* an SSH channel packet (32 KiB) */

static int runs = 7;
static double run_ms = 300;
static volatile uint8_t sink;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * Runs op(arg) repeatedly for about run_ms, `runs` times; each run yields
 * iterations / second. Reports in the requested unit via scale:
 * value = per_second * scale (e.g. bytes per op / 1e6 for MB/s), or for
 * "us" the inverse (microseconds per op).
 */
static void
measure(const char *name, const char *unit, void (*op)(void *), void *arg, double bytes_per_op)
{
	double v[MAXRUNS];

	op(arg);	/* warm up */
	for (int r = 0; r < runs; r++) {
		double t0 = now(), t;
		long n = 0;

		do {
			op(arg);
			n++;
			t = now();
		} while ((t - t0) * 1000 < run_ms);
		if (strcmp(unit, "us") == 0 || strcmp(unit, "ms") == 0)
			v[r] = (t - t0) / (double)n * (strcmp(unit, "us") == 0 ? 1e6 : 1e3);
		else
			v[r] = (double)n * bytes_per_op / (t - t0) / 1e6;
	}
	qsort(v, (size_t)runs, sizeof(v[0]), cmp_double);
	printf("%s\t%.4g\t%.4g\t%.4g\t%s\n", name, v[runs / 2], v[0], v[runs - 1], unit);
	fflush(stdout);
}

struct edctx {
	uint8_t seed[32], pk[32], sig[64], msg[64];
};

static void
op_ed_pubkey(void *a)
{
	struct edctx *c = a;

	ed25519_pubkey(c->pk, c->seed);
	sink ^= c->pk[0];
}

static void
op_ed_sign(void *a)
{
	struct edctx *c = a;

	ed25519_sign(c->sig, c->msg, sizeof(c->msg), c->seed, c->pk);
	sink ^= c->sig[0];
}

static void
op_ed_verify(void *a)
{
	struct edctx *c = a;

	if (ed25519_verify(c->sig, c->msg, sizeof(c->msg), c->pk) != 0)
		abort();
}

static uint8_t buf[4 + PKT + 16], key64[64];
static struct chachapoly_ctx cp;

static void
op_poly(void *a)
{
	uint8_t tag[16];

	poly1305_mac(tag, buf, PKT, key64);
	sink ^= tag[0];
}

static void
op_chachapoly_enc(void *a)
{
	chachapoly_crypt(&cp, 1, buf, buf, PKT, 1);
}

static void
op_chacha_ct(void *a)
{
	br_chacha20_ct_run(key64, key64, 1, buf, PKT);
}

static void
op_chacha_sse2(void *a)
{
	br_chacha20_run r = a;

	r(key64, key64, 1, buf, PKT);
}

static struct aes_gcm gcm;

static void
op_gcm(void *a)
{
	aes_gcm_crypt(&gcm, buf, buf, PKT, 1);
}

static void
op_x25519(void *a)
{
	uint8_t out[32];

	x25519(out, key64, key64 + 32);
	sink ^= out[0];
}

static void
op_bcrypt16(void *a)
{
	uint8_t salt[16] = {1, 2, 3}, out[48];

	bcrypt_pbkdf("mekmitasdigoat", 14, salt, sizeof(salt), out, sizeof(out), 16);
	sink ^= out[0];
}

int
main(int argc, char **argv)
{
	struct edctx ed;
	const char *only = argc > 1 ? argv[1] : "";
	br_chacha20_run sse2 = br_chacha20_sse2_get();

	if (getenv("BENCH_CRYPTO_RUNS") != NULL)
		runs = atoi(getenv("BENCH_CRYPTO_RUNS"));
	if (runs < 1 || runs > MAXRUNS)
		runs = 7;
	if (getenv("BENCH_CRYPTO_MS") != NULL)
		run_ms = atof(getenv("BENCH_CRYPTO_MS"));
	for (int i = 0; i < 32; i++)
		ed.seed[i] = (uint8_t)(i * 5 + 1);
	for (int i = 0; i < 64; i++) {
		ed.msg[i] = (uint8_t)i;
		key64[i] = (uint8_t)(i * 3);
	}
	ed25519_pubkey(ed.pk, ed.seed);
	ed25519_sign(ed.sig, ed.msg, sizeof(ed.msg), ed.seed, ed.pk);
	chachapoly_init(&cp, key64);
	aes_gcm_init(&gcm, key64, 16, key64 + 16);

	printf("# name\tmedian\tmin\tmax\tunit\t(runs=%d, ~%.0f ms each; chachapoly uses %s, "
	    "aes %s, ghash %s)\n", runs, run_ms, chachapoly_impl_name(), aes_impl_name(),
	    ghash_impl_name());
	if (strstr("ed25519", only) || strstr(only, "ed25519")) {
		measure("ed25519 pubkey", "us", op_ed_pubkey, &ed, 0);
		measure("ed25519 sign (64-byte msg)", "us", op_ed_sign, &ed, 0);
		measure("ed25519 verify (64-byte msg)", "us", op_ed_verify, &ed, 0);
	}
	if (strstr("poly1305 chachapoly", only) || strstr(only, "chacha") || strstr(only, "poly")) {
		measure("poly1305 (32 KiB)", "MB/s", op_poly, NULL, PKT);
		measure("chachapoly encrypt (32 KiB packet)", "MB/s", op_chachapoly_enc, NULL, PKT);
		measure("chacha20 BearSSL ct (32 KiB)", "MB/s", op_chacha_ct, NULL, PKT);
		if (sse2 != 0)
			measure("chacha20 BearSSL sse2 (32 KiB)", "MB/s", op_chacha_sse2, (void *)sse2,
			    PKT);
	}
	if (strstr("bcrypt", only) || strstr(only, "bcrypt"))
		measure("bcrypt_pbkdf 16 rounds, 48 bytes", "ms", op_bcrypt16, NULL, 0);
	if (strstr("adapters", only) || strstr(only, "adapters")) {
		measure("aes128-gcm (adapter, 32 KiB packet)", "MB/s", op_gcm, NULL, PKT);
		measure("x25519 (BearSSL m31)", "us", op_x25519, NULL, 0);
	}
	return sink == 0x5a ? 0 : 0;
}
