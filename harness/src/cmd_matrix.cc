// `vhost-harness matrix [--expect-fail-on-base FILE] [--markdown OUT]
//  (--base DIR | --patched DIR)...`: the table of what each test did in each
// run, and the rules of matrix.h. Exit 0 when every rule holds, 1 when one
// is broken (each printed), 2 when a run's results cannot be read.
#include <iostream>

#include "cli_args.h"
#include "commands.h"
#include "compare.h"
#include "matrix.h"
#include "text_util.h"

namespace vh {

int cmd_matrix(const std::vector<std::string>& args) {
  // Runs keep their command-line order, base and patched mixed.
  std::vector<std::pair<bool, std::string>> order;
  std::vector<std::string> rest;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if ((args[i] == "--base" || args[i] == "--patched") && i + 1 < args.size()) {
      order.emplace_back(args[i] == "--patched", args[i + 1]);
      ++i;
    } else {
      rest.push_back(args[i]);
    }
  }
  OptionSpec spec{{"--expect-fail-on-base", "--markdown"}, {}};
  std::string error;
  auto a = parse_args(rest, spec, &error);
  if (!a) return usage_error(error);
  if (order.empty() || !a->positional.empty())
    return usage_error("usage: matrix [--expect-fail-on-base FILE] [--markdown OUT] (--base DIR | --patched DIR)...");
  std::vector<std::string> patterns;
  if (auto list = a->get("--expect-fail-on-base")) {
    auto text = read_file(*list);
    if (!text) return usage_error("cannot read " + *list);
    patterns = parse_pattern_file(*text);
  }
  std::vector<MatrixRun> runs;
  for (const auto& [patched, dir] : order) {
    auto results = load_results(dir, &error);
    if (!results) return usage_error(error);
    std::string name = results->str("name", dir);
    runs.push_back(MatrixRun{name, patched, std::move(*results)});
  }
  Matrix m = build_matrix(runs, patterns);
  std::string table = render_matrix_markdown(m);
  if (auto out = a->get("--markdown")) {
    if (!write_file(*out, table)) return usage_error("cannot write " + *out);
  } else {
    std::cout << table;
  }
  for (const std::string& p : m.problems) std::cout << "FAIL: " << p << "\n";
  std::cout << "matrix: " << m.tests.size() << " tests in " << m.runs.size() << " runs, "
            << (m.ok() ? "every rule holds" : std::to_string(m.problems.size()) + " problems") << "\n";
  return m.ok() ? 0 : 1;
}

}  // namespace vh
