#include "console_line.h"

#include "log_prefix.h"
#include "text_util.h"

namespace vh {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Removes leading ESC sequences (ESC [ ... final, ESC c, ESC ( B ...) and
// other control characters that firmware and terminals sprinkle in.
std::string_view skip_leading_controls(std::string_view s) {
  while (!s.empty()) {
    unsigned char c = static_cast<unsigned char>(s.front());
    if (c == 0x1b) {
      s.remove_prefix(1);
      if (!s.empty() && s.front() == '[') {
        s.remove_prefix(1);
        while (!s.empty() && !(s.front() >= 0x40 && s.front() <= 0x7e)) s.remove_prefix(1);
        if (!s.empty()) s.remove_prefix(1);
      } else if (!s.empty()) {
        if (s.front() == '(' || s.front() == ')') s.remove_prefix(s.size() > 1 ? 2 : 1);
        else s.remove_prefix(1);
      }
    } else if (c < 0x20 && c != '\t') {
      s.remove_prefix(1);
    } else {
      break;
    }
  }
  return s;
}

// "[   12.345678]" -> seconds; returns chars consumed or 0.
std::size_t parse_timestamp(std::string_view s, double* out) {
  if (s.empty() || s.front() != '[') return 0;
  std::size_t close = s.find(']');
  if (close == std::string_view::npos || close > 24) return 0;
  std::string_view body = trim(s.substr(1, close - 1));
  std::size_t dot = body.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= body.size()) return 0;
  auto whole = parse_int(body.substr(0, dot));
  std::string_view frac = body.substr(dot + 1);
  auto frac_v = parse_int(frac);
  if (!whole || !frac_v || *whole < 0 || *frac_v < 0) return 0;
  double scale = 1.0;
  for (std::size_t i = 0; i < frac.size(); ++i) scale *= 10.0;
  *out = static_cast<double>(*whole) + static_cast<double>(*frac_v) / scale;
  return close + 1;
}

// "[    T123]" / "[  C1]" -> "T123"; returns chars consumed or 0.
std::size_t parse_caller(std::string_view s, std::string_view* out) {
  if (s.empty() || s.front() != '[') return 0;
  std::size_t close = s.find(']');
  if (close == std::string_view::npos || close > 16) return 0;
  std::string_view body = trim(s.substr(1, close - 1));
  if (body.size() < 2 || (body.front() != 'T' && body.front() != 'C')) return 0;
  for (char c : body.substr(1))
    if (!is_digit(c)) return 0;
  *out = body;
  return close + 1;
}

}  // namespace

StrippedLine strip_console_line(std::string_view raw) {
  while (!raw.empty() && (raw.back() == '\r' || raw.back() == '\n')) raw.remove_suffix(1);
  StrippedLine out;
  std::string_view s = skip_leading_controls(raw);
  s.remove_prefix(skip_wallclock_prefix(s));
  s.remove_prefix(skip_facility_level(s));
  // "<6>" / "<14>" syslog level (syslog(2) buffer, /dev/kmsg dumps).
  if (s.size() >= 3 && s[0] == '<' && is_digit(s[1])) {
    std::size_t close = s.find('>');
    if (close != std::string_view::npos && close <= 4 && parse_int(s.substr(1, close - 1))) s.remove_prefix(close + 1);
  }
  double t = 0;
  bool prefixed = false;
  if (std::size_t n = parse_timestamp(s, &t)) {
    out.time = t;
    s.remove_prefix(n);
    prefixed = true;
  } else if (std::size_t m = skip_ctime_bracket(s)) {
    s.remove_prefix(m);
    return StrippedLine{s, std::nullopt, {}};
  }
  // The caller id follows the timestamp, or starts the line (printk.time=0).
  std::string_view caller;
  std::string_view after = prefixed && s.starts_with(" [") ? s.substr(1) : s;
  if (std::size_t m = parse_caller(after, &caller)) {
    out.caller = caller;
    s = after.substr(m);
    prefixed = true;
  }
  if (prefixed && !s.empty() && s.front() == ' ') s.remove_prefix(1);
  out.text = s;
  return out;
}

std::vector<LogLine> split_console(std::string_view log) {
  std::vector<LogLine> lines;
  std::size_t start = 0, number = 1;
  while (start < log.size()) {
    std::size_t end = log.find('\n', start);
    if (end == std::string_view::npos) end = log.size();
    StrippedLine s = strip_console_line(log.substr(start, end - start));
    lines.push_back(LogLine{number++, s.text, s.time, s.caller});
    start = end + 1;
  }
  return lines;
}

}  // namespace vh
