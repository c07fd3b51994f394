// vhost-harness: boots a test kernel under QEMU and turns its console into a
// verdict and a diagnosis. main() only dispatches to the sub-commands.
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"

namespace {

const char* kUsage =
    "usage:\n"
    "  vhost-harness run --kernel BZIMAGE --initrd CPIO --out DIR [--name NAME] [--timeout SECONDS]\n"
    "                    [--accel auto|tcg|kvm] [--icount] [--append ARGS] [--qemu PATH] [--mem MiB] [--smp N]\n"
    "                    [--expect-report REGEX ...] [--expect-report-body REGEX ...] [--known-reports FILE ...]\n"
    "                    [--quiet]\n"
    "  vhost-harness parse LOG --out DIR [--name NAME] [--expect-report REGEX ...] [--expect-report-body REGEX ...]\n"
    "                    [--known-reports FILE ...]\n"
    "  vhost-harness compare --base DIR --patched DIR --expect-fail-on-base FILE\n"
    "  vhost-harness triage LOG [--json] [--expect-report REGEX ...] [--expect-report-body REGEX ...]\n"
    "                    [--known-reports FILE ...]\n"
    "  vhost-harness matrix [--expect-fail-on-base FILE] [--markdown OUT] (--base DIR | --patched DIR)...\n"
    "  vhost-harness bench-json --clock wall|icount --out FILE VARIANT:ROUND:DIR...\n"
    "  vhost-harness bench-compare BENCH.json [--goal PERCENT]\n"
    "  vhost-harness bench-tables BENCH.json --out DIR\n"
    "exit: 0 pass/clean, 1 failures, 2 infrastructure error / could not parse\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  std::string cmd = args.front();
  args.erase(args.begin());
  if (cmd == "run") return vh::cmd_run(args);
  if (cmd == "parse") return vh::cmd_parse(args);
  if (cmd == "compare") return vh::cmd_compare(args);
  if (cmd == "triage") return vh::cmd_triage(args);
  if (cmd == "matrix") return vh::cmd_matrix(args);
  if (cmd == "bench-json") return vh::cmd_bench_json(args);
  if (cmd == "bench-compare") return vh::cmd_bench_compare(args);
  if (cmd == "bench-tables") return vh::cmd_bench_tables(args);
  std::cerr << "vhost-harness: unknown command '" << cmd << "'\n" << kUsage;
  return 2;
}
