#include "bench_compare.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <sstream>

namespace vh {

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  auto rank = static_cast<std::size_t>(std::ceil(p / 100 * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

std::optional<KernelStats> kernel_stats(std::vector<double> v) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  KernelStats s;
  s.n = static_cast<int>(v.size());
  std::size_t mid = v.size() / 2;
  s.median = v.size() % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  s.min = v.front();
  s.max = v.back();
  s.p90 = percentile(v, 90);
  s.p99 = percentile(v, 99);
  s.spread = s.median != 0 ? (s.max - s.min) / std::fabs(s.median) : (s.max > s.min ? INFINITY : 0);
  if (v.size() > 1) {
    double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
    double ss = 0;
    for (double x : v) ss += (x - mean) * (x - mean);
    double sd = std::sqrt(ss / static_cast<double>(v.size() - 1));
    s.rsd = mean != 0 ? sd / std::fabs(mean) : 0;
  }
  return s;
}

namespace {

std::string fixed(double d, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, d);
  return buf;
}

std::string percent(double fraction) { return std::isfinite(fraction) ? fixed(fraction * 100, 2) + " %" : "inf"; }

void judge(MeasureComparison& m, double goal_percent) {
  std::string goal = "the ±" + fixed(goal_percent, 2) + " % goal";
  if (!m.base || !m.patched) {
    m.verdict = BenchVerdict::Incomparable;
    m.verdict_text = std::string("not comparable: no ") + (m.base ? "patched" : "base") + " samples";
    return;
  }
  m.spread = std::max(m.base->spread, m.patched->spread);
  if (m.base->median != 0) m.ratio = m.patched->median / m.base->median;
  if (m.kind == "latency") {
    double limit = m.base->p99 * (1 + kLatencyGoalPercent / 100);
    std::string what = "patched p99 " + fixed(m.patched->p99, 3) + " " + m.unit + " vs base p99 " +
                       fixed(m.base->p99, 3) + " " + m.unit + " + " + fixed(kLatencyGoalPercent, 0) + " %";
    m.verdict = m.patched->p99 <= limit ? BenchVerdict::Within : BenchVerdict::Outside;
    m.verdict_text = (m.verdict == BenchVerdict::Within ? "within: " : "outside: ") + what;
    return;
  }
  double goal_fraction = goal_percent / 100;
  if (!m.ratio) {
    m.verdict = BenchVerdict::Incomparable;
    m.verdict_text = "not comparable: base median is 0";
  } else if (!(m.spread <= goal_fraction)) {
    m.verdict = BenchVerdict::SpreadTooLarge;
    m.verdict_text = "spread too large to tell (spread " + percent(m.spread) + " > " + goal + ")";
  } else if (std::fabs(*m.ratio - 1) <= goal_fraction) {
    m.verdict = BenchVerdict::Within;
    m.verdict_text = "within " + goal;
  } else {
    m.verdict = BenchVerdict::Outside;
    m.verdict_text = "outside " + goal;
  }
}

}  // namespace

BenchComparison compare_bench(const BenchData& data, double goal_percent) {
  BenchComparison c;
  c.clock = data.clock;
  c.goal_percent = goal_percent;
  std::vector<std::string> order;
  for (const BenchSample& s : data.samples)
    if (std::find(order.begin(), order.end(), s.measure) == order.end()) order.push_back(s.measure);
  for (const std::string& name : order) {
    MeasureComparison m;
    m.measure = name;
    std::vector<double> base, patched;
    for (const BenchSample& s : data.samples) {
      if (s.measure != name) continue;
      m.unit = s.unit;
      m.kind = s.kind;
      (s.variant == "base" ? base : patched).push_back(s.value);
    }
    m.base = kernel_stats(base);
    m.patched = kernel_stats(patched);
    judge(m, goal_percent);
    c.measures.push_back(m);
  }
  return c;
}

std::string render_bench_comparison(const BenchComparison& c) {
  std::ostringstream o;
  o << "bench: clock " << c.clock
    << (c.clock == "icount" ? " (guest time counts executed instructions: -icount shift=0, 1 ns each)"
                            : " (guest time is wall-clock time)")
    << "; spread = (max - min) / median of a kernel's samples; rsd = stdev / mean\n";
  for (const MeasureComparison& m : c.measures) {
    o << "\n" << m.measure << " (" << m.unit << ", " << m.kind << ")\n";
    for (const auto& [label, s] : {std::pair{"base", m.base}, std::pair{"patched", m.patched}}) {
      o << "  " << label << (std::string_view(label) == "base" ? "    " : " ");
      if (!s) {
        o << "no samples\n";
        continue;
      }
      o << "n=" << s->n << " median=" << fixed(s->median, 1) << " min=" << fixed(s->min, 1)
        << " max=" << fixed(s->max, 1) << " spread=" << percent(s->spread) << " rsd=" << percent(s->rsd);
      if (m.kind == "latency")
        o << " p50=" << fixed(s->median, 3) << " p90=" << fixed(s->p90, 3) << " p99=" << fixed(s->p99, 3);
      o << "\n";
    }
    if (m.ratio) o << "  ratio patched/base = " << fixed(*m.ratio, 4) << ", spread " << percent(m.spread) << "\n";
    o << "  verdict: " << m.verdict_text << "\n";
  }
  return o.str();
}

}  // namespace vh
