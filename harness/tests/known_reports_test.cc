#include "known_reports.h"

#include <gtest/gtest.h>

#include "fixture_util.h"

namespace vh {
namespace {

// clean-run.log with a lockdep splat (its body names btrfs functions) inserted
// before the guest finishes.
std::string clean_with_splat() {
  std::string clean = testing::load_fixture("clean-run.log");
  std::string splat = testing::load_fixture("lore-btrfs-circular-locking.log");
  std::size_t at = clean.find("vhost-harness: guest done");
  return clean.substr(0, at) + splat + clean.substr(at);
}

Analysis analyze(const std::string& text, std::vector<KnownReport> known) {
  AnalyzeOptions o;
  o.name = "t";
  o.known_reports = std::move(known);
  std::string error;
  auto a = analyze_log(text, o, &error);
  EXPECT_TRUE(a) << error;
  return a.value_or(Analysis{});
}

TEST(KnownReports, ParsesTabSeparatedLinesAndSkipsComments) {
  std::string error;
  auto k = parse_known_reports("# comment\n\ncircular locking\tbtrfs_\tnot ours \r\n", &error);
  ASSERT_TRUE(k) << error;
  ASSERT_EQ(k->size(), 1u);
  EXPECT_EQ((*k)[0].title_re, "circular locking");
  EXPECT_EQ((*k)[0].body_re, "btrfs_");
  EXPECT_EQ((*k)[0].reason, "not ours");
}

TEST(KnownReports, RejectsALineWithoutThreeFields) {
  std::string error;
  EXPECT_FALSE(parse_known_reports("circular locking\tbtrfs_\n", &error));
  EXPECT_NE(error.find("line 1"), std::string::npos) << error;
}

TEST(KnownReports, AReportMatchingTitleAndBodyIsNoFailure) {
  Analysis a = analyze(clean_with_splat(), {{"circular locking", "btrfs_", "a btrfs report"}});
  EXPECT_EQ(a.verdict, Verdict::Pass);
  ASSERT_EQ(a.report_known.size(), a.evidence.reports.size());
  ASSERT_FALSE(a.report_known.empty());
  EXPECT_EQ(a.report_known[0], "a btrfs report");
}

TEST(KnownReports, TheBodyMustMatchToo) {
  Analysis a = analyze(clean_with_splat(), {{"circular locking", "vhost_worker_killed", "not this one"}});
  EXPECT_EQ(a.verdict, Verdict::Fail);
  EXPECT_TRUE(a.report_known[0].empty());
}

TEST(KnownReports, WithoutTheListTheReportFails) {
  Analysis a = analyze(clean_with_splat(), {});
  EXPECT_EQ(a.verdict, Verdict::Fail);
}

}  // namespace
}  // namespace vh
