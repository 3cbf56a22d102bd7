/* The SSH executor's pure parts: Shellwords escaping, the scp sink stream, the output bound. */
#include "harness.h"

#include "core/str.h"
#include "fleet/exec.h"
#include "fleet/sshexec.h"

TEST(sshexec_shellwords_escape)
{
	static const char *const in[] = { ".kamal/apps/app/env/roles/web.env", "", "a b", "it's", "x\ny", "$HOME", "ü" };
	static const char *const want[] = { ".kamal/apps/app/env/roles/web.env", "''", "a\\ b", "it\\'s", "x'\n'y", "\\$HOME", "ü" };
	size_t i;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		struct str s = STR_INIT;

		shellwords_escape(in[i], &s);
		CHECK_STR_EQ(str_cstr(&s), want[i]);
		str_release(&s);
	}
}

TEST(sshexec_scp_sink_stream)
{
	struct str s = STR_INIT;

	scp_sink_file(&s, "web.env", 0600, "A=1\n", 4);
	CHECK_EQ_INT(s.len, 16 + 4 + 1);
	CHECK_MEM_EQ(s.s, "C0600 4 web.env\nA=1\n\0", 21);
	str_reset(&s);
	scp_sink_file(&s, "empty", 0640, "", 0);
	CHECK_MEM_EQ(s.s, "C0640 0 empty\n\0", 15);
	str_release(&s);
}

/* Output is held up to the limit per stream; past it nothing more is kept. */
TEST(xresult_add_bounded)
{
	struct xresult r = XRESULT_INIT;

	CHECK_OK(xresult_add(&r, 1, "abc", 3, 5));
	CHECK_OK(xresult_add(&r, 2, "12345", 5, 5));
	CHECK_OK(xresult_add(&r, 1, "de", 2, 5));
	CHECK(xresult_add(&r, 1, "f", 1, 5) != 0);
	CHECK(xresult_add(&r, 2, "6", 1, 5) != 0);
	CHECK(xresult_add(&r, 1, "x", (size_t)-1, 5) != 0);	/* no wrap-around */
	CHECK_MEM_EQ(r.out.s, "abcde", 5);
	CHECK_EQ_INT(r.out.len, 5);
	CHECK_EQ_INT(r.err.len, 5);
	xresult_release(&r);
}
