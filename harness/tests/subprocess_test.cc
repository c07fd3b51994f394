#include "subprocess.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <string>

namespace vh {
namespace {

struct Captured {
  std::string out, err;
};

ProcessResult run_sh(const std::string& script, double timeout, Captured* c,
                     const std::function<bool(std::string_view)>& stop = {}) {
  std::string error;
  auto p = Subprocess::spawn({"/bin/sh", "-c", script}, &error);
  EXPECT_TRUE(p) << error;
  if (!p) return {};
  return p->pump(timeout, [&](Stream s, std::string_view d) {
    (s == Stream::Out ? c->out : c->err) += d;
    return stop ? stop(d) : true;
  });
}

TEST(Subprocess, CapturesBothStreamsAndExitStatus) {
  Captured c;
  ProcessResult r = run_sh("echo out; echo err >&2; exit 3", 10, &c);
  EXPECT_TRUE(r.exited);
  EXPECT_EQ(r.exit_status, 3);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(c.out, "out\n");
  EXPECT_EQ(c.err, "err\n");
}

TEST(Subprocess, KillsOnTimeout) {
  Captured c;
  ProcessResult r = run_sh("echo started; sleep 30", 0.5, &c);
  EXPECT_TRUE(r.timed_out);
  EXPECT_FALSE(r.exited);
  EXPECT_EQ(r.signal, SIGKILL);
  EXPECT_LT(r.seconds, 5.0);
  EXPECT_EQ(c.out, "started\n");
}

TEST(Subprocess, TimeoutHoldsEvenIfPipesAreClosed) {
  Captured c;
  ProcessResult r = run_sh("exec >/dev/null 2>&1; sleep 30", 0.5, &c);
  EXPECT_TRUE(r.timed_out);
  EXPECT_LT(r.seconds, 5.0);
}

TEST(Subprocess, CallbackCanStopTheChild) {
  Captured c;
  ProcessResult r = run_sh("echo 'Linux version'; sleep 30", 10, &c,
                           [](std::string_view d) { return d.find("Linux version") == std::string_view::npos; });
  EXPECT_TRUE(r.stopped);
  EXPECT_LT(r.seconds, 5.0);
}

TEST(Subprocess, ExecFailureIsAnError) {
  std::string error;
  auto p = Subprocess::spawn({"/nonexistent/qemu-system-x86_64"}, &error);
  EXPECT_FALSE(p);
  EXPECT_NE(error.find("cannot execute /nonexistent/qemu-system-x86_64"), std::string::npos) << error;
}

TEST(Subprocess, StdinIsDevNull) {
  Captured c;
  ProcessResult r = run_sh("cat; echo eof", 10, &c);
  EXPECT_EQ(r.exit_status, 0);
  EXPECT_EQ(c.out, "eof\n");
}

TEST(Subprocess, DestructorKillsARunningChild) {
  std::string error;
  pid_t pid;
  {
    auto p = Subprocess::spawn({"/bin/sleep", "30"}, &error);
    ASSERT_TRUE(p);
    pid = p->pid();
  }
  EXPECT_NE(::kill(pid, 0), 0);  // reaped: no such process
}

}  // namespace
}  // namespace vh
