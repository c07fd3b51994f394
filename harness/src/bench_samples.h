// Benchmark samples in a guest's output (guest-output.txt of a bench boot):
// which lines are samples, and what each measures.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vh {

// One value a benchmark printed. kind "rate" (higher is better, unit ends
// in "/s") or "latency" (a duration per event: plotted as a CDF).
struct GuestSample {
  std::string measure;
  double value = 0;
  std::string unit;
  std::string kind;
};

// Sample lines, in order:
//   "vhost-net tx rtt: rounds=N rate=R/s"       -> "vhost-net tx rtt", R, "1/s", rate
//   "bench-sample: measure=NAME value=V unit=U" -> NAME, V, U; kind from U
//     (U ending in "/s": rate; s, ms, us, ns: latency)
// Other lines are ignored; a sample line with a malformed number is too.
std::vector<GuestSample> parse_bench_output(std::string_view guest_output);

// "rate" or "latency" for a unit; empty if neither.
std::string kind_of_unit(std::string_view unit);

}  // namespace vh
