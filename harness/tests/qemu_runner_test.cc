#include "qemu_runner.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "fixture_util.h"
#include "process_util.h"

namespace vh {
namespace {

std::string after(const std::vector<std::string>& argv, const std::string& opt) {
  auto it = std::find(argv.begin(), argv.end(), opt);
  return it == argv.end() || it + 1 == argv.end() ? "" : *(it + 1);
}

TEST(QemuArgv, TcgDefaults) {
  QemuConfig c;
  c.kernel = "bzImage";
  c.initrd = "initrd.cpio";
  c.append_extra = "vhost.debug=1";
  auto argv = build_qemu_argv(c);
  EXPECT_EQ(argv.front(), "qemu-system-x86_64");
  EXPECT_NE(std::find(argv.begin(), argv.end(), "-nographic"), argv.end());
  EXPECT_NE(std::find(argv.begin(), argv.end(), "-no-reboot"), argv.end());
  EXPECT_EQ(after(argv, "-accel"), "tcg");
  EXPECT_EQ(after(argv, "-cpu"), "max");
  EXPECT_EQ(after(argv, "-m"), "2048");
  EXPECT_EQ(after(argv, "-smp"), "2");
  EXPECT_EQ(after(argv, "-kernel"), "bzImage");
  EXPECT_EQ(after(argv, "-initrd"), "initrd.cpio");
  EXPECT_EQ(after(argv, "-serial"), "stdio");
  EXPECT_EQ(after(argv, "-append"), "console=ttyS0 panic=-1 vhost.debug=1");
  EXPECT_EQ(std::count(argv.begin(), argv.end(), "-device"), 0);
}

TEST(QemuArgv, KvmUsesHostCpuAndNoInitrdWhenEmpty) {
  QemuConfig c;
  c.kernel = "k";
  c.accel = "kvm";
  auto argv = build_qemu_argv(c);
  EXPECT_EQ(after(argv, "-cpu"), "host");
  EXPECT_EQ(std::find(argv.begin(), argv.end(), "-initrd"), argv.end());
}

TEST(QemuArgv, IcountCountsInstructions) {
  QemuConfig c;
  c.kernel = "k";
  auto wall = build_qemu_argv(c);
  EXPECT_EQ(std::find(wall.begin(), wall.end(), "-icount"), wall.end());
  c.icount = true;
  auto argv = build_qemu_argv(c);
  EXPECT_EQ(after(argv, "-icount"), "shift=0,sleep=off");
  EXPECT_EQ(after(argv, "-accel"), "tcg");
}

TEST(RunQemu, StreamsConsoleAndStderrSeparately) {
  testing::fake_env(testing::fixture_path("clean-run.log"));
  QemuConfig c;
  c.qemu = testing::fake_qemu();
  c.kernel = "k";
  std::string console, err;
  QemuCallbacks cb;
  cb.on_console = [&](std::string_view d) {
    console += d;
    return true;
  };
  cb.on_stderr = [&](std::string_view d) { err += d; };
  QemuOutcome o = run_qemu(c, 20, cb);
  EXPECT_TRUE(o.started);
  EXPECT_EQ(o.exit_status, 0);
  EXPECT_EQ(console, testing::load_fixture("clean-run.log"));
  EXPECT_EQ(err, "fake qemu: starting\n");
}

TEST(RunQemu, WallClockLimitKills) {
  testing::fake_env(testing::fixture_path("truncated-run.log"), "", "30");
  QemuConfig c;
  c.qemu = testing::fake_qemu();
  c.kernel = "k";
  QemuOutcome o = run_qemu(c, 1, {});
  EXPECT_TRUE(o.started);
  EXPECT_TRUE(o.timed_out);
  EXPECT_LT(o.seconds, 10);
}

TEST(RunQemu, MissingBinaryDoesNotStart) {
  QemuConfig c;
  c.qemu = "/nonexistent/qemu";
  c.kernel = "k";
  QemuOutcome o = run_qemu(c, 5, {});
  EXPECT_FALSE(o.started);
  EXPECT_NE(o.error.find("cannot execute"), std::string::npos);
}

TEST(RunQemu, EarlyExitWithoutConsoleIsNotStarted) {
  QemuConfig c;
  c.qemu = "/bin/false";
  c.kernel = "k";
  QemuOutcome o = run_qemu(c, 5, {});
  EXPECT_FALSE(o.started);
  EXPECT_NE(o.error.find("without console output"), std::string::npos);
}

}  // namespace
}  // namespace vh
