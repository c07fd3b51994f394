#include "stack_trace.h"

#include <gtest/gtest.h>

namespace vh {
namespace {

TEST(StackTrace, PlainFrame) {
  auto f = parse_frame(" __mutex_lock+0x6a4/0xd10");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->function, "__mutex_lock");
  EXPECT_EQ(f->symbol, "__mutex_lock+0x6a4/0xd10");
  EXPECT_FALSE(f->unreliable);
}

TEST(StackTrace, SyzbotFramesWithLocationAndInline) {
  auto f = parse_frame(" vhost_worker_killed+0x12b/0x390 drivers/vhost/vhost.c:476");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->function, "vhost_worker_killed");
  EXPECT_EQ(f->location, "drivers/vhost/vhost.c:476");
  auto inl = parse_frame(" __mutex_lock_common kernel/locking/mutex.c:692 [inline]");
  ASSERT_TRUE(inl);
  EXPECT_TRUE(inl->inlined);
  EXPECT_EQ(inl->function, "__mutex_lock_common");
}

TEST(StackTrace, UnreliableModuleAndSuffixes) {
  auto f = parse_frame(" ? __btrfs_release_delayed_node.part.0+0x3f/0x280 [btrfs]");
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->unreliable);
  EXPECT_EQ(f->function, "__btrfs_release_delayed_node");
  EXPECT_EQ(f->module, "btrfs");
  auto old = parse_frame("[<ffffffff8de17609>] ? __schedule+0x239/0x6f0");
  ASSERT_TRUE(old);
  EXPECT_EQ(old->function, "__schedule");
}

TEST(StackTrace, RejectsNonFrames) {
  EXPECT_FALSE(parse_frame("RIP: 0010:rep_movs_alternative+0x33/0x70"));
  EXPECT_FALSE(parse_frame(" <TASK>"));
  EXPECT_FALSE(parse_frame("Call Trace:"));
  EXPECT_FALSE(parse_frame("ok 1 global.kill_worker_idle"));
  EXPECT_FALSE(parse_frame(" 0xffff0000403cff00"));
  EXPECT_FALSE(parse_frame("hello world"));
}

}  // namespace
}  // namespace vh
