/* The SSH executor's pure parts: Shellwords escaping and the scp sink stream. */
#include "harness.h"

#include "core/str.h"
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
