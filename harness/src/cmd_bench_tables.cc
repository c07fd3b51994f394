// `vhost-harness bench-tables BENCH.json --out DIR`: the plot data of every
// measure (see bench_tables.h) for scripts/bench-plot.sh.
#include <iostream>

#include "bench_tables.h"
#include "cli_args.h"
#include "commands.h"
#include "output_files.h"
#include "text_util.h"

namespace vh {

int cmd_bench_tables(const std::vector<std::string>& args) {
  OptionSpec spec{{"--out"}, {}};
  std::string error;
  auto a = parse_args(args, spec, &error);
  if (!a) return usage_error(error);
  auto out = a->get("--out");
  if (!out || a->positional.size() != 1) return usage_error("usage: bench-tables BENCH.json --out DIR");
  auto data = load_bench_json(a->positional[0], &error);
  if (!data) return usage_error(error);
  if (!make_dirs(*out, &error)) return usage_error(error);
  for (const BenchTable& t : bench_tables(*data))
    if (!write_file(*out + "/" + t.file, t.content)) return usage_error("cannot write " + *out + "/" + t.file);
  return 0;
}

}  // namespace vh
