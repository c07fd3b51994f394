// `vhost-harness bench-json --clock wall|icount --out FILE VARIANT:ROUND:DIR...`:
// the samples of the benchmark boots (their results directories) as bench.json.
#include <iostream>

#include "bench_data.h"
#include "cli_args.h"
#include "commands.h"
#include "text_util.h"

namespace vh {

int cmd_bench_json(const std::vector<std::string>& args) {
  OptionSpec spec{{"--clock", "--out"}, {}};
  std::string error;
  auto a = parse_args(args, spec, &error);
  if (!a) return usage_error(error);
  auto out = a->get("--out");
  BenchData data;
  data.clock = a->get_or("--clock", "wall");
  if (!out || a->positional.empty())
    return usage_error("usage: bench-json --clock wall|icount --out FILE VARIANT:ROUND:DIR...");
  if (data.clock != "wall" && data.clock != "icount") return usage_error("--clock must be wall or icount");
  for (const std::string& p : a->positional) {
    std::size_t c1 = p.find(':'), c2 = c1 == std::string::npos ? c1 : p.find(':', c1 + 1);
    if (c2 == std::string::npos) return usage_error("expected VARIANT:ROUND:DIR, got '" + p + "'");
    std::string variant = p.substr(0, c1);
    auto round = parse_int(p.substr(c1 + 1, c2 - c1 - 1));
    if (variant != "base" && variant != "patched") return usage_error("VARIANT must be base or patched in '" + p + "'");
    if (!round || *round <= 0 || *round > 1000000) return usage_error("ROUND must be a positive number in '" + p + "'");
    if (!add_bench_run(data, variant, static_cast<int>(*round), p.substr(c2 + 1), &error)) return usage_error(error);
    const BenchRun& r = data.runs.back();
    if (r.samples == 0)
      std::cerr << "vhost-harness: warning: no samples in " << r.dir << " (verdict " << r.verdict << ")\n";
  }
  if (!write_file(*out, render_bench_json(data))) return usage_error("cannot write " + *out);
  std::cout << "vhost-harness: " << data.samples.size() << " samples of " << data.runs.size() << " boots (clock "
            << data.clock << ") in " << *out << "\n";
  return 0;
}

}  // namespace vh
