// Plot data for gnuplot (scripts/bench-plot.gp) from a bench.json: one
// index line per measure and one data file per measure.
#pragma once

#include <string>
#include <vector>

#include "bench_data.h"

namespace vh {

struct BenchTable {
  std::string file;      // file name inside the output directory
  std::string content;
};

// "vhost-net tx rtt" -> "vhost-net-tx-rtt" (lower case, [a-z0-9-] only).
std::string measure_slug(const std::string& measure);

// measures.tsv: "SLUG<TAB>KIND<TAB>UNIT<TAB>CLOCK<TAB>MEASURE" per measure.
// Rates: SLUG.dat, one line per kernel "VARIANT MEDIAN MIN MAX N", base
// first, and SLUG.samples.dat "X VALUE" per sample (X 0 base, 1 patched).
// Latencies: SLUG.cdf.dat, per kernel a block "VALUE FRACTION" sorted
// (base first, blocks separated by two blank lines: gnuplot's index 0, 1).
std::vector<BenchTable> bench_tables(const BenchData& data);

}  // namespace vh
