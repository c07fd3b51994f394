// End-to-end tests of the vhost-harness binary with a fake QEMU
// (tests/fake-qemu.sh) that prints a fixture as the serial console.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>

#include "fixture_util.h"
#include "json_reader.h"
#include "process_util.h"
#include "subprocess.h"

namespace vh {
namespace {

struct CliResult {
  int exit = -1;
  std::string out, err;
  std::string last_line() const {
    std::string_view s = trim_right(out);
    return std::string(s.substr(s.rfind('\n') + 1));
  }
};

// Runs the binary; with interrupt_after > 0 sends it SIGINT after that many
// seconds, once it has said which accelerator it uses (its signal handlers
// are installed by then: a slow start, e.g. under ASan, must not turn the
// test's SIGINT into a kill).
CliResult cli(std::vector<std::string> args, double interrupt_after = 0) {
  args.insert(args.begin(), HARNESS_BINARY);
  std::string error;
  auto p = Subprocess::spawn(args, &error);
  EXPECT_TRUE(p) << error;
  CliResult r;
  if (!p) return r;
  bool sent = false;
  auto on_tick = [&](double t) {
    bool started = r.out.find("vhost-harness: accel ") != std::string::npos;
    if (interrupt_after > 0 && t >= interrupt_after && started && !sent) sent = ::kill(p->pid(), SIGINT) == 0;
  };
  ProcessResult pr = p->pump(
      120,
      [&](Stream s, std::string_view d) {
        (s == Stream::Out ? r.out : r.err) += d;
        return true;
      },
      on_tick, 0.2);
  r.exit = pr.exit_status;
  return r;
}

std::vector<std::string> run_args(const std::string& out, std::vector<std::string> extra = {}) {
  std::vector<std::string> a = {"run", "--kernel", "bzImage", "--initrd", "initrd.cpio", "--out", out,
                                "--qemu", testing::fake_qemu(), "--accel", "tcg"};
  a.insert(a.end(), extra.begin(), extra.end());
  return a;
}

bool exists(const std::string& p) { return std::filesystem::exists(p); }

TEST(Cli, RunCleanBootPasses) {
  std::string dir = testing::temp_dir("run-clean");
  std::string args_file = dir + "/qemu-args";
  testing::fake_env(testing::fixture_path("clean-run.log"), args_file);
  CliResult r = cli(run_args(dir + "/out", {"--append", "vhost.debug=1", "--mem", "1024", "--smp", "4"}));
  EXPECT_EQ(r.exit, 0) << r.out << r.err;
  EXPECT_EQ(r.last_line(), "6 passed, 0 failed, 4 skipped");
  EXPECT_NE(r.out.find("vhost-harness: accel tcg (requested with --accel tcg)"), std::string::npos);
  EXPECT_NE(r.out.find("# ok 2 global.kill_worker_while_ioctl_holds_vq_mutex"), std::string::npos);  // streamed
  EXPECT_EQ(read_file(dir + "/out/console.log").value_or(""), testing::load_fixture("clean-run.log"));
  EXPECT_TRUE(exists(dir + "/out/junit.xml"));
  EXPECT_TRUE(exists(dir + "/out/summary.txt"));
  EXPECT_FALSE(exists(dir + "/out/diagnosis.txt"));
  // The guest's test output alone, for scripts (bench.sh) to read.
  std::string guest = read_file(dir + "/out/guest-output.txt").value_or("");
  EXPECT_NE(guest.find("# ok 2 global.kill_worker_while_ioctl_holds_vq_mutex\n"), std::string::npos) << guest;
  EXPECT_EQ(guest.find("vhost-harness:"), std::string::npos) << guest;
  EXPECT_EQ(guest.find("Linux version"), std::string::npos) << guest;
  auto results = parse_json(read_file(dir + "/out/results.json").value_or(""));
  ASSERT_TRUE(results);
  EXPECT_EQ(results->str("verdict"), "pass");
  EXPECT_EQ(results->get("guest_output")->str("file"), "guest-output.txt");
  EXPECT_EQ(results->str("accel"), "tcg");
  EXPECT_TRUE(results->get("ran_qemu")->boolean);
  std::string qargs = read_file(args_file).value_or("");
  EXPECT_NE(qargs.find("-append\nconsole=ttyS0 panic=-1 vhost.debug=1\n"), std::string::npos) << qargs;
  EXPECT_NE(qargs.find("-m\n1024\n-smp\n4\n"), std::string::npos);
  EXPECT_NE(qargs.find("-initrd\ninitrd.cpio\n"), std::string::npos);
}

TEST(Cli, RunOnBaseHangFailsWithDiagnosis) {
  std::string dir = testing::temp_dir("run-base");
  testing::fake_env(testing::fixture_path("base-vq-mutex-hang-7.3.log"));
  CliResult r = cli(run_args(dir, {"--quiet"}));
  EXPECT_EQ(r.exit, 1);
  EXPECT_EQ(r.last_line(), "1 passed, 1 failed, 0 skipped");
  EXPECT_EQ(r.out.find("# ok 1 global.kill_worker_idle"), std::string::npos);  // --quiet
  std::size_t hang = r.out.find("hang [vq_mutex_in_vhost_worker_killed]");
  EXPECT_NE(hang, std::string::npos) << r.out;
  EXPECT_NE(r.out.find("FAIL: kernel report: hung_task: INFO: task vhost-231:236"), std::string::npos);
  std::string diag = read_file(dir + "/diagnosis.txt").value_or("");
  EXPECT_NE(diag.find("behind: vhost_kill_test/233 holds &vq->mutex at ffff888003a1c0b8, taken at vhost_vring_ioctl"),
            std::string::npos) << diag;
  EXPECT_TRUE(parse_json(read_file(dir + "/diagnosis.json").value_or("")));
}

TEST(Cli, RunTimeoutIsInfraError) {
  std::string dir = testing::temp_dir("run-timeout");
  testing::fake_env(testing::fixture_path("truncated-run.log"), "", "30");
  CliResult r = cli(run_args(dir, {"--timeout", "2", "--quiet"}));
  EXPECT_EQ(r.exit, 2) << r.out;
  EXPECT_NE(r.out.find("wall-clock limit of 2.0 s reached; killed QEMU"), std::string::npos);
  EXPECT_EQ(r.last_line(), "1 passed, 3 failed, 0 skipped");
  auto results = parse_json(read_file(dir + "/results.json").value_or(""));
  ASSERT_TRUE(results);
  EXPECT_TRUE(results->get("timed_out")->boolean);
  EXPECT_EQ(results->str("verdict"), "infra_error");
}

TEST(Cli, RunInterruptedKillsQemuAndStillReports) {
  std::string dir = testing::temp_dir("run-int");
  std::string args_file = dir + "/qemu-args";
  testing::fake_env(testing::fixture_path("truncated-run.log"), args_file, "30");
  CliResult r = cli(run_args(dir + "/out", {"--quiet"}), 1.0);
  EXPECT_EQ(r.exit, 2) << r.out << r.err;
  EXPECT_NE(r.out.find("INFRA: interrupted by a signal; QEMU was killed"), std::string::npos) << r.out;
  EXPECT_EQ(r.last_line(), "1 passed, 3 failed, 0 skipped");
  EXPECT_TRUE(exists(dir + "/out/results.json"));
}

TEST(Cli, RunWithoutQemuIsInfraError) {
  std::string dir = testing::temp_dir("run-noqemu");
  CliResult r = cli({"run", "--kernel", "k", "--initrd", "i", "--out", dir, "--qemu", "/nonexistent/qemu",
                     "--accel", "tcg"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_NE(r.out.find("INFRA: QEMU could not start: cannot execute /nonexistent/qemu"), std::string::npos) << r.out;
  EXPECT_EQ(r.last_line(), "0 passed, 0 failed, 0 skipped");
}

TEST(Cli, UsageErrors) {
  EXPECT_EQ(cli({"run", "--kernel", "k"}).exit, 2);
  EXPECT_EQ(cli({"run", "--kernel", "k", "--initrd", "i", "--out", "/tmp/x", "--accel", "xen"}).exit, 2);
  EXPECT_EQ(cli({"bogus"}).exit, 2);
  EXPECT_EQ(cli({"parse", "/nonexistent.log", "--out", "/tmp/x"}).exit, 2);
  EXPECT_EQ(cli({"--help"}).exit, 0);
}

TEST(Cli, ParseExpectReport) {
  std::string dir = testing::temp_dir("parse-expect");
  std::string clean = testing::load_fixture("clean-run.log");
  std::size_t at = clean.find("vhost-harness: guest done");
  std::string log = clean.substr(0, at) + testing::load_fixture("lore-btrfs-circular-locking.log") + clean.substr(at);
  ASSERT_TRUE(write_file(dir + "/lockdep.log", log));
  CliResult expected = cli({"parse", dir + "/lockdep.log", "--out", dir + "/a", "--expect-report", "circular locking"});
  EXPECT_EQ(expected.exit, 0) << expected.out;
  CliResult unexpected = cli({"parse", dir + "/lockdep.log", "--out", dir + "/b"});
  EXPECT_EQ(unexpected.exit, 1);
  EXPECT_NE(unexpected.out.find("FAIL: kernel report: lockdep: WARNING: possible circular locking dependency detected"),
            std::string::npos);
  CliResult bad = cli({"parse", dir + "/lockdep.log", "--out", dir + "/c", "--expect-report", "("});
  EXPECT_EQ(bad.exit, 2);
}

TEST(Cli, TriageExitCodesAndJson) {
  CliResult hang = cli({"triage", testing::fixture_path("syzbot-a9528028-hung-vhost_worker_killed.log")});
  EXPECT_EQ(hang.exit, 1);
  EXPECT_NE(hang.out.find("vhost_worker_killed() is blocked on mutex_lock(&vq->mutex)"), std::string::npos);
  CliResult json = cli({"triage", testing::fixture_path("base-vq-mutex-hang-6.12.log"), "--json"});
  EXPECT_EQ(json.exit, 1);
  auto v = parse_json(json.out);
  ASSERT_TRUE(v) << json.out;
  EXPECT_EQ(v->str("verdict"), "fail");
  EXPECT_EQ(cli({"triage", testing::fixture_path("clean-run.log")}).exit, 0);
  EXPECT_EQ(cli({"triage", "/nonexistent.log"}).exit, 2);
}

// One verdict: triage exits as parse (and so run) does, on every fixture.
TEST(Cli, TriageAgreesWithParse) {
  std::string dir = testing::temp_dir("agree");
  for (const auto& entry : std::filesystem::directory_iterator(HARNESS_FIXTURE_DIR)) {
    std::string name = entry.path().filename().string();
    if (!name.ends_with(".log")) continue;
    SCOPED_TRACE(name);
    CliResult parse = cli({"parse", entry.path().string(), "--out", dir + "/" + name});
    CliResult triage = cli({"triage", entry.path().string()});
    EXPECT_EQ(parse.exit, triage.exit) << triage.out;
    // triage of the results directory's console.log reads its expectations.
    ASSERT_TRUE(write_file(dir + "/" + name + "/console.log", testing::load_fixture(name)));
    EXPECT_EQ(cli({"triage", dir + "/" + name + "/console.log"}).exit, parse.exit);
  }
}

TEST(Cli, ExpectReportBody) {
  std::string dir = testing::temp_dir("expect-body");
  std::string clean = testing::load_fixture("clean-run.log");
  std::size_t at = clean.find("vhost-harness: guest done");
  std::string log = clean.substr(0, at) + testing::load_fixture("lore-btrfs-circular-locking.log") + clean.substr(at);
  ASSERT_TRUE(write_file(dir + "/lockdep.log", log));
  std::vector<std::string> base = {"parse", dir + "/lockdep.log", "--expect-report", "possible circular locking"};
  auto with = [&](std::vector<std::string> extra, const std::string& out) {
    std::vector<std::string> a = base;
    a.insert(a.end(), {"--out", dir + "/" + out});
    a.insert(a.end(), extra.begin(), extra.end());
    return cli(a);
  };
  CliResult named = with({"--expect-report-body", R"(\(&delayed_node->mutex\))"}, "named");
  EXPECT_EQ(named.exit, 0) << named.out;
  CliResult absent = with({"--expect-report-body", R"(\(vhost_worker_flush\))"}, "absent");
  EXPECT_EQ(absent.exit, 1);
  EXPECT_NE(absent.out.find("FAIL: expected report body /\\(vhost_worker_flush\\)/ is in none of the expected reports"),
            std::string::npos) << absent.out;
  // triage of that results directory's console reads the same expectations.
  ASSERT_TRUE(write_file(dir + "/absent/console.log", log));
  EXPECT_EQ(cli({"triage", dir + "/absent/console.log"}).exit, 1);
  ASSERT_TRUE(write_file(dir + "/named/console.log", log));
  EXPECT_EQ(cli({"triage", dir + "/named/console.log"}).exit, 0);
  EXPECT_EQ(cli({"parse", dir + "/lockdep.log", "--out", dir + "/x", "--expect-report-body", "x"}).exit, 2);
}

// Input that is no log gets a message and exit 2, never a crash or a hang.
TEST(Cli, HostileInputIsRefused) {
  std::string dir = testing::temp_dir("hostile");
  std::string garbage;
  unsigned x = 12345;
  for (int i = 0; i < 200000; ++i) garbage += static_cast<char>((x = x * 1103515245 + 12345) >> 16);
  std::vector<std::pair<std::string, std::string>> cases = {
      {"empty", ""},
      {"binary", garbage},
      {"long-line", "[    1.000000] " + std::string(1 << 20, 'A') + "\n"},
  };
  for (const auto& [name, data] : cases) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(write_file(dir + "/" + name, data));
    CliResult r = cli({"triage", dir + "/" + name});
    EXPECT_EQ(r.exit, 2);
    EXPECT_NE(r.err.find("vhost-harness: " + dir + "/" + name + ": "), std::string::npos) << r.err;
    EXPECT_EQ(cli({"parse", dir + "/" + name, "--out", dir + "/out-" + name}).exit, 2);
  }
  // 100 MB: refused from its size, before it is read.
  {
    std::ofstream big(dir + "/big", std::ios::binary);
    std::string line = "[    1.000000] a perfectly ordinary kernel line\n";
    for (std::size_t n = 0; n < (100u << 20); n += line.size()) big << line;
  }
  CliResult big = cli({"triage", dir + "/big"});
  EXPECT_EQ(big.exit, 2);
  EXPECT_NE(big.err.find("more than the 64.0 MiB this tool reads"), std::string::npos) << big.err;
  std::filesystem::remove(dir + "/big");
}

TEST(Cli, CompareBaseAgainstPatched) {
  std::string dir = testing::temp_dir("compare");
  ASSERT_EQ(cli({"parse", testing::fixture_path("base-vq-mutex-hang-7.3.log"), "--out", dir + "/base"}).exit, 1);
  ASSERT_EQ(cli({"parse", testing::fixture_path("clean-run.log"), "--out", dir + "/patched"}).exit, 0);
  ASSERT_TRUE(write_file(dir + "/expect-fail",
                         "# tests that catch the hang\nselftests: vhost: vhost_kill_test/global.kill_worker_while_*\n"));
  CliResult ok = cli({"compare", "--base", dir + "/base", "--patched", dir + "/patched", "--expect-fail-on-base",
                      dir + "/expect-fail"});
  EXPECT_EQ(ok.exit, 0) << ok.out;
  EXPECT_NE(ok.out.find("base report (not counted): hung_task"), std::string::npos);
  ASSERT_TRUE(write_file(dir + "/bad", "no_such_test\n"));
  CliResult bad = cli({"compare", "--base", dir + "/base", "--patched", dir + "/patched", "--expect-fail-on-base",
                       dir + "/bad"});
  EXPECT_EQ(bad.exit, 1);
  EXPECT_EQ(cli({"compare", "--base", dir + "/nope", "--patched", dir + "/patched", "--expect-fail-on-base",
                 dir + "/bad"}).exit, 2);
}

TEST(Cli, RunIcountPassesItToQemuAndRecordsTheClock) {
  std::string dir = testing::temp_dir("run-icount");
  std::string args_file = dir + "/qemu-args";
  testing::fake_env(testing::fixture_path("clean-run.log"), args_file);
  CliResult r = cli({"run", "--kernel", "k", "--initrd", "i", "--out", dir + "/out", "--qemu", testing::fake_qemu(),
                     "--icount", "--quiet"});
  EXPECT_EQ(r.exit, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("vhost-harness: accel tcg (--icount needs TCG)"), std::string::npos) << r.out;
  EXPECT_NE(read_file(args_file).value_or("").find("-icount\nshift=0,sleep=off\n"), std::string::npos);
  auto results = parse_json(read_file(dir + "/out/results.json").value_or(""));
  ASSERT_TRUE(results);
  EXPECT_EQ(results->str("clock"), "icount");

  CliResult wall = cli(run_args(dir + "/wall", {"--quiet"}));
  EXPECT_EQ(wall.exit, 0);
  EXPECT_EQ(parse_json(read_file(dir + "/wall/results.json").value_or(""))->str("clock"), "wall");
  EXPECT_EQ(read_file(args_file).value_or("").find("-icount"), std::string::npos);

  CliResult kvm = cli(run_args(dir + "/kvm", {"--icount", "--accel", "kvm"}));
  EXPECT_EQ(kvm.exit, 2);
  EXPECT_NE(kvm.err.find("--icount needs TCG"), std::string::npos) << kvm.err;
}

// A benchmark boot's results directory, as `run` leaves it.
std::string bench_run_dir(const std::string& root, const std::string& name, const std::string& guest_output) {
  std::string dir = root + "/" + name;
  std::filesystem::create_directories(dir);
  write_file(dir + "/results.json",
             R"({"schema":"vhost-harness/results/v1","verdict":"pass","accel":"tcg","clock":"wall"})");
  write_file(dir + "/guest-output.txt", guest_output);
  return dir;
}

TEST(Cli, BenchJsonCompareAndTables) {
  std::string root = testing::temp_dir("bench");
  std::string base = bench_run_dir(root, "b1", "vhost-net tx rtt: rounds=1 rate=1000.0/s\n"
                                               "vhost-net tx rtt: rounds=1 rate=1002.0/s\n");
  std::string patched = bench_run_dir(root, "p1", "vhost-net tx rtt: rounds=1 rate=1050.0/s\n"
                                                  "vhost-net tx rtt: rounds=1 rate=1051.0/s\n");
  std::string json = root + "/bench.json";
  CliResult made = cli({"bench-json", "--clock", "wall", "--out", json, "base:1:" + base, "patched:1:" + patched});
  EXPECT_EQ(made.exit, 0) << made.err;
  EXPECT_NE(made.out.find("4 samples of 2 boots (clock wall)"), std::string::npos) << made.out;

  CliResult c = cli({"bench-compare", json, "--goal", "1.0"});
  EXPECT_EQ(c.exit, 0) << c.err;  // an outside-goal verdict is a result, not an error
  EXPECT_NE(c.out.find("ratio patched/base = 1.0495"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("verdict: outside the ±1.00 % goal"), std::string::npos) << c.out;
  CliResult wide = cli({"bench-compare", json, "--goal=10"});
  EXPECT_NE(wide.out.find("verdict: within the ±10.00 % goal"), std::string::npos) << wide.out;

  EXPECT_EQ(cli({"bench-tables", json, "--out", root + "/plot"}).exit, 0);
  EXPECT_EQ(read_file(root + "/plot/measures.tsv").value_or(""),
            "vhost-net-tx-rtt\trate\t1/s\twall\tvhost-net tx rtt\n");
  EXPECT_TRUE(exists(root + "/plot/vhost-net-tx-rtt.dat"));

  // Bad input: exit 2.
  EXPECT_EQ(cli({"bench-json", "--clock", "icount", "--out", json + ".x", "base:1:" + base}).exit, 2);  // clock differs
  EXPECT_EQ(cli({"bench-json", "--out", json + ".x", "v9:1:" + base}).exit, 2);
  EXPECT_EQ(cli({"bench-compare", root + "/nonexistent.json"}).exit, 2);
  EXPECT_EQ(cli({"bench-compare", base + "/results.json"}).exit, 2);
  EXPECT_EQ(cli({"bench-compare", json, "--goal", "-1"}).exit, 2);
  write_file(root + "/empty.json", R"({"schema":"vhost-harness/bench/v1","clock":"wall","samples":[]})");
  EXPECT_EQ(cli({"bench-compare", root + "/empty.json"}).exit, 2);
}

}  // namespace
}  // namespace vh
