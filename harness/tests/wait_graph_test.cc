#include "wait_graph.h"

#include <gtest/gtest.h>

#include "fixture_util.h"

namespace vh {
namespace {

WaitGraph graph_of(const testing::FixtureLog& log) { return build_wait_graph(collect_evidence(log.lines())); }

Frame fn(const std::string& name) {
  Frame f;
  f.function = name;
  f.symbol = name + "+0x1/0x2";
  return f;
}

TEST(ClassifyWait, InnermostPrimitiveWins) {
  WaitSite lock = classify_wait({fn("__schedule"), fn("schedule"), fn("__mutex_lock"), fn("vhost_worker_killed")});
  EXPECT_EQ(lock.kind, WaitKind::Lock);
  EXPECT_EQ(lock.primitive, "__mutex_lock");
  ASSERT_TRUE(lock.site);
  EXPECT_EQ(lock.site->function, "vhost_worker_killed");

  // synchronize_rcu waits on a completion internally: still an RCU wait.
  WaitSite rcu = classify_wait({fn("__schedule"), fn("wait_for_completion_state"), fn("__wait_rcu_gp"),
                                fn("synchronize_rcu"), fn("vhost_worker_killed")});
  EXPECT_EQ(rcu.kind, WaitKind::Rcu);
  EXPECT_EQ(rcu.primitive, "synchronize_rcu");

  // A mutex inside synchronize_rcu_expedited is a lock wait.
  WaitSite exp = classify_wait({fn("__schedule"), fn("__mutex_lock"), fn("synchronize_rcu_expedited"), fn("foo")});
  EXPECT_EQ(exp.kind, WaitKind::Lock);

  WaitSite done = classify_wait({fn("__schedule"), fn("wait_for_completion"), fn("__vhost_worker_flush")});
  EXPECT_EQ(done.kind, WaitKind::Completion);
  EXPECT_EQ(classify_wait({}).kind, WaitKind::Unknown);
}

TEST(WaitGraph, HolderByAddressWithStack) {
  testing::FixtureLog log("base-vq-mutex-hang-7.3.log");
  WaitGraph g = graph_of(log);
  const BlockedTask* t = g.find(236);
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->hung);
  ASSERT_TRUE(t->acquiring);
  EXPECT_EQ(t->acquiring->address, "ffff888003a1c0b8");
  EXPECT_EQ(t->held.size(), 2u);
  ASSERT_EQ(t->holders.size(), 1u);
  const HolderInfo& h = t->holders[0];
  EXPECT_EQ(h.pid, 233);
  EXPECT_TRUE(h.from_blocker_hint);
  ASSERT_TRUE(h.held);
  EXPECT_EQ(h.held->site, "vhost_vring_ioctl+0x6e/0x9a0");
  EXPECT_NE(h.doing.find("sleeping (state S) in handle_userfault"), std::string::npos);
  EXPECT_NE(h.doing.find("vhost_vring_ioctl+0x3b2/0x9a0"), std::string::npos);
  EXPECT_TRUE(g.cycles.empty());
  EXPECT_EQ(chain_from(g, 236), (std::vector<int>{236, 233}));
}

TEST(WaitGraph, HolderListedWithoutStackIsNotBlocked) {
  testing::FixtureLog log("base-vq-mutex-hang-6.12.log");
  WaitGraph g = graph_of(log);
  const BlockedTask* t = g.find(317);
  ASSERT_TRUE(t);
  ASSERT_EQ(t->holders.size(), 1u);
  EXPECT_EQ(t->holders[0].comm, "vhost_kill_test");
  EXPECT_FALSE(t->holders[0].from_blocker_hint);
  EXPECT_EQ(t->holders[0].doing, "running/not blocked (its locks were listed without a stack)");
  EXPECT_EQ(t->locks_line, 60u);  // the last complete dump (sysrq-d), not the first
}

TEST(WaitGraph, HolderNotPrintedListsCandidates) {
  testing::FixtureLog log("syzbot-a9528028-hung-vhost_worker_killed.log");
  WaitGraph g = graph_of(log);
  const BlockedTask* t = g.find(7618);
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->holders.empty());
  EXPECT_EQ(t->unlisted_candidates,
            (std::vector<std::string>{"syz.5.259/7601 (2 locks not listed)", "syz.2.640/9940 (1 locks not listed)",
                                      "syz.3.641/9946 (4 locks not listed)", "syz.1.642/9954 (3 locks not listed)"}));
}

TEST(WaitGraph, AbbaCycle) {
  testing::FixtureLog log("abba-deadlock.log");
  WaitGraph g = graph_of(log);
  ASSERT_EQ(g.cycles.size(), 1u);
  EXPECT_EQ(g.cycles[0], (std::vector<int>{401, 402}));
}

TEST(WaitGraph, FlushWaitsForTheVhostWorker) {
  testing::FixtureLog log("flush-completion-hang.log");
  WaitGraph g = graph_of(log);
  const BlockedTask* flusher = g.find(314);
  ASSERT_TRUE(flusher);
  EXPECT_EQ(flusher->wait.kind, WaitKind::Completion);
  ASSERT_EQ(flusher->holders.size(), 1u);
  EXPECT_EQ(flusher->holders[0].comm, "vhost-312");
  EXPECT_FALSE(flusher->holders[0].via.empty());
  ASSERT_EQ(g.cycles.size(), 1u);
  EXPECT_EQ(g.cycles[0], (std::vector<int>{314, 317}));
}

TEST(WaitGraph, ClassFallbackWhenAddressesAbsent) {
  std::string log =
      "INFO: task a:10 blocked for more than 5 seconds.\n"
      "task:a               state:D stack:0     pid:10    tgid:10    ppid:1      flags:0x0\n"
      "Call Trace:\n <TASK>\n __schedule+0x1/0x2\n __mutex_lock+0x1/0x2\n do_a+0x1/0x2\n </TASK>\n"
      "Showing all locks held in the system:\n"
      "1 lock held by a/10:\n #0:  (big_lock){+.+.}, at: [<ffffffff81000000>] do_a+0x1/0x2\n"
      "1 lock held by b/11:\n #0:  (big_lock){+.+.}, at: [<ffffffff81000001>] do_b+0x5/0x9\n"
      "=============================================\n";
  auto lines = split_console(log);
  WaitGraph g = build_wait_graph(collect_evidence(Lines(lines)));
  const BlockedTask* t = g.find(10);
  ASSERT_TRUE(t);
  ASSERT_EQ(t->holders.size(), 1u);
  EXPECT_EQ(t->holders[0].pid, 11);
  EXPECT_TRUE(t->holders[0].matched_by_class);
}

}  // namespace
}  // namespace vh
