// bench.json (schema vhost-harness/bench/v1): every sample of a `make bench`
// run, with the kernel variant, round and clock it came from.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vh {

struct BenchSample {
  std::string variant;   // "base" or "patched"
  int round = 0;         // 1-based boot round
  int index = 0;         // 1-based sample number within the boot and measure
  std::string measure;
  double value = 0;
  std::string unit;
  std::string kind;      // "rate" or "latency"
  std::string clock;     // "wall" or "icount"
};

// One boot of the benchmark guest.
struct BenchRun {
  std::string variant;
  int round = 0;
  std::string dir;       // its results directory
  std::string clock;
  std::string accel;
  std::string verdict;   // the harness verdict of the boot
  int samples = 0;
};

struct BenchData {
  std::string clock;
  std::vector<BenchRun> runs;
  std::vector<BenchSample> samples;
};

// Reads one boot's results directory (results.json for clock, accel and
// verdict; guest-output.txt for the samples) and appends it. Fails (false,
// *error) if a file is unreadable, the directory holds no harness run, or
// its clock is not data.clock.
bool add_bench_run(BenchData& data, std::string variant, int round, const std::string& dir, std::string* error);

std::string render_bench_json(const BenchData& data);
std::optional<BenchData> parse_bench_json(std::string_view text, std::string* error);
// parse_bench_json of a file; the error names the file.
std::optional<BenchData> load_bench_json(const std::string& path, std::string* error);

}  // namespace vh
