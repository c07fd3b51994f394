#include "bench_tables.h"

#include <algorithm>
#include <cstdio>

#include "bench_compare.h"

namespace vh {

namespace {

std::string num(double d) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", d);
  return buf;
}

std::vector<double> values_of(const BenchData& d, const std::string& measure, const std::string& variant) {
  std::vector<double> v;
  for (const BenchSample& s : d.samples)
    if (s.measure == measure && s.variant == variant) v.push_back(s.value);
  return v;
}

constexpr const char* kVariants[] = {"base", "patched"};

BenchTable rate_table(const BenchData& d, const std::string& measure, const std::string& slug) {
  BenchTable t{slug + ".dat", "# variant median min max n\n"};
  for (const char* v : kVariants)
    if (auto s = kernel_stats(values_of(d, measure, v)))
      t.content += std::string(v) + " " + num(s->median) + " " + num(s->min) + " " + num(s->max) + " " +
                   std::to_string(s->n) + "\n";
  return t;
}

BenchTable sample_table(const BenchData& d, const std::string& measure, const std::string& slug) {
  BenchTable t{slug + ".samples.dat", "# x value (x: 0 base, 1 patched)\n"};
  for (int x = 0; x < 2; ++x)
    for (double v : values_of(d, measure, kVariants[x])) t.content += std::to_string(x) + " " + num(v) + "\n";
  return t;
}

BenchTable cdf_table(const BenchData& d, const std::string& measure, const std::string& slug) {
  BenchTable t{slug + ".cdf.dat", ""};
  for (const char* v : kVariants) {
    std::vector<double> values = values_of(d, measure, v);
    std::sort(values.begin(), values.end());
    t.content += "# " + std::string(v) + ": value fraction\n";
    for (std::size_t i = 0; i < values.size(); ++i)
      t.content += num(values[i]) + " " + num(static_cast<double>(i + 1) / static_cast<double>(values.size())) + "\n";
    if (values.empty()) t.content += "nan nan\n";  // keeps the block so index 1 stays "patched"
    t.content += "\n\n";
  }
  return t;
}

}  // namespace

std::string measure_slug(const std::string& measure) {
  std::string out;
  for (char c : measure) {
    char l = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    bool keep = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9');
    if (keep) out += l;
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "measure" : out;
}

std::vector<BenchTable> bench_tables(const BenchData& d) {
  std::vector<BenchTable> out;
  BenchTable index{"measures.tsv", ""};
  std::vector<std::string> seen;
  for (const BenchSample& s : d.samples) {
    if (std::find(seen.begin(), seen.end(), s.measure) != seen.end()) continue;
    seen.push_back(s.measure);
    std::string slug = measure_slug(s.measure);
    index.content += slug + "\t" + s.kind + "\t" + s.unit + "\t" + d.clock + "\t" + s.measure + "\n";
    if (s.kind == "rate") {
      out.push_back(rate_table(d, s.measure, slug));
      out.push_back(sample_table(d, s.measure, slug));
    } else {
      out.push_back(cdf_table(d, s.measure, slug));
    }
  }
  out.insert(out.begin(), index);
  return out;
}

}  // namespace vh
