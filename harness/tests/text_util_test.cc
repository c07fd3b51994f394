#include "text_util.h"

#include <gtest/gtest.h>

namespace vh {
namespace {

TEST(TextUtil, TrimAndInts) {
  EXPECT_EQ(trim("  a b \r\n"), "a b");
  EXPECT_EQ(parse_int("42"), 42);
  EXPECT_EQ(parse_int("-7"), -7);
  EXPECT_FALSE(parse_int("4x"));
  EXPECT_EQ(leading_int("  317   tgid"), 317);
}

TEST(TextUtil, CommPidSplitsAtLastSeparator) {
  auto a = split_comm_pid("kworker/0:1:123", ':');
  ASSERT_TRUE(a);
  EXPECT_EQ(a->comm, "kworker/0:1");
  EXPECT_EQ(a->pid, 123);
  auto b = split_comm_pid("kworker/u8:3/77", '/');
  ASSERT_TRUE(b);
  EXPECT_EQ(b->comm, "kworker/u8:3");
  EXPECT_EQ(b->pid, 77);
  EXPECT_FALSE(split_comm_pid("nopid", '/'));
}

TEST(TextUtil, IntAfterKeyNeedsWordStart) {
  std::string_view t = "task:x state:D stack:0     pid:236   tgid:231   ppid:229";
  EXPECT_EQ(int_after_key(t, "pid:"), 236);
  EXPECT_EQ(int_after_key(t, "tgid:"), 231);
  EXPECT_EQ(int_after_key(t, "ppid:"), 229);
  EXPECT_EQ(int_after_key("pid:   14 ppid:     2", "ppid:"), 2);  // old kernels pad after ':'
}

TEST(TextUtil, Glob) {
  EXPECT_TRUE(glob_match("selftests: vhost: *", "selftests: vhost: vhost_kill_test"));
  EXPECT_TRUE(glob_match("*kill*", "a/kill_worker"));
  EXPECT_TRUE(glob_match("a?c", "abc"));
  EXPECT_FALSE(glob_match("a*d", "abc"));
  EXPECT_TRUE(glob_match("exact", "exact"));
}

}  // namespace
}  // namespace vh
