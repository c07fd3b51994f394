#include "junit_writer.h"

#include <map>
#include <sstream>

#include "text_util.h"

namespace vh {

std::string xml_escape(std::string_view s) {
  std::string out;
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (c < 0x20 && ch != '\n' && ch != '\t') out += '?';
        else out += ch;
    }
  }
  return out;
}

namespace {

struct Case {
  std::string classname, name, kind, message;  // kind: "", "failure", "skipped", "error"
};

struct Suite {
  std::string name;
  std::vector<Case> cases;
  int failures = 0, skipped = 0, errors = 0;
};

Case test_case(const FlatTest& t) {
  Case c;
  std::vector<std::string> parent(t.path.begin(), t.path.end() - 1);
  c.classname = parent.empty() ? t.path.front() : join(parent, "/");
  c.name = t.path.back();
  std::string why = t.directive.empty() ? t.reason : t.directive + " " + t.reason;
  if (t.status == TestStatus::Fail) c.kind = "failure";
  else if (t.status == TestStatus::Missing) c.kind = "error";
  else if (t.status == TestStatus::Skip || t.status == TestStatus::Todo) c.kind = "skipped";
  c.message = trim(why).empty() ? std::string(status_name(t.status)) : std::string(trim(why));
  return c;
}

void add(Suite& s, Case c) {
  s.failures += c.kind == "failure";
  s.skipped += c.kind == "skipped";
  s.errors += c.kind == "error";
  s.cases.push_back(std::move(c));
}

std::vector<Suite> build_suites(const Analysis& a) {
  std::vector<Suite> suites;
  std::map<std::string, std::size_t> index;
  for (const FlatTest& t : a.tests) {
    if (!t.leaf) continue;
    auto [it, fresh] = index.emplace(t.path.front(), suites.size());
    if (fresh) suites.push_back(Suite{t.path.front(), {}, 0, 0, 0});
    add(suites[it->second], test_case(t));
  }
  Suite reports{"kernel-reports", {}, 0, 0, 0};
  for (std::size_t i = 0; i < a.evidence.reports.size(); ++i) {
    const Report& r = a.evidence.reports[i];
    std::string name = std::string(kind_name(r.kind)) + " at line " + std::to_string(r.line);
    bool tolerated = a.report_expected[i] || !a.report_known[i].empty();
    add(reports, Case{"kernel-reports", name, tolerated ? "" : "failure",
                      a.report_known[i].empty() ? r.title : r.title + " (known: " + a.report_known[i] + ")"});
  }
  for (const ExpectedReport& e : a.expectations)
    add(reports, Case{"kernel-reports", "expected /" + e.pattern + "/", e.matches ? "" : "failure",
                      "expected report did not appear"});
  if (!reports.cases.empty()) suites.push_back(std::move(reports));
  Suite harness{"harness", {}, 0, 0, 0};
  add(harness, Case{"harness", "run complete", a.infra_problems.empty() ? "" : "error", join(a.infra_problems, "; ")});
  suites.push_back(std::move(harness));
  return suites;
}

void write_case(std::ostringstream& o, const Case& c) {
  o << "    <testcase classname=\"" << xml_escape(c.classname) << "\" name=\"" << xml_escape(c.name) << "\"";
  if (c.kind.empty()) {
    o << "/>\n";
    return;
  }
  o << ">\n      <" << c.kind << " message=\"" << xml_escape(c.message) << "\"/>\n    </testcase>\n";
}

}  // namespace

std::string render_junit(const Analysis& a) {
  std::vector<Suite> suites = build_suites(a);
  int tests = 0, failures = 0, skipped = 0, errors = 0;
  for (const Suite& s : suites) {
    tests += static_cast<int>(s.cases.size());
    failures += s.failures;
    skipped += s.skipped;
    errors += s.errors;
  }
  std::ostringstream o;
  o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  o << "<testsuites name=\"" << xml_escape(a.name) << "\" tests=\"" << tests << "\" failures=\"" << failures
    << "\" errors=\"" << errors << "\" skipped=\"" << skipped << "\">\n";
  for (const Suite& s : suites) {
    o << "  <testsuite name=\"" << xml_escape(s.name) << "\" tests=\"" << s.cases.size() << "\" failures=\""
      << s.failures << "\" errors=\"" << s.errors << "\" skipped=\"" << s.skipped << "\">\n";
    for (const Case& c : s.cases) write_case(o, c);
    o << "  </testsuite>\n";
  }
  o << "</testsuites>\n";
  return o.str();
}

}  // namespace vh
