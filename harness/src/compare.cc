#include "compare.h"

#include <algorithm>
#include <map>
#include <sstream>

#include "analysis.h"
#include "text_util.h"

namespace vh {

std::vector<std::string> parse_pattern_file(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view l = trim(text.substr(start, end - start));
    if (!l.empty() && l.front() != '#') out.emplace_back(l);
    start = end + 1;
  }
  return out;
}

std::optional<JsonValue> load_results(const std::string& dir, std::string* error) {
  std::string path = dir + "/results.json";
  auto text = read_file(path);
  if (!text) {
    *error = "cannot read " + path;
    return std::nullopt;
  }
  std::string perr;
  auto v = parse_json(*text, &perr);
  if (!v) *error = path + ": " + perr;
  return v;
}

namespace {

// A test's result as results.json states it; nullopt: not a known result.
using ResultMap = std::map<std::string, std::optional<TestStatus>>;

ResultMap results_of(const JsonValue& doc) {
  ResultMap m;
  if (const JsonValue* tests = doc.get("tests"))
    for (const JsonValue& t : tests->items) m[t.str("name")] = status_from_name(t.str("result"));
  return m;
}

// One side of a row: absent (the test does not exist there) or a result.
struct Side {
  bool present = false;
  std::optional<TestStatus> status;  // nullopt when present but unreadable
  bool failing() const { return present && (!status || is_failing(*status)); }
  bool passed() const { return present && status == TestStatus::Pass; }
  std::string text() const { return !present ? "absent" : status ? status_name(*status) : "unknown"; }
  bool operator==(const Side&) const = default;
};

Side side_of(const ResultMap& m, const std::string& name) {
  auto it = m.find(name);
  return it == m.end() ? Side{} : Side{true, it->second};
}

std::vector<std::string> reports_of(const JsonValue& doc, bool unexpected_only) {
  std::vector<std::string> out;
  if (const JsonValue* reps = doc.get("reports"))
    for (const JsonValue& r : reps->items) {
      const JsonValue* exp = r.get("expected");
      if (unexpected_only && ((exp && exp->boolean) || !r.str("known").empty())) continue;
      out.push_back(r.str("kind") + ": " + r.str("title"));
    }
  return out;
}

bool matches_any(const std::string& name, const std::vector<std::string>& pats) {
  return std::any_of(pats.begin(), pats.end(), [&](const std::string& p) { return glob_match(p, name); });
}

void judge_listed(CompareRow& row, const Side& base, const Side& patched) {
  if (!base.failing()) {
    row.ok = false;
    row.note = "expected to FAIL on base";
  } else if (!patched.passed()) {
    row.ok = false;
    row.note = "expected to PASS on patched";
  } else {
    row.note = "catches the hang";
  }
}

void judge_unlisted(CompareRow& row, const Side& base, const Side& patched, bool ancestor_of_listed) {
  if (!patched.present) {
    row.ok = false;
    row.note = "missing on patched";
  } else if (patched.failing()) {
    row.ok = false;
    row.note = "fails on patched";
  } else if (ancestor_of_listed || !base.present) {
    row.note = ancestor_of_listed ? "contains listed tests" : "new on patched";
  } else if (base != patched) {
    row.ok = false;
    row.note = "result differs";
  }
}

void judge_rows(CompareResult& out, const std::vector<std::string>& names, const ResultMap& b, const ResultMap& p,
                const std::vector<std::string>& patterns) {
  std::vector<std::string> listed;
  for (const std::string& n : names)
    if (matches_any(n, patterns)) listed.push_back(n);
  for (const std::string& n : names) {
    Side base = side_of(b, n), patched = side_of(p, n);
    CompareRow row{n, base.text(), patched.text(), matches_any(n, patterns), true, ""};
    bool ancestor = std::any_of(listed.begin(), listed.end(), [&](const std::string& l) { return l.starts_with(n + "/"); });
    if (row.listed) judge_listed(row, base, patched);
    else judge_unlisted(row, base, patched, ancestor);
    if (!row.ok)
      out.verdict_lines.push_back("FAIL: " + n + ": " + row.note + " (base " + row.base + ", patched " + row.patched + ")");
    out.ok = out.ok && row.ok;
    out.rows.push_back(std::move(row));
  }
}

}  // namespace

CompareResult compare_results(const JsonValue& base, const JsonValue& patched, const std::vector<std::string>& patterns) {
  CompareResult out;
  ResultMap b = results_of(base), p = results_of(patched);
  std::vector<std::string> names;
  for (const auto& [n, r] : b) names.push_back(n);
  for (const auto& [n, r] : p)
    if (!b.count(n)) names.push_back(n);
  judge_rows(out, names, b, p, patterns);
  for (const std::string& pat : patterns)
    if (std::none_of(names.begin(), names.end(), [&](const std::string& n) { return glob_match(pat, n); })) {
      out.ok = false;
      out.verdict_lines.push_back("FAIL: pattern '" + pat + "' matches no test");
    }
  out.base_reports = reports_of(base, false);
  out.patched_reports = reports_of(patched, true);
  for (const std::string& r : out.patched_reports) out.verdict_lines.push_back("FAIL: patched kernel report: " + r);
  if (!out.patched_reports.empty()) out.ok = false;
  if (verdict_from_name(patched.str("verdict")).value_or(Verdict::InfraError) == Verdict::InfraError) {
    out.ok = false;
    out.verdict_lines.push_back("FAIL: patched run did not complete (verdict " + patched.str("verdict") + ")");
  }
  out.verdict_lines.push_back(out.ok ? "OK: listed tests fail on base and pass on patched; nothing else changed"
                                     : "NOT OK: see the lines above");
  return out;
}

std::string render_compare(const CompareResult& r) {
  std::size_t w0 = 4, w1 = 4, w2 = 7;
  for (const CompareRow& row : r.rows) {
    w0 = std::max(w0, row.test.size());
    w1 = std::max(w1, row.base.size());
    w2 = std::max(w2, row.patched.size());
  }
  std::ostringstream o;
  auto cell = [](const std::string& s, std::size_t w) { return s + std::string(w - s.size(), ' '); };
  o << cell("test", w0) << " | " << cell("base", w1) << " | " << cell("patched", w2) << " | note\n";
  o << std::string(w0, '-') << "-+-" << std::string(w1, '-') << "-+-" << std::string(w2, '-') << "-+-----\n";
  for (const CompareRow& row : r.rows)
    o << cell(row.test, w0) << " | " << cell(row.base, w1) << " | " << cell(row.patched, w2) << " | "
      << (row.listed ? "[expect-fail] " : "") << row.note << "\n";
  for (const std::string& rep : r.base_reports) o << "base report (not counted): " << rep << "\n";
  for (const std::string& l : r.verdict_lines) o << l << "\n";
  return o.str();
}

}  // namespace vh
