#include "lock_dump.h"

#include <gtest/gtest.h>

#include "fixture_util.h"

namespace vh {
namespace {

TEST(LockDump, HeaderFormats) {
  auto a = parse_task_locks_header("3 locks held by vhost-7617/7618:");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->comm, "vhost-7617");
  EXPECT_EQ(a->pid, 7618);
  EXPECT_EQ(a->count, 3);
  auto b = parse_task_locks_header("1 lock held by kworker/u8:3/77:");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->comm, "kworker/u8:3");
  auto c = parse_task_locks_header("locks held by vhost_kill_test/233: 2, on CPU#0:");  // 7.x
  ASSERT_TRUE(c);
  EXPECT_EQ(c->comm, "vhost_kill_test");
  EXPECT_EQ(c->pid, 233);
  EXPECT_EQ(c->count, 2);
  auto d = parse_task_locks_header("no locks held by sh/1.");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->count, 0);
  EXPECT_FALSE(parse_task_locks_header("Showing all locks held in the system:"));
}

TEST(LockDump, HeldLockEntry) {
  auto l = parse_held_lock(" #2: ffff8880550c0258 (&vq->mutex){+.+.}-{4:4}, at: vhost_worker_killed+0x12b/0x390 drivers/vhost/vhost.c:476");
  ASSERT_TRUE(l);
  EXPECT_EQ(l->index, 2);
  EXPECT_EQ(l->address, "ffff8880550c0258");
  EXPECT_EQ(l->class_name, "&vq->mutex");
  EXPECT_EQ(l->site, "vhost_worker_killed+0x12b/0x390");
  EXPECT_EQ(l->site_function, "vhost_worker_killed");
  EXPECT_EQ(l->location, "drivers/vhost/vhost.c:476");
  auto wq = parse_held_lock(" #1: ffffc9000332b2f0 ((work_completion)(&map->work)){+.+.}-{0:0}, at: process_one_work+0x450/0xc20");
  ASSERT_TRUE(wq);
  EXPECT_EQ(wq->class_name, "(work_completion)(&map->work)");
  auto old = parse_held_lock(" #0:  (&mm->mmap_sem){++++}, at: [<ffffffff811d0f3c>] do_page_fault+0x1c/0x40");
  ASSERT_TRUE(old);
  EXPECT_EQ(old->address, "");
  EXPECT_EQ(old->class_name, "&mm->mmap_sem");
  EXPECT_EQ(old->site_function, "do_page_fault");
}

TEST(LockDump, RealSyzbotDumpWithInlineDuplicatesAndUnlistedTasks) {
  testing::FixtureLog log("syzbot-a9528028-hung-vhost_worker_killed.log");
  auto dumps = parse_lock_dumps(log.lines());
  ASSERT_EQ(dumps.size(), 1u);
  const LockDump& d = dumps[0];
  EXPECT_TRUE(d.system_wide);
  EXPECT_TRUE(d.complete);
  ASSERT_EQ(d.tasks.size(), 9u);
  const TaskLocks* khung = d.find(32);
  ASSERT_TRUE(khung);
  ASSERT_EQ(khung->locks.size(), 1u);  // three "#0:" lines, one per inlined frame
  EXPECT_EQ(khung->locks[0].site_function, "debug_show_all_locks");
  const TaskLocks* syz = d.find(7601);
  ASSERT_TRUE(syz);
  EXPECT_TRUE(syz->unlisted());
  const TaskLocks* worker = d.find(7618);
  ASSERT_TRUE(worker);
  ASSERT_EQ(worker->locks.size(), 3u);
  EXPECT_EQ(worker->locks[2].class_name, "&vq->mutex");
}

TEST(LockDump, RepeatedDumpsAreKeptApart) {
  // base-vq-mutex-hang-6.12.log: one dump from khungtaskd, one from sysrq-d.
  testing::FixtureLog log("base-vq-mutex-hang-6.12.log");
  auto dumps = parse_lock_dumps(log.lines());
  ASSERT_EQ(dumps.size(), 2u);
  EXPECT_EQ(dumps[0].tasks.size(), 3u);
  EXPECT_EQ(dumps[1].tasks.size(), 3u);
  EXPECT_TRUE(dumps[1].find(301));
  EXPECT_FALSE(dumps[0].find(301));
  EXPECT_NEAR(dumps[1].time.value_or(0), 145.20436, 1e-6);
}

TEST(LockDump, SplatTaskListIsLoose) {
  testing::FixtureLog log("lore-btrfs-circular-locking.log");
  auto dumps = parse_lock_dumps(log.lines());
  ASSERT_EQ(dumps.size(), 1u);
  EXPECT_FALSE(dumps[0].system_wide);
  ASSERT_EQ(dumps[0].tasks.size(), 1u);
  EXPECT_EQ(dumps[0].tasks[0].comm, "kswapd0");
  EXPECT_EQ(dumps[0].tasks[0].locks.size(), 2u);
}

}  // namespace
}  // namespace vh
