#include "matrix.h"

#include <algorithm>
#include <map>
#include <sstream>

#include "text_util.h"

namespace vh {

namespace {

bool matches_any(const std::string& name, const std::vector<std::string>& pats) {
  return std::any_of(pats.begin(), pats.end(), [&](const std::string& p) { return glob_match(p, name); });
}

std::string cell_text(const MatrixCell& c) {
  if (!c.present) return "-";
  if (c.result == "pass") return "pass";
  if (c.result == "fail") return "**FAIL**";
  if (c.result == "skip") return "skip: " + c.reason;
  return c.result + (c.reason.empty() ? "" : ": " + c.reason);
}

// Markdown cells must not contain '|'.
std::string escape(std::string s) {
  std::replace(s.begin(), s.end(), '|', '/');
  return s;
}

}  // namespace

Matrix build_matrix(const std::vector<MatrixRun>& runs, const std::vector<std::string>& expect_fail_on_base) {
  Matrix m;
  std::map<std::string, std::size_t> row;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    m.runs.push_back(runs[r].name);
    const JsonValue* tests = runs[r].results.get("tests");
    if (!tests) {
      m.problems.push_back(runs[r].name + ": no test results");
      continue;
    }
    for (const JsonValue& t : tests->items) {
      const JsonValue* leaf = t.get("leaf");
      if (!leaf || !leaf->boolean) continue;
      std::string name = t.str("name");
      auto [it, fresh] = row.emplace(name, m.tests.size());
      if (fresh) {
        m.tests.push_back(name);
        m.cells.emplace_back(runs.size());
      }
      m.cells[it->second][r] = MatrixCell{true, t.str("result"), std::string(trim(t.str("reason")))};
    }
  }
  for (std::size_t i = 0; i < m.tests.size(); ++i) {
    for (std::size_t r = 0; r < runs.size(); ++r) {
      const MatrixCell& c = m.cells[i][r];
      if (!c.present) continue;
      std::string where = m.tests[i] + " in " + runs[r].name;
      if (c.result == "skip" && c.reason.empty()) m.problems.push_back(where + ": skipped without a reason");
      if (c.result != "pass" && c.result != "skip" && c.result != "fail") {
        m.problems.push_back(where + ": result '" + c.result + "' (only pass, skip or fail say what happened)");
        continue;
      }
      if (c.result != "fail") continue;
      if (runs[r].patched) m.problems.push_back(where + ": fails on the patched kernel");
      else if (!matches_any(m.tests[i], expect_fail_on_base))
        m.problems.push_back(where + ": fails on the unpatched kernel but is not a test that catches the hang");
    }
  }
  return m;
}

std::string render_matrix_markdown(const Matrix& m) {
  std::ostringstream o;
  o << "| test |";
  for (const std::string& r : m.runs) o << " " << escape(r) << " |";
  o << "\n| --- |";
  for (std::size_t r = 0; r < m.runs.size(); ++r) o << " --- |";
  o << "\n";
  for (std::size_t i = 0; i < m.tests.size(); ++i) {
    o << "| " << escape(m.tests[i]) << " |";
    for (const MatrixCell& c : m.cells[i]) o << " " << escape(cell_text(c)) << " |";
    o << "\n";
  }
  return o.str();
}

}  // namespace vh
