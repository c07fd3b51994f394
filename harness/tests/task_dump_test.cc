#include "task_dump.h"

#include <gtest/gtest.h>

#include "fixture_util.h"

namespace vh {
namespace {

TEST(TaskDump, Header73WithTaskFlags) {
  auto h = parse_task_header(
      "task:vhost-231       state:D stack:0     pid:236   tgid:231   ppid:229    task_flags:0x404040 flags:0x00004000");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->comm, "vhost-231");
  EXPECT_EQ(h->state, 'D');
  EXPECT_EQ(h->pid, 236);
  EXPECT_EQ(h->tgid, 231);
  EXPECT_EQ(h->ppid, 229);
  EXPECT_FALSE(h->running);
}

TEST(TaskDump, RunningTaskAndOldPadding) {
  auto h = parse_task_header("task:udevd           state:R  running task     stack:24376 pid:5961  tgid:5961  ppid:5200");
  ASSERT_TRUE(h);
  EXPECT_TRUE(h->running);
  EXPECT_EQ(h->pid, 5961);
  auto old = parse_task_header("task:rcu_preempt     state:R stack:28416 pid:   16 ppid:     2 flags:0x00004000");
  ASSERT_TRUE(old);
  EXPECT_EQ(old->pid, 16);
  EXPECT_EQ(old->ppid, 2);
  EXPECT_FALSE(old->tgid);
}

TEST(TaskDump, RealSyzbotStackWithInlineFrames) {
  testing::FixtureLog log("syzbot-a9528028-hung-vhost_worker_killed.log");
  auto dumps = parse_task_dumps(log.lines());
  ASSERT_EQ(dumps.size(), 1u);
  const TaskDump& d = dumps[0];
  EXPECT_EQ(d.comm, "vhost-7617");
  EXPECT_EQ(d.pid, 7618);
  EXPECT_EQ(d.tgid, 7593);
  ASSERT_EQ(d.frames.size(), 11u);
  EXPECT_EQ(d.frames[0].function, "context_switch");
  EXPECT_EQ(d.frames[7].function, "vhost_worker_killed");
  EXPECT_EQ(d.frames[7].location, "drivers/vhost/vhost.c:476");
}

TEST(TaskDump, HolderStackAcrossPageFaultRegisters) {
  // base-vq-mutex-hang-7.3.log: the owner's stack has a RIP/register block
  // in the middle (exception frame); frames after it still belong to it.
  testing::FixtureLog log("base-vq-mutex-hang-7.3.log");
  auto dumps = parse_task_dumps(log.lines());
  ASSERT_EQ(dumps.size(), 3u);  // hung report, blocker owner, sysrq-w
  const TaskDump& owner = dumps[1];
  EXPECT_EQ(owner.comm, "vhost_kill_test");
  EXPECT_EQ(owner.state, 'S');
  EXPECT_TRUE(has_function(owner.frames, "handle_userfault"));
  EXPECT_TRUE(has_function(owner.frames, "vhost_vring_ioctl"));
  EXPECT_EQ(owner.frames.back().function, "entry_SYSCALL_64_after_hwframe");
  EXPECT_EQ(dumps[0].frames.size(), 13u);
  EXPECT_EQ(reliable_frames(dumps[0].frames).size(), 9u);
}

TEST(TaskDump, RealRcuStallRunningTask) {
  testing::FixtureLog log("syzbot-62348313-rcu-stall.log");
  auto dumps = parse_task_dumps(log.lines());
  ASSERT_EQ(dumps.size(), 1u);
  EXPECT_EQ(dumps[0].comm, "udevd");
  EXPECT_TRUE(dumps[0].running);
  EXPECT_EQ(dumps[0].frames.size(), 5u);
}

}  // namespace
}  // namespace vh
