// Flattens a KTAP tree into named test entries ("suite/case" paths) and
// counts leaf test cases.
#pragma once

#include <string>
#include <vector>

#include "ktap_parser.h"

namespace vh {

struct FlatTest {
  std::vector<std::string> path;
  std::string name;  // path joined with '/'
  TestStatus status = TestStatus::Missing;
  std::string directive;
  std::string reason;
  std::size_t line = 0;
  std::vector<std::string> diagnostics;  // see TestNode::diagnostics
  bool leaf = true;
};

struct Counts {
  int passed = 0;
  int failed = 0;   // fail + missing
  int skipped = 0;  // skip + todo
};

bool is_failing(TestStatus s);  // Fail or Missing

std::vector<FlatTest> flatten_tests(const KtapResult& ktap);
Counts count_leaves(const std::vector<FlatTest>& tests);
std::string counts_line(const Counts& c);  // "N passed, N failed, N skipped"

}  // namespace vh
