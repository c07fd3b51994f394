// libFuzzer target: hostile console text through every parser, the
// analysis, triage and the writers. Built and run by scripts/harness-fuzz.sh
// (clang, -fsanitize=fuzzer,address,undefined), seeded with tests/fixtures.
//
// Oracles besides "no crash, no sanitizer report, no input slower than
// libFuzzer's -timeout": the JSON the harness writes parses back, and the
// triage verdict is the analysis's.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>

#include "analysis.h"
#include "json_reader.h"
#include "junit_writer.h"
#include "log_input.h"
#include "output_files.h"
#include "triage.h"

namespace {

void require(bool ok, const char* what, const std::string& detail) {
  if (ok) return;
  std::cerr << "console_fuzz: " << what << "\n" << detail.substr(0, 2000) << "\n";
  std::abort();
}

void analyze_and_explain(std::string_view text, vh::LogOrigin origin, std::vector<std::string> expect) {
  vh::AnalyzeOptions o;
  o.name = "fuzz";
  o.origin = origin;
  o.expect_reports = std::move(expect);
  if (!o.expect_reports.empty()) o.expect_report_bodies = {"vhost"};
  std::string error;
  auto a = vh::analyze_log(text, o, &error);
  require(a.has_value(), "analyze_log refused valid options", error);
  vh::Diagnosis d = vh::triage(*a);
  require(d.exit_code == a->exit_code, "triage exit code differs from the analysis", "");
  std::string json = vh::render_results_json(*a);
  require(vh::parse_json(json, &error).has_value(), "results.json does not parse back", error + "\n" + json);
  std::string diag = vh::render_diagnosis_json(d);
  require(vh::parse_json(diag, &error).has_value(), "diagnosis.json does not parse back", error + "\n" + diag);
  (void)vh::render_diagnosis_text(d);
  (void)vh::render_summary(*a);
  (void)vh::render_guest_output(*a);
  (void)vh::render_junit(*a);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)vh::log_problem(text);
  (void)vh::parse_json(text);  // results.json is read back by compare and triage
  analyze_and_explain(text, vh::LogOrigin::Auto, {});
  analyze_and_explain(text, vh::LogOrigin::HarnessRun, {"lockdep|hung_task"});
  return 0;
}
