#include "bench_samples.h"

#include <charconv>
#include <optional>

#include "text_util.h"

namespace vh {

namespace {

std::optional<double> parse_number(std::string_view s) {
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// Value of "key=" among the words of s (the whole word after '=').
std::optional<std::string_view> word_value(std::string_view s, std::string_view key) {
  for (std::string_view w : split_words(s))
    if (w.size() > key.size() && w.starts_with(key) && w[key.size()] == '=') return w.substr(key.size() + 1);
  return std::nullopt;
}

std::optional<GuestSample> net_tx_rtt(std::string_view line) {
  constexpr std::string_view prefix = "vhost-net tx rtt: ";
  if (!line.starts_with(prefix)) return std::nullopt;
  auto rate = word_value(line.substr(prefix.size()), "rate");
  if (!rate || !rate->ends_with("/s")) return std::nullopt;
  auto v = parse_number(rate->substr(0, rate->size() - 2));
  if (!v) return std::nullopt;
  return GuestSample{"vhost-net tx rtt", *v, "1/s", "rate"};
}

std::optional<GuestSample> generic(std::string_view line) {
  constexpr std::string_view prefix = "bench-sample: ";
  if (!line.starts_with(prefix)) return std::nullopt;
  line.remove_prefix(prefix.size());
  auto measure = word_value(line, "measure"), value = word_value(line, "value"), unit = word_value(line, "unit");
  if (!measure || !value || !unit) return std::nullopt;
  auto v = parse_number(*value);
  std::string kind = kind_of_unit(*unit);
  if (!v || kind.empty()) return std::nullopt;
  return GuestSample{std::string(*measure), *v, std::string(*unit), kind};
}

}  // namespace

std::string kind_of_unit(std::string_view unit) {
  if (unit.size() > 2 && unit.ends_with("/s")) return "rate";
  if (unit == "s" || unit == "ms" || unit == "us" || unit == "ns") return "latency";
  return "";
}

std::vector<GuestSample> parse_bench_output(std::string_view text) {
  std::vector<GuestSample> out;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (auto s = net_tx_rtt(line)) out.push_back(*s);
    else if (auto g = generic(line)) out.push_back(*g);
  }
  return out;
}

}  // namespace vh
