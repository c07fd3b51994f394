// `vhost-harness compare --base DIR --patched DIR --expect-fail-on-base FILE`
#include <iostream>

#include "cli_args.h"
#include "commands.h"
#include "compare.h"
#include "text_util.h"

namespace vh {

int cmd_compare(const std::vector<std::string>& args) {
  OptionSpec spec{{"--base", "--patched", "--expect-fail-on-base"}, {}};
  std::string error;
  auto a = parse_args(args, spec, &error);
  if (!a) return usage_error(error);
  auto base_dir = a->get("--base"), patched_dir = a->get("--patched"), list = a->get("--expect-fail-on-base");
  if (!base_dir || !patched_dir || !list || !a->positional.empty())
    return usage_error("usage: compare --base DIR --patched DIR --expect-fail-on-base FILE");
  auto base = load_results(*base_dir, &error);
  if (!base) return usage_error(error);
  auto patched = load_results(*patched_dir, &error);
  if (!patched) return usage_error(error);
  auto patterns_text = read_file(*list);
  if (!patterns_text) return usage_error("cannot read " + *list);
  CompareResult r = compare_results(*base, *patched, parse_pattern_file(*patterns_text));
  std::cout << render_compare(r);
  return r.ok ? 0 : 1;
}

}  // namespace vh
