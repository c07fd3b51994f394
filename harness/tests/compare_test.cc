#include "compare.h"

#include <gtest/gtest.h>

namespace vh {
namespace {

JsonValue results(const std::string& json) {
  auto v = parse_json(json);
  EXPECT_TRUE(v);
  return v.value_or(JsonValue{});
}

std::string doc(const std::string& tests, const std::string& reports = "", const std::string& verdict = "fail") {
  return "{\"verdict\": \"" + verdict + "\", \"tests\": [" + tests + "], \"reports\": [" + reports + "]}";
}

std::string t(const std::string& name, const std::string& result) {
  return "{\"name\": \"" + name + "\", \"result\": \"" + result + "\"}";
}

const std::string kHung = "{\"kind\": \"hung_task\", \"title\": \"INFO: task vhost-1:2 blocked\", \"expected\": false}";

TEST(Compare, PatternFile) {
  EXPECT_EQ(parse_pattern_file("# tests that catch the hang\n\n  suite/kill_*  \n#x\nother\n"),
            (std::vector<std::string>{"suite/kill_*", "other"}));
}

TEST(Compare, ListedFailsOnBasePassesOnPatched) {
  JsonValue base = results(doc(t("s", "fail") + "," + t("s/kill_vq", "fail") + "," + t("s/idle", "pass") + "," +
                               t("s/skip", "skip"), kHung));
  JsonValue patched = results(doc(t("s", "pass") + "," + t("s/kill_vq", "pass") + "," + t("s/idle", "pass") + "," +
                                  t("s/skip", "skip") + "," + t("kunit/new_case", "pass"), "", "pass"));
  CompareResult r = compare_results(base, patched, {"s/kill_*"});
  EXPECT_TRUE(r.ok) << render_compare(r);
  std::string table = render_compare(r);
  EXPECT_NE(table.find("kunit/new_case | absent | pass    | new on patched"), std::string::npos) << table;
  EXPECT_NE(table.find("s/kill_vq      | fail   | pass    | [expect-fail] catches the hang"), std::string::npos);
  EXPECT_NE(table.find("base report (not counted): hung_task: INFO: task vhost-1:2 blocked"), std::string::npos);
  EXPECT_EQ(r.verdict_lines.back(), "OK: listed tests fail on base and pass on patched; nothing else changed");
}

TEST(Compare, MissingOnBaseCountsAsFailed) {
  JsonValue base = results(doc(t("s", "missing") + "," + t("s/kill_vq", "missing")));
  JsonValue patched = results(doc(t("s", "pass") + "," + t("s/kill_vq", "pass"), "", "pass"));
  EXPECT_TRUE(compare_results(base, patched, {"s/kill_vq"}).ok);
}

TEST(Compare, ListedTestThatPassesOnBaseIsNotOk) {
  JsonValue base = results(doc(t("s/kill_vq", "pass")));
  JsonValue patched = results(doc(t("s/kill_vq", "pass"), "", "pass"));
  CompareResult r = compare_results(base, patched, {"s/kill_vq"});
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.verdict_lines.front(), "FAIL: s/kill_vq: expected to FAIL on base (base pass, patched pass)");
}

TEST(Compare, UnlistedRegressionOrChangeIsNotOk) {
  JsonValue base = results(doc(t("a", "pass") + "," + t("b", "skip") + "," + t("gone", "pass")));
  JsonValue patched = results(doc(t("a", "fail") + "," + t("b", "pass"), "", "pass"));
  CompareResult r = compare_results(base, patched, {});
  EXPECT_FALSE(r.ok);
  ASSERT_GE(r.verdict_lines.size(), 3u);
  EXPECT_EQ(r.verdict_lines[0], "FAIL: a: fails on patched (base pass, patched fail)");
  EXPECT_EQ(r.verdict_lines[1], "FAIL: b: result differs (base skip, patched pass)");
  EXPECT_EQ(r.verdict_lines[2], "FAIL: gone: missing on patched (base pass, patched absent)");
}

TEST(Compare, PatternMatchingNothingIsAnError) {
  JsonValue base = results(doc(t("a", "fail")));
  JsonValue patched = results(doc(t("a", "pass"), "", "pass"));
  CompareResult r = compare_results(base, patched, {"a", "nope*"});
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.verdict_lines.front(), "FAIL: pattern 'nope*' matches no test");
}

TEST(Compare, PatchedReportOrIncompleteRunIsNotOk) {
  JsonValue base = results(doc(t("a", "fail")));
  JsonValue patched = results(doc(t("a", "pass"), kHung, "fail"));
  CompareResult r = compare_results(base, patched, {"a"});
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.verdict_lines.front(), "FAIL: patched kernel report: hung_task: INFO: task vhost-1:2 blocked");
  JsonValue expected_report = results(doc(t("a", "pass"),
      "{\"kind\": \"lockdep\", \"title\": \"WARNING: x\", \"expected\": true}", "pass"));
  EXPECT_TRUE(compare_results(base, expected_report, {"a"}).ok);
  JsonValue infra = results(doc(t("a", "pass"), "", "infra_error"));
  EXPECT_FALSE(compare_results(base, infra, {"a"}).ok);
}

TEST(Compare, JudgesTypedResultsNotStrings) {
  // A result the harness never writes is not a pass, and not a failure on base either.
  JsonValue base = results(doc(t("s/kill_vq", "fail") + "," + t("s/idle", "pass")));
  JsonValue patched = results(doc(t("s/kill_vq", "PASS") + "," + t("s/idle", "ok"), "", "pass"));
  CompareResult r = compare_results(base, patched, {"s/kill_vq"});
  EXPECT_FALSE(r.ok);
  std::string table = render_compare(r);
  EXPECT_NE(table.find("s/kill_vq | fail | unknown | [expect-fail] expected to PASS on patched"), std::string::npos) << table;
  EXPECT_NE(table.find("s/idle    | pass | unknown | fails on patched"), std::string::npos) << table;
  JsonValue no_verdict = results("{\"tests\": [" + t("s/kill_vq", "pass") + "]}");
  EXPECT_FALSE(compare_results(base, no_verdict, {"s/kill_vq"}).ok);
}

}  // namespace
}  // namespace vh
