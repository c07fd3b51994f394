#include "analysis.h"

#include <algorithm>
#include <regex>

#include "text_util.h"

namespace vh {

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::Pass: return "pass";
    case Verdict::Fail: return "fail";
    case Verdict::InfraError: return "infra_error";
  }
  return "infra_error";
}

std::optional<Verdict> verdict_from_name(std::string_view name) {
  for (Verdict v : {Verdict::Pass, Verdict::Fail, Verdict::InfraError})
    if (name == verdict_name(v)) return v;
  return std::nullopt;
}

namespace {

std::string report_text(const Report& r) {
  std::string s = std::string(kind_name(r.kind)) + ": " + r.title + " (line " + std::to_string(r.line) + ")";
  if (r.pid) s += " [task " + r.task + "/" + std::to_string(*r.pid) + "]";
  return s;
}

std::optional<std::regex> compile(const std::string& p, const char* option, std::string* error) {
  try {
    return std::regex(p, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    *error = std::string("invalid ") + option + " regex '" + p + "': " + e.what();
    return std::nullopt;
  }
}

bool match_expectations(Analysis& a, const std::vector<std::string>& patterns, std::string* error) {
  a.report_expected.assign(a.evidence.reports.size(), false);
  for (const std::string& p : patterns) {
    auto re = compile(p, "--expect-report", error);
    if (!re) return false;
    ExpectedReport exp{p, 0};
    for (std::size_t i = 0; i < a.evidence.reports.size(); ++i) {
      const Report& r = a.evidence.reports[i];
      if (std::regex_search(r.title, *re) || std::regex_search(std::string(kind_name(r.kind)), *re)) {
        a.report_expected[i] = true;
        ++exp.matches;
      }
    }
    a.expectations.push_back(exp);
  }
  return true;
}

// Lines [first, last) of the console (0-based) that make up report i.
std::pair<std::size_t, std::size_t> body_range(const Analysis& a, std::size_t i, std::size_t line_count) {
  std::size_t first = a.evidence.reports[i].line - 1, last = std::min(line_count, first + kReportBodyLines);
  for (const Report& r : a.evidence.reports)
    if (r.line - 1 > first && r.line - 1 < last) last = r.line - 1;
  return {first, last};
}

bool match_bodies(Analysis& a, const std::vector<std::string>& patterns, Lines lines, std::string* error) {
  if (!patterns.empty() && a.expectations.empty()) {
    *error = "--expect-report-body needs an --expect-report that names the report";
    return false;
  }
  for (const std::string& p : patterns) {
    auto re = compile(p, "--expect-report-body", error);
    if (!re) return false;
    ExpectedBody exp{p, 0};
    for (std::size_t i = 0; i < a.evidence.reports.size(); ++i) {
      if (!a.report_expected[i] || a.evidence.reports[i].line == 0) continue;
      auto [first, last] = body_range(a, i, lines.size());
      for (std::size_t j = first; j < last; ++j) {
        if (!std::regex_search(lines[j].text.begin(), lines[j].text.end(), *re)) continue;
        ++exp.matches;
        break;
      }
    }
    a.body_expectations.push_back(exp);
  }
  return true;
}

bool match_known(Analysis& a, const std::vector<KnownReport>& known, Lines lines, std::string* error) {
  a.report_known.assign(a.evidence.reports.size(), "");
  for (const KnownReport& k : known) {
    auto title = compile(k.title_re, "known report title", error);
    auto body = compile(k.body_re, "known report body", error);
    if (!title || !body) return false;
    for (std::size_t i = 0; i < a.evidence.reports.size(); ++i) {
      if (a.report_expected[i] || !a.report_known[i].empty() || a.evidence.reports[i].line == 0) continue;
      if (!std::regex_search(a.evidence.reports[i].title, *title)) continue;
      auto [first, last] = body_range(a, i, lines.size());
      for (std::size_t j = first; j < last; ++j) {
        if (!std::regex_search(lines[j].text.begin(), lines[j].text.end(), *body)) continue;
        a.report_known[i] = k.reason;
        break;
      }
    }
  }
  return true;
}

bool is_harness_run(const AnalyzeOptions& o, Lines lines) {
  if (o.origin != LogOrigin::Auto) return o.origin == LogOrigin::HarnessRun;
  if (o.facts.ran_qemu) return true;
  for (const LogLine& l : lines)
    for (std::string_view m : {kGuestUpMarker, kTestsBeginMarker, kGuestDoneMarker})
      if (l.text.find(m) != std::string_view::npos) return true;
  return false;
}

void scan_lines(Analysis& a, Lines lines) {
  for (const LogLine& l : lines) {
    if (l.text.find(kGuestDoneMarker) != std::string_view::npos) a.guest_done = true;
    if (l.time) a.guest_seconds = l.time;
  }
}

void collect_failures(Analysis& a) {
  for (const FlatTest& t : a.tests)
    if (t.status == TestStatus::Fail)
      a.failures.push_back("test failed: " + t.name + (t.reason.empty() ? "" : " (" + t.reason + ")"));
  for (std::size_t i = 0; i < a.evidence.reports.size(); ++i)
    if (!a.report_expected[i] && a.report_known[i].empty())
      a.failures.push_back("kernel report: " + report_text(a.evidence.reports[i]));
  for (const ExpectedReport& e : a.expectations)
    if (e.matches == 0) a.failures.push_back("expected report /" + e.pattern + "/ did not appear");
  bool any_expected = std::any_of(a.expectations.begin(), a.expectations.end(),
                                  [](const ExpectedReport& e) { return e.matches > 0; });
  for (const ExpectedBody& b : a.body_expectations)
    if (b.matches == 0 && any_expected)
      a.failures.push_back("expected report body /" + b.pattern + "/ is in none of the expected reports");
}

void collect_infra(Analysis& a) {
  const RunFacts& f = a.facts;
  if (!f.qemu_started) a.infra_problems.push_back("QEMU could not start: " + f.qemu_error);
  if (f.timed_out)
    a.infra_problems.push_back("wall-clock limit of " + format_seconds(f.timeout_seconds) + " s reached; QEMU was killed");
  if (f.interrupted) a.infra_problems.push_back("interrupted by a signal; QEMU was killed");
  if (!a.harness_run && !a.evidence.kernel_text)
    a.infra_problems.push_back("not a kernel log: no printk timestamp, kernel report, task dump, lock dump or KTAP in it");
  if (a.harness_run && !a.evidence.ktap.found()) a.infra_problems.push_back("no KTAP/TAP output found");
  for (const std::string& p : a.evidence.ktap.problems) a.infra_problems.push_back("KTAP incomplete: " + p);
  if (a.harness_run && !a.guest_done)
    a.infra_problems.push_back("incomplete: the guest never printed '" + std::string(kGuestDoneMarker) + "'");
}

void decide(Analysis& a) {
  if (!a.facts.qemu_started) a.verdict = Verdict::InfraError;
  else if (!a.failures.empty()) a.verdict = Verdict::Fail;
  else if (!a.infra_problems.empty()) a.verdict = Verdict::InfraError;
  else a.verdict = Verdict::Pass;
  a.exit_code = a.verdict == Verdict::Pass ? 0 : a.verdict == Verdict::Fail ? 1 : 2;
}

}  // namespace

std::optional<Analysis> analyze_log(std::string_view log, const AnalyzeOptions& opts, std::string* error) {
  Analysis a;
  a.name = opts.name;
  a.facts = opts.facts;
  auto lines = split_console(log);
  a.evidence = collect_evidence(Lines(lines));
  a.tests = flatten_tests(a.evidence.ktap);
  a.counts = count_leaves(a.tests);
  if (!match_expectations(a, opts.expect_reports, error)) return std::nullopt;
  if (!match_bodies(a, opts.expect_report_bodies, Lines(lines), error)) return std::nullopt;
  if (!match_known(a, opts.known_reports, Lines(lines), error)) return std::nullopt;
  a.harness_run = is_harness_run(opts, Lines(lines));
  scan_lines(a, Lines(lines));
  collect_failures(a);
  collect_infra(a);
  decide(a);
  return a;
}

}  // namespace vh
