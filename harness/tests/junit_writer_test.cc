#include "junit_writer.h"

#include <gtest/gtest.h>

#include "fixture_util.h"

namespace vh {
namespace {

Analysis analyze(const std::string& fixture) {
  std::string error;
  AnalyzeOptions o;
  o.name = "junit";
  auto a = analyze_log(testing::load_fixture(fixture), o, &error);
  EXPECT_TRUE(a) << error;
  return a.value_or(Analysis{});
}

TEST(Junit, SuitesCasesAndCounts) {
  std::string xml = render_junit(analyze("clean-run.log"));
  EXPECT_NE(xml.find("<testsuites name=\"junit\" tests=\"11\" failures=\"0\" errors=\"0\" skipped=\"4\">"),
            std::string::npos) << xml;
  EXPECT_NE(xml.find("<testcase classname=\"vhost_worker_kill/vhost_kill_with_vqs\" name=\"nvqs=64\">\n"
                     "      <skipped message=\"SKIP needs CONFIG_VHOST_MAX_VQS\"/>"),
            std::string::npos);
  EXPECT_NE(xml.find("<testsuite name=\"selftests: vhost: vhost_kill_test\" tests=\"3\""), std::string::npos);
  EXPECT_NE(xml.find("<testcase classname=\"harness\" name=\"run complete\"/>"), std::string::npos);
}

TEST(Junit, FailuresReportsAndInfra) {
  std::string xml = render_junit(analyze("base-vq-mutex-hang-7.3.log"));
  EXPECT_NE(xml.find("name=\"global.kill_worker_while_ioctl_holds_vq_mutex\">\n      <failure message=\"fail\"/>"),
            std::string::npos) << xml;
  EXPECT_NE(xml.find("<testcase classname=\"kernel-reports\" name=\"hung_task at line 16\">\n      <failure message=\"INFO: "
                     "task vhost-231:236 blocked for more than 10 seconds.\"/>"),
            std::string::npos);
  std::string truncated = render_junit(analyze("truncated-run.log"));
  EXPECT_NE(truncated.find("name=\"(missing test 2)\">\n      <error message=\"not run: output truncated\"/>"),
            std::string::npos) << truncated;
  EXPECT_NE(truncated.find("<testcase classname=\"harness\" name=\"run complete\">\n      <error"), std::string::npos);
}

TEST(Junit, Escaping) { EXPECT_EQ(xml_escape("a<b>&\"c'\x01"), "a&lt;b&gt;&amp;&quot;c&apos;?"); }

}  // namespace
}  // namespace vh
