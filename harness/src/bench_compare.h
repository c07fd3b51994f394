// `bench-compare`: per measure of a bench.json, each kernel's median and
// spread, the patched/base ratio and a verdict against a goal (in %).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bench_data.h"

namespace vh {

// Statistics of one kernel's samples of one measure.
struct KernelStats {
  int n = 0;
  double median = 0, min = 0, max = 0;
  double p90 = 0, p99 = 0;   // nearest-rank percentiles
  double spread = 0;   // (max - min) / median: the range relative to the median
  double rsd = 0;      // sample standard deviation / mean (0 for n < 2)
};

// Median, min, max, spread, rsd; nullopt for no values.
std::optional<KernelStats> kernel_stats(std::vector<double> values);

enum class BenchVerdict { Within, Outside, SpreadTooLarge, Incomparable };

struct MeasureComparison {
  std::string measure, unit, kind;
  std::optional<KernelStats> base, patched;
  std::optional<double> ratio;   // median patched / median base
  double spread = 0;             // the larger of the two kernels' spreads
  BenchVerdict verdict = BenchVerdict::Incomparable;
  std::string verdict_text;
};

struct BenchComparison {
  std::string clock;
  double goal_percent = 1.0;
  std::vector<MeasureComparison> measures;   // in order of first appearance
};

// The p-th percentile (0 < p <= 100) of sorted values, nearest rank.
double percentile(const std::vector<double>& sorted, double p);

// Latencies are judged on their tail: patched p99 within this much of
// base p99 (the benchmark issue's "no worse than base p99 + 10 %").
inline constexpr double kLatencyGoalPercent = 10.0;

// Rates: no samples of a kernel -> Incomparable; spread > goal ->
// SpreadTooLarge; |ratio - 1| <= goal -> Within; else Outside.
// Latencies: no samples of a kernel -> Incomparable; patched p99 <= base p99
// * (1 + kLatencyGoalPercent / 100) -> Within; else Outside.
BenchComparison compare_bench(const BenchData& data, double goal_percent);
std::string render_bench_comparison(const BenchComparison& c);

}  // namespace vh
