#include "output_files.h"

#include <filesystem>
#include <sstream>

#include "json_writer.h"
#include "junit_writer.h"
#include "text_util.h"

namespace vh {

namespace {

void write_tests(JsonWriter& w, const Analysis& a) {
  w.key("tests").begin_array();
  for (const FlatTest& t : a.tests) {
    w.begin_object().field("name", t.name).key("path").string_array(t.path);
    w.field("result", status_name(t.status)).field("directive", t.directive).field("reason", t.reason);
    w.field("leaf", t.leaf).field("line", t.line);
    if (t.leaf && is_failing(t.status)) w.key("diagnostics").string_array(t.diagnostics);
    w.end_object();
  }
  w.end_array();
}

void write_reports(JsonWriter& w, const Analysis& a) {
  w.key("reports").begin_array();
  for (std::size_t i = 0; i < a.evidence.reports.size(); ++i) {
    const Report& r = a.evidence.reports[i];
    w.begin_object().field("kind", kind_name(r.kind)).field("title", r.title).field("line", r.line);
    w.field("time", r.time).field("task", r.task).field("pid", r.pid);
    w.field("expected", static_cast<bool>(a.report_expected[i]));
    w.field("known", a.report_known[i]).end_object();
  }
  w.end_array().key("expected_reports").begin_array();
  for (const ExpectedReport& e : a.expectations)
    w.begin_object().field("pattern", e.pattern).field("matches", e.matches).end_object();
  w.end_array().key("expected_report_bodies").begin_array();
  for (const ExpectedBody& e : a.body_expectations)
    w.begin_object().field("pattern", e.pattern).field("matches", e.matches).end_object();
  w.end_array();
}

}  // namespace

std::string render_results_json(const Analysis& a) {
  JsonWriter w;
  w.begin_object().field("schema", "vhost-harness/results/v1").field("name", a.name);
  w.field("verdict", verdict_name(a.verdict)).field("exit_code", a.exit_code);
  w.key("failures").string_array(a.failures).key("infra_problems").string_array(a.infra_problems);
  w.key("counts").begin_object().field("passed", a.counts.passed).field("failed", a.counts.failed);
  w.field("skipped", a.counts.skipped).end_object();
  w.field("ran_qemu", a.facts.ran_qemu).field("accel", a.facts.accel).field("accel_reason", a.facts.accel_reason);
  w.key("clock");
  a.facts.clock.empty() ? w.null() : w.value(a.facts.clock);
  w.field("timed_out", a.facts.timed_out).field("guest_done", a.guest_done);
  w.key("guest_output").begin_object().field("file", "guest-output.txt");
  w.field("complete", a.evidence.replayed).field("lines", a.evidence.guest_output.size()).end_object();
  w.key("durations").begin_object().field("wall_seconds", a.facts.wall_seconds);
  w.field("guest_seconds", a.guest_seconds).end_object();
  write_tests(w, a);
  write_reports(w, a);
  w.end_object();
  return w.str();
}

std::string render_guest_output(const Analysis& a) {
  std::string out;
  for (const LogLine& l : a.evidence.guest_output) {
    out += l.text;
    out += '\n';
  }
  return out;
}

namespace {

// What a failed leaf test printed before its result, for its "FAIL:" line.
std::vector<std::string> failure_diagnostics(const Analysis& a, std::string_view failure) {
  constexpr std::string_view kPrefix = "test failed: ";
  if (!failure.starts_with(kPrefix)) return {};
  failure.remove_prefix(kPrefix.size());
  for (const FlatTest& t : a.tests)
    if (t.leaf && is_failing(t.status) && failure.starts_with(t.name) &&
        (failure.size() == t.name.size() || failure.substr(t.name.size()).starts_with(" (")))
      return t.diagnostics;
  return {};
}

}  // namespace

std::string render_summary(const Analysis& a) {
  std::ostringstream o;
  o << "vhost-harness " << (a.name.empty() ? "" : a.name + " ") << "verdict: " << verdict_name(a.verdict)
    << " (exit " << a.exit_code << ")\n";
  if (a.facts.ran_qemu) {
    o << "accel: " << a.facts.accel << " (" << a.facts.accel_reason << ")"
      << (a.facts.clock == "icount" ? ", clock: icount (-icount shift=0,sleep=off)" : "") << "\n";
    if (a.facts.wall_seconds) o << "wall time: " << format_seconds(*a.facts.wall_seconds) << " s\n";
  }
  if (a.guest_seconds) o << "guest uptime at last message: " << format_seconds(*a.guest_seconds) << " s\n";
  for (const std::string& f : a.failures) {
    o << "FAIL: " << f << "\n";
    for (const std::string& d : failure_diagnostics(a, f)) o << "  | " << d << "\n";
  }
  for (const std::string& p : a.infra_problems) o << "INFRA: " << p << "\n";
  o << counts_line(a.counts) << "\n";
  return o.str();
}

bool make_dirs(const std::string& dir, std::string* error) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    *error = "cannot create " + dir + ": " + ec.message();
    return false;
  }
  return true;
}

bool write_outputs(const std::string& dir, const Analysis& a, const Diagnosis* diag, std::string* error) {
  if (!make_dirs(dir, error)) return false;
  std::vector<std::pair<std::string, std::string>> files = {
      {"results.json", render_results_json(a)},
      {"junit.xml", render_junit(a)},
      {"summary.txt", render_summary(a)},
      {"guest-output.txt", render_guest_output(a)},
  };
  if (diag) {
    files.emplace_back("diagnosis.txt", render_diagnosis_text(*diag));
    files.emplace_back("diagnosis.json", render_diagnosis_json(*diag));
  }
  for (const auto& [name, content] : files) {
    if (!write_file(dir + "/" + name, content)) {
      *error = "cannot write " + dir + "/" + name;
      return false;
    }
  }
  return true;
}

void print_outcome(std::ostream& out, const Analysis& a, const Diagnosis* diag) {
  out << "\n" << render_summary(a);  // ends with the counts line
  if (diag) out << "\n" << render_diagnosis_text(*diag) << counts_line(a.counts) << "\n";
  out.flush();
}

}  // namespace vh
