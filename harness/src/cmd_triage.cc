// `vhost-harness triage LOG [--json] [--expect-report REGEX]... [--expect-report-body REGEX]...`:
// explains the analysis of LOG (what is stuck, on what, behind whom) and
// exits with the analysis's verdict: 0 pass, 1 fail, 2 infra error / not a
// log. When no --expect-report is given and LOG has a results.json beside
// it (a results directory), the expectations recorded there are used, so
// that triage of a run's console.log agrees with the run.
#include <filesystem>
#include <iostream>

#include "cli_args.h"
#include "known_reports.h"
#include "commands.h"
#include "json_reader.h"
#include "log_input.h"
#include "text_util.h"
#include "triage.h"

namespace vh {

namespace {

// The --expect-report(-body) patterns recorded in DIR/results.json.
bool recorded_expectations(const std::string& log_path, AnalyzeOptions* opts) {
  std::filesystem::path results = std::filesystem::path(log_path).parent_path() / "results.json";
  auto text = read_file(results.string());
  if (!text) return false;
  auto doc = parse_json(*text);
  if (!doc) return false;
  if (const JsonValue* e = doc->get("expected_reports"))
    for (const JsonValue& x : e->items) opts->expect_reports.push_back(x.str("pattern"));
  if (const JsonValue* e = doc->get("expected_report_bodies"))
    for (const JsonValue& x : e->items) opts->expect_report_bodies.push_back(x.str("pattern"));
  return !opts->expect_reports.empty();
}

}  // namespace

int cmd_triage(const std::vector<std::string>& args) {
  OptionSpec spec{{"--expect-report", "--expect-report-body", "--known-reports"}, {"--json"}};
  std::string error;
  auto a = parse_args(args, spec, &error);
  if (!a) return usage_error(error);
  if (a->positional.size() != 1)
    return usage_error("usage: triage LOG [--json] [--expect-report REGEX]... [--expect-report-body REGEX]...");
  const std::string& path = a->positional[0];
  auto log = read_log(path, &error);
  if (!log) return usage_error(error);
  AnalyzeOptions opts;
  opts.name = path;
  opts.expect_reports = a->all("--expect-report");
  opts.expect_report_bodies = a->all("--expect-report-body");
  auto known = known_reports_option(a->all("--known-reports"), &error);
  if (!known) return usage_error(error);
  opts.known_reports = *known;
  bool recorded = opts.expect_reports.empty() && opts.expect_report_bodies.empty() &&
                  recorded_expectations(path, &opts);
  auto analysis = analyze_log(*log, opts, &error);
  if (!analysis) return usage_error(error);
  Diagnosis d = triage(*analysis);
  if (a->has("--json")) {
    std::cout << render_diagnosis_json(d);
  } else {
    if (recorded) std::cout << "triage: expected reports as recorded in results.json beside " << path << "\n";
    std::cout << render_diagnosis_text(d);
  }
  return d.exit_code;
}

}  // namespace vh
