// `vhost-harness triage LOG [--json]`: exit 0 clean, 1 failures found,
// 2 could not parse.
#include <iostream>

#include "cli_args.h"
#include "commands.h"
#include "text_util.h"
#include "triage.h"

namespace vh {

int cmd_triage(const std::vector<std::string>& args) {
  OptionSpec spec{{}, {"--json"}};
  std::string error;
  auto a = parse_args(args, spec, &error);
  if (!a) return usage_error(error);
  if (a->positional.size() != 1) return usage_error("usage: triage LOG [--json]");
  auto log = read_file(a->positional[0]);
  if (!log) return usage_error("cannot read " + a->positional[0]);
  auto lines = split_console(*log);
  Diagnosis d = triage(collect_evidence(Lines(lines)));
  std::cout << (a->has("--json") ? render_diagnosis_json(d) : render_diagnosis_text(d));
  return d.exit_code;
}

}  // namespace vh
