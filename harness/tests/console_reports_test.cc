#include "console_reports.h"

#include <gtest/gtest.h>

#include "fixture_util.h"

namespace vh {
namespace {

struct Expected {
  ReportKind kind;
  std::size_t line;
  const char* task;
  int pid;  // 0: none
};

TEST(ConsoleReports, EveryKindInTheZoo) {
  // reports-zoo.log: one header of each kind, written from the kernel's
  // format strings (7.3 and 6.12 WARNING formats both present).
  testing::FixtureLog log("reports-zoo.log");
  auto reports = find_reports(log.lines());
  const Expected want[] = {
      {ReportKind::Warning, 3, "vhost-231", 236},
      {ReportKind::Warning, 6, "kworker/0:2", 77},
      {ReportKind::SleepInAtomic, 8, "vhost-231", 240},
      {ReportKind::Kasan, 12, "vhost_kill_test", 233},
      {ReportKind::Lockdep, 18, "vhost_kill_test", 233},
      {ReportKind::Lockdep, 24, "vhost-231", 236},
      {ReportKind::Lockdep, 39, "vhost-231", 236},
      {ReportKind::Lockdep, 44, "vhost_kill_test", 233},
      {ReportKind::Lockdep, 49, "swapper/1", 0},
      {ReportKind::SoftLockup, 54, "vhost-231", 236},
      {ReportKind::HardLockup, 55, "", 0},
      {ReportKind::Oops, 56, "vhost_kill_test", 233},
      {ReportKind::Bug, 58, "", 0},
      {ReportKind::Oops, 60, "vhost-231", 236},
      {ReportKind::Ubsan, 62, "", 0},
      {ReportKind::RcuStall, 63, "", 0},
      {ReportKind::Bug, 64, "", 0},
      {ReportKind::Panic, 65, "", 0},
  };
  ASSERT_EQ(reports.size(), std::size(want));
  for (std::size_t i = 0; i < reports.size(); ++i) {
    SCOPED_TRACE(reports[i].title);
    EXPECT_EQ(reports[i].kind, want[i].kind);
    EXPECT_EQ(reports[i].line, want[i].line);
    EXPECT_EQ(reports[i].task, want[i].task);
    EXPECT_EQ(reports[i].pid.value_or(0), want[i].pid);
  }
  EXPECT_EQ(reports[0].title, "WARNING: drivers/vhost/vhost.c:512 at vhost_worker_killed+0x150/0x190, CPU#1: vhost-231/236");
  EXPECT_NEAR(reports[0].time.value_or(0), 10.000002, 1e-9);
}

TEST(ConsoleReports, RealSyzbotHungTask) {
  testing::FixtureLog log("syzbot-a9528028-hung-vhost_worker_killed.log");
  auto reports = find_reports(log.lines());
  ASSERT_EQ(reports.size(), 1u);  // the NMI backtrace and lock dump are not reports
  EXPECT_EQ(reports[0].kind, ReportKind::HungTask);
  EXPECT_EQ(reports[0].task, "vhost-7617");
  EXPECT_EQ(reports[0].pid, 7618);
  EXPECT_EQ(reports[0].line, 1u);
}

TEST(ConsoleReports, RealCircularLockingSplat) {
  testing::FixtureLog log("lore-btrfs-circular-locking.log");
  auto reports = find_reports(log.lines());
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].kind, ReportKind::Lockdep);
  EXPECT_EQ(reports[0].title, "WARNING: possible circular locking dependency detected");
  EXPECT_EQ(reports[0].task, "kswapd0");
  EXPECT_EQ(reports[0].pid, 141);
}

TEST(ConsoleReports, RealRcuStall) {
  testing::FixtureLog log("syzbot-62348313-rcu-stall.log");
  auto reports = find_reports(log.lines());
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].kind, ReportKind::RcuStall);
  EXPECT_EQ(reports[0].title, "rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:");
}

TEST(ConsoleReports, KmemleakSummaryAndObjects) {
  // The kernel's summary after a scan, and an object as the guest prints
  // /sys/kernel/debug/kmemleak (no timestamp: it is userspace output).
  EXPECT_EQ(classify_report_header("kmemleak: 2 new suspected memory leaks (see /sys/kernel/debug/kmemleak)"),
            ReportKind::Kmemleak);
  EXPECT_EQ(classify_report_header("unreferenced object 0xff110000026c4e00 (size 64):"), ReportKind::Kmemleak);
  EXPECT_FALSE(classify_report_header("kmemleak: Kernel memory leak detector initialized (mem pool free: 15735)"));
  EXPECT_FALSE(classify_report_header("kmemleak: Automatic memory scanning thread started"));
}

TEST(ConsoleReports, CleanRunHasNone) {
  testing::FixtureLog log("clean-run.log");
  EXPECT_TRUE(find_reports(log.lines()).empty());
}

TEST(ConsoleReports, UserspaceCommentsAreNotReports) {
  EXPECT_FALSE(classify_report_header("# WARNING: this is a test comment"));
  EXPECT_FALSE(classify_report_header("INFO: task vhost-1:2 is blocked on a mutex likely owned by task a:3."));
  EXPECT_FALSE(classify_report_header("Showing all locks held in the system:"));
  EXPECT_EQ(classify_report_header("INFO: task kworker/0:1:12 blocked in I/O wait for more than 30 seconds."),
            ReportKind::HungTask);
  EXPECT_EQ(classify_report_header("[ BUG: Invalid wait context ]"), ReportKind::Lockdep);
}

}  // namespace
}  // namespace vh
