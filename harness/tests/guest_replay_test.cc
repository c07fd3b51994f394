#include "guest_replay.h"

#include <gtest/gtest.h>

#include <string>

#include "evidence.h"
#include "fixture_util.h"
#include "test_results.h"

namespace vh {
namespace {

// Cut from build/results/7.3-base/console.log of this project's run on the
// unpatched 7.3.4 base: a sysrq dump cut the "not ok 3" line of the
// kselftest output in two; its tail came 340 lines later.
constexpr std::string_view kInterleaved =
    "vhost-harness: tests begin\n"
    "TAP version 13\n"
    "1..1\n"
    "# selftests: vhost: vhost_kill_stall\n"
    "# TAP version 13\n"
    "# 1..1\n"
    "# #          FAIL  kill_stall.vsock_set_vring_call_busy.owner_reaped\n"
    "# not ok 1 kill_stall.vsock_set[   37.368767] sysrq: Show Blocked State\n"
    "[   37.368937] task:vhost-345       state:D stack:0     pid:346   tgid:345   ppid:344    "
    "task_flags:0x404440 flags:0x00080002\n"
    "[   52.465098] =============================================\n"
    "_vring_call_busy.owner_reaped\n"
    "not ok 1 selftests: vhost: vhost_kill_stall # exit=1\n";

constexpr std::string_view kReplay =
    "vhost-harness: replay begin\n"
    "TAP version 13\n"
    "1..1\n"
    "# selftests: vhost: vhost_kill_stall\n"
    "# TAP version 13\n"
    "# 1..1\n"
    "# #          FAIL  kill_stall.vsock_set_vring_call_busy.owner_reaped\n"
    "# not ok 1 kill_stall.vsock_set_vring_call_busy.owner_reaped\n"
    "not ok 1 selftests: vhost: vhost_kill_stall # exit=1\n"
    "vhost-harness: replay end\n";

std::vector<std::string> failed_names(const Evidence& e) {
  std::vector<std::string> names;
  for (const FlatTest& t : flatten_tests(e.ktap))
    if (t.status == TestStatus::Fail && t.leaf) names.push_back(t.name);
  return names;
}

TEST(GuestReplay, ReplayRepairsLinesCutByKernelMessages) {
  std::string log = std::string(kInterleaved) + std::string(kReplay);
  auto lines = split_console(log);
  Evidence e = collect_evidence(Lines(lines));
  EXPECT_TRUE(e.replayed);
  EXPECT_EQ(failed_names(e),
            std::vector<std::string>{
                "selftests: vhost: vhost_kill_stall/kill_stall.vsock_set_vring_call_busy.owner_reaped"});
}

TEST(GuestReplay, WithoutReplayTheStreamIsAllThereIs) {
  auto lines = split_console(kInterleaved);
  Evidence e = collect_evidence(Lines(lines));
  EXPECT_FALSE(e.replayed);
  // The cut name is what the stream says; nothing better is known.
  ASSERT_EQ(failed_names(e).size(), 1u);
  EXPECT_NE(failed_names(e)[0].find("kill_stall.vsock_set"), std::string::npos);
}

TEST(GuestReplay, KernelLinesStayKernelLines) {
  std::string log = std::string(kInterleaved) + std::string(kReplay) +
                    "[   60.000001] INFO: task vhost-345:346 blocked for more than 5 seconds.\n";
  auto lines = split_console(log);
  ConsoleParts parts = split_replay(Lines(lines));
  ASSERT_TRUE(parts.replayed);
  // The streamed part is gone from the KTAP input, the replay is not in
  // the kernel input, and kernel messages everywhere are kept for reports.
  for (const LogLine& l : parts.ktap_lines) EXPECT_NE(l.text, "_vring_call_busy.owner_reaped");
  bool saw_sysrq = false, saw_hung = false;
  for (const LogLine& l : parts.kernel_lines) {
    EXPECT_NE(l.text, "# not ok 1 kill_stall.vsock_set_vring_call_busy.owner_reaped");
    saw_sysrq |= l.text.find("sysrq: Show Blocked State") != std::string_view::npos;
    saw_hung |= l.text.find("INFO: task vhost-345:346") != std::string_view::npos;
  }
  EXPECT_TRUE(saw_sysrq);
  EXPECT_TRUE(saw_hung);
  Evidence e = collect_evidence(Lines(lines));
  ASSERT_EQ(e.reports.size(), 1u);
}

TEST(GuestReplay, GuestOutputIsTheReplayInOnePiece) {
  std::string log = std::string(kInterleaved) + std::string(kReplay) +
                    "[   60.000001] INFO: task vhost-345:346 blocked for more than 5 seconds.\n";
  auto lines = split_console(log);
  ConsoleParts parts = split_replay(Lines(lines));
  std::string out;
  for (const LogLine& l : parts.guest_output) out += std::string(l.text) + "\n";
  EXPECT_EQ(out, kReplay.substr(kReplay.find('\n') + 1, kReplay.rfind("vhost-harness: replay end") - kReplay.find('\n') - 1));
  // Without a replay: the untimestamped lines after "tests begin", cut as they are.
  auto stream = split_console(kInterleaved);
  ConsoleParts partial = split_replay(Lines(stream));
  ASSERT_FALSE(partial.guest_output.empty());
  EXPECT_EQ(partial.guest_output.front().text, "TAP version 13");
  EXPECT_EQ(partial.guest_output.back().text, "not ok 1 selftests: vhost: vhost_kill_stall # exit=1");
}

TEST(GuestReplay, IncompleteReplayIsIgnored) {
  std::string log = std::string(kInterleaved) + "vhost-harness: replay begin\nTAP version 13\n";
  auto lines = split_console(log);
  EXPECT_FALSE(split_replay(Lines(lines)).replayed);
}

}  // namespace
}  // namespace vh
