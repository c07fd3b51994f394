// Benchmark results: samples in guest output, bench.json, statistics and
// verdicts of bench-compare, plot tables.
#include <gtest/gtest.h>

#include <cmath>

#include "bench_compare.h"
#include "bench_data.h"
#include "bench_samples.h"
#include "bench_tables.h"
#include "process_util.h"
#include "text_util.h"

namespace vh {
namespace {

TEST(BenchSamples, ParsesNetTxRttAndGenericLines) {
  auto s = parse_bench_output(
      "vhost-net tx rtt: 5 runs of 5 s, 64-byte packets\n"
      "vhost-net tx rtt: rounds=20986 rate=4197.0/s\n"
      "  vhost-net tx rtt: rounds=17359 rate=3471.8/s\r\n"
      "vhost-net tx rtt: rounds=1 rate=abc/s\n"
      "bench-sample: measure=kill-to-reap-idle value=12.5 unit=ms\n"
      "bench-sample: measure=vsock-small value=1e3 unit=msg/s\n"
      "bench-sample: measure=x value=1 unit=furlongs\n"
      "noise rate=1/s\n");
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].measure, "vhost-net tx rtt");
  EXPECT_DOUBLE_EQ(s[0].value, 4197.0);
  EXPECT_EQ(s[0].unit, "1/s");
  EXPECT_EQ(s[0].kind, "rate");
  EXPECT_DOUBLE_EQ(s[1].value, 3471.8);
  EXPECT_EQ(s[2].measure, "kill-to-reap-idle");
  EXPECT_EQ(s[2].kind, "latency");
  EXPECT_EQ(s[2].unit, "ms");
  EXPECT_DOUBLE_EQ(s[3].value, 1000);
  EXPECT_EQ(s[3].kind, "rate");
}

BenchData two_kernels(std::vector<double> base, std::vector<double> patched, std::string clock = "wall") {
  BenchData d;
  d.clock = clock;
  int i = 0;
  for (double v : base) d.samples.push_back({"base", 1, ++i, "m", v, "1/s", "rate", clock});
  i = 0;
  for (double v : patched) d.samples.push_back({"patched", 1, ++i, "m", v, "1/s", "rate", clock});
  return d;
}

TEST(BenchStats, MedianSpreadRsd) {
  auto s = kernel_stats({3, 1, 2, 4});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->n, 4);
  EXPECT_DOUBLE_EQ(s->median, 2.5);
  EXPECT_DOUBLE_EQ(s->min, 1);
  EXPECT_DOUBLE_EQ(s->max, 4);
  EXPECT_DOUBLE_EQ(s->spread, 3 / 2.5);
  EXPECT_NEAR(s->rsd, std::sqrt(5.0 / 3) / 2.5, 1e-12);
  EXPECT_DOUBLE_EQ(kernel_stats({7})->median, 7);
  EXPECT_DOUBLE_EQ(kernel_stats({7})->rsd, 0);
  EXPECT_FALSE(kernel_stats({}));
}

TEST(BenchCompare, Verdicts) {
  auto within = compare_bench(two_kernels({1000, 1001, 1002}, {1005, 1006, 1007}), 1.0).measures.at(0);
  EXPECT_EQ(within.verdict, BenchVerdict::Within) << within.verdict_text;
  EXPECT_NEAR(*within.ratio, 1006.0 / 1001, 1e-12);
  EXPECT_NEAR(within.spread, 2.0 / 1001, 1e-12);  // the larger of both kernels'

  auto outside = compare_bench(two_kernels({1000, 1001, 1002}, {1030, 1031, 1032}), 1.0).measures.at(0);
  EXPECT_EQ(outside.verdict, BenchVerdict::Outside);
  EXPECT_EQ(outside.verdict_text, "outside the ±1.00 % goal");

  auto noisy = compare_bench(two_kernels({900, 1000, 1100}, {1000, 1000, 1000}), 1.0).measures.at(0);
  EXPECT_EQ(noisy.verdict, BenchVerdict::SpreadTooLarge);
  EXPECT_NE(noisy.verdict_text.find("spread too large to tell (spread 20.00 %"), std::string::npos);
  // The same data passes a goal wider than its spread.
  EXPECT_EQ(compare_bench(two_kernels({900, 1000, 1100}, {1000, 1000, 1000}), 25).measures.at(0).verdict,
            BenchVerdict::Within);

  auto half = compare_bench(two_kernels({1000}, {}), 1.0).measures.at(0);
  EXPECT_EQ(half.verdict, BenchVerdict::Incomparable);
  EXPECT_EQ(half.verdict_text, "not comparable: no patched samples");
}

BenchData two_latencies(std::vector<double> base, std::vector<double> patched) {
  BenchData d;
  d.clock = "icount";
  int i = 0;
  for (double v : base) d.samples.push_back({"base", 1, ++i, "kill", v, "ms", "latency", "icount"});
  i = 0;
  for (double v : patched) d.samples.push_back({"patched", 1, ++i, "kill", v, "ms", "latency", "icount"});
  return d;
}

TEST(BenchStats, NearestRankPercentiles) {
  std::vector<double> v;
  for (int i = 1; i <= 100; i++) v.push_back(i);
  EXPECT_DOUBLE_EQ(percentile(v, 50), 50);
  EXPECT_DOUBLE_EQ(percentile(v, 90), 90);
  EXPECT_DOUBLE_EQ(percentile(v, 99), 99);
  EXPECT_DOUBLE_EQ(percentile(v, 100), 100);
  EXPECT_DOUBLE_EQ(percentile({5}, 99), 5);
  auto s = kernel_stats({4, 1, 3, 2, 10});
  EXPECT_DOUBLE_EQ(s->p90, 10);
  EXPECT_DOUBLE_EQ(s->p99, 10);
}

TEST(BenchCompare, LatenciesAreJudgedOnP99) {
  std::vector<double> base(100, 10.0), slower(100, 10.0), much(100, 10.0);
  base[99] = 20;    // base p99 = 10 (99th of 100), max 20
  slower[98] = 10.9;
  slower[99] = 50;  // patched p99 = 10.9: within 10 % of 10
  much[98] = 11.5;
  much[99] = 11.5;  // patched p99 = 11.5: outside
  auto within = compare_bench(two_latencies(base, slower), 1.0).measures.at(0);
  EXPECT_EQ(within.verdict, BenchVerdict::Within) << within.verdict_text;
  EXPECT_EQ(within.verdict_text, "within: patched p99 10.900 ms vs base p99 10.000 ms + 10 %");
  auto outside = compare_bench(two_latencies(base, much), 1.0).measures.at(0);
  EXPECT_EQ(outside.verdict, BenchVerdict::Outside) << outside.verdict_text;
  EXPECT_EQ(compare_bench(two_latencies(base, {}), 1.0).measures.at(0).verdict, BenchVerdict::Incomparable);
  std::string out = render_bench_comparison(compare_bench(two_latencies(base, slower), 1.0));
  EXPECT_NE(out.find(" p50=10.000 p90=10.000 p99=10.900\n"), std::string::npos) << out;
}

TEST(BenchCompare, RendersEveryMeasure) {
  BenchData d = two_kernels({1000, 1001}, {1001, 1002}, "icount");
  d.samples.push_back({"base", 1, 1, "kill", 5, "ms", "latency", "icount"});
  std::string out = render_bench_comparison(compare_bench(d, 1.0));
  EXPECT_NE(out.find("bench: clock icount"), std::string::npos) << out;
  EXPECT_NE(out.find("\nm (1/s, rate)\n  base    n=2 median=1000.5 min=1000.0 max=1001.0 spread=0.10 %"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("ratio patched/base = 1.0010, spread 0.10 %\n  verdict: within the ±1.00 % goal"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("kill (ms, latency)\n  base    n=1"), std::string::npos) << out;
  EXPECT_NE(out.find("  patched no samples\n"), std::string::npos) << out;
}

TEST(BenchJson, RoundTripsAndRefusesBadInput) {
  BenchData d = two_kernels({1000.5, 1001}, {999.25});
  d.runs.push_back({"base", 1, "dir", "wall", "tcg", "pass", 2});
  std::string error;
  auto back = parse_bench_json(render_bench_json(d), &error);
  ASSERT_TRUE(back) << error;
  EXPECT_EQ(back->clock, "wall");
  ASSERT_EQ(back->samples.size(), 3u);
  EXPECT_EQ(back->samples[2].variant, "patched");
  EXPECT_DOUBLE_EQ(back->samples[2].value, 999.25);
  EXPECT_EQ(back->samples[1].index, 2);
  ASSERT_EQ(back->runs.size(), 1u);
  EXPECT_EQ(back->runs[0].accel, "tcg");

  EXPECT_FALSE(parse_bench_json("{", &error));
  EXPECT_FALSE(parse_bench_json(R"({"schema":"vhost-harness/results/v1"})", &error));
  EXPECT_FALSE(parse_bench_json(R"({"schema":"vhost-harness/bench/v1","clock":"wall"})", &error));
  EXPECT_EQ(error, "no samples array");
  const char* mixed = R"({"schema":"vhost-harness/bench/v1","clock":"wall","samples":[
    {"variant":"base","round":1,"index":1,"measure":"m","value":1,"unit":"1/s","kind":"rate","clock":"icount"}]})";
  EXPECT_FALSE(parse_bench_json(mixed, &error));
  const char* bad_variant = R"({"schema":"vhost-harness/bench/v1","clock":"wall","samples":[
    {"variant":"v2","round":1,"index":1,"measure":"m","value":1,"unit":"1/s","kind":"rate","clock":"wall"}]})";
  EXPECT_FALSE(parse_bench_json(bad_variant, &error));
  EXPECT_EQ(error, "sample 1: variant must be base or patched");
}

TEST(BenchJson, AddsRunFromResultsDirectory) {
  std::string dir = testing::temp_dir("bench-run");
  ASSERT_TRUE(write_file(dir + "/results.json",
                         R"({"schema":"vhost-harness/results/v1","verdict":"pass","accel":"tcg","clock":"icount"})"));
  ASSERT_TRUE(write_file(dir + "/guest-output.txt",
                         "vhost-net tx rtt: rounds=1 rate=10.5/s\nvhost-net tx rtt: rounds=2 rate=11/s\n"));
  BenchData d;
  d.clock = "icount";
  std::string error;
  ASSERT_TRUE(add_bench_run(d, "patched", 3, dir, &error)) << error;
  ASSERT_EQ(d.samples.size(), 2u);
  EXPECT_EQ(d.samples[1].round, 3);
  EXPECT_EQ(d.samples[1].index, 2);
  EXPECT_EQ(d.samples[1].clock, "icount");
  EXPECT_EQ(d.runs.at(0).samples, 2);
  EXPECT_EQ(d.runs.at(0).verdict, "pass");

  BenchData wall;
  wall.clock = "wall";
  EXPECT_FALSE(add_bench_run(wall, "base", 1, dir, &error));  // labelled by what the run did
  EXPECT_NE(error.find("ran with clock 'icount'"), std::string::npos) << error;
  EXPECT_FALSE(add_bench_run(wall, "base", 1, dir + "/nonexistent", &error));
}

TEST(BenchTables, RatesAndLatencies) {
  EXPECT_EQ(measure_slug("vhost-net tx rtt"), "vhost-net-tx-rtt");
  EXPECT_EQ(measure_slug("Kill/reap (idle)"), "kill-reap-idle");
  BenchData d = two_kernels({3, 1, 2}, {4});
  d.samples.push_back({"base", 1, 1, "kill", 5, "ms", "latency", "wall"});
  d.samples.push_back({"base", 1, 2, "kill", 3, "ms", "latency", "wall"});
  auto t = bench_tables(d);
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[0].file, "measures.tsv");
  EXPECT_EQ(t[0].content, "m\trate\t1/s\twall\tm\nkill\tlatency\tms\twall\tkill\n");
  EXPECT_EQ(t[1].file, "m.dat");
  EXPECT_EQ(t[1].content, "# variant median min max n\nbase 2 1 3 3\npatched 4 4 4 1\n");
  EXPECT_EQ(t[2].content, "# x value (x: 0 base, 1 patched)\n0 3\n0 1\n0 2\n1 4\n");
  EXPECT_EQ(t[3].file, "kill.cdf.dat");
  EXPECT_EQ(t[3].content, "# base: value fraction\n3 0.5\n5 1\n\n\n# patched: value fraction\nnan nan\n\n\n");
}

}  // namespace
}  // namespace vh
