// Base-vs-patched comparison of two results.json files. Passes only if every
// test matched by the expect-fail patterns FAILED (fail or missing) on base
// and PASSED on patched, every other test has the same non-failing result on
// both (a test only on patched may be absent on base), and patched has no
// unexpected kernel report. A pattern that matches no test is an error.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json_reader.h"

namespace vh {

std::vector<std::string> parse_pattern_file(std::string_view text);

// DIR/results.json of a run, parsed; nullopt with *error if unreadable.
std::optional<JsonValue> load_results(const std::string& dir, std::string* error);

struct CompareRow {
  std::string test;
  std::string base;     // result or "absent"
  std::string patched;
  bool listed = false;  // matched an expect-fail pattern
  bool ok = true;
  std::string note;
};

struct CompareResult {
  std::vector<CompareRow> rows;
  std::vector<std::string> verdict_lines;
  std::vector<std::string> base_reports;
  std::vector<std::string> patched_reports;
  bool ok = true;
};

CompareResult compare_results(const JsonValue& base, const JsonValue& patched, const std::vector<std::string>& patterns);
std::string render_compare(const CompareResult& r);

}  // namespace vh
