// `vhost-harness parse LOG --out DIR [--name NAME] [--expect-report RE ...]
// [--expect-report-body RE ...] [--known-reports FILE ...]`
// and the analysis/reporting step shared with `run`.
#include <iostream>

#include "cli_args.h"
#include "known_reports.h"
#include "log_input.h"
#include "commands.h"
#include "output_files.h"
#include "text_util.h"

namespace vh {

int usage_error(const std::string& message) {
  std::cerr << "vhost-harness: " << message << "\n(see vhost-harness --help)\n";
  return 2;
}

int analyze_and_report(const std::string& log, const AnalyzeOptions& opts, const std::string& out_dir) {
  std::string error;
  auto a = analyze_log(log, opts, &error);
  if (!a) return usage_error(error);
  std::optional<Diagnosis> diag;
  if (a->verdict != Verdict::Pass) diag = triage(*a);
  if (!write_outputs(out_dir, *a, diag ? &*diag : nullptr, &error)) {
    std::cerr << "vhost-harness: " << error << "\n";
    a->exit_code = 2;
  }
  print_outcome(std::cout, *a, diag ? &*diag : nullptr);
  return a->exit_code;
}

int cmd_parse(const std::vector<std::string>& args) {
  OptionSpec spec{{"--out", "--name", "--expect-report", "--expect-report-body", "--known-reports"}, {}};
  std::string error;
  auto a = parse_args(args, spec, &error);
  if (!a) return usage_error(error);
  if (a->positional.size() != 1 || !a->get("--out")) return usage_error("usage: parse LOG --out DIR");
  auto log = read_log(a->positional[0], &error);
  if (!log) return usage_error(error);
  AnalyzeOptions opts;
  opts.name = a->get_or("--name", a->positional[0]);
  opts.expect_reports = a->all("--expect-report");
  opts.expect_report_bodies = a->all("--expect-report-body");
  auto known = known_reports_option(a->all("--known-reports"), &error);
  if (!known) return usage_error(error);
  opts.known_reports = *known;
  return analyze_and_report(*log, opts, *a->get("--out"));
}

}  // namespace vh
