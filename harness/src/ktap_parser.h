// KTAP / TAP parser for kernel consoles: KUnit (nesting by 4-space
// indentation) and the kselftest runner (a test binary's TAP nested under a
// "# " prefix). Tolerates interleaved kernel lines and truncated output:
// results that never arrived become TestStatus::Missing.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "console_line.h"

namespace vh {

enum class TestStatus { Pass, Fail, Skip, Todo, Missing };

const char* status_name(TestStatus s);  // "pass","fail","skip","todo","missing"
std::optional<TestStatus> status_from_name(std::string_view name);  // inverse of status_name

struct TestNode {
  std::string name;
  int number = 0;
  TestStatus status = TestStatus::Missing;
  std::string directive;  // "SKIP", "TODO", "XFAIL", "TIMEOUT" or empty
  std::string reason;     // text after the directive / after " # "
  std::size_t line = 0;   // log line of the result (0 for missing)
  // The last kMaxDiagnostics comment lines of this level before the result
  // (a kselftest_harness failure says where and why there), without "# ".
  std::vector<std::string> diagnostics;
  std::vector<TestNode> children;
};

inline constexpr std::size_t kMaxDiagnostics = 8;

struct KtapDocument {
  std::string version;  // "KTAP version 1", "TAP version 13"
  std::size_t line = 0;
  std::optional<int> plan;
  std::vector<TestNode> tests;
};

struct KtapResult {
  std::vector<KtapDocument> documents;
  std::vector<std::string> problems;  // truncation, bail out, plan mismatch
  bool found() const { return !documents.empty(); }
  bool complete() const { return problems.empty(); }
};

// One parsed "ok/not ok" line.
struct ResultLine {
  bool ok = false;
  int number = 0;
  std::string name;
  std::string directive;
  std::string reason;
};
std::optional<ResultLine> parse_result_line(std::string_view rest);
TestStatus status_of(const ResultLine& r);

KtapResult parse_ktap(Lines lines);
KtapResult parse_ktap(std::string_view log);

}  // namespace vh
