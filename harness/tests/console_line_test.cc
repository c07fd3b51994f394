#include "console_line.h"

#include <gtest/gtest.h>

#include "fixture_util.h"

namespace vh {
namespace {

TEST(ConsoleLine, StripsPrintkTimestamp) {
  StrippedLine s = strip_console_line("[   24.371028] INFO: task vhost-231:236 blocked for more than 10 seconds.\r");
  EXPECT_EQ(s.text, "INFO: task vhost-231:236 blocked for more than 10 seconds.");
  ASSERT_TRUE(s.time);
  EXPECT_NEAR(*s.time, 24.371028, 1e-9);
}

TEST(ConsoleLine, KeepsIndentationAfterTimestamp) {
  // KUnit nesting lives in the indentation after "] ".
  EXPECT_EQ(strip_console_line("[    1.022510]         KTAP version 1").text, "        KTAP version 1");
  EXPECT_EQ(strip_console_line("[   24.373004]  __schedule+0x5e2/0x1a40").text, " __schedule+0x5e2/0x1a40");
}

TEST(ConsoleLine, StripsCallerId) {
  StrippedLine t = strip_console_line("[   23.118421][   T38] INFO: task vhost-312:317 blocked");
  EXPECT_EQ(t.text, "INFO: task vhost-312:317 blocked");
  EXPECT_EQ(t.caller, "T38");
  StrippedLine c = strip_console_line("[    5.000001][    C1] rcu: INFO: rcu_preempt self-detected stall on CPU");
  EXPECT_EQ(c.caller, "C1");
  EXPECT_EQ(c.text, "rcu: INFO: rcu_preempt self-detected stall on CPU");
}

TEST(ConsoleLine, LeavesUntimestampedLinesAlone) {
  StrippedLine s = strip_console_line("# ok 1 global.kill_worker_idle");
  EXPECT_EQ(s.text, "# ok 1 global.kill_worker_idle");
  EXPECT_FALSE(s.time);
  // A bracket that is not a timestamp stays.
  EXPECT_EQ(strip_console_line("[<ffffffff8de17609>] ? __schedule+0x239/0x6f0").text,
            "[<ffffffff8de17609>] ? __schedule+0x239/0x6f0");
}

TEST(ConsoleLine, DropsTerminalEscapesAndLoglevel) {
  EXPECT_EQ(strip_console_line("\x1b[2J\x1b[01;01HSeaBIOS (version 1.16.2)").text, "SeaBIOS (version 1.16.2)");
  EXPECT_EQ(strip_console_line("\x1b" "cTAP version 13").text, "TAP version 13");
  EXPECT_EQ(strip_console_line("<6>[    1.000000] hello").text, "hello");
}

TEST(ConsoleLine, SplitNumbersLinesFromOne) {
  auto lines = split_console("a\r\n[    1.5] b\n\nc");
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].text, "a");
  EXPECT_EQ(lines[1].text, "b");
  EXPECT_EQ(lines[1].number, 2u);
  EXPECT_EQ(lines[2].text, "");
  EXPECT_EQ(lines[3].text, "c");
}

TEST(ConsoleLine, RealMultiLineRecordContinuation) {
  // lore-btrfs-circular-locking.log: continuation lines of a multi-line
  // printk record carry no timestamp and keep their indentation.
  testing::FixtureLog log("lore-btrfs-circular-locking.log");
  auto lines = log.lines();
  ASSERT_GT(lines.size(), 8u);
  EXPECT_EQ(lines[7].text, "               but task is already holding lock:");
  EXPECT_FALSE(lines[7].time);
  EXPECT_TRUE(lines[6].time);
}

TEST(ConsoleLine, PastedFormats) {
  // journalctl -k, dmesg -T, dmesg -x, syslog(2) buffer, printk.time=0 with a caller id.
  EXPECT_EQ(strip_console_line("Nov 28 20:21:26 vm kernel:  ? __mutex_lock+0x20a/0x3b5").text,
            " ? __mutex_lock+0x20a/0x3b5");
  EXPECT_EQ(strip_console_line("[Sat Nov 28 20:21:26 2026] INFO: task vhost-1:2 blocked").text,
            "INFO: task vhost-1:2 blocked");
  StrippedLine x = strip_console_line("kern  :info  : [   12.500000] sysrq: Show Blocked State");
  EXPECT_EQ(x.text, "sysrq: Show Blocked State");
  ASSERT_TRUE(x.time);
  EXPECT_NEAR(*x.time, 12.5, 1e-9);
  EXPECT_EQ(strip_console_line("<14>[    3.000000] user message").text, "user message");
  StrippedLine c = strip_console_line("[  T123] task:vhost-1 state:D");
  EXPECT_EQ(c.caller, "T123");
  EXPECT_EQ(c.text, "task:vhost-1 state:D");
  EXPECT_FALSE(c.time);
}

TEST(ConsoleLine, SplitKeepsCallerIds) {
  auto lines = split_console("[    1.000000][   T38] a\r\n[    1.000001][    C1] b\r\n");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].caller, "T38");
  EXPECT_EQ(lines[1].caller, "C1");
}

}  // namespace
}  // namespace vh
