#include "test_results.h"

#include <set>

#include "text_util.h"

namespace vh {

namespace {

std::string node_name(const TestNode& n) {
  return n.name.empty() ? "#" + std::to_string(n.number) : n.name;
}

void walk(const TestNode& n, std::vector<std::string>& path, std::vector<FlatTest>& out) {
  path.push_back(node_name(n));
  FlatTest t;
  t.path = path;
  t.name = join(path, "/");
  t.status = n.status;
  t.directive = n.directive;
  t.reason = n.reason;
  t.line = n.line;
  t.diagnostics = n.diagnostics;
  t.leaf = n.children.empty();
  out.push_back(std::move(t));
  for (const TestNode& c : n.children) walk(c, path, out);
  path.pop_back();
}

}  // namespace

bool is_failing(TestStatus s) { return s == TestStatus::Fail || s == TestStatus::Missing; }

std::vector<FlatTest> flatten_tests(const KtapResult& ktap) {
  std::vector<FlatTest> out;
  for (const KtapDocument& d : ktap.documents) {
    std::vector<std::string> path;
    for (const TestNode& n : d.tests) walk(n, path, out);
  }
  std::set<std::string> seen;
  for (FlatTest& t : out) {
    std::string base = t.name;
    for (int i = 2; !seen.insert(t.name).second; ++i) t.name = base + " #" + std::to_string(i);
  }
  return out;
}

namespace {

// A failing suite whose cases all passed (e.g. the test binary crashed after
// its last case) still counts as one failed case.
bool failing_without_failing_child(const FlatTest& suite, const std::vector<FlatTest>& tests) {
  if (suite.leaf || !is_failing(suite.status)) return false;
  std::string prefix = suite.name + "/";
  for (const FlatTest& t : tests)
    if (t.name.starts_with(prefix) && is_failing(t.status)) return false;
  return true;
}

}  // namespace

Counts count_leaves(const std::vector<FlatTest>& tests) {
  Counts c;
  for (const FlatTest& t : tests) {
    if (failing_without_failing_child(t, tests)) ++c.failed;
    if (!t.leaf) continue;
    if (is_failing(t.status)) ++c.failed;
    else if (t.status == TestStatus::Pass) ++c.passed;
    else ++c.skipped;
  }
  return c;
}

std::string counts_line(const Counts& c) {
  return std::to_string(c.passed) + " passed, " + std::to_string(c.failed) + " failed, " +
         std::to_string(c.skipped) + " skipped";
}

}  // namespace vh
