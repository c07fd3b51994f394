#include "analysis.h"

#include <gtest/gtest.h>

#include "fixture_util.h"
#include "json_reader.h"
#include "output_files.h"

namespace vh {
namespace {

Analysis analyze(const std::string& text, std::vector<std::string> expect = {}, RunFacts facts = {},
                 LogOrigin origin = LogOrigin::Auto) {
  AnalyzeOptions o;
  o.name = "t";
  o.expect_reports = std::move(expect);
  o.facts = facts;
  o.origin = origin;
  std::string error;
  auto a = analyze_log(text, o, &error);
  EXPECT_TRUE(a) << error;
  return a.value_or(Analysis{});
}

// clean-run.log with a lockdep splat inserted before the guest finishes.
std::string clean_with_splat() {
  std::string clean = testing::load_fixture("clean-run.log");
  std::string splat = testing::load_fixture("lore-btrfs-circular-locking.log");
  std::size_t at = clean.find("vhost-harness: guest done");
  return clean.substr(0, at) + splat + clean.substr(at);
}

TEST(Analysis, CleanRunPasses) {
  Analysis a = analyze(testing::load_fixture("clean-run.log"));
  EXPECT_EQ(a.verdict, Verdict::Pass);
  EXPECT_EQ(a.exit_code, 0);
  EXPECT_TRUE(a.guest_done);
  EXPECT_TRUE(a.failures.empty());
  EXPECT_TRUE(a.infra_problems.empty());
  EXPECT_EQ(counts_line(a.counts), "6 passed, 0 failed, 4 skipped");
  EXPECT_NEAR(a.guest_seconds.value_or(0), 12.00012, 1e-6);
}

TEST(Analysis, BaseHangFailsNamingTestAndReport) {
  Analysis a = analyze(testing::load_fixture("base-vq-mutex-hang-7.3.log"));
  EXPECT_EQ(a.verdict, Verdict::Fail);
  EXPECT_EQ(a.exit_code, 1);
  ASSERT_EQ(a.failures.size(), 3u);
  EXPECT_EQ(a.failures[0], "test failed: selftests: vhost: vhost_kill_test (exit=1)");
  EXPECT_EQ(a.failures[1], "test failed: selftests: vhost: vhost_kill_test/global.kill_worker_while_ioctl_holds_vq_mutex");
  EXPECT_EQ(a.failures[2],
            "kernel report: hung_task: INFO: task vhost-231:236 blocked for more than 10 seconds. (line 16) [task vhost-231/236]");
}

TEST(Analysis, TruncatedIsInfraError) {
  // As a harness run's console (a real one starts with "guest up"): incomplete.
  Analysis a = analyze(testing::load_fixture("truncated-run.log"), {}, {}, LogOrigin::HarnessRun);
  EXPECT_EQ(a.verdict, Verdict::InfraError);
  EXPECT_EQ(a.exit_code, 2);
  EXPECT_FALSE(a.guest_done);
  EXPECT_EQ(counts_line(a.counts), "1 passed, 3 failed, 0 skipped");
  EXPECT_EQ(a.infra_problems.back(), "incomplete: the guest never printed 'vhost-harness: guest done'");
  // As a pasted log: the KTAP that stops short is still an incomplete run.
  Analysis pasted = analyze(testing::load_fixture("truncated-run.log"));
  EXPECT_FALSE(pasted.harness_run);
  EXPECT_EQ(pasted.exit_code, 2);
  EXPECT_EQ(pasted.infra_problems.front().rfind("KTAP incomplete: ", 0), 0u);
}

TEST(Analysis, PastedLogsNeedNoGuestProtocol) {
  Analysis syzbot = analyze(testing::load_fixture("syzbot-a9528028-hung-vhost_worker_killed.log"));
  EXPECT_FALSE(syzbot.harness_run);
  EXPECT_EQ(syzbot.exit_code, 1);
  EXPECT_TRUE(syzbot.infra_problems.empty());
  Analysis nothing = analyze("hello\nworld\n");
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_EQ(nothing.infra_problems.front().rfind("not a kernel log", 0), 0u);
}

TEST(Analysis, NoKtapIsInfraError) {
  Analysis a = analyze("[    0.1] Linux version 7.3\nvhost-harness: guest done\n");
  EXPECT_EQ(a.exit_code, 2);
  EXPECT_EQ(a.infra_problems.front(), "no KTAP/TAP output found");
}

TEST(Analysis, QemuThatDidNotStartIsInfraError) {
  RunFacts f;
  f.ran_qemu = true;
  f.qemu_started = false;
  f.qemu_error = "cannot execute qemu: No such file or directory";
  Analysis a = analyze("", {}, f);
  EXPECT_EQ(a.exit_code, 2);
  EXPECT_EQ(a.infra_problems.front(), "QEMU could not start: cannot execute qemu: No such file or directory");
}

TEST(Analysis, TimeoutWithFailureEvidenceIsAFailure) {
  RunFacts f;
  f.ran_qemu = true;
  f.timed_out = true;
  f.timeout_seconds = 1800;
  std::string log = testing::load_fixture("syzbot-a9528028-hung-vhost_worker_killed.log");
  Analysis a = analyze(log, {}, f);
  EXPECT_EQ(a.exit_code, 1);
  EXPECT_EQ(a.infra_problems.front(), "wall-clock limit of 1800.0 s reached; QEMU was killed");
}

TEST(Analysis, ExpectedReportIsRequiredAndNotAFailure) {
  Analysis ok = analyze(clean_with_splat(), {"circular locking"});
  EXPECT_EQ(ok.exit_code, 0);
  ASSERT_EQ(ok.report_expected.size(), 1u);
  EXPECT_TRUE(ok.report_expected[0]);
  EXPECT_EQ(ok.expectations[0].matches, 1);

  Analysis unexpected = analyze(clean_with_splat());
  EXPECT_EQ(unexpected.exit_code, 1);

  Analysis by_kind = analyze(clean_with_splat(), {"^lockdep$"});
  EXPECT_EQ(by_kind.exit_code, 0);

  Analysis missing = analyze(testing::load_fixture("clean-run.log"), {"circular locking"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.failures.back(), "expected report /circular locking/ did not appear");
}

TEST(Analysis, BadRegexIsAnError) {
  AnalyzeOptions o;
  o.expect_reports = {"("};
  std::string error;
  EXPECT_FALSE(analyze_log("x", o, &error));
  EXPECT_NE(error.find("invalid --expect-report regex"), std::string::npos);
}

TEST(ResultsJson, SchemaFields) {
  Analysis a = analyze(testing::load_fixture("base-vq-mutex-hang-7.3.log"));
  auto v = parse_json(render_results_json(a));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->str("schema"), "vhost-harness/results/v1");
  EXPECT_EQ(v->str("verdict"), "fail");
  EXPECT_EQ(v->get("exit_code")->number, 1);
  EXPECT_EQ(v->get("counts")->get("failed")->number, 1);
  const JsonValue* tests = v->get("tests");
  ASSERT_EQ(tests->items.size(), 3u);
  EXPECT_EQ(tests->items[2].str("name"), "selftests: vhost: vhost_kill_test/global.kill_worker_while_ioctl_holds_vq_mutex");
  EXPECT_EQ(tests->items[2].str("result"), "fail");
  EXPECT_EQ(tests->items[2].get("path")->items.size(), 2u);
  const JsonValue* reports = v->get("reports");
  ASSERT_EQ(reports->items.size(), 1u);
  EXPECT_EQ(reports->items[0].str("kind"), "hung_task");
  EXPECT_EQ(reports->items[0].get("line")->number, 16);
  EXPECT_FALSE(reports->items[0].get("expected")->boolean);
  EXPECT_TRUE(v->get("durations")->get("guest_seconds"));
}

TEST(Summary, EndsWithCountsLine) {
  std::string s = render_summary(analyze(testing::load_fixture("truncated-run.log"), {}, {}, LogOrigin::HarnessRun));
  EXPECT_TRUE(s.ends_with("1 passed, 3 failed, 0 skipped\n")) << s;
  EXPECT_NE(s.find("INFRA: incomplete"), std::string::npos);
}

TEST(Summary, FailedTestShowsWhatItPrintedBeforeItsResult) {
  std::string log =
      "TAP version 13\n1..1\n# selftests: vhost: t\n# TAP version 13\n# 1..1\n"
      "# # t.c:12:case:Expected 0 (0) == late (1)\n# not ok 1 case\nnot ok 1 selftests: vhost: t # exit=1\n";
  std::string s = render_summary(analyze(log, {}, {}, LogOrigin::Auto));
  EXPECT_NE(s.find("FAIL: test failed: selftests: vhost: t/case\n  | t.c:12:case:Expected 0 (0) == late (1)\n"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("FAIL: test failed: selftests: vhost: t (exit=1)\nFAIL"), std::string::npos) << s;
}

}  // namespace
}  // namespace vh
