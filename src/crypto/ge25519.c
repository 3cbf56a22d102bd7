/*
 * ge25519 — edwards25519 point arithmetic (see ge25519.h).
 *
 * Additions use a "cached" form of the second operand, (Y+X, Y-X, 2Z, 2dT), which
 * is what the RFC 8032 §5.1.4 addition formulas consume, so that table entries
 * are converted once. The formulas are complete on edwards25519 (a = -1 is a
 * square, d is not), so the identity and doubling need no special cases.
 */
#include "crypto/ge25519.h"

#include <string.h>

#include "core/wipe.h"

/* d = -121665/121666, 2d, sqrt(-1) = 2^((p-1)/4), and B = (x, 4/5) with x even. */
static const struct fe D = {{
	0x34dca135978a3ULL, 0x1a8283b156ebdULL, 0x5e7a26001c029ULL, 0x739c663a03cbbULL, 0x52036cee2b6ffULL
}};
static const struct fe D2 = {{
	0x69b9426b2f159ULL, 0x35050762add7aULL, 0x3cf44c0038052ULL, 0x6738cc7407977ULL, 0x2406d9dc56dffULL
}};
static const struct fe SQRTM1 = {{
	0x61b274a0ea0b0ULL, 0x0d5a5fc8f189dULL, 0x7ef5e9cbd0c60ULL, 0x78595a6804c9eULL, 0x2b8324804fc1dULL
}};
static const struct fe BX = {{
	0x62d608f25d51aULL, 0x412a4b4f6592aULL, 0x75b7171a4b31dULL, 0x1ff60527118feULL, 0x216936d3cd6e5ULL
}};
static const struct fe BY = {{
	0x6666666666658ULL, 0x4ccccccccccccULL, 0x1999999999999ULL, 0x3333333333333ULL, 0x6666666666666ULL
}};
static const struct fe BT = {{
	0x68ab3a5b7dda3ULL, 0x00eea2a5eadbbULL, 0x2af8df483c27eULL, 0x332b375274732ULL, 0x67875f0fd78b7ULL
}};

struct ge_cached {
	struct fe	ypx, ymx, z2, t2d;
};

void
ge_identity(struct ge *p)
{
	fe_0(&p->X);
	fe_1(&p->Y);
	fe_1(&p->Z);
	fe_0(&p->T);
}

void
ge_base(struct ge *p)
{
	p->X = BX;
	p->Y = BY;
	fe_1(&p->Z);
	p->T = BT;
}

static void
to_cached(struct ge_cached *c, const struct ge *p)
{
	fe_add(&c->ypx, &p->Y, &p->X);
	fe_sub(&c->ymx, &p->Y, &p->X);
	fe_add(&c->z2, &p->Z, &p->Z);
	fe_mul(&c->t2d, &p->T, &D2);
}

static void
cached_identity(struct ge_cached *c)
{
	fe_1(&c->ypx);
	fe_1(&c->ymx);
	fe_1(&c->z2);
	fe_add(&c->z2, &c->z2, &c->z2);
	fe_0(&c->t2d);
}

/* r = p + q (RFC 8032 §5.1.4 addition, with q's factors precomputed). */
static void
add_cached(struct ge *r, const struct ge *p, const struct ge_cached *q)
{
	struct fe a, b, c, d, e, f, g, h;

	fe_sub(&a, &p->Y, &p->X);
	fe_mul(&a, &a, &q->ymx);
	fe_add(&b, &p->Y, &p->X);
	fe_mul(&b, &b, &q->ypx);
	fe_mul(&c, &p->T, &q->t2d);
	fe_mul(&d, &p->Z, &q->z2);
	fe_sub(&e, &b, &a);
	fe_sub(&f, &d, &c);
	fe_add(&g, &d, &c);
	fe_add(&h, &b, &a);
	fe_mul(&r->X, &e, &f);
	fe_mul(&r->Y, &g, &h);
	fe_mul(&r->T, &e, &h);
	fe_mul(&r->Z, &f, &g);
}

/* r = p - q: the addition with -q = (-x, y), i.e. Y+X and Y-X swapped, T negated. */
static void
sub_cached(struct ge *r, const struct ge *p, const struct ge_cached *q)
{
	struct fe a, b, c, d, e, f, g, h;

	fe_sub(&a, &p->Y, &p->X);
	fe_mul(&a, &a, &q->ypx);
	fe_add(&b, &p->Y, &p->X);
	fe_mul(&b, &b, &q->ymx);
	fe_mul(&c, &p->T, &q->t2d);
	fe_mul(&d, &p->Z, &q->z2);
	fe_sub(&e, &b, &a);
	fe_add(&f, &d, &c);
	fe_sub(&g, &d, &c);
	fe_add(&h, &b, &a);
	fe_mul(&r->X, &e, &f);
	fe_mul(&r->Y, &g, &h);
	fe_mul(&r->T, &e, &h);
	fe_mul(&r->Z, &f, &g);
}

/*
 * RFC 8032 §5.1.4 doubling. T is an output only and doubling never reads it, so
 * with_t = 0 skips it (one multiplication) when another doubling follows.
 */
static void
dbl(struct ge *r, const struct ge *p, int with_t)
{
	struct fe a, b, c, e, f, g, h;

	fe_sq(&a, &p->X);
	fe_sq(&b, &p->Y);
	fe_sq(&c, &p->Z);
	fe_add(&c, &c, &c);
	fe_add(&h, &a, &b);
	fe_add(&e, &p->X, &p->Y);
	fe_sq(&e, &e);
	fe_sub(&e, &h, &e);
	fe_sub(&g, &a, &b);
	fe_add(&f, &c, &g);
	fe_mul(&r->X, &e, &f);
	fe_mul(&r->Y, &g, &h);
	if (with_t)
		fe_mul(&r->T, &e, &h);
	fe_mul(&r->Z, &f, &g);
}

void
ge_add(struct ge *r, const struct ge *p, const struct ge *q)
{
	struct ge_cached c;

	to_cached(&c, q);
	add_cached(r, p, &c);
}

void
ge_dbl(struct ge *r, const struct ge *p)
{
	dbl(r, p, 1);
}

void
ge_neg(struct ge *r, const struct ge *p)
{
	fe_neg(&r->X, &p->X);
	r->Y = p->Y;
	r->Z = p->Z;
	fe_neg(&r->T, &p->T);
}

void
ge_tobytes(uint8_t s[32], const struct ge *p)
{
	struct fe zi, x, y;

	/* RFC 8032 §5.1.2: y little-endian, the low bit of x in bit 255. */
	fe_invert(&zi, &p->Z);
	fe_mul(&x, &p->X, &zi);
	fe_mul(&y, &p->Y, &zi);
	fe_tobytes(s, &y);
	s[31] |= (uint8_t)(fe_isodd(&x) << 7);
}

/* 1 if the 255-bit value in s (bit 255 ignored) is >= p = 2^255 - 19. */
static int
y_noncanonical(const uint8_t s[32])
{
	if ((s[31] & 0x7f) != 0x7f || s[0] < 0xed)
		return 0;
	for (int i = 1; i < 31; i++)
		if (s[i] != 0xff)
			return 0;
	return 1;
}

int
ge_frombytes(struct ge *p, const uint8_t s[32])
{
	struct fe u, v, v3, vx2, t, x;
	int sign = s[31] >> 7;

	/* §5.1.3 step 1: y must be canonical. */
	if (y_noncanonical(s))
		return -1;
	fe_frombytes(&p->Y, s);
	fe_1(&p->Z);
	/* Step 2: x^2 = u / v with u = y^2 - 1, v = d y^2 + 1. */
	fe_sq(&u, &p->Y);
	fe_mul(&v, &u, &D);
	fe_sub(&u, &u, &p->Z);
	fe_add(&v, &v, &p->Z);
	/* Step 3: candidate root x = u v^3 (u v^7)^((p-5)/8). */
	fe_sq(&v3, &v);
	fe_mul(&v3, &v3, &v);		/* v^3 */
	fe_sq(&t, &v3);
	fe_mul(&t, &t, &v);		/* v^7 */
	fe_mul(&t, &t, &u);		/* u v^7 */
	fe_pow22523(&t, &t);
	fe_mul(&t, &t, &v3);
	fe_mul(&x, &t, &u);
	fe_sq(&vx2, &x);
	fe_mul(&vx2, &vx2, &v);
	if (!fe_equal(&vx2, &u)) {
		fe_neg(&t, &u);
		if (!fe_equal(&vx2, &t))
			return -1;	/* no square root: not a point */
		fe_mul(&x, &x, &SQRTM1);
	}
	/* Step 4: the sign bit picks the root; x = 0 with sign 1 is invalid. */
	if (fe_iszero(&x) && sign)
		return -1;
	if (fe_isodd(&x) != sign)
		fe_neg(&x, &x);
	p->X = x;
	fe_mul(&p->T, &x, &p->Y);
	return 0;
}

int
ge_is_small_order(const struct ge *p)
{
	struct ge q;

	dbl(&q, p, 0);
	dbl(&q, &q, 0);
	dbl(&q, &q, 0);
	return fe_iszero(&q.X) && fe_equal(&q.Y, &q.Z);
}

/* ---- constant-time fixed-window multiplication (signing) ---- */

static void
cached_cmov(struct ge_cached *t, const struct ge_cached *u, unsigned int b)
{
	fe_cmov(&t->ypx, &u->ypx, b);
	fe_cmov(&t->ymx, &u->ymx, b);
	fe_cmov(&t->z2, &u->z2, b);
	fe_cmov(&t->t2d, &u->t2d, b);
}

/* 1 if a == b for small non-negative values, without a branch. */
static unsigned int
eq_u8(unsigned int a, unsigned int b)
{
	return ((a ^ b) - 1) >> 31;
}

/*
 * t = digit * P from tab[i] = (i + 1) P, digit in [-8, 8]: every entry is read
 * and the right one kept by masks, then negated by mask if the digit is negative.
 */
static void
select_cached(struct ge_cached *t, const struct ge_cached tab[8], int digit)
{
	unsigned int neg = (unsigned int)digit >> 31 & 1;
	unsigned int mag = (unsigned int)((digit ^ -(int)neg) + (int)neg);
	struct ge_cached minus;

	cached_identity(t);
	for (unsigned int j = 1; j <= 8; j++)
		cached_cmov(t, &tab[j - 1], eq_u8(mag, j));
	minus.ypx = t->ymx;
	minus.ymx = t->ypx;
	minus.z2 = t->z2;
	fe_neg(&minus.t2d, &t->t2d);
	cached_cmov(t, &minus, neg);
}

/*
 * r = [a]P in constant time: a is rewritten in signed radix 16 (64 digits in
 * [-8, 8], sum e_i 16^i), then Horner's rule with four doublings and one table
 * addition per digit. Needs a[31] <= 127 so that the top digit stays <= 8.
 */
static void
scalarmult_ct(struct ge *r, const uint8_t a[32], const struct ge *p)
{
	struct ge_cached tab[8], t;
	struct ge q;
	signed char e[64];
	int carry = 0;

	for (int i = 0; i < 32; i++) {
		e[2 * i] = (signed char)(a[i] & 15);
		e[2 * i + 1] = (signed char)((a[i] >> 4) & 15);
	}
	for (int i = 0; i < 63; i++) {
		e[i] = (signed char)(e[i] + carry);
		carry = (e[i] + 8) >> 4;
		e[i] = (signed char)(e[i] - carry * 16);
	}
	e[63] = (signed char)(e[63] + carry);

	to_cached(&tab[0], p);
	dbl(&q, p, 1);
	to_cached(&tab[1], &q);
	for (int i = 2; i < 8; i++) {
		add_cached(&q, &q, &tab[0]);
		to_cached(&tab[i], &q);
	}

	ge_identity(r);
	for (int i = 63; i >= 0; i--) {
		if (i != 63) {
			dbl(r, r, 0);
			dbl(r, r, 0);
			dbl(r, r, 0);
			dbl(r, r, 1);
		}
		select_cached(&t, tab, e[i]);
		add_cached(r, r, &t);
	}
	wipe(e, sizeof(e));
	wipe(tab, sizeof(tab));
	wipe(&t, sizeof(t));
	wipe(&q, sizeof(q));
}

void
ge_scalarmult_base(struct ge *r, const uint8_t a[32])
{
	struct ge b;

	ge_base(&b);
	scalarmult_ct(r, a, &b);
}

/* ---- variable-time double multiplication (verification) ---- */

#define WNAF_W		5
#define WNAF_LEN	257

/*
 * Width-5 non-adjacent form: digits odd in [-15, 15] or 0, and any five
 * consecutive digits hold at most one non-zero. For s < 2^256 the length is at
 * most 257.
 */
static void
wnaf(signed char naf[WNAF_LEN], const uint8_t s[32])
{
	uint64_t k[5] = {0, 0, 0, 0, 0};

	for (int i = 0; i < 32; i++)
		k[i / 8] |= (uint64_t)s[i] << (8 * (i % 8));
	for (int i = 0; i < WNAF_LEN; i++) {
		int d = 0;

		if (k[0] & 1) {
			d = (int)(k[0] & ((1u << WNAF_W) - 1));
			if (d >= 1 << (WNAF_W - 1))
				d -= 1 << WNAF_W;
			if (d > 0) {
				k[0] -= (uint64_t)d;	/* clears low bits: no borrow */
			} else {
				uint64_t add = (uint64_t)-d, c;

				/* Adding makes k's low W bits zero; propagate the carry. */
				k[0] += add;
				c = k[0] < add;
				for (int j = 1; j < 5 && c; j++) {
					k[j] += 1;
					c = k[j] == 0;
				}
			}
		}
		naf[i] = (signed char)d;
		for (int j = 0; j < 4; j++)
			k[j] = k[j] >> 1 | k[j + 1] << 63;
		k[4] >>= 1;
	}
}

/* tab[i] = (2i + 1) P for i = 0..7. */
static void
odd_multiples(struct ge_cached tab[8], const struct ge *p)
{
	struct ge p2, q;
	struct ge_cached c2;

	dbl(&p2, p, 1);
	to_cached(&c2, &p2);
	to_cached(&tab[0], p);
	q = *p;
	for (int i = 1; i < 8; i++) {
		add_cached(&q, &q, &c2);
		to_cached(&tab[i], &q);
	}
}

void
ge_double_scalarmult_vartime(struct ge *r, const uint8_t a[32], const struct ge *p,
    const uint8_t b[32])
{
	signed char na[WNAF_LEN], nb[WNAF_LEN];
	struct ge_cached ta[8], tb[8];
	struct ge base;
	int i;

	wnaf(na, a);
	wnaf(nb, b);
	odd_multiples(ta, p);
	ge_base(&base);
	odd_multiples(tb, &base);

	ge_identity(r);
	for (i = WNAF_LEN - 1; i >= 0 && na[i] == 0 && nb[i] == 0; i--)
		;
	for (; i >= 0; i--) {
		/* T is needed only if an addition follows (or this is the result). */
		dbl(r, r, na[i] != 0 || nb[i] != 0 || i == 0);
		if (na[i] > 0)
			add_cached(r, r, &ta[na[i] / 2]);
		else if (na[i] < 0)
			sub_cached(r, r, &ta[-na[i] / 2]);
		if (nb[i] > 0)
			add_cached(r, r, &tb[nb[i] / 2]);
		else if (nb[i] < 0)
			sub_cached(r, r, &tb[-nb[i] / 2]);
	}
}
