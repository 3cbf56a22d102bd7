/*
 * pty — the "encoded terminal modes" of a pty-req (RFC 4254 §6.2, §8): the
 * local terminal's settings, so the remote pseudo-terminal behaves like ours
 * (erase character, signals, UTF-8 input...). Each mode is an opcode byte and a
 * uint32 argument; the list ends with TTY_OP_END. Opcode numbers are RFC 4254
 * §8's (IUTF8 is RFC 8160).
 */
#include "ssh/ssh.h"

#include <stdlib.h>
#include <string.h>
#include <termios.h>

#include "core/buf.h"

enum { TTY_OP_END = 0, TTY_OP_ISPEED = 128, TTY_OP_OSPEED = 129 };

struct cc_mode {
	uint8_t	op;
	int	idx;
};

struct flag_mode {
	uint8_t		op;
	int		which;	/* 0 iflag, 1 lflag, 2 oflag, 3 cflag */
	tcflag_t	bit;
};

static const struct cc_mode cc_modes[] = {
	{ 1, VINTR }, { 2, VQUIT }, { 3, VERASE }, { 4, VKILL }, { 5, VEOF }, { 6, VEOL },
	{ 7, VEOL2 }, { 8, VSTART }, { 9, VSTOP }, { 10, VSUSP }, { 12, VREPRINT },
	{ 13, VWERASE }, { 14, VLNEXT }, { 18, VDISCARD },
};

static const struct flag_mode flag_modes[] = {
	{ 30, 0, IGNPAR }, { 31, 0, PARMRK }, { 32, 0, INPCK }, { 33, 0, ISTRIP }, { 34, 0, INLCR },
	{ 35, 0, IGNCR }, { 36, 0, ICRNL }, { 38, 0, IXON }, { 39, 0, IXANY }, { 40, 0, IXOFF },
#ifdef IMAXBEL
	{ 41, 0, IMAXBEL },
#endif
#ifdef IUTF8
	{ 42, 0, IUTF8 },
#endif
	{ 50, 1, ISIG }, { 51, 1, ICANON }, { 53, 1, ECHO }, { 54, 1, ECHOE }, { 55, 1, ECHOK },
	{ 56, 1, ECHONL }, { 57, 1, NOFLSH }, { 58, 1, TOSTOP }, { 59, 1, IEXTEN },
#ifdef ECHOCTL
	{ 60, 1, ECHOCTL },
#endif
#ifdef ECHOKE
	{ 61, 1, ECHOKE },
#endif
	{ 70, 2, OPOST }, { 72, 2, ONLCR }, { 73, 2, OCRNL }, { 74, 2, ONOCR }, { 75, 2, ONLRET },
	{ 92, 3, PARENB }, { 93, 3, PARODD },
};

/* A termios speed constant as bits per second (the argument of TTY_OP_[IO]SPEED). */
static uint32_t
baud(speed_t s)
{
	static const struct { speed_t s; uint32_t bps; } t[] = {
		{ B0, 0 }, { B50, 50 }, { B75, 75 }, { B110, 110 }, { B134, 134 }, { B150, 150 },
		{ B200, 200 }, { B300, 300 }, { B600, 600 }, { B1200, 1200 }, { B1800, 1800 },
		{ B2400, 2400 }, { B4800, 4800 }, { B9600, 9600 }, { B19200, 19200 },
		{ B38400, 38400 }, { B57600, 57600 }, { B115200, 115200 }, { B230400, 230400 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i].s == s)
			return t[i].bps;
	return 38400;
}

static int
put_mode(struct buf *b, uint8_t op, uint32_t v)
{
	int r = buf_put_u8(b, op);

	return r ? r : buf_put_u32(b, v);
}

int
ssh_pty_modes(const void *termios_p, uint8_t **out, size_t *n)
{
	const struct termios *t = termios_p;
	struct buf b;
	size_t i;
	int r = 0;

	buf_init(&b, 0);
	r = put_mode(&b, TTY_OP_ISPEED, baud(cfgetispeed(t)));
	r = r ? r : put_mode(&b, TTY_OP_OSPEED, baud(cfgetospeed(t)));
	for (i = 0; i < sizeof(cc_modes) / sizeof(cc_modes[0]) && r == 0; i++) {
		cc_t v = t->c_cc[cc_modes[i].idx];

		/* _POSIX_VDISABLE (0 on Linux) is sent as 255, "not used" in §8. */
		r = put_mode(&b, cc_modes[i].op, v == 0 ? 255 : v);
	}
	for (i = 0; i < sizeof(flag_modes) / sizeof(flag_modes[0]) && r == 0; i++) {
		const struct flag_mode *m = &flag_modes[i];
		tcflag_t f = m->which == 0 ? t->c_iflag : m->which == 1 ? t->c_lflag :
		    m->which == 2 ? t->c_oflag : t->c_cflag;

		r = put_mode(&b, m->op, (f & m->bit) ? 1 : 0);
	}
	r = r ? r : put_mode(&b, 90, (t->c_cflag & CSIZE) == CS7);
	r = r ? r : put_mode(&b, 91, (t->c_cflag & CSIZE) == CS8);
	r = r ? r : buf_put_u8(&b, TTY_OP_END);
	if (r != 0) {
		buf_release(&b);
		return r;
	}
	*n = buf_avail(&b);
	*out = malloc(*n);
	if (*out == NULL) {
		buf_release(&b);
		return ERR_RANGE;
	}
	memcpy(*out, buf_ptr(&b), *n);
	buf_release(&b);
	return 0;
}
