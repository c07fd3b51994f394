#include "matrix.h"

#include <gtest/gtest.h>

namespace vh {
namespace {

// A results.json with leaf tests "name:result:reason" and one parent node.
JsonValue results(const std::string& name, std::vector<std::string> leaves) {
  std::string json = "{\"name\": \"" + name + "\", \"tests\": [";
  json += "{\"name\": \"suite\", \"leaf\": false, \"result\": \"fail\", \"reason\": \"\"}";
  for (const std::string& l : leaves) {
    std::size_t a = l.find(':'), b = l.find(':', a + 1);
    json += ", {\"name\": \"" + l.substr(0, a) + "\", \"leaf\": true, \"result\": \"" + l.substr(a + 1, b - a - 1) +
            "\", \"reason\": \"" + l.substr(b + 1) + "\"}";
  }
  json += "]}";
  auto v = parse_json(json);
  EXPECT_TRUE(v) << json;
  return v.value_or(JsonValue{});
}

TEST(Matrix, ListedTestsMayFailOrSkipOnBaseAndEveryRowHasACell) {
  std::vector<MatrixRun> runs = {
      {"base-root", false, results("base-root", {"s/stall:fail:", "s/flush:pass:"})},
      {"base-user", false, results("base-user", {"s/stall:skip:needs root", "s/flush:pass:"})},
      {"patched-root", true, results("patched-root", {"s/stall:pass:", "s/flush:pass:", "k/only:pass:"})},
  };
  Matrix m = build_matrix(runs, {"*/stall"});
  EXPECT_TRUE(m.ok()) << m.problems.front();
  ASSERT_EQ(m.tests.size(), 3u);
  EXPECT_EQ(m.tests[2], "k/only");
  EXPECT_FALSE(m.cells[2][0].present);
  std::string md = render_matrix_markdown(m);
  EXPECT_NE(md.find("| s/stall | **FAIL** | skip: needs root | pass |"), std::string::npos) << md;
  EXPECT_NE(md.find("| k/only | - | - | pass |"), std::string::npos) << md;
}

TEST(Matrix, EachRuleIsEnforced) {
  std::vector<MatrixRun> runs = {
      {"base", false, results("base", {"s/stall:fail:", "s/flush:fail:", "s/other:skip:"})},
      {"patched", true, results("patched", {"s/stall:fail:", "s/flush:pass:", "s/other:xfail:"})},
  };
  Matrix m = build_matrix(runs, {"*/stall"});
  ASSERT_EQ(m.problems.size(), 4u);
  EXPECT_EQ(m.problems[0], "s/stall in patched: fails on the patched kernel");
  EXPECT_EQ(m.problems[1], "s/flush in base: fails on the unpatched kernel but is not a test that catches the hang");
  EXPECT_EQ(m.problems[2], "s/other in base: skipped without a reason");
  EXPECT_EQ(m.problems[3], "s/other in patched: result 'xfail' (only pass, skip or fail say what happened)");
}

}  // namespace
}  // namespace vh
