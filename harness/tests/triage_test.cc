// Triage on console text. Each row names a fixture and the diagnosis a
// kernel developer reads from it by hand. To add a real log from a run,
// drop it into tests/fixtures/ as real-<something>.log and add one row.
#include "triage.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "fixture_util.h"

namespace vh {
namespace {

Diagnosis triage_text(const std::string& text, std::vector<std::string> expect = {}) {
  AnalyzeOptions o;
  o.expect_reports = std::move(expect);
  std::string error;
  auto a = analyze_log(text, o, &error);
  EXPECT_TRUE(a) << error;
  return a ? triage(*a) : Diagnosis{};
}

Diagnosis triage_fixture(const std::string& name) { return triage_text(testing::load_fixture(name)); }

struct HangCase {
  const char* fixture;
  HangClass classification;
  const char* hung_comm;
  int hung_pid;
  const char* lock_class;    // "" when not waiting for a lock
  const char* lock_address;
  const char* blocked_in;    // function the task is blocked in (its wait site)
  const char* holder_comm;   // "" when no holder is named
  int holder_pid;
  const char* holder_site;   // function where the holder took the lock
};

void PrintTo(const HangCase& c, std::ostream* os) { *os << c.fixture; }

class TriageHang : public ::testing::TestWithParam<HangCase> {};

TEST_P(TriageHang, NamesTaskLockAndHolder) {
  const HangCase& c = GetParam();
  Diagnosis d = triage_fixture(c.fixture);
  EXPECT_EQ(d.verdict, Verdict::Fail);
  EXPECT_EQ(d.exit_code, 1);
  const HangFinding* f = nullptr;
  for (const HangFinding& h : d.hangs)
    if (h.task.pid == c.hung_pid) f = &h;
  ASSERT_TRUE(f) << "no finding for pid " << c.hung_pid;
  EXPECT_EQ(f->classification, c.classification);
  EXPECT_EQ(f->task.comm, c.hung_comm);
  ASSERT_TRUE(f->task.wait.site);
  EXPECT_EQ(f->task.wait.site->function, c.blocked_in);
  if (*c.lock_class) {
    ASSERT_TRUE(f->task.acquiring);
    EXPECT_EQ(f->task.acquiring->class_name, c.lock_class);
    EXPECT_EQ(f->task.acquiring->address, c.lock_address);
  } else {
    EXPECT_FALSE(f->task.acquiring);
  }
  if (*c.holder_comm) {
    ASSERT_FALSE(f->task.holders.empty());
    const HolderInfo& h = f->task.holders.front();
    EXPECT_EQ(h.comm, c.holder_comm);
    EXPECT_EQ(h.pid, c.holder_pid);
    if (*c.holder_site) {
      ASSERT_TRUE(h.held);
      EXPECT_EQ(h.held->site.substr(0, h.held->site.find('+')), c.holder_site);
    }
  } else {
    EXPECT_TRUE(f->task.holders.empty());
  }
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, TriageHang,
    ::testing::Values(
        // Real syzbot report: the vq->mutex holder's locks were not printed.
        HangCase{"syzbot-a9528028-hung-vhost_worker_killed.log", HangClass::VqMutexInVhostWorkerKilled, "vhost-7617",
                 7618, "&vq->mutex", "ffff8880550c0258", "vhost_worker_killed", "", 0, ""},
        HangCase{"base-vq-mutex-hang-7.3.log", HangClass::VqMutexInVhostWorkerKilled, "vhost-231", 236, "&vq->mutex",
                 "ffff888003a1c0b8", "vhost_worker_killed", "vhost_kill_test", 233, "vhost_vring_ioctl"},
        HangCase{"base-vq-mutex-hang-6.12.log", HangClass::VqMutexInVhostWorkerKilled, "vhost-312", 317, "&vq->mutex",
                 "ffff888004f180b8", "vhost_worker_killed", "vhost_kill_test", 314, "vhost_vring_ioctl"},
        HangCase{"rcu-stall-synchronize-rcu.log", HangClass::SynchronizeRcuInVhostWorkerKilled, "vhost-312", 317, "",
                 "", "vhost_worker_killed", "", 0, ""},
        HangCase{"flush-completion-hang.log", HangClass::FlushCompletion, "vhost_kill_test", 314, "", "",
                 "__vhost_worker_flush", "vhost-312", 317, ""},
        HangCase{"flush-completion-hang.log", HangClass::VqMutexInVhostWorkerKilled, "vhost-312", 317, "&vq->mutex",
                 "ffff888004f180b8", "vhost_worker_killed", "vhost_kill_test", 314, "vhost_vsock_dev_ioctl"},
        HangCase{"abba-deadlock.log", HangClass::Other, "worker_a", 401, "lock_b", "ffffffffc0201080", "take_b_after_a",
                 "worker_b", 402, "take_a_after_b"},
        // This project's reproducer on the unpatched 7.3.4 base (real).
        HangCase{"real-7.3-base-vsock-stall.log", HangClass::VqMutexInVhostWorkerKilled, "vhost-330", 331,
                 "&vq->mutex", "ff11000000ea4c68", "vhost_worker_killed", "vhost_kill_stal", 332,
                 "vhost_vring_ioctl"},
        // Two workers of one vhost-scsi device, both behind the same holder.
        HangCase{"real-7.3-base-scsi-two-workers.log", HangClass::VqMutexInVhostWorkerKilled, "vhost-352", 353,
                 "&vq->mutex", "ff11000002c09700", "vhost_worker_killed", "vhost_kill_stal", 355,
                 "vhost_vring_ioctl"},
        HangCase{"real-7.3-base-scsi-two-workers.log", HangClass::VqMutexInVhostWorkerKilled, "vhost-352", 354,
                 "&vq->mutex", "ff11000002c09700", "vhost_worker_killed", "vhost_kill_stal", 355,
                 "vhost_vring_ioctl"},
        // The kill handler fixed, the work functions not yet: the worker
        // waits in vsock's send_pkt_work, in its normal loop (real).
        HangCase{"real-7.3-work-fn-stall.log", HangClass::VqMutexInVhostWork, "vhost-422", 423, "&vq->mutex",
                 "ff110000027a0248", "vhost_transport_do_send_pkt", "vhost_kill_stal", 425,
                 "vhost_vring_ioctl"},
        // One hang on a kernel without ORC (guess unwinder: every frame
        // "? "), in every form a user pastes it (real; see fixtures/README.md).
        HangCase{"real-7.3-guess-console.log", HangClass::VqMutexInVhostWorkerKilled, "vhost-56", 57, "&vq->mutex",
                 "ff110000025f4c68", "vhost_worker_killed", "vhost_kill_stal", 58, "vhost_vring_ioctl"},
        HangCase{"real-7.3-guess-cut.log", HangClass::VqMutexInVhostWorkerKilled, "vhost-56", 57, "&vq->mutex",
                 "ff110000025f4c68", "vhost_worker_killed", "vhost_kill_stal", 58, "vhost_vring_ioctl"},
        HangCase{"real-7.3-guess-dmesg.log", HangClass::VqMutexInVhostWorkerKilled, "vhost-56", 57, "&vq->mutex",
                 "ff110000025f4c68", "vhost_worker_killed", "vhost_kill_stal", 58, "vhost_vring_ioctl"},
        HangCase{"real-7.3-guess-dmesg-T.log", HangClass::VqMutexInVhostWorkerKilled, "vhost-56", 57, "&vq->mutex",
                 "ff110000025f4c68", "vhost_worker_killed", "vhost_kill_stal", 58, "vhost_vring_ioctl"},
        HangCase{"real-7.3-guess-dmesg-t.log", HangClass::VqMutexInVhostWorkerKilled, "vhost-56", 57, "&vq->mutex",
                 "ff110000025f4c68", "vhost_worker_killed", "vhost_kill_stal", 58, "vhost_vring_ioctl"},
        HangCase{"real-7.3-guess-journalctl-k.log", HangClass::VqMutexInVhostWorkerKilled, "vhost-56", 57,
                 "&vq->mutex", "ff110000025f4c68", "vhost_worker_killed", "vhost_kill_stal", 58,
                 "vhost_vring_ioctl"},
        // Another boot of that kernel with CONFIG_PRINTK_CALLER (real).
        HangCase{"real-7.3-guess-caller-console.log", HangClass::VqMutexInVhostWorkerKilled, "vhost-56", 57,
                 "&vq->mutex", "ff11000002404c68", "vhost_worker_killed", "vhost_kill_stal", 58,
                 "vhost_vring_ioctl"},
        HangCase{"real-7.3-guess-caller-dmesg.log", HangClass::VqMutexInVhostWorkerKilled, "vhost-56", 57,
                 "&vq->mutex", "ff11000002404c68", "vhost_worker_killed", "vhost_kill_stal", 58,
                 "vhost_vring_ioctl"},
        // Derived: a real hung-task report and a real sysrq-t dump of the
        // same boot, their lines interleaved as two CPUs print them.
        HangCase{"derived-7.3-guess-caller-2cpu-interleaved.log", HangClass::VqMutexInVhostWorkerKilled, "vhost-56",
                 57, "&vq->mutex", "ff11000002634c68", "vhost_worker_killed", "vhost_kill_stal", 58,
                 "vhost_vring_ioctl"}));

// Two CPUs' lines interleaved: the hung-task report's own stack and lock
// dump (khungtaskd, caller T22) are read back together.
TEST(Triage, InterleavedCallersAreReadPerCaller) {
  std::string log = testing::load_fixture("derived-7.3-guess-caller-2cpu-interleaved.log");
  auto line_of = [&](const std::string& needle) {
    std::size_t at = log.find(needle);
    return at == std::string::npos ? 0 : static_cast<std::size_t>(std::count(log.begin(), log.begin() + at, '\n')) + 1;
  };
  Diagnosis d = triage_text(log);
  ASSERT_EQ(d.hangs.size(), 1u);
  const BlockedTask& t = d.hangs[0].task;
  EXPECT_EQ(t.stack_line, line_of("[   T22] task:vhost-56 "));
  EXPECT_EQ(t.locks_line, line_of("[   T22] locks held by vhost-56/57"));
  EXPECT_NE(t.stack_line, 0u);
}

// The guess unwinder's stack: used, marked unreliable; the last lockdep
// entry (&vq->mutex at the blocked call site) is what the worker waits for,
// not a lock it holds; the holder is found by address, even without the
// 7.x blocker hint line.
TEST(Triage, GuessUnwinderStackAndAcquireInProgress) {
  std::string log = testing::load_fixture("real-7.3-guess-console.log");
  for (std::size_t at; (at = log.find("is blocked on a mutex likely owned by")) != std::string::npos;) {
    std::size_t begin = log.rfind('\n', at) + 1, end = log.find('\n', at) + 1;
    log.erase(begin, end - begin);
  }
  Diagnosis d = triage_text(log);
  ASSERT_EQ(d.hangs.size(), 1u);
  const BlockedTask& t = d.hangs[0].task;
  EXPECT_TRUE(t.stack_unreliable);
  EXPECT_EQ(t.wait.primitive, "__mutex_lock");
  for (const LockRef& l : t.held) EXPECT_NE(l.class_name, "&vq->mutex");
  ASSERT_EQ(t.held.size(), 2u);
  ASSERT_EQ(t.holders.size(), 1u);
  EXPECT_FALSE(t.holders[0].from_blocker_hint);
  EXPECT_FALSE(t.holders[0].matched_by_class);
  EXPECT_EQ(t.holders[0].pid, 58);
  std::string text = render_diagnosis_text(d);
  EXPECT_NE(text.find("unreliable: every frame printed with '? ', guess unwinder"), std::string::npos) << text;
  EXPECT_NE(text.find("waits for: &vq->mutex at ff110000025f4c68 (acquire site vhost_worker_killed+0x65/0x109)"),
            std::string::npos);
  EXPECT_EQ(text.find("holds: &vq->mutex"), std::string::npos) << text;
  EXPECT_EQ(text.find("no stack printed"), std::string::npos);
}

TEST(Triage, DoneMeansTextOnUnpatchedBase) {
  // The human-readable diagnosis names the hung task, the lock, its address,
  // where it blocks, and the holder with its acquire site.
  Diagnosis d = triage_fixture("base-vq-mutex-hang-7.3.log");
  std::string text = render_diagnosis_text(d);
  EXPECT_NE(text.find("hang [vq_mutex_in_vhost_worker_killed]: vhost_worker_killed() is blocked on mutex_lock(&vq->mutex)"),
            std::string::npos) << text;
  EXPECT_NE(text.find("hung task: vhost-231 (pid 236, tgid 231) state D, blocked for more than 10 s"), std::string::npos);
  EXPECT_NE(text.find("blocked since ~14.4 s"), std::string::npos);
  EXPECT_NE(text.find("waits for: &vq->mutex at ffff888003a1c0b8 (acquire site vhost_worker_killed+0x9b/0x190)"),
            std::string::npos);
  EXPECT_NE(text.find("behind: vhost_kill_test/233 holds &vq->mutex at ffff888003a1c0b8, taken at vhost_vring_ioctl+0x6e/0x9a0"),
            std::string::npos);
  EXPECT_NE(text.find("chain: vhost-231/236 -> vhost_kill_test/233"), std::string::npos);
}

TEST(Triage, RealSyzbotSaysHolderWasNotPrinted) {
  std::string text = render_diagnosis_text(triage_fixture("syzbot-a9528028-hung-vhost_worker_killed.log"));
  EXPECT_NE(text.find("waits for: &vq->mutex at ffff8880550c0258 (acquire site vhost_worker_killed+0x12b/0x390 "
                      "(drivers/vhost/vhost.c:476))"),
            std::string::npos) << text;
  EXPECT_NE(text.find("behind: holder not found in the held-locks dump; tasks whose locks were not listed: "
                      "syz.5.259/7601 (2 locks not listed)"),
            std::string::npos);
}

TEST(Triage, RcuWaitPointsAtStall) {
  Diagnosis d = triage_fixture("rcu-stall-synchronize-rcu.log");
  ASSERT_EQ(d.hangs.size(), 1u);
  ASSERT_EQ(d.hangs[0].rcu_evidence.size(), 1u);
  EXPECT_EQ(d.hangs[0].rcu_evidence[0].line, 7u);
  EXPECT_EQ(d.hangs[0].task.wait.primitive, "synchronize_rcu");
}

TEST(Triage, DeadlockIsReported) {
  Diagnosis d = triage_fixture("abba-deadlock.log");
  ASSERT_EQ(d.deadlocks.size(), 1u);
  std::string text = render_diagnosis_text(d);
  EXPECT_NE(text.find("deadlock: worker_a/401 -> worker_b/402 -> worker_a/401"), std::string::npos) << text;
}

TEST(Triage, LockdepSplatWithoutHang) {
  Diagnosis d = triage_fixture("lore-btrfs-circular-locking.log");
  EXPECT_EQ(d.verdict, Verdict::Fail);
  EXPECT_TRUE(d.hangs.empty());
  ASSERT_EQ(d.reports.size(), 1u);
  EXPECT_EQ(d.reports[0].kind, ReportKind::Lockdep);
}

TEST(Triage, TruncatedLogReportsMissingTests) {
  // The analysis's verdict: an incomplete run whose tests are missing (not
  // failed) is an infrastructure error; triage still names what is missing.
  Diagnosis d = triage_fixture("truncated-run.log");
  EXPECT_EQ(d.verdict, Verdict::InfraError);
  EXPECT_EQ(d.exit_code, 2);
  EXPECT_FALSE(d.ktap_problems.empty());
  EXPECT_EQ(d.failed_tests.front().name, "selftests: vhost: vhost_kill_test");
}

TEST(Triage, CleanAndUnparsable) {
  EXPECT_EQ(triage_fixture("clean-run.log").exit_code, 0);
  Diagnosis d = triage_text("just some text\nnothing kernel-like\n");
  EXPECT_EQ(d.verdict, Verdict::InfraError);
  EXPECT_EQ(d.exit_code, 2);
  EXPECT_NE(render_diagnosis_text(d).find("infra: not a kernel log"), std::string::npos);
}

TEST(Triage, ExpectedReportIsExplainedNotCounted) {
  // The lockdep boot: run passes with --expect-report, and so does triage.
  std::string clean = testing::load_fixture("clean-run.log");
  std::size_t at = clean.find("vhost-harness: guest done");
  std::string log = clean.substr(0, at) + testing::load_fixture("lore-btrfs-circular-locking.log") + clean.substr(at);
  Diagnosis d = triage_text(log, {"circular locking"});
  EXPECT_EQ(d.exit_code, 0);
  EXPECT_NE(render_diagnosis_text(d).find("report [lockdep] (expected) line"), std::string::npos)
      << render_diagnosis_text(d);
  EXPECT_EQ(triage_text(log).exit_code, 1);
}

TEST(Triage, JsonCarriesTheSameFacts) {
  std::string json = render_diagnosis_json(triage_fixture("base-vq-mutex-hang-6.12.log"));
  EXPECT_NE(json.find("\"classification\": \"vq_mutex_in_vhost_worker_killed\""), std::string::npos);
  EXPECT_NE(json.find("\"address\": \"ffff888004f180b8\""), std::string::npos);
  EXPECT_NE(json.find("\"site\": \"vhost_vring_ioctl+0x5e/0x8f0\""), std::string::npos);
}

// Logs captured from this project's runs on the unpatched base: every
// tests/fixtures/real-*.log must show a hung vhost worker.
TEST(Triage, RealBaseRunLogs) {
  int seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(HARNESS_FIXTURE_DIR)) {
    std::string name = entry.path().filename().string();
    if (!name.starts_with("real-") || !name.ends_with(".log")) continue;
    ++seen;
    SCOPED_TRACE(name);
    Diagnosis d = triage_fixture(name);
    EXPECT_EQ(d.verdict, Verdict::Fail);
    bool vhost_hang = false;
    for (const HangFinding& f : d.hangs) vhost_hang = vhost_hang || f.task.comm.starts_with("vhost-");
    EXPECT_TRUE(vhost_hang) << render_diagnosis_text(d);
  }
  if (seen == 0) GTEST_SKIP() << "no real-*.log fixtures yet";
}

}  // namespace
}  // namespace vh
