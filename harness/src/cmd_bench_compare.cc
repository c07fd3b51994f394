// `vhost-harness bench-compare BENCH.json [--goal PERCENT]`: per measure,
// medians, ratio patched/base, spread and a verdict against the goal. Exit
// 0 whatever the verdicts; 2 on bad usage or a bench.json that does not parse
// or holds no sample.
#include <charconv>
#include <cmath>
#include <iostream>

#include "bench_compare.h"
#include "cli_args.h"
#include "commands.h"

namespace vh {

int cmd_bench_compare(const std::vector<std::string>& args) {
  OptionSpec spec{{"--goal"}, {}};
  std::string error;
  auto a = parse_args(args, spec, &error);
  if (!a) return usage_error(error);
  if (a->positional.size() != 1) return usage_error("usage: bench-compare BENCH.json [--goal PERCENT]");
  std::string goal_text = a->get_or("--goal", "1.0");
  double goal = 0;
  auto [end, ec] = std::from_chars(goal_text.data(), goal_text.data() + goal_text.size(), goal);
  if (ec != std::errc() || end != goal_text.data() + goal_text.size() || !std::isfinite(goal) || goal <= 0)
    return usage_error("--goal needs a positive percentage, got '" + goal_text + "'");
  auto data = load_bench_json(a->positional[0], &error);
  if (!data) return usage_error(error);
  if (data->samples.empty()) return usage_error(a->positional[0] + " holds no sample");
  std::cout << render_bench_comparison(compare_bench(*data, goal));
  return 0;
}

}  // namespace vh
