// The same tests run in several environments (root, unprivileged user,
// kthread workers, upstream-CI configuration...), on the unpatched and the
// patched kernel: one table of what each leaf test did where, and the rules
// such runs must keep:
//   - a skipped test says why (a non-empty SKIP reason);
//   - a test passes, fails or skips (an xfail, say, hides what happened);
//   - on the patched kernel no test fails;
//   - on the unpatched kernel only the tests matched by the expect-fail
//     patterns may fail (they may also skip where they cannot run).
#pragma once

#include <string>
#include <vector>

#include "json_reader.h"

namespace vh {

struct MatrixRun {
  std::string name;  // results.json "name"
  bool patched = false;
  JsonValue results;
};

struct MatrixCell {
  bool present = false;
  std::string result;  // pass, fail, skip, ... as results.json says
  std::string reason;
};

struct Matrix {
  std::vector<std::string> runs;   // column names
  std::vector<std::string> tests;  // row names, in order of first appearance
  std::vector<std::vector<MatrixCell>> cells;  // [test][run]
  std::vector<std::string> problems;           // broken rules
  bool ok() const { return problems.empty(); }
};

Matrix build_matrix(const std::vector<MatrixRun>& runs, const std::vector<std::string>& expect_fail_on_base);

// A markdown table: one row per test, one column per run; a cell is "pass",
// "**FAIL**", or "skip: REASON".
std::string render_matrix_markdown(const Matrix& m);

}  // namespace vh
