#include "ktap_parser.h"

#include <gtest/gtest.h>

#include "fixture_util.h"
#include "test_results.h"

namespace vh {
namespace {

const FlatTest* find(const std::vector<FlatTest>& tests, const std::string& name) {
  for (const FlatTest& t : tests)
    if (t.name == name) return &t;
  return nullptr;
}

TEST(ResultLine, ParsesDirectives) {
  auto skip = parse_result_line("ok 3 nvqs=64 # SKIP needs CONFIG_VHOST_MAX_VQS");
  ASSERT_TRUE(skip);
  EXPECT_TRUE(skip->ok);
  EXPECT_EQ(skip->number, 3);
  EXPECT_EQ(skip->name, "nvqs=64");
  EXPECT_EQ(skip->directive, "SKIP");
  EXPECT_EQ(skip->reason, "needs CONFIG_VHOST_MAX_VQS");
  EXPECT_EQ(status_of(*skip), TestStatus::Skip);

  auto todo = parse_result_line("not ok 4 - flaky one # todo later");
  ASSERT_TRUE(todo);
  EXPECT_EQ(todo->name, "flaky one");
  EXPECT_EQ(status_of(*todo), TestStatus::Todo);

  auto timeout = parse_result_line("not ok 1 selftests: vhost: vhost_kill_test # TIMEOUT 120 seconds");
  ASSERT_TRUE(timeout);
  EXPECT_EQ(timeout->name, "selftests: vhost: vhost_kill_test");
  EXPECT_EQ(timeout->directive, "TIMEOUT");
  EXPECT_EQ(status_of(*timeout), TestStatus::Fail);

  auto exit_code = parse_result_line("not ok 1 selftests: sigaltstack: sas # exit=1");
  ASSERT_TRUE(exit_code);
  EXPECT_EQ(exit_code->directive, "");
  EXPECT_EQ(exit_code->reason, "exit=1");

  EXPECT_FALSE(parse_result_line("okay then"));
  EXPECT_FALSE(parse_result_line("ok no number"));
}

TEST(Ktap, KunitAndKselftestDocumentsInOneConsole) {
  // clean-run.log: KUnit at boot (4-space nesting, parameterised cases at
  // depth 3) followed by run_kselftest.sh output ("# " nesting).
  testing::FixtureLog log("clean-run.log");
  KtapResult r = parse_ktap(log.lines());
  ASSERT_EQ(r.documents.size(), 2u);
  EXPECT_TRUE(r.complete()) << r.problems.front();
  EXPECT_EQ(r.documents[0].version, "KTAP version 1");
  EXPECT_EQ(r.documents[1].version, "TAP version 13");

  auto tests = flatten_tests(r);
  const FlatTest* param = find(tests, "vhost_worker_kill/vhost_kill_with_vqs/nvqs=64");
  ASSERT_TRUE(param);
  EXPECT_EQ(param->status, TestStatus::Skip);
  EXPECT_EQ(param->reason, "needs CONFIG_VHOST_MAX_VQS");
  const FlatTest* suite = find(tests, "vhost_worker_kill/vhost_kill_with_vqs");
  ASSERT_TRUE(suite);
  EXPECT_FALSE(suite->leaf);

  const FlatTest* ks = find(tests, "selftests: vhost: vhost_kill_test/global.kill_worker_while_ioctl_holds_vq_mutex");
  ASSERT_TRUE(ks);
  EXPECT_EQ(ks->status, TestStatus::Pass);
  const FlatTest* todo = find(tests, "selftests: vhost: vhost_kill_test/global.kill_worker_twice");
  ASSERT_TRUE(todo);
  EXPECT_EQ(todo->status, TestStatus::Todo);
  const FlatTest* script = find(tests, "selftests: vhost: vhost_net_kill.sh");
  ASSERT_TRUE(script);
  EXPECT_TRUE(script->leaf);
  EXPECT_EQ(script->status, TestStatus::Skip);

  Counts c = count_leaves(tests);
  EXPECT_EQ(counts_line(c), "6 passed, 0 failed, 4 skipped");
}

TEST(Ktap, InterleavedKernelLinesAreIgnored) {
  // base-vq-mutex-hang-7.3.log: a hung-task report and a lockdep dump land
  // in the middle of the kselftest binary's nested TAP.
  testing::FixtureLog log("base-vq-mutex-hang-7.3.log");
  KtapResult r = parse_ktap(log.lines());
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_TRUE(r.complete());
  auto tests = flatten_tests(r);
  ASSERT_EQ(tests.size(), 3u);
  EXPECT_EQ(tests[0].name, "selftests: vhost: vhost_kill_test");
  EXPECT_EQ(tests[0].status, TestStatus::Fail);
  EXPECT_EQ(tests[0].reason, "exit=1");
  EXPECT_EQ(tests[2].name, "selftests: vhost: vhost_kill_test/global.kill_worker_while_ioctl_holds_vq_mutex");
  EXPECT_EQ(tests[2].status, TestStatus::Fail);
  EXPECT_EQ(counts_line(count_leaves(tests)), "1 passed, 1 failed, 0 skipped");
}

TEST(Ktap, RealKselftestBailOutLeavesMissingTests) {
  // lore-kselftest-sigaltstack-bailout.log (real LKFT output).
  testing::FixtureLog log("lore-kselftest-sigaltstack-bailout.log");
  KtapResult r = parse_ktap(log.lines());
  EXPECT_FALSE(r.complete());
  auto tests = flatten_tests(r);
  ASSERT_EQ(tests.size(), 4u);
  EXPECT_EQ(tests[0].name, "selftests: sigaltstack: sas");
  EXPECT_EQ(tests[0].status, TestStatus::Fail);
  EXPECT_EQ(tests[1].status, TestStatus::Pass);
  EXPECT_EQ(tests[2].status, TestStatus::Missing);
  EXPECT_EQ(tests[2].reason, "not run: bail out");
  EXPECT_EQ(counts_line(count_leaves(tests)), "1 passed, 2 failed, 0 skipped");
}

TEST(Ktap, HugePlanNamesAThousandMissingTestsThenTheRest) {
  // A corrupt plan (found by the fuzzer: "1..2000000000") must not make
  // one node per promised test.
  std::string text = "KTAP version 1\n1..2000000000\nok 1 first\n";
  KtapResult r = parse_ktap(std::string_view(text));
  ASSERT_EQ(r.documents.size(), 1u);
  auto tests = flatten_tests(r);
  ASSERT_EQ(tests.size(), 1u + 1000u + 1u);
  EXPECT_EQ(tests[0].status, TestStatus::Pass);
  EXPECT_EQ(tests[1000].name, "(missing test 1001)");
  EXPECT_EQ(tests[1001].name, "(missing tests 1002-2000000000)");
  EXPECT_EQ(tests[1001].status, TestStatus::Missing);
  EXPECT_EQ(tests[1001].reason, "not run: output truncated");
}

TEST(Ktap, RealKselftestPass) {
  testing::FixtureLog log("lore-kselftest-sigaltstack-pass.log");
  KtapResult r = parse_ktap(log.lines());
  EXPECT_TRUE(r.complete());
  EXPECT_EQ(counts_line(count_leaves(flatten_tests(r))), "3 passed, 0 failed, 0 skipped");
}

TEST(Ktap, RealKunitWithoutTopLevelHeader) {
  // lore-kunit-rust-failures.log: a suite quoted without its top-level
  // "KTAP version 1"; the document starts at the indented header.
  testing::FixtureLog log("lore-kunit-rust-failures.log");
  auto tests = flatten_tests(parse_ktap(log.lines()));
  ASSERT_EQ(tests.size(), 2u);
  EXPECT_EQ(tests[0].name, "my_first_test");
  EXPECT_EQ(tests[0].status, TestStatus::Fail);
  EXPECT_EQ(tests[0].line, 8u);
  EXPECT_EQ(tests[1].status, TestStatus::Fail);
}

TEST(Ktap, RealTruncatedKunitSuite) {
  // lore-kunit-scanf-truncated.log: the log stops inside suite "scanf".
  testing::FixtureLog log("lore-kunit-scanf-truncated.log");
  KtapResult r = parse_ktap(log.lines());
  EXPECT_FALSE(r.complete());
  auto tests = flatten_tests(r);
  ASSERT_EQ(tests.size(), 11u);
  EXPECT_EQ(tests[0].name, "scanf");
  EXPECT_EQ(tests[0].status, TestStatus::Missing);
  EXPECT_EQ(tests[10].name, "scanf/(missing test 10)");
  EXPECT_EQ(counts_line(count_leaves(tests)), "0 passed, 10 failed, 0 skipped");
}

TEST(Ktap, TruncatedKselftestRun) {
  testing::FixtureLog log("truncated-run.log");
  KtapResult r = parse_ktap(log.lines());
  EXPECT_FALSE(r.complete());
  auto tests = flatten_tests(r);
  EXPECT_EQ(counts_line(count_leaves(tests)), "1 passed, 3 failed, 0 skipped");
  const FlatTest* suite = find(tests, "selftests: vhost: vhost_kill_test");
  ASSERT_TRUE(suite);
  EXPECT_EQ(suite->status, TestStatus::Missing);
}

TEST(Ktap, NoKtapAtAll) {
  KtapResult r = parse_ktap(std::string_view("[    0.1] Linux version 7.3\nhello\n"));
  EXPECT_FALSE(r.found());
}

TEST(Ktap, FailingSuiteWithPassingCasesCountsOnce) {
  auto tests = flatten_tests(parse_ktap(std::string_view(
      "TAP version 13\n1..1\n# TAP version 13\n# 1..1\n# ok 1 a\nnot ok 1 selftests: x: y # exit=139\n")));
  EXPECT_EQ(counts_line(count_leaves(tests)), "1 passed, 1 failed, 0 skipped");
}

// A kselftest_harness failure says where and why in the comment lines
// before its result; they stay with the test, the last kMaxDiagnostics.
TEST(Ktap, FailingSubtestKeepsTheCommentsBeforeIt) {
  std::string log =
      "TAP version 13\n1..1\n# selftests: vhost: vhost_scsi_target\n# TAP version 13\n# 1..2\n"
      "# #  RUN           vhost_scsi_kill.idle.owner_reaped ...\n"
      "# #            OK  vhost_scsi_kill.idle.owner_reaped\n# ok 1 vhost_scsi_kill.idle.owner_reaped\n"
      "# #  RUN           vhost_scsi_kill.busy.owner_reaped ...\n"
      "[   12.5] a kernel line between\n"
      "# # vhost_scsi_target.c:580:owner_reaped:Expected 0 (0) == ret (-110)\n"
      "# #          FAIL  vhost_scsi_kill.busy.owner_reaped\n# not ok 2 vhost_scsi_kill.busy.owner_reaped\n"
      "not ok 1 selftests: vhost: vhost_scsi_target # exit=1\n";
  auto tests = flatten_tests(parse_ktap(log));
  const FlatTest* pass = find(tests, "selftests: vhost: vhost_scsi_target/vhost_scsi_kill.idle.owner_reaped");
  ASSERT_TRUE(pass);
  EXPECT_EQ(pass->diagnostics.size(), 2u);
  const FlatTest* fail = find(tests, "selftests: vhost: vhost_scsi_target/vhost_scsi_kill.busy.owner_reaped");
  ASSERT_TRUE(fail);
  ASSERT_EQ(fail->diagnostics.size(), 3u);
  EXPECT_EQ(fail->diagnostics[0], "RUN           vhost_scsi_kill.busy.owner_reaped ...");
  EXPECT_EQ(fail->diagnostics[1], "vhost_scsi_target.c:580:owner_reaped:Expected 0 (0) == ret (-110)");

  std::string chatty = "TAP version 13\n1..1\n";
  for (int i = 0; i < 20; ++i) chatty += "# line " + std::to_string(i) + "\n";
  chatty += "not ok 1 chatty\n";
  auto many = flatten_tests(parse_ktap(chatty));
  ASSERT_EQ(many.size(), 1u);
  ASSERT_EQ(many[0].diagnostics.size(), kMaxDiagnostics);
  EXPECT_EQ(many[0].diagnostics.back(), "line 19");
}

TEST(Ktap, IndentedResultWithoutHeaderOpensChild) {
  auto tests = flatten_tests(parse_ktap(std::string_view(
      "KTAP version 1\n1..1\n    # Subtest: s\n    ok 1 a\n    not ok 2 b\nnot ok 1 s\n")));
  ASSERT_EQ(tests.size(), 3u);
  EXPECT_EQ(tests[2].name, "s/b");
  EXPECT_EQ(tests[2].status, TestStatus::Fail);
}

}  // namespace
}  // namespace vh
